//! The command line, as clap derive types. Each command's arguments live with the command.

use clap::{Parser, Subcommand};

use crate::commands::subtitles::SubtitlesArgs;

/// Alibaba Cloud speech recognition from a terminal: jobs, live tasks and subtitles.
#[derive(Debug, Parser)]
#[command(name = "aliasr", version, about, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// One variant per command; add new commands here and in `commands::run`.
#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Turn ASR output (AiResult JSON, or a job body holding it) into SRT, WebVTT, TXT or JSON.
    Subtitles(SubtitlesArgs),
}
