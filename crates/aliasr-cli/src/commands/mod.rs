//! One module per command; `run` dispatches.

pub(crate) mod subtitles;

use crate::cli::Command;
use crate::exit::CliError;

/// Runs one command to completion.
pub(crate) fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Subtitles(args) => subtitles::run(&args),
    }
}
