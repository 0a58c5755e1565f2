//! V3 `ACS3-HMAC-SHA256` signing, step by step, following tea-openapi 0.4.6:
//!
//! 1. [`canonical_query_string`]: API parameters sorted by key, `key=percent_encode(value)` joined
//!    with `&` (the SDK leaves keys unencoded).
//! 2. [`canonical_headers`]: every header present at signing time, name lower-cased, value trimmed,
//!    sorted by name, duplicates joined with `,`; plus the `;`-joined signed header names.
//! 3. [`hashed_payload`]: lower-hex SHA-256 of the body ([`EMPTY_PAYLOAD_HASH`] for none).
//! 4. [`canonical_request`]: method, path, canonical query, header block, signed headers and hashed
//!    payload, joined with `\n` (the header block ends with `\n`, so an empty line precedes the
//!    signed headers).
//! 5. [`string_to_sign`]: `ACS3-HMAC-SHA256\n` + lower-hex SHA-256 of the canonical request.
//! 6. [`calculate_signature`]: lower-hex HMAC-SHA256 keyed with the secret itself ([`signing_key`]).
//! 7. [`authorization`]: the `Authorization` header value.

use std::borrow::Cow;
use std::fmt;

use crate::credentials::{REDACTED, SigningKey};
use crate::crypto;
use crate::encode::{self, Style};

/// The algorithm name that starts the string to sign and the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// `hex(sha256(""))`: the hashed payload of a request without a body.
pub const EMPTY_PAYLOAD_HASH: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Header carrying the STS token; its value is redacted in `Debug` output.
pub(crate) const SECURITY_TOKEN_HEADER: &str = "x-acs-security-token";

/// Step 1: the canonical query string. Keys are sorted by their bytes and written as they are.
pub fn canonical_query_string<I, K, V>(params: I) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut pairs: Vec<(K, V)> = params.into_iter().collect();
    pairs.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    let refs: Vec<(&str, &str)> = pairs
        .iter()
        .map(|(k, v)| (k.as_ref(), v.as_ref()))
        .collect();
    let mut out = Vec::new();
    write_canonical_query(&mut out, &refs);
    encode::into_string(out)
}

/// Appends the canonical query for `sorted` (already sorted by key).
pub(crate) fn write_canonical_query(out: &mut Vec<u8>, sorted: &[(&str, &str)]) {
    for (i, (key, value)) in sorted.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        out.extend_from_slice(key.as_bytes());
        out.push(b'=');
        encode::encode_into(out, value.as_bytes(), Style::Rfc3986);
    }
}

/// Step 2 output: the canonical header block (each line `name:value\n`) and the signed header list.
///
/// `Debug` redacts the `x-acs-security-token` value.
#[derive(Clone, PartialEq, Eq)]
pub struct CanonicalHeaders {
    canonical: String,
    signed: String,
}

impl CanonicalHeaders {
    /// The header block, one `name:value\n` line per header (so it ends with `\n`).
    pub fn canonical(&self) -> &str {
        &self.canonical
    }

    /// The lower-case header names joined with `;`.
    pub fn signed_headers(&self) -> &str {
        &self.signed
    }
}

impl fmt::Debug for CanonicalHeaders {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let redacted: Vec<Cow<'_, str>> = self
            .canonical
            .lines()
            .map(|line| match line.split_once(':') {
                Some((SECURITY_TOKEN_HEADER, _)) => {
                    Cow::Owned(format!("{SECURITY_TOKEN_HEADER}:{REDACTED}"))
                }
                _ => Cow::Borrowed(line),
            })
            .collect();
        f.debug_struct("CanonicalHeaders")
            .field("canonical", &redacted)
            .field("signed", &self.signed)
            .finish()
    }
}

/// Step 2: canonical headers from `(name, value)` pairs in any order and case.
pub fn canonical_headers<I, N, V>(headers: I) -> CanonicalHeaders
where
    I: IntoIterator<Item = (N, V)>,
    N: AsRef<str>,
    V: AsRef<str>,
{
    let owned: Vec<(N, V)> = headers.into_iter().collect();
    let mut entries: Vec<(Cow<'_, str>, &str)> = owned
        .iter()
        .map(|(n, v)| (lower_case(n.as_ref()), v.as_ref()))
        .collect();
    let mut canonical = Vec::new();
    let mut signed = Vec::new();
    write_canonical_headers(&mut canonical, &mut signed, &mut entries);
    CanonicalHeaders {
        canonical: encode::into_string(canonical),
        signed: encode::into_string(signed),
    }
}

/// Lower-cases a header name, borrowing when it already is lower case.
pub(crate) fn lower_case(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Sorts `entries` (names already lower case) by name, keeping the given order among duplicates, and
/// appends the header block to `canonical` and the `;`-joined names to `signed`.
pub(crate) fn write_canonical_headers(
    canonical: &mut Vec<u8>,
    signed: &mut Vec<u8>,
    entries: &mut [(Cow<'_, str>, &str)],
) {
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    let mut previous: Option<&str> = None;
    for (name, value) in entries.iter() {
        // Python's str.strip(); header values rarely carry anything but spaces and tabs.
        let value = value.trim();
        if previous == Some(name.as_ref()) {
            canonical.pop(); // the previous line's '\n'
            canonical.push(b',');
        } else {
            if previous.is_some() {
                signed.push(b';');
            }
            signed.extend_from_slice(name.as_bytes());
            canonical.extend_from_slice(name.as_bytes());
            canonical.push(b':');
        }
        canonical.extend_from_slice(value.as_bytes());
        canonical.push(b'\n');
        previous = Some(name.as_ref());
    }
}

/// Step 3: lower-hex SHA-256 of the request body.
pub fn hashed_payload(body: &[u8]) -> String {
    crypto::hex_lower(&crypto::sha256(body))
}

/// Step 4: the canonical request.
pub fn canonical_request(
    method: &str,
    path: &str,
    canonical_query: &str,
    headers: &CanonicalHeaders,
    hashed_payload: &str,
) -> String {
    let mut out = Vec::new();
    write_canonical_request_head(&mut out, method, path, canonical_query.as_bytes());
    out.extend_from_slice(headers.canonical.as_bytes());
    write_canonical_request_tail(&mut out, headers.signed.as_bytes(), hashed_payload);
    encode::into_string(out)
}

/// `METHOD\nPATH\nQUERY\n`: the part before the header block.
pub(crate) fn write_canonical_request_head(
    out: &mut Vec<u8>,
    method: &str,
    path: &str,
    query: &[u8],
) {
    out.extend_from_slice(method.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(path.as_bytes());
    out.push(b'\n');
    out.extend_from_slice(query);
    out.push(b'\n');
}

/// `\nSIGNED_HEADERS\nHASHED_PAYLOAD`: the part after the header block (which ends with `\n`, hence the
/// empty line the SDK's canonical request has).
pub(crate) fn write_canonical_request_tail(out: &mut Vec<u8>, signed: &[u8], hashed_payload: &str) {
    out.push(b'\n');
    out.extend_from_slice(signed);
    out.push(b'\n');
    out.extend_from_slice(hashed_payload.as_bytes());
}

/// Step 5: `ACS3-HMAC-SHA256\n` + lower-hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    encode::into_string(string_to_sign_bytes(canonical_request.as_bytes()))
}

pub(crate) fn string_to_sign_bytes(canonical_request: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ALGORITHM.len() + 1 + 64);
    out.extend_from_slice(ALGORITHM.as_bytes());
    out.push(b'\n');
    crypto::push_hex_lower(&mut out, &crypto::sha256(canonical_request));
    out
}

/// The V3 HMAC key: the AccessKey secret itself (no `&`, unlike V1).
pub fn signing_key(access_key_secret: &str) -> SigningKey {
    SigningKey::from_bytes(access_key_secret.as_bytes().to_vec())
}

/// Step 6: lower-hex HMAC-SHA256(`key`, `string_to_sign`).
pub fn calculate_signature(key: &SigningKey, string_to_sign: &str) -> String {
    crypto::hex_lower(&crypto::hmac_sha256(
        key.as_bytes(),
        string_to_sign.as_bytes(),
    ))
}

/// Step 7: `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<names>,Signature=<hex>`.
pub fn authorization(access_key_id: &str, signed_headers: &str, signature: &str) -> String {
    format!(
        "{ALGORITHM} Credential={access_key_id},SignedHeaders={signed_headers},Signature={signature}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_lowered_trimmed_sorted_and_joined() {
        let h = canonical_headers([("X-B", " 2 "), ("a", "1"), ("x-b", "3"), ("Host", "h")]);
        assert_eq!(h.canonical(), "a:1\nhost:h\nx-b:2,3\n");
        assert_eq!(h.signed_headers(), "a;host;x-b");
    }

    #[test]
    fn empty_body_hash_is_the_constant() {
        assert_eq!(hashed_payload(b""), EMPTY_PAYLOAD_HASH);
    }

    #[test]
    fn canonical_query_leaves_keys_unencoded() {
        assert_eq!(
            canonical_query_string([("b", "x y"), ("a.1", "~*")]),
            "a.1=~%2A&b=x%20y"
        );
    }
}
