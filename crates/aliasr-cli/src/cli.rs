//! The command line, as clap derive types. Each command's arguments live with the command.

use clap::{Parser, Subcommand};

use crate::commands::asr::AsrArgs;
use crate::commands::demo::DemoArgs;
use crate::commands::emulator::EmulatorArgs;
use crate::commands::live::LiveArgs;
use crate::commands::subtitles::SubtitlesArgs;

/// Alibaba Cloud speech recognition from a terminal: jobs, live tasks and subtitles.
#[derive(Debug, Parser)]
#[command(
    name = "aliasr",
    version,
    about,
    propagate_version = true,
    after_help = "Exit status: 0 ok, 1 service or input error, 2 usage, 3 credentials, 4 timeout while waiting.\n\
Credentials come from the standard chain only: ALIBABA_CLOUD_ACCESS_KEY_ID/_SECRET/_SECURITY_TOKEN, \
~/.aliyun/config.json, ~/.alibabacloud/credentials.ini, the ECS RAM role, ALIBABA_CLOUD_CREDENTIALS_URI."
)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
}

/// One variant per command; add new commands here and in `commands::run`.
#[derive(Debug, Subcommand)]
#[allow(
    clippy::large_enum_variant,
    reason = "parsed once per process; boxing would only add noise to every command"
)]
pub(crate) enum Command {
    /// Turn ASR output (AiResult JSON, or a job body holding it) into SRT, WebVTT, TXT or JSON.
    Subtitles(SubtitlesArgs),
    /// ICE ASR jobs: submit, get, batch.
    Asr(AsrArgs),
    /// ApsaraVideo Live: real-time ASR tasks and recording control.
    Live(LiveArgs),
    /// Run the local emulator of the four operations in the foreground.
    Emulator(EmulatorArgs),
    /// Everything end to end on an embedded default: emulator, client, subtitles. No network.
    Demo(DemoArgs),
}
