//! Error answers, shaped as the Alibaba Cloud gateway sends them: a JSON body with `RequestId`,
//! `HostId`, `Code`, `Message`, `Recommend` and an `x-acs-request-id` header.

use aliasr_models::ServiceError;

/// An error the emulator answers with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Failure {
    /// HTTP status.
    pub(crate) status: u16,
    /// `Code` as the gateway spells it.
    pub(crate) code: String,
    /// `Message`.
    pub(crate) message: String,
    /// `x-acs-retry-after` in milliseconds, for throttling.
    pub(crate) retry_after_ms: Option<u64>,
    /// `AccessDeniedDetail`, for RAM denials.
    pub(crate) access_denied_detail: Option<serde_json::Value>,
}

impl Failure {
    pub(crate) fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        Self {
            status,
            code: code.to_owned(),
            message: message.into(),
            retry_after_ms: None,
            access_denied_detail: None,
        }
    }

    /// The JSON body for this failure.
    pub(crate) fn body(&self, request_id: &str, host: &str) -> String {
        let mut body = serde_json::json!({
            "RequestId": request_id,
            "HostId": host,
            "Code": self.code,
            "Message": self.message,
            "Recommend": format!("https://api.aliyun.com/troubleshoot?q={}", self.code),
        });
        if let (Some(detail), Some(map)) = (&self.access_denied_detail, body.as_object_mut()) {
            map.insert("AccessDeniedDetail".into(), detail.clone());
        }
        // Proof that what we send is what clients read: it must parse as a ServiceError.
        debug_assert!(ServiceError::from_json(&body.to_string()).is_ok());
        body.to_string()
    }
}

/// Maps a verifier rejection to the gateway's error.
pub(crate) fn from_sign_error(error: &aliasr_sign::SignError) -> Failure {
    use aliasr_sign::SignError as E;
    match error {
        E::MissingParameter { name } => {
            if matches!(
                *name,
                "Signature" | "SignatureNonce" | "AccessKeyId" | "SignatureMethod"
            ) {
                Failure::new(
                    400,
                    "IncompleteSignature",
                    format!(
                        "The request signature does not conform to Aliyun standards. Missing {name}."
                    ),
                )
            } else {
                Failure::new(
                    400,
                    "MissingParameter",
                    format!(
                        "The input parameter \"{name}\" that is mandatory for processing this request is not supplied."
                    ),
                )
            }
        }
        E::MissingHeader { name } => Failure::new(
            400,
            "IncompleteSignature",
            format!(
                "The request signature does not conform to Aliyun standards. Missing header {name}."
            ),
        ),
        E::HeaderNotSigned { name } => Failure::new(
            400,
            "IncompleteSignature",
            format!("The header {name} must be signed."),
        ),
        E::MalformedAuthorization { reason } => Failure::new(
            400,
            "IncompleteSignature",
            format!("The Authorization header is malformed: {reason}."),
        ),
        E::UnsupportedSignature { field, value } => Failure::new(
            400,
            "InvalidParameter",
            format!("Unsupported {field} \"{value}\"."),
        ),
        E::UnknownAccessKeyId { .. } => Failure::new(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        ),
        E::SecurityTokenMissing => Failure::new(
            400,
            "InvalidSecurityToken.Missing",
            "The security token is required for this AccessKey.",
        ),
        E::SecurityTokenMismatch => Failure::new(
            400,
            "InvalidSecurityToken.Mismatch",
            "Specified SecurityToken mismatch with the AccessKey.",
        ),
        E::MalformedTimestamp { field, value } => Failure::new(
            400,
            "InvalidTimeStamp.Format",
            format!("Specified {field} \"{value}\" is not in the format YYYY-MM-DDThh:mm:ssZ."),
        ),
        E::MalformedEncoding {
            location,
            offset,
            reason,
        } => Failure::new(
            400,
            "InvalidParameter",
            format!("Malformed percent-encoding in the {location} at byte {offset}: {reason}."),
        ),
        E::DuplicateParameter { name } => Failure::new(
            400,
            "InvalidParameter",
            format!("The parameter \"{name}\" occurs more than once."),
        ),
        E::SignatureMismatch(diagnostics) => Failure::new(
            400,
            "SignatureDoesNotMatch",
            format!(
                "Specified signature is not matched with our calculation. server string to sign is:{}",
                diagnostics.string_to_sign()
            ),
        ),
        other => Failure::new(400, "InvalidParameter", other.to_string()),
    }
}
