//! The report's data against the build it describes and against the raw fixture; the HTML's
//! escaping against hostile text.

use proptest::prelude::*;
use serde_json::Value;

use super::{ReportInput, build_report, render_html};
use crate::{
    CueBuilder, CueFlag, CueSettings, InputOptions, Preset, Segment, SegmentList, SubtitleFormat,
    WriteOptions, read_segments, render,
};

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fixtures")
        .join(name);
    std::fs::read(path).unwrap()
}

/// The JSON embedded in the page, cut out the way an HTML parser ends a script element.
fn embedded_json(html: &str) -> &str {
    let (_, rest) = html
        .split_once(r#"<script type="application/json" id="report-data">"#)
        .unwrap();
    rest.split_once("</script").unwrap().0
}

#[test]
fn report_counts_match_the_cues_and_the_raw_fixture() {
    let bytes = fixture("airesult-zh-en.json");
    let segments = read_segments(&bytes, &InputOptions::new())
        .unwrap()
        .segments;
    let settings = CueSettings::default();
    let built = CueBuilder::new(settings.clone())
        .unwrap()
        .build(segments.clone())
        .unwrap();
    let report = build_report(&ReportInput::new("fixture", &segments, &built, &settings));
    let n = built.cues.len();

    // The raw fixture, read without our reader: how many segments, how many are blank.
    let raw: Vec<Value> = serde_json::from_slice(&bytes).unwrap();
    let blank = raw
        .iter()
        .filter(|s| s["content"].as_str().unwrap().trim().is_empty())
        .count();
    assert!(blank > 0, "the fixture has an empty segment to drop");
    assert_eq!(report.input.segments, raw.len());
    assert_eq!(report.segments.text.len(), raw.len());
    assert_eq!(report.dropped_segments.len(), blank);
    assert_eq!(report.input.empty_segments_dropped, blank);

    // One row per cue in every column, in agreement with the JSON writer's times.
    let table = &report.cues;
    for len in [
        table.end_ms.len(),
        table.text.len(),
        table.cps.len(),
        table.script.len(),
        table.flags.len(),
        table.sources.len(),
    ] {
        assert_eq!(len, n);
    }
    assert_eq!(report.input.cues, n);
    let written: Vec<Value> = serde_json::from_str(&render(
        &built.cues,
        SubtitleFormat::Json,
        &WriteOptions::new(),
    ))
    .unwrap();
    assert_eq!(written.len(), n);
    for (k, cue) in written.iter().enumerate() {
        assert_eq!(cue["start_ms"].as_u64(), Some(table.start_ms[k]));
        assert_eq!(cue["end_ms"].as_u64(), Some(table.end_ms[k]));
        assert_eq!(cue["text"].as_str(), Some(table.text[k].as_str()));
    }

    // Flags: the list, the bits and the per-flag counts agree with the builder's summary.
    let flagged_cues = built.cues.iter().filter(|c| !c.flags().is_empty()).count();
    assert!(flagged_cues > 0);
    assert_eq!(report.flagged.len(), flagged_cues);
    assert_eq!(report.input.flagged_cues, built.summary.flagged_cues);
    for (bit, flag) in CueFlag::ALL.iter().enumerate() {
        let with_bit = table.flags.iter().filter(|f| *f & (1 << bit) != 0).count();
        assert_eq!(with_bit, built.summary.count(*flag), "{}", flag.name());
        assert_eq!(report.flags[bit].count, with_bit);
        assert_eq!(report.flags[bit].name, flag.name());
    }

    // Reading speed: characters over seconds, as subtitles.md defines it.
    for (k, cue) in built.cues.iter().enumerate() {
        let chars = cue.plain_text().chars().count() as f64;
        let seconds = (cue.end_ms() - cue.start_ms()) as f64 / 1000.0;
        assert!((table.cps[k] - chars / seconds).abs() < 0.006, "cue {k}");
    }

    // Histograms count every duration and every gap once; script shares cover every cue.
    assert_eq!(report.durations.total, n);
    assert_eq!(
        report.durations.counts.iter().sum::<usize>() + report.durations.overflow,
        n
    );
    assert_eq!(report.gaps.total, n - 1);
    let shares = &report.input.scripts;
    assert_eq!(shares.iter().map(|s| s.cues).sum::<usize>(), n);
    assert_eq!(
        shares.iter().map(|s| s.segments).sum::<usize>(),
        raw.len() - blank
    );
    let names: Vec<&str> = shares.iter().map(|s| s.script).collect();
    assert_eq!(names, ["latin", "chinese"]);
    assert_eq!(report.limits[1].max_cps, Some(9.0));
    assert!(report.media.is_none());
}

#[test]
fn segments_line_up_with_offset_cues() {
    let segments = vec![
        Segment::new("One.", 1.0, 2.0).unwrap(),
        Segment::new("Two.", 3.0, 4.5).unwrap(),
    ];
    let settings = CueSettings::new(Preset::None).with_offset_ms(10_000);
    let built = CueBuilder::new(settings.clone())
        .unwrap()
        .build(segments.clone())
        .unwrap();
    let report = build_report(&ReportInput::new(
        "x",
        &segments.as_slice().into(),
        &built,
        &settings,
    ));
    assert_eq!(report.segments.start_ms, [11_000, 13_000]);
    assert_eq!(report.cues.start_ms, [11_000, 13_000]);
    assert_eq!(
        (report.input.start_ms, report.input.end_ms),
        (11_000, 14_500)
    );
    assert_eq!(report.input.speech_ms, 2_500);
    assert_eq!(report.limits[0].max_cps, None);
    assert!(report.to_json().contains(r#""max_cps":null"#));
}

#[test]
fn the_page_references_no_url_but_the_media_and_embeds_the_webvtt() {
    let segments = vec![Segment::new("Hello <b>there</b>.", 0.0, 2.0).unwrap()];
    let settings = CueSettings::default();
    let built = CueBuilder::new(settings.clone())
        .unwrap()
        .build(segments.clone())
        .unwrap();
    let list = SegmentList::from(segments);
    let input = ReportInput::new("talk.json", &list, &built, &settings);
    let plain = render_html(&input);
    assert!(!plain.contains("http://") && !plain.contains("https://"));
    assert!(plain.contains("<title>Subtitle report: talk.json</title>"));

    let url = "https://media.example.invalid/talk.mp4";
    let with_media = render_html(&input.with_media_url(url));
    assert_eq!(with_media.matches("http").count(), 1);
    let data: Value = serde_json::from_str(embedded_json(&with_media)).unwrap();
    assert_eq!(data["media"]["url"], url);
    let vtt = render(&built.cues, SubtitleFormat::WebVtt, &WriteOptions::new());
    assert_eq!(data["media"]["vtt"].as_str(), Some(vtt.as_str()));
}

#[test]
fn hostile_text_stays_inside_the_data_element() {
    let hostile = "</script><script>alert(1)</script><!-- </SCRIPT > \u{2028}";
    let segments = vec![Segment::new(hostile, 0.0, 9.0).unwrap()];
    let settings = CueSettings::new(Preset::None);
    let built = CueBuilder::new(settings.clone())
        .unwrap()
        .build(segments.clone())
        .unwrap();
    let html = render_html(&ReportInput::new(
        hostile,
        &segments.as_slice().into(),
        &built,
        &settings,
    ));
    // The data element and the script element: no other script boundary exists.
    assert_eq!(html.to_ascii_lowercase().matches("</script").count(), 2);
    assert_eq!(html.matches("<script").count(), 2);
    let json = embedded_json(&html);
    assert!(!json.contains('<'));
    let data: Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["segments"]["text"][0], hostile);
    assert_eq!(data["input"]["source_name"], hostile);
    assert!(html.contains("<title>Subtitle report: &lt;/script&gt;&lt;script&gt;"));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever the segments say, the page's data reads back to the same texts.
    #[test]
    fn any_text_round_trips_through_the_page(texts in prop::collection::vec(".{0,40}", 1..6)) {
        let segments: Vec<Segment> = texts
            .iter()
            .enumerate()
            .map(|(k, text)| Segment::new(text.clone(), k as f64, k as f64 + 0.9).unwrap())
            .collect();
        let settings = CueSettings::default();
        let built = CueBuilder::new(settings.clone()).unwrap().build(segments.clone()).unwrap();
        let html = render_html(&ReportInput::new("p", &segments.as_slice().into(), &built, &settings));
        let json = embedded_json(&html);
        prop_assert!(!json.contains('<'));
        let data: Value = serde_json::from_str(json).unwrap();
        let back: Vec<String> = serde_json::from_value(data["segments"]["text"].clone()).unwrap();
        prop_assert_eq!(back, texts);
        let cue_texts: Vec<String> = serde_json::from_value(data["cues"]["text"].clone()).unwrap();
        let built_texts: Vec<String> = built.cues.iter().map(|c| c.text().to_owned()).collect();
        prop_assert_eq!(cue_texts, built_texts);
    }
}
