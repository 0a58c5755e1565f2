//! Turning a finished job's segments into subtitle files (asr submit/get --wait, batch, demo).

use std::path::{Path, PathBuf};

use aliasr_models::Segment;
use aliasr_transcript::{CueBuilder, Cues, SegmentList, SubtitleFormat};
use anyhow::Context;

use crate::commands::limits::LimitArgs;
use crate::exit::CliError;
use crate::output::{Destination, write_to};
use crate::report_output::write_report;

/// Which files to write.
#[derive(Debug, Clone, Default)]
pub(crate) struct Targets {
    pub(crate) srt: Option<PathBuf>,
    pub(crate) vtt: Option<PathBuf>,
    /// The HTML QA report, with the media to preview on and the name the report shows.
    pub(crate) report: Option<ReportTarget>,
    pub(crate) force: bool,
}

/// Where the QA report goes and what it says it is about.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReportTarget {
    pub(crate) path: PathBuf,
    pub(crate) media: Option<String>,
    pub(crate) source_name: String,
}

/// Builds cues once and writes each requested file atomically. Returns the cues and the paths.
pub(crate) fn write_subtitles(
    segments: Vec<Segment>,
    limits: &LimitArgs,
    targets: &Targets,
) -> Result<(Cues, Vec<PathBuf>), CliError> {
    let builder = CueBuilder::new(limits.settings()?).map_err(CliError::usage)?;
    let segments = SegmentList::from(segments);
    // The builder consumes the segments; the report shows them under the cues.
    let report_segments = targets.report.as_ref().map(|_| segments.clone());
    let built = builder.build(segments).map_err(|e| {
        CliError::input(anyhow::Error::new(e).context("building cues from the job's segments"))
    })?;
    let options = limits.write_options();
    let mut written = Vec::new();
    for (path, format) in [
        (targets.srt.as_deref(), SubtitleFormat::Srt),
        (targets.vtt.as_deref(), SubtitleFormat::WebVtt),
    ] {
        let Some(path) = path else { continue };
        write_one(path, &built, format, &options, targets.force)?;
        written.push(path.to_path_buf());
    }
    if let (Some(report), Some(segments)) = (&targets.report, &report_segments) {
        write_report(
            &report.path,
            &report.source_name,
            segments,
            &built,
            builder.settings(),
            report.media.as_deref(),
            targets.force,
        )?;
        written.push(report.path.clone());
    }
    Ok((built, written))
}

fn write_one(
    path: &Path,
    built: &Cues,
    format: SubtitleFormat,
    options: &aliasr_transcript::WriteOptions,
    force: bool,
) -> Result<(), CliError> {
    write_to(&Destination::file(path.to_path_buf(), force), |out| {
        aliasr_transcript::write(&built.cues, format, options, out)
    })
    .with_context(|| format!("writing {}", path.display()))
    .map_err(CliError::input)
}
