//! V1 RPC signing (HMAC-SHA1), step by step.
//!
//! 1. [`canonicalized_query`]: every parameter (query and form body, without `Signature`), sorted by
//!    key bytes, each `percent_encode(key)=percent_encode(value)`, joined with `&`.
//! 2. [`string_to_sign`]: `METHOD&%2F&` + `percent_encode(canonicalized query)`.
//! 3. [`signing_key`]: the AccessKey secret followed by `&`.
//! 4. [`calculate_signature`]: base64 of HMAC-SHA1(signing key, string to sign).
//!
//! ```
//! use aliasr_sign::v1;
//! // The documented DescribeRegions example, confirmed by both official Python SDKs.
//! let params = [
//!     ("AccessKeyId", "testid"),
//!     ("Action", "DescribeRegions"),
//!     ("Format", "XML"),
//!     ("SignatureMethod", "HMAC-SHA1"),
//!     ("SignatureNonce", "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf"),
//!     ("SignatureVersion", "1.0"),
//!     ("Timestamp", "2016-02-23T12:46:24Z"),
//!     ("Version", "2014-05-26"),
//! ];
//! let canonical = v1::canonicalized_query(params);
//! let string_to_sign = v1::string_to_sign("GET", &canonical);
//! let signature = v1::calculate_signature(&v1::signing_key("testsecret"), &string_to_sign);
//! assert_eq!(signature, "OLeaidS1JvxuMvnyHOwuJ+uX5qY=");
//! ```

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD as BASE64;

use crate::credentials::SigningKey;
use crate::crypto;
use crate::encode::{self, Cursor, Style};

/// The only `SignatureMethod` V1 defines here.
pub const SIGNATURE_METHOD: &str = "HMAC-SHA1";
/// The only `SignatureVersion` V1 defines here.
pub const SIGNATURE_VERSION: &str = "1.0";

/// Length of a base64 HMAC-SHA1 signature.
pub(crate) const SIGNATURE_LEN: usize = 28;

/// Step 1: the canonicalized query string. Keys are sorted by their bytes (UTF-8 byte order equals
/// the code-point order the SDK sorts by); pass every signed parameter except `Signature`.
pub fn canonicalized_query<I, K, V>(params: I) -> String
where
    I: IntoIterator<Item = (K, V)>,
    K: AsRef<str>,
    V: AsRef<str>,
{
    let mut pairs: Vec<(K, V)> = params.into_iter().collect();
    pairs.sort_by(|a, b| a.0.as_ref().cmp(b.0.as_ref()));
    let mut out = Vec::new();
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push(b'&');
        }
        encode::encode_into(&mut out, key.as_ref().as_bytes(), Style::Rfc3986);
        out.push(b'=');
        encode::encode_into(&mut out, value.as_ref().as_bytes(), Style::Rfc3986);
    }
    encode::into_string(out)
}

/// Step 2: `METHOD&%2F&percent_encode(canonicalized_query)`. The path is always `/` for RPC APIs.
pub fn string_to_sign(method: &str, canonicalized_query: &str) -> String {
    let mut out = Vec::with_capacity(method.len() + 5 + canonicalized_query.len() * 3 / 2);
    out.extend_from_slice(method.as_bytes());
    out.extend_from_slice(b"&%2F&");
    encode::encode_into(&mut out, canonicalized_query.as_bytes(), Style::Rfc3986);
    encode::into_string(out)
}

/// Step 3: the HMAC key, `access_key_secret + "&"`.
pub fn signing_key(access_key_secret: &str) -> SigningKey {
    let mut key = Vec::with_capacity(access_key_secret.len() + 1);
    key.extend_from_slice(access_key_secret.as_bytes());
    key.push(b'&');
    SigningKey::from_bytes(key)
}

/// Step 4: standard, padded base64 of HMAC-SHA1(`key`, `string_to_sign`).
pub fn calculate_signature(key: &SigningKey, string_to_sign: &str) -> String {
    let mut buf = [0_u8; SIGNATURE_LEN];
    base64_signature(key.as_bytes(), string_to_sign.as_bytes(), &mut buf).to_owned()
}

/// HMAC-SHA1 + base64 into a stack buffer; returns the signature text.
pub(crate) fn base64_signature<'b>(
    key: &[u8],
    string_to_sign: &[u8],
    buf: &'b mut [u8; SIGNATURE_LEN],
) -> &'b str {
    base64_mac(crypto::hmac_sha1(key, string_to_sign), buf)
}

/// Base64 of a finished HMAC-SHA1 into a stack buffer; returns the signature text.
pub(crate) fn base64_mac(mac: [u8; 20], buf: &mut [u8; SIGNATURE_LEN]) -> &str {
    // 20 bytes always encode to exactly 28 base64 characters, so the buffer fits.
    let written = BASE64.encode_slice(mac, buf).unwrap_or(0);
    std::str::from_utf8(&buf[..written]).unwrap_or("")
}

/// Appends the string to sign for `sorted` (already sorted by key, `Signature` excluded) in one pass:
/// encoding the canonical query a second time only turns each `%` into `%25`, `=` into `%3D` and `&`
/// into `%26`, so each value is encoded once with the doubled table.
pub(crate) fn write_string_to_sign(out: &mut Vec<u8>, method: &str, sorted: &[(&str, &str)]) {
    let raw: usize = sorted.iter().map(|(k, v)| k.len() + v.len()).sum();
    let mut cursor = Cursor::with_capacity(method.len() + 5 + 5 * raw + 6 * sorted.len());
    cursor.push(method.as_bytes());
    cursor.push(b"&%2F&");
    for (i, (key, value)) in sorted.iter().enumerate() {
        if i > 0 {
            cursor.push(b"%26");
        }
        cursor.encode(key.as_bytes(), Style::Rfc3986Twice);
        cursor.push(b"%3D");
        cursor.encode(value.as_bytes(), Style::Rfc3986Twice);
    }
    out.extend_from_slice(cursor.written());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_pass_string_to_sign_equals_the_two_steps() {
        let mut pairs = vec![("b k", "v/会 *"), ("a", ""), ("Z~", "%41")];
        let two_steps = string_to_sign("POST", &canonicalized_query(pairs.clone()));
        pairs.sort_by(|a, b| a.0.cmp(b.0));
        let mut one_pass = Vec::new();
        write_string_to_sign(&mut one_pass, "POST", &pairs);
        assert_eq!(encode::into_string(one_pass), two_steps);
    }

    #[test]
    fn empty_values_keep_their_equals_sign() {
        assert_eq!(
            canonicalized_query([("SignatureType", ""), ("A", "1")]),
            "A=1&SignatureType="
        );
    }
}
