//! The report's data: what the page shows, gathered once from the segments, cues and settings.
//!
//! Cues and segments are stored as columns (one array per field) rather than one object per
//! cue: for 100k cues that keeps the embedded JSON about a third smaller, and the page reads
//! columns straight into typed arrays.

use serde::Serialize;

use super::ReportInput;
use super::histogram::Histogram;
use crate::cue::CueFlag;
use crate::settings::Limits;
use crate::text::Script;
use crate::time::millis_from_seconds;
use crate::write::{SubtitleFormat, WriteOptions, render};

/// Version of the data layout, for anyone reading the embedded JSON.
const FORMAT_VERSION: u32 = 1;

/// Scripts in the order the report numbers them (`CueTable::script` holds these indices).
const SCRIPTS: [Script; 3] = [Script::Latin, Script::Chinese, Script::Japanese];

/// Everything the report shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct Report {
    /// Version of this layout.
    pub format_version: u32,
    /// Counts and settings for the summary table.
    pub input: InputSummary,
    /// The limits in force, one entry per script, in the order `CueTable::script` numbers them.
    pub limits: Vec<ScriptLimits>,
    /// Every cue flag; entry `k` is bit `k` of `CueTable::flags`.
    pub flags: Vec<FlagInfo>,
    /// The cues, in time order.
    pub cues: CueTable,
    /// The source segments, in input order (as the cues' `sources` number them), with the
    /// time offset applied so that they line up with the cues.
    pub segments: SegmentTable,
    /// Cue durations.
    pub durations: Histogram,
    /// Gaps between consecutive cues (start of one minus end of the previous).
    pub gaps: Histogram,
    /// Indices of the cues with at least one flag, in time order.
    pub flagged: Vec<usize>,
    /// Indices of the segments no cue comes from (empty after trimming, so dropped).
    pub dropped_segments: Vec<usize>,
    /// The media to preview on, with the WebVTT to show over it.
    pub media: Option<Media>,
}

/// The summary table: what came in, what went out, and how.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct InputSummary {
    /// The input's name (file, job id or `stdin`).
    pub source_name: String,
    /// Segments given to the builder.
    pub segments: usize,
    /// Cues built.
    pub cues: usize,
    /// Extra cues made by splitting long segments.
    pub splits: usize,
    /// Segments dropped because they held no text.
    pub empty_segments_dropped: usize,
    /// Overlapping segment pairs resolved.
    pub overlaps_resolved: usize,
    /// Segments merged into another because both started together.
    pub segments_merged: usize,
    /// Cues with at least one flag.
    pub flagged_cues: usize,
    /// Earliest start of any segment or cue, in milliseconds (offset applied).
    pub start_ms: u64,
    /// Latest end of any segment or cue, in milliseconds.
    pub end_ms: u64,
    /// Sum of the non-empty segments' durations.
    pub speech_ms: u64,
    /// The preset the limits start from (`netflix` or `none`).
    pub preset: &'static str,
    /// The time offset added to every segment.
    pub offset_ms: i64,
    /// How the text divides between scripts (only scripts that occur).
    pub scripts: Vec<ScriptShare>,
}

/// One script's share of the input and output.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct ScriptShare {
    /// `latin`, `chinese` or `japanese`.
    pub script: &'static str,
    /// Non-empty segments in this script.
    pub segments: usize,
    /// Cues built with this script's limits.
    pub cues: usize,
    /// Characters of those cues, as reading speed counts them.
    pub characters: usize,
}

/// The limits for one script, as the builder applied them.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[non_exhaustive]
pub struct ScriptLimits {
    /// `latin`, `chinese` or `japanese`.
    pub script: &'static str,
    /// Characters per line, in the script's unit.
    pub max_line_chars: Option<u32>,
    /// The same limit in display columns.
    pub max_line_columns: Option<u32>,
    /// Lines per cue.
    pub max_lines: Option<u32>,
    /// Reading speed limit in characters per second.
    pub max_cps: Option<f64>,
    /// Shortest cue.
    pub min_duration_ms: u64,
    /// Longest cue.
    pub max_duration_ms: Option<u64>,
    /// Gap kept between cues.
    pub min_gap_ms: u64,
    /// How far past the speech a cue may stay to reach the reading speed.
    pub max_linger_ms: u64,
}

/// A cue flag with its words and how many cues carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct FlagInfo {
    /// Stable snake_case name, as in [`CueFlag::name`].
    pub name: &'static str,
    /// Human words, as in [`CueFlag::description`].
    pub description: &'static str,
    /// Cues carrying it.
    pub count: usize,
}

/// The cues, one column per field; row `i` of every column is cue `i`.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
#[non_exhaustive]
pub struct CueTable {
    /// Starts in milliseconds.
    pub start_ms: Vec<u64>,
    /// Ends in milliseconds.
    pub end_ms: Vec<u64>,
    /// Texts, lines separated by `\n`.
    pub text: Vec<String>,
    /// Reading speed in characters per second, rounded to hundredths.
    pub cps: Vec<f64>,
    /// Index into [`Report::limits`] of the script whose limits the cue was built with.
    pub script: Vec<u8>,
    /// Flag bits: bit `k` is [`Report::flags`] entry `k`.
    pub flags: Vec<u16>,
    /// Indices of the source segments (usually one).
    pub sources: Vec<Vec<usize>>,
}

/// The source segments, one column per field.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[non_exhaustive]
pub struct SegmentTable {
    /// Starts in milliseconds, offset applied.
    pub start_ms: Vec<u64>,
    /// Ends in milliseconds, offset applied.
    pub end_ms: Vec<u64>,
    /// Texts as recognised.
    pub text: Vec<String>,
}

/// The media to preview on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[non_exhaustive]
pub struct Media {
    /// The URL given with `--media`.
    pub url: String,
    /// The cues as WebVTT, loaded as the video's track.
    pub vtt: String,
}

pub(super) fn build(input: &ReportInput<'_>) -> Report {
    let cues = &input.cues.cues;
    let summary = &input.cues.summary;
    let offset = input.settings.offset_ms;

    let mut table = CueTable::default();
    let mut referenced = vec![false; input.segments.len()];
    let mut shares = [(0usize, 0usize, 0usize); SCRIPTS.len()];
    for cue in cues {
        let script = script_index(cue.script());
        let mut flags = 0u16;
        for (bit, flag) in CueFlag::ALL.iter().enumerate() {
            if cue.flags().contains(*flag) {
                flags |= 1 << bit;
            }
        }
        for &source in cue.source_segments() {
            if let Some(seen) = referenced.get_mut(source) {
                *seen = true;
            }
        }
        shares[script].1 += 1;
        shares[script].2 += cue.reading_chars();
        table.start_ms.push(cue.start_ms());
        table.end_ms.push(cue.end_ms());
        table.text.push(cue.text().to_owned());
        table
            .cps
            .push((cue.chars_per_second() * 100.0).round() / 100.0);
        // SCRIPTS has three entries, so the index fits a u8.
        table.script.push(script as u8);
        table.flags.push(flags);
        table.sources.push(cue.source_segments().to_vec());
    }

    let mut segments = SegmentTable::default();
    let mut speech_ms = 0u64;
    let shifted = |seconds: f64| {
        millis_from_seconds(seconds)
            .and_then(|ms| ms.checked_add_signed(offset))
            .unwrap_or(0)
    };
    for (index, segment) in input.segments.iter().enumerate() {
        let (start, end) = (shifted(segment.from), shifted(segment.to));
        if referenced[index] {
            speech_ms += end.saturating_sub(start);
            shares[script_index(Script::detect(segment.content))].0 += 1;
        }
        segments.start_ms.push(start);
        segments.end_ms.push(end);
        segments.text.push(segment.content.to_owned());
    }
    let dropped_segments: Vec<usize> = (0..referenced.len()).filter(|&i| !referenced[i]).collect();

    let start_ms = table
        .start_ms
        .iter()
        .chain(&segments.start_ms)
        .copied()
        .min()
        .unwrap_or(0);
    let end_ms = table
        .end_ms
        .iter()
        .chain(&segments.end_ms)
        .copied()
        .max()
        .unwrap_or(0);
    let durations: Vec<u64> = cues.iter().map(|c| c.duration_ms()).collect();
    let gaps: Vec<u64> = cues
        .windows(2)
        .map(|pair| pair[1].start_ms().saturating_sub(pair[0].end_ms()))
        .collect();
    let flagged = (0..cues.len()).filter(|&i| table.flags[i] != 0).collect();

    Report {
        format_version: FORMAT_VERSION,
        input: InputSummary {
            source_name: input.source_name.to_owned(),
            segments: input.segments.len(),
            cues: cues.len(),
            splits: summary.splits,
            empty_segments_dropped: summary.empty_segments_dropped,
            overlaps_resolved: summary.overlaps_resolved,
            segments_merged: summary.segments_merged,
            flagged_cues: summary.flagged_cues,
            start_ms,
            end_ms,
            speech_ms,
            preset: input.settings.preset.name(),
            offset_ms: offset,
            scripts: SCRIPTS
                .iter()
                .zip(shares)
                .filter(|(_, (segments, cues, _))| segments + cues > 0)
                .map(|(script, (segments, cues, characters))| ScriptShare {
                    script: script.name(),
                    segments,
                    cues,
                    characters,
                })
                .collect(),
        },
        limits: SCRIPTS
            .iter()
            .map(|&script| script_limits(script, &input.settings.limits(script)))
            .collect(),
        flags: CueFlag::ALL
            .iter()
            .map(|&flag| FlagInfo {
                name: flag.name(),
                description: flag.description(),
                count: summary.count(flag),
            })
            .collect(),
        cues: table,
        segments,
        durations: Histogram::of(&durations),
        gaps: Histogram::of(&gaps),
        flagged,
        dropped_segments,
        media: input.media_url.map(|url| Media {
            url: url.to_owned(),
            vtt: render(cues, SubtitleFormat::WebVtt, &WriteOptions::new()),
        }),
    }
}

fn script_index(script: Script) -> usize {
    match script {
        Script::Latin => 0,
        Script::Chinese => 1,
        Script::Japanese => 2,
    }
}

fn script_limits(script: Script, limits: &Limits) -> ScriptLimits {
    ScriptLimits {
        script: script.name(),
        max_line_chars: limits.max_line_chars,
        max_line_columns: limits.max_line_columns,
        max_lines: limits.max_lines,
        max_cps: limits.max_chars_per_second,
        min_duration_ms: limits.min_duration_ms,
        max_duration_ms: limits.max_duration_ms,
        min_gap_ms: limits.min_gap_ms,
        max_linger_ms: limits.max_linger_ms,
    }
}
