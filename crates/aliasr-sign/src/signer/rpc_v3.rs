//! V3 request signing: canonical query and wire query, header block, canonical request, then the
//! two hashes, all into buffers sized once.

use std::borrow::Cow;

use super::{FORM_CONTENT_TYPE, raw_len, sorted_indices, wire_style, write_pairs};
use crate::credentials::Credentials;
use crate::encode::{self, Cursor};
use crate::error::SignError;
use crate::request::{SignableRequest, SignedHeader, SignedRequest};
use crate::settings::{ParamPlacement, SignatureVersion, SigningSettings};
use crate::{crypto, v3};

/// Headers a V3 request may not bring itself because the signer writes them.
fn is_reserved(lower_name: &str, has_body: bool) -> bool {
    matches!(
        lower_name,
        "host"
            | "authorization"
            | "x-acs-action"
            | "x-acs-version"
            | "x-acs-date"
            | "x-acs-signature-nonce"
            | "x-acs-content-sha256"
            | "x-acs-accesskey-id"
            | "x-acs-security-token"
    ) || (has_body && lower_name == "content-type")
}

pub(super) fn sign(
    request: &SignableRequest,
    credentials: &Credentials,
    settings: &SigningSettings,
) -> Result<SignedRequest, SignError> {
    let params: Vec<(&str, &str)> = request
        .params
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let order = sorted_indices(&params)?;
    let sorted: Vec<(&str, &str)> = order.iter().map(|&i| params[i]).collect();
    let style = wire_style(settings.wire_encoding);
    let raw = raw_len(&params);
    let in_body = settings.param_placement == ParamPlacement::FormBody && !params.is_empty();

    let mut canonical_query = Vec::new();
    let mut query = Cursor::with_capacity(0);
    let body = if in_body {
        // tea-openapi's Utils.to_form sorts the body keys.
        let mut body = Cursor::with_capacity(3 * raw + params.len());
        write_pairs(&mut body, &sorted, style);
        Some(encode::into_string(body.into_vec()))
    } else {
        query = Cursor::with_capacity(3 * raw + params.len());
        write_pairs(&mut query, &params, style);
        canonical_query.reserve(3 * raw + params.len());
        v3::write_canonical_query(&mut canonical_query, &sorted);
        None
    };
    let hashed_payload = match &body {
        Some(body) => crypto::hex_lower(&crypto::sha256(body.as_bytes())),
        None => v3::EMPTY_PAYLOAD_HASH.to_owned(),
    };

    let mut added = Vec::with_capacity(10);
    added.extend([
        SignedHeader::new("x-acs-action", request.action.clone()),
        SignedHeader::new("x-acs-version", request.version.clone()),
        SignedHeader::new("x-acs-date", request.timestamp.clone()),
        SignedHeader::new("x-acs-signature-nonce", request.nonce.clone()),
        SignedHeader::new("x-acs-content-sha256", hashed_payload.clone()),
    ]);
    if let Some(token) = credentials.security_token() {
        added.push(SignedHeader::new(
            "x-acs-accesskey-id",
            credentials.access_key_id().to_owned(),
        ));
        added.push(SignedHeader::sensitive(
            v3::SECURITY_TOKEN_HEADER,
            token.to_owned(),
        ));
    }
    if body.is_some() {
        added.push(SignedHeader::new(
            "content-type",
            FORM_CONTENT_TYPE.to_owned(),
        ));
    }

    let mut entries: Vec<(Cow<'_, str>, &str)> =
        Vec::with_capacity(request.headers.len() + added.len() + 1);
    let mut header_bytes = request.host.len();
    for (name, value) in &request.headers {
        let lower = v3::lower_case(name);
        if is_reserved(&lower, body.is_some()) {
            return Err(SignError::ReservedHeader { name: name.clone() });
        }
        header_bytes += name.len() + value.len();
        entries.push((lower, value.as_str()));
    }
    entries.push((Cow::Borrowed("host"), request.host.as_str()));
    entries.extend(added.iter().map(|h| {
        header_bytes += h.name().len() + h.value().len();
        (Cow::Borrowed(h.name()), h.value())
    }));

    let method = request.method.as_str();
    let mut canonical_request =
        Vec::with_capacity(canonical_query.len() + 2 * header_bytes + 3 * entries.len() + 96);
    v3::write_canonical_request_head(&mut canonical_request, method, "/", &canonical_query);
    let mut signed = Vec::with_capacity(header_bytes);
    v3::write_canonical_headers(&mut canonical_request, &mut signed, &mut entries);
    v3::write_canonical_request_tail(&mut canonical_request, &signed, &hashed_payload);

    let string_to_sign = v3::string_to_sign_bytes(&canonical_request);
    let mac = crypto::hmac_sha256(credentials.access_key_secret().as_bytes(), &string_to_sign);
    let signature = crypto::hex_lower(&mac);
    let signed = encode::into_string(signed);
    let authorization = v3::authorization(credentials.access_key_id(), &signed, &signature);
    added.push(SignedHeader::new("authorization", authorization));

    Ok(SignedRequest {
        signature_version: SignatureVersion::V3,
        query: encode::into_string(query.into_vec()),
        body,
        headers: added,
        signature,
        token_in_query: None,
    })
}
