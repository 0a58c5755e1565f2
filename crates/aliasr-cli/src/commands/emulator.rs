//! `aliasr emulator`: the local endpoint in the foreground.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use aliasr_emulator::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_STREAM, Emulator, EmulatorConfig, FaultSpec,
    KeySpec, StreamSpec,
};
use anyhow::{Context, anyhow};
use clap::Args;

use crate::exit::CliError;

/// Arguments of `aliasr emulator`.
#[derive(Debug, Args)]
#[command(
    after_help = "Point a client at it with --endpoint http://127.0.0.1:PORT (both products). \
GET /__emulator/state shows jobs, streams, recording files and request counters."
)]
pub(crate) struct EmulatorArgs {
    /// Address to listen on; non-loopback addresses also need --allow-non-loopback.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Expose the emulator beyond this machine.
    #[arg(long)]
    allow_non_loopback: bool,
    /// An accepted AccessKey, ID:SECRET (repeatable). Without any, the demo key is accepted.
    #[arg(long = "access-key", value_name = "ID:SECRET")]
    access_keys: Vec<KeySpec>,
    /// An accepted STS key, ID:SECRET:TOKEN (repeatable).
    #[arg(long = "sts-key", value_name = "ID:SECRET:TOKEN")]
    sts_keys: Vec<KeySpec>,
    /// Seconds from submission to Finished.
    #[arg(long, value_name = "SECS", default_value_t = 2.0)]
    job_duration: f64,
    /// Jobs whose InputFile matches this pattern (* and ?) fail (repeatable).
    #[arg(long = "fail-input", value_name = "GLOB")]
    fail_inputs: Vec<String>,
    /// A segment array (AiResult JSON) every job returns, instead of generated speech.
    #[arg(long, value_name = "PATH")]
    transcript: Option<PathBuf>,
    /// How many running RTC ASR tasks QueryRtcAsrTasks reports.
    #[arg(long, value_name = "N", default_value_t = 2)]
    rtc_tasks: usize,
    /// Report the tasks of this QueryRtcAsrTasks answer (JSON) instead of generated ones.
    #[arg(long, value_name = "PATH", conflicts_with = "rtc_tasks")]
    rtc_tasks_file: Option<PathBuf>,
    /// A stream with a recording configuration, DOMAIN/APP/STREAM (repeatable).
    #[arg(long = "stream", value_name = "DOMAIN/APP/STREAM")]
    streams: Vec<StreamSpec>,
    /// Seconds between `stop` and the recording file.
    #[arg(long, value_name = "SECS", default_value_t = 180.0)]
    stop_latency: f64,
    /// Requests per second per key for each ICE operation.
    #[arg(long, value_name = "QPS", default_value_t = 10.0)]
    ice_qps: f64,
    /// Inject a fault, KIND:RATE with KIND 500, 503, throttle, reset, slow:MS or html502 (repeatable).
    #[arg(long = "fault", value_name = "KIND:RATE")]
    faults: Vec<FaultSpec>,
    /// A RAM policy (JSON, Allow/Deny statements) every call must satisfy; denials are 403 Forbidden.RAM.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Seed for faults and generated transcripts.
    #[arg(long, default_value_t = 7)]
    seed: u64,
    /// Seconds a job is remembered after its submission (memory stays bounded however long the
    /// emulator runs); GetSmartHandleJob on a forgotten job answers as for an unknown JobId.
    #[arg(long, value_name = "SECS", default_value_t = 86_400.0)]
    job_ttl: f64,
    /// Most jobs remembered at once; submissions beyond it are refused with a clear error.
    #[arg(long, value_name = "N", default_value_t = 100_000)]
    max_jobs: usize,
    /// Seconds a signed request's timestamp may differ from the emulator's clock; nonces are
    /// remembered for twice this long, so their memory is this window times the request rate.
    #[arg(long, value_name = "SECS", default_value_t = 900.0)]
    max_skew: f64,
}

fn seconds(flag: &str, value: f64) -> Result<Duration, CliError> {
    Duration::try_from_secs_f64(value).map_err(|_| {
        CliError::usage(anyhow!(
            "--{flag} must be a non-negative number of seconds, not {value}"
        ))
    })
}

impl EmulatorArgs {
    fn config(self) -> Result<EmulatorConfig, CliError> {
        let mut config = EmulatorConfig::default();
        config.listen = self.listen;
        config.allow_non_loopback = self.allow_non_loopback;
        config.keys = self.access_keys.into_iter().chain(self.sts_keys).collect();
        config.job_duration = seconds("job-duration", self.job_duration)?;
        config.fail_inputs = self.fail_inputs;
        if let Some(path) = self.transcript {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("reading {}", path.display()))
                .map_err(CliError::input)?;
            let segments = aliasr_models::parse_segments(&text).map_err(|e| {
                CliError::input(anyhow::Error::new(e).context(path.display().to_string()))
            })?;
            config.transcript = Some(segments);
        }
        config.rtc_tasks = self.rtc_tasks;
        config.rtc_tasks_file = self.rtc_tasks_file;
        config.streams = self.streams;
        config.stop_latency = seconds("stop-latency", self.stop_latency)?;
        config.quotas.ice = self.ice_qps;
        config.faults = self.faults;
        config.seed = self.seed;
        config.policy = self.policy;
        config.job_ttl = seconds("job-ttl", self.job_ttl)?;
        config.max_jobs = self.max_jobs;
        config.max_skew = seconds("max-skew", self.max_skew)?;
        Ok(config)
    }
}

/// Runs the emulator until Ctrl-C.
#[allow(clippy::print_stdout, reason = "the command's output")]
pub(crate) fn run(args: EmulatorArgs) -> Result<(), CliError> {
    let config = args.config()?;
    let key_ids: Vec<String> = config.keys.iter().map(|k| k.id.clone()).collect();
    let runtime = crate::service::runtime()?;
    runtime.block_on(async move {
        let emulator = Emulator::start(config).await.map_err(CliError::usage)?;
        println!("aliasr emulator listening on {}", emulator.base_url());
        if key_ids.is_empty() {
            println!("accepting the demo key: ALIBABA_CLOUD_ACCESS_KEY_ID={DEMO_ACCESS_KEY_ID} ALIBABA_CLOUD_ACCESS_KEY_SECRET={DEMO_ACCESS_KEY_SECRET}");
        } else {
            println!("accepting AccessKey IDs: {}", key_ids.join(", "));
        }
        println!("streams: {DEMO_STREAM} (and any --stream); state: {}/__emulator/state", emulator.base_url());
        println!("press Ctrl-C to stop");
        tokio::signal::ctrl_c()
            .await
            .map_err(|e| CliError::input(anyhow!("waiting for Ctrl-C: {e}")))?;
        emulator.shutdown().await;
        Ok(())
    })
}
