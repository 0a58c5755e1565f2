//! `aliasr subtitles` end to end: fixtures in, golden files out, every error fixture's message
//! and exit status, and no output file left behind on error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fixtures")
        .join(name)
}

fn golden(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../aliasr-transcript/tests/golden")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn aliasr(args: &[&str]) -> Output {
    Command::cargo_bin("aliasr")
        .unwrap()
        .args(args)
        .output()
        .unwrap()
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).unwrap()
}

#[test]
fn converts_the_fixture_to_the_golden_srt_and_vtt() {
    let input = fixture("airesult-zh-en.json");
    let input = input.to_str().unwrap();
    let srt = aliasr(&["subtitles", input]);
    assert_eq!(srt.status.code(), Some(0), "{}", stderr(&srt));
    assert_eq!(stdout(&srt), golden("airesult-zh-en.netflix.srt"));
    assert!(stderr(&srt).is_empty());
    let vtt = aliasr(&["subtitles", "-f", "vtt", input]);
    assert_eq!(stdout(&vtt), golden("airesult-zh-en.netflix.vtt"));
    let none = aliasr(&["subtitles", "--preset", "none", input]);
    assert_eq!(stdout(&none), golden("airesult-zh-en.none.srt"));
    let json = aliasr(&["subtitles", "-f", "json", input]);
    assert_eq!(stdout(&json), golden("airesult-zh-en.netflix.json"));
}

#[test]
fn threads_give_the_same_subtitles() {
    // Enough segments for three threads (4,096 groups each at least).
    let phrases = [
        "大家好，欢迎参加第二季度的产品评审会议。今天我们先回顾上个季度的用户增长数据。",
        "Thanks everyone for joining, let's get started with the numbers for the quarter.",
        "好的",
    ];
    let segments: Vec<serde_json::Value> = (0..13_000)
        .map(|i| {
            let from = i as f64 * 2.5;
            serde_json::json!({"content": phrases[i % 3], "from": from, "to": from + 2.4})
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("large.json");
    std::fs::write(&input, serde_json::to_string(&segments).unwrap()).unwrap();
    let input = input.to_str().unwrap();
    let one = aliasr(&["subtitles", "-j", "1", input]);
    let three = aliasr(&["subtitles", "--threads", "3", input]);
    assert_eq!(one.status.code(), Some(0), "{}", stderr(&one));
    assert_eq!(three.status.code(), Some(0), "{}", stderr(&three));
    assert!(stdout(&one).matches(" --> ").count() > 13_000);
    assert_eq!(stdout(&one), stdout(&three));
    let zero = aliasr(&["subtitles", "-j", "0", input]);
    assert_eq!(zero.status.code(), Some(2));
}

#[test]
fn reads_stdin_and_job_bodies() {
    let body = std::fs::read(fixture("get-smart-handle-job-finished.json")).unwrap();
    for args in [&["subtitles"][..], &["subtitles", "-"][..]] {
        let output = Command::cargo_bin("aliasr")
            .unwrap()
            .args(args)
            .write_stdin(body.clone())
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(0));
        assert_eq!(stdout(&output), golden("airesult-zh-en.netflix.srt"));
    }
}

#[test]
fn writes_files_atomically_with_the_format_from_the_extension() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("talk.vtt");
    let output = aliasr(&[
        "subtitles",
        fixture("airesult-zh-en.json").to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "-v",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        golden("airesult-zh-en.netflix.vtt")
    );
    let summary = stderr(&output);
    assert!(
        summary.contains(
            "12 segments in, 15 cues out, 4 splits, 1 empty segment dropped, 1 overlap resolved"
        ),
        "{summary}"
    );
    assert_eq!(summary.lines().count(), 1, "{summary}");
    // Only the output is left: no temporary file.
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
}

#[test]
fn crlf_is_written_on_request() {
    let output = aliasr(&[
        "subtitles",
        "--crlf",
        fixture("airesult-zh-en.json").to_str().unwrap(),
    ]);
    assert_eq!(
        stdout(&output),
        golden("airesult-zh-en.netflix.srt").replace('\n', "\r\n")
    );
}

#[test]
fn lenient_mode_recovers_the_documentation_sample_with_a_warning() {
    let input = fixture("malformed-doc-sample-unescaped-quotes.json");
    let strict = aliasr(&["subtitles", input.to_str().unwrap()]);
    assert_eq!(strict.status.code(), Some(1));
    let message = stderr(&strict);
    assert!(
        message.contains("malformed JSON in input at line 4, column 21"),
        "{message}"
    );
    assert!(
        message.contains("(--lenient) recovers 3 segments by bracket matching"),
        "{message}"
    );
    let lenient = aliasr(&["subtitles", "--lenient", input.to_str().unwrap()]);
    assert_eq!(lenient.status.code(), Some(0));
    assert_eq!(stdout(&lenient), golden("doc-sample-lenient.netflix.srt"));
    assert!(
        stderr(&lenient).starts_with("warning: "),
        "{}",
        stderr(&lenient)
    );
    assert!(stderr(&lenient).contains("recovered 3 segments by bracket matching"));
}

#[test]
fn every_error_fixture_has_its_message_and_exit_status_and_leaves_no_file() {
    let cases = [
        (
            "error-signature-does-not-match.json",
            "error response, not a transcript: SignatureDoesNotMatch: Specified signature",
        ),
        (
            "error-task-already-started.json",
            "TaskAlreadyStarted: The task has already started.",
        ),
        (
            "error-throttling.json",
            "Throttling.User: Request was denied due to user flow control.",
        ),
        (
            "get-smart-handle-job-executing.json",
            "the job has no result yet (State is \"Executing\")",
        ),
        (
            "get-smart-handle-job-failed.json",
            "the job failed (InvalidParameter.InputFile): The input file does not exist",
        ),
        (
            "invalid-segments.json",
            "invalid segment input[1]: `to` (4) is earlier than `from` (5) (3 more segments are invalid too)",
        ),
        (
            "malformed-doc-sample-unescaped-quotes.json",
            "with its quotes not escaped",
        ),
        (
            "malformed-missing-comma.json",
            "malformed JSON in input at line 1, column 41: expected `,` or `]` (near `st\",\"from\":0.0,\"to\":1.0}{\"content\":\"seco`)",
        ),
        (
            "query-rtc-asr-tasks-object.json",
            "found an object with keys Description, RequestId, RetCode, Tasks",
        ),
        (
            "query-rtc-asr-tasks-stringified.json",
            "found an object with keys Description, RequestId, RetCode, Tasks",
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, expected) in cases {
        let out = dir.path().join("out.srt");
        let output = aliasr(&[
            "subtitles",
            fixture(name).to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
        ]);
        assert_eq!(output.status.code(), Some(1), "{name}");
        let message = stderr(&output);
        assert!(
            message.starts_with(&format!("error: {}: ", fixture(name).display())),
            "{name}: {message}"
        );
        assert!(message.contains(expected), "{name}: {message}");
        assert_eq!(message.lines().count(), 1, "{name}: {message}");
        assert!(stdout(&output).is_empty());
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            0,
            "{name} left a file"
        );
    }
}

#[test]
fn the_invalid_segments_fixture_names_each_problem() {
    // Each bad segment alone, so that every message is checked, not just the first.
    let cases = [
        (
            r#"[{"content":"x","from":5.0,"to":4.0}]"#,
            "input[0]: `to` (4) is earlier than `from` (5)",
        ),
        (
            r#"[{"content":"x","from":-1.0,"to":0.5}]"#,
            "input[0]: `from` is negative (-1)",
        ),
        (
            r#"[{"content":"x","from":"7.0","to":"8.0"}]"#,
            "input[0]: `from` must be a number of seconds, found the string \"7.0\"",
        ),
        (
            r#"[{"from":9.0,"to":10.0}]"#,
            "input[0]: `content` is missing",
        ),
    ];
    for (input, expected) in cases {
        let output = Command::cargo_bin("aliasr")
            .unwrap()
            .arg("subtitles")
            .write_stdin(input)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1));
        assert!(stderr(&output).contains(expected), "{}", stderr(&output));
    }
}

#[test]
fn usage_errors_exit_with_status_2() {
    let input = fixture("airesult-zh-en.json");
    let input = input.to_str().unwrap();
    let dir = tempfile::tempdir().unwrap();
    let unknown = dir.path().join("x.foo");
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["subtitles", input, "--max-lines", "0"],
            "invalid setting max-lines",
        ),
        (
            vec!["subtitles", input, "--max-cps", "-3"],
            "invalid setting max-cps",
        ),
        (
            vec!["subtitles", input, "--min-duration", "-1"],
            "--min-duration must be a non-negative",
        ),
        (
            vec![
                "subtitles",
                input,
                "--min-duration",
                "9",
                "--max-duration",
                "2",
            ],
            "invalid setting min-duration",
        ),
        (
            vec!["subtitles", input, "-o", unknown.to_str().unwrap()],
            "cannot tell the format",
        ),
        (vec!["subtitles", input, "-f", "ass"], "invalid value 'ass'"),
        (
            vec!["subtitles", input, "--offset", "-5"],
            "moves segment 0 (from 0 ms) before zero",
        ),
        (
            vec!["subtitles", input, "--bogus"],
            "unexpected argument '--bogus'",
        ),
        (vec!["nonsense"], "unrecognized subcommand"),
    ];
    for (args, expected) in cases {
        let output = aliasr(&args);
        assert_eq!(
            output.status.code(),
            Some(2),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(
            stderr(&output).contains(expected),
            "{args:?}: {}",
            stderr(&output)
        );
    }
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn refuses_to_overwrite_the_input() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.json");
    std::fs::copy(fixture("airesult-zh-en.json"), &input).unwrap();
    let before = std::fs::read(&input).unwrap();
    let output = aliasr(&[
        "subtitles",
        input.to_str().unwrap(),
        "-f",
        "srt",
        "-o",
        input.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("refusing to overwrite the input"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read(&input).unwrap(), before);
}

#[test]
fn a_missing_input_file_is_an_input_error() {
    let output = aliasr(&["subtitles", "/nonexistent/x.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("error: reading /nonexistent/x.json: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn a_closed_stdout_is_not_an_error() {
    use std::io::Read;
    use std::process::{Command as StdCommand, Stdio};
    // Enough cues that the writer is still writing when the reader goes away.
    let segments: Vec<String> = (0..20_000)
        .map(|i| format!(r#"{{"content":"cue number {i}","from":{i},"to":{}.5}}"#, i))
        .collect();
    let input = format!("[{}]", segments.join(","));
    let mut child = StdCommand::new(assert_cmd::cargo::cargo_bin("aliasr"))
        .arg("subtitles")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(input.as_bytes());
    });
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap(); // then dropped: the pipe closes
    let output = child.wait_with_output().unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn help_lists_the_subtitles_options() {
    let output = aliasr(&["subtitles", "--help"]);
    assert_eq!(output.status.code(), Some(0));
    for option in [
        "--format",
        "--output",
        "--preset",
        "--max-chars",
        "--lenient",
        "--crlf",
        "--offset",
    ] {
        assert!(stdout(&output).contains(option), "{option}");
    }
}
