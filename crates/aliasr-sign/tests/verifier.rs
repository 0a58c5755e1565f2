//! Each typed rejection reason of the verifier, on requests derived from the official vectors.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use aliasr_sign::{
    Credentials, HttpMethod, IncomingRequest, ParamPlacement, SignError, SignableRequest,
    SigningSettings, Verified, sign, verify,
};

const AK: &str = "LTAI5tTestAccessKeyIdExample";
const SECRET: &str = "TestAccessKeySecretExample0123456789";

/// `tea_v1_RealTimeRecordCommand_start`'s final URL (official vector).
const V1_QUERY: &str = "Action=RealTimeRecordCommand&Format=json&Version=2016-11-01&Timestamp=2024-06-01T12%3A34%3A56Z&SignatureNonce=714ea5cef61b43c85366b9161c15c8c6&AppName=live&Command=start&DomainName=push.example.com&RegionId=cn-shanghai&StreamName=stream-001&SignatureMethod=HMAC-SHA1&SignatureVersion=1.0&AccessKeyId=LTAI5tTestAccessKeyIdExample&Signature=GH87Na0%2FwSXnAa0etuBjrg9k8T4%3D";

fn v1(query: &str) -> Result<Verified, SignError> {
    verify(
        &IncomingRequest::new("POST", "/", query, b"", &[]),
        &Credentials::new(AK, SECRET),
    )
}

fn without(query: &str, name: &str) -> String {
    query
        .split('&')
        .filter(|p| !p.starts_with(&format!("{name}=")))
        .collect::<Vec<_>>()
        .join("&")
}

#[test]
fn v1_official_url_verifies_and_keeps_region_id_as_an_api_parameter() {
    let verified = v1(V1_QUERY).unwrap();
    assert_eq!(verified.param("RegionId"), Some("cn-shanghai"));
    assert_eq!(verified.param("Command"), Some("start"));
    assert_eq!(verified.params.len(), 5);
    assert_eq!(verified.format.as_deref(), Some("json"));
}

#[test]
fn v1_accepts_percent_20_and_lower_case_hex_on_the_wire() {
    let signed = sign(
        &SignableRequest::new(HttpMethod::Post, "h", "A", "1")
            .with_param("Title", "a b*c")
            .with_timestamp("2024-06-01T12:34:56Z")
            .with_nonce("n"),
        &Credentials::new(AK, SECRET),
        &SigningSettings::v1(),
    )
    .unwrap();
    assert!(signed.query().contains("Title=a+b%2Ac"));
    let spelled = signed.query().replace("a+b%2Ac", "a%20b%2ac");
    assert_eq!(v1(&spelled).unwrap().param("Title"), Some("a b*c"));
}

#[test]
fn v1_missing_parameters_are_named() {
    for name in [
        "Signature",
        "SignatureMethod",
        "SignatureVersion",
        "AccessKeyId",
        "Action",
        "Version",
        "SignatureNonce",
        "Timestamp",
    ] {
        match v1(&without(V1_QUERY, name)) {
            Err(SignError::MissingParameter { name: missing }) => assert_eq!(missing, name),
            other => panic!("{name}: {other:?}"),
        }
    }
    // An empty value counts as missing.
    let empty_nonce = V1_QUERY.replace(
        "SignatureNonce=714ea5cef61b43c85366b9161c15c8c6",
        "SignatureNonce=",
    );
    assert!(matches!(
        v1(&empty_nonce),
        Err(SignError::MissingParameter {
            name: "SignatureNonce"
        })
    ));
}

#[test]
fn v1_unsupported_methods_versions_and_types() {
    let cases = [
        (
            "SignatureMethod=HMAC-SHA1",
            "SignatureMethod=HMAC-SHA256",
            "SignatureMethod",
        ),
        (
            "SignatureVersion=1.0",
            "SignatureVersion=2.0",
            "SignatureVersion",
        ),
        (
            "Format=json",
            "Format=json&SignatureType=BEARERTOKEN",
            "SignatureType",
        ),
    ];
    for (from, to, field) in cases {
        match v1(&V1_QUERY.replace(from, to)) {
            Err(SignError::UnsupportedSignature { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    }
}

#[test]
fn v1_unknown_keys_timestamps_encodings_and_duplicates() {
    let unknown = V1_QUERY.replace("AccessKeyId=LTAI5t", "AccessKeyId=XXXX5t");
    assert!(matches!(
        v1(&unknown),
        Err(SignError::UnknownAccessKeyId { .. })
    ));

    let bad_time = V1_QUERY.replace("12%3A34%3A56Z", "12%3A34%3A56");
    assert!(matches!(
        v1(&bad_time),
        Err(SignError::MalformedTimestamp {
            field: "Timestamp",
            ..
        })
    ));

    let bad_escape = V1_QUERY.replace("AppName=live", "AppName=li%GGve");
    match v1(&bad_escape) {
        Err(SignError::MalformedEncoding {
            location, offset, ..
        }) => {
            assert_eq!(location, "query string");
            assert_eq!(&bad_escape[offset..offset + 3], "%GG");
        }
        other => panic!("{other:?}"),
    }

    let duplicate = format!("{V1_QUERY}&AppName=live");
    assert!(
        matches!(v1(&duplicate), Err(SignError::DuplicateParameter { name }) if name == "AppName")
    );
}

fn sts_credentials() -> Credentials {
    Credentials::new("STS.NKey", "sts-secret").with_security_token("the-token")
}

fn signed_parts(
    settings: &SigningSettings,
    creds: &Credentials,
) -> (String, String, Vec<(String, String)>) {
    let request = SignableRequest::new(
        HttpMethod::Post,
        "ice.cn-shanghai.aliyuncs.com",
        "GetSmartHandleJob",
        "2020-11-09",
    )
    .with_param("JobId", "job-1")
    .with_header("user-agent", "aliasr-test")
    .with_timestamp("2024-06-01T12:34:56Z")
    .with_nonce("nonce-1");
    let signed = sign(&request, creds, settings).unwrap();
    let mut headers = vec![
        ("host".to_owned(), request.host.clone()),
        ("user-agent".to_owned(), "aliasr-test".to_owned()),
    ];
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

fn run(
    query: &str,
    body: &str,
    headers: &[(String, String)],
    secrets: &Credentials,
) -> Result<Verified, SignError> {
    let headers: Vec<(&str, &str)> = headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    verify(
        &IncomingRequest::new("POST", "/", query, body.as_bytes(), &headers),
        secrets,
    )
}

#[test]
fn security_tokens_are_required_and_compared() {
    let issued = sts_credentials();
    let other_token =
        Credentials::new("STS.NKey", "sts-secret").with_security_token("another-token");
    let no_token = Credentials::new("STS.NKey", "sts-secret");
    for settings in [SigningSettings::v1(), SigningSettings::v3()] {
        let (query, body, headers) = signed_parts(&settings, &issued);
        let ok = run(&query, &body, &headers, &issued).unwrap();
        assert_eq!(ok.security_token(), Some("the-token"));
        assert!(ok.param("SecurityToken").is_none());
        assert!(matches!(
            run(&query, &body, &headers, &other_token),
            Err(SignError::SecurityTokenMismatch)
        ));

        // Signed without a token, but the key was issued with one.
        let (query, body, headers) = signed_parts(&settings, &no_token);
        assert!(matches!(
            run(&query, &body, &headers, &issued),
            Err(SignError::SecurityTokenMissing)
        ));
    }
    // V3: a token for a key that has none.
    let (query, body, headers) = signed_parts(&SigningSettings::v3(), &issued);
    assert!(matches!(
        run(&query, &body, &headers, &no_token),
        Err(SignError::SecurityTokenMismatch)
    ));
}

#[test]
fn v1_security_token_api_parameter_without_sts_stays_an_api_parameter() {
    let creds = Credentials::new(AK, SECRET);
    let request = SignableRequest::new(
        HttpMethod::Post,
        "live.aliyuncs.com",
        "DescribeLiveRecordConfig",
        "2016-11-01",
    )
    .with_param("SecurityToken", "api-level-value")
    .with_timestamp("2024-06-01T12:34:56Z")
    .with_nonce("n");
    let signed = sign(&request, &creds, &SigningSettings::v1()).unwrap();
    let verified = run(signed.query(), "", &[], &creds).unwrap();
    assert_eq!(verified.param("SecurityToken"), Some("api-level-value"));
    assert_eq!(verified.security_token(), None);
}

#[test]
fn v3_header_rules() {
    let creds = Credentials::new(AK, SECRET);
    let (query, body, headers) = signed_parts(&SigningSettings::v3(), &creds);
    assert!(run(&query, &body, &headers, &creds).is_ok());

    let drop = |name: &str| {
        headers
            .iter()
            .filter(|(k, _)| k != name)
            .cloned()
            .collect::<Vec<_>>()
    };
    match run(&query, &body, &drop("x-acs-date"), &creds) {
        Err(SignError::MissingHeader { name }) => assert_eq!(name, "x-acs-date"),
        other => panic!("{other:?}"),
    }
    // A header listed in SignedHeaders but absent.
    match run(&query, &body, &drop("user-agent"), &creds) {
        Err(SignError::MissingHeader { name }) => assert_eq!(name, "user-agent"),
        other => panic!("{other:?}"),
    }
    // Authorization that does not sign the nonce.
    let unsigned_nonce: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| {
            (
                k.clone(),
                if k == "authorization" {
                    v.replace(";x-acs-signature-nonce", "")
                } else {
                    v.clone()
                },
            )
        })
        .collect();
    assert!(matches!(
        run(&query, &body, &unsigned_nonce, &creds),
        Err(SignError::HeaderNotSigned {
            name: "x-acs-signature-nonce"
        })
    ));
    // Header names arrive in any case.
    let upper: Vec<(String, String)> = headers
        .iter()
        .map(|(k, v)| (k.to_ascii_uppercase(), v.clone()))
        .collect();
    assert!(run(&query, &body, &upper, &creds).is_ok());
}

#[test]
fn v3_authorization_parsing() {
    let creds = Credentials::new(AK, SECRET);
    let (query, body, headers) = signed_parts(&SigningSettings::v3(), &creds);
    let with_auth = |auth: &str| {
        headers
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    if k == "authorization" {
                        auth.to_owned()
                    } else {
                        v.clone()
                    },
                )
            })
            .collect::<Vec<_>>()
    };
    let auth = headers
        .iter()
        .find(|(k, _)| k == "authorization")
        .unwrap()
        .1
        .clone();
    assert!(matches!(
        run(
            &query,
            &body,
            &with_auth(&auth.replace("ACS3-HMAC-SHA256", "ACS3-HMAC-SM3")),
            &creds
        ),
        Err(SignError::UnsupportedSignature {
            field: "Authorization algorithm",
            ..
        })
    ));
    assert!(matches!(
        run(
            &query,
            &body,
            &with_auth("ACS3-HMAC-SHA256 Credential=x"),
            &creds
        ),
        Err(SignError::MalformedAuthorization { .. })
    ));
    assert!(matches!(
        run(
            &query,
            &body,
            &with_auth(&auth.replace(AK, "nobody")),
            &creds
        ),
        Err(SignError::UnknownAccessKeyId { .. })
    ));
    let short_signature = &auth[..auth.len() - 2];
    assert!(matches!(
        run(&query, &body, &with_auth(short_signature), &creds),
        Err(SignError::SignatureMismatch(_))
    ));
    let upper_hex = format!(
        "{}{}",
        &auth[..auth.len() - 64],
        auth[auth.len() - 64..].to_ascii_uppercase()
    );
    assert!(
        run(&query, &body, &with_auth(&upper_hex), &creds).is_ok(),
        "hex is case-insensitive"
    );
}

#[test]
fn form_bodies_are_signed_and_need_their_content_type() {
    let creds = Credentials::new(AK, SECRET);
    for settings in [
        SigningSettings::v1().with_param_placement(ParamPlacement::FormBody),
        SigningSettings::v3().with_param_placement(ParamPlacement::FormBody),
    ] {
        let (query, body, headers) = signed_parts(&settings, &creds);
        assert_eq!(body, "JobId=job-1");
        assert!(!query.contains("JobId"));
        let verified = run(&query, &body, &headers, &creds).unwrap();
        assert_eq!(verified.param("JobId"), Some("job-1"));
        assert!(matches!(
            run(&query, "JobId=job-2", &headers, &creds),
            Err(SignError::SignatureMismatch(_))
        ));
        // With a content-type parameter, the media type still matches.
        let with_charset: Vec<(String, String)> = headers
            .iter()
            .map(|(k, v)| {
                (
                    k.clone(),
                    if k == "content-type" {
                        format!("{v}; charset=UTF-8")
                    } else {
                        v.clone()
                    },
                )
            })
            .collect();
        if settings.signature_version == aliasr_sign::SignatureVersion::V1 {
            assert!(run(&query, &body, &with_charset, &creds).is_ok());
        }
    }
}

#[test]
fn signing_rejects_bad_input() {
    let creds = Credentials::new(AK, SECRET);
    let base = SignableRequest::new(HttpMethod::Post, "h", "A", "1")
        .with_timestamp("2024-06-01T12:34:56Z")
        .with_nonce("n");
    let reserved = base.clone().with_param("Signature", "x");
    assert!(matches!(
        sign(&reserved, &creds, &SigningSettings::v1()),
        Err(SignError::ReservedParameter { .. })
    ));
    let duplicate = base.clone().with_param("A", "1").with_param("A", "2");
    for settings in [SigningSettings::v1(), SigningSettings::v3()] {
        assert!(matches!(
            sign(&duplicate, &creds, &settings),
            Err(SignError::DuplicateParameter { .. })
        ));
    }
    let no_nonce = base.clone().with_nonce("");
    assert!(matches!(
        sign(&no_nonce, &creds, &SigningSettings::v3()),
        Err(SignError::InvalidInput { field: "nonce", .. })
    ));
    let bad_time = base.clone().with_timestamp("2024-06-01 12:34:56");
    assert!(matches!(
        sign(&bad_time, &creds, &SigningSettings::v1()),
        Err(SignError::MalformedTimestamp { .. })
    ));
    let host_header = base.clone().with_header("Host", "x");
    assert!(matches!(
        sign(&host_header, &creds, &SigningSettings::v3()),
        Err(SignError::ReservedHeader { .. })
    ));
    let split_header = base.clone().with_header("x-note", "a\r\nb: c");
    assert!(matches!(
        sign(&split_header, &creds, &SigningSettings::v3()),
        Err(SignError::InvalidHeader { .. })
    ));
}

#[test]
fn sdk_core_style_adds_signature_type_and_region_and_uses_percent_20() {
    let creds = Credentials::new(AK, SECRET);
    let request = SignableRequest::new(
        HttpMethod::Get,
        "ice.cn-shanghai.aliyuncs.com",
        "GetSmartHandleJob",
        "2020-11-09",
    )
    .with_param("JobId", "a b")
    .with_timestamp("2024-06-01T12:34:56Z")
    .with_nonce("n");
    let signed = sign(
        &request,
        &creds,
        &SigningSettings::v1_sdk_core("cn-shanghai"),
    )
    .unwrap();
    for part in [
        "Format=JSON",
        "SignatureType=&",
        "RegionId=cn-shanghai",
        "JobId=a%20b",
    ] {
        assert!(
            signed.query().contains(part),
            "{part} in {}",
            signed.query()
        );
    }
    let verified = verify(
        &IncomingRequest::new("GET", "/", signed.query(), b"", &[]),
        &creds,
    )
    .unwrap();
    assert_eq!(verified.format.as_deref(), Some("JSON"));
    assert_eq!(verified.param("RegionId"), Some("cn-shanghai"));
    // The method is part of the string to sign.
    assert!(
        verify(
            &IncomingRequest::new("POST", "/", signed.query(), b"", &[]),
            &creds
        )
        .is_err()
    );
}
