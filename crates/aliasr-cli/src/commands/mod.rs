//! One module per command; `run` dispatches.

pub(crate) mod asr;
pub(crate) mod batch;
pub(crate) mod demo;
pub(crate) mod emulator;
pub(crate) mod limits;
pub(crate) mod live;
pub(crate) mod subtitles;

use crate::cli::Command;
use crate::exit::CliError;

/// Runs one command to completion.
pub(crate) fn run(command: Command) -> Result<(), CliError> {
    match command {
        Command::Subtitles(args) => subtitles::run(&args),
        Command::Asr(args) => asr::run(args),
        Command::Live(args) => live::run(args),
        Command::Emulator(args) => emulator::run(args),
        Command::Demo(args) => demo::run(args),
    }
}
