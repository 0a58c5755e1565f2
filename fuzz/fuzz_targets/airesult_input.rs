//! Arbitrary bytes as input: detection (strict and lenient), cue building, SRT and WebVTT.
//! Never panics; whatever is written reads back through the strict readers, cue for cue; and
//! where serde_json reads a segment array, the reader (its fast path included) reads the same.
#![no_main]

use aliasr_transcript::{
    CueBuilder, CueSettings, InputOptions, Preset, Recovery, SubtitleFormat, WriteOptions,
    read_segments, readback, render, srt_safe_text,
};
use aliasr_models::Segment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let (Ok(expected), Ok(parsed)) = (
        serde_json::from_slice::<Vec<Segment>>(data),
        read_segments(data, &InputOptions::new()),
    ) {
        let bits = |s: &Segment| (s.content.clone(), s.from.to_bits(), s.to.to_bits());
        let expected: Vec<_> = expected.iter().map(bits).collect();
        let read: Vec<_> = parsed.segments.to_vec().iter().map(bits).collect();
        assert_eq!(expected, read, "the reader and serde_json disagree");
    }
    for recovery in [Recovery::Strict, Recovery::BracketMatching] {
        let Ok(parsed) = read_segments(data, &InputOptions::new().with_recovery(recovery)) else {
            continue;
        };
        for preset in [Preset::Netflix, Preset::None] {
            let Ok(builder) = CueBuilder::new(CueSettings::new(preset)) else {
                continue;
            };
            let Ok(built) = builder.build(parsed.segments.clone()) else {
                continue;
            };
            let srt = render(&built.cues, SubtitleFormat::Srt, &WriteOptions::new());
            let read = readback::read_srt(&srt)
                .unwrap_or_else(|e| panic!("our SRT does not read back: {e}\n{srt}"));
            assert_eq!(read.len(), built.cues.len());
            for (cue, back) in built.cues.iter().zip(&read) {
                assert_eq!((cue.start_ms(), cue.end_ms()), (back.start_ms, back.end_ms));
                let lines: Vec<String> =
                    cue.lines().map(|l| srt_safe_text(l).into_owned()).collect();
                assert_eq!(lines, back.lines);
            }
            let vtt = render(&built.cues, SubtitleFormat::WebVtt, &WriteOptions::new());
            let read = readback::read_vtt(&vtt)
                .unwrap_or_else(|e| panic!("our WebVTT does not read back: {e}\n{vtt}"));
            assert_eq!(read.len(), built.cues.len());
            for (cue, back) in built.cues.iter().zip(&read) {
                assert_eq!(cue.lines().collect::<Vec<_>>(), back.lines);
            }
        }
    }
});
