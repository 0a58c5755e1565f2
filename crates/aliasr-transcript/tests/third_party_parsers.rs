//! Our writers checked by parsers we did not write: `srtlib`, `webvtt` 0.2 and `subtp`.
//!
//! Also pins what `webvtt` 0.2.0 cannot read, so that a fixed release shows up here.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use aliasr_transcript::{
    CueBuilder, CueSettings, InputOptions, LineEnding, Preset, Segment, SubtitleFormat,
    WriteOptions, read_segments, render,
};
use common::*;

fn fixture_cues(settings: CueSettings) -> Vec<aliasr_transcript::Cue> {
    let input = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../testdata/fixtures/airesult-zh-en.json"
    ))
    .unwrap();
    let parsed = read_segments(&input, &InputOptions::new()).unwrap();
    CueBuilder::new(settings)
        .unwrap()
        .build(parsed.segments)
        .unwrap()
        .cues
}

#[test]
fn fixture_srt_reads_back_through_srtlib_and_subtp() {
    for settings in [CueSettings::default(), CueSettings::new(Preset::None)] {
        let cues = fixture_cues(settings);
        let srt = render(&cues, SubtitleFormat::Srt, &WriteOptions::new());
        assert_eq!(via_srtlib(&srt).unwrap(), expected_srt(&cues));
        assert_eq!(via_subtp_srt(&srt).unwrap(), expected_srt(&cues));
        assert_eq!(via_readback_srt(&srt), expected_srt(&cues));
        let crlf = render(
            &cues,
            SubtitleFormat::Srt,
            &WriteOptions::new().with_line_ending(LineEnding::CrLf),
        );
        assert!(crlf.contains("\r\n") && !crlf.replace("\r\n", "").contains('\n'));
        assert_eq!(via_srtlib(&crlf).unwrap(), expected_srt(&cues));
        assert_eq!(via_subtp_srt(&crlf).unwrap(), expected_srt(&cues));
    }
}

#[test]
fn fixture_vtt_reads_back_through_webvtt_and_subtp() {
    let cues = fixture_cues(CueSettings::default());
    let vtt = render(&cues, SubtitleFormat::WebVtt, &WriteOptions::new());
    assert_eq!(via_webvtt(&vtt).unwrap(), expected_vtt(&cues));
    assert_eq!(via_subtp_vtt(&vtt).unwrap(), expected_vtt(&cues));
    assert_eq!(via_readback_vtt(&vtt), expected_vtt(&cues));
    let crlf = render(
        &cues,
        SubtitleFormat::WebVtt,
        &WriteOptions::new().with_line_ending(LineEnding::CrLf),
    );
    assert_eq!(via_subtp_vtt(&crlf).unwrap(), expected_vtt(&cues));
    assert_eq!(via_readback_vtt(&crlf), expected_vtt(&cues));
}

#[test]
fn arrows_and_markup_survive_both_formats() {
    let segments = vec![
        Segment::new("a --> b ---> c -> d", 0.0, 2.0).unwrap(),
        Segment::new("<i>x</i> & y --> z", 3.0, 5.0).unwrap(),
    ];
    let cues = CueBuilder::new(CueSettings::new(Preset::None))
        .unwrap()
        .build(segments)
        .unwrap()
        .cues;
    let srt = render(&cues, SubtitleFormat::Srt, &WriteOptions::new());
    assert!(srt.contains("a -> b -> c -> d\n"), "{srt}");
    assert!(srt.contains("<i>x</i> & y -> z\n"), "{srt}");
    assert_eq!(via_srtlib(&srt).unwrap(), expected_srt(&cues));
    let vtt = render(&cues, SubtitleFormat::WebVtt, &WriteOptions::new());
    assert!(vtt.contains("a --&gt; b ---&gt; c -&gt; d\n"), "{vtt}");
    assert_eq!(via_webvtt(&vtt).unwrap(), expected_vtt(&cues));
    assert_eq!(via_subtp_vtt(&vtt).unwrap(), expected_vtt(&cues));
}

#[test]
fn hours_past_99_are_written_in_full() {
    let segments = vec![Segment::new("late", 360_001.0, 360_002.5).unwrap()];
    let cues = CueBuilder::new(CueSettings::new(Preset::None))
        .unwrap()
        .build(segments)
        .unwrap()
        .cues;
    let srt = render(&cues, SubtitleFormat::Srt, &WriteOptions::new());
    assert_eq!(srt, "1\n100:00:01,000 --> 100:00:02,500\nlate\n\n");
    assert_eq!(via_srtlib(&srt).unwrap(), expected_srt(&cues));
    let vtt = render(&cues, SubtitleFormat::WebVtt, &WriteOptions::new());
    assert_eq!(via_webvtt(&vtt).unwrap(), expected_vtt(&cues));
    assert_eq!(via_readback_vtt(&vtt), expected_vtt(&cues));
    // subtp reads two-digit hours only: a limit of that parser, not of the format.
    assert!(via_subtp_srt(&srt).is_err());
}

/// Known failures of `webvtt` 0.2.0 (the README lists them): CRLF and a BOM are rejected, a text
/// line holding `-->` is dropped, and a STYLE or REGION block panics. Our writer never writes a
/// BOM, never writes `-->` in text (it escapes `>`) and writes no STYLE or REGION blocks; CRLF
/// is only written on request.
#[test]
fn webvtt_0_2_known_failures_are_pinned() {
    let plain = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nhello\n\n";
    assert_eq!(via_webvtt(plain).unwrap().len(), 1);

    let crlf = plain.replace('\n', "\r\n");
    assert!(
        webvtt::parse_file(&crlf).is_err(),
        "webvtt 0.2 now accepts CRLF: update the README"
    );

    let bom = format!("\u{feff}{plain}");
    assert!(
        webvtt::parse_file(&bom).is_err(),
        "webvtt 0.2 now accepts a BOM: update the README"
    );

    let arrow = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\na --> b\nkept\n\n";
    let cues = via_webvtt(arrow).unwrap();
    assert_eq!(
        cues[0].lines,
        ["kept"],
        "webvtt 0.2 no longer drops a text line holding -->"
    );

    let style = "WEBVTT\n\nSTYLE\n::cue { color: red }\n\n00:00:01.000 --> 00:00:02.000\nhi\n\n";
    let panicked = std::panic::catch_unwind(|| webvtt::parse_file(style)).is_err();
    assert!(
        panicked,
        "webvtt 0.2 no longer panics on STYLE blocks: update the README"
    );
}

/// `srtlib` keeps hours in a u8: past 255 hours it fails, a limit of that parser.
#[test]
fn srtlib_hour_limit_is_pinned() {
    let srt = "1\n256:00:00,000 --> 256:00:01,000\nx\n\n";
    assert!(via_srtlib(srt).is_err());
    assert_eq!(via_readback_srt(srt)[0].start_ms, 256 * 3_600_000);
}
