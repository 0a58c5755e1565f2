//! [`JobState`]: the `State` of an ICE smart job.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::convert::Infallible;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::str::FromStr;

/// The `State` of an ICE job (SubmitASRJob, GetSmartHandleJob).
///
/// The documented values are `Created`, `Executing`, `Finished` and `Failed`; anything else
/// is kept in [`JobState::Unknown`] so a new state never breaks parsing. Two values are equal
/// when their wire spellings are equal.
///
/// ```
/// use aliasr_models::JobState;
///
/// let state: JobState = "Finished".parse().unwrap();
/// assert!(state.is_terminal());
/// assert!(!JobState::Executing.is_terminal());
/// assert_eq!(JobState::from("Paused"), JobState::Unknown("Paused".into()));
/// ```
#[derive(Debug, Clone, Eq)]
#[non_exhaustive]
pub enum JobState {
    /// `Created`: accepted, not started.
    Created,
    /// `Executing`: running.
    Executing,
    /// `Finished`: done; the result is in `JobResult`.
    Finished,
    /// `Failed`: done without a result; see `ErrorCode`/`ErrorMessage`.
    Failed,
    /// Any other state, spelled as received.
    Unknown(String),
}

impl JobState {
    /// The wire spelling.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Created => "Created",
            Self::Executing => "Executing",
            Self::Finished => "Finished",
            Self::Failed => "Failed",
            Self::Unknown(state) => state,
        }
    }

    /// True for states a job never leaves: `Finished` and `Failed`. Unknown states are not
    /// terminal, so a waiter keeps polling (up to its own time limit) rather than stopping early.
    pub fn is_terminal(&self) -> bool {
        matches!(self.as_str(), "Finished" | "Failed")
    }
}

impl PartialEq for JobState {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Hash for JobState {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl From<&str> for JobState {
    fn from(state: &str) -> Self {
        match state {
            "Created" => Self::Created,
            "Executing" => Self::Executing,
            "Finished" => Self::Finished,
            "Failed" => Self::Failed,
            other => Self::Unknown(other.to_owned()),
        }
    }
}

impl FromStr for JobState {
    type Err = Infallible;
    fn from_str(state: &str) -> Result<Self, Infallible> {
        Ok(Self::from(state))
    }
}

impl fmt::Display for JobState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for JobState {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for JobState {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|state| Self::from(state.as_str()))
    }
}
