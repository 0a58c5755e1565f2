//! Property tests: the encoder against an independent one, signing invariants, and sign → verify.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use aliasr_sign::{
    Credentials, HttpMethod, IncomingRequest, ParamPlacement, SignError, SignableRequest,
    SigningSettings, Verified, WireEncoding, form_urlencode, is_unreserved, percent_encode, sign,
    verify,
};
use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, percent_decode_str, utf8_percent_encode};
use proptest::prelude::*;

/// RFC 3986 unreserved characters stay; everything else is escaped (the independent oracle).
const RFC3986: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Names the V1 signer owns; generated API parameters avoid them.
const V1_COMMON: [&str; 12] = [
    "Action",
    "Format",
    "Version",
    "Timestamp",
    "SignatureNonce",
    "SignatureMethod",
    "SignatureVersion",
    "SignatureType",
    "AccessKeyId",
    "Signature",
    "SecurityToken",
    "RegionId",
];

fn api_params() -> impl Strategy<Value = Vec<(String, String)>> {
    let key = any::<String>().prop_filter("non-empty, not a common parameter", |k| {
        !k.is_empty() && !V1_COMMON.contains(&k.as_str())
    });
    prop::collection::btree_map(key, any::<String>(), 0..8)
        .prop_map(|m| m.into_iter().collect::<Vec<_>>())
        .prop_shuffle()
}

fn extra_headers() -> impl Strategy<Value = Vec<(String, String)>> {
    let name = "[a-z][a-z0-9-]{0,12}".prop_filter("not a signer header", |n| {
        !(n.starts_with("x-acs-")
            || ["host", "authorization", "content-type"].contains(&n.as_str()))
    });
    prop::collection::btree_map(name, "[ -~]{0,24}", 0..4)
        .prop_map(|m| m.into_iter().collect::<Vec<_>>())
}

fn credentials(sts: bool) -> Credentials {
    let creds = Credentials::new("LTAI5tPropertyKey", "property-secret+/=");
    if sts {
        creds.with_security_token("CAIS+token/with=chars&more==")
    } else {
        creds
    }
}

fn all_settings() -> Vec<SigningSettings> {
    vec![
        SigningSettings::v1(),
        SigningSettings::v1().with_param_placement(ParamPlacement::FormBody),
        SigningSettings::v1_sdk_core("cn-shanghai"),
        SigningSettings::v1_sdk_core("cn-shanghai").with_param_placement(ParamPlacement::FormBody),
        SigningSettings::v3(),
        SigningSettings::v3().with_param_placement(ParamPlacement::FormBody),
        SigningSettings::v3().with_wire_encoding(WireEncoding::Rfc3986),
    ]
}

fn request(
    method: HttpMethod,
    params: Vec<(String, String)>,
    headers: Vec<(String, String)>,
) -> SignableRequest {
    let mut request = SignableRequest::new(
        method,
        "ice.cn-shanghai.aliyuncs.com",
        "SubmitASRJob",
        "2020-11-09",
    )
    .with_timestamp("2024-06-01T12:34:56Z")
    .with_nonce("f34349b0fdd0e13b233f1bfa4eda676d");
    request.params = params;
    request.headers = headers;
    request
}

/// What a server receives for a signed request: the caller's headers, the signer's, and `host`.
struct Wire {
    method: &'static str,
    query: String,
    body: Vec<u8>,
    headers: Vec<(String, String)>,
}

fn to_wire(request: &SignableRequest, settings: &SigningSettings, creds: &Credentials) -> Wire {
    let signed = sign(request, creds, settings).unwrap();
    let mut headers = request.headers.clone();
    headers.push(("Host".into(), request.host.clone()));
    headers.extend(
        signed
            .headers()
            .iter()
            .map(|h| (h.name().to_owned(), h.value().to_owned())),
    );
    Wire {
        method: request.method.as_str(),
        query: signed.query().to_owned(),
        body: signed.body().unwrap_or_default().as_bytes().to_vec(),
        headers,
    }
}

fn verify_wire(wire: &Wire, creds: &Credentials) -> Result<Verified, SignError> {
    let headers: Vec<(&str, &str)> = wire
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    verify(
        &IncomingRequest::new(wire.method, "/", &wire.query, &wire.body, &headers),
        creds,
    )
}

fn sorted(mut v: Vec<(String, String)>) -> Vec<(String, String)> {
    v.sort();
    v
}

/// Replaces the character at `at` (modulo length; appends to an empty string) with `with`.
fn replace_char(s: &str, at: usize, with: char) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.is_empty() {
        return with.to_string();
    }
    let at = at % chars.len();
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i == at { with } else { *c })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn encoder_matches_an_independent_encoder_and_round_trips(s in any::<String>()) {
        let ours = percent_encode(&s);
        prop_assert_eq!(&ours, &utf8_percent_encode(&s, RFC3986).to_string());
        prop_assert_eq!(percent_decode_str(&ours).decode_utf8().unwrap(), s.as_str());
        // Only unreserved bytes and `%XX` escapes (upper-case hex) remain.
        let bytes = ours.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'%' {
                let hex = &bytes[i + 1..i + 3];
                prop_assert!(hex.iter().all(|b| b.is_ascii_digit() || (b'A'..=b'F').contains(b)));
                i += 3;
            } else {
                prop_assert!(is_unreserved(bytes[i]), "unescaped {:?}", bytes[i] as char);
                i += 1;
            }
        }
        // Every unreserved input byte stays as it is: nothing is escaped needlessly.
        let unreserved_in = s.bytes().filter(|b| is_unreserved(*b)).count();
        let unescaped_out = ours.len() - 3 * (s.len() - unreserved_in);
        prop_assert_eq!(unescaped_out, unreserved_in);

        let wire = form_urlencode(&s);
        prop_assert_eq!(&wire, &ours.replace("%20", "+"));
        let plus_as_space = wire.replace('+', " ");
        prop_assert_eq!(percent_decode_str(&plus_as_space).decode_utf8().unwrap(), s.as_str());
    }

    #[test]
    fn signature_does_not_depend_on_insertion_order(
        params in api_params(),
        headers in extra_headers(),
        seed in any::<u64>(),
    ) {
        let mut shuffled = params.clone();
        // A deterministic rotation plus reversal: a different order for most seeds.
        if !shuffled.is_empty() {
            let len = shuffled.len();
            shuffled.rotate_left((seed as usize) % len);
            if seed & 1 == 1 {
                shuffled.reverse();
            }
        }
        let mut shuffled_headers = headers.clone();
        shuffled_headers.reverse();
        for settings in all_settings() {
            for sts in [false, true] {
                let creds = credentials(sts);
                let a = sign(&request(HttpMethod::Post, params.clone(), headers.clone()), &creds, &settings).unwrap();
                let b = sign(&request(HttpMethod::Post, shuffled.clone(), shuffled_headers.clone()), &creds, &settings).unwrap();
                prop_assert_eq!(a.signature(), b.signature());
            }
        }
    }

    #[test]
    fn changing_any_character_of_any_key_or_value_changes_the_signature(
        params in api_params().prop_filter("at least one parameter", |p| !p.is_empty()),
        which in any::<prop::sample::Index>(),
        in_key in any::<bool>(),
        at in any::<usize>(),
        with in any::<char>(),
    ) {
        let i = which.index(params.len());
        let mut changed = params.clone();
        if in_key {
            changed[i].0 = replace_char(&changed[i].0, at, with);
        } else {
            changed[i].1 = replace_char(&changed[i].1, at, with);
        }
        prop_assume!(changed[i] != params[i]);
        prop_assume!(!V1_COMMON.contains(&changed[i].0.as_str()));
        prop_assume!(changed.iter().filter(|(k, _)| *k == changed[i].0).count() == 1);
        for settings in all_settings() {
            let creds = credentials(false);
            let a = sign(&request(HttpMethod::Post, params.clone(), vec![]), &creds, &settings).unwrap();
            let b = sign(&request(HttpMethod::Post, changed.clone(), vec![]), &creds, &settings).unwrap();
            prop_assert_ne!(a.signature(), b.signature(), "{:?}", settings);
        }
    }

    #[test]
    fn signed_requests_verify_with_their_parameters(
        params in api_params(),
        headers in extra_headers(),
        get in any::<bool>(),
    ) {
        let method = if get { HttpMethod::Get } else { HttpMethod::Post };
        for settings in all_settings() {
            for sts in [false, true] {
                let creds = credentials(sts);
                let req = request(method, params.clone(), headers.clone());
                let wire = to_wire(&req, &settings, &creds);
                let verified = verify_wire(&wire, &creds)
                    .map_err(|e| TestCaseError::fail(format!("{settings:?} sts={sts}: {e}")))?;
                prop_assert_eq!(verified.signature_version, settings.signature_version);
                prop_assert_eq!(&verified.action, "SubmitASRJob");
                prop_assert_eq!(&verified.version, "2020-11-09");
                prop_assert_eq!(&verified.nonce, "f34349b0fdd0e13b233f1bfa4eda676d");
                prop_assert_eq!(verified.security_token(), creds.security_token());
                let mut expected = params.clone();
                if matches!(settings.v1_style, aliasr_sign::V1Style::SdkCore { .. })
                    && settings.signature_version == aliasr_sign::SignatureVersion::V1
                {
                    expected.push(("RegionId".into(), "cn-shanghai".into()));
                }
                prop_assert_eq!(sorted(verified.params), sorted(expected));
            }
        }
    }

    #[test]
    fn tampered_parameters_are_rejected(
        params in api_params().prop_filter("at least one parameter", |p| !p.is_empty()),
        which in any::<prop::sample::Index>(),
        at in any::<usize>(),
        with in any::<char>(),
        sts in any::<bool>(),
    ) {
        let i = which.index(params.len());
        let mut tampered = params.clone();
        tampered[i].1 = replace_char(&tampered[i].1, at, with);
        prop_assume!(tampered[i] != params[i]);
        for settings in all_settings() {
            let creds = credentials(sts);
            let wire = to_wire(&request(HttpMethod::Post, params.clone(), vec![]), &settings, &creds);
            // Re-encode the tampered parameter where it travelled, as an attacker would.
            let old = format!("{}={}", form_urlencode(&params[i].0), form_urlencode(&params[i].1));
            let new = format!("{}={}", form_urlencode(&tampered[i].0), form_urlencode(&tampered[i].1));
            let mut forged = Wire { method: wire.method, query: wire.query.clone(), body: wire.body.clone(), headers: wire.headers.clone() };
            let body = String::from_utf8(forged.body.clone()).unwrap();
            let encoded = |s: &str| if settings.wire_encoding == WireEncoding::Rfc3986 { s.replace('+', "%20") } else { s.to_owned() };
            let (old, new) = (encoded(&old), encoded(&new));
            if body.contains(&old) {
                forged.body = body.replacen(&old, &new, 1).into_bytes();
            } else {
                prop_assert!(forged.query.contains(&old), "{} not in {}", old, forged.query);
                forged.query = forged.query.replacen(&old, &new, 1);
            }
            prop_assert!(verify_wire(&forged, &creds).is_err(), "{:?} accepted a tampered request", settings);
        }
    }

    #[test]
    fn any_byte_flip_is_rejected_or_means_the_same(
        params in api_params(),
        at in any::<usize>(),
        byte in any::<u8>(),
        in_body in any::<bool>(),
    ) {
        for settings in all_settings() {
            let creds = credentials(true);
            let wire = to_wire(&request(HttpMethod::Post, params.clone(), vec![]), &settings, &creds);
            let original = verify_wire(&wire, &creds).unwrap();
            let mut forged = Wire { method: wire.method, query: wire.query.clone(), body: wire.body.clone(), headers: wire.headers.clone() };
            let mut target = if in_body && !forged.body.is_empty() { forged.body.clone() } else { forged.query.clone().into_bytes() };
            prop_assume!(!target.is_empty());
            let pos = at % target.len();
            target[pos] = byte;
            if in_body && !forged.body.is_empty() {
                forged.body = target;
            } else {
                forged.query = String::from_utf8_lossy(&target).into_owned();
            }
            if let Ok(v) = verify_wire(&forged, &creds) {
                prop_assert_eq!(sorted(v.params), sorted(original.params.clone()));
                prop_assert_eq!(v.action, original.action.clone());
            }
        }
    }
}
