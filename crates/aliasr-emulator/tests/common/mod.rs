//! Helpers: sign requests with `aliasr-sign` and send them with a plain reqwest client.
#![allow(dead_code, unreachable_pub, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use aliasr_emulator::{Emulator, EmulatorConfig, KeySpec, RunningEmulator};
use aliasr_sign::{Credentials, HttpMethod, ParamPlacement, SignableRequest, SigningSettings};

pub const KEY_ID: &str = "LTAItestKey";
pub const SECRET: &str = "test-secret-value";
pub const STS_ID: &str = "STS.testKey";
pub const STS_SECRET: &str = "sts-secret-value";
pub const STS_TOKEN: &str = "sts+token/with=chars";

pub fn config() -> EmulatorConfig {
    let mut config = EmulatorConfig::default();
    config.keys = vec![
        KeySpec::access_key(KEY_ID, SECRET),
        KeySpec::sts(STS_ID, STS_SECRET, STS_TOKEN),
    ];
    config
}

/// A config on a clock that moves only when the test says (starting at the real time, so
/// freshly signed requests pass the skew check).
pub fn manual_config() -> (aliasr_emulator::ManualClock, EmulatorConfig) {
    let clock = aliasr_emulator::ManualClock::starting_now();
    let mut config = config();
    config.clock = std::sync::Arc::new(clock.clone());
    (clock, config)
}

/// The reply is the gateway error `code` with `status`.
#[track_caller]
pub fn assert_error(reply: &Reply, status: u16, code: &str) {
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (status, code),
        "{}",
        reply.body
    );
}

pub async fn start(config: EmulatorConfig) -> RunningEmulator {
    Emulator::start(config).await.unwrap()
}

pub fn credentials() -> Credentials {
    Credentials::new(KEY_ID, SECRET)
}

pub fn sts_credentials() -> Credentials {
    Credentials::new(STS_ID, STS_SECRET).with_security_token(STS_TOKEN)
}

/// What came back.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: String,
}

impl Reply {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }

    pub fn code(&self) -> String {
        self.json()["Code"].as_str().unwrap_or_default().to_owned()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }
}

/// Signs and sends one call.
pub async fn call(
    emulator: &RunningEmulator,
    credentials: &Credentials,
    settings: &SigningSettings,
    method: HttpMethod,
    action: &str,
    version: &str,
    params: &[(&str, &str)],
) -> Reply {
    let mut request =
        SignableRequest::new(method, emulator.local_addr().to_string(), action, version)
            .with_fresh_timestamp_and_nonce();
    for (name, value) in params {
        request = request.with_param(*name, *value);
    }
    send_signed(emulator, &request, credentials, settings).await
}

/// A V3-signed POST with the plain test key, the shape most tests need.
pub async fn v3_post(
    emulator: &RunningEmulator,
    action: &str,
    version: &str,
    params: &[(&str, &str)],
) -> Reply {
    call(
        emulator,
        &credentials(),
        &SigningSettings::v3(),
        HttpMethod::Post,
        action,
        version,
        params,
    )
    .await
}

pub async fn send_signed(
    emulator: &RunningEmulator,
    request: &SignableRequest,
    credentials: &Credentials,
    settings: &SigningSettings,
) -> Reply {
    let signed = aliasr_sign::sign(request, credentials, settings).unwrap();
    let url = format!("{}{}", emulator.base_url(), signed.path_and_query());
    let method = match request.method {
        HttpMethod::Get => reqwest::Method::GET,
        _ => reqwest::Method::POST,
    };
    let mut builder = reqwest::Client::new().request(method, url);
    for header in signed.headers() {
        builder = builder.header(header.name(), header.value());
    }
    if let Some(body) = signed.body() {
        builder = builder.body(body.to_owned());
    }
    send(builder).await
}

pub async fn send(builder: reqwest::RequestBuilder) -> Reply {
    let response = builder.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response.text().await.unwrap();
    Reply {
        status,
        headers,
        body,
    }
}

pub fn v1_form() -> SigningSettings {
    SigningSettings::v1().with_param_placement(ParamPlacement::FormBody)
}

pub fn vectors() -> serde_json::Value {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let shared = root.join("../shared/vectors/official-vectors.json");
    let path = if shared.exists() {
        shared
    } else {
        root.join("testdata/vectors/official-vectors.json")
    };
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}
