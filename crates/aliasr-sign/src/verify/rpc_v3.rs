//! V3 (`ACS3-HMAC-SHA256`) verification: the headers named in `SignedHeaders`, the query and the body
//! hash are signed.

use std::borrow::Cow;

use super::{IncomingRequest, SecretLookup, Verified, reject_duplicates, same_secret};
use crate::error::{MismatchDiagnostics, SignError};
use crate::settings::SignatureVersion;
use crate::timestamp::Timestamp;
use crate::{crypto, encode, v3};

/// The three fields of `ACS3-HMAC-SHA256 Credential=…,SignedHeaders=…,Signature=…`.
struct Authorization<'h> {
    credential: &'h str,
    signed_headers: &'h str,
    signature: &'h str,
}

fn non_empty<'h>(field: Option<&'h str>, reason: &'static str) -> Result<&'h str, SignError> {
    field
        .filter(|v| !v.is_empty())
        .ok_or(SignError::MalformedAuthorization { reason })
}

fn parse_authorization(value: &str) -> Result<Authorization<'_>, SignError> {
    let value = value.trim();
    let (algorithm, rest) = value.split_once(' ').unwrap_or((value, ""));
    if algorithm != v3::ALGORITHM {
        return Err(SignError::UnsupportedSignature {
            field: "Authorization algorithm",
            value: algorithm.to_owned(),
        });
    }
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for part in rest.split(',') {
        let Some((key, val)) = part.split_once('=') else {
            continue;
        };
        let slot = match key.trim() {
            "Credential" => &mut credential,
            "SignedHeaders" => &mut signed_headers,
            "Signature" => &mut signature,
            _ => continue,
        };
        if slot.is_some() {
            return Err(SignError::MalformedAuthorization {
                reason: "a field occurs twice",
            });
        }
        *slot = Some(val.trim());
    }
    Ok(Authorization {
        credential: non_empty(credential, "no Credential")?,
        signed_headers: non_empty(signed_headers, "no SignedHeaders")?,
        signature: non_empty(signature, "no Signature")?,
    })
}

/// Every V3 request must carry and sign `x-acs-action`, `x-acs-version`, `x-acs-date` and
/// `x-acs-signature-nonce`: otherwise the operation, the time or the nonce could be swapped without
/// touching the signature.
pub(super) fn verify(
    request: &IncomingRequest<'_>,
    authorization: &str,
    secrets: &impl SecretLookup,
) -> Result<Verified, SignError> {
    let auth = parse_authorization(authorization)?;
    let mut signed_names: Vec<String> = auth
        .signed_headers
        .split(';')
        .map(|n| n.trim().to_ascii_lowercase())
        .filter(|n| !n.is_empty())
        .collect();
    signed_names.sort_unstable();
    signed_names.dedup();
    let is_signed = |name: &str| {
        signed_names
            .binary_search_by(|n| n.as_str().cmp(name))
            .is_ok()
    };

    let required = |name: &'static str| {
        let value = request
            .header(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .ok_or_else(|| SignError::MissingHeader {
                name: name.to_owned(),
            })?;
        if is_signed(name) {
            Ok(value)
        } else {
            Err(SignError::HeaderNotSigned { name })
        }
    };
    let action = required("x-acs-action")?;
    let api_version = required("x-acs-version")?;
    let date = required("x-acs-date")?;
    let nonce = required("x-acs-signature-nonce")?;
    let timestamp = Timestamp::parse(&date).ok_or_else(|| SignError::MalformedTimestamp {
        field: "x-acs-date",
        value: date.clone(),
    })?;

    let credentials =
        secrets
            .lookup(auth.credential)
            .ok_or_else(|| SignError::UnknownAccessKeyId {
                access_key_id: auth.credential.to_owned(),
            })?;
    if let Some(id) = request.header("x-acs-accesskey-id")
        && id.trim() != auth.credential
    {
        return Err(SignError::MalformedAuthorization {
            reason: "x-acs-accesskey-id differs from Credential",
        });
    }
    let sent_token = request.header(v3::SECURITY_TOKEN_HEADER);
    let sent_token = sent_token
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty());
    match (credentials.security_token(), sent_token) {
        (Some(_), None) => return Err(SignError::SecurityTokenMissing),
        (Some(expected), Some(sent)) if !same_secret(sent, expected) => {
            return Err(SignError::SecurityTokenMismatch);
        }
        (None, Some(_)) => return Err(SignError::SecurityTokenMismatch),
        _ => {}
    }
    if sent_token.is_some() && !is_signed(v3::SECURITY_TOKEN_HEADER) {
        return Err(SignError::HeaderNotSigned {
            name: v3::SECURITY_TOKEN_HEADER,
        });
    }

    let query = request.query_params()?;
    let form = request.form_params()?;
    reject_duplicates(&[&query, &form])?;

    // Rebuild the canonical request from what arrived, exactly as the signer builds it.
    let mut entries: Vec<(Cow<'_, str>, &str)> = Vec::with_capacity(signed_names.len());
    for name in &signed_names {
        let before = entries.len();
        entries.extend(
            request
                .headers
                .iter()
                .filter(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| (Cow::Borrowed(name.as_str()), *v)),
        );
        if entries.len() == before {
            return Err(SignError::MissingHeader { name: name.clone() });
        }
    }
    let mut sorted_query: Vec<(&str, &str)> = query
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    sorted_query.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let mut canonical_query = Vec::new();
    v3::write_canonical_query(&mut canonical_query, &sorted_query);
    let path = if request.path.is_empty() {
        "/"
    } else {
        request.path
    };
    let mut canonical_request = Vec::new();
    v3::write_canonical_request_head(
        &mut canonical_request,
        request.method,
        path,
        &canonical_query,
    );
    let mut signed = Vec::new();
    v3::write_canonical_headers(&mut canonical_request, &mut signed, &mut entries);
    let hashed_payload = crypto::hex_lower(&crypto::sha256(request.body));
    v3::write_canonical_request_tail(&mut canonical_request, &signed, &hashed_payload);
    let string_to_sign = v3::string_to_sign_bytes(&canonical_request);

    let matches = crypto::decode_hex::<32>(auth.signature).is_some_and(|raw| {
        crypto::hmac_sha256_verify(
            credentials.access_key_secret().as_bytes(),
            &string_to_sign,
            &raw,
        )
    });
    if !matches {
        let needles: Vec<String> = sent_token.map(str::to_owned).into_iter().collect();
        return Err(SignError::SignatureMismatch(Box::new(
            MismatchDiagnostics::new(
                SignatureVersion::V3,
                encode::into_string(string_to_sign),
                Some(encode::into_string(canonical_request)),
                &needles,
            ),
        )));
    }

    Ok(Verified {
        access_key_id: auth.credential.to_owned(),
        signature_version: SignatureVersion::V3,
        action,
        version: api_version,
        timestamp,
        nonce,
        format: None,
        params: query.into_iter().chain(form).collect(),
        security_token: sent_token.map(str::to_owned),
    })
}
