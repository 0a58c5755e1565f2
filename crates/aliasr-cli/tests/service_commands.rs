//! `aliasr asr | live | demo | emulator` against an emulator on 127.0.0.1 (never the real cloud).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use aliasr_emulator::{
    Emulator, EmulatorConfig, FaultKind, FaultSpec, KeySpec, RunningEmulator, StreamSpec,
};

const KEY: &str = "LTAIcliTest";
const SECRET: &str = "cli-test-secret-XYZ";
const INPUT: &str = "oss://example-bucket.oss-cn-shanghai.aliyuncs.com/talk.mp4";

fn config() -> EmulatorConfig {
    let mut config = EmulatorConfig::default();
    config.keys = vec![KeySpec::access_key(KEY, SECRET)];
    config.job_duration = Duration::from_millis(400);
    config.fail_inputs = vec!["*missing*".into()];
    config.streams = vec![StreamSpec {
        domain: "push.example.com".into(),
        app: "live".into(),
        stream: "s1".into(),
    }];
    config
}

/// The emulator runs on its own runtime thread while the CLI runs as a child process.
struct Server {
    runtime: tokio::runtime::Runtime,
    emulator: Option<RunningEmulator>,
}

impl Server {
    fn start(config: EmulatorConfig) -> Self {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let emulator = runtime.block_on(Emulator::start(config)).unwrap();
        Self {
            runtime,
            emulator: Some(emulator),
        }
    }

    fn url(&self) -> String {
        self.emulator.as_ref().unwrap().base_url()
    }

    fn state(&self) -> aliasr_emulator::StateSnapshot {
        self.emulator.as_ref().unwrap().state_snapshot()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(emulator) = self.emulator.take() {
            self.runtime.block_on(emulator.shutdown());
        }
    }
}

/// `aliasr` with a clean environment: only the credentials we give, a temp HOME, no ECS metadata.
fn aliasr(home: &Path, with_credentials: bool) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_aliasr"));
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .stdin(Stdio::null());
    if with_credentials {
        command
            .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY)
            .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET);
    }
    command
}

fn run(command: &mut Command) -> Output {
    command.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The command failed with `status` and said `needle` on stderr.
#[track_caller]
fn expect_failure(output: &Output, status: i32, needle: &str) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(status), "{stderr}");
    assert!(stderr.contains(needle), "expected {needle:?} in: {stderr}");
}

fn job_id_from(stdout: &[u8]) -> String {
    text(stdout)
        .lines()
        .find_map(|l| l.strip_prefix("JobId: "))
        .unwrap()
        .to_owned()
}

#[test]
fn submit_wait_and_get_write_subtitles_that_parse() {
    let server = Server::start(config());
    let home = tempfile::tempdir().unwrap();
    let out = home.path();
    let submitted = run(aliasr(out, true).args([
        "asr",
        "submit",
        "--endpoint",
        &server.url(),
        "--input-file",
        INPUT,
        "--duration",
        "00:00:30",
    ]));
    assert!(submitted.status.success(), "{}", text(&submitted.stderr));
    let job_id = job_id_from(&submitted.stdout);
    assert_eq!(job_id.len(), 32);
    assert!(text(&submitted.stdout).contains("State: Created"));

    let srt = out.join("job.srt");
    let vtt = out.join("job.vtt");
    let waited = run(aliasr(out, true).args([
        "asr",
        "get",
        &job_id,
        "--endpoint",
        &server.url(),
        "--wait",
        "--srt",
        srt.to_str().unwrap(),
        "--vtt",
        vtt.to_str().unwrap(),
        "--signature",
        "v1",
    ]));
    assert!(waited.status.success(), "{}", text(&waited.stderr));
    let srt_text = std::fs::read_to_string(&srt).unwrap();
    let cues = aliasr_transcript::readback::read_srt(&srt_text).unwrap();
    assert!(!cues.is_empty());
    assert!(std::fs::read_to_string(&vtt).unwrap().starts_with("WEBVTT"));

    let raw =
        run(aliasr(out, true).args(["asr", "get", &job_id, "--endpoint", &server.url(), "--raw"]));
    let body: serde_json::Value = serde_json::from_slice(&raw.stdout).unwrap();
    assert_eq!(body["State"], "Finished");
    assert!(body["JobResult"]["AiResult"].is_string());

    let json = run(aliasr(out, true).args([
        "asr",
        "get",
        &job_id,
        "--endpoint",
        &server.url(),
        "--output",
        "json",
    ]));
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["State"], "Finished");
    assert!(document["Segments"].as_u64().unwrap() > 0);

    // Re-running with different options would change the files: refused without --force.
    let again = run(aliasr(out, true).args([
        "asr",
        "get",
        &job_id,
        "--endpoint",
        &server.url(),
        "--wait",
        "--srt",
        srt.to_str().unwrap(),
        "--preset",
        "none",
    ]));
    expect_failure(&again, 1, "--force");
    assert_eq!(
        std::fs::read_to_string(&srt).unwrap(),
        srt_text,
        "the file is untouched"
    );
}

#[test]
fn service_errors_exit_1_with_code_and_request_id() {
    let server = Server::start(config());
    let home = tempfile::tempdir().unwrap();
    let bad = run(aliasr(home.path(), true).args([
        "asr",
        "get",
        "0123456789abcdef0123456789abcdef",
        "--endpoint",
        &server.url(),
    ]));
    assert_eq!(bad.status.code(), Some(1));
    let stderr = text(&bad.stderr);
    assert!(
        stderr.contains("InvalidParameter.JobId") && stderr.contains("RequestId"),
        "{stderr}"
    );

    let json = run(aliasr(home.path(), true).args([
        "asr",
        "get",
        "0123456789abcdef0123456789abcdef",
        "--endpoint",
        &server.url(),
        "--output",
        "json",
    ]));
    let error: serde_json::Value = serde_json::from_slice(&json.stderr).unwrap();
    assert_eq!(error["error"]["code"], "InvalidParameter.JobId");
    assert_eq!(error["error"]["exit_status"], 1);

    let failed = run(aliasr(home.path(), true).args([
        "asr",
        "submit",
        "--endpoint",
        &server.url(),
        "--wait",
        "--input-file",
        "oss://example-bucket.oss-cn-shanghai.aliyuncs.com/missing.mp4",
    ]));
    expect_failure(&failed, 1, "InvalidParameter.InputFile");

    let usage = run(aliasr(home.path(), true).args([
        "asr",
        "submit",
        "--endpoint",
        &server.url(),
        "--input-file",
        INPUT,
        "--title",
        &"x".repeat(129),
    ]));
    expect_failure(&usage, 2, "128");
}

#[test]
fn missing_credentials_exit_3_and_name_every_provider() {
    let server = Server::start(config());
    let home = tempfile::tempdir().unwrap();
    let output = run(aliasr(home.path(), false).args([
        "asr",
        "submit",
        "--endpoint",
        &server.url(),
        "--input-file",
        INPUT,
    ]));
    assert_eq!(output.status.code(), Some(3));
    let stderr = text(&output.stderr);
    for provider in [
        "env",
        "cli_profile",
        "profile",
        "ecs_ram_role",
        "credentials_uri",
    ] {
        assert!(stderr.contains(provider), "{provider}: {stderr}");
    }
    assert_eq!(server.state().total("SubmitASRJob"), 0);
}

#[test]
fn throttling_that_never_ends_exits_1_after_retries() {
    let mut config = config();
    config.faults = vec![FaultSpec {
        kind: FaultKind::Throttle,
        rate: 1.0,
    }];
    let server = Server::start(config);
    let home = tempfile::tempdir().unwrap();
    let output =
        run(aliasr(home.path(), true).args(["live", "asr-tasks", "--endpoint", &server.url()]));
    expect_failure(&output, 1, "Throttling.User");
    assert_eq!(
        server
            .state()
            .count("QueryRtcAsrTasks", "fault:Throttling.User"),
        4
    );
}

#[test]
fn waiting_past_the_timeout_exits_4() {
    let mut config = config();
    config.job_duration = Duration::from_secs(3600);
    let server = Server::start(config);
    let home = tempfile::tempdir().unwrap();
    let output = run(aliasr(home.path(), true).args([
        "asr",
        "submit",
        "--endpoint",
        &server.url(),
        "--input-file",
        INPUT,
        "--wait",
        "--timeout",
        "1",
    ]));
    assert_eq!(output.status.code(), Some(4), "{}", text(&output.stderr));
}

#[test]
fn live_tasks_and_recording() {
    let server = Server::start(config());
    let home = tempfile::tempdir().unwrap();
    let table =
        run(aliasr(home.path(), true).args(["live", "asr-tasks", "--endpoint", &server.url()]));
    assert!(table.status.success(), "{}", text(&table.stderr));
    let stdout = text(&table.stdout);
    assert!(
        stdout.starts_with("TASK ID") && stdout.lines().count() == 3,
        "{stdout}"
    );
    let json = run(aliasr(home.path(), true).args([
        "live",
        "asr-tasks",
        "--endpoint",
        &server.url(),
        "--output",
        "json",
    ]));
    let document: serde_json::Value = serde_json::from_slice(&json.stdout).unwrap();
    assert_eq!(document["RetCode"], 2000);

    let record = |command: &str| {
        run(aliasr(home.path(), true).args([
            "live",
            "record",
            command,
            "--domain",
            "push.example.com",
            "--app",
            "live",
            "--stream",
            "s1",
            "--endpoint",
            &server.url(),
        ]))
    };
    assert!(record("start").status.success());
    let twice = record("start");
    assert_eq!(twice.status.code(), Some(1));
    assert!(text(&twice.stderr).contains("TaskAlreadyStarted"));
    let stop = record("stop");
    assert!(text(&stop.stdout).contains("180 s"));
    assert!(record("cancel-delay").status.success());
    assert_eq!(server.state().recording_files.len(), 1);
    let help = run(aliasr(home.path(), true).args(["live", "record", "--help"]));
    assert!(text(&help.stdout).contains("180 s"));
}

#[test]
fn batch_output_folder_that_cannot_be_created_is_an_input_error() {
    let server = Server::start(config());
    let home = tempfile::tempdir().unwrap();
    let list = home.path().join("list.txt");
    std::fs::write(&list, format!("{INPUT}\n")).unwrap();
    let blocker = home.path().join("a-file");
    std::fs::write(&blocker, "x").unwrap();
    let output = run(aliasr(home.path(), true).args([
        "asr",
        "batch",
        list.to_str().unwrap(),
        "--out-dir",
        blocker.join("sub").to_str().unwrap(),
        "--endpoint",
        &server.url(),
    ]));
    expect_failure(&output, 1, "creating the output folder");
    let missing = run(aliasr(home.path(), true).args([
        "asr",
        "batch",
        "no-such-list.txt",
        "--out-dir",
        "x",
        "--endpoint",
        &server.url(),
    ]));
    assert_eq!(missing.status.code(), Some(1));
    assert!(text(&missing.stderr).contains("no-such-list.txt"));
}

/// Kill a batch of 30 with SIGKILL mid-way, re-run it, and check that every input reached the
/// service exactly once and every input whose outcome is known has subtitles that parse.
#[test]
fn a_killed_batch_resumes_without_submitting_twice() {
    let mut config = config();
    config.job_duration = Duration::from_millis(1500);
    let server = Server::start(config);
    let home = tempfile::tempdir().unwrap();
    let list = home.path().join("list.txt");
    let inputs: Vec<String> = (0..30)
        .map(|i| format!("oss://example-bucket.oss-cn-shanghai.aliyuncs.com/batch/talk-{i:02}.mp4"))
        .collect();
    std::fs::write(&list, inputs.join("\n")).unwrap();
    let out_dir = home.path().join("out");
    let manifest = out_dir.join("manifest.jsonl");
    let args = [
        "asr",
        "batch",
        list.to_str().unwrap(),
        "--out-dir",
        out_dir.to_str().unwrap(),
        "--endpoint",
        &server.url(),
        "--poll",
        "0.2",
    ];

    let mut child = aliasr(home.path(), true)
        .args(args)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        let finished = std::fs::read_to_string(&manifest)
            .map(|m| m.matches("\"event\":\"finished\"").count())
            .unwrap_or(0);
        if finished >= 5 || started.elapsed() > Duration::from_secs(30) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let jobs_before = server.state().jobs.len();
    assert!(
        jobs_before < 30,
        "the batch was killed mid-way ({jobs_before} jobs)"
    );

    let rerun = run(aliasr(home.path(), true).args(args));
    let stdout = text(&rerun.stdout);
    let state = server.state();
    assert!(state.jobs.len() <= 30);
    for input in &inputs {
        let submissions = state
            .jobs
            .values()
            .filter(|job| &job.input_file == input)
            .count();
        assert!(submissions <= 1, "{input} submitted {submissions} times");
    }
    let unknown: Vec<&String> = inputs.iter().filter(|i| stdout.contains(&format!("outcome unknown (not resubmitted; check the console, then remove its lines from the manifest to submit again): {i}"))).collect();
    for (index, input) in inputs.iter().enumerate() {
        if unknown.contains(&input) {
            continue;
        }
        assert_eq!(
            state
                .jobs
                .values()
                .filter(|job| &job.input_file == input)
                .count(),
            1,
            "{input}"
        );
        let srt = std::fs::read_to_string(out_dir.join(format!("talk-{index:02}.srt"))).unwrap();
        assert!(
            !aliasr_transcript::readback::read_srt(&srt)
                .unwrap()
                .is_empty()
        );
        assert!(out_dir.join(format!("talk-{index:02}.vtt")).exists());
    }
    if unknown.is_empty() {
        assert!(rerun.status.success(), "{stdout}\n{}", text(&rerun.stderr));
        assert_eq!(state.jobs.len(), 30);
    } else {
        assert_eq!(rerun.status.code(), Some(1));
    }
    // A third run has nothing left to do and submits nothing.
    let third = run(aliasr(home.path(), true).args(args));
    assert_eq!(server.state().jobs.len(), state.jobs.len());
    assert_eq!(third.status.success(), unknown.is_empty());
}

#[test]
fn demo_runs_without_network_or_credentials() {
    let home = tempfile::tempdir().unwrap();
    let out = home.path().join("demo-out");
    let output = run(aliasr(home.path(), false).args(["demo", "--out-dir", out.to_str().unwrap()]));
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(stdout.contains("大家好"), "{stdout}");
    assert!(stdout.contains("RealTimeRecordCommand stop"), "{stdout}");
    let srt = std::fs::read_to_string(out.join("demo.srt")).unwrap();
    assert!(aliasr_transcript::readback::read_srt(&srt).unwrap().len() >= 12);
    let vtt = std::fs::read_to_string(out.join("demo.vtt")).unwrap();
    assert!(aliasr_transcript::readback::read_vtt(&vtt).unwrap().len() >= 12);
    // Running it again writes the same files: allowed, nothing is lost.
    let again = run(aliasr(home.path(), false).args(["demo", "--out-dir", out.to_str().unwrap()]));
    assert!(again.status.success(), "{}", text(&again.stderr));
    // A different file in the way is refused.
    std::fs::write(out.join("demo.srt"), "mine").unwrap();
    let refused =
        run(aliasr(home.path(), false).args(["demo", "--out-dir", out.to_str().unwrap()]));
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        std::fs::read_to_string(out.join("demo.srt")).unwrap(),
        "mine"
    );
}

#[test]
fn the_emulator_command_serves_until_stopped() {
    let home = tempfile::tempdir().unwrap();
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut child = aliasr(home.path(), false)
        .args([
            "emulator",
            "--listen",
            &format!("127.0.0.1:{port}"),
            "--access-key",
            &format!("{KEY}:{SECRET}"),
        ])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let url = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    let mut output = None;
    while started.elapsed() < Duration::from_secs(10) {
        let attempt =
            run(aliasr(home.path(), true).args(["live", "asr-tasks", "--endpoint", &url]));
        if attempt.status.success() {
            output = Some(attempt);
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    let stdout = {
        use std::io::Read;
        let mut text = String::new();
        child
            .stdout
            .take()
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        text
    };
    child.wait().unwrap();
    assert!(output.is_some(), "the emulator never answered");
    assert!(
        stdout.contains(&url) && stdout.contains(KEY) && !stdout.contains(SECRET),
        "{stdout}"
    );
    let refused = run(aliasr(home.path(), false).args(["emulator", "--listen", "0.0.0.0:0"]));
    assert_eq!(refused.status.code(), Some(2));
    assert!(text(&refused.stderr).contains("loopback"));
}

#[test]
fn asr_commands_write_one_report_per_output() {
    let server = Server::start(config());
    let home = tempfile::tempdir().unwrap();
    let out = home.path();
    let report = out.join("job.report.html");
    let srt = out.join("job.srt");
    let submitted = run(aliasr(out, true).args([
        "asr",
        "submit",
        "--endpoint",
        &server.url(),
        "--input-file",
        INPUT,
        "--wait",
        "--srt",
        srt.to_str().unwrap(),
        "--report",
        report.to_str().unwrap(),
    ]));
    assert!(submitted.status.success(), "{}", text(&submitted.stderr));
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.contains("<html") && html.contains("application/json"));
    assert!(!html.contains("http://") && !html.contains("https://"));

    let no_wait = run(aliasr(out, true).args([
        "asr",
        "get",
        "0123456789abcdef0123456789abcdef",
        "--endpoint",
        &server.url(),
        "--report",
        report.to_str().unwrap(),
    ]));
    expect_failure(&no_wait, 2, "--report needs --wait");
    let same = run(aliasr(out, true).args([
        "asr",
        "submit",
        "--endpoint",
        &server.url(),
        "--input-file",
        INPUT,
        "--wait",
        "--srt",
        srt.to_str().unwrap(),
        "--report",
        srt.to_str().unwrap(),
    ]));
    expect_failure(&same, 2, "same file");
    assert_eq!(
        server.state().jobs.len(),
        1,
        "refused before anything was sent"
    );

    let list = out.join("list.txt");
    std::fs::write(&list, format!("{INPUT}\n")).unwrap();
    let batch_dir = out.join("batch");
    let batch = run(aliasr(out, true).args([
        "asr",
        "batch",
        list.to_str().unwrap(),
        "--out-dir",
        batch_dir.to_str().unwrap(),
        "--endpoint",
        &server.url(),
        "--poll",
        "0.2",
        "--report",
    ]));
    assert!(batch.status.success(), "{}", text(&batch.stderr));
    assert!(batch_dir.join("talk.report.html").exists());
    assert!(
        std::fs::read_to_string(batch_dir.join("manifest.jsonl"))
            .unwrap()
            .contains("talk.report.html")
    );
}
