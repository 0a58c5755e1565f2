//! `aliasr subtitles --report`: one self-contained HTML file whose data matches the subtitles
//! written, referencing no URL but `--media`, written atomically, with usage errors for
//! contradictory paths.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fixtures")
        .join(name)
}

fn aliasr(args: &[&str]) -> Output {
    Command::cargo_bin("aliasr")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The data element's text, ended where an HTML parser ends a script element.
fn embedded_data(html: &str) -> Value {
    let (_, rest) = html
        .split_once(r#"<script type="application/json" id="report-data">"#)
        .expect("data element");
    let json = rest.split_once("</script").unwrap().0;
    assert!(!json.contains('<'), "a < in the data could end the element");
    serde_json::from_str(json).unwrap()
}

/// Every `http://` or `https://` in the page, with what follows it up to a quote.
fn urls(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for scheme in ["http://", "https://"] {
        for (at, _) in html.match_indices(scheme) {
            let rest = &html[at..];
            let end = rest.find(['"', '\'', ' ', '<', ')']).unwrap_or(rest.len());
            found.push(&rest[..end]);
        }
    }
    found
}

#[test]
fn the_report_matches_the_subtitles_and_references_only_the_media() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("airesult-zh-en.json");
    let input = input.to_str().unwrap();
    let srt = dir.path().join("talk.srt");
    let report = dir.path().join("talk.html");
    let media = "https://media.example.invalid/talk.mp4?t=1&x=2";
    let output = aliasr(&[
        "subtitles",
        input,
        "-o",
        srt.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
        "--media",
        media,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(srt.exists());

    // The cue list the same command prints as JSON is the truth for the report's cues.
    let json = aliasr(&["subtitles", "-f", "json", input]);
    let written: Vec<Value> = serde_json::from_slice(&json.stdout).unwrap();
    assert!(written.len() > 10);

    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert_eq!(urls(&html), [media]);
    for external in ["<link rel=\"stylesheet\"", "<script src", "@import", "url("] {
        assert!(!html.contains(external), "{external}");
    }
    let data = embedded_data(&html);
    let starts = data["cues"]["start_ms"].as_array().unwrap();
    assert_eq!(starts.len(), written.len());
    for (k, cue) in written.iter().enumerate() {
        assert_eq!(starts[k], cue["start_ms"]);
        assert_eq!(data["cues"]["end_ms"][k], cue["end_ms"]);
        assert_eq!(data["cues"]["text"][k], cue["text"]);
    }
    assert_eq!(data["input"]["source_name"], "airesult-zh-en.json");
    assert_eq!(data["input"]["preset"], "netflix");
    assert_eq!(data["media"]["url"], media);
    let vtt = data["media"]["vtt"].as_str().unwrap();
    assert!(vtt.starts_with("WEBVTT\n\n"));
    assert_eq!(vtt.matches(" --> ").count(), written.len());

    // Nothing else was left in the folder (no temp files).
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["talk.html", "talk.srt"]);
}

#[test]
fn the_report_follows_the_limits_and_needs_force_to_replace_another_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("get-smart-handle-job-finished.json");
    let report = dir.path().join("r.html");
    let report = report.to_str().unwrap();
    let args = [
        "subtitles",
        input.to_str().unwrap(),
        "--preset",
        "none",
        "--max-cps",
        "12.5",
        "--report",
        report,
    ];
    let first = aliasr(&args);
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    let html = std::fs::read_to_string(report).unwrap();
    let data = embedded_data(&html);
    assert_eq!(data["input"]["preset"], "none");
    assert_eq!(data["limits"][0]["max_cps"], 12.5);
    assert!(data["media"].is_null());
    assert!(urls(&html).is_empty());
    // The same report again is fine; a different one needs --force.
    assert_eq!(aliasr(&args).status.code(), Some(0));
    std::fs::write(report, "mine").unwrap();
    let refused = aliasr(&args);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(std::fs::read_to_string(report).unwrap(), "mine");
    let forced = aliasr(&[&args[..], &["--force"]].concat());
    assert_eq!(forced.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(report).unwrap(), html);
}

#[test]
fn contradictory_report_paths_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let input = fixture("airesult-zh-en.json");
    let input = input.to_str().unwrap();
    let out = dir.path().join("x.srt");
    let out = out.to_str().unwrap();
    for (args, says) in [
        (vec!["subtitles", input, "--media", "a.mp4"], "--report"),
        (vec!["subtitles", input, "--report", "-"], "file path"),
        (
            vec!["subtitles", input, "-o", out, "--report", out],
            "same file",
        ),
        (vec!["subtitles", input, "--report", input], "same file"),
    ] {
        let output = aliasr(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(says),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert!(!Path::new(out).exists());
}
