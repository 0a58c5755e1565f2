//! The emulator, end to end over loopback HTTP.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::Arc;
use std::time::Duration;

use aliasr_emulator::{FaultKind, FaultSpec, KeySpec, ManualClock, StreamSpec};
use aliasr_sign::{Credentials, HttpMethod, SignableRequest, SigningSettings};
use common::*;

const ICE: &str = "2020-11-09";
const LIVE: &str = "2016-11-01";
const INPUT: &str = "oss://bucket.oss-cn-shanghai.aliyuncs.com/talk.mp4";

#[tokio::test]
async fn official_vectors_replay_and_verify_with_the_clock_at_their_timestamp() {
    let vectors = vectors();
    let mut checked = 0;
    for vector in vectors["vectors"].as_array().unwrap() {
        let name = vector["name"].as_str().unwrap();
        let timestamp = vector["params"]["Timestamp"]
            .as_str()
            .or(vector["headers_signed"]["x-acs-date"].as_str())
            .unwrap();
        let seconds = aliasr_sign::Timestamp::parse(timestamp)
            .unwrap()
            .unix_seconds();
        let mut config = config();
        config.clock = Arc::new(ManualClock::at_unix_seconds(seconds));
        let id = vector["access_key_id"].as_str().unwrap();
        let secret = vector["access_key_secret"].as_str().unwrap();
        config.keys = vec![match vector["security_token"].as_str() {
            Some(token) => KeySpec::sts(id, secret, token),
            None => KeySpec::access_key(id, secret),
        }];
        config.streams = vec!["push.example.com/live/stream-001".parse().unwrap()];
        let emulator = start(config).await;
        let final_url = vector["final_url"].as_str().unwrap();
        let path_and_query = &final_url[final_url.find("/?").unwrap()..];
        let method = if vector["method"] == "GET" {
            reqwest::Method::GET
        } else {
            reqwest::Method::POST
        };
        let mut builder = reqwest::Client::new()
            .request(method, format!("{}{}", emulator.base_url(), path_and_query));
        if let Some(headers) = vector["headers_signed"].as_object() {
            for (name, value) in headers {
                builder = builder.header(name.as_str(), value.as_str().unwrap());
            }
            builder = builder.header("authorization", vector["authorization"].as_str().unwrap());
        }
        let reply = send(builder).await;
        let expected = match vector["action"].as_str().unwrap() {
            "SubmitASRJob" | "RealTimeRecordCommand" => (200, ""),
            // Signature accepted; this emulator has no such job / no such action.
            "GetSmartHandleJob" => (404, "InvalidParameter.JobId"),
            _ => (404, "InvalidAction.NotFound"),
        };
        assert_eq!(reply.status, expected.0, "{name}: {}", reply.body);
        if expected.0 != 200 {
            assert_eq!(reply.code(), expected.1, "{name}");
        }
        checked += 1;
    }
    assert!(checked >= 6, "checked {checked} vectors");
}

#[tokio::test]
async fn every_signing_shape_is_accepted() {
    let emulator = start(config()).await;
    let shapes: Vec<(&str, SigningSettings, HttpMethod, Credentials)> = vec![
        (
            "v1 get",
            SigningSettings::v1(),
            HttpMethod::Get,
            credentials(),
        ),
        (
            "v1 post query",
            SigningSettings::v1(),
            HttpMethod::Post,
            credentials(),
        ),
        ("v1 post form", v1_form(), HttpMethod::Post, credentials()),
        (
            "v1 sdk-core",
            SigningSettings::v1_sdk_core("cn-shanghai"),
            HttpMethod::Get,
            credentials(),
        ),
        ("v3", SigningSettings::v3(), HttpMethod::Post, credentials()),
        (
            "v1 sts",
            SigningSettings::v1(),
            HttpMethod::Post,
            sts_credentials(),
        ),
        (
            "v3 sts",
            SigningSettings::v3(),
            HttpMethod::Post,
            sts_credentials(),
        ),
    ];
    for (name, settings, method, credentials) in shapes {
        let reply = call(
            &emulator,
            &credentials,
            &settings,
            method,
            "SubmitASRJob",
            ICE,
            &[("InputFile", INPUT), ("Title", "会议 a+b")],
        )
        .await;
        assert_eq!(reply.status, 200, "{name}: {}", reply.body);
        assert_eq!(reply.json()["State"], "Created", "{name}");
        assert_eq!(reply.json()["JobId"].as_str().unwrap().len(), 32);
        assert_eq!(
            reply.header("x-acs-request-id"),
            reply.json()["RequestId"].as_str()
        );
    }
    assert_eq!(emulator.state_snapshot().count("SubmitASRJob", "OK"), 7);
}

#[tokio::test]
async fn authentication_failures_have_the_gateway_codes() {
    let emulator = start(config()).await;
    let v3 = SigningSettings::v3();
    let unknown = Credentials::new("LTAInobody", "x");
    let reply = call(
        &emulator,
        &unknown,
        &v3,
        HttpMethod::Post,
        "SubmitASRJob",
        ICE,
        &[("InputFile", INPUT)],
    )
    .await;
    assert_error(&reply, 404, "InvalidAccessKeyId.NotFound");

    let wrong = Credentials::new(KEY_ID, "wrong-secret");
    let reply = call(
        &emulator,
        &wrong,
        &SigningSettings::v1(),
        HttpMethod::Post,
        "SubmitASRJob",
        ICE,
        &[("InputFile", INPUT)],
    )
    .await;
    assert_error(&reply, 400, "SignatureDoesNotMatch");
    let message = reply.json()["Message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("server string to sign is:POST&%2F&AccessKeyId"),
        "{message}"
    );

    let no_token = Credentials::new(STS_ID, STS_SECRET);
    let reply = call(
        &emulator,
        &no_token,
        &v3,
        HttpMethod::Post,
        "SubmitASRJob",
        ICE,
        &[("InputFile", INPUT)],
    )
    .await;
    assert_eq!(reply.status, 400);
    assert!(
        reply.code().starts_with("InvalidSecurityToken."),
        "{}",
        reply.body
    );
    let bad_token = Credentials::new(STS_ID, STS_SECRET).with_security_token("other");
    let reply = call(
        &emulator,
        &bad_token,
        &v3,
        HttpMethod::Post,
        "SubmitASRJob",
        ICE,
        &[("InputFile", INPUT)],
    )
    .await;
    assert!(
        reply.code().starts_with("InvalidSecurityToken."),
        "{}",
        reply.body
    );

    let reply = v3_post(&emulator, "DescribeRegions", ICE, &[]).await;
    assert_error(&reply, 404, "InvalidAction.NotFound");
    let reply = v3_post(
        &emulator,
        "SubmitASRJob",
        "2019-01-01",
        &[("InputFile", INPUT)],
    )
    .await;
    assert_error(&reply, 400, "InvalidVersion");

    // An unsigned request: the signing fields are missing.
    let reply = send(reqwest::Client::new().post(format!(
        "{}/?Action=SubmitASRJob&Version={ICE}",
        emulator.base_url()
    )))
    .await;
    assert_eq!(reply.status, 400);
    assert!(
        matches!(
            reply.code().as_str(),
            "IncompleteSignature" | "MissingParameter"
        ),
        "{}",
        reply.body
    );
    for key in ["RequestId", "HostId", "Code", "Message", "Recommend"] {
        assert!(reply.json().get(key).is_some(), "{key} in {}", reply.body);
    }
}

#[tokio::test]
async fn stale_timestamps_and_replayed_nonces_are_refused() {
    let clock = ManualClock::at_unix_seconds(1_717_245_296);
    let mut config = config();
    config.clock = Arc::new(clock.clone());
    let emulator = start(config).await;
    let request = SignableRequest::new(
        HttpMethod::Post,
        emulator.local_addr().to_string(),
        "SubmitASRJob",
        ICE,
    )
    .with_param("InputFile", INPUT)
    .with_timestamp("2024-06-01T12:34:56Z")
    .with_nonce("nonce-1");
    let settings = SigningSettings::v3();
    assert_eq!(
        send_signed(&emulator, &request, &credentials(), &settings)
            .await
            .status,
        200
    );
    let replay = send_signed(&emulator, &request, &credentials(), &settings).await;
    assert_error(&replay, 400, "SignatureNonceUsed");
    clock.advance_ms(16 * 60 * 1000);
    let late = send_signed(
        &emulator,
        &request.clone().with_nonce("nonce-2"),
        &credentials(),
        &settings,
    )
    .await;
    assert_error(&late, 400, "InvalidTimeStamp.Expired");
}

#[tokio::test]
async fn jobs_move_through_their_states_and_failures_carry_codes() {
    let (clock, mut config) = manual_config();
    config.job_duration = Duration::from_secs(10);
    config.fail_inputs = vec!["*missing*".into()];
    let emulator = start(config).await;
    let v3 = SigningSettings::v3();
    let submit = |input: &'static str| {
        let emulator = &emulator;
        let v3 = &v3;
        async move {
            let reply = call(
                emulator,
                &credentials(),
                v3,
                HttpMethod::Post,
                "SubmitASRJob",
                ICE,
                &[
                    ("InputFile", input),
                    ("Duration", "00:00:30"),
                    ("UserData", r#"{"biz":"x"}"#),
                ],
            )
            .await;
            reply.json()["JobId"]
                .as_str()
                .unwrap_or_else(|| panic!("{}", reply.body))
                .to_owned()
        }
    };
    let ok = submit(INPUT).await;
    let bad = submit("oss://bucket.oss-cn-shanghai.aliyuncs.com/missing.mp4").await;
    let get = |job: String| {
        let emulator = &emulator;
        let v3 = &v3;
        async move {
            call(
                emulator,
                &credentials(),
                v3,
                HttpMethod::Post,
                "GetSmartHandleJob",
                ICE,
                &[("JobId", &job)],
            )
            .await
            .json()
        }
    };
    assert_eq!(get(ok.clone()).await["State"], "Created");
    clock.advance_ms(5_000);
    assert_eq!(get(ok.clone()).await["State"], "Executing");
    clock.advance_ms(5_000);
    let finished = get(ok.clone()).await;
    assert_eq!(finished["State"], "Finished");
    let body = aliasr_models::GetSmartHandleJobResponse::from_json(&finished.to_string()).unwrap();
    let segments = body.ai_result().unwrap();
    assert!(segments.len() >= 5, "{}", segments.len());
    assert!(segments.last().unwrap().to <= 30.0);
    assert_eq!(finished["UserData"], r#"{"biz":"x"}"#);
    assert_eq!(finished["SmartJobInfo"]["InputConfig"]["InputFile"], INPUT);
    let failed = get(bad).await;
    assert_eq!(failed["State"], "Failed");
    assert_eq!(failed["ErrorCode"], "InvalidParameter.InputFile");

    let reply = v3_post(&emulator, "SubmitASRJob", ICE, &[("Title", "no input")]).await;
    assert_error(&reply, 400, "MissingParam");
    let reply = v3_post(
        &emulator,
        "SubmitASRJob",
        ICE,
        &[("InputFile", INPUT), ("StartTime", "5 minutes")],
    )
    .await;
    assert_error(&reply, 400, "MalformedParam");
    let reply = v3_post(
        &emulator,
        "GetSmartHandleJob",
        ICE,
        &[("JobId", "0123456789abcdef0123456789abcdef")],
    )
    .await;
    assert_error(&reply, 404, "InvalidParameter.JobId");
}

#[tokio::test]
async fn live_tasks_and_the_recording_state_machine() {
    let (clock, mut config) = manual_config();
    config.rtc_tasks = 3;
    config.streams = vec![StreamSpec {
        domain: "push.example.com".into(),
        app: "live".into(),
        stream: "s1".into(),
    }];
    let emulator = start(config).await;
    let v3 = SigningSettings::v3();
    let tasks = v3_post(
        &emulator,
        "QueryRtcAsrTasks",
        LIVE,
        &[("RegionId", "cn-shanghai")],
    )
    .await;
    assert_eq!(tasks.status, 200);
    let parsed = aliasr_models::QueryRtcAsrTasksResponse::from_json(&tasks.body).unwrap();
    assert!(parsed.is_success());
    assert_eq!(parsed.tasks.len(), 3);
    assert!(
        tasks.json()["Tasks"]
            .as_object()
            .unwrap()
            .values()
            .all(|v| v.is_string())
    );
    let one = parsed.tasks.keys().next().unwrap().clone();
    let only = v3_post(&emulator, "QueryRtcAsrTasks", LIVE, &[("TaskId", &one)]).await;
    assert_eq!(
        aliasr_models::QueryRtcAsrTasksResponse::from_json(&only.body)
            .unwrap()
            .tasks
            .len(),
        1
    );
    let missing = v3_post(
        &emulator,
        "QueryRtcAsrTasks",
        LIVE,
        &[("TaskId", "asr-nope")],
    )
    .await;
    assert_error(&missing, 400, "ConfigNotFound");

    let record = |command: &'static str, domain: &'static str, stream: &'static str| {
        let emulator = &emulator;
        let v3 = &v3;
        async move {
            call(
                emulator,
                &credentials(),
                v3,
                HttpMethod::Post,
                "RealTimeRecordCommand",
                LIVE,
                &[
                    ("Command", command),
                    ("DomainName", domain),
                    ("AppName", "live"),
                    ("StreamName", stream),
                ],
            )
            .await
        }
    };
    assert_eq!(record("start", "push.example.com", "s1").await.status, 200);
    let twice = record("start", "push.example.com", "s1").await;
    assert_error(&twice, 409, "TaskAlreadyStarted");
    assert_eq!(record("stop", "push.example.com", "s1").await.status, 200);
    assert!(
        emulator.state_snapshot().recording_files.is_empty(),
        "stop waits for the latency"
    );
    clock.advance_ms(180_000);
    assert_eq!(emulator.state_snapshot().recording_files.len(), 1);
    assert_eq!(record("start", "push.example.com", "s1").await.status, 200);
    assert_eq!(
        record("restart", "push.example.com", "s1").await.status,
        200
    );
    assert_eq!(emulator.state_snapshot().recording_files.len(), 2);
    assert_eq!(record("stop", "push.example.com", "s1").await.status, 200);
    assert_eq!(
        record("cancel_delay", "push.example.com", "s1")
            .await
            .status,
        200
    );
    assert_eq!(emulator.state_snapshot().recording_files.len(), 3);

    let unknown_stream = record("start", "push.example.com", "nope").await;
    assert_error(&unknown_stream, 409, "StreamNotFound");
    let unknown_domain = record("start", "other.example.com", "s1").await;
    assert_error(&unknown_domain, 400, "CodeConfigNotFound");
    let bad_command = record("pause", "push.example.com", "s1").await;
    assert_error(&bad_command, 400, "MalformedParam");
    let missing = v3_post(
        &emulator,
        "RealTimeRecordCommand",
        LIVE,
        &[("Command", "start"), ("DomainName", "push.example.com")],
    )
    .await;
    assert_error(&missing, 400, "MissingParam");
}

#[tokio::test]
async fn throttling_follows_the_quota_per_key_and_says_when_to_retry() {
    let (clock, config) = manual_config();
    let emulator = start(config).await;
    let v3 = SigningSettings::v3();
    let mut codes = Vec::new();
    for _ in 0..21 {
        let reply = v3_post(&emulator, "QueryRtcAsrTasks", LIVE, &[]).await;
        codes.push((
            reply.status,
            reply.code(),
            reply.header("x-acs-retry-after").map(str::to_owned),
        ));
    }
    assert!(codes[..20].iter().all(|(status, _, _)| *status == 200));
    let (status, code, retry_after) = &codes[20];
    assert_eq!((*status, code.as_str()), (400, "Throttling.User"));
    let retry_after: u64 = retry_after.as_deref().unwrap().parse().unwrap();
    assert!((1..=50).contains(&retry_after), "{retry_after}");
    // Another key has its own quota; time refills the bucket.
    let other = call(
        &emulator,
        &sts_credentials(),
        &v3,
        HttpMethod::Post,
        "QueryRtcAsrTasks",
        LIVE,
        &[],
    )
    .await;
    assert_eq!(other.status, 200);
    clock.advance_ms(100);
    let again = v3_post(&emulator, "QueryRtcAsrTasks", LIVE, &[]).await;
    assert_eq!(again.status, 200);
}

#[tokio::test]
async fn injected_faults_answer_as_configured() {
    let kinds = [
        (FaultKind::InternalError, 500, Some("InternalError")),
        (
            FaultKind::ServiceUnavailable,
            503,
            Some("ServiceUnavailable"),
        ),
        (FaultKind::Throttle, 400, Some("Throttling.User")),
        (FaultKind::Html502, 502, None),
        (FaultKind::Slow(50), 200, None),
    ];
    for (kind, status, code) in kinds {
        let mut config = config();
        config.faults = vec![FaultSpec { kind, rate: 1.0 }];
        let emulator = start(config).await;
        let started = std::time::Instant::now();
        let reply = v3_post(&emulator, "QueryRtcAsrTasks", LIVE, &[]).await;
        assert_eq!(reply.status, status, "{kind:?}: {}", reply.body);
        if let Some(code) = code {
            assert_eq!(reply.code(), code);
        }
        if kind == FaultKind::Html502 {
            assert!(reply.body.starts_with("<html>"));
        }
        if let FaultKind::Slow(ms) = kind {
            assert!(started.elapsed() >= Duration::from_millis(ms));
        }
    }
    // reset: processed, then the connection drops without an answer.
    let mut config = config();
    config.faults = vec![FaultSpec {
        kind: FaultKind::Reset,
        rate: 1.0,
    }];
    let emulator = start(config).await;
    let request = SignableRequest::new(
        HttpMethod::Post,
        emulator.local_addr().to_string(),
        "SubmitASRJob",
        ICE,
    )
    .with_param("InputFile", INPUT)
    .with_fresh_timestamp_and_nonce();
    let signed = aliasr_sign::sign(&request, &credentials(), &SigningSettings::v3()).unwrap();
    let mut builder = reqwest::Client::new().post(format!(
        "{}{}",
        emulator.base_url(),
        signed.path_and_query()
    ));
    for header in signed.headers() {
        builder = builder.header(header.name(), header.value());
    }
    assert!(builder.send().await.is_err());
    assert_eq!(
        emulator.state_snapshot().jobs.len(),
        1,
        "the job exists although no answer came"
    );
}

#[tokio::test]
async fn the_state_endpoint_needs_no_signature_and_nothing_else_is_open() {
    let emulator = start(config()).await;
    let reply =
        send(reqwest::Client::new().get(format!("{}/__emulator/state", emulator.base_url()))).await;
    assert_eq!(reply.status, 200);
    assert!(reply.json()["jobs"].is_object());
    let other = send(reqwest::Client::new().get(format!("{}/anything", emulator.base_url()))).await;
    assert_ne!(other.status, 200);
}

#[tokio::test]
async fn non_loopback_listening_needs_explicit_permission() {
    let mut config = config();
    config.listen = "0.0.0.0:0".parse().unwrap();
    let error = aliasr_emulator::Emulator::start(config).await.unwrap_err();
    assert!(
        error.to_string().contains("not a loopback address"),
        "{error}"
    );
}

#[tokio::test]
async fn a_ram_policy_denies_with_forbidden_ram_and_explicit_deny_wins() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("policy.json");
    std::fs::write(
        &path,
        r#"{"Version":"1","Statement":[
            {"Effect":"Allow","Action":["ice:*","live:*"],"Resource":"*"},
            {"Effect":"Deny","Action":"live:RealTimeRecordCommand","Resource":"acs:live:*:*:domain/push.example.com"}]}"#,
    )
    .unwrap();
    let mut config = config();
    config.policy = Some(path);
    config.streams = vec!["push.example.com/live/s1".parse().unwrap()];
    let emulator = start(config).await;
    let allowed = v3_post(&emulator, "QueryRtcAsrTasks", LIVE, &[]).await;
    assert_eq!(allowed.status, 200, "{}", allowed.body);
    let denied = v3_post(
        &emulator,
        "RealTimeRecordCommand",
        LIVE,
        &[
            ("Command", "start"),
            ("DomainName", "push.example.com"),
            ("AppName", "live"),
            ("StreamName", "s1"),
        ],
    )
    .await;
    assert_error(&denied, 403, "Forbidden.RAM");
    assert_eq!(
        denied.json()["AccessDeniedDetail"]["NoPermissionType"],
        "ExplicitDeny"
    );
    assert_eq!(
        denied.json()["AccessDeniedDetail"]["AuthAction"],
        "live:RealTimeRecordCommand"
    );

    let mut broken = self::config();
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{\"Statement\": [").unwrap();
    broken.policy = Some(bad);
    let error = aliasr_emulator::Emulator::start(broken).await.unwrap_err();
    assert!(error.to_string().contains("bad.json"), "{error}");
}

#[tokio::test]
async fn old_jobs_are_forgotten_so_memory_stays_bounded() {
    let (clock, mut config) = manual_config();
    config.job_ttl = Duration::from_secs(60);
    config.max_jobs = 2;
    let emulator = start(config).await;
    let v3 = SigningSettings::v3();
    for _ in 0..2 {
        let reply = v3_post(&emulator, "SubmitASRJob", ICE, &[("InputFile", INPUT)]).await;
        assert_eq!(reply.status, 200);
    }
    let full = v3_post(&emulator, "SubmitASRJob", ICE, &[("InputFile", INPUT)]).await;
    assert_error(&full, 400, "QuotaExceeded.Job");
    assert!(
        full.json()["Message"]
            .as_str()
            .unwrap()
            .contains("at most 2 jobs")
    );
    clock.advance_ms(61_000);
    // The requests above were signed at the real time; sign the next one at the clock's time.
    let request = SignableRequest::new(
        HttpMethod::Post,
        emulator.local_addr().to_string(),
        "SubmitASRJob",
        ICE,
    )
    .with_param("InputFile", INPUT)
    .with_timestamp(aliasr_emulator_time(&clock))
    .with_nonce("after-ttl");
    let reply = send_signed(&emulator, &request, &credentials(), &v3).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(emulator.state_snapshot().jobs.len(), 1);
}

/// The manual clock's time as a signing timestamp.
fn aliasr_emulator_time(clock: &ManualClock) -> String {
    use aliasr_emulator::Clock;
    time::OffsetDateTime::from_unix_timestamp(clock.now_ms() / 1000)
        .unwrap()
        .format(time::macros::format_description!(
            "[year]-[month]-[day]T[hour]:[minute]:[second]Z"
        ))
        .unwrap()
}

#[tokio::test]
async fn rtc_tasks_can_come_from_a_fixture_file() {
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../testdata/fixtures/query-rtc-asr-tasks-object.json");
    let mut config = config();
    config.rtc_tasks_file = Some(fixture);
    let emulator = start(config).await;
    let reply = v3_post(&emulator, "QueryRtcAsrTasks", LIVE, &[]).await;
    let parsed = aliasr_models::QueryRtcAsrTasksResponse::from_json(&reply.body).unwrap();
    let task = &parsed.tasks["7d2a1e9c-0b6f-4c1e-9a55-3f2b8c1d0e11"];
    assert_eq!(
        task.stream_url.as_deref(),
        Some("rtmp://push.example.com/live/room1")
    );
    assert!(reply.json()["Tasks"]["7d2a1e9c-0b6f-4c1e-9a55-3f2b8c1d0e11"].is_string());
}
