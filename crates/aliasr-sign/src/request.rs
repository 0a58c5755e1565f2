//! The request-level types: what goes into [`sign`](crate::sign) and the instructions that come out.

use std::fmt;
use std::ops::Range;

use crate::credentials::REDACTED;
use crate::settings::SignatureVersion;

/// The HTTP methods RPC APIs are called with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum HttpMethod {
    /// `GET` (some legacy requests, for example `GetSmartHandleJob` in aliyun-python-sdk-ice).
    Get,
    /// `POST` (what the current SDKs use for the ASR operations).
    Post,
}

impl HttpMethod {
    /// The method name as it appears on the wire and in strings to sign.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
        }
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One RPC call to sign: operation, API parameters, the headers the caller will send, and the
/// timestamp and nonce (the signer reads no clock and draws no random numbers).
///
/// ```
/// use aliasr_sign::{HttpMethod, SignableRequest};
/// let request = SignableRequest::new(HttpMethod::Post, "ice.cn-shanghai.aliyuncs.com", "GetSmartHandleJob", "2020-11-09")
///     .with_param("JobId", "9b5b3d5fa7e84fbd8e1cfa2b1f8c0a11")
///     .with_header("user-agent", "aliasr/0.1")
///     .with_timestamp("2024-06-01T12:34:56Z")
///     .with_nonce("5128c86b3a5e15f88e80ff12360f67fc");
/// assert_eq!(request.params.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignableRequest {
    /// `GET` or `POST`.
    pub method: HttpMethod,
    /// The exact `Host` header the request will carry (with `:port` when it is not the default);
    /// V3 signs it.
    pub host: String,
    /// The API name, for example `SubmitASRJob`.
    pub action: String,
    /// The API version, for example `2020-11-09`.
    pub version: String,
    /// API parameters (already flattened to strings), in the order they should appear on the wire.
    pub params: Vec<(String, String)>,
    /// Headers the caller sends besides the ones the signer returns (`user-agent`, `accept`, …).
    /// V3 signs all of them; V1 signs none.
    pub headers: Vec<(String, String)>,
    /// `YYYY-MM-DDThh:mm:ssZ`, UTC.
    pub timestamp: String,
    /// A value unique per request (the SDKs use 32 lower-case hex characters).
    pub nonce: String,
}

impl SignableRequest {
    /// A request without parameters, headers, timestamp or nonce yet.
    pub fn new(
        method: HttpMethod,
        host: impl Into<String>,
        action: impl Into<String>,
        version: impl Into<String>,
    ) -> Self {
        Self {
            method,
            host: host.into(),
            action: action.into(),
            version: version.into(),
            params: Vec::new(),
            headers: Vec::new(),
            timestamp: String::new(),
            nonce: String::new(),
        }
    }

    /// Appends an API parameter.
    #[must_use]
    pub fn with_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.params.push((name.into(), value.into()));
        self
    }

    /// Appends a header the caller will send.
    #[must_use]
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sets the timestamp (`YYYY-MM-DDThh:mm:ssZ`).
    #[must_use]
    pub fn with_timestamp(mut self, timestamp: impl Into<String>) -> Self {
        self.timestamp = timestamp.into();
        self
    }

    /// Sets the nonce.
    #[must_use]
    pub fn with_nonce(mut self, nonce: impl Into<String>) -> Self {
        self.nonce = nonce.into();
        self
    }

    /// Sets a fresh timestamp and nonce from the clock and the OS random source.
    #[cfg(feature = "fresh")]
    #[must_use]
    pub fn with_fresh_timestamp_and_nonce(self) -> Self {
        self.with_timestamp(crate::fresh::utc_timestamp_now())
            .with_nonce(crate::fresh::fresh_nonce())
    }
}

/// A header the signer asks the caller to add.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedHeader {
    name: &'static str,
    value: String,
    sensitive: bool,
}

impl SignedHeader {
    pub(crate) fn new(name: &'static str, value: String) -> Self {
        Self {
            name,
            value,
            sensitive: false,
        }
    }

    pub(crate) fn sensitive(name: &'static str, value: String) -> Self {
        Self {
            name,
            value,
            sensitive: true,
        }
    }

    /// The header name, lower case.
    pub fn name(&self) -> &'static str {
        self.name
    }

    /// The header value.
    pub fn value(&self) -> &str {
        &self.value
    }

    /// Whether the value is a secret (the STS token) that must not be logged.
    pub fn is_sensitive(&self) -> bool {
        self.sensitive
    }
}

impl fmt::Debug for SignedHeader {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sensitive {
            write!(f, "{}: {REDACTED}", self.name)
        } else {
            write!(f, "{}: {:?}", self.name, self.value)
        }
    }
}

/// What to send: the signer's instructions, independent of any HTTP library.
///
/// Send `POST /?{query}` (or `GET`) to the request's host with the request's own headers plus
/// [`headers`](Self::headers), and [`body`](Self::body) if there is one. `Debug` redacts the security
/// token.
#[derive(Clone, PartialEq, Eq)]
pub struct SignedRequest {
    pub(crate) signature_version: SignatureVersion,
    pub(crate) query: String,
    pub(crate) body: Option<String>,
    pub(crate) headers: Vec<SignedHeader>,
    pub(crate) signature: String,
    /// Where the security token sits in `query`, so `Debug` can hide it.
    pub(crate) token_in_query: Option<Range<usize>>,
}

impl SignedRequest {
    /// The scheme used.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature_version
    }

    /// The URL query string, without `?` (empty when there is none).
    pub fn query(&self) -> &str {
        &self.query
    }

    /// `/` or `/?{query}`: the request target for RPC APIs.
    pub fn path_and_query(&self) -> String {
        if self.query.is_empty() {
            "/".to_owned()
        } else {
            format!("/?{}", self.query)
        }
    }

    /// The `application/x-www-form-urlencoded` body, when parameters go in the body.
    pub fn body(&self) -> Option<&str> {
        self.body.as_deref()
    }

    /// Headers to add (V3 signing headers and `authorization`; `content-type` with a body).
    pub fn headers(&self) -> &[SignedHeader] {
        &self.headers
    }

    /// The signature: base64 for V1, lower-case hex for V3.
    pub fn signature(&self) -> &str {
        &self.signature
    }

    /// The value of the signer header `name`, if it added one.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(SignedHeader::value)
    }
}

impl fmt::Debug for SignedRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let query = match &self.token_in_query {
            Some(span) => match (self.query.get(..span.start), self.query.get(span.end..)) {
                (Some(before), Some(after)) => format!("{before}{REDACTED}{after}"),
                _ => REDACTED.to_owned(),
            },
            None => self.query.clone(),
        };
        f.debug_struct("SignedRequest")
            .field("signature_version", &self.signature_version)
            .field("query", &query)
            .field("body", &self.body)
            .field("headers", &self.headers)
            .field("signature", &self.signature)
            .finish()
    }
}
