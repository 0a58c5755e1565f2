//! [`ErrorCode`]: the `Code` of an error body, with the spellings used on the wire.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The `Code` of an error body.
///
/// Known codes are variants; any other code is kept in [`ErrorCode::Other`]. Two values are
/// equal when their wire spellings are equal, so `Other("Throttling")` equals `Throttling`.
///
/// ```
/// use aliasr_models::ErrorCode;
///
/// let code: ErrorCode = "Throttling.User".parse().unwrap();
/// assert_eq!(code, ErrorCode::ThrottlingUser);
/// assert!(code.is_throttling() && code.is_retryable());
/// assert_eq!(ErrorCode::InvalidAccessKeyIdNotFound.to_string(), "InvalidAccessKeyId.NotFound");
/// assert!(!ErrorCode::SignatureDoesNotMatch.is_retryable());
/// ```
#[derive(Debug, Clone, Eq)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `ConfigNotFound` (Live, HTTP 400): the configuration does not exist.
    ConfigNotFound,
    /// `InternalError` (HTTP 500): a server-side failure.
    InternalError,
    /// `MalformedParam` (Live, HTTP 400): a parameter has the wrong form.
    MalformedParam,
    /// `MissingParam` (Live, HTTP 400): a required parameter is absent.
    MissingParam,
    /// `CodeConfigNotFound` (Live RealTimeRecordCommand, HTTP 400).
    CodeConfigNotFound,
    /// `StreamNotFound` (Live RealTimeRecordCommand, HTTP 409).
    StreamNotFound,
    /// `TaskAlreadyStarted` (Live RealTimeRecordCommand, HTTP 409): `start` on a running recording.
    TaskAlreadyStarted,
    /// `SignatureDoesNotMatch` (gateway): the server computed another signature.
    SignatureDoesNotMatch,
    /// `IncompleteSignature` (gateway): signature parameters are missing.
    IncompleteSignature,
    /// `InvalidAccessKeyId.NotFound` (gateway).
    InvalidAccessKeyIdNotFound,
    /// `InvalidTimeStamp.Expired` (gateway): the request timestamp is too old or too new.
    InvalidTimeStampExpired,
    /// `SignatureNonceUsed` (gateway): the nonce was seen before.
    SignatureNonceUsed,
    /// `Throttling` (gateway).
    Throttling,
    /// `Throttling.User` (gateway): the per-user rate limit.
    ThrottlingUser,
    /// `Throttling.Api` (gateway): the per-API rate limit.
    ThrottlingApi,
    /// `Forbidden.RAM` (gateway): the RAM policy denies the action.
    ForbiddenRam,
    /// `ServiceUnavailable` (gateway, HTTP 503).
    ServiceUnavailable,
    /// Any other code, spelled as received.
    Other(String),
}

/// (variant, wire spelling) for every known code; `Other` is not listed.
const KNOWN: &[(ErrorCode, &str)] = &[
    (ErrorCode::ConfigNotFound, "ConfigNotFound"),
    (ErrorCode::InternalError, "InternalError"),
    (ErrorCode::MalformedParam, "MalformedParam"),
    (ErrorCode::MissingParam, "MissingParam"),
    (ErrorCode::CodeConfigNotFound, "CodeConfigNotFound"),
    (ErrorCode::StreamNotFound, "StreamNotFound"),
    (ErrorCode::TaskAlreadyStarted, "TaskAlreadyStarted"),
    (ErrorCode::SignatureDoesNotMatch, "SignatureDoesNotMatch"),
    (ErrorCode::IncompleteSignature, "IncompleteSignature"),
    (
        ErrorCode::InvalidAccessKeyIdNotFound,
        "InvalidAccessKeyId.NotFound",
    ),
    (
        ErrorCode::InvalidTimeStampExpired,
        "InvalidTimeStamp.Expired",
    ),
    (ErrorCode::SignatureNonceUsed, "SignatureNonceUsed"),
    (ErrorCode::Throttling, "Throttling"),
    (ErrorCode::ThrottlingUser, "Throttling.User"),
    (ErrorCode::ThrottlingApi, "Throttling.Api"),
    (ErrorCode::ForbiddenRam, "Forbidden.RAM"),
    (ErrorCode::ServiceUnavailable, "ServiceUnavailable"),
];

impl ErrorCode {
    /// Every known code (not `Other`), in declaration order.
    pub fn known() -> impl Iterator<Item = ErrorCode> {
        KNOWN.iter().map(|(code, _)| code.clone())
    }

    /// The wire spelling, exactly as the service sends it.
    pub fn as_str(&self) -> &str {
        match self {
            Self::ConfigNotFound => "ConfigNotFound",
            Self::InternalError => "InternalError",
            Self::MalformedParam => "MalformedParam",
            Self::MissingParam => "MissingParam",
            Self::CodeConfigNotFound => "CodeConfigNotFound",
            Self::StreamNotFound => "StreamNotFound",
            Self::TaskAlreadyStarted => "TaskAlreadyStarted",
            Self::SignatureDoesNotMatch => "SignatureDoesNotMatch",
            Self::IncompleteSignature => "IncompleteSignature",
            Self::InvalidAccessKeyIdNotFound => "InvalidAccessKeyId.NotFound",
            Self::InvalidTimeStampExpired => "InvalidTimeStamp.Expired",
            Self::SignatureNonceUsed => "SignatureNonceUsed",
            Self::Throttling => "Throttling",
            Self::ThrottlingUser => "Throttling.User",
            Self::ThrottlingApi => "Throttling.Api",
            Self::ForbiddenRam => "Forbidden.RAM",
            Self::ServiceUnavailable => "ServiceUnavailable",
            Self::Other(code) => code,
        }
    }

    /// True for rate-limit rejections: `Throttling` and every `Throttling.*` code.
    pub fn is_throttling(&self) -> bool {
        let code = self.as_str();
        code == "Throttling" || code.starts_with("Throttling.")
    }

    /// True when the same request may succeed if sent again later: throttling,
    /// `InternalError` and `ServiceUnavailable`. Client errors (bad signature, bad or missing
    /// parameters, permissions, conflicts such as `TaskAlreadyStarted`) never are.
    pub fn is_retryable(&self) -> bool {
        self.is_throttling() || matches!(self.as_str(), "InternalError" | "ServiceUnavailable")
    }

    /// The HTTP status the operation documentation lists for this code, where it lists one
    /// (QueryRtcAsrTasks and RealTimeRecordCommand pages); `None` for the rest.
    pub fn documented_http_status(&self) -> Option<u16> {
        match self.as_str() {
            "ConfigNotFound" | "MalformedParam" | "MissingParam" | "CodeConfigNotFound" => {
                Some(400)
            }
            "StreamNotFound" | "TaskAlreadyStarted" => Some(409),
            "InternalError" => Some(500),
            _ => None,
        }
    }
}

impl PartialEq for ErrorCode {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Hash for ErrorCode {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for ErrorCode {
    type Err = Infallible;
    fn from_str(code: &str) -> Result<Self, Infallible> {
        Ok(Self::from(code))
    }
}

impl From<&str> for ErrorCode {
    fn from(code: &str) -> Self {
        KNOWN
            .iter()
            .find(|(_, spelling)| *spelling == code)
            .map_or_else(|| Self::Other(code.to_owned()), |(known, _)| known.clone())
    }
}

impl From<String> for ErrorCode {
    fn from(code: String) -> Self {
        match Self::from(code.as_str()) {
            Self::Other(_) => Self::Other(code),
            known => known,
        }
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_known_code_round_trips_through_its_spelling() {
        for (code, spelling) in KNOWN {
            assert_eq!(code.as_str(), *spelling);
            assert!(
                !matches!(ErrorCode::from(*spelling), ErrorCode::Other(_)),
                "{spelling}"
            );
            assert_eq!(ErrorCode::from(*spelling), *code);
        }
        assert_eq!(ErrorCode::known().count(), KNOWN.len());
    }

    #[test]
    fn classification() {
        for code in [
            "Throttling",
            "Throttling.User",
            "Throttling.Api",
            "Throttling.Concurrency",
        ] {
            assert!(ErrorCode::from(code).is_throttling(), "{code}");
            assert!(ErrorCode::from(code).is_retryable(), "{code}");
        }
        assert!(ErrorCode::InternalError.is_retryable());
        assert!(ErrorCode::ServiceUnavailable.is_retryable());
        for code in [
            "SignatureDoesNotMatch",
            "IncompleteSignature",
            "InvalidAccessKeyId.NotFound",
            "InvalidTimeStamp.Expired",
            "SignatureNonceUsed",
            "Forbidden.RAM",
            "MissingParam",
            "MalformedParam",
            "ConfigNotFound",
            "CodeConfigNotFound",
            "StreamNotFound",
            "TaskAlreadyStarted",
            "ThrottlingX",
            "InvalidParameter",
        ] {
            assert!(!ErrorCode::from(code).is_retryable(), "{code}");
            assert!(!ErrorCode::from(code).is_throttling(), "{code}");
        }
    }

    #[test]
    fn other_equals_known_with_the_same_spelling() {
        assert_eq!(ErrorCode::Other("Throttling".into()), ErrorCode::Throttling);
        assert_ne!(ErrorCode::Other("throttling".into()), ErrorCode::Throttling);
    }
}
