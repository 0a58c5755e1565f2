//! Errors and exit statuses: 0 ok, 1 input or service error, 2 usage, 3 credentials, 4 timeout.

use std::fmt;
use std::process::ExitCode;

/// Exit status for bad usage (the same status clap uses).
pub(crate) fn usage_exit_code() -> ExitCode {
    FailureKind::Usage.exit_code()
}

/// What kind of failure ended the command; it decides the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FailureKind {
    /// Bad input data, or an error from the service: status 1.
    Input,
    /// Bad arguments or a refused operation: status 2.
    Usage,
    /// Missing or rejected credentials: status 3.
    Credentials,
    /// Gave up waiting: status 4.
    Timeout,
}

impl FailureKind {
    /// The process exit status for this kind of failure.
    pub(crate) fn status(self) -> u8 {
        match self {
            Self::Input => 1,
            Self::Usage => 2,
            Self::Credentials => 3,
            Self::Timeout => 4,
        }
    }

    fn exit_code(self) -> ExitCode {
        ExitCode::from(self.status())
    }
}

/// A failed command: what kind, and the error chain to print.
#[derive(Debug)]
pub(crate) struct CliError {
    kind: FailureKind,
    error: anyhow::Error,
    /// Print as one JSON object (`--output json`).
    json: bool,
}

impl CliError {
    pub(crate) fn new(kind: FailureKind, error: impl Into<anyhow::Error>) -> Self {
        Self {
            kind,
            error: error.into(),
            json: false,
        }
    }

    /// Prints as JSON when `json` (the `--output json` contract: errors as JSON on stderr).
    pub(crate) fn in_json(mut self, json: bool) -> Self {
        self.json = json;
        self
    }

    pub(crate) fn input(error: impl Into<anyhow::Error>) -> Self {
        Self::new(FailureKind::Input, error)
    }

    pub(crate) fn usage(error: impl Into<anyhow::Error>) -> Self {
        Self::new(FailureKind::Usage, error)
    }

    /// Prints the error on stderr and gives the exit status.
    pub(crate) fn report(self) -> ExitCode {
        if self.json {
            let code = self
                .error
                .downcast_ref::<aliasr_client::Error>()
                .and_then(|e| e.code().map(str::to_owned));
            let request_id = self
                .error
                .downcast_ref::<aliasr_client::Error>()
                .and_then(|e| e.request_id().map(str::to_owned));
            let document = serde_json::json!({
                "error": {
                    "kind": format!("{:?}", self.kind).to_lowercase(),
                    "exit_status": self.kind.status(),
                    "message": self.to_string(),
                    "code": code,
                    "request_id": request_id,
                }
            });
            eprintln!("{document}");
        } else {
            eprintln!("error: {self}");
        }
        self.kind.exit_code()
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // `{:#}` prints the whole context chain on one line: "reading x.json: No such file".
        write!(f, "{:#}", self.error)
    }
}

/// Whether an I/O error is a closed pipe (`aliasr ... | head`), which is not a failure.
pub(crate) fn is_broken_pipe(error: &std::io::Error) -> bool {
    error.kind() == std::io::ErrorKind::BrokenPipe
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_follow_the_documented_table() {
        let statuses: Vec<u8> = [
            FailureKind::Input,
            FailureKind::Usage,
            FailureKind::Credentials,
            FailureKind::Timeout,
        ]
        .into_iter()
        .map(FailureKind::status)
        .collect();
        assert_eq!(statuses, [1, 2, 3, 4]);
    }

    #[test]
    fn errors_print_their_whole_context_chain_on_one_line() {
        let error = CliError::input(anyhow::anyhow!("inner").context("outer"));
        assert_eq!(error.to_string(), "outer: inner");
        assert!(is_broken_pipe(&std::io::Error::from(
            std::io::ErrorKind::BrokenPipe
        )));
        assert!(!is_broken_pipe(&std::io::Error::from(
            std::io::ErrorKind::NotFound
        )));
    }
}
