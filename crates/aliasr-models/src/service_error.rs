//! [`ServiceError`]: the JSON body of an HTTP 4xx/5xx answer.

use serde::de::{self, MapAccess, Visitor};
use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

use crate::json::parse_document;
use crate::{ErrorCode, ModelError};

/// The body of an error answer: `{"RequestId", "HostId", "Code", "Message", "Recommend",
/// ["AccessDeniedDetail": {...}]}`.
///
/// Keys are read case-tolerantly like the official SDK (`Code` or `code`, `RequestId` or
/// `requestId`, ...; the PascalCase key wins when both are present), unknown keys are
/// ignored, and a numeric `Code` is kept as its text. Serialising writes PascalCase keys.
///
/// ```
/// use aliasr_models::{ErrorCode, ServiceError};
///
/// let body = r#"{"requestId": "r-1", "code": "Throttling.User", "message": "slow down"}"#;
/// let error = ServiceError::from_json(body).unwrap();
/// assert_eq!(error.code, Some(ErrorCode::ThrottlingUser));
/// assert!(error.is_retryable());
/// assert_eq!(error.to_string(), "Throttling.User: slow down (request id r-1)");
/// assert_eq!(
///     serde_json::to_string(&error).unwrap(),
///     r#"{"RequestId":"r-1","Code":"Throttling.User","Message":"slow down"}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct ServiceError {
    /// `RequestId`: quote it when asking for support.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// `HostId`: the host that answered.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub host_id: Option<String>,
    /// `Code`, for example `SignatureDoesNotMatch`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<ErrorCode>,
    /// `Message`, a human-readable explanation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
    /// `Recommend`: a troubleshooting link.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub recommend: Option<String>,
    /// `AccessDeniedDetail`: sent with permission errors.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub access_denied_detail: Option<AccessDeniedDetail>,
}

impl ServiceError {
    /// Writes the body as compact JSON with PascalCase keys, as the service sends it.
    pub fn to_json(&self) -> String {
        crate::json::to_json_text(self)
    }

    /// An error body with this code and message, as a server sends it.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code: Some(code),
            message: Some(message.into()),
            ..Self::default()
        }
    }

    /// Parses an error body.
    pub fn from_json(body: &str) -> Result<Self, ModelError> {
        parse_document("error body", body)
    }

    /// True when the code is a throttling code.
    pub fn is_throttling(&self) -> bool {
        self.code.as_ref().is_some_and(ErrorCode::is_throttling)
    }

    /// True when the code says the same request may succeed later (see [`ErrorCode::is_retryable`]).
    pub fn is_retryable(&self) -> bool {
        self.code.as_ref().is_some_and(ErrorCode::is_retryable)
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.code {
            Some(code) => write!(f, "{code}")?,
            None => f.write_str("error without a code")?,
        }
        if let Some(message) = &self.message {
            write!(f, ": {message}")?;
        }
        if let Some(request_id) = &self.request_id {
            write!(f, " (request id {request_id})")?;
        }
        Ok(())
    }
}

/// `AccessDeniedDetail` of a permission error: which action was denied, for whom and by
/// which kind of policy. Every field is optional; unknown keys are ignored.
///
/// ```
/// use aliasr_models::ServiceError;
///
/// let body = r#"{"Code": "Forbidden.RAM", "AccessDeniedDetail": {"AuthAction": "ice:SubmitASRJob", "NoPermissionType": "ImplicitDeny"}}"#;
/// let detail = ServiceError::from_json(body)?.access_denied_detail.unwrap();
/// assert_eq!(detail.auth_action.as_deref(), Some("ice:SubmitASRJob"));
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[non_exhaustive]
pub struct AccessDeniedDetail {
    /// The denied action, for example `ice:SubmitASRJob`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_action: Option<String>,
    /// The display name of the caller.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_principal_display_name: Option<String>,
    /// The account that owns the caller.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_principal_owner_id: Option<String>,
    /// The kind of caller, for example `SubUser`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub auth_principal_type: Option<String>,
    /// An encoded diagnosis to decode with RAM tools.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub encoded_diagnostic_message: Option<String>,
    /// Why there is no permission, for example `ImplicitDeny`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub no_permission_type: Option<String>,
    /// The kind of policy that decided, for example `AccountLevelIdentityBasedPolicy`.
    #[serde(
        default,
        deserialize_with = "crate::lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub policy_type: Option<String>,
}

/// The keys read, each with its PascalCase and camelCase spellings.
#[derive(Clone, Copy)]
enum Key {
    RequestId,
    HostId,
    Code,
    Message,
    Recommend,
    AccessDeniedDetail,
}

impl Key {
    /// The key and whether it is the preferred (PascalCase) spelling.
    fn parse(name: &str) -> Option<(Self, bool)> {
        Some(match name {
            "RequestId" => (Self::RequestId, true),
            "requestId" => (Self::RequestId, false),
            "HostId" => (Self::HostId, true),
            "hostId" => (Self::HostId, false),
            "Code" => (Self::Code, true),
            "code" => (Self::Code, false),
            "Message" => (Self::Message, true),
            "message" => (Self::Message, false),
            "Recommend" => (Self::Recommend, true),
            "recommend" => (Self::Recommend, false),
            "AccessDeniedDetail" => (Self::AccessDeniedDetail, true),
            "accessDeniedDetail" => (Self::AccessDeniedDetail, false),
            _ => return None,
        })
    }
}

/// A string-ish value read with the lenient rules (numbers kept as text, null as absent).
struct LenientString(Option<String>);

impl<'de> Deserialize<'de> for LenientString {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        crate::lenient::opt_string(deserializer).map(LenientString)
    }
}

/// A value seen under its preferred or its fallback spelling.
struct Spellings<T> {
    preferred: Option<T>,
    fallback: Option<T>,
}

impl<T> Default for Spellings<T> {
    fn default() -> Self {
        Self {
            preferred: None,
            fallback: None,
        }
    }
}

impl<T> Spellings<T> {
    fn set(&mut self, preferred: bool, value: Option<T>) {
        if preferred {
            self.preferred = value;
        } else {
            self.fallback = value;
        }
    }
    fn get(self) -> Option<T> {
        self.preferred.or(self.fallback)
    }
}

impl<'de> Deserialize<'de> for ServiceError {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ServiceErrorVisitor;
        impl<'de> Visitor<'de> for ServiceErrorVisitor {
            type Value = ServiceError;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an error body object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<ServiceError, A::Error> {
                let mut request_id = Spellings::default();
                let mut host_id = Spellings::default();
                let mut code = Spellings::default();
                let mut message = Spellings::default();
                let mut recommend = Spellings::default();
                let mut detail = Spellings::default();
                while let Some(name) = map.next_key::<String>()? {
                    let Some((key, preferred)) = Key::parse(&name) else {
                        map.next_value::<de::IgnoredAny>()?;
                        continue;
                    };
                    match key {
                        Key::RequestId => {
                            request_id.set(preferred, map.next_value::<LenientString>()?.0)
                        }
                        Key::HostId => host_id.set(preferred, map.next_value::<LenientString>()?.0),
                        Key::Code => code.set(preferred, map.next_value::<LenientString>()?.0),
                        Key::Message => {
                            message.set(preferred, map.next_value::<LenientString>()?.0)
                        }
                        Key::Recommend => {
                            recommend.set(preferred, map.next_value::<LenientString>()?.0)
                        }
                        Key::AccessDeniedDetail => {
                            detail.set(preferred, map.next_value::<Option<AccessDeniedDetail>>()?);
                        }
                    }
                }
                Ok(ServiceError {
                    request_id: request_id.get(),
                    host_id: host_id.get(),
                    code: code.get().map(ErrorCode::from),
                    message: message.get(),
                    recommend: recommend.get(),
                    access_denied_detail: detail.get(),
                })
            }
        }
        deserializer.deserialize_map(ServiceErrorVisitor)
    }
}
