//! A bounded soak: mixed operations from 32 concurrent tasks against `aliasr emulator` running as
//! its own process, with its quotas on and faults injected. It passes when every error a caller
//! sees is one the emulator injected (no more of a kind than were injected), every kind of
//! operation kept succeeding, and the emulator's memory stays flat (resident set size sampled
//! from /proc every second; the growth after warm-up must stay below a small bound).
//!
//! `SOAK_SECONDS=60 cargo test -p aliasr-cli --test soak -- --ignored --nocapture`, run by
//! `.ci/checks/70-soak.sh`. Linux only (it reads /proc).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aliasr_client::{Client, Credentials, Error, RateLimits, RetryPolicy, StaticProvider};
use aliasr_models::{
    QueryRtcAsrTasksRequest, RealTimeRecordCommandRequest, RecordCommand, SubmitAsrJobRequest,
};

const KEY: &str = "LTAIsoakTest";
const SECRET: &str = "soak-secret-VALUE";
const TASKS: usize = 32;
const ICE_QPS: f64 = 50.0;
/// Resident memory may grow this much after warm-up (allocator noise, nonces still inside
/// their window); a leak of even 100 bytes a request over a minute of this load is larger.
const FLAT_MEMORY_SLACK_KIB: u64 = 4 * 1024;
/// The injected faults: each becomes the result code the emulator counts as `fault:<label>`.
const FAULTS: [(&str, &str); 5] = [
    ("500:0.02", "InternalError"),
    ("503:0.02", "ServiceUnavailable"),
    ("throttle:0.02", "Throttling.User"),
    ("reset:0.01", "reset"),
    ("slow:150:0.01", "slow"),
];

/// `aliasr emulator` as a child process, stopped when dropped.
struct EmulatorProcess {
    child: Child,
    base_url: String,
}

impl EmulatorProcess {
    fn start() -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_aliasr"));
        command.args(["emulator", "--listen", "127.0.0.1:0"]);
        command.args(["--access-key", &format!("{KEY}:{SECRET}")]);
        command.args(["--ice-qps", &ICE_QPS.to_string()]);
        command.args([
            "--job-duration",
            "1",
            "--job-ttl",
            "5",
            "--stop-latency",
            "1",
        ]);
        // Nonces are remembered for twice the skew: a short skew lets their memory level off
        // within the warm-up, so that any growth after it is a leak.
        command.args(["--max-skew", "3"]);
        for (fault, _) in FAULTS {
            command.args(["--fault", fault]);
        }
        for task in 0..TASKS {
            command.args(["--stream", &stream(task)]);
        }
        let mut child = command
            .env_clear()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        let base_url = first
            .strip_prefix("aliasr emulator listening on ")
            .unwrap_or_else(|| panic!("unexpected first line {first:?}"))
            .to_string();
        // Keep reading, so that the emulator never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines {});
        Self { child, base_url }
    }

    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id())).unwrap();
        status
            .lines()
            .find_map(|line| line.strip_prefix("VmRSS:"))
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|kib| kib.parse().ok())
            .unwrap()
    }
}

impl Drop for EmulatorProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn stream(task: usize) -> String {
    format!("push.example.com/live/soak-{task}")
}

/// What callers saw, by action: successes, and errors by label.
#[derive(Default)]
struct Tally {
    ok: BTreeMap<&'static str, u64>,
    errors: BTreeMap<(&'static str, String), u64>,
}

/// The label of an error, comparable with the emulator's fault counters.
fn label(error: &Error) -> String {
    match error {
        Error::Service(failure) => failure.code.clone(),
        // A reset answer to a call that is not retried, or retries that all met resets.
        Error::OutcomeUnknown { .. } | Error::Transport { .. } => "reset".into(),
        other => format!("unexpected: {other}"),
    }
}

/// One call of the task's operation (a fixed one per task, so that each kind runs at its own
/// quota); `Ok(false)` when there was nothing to call yet.
async fn one_call(
    client: &Client,
    task: usize,
    round: usize,
    jobs: &Mutex<Vec<String>>,
) -> (&'static str, Result<bool, Error>) {
    match task % 4 {
        0 => {
            let request = SubmitAsrJobRequest::builder()
                .input_file(format!(
                    "oss://soak-bucket.oss-cn-shanghai.aliyuncs.com/t{task}/r{round}.mp4"
                ))
                .title(format!("soak {task}/{round}"))
                .build()
                .unwrap();
            let result = client.submit_asr_job(&request).await.map(|answer| {
                if let Some(id) = answer.job_id {
                    jobs.lock().unwrap().push(id);
                }
                true
            });
            ("SubmitASRJob", result)
        }
        1 => {
            // A job submitted a moment ago (the last 32 are under a second old at the quota,
            // well inside the emulator's 5 s job TTL).
            let job = {
                let jobs = jobs.lock().unwrap();
                jobs.len()
                    .checked_sub(1 + round % 32.min(jobs.len().max(1)))
                    .map(|k| jobs[k].clone())
            };
            let Some(job) = job else {
                // Nothing submitted yet: wait for the submitting tasks instead of spinning.
                tokio::time::sleep(Duration::from_millis(20)).await;
                return ("GetSmartHandleJob", Ok(false));
            };
            let result = client.get_smart_handle_job(&job).await.map(|_| true);
            ("GetSmartHandleJob", result)
        }
        2 => {
            let request = QueryRtcAsrTasksRequest::builder()
                .region_id("cn-shanghai")
                .build()
                .unwrap();
            let result = client.query_rtc_asr_tasks(&request).await.map(|_| true);
            ("QueryRtcAsrTasks", result)
        }
        _ => {
            // Each task drives its own stream; restart and stop are valid in every state, so
            // a call whose answer was lost never makes the next one wrong.
            let command = if round % 8 < 4 {
                RecordCommand::Restart
            } else {
                RecordCommand::Stop
            };
            let name = stream(task);
            let mut parts = name.split('/');
            let request = RealTimeRecordCommandRequest::builder()
                .command(command)
                .domain_name(parts.next().unwrap())
                .app_name(parts.next().unwrap())
                .stream_name(parts.next().unwrap())
                .build()
                .unwrap();
            let result = client
                .real_time_record_command(&request)
                .await
                .map(|_| true);
            ("RealTimeRecordCommand", result)
        }
    }
}

async fn emulator_state(base_url: &str) -> serde_json::Value {
    let body = reqwest::get(format!("{base_url}/__emulator/state"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    serde_json::from_str(&body).unwrap()
}

#[test]
#[ignore = "a minute long; run by .ci/checks/70-soak.sh"]
fn mixed_operations_keep_memory_flat_and_show_only_injected_errors() {
    let seconds: u64 = std::env::var("SOAK_SECONDS")
        .ok()
        .map_or(60, |s| s.parse().expect("SOAK_SECONDS is a whole number"));
    let duration = Duration::from_secs(seconds);
    // Jobs (5 s TTL) and nonces (6 s) level off within the warm-up.
    let warm_up = Duration::from_secs((seconds / 6).max(10));
    assert!(duration > warm_up, "SOAK_SECONDS must be above {warm_up:?}");
    let emulator = Arc::new(EmulatorProcess::start());

    // Memory, sampled every second on a thread of its own.
    let samples: Arc<Mutex<Vec<(Duration, u64)>>> = Arc::default();
    let started = Instant::now();
    let sampler = {
        let (emulator, samples) = (emulator.clone(), samples.clone());
        std::thread::spawn(move || {
            while started.elapsed() < duration {
                samples
                    .lock()
                    .unwrap()
                    .push((started.elapsed(), emulator.rss_kib()));
                std::thread::sleep(Duration::from_secs(1));
            }
            samples
                .lock()
                .unwrap()
                .push((started.elapsed(), emulator.rss_kib()));
        })
    };

    let runtime = tokio::runtime::Runtime::new().unwrap();
    let client = Client::builder()
        .endpoint(emulator.base_url.clone())
        .credentials(StaticProvider::new(Credentials::new(KEY, SECRET)))
        .rate_limits(RateLimits::default().with_ice(ICE_QPS))
        .retry_policy(
            RetryPolicy::default()
                .with_delays(Duration::from_millis(10), Duration::from_millis(200)),
        )
        .build()
        .unwrap();
    let tally: Arc<Mutex<Tally>> = Arc::default();
    let jobs: Arc<Mutex<Vec<String>>> = Arc::default();
    runtime.block_on(async {
        let mut tasks = Vec::new();
        for task in 0..TASKS {
            let (client, tally, jobs) = (client.clone(), tally.clone(), jobs.clone());
            tasks.push(tokio::spawn(async move {
                let mut round = 0;
                while started.elapsed() < duration {
                    let (action, result) = one_call(&client, task, round, &jobs).await;
                    let mut tally = tally.lock().unwrap();
                    match result {
                        Ok(true) => *tally.ok.entry(action).or_default() += 1,
                        Ok(false) => {}
                        Err(error) => {
                            *tally.errors.entry((action, label(&error))).or_default() += 1
                        }
                    }
                    round += 1;
                }
            }));
        }
        for task in tasks {
            task.await.unwrap();
        }
    });
    sampler.join().unwrap();
    let wall = started.elapsed();
    let state = runtime.block_on(emulator_state(&emulator.base_url));

    let tally = tally.lock().unwrap();
    let samples = samples.lock().unwrap();
    let start_rss = samples
        .iter()
        .find(|(at, _)| *at >= warm_up)
        .map(|(_, kib)| *kib)
        .unwrap();
    let end_rss = samples.last().map(|(_, kib)| *kib).unwrap();
    let peak_rss = samples.iter().map(|(_, kib)| *kib).max().unwrap();
    let first_rss = samples.first().map(|(_, kib)| *kib).unwrap();

    println!(
        "soak: {TASKS} tasks for {:.1} s against `aliasr emulator` (ICE quota {ICE_QPS}/s per operation, faults {})",
        wall.as_secs_f64(),
        FAULTS.map(|(f, _)| f).join(", ")
    );
    println!(
        "| operation | succeeded | errors seen by callers | faults injected by the emulator |"
    );
    println!("|---|---|---|---|");
    let mut total = 0;
    for action in [
        "SubmitASRJob",
        "GetSmartHandleJob",
        "QueryRtcAsrTasks",
        "RealTimeRecordCommand",
    ] {
        let ok = tally.ok.get(action).copied().unwrap_or(0);
        total += ok;
        let seen: Vec<String> = tally
            .errors
            .iter()
            .filter(|((a, _), _)| *a == action)
            .map(|((_, label), n)| format!("{n} {label}"))
            .collect();
        let injected: Vec<String> = state["requests"][action]
            .as_object()
            .into_iter()
            .flatten()
            .filter_map(|(code, n)| Some(format!("{n} {}", code.strip_prefix("fault:")?)))
            .collect();
        println!(
            "| {action} | {ok} | {} | {} |",
            if seen.is_empty() {
                "none".into()
            } else {
                seen.join(", ")
            },
            injected.join(", ")
        );
        assert!(ok > 0, "no {action} succeeded");
    }
    println!(
        "| **all** | {total} ({:.0}/s) | | |",
        total as f64 / wall.as_secs_f64()
    );
    println!(
        "emulator resident memory: {first_rss} KiB at start, {start_rss} KiB after {warm_up:?} of warm-up, \
         {end_rss} KiB at the end, {peak_rss} KiB at most"
    );

    for ((action, label), seen) in tally.errors.iter() {
        assert!(
            FAULTS.iter().any(|(_, injected)| injected == label),
            "{action}: {seen} error(s) {label:?}, which the emulator did not inject"
        );
        let injected = state["requests"][action][format!("fault:{label}")]
            .as_u64()
            .unwrap_or(0);
        assert!(
            *seen <= injected,
            "{action}: callers saw {seen} {label} errors, the emulator injected {injected}"
        );
    }
    assert!(
        end_rss <= start_rss + FLAT_MEMORY_SLACK_KIB,
        "emulator memory grew from {start_rss} KiB to {end_rss} KiB after warm-up"
    );
}
