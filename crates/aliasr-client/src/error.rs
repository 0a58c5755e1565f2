//! The client's one error type. Display is one line that says what failed and, when the service
//! answered, its RequestId.

use std::time::Duration;

use crate::credentials::CredentialsError;

/// What the service answered when it refused a call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServiceFailure {
    /// HTTP status.
    pub status: u16,
    /// `Code`, e.g. `Throttling.User`.
    pub code: String,
    /// `Message`.
    pub message: String,
    /// `RequestId` (body, else the `x-acs-request-id` header).
    pub request_id: Option<String>,
    /// `Recommend`: a troubleshooting link.
    pub recommend: Option<String>,
    /// `x-acs-retry-after`, when the service said when to retry.
    pub retry_after: Option<Duration>,
}

/// How a request failed on the way.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportKind {
    /// No connection could be made: the request never left.
    Connect,
    /// No answer in time.
    Timeout,
    /// The connection broke before a full answer.
    Reset,
}

/// Everything that can go wrong in a call.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error.
    #[error("{}: {} (HTTP {}{})", .0.code, .0.message, .0.status, request_id_suffix(.0.request_id.as_deref()))]
    Service(ServiceFailure),
    /// The request failed on the network and may be retried.
    #[error("{action}: {kind:?} error after {attempts} attempt(s): {message}")]
    Transport {
        /// The operation.
        action: &'static str,
        /// What happened.
        kind: TransportKind,
        /// Details.
        message: String,
        /// Attempts made.
        attempts: u32,
    },
    /// A non-idempotent call was sent but no answer came: it may or may not have taken effect.
    #[error(
        "{action}: outcome unknown ({message}); the request was sent but no answer arrived, so it was not retried — check before submitting again"
    )]
    OutcomeUnknown {
        /// The operation.
        action: &'static str,
        /// What happened.
        message: String,
    },
    /// The answer could not be read.
    #[error("{action}: cannot read the answer (HTTP {status}{}): {message}; body starts {excerpt:?}", request_id_suffix(.request_id.as_deref()))]
    Decode {
        /// The operation.
        action: &'static str,
        /// HTTP status.
        status: u16,
        /// Why.
        message: String,
        /// The first bytes of the body.
        excerpt: String,
        /// From the `x-acs-request-id` header.
        request_id: Option<String>,
    },
    /// No usable credentials.
    #[error("credentials: {0}")]
    Credentials(#[from] CredentialsError),
    /// The request is invalid; nothing was sent.
    #[error("invalid request: {0}")]
    Validation(#[from] aliasr_models::ModelError),
    /// The client is configured wrongly.
    #[error("client configuration: {0}")]
    Config(String),
    /// Signing failed.
    #[error("signing: {0}")]
    Signing(#[from] aliasr_sign::SignError),
    /// The caller's `before_send` hook refused; nothing was sent.
    #[error("not sent: {0}")]
    Aborted(String),
    /// The job ended in the Failed state.
    #[error("job {job_id} failed: {code}: {message}")]
    JobFailed {
        /// JobId.
        job_id: String,
        /// `ErrorCode`.
        code: String,
        /// `ErrorMessage`.
        message: String,
    },
    /// The waiter's deadline passed first.
    #[error("job {job_id} still {last_state} after {waited:?}; gave up waiting")]
    WaitTimeout {
        /// JobId.
        job_id: String,
        /// Last state seen.
        last_state: String,
        /// How long it waited.
        waited: Duration,
    },
}

fn request_id_suffix(request_id: Option<&str>) -> String {
    request_id.map_or_else(String::new, |id| format!(", RequestId {id}"))
}

impl Error {
    /// The service's error code, when the service answered with one.
    pub fn code(&self) -> Option<&str> {
        match self {
            Self::Service(failure) => Some(&failure.code),
            Self::JobFailed { code, .. } => Some(code),
            _ => None,
        }
    }

    /// The RequestId of the answer, when there was one.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Self::Service(failure) => failure.request_id.as_deref(),
            Self::Decode { request_id, .. } => request_id.as_deref(),
            _ => None,
        }
    }

    /// Whether trying the same idempotent call again later may succeed: what the retry rules
    /// would retry for an idempotent call (throttling; 500, 502, 503, 504, also with an
    /// unreadable body such as a proxy's HTML page), and network failures.
    pub fn is_transient(&self) -> bool {
        let retryable = |status: u16, code: Option<&str>| {
            crate::retry::classify_answer(status, code, true) == crate::retry::Verdict::Retry
        };
        match self {
            Self::Service(failure) => retryable(failure.status, Some(&failure.code)),
            Self::Decode { status, .. } => retryable(*status, None),
            Self::Transport { .. } => true,
            _ => false,
        }
    }

    /// Whether the service refused because of rate limits.
    pub fn is_throttling(&self) -> bool {
        match self {
            Self::Service(failure) => {
                aliasr_models::ErrorCode::from(failure.code.as_str()).is_throttling()
            }
            _ => false,
        }
    }
}
