//! The emulator's own errors (start-up and options); errors it *answers* are in `gateway`.

/// Why the emulator could not start, or an option value was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum EmulatorError {
    /// An option value does not parse.
    #[error("bad {option} `{value}`: expected {expected}")]
    BadOption {
        /// Which option.
        option: &'static str,
        /// The value given (secrets cut off).
        value: String,
        /// The expected form.
        expected: &'static str,
    },
    /// The listen address is not loopback and that was not allowed explicitly.
    #[error(
        "refusing to listen on {0}: not a loopback address (allow it explicitly to expose the emulator)"
    )]
    NonLoopback(std::net::SocketAddr),
    /// Binding the listener failed.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address.
        addr: std::net::SocketAddr,
        /// The OS error.
        #[source]
        source: std::io::Error,
    },
    /// A transcript or policy file could not be read or parsed.
    #[error("{path}: {message}")]
    File {
        /// The file.
        path: std::path::PathBuf,
        /// What went wrong.
        message: String,
    },
}
