//! Bad input never panics and never leaves an output file: every malformed fixture, and every
//! truncation of the valid ones (all prefixes through the library, a sample through the binary).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    let shared = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/fixtures");
    if shared.is_dir() {
        shared
    } else {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/fixtures")
    }
}

/// Runs `aliasr subtitles INPUT -o OUT` and checks the bad-input contract.
fn assert_rejected(input: &Path, what: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out.srt");
    let output = Command::new(env!("CARGO_BIN_EXE_aliasr"))
        .args([
            "subtitles",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{what}: {stderr}");
    assert!(stderr.starts_with("error: "), "{what}: {stderr}");
    assert!(!stderr.contains("panicked"), "{what}: {stderr}");
    assert!(!out.exists(), "{what}: an output file was left");
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        0,
        "{what}: temp files left"
    );
}

#[test]
fn every_malformed_fixture_exits_1_with_a_message_and_no_file() {
    let mut checked = 0;
    for entry in std::fs::read_dir(fixtures()).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.starts_with("malformed-")
            || name.starts_with("invalid-")
            || name.starts_with("error-")
        {
            assert_rejected(&path, &name);
            checked += 1;
        }
    }
    assert!(checked >= 6, "only {checked} bad fixtures found");
}

#[test]
fn every_truncation_of_the_valid_fixtures_is_rejected_cleanly() {
    let dir = tempfile::tempdir().unwrap();
    for name in ["airesult-zh-en.json", "get-smart-handle-job-finished.json"] {
        let bytes = std::fs::read(fixtures().join(name)).unwrap();
        let complete = bytes.trim_ascii_end().len();
        for cut in 0..complete {
            let prefix = &bytes[..cut];
            let result =
                aliasr_transcript::read_segments(prefix, &aliasr_transcript::InputOptions::new());
            assert!(result.is_err(), "{name} cut at byte {cut} was accepted");
            if cut % 97 == 0 || cut + 1 == complete {
                let input = dir.path().join(format!("cut-{cut}.json"));
                std::fs::write(&input, prefix).unwrap();
                assert_rejected(&input, &format!("{name} cut at byte {cut}"));
            }
        }
    }
}
