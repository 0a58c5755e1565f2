//! What the client's integration tests share: credentials the emulator knows, an emulator on
//! 127.0.0.1, and a client pointed at it. Each test binary uses part of it.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;

use aliasr_client::{
    Client, Credentials, RetryPolicy, SignatureVersion, StaticProvider, WaitOptions,
};
use aliasr_emulator::{Emulator, EmulatorConfig, FaultSpec, KeySpec, RunningEmulator, StreamSpec};
use aliasr_models::{RealTimeRecordCommandRequest, RecordCommand, SubmitAsrJobRequest};

pub(crate) const KEY: &str = "LTAIclientTest";
pub(crate) const SECRET: &str = "client-secret-VALUE-123";
pub(crate) const STS_KEY: &str = "STS.clientTest";
pub(crate) const STS_SECRET: &str = "sts-secret-VALUE-456";
pub(crate) const TOKEN: &str = "sts-token+/=VALUE-789";
pub(crate) const INPUT: &str = "oss://example-bucket.oss-cn-shanghai.aliyuncs.com/talk.mp4";

pub(crate) fn config() -> EmulatorConfig {
    let mut config = EmulatorConfig::default();
    config.keys = vec![
        KeySpec::access_key(KEY, SECRET),
        KeySpec::sts(STS_KEY, STS_SECRET, TOKEN),
    ];
    config.job_duration = Duration::from_millis(300);
    config.streams = vec![StreamSpec {
        domain: "push.example.com".into(),
        app: "live".into(),
        stream: "s1".into(),
    }];
    config
}

pub(crate) async fn emulator_with(faults: Vec<FaultSpec>) -> RunningEmulator {
    let mut config = config();
    config.faults = faults;
    Emulator::start(config).await.unwrap()
}

pub(crate) fn client(
    emulator: &RunningEmulator,
    credentials: Credentials,
    version: SignatureVersion,
) -> Client {
    Client::builder()
        .endpoint(emulator.base_url())
        .credentials(StaticProvider::new(credentials))
        .signature_version(version)
        .retry_policy(
            RetryPolicy::default().with_delays(Duration::from_millis(5), Duration::from_millis(50)),
        )
        .build()
        .unwrap()
}

pub(crate) fn plain() -> Credentials {
    Credentials::new(KEY, SECRET)
}

pub(crate) fn sts() -> Credentials {
    Credentials::new(STS_KEY, STS_SECRET).with_security_token(TOKEN)
}

pub(crate) fn submit_request() -> SubmitAsrJobRequest {
    SubmitAsrJobRequest::builder()
        .input_file(INPUT)
        .title("会议 a+b & c")
        .duration("00:00:20")
        .build()
        .unwrap()
}

pub(crate) fn record(command: RecordCommand) -> RealTimeRecordCommandRequest {
    RealTimeRecordCommandRequest::builder()
        .command(command)
        .domain_name("push.example.com")
        .app_name("live")
        .stream_name("s1")
        .build()
        .unwrap()
}

pub(crate) fn quick_wait() -> WaitOptions {
    WaitOptions::default().with_delays(Duration::from_millis(20), Duration::from_millis(100))
}
