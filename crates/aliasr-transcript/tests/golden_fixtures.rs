//! Golden files: every good fixture converted with the default (netflix) preset.
//!
//! Set `UPDATE_GOLDEN=1` to rewrite them after an intended change, then review the diff.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};

use aliasr_transcript::{
    CueBuilder, CueSettings, InputOptions, Preset, Recovery, SubtitleFormat, WriteOptions,
    read_segments, render,
};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/fixtures")
}

fn golden(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name)
}

fn convert(
    fixture: &str,
    settings: CueSettings,
    recovery: Recovery,
    format: SubtitleFormat,
) -> String {
    let input = std::fs::read(fixtures().join(fixture)).unwrap();
    let parsed = read_segments(&input, &InputOptions::new().with_recovery(recovery)).unwrap();
    let built = CueBuilder::new(settings)
        .unwrap()
        .build(parsed.segments)
        .unwrap();
    render(&built.cues, format, &WriteOptions::new())
}

fn check(name: &str, actual: &str) {
    let path = golden(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (run with UPDATE_GOLDEN=1 to create it)",
            path.display()
        )
    });
    assert_eq!(actual, expected, "{name} differs from its golden file");
}

#[test]
fn zh_en_fixture_matches_golden_files() {
    for (format, ext) in [
        (SubtitleFormat::Srt, "srt"),
        (SubtitleFormat::WebVtt, "vtt"),
        (SubtitleFormat::Txt, "txt"),
        (SubtitleFormat::Json, "json"),
    ] {
        let out = convert(
            "airesult-zh-en.json",
            CueSettings::default(),
            Recovery::Strict,
            format,
        );
        check(&format!("airesult-zh-en.netflix.{ext}"), &out);
    }
    let none = convert(
        "airesult-zh-en.json",
        CueSettings::new(Preset::None),
        Recovery::Strict,
        SubtitleFormat::Srt,
    );
    check("airesult-zh-en.none.srt", &none);
}

#[test]
fn job_body_gives_the_same_subtitles_as_the_bare_array() {
    for format in [SubtitleFormat::Srt, SubtitleFormat::WebVtt] {
        let bare = convert(
            "airesult-zh-en.json",
            CueSettings::default(),
            Recovery::Strict,
            format,
        );
        let body = convert(
            "get-smart-handle-job-finished.json",
            CueSettings::default(),
            Recovery::Strict,
            format,
        );
        assert_eq!(bare, body);
    }
}

#[test]
fn recovered_doc_sample_matches_golden_files() {
    for (format, ext) in [
        (SubtitleFormat::Srt, "srt"),
        (SubtitleFormat::WebVtt, "vtt"),
    ] {
        let out = convert(
            "malformed-doc-sample-unescaped-quotes.json",
            CueSettings::default(),
            Recovery::BracketMatching,
            format,
        );
        check(&format!("doc-sample-lenient.netflix.{ext}"), &out);
    }
}
