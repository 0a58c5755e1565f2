//! The crate's one error type.

/// Everything that can go wrong between input bytes and subtitle text.
///
/// Each message says what was wrong and where: the JSON line and column, the segment index and
/// field, or the setting.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum TranscriptError {
    /// The input (or a JSON string inside it) is not valid JSON.
    #[error(
        "malformed JSON in {location} at line {line}, column {column}: {message} (near `{excerpt}`){}",
        recovery_hint(*.recoverable_segments, *.unescaped_string)
    )]
    MalformedJson {
        /// `input`, or the field holding the stringified JSON, such as `JobResult.AiResult`.
        location: String,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What the JSON parser expected.
        message: String,
        /// A short piece of the input around the error.
        excerpt: String,
        /// How many segments lenient recovery (bracket matching) would find, if any.
        recoverable_segments: Option<usize>,
        /// Whether the input holds a string that starts an unescaped array (`"[{"`), as the
        /// documentation's sample does.
        unescaped_string: bool,
    },
    /// Valid JSON, but not one of the accepted shapes.
    #[error(
        "unexpected {}: expected a segment array [{{\"content\",\"from\",\"to\"}}], \
         a JSON string holding one, or a GetSmartHandleJob response body (JobResult.AiResult or Output, \
         optionally wrapped as {{\"body\": ...}}); found {found}",
        shape_location(location)
    )]
    UnexpectedShape {
        /// Where in the input.
        location: String,
        /// What was found instead.
        found: String,
    },
    /// The input is an Alibaba Cloud error response, not a transcript.
    #[error("the input is an error response, not a transcript: {code}: {message}")]
    ErrorResponse {
        /// The service's error code, such as `Throttling.User`.
        code: String,
        /// The service's message.
        message: String,
    },
    /// A GetSmartHandleJob body whose `State` is `Failed`.
    #[error("the job failed ({}): {}", .code.as_deref().unwrap_or("no ErrorCode"), .message.as_deref().unwrap_or("no ErrorMessage"))]
    JobFailed {
        /// `ErrorCode` from the body.
        code: Option<String>,
        /// `ErrorMessage` from the body.
        message: Option<String>,
    },
    /// A GetSmartHandleJob body with no result yet.
    #[error("the job has no result yet (State is {state:?}); wait until it is Finished")]
    JobNotFinished {
        /// `State` from the body.
        state: String,
    },
    /// A segment that breaks the AiResult rules.
    #[error("invalid segment {location}[{index}]: {problem}{}", more_hint(*.more))]
    InvalidSegment {
        /// The array holding the segment, such as `input` or `JobResult.AiResult`.
        location: String,
        /// 0-based index in that array.
        index: usize,
        /// The field at fault: `content`, `from`, `to`, or `segment` for the whole element.
        field: &'static str,
        /// What is wrong, naming the field.
        problem: String,
        /// How many further segments are invalid too.
        more: usize,
    },
    /// A setting is out of range or contradicts another.
    #[error("invalid setting {setting}: {problem}")]
    InvalidSetting {
        /// The setting's command-line name, such as `max-lines`.
        setting: &'static str,
        /// What is wrong.
        problem: String,
    },
    /// The offset moves a segment before zero.
    #[error(
        "the offset of {offset_ms} ms moves segment {index} (from {from_ms} ms) before zero; \
         use an offset of at least -{from_ms} ms"
    )]
    OffsetBeforeZero {
        /// The offset asked for.
        offset_ms: i64,
        /// Index (0-based) of the earliest segment.
        index: usize,
        /// Its start in milliseconds.
        from_ms: u64,
    },
}

fn recovery_hint(segments: Option<usize>, unescaped_string: bool) -> String {
    let Some(n) = segments else {
        return String::new();
    };
    let why = if unescaped_string {
        "this looks like a JSON array inside a string with its quotes not escaped (as in the \
         documentation's sample); "
    } else {
        ""
    };
    format!(
        "; {why}lenient mode (--lenient) recovers {n} segment{} by bracket matching",
        if n == 1 { "" } else { "s" }
    )
}

fn shape_location(location: &str) -> String {
    if location == "input" {
        "input".to_string()
    } else {
        format!("content in {location}")
    }
}

fn more_hint(more: usize) -> String {
    match more {
        0 => String::new(),
        1 => " (1 more segment is invalid too)".to_string(),
        n => format!(" ({n} more segments are invalid too)"),
    }
}
