//! AiResult segments: `[{"content": "...", "from": 0.0, "to": 2.84}]`, times in seconds.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::fmt;

use crate::ModelError;
use crate::json::{describe_value, parse_document};

/// One recognised stretch of speech from an ASR `AiResult`.
///
/// Times are seconds from the start of the media. A `Segment` built through
/// [`Segment::new`] always has finite, non-negative times with `to >= from`.
///
/// ```
/// use aliasr_models::Segment;
///
/// let segment = Segment::new("大家好", 0.0, 2.84).unwrap();
/// assert_eq!(segment.to - segment.from, 2.84);
/// let unchecked = Segment { content: "x".into(), from: 3.0, to: 1.0 };
/// assert!(unchecked.check_times().is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// The recognised text, as the service returned it.
    pub content: String,
    /// Start time in seconds.
    pub from: f64,
    /// End time in seconds.
    pub to: f64,
}

/// Why a segment's times were rejected by [`Segment::new`] or [`Segment::check_times`].
///
/// ```
/// use aliasr_models::{Segment, SegmentTimeProblem};
///
/// assert_eq!(Segment::new("x", 2.0, 1.0), Err(SegmentTimeProblem::EndsBeforeStart));
/// assert_eq!(Segment::new("x", -0.5, 1.0), Err(SegmentTimeProblem::Negative));
/// assert_eq!(Segment::new("x", 0.0, f64::INFINITY), Err(SegmentTimeProblem::NotFinite));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SegmentTimeProblem {
    /// `from` or `to` is NaN or infinite.
    NotFinite,
    /// `from` or `to` is below zero.
    Negative,
    /// `to` is earlier than `from`.
    EndsBeforeStart,
}

impl std::fmt::Display for SegmentTimeProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::NotFinite => "time is not a finite number",
            Self::Negative => "time is negative",
            Self::EndsBeforeStart => "`to` is earlier than `from`",
        })
    }
}

impl Segment {
    /// Builds a segment, checking that both times are finite, non-negative and `to >= from`.
    ///
    /// ```
    /// use aliasr_models::Segment;
    /// assert!(Segment::new("hello", 0.0, 1.5).is_ok());
    /// assert!(Segment::new("backwards", 2.0, 1.0).is_err());
    /// ```
    pub fn new(content: impl Into<String>, from: f64, to: f64) -> Result<Self, SegmentTimeProblem> {
        let segment = Self {
            content: content.into(),
            from,
            to,
        };
        segment.check_times()?;
        Ok(segment)
    }

    /// Checks the invariants [`Segment::new`] promises, for segments built field by field.
    pub fn check_times(&self) -> Result<(), SegmentTimeProblem> {
        Self::check_time_range(self.from, self.to)
    }

    /// The rules of [`Segment::check_times`] for times held elsewhere than in a `Segment`.
    ///
    /// ```
    /// use aliasr_models::{Segment, SegmentTimeProblem};
    /// assert_eq!(Segment::check_time_range(0.5, 1.0), Ok(()));
    /// assert_eq!(Segment::check_time_range(1.0, f64::NAN), Err(SegmentTimeProblem::NotFinite));
    /// ```
    pub fn check_time_range(from: f64, to: f64) -> Result<(), SegmentTimeProblem> {
        if !from.is_finite() || !to.is_finite() {
            return Err(SegmentTimeProblem::NotFinite);
        }
        if from < 0.0 || to < 0.0 {
            return Err(SegmentTimeProblem::Negative);
        }
        if to < from {
            return Err(SegmentTimeProblem::EndsBeforeStart);
        }
        Ok(())
    }
}

/// How [`parse_segments_with`] treats a time written as a string, such as `"from": "7.0"`.
///
/// ```
/// use aliasr_models::{parse_segments_with, NumberPolicy, SegmentParseOptions};
///
/// let lenient = SegmentParseOptions::default().with_numbers(NumberPolicy::AcceptNumericStrings);
/// assert!(parse_segments_with(r#"[{"content": "a", "from": "0.5", "to": "1"}]"#, lenient).is_ok());
/// assert!(parse_segments_with(r#"[{"content": "a", "from": "NaN", "to": "1"}]"#, lenient).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum NumberPolicy {
    /// Times must be JSON numbers; `"7.0"` is an error naming the segment and field.
    #[default]
    Strict,
    /// A string holding a plain decimal number (`"7.0"`, `"-1"`, `"1e3"`) is read as that
    /// number. Anything else (`"inf"`, `"NaN"`, `" 7"`, `"7s"`) is still an error.
    AcceptNumericStrings,
}

/// Settings for [`parse_segments_with`].
///
/// ```
/// use aliasr_models::{parse_segments_with, NumberPolicy, SegmentParseOptions};
///
/// let json = r#"[{"content": "hi", "from": "7.0", "to": "8.5"}]"#;
/// let lenient = SegmentParseOptions::default().with_numbers(NumberPolicy::AcceptNumericStrings);
/// assert_eq!(parse_segments_with(json, lenient).unwrap()[0].to, 8.5);
/// assert!(parse_segments_with(json, SegmentParseOptions::default()).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub struct SegmentParseOptions {
    /// How times written as strings are treated. Default: [`NumberPolicy::Strict`].
    pub numbers: NumberPolicy,
}

impl SegmentParseOptions {
    /// These options with `numbers` replaced.
    pub const fn with_numbers(mut self, numbers: NumberPolicy) -> Self {
        self.numbers = numbers;
        self
    }
}

/// What is wrong with one entry of a segment list.
///
/// ```
/// use aliasr_models::{parse_segments, ModelError, SegmentProblem};
///
/// let err = parse_segments(r#"[{"content": 1, "from": 0, "to": 1}]"#).unwrap_err();
/// let ModelError::InvalidSegments { errors, .. } = err else { unreachable!() };
/// assert!(matches!(errors.first().unwrap().problem, SegmentProblem::WrongType { field: "content", .. }));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum SegmentProblem {
    /// The entry is not a JSON object.
    NotAnObject {
        /// What it is instead, for example `number 3`.
        found: String,
    },
    /// A required field (`content`, `from` or `to`) is absent.
    MissingField {
        /// The wire name of the field.
        field: &'static str,
    },
    /// A field has the wrong JSON type, such as a time written as a string in strict mode.
    WrongType {
        /// The wire name of the field.
        field: &'static str,
        /// What the field must be, for example `a number`.
        expected: &'static str,
        /// What it is, for example `string "7.0"`.
        found: String,
    },
    /// The times break a [`Segment`] invariant.
    Times {
        /// Which invariant.
        problem: SegmentTimeProblem,
        /// The `from` value read.
        from: f64,
        /// The `to` value read.
        to: f64,
    },
}

impl fmt::Display for SegmentProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::NotAnObject { found } => write!(f, "must be an object, found {found}"),
            Self::MissingField { field } => write!(f, "missing field {field:?}"),
            Self::WrongType {
                field,
                expected,
                found,
            } => write!(f, "{field:?} must be {expected}, found {found}"),
            Self::Times { problem, from, to } => {
                // Name the field that breaks the rule, with its value.
                let (field, value) = match problem {
                    SegmentTimeProblem::NotFinite if from.is_finite() => ("to", to),
                    SegmentTimeProblem::Negative if *from >= 0.0 => ("to", to),
                    _ => ("from", from),
                };
                match problem {
                    SegmentTimeProblem::EndsBeforeStart => {
                        write!(f, "\"to\" ({to:?}) is earlier than \"from\" ({from:?})")
                    }
                    SegmentTimeProblem::Negative => write!(f, "{field:?} ({value:?}) is negative"),
                    SegmentTimeProblem::NotFinite => {
                        write!(f, "{field:?} ({value:?}) is not a finite number")
                    }
                }
            }
        }
    }
}

/// One bad entry of a segment list: its 0-based index and what is wrong.
///
/// ```
/// use aliasr_models::{parse_segments, ModelError};
///
/// let err = parse_segments(r#"[{"content": "ok", "from": 0, "to": 1}, 7]"#).unwrap_err();
/// let ModelError::InvalidSegments { errors, .. } = err else { unreachable!() };
/// let first = errors.first().unwrap();
/// assert_eq!(first.index, 1);
/// assert_eq!(first.to_string(), "segment 1: must be an object, found number 7");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentError {
    /// 0-based position in the list.
    pub index: usize,
    /// What is wrong with it.
    pub problem: SegmentProblem,
}

impl fmt::Display for SegmentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "segment {}: {}", self.index, self.problem)
    }
}

/// Every bad entry of a segment list (the first [`SegmentErrors::MAX_KEPT`] are kept, all are counted).
///
/// ```
/// use aliasr_models::{parse_segments, ModelError};
///
/// let json = format!("[{}]", vec![r#"{"content": "x", "from": 2, "to": 1}"#; 500].join(","));
/// let ModelError::InvalidSegments { errors, .. } = parse_segments(&json).unwrap_err() else { unreachable!() };
/// assert_eq!(errors.total(), 500);
/// assert_eq!(errors.iter().count(), 100);
/// assert!(errors.to_string().ends_with("; and 490 more"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct SegmentErrors {
    kept: Vec<SegmentError>,
    total: usize,
}

impl SegmentErrors {
    /// How many errors are kept; a hostile list with a million bad entries costs no more.
    pub const MAX_KEPT: usize = 100;
    /// How many errors [`fmt::Display`] shows before "and N more".
    const MAX_SHOWN: usize = 10;

    fn new() -> Self {
        Self {
            kept: Vec::new(),
            total: 0,
        }
    }

    fn push(&mut self, error: SegmentError) {
        if self.kept.len() < Self::MAX_KEPT {
            self.kept.push(error);
        }
        self.total += 1;
    }

    /// The kept errors, in list order.
    pub fn iter(&self) -> std::slice::Iter<'_, SegmentError> {
        self.kept.iter()
    }

    /// The number of bad segments found (may exceed the number kept).
    pub fn total(&self) -> usize {
        self.total
    }

    /// The first bad segment.
    pub fn first(&self) -> Option<&SegmentError> {
        self.kept.first()
    }
}

impl<'a> IntoIterator for &'a SegmentErrors {
    type Item = &'a SegmentError;
    type IntoIter = std::slice::Iter<'a, SegmentError>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Display for SegmentErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.total > 1 {
            write!(f, "{} invalid segments: ", self.total)?;
        }
        for (shown, error) in self.kept.iter().take(Self::MAX_SHOWN).enumerate() {
            if shown > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{error}")?;
        }
        let shown = self.kept.len().min(Self::MAX_SHOWN);
        if self.total > shown {
            write!(f, "; and {} more", self.total - shown)?;
        }
        Ok(())
    }
}

/// Parses an AiResult segment list strictly: times must be JSON numbers.
///
/// Every entry is checked; the error lists every bad entry with its index and field. Unknown
/// keys in an entry (word timings, speaker labels) are ignored. Malformed JSON gives its line
/// and column.
///
/// ```
/// use aliasr_models::parse_segments;
///
/// let segments = parse_segments(r#"[{"content": "你好", "from": 0.0, "to": 0.8}]"#).unwrap();
/// assert_eq!(segments[0].content, "你好");
///
/// let err = parse_segments(r#"[{"content": "x", "from": 5.0, "to": 4.0}]"#).unwrap_err();
/// assert!(err.to_string().contains(r#"segment 0: "to" (4.0) is earlier than "from" (5.0)"#));
/// ```
pub fn parse_segments(json: &str) -> Result<Vec<Segment>, ModelError> {
    parse_segments_with(json, SegmentParseOptions::default())
}

/// Parses an AiResult segment list with explicit [`SegmentParseOptions`].
///
/// ```
/// use aliasr_models::{parse_segments_with, SegmentParseOptions};
///
/// let segments = parse_segments_with(r#"[{"content": "a", "from": 0, "to": 1, "words": []}]"#, SegmentParseOptions::default())?;
/// assert_eq!(segments.len(), 1);
/// # Ok::<(), aliasr_models::ModelError>(())
/// ```
pub fn parse_segments_with(
    json: &str,
    options: SegmentParseOptions,
) -> Result<Vec<Segment>, ModelError> {
    parse_segments_named("segment list", json, options)
}

/// [`parse_segments_with`], naming the source (`JobResult.AiResult`) in error messages.
pub(crate) fn parse_segments_named(
    what: &str,
    json: &str,
    options: SegmentParseOptions,
) -> Result<Vec<Segment>, ModelError> {
    let document: Value = parse_document(what, json)?;
    let Value::Array(entries) = document else {
        return Err(ModelError::UnexpectedJson {
            what: what.to_owned(),
            path: String::new(),
            line: 1,
            column: 1,
            message: format!(
                "expected an array of segments, found {}",
                describe_value(&document)
            ),
        });
    };
    let mut segments = Vec::with_capacity(entries.len());
    let mut errors = SegmentErrors::new();
    for (index, entry) in entries.iter().enumerate() {
        match segment_from_value(entry, options) {
            Ok(segment) => segments.push(segment),
            Err(problem) => errors.push(SegmentError { index, problem }),
        }
    }
    if errors.total() > 0 {
        return Err(ModelError::InvalidSegments {
            what: what.to_owned(),
            errors,
        });
    }
    Ok(segments)
}

fn segment_from_value(
    entry: &Value,
    options: SegmentParseOptions,
) -> Result<Segment, SegmentProblem> {
    let Value::Object(fields) = entry else {
        return Err(SegmentProblem::NotAnObject {
            found: describe_value(entry),
        });
    };
    let content = match fields.get("content") {
        None => return Err(SegmentProblem::MissingField { field: "content" }),
        Some(Value::String(text)) => text.clone(),
        Some(other) => {
            return Err(SegmentProblem::WrongType {
                field: "content",
                expected: "a string",
                found: describe_value(other),
            });
        }
    };
    let from = time_field(fields, "from", options)?;
    let to = time_field(fields, "to", options)?;
    let segment = Segment { content, from, to };
    segment
        .check_times()
        .map_err(|problem| SegmentProblem::Times { problem, from, to })?;
    Ok(segment)
}

fn time_field(
    fields: &serde_json::Map<String, Value>,
    field: &'static str,
    options: SegmentParseOptions,
) -> Result<f64, SegmentProblem> {
    let wrong_type = |expected, value: &Value| SegmentProblem::WrongType {
        field,
        expected,
        found: describe_value(value),
    };
    let Some(value) = fields.get(field) else {
        return Err(SegmentProblem::MissingField { field });
    };
    const LENIENT_EXPECTED: &str = "a number or a string holding a plain number";
    match (value, options.numbers) {
        // as_f64 is None only for arbitrary-precision numbers, which this build does not enable.
        (Value::Number(number), _) => number.as_f64().ok_or_else(|| wrong_type("a number", value)),
        (Value::String(text), NumberPolicy::AcceptNumericStrings) => {
            parse_numeric_string(text).ok_or_else(|| wrong_type(LENIENT_EXPECTED, value))
        }
        (_, NumberPolicy::Strict) => Err(wrong_type("a number", value)),
        (_, NumberPolicy::AcceptNumericStrings) => Err(wrong_type(LENIENT_EXPECTED, value)),
    }
}

/// Reads `"7.0"`-style strings: digits, one optional sign, point and exponent; no spaces,
/// no `inf`/`NaN`/hex, so the lenient mode cannot smuggle in non-finite times.
fn parse_numeric_string(text: &str) -> Option<f64> {
    let plain = !text.is_empty()
        && text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'));
    if !plain {
        return None;
    }
    text.parse::<f64>().ok().filter(|value| value.is_finite())
}
