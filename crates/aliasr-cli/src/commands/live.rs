//! `aliasr live asr-tasks | record`: ApsaraVideo Live real-time ASR tasks and recording control.

use aliasr_models::{QueryRtcAsrTasksRequest, RealTimeRecordCommandRequest, RecordCommand};
use anyhow::anyhow;
use clap::{Args, Subcommand, ValueEnum};

use crate::commands::asr::print_document;
use crate::exit::CliError;
use crate::global::GlobalArgs;
use crate::service::{build_client, client_error, init_logging, json, runtime};

/// `aliasr live`.
#[derive(Debug, Args)]
pub(crate) struct LiveArgs {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: LiveCommand,
}

#[derive(Debug, Subcommand)]
enum LiveCommand {
    /// List real-time ASR tasks (QueryRtcAsrTasks): all running ones, or one by id.
    AsrTasks(TasksArgs),
    /// Start, stop, cancel the stop delay of, or restart a stream's recording (RealTimeRecordCommand).
    #[command(
        after_help = "stop pauses recording; the recording file is generated only after the \
stream-interruption delay, 180 s by default. cancel-delay ends that wait and generates the file now. \
restart generates the current file at once and starts a new one. The stream must have a recording \
configuration."
    )]
    Record(RecordArgs),
}

#[derive(Debug, Args)]
struct TasksArgs {
    /// Only this task.
    #[arg(long, value_name = "ID")]
    task_id: Option<String>,
}

#[derive(Debug, Args)]
struct RecordArgs {
    /// start | stop | cancel-delay | restart.
    #[arg(value_enum)]
    command: CommandArg,
    /// Streaming domain.
    #[arg(long, value_name = "D")]
    domain: String,
    /// Application name.
    #[arg(long, value_name = "A")]
    app: String,
    /// Stream name.
    #[arg(long, value_name = "S")]
    stream: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum CommandArg {
    /// Start recording (an error if already recording).
    Start,
    /// Pause; the file appears after the stream-interruption delay (180 s by default).
    Stop,
    /// After stop: generate the file now instead of waiting.
    CancelDelay,
    /// Generate the current file now and start a new recording.
    Restart,
}

impl From<CommandArg> for RecordCommand {
    fn from(command: CommandArg) -> Self {
        match command {
            CommandArg::Start => Self::Start,
            CommandArg::Stop => Self::Stop,
            CommandArg::CancelDelay => Self::CancelDelay,
            CommandArg::Restart => Self::Restart,
        }
    }
}

/// Runs `aliasr live …`.
pub(crate) fn run(args: LiveArgs) -> Result<(), CliError> {
    init_logging(&args.global);
    let global = args.global;
    let client = build_client(&global)?;
    runtime()?.block_on(async {
        match args.command {
            LiveCommand::AsrTasks(tasks) => {
                let mut builder = QueryRtcAsrTasksRequest::builder().region_id(global.region.clone());
                if let Some(id) = tasks.task_id {
                    builder = builder.task_id(id);
                }
                let request = builder.build().map_err(|e| CliError::usage(anyhow::Error::new(e)))?;
                let response = client
                    .query_rtc_asr_tasks(&request)
                    .await
                    .map_err(|e| client_error(e, &global))?;
                let document = serde_json::from_str::<serde_json::Value>(&response.to_json())
                    .map_err(|e| CliError::input(anyhow!("encoding the answer: {e}")))?;
                print_document(json(&global), &document, &tasks_table(&response));
                Ok(())
            }
            LiveCommand::Record(record) => {
                let request = RealTimeRecordCommandRequest::builder()
                    .command(record.command.into())
                    .domain_name(record.domain)
                    .app_name(record.app)
                    .stream_name(record.stream)
                    .region_id(global.region.clone())
                    .build()
                    .map_err(|e| CliError::usage(anyhow::Error::new(e)))?;
                let response = client
                    .real_time_record_command(&request)
                    .await
                    .map_err(|e| client_error(e, &global))?;
                let command = RecordCommand::from(record.command);
                let mut text = format!("{}: done (RequestId {})", command.as_str(), response.request_id.as_deref().unwrap_or("-"));
                if command == RecordCommand::Stop {
                    text.push_str("\nThe recording file appears after the stream-interruption delay (180 s by default); `cancel-delay` generates it now.");
                }
                print_document(
                    json(&global),
                    &serde_json::json!({"Command": command.as_str(), "RequestId": response.request_id}),
                    &text,
                );
                Ok(())
            }
        }
    })
}

/// id, status, language, mode, stream, created — one line each, aligned.
fn tasks_table(response: &aliasr_models::QueryRtcAsrTasksResponse) -> String {
    let text = |value: &Option<String>| value.clone().unwrap_or_else(|| "-".into());
    let number = |value: &Option<aliasr_models::NumberOrString>| {
        value
            .as_ref()
            .map_or_else(|| "-".into(), ToString::to_string)
    };
    let mut rows = vec![[
        "TASK ID".to_owned(),
        "STATUS".into(),
        "LANGUAGE".into(),
        "MODE".into(),
        "STREAM".into(),
        "CREATED".into(),
    ]];
    for (id, task) in &response.tasks {
        rows.push([
            id.clone(),
            number(&task.status),
            text(&task.language),
            text(&task.mode),
            text(&task.stream_url),
            text(&task.created_at),
        ]);
    }
    if rows.len() == 1 {
        return "no running tasks".into();
    }
    let widths: Vec<usize> = (0..6)
        .map(|column| {
            rows.iter()
                .map(|row| row[column].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    rows.iter()
        .map(|row| {
            row.iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}
