//! AiResult segments: `[{"content": "...", "from": 0.0, "to": 2.84}]`, times in seconds.

use serde::{Deserialize, Serialize};

/// One recognised stretch of speech from an ASR `AiResult`.
///
/// Times are seconds from the start of the media. A `Segment` built through
/// [`Segment::new`] always has finite, non-negative times with `to >= from`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Segment {
    /// The recognised text, as the service returned it.
    pub content: String,
    /// Start time in seconds.
    pub from: f64,
    /// End time in seconds.
    pub to: f64,
}

/// Why a segment's times were rejected.
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
        let segment = Self { content: content.into(), from, to };
        segment.check_times()?;
        Ok(segment)
    }

    /// Checks the invariants [`Segment::new`] promises, for segments built field by field.
    pub fn check_times(&self) -> Result<(), SegmentTimeProblem> {
        if !self.from.is_finite() || !self.to.is_finite() {
            return Err(SegmentTimeProblem::NotFinite);
        }
        if self.from < 0.0 || self.to < 0.0 {
            return Err(SegmentTimeProblem::Negative);
        }
        if self.to < self.from {
            return Err(SegmentTimeProblem::EndsBeforeStart);
        }
        Ok(())
    }
}
