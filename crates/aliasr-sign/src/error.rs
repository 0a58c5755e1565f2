//! The crate's one error type: why a request could not be signed, or why a verifier rejected one.

use std::fmt;

use crate::credentials::REDACTED;
use crate::settings::SignatureVersion;

/// Why signing failed or why [`verify`](crate::verify) rejected a request.
///
/// Verification reasons map onto the service's own error codes (`MissingParameter`,
/// `IncompleteSignature`, `InvalidAccessKeyId.NotFound`, `InvalidSecurityToken.*`,
/// `SignatureDoesNotMatch`, …); choosing the code and HTTP status is the server's business.
/// No variant's `Debug` or `Display` contains an AccessKey secret or a security token.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SignError {
    /// Signing: an input field is empty or otherwise unusable.
    #[error("cannot sign: {field} {reason}")]
    InvalidInput {
        /// The offending field, for example `nonce`.
        field: &'static str,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Signing: an API parameter has the name of a common parameter the signer writes itself.
    #[error("cannot sign: API parameter `{name}` is a common parameter the signer sets")]
    ReservedParameter {
        /// The parameter name.
        name: String,
    },
    /// Signing: a request header has the name of a header the signer writes itself.
    #[error("cannot sign: header `{name}` is set by the signer")]
    ReservedHeader {
        /// The header name as given.
        name: String,
    },
    /// Signing: a header name or value cannot go on the wire.
    #[error("cannot sign: header `{name}`: {reason}")]
    InvalidHeader {
        /// The header name as given (lossy if it was not printable).
        name: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// A parameter occurs twice (within or across the query and the form body).
    #[error("parameter `{name}` occurs more than once")]
    DuplicateParameter {
        /// The decoded parameter name.
        name: String,
    },
    /// Verifying: a required V1 parameter is absent or empty.
    #[error("missing required parameter `{name}`")]
    MissingParameter {
        /// The parameter name, for example `SignatureNonce`.
        name: &'static str,
    },
    /// Verifying: a required V3 header (or one named in `SignedHeaders`) is absent or empty.
    #[error("missing required header `{name}`")]
    MissingHeader {
        /// The header name, lower case.
        name: String,
    },
    /// Verifying: a V3 header that must be signed is not listed in `SignedHeaders`.
    #[error("header `{name}` is present but not listed in SignedHeaders")]
    HeaderNotSigned {
        /// The header name, lower case.
        name: &'static str,
    },
    /// Verifying: a signature method, version or type this crate does not implement.
    #[error("unsupported {field} `{value}`")]
    UnsupportedSignature {
        /// What was unsupported: `SignatureMethod`, `SignatureVersion`, `SignatureType` or
        /// `Authorization algorithm`.
        field: &'static str,
        /// The value the request carried.
        value: String,
    },
    /// Verifying: the V3 `Authorization` header cannot be parsed.
    #[error("malformed Authorization header: {reason}")]
    MalformedAuthorization {
        /// What is wrong with it.
        reason: &'static str,
    },
    /// Verifying: the secret lookup knows no such AccessKey ID.
    #[error("unknown AccessKey ID `{access_key_id}`")]
    UnknownAccessKeyId {
        /// The AccessKey ID the request named.
        access_key_id: String,
    },
    /// Verifying: the AccessKey is an STS key but the request carries no security token.
    #[error("the AccessKey requires a security token but the request carries none")]
    SecurityTokenMissing,
    /// Verifying: the request's security token is not the one issued with the AccessKey (or the key
    /// has no token at all).
    #[error("the security token does not match the AccessKey")]
    SecurityTokenMismatch,
    /// A timestamp is not `YYYY-MM-DDThh:mm:ssZ`.
    #[error("malformed {field} `{value}`: expected YYYY-MM-DDThh:mm:ssZ (UTC)")]
    MalformedTimestamp {
        /// `Timestamp`, `x-acs-date` or (when signing) `timestamp`.
        field: &'static str,
        /// The value as given.
        value: String,
    },
    /// Verifying: percent-encoding that cannot be decoded.
    #[error("malformed percent-encoding in the {location} at byte {offset}: {reason}")]
    MalformedEncoding {
        /// `query string` or `form body`.
        location: &'static str,
        /// Byte offset into that part of the request.
        offset: usize,
        /// What is wrong.
        reason: &'static str,
    },
    /// Verifying: the recomputed signature differs from the one sent.
    #[error("signature does not match: {0}")]
    SignatureMismatch(Box<MismatchDiagnostics>),
}

/// What the server computed when a signature did not match, for the client to compare with its own.
///
/// [`string_to_sign`](Self::string_to_sign) and [`canonical_request`](Self::canonical_request) are
/// exact (the service echoes the string to sign in its `SignatureDoesNotMatch` message, and they may
/// contain the request's own security token). `Debug` and `Display` print redacted copies.
#[derive(Clone, PartialEq, Eq)]
pub struct MismatchDiagnostics {
    signature_version: SignatureVersion,
    string_to_sign: String,
    canonical_request: Option<String>,
    redacted_string_to_sign: String,
    redacted_canonical_request: Option<String>,
}

impl MismatchDiagnostics {
    /// `needles`: every spelling of the security token that may occur in the texts.
    pub(crate) fn new(
        signature_version: SignatureVersion,
        string_to_sign: String,
        canonical_request: Option<String>,
        needles: &[String],
    ) -> Self {
        let redact = |text: &str| {
            needles
                .iter()
                .filter(|n| !n.is_empty())
                .fold(text.to_owned(), |acc, needle| {
                    acc.replace(needle.as_str(), REDACTED)
                })
        };
        Self {
            signature_version,
            redacted_string_to_sign: redact(&string_to_sign),
            redacted_canonical_request: canonical_request.as_deref().map(redact),
            string_to_sign,
            canonical_request,
        }
    }

    /// Which signature scheme was checked.
    pub fn signature_version(&self) -> SignatureVersion {
        self.signature_version
    }

    /// The server's string to sign, exactly (may contain the request's security token).
    pub fn string_to_sign(&self) -> &str {
        &self.string_to_sign
    }

    /// The server's V3 canonical request, exactly (may contain the request's security token).
    pub fn canonical_request(&self) -> Option<&str> {
        self.canonical_request.as_deref()
    }

    /// The string to sign with the security token replaced by `** REDACTED **`, for logs.
    pub fn redacted_string_to_sign(&self) -> &str {
        &self.redacted_string_to_sign
    }

    /// The canonical request with the security token replaced by `** REDACTED **`, for logs.
    pub fn redacted_canonical_request(&self) -> Option<&str> {
        self.redacted_canonical_request.as_deref()
    }
}

impl fmt::Debug for MismatchDiagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("MismatchDiagnostics")
            .field("signature_version", &self.signature_version)
            .field("string_to_sign", &self.redacted_string_to_sign)
            .field("canonical_request", &self.redacted_canonical_request)
            .finish()
    }
}

impl fmt::Display for MismatchDiagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} server string to sign is `{}`",
            self.signature_version,
            self.redacted_string_to_sign.escape_debug()
        )?;
        if let Some(canonical) = &self.redacted_canonical_request {
            write!(
                f,
                ", server canonical request is `{}`",
                canonical.escape_debug()
            )?;
        }
        Ok(())
    }
}
