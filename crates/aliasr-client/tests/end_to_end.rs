//! The client against the in-process emulator on 127.0.0.1 (never the real cloud).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aliasr_client::{
    Client, Credentials, Error, RetryPolicy, SignatureVersion, StaticProvider, TransportKind,
};
use aliasr_emulator::{Emulator, EmulatorConfig, FaultKind, FaultSpec, KeySpec};
use aliasr_models::{QueryRtcAsrTasksRequest, RecordCommand, SubmitAsrJobRequest};
use common::*;

#[tokio::test]
async fn every_operation_works_with_v1_v3_and_sts() {
    for (credentials, version) in [
        (plain(), SignatureVersion::V3),
        (plain(), SignatureVersion::V1),
        (sts(), SignatureVersion::V3),
        (sts(), SignatureVersion::V1),
    ] {
        let emulator = emulator_with(vec![]).await;
        let client = client(&emulator, credentials, version);
        let job = client.submit_asr_job(&submit_request()).await.unwrap();
        let job_id = job.job_id.unwrap();
        let finished = client.wait_for_job(&job_id, quick_wait()).await.unwrap();
        assert!(!finished.segments.is_empty());
        let tasks = client
            .query_rtc_asr_tasks(
                &QueryRtcAsrTasksRequest::builder()
                    .region_id("cn-shanghai")
                    .build()
                    .unwrap(),
            )
            .await
            .unwrap();
        assert_eq!(tasks.tasks.len(), 2);
        client
            .real_time_record_command(&record(RecordCommand::Start))
            .await
            .unwrap();
        client
            .real_time_record_command(&record(RecordCommand::Stop))
            .await
            .unwrap();
        let state = emulator.state_snapshot();
        assert_eq!(state.count("SubmitASRJob", "OK"), 1, "{version:?}");
        assert_eq!(state.count("RealTimeRecordCommand", "OK"), 2);
    }
}

#[tokio::test]
async fn service_errors_are_typed_with_code_and_request_id() {
    let emulator = emulator_with(vec![]).await;
    let client = client(&emulator, plain(), SignatureVersion::V3);
    client
        .real_time_record_command(&record(RecordCommand::Start))
        .await
        .unwrap();
    let error = client
        .real_time_record_command(&record(RecordCommand::Start))
        .await
        .unwrap_err();
    match &error {
        Error::Service(failure) => {
            assert_eq!(
                (failure.status, failure.code.as_str()),
                (409, "TaskAlreadyStarted")
            );
            assert!(failure.request_id.is_some());
        }
        other => panic!("{other:?}"),
    }
    let line = error.to_string();
    assert!(
        line.contains("TaskAlreadyStarted") && line.contains("RequestId"),
        "{line}"
    );
    assert!(!line.contains('\n'));

    let missing = client
        .query_rtc_asr_tasks(
            &QueryRtcAsrTasksRequest::builder()
                .task_id("asr-none")
                .build()
                .unwrap(),
        )
        .await
        .unwrap_err();
    assert_eq!(missing.code(), Some("ConfigNotFound"));

    let job = client
        .get_smart_handle_job("0123456789abcdef0123456789abcdef")
        .await
        .unwrap_err();
    assert_eq!(job.code(), Some("InvalidParameter.JobId"));

    let wrong = self::client(
        &emulator,
        Credentials::new(KEY, "wrong"),
        SignatureVersion::V1,
    );
    let mismatch = wrong
        .get_smart_handle_job("0123456789abcdef0123456789abcdef")
        .await
        .unwrap_err();
    assert_eq!(mismatch.code(), Some("SignatureDoesNotMatch"));
    let unknown = self::client(
        &emulator,
        Credentials::new("LTAInobody", "x"),
        SignatureVersion::V3,
    );
    let error = unknown
        .get_smart_handle_job("0123456789abcdef0123456789abcdef")
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("InvalidAccessKeyId.NotFound"));
}

#[tokio::test]
async fn failed_jobs_and_wait_deadlines_are_typed() {
    let mut config = config();
    config.fail_inputs = vec!["*missing*".into()];
    let emulator = Emulator::start(config).await.unwrap();
    let client = client(&emulator, plain(), SignatureVersion::V3);
    let request = SubmitAsrJobRequest::builder()
        .input_file("oss://example-bucket.oss-cn-shanghai.aliyuncs.com/missing.mp4")
        .build()
        .unwrap();
    let job_id = client
        .submit_asr_job(&request)
        .await
        .unwrap()
        .job_id
        .unwrap();
    let error = client
        .wait_for_job(&job_id, quick_wait())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::JobFailed { code, .. } if code == "InvalidParameter.InputFile"),
        "{error}"
    );

    let mut slow = config_with_duration(Duration::from_secs(3600));
    slow.keys = vec![KeySpec::access_key(KEY, SECRET)];
    let emulator = Emulator::start(slow).await.unwrap();
    let client = self::client(&emulator, plain(), SignatureVersion::V3);
    let job_id = client
        .submit_asr_job(&submit_request())
        .await
        .unwrap()
        .job_id
        .unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let seen_in_callback = Arc::clone(&seen);
    let error = client
        .wait_for_job(
            &job_id,
            quick_wait()
                .with_timeout(Duration::from_millis(300))
                .with_progress(move |state, _| {
                    seen_in_callback.lock().unwrap().push(state.to_string())
                }),
        )
        .await
        .unwrap_err();
    assert!(matches!(error, Error::WaitTimeout { .. }), "{error}");
    assert!(!seen.lock().unwrap().is_empty());
}

fn config_with_duration(duration: Duration) -> EmulatorConfig {
    let mut config = config();
    config.job_duration = duration;
    config
}

#[tokio::test]
async fn idempotent_calls_are_retried_through_transient_faults() {
    for fault in [
        FaultKind::InternalError,
        FaultKind::ServiceUnavailable,
        FaultKind::Throttle,
        FaultKind::Html502,
        FaultKind::Reset,
    ] {
        let emulator = emulator_with(vec![FaultSpec {
            kind: fault,
            rate: 1.0,
        }])
        .await;
        let client = client(&emulator, plain(), SignatureVersion::V3);
        let error = client
            .query_rtc_asr_tasks(&QueryRtcAsrTasksRequest::builder().build().unwrap())
            .await
            .unwrap_err();
        let state = emulator.state_snapshot();
        let attempts: u64 = state.requests["QueryRtcAsrTasks"]
            .iter()
            .filter(|(code, _)| code.starts_with("fault:"))
            .map(|(_, count)| count)
            .sum();
        assert_eq!(attempts, 4, "{fault:?}: {error}");
    }
}

#[tokio::test]
async fn submissions_are_never_duplicated_when_the_answer_is_lost() {
    let emulator = emulator_with(vec![FaultSpec {
        kind: FaultKind::Reset,
        rate: 1.0,
    }])
    .await;
    let client = client(&emulator, plain(), SignatureVersion::V3);
    let error = client.submit_asr_job(&submit_request()).await.unwrap_err();
    assert!(matches!(error, Error::OutcomeUnknown { .. }), "{error}");
    assert_eq!(emulator.state_snapshot().jobs.len(), 1);

    let emulator = emulator_with(vec![FaultSpec {
        kind: FaultKind::Slow(1_500),
        rate: 1.0,
    }])
    .await;
    let client = Client::builder()
        .endpoint(emulator.base_url())
        .credentials(StaticProvider::new(plain()))
        .timeouts(Duration::from_millis(500), Duration::from_millis(300))
        .build()
        .unwrap();
    let error = client.submit_asr_job(&submit_request()).await.unwrap_err();
    assert!(matches!(error, Error::OutcomeUnknown { .. }), "{error}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert_eq!(emulator.state_snapshot().jobs.len(), 1);

    // Throttling is refused before anything happens, so a submission is retried through it.
    let emulator = emulator_with(vec![FaultSpec {
        kind: FaultKind::Throttle,
        rate: 0.5,
    }])
    .await;
    let client = self::client(&emulator, plain(), SignatureVersion::V3).clone();
    for _ in 0..5 {
        let _ = client.submit_asr_job(&submit_request()).await;
    }
    let state = emulator.state_snapshot();
    assert_eq!(state.jobs.len() as u64, state.count("SubmitASRJob", "OK"));
}

#[tokio::test]
async fn connect_errors_are_transport_errors_after_retries() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let client = Client::builder()
        .endpoint(format!("http://{address}"))
        .credentials(StaticProvider::new(plain()))
        .retry_policy(
            RetryPolicy::default()
                .with_max_attempts(2)
                .with_delays(Duration::from_millis(1), Duration::from_millis(2)),
        )
        .build()
        .unwrap();
    let error = client.submit_asr_job(&submit_request()).await.unwrap_err();
    assert!(
        matches!(
            error,
            Error::Transport {
                kind: TransportKind::Connect,
                attempts: 2,
                ..
            }
        ),
        "{error}"
    );
}

#[tokio::test]
async fn plain_http_is_refused_off_loopback() {
    let error = Client::builder()
        .endpoint("http://example.com")
        .credentials(StaticProvider::new(plain()))
        .build()
        .unwrap_err();
    assert!(error.to_string().contains("plain http"), "{error}");
}

#[tokio::test]
async fn the_rate_limiter_keeps_a_burst_under_the_quota() {
    let emulator = emulator_with(vec![]).await;
    let client = client(&emulator, plain(), SignatureVersion::V3);
    let started = std::time::Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..4 {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            for _ in 0..50 {
                client
                    .query_rtc_asr_tasks(&QueryRtcAsrTasksRequest::builder().build().unwrap())
                    .await
                    .unwrap();
            }
        }));
    }
    for task in tasks {
        task.await.unwrap();
    }
    let state = emulator.state_snapshot();
    assert_eq!(state.count("QueryRtcAsrTasks", "OK"), 200);
    assert_eq!(state.count("QueryRtcAsrTasks", "Throttling.User"), 0);
    assert!(
        started.elapsed() >= Duration::from_millis(9_900),
        "{:?}",
        started.elapsed()
    );
}
