//! Every official vector reproduces byte for byte, step by step and through `sign`, and every
//! vector's final URL verifies (and stops verifying once tampered with).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use aliasr_sign::{
    Credentials, FormatParam, HttpMethod, IncomingRequest, SignError, SignableRequest,
    SignatureVersion, SigningSettings, sign, v1, v3, verify,
};
use common::*;
use serde_json::Value;

fn credentials(v: &Value) -> Credentials {
    let creds = Credentials::new(
        str_field(v, "access_key_id"),
        str_field(v, "access_key_secret"),
    );
    match opt_str(v, "security_token") {
        Some(token) => creds.with_security_token(token),
        None => creds,
    }
}

fn method(v: &Value) -> HttpMethod {
    match str_field(v, "method") {
        "GET" => HttpMethod::Get,
        "POST" => HttpMethod::Post,
        other => panic!("unexpected method {other}"),
    }
}

/// API parameters in the order the vector's final URL lists them (the SDK's insertion order).
fn api_params_in_wire_order(v: &Value) -> Vec<(String, String)> {
    let api = match v.get("api_params") {
        Some(api) => pairs(api.as_object().unwrap()),
        None => Vec::new(),
    };
    let (_, query) = split_url(str_field(v, "final_url"));
    let order = query_keys(query);
    let mut api = api;
    api.sort_by_key(|(k, _)| order.iter().position(|o| o == k).unwrap_or(usize::MAX));
    api
}

#[test]
fn v1_vectors_reproduce_every_step() {
    let mut seen = 0;
    for v in vectors().iter().filter(|v| is_v1(v)) {
        let name = str_field(v, "name");
        let params = pairs(object(v, "params"));
        let canonical = v1::canonicalized_query(params.iter().map(|(k, vv)| (k, vv)));

        // The canonical query is the third `&`-field of the official string to sign, encoded once
        // more; undo that encoding with an independent decoder and compare.
        let official = str_field(v, "string_to_sign");
        let tail = official.splitn(3, '&').nth(2).unwrap();
        let decoded = percent_encoding::percent_decode_str(tail)
            .decode_utf8()
            .unwrap();
        assert_eq!(canonical, decoded, "{name}: canonicalized query");

        let string_to_sign = v1::string_to_sign(str_field(v, "method"), &canonical);
        assert_eq!(string_to_sign, official, "{name}: string to sign");
        if let Some(sdk_core) = opt_str(v, "string_to_sign_sdk_core") {
            assert_eq!(string_to_sign, sdk_core, "{name}: sdk-core string to sign");
        }

        let key = v1::signing_key(str_field(v, "access_key_secret"));
        assert_eq!(
            key.as_bytes(),
            str_field(v, "signing_key").as_bytes(),
            "{name}: key"
        );
        let signature = v1::calculate_signature(&key, &string_to_sign);
        assert_eq!(signature, str_field(v, "signature"), "{name}: signature");
        for other in ["signature_sdk_core", "documented_signature"] {
            if let Some(expected) = opt_str(v, other) {
                assert_eq!(signature, expected, "{name}: {other}");
            }
        }
        seen += 1;
    }
    assert!(seen >= 4, "expected the four V1 vectors, saw {seen}");
}

#[test]
fn v1_vectors_reproduce_through_sign() {
    for v in vectors().iter().filter(|v| is_v1(v)) {
        let name = str_field(v, "name");
        let params = object(v, "params");
        let p = |k: &str| params[k].as_str().unwrap();
        let mut request =
            SignableRequest::new(method(v), str_field(v, "host"), p("Action"), p("Version"))
                .with_timestamp(p("Timestamp"))
                .with_nonce(p("SignatureNonce"));
        request.params = api_params_in_wire_order(v);
        let format = match p("Format") {
            "json" => FormatParam::TeaJson,
            "JSON" => FormatParam::SdkCoreJson,
            "XML" => FormatParam::Xml,
            other => panic!("{name}: unexpected Format {other}"),
        };
        let settings = SigningSettings::v1().with_format(format);
        let signed = sign(&request, &credentials(v), &settings).unwrap();
        assert_eq!(signed.signature(), str_field(v, "signature"), "{name}");
        assert_eq!(signed.signature_version(), SignatureVersion::V1);
        assert!(
            signed.body().is_none() && signed.headers().is_empty(),
            "{name}"
        );

        let (_, official_query) = split_url(str_field(v, "final_url"));
        if v.get("final_query_order").is_some() {
            // tea-openapi vectors: the very same URL, byte for byte and in the SDK's order.
            assert_eq!(signed.query(), official_query, "{name}: wire query");
        } else {
            // The classic vector's URL lists parameters alphabetically; compare as sets.
            let mut ours: Vec<&str> = signed.query().split('&').collect();
            let mut theirs: Vec<&str> = official_query.split('&').collect();
            ours.sort_unstable();
            theirs.sort_unstable();
            assert_eq!(ours, theirs, "{name}: wire query parameters");
        }
    }
}

#[test]
fn v3_vectors_reproduce_every_step() {
    let mut seen = 0;
    for v in vectors().iter().filter(|v| !is_v1(v)) {
        let name = str_field(v, "name");
        let official = str_field(v, "canonical_request");
        let lines: Vec<&str> = official.split('\n').collect();

        let query = v3::canonical_query_string(pairs(object(v, "query")));
        assert_eq!(query, lines[2], "{name}: canonical query");

        let headers = v3::canonical_headers(pairs(object(v, "headers_signed")));
        let n = object(v, "headers_signed").len();
        assert_eq!(
            headers.canonical(),
            format!("{}\n", lines[3..3 + n].join("\n")),
            "{name}"
        );
        assert_eq!(
            lines[3 + n],
            "",
            "{name}: empty line after the header block"
        );
        assert_eq!(
            headers.signed_headers(),
            lines[4 + n],
            "{name}: signed headers"
        );

        let payload = v3::hashed_payload(b"");
        assert_eq!(payload, str_field(v, "hashed_payload"), "{name}");
        assert_eq!(payload, v3::EMPTY_PAYLOAD_HASH);

        let canonical =
            v3::canonical_request(str_field(v, "method"), "/", &query, &headers, &payload);
        assert_eq!(canonical, official, "{name}: canonical request");
        let string_to_sign = v3::string_to_sign(&canonical);
        assert_eq!(string_to_sign, str_field(v, "string_to_sign"), "{name}");
        let key = v3::signing_key(str_field(v, "access_key_secret"));
        assert_eq!(key.as_bytes(), str_field(v, "access_key_secret").as_bytes());
        let signature = v3::calculate_signature(&key, &string_to_sign);
        assert_eq!(signature, str_field(v, "signature"), "{name}: signature");
        let authorization = v3::authorization(
            str_field(v, "access_key_id"),
            headers.signed_headers(),
            &signature,
        );
        assert_eq!(authorization, str_field(v, "authorization"), "{name}");
        seen += 1;
    }
    assert!(seen >= 2, "expected the two V3 vectors, saw {seen}");
}

/// Headers the V3 signer adds itself; the rest of `headers_signed` is what the caller sends.
const SIGNER_HEADERS: [&str; 8] = [
    "host",
    "x-acs-action",
    "x-acs-version",
    "x-acs-date",
    "x-acs-signature-nonce",
    "x-acs-content-sha256",
    "x-acs-accesskey-id",
    "x-acs-security-token",
];

#[test]
fn v3_vectors_reproduce_through_sign() {
    for v in vectors().iter().filter(|v| !is_v1(v)) {
        let name = str_field(v, "name");
        let headers = object(v, "headers_signed");
        let h = |k: &str| headers[k].as_str().unwrap();
        let mut request =
            SignableRequest::new(method(v), h("host"), h("x-acs-action"), h("x-acs-version"))
                .with_timestamp(h("x-acs-date"))
                .with_nonce(h("x-acs-signature-nonce"));
        request.params = api_params_in_wire_order(v);
        request.headers = pairs(headers)
            .into_iter()
            .filter(|(k, _)| !SIGNER_HEADERS.contains(&k.as_str()))
            .collect();
        let signed = sign(&request, &credentials(v), &SigningSettings::v3()).unwrap();
        assert_eq!(signed.signature(), str_field(v, "signature"), "{name}");
        assert_eq!(
            signed.header("authorization"),
            Some(str_field(v, "authorization"))
        );
        for added in signed
            .headers()
            .iter()
            .filter(|a| a.name() != "authorization")
        {
            assert_eq!(
                added.value(),
                h(added.name()),
                "{name}: header {}",
                added.name()
            );
        }
        let (_, official_query) = split_url(str_field(v, "final_url"));
        assert_eq!(signed.query(), official_query, "{name}: wire query");
        assert!(signed.body().is_none());
    }
}

/// A vector's final request as a server would receive it.
struct Received {
    method: String,
    query: String,
    headers: Vec<(String, String)>,
}

fn received(v: &Value) -> Received {
    let (_, query) = split_url(str_field(v, "final_url"));
    let headers = if is_v1(v) {
        v.get("headers")
            .map(|h| pairs(h.as_object().unwrap()))
            .unwrap_or_default()
    } else {
        let mut headers = pairs(object(v, "headers_signed"));
        headers.push(("Authorization".into(), str_field(v, "authorization").into()));
        headers
    };
    Received {
        method: str_field(v, "method").to_owned(),
        query: query.to_owned(),
        headers,
    }
}

fn verify_received(
    r: &Received,
    body: &[u8],
    secrets: &Credentials,
) -> Result<aliasr_sign::Verified, SignError> {
    let headers: Vec<(&str, &str)> = r
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    verify(
        &IncomingRequest::new(&r.method, "/", &r.query, body, &headers),
        secrets,
    )
}

fn expect_mismatch(result: Result<aliasr_sign::Verified, SignError>, what: &str) {
    match result {
        Err(SignError::SignatureMismatch(_)) => {}
        other => panic!("{what}: expected a signature mismatch, got {other:?}"),
    }
}

#[test]
fn every_final_url_verifies() {
    for v in &vectors() {
        let name = str_field(v, "name");
        let verified = verify_received(&received(v), b"", &credentials(v))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let expected_version = if is_v1(v) {
            SignatureVersion::V1
        } else {
            SignatureVersion::V3
        };
        assert_eq!(verified.signature_version, expected_version, "{name}");
        assert_eq!(verified.access_key_id, str_field(v, "access_key_id"));
        assert_eq!(verified.action, str_field(v, "action"), "{name}");
        assert_eq!(
            verified.security_token(),
            opt_str(v, "security_token"),
            "{name}"
        );
        if is_v1(v) {
            let params = object(v, "params");
            assert_eq!(verified.version, params["Version"].as_str().unwrap());
            assert_eq!(verified.nonce, params["SignatureNonce"].as_str().unwrap());
            assert_eq!(
                verified.timestamp.as_str(),
                params["Timestamp"].as_str().unwrap()
            );
            assert_eq!(verified.format.as_deref(), params["Format"].as_str());
        } else {
            let headers = object(v, "headers_signed");
            assert_eq!(
                verified.nonce,
                headers["x-acs-signature-nonce"].as_str().unwrap()
            );
            assert_eq!(
                verified.timestamp.as_str(),
                headers["x-acs-date"].as_str().unwrap()
            );
        }
        let mut ours = verified.params.clone();
        let mut theirs = api_params_in_wire_order(v);
        ours.sort();
        theirs.sort();
        assert_eq!(ours, theirs, "{name}: API parameters");
    }
}

#[test]
fn a_wrong_secret_reports_the_official_server_strings() {
    for v in &vectors() {
        let name = str_field(v, "name");
        let wrong = Credentials::new(str_field(v, "access_key_id"), "not-the-secret");
        let wrong = match opt_str(v, "security_token") {
            Some(t) => wrong.with_security_token(t),
            None => wrong,
        };
        match verify_received(&received(v), b"", &wrong) {
            Err(SignError::SignatureMismatch(diag)) => {
                assert_eq!(
                    diag.string_to_sign(),
                    str_field(v, "string_to_sign"),
                    "{name}"
                );
                assert_eq!(
                    diag.canonical_request(),
                    opt_str(v, "canonical_request"),
                    "{name}"
                );
            }
            other => panic!("{name}: expected a mismatch, got {other:?}"),
        }
    }
}

#[test]
fn tampered_final_urls_fail() {
    for v in &vectors() {
        let name = str_field(v, "name");
        let creds = credentials(v);
        let original = received(v);

        // One more character at the start of a parameter value (V1: Version; V3: the first).
        let mut r = received(v);
        let at = if is_v1(v) {
            r.query.find("&Version=").unwrap() + "&Version=".len()
        } else {
            r.query.find('=').unwrap() + 1
        };
        r.query.insert(at, 'x');
        expect_mismatch(verify_received(&r, b"", &creds), name);

        // One character of the last parameter value (V1: the signature itself) changed.
        let mut r = received(v);
        let last = r.query.pop().unwrap();
        r.query.push(if last == 'A' { 'B' } else { 'A' });
        expect_mismatch(verify_received(&r, b"", &creds), name);

        if !is_v1(v) {
            // A signed header changed, or a body added after signing.
            let mut r = received(v);
            let ua = r
                .headers
                .iter_mut()
                .find(|(k, _)| k == "user-agent")
                .unwrap();
            ua.1.push('!');
            expect_mismatch(verify_received(&r, b"", &creds), name);
            expect_mismatch(verify_received(&original, b"JobId=1", &creds), name);
        }
    }
}
