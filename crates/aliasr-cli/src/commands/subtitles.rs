//! `aliasr subtitles`: AiResult JSON in, subtitles out.

use std::io::Read;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};

use aliasr_transcript::{CueBuilder, InputOptions, Recovery, SubtitleFormat, read_segments};
use anyhow::{Context, anyhow};
use clap::{Args, ValueEnum};

use crate::commands::limits::LimitArgs;
use crate::exit::{CliError, is_broken_pipe};
use crate::output::{Destination, same_file, write_to};
use crate::report_output::{ReportArgs, write_report};

/// Arguments of `aliasr subtitles`.
#[derive(Debug, Args)]
#[command(
    after_help = "Without -f, the format comes from the -o extension (srt, vtt, txt, json), else SRT.\n\
Accepted input: a segment array [{\"content\",\"from\",\"to\"}], a JSON string holding one, or a \
GetSmartHandleJob response body (JobResult.AiResult, else Output), also wrapped as {\"body\": ...}."
)]
pub(crate) struct SubtitlesArgs {
    /// Input JSON file; absent or `-` reads stdin.
    #[arg(value_name = "INPUT")]
    input: Option<PathBuf>,
    /// Output format.
    #[arg(short = 'f', long = "format", value_enum)]
    format: Option<FormatArg>,
    /// Output file, written atomically; absent writes stdout.
    #[arg(short = 'o', long = "output", value_name = "OUT")]
    output: Option<PathBuf>,
    #[command(flatten)]
    limits: LimitArgs,
    #[command(flatten)]
    report: ReportArgs,
    /// Recover segments from malformed JSON by bracket matching (with a warning).
    #[arg(long)]
    lenient: bool,
    /// Replace an existing output file with different content.
    #[arg(long)]
    force: bool,
    /// Print a one-line summary on stderr.
    #[arg(short, long)]
    verbose: bool,
    /// Threads that build cues (default: 2, or 1 on a one-core machine). Only inputs of
    /// several thousand segments use more than one; the output is the same whatever the
    /// number. Each thread holds its cues until they are joined: on 100k segments two threads
    /// build about a third faster for 8 % more peak memory, and more threads add memory (3x
    /// the input at three threads) for little more speed.
    #[arg(short = 'j', long, value_name = "N")]
    threads: Option<NonZeroUsize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum FormatArg {
    Srt,
    Vtt,
    Txt,
    Json,
}

impl From<FormatArg> for SubtitleFormat {
    fn from(format: FormatArg) -> Self {
        match format {
            FormatArg::Srt => Self::Srt,
            FormatArg::Vtt => Self::WebVtt,
            FormatArg::Txt => Self::Txt,
            FormatArg::Json => Self::Json,
        }
    }
}

/// Runs the command.
pub(crate) fn run(args: &SubtitlesArgs) -> Result<(), CliError> {
    let format = resolve_format(args)?;
    let settings = args.limits.settings()?;
    let mut builder = CueBuilder::new(settings).map_err(CliError::usage)?;
    builder = builder.with_threads(args.threads.unwrap_or_else(default_threads));
    let input_path = args.input.as_deref().filter(|p| *p != Path::new("-"));
    let destination = match &args.output {
        Some(path) if path.as_os_str() == "-" => Destination::Stdout,
        Some(path) => Destination::file(path.clone(), args.force),
        None => Destination::Stdout,
    };
    if let (Some(input), Destination::File(output) | Destination::FileForced(output)) =
        (input_path, &destination)
        && same_file(input, output)
    {
        return Err(CliError::usage(anyhow!(
            "refusing to overwrite the input {} with the output; choose another -o",
            output.display()
        )));
    }
    let mut other_paths: Vec<&Path> = input_path.into_iter().collect();
    if let Destination::File(output) | Destination::FileForced(output) = &destination {
        other_paths.push(output);
    }
    args.report.check_paths(&other_paths)?;

    let input_name = input_path.map_or_else(|| "stdin".to_string(), |p| p.display().to_string());
    let bytes = read_input(input_path).map_err(CliError::input)?;
    let recovery = if args.lenient {
        Recovery::BracketMatching
    } else {
        Recovery::Strict
    };
    let parsed = read_segments(&bytes, &InputOptions::new().with_recovery(recovery))
        .map_err(|e| CliError::input(anyhow::Error::new(e).context(input_name.clone())))?;
    drop(bytes);
    for warning in &parsed.warnings {
        eprintln!("warning: {input_name}: {warning}");
    }
    // The builder consumes the segments; the report shows them under the cues.
    let report_segments = args.report.wanted().then(|| parsed.segments.clone());
    let built = builder.build(parsed.segments).map_err(|e| {
        let error = anyhow::Error::new(e).context(input_name.clone());
        // Invalid segments are bad input; an offset before zero is a bad argument.
        if matches!(
            error.downcast_ref(),
            Some(aliasr_transcript::TranscriptError::OffsetBeforeZero { .. })
        ) {
            CliError::usage(error)
        } else {
            CliError::input(error)
        }
    })?;

    // The report first: a reader closing stdout early (`| head`) still gets it.
    if let (Some(path), Some(segments)) = (&args.report.report, &report_segments) {
        // The file name only: a report is often shared, the folders it came from are not.
        let source_name = input_path
            .and_then(|p| p.file_name())
            .map_or_else(|| input_name.clone(), |n| n.to_string_lossy().into_owned());
        write_report(
            path,
            &source_name,
            segments,
            &built,
            builder.settings(),
            args.report.media.as_deref(),
            args.force,
        )?;
    }

    let options = args.limits.write_options();
    let written = write_to(&destination, |out| {
        aliasr_transcript::write(&built.cues, format, &options, out)
    });
    match written {
        Ok(()) => {}
        Err(error)
            if error
                .downcast_ref::<std::io::Error>()
                .is_some_and(is_broken_pipe) =>
        {
            return Ok(());
        }
        Err(error) => return Err(CliError::input(error)),
    }
    if args.verbose {
        eprintln!("aliasr subtitles: {input_name}: {}", built.summary);
    }
    Ok(())
}

/// Two threads where there are two cores: most of the speed for little memory (see `-j`).
fn default_threads() -> NonZeroUsize {
    let two = NonZeroUsize::MIN.saturating_add(1);
    std::thread::available_parallelism().map_or(NonZeroUsize::MIN, |cores| cores.min(two))
}

fn read_input(path: Option<&Path>) -> anyhow::Result<Vec<u8>> {
    match path {
        Some(path) => std::fs::read(path).with_context(|| format!("reading {}", path.display())),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .read_to_end(&mut bytes)
                .context("reading stdin")?;
            Ok(bytes)
        }
    }
}

fn resolve_format(args: &SubtitlesArgs) -> Result<SubtitleFormat, CliError> {
    if let Some(format) = args.format {
        return Ok(format.into());
    }
    let Some(output) = args.output.as_deref().filter(|p| *p != Path::new("-")) else {
        return Ok(SubtitleFormat::Srt);
    };
    let extension = output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    SubtitleFormat::from_extension(extension).ok_or_else(|| {
        CliError::usage(anyhow!(
            "cannot tell the format from the extension of {} (expected .srt, .vtt, .txt or .json); pass -f",
            output.display()
        ))
    })
}
