//! Reading segments from whatever JSON the user has: lenient in shape, strict in content.
//!
//! Accepted without flags: a segment array, a JSON string holding one (double-encoded), a
//! GetSmartHandleJob response body (`JobResult.AiResult`, else `Output`), and the same body
//! wrapped as `{"body": {...}}` (the shape SDK response dumps have).

mod excerpt;
mod plain;
mod recover;
mod segments;

use std::collections::BTreeMap;

use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use crate::SegmentList;
use crate::error::TranscriptError;
pub(crate) use excerpt::malformed;
pub(crate) use plain::first_json_special;

/// What to do with input that is not valid JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Recovery {
    /// Reject it, with the line, column and an excerpt (the default).
    #[default]
    Strict,
    /// Find the segment objects by bracket matching and keep those that parse, with a warning.
    /// This recovers the documentation's sample, whose AiResult string has unescaped quotes.
    BracketMatching,
}

/// How [`read_segments`] treats its input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct InputOptions {
    /// What to do with malformed JSON.
    pub recovery: Recovery,
}

impl InputOptions {
    /// Strict reading (the default).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the recovery mode.
    pub fn with_recovery(mut self, recovery: Recovery) -> Self {
        self.recovery = recovery;
        self
    }
}

/// Something the reader did that the user should know about.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputWarning {
    /// The input was not valid JSON; segments were recovered by bracket matching.
    RecoveredByBracketMatching {
        /// How many segments were recovered.
        segments: usize,
        /// The JSON error that made recovery necessary.
        error: String,
    },
}

impl std::fmt::Display for InputWarning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::RecoveredByBracketMatching { segments, error } => write!(
                f,
                "input is not valid JSON ({error}); recovered {segments} segment{} by bracket matching, \
                 check them",
                if *segments == 1 { "" } else { "s" }
            ),
        }
    }
}

/// Segments read from the input, with where they were found.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ParsedInput {
    /// The segments, in input order, their times checked as [`crate::Segment::new`] checks them.
    pub segments: SegmentList,
    /// Where they were found: `input`, `JobResult.AiResult`, `body.Output`, `recovered`, ...
    pub location: String,
    /// Anything the user should be told.
    pub warnings: Vec<InputWarning>,
}

/// Stringified JSON inside stringified JSON is accepted this many levels deep.
const MAX_NESTING: usize = 4;

/// Reads segments from JSON bytes in any accepted shape (see the module docs).
///
/// ```
/// use aliasr_transcript::{read_segments, InputOptions};
/// let body = br#"{"State":"Finished","JobResult":{"AiResult":"[{\"content\":\"hi\",\"from\":0,\"to\":1}]"}}"#;
/// let parsed = read_segments(body, &InputOptions::new()).unwrap();
/// assert_eq!(parsed.segments.get(0).map(|s| s.content), Some("hi"));
/// assert_eq!(parsed.location, "JobResult.AiResult");
/// ```
pub fn read_segments(input: &[u8], options: &InputOptions) -> Result<ParsedInput, TranscriptError> {
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    // The fast check says only whether the input is valid; std's names the first bad byte.
    let checked = simdutf8::basic::from_utf8(input).or_else(|_| std::str::from_utf8(input));
    let text = checked.map_err(|e| {
        let (line, column, excerpt) = excerpt::locate_byte(input, e.valid_up_to());
        TranscriptError::MalformedJson {
            location: "input".into(),
            line,
            column,
            message: "invalid UTF-8".into(),
            excerpt,
            recoverable_segments: None,
            unescaped_string: false,
        }
    })?;
    match detect(text, "", 0) {
        Ok((segments, location)) => Ok(ParsedInput {
            segments,
            location,
            warnings: Vec::new(),
        }),
        Err(TranscriptError::MalformedJson {
            location,
            line,
            column,
            message,
            excerpt,
            recoverable_segments,
            unescaped_string: _,
        }) => {
            let recovered = recover::recover_segments(text);
            let error = TranscriptError::MalformedJson {
                location,
                line,
                column,
                message,
                excerpt,
                recoverable_segments: recoverable_segments
                    .or((!recovered.is_empty()).then_some(recovered.len())),
                unescaped_string: has_unescaped_array_string(text),
            };
            if options.recovery == Recovery::Strict || recovered.is_empty() {
                return Err(error);
            }
            let warning = InputWarning::RecoveredByBracketMatching {
                segments: recovered.len(),
                error: error_without_hint(&error),
            };
            let segments = segments::validate(recovered, "recovered")?;
            Ok(ParsedInput {
                segments: SegmentList::from(segments),
                location: "recovered".into(),
                warnings: vec![warning],
            })
        }
        Err(other) => Err(other),
    }
}

/// `"[{"` or `": "[{"`: a string value that opens an array of objects without escaping.
fn has_unescaped_array_string(text: &str) -> bool {
    text.contains("\"[{\"") || text.contains("\"[ {\"")
}

fn error_without_hint(error: &TranscriptError) -> String {
    match error {
        TranscriptError::MalformedJson {
            location,
            line,
            column,
            message,
            ..
        } => {
            format!("{location} at line {line}, column {column}: {message}")
        }
        other => other.to_string(),
    }
}

fn join(prefix: &str, field: &str) -> String {
    if prefix.is_empty() {
        field.to_string()
    } else {
        format!("{prefix}.{field}")
    }
}

fn describe(prefix: &str) -> String {
    if prefix.is_empty() {
        "input".to_string()
    } else {
        prefix.to_string()
    }
}

/// Finds the segments in `text`, found at `prefix` (empty for the whole input).
fn detect(
    text: &str,
    prefix: &str,
    depth: usize,
) -> Result<(SegmentList, String), TranscriptError> {
    let location = describe(prefix);
    let first = text.bytes().find(|b| !b.is_ascii_whitespace());
    match first {
        Some(b'[') => Ok((segments::parse_array(text, &location)?, location)),
        Some(b'"') => {
            let inner: String =
                serde_json::from_str(text).map_err(|e| malformed(&e, text, &location))?;
            if depth >= MAX_NESTING {
                return Err(TranscriptError::UnexpectedShape {
                    location,
                    found: format!("JSON strings nested more than {MAX_NESTING} levels deep"),
                });
            }
            if inner.trim().is_empty() {
                return Err(TranscriptError::UnexpectedShape {
                    location,
                    found: "an empty string".into(),
                });
            }
            detect(&inner, prefix, depth + 1)
        }
        Some(b'{') => detect_object(text, prefix, depth),
        None => Err(TranscriptError::UnexpectedShape {
            location,
            found: "no JSON at all (empty input)".into(),
        }),
        Some(_) => {
            let value: serde_json::Value =
                serde_json::from_str(text).map_err(|e| malformed(&e, text, &location))?;
            Err(TranscriptError::UnexpectedShape {
                location,
                found: kind_of(&value).into(),
            })
        }
    }
}

fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}

/// The fields of a response body that say where the segments are.
#[derive(Deserialize)]
struct BodyProbe<'a> {
    #[serde(rename = "State", borrow, default)]
    state: Option<&'a RawValue>,
    #[serde(rename = "ErrorCode", borrow, default)]
    error_code: Option<&'a RawValue>,
    #[serde(rename = "ErrorMessage", borrow, default)]
    error_message: Option<&'a RawValue>,
    #[serde(rename = "JobResult", borrow, default)]
    job_result: Option<&'a RawValue>,
    #[serde(rename = "Output", borrow, default)]
    output: Option<&'a RawValue>,
    #[serde(rename = "Code", borrow, default)]
    code: Option<&'a RawValue>,
    #[serde(rename = "Message", borrow, default)]
    message: Option<&'a RawValue>,
    #[serde(borrow, default)]
    body: Option<&'a RawValue>,
    /// A `JobResult` object given on its own.
    #[serde(rename = "AiResult", borrow, default)]
    ai_result: Option<&'a RawValue>,
}

#[derive(Deserialize)]
struct JobResultProbe<'a> {
    #[serde(rename = "AiResult", borrow, default)]
    ai_result: Option<&'a RawValue>,
}

/// A raw value worth looking into: present, not null, not an empty string.
fn present(raw: Option<&RawValue>) -> Option<&RawValue> {
    raw.filter(|r| !matches!(r.get().trim(), "null" | "\"\""))
}

/// A scalar as text: strings unquoted, numbers as written.
fn scalar_text(raw: Option<&RawValue>) -> Option<String> {
    let raw = present(raw)?;
    match serde_json::from_str::<serde_json::Value>(raw.get()).ok()? {
        serde_json::Value::String(s) => Some(s),
        serde_json::Value::Number(n) => Some(n.to_string()),
        serde_json::Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

fn detect_object(
    text: &str,
    prefix: &str,
    depth: usize,
) -> Result<(SegmentList, String), TranscriptError> {
    let location = describe(prefix);
    let probe: BodyProbe<'_> =
        serde_json::from_str(text).map_err(|e| malformed(&e, text, &location))?;
    let is_job_body = probe.state.is_some() || probe.job_result.is_some() || probe.output.is_some();
    if !is_job_body && let Some(body) = present(probe.body) {
        if depth >= MAX_NESTING {
            return Err(TranscriptError::UnexpectedShape {
                location,
                found: format!("\"body\" objects nested more than {MAX_NESTING} levels deep"),
            });
        }
        return detect(body.get(), &join(prefix, "body"), depth + 1);
    }
    let state = scalar_text(probe.state);
    if state.as_deref() == Some("Failed") {
        return Err(TranscriptError::JobFailed {
            code: scalar_text(probe.error_code),
            message: scalar_text(probe.error_message),
        });
    }
    if let Some(job_result) = present(probe.job_result) {
        let field = join(prefix, "JobResult");
        if job_result.get().trim_start().starts_with('{') {
            let inner: JobResultProbe<'_> = serde_json::from_str(job_result.get())
                .map_err(|e| malformed(&e, job_result.get(), &field))?;
            if let Some(ai_result) = present(inner.ai_result) {
                return detect(ai_result.get(), &join(&field, "AiResult"), depth + 1);
            }
        } else if present(probe.output).is_none() {
            return detect(job_result.get(), &field, depth + 1);
        }
    }
    if let Some(output) = present(probe.output) {
        return detect(output.get(), &join(prefix, "Output"), depth + 1);
    }
    if let Some(ai_result) = present(probe.ai_result) {
        return detect(ai_result.get(), &join(prefix, "AiResult"), depth + 1);
    }
    if let Some(state) = state {
        if state == "Finished" || state == "Success" {
            return Err(TranscriptError::UnexpectedShape {
                location,
                found: format!(
                    "a job body in State {state:?} with neither JobResult.AiResult nor Output"
                ),
            });
        }
        return Err(TranscriptError::JobNotFinished { state });
    }
    if let Some(code) = scalar_text(probe.code) {
        return Err(TranscriptError::ErrorResponse {
            code,
            message: scalar_text(probe.message).unwrap_or_else(|| "(no Message)".into()),
        });
    }
    // Only the error path pays for listing the keys.
    let keys: BTreeMap<String, IgnoredAny> = serde_json::from_str(text).unwrap_or_default();
    let found = if keys.is_empty() {
        "an empty object".to_string()
    } else {
        let mut names: Vec<&str> = keys.keys().map(String::as_str).take(8).collect();
        if keys.len() > 8 {
            names.push("...");
        }
        format!("an object with keys {}", names.join(", "))
    };
    Err(TranscriptError::UnexpectedShape { location, found })
}

#[cfg(test)]
mod tests;
