//! No public type that holds a secret or a security token prints it in `Debug` or `Display`, in any
//! of the spellings it travels in.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use aliasr_sign::{
    Credentials, HttpMethod, IncomingRequest, ParamPlacement, REDACTED, SignError, SignableRequest,
    SigningSettings, sign, v1, v3, verify,
};

// Characters that encode differently in every spelling (`+`, `/`, `=`, `&`, space).
const SECRET: &str = "Secret+/= &Value0123";
const TOKEN: &str = "CAIS+tok/en=x&y z==";

/// The raw value and every encoding it may appear in: RFC 3986 once and twice, and the wire form.
fn spellings(value: &str) -> Vec<String> {
    let once = aliasr_sign::percent_encode(value);
    vec![
        value.to_owned(),
        once.clone(),
        aliasr_sign::percent_encode(&once),
        aliasr_sign::form_urlencode(value),
        once.replace("%20", "+"),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in [SECRET, TOKEN] {
        for spelling in spellings(secret) {
            assert!(
                !text.contains(&spelling),
                "{what} leaks {spelling:?}: {text}"
            );
        }
    }
}

fn creds() -> Credentials {
    Credentials::new("STS.NRedactionKey", SECRET).with_security_token(TOKEN)
}

fn request() -> SignableRequest {
    SignableRequest::new(
        HttpMethod::Post,
        "ice.cn-shanghai.aliyuncs.com",
        "GetSmartHandleJob",
        "2020-11-09",
    )
    .with_param("JobId", "job-1")
    .with_timestamp("2024-06-01T12:34:56Z")
    .with_nonce("nonce-1")
}

#[test]
fn credentials_and_keys() {
    let creds = creds();
    assert_clean("Credentials Debug", &format!("{creds:?}"));
    assert_clean("Credentials Display", &format!("{creds}"));
    assert!(format!("{creds:?}").contains(REDACTED));
    assert!(format!("{creds}").contains("STS.NRedactionKey"));
    assert_clean("V1 key", &format!("{:?}", v1::signing_key(SECRET)));
    assert_clean("V3 key", &format!("{:?}", v3::signing_key(SECRET)));
}

#[test]
fn signed_requests_and_their_headers() {
    for settings in [
        SigningSettings::v1(),
        SigningSettings::v1().with_param_placement(ParamPlacement::FormBody),
        SigningSettings::v1_sdk_core("cn-shanghai"),
        SigningSettings::v3(),
        SigningSettings::v3().with_param_placement(ParamPlacement::FormBody),
    ] {
        let signed = sign(&request(), &creds(), &settings).unwrap();
        // The token does travel (query or header); it just must not be printed.
        let travels = signed.query().contains(&aliasr_sign::form_urlencode(TOKEN))
            || signed.query().contains(&aliasr_sign::percent_encode(TOKEN))
            || signed.header("x-acs-security-token") == Some(TOKEN);
        assert!(travels, "{settings:?}: token not sent");
        let debug = format!("{signed:?}");
        assert_clean("SignedRequest Debug", &debug);
        assert!(debug.contains(REDACTED), "{debug}");
        for header in signed.headers() {
            assert_clean("SignedHeader Debug", &format!("{header:?}"));
        }
        assert_clean("SigningSettings Debug", &format!("{settings:?}"));
    }
}

#[test]
fn canonical_headers() {
    let headers = v3::canonical_headers([("x-acs-security-token", TOKEN), ("host", "h")]);
    assert!(
        headers.canonical().contains(TOKEN),
        "the exact value is available"
    );
    assert_clean("CanonicalHeaders Debug", &format!("{headers:?}"));
}

fn wire(settings: &SigningSettings) -> (String, String, Vec<(String, String)>) {
    let request = request();
    let signed = sign(&request, &creds(), settings).unwrap();
    let mut headers = vec![("host".to_owned(), request.host.clone())];
    headers.extend(
        signed
            .headers()
            .iter()
            .map(|h| (h.name().to_owned(), h.value().to_owned())),
    );
    (
        signed.query().to_owned(),
        signed.body().unwrap_or_default().to_owned(),
        headers,
    )
}

#[test]
fn verifier_inputs_outputs_and_errors() {
    let wrong_secret = Credentials::new("STS.NRedactionKey", "another").with_security_token(TOKEN);
    for settings in [SigningSettings::v1(), SigningSettings::v3()] {
        let (query, body, headers) = wire(&settings);
        let headers: Vec<(&str, &str)> = headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let incoming = IncomingRequest::new("POST", "/", &query, body.as_bytes(), &headers);
        assert_clean("IncomingRequest Debug", &format!("{incoming:?}"));

        let verified = verify(&incoming, &creds()).unwrap();
        assert_eq!(verified.security_token(), Some(TOKEN));
        assert_clean("Verified Debug", &format!("{verified:?}"));

        let error = verify(&incoming, &wrong_secret).unwrap_err();
        let SignError::SignatureMismatch(diagnostics) = &error else {
            panic!("expected a mismatch, got {error:?}");
        };
        // The exact strings keep the token (the service echoes them); printing never does.
        let exact = format!(
            "{}{}",
            diagnostics.string_to_sign(),
            diagnostics.canonical_request().unwrap_or("")
        );
        assert!(
            spellings(TOKEN).iter().any(|s| exact.contains(s.as_str())),
            "{exact}"
        );
        assert_clean("SignError Debug", &format!("{error:?}"));
        assert_clean("SignError Display", &format!("{error}"));
        assert_clean("MismatchDiagnostics Display", &format!("{diagnostics}"));
        assert!(format!("{error}").contains(REDACTED));

        let other_token =
            Credentials::new("STS.NRedactionKey", SECRET).with_security_token("different");
        let error = verify(&incoming, &other_token).unwrap_err();
        assert_clean("token mismatch Display", &format!("{error} {error:?}"));
    }
}
