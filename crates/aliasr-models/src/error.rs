//! The crate's one error type, [`ModelError`].

use crate::segment::SegmentErrors;
use crate::violation::Violations;

/// Everything that can go wrong while parsing a body, decoding a nested JSON string or
/// building a request.
///
/// Every message says what was being read and where the problem is (line and column, a
/// field path, a segment index or a parameter name), so it can be shown to a person as is.
///
/// ```
/// use aliasr_models::{GetSmartHandleJobResponse, ModelError};
///
/// let err = GetSmartHandleJobResponse::from_json("{\"JobId\": \"a\",}").unwrap_err();
/// assert!(matches!(err, ModelError::MalformedJson { line: 1, .. }));
/// assert!(err.to_string().contains("line 1, column 15"), "{err}");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum ModelError {
    /// The text is not well-formed JSON: a syntax error or a truncated document.
    #[error(
        "{what}: malformed JSON at line {line}, column {column}: {message}{}",
        near(excerpt)
    )]
    MalformedJson {
        /// What was being parsed, for example `GetSmartHandleJob response body`.
        what: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in bytes) of the problem.
        column: usize,
        /// The parser's description.
        message: String,
        /// A short piece of the text around the problem (empty when there is none).
        excerpt: String,
    },

    /// Well-formed JSON whose shape does not fit the model, such as a number where an
    /// object is expected.
    #[error("{what}: {}{message} (line {line}, column {column})", at_path(path))]
    UnexpectedJson {
        /// What was being parsed.
        what: String,
        /// Dotted path of the offending value (`SmartJobInfo.InputConfig`), empty at the root.
        path: String,
        /// 1-based line of the problem.
        line: usize,
        /// 1-based column (in bytes) of the problem.
        column: usize,
        /// The parser's description.
        message: String,
    },

    /// A value the caller asked for is not in the body.
    #[error("{what}: missing field {field:?}")]
    MissingField {
        /// What was being read.
        what: String,
        /// Wire path of the absent field, for example `JobResult.AiResult`.
        field: String,
    },

    /// A segment list that is JSON, but some of its entries are not valid segments.
    #[error("{what}: {errors}")]
    InvalidSegments {
        /// What was being parsed, for example `JobResult.AiResult`.
        what: String,
        /// Every bad segment, with its index.
        errors: SegmentErrors,
    },

    /// A request that breaks one or more documented rules; every violation is listed.
    #[error("{operation} request is invalid: {violations}")]
    InvalidRequest {
        /// The operation's action name, for example `SubmitASRJob`.
        operation: &'static str,
        /// Every rule broken, in the SDK's parameter order.
        violations: Violations,
    },

    /// A single value that could not be parsed: a timecode, a command, an `oss://` URL, a
    /// JSON object given as text.
    #[error("{what} {value:?} is invalid: {reason}")]
    InvalidValue {
        /// What the value was meant to be.
        what: &'static str,
        /// The value (shortened when long).
        value: String,
        /// Why it was rejected.
        reason: String,
    },

    /// A QueryRtcAsrTasks reply whose `RetCode` is not 2000: the call failed inside an HTTP 200.
    #[error(
        "QueryRtcAsrTasks failed: RetCode {}, description {:?}{}",
        ret_code.map_or_else(|| "missing".to_owned(), |code| code.to_string()),
        description.as_deref().unwrap_or(""),
        request_id.as_deref().map(|id| format!(", request id {id}")).unwrap_or_default()
    )]
    RetCodeFailure {
        /// The `RetCode` received, if any.
        ret_code: Option<i64>,
        /// The `Description` received, if any.
        description: Option<String>,
        /// The `RequestId` received, if any.
        request_id: Option<String>,
    },
}

impl ModelError {
    /// The error code a server would answer with for this problem in a request:
    /// `MissingParam` or `MalformedParam` for [`ModelError::InvalidRequest`], `None` otherwise.
    ///
    /// ```
    /// use aliasr_models::{ErrorCode, GetSmartHandleJobRequest, Operation};
    ///
    /// let err = GetSmartHandleJobRequest::from_wire_params(&[]).unwrap_err();
    /// assert_eq!(err.request_error_code(), Some(ErrorCode::MissingParam));
    /// ```
    pub fn request_error_code(&self) -> Option<crate::ErrorCode> {
        match self {
            Self::InvalidRequest { violations, .. } => Some(violations.error_code()),
            _ => None,
        }
    }
}

fn near(excerpt: &str) -> String {
    if excerpt.is_empty() {
        String::new()
    } else {
        format!(" (near {excerpt:?})")
    }
}

fn at_path(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!("at {path}: ")
    }
}
