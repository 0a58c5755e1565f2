//! Signed requests per second against the emulator on loopback, client and server in one
//! process on this machine: `cargo run --release -p aliasr-benches --bin emulator_load [SECONDS] [TASKS]`.
//! Each request is a freshly signed (V3, new nonce) QueryRtcAsrTasks over keep-alive HTTP/1.1;
//! prints requests/s and latency percentiles as one JSON object.
#![allow(clippy::print_stdout, reason = "the measurement is the output")]

use std::sync::Arc;
use std::time::{Duration, Instant};

use aliasr_emulator::{DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, Emulator, EmulatorConfig};
use aliasr_sign::{Credentials, HttpMethod, SignableRequest, SigningSettings};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let seconds: f64 = args.next().map_or(Ok(5.0), |a| a.parse())?;
    let tasks: usize = args.next().map_or(Ok(32), |a| a.parse())?;
    let mut config = EmulatorConfig::default();
    // Measure the server, not the quota.
    config.quotas.query_rtc_asr_tasks = 1e9;
    let emulator = Emulator::start(config).await?;
    let host = emulator.local_addr().to_string();
    let url = emulator.base_url();
    let http = reqwest::Client::builder()
        .pool_max_idle_per_host(tasks)
        .build()?;
    let credentials = Arc::new(Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET));
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let mut handles = Vec::new();
    for _ in 0..tasks {
        let (http, credentials, host, url) = (
            http.clone(),
            Arc::clone(&credentials),
            host.clone(),
            url.clone(),
        );
        handles.push(tokio::spawn(async move {
            let settings = SigningSettings::v3();
            let mut latencies = Vec::new();
            let mut errors = 0_u64;
            while Instant::now() < deadline {
                let request = SignableRequest::new(
                    HttpMethod::Post,
                    host.clone(),
                    "QueryRtcAsrTasks",
                    "2016-11-01",
                )
                .with_param("RegionId", "cn-shanghai")
                .with_fresh_timestamp_and_nonce();
                let Ok(signed) = aliasr_sign::sign(&request, &credentials, &settings) else {
                    errors += 1;
                    continue;
                };
                let mut builder = http.post(format!("{url}{}", signed.path_and_query()));
                for header in signed.headers() {
                    builder = builder.header(header.name(), header.value());
                }
                let sent = Instant::now();
                match builder.send().await {
                    Ok(response) if response.status().is_success() => {
                        let _ = response.bytes().await;
                        latencies.push(sent.elapsed());
                    }
                    _ => errors += 1,
                }
            }
            (latencies, errors)
        }));
    }
    let mut latencies = Vec::new();
    let mut errors = 0;
    for handle in handles {
        let (mut task_latencies, task_errors) = handle.await?;
        latencies.append(&mut task_latencies);
        errors += task_errors;
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let percentile = |p: f64| {
        let index = ((latencies.len() as f64 - 1.0) * p).round() as usize;
        latencies
            .get(index)
            .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
    };
    println!(
        "{{\"tasks\":{tasks},\"seconds\":{elapsed:.2},\"requests\":{},\"errors\":{errors},\"requests_per_second\":{:.0},\"p50_ms\":{:.3},\"p99_ms\":{:.3}}}",
        latencies.len(),
        latencies.len() as f64 / elapsed,
        percentile(0.5),
        percentile(0.99)
    );
    emulator.shutdown().await;
    Ok(())
}
