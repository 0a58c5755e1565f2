//! `--report PATH` and `--media URL`: the subtitle QA report written next to the subtitles.
//!
//! Any command that builds cues can flatten [`ReportArgs`] into its arguments and call
//! [`write_report`] with what it built; the file is written atomically like every output.

use std::path::{Path, PathBuf};

use aliasr_transcript::report::{ReportInput, render_html};
use aliasr_transcript::{CueSettings, Cues, SegmentList};
use anyhow::{Context, anyhow};
use clap::Args;

use crate::exit::CliError;
use crate::output::{Destination, write_to};

/// The report options.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct ReportArgs {
    /// Also write a self-contained HTML QA report (timeline, reading speed, histograms, flagged cues).
    #[arg(long, value_name = "PATH")]
    pub(crate) report: Option<PathBuf>,
    /// Media to preview the subtitles on in the report (a <video> with the WebVTT as its track).
    #[arg(long, value_name = "URL", requires = "report")]
    pub(crate) media: Option<String>,
}

impl ReportArgs {
    /// Whether a report was asked for (so that the segments must be kept for it).
    pub(crate) fn wanted(&self) -> bool {
        self.report.is_some()
    }

    /// Refuses a report path that is stdout or the same file as another of the command's paths.
    pub(crate) fn check_paths(&self, others: &[&Path]) -> Result<(), CliError> {
        let Some(report) = &self.report else {
            return Ok(());
        };
        if report.as_os_str() == "-" {
            return Err(CliError::usage(anyhow!(
                "--report needs a file path, not - (the report is one HTML file)"
            )));
        }
        if let Some(other) = others
            .iter()
            .find(|other| *other == report || crate::output::same_file(other, report))
        {
            return Err(CliError::usage(anyhow!(
                "--report {} names the same file as {}; choose another path",
                report.display(),
                other.display()
            )));
        }
        Ok(())
    }
}

/// Renders the report of one build and writes it atomically to `path` (replacing a different
/// existing file only if `force`).
pub(crate) fn write_report(
    path: &Path,
    source_name: &str,
    segments: &SegmentList,
    built: &Cues,
    settings: &CueSettings,
    media_url: Option<&str>,
    force: bool,
) -> Result<(), CliError> {
    let mut input = ReportInput::new(source_name, segments, built, settings);
    if let Some(url) = media_url {
        input = input.with_media_url(url);
    }
    let html = render_html(&input);
    write_to(&Destination::file(path.to_path_buf(), force), |out| {
        out.write_all(html.as_bytes())
    })
    .with_context(|| format!("writing the report {}", path.display()))
    .map_err(CliError::input)
}
