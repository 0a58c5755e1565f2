//! Property tests: the invariants of issue 5 for arbitrary segments and settings, and every
//! writer read back by our strict readers and by independent parsers.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use aliasr_transcript::{
    Cue, CueBuilder, CueFlag, CueSettings, Cues, InputOptions, Preset, Segment, SubtitleFormat,
    WriteOptions, display_width, read_segments, render,
};
use common::*;
use proptest::prelude::*;

fn token() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => "[a-zA-Z']{1,10}",
        3 => "[大家好欢迎参加第二季度的产品评审会议今天我们先回顾上个用户增长数据]{1,8}",
        1 => "[こんにちはテストですカタ]{1,5}",
        2 => prop::sample::select(vec![
            ",", ".", "!", "?", ";", ":", "，", "。", "！", "？", "、", "；", "：", "“", "”", "（", "）", "《", "》",
            "<", ">", "&", "-->", "->", "--", "\"", "18%", "3.5", "e\u{301}", "😀", "\u{200d}", "...",
        ]).prop_map(str::to_string),
        1 => "[a-z]{30,70}",
        1 => "[0-9]{1,6}",
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop::sample::select(vec![
        "", " ", " ", " ", "  ", "\n", "\t", "\u{3000}", "\r\n",
    ])
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec((token(), separator()), 0..24)
        .prop_map(|parts| parts.into_iter().map(|(t, s)| format!("{t}{s}")).collect())
}

fn segments() -> impl Strategy<Value = Vec<Segment>> {
    let one =
        (text(), 0u64..120_000, 0u64..16_000, 0u64..3).prop_map(|(text, from, length, jitter)| {
            let from = from as f64 / 1000.0 + jitter as f64 * 0.0001;
            Segment::new(text, from, from + length as f64 / 1000.0).unwrap()
        });
    prop::collection::vec(one, 0..14).prop_map(|mut segments| {
        // Mostly in order, like real ASR output; overlaps and ties still happen.
        segments.sort_by(|a, b| a.from.total_cmp(&b.from));
        segments
    })
}

fn unsorted_segments() -> impl Strategy<Value = Vec<Segment>> {
    segments().prop_shuffle()
}

fn settings() -> impl Strategy<Value = CueSettings> {
    (
        prop::sample::select(vec![Preset::Netflix, Preset::None]),
        prop::option::of(1u32..50),
        prop::option::of(1u32..4),
        prop::option::of(5.0f64..30.0),
        prop::option::of(0u64..2000),
        prop::option::of(2000u64..20_000),
        prop::option::of(0u64..200),
        0i64..5000,
    )
        .prop_map(|(preset, chars, lines, cps, min, max, gap, offset)| {
            let mut s = CueSettings::new(preset).with_offset_ms(offset);
            s.max_line_chars = chars;
            s.max_lines = lines;
            s.max_chars_per_second = cps;
            s.min_duration_ms = min;
            s.max_duration_ms = max;
            s.min_gap_ms = gap;
            s
        })
}

fn without_whitespace(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn build(settings: &CueSettings, segments: Vec<Segment>) -> Cues {
    CueBuilder::new(settings.clone())
        .unwrap()
        .build(segments)
        .unwrap()
}

/// Source segments in the order the builder takes them (stable sort by rounded start).
fn in_time_order(segments: &[Segment]) -> Vec<&Segment> {
    let mut sorted: Vec<&Segment> = segments.iter().collect();
    sorted.sort_by_key(|s| (s.from * 1000.0).round() as u64);
    sorted
}

fn check_invariants(
    settings: &CueSettings,
    segments: &[Segment],
    built: &Cues,
) -> Result<(), TestCaseError> {
    let cues = &built.cues;
    // Nothing is lost: every non-whitespace character, in order.
    let source: String = in_time_order(segments)
        .iter()
        .map(|s| without_whitespace(&s.content))
        .collect();
    let output: String = cues.iter().map(|c| without_whitespace(c.text())).collect();
    prop_assert_eq!(source, output);

    // Sorted, non-overlapping, positive durations.
    for pair in cues.windows(2) {
        prop_assert!(pair[0].start_ms() < pair[1].start_ms());
        prop_assert!(pair[0].end_ms() <= pair[1].start_ms());
    }
    let offset = settings.offset_ms as u64;
    for cue in cues {
        prop_assert!(cue.start_ms() < cue.end_ms());
        prop_assert!(!cue.text().is_empty());
        for line in cue.lines() {
            prop_assert!(!line.is_empty() && line.trim() == line, "line {:?}", line);
        }
        let limits = settings.limits(cue.script());
        // Within limits, unless a flag says why not (and then the flag is true).
        let widest = cue.lines().map(display_width).max().unwrap_or(0);
        let too_wide = limits.max_line_columns.is_some_and(|max| widest > max);
        let too_many = limits
            .max_lines
            .is_some_and(|max| cue.lines().count() as u32 > max);
        let excused = cue.flags().contains(CueFlag::TokenWiderThanLine)
            || cue.flags().contains(CueFlag::NoRoomToSplit);
        prop_assert!(
            !(too_wide || too_many) || excused,
            "cue over limits without a flag: {:?}",
            cue
        );
        if cue.flags().contains(CueFlag::TokenWiderThanLine) {
            prop_assert!(too_wide);
        }
        if let Some(cps) = limits.max_chars_per_second {
            let over = cue.reading_chars() as f64 * 1000.0 > cps * cue.duration_ms() as f64;
            prop_assert_eq!(over, cue.flags().contains(CueFlag::OverReadingSpeed));
        }
        prop_assert_eq!(
            cue.duration_ms() < limits.min_duration_ms,
            cue.flags().contains(CueFlag::BelowMinDuration)
        );
        if let Some(max) = limits.max_duration_ms {
            prop_assert!(cue.duration_ms() <= max);
        }
        // Inside the source's time range, plus the allowed extension.
        let sources: Vec<&Segment> = cue
            .source_segments()
            .iter()
            .map(|&i| &segments[i])
            .collect();
        let from = sources
            .iter()
            .map(|s| (s.from * 1000.0).round() as u64)
            .min()
            .unwrap()
            + offset;
        let to = sources
            .iter()
            .map(|s| (s.to * 1000.0).round() as u64)
            .max()
            .unwrap()
            + offset;
        let per_part = limits.min_duration_ms.max(1);
        let allowed = to
            .max(from + u64::from(cue.parts()) * per_part)
            .max(cue.start_ms() + per_part)
            + limits.max_linger_ms;
        prop_assert!(
            cue.start_ms() >= from && cue.end_ms() <= allowed,
            "cue {:?} outside {}..{}",
            cue,
            from,
            allowed
        );
    }
    prop_assert_eq!(built.summary.cues_out, cues.len());
    prop_assert_eq!(
        built.summary.empty_segments_dropped,
        segments
            .iter()
            .filter(|s| s.content.trim().is_empty())
            .count()
    );
    Ok(())
}

fn check_writers(cues: &[Cue]) -> Result<(), TestCaseError> {
    let srt = render(cues, SubtitleFormat::Srt, &WriteOptions::new());
    prop_assert_eq!(via_readback_srt(&srt), expected_srt(cues));
    prop_assert_eq!(via_srtlib(&srt).unwrap(), expected_srt(cues));
    prop_assert_eq!(via_subtp_srt(&srt).unwrap(), expected_srt(cues));
    let vtt = render(cues, SubtitleFormat::WebVtt, &WriteOptions::new());
    prop_assert_eq!(via_readback_vtt(&vtt), expected_vtt(cues));
    prop_assert_eq!(via_webvtt(&vtt).unwrap(), expected_vtt(cues));
    prop_assert_eq!(via_subtp_vtt(&vtt).unwrap(), expected_vtt(cues));
    let json: Vec<serde_json::Map<String, serde_json::Value>> =
        serde_json::from_str(&render(cues, SubtitleFormat::Json, &WriteOptions::new())).unwrap();
    prop_assert_eq!(json.len(), cues.len());
    for (k, (object, cue)) in json.iter().zip(cues).enumerate() {
        let keys: Vec<&str> = object.keys().map(String::as_str).collect();
        prop_assert_eq!(keys, ["end_ms", "index", "start_ms", "text"]);
        prop_assert_eq!(object["index"].as_u64(), Some(k as u64 + 1));
        prop_assert_eq!(object["start_ms"].as_u64(), Some(cue.start_ms()));
        prop_assert_eq!(object["end_ms"].as_u64(), Some(cue.end_ms()));
        prop_assert_eq!(object["text"].as_str(), Some(cue.text()));
    }
    let txt = render(cues, SubtitleFormat::Txt, &WriteOptions::new());
    prop_assert_eq!(
        without_whitespace(&txt),
        cues.iter()
            .map(|c| without_whitespace(c.text()))
            .collect::<String>()
    );
    Ok(())
}

proptest! {
    // PROPTEST_CASES=5000 for a longer local run.
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(192)
    ))]

    #[test]
    fn netflix_cues_keep_every_invariant(segments in segments()) {
        let settings = CueSettings::default();
        let built = build(&settings, segments.clone());
        check_invariants(&settings, &segments, &built)?;
        check_writers(&built.cues)?;
    }

    #[test]
    fn any_settings_keep_every_invariant(segments in unsorted_segments(), settings in settings()) {
        prop_assume!(settings.validate().is_ok());
        let built = build(&settings, segments.clone());
        check_invariants(&settings, &segments, &built)?;
        check_writers(&built.cues)?;
    }

    #[test]
    fn segments_read_back_from_every_input_shape(segments in segments()) {
        let array = serde_json::to_string(&segments).unwrap();
        let stringified = serde_json::to_string(&array).unwrap();
        let body = format!(r#"{{"State":"Finished","JobResult":{{"AiResult":{stringified}}}}}"#);
        let wrapped = format!(r#"{{"body":{body}}}"#);
        for text in [array, stringified, body, wrapped] {
            let parsed = read_segments(text.as_bytes(), &InputOptions::new()).unwrap();
            prop_assert_eq!(parsed.segments.len(), segments.len());
            for (read, written) in parsed.segments.iter().zip(&segments) {
                prop_assert_eq!(&read.content, &written.content);
                // serde_json without `float_roundtrip` may differ in the last bit; times are
                // rounded to milliseconds anyway.
                prop_assert!((read.from - written.from).abs() < 1e-9 && (read.to - written.to).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn readers_never_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = read_segments(&bytes, &InputOptions::new());
        let lenient = InputOptions::new().with_recovery(aliasr_transcript::Recovery::BracketMatching);
        let _ = read_segments(&bytes, &lenient);
        let text = String::from_utf8_lossy(&bytes);
        let _ = aliasr_transcript::readback::read_srt(&text);
        let _ = aliasr_transcript::readback::read_vtt(&text);
    }
}
