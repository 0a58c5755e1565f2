//! `aliasr demo`: the whole product on an embedded default, with no network and no credentials.
//! An emulator starts in-process on a free loopback port with a freshly generated key and a sample
//! meeting transcript; the real client (V3 signing) submits a job, waits, and the subtitles are
//! written; then the Live side: RTC ASR tasks are listed and a recording is started and stopped.

use std::path::PathBuf;
use std::time::Duration;

use aliasr_client::{Client, Credentials, StaticProvider, WaitOptions};
use aliasr_emulator::{DEMO_STREAM, Emulator, EmulatorConfig, KeySpec, StreamSpec};
use aliasr_models::{
    QueryRtcAsrTasksRequest, RealTimeRecordCommandRequest, RecordCommand, SubmitAsrJobRequest,
};
use anyhow::{Context, anyhow};
use clap::Args;

use crate::commands::asr::{print_document, spinner};
use crate::commands::limits::LimitArgs;
use crate::exit::CliError;
use crate::global::GlobalArgs;
use crate::service::{init_logging, json};
use crate::subtitle_files::{Targets, write_subtitles};

/// The sample transcript every demo job returns (a bilingual product meeting).
const DEMO_TRANSCRIPT: &str = include_str!("../../data/demo-airesult.json");
const DEMO_INPUT: &str = "oss://aliasr-demo.oss-cn-shanghai.aliyuncs.com/meetings/q2-review.mp4";

/// Arguments of `aliasr demo`.
#[derive(Debug, Args)]
pub(crate) struct DemoArgs {
    /// Where demo.srt and demo.vtt go.
    #[arg(long, value_name = "DIR", default_value = ".")]
    out_dir: PathBuf,
    /// Replace existing demo.srt / demo.vtt that differ from what the demo writes.
    #[arg(long)]
    force: bool,
    #[command(flatten)]
    global: GlobalArgs,
    #[command(flatten)]
    limits: LimitArgs,
}

/// Runs the demo.
pub(crate) fn run(args: DemoArgs) -> Result<(), CliError> {
    init_logging(&args.global);
    let json_mode = json(&args.global);
    crate::service::runtime()?
        .block_on(demo(&args))
        .map_err(|e| e.in_json(json_mode))
}

async fn demo(args: &DemoArgs) -> Result<(), CliError> {
    let global = &args.global;
    let say = |line: &str| {
        if !json(global) && !global.quiet {
            eprintln!("{line}");
        }
    };
    let segments = aliasr_models::parse_segments(DEMO_TRANSCRIPT)
        .map_err(|e| CliError::input(anyhow!("the embedded demo transcript: {e}")))?;
    // A key made for this run only: nothing on disk or in the environment is used.
    let key_id = format!("LTAIdemo{}", &aliasr_sign::fresh_nonce()[..12]);
    let secret = aliasr_sign::fresh_nonce();
    let mut config = EmulatorConfig::default();
    config.keys = vec![KeySpec::access_key(key_id.clone(), secret.clone())];
    config.transcript = Some(segments);
    config.job_duration = Duration::from_millis(1500);
    let emulator = Emulator::start(config)
        .await
        .map_err(|e| CliError::input(anyhow::Error::new(e).context("starting the emulator")))?;
    say(&format!(
        "emulator on {} (key {key_id}, generated for this run)",
        emulator.base_url()
    ));

    let client = Client::builder()
        .endpoint(emulator.base_url())
        .credentials(StaticProvider::new(Credentials::new(key_id, secret)))
        .build()
        .map_err(|e| CliError::input(anyhow::Error::new(e)))?;
    let request = SubmitAsrJobRequest::builder()
        .input_file(DEMO_INPUT)
        .title("aliasr demo: Q2 review")
        .build()
        .map_err(|e| CliError::input(anyhow::Error::new(e)))?;
    let submitted = client
        .submit_asr_job(&request)
        .await
        .map_err(|e| CliError::input(anyhow::Error::new(e).context("SubmitASRJob")))?;
    let job_id = submitted.job_id.clone().unwrap_or_default();
    say(&format!(
        "SubmitASRJob → JobId {job_id}, State Created (V3 signed)"
    ));

    let bar = spinner(global, &format!("waiting for {job_id}"));
    let progress = bar.clone();
    let options = WaitOptions::default()
        .with_timeout(Duration::from_secs(60))
        .with_delays(Duration::from_millis(250), Duration::from_millis(500))
        .with_progress(move |state, waited| {
            progress.set_message(format!("{state} after {:.1}s", waited.as_secs_f64()))
        });
    let finished = client.wait_for_job(&job_id, options).await;
    bar.finish_and_clear();
    let finished = finished
        .map_err(|e| CliError::input(anyhow::Error::new(e).context("waiting for the job")))?;
    say(&format!(
        "GetSmartHandleJob → Finished, {} segments",
        finished.segments.len()
    ));

    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("creating {}", args.out_dir.display()))
        .map_err(CliError::input)?;
    let targets = Targets {
        srt: Some(args.out_dir.join("demo.srt")),
        vtt: Some(args.out_dir.join("demo.vtt")),
        report: None,
        force: args.force,
    };
    let (cues, written) = write_subtitles(finished.segments, &args.limits, &targets)?;
    let first: String = aliasr_transcript::render(
        &cues.cues[..cues.cues.len().min(3)],
        aliasr_transcript::SubtitleFormat::Srt,
        &args.limits.write_options(),
    );

    let tasks = client
        .query_rtc_asr_tasks(
            &QueryRtcAsrTasksRequest::builder()
                .region_id("cn-shanghai")
                .build()
                .map_err(|e| CliError::input(anyhow::Error::new(e)))?,
        )
        .await
        .map_err(|e| CliError::input(anyhow::Error::new(e).context("QueryRtcAsrTasks")))?;
    let stream: StreamSpec = DEMO_STREAM
        .parse()
        .map_err(|e| CliError::input(anyhow::Error::new(e)))?;
    let mut commands = Vec::new();
    for command in [RecordCommand::Start, RecordCommand::Stop] {
        let request = RealTimeRecordCommandRequest::builder()
            .command(command)
            .domain_name(stream.domain.clone())
            .app_name(stream.app.clone())
            .stream_name(stream.stream.clone())
            .build()
            .map_err(|e| CliError::input(anyhow::Error::new(e)))?;
        let response = client
            .real_time_record_command(&request)
            .await
            .map_err(|e| CliError::input(anyhow::Error::new(e).context("RealTimeRecordCommand")))?;
        commands.push((command.as_str(), response.request_id.unwrap_or_default()));
    }
    let state = emulator.state_snapshot();
    emulator.shutdown().await;

    let paths: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    let mut text = format!("{}\nFirst cues:\n\n{first}", cues.summary);
    for path in &paths {
        text.push_str(&format!("Wrote {path}\n"));
    }
    text.push_str(&format!(
        "\nQueryRtcAsrTasks → {} running task(s):",
        tasks.tasks.len()
    ));
    for (id, task) in &tasks.tasks {
        text.push_str(&format!(
            "\n  {id}  {}  {}",
            task.language.as_deref().unwrap_or("-"),
            task.stream_url.as_deref().unwrap_or("-")
        ));
    }
    for (command, request_id) in &commands {
        text.push_str(&format!(
            "\nRealTimeRecordCommand {command} on {DEMO_STREAM} → OK (RequestId {request_id})"
        ));
    }
    text.push_str("\n(stop pauses recording; the file appears after the 180 s stream-interruption delay, or at once with cancel-delay)");
    print_document(
        json(global),
        &serde_json::json!({
            "JobId": job_id,
            "Segments": cues.summary.segments_in,
            "Cues": cues.cues.len(),
            "Files": paths,
            "RtcAsrTasks": tasks.tasks.keys().collect::<Vec<_>>(),
            "RecordCommands": commands.iter().map(|(c, _)| c).collect::<Vec<_>>(),
            "EmulatorRequests": state.requests,
        }),
        &text,
    );
    Ok(())
}
