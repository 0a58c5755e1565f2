//! `aliasr asr batch`: many inputs, one manifest, safe to re-run after a crash.
//!
//! Every step is recorded (and fsynced) in the manifest before the next one starts, and a re-run
//! plans from it: recorded jobs are waited for, never submitted again; finished results are kept;
//! submissions whose outcome is unknown are listed for the user instead of being sent again.

mod manifest;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use aliasr_client::{Client, Error, RateLimits, TransportKind, WaitOptions};
use aliasr_models::SubmitAsrJobRequest;
use anyhow::{Context, anyhow};
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tokio::sync::Semaphore;

use manifest::{Event, Step};

use crate::commands::asr::print_document;
use crate::commands::limits::LimitArgs;
use crate::exit::{CliError, FailureKind};
use crate::global::GlobalArgs;
use crate::service::{build_client_with, json, runtime};
use crate::subtitle_files::{ReportTarget, Targets, write_subtitles};

/// Arguments of `aliasr asr batch`.
#[derive(Debug, Args)]
pub(crate) struct BatchArgs {
    /// A file with one InputFile per line (blank lines and lines starting with # are skipped).
    #[arg(value_name = "LIST_FILE")]
    list: PathBuf,
    /// Where `<name>.srt` and `<name>.vtt` go for each input.
    #[arg(long, value_name = "DIR")]
    out_dir: PathBuf,
    /// Jobs in flight at once (submissions stay within the client's rate limit).
    #[arg(long, value_name = "N", default_value_t = 8)]
    concurrency: usize,
    /// The JSONL record of every step [default: OUT_DIR/manifest.jsonl].
    #[arg(long, value_name = "PATH")]
    manifest: Option<PathBuf>,
    /// Give up waiting for a job after this many seconds; a re-run picks it up again.
    #[arg(long, value_name = "SECS", default_value_t = 3600.0)]
    timeout: f64,
    /// Your account's SubmitASRJob/GetSmartHandleJob quota per second (the client paces to it).
    #[arg(long, value_name = "QPS", default_value_t = 10.0)]
    ice_qps: f64,
    /// Seconds between polls of one job, at first (grows up to 10).
    #[arg(long, value_name = "SECS", default_value_t = 1.0)]
    poll: f64,
    /// Also write `<name>.report.html`, the subtitle QA report, for each input.
    #[arg(long)]
    report: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

/// What happened to each input in this run.
#[derive(Debug, Default)]
struct Tally {
    submitted: u64,
    finished: u64,
    failed: Vec<(String, String)>,
    unknown: Vec<String>,
    waiting: Vec<(String, String)>,
}

struct Shared {
    client: Client,
    writer: Mutex<manifest::Writer>,
    tally: Mutex<Tally>,
    bar: ProgressBar,
    limits: LimitArgs,
    reports: bool,
    timeout: Duration,
    poll: Duration,
}

impl Shared {
    fn record(&self, input: &str, event: Event) -> Result<(), CliError> {
        self.writer
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .append(input, event)
            .map_err(CliError::input)
    }

    fn tally(&self) -> std::sync::MutexGuard<'_, Tally> {
        self.tally.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn show(&self) {
        let tally = self.tally();
        self.bar.set_message(format!(
            "submitted {} · finished {} · failed {}",
            tally.submitted,
            tally.finished,
            tally.failed.len()
        ));
    }
}

/// Runs the batch.
pub(crate) fn run(global: &GlobalArgs, args: BatchArgs) -> Result<(), CliError> {
    let json_mode = json(global);
    let fail = |error: anyhow::Error| CliError::input(error).in_json(json_mode);
    let inputs = read_list(&args.list).map_err(fail)?;
    std::fs::create_dir_all(&args.out_dir)
        .with_context(|| format!("creating the output folder {}", args.out_dir.display()))
        .map_err(fail)?;
    let manifest_path = args
        .manifest
        .clone()
        .unwrap_or_else(|| args.out_dir.join("manifest.jsonl"));
    let records = manifest::read(&manifest_path).map_err(fail)?;
    let plan = manifest::plan(&inputs, &records);
    let names = output_names(&inputs);
    let writer = manifest::Writer::open(&manifest_path).map_err(fail)?;
    let timeout = Duration::try_from_secs_f64(args.timeout)
        .map_err(|_| CliError::usage(anyhow!("--timeout must be a positive number of seconds")))?;
    let poll = Duration::try_from_secs_f64(args.poll)
        .map_err(|_| CliError::usage(anyhow!("--poll must be a positive number of seconds")))?;
    args.limits.settings()?;
    if !(args.ice_qps.is_finite() && args.ice_qps > 0.0) {
        return Err(CliError::usage(anyhow!(
            "--ice-qps must be a positive number"
        )));
    }
    let client = build_client_with(global, RateLimits::default().with_ice(args.ice_qps))?;
    let bar = progress_bar(global, plan.len() as u64);
    let shared = Arc::new(Shared {
        client,
        writer: Mutex::new(writer),
        tally: Mutex::new(Tally::default()),
        bar,
        limits: args.limits.clone(),
        reports: args.report,
        timeout,
        poll,
    });

    let runtime = runtime()?;
    let outcome: Result<(), CliError> = runtime.block_on(async {
        let permits = Arc::new(Semaphore::new(args.concurrency.max(1)));
        let mut tasks = tokio::task::JoinSet::new();
        for (input, step) in plan {
            let base = args
                .out_dir
                .join(names.get(&input).cloned().unwrap_or_default());
            let shared = Arc::clone(&shared);
            let permits = Arc::clone(&permits);
            tasks.spawn(async move {
                let _permit = permits.acquire_owned().await;
                let result = process(&shared, &input, step, &base).await;
                shared.bar.inc(1);
                shared.show();
                result
            });
        }
        let mut first_error = None;
        while let Some(joined) = tasks.join_next().await {
            match joined {
                Ok(Ok(())) => {}
                Ok(Err(error)) => {
                    // A credentials or manifest problem stops everything: later inputs would fail alike.
                    first_error.get_or_insert(error);
                    tasks.abort_all();
                }
                Err(join) if join.is_cancelled() => {}
                Err(join) => {
                    first_error
                        .get_or_insert(CliError::input(anyhow!("a batch task failed: {join}")));
                }
            }
        }
        first_error.map_or(Ok(()), Err)
    });
    shared.bar.finish_and_clear();
    outcome.map_err(|e| e.in_json(json_mode))?;
    summarize(global, &shared.tally(), &manifest_path)
}

/// One input, from wherever the manifest left it.
async fn process(shared: &Shared, input: &str, step: Step, base: &Path) -> Result<(), CliError> {
    let job_id = match step {
        Step::Done => {
            shared.tally().finished += 1;
            return Ok(());
        }
        Step::Failed { message, .. } => {
            shared.tally().failed.push((input.to_owned(), message));
            return Ok(());
        }
        Step::OutcomeUnknown => {
            shared.tally().unknown.push(input.to_owned());
            return Ok(());
        }
        Step::Wait { job_id } | Step::Refetch { job_id } => job_id,
        Step::Submit => match submit(shared, input).await? {
            Some(job_id) => job_id,
            None => return Ok(()),
        },
    };
    let options = WaitOptions::default()
        .with_timeout(shared.timeout)
        .with_delays(shared.poll, Duration::from_secs(10).max(shared.poll));
    match shared.client.wait_for_job(&job_id, options).await {
        Ok(finished) => {
            let targets = Targets {
                srt: Some(with_extension(base, "srt")),
                vtt: Some(with_extension(base, "vtt")),
                report: shared.reports.then(|| ReportTarget {
                    path: with_extension(base, "report.html"),
                    media: None,
                    source_name: input.to_owned(),
                }),
                // Our own earlier output for this input may be replaced: the job is the same.
                force: true,
            };
            match write_subtitles(finished.segments, &shared.limits, &targets) {
                Ok((_, outputs)) => {
                    shared.record(input, Event::Finished { job_id, outputs })?;
                    shared.tally().finished += 1;
                }
                Err(error) => {
                    let message = error.to_string();
                    shared.record(
                        input,
                        Event::Failed {
                            job_id,
                            code: "SubtitleError".into(),
                            message: message.clone(),
                        },
                    )?;
                    shared.tally().failed.push((input.to_owned(), message));
                }
            }
        }
        Err(Error::JobFailed { code, message, .. }) => {
            shared.record(
                input,
                Event::Failed {
                    job_id,
                    code: code.clone(),
                    message: message.clone(),
                },
            )?;
            shared
                .tally()
                .failed
                .push((input.to_owned(), format!("{code}: {message}")));
        }
        Err(Error::Credentials(error)) => {
            return Err(CliError::new(
                FailureKind::Credentials,
                Error::Credentials(error),
            ));
        }
        Err(error) => {
            // The job exists and is recorded; a re-run waits for it again.
            shared
                .tally()
                .waiting
                .push((input.to_owned(), format!("{job_id}: {error}")));
        }
    }
    Ok(())
}

/// Submits one input, recording the intent first. Returns the JobId, or None when the input is
/// settled otherwise (rejected, or outcome unknown).
async fn submit(shared: &Shared, input: &str) -> Result<Option<String>, CliError> {
    let request = match SubmitAsrJobRequest::builder().input_file(input).build() {
        Ok(request) => request,
        Err(error) => {
            let message = error.to_string();
            shared.record(
                input,
                Event::SubmitRejected {
                    code: "InvalidInput".into(),
                    message: message.clone(),
                },
            )?;
            shared.tally().failed.push((input.to_owned(), message));
            return Ok(None);
        }
    };
    let journal = || {
        shared
            .record(input, Event::Submitting)
            .map_err(|e| e.to_string())
    };
    match shared
        .client
        .submit_asr_job_journaled(&request, journal)
        .await
    {
        Ok(response) => {
            let Some(job_id) = response.job_id else {
                shared.record(
                    input,
                    Event::SubmitUnknown {
                        message: "the answer had no JobId".into(),
                    },
                )?;
                shared.tally().unknown.push(input.to_owned());
                return Ok(None);
            };
            shared.record(
                input,
                Event::Submitted {
                    job_id: job_id.clone(),
                },
            )?;
            shared.tally().submitted += 1;
            Ok(Some(job_id))
        }
        // Refused by the service, or never sent: nothing was created; a re-run may submit again.
        Err(
            error @ (Error::Service(_)
            | Error::Transport {
                kind: TransportKind::Connect,
                ..
            }),
        ) => {
            let code = error.code().unwrap_or("Connect").to_owned();
            let message = error.to_string();
            shared.record(
                input,
                Event::SubmitRejected {
                    code,
                    message: message.clone(),
                },
            )?;
            shared.tally().failed.push((input.to_owned(), message));
            Ok(None)
        }
        Err(Error::Credentials(error)) => {
            // Nothing was sent.
            shared.record(
                input,
                Event::SubmitRejected {
                    code: "Credentials".into(),
                    message: error.to_string(),
                },
            )?;
            Err(CliError::new(
                FailureKind::Credentials,
                Error::Credentials(error),
            ))
        }
        Err(error) => {
            shared.record(
                input,
                Event::SubmitUnknown {
                    message: error.to_string(),
                },
            )?;
            shared.tally().unknown.push(input.to_owned());
            Ok(None)
        }
    }
}

fn summarize(global: &GlobalArgs, tally: &Tally, manifest_path: &Path) -> Result<(), CliError> {
    let document = serde_json::json!({
        "submitted": tally.submitted,
        "finished": tally.finished,
        "failed": tally.failed.iter().map(|(i, m)| serde_json::json!({"input": i, "error": m})).collect::<Vec<_>>(),
        "outcome_unknown": tally.unknown,
        "still_waiting": tally.waiting.iter().map(|(i, m)| serde_json::json!({"input": i, "detail": m})).collect::<Vec<_>>(),
        "manifest": manifest_path.display().to_string(),
    });
    let mut text = format!(
        "submitted {} · finished {} · failed {} · outcome unknown {} · still waiting {}\nmanifest: {}",
        tally.submitted,
        tally.finished,
        tally.failed.len(),
        tally.unknown.len(),
        tally.waiting.len(),
        manifest_path.display()
    );
    for (input, error) in &tally.failed {
        text.push_str(&format!("\nfailed: {input}: {error}"));
    }
    for input in &tally.unknown {
        text.push_str(&format!(
            "\noutcome unknown (not resubmitted; check the console, then remove its lines from the manifest to submit again): {input}"
        ));
    }
    for (input, detail) in &tally.waiting {
        text.push_str(&format!(
            "\nstill waiting (re-run to continue): {input}: {detail}"
        ));
    }
    print_document(json(global), &document, &text);
    let kind = if !tally.failed.is_empty() || !tally.unknown.is_empty() {
        Some(FailureKind::Input)
    } else if !tally.waiting.is_empty() {
        Some(FailureKind::Timeout)
    } else {
        None
    };
    match kind {
        Some(kind) => Err(CliError::new(
            kind,
            anyhow!(
                "{} failed, {} with unknown outcome, {} still waiting; see the summary above",
                tally.failed.len(),
                tally.unknown.len(),
                tally.waiting.len()
            ),
        )
        .in_json(json(global))),
        None => Ok(()),
    }
}

fn read_list(path: &Path) -> anyhow::Result<Vec<String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut seen = std::collections::HashSet::new();
    let mut inputs = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if !seen.insert(line.to_owned()) {
            anyhow::bail!(
                "{} line {}: `{line}` is listed twice; each input is submitted once",
                path.display(),
                index + 1
            );
        }
        inputs.push(line.to_owned());
    }
    if inputs.is_empty() {
        anyhow::bail!("{} lists no inputs", path.display());
    }
    Ok(inputs)
}

/// `<stem>` of each input's object name; inputs sharing a stem get a short stable hash suffix.
fn output_names(inputs: &[String]) -> HashMap<String, String> {
    let stem = |input: &str| -> String {
        let last = input.rsplit('/').next().unwrap_or(input);
        let stem = last.rsplit_once('.').map_or(last, |(s, _)| s);
        let cleaned: String = stem
            .chars()
            .map(|c| {
                if c.is_alphanumeric() || matches!(c, '-' | '_' | '.') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        if cleaned.is_empty() {
            "input".into()
        } else {
            cleaned
        }
    };
    let mut counts: HashMap<String, usize> = HashMap::new();
    for input in inputs {
        *counts.entry(stem(input)).or_default() += 1;
    }
    inputs
        .iter()
        .map(|input| {
            let base = stem(input);
            let name = if counts.get(&base).copied().unwrap_or(0) > 1 {
                let hash = input.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3)
                });
                format!("{base}-{:08x}", hash as u32)
            } else {
                base
            };
            (input.clone(), name)
        })
        .collect()
}

fn with_extension(base: &Path, extension: &str) -> PathBuf {
    let mut name = base.as_os_str().to_owned();
    name.push(".");
    name.push(extension);
    PathBuf::from(name)
}

fn progress_bar(global: &GlobalArgs, total: u64) -> ProgressBar {
    if global.quiet || json(global) {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg} [{elapsed}]") {
        bar.set_style(style);
    }
    bar
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_object_stems_with_hashes_only_on_collision() {
        let inputs = vec![
            "oss://b.oss-cn-shanghai.aliyuncs.com/a/talk.mp4".to_owned(),
            "oss://b.oss-cn-shanghai.aliyuncs.com/b/talk.mp4".to_owned(),
            "oss://b.oss-cn-shanghai.aliyuncs.com/会议 1.mp4".to_owned(),
        ];
        let names = output_names(&inputs);
        assert!(names[&inputs[0]].starts_with("talk-"));
        assert_ne!(names[&inputs[0]], names[&inputs[1]]);
        assert_eq!(names[&inputs[2]], "会议_1");
    }

    #[test]
    fn lists_refuse_duplicates_and_emptiness_with_line_numbers() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("list.txt");
        std::fs::write(&path, "# inputs\na\n\nb\na\n").unwrap();
        let error = read_list(&path).unwrap_err().to_string();
        assert!(error.contains("line 5"), "{error}");
        std::fs::write(&path, "# nothing\n").unwrap();
        assert!(
            read_list(&path)
                .unwrap_err()
                .to_string()
                .contains("lists no inputs")
        );
    }
}
