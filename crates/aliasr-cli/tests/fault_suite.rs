//! The batch path under injected faults: 500 jobs per fault kind at a 20 % rate.
//! Every input ends in a final state (finished, failed, or listed as outcome unknown), none is
//! submitted twice, no finished result is lost, and a re-run without faults completes every input
//! whose outcome is known. Slow (about a minute): `cargo test -p aliasr-cli --test fault_suite --
//! --ignored --nocapture`, run by `.ci/checks/60-fault-suite.sh`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::print_stdout)]

use std::collections::HashMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aliasr_emulator::{Emulator, EmulatorConfig, FaultKind, FaultSpec, KeySpec, Quotas};

const KEY: &str = "LTAIfaultSuite";
const SECRET: &str = "fault-suite-secret";
const JOBS: usize = 500;

fn batch(home: &Path, url: &str, list: &Path, out: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_aliasr"))
        .env_clear()
        .env("HOME", home)
        .env("ALIBABA_CLOUD_ECS_METADATA_DISABLED", "true")
        .env("ALIBABA_CLOUD_ACCESS_KEY_ID", KEY)
        .env("ALIBABA_CLOUD_ACCESS_KEY_SECRET", SECRET)
        .args([
            "asr",
            "batch",
            list.to_str().unwrap(),
            "--out-dir",
            out.to_str().unwrap(),
        ])
        .args([
            "--endpoint",
            url,
            "--ice-qps",
            "400",
            "--concurrency",
            "64",
            "--poll",
            "0.1",
            "--timeout",
            "60",
            "--output",
            "json",
        ])
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
#[ignore = "slow; run by .ci/checks/60-fault-suite.sh"]
fn the_batch_survives_every_fault_kind_without_duplicates_or_lost_results() {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    println!(
        "| fault (20 %) | wall time | requests | submitted / jobs | finished | failed (resubmittable) | outcome unknown |"
    );
    println!("|---|---|---|---|---|---|---|");
    for kind in [
        FaultKind::InternalError,
        FaultKind::ServiceUnavailable,
        FaultKind::Throttle,
        FaultKind::Reset,
        FaultKind::Slow(200),
        FaultKind::Html502,
    ] {
        let mut config = EmulatorConfig::default();
        config.keys = vec![KeySpec::access_key(KEY, SECRET)];
        config.job_duration = Duration::from_millis(300);
        config.faults = vec![FaultSpec { kind, rate: 0.2 }];
        config.quotas = Quotas::default();
        config.quotas.ice = 1000.0;
        let emulator = runtime.block_on(Emulator::start(config)).unwrap();
        let home = tempfile::tempdir().unwrap();
        let list = home.path().join("list.txt");
        let inputs: Vec<String> = (0..JOBS)
            .map(|i| format!("oss://fault-bucket.oss-cn-shanghai.aliyuncs.com/in/{i:04}.mp4"))
            .collect();
        std::fs::write(&list, inputs.join("\n")).unwrap();
        let out = home.path().join("out");

        let started = Instant::now();
        let first = batch(home.path(), &emulator.base_url(), &list, &out);
        let wall = started.elapsed();
        let summary: serde_json::Value =
            serde_json::from_slice(&first.stdout).unwrap_or_else(|e| {
                panic!("{kind:?}: {e}: {}", String::from_utf8_lossy(&first.stderr))
            });
        let state = emulator.state_snapshot();
        let requests: u64 = state
            .requests
            .values()
            .flat_map(|codes| codes.values())
            .sum();

        let mut per_input: HashMap<&str, usize> = HashMap::new();
        for job in state.jobs.values() {
            *per_input.entry(job.input_file.as_str()).or_default() += 1;
        }
        assert!(
            per_input.values().all(|&n| n == 1),
            "{kind:?}: an input was submitted twice"
        );
        let finished = summary["finished"].as_u64().unwrap() as usize;
        let failed = summary["failed"].as_array().unwrap().len();
        let unknown = summary["outcome_unknown"].as_array().unwrap().len();
        let waiting = summary["still_waiting"].as_array().unwrap().len();
        assert_eq!(
            finished + failed + unknown + waiting,
            JOBS,
            "{kind:?}: {summary}"
        );
        assert_eq!(waiting, 0, "{kind:?}: {summary}");
        println!(
            "| {kind:?} | {:.1} s | {requests} | {} / {} | {finished} | {failed} | {unknown} |",
            wall.as_secs_f64(),
            summary["submitted"],
            state.jobs.len()
        );

        // Re-run on a healthy service: nothing recorded is submitted again, nothing is lost.
        let jobs_before = state.jobs.len();
        runtime.block_on(emulator.shutdown());
        let mut config = EmulatorConfig::default();
        config.keys = vec![KeySpec::access_key(KEY, SECRET)];
        config.job_duration = Duration::from_millis(300);
        config.quotas.ice = 1000.0;
        config.seed = 11;
        let healthy = runtime.block_on(Emulator::start(config)).unwrap();
        // The old service's jobs are gone with it; recorded-but-unfinished ones would now be
        // unknown JobIds, so only inputs that never got a JobId may be submitted here.
        let second = batch(home.path(), &healthy.base_url(), &list, &out);
        let summary: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap();
        let resubmitted = healthy.state_snapshot().jobs.len();
        assert!(
            resubmitted <= failed,
            "{kind:?}: {resubmitted} resubmitted, {failed} were refused"
        );
        assert_eq!(
            summary["outcome_unknown"].as_array().unwrap().len(),
            unknown,
            "{kind:?}"
        );
        for (index, input) in inputs.iter().enumerate() {
            let is_unknown = summary["outcome_unknown"]
                .as_array()
                .unwrap()
                .iter()
                .any(|u| u == input.as_str());
            if !is_unknown {
                assert!(
                    out.join(format!("{index:04}.srt")).exists(),
                    "{kind:?}: {input} has no subtitles"
                );
            }
        }
        assert!(jobs_before + resubmitted <= JOBS, "{kind:?}");
        runtime.block_on(healthy.shutdown());
    }
}
