//! V1 (HMAC-SHA1) verification: every query and form parameter but `Signature` is signed.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use super::{IncomingRequest, SecretLookup, Verified, reject_duplicates, same_secret};
use crate::encode::{self, Style};
use crate::error::{MismatchDiagnostics, SignError};
use crate::settings::SignatureVersion;
use crate::timestamp::Timestamp;
use crate::{crypto, v1};

/// Parameters that are about signing, not the API; removed from [`Verified::params`].
/// `SecurityToken` is removed only when it is the credential's token.
fn is_common(name: &str) -> bool {
    matches!(
        name,
        "Signature"
            | "SignatureMethod"
            | "SignatureVersion"
            | "SignatureNonce"
            | "SignatureType"
            | "AccessKeyId"
            | "Timestamp"
            | "Action"
            | "Version"
            | "Format"
    )
}

pub(super) fn verify(
    request: &IncomingRequest<'_>,
    secrets: &impl SecretLookup,
) -> Result<Verified, SignError> {
    let query = request.query_params()?;
    let form = request.form_params()?;
    reject_duplicates(&[&query, &form])?;
    let get = |name: &str| {
        query
            .iter()
            .chain(&form)
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let required = |name: &'static str| match get(name) {
        Some(v) if !v.is_empty() => Ok(v),
        _ => Err(SignError::MissingParameter { name }),
    };

    let signature = required("Signature")?;
    let method = required("SignatureMethod")?;
    if method != v1::SIGNATURE_METHOD {
        return Err(unsupported("SignatureMethod", method));
    }
    let version = required("SignatureVersion")?;
    if version != v1::SIGNATURE_VERSION {
        return Err(unsupported("SignatureVersion", version));
    }
    // aliyun-python-sdk-core sends `SignatureType=` (empty); BEARERTOKEN and others are not signatures.
    if let Some(kind) = get("SignatureType").filter(|v| !v.is_empty()) {
        return Err(unsupported("SignatureType", kind));
    }
    let access_key_id = required("AccessKeyId")?;
    let action = required("Action")?;
    let api_version = required("Version")?;
    let nonce = required("SignatureNonce")?;
    let timestamp_text = required("Timestamp")?;
    let timestamp =
        Timestamp::parse(timestamp_text).ok_or_else(|| SignError::MalformedTimestamp {
            field: "Timestamp",
            value: timestamp_text.to_owned(),
        })?;

    let credentials =
        secrets
            .lookup(access_key_id)
            .ok_or_else(|| SignError::UnknownAccessKeyId {
                access_key_id: access_key_id.to_owned(),
            })?;
    let sent_token = get("SecurityToken").filter(|t| !t.is_empty());
    let expected_token = credentials.security_token();
    if let Some(expected) = expected_token {
        match sent_token {
            None => return Err(SignError::SecurityTokenMissing),
            Some(sent) if !same_secret(sent, expected) => {
                return Err(SignError::SecurityTokenMismatch);
            }
            Some(_) => {}
        }
    }
    // Without an issued token, a `SecurityToken` parameter is an API parameter (some Live record
    // operations have one) and is signed like any other.

    let mut signed: Vec<(&str, &str)> = query
        .iter()
        .chain(&form)
        .filter(|(k, _)| k != "Signature")
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    signed.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut string_to_sign = Vec::new();
    v1::write_string_to_sign(&mut string_to_sign, request.method, &signed);
    let key = v1::signing_key(credentials.access_key_secret());
    let matches = BASE64
        .decode(signature)
        .is_ok_and(|raw| crypto::hmac_sha1_verify(key.as_bytes(), &string_to_sign, &raw));
    if !matches {
        let needles = sent_token.map(token_spellings).unwrap_or_default();
        return Err(SignError::SignatureMismatch(Box::new(
            MismatchDiagnostics::new(
                SignatureVersion::V1,
                encode::into_string(string_to_sign),
                None,
                &needles,
            ),
        )));
    }

    let drop_token = expected_token.is_some();
    let params = query
        .iter()
        .chain(&form)
        .filter(|(k, _)| !(is_common(k) || (drop_token && k == "SecurityToken")))
        .cloned()
        .collect();
    Ok(Verified {
        access_key_id: access_key_id.to_owned(),
        signature_version: SignatureVersion::V1,
        action: action.to_owned(),
        version: api_version.to_owned(),
        timestamp,
        nonce: nonce.to_owned(),
        format: get("Format").map(str::to_owned),
        params,
        security_token: expected_token.and(sent_token).map(str::to_owned),
    })
}

fn unsupported(field: &'static str, value: &str) -> SignError {
    SignError::UnsupportedSignature {
        field,
        value: value.to_owned(),
    }
}

/// How a token can appear in a V1 string to sign (percent-encoded twice), longest first so a
/// spelling is not half-replaced by a shorter one.
fn token_spellings(token: &str) -> Vec<String> {
    let mut twice = Vec::new();
    encode::encode_into(&mut twice, token.as_bytes(), Style::Rfc3986Twice);
    vec![encode::into_string(twice), token.to_owned()]
}
