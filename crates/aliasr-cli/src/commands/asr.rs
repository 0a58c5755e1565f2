//! `aliasr asr submit | get | batch`: ICE ASR jobs.

use std::path::PathBuf;
use std::time::Duration;

use aliasr_client::{Client, FinishedJob, WaitOptions};
use aliasr_models::{EditingConfig, SubmitAsrJobRequest, UserData};
use anyhow::anyhow;
use clap::{Args, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::commands::batch::BatchArgs;
use crate::commands::limits::LimitArgs;
use crate::exit::CliError;
use crate::global::GlobalArgs;
use crate::report_output::ReportArgs;
use crate::service::{build_client, client_error, init_logging, json, runtime};
use crate::subtitle_files::{ReportTarget, Targets, write_subtitles};

/// `aliasr asr`.
#[derive(Debug, Args)]
pub(crate) struct AsrArgs {
    #[command(flatten)]
    global: GlobalArgs,
    #[command(subcommand)]
    command: AsrCommand,
}

#[derive(Debug, Subcommand)]
enum AsrCommand {
    /// Submit an ASR job (SubmitASRJob); with --wait, wait for it and write subtitles.
    Submit(SubmitArgs),
    /// Show a job (GetSmartHandleJob): state, error, segment count; optionally wait and write subtitles.
    Get(GetArgs),
    /// Submit every InputFile listed in a file, wait, and write subtitles per input; resumable.
    Batch(BatchArgs),
}

/// Waiting and writing subtitles, shared by submit and get.
#[derive(Debug, Args)]
pub(crate) struct WaitArgs {
    /// Wait until the job ends, with a progress spinner on stderr.
    #[arg(long)]
    wait: bool,
    /// Give up waiting after this many seconds (exit status 4).
    #[arg(long, value_name = "SECS", default_value_t = 1800.0, requires = "wait")]
    timeout: f64,
    /// Write SRT subtitles here when the job finishes (needs --wait).
    #[arg(long, value_name = "PATH", requires = "wait")]
    srt: Option<PathBuf>,
    /// Write WebVTT subtitles here when the job finishes (needs --wait).
    #[arg(long, value_name = "PATH", requires = "wait")]
    vtt: Option<PathBuf>,
    /// Replace existing subtitle files with different content.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    report: ReportArgs,
}

#[derive(Debug, Args)]
struct SubmitArgs {
    /// The media: an oss://bucket.endpoint/object URL or a media asset id.
    #[arg(long, value_name = "URL")]
    input_file: String,
    /// Job title (at most 128 bytes).
    #[arg(long, value_name = "T")]
    title: Option<String>,
    /// Job description (at most 128 bytes).
    #[arg(long, value_name = "D")]
    description: Option<String>,
    /// Where recognition starts, HH:MM:SS[.mmm].
    #[arg(long, value_name = "HH:MM:SS")]
    start_time: Option<String>,
    /// How much to recognise, HH:MM:SS[.mmm].
    #[arg(long, value_name = "HH:MM:SS")]
    duration: Option<String>,
    /// Hotword library id (repeatable).
    #[arg(
        long = "hotword-library",
        value_name = "ID",
        conflicts_with = "editing_config"
    )]
    hotword_libraries: Vec<String>,
    /// EditingConfig as a JSON object, sent as is.
    #[arg(long, value_name = "JSON")]
    editing_config: Option<String>,
    /// UserData as a JSON object.
    #[arg(long, value_name = "JSON")]
    user_data: Option<String>,
    #[command(flatten)]
    wait: WaitArgs,
}

#[derive(Debug, Args)]
struct GetArgs {
    /// The JobId SubmitASRJob returned.
    job_id: String,
    /// Print the response body exactly as received.
    #[arg(long, conflicts_with = "wait")]
    raw: bool,
    #[command(flatten)]
    wait: WaitArgs,
}

impl WaitArgs {
    /// A report describes finished subtitles, so it needs --wait; its path must differ from theirs.
    fn check(&self) -> Result<(), CliError> {
        if self.report.wanted() && !self.wait {
            return Err(CliError::usage(anyhow!(
                "--report needs --wait (the report shows the finished job's cues)"
            )));
        }
        let paths: Vec<&std::path::Path> = [self.srt.as_deref(), self.vtt.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        self.report.check_paths(&paths)
    }
}

/// Runs `aliasr asr …`.
pub(crate) fn run(args: AsrArgs) -> Result<(), CliError> {
    init_logging(&args.global);
    let global = args.global;
    match args.command {
        AsrCommand::Submit(submit) => {
            run_async(&global, |client| submit_job(client, &global, submit))
        }
        AsrCommand::Get(get) => run_async(&global, |client| get_job(client, &global, get)),
        AsrCommand::Batch(batch) => crate::commands::batch::run(&global, batch),
    }
}

fn run_async<F, Fut>(global: &GlobalArgs, command: F) -> Result<(), CliError>
where
    F: FnOnce(Client) -> Fut,
    Fut: std::future::Future<Output = Result<(), CliError>>,
{
    let client = build_client(global)?;
    runtime()?.block_on(command(client))
}

async fn submit_job(client: Client, global: &GlobalArgs, args: SubmitArgs) -> Result<(), CliError> {
    let json_mode = json(global);
    args.wait.check().map_err(|e| e.in_json(json_mode))?;
    let mut builder = SubmitAsrJobRequest::builder().input_file(args.input_file);
    if let Some(title) = args.title {
        builder = builder.title(title);
    }
    if let Some(description) = args.description {
        builder = builder.description(description);
    }
    if let Some(start) = args.start_time {
        builder = builder.start_time(start);
    }
    if let Some(duration) = args.duration {
        builder = builder.duration(duration);
    }
    if !args.hotword_libraries.is_empty() {
        let config = args
            .hotword_libraries
            .into_iter()
            .fold(EditingConfig::new(), EditingConfig::with_hotword_library_id);
        builder = builder.editing_config(config);
    }
    if let Some(config) = args.editing_config {
        builder = builder.editing_config_json(config);
    }
    if let Some(data) = args.user_data {
        let data = UserData::from_json(&data)
            .map_err(|e| CliError::usage(anyhow!("--user-data: {e}")).in_json(json_mode))?;
        builder = builder.user_data(data);
    }
    let request = builder
        .build()
        .map_err(|e| CliError::usage(anyhow::Error::new(e)).in_json(json_mode))?;
    let response = client
        .submit_asr_job(&request)
        .await
        .map_err(|e| client_error(e, global))?;
    let job_id = response.job_id.clone().unwrap_or_default();
    let state = response
        .state
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    if !args.wait.wait {
        print_document(
            json_mode,
            &serde_json::json!({"JobId": job_id, "State": state, "RequestId": response.request_id}),
            &format!("JobId: {job_id}\nState: {state}"),
        );
        return Ok(());
    }
    if !json_mode {
        eprintln!("submitted {job_id}");
    }
    let finished = wait(&client, global, &job_id, &args.wait).await?;
    report_finished(global, &job_id, finished, &args.wait)
}

async fn get_job(client: Client, global: &GlobalArgs, args: GetArgs) -> Result<(), CliError> {
    let json_mode = json(global);
    args.wait.check().map_err(|e| e.in_json(json_mode))?;
    if args.wait.wait {
        let finished = wait(&client, global, &args.job_id, &args.wait).await?;
        return report_finished(global, &args.job_id, finished, &args.wait);
    }
    let (response, body) = client
        .get_smart_handle_job_with_body(&args.job_id)
        .await
        .map_err(|e| client_error(e, global))?;
    if args.raw {
        print_document(false, &serde_json::Value::Null, &body);
        return Ok(());
    }
    let state = response
        .state
        .as_ref()
        .map(ToString::to_string)
        .unwrap_or_default();
    let segments = response.ai_result().ok().map(|s| s.len());
    let mut text = format!("JobId: {}\nState: {state}", args.job_id);
    if let Some(code) = &response.error_code {
        text.push_str(&format!(
            "\nError: {code}: {}",
            response.error_message.as_deref().unwrap_or_default()
        ));
    }
    if let Some(count) = segments {
        text.push_str(&format!("\nSegments: {count}"));
    }
    print_document(
        json_mode,
        &serde_json::json!({
            "JobId": args.job_id,
            "State": state,
            "ErrorCode": response.error_code,
            "ErrorMessage": response.error_message,
            "Segments": segments,
            "RequestId": response.request_id,
        }),
        &text,
    );
    Ok(())
}

async fn wait(
    client: &Client,
    global: &GlobalArgs,
    job_id: &str,
    args: &WaitArgs,
) -> Result<FinishedJob, CliError> {
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .map_err(|_| CliError::usage(anyhow!("--timeout must be a positive number of seconds")))?;
    let bar = spinner(global, &format!("waiting for {job_id}"));
    let progress_bar = bar.clone();
    let options = WaitOptions::default()
        .with_timeout(timeout)
        .with_delays(Duration::from_millis(500), Duration::from_secs(10))
        .with_progress(move |state, waited| {
            progress_bar.set_message(format!("{state} after {}s", waited.as_secs()));
        });
    let result = client.wait_for_job(job_id, options).await;
    bar.finish_and_clear();
    result.map_err(|e| client_error(e, global))
}

/// A spinner on stderr: hidden with -q, in JSON mode, or when stderr is not a terminal.
pub(crate) fn spinner(global: &GlobalArgs, message: &str) -> ProgressBar {
    if global.quiet || json(global) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{spinner} {prefix} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar.set_prefix(message.to_owned());
    bar.enable_steady_tick(Duration::from_millis(120));
    bar
}

fn report_finished(
    global: &GlobalArgs,
    job_id: &str,
    finished: FinishedJob,
    args: &WaitArgs,
) -> Result<(), CliError> {
    let targets = Targets {
        srt: args.srt.clone(),
        vtt: args.vtt.clone(),
        report: args.report.report.clone().map(|path| ReportTarget {
            path,
            media: args.report.media.clone(),
            source_name: format!("job {job_id}"),
        }),
        force: args.force,
    };
    let segment_count = finished.segments.len();
    let (cues, written) = write_subtitles(finished.segments, &args.limits, &targets)
        .map_err(|e| e.in_json(json(global)))?;
    let paths: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    print_document(
        json(global),
        &serde_json::json!({
            "JobId": job_id,
            "State": "Finished",
            "Segments": segment_count,
            "Cues": cues.cues.len(),
            "Files": paths,
        }),
        &format!(
            "JobId: {job_id}\nState: Finished\nSegments: {segment_count}\nCues: {}{}",
            cues.cues.len(),
            paths
                .iter()
                .map(|p| format!("\nWrote: {p}"))
                .collect::<String>()
        ),
    );
    Ok(())
}

/// Prints the JSON document or the text, on stdout.
#[allow(clippy::print_stdout, reason = "the command's output")]
pub(crate) fn print_document(json_mode: bool, document: &serde_json::Value, text: &str) {
    if json_mode {
        println!("{document}");
    } else {
        println!("{text}");
    }
}
