//! V1 request signing: one pass over the parameters in key order writes both the string to sign and
//! each parameter's wire form; the query is then assembled from those pieces in the SDK's order.

use std::ops::Range;

use super::{FORM_CONTENT_TYPE, raw_len, wire_style};
use crate::credentials::Credentials;
use crate::encode::{self, Cursor, Style};
use crate::error::SignError;
use crate::request::{SignableRequest, SignedHeader, SignedRequest};
use crate::settings::{ParamPlacement, SignatureVersion, SigningSettings, V1Style};
use crate::{crypto, v1};

/// Common parameters an API parameter may not replace. `SecurityToken` and `RegionId` are handled
/// apart: both are also genuine API parameters of some operations.
fn is_reserved(name: &str) -> bool {
    matches!(
        name,
        "Action"
            | "Format"
            | "Version"
            | "Timestamp"
            | "SignatureNonce"
            | "SignatureMethod"
            | "SignatureVersion"
            | "SignatureType"
            | "AccessKeyId"
            | "Signature"
    )
}

/// `(name, value)` pairs borrowed from the request.
type Params<'a> = Vec<(&'a str, &'a str)>;

/// Every signed parameter in tea-openapi's wire order: Action, Format, Version, Timestamp,
/// SignatureNonce, [SignatureType, RegionId], the API parameters, [SecurityToken], SignatureMethod,
/// SignatureVersion, AccessKeyId (Signature follows on the wire). Also returns where the API
/// parameters sit in that list.
fn collect_params<'a>(
    request: &'a SignableRequest,
    credentials: &'a Credentials,
    settings: &'a SigningSettings,
) -> Result<(Params<'a>, Range<usize>), SignError> {
    let token = credentials.security_token();
    let mut ordered: Vec<(&str, &str)> = Vec::with_capacity(request.params.len() + 12);
    ordered.extend([
        ("Action", request.action.as_str()),
        ("Format", settings.format.as_str()),
        ("Version", request.version.as_str()),
        ("Timestamp", request.timestamp.as_str()),
        ("SignatureNonce", request.nonce.as_str()),
    ]);
    if let V1Style::SdkCore { region_id } = &settings.v1_style {
        ordered.push(("SignatureType", ""));
        if !request.params.iter().any(|(k, _)| k == "RegionId") {
            ordered.push(("RegionId", region_id.as_str()));
        }
    }
    let api_start = ordered.len();
    for (name, value) in &request.params {
        if is_reserved(name) {
            return Err(SignError::ReservedParameter { name: name.clone() });
        }
        // With an STS credential the token wins over an API parameter of the same name, as in the SDK.
        if token.is_some() && name == "SecurityToken" {
            continue;
        }
        ordered.push((name.as_str(), value.as_str()));
    }
    let api = api_start..ordered.len();
    if let Some(token) = token {
        ordered.push(("SecurityToken", token));
    }
    ordered.extend([
        ("SignatureMethod", v1::SIGNATURE_METHOD),
        ("SignatureVersion", v1::SIGNATURE_VERSION),
        ("AccessKeyId", credentials.access_key_id()),
    ]);
    Ok((ordered, api))
}

pub(super) fn sign(
    request: &SignableRequest,
    credentials: &Credentials,
    settings: &SigningSettings,
) -> Result<SignedRequest, SignError> {
    let (ordered, api) = collect_params(request, credentials, settings)?;
    let n = ordered.len();

    // Key order via 16-byte big-endian prefixes, so most comparisons are one integer compare;
    // equal prefixes fall back to the whole key.
    let (mut order_inline, mut order_heap) = ([(0_u128, 0_usize); INLINE], Vec::new());
    let order = scratch(&mut order_inline, &mut order_heap, n);
    for (slot, (i, (key, _))) in order.iter_mut().zip(ordered.iter().enumerate()) {
        *slot = (key_prefix(key), i);
    }
    order.sort_unstable_by(|a, b| {
        a.0.cmp(&b.0)
            .then_with(|| ordered[a.1].0.cmp(ordered[b.1].0))
    });
    if let Some(w) = order
        .windows(2)
        .find(|w| ordered[w[0].1].0 == ordered[w[1].1].0)
    {
        return Err(SignError::DuplicateParameter {
            name: ordered[w[0].1].0.to_owned(),
        });
    }

    // Both texts in one pass, in key order: the string to sign, and every `key=value` in wire form
    // (remembering where each sits). The string to sign goes into the HMAC a few parameters at a
    // time, so hashing overlaps encoding and its buffer stays small.
    let secret = credentials.access_key_secret().as_bytes();
    let (mut key_inline, mut key_heap) = ([0_u8; 128], Vec::new());
    let key = scratch(&mut key_inline, &mut key_heap, secret.len() + 1);
    key[..secret.len()].copy_from_slice(secret);
    key[secret.len()] = b'&';
    let mut mac = crypto::HmacSha1Stream::new(key);

    let style = wire_style(settings.wire_encoding);
    let method = request.method.as_str();
    let mut string_to_sign = Cursor::with_capacity(method.len() + 5 + 4 * FEED);
    let mut pieces = Cursor::with_capacity(3 * raw_len(&ordered) + n);
    let (mut spans_inline, mut spans_heap) = ([Span::default(); INLINE], Vec::new());
    let spans = scratch(&mut spans_inline, &mut spans_heap, n);
    string_to_sign.push(method.as_bytes());
    string_to_sign.push(b"&%2F&");
    for (rank, &(_, i)) in order.iter().enumerate() {
        let (key, value) = ordered[i];
        if rank > 0 {
            string_to_sign.push(b"%26");
        }
        let start = pieces.len();
        encode::encode_both(
            &mut string_to_sign,
            Style::Rfc3986Twice,
            &mut pieces,
            style,
            key.as_bytes(),
        );
        string_to_sign.push(b"%3D");
        pieces.push(b"=");
        let value_start = pieces.len();
        encode::encode_both(
            &mut string_to_sign,
            Style::Rfc3986Twice,
            &mut pieces,
            style,
            value.as_bytes(),
        );
        spans[i] = Span {
            start,
            value_start,
            end: pieces.len(),
        };
        if string_to_sign.len() >= FEED {
            mac.update(string_to_sign.written());
            string_to_sign.clear();
        }
    }
    mac.update(string_to_sign.written());
    let mut signature_buf = [0_u8; v1::SIGNATURE_LEN];
    let signature = v1::base64_mac(mac.finalize(), &mut signature_buf);

    // API parameters go in the body when asked to (and there are any); all else in the query, in
    // wire order, then the signature.
    let in_body = settings.param_placement == ParamPlacement::FormBody && !api.is_empty();
    let pieces = pieces.written();
    let piece = |i: usize| {
        spans
            .get(i)
            .and_then(|s| pieces.get(s.start..s.end))
            .unwrap_or_default()
    };
    let mut query = Cursor::with_capacity(pieces.len() + n + 11 + 3 * signature.len());
    let mut token_in_query = None;
    for (i, span) in spans.iter().enumerate() {
        if in_body && api.contains(&i) {
            continue;
        }
        if query.len() > 0 {
            query.push(b"&");
        }
        let value_start = query.len() + (span.value_start - span.start);
        query.push(piece(i));
        if credentials.security_token().is_some() && ordered[i].0 == "SecurityToken" {
            token_in_query = Some(value_start..query.len());
        }
    }
    query.push(b"&Signature=");
    query.encode(signature.as_bytes(), style);

    let mut headers = Vec::new();
    let body = in_body.then(|| {
        // Key order, as tea-openapi's Form.to_form_string sorts the body keys.
        let mut body = Cursor::with_capacity(pieces.len());
        for &(_, i) in order.iter().filter(|(_, i)| api.contains(i)) {
            if body.len() > 0 {
                body.push(b"&");
            }
            body.push(piece(i));
        }
        headers.push(SignedHeader::new(
            "content-type",
            FORM_CONTENT_TYPE.to_owned(),
        ));
        encode::into_string(body.into_vec())
    });
    Ok(SignedRequest {
        signature_version: SignatureVersion::V1,
        query: encode::into_string(query.into_vec()),
        body,
        headers,
        signature: signature.to_owned(),
        token_in_query,
    })
}

/// Bytes of string to sign collected before they go into the HMAC (a few SHA-1 blocks).
const FEED: usize = 192;

/// How many parameters the scratch arrays hold on the stack before going to the heap.
const INLINE: usize = 32;

/// `n` scratch slots: the first `n` of `inline` when they fit, else `heap` grown to `n`.
fn scratch<'a, T: Copy + Default>(
    inline: &'a mut [T],
    heap: &'a mut Vec<T>,
    n: usize,
) -> &'a mut [T] {
    if n <= inline.len() {
        &mut inline[..n]
    } else {
        heap.resize(n, T::default());
        heap.as_mut_slice()
    }
}

/// The first 16 bytes of `key`, big-endian, zero-padded: ordering these agrees with byte order
/// except between keys with equal prefixes.
fn key_prefix(key: &str) -> u128 {
    let bytes = key.as_bytes();
    match bytes.first_chunk::<16>() {
        Some(first) => u128::from_be_bytes(*first),
        // Assembled in a register: a short copy into a buffer and a wide load from it would stall
        // on store forwarding.
        None => {
            let packed = bytes
                .iter()
                .fold(0_u128, |acc, &b| acc << 8 | u128::from(b));
            // An empty key would shift by the full width (128), which overflows; its prefix is 0.
            let shift = u32::try_from(8 * (16 - bytes.len())).unwrap_or(u32::MAX);
            packed.checked_shl(shift).unwrap_or(0)
        }
    }
}

/// Where one `key=value` sits among the encoded pieces.
#[derive(Clone, Copy, Default)]
struct Span {
    start: usize,
    value_start: usize,
    end: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the emulator_decode fuzz target: an empty parameter name overflowed the shift.
    #[test]
    fn key_prefixes_order_like_bytes_including_the_empty_key() {
        assert_eq!(key_prefix(""), 0);
        assert!(key_prefix("") < key_prefix("A"));
        assert!(key_prefix("A") < key_prefix("AB"));
        assert!(key_prefix("Ab") > key_prefix("AB"));
        assert_eq!(
            key_prefix("0123456789abcdefXYZ") >> 8,
            key_prefix("0123456789abcdef") >> 8
        );
    }
}
