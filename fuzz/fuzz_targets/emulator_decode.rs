//! The emulator's request pipeline on arbitrary input: never panics, and every answer is either a
//! success body or an error body that clients can read as a ServiceError.
//!
//! Half of the cases are raw requests (mostly stopped at the signature); the other half sign
//! arbitrary parameters with the demo key first, so the fuzzer reaches operation decoding.
#![no_main]

use std::sync::Arc;

use aliasr_emulator::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, EmulatorConfig, ManualClock, answer_once,
};
use aliasr_models::ServiceError;
use aliasr_sign::{Credentials, HttpMethod, SignableRequest, SigningSettings};
use libfuzzer_sys::fuzz_target;

const ACTIONS: [(&str, &str); 5] = [
    ("SubmitASRJob", "2020-11-09"),
    ("GetSmartHandleJob", "2020-11-09"),
    ("QueryRtcAsrTasks", "2016-11-01"),
    ("RealTimeRecordCommand", "2016-11-01"),
    ("DescribeRegions", "2014-05-26"),
];

fn config() -> EmulatorConfig {
    let mut config = EmulatorConfig::default();
    config.clock = Arc::new(ManualClock::at_unix_seconds(1_717_245_296));
    config
}

fn check(status: u16, body: &str) {
    if status != 200 {
        assert!(ServiceError::from_json(body).is_ok(), "unreadable error body: {body}");
    } else {
        assert!(serde_json_ok(body), "success body is not JSON: {body}");
    }
}

fn serde_json_ok(body: &str) -> bool {
    body.starts_with('{') && body.ends_with('}')
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    let text = String::from_utf8_lossy(rest);
    if selector % 2 == 0 {
        let mut parts = text.splitn(4, '\u{0}');
        let query = parts.next().unwrap_or_default();
        let body = parts.next().unwrap_or_default();
        let header_text = parts.next().unwrap_or_default();
        let headers: Vec<(&str, &str)> = header_text
            .lines()
            .filter_map(|line| line.split_once(':'))
            .collect();
        let method = if selector & 4 == 0 { "POST" } else { "GET" };
        let (status, answer) = answer_once(config(), method, "/", query, body.as_bytes(), &headers);
        check(status, &answer);
    } else {
        let (action, version) = ACTIONS[usize::from(selector / 2) % ACTIONS.len()];
        let mut request = SignableRequest::new(HttpMethod::Post, "127.0.0.1:1", action, version)
            .with_timestamp("2024-06-01T12:34:56Z")
            .with_nonce("fuzz-nonce");
        for line in text.lines() {
            if let Some((name, value)) = line.split_once('=') {
                request = request.with_param(name, value);
            }
        }
        let settings = if selector & 8 == 0 { SigningSettings::v3() } else { SigningSettings::v1() };
        let credentials = Credentials::new(DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET);
        let Ok(signed) = aliasr_sign::sign(&request, &credentials, &settings) else { return };
        let mut headers: Vec<(&str, &str)> = signed.headers().iter().map(|h| (h.name(), h.value())).collect();
        headers.push(("host", "127.0.0.1:1"));
        let (status, answer) = answer_once(
            config(),
            "POST",
            "/",
            signed.query(),
            signed.body().unwrap_or_default().as_bytes(),
            &headers,
        );
        check(status, &answer);
    }
});
