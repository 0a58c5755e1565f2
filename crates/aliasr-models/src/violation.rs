//! Request rule violations, collected all at once before anything is sent.

use std::fmt;

use crate::ErrorCode;

/// One broken rule in a request: which wire parameter, and what is wrong with it.
///
/// ```
/// use aliasr_models::{ErrorCode, GetSmartHandleJobRequest, ModelError, ViolationProblem};
///
/// let ModelError::InvalidRequest { violations, .. } = GetSmartHandleJobRequest::new("").unwrap_err() else { unreachable!() };
/// let violation = violations.iter().next().unwrap();
/// assert_eq!((violation.param, &violation.problem), ("JobId", &ViolationProblem::Empty));
/// assert_eq!(violation.error_code(), ErrorCode::MissingParam);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    /// The wire name of the parameter, for example `Title`.
    pub param: &'static str,
    /// What is wrong with it.
    pub problem: ViolationProblem,
}

/// What is wrong with a request parameter.
///
/// ```
/// use aliasr_models::{ModelError, SubmitAsrJobRequest, ViolationProblem};
///
/// let err = SubmitAsrJobRequest::builder().input_file("a").description("é".repeat(65)).build().unwrap_err();
/// let ModelError::InvalidRequest { violations, .. } = err else { unreachable!() };
/// assert_eq!(violations.of("Description").unwrap().problem, ViolationProblem::TooLong { max_bytes: 128, actual_bytes: 130 });
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ViolationProblem {
    /// A required parameter is absent.
    Missing,
    /// A required parameter is present but empty.
    Empty,
    /// The value is longer than the documented byte limit (UTF-8 bytes, not characters).
    TooLong {
        /// The documented limit.
        max_bytes: usize,
        /// The value's length in bytes.
        actual_bytes: usize,
    },
    /// The value does not have the documented form.
    Invalid {
        /// Why, in a sentence fragment that follows "is invalid: ".
        reason: String,
    },
    /// The parameter appears more than once in a wire request.
    Repeated {
        /// How many times it appears.
        times: usize,
    },
}

impl Violation {
    /// The error code a server answers with for this violation: `MissingParam` for an absent
    /// or empty required parameter, `MalformedParam` for anything else.
    pub fn error_code(&self) -> ErrorCode {
        match self.problem {
            ViolationProblem::Missing | ViolationProblem::Empty => ErrorCode::MissingParam,
            _ => ErrorCode::MalformedParam,
        }
    }
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let param = self.param;
        match &self.problem {
            ViolationProblem::Missing => write!(f, "{param:?} is required"),
            ViolationProblem::Empty => write!(f, "{param:?} is required but empty"),
            ViolationProblem::TooLong {
                max_bytes,
                actual_bytes,
            } => {
                write!(
                    f,
                    "{param:?} is {actual_bytes} bytes long (UTF-8), at most {max_bytes} allowed"
                )
            }
            ViolationProblem::Invalid { reason } => write!(f, "{param:?} is invalid: {reason}"),
            ViolationProblem::Repeated { times } => write!(f, "{param:?} is given {times} times"),
        }
    }
}

/// Every violation found in one request, in the SDK's parameter order.
///
/// ```
/// use aliasr_models::{ModelError, SubmitAsrJobRequest};
///
/// let err = SubmitAsrJobRequest::builder().title("x".repeat(129)).build().unwrap_err();
/// let ModelError::InvalidRequest { violations, .. } = err else { unreachable!() };
/// let params: Vec<_> = violations.iter().map(|v| v.param).collect();
/// assert_eq!(params, ["InputFile", "Title"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Violations(Vec<Violation>);

impl Violations {
    /// The violations, in parameter order.
    pub fn iter(&self) -> std::slice::Iter<'_, Violation> {
        self.0.iter()
    }

    /// How many rules are broken.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// True when no rule is broken.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The violation of `param`, if any.
    pub fn of(&self, param: &str) -> Option<&Violation> {
        self.0.iter().find(|v| v.param == param)
    }

    /// The code of the first violation (what a server would answer with), or
    /// `MalformedParam` when the list is empty.
    pub fn error_code(&self) -> ErrorCode {
        self.0
            .first()
            .map_or(ErrorCode::MalformedParam, Violation::error_code)
    }

    pub(crate) fn push(&mut self, param: &'static str, problem: ViolationProblem) {
        self.0.push(Violation { param, problem });
    }

    /// Sorts by position of the parameter in `order` (stable, so one parameter's
    /// violations keep their order); unknown names go last.
    pub(crate) fn sort_by_param_order(&mut self, order: &[crate::ParamSpec]) {
        self.0.sort_by_key(|v| {
            order
                .iter()
                .position(|p| p.name == v.param)
                .unwrap_or(usize::MAX)
        });
    }
}

impl<'a> IntoIterator for &'a Violations {
    type Item = &'a Violation;
    type IntoIter = std::slice::Iter<'a, Violation>;
    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl fmt::Display for Violations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, violation) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{violation}")?;
        }
        Ok(())
    }
}

/// Checks shared by every request: presence and emptiness of string parameters.
pub(crate) struct Checker {
    pub(crate) violations: Violations,
}

impl Checker {
    pub(crate) fn new(violations: Violations) -> Self {
        Self { violations }
    }

    /// A required string: absent is `Missing`, empty is `Empty`.
    pub(crate) fn required(
        &mut self,
        param: &'static str,
        value: Option<String>,
    ) -> Option<String> {
        match value {
            None => {
                self.violations.push(param, ViolationProblem::Missing);
                None
            }
            Some(value) if value.is_empty() => {
                self.violations.push(param, ViolationProblem::Empty);
                None
            }
            Some(value) => Some(value),
        }
    }

    /// An optional string that, when given, must not be empty.
    pub(crate) fn optional_non_empty(
        &mut self,
        param: &'static str,
        value: Option<String>,
    ) -> Option<String> {
        match value {
            Some(value) if value.is_empty() => {
                self.violations.push(param, ViolationProblem::Empty);
                None
            }
            other => other,
        }
    }

    /// An optional string with a documented UTF-8 byte limit.
    pub(crate) fn max_bytes(
        &mut self,
        param: &'static str,
        value: Option<String>,
        max_bytes: usize,
    ) -> Option<String> {
        match value {
            Some(value) if value.len() > max_bytes => {
                let actual_bytes = value.len();
                self.violations.push(
                    param,
                    ViolationProblem::TooLong {
                        max_bytes,
                        actual_bytes,
                    },
                );
                None
            }
            other => other,
        }
    }

    /// Records an `Invalid` violation when `result` is an error.
    pub(crate) fn parsed<T>(
        &mut self,
        param: &'static str,
        result: Result<T, String>,
    ) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(reason) => {
                self.violations
                    .push(param, ViolationProblem::Invalid { reason });
                None
            }
        }
    }

    /// Finishes: the value built by `make` if no rule was broken, else every violation.
    pub(crate) fn finish<T>(
        mut self,
        operation: &crate::OperationSpec,
        make: impl FnOnce() -> Option<T>,
    ) -> Result<T, crate::ModelError> {
        // `make` returns None only when a required value is absent, which always adds a violation.
        if self.violations.is_empty()
            && let Some(value) = make()
        {
            return Ok(value);
        }
        self.violations.sort_by_param_order(operation.params);
        Err(crate::ModelError::InvalidRequest {
            operation: operation.action,
            violations: self.violations,
        })
    }
}
