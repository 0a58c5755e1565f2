//! A subtitle QA report: one self-contained HTML file that shows the timing of a build.
//!
//! Subtitle editors judge timing by looking at it. The report holds an input summary (segments,
//! duration, script mix, preset and limits), a zoomable canvas timeline of the cues with the
//! source segments underneath and the reading speed of every cue against its limit, histograms
//! of cue durations and gaps, and the list of flagged cues, each linking to its place on the
//! timeline. With a media URL it adds a `<video>` whose track is the generated WebVTT.
//!
//! The file needs no network: one template and one small script are compiled in, and the data
//! is embedded as JSON in a `<script type="application/json">` element with every `<` escaped,
//! so no text from the input can close the element. Only the media URL the caller gives is
//! referenced.
//!
//! ```
//! use aliasr_transcript::report::{build_report, render_html, ReportInput};
//! use aliasr_transcript::{CueBuilder, CueSettings, Segment, SegmentList};
//!
//! let segments = vec![
//!     Segment::new("Hello there.", 0.0, 1.2).unwrap(),
//!     Segment::new("</script><!-- still text", 1.5, 3.0).unwrap(),
//! ];
//! let settings = CueSettings::default();
//! let segments = SegmentList::from(segments);
//! let built = CueBuilder::new(settings.clone())?.build(segments.clone())?;
//! let input = ReportInput::new("talk.json", &segments, &built, &settings);
//!
//! let report = build_report(&input);
//! assert_eq!(report.cues.start_ms.len(), built.cues.len());
//!
//! let html = render_html(&input);
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(!html.contains("</script><!--"));
//! # Ok::<(), aliasr_transcript::TranscriptError>(())
//! ```

mod data;
mod histogram;
mod html;
#[cfg(test)]
mod tests;

use crate::SegmentList;
use crate::builder::Cues;
use crate::settings::CueSettings;

pub use data::{
    CueTable, FlagInfo, InputSummary, Media, Report, ScriptLimits, ScriptShare, SegmentTable,
};
pub use histogram::Histogram;

/// What a report is made from: the segments as read, the cues built from them, and the
/// settings they were built with.
#[derive(Debug, Clone, Copy)]
#[non_exhaustive]
pub struct ReportInput<'a> {
    /// A name for the input (a file name, a job id, `stdin`), shown as the report's title.
    pub source_name: &'a str,
    /// The segments given to the builder, in input order (cues refer to them by index).
    pub segments: &'a SegmentList,
    /// The build's cues and summary.
    pub cues: &'a Cues,
    /// The settings the cues were built with.
    pub settings: &'a CueSettings,
    /// A media URL to preview the subtitles on (`--media`); the only URL the report holds.
    pub media_url: Option<&'a str>,
}

impl<'a> ReportInput<'a> {
    /// A report input without media.
    pub fn new(
        source_name: &'a str,
        segments: &'a SegmentList,
        cues: &'a Cues,
        settings: &'a CueSettings,
    ) -> Self {
        Self {
            source_name,
            segments,
            cues,
            settings,
            media_url: None,
        }
    }

    /// Adds a `<video>` playing `url` with the generated WebVTT as its track.
    pub fn with_media_url(mut self, url: &'a str) -> Self {
        self.media_url = Some(url);
        self
    }
}

/// Gathers the report's data (what the HTML embeds as JSON).
pub fn build_report(input: &ReportInput<'_>) -> Report {
    data::build(input)
}

/// Renders the report as one self-contained HTML document.
pub fn render_html(input: &ReportInput<'_>) -> String {
    build_report(input).to_html()
}

impl Report {
    /// The report as one self-contained HTML document.
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// The report's data as JSON (what the HTML embeds, before escaping for HTML).
    pub fn to_json(&self) -> String {
        html::data_json(self)
    }
}
