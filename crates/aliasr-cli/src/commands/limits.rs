//! The subtitle limit options shared by `subtitles`, `asr submit/get --wait` and `asr batch`.

use aliasr_transcript::{
    CueSettings, LineEnding, Preset, WriteOptions, millis_from_seconds, signed_millis_from_seconds,
};
use anyhow::anyhow;
use clap::{Args, ValueEnum};

use crate::exit::CliError;

/// How cues are built from segments.
#[derive(Debug, Clone, Args)]
pub(crate) struct LimitArgs {
    /// Limits to start from: netflix (Latin or CJK limits per cue) or none (one cue per segment).
    #[arg(long, value_enum, default_value_t = PresetArg::Netflix)]
    preset: PresetArg,
    /// Characters per line (Chinese/Japanese: full-width characters).
    #[arg(long, value_name = "N")]
    max_chars: Option<u32>,
    /// Lines per cue.
    #[arg(long, value_name = "N")]
    max_lines: Option<u32>,
    /// Reading speed limit, characters per second.
    #[arg(long, value_name = "X", allow_negative_numbers = true)]
    max_cps: Option<f64>,
    /// Shortest cue, in seconds.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    min_duration: Option<f64>,
    /// Longest cue, in seconds.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    max_duration: Option<f64>,
    /// Gap kept between cues, in seconds.
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    min_gap: Option<f64>,
    /// Seconds added to every time (may be negative).
    #[arg(long, value_name = "S", allow_negative_numbers = true)]
    offset: Option<f64>,
    /// Write CRLF line endings.
    #[arg(long)]
    crlf: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PresetArg {
    Netflix,
    None,
}

impl LimitArgs {
    /// The cue settings these options describe; bad values are usage errors.
    pub(crate) fn settings(&self) -> Result<CueSettings, CliError> {
        let preset = match self.preset {
            PresetArg::Netflix => Preset::Netflix,
            PresetArg::None => Preset::None,
        };
        let mut settings = CueSettings::new(preset);
        settings.max_line_chars = self.max_chars;
        settings.max_lines = self.max_lines;
        settings.max_chars_per_second = self.max_cps;
        settings.min_duration_ms = seconds_to_millis("min-duration", self.min_duration)?;
        settings.max_duration_ms = seconds_to_millis("max-duration", self.max_duration)?;
        settings.min_gap_ms = seconds_to_millis("min-gap", self.min_gap)?;
        if let Some(offset) = self.offset {
            settings.offset_ms = signed_millis_from_seconds(offset).ok_or_else(|| {
                CliError::usage(anyhow!(
                    "--offset must be a number of seconds, not {offset}"
                ))
            })?;
        }
        settings.validate().map_err(CliError::usage)?;
        Ok(settings)
    }

    /// Writer options (line endings).
    pub(crate) fn write_options(&self) -> WriteOptions {
        let line_ending = if self.crlf {
            LineEnding::CrLf
        } else {
            LineEnding::Lf
        };
        WriteOptions::new().with_line_ending(line_ending)
    }
}

fn seconds_to_millis(flag: &str, seconds: Option<f64>) -> Result<Option<u64>, CliError> {
    seconds
        .map(|s| {
            millis_from_seconds(s).ok_or_else(|| {
                CliError::usage(anyhow!(
                    "--{flag} must be a non-negative number of seconds, not {s}"
                ))
            })
        })
        .transpose()
}
