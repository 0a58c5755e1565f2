//! The server side: recompute a request's signature with the same steps the signer uses and compare
//! in constant time. Detects V1 (a `Signature` parameter) and V3 (an `Authorization:
//! ACS3-HMAC-SHA256 …` header) by itself.
//!
//! Clock skew and nonce replay are server policy: the verifier parses the timestamp and hands it back
//! with the nonce, and the server applies its own clock.

mod rpc_v1;
mod rpc_v3;

use std::borrow::Cow;
use std::fmt;

use crate::credentials::{Credentials, Redacted};
use crate::encode;
use crate::error::SignError;
use crate::settings::SignatureVersion;
use crate::timestamp::Timestamp;

/// Where the verifier gets secrets from: AccessKey ID → credentials (the secret and, for STS keys,
/// the token the request must carry). The returned credentials' own AccessKey ID is not consulted.
///
/// Closures `Fn(&str) -> Option<Credentials>` and a single [`Credentials`] implement it.
pub trait SecretLookup {
    /// The credentials issued under `access_key_id`, if any.
    fn lookup(&self, access_key_id: &str) -> Option<Credentials>;
}

impl<F> SecretLookup for F
where
    F: Fn(&str) -> Option<Credentials>,
{
    fn lookup(&self, access_key_id: &str) -> Option<Credentials> {
        self(access_key_id)
    }
}

impl SecretLookup for Credentials {
    fn lookup(&self, access_key_id: &str) -> Option<Credentials> {
        (self.access_key_id() == access_key_id).then(|| self.clone())
    }
}

/// An incoming request as the server received it, before any decoding.
///
/// `Debug` shows only the method, path, sizes and header names (the query and headers may carry a
/// security token).
#[derive(Clone, Copy)]
#[non_exhaustive]
pub struct IncomingRequest<'a> {
    /// The method as received (`GET`, `POST`).
    pub method: &'a str,
    /// The path as received (`/` for RPC APIs). V3 signs it; V1 always signs `/`.
    pub path: &'a str,
    /// The raw query string without `?` (empty if none). `+` and `%20` both decode to a space.
    pub query: &'a str,
    /// The raw body. Its parameters count (and, in V1, are signed) when `content-type` is
    /// `application/x-www-form-urlencoded`; V3 hashes it whatever it is.
    pub body: &'a [u8],
    /// Every header as `(name, value)`, any case; repeated names are joined with `,`.
    pub headers: &'a [(&'a str, &'a str)],
}

impl<'a> IncomingRequest<'a> {
    /// Bundles the parts of a received request.
    pub fn new(
        method: &'a str,
        path: &'a str,
        query: &'a str,
        body: &'a [u8],
        headers: &'a [(&'a str, &'a str)],
    ) -> Self {
        Self {
            method,
            path,
            query,
            body,
            headers,
        }
    }

    /// The value of header `name` (case-insensitive); repeated headers joined with `,`.
    pub(crate) fn header(&self, name: &str) -> Option<Cow<'a, str>> {
        let mut values = self
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| *v);
        let first = values.next()?;
        match values.next() {
            None => Some(Cow::Borrowed(first)),
            Some(second) => {
                let mut joined = format!("{first},{second}");
                for v in values {
                    joined.push(',');
                    joined.push_str(v);
                }
                Some(Cow::Owned(joined))
            }
        }
    }

    /// Whether the body is a form whose parameters count.
    fn has_form_body(&self) -> bool {
        self.header("content-type").is_some_and(|ct| {
            let media_type = ct.split(';').next().unwrap_or_default().trim();
            media_type.eq_ignore_ascii_case(crate::signer::FORM_CONTENT_TYPE)
        })
    }

    /// Decoded query parameters, in order.
    fn query_params(&self) -> Result<Vec<(String, String)>, SignError> {
        encode::parse_pairs(self.query.as_bytes()).map_err(|f| SignError::MalformedEncoding {
            location: "query string",
            offset: f.offset,
            reason: f.reason,
        })
    }

    /// Decoded form-body parameters, in order (none unless the body is a form).
    fn form_params(&self) -> Result<Vec<(String, String)>, SignError> {
        if !self.has_form_body() {
            return Ok(Vec::new());
        }
        encode::parse_pairs(self.body).map_err(|f| SignError::MalformedEncoding {
            location: "form body",
            offset: f.offset,
            reason: f.reason,
        })
    }
}

impl fmt::Debug for IncomingRequest<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| *n).collect();
        f.debug_struct("IncomingRequest")
            .field("method", &self.method)
            .field("path", &self.path)
            .field("query_len", &self.query.len())
            .field("body_len", &self.body.len())
            .field("header_names", &names)
            .finish_non_exhaustive()
    }
}

/// A request whose signature checked out, with what a server needs next.
///
/// `Debug` redacts the security token.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Verified {
    /// The AccessKey ID that signed.
    pub access_key_id: String,
    /// V1 or V3.
    pub signature_version: SignatureVersion,
    /// The API name (V1 `Action` parameter, V3 `x-acs-action` header).
    pub action: String,
    /// The API version (V1 `Version` parameter, V3 `x-acs-version` header).
    pub version: String,
    /// V1 `Timestamp` / V3 `x-acs-date`, parsed; check the skew against your own clock.
    pub timestamp: Timestamp,
    /// V1 `SignatureNonce` / V3 `x-acs-signature-nonce`; reject repeats within your window.
    pub nonce: String,
    /// V1 `Format` (`json`, `JSON`, `XML`) if sent; `None` for V3.
    pub format: Option<String>,
    /// The API parameters, decoded, query first then form body, in the order received. V1 common and
    /// signing parameters are removed (`RegionId` stays: it is also an API parameter).
    pub params: Vec<(String, String)>,
    security_token: Option<String>,
}

impl Verified {
    /// The STS security token the request carried (checked against the one issued with the key).
    pub fn security_token(&self) -> Option<&str> {
        self.security_token.as_deref()
    }

    /// The value of API parameter `name`.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

impl fmt::Debug for Verified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Verified")
            .field("access_key_id", &self.access_key_id)
            .field("signature_version", &self.signature_version)
            .field("action", &self.action)
            .field("version", &self.version)
            .field("timestamp", &self.timestamp)
            .field("nonce", &self.nonce)
            .field("format", &self.format)
            .field("params", &self.params)
            .field(
                "security_token",
                &self.security_token.as_ref().map(|_| Redacted),
            )
            .finish()
    }
}

/// Verifies a received request's signature.
///
/// ```
/// use aliasr_sign::{verify, Credentials, IncomingRequest, SignatureVersion};
/// // The documented DescribeRegions example (GET, V1, key `testid` / `testsecret`).
/// let query = "AccessKeyId=testid&Action=DescribeRegions&Format=XML&SignatureMethod=HMAC-SHA1\
///     &SignatureNonce=3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf&SignatureVersion=1.0\
///     &Timestamp=2016-02-23T12%3A46%3A24Z&Version=2014-05-26&Signature=OLeaidS1JvxuMvnyHOwuJ%2BuX5qY%3D";
/// let request = IncomingRequest::new("GET", "/", query, b"", &[]);
/// let verified = verify(&request, &Credentials::new("testid", "testsecret")).unwrap();
/// assert_eq!(verified.signature_version, SignatureVersion::V1);
/// assert_eq!(verified.action, "DescribeRegions");
/// assert_eq!(verified.timestamp.unix_seconds(), 1_456_231_584);
/// ```
///
/// # Errors
/// A typed reason ([`SignError`]): missing parameter or header, unsupported signature method or
/// version, malformed `Authorization` or percent-encoding, unknown AccessKey ID, missing or wrong
/// security token, malformed timestamp, duplicate parameter, or a signature mismatch carrying the
/// server's string to sign (and V3 canonical request). Never panics, whatever the input.
pub fn verify(
    request: &IncomingRequest<'_>,
    secrets: &impl SecretLookup,
) -> Result<Verified, SignError> {
    match request.header("authorization") {
        Some(authorization) => rpc_v3::verify(request, &authorization, secrets),
        None => rpc_v1::verify(request, secrets),
    }
}

/// Rejects a second occurrence of any key across `lists`.
fn reject_duplicates(lists: &[&[(String, String)]]) -> Result<(), SignError> {
    let mut keys: Vec<&str> = lists
        .iter()
        .flat_map(|l| l.iter().map(|(k, _)| k.as_str()))
        .collect();
    keys.sort_unstable();
    match keys.windows(2).find(|w| w[0] == w[1]) {
        Some(w) => Err(SignError::DuplicateParameter {
            name: w[0].to_owned(),
        }),
        None => Ok(()),
    }
}

/// Constant-time string equality (for security tokens).
fn same_secret(a: &str, b: &str) -> bool {
    use subtle::ConstantTimeEq as _;
    a.len() == b.len() && bool::from(a.as_bytes().ct_eq(b.as_bytes()))
}
