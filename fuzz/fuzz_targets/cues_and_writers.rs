//! Arbitrary segments and settings, decoded from bytes: cue building keeps its invariants and
//! every writer's output reads back. Never panics.
#![no_main]

use aliasr_transcript::{
    CueBuilder, CueSettings, LineEnding, Preset, Segment, SubtitleFormat, WriteOptions, readback,
    render,
};
use libfuzzer_sys::fuzz_target;

/// Settings from the first bytes, segments from the rest: each segment is 4 bytes of timing
/// (start step and length in 10 ms units) then text up to the next 0xFF byte.
fn decode(data: &[u8]) -> Option<(CueSettings, Vec<Segment>)> {
    let (head, mut rest) = data.split_at_checked(6)?;
    let mut settings = CueSettings::new(if head[0] & 1 == 0 {
        Preset::Netflix
    } else {
        Preset::None
    });
    if head[0] & 2 != 0 {
        settings.max_line_chars = Some(u32::from(head[1] % 60));
    }
    if head[0] & 4 != 0 {
        settings.max_lines = Some(u32::from(head[2] % 5));
    }
    if head[0] & 8 != 0 {
        settings.min_gap_ms = Some(u64::from(head[3]) * 4);
    }
    if head[0] & 16 != 0 {
        settings.max_duration_ms = Some(u64::from(head[4]) * 100);
    }
    if head[0] & 32 != 0 {
        settings.max_chars_per_second = Some(f64::from(head[5] % 40) + 0.5);
    }
    let mut segments = Vec::new();
    let mut start = 0.0f64;
    while rest.len() >= 4 && segments.len() < 200 {
        let step = f64::from(u16::from_le_bytes([rest[0], rest[1]])) / 100.0;
        let length = f64::from(u16::from_le_bytes([rest[2], rest[3]])) / 100.0;
        rest = &rest[4..];
        let end = rest.iter().position(|&b| b == 0xFF).unwrap_or(rest.len());
        let text = String::from_utf8_lossy(&rest[..end]).into_owned();
        rest = rest.get(end + 1..).unwrap_or_default();
        // A step below 10 s sometimes goes backwards: unsorted and overlapping input on purpose.
        start = if step < 10.0 {
            (start - step).max(0.0)
        } else {
            start + step - 10.0
        };
        segments.push(Segment::new(text, start, start + length).ok()?);
    }
    Some((settings, segments))
}

fuzz_target!(|data: &[u8]| {
    let Some((settings, segments)) = decode(data) else {
        return;
    };
    let Ok(builder) = CueBuilder::new(settings) else {
        return;
    };
    let Ok(built) = builder.build(segments.clone()) else {
        return;
    };
    let cues = &built.cues;
    // Nothing lost: the builder takes segments in time order (stable sort by rounded start).
    let mut ordered: Vec<&Segment> = segments.iter().collect();
    ordered.sort_by_key(|s| (s.from * 1000.0).round() as u64);
    let source: String = ordered
        .iter()
        .flat_map(|s| s.content.chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    let output: String = cues
        .iter()
        .flat_map(|c| c.text().chars())
        .filter(|c| !c.is_whitespace())
        .collect();
    assert_eq!(source, output, "characters were lost or added");
    for pair in cues.windows(2) {
        assert!(pair[0].start_ms() < pair[1].start_ms() && pair[0].end_ms() <= pair[1].start_ms());
    }
    assert!(cues.iter().all(|c| c.start_ms() < c.end_ms()));
    for line_ending in [LineEnding::Lf, LineEnding::CrLf] {
        let options = WriteOptions::new().with_line_ending(line_ending);
        let srt = render(cues, SubtitleFormat::Srt, &options);
        assert_eq!(
            readback::read_srt(&srt).map(|c| c.len()),
            Ok(cues.len()),
            "{srt}"
        );
        let vtt = render(cues, SubtitleFormat::WebVtt, &options);
        assert_eq!(
            readback::read_vtt(&vtt).map(|c| c.len()),
            Ok(cues.len()),
            "{vtt}"
        );
        let json = render(cues, SubtitleFormat::Json, &options);
        let count = json.matches("{\"index\":").count();
        assert!(count >= cues.len(), "{json}");
        let _ = render(cues, SubtitleFormat::Txt, &options);
    }
});
