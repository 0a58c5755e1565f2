//! Cue limits: the `netflix` and `none` presets and per-setting overrides.

use crate::error::TranscriptError;
use crate::text::Script;

/// Figures from the Netflix Timed Text Style Guide (see `shared/subtitles.md` in the project).
///
/// Figures marked *unverified* there are named here so that they are easy to change.
pub mod netflix {
    /// Characters per line, Latin script (English and other "all languages" guides).
    pub const LATIN_MAX_LINE_CHARS: u32 = 42;
    /// Full-width characters per line, Simplified Chinese.
    pub const CHINESE_MAX_LINE_CHARS: u32 = 16;
    /// Full-width characters per line, Japanese.
    pub const JAPANESE_MAX_LINE_CHARS: u32 = 13;
    /// Lines per cue, every script.
    pub const MAX_LINES: u32 = 2;
    /// Reading speed, Latin script, adult programmes (17 for children's).
    pub const LATIN_MAX_CPS: f64 = 20.0;
    /// Reading speed, Simplified Chinese (*unverified*).
    pub const CHINESE_MAX_CPS: f64 = 9.0;
    /// Reading speed, Japanese (*unverified*).
    pub const JAPANESE_MAX_CPS: f64 = 4.0;
    /// Shortest cue: 5/6 of a second.
    pub const MIN_DURATION_MS: u64 = 833;
    /// Longest cue.
    pub const MAX_DURATION_MS: u64 = 7_000;
    /// Gap between cues: two frames at 24 fps.
    pub const MIN_GAP_MS: u64 = 83;
    /// How long a cue may stay after the speech to reach the reading speed: 12 frames at 24 fps.
    pub const MAX_LINGER_MS: u64 = 500;
}

/// A starting point for the limits; every limit can then be overridden.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum Preset {
    /// Netflix limits, Latin or CJK per cue from its script (the default).
    #[default]
    Netflix,
    /// No limits: one cue per segment, no wrapping, times as recognised (overlaps still resolved).
    None,
}

impl Preset {
    /// The name used on the command line: `netflix` or `none`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Netflix => "netflix",
            Self::None => "none",
        }
    }
}

impl std::str::FromStr for Preset {
    type Err = TranscriptError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "netflix" => Ok(Self::Netflix),
            "none" => Ok(Self::None),
            other => Err(TranscriptError::InvalidSetting {
                setting: "preset",
                problem: format!("unknown preset {other:?}; expected netflix or none"),
            }),
        }
    }
}

/// The limits in force for one cue, resolved from a [`CueSettings`] and the cue's [`Script`].
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Limits {
    /// Characters per line in the script's own unit (Latin: characters; Chinese and Japanese:
    /// full-width characters, a half-width one counting half).
    pub max_line_chars: Option<u32>,
    /// The same limit in display columns (what the layout measures).
    pub max_line_columns: Option<u32>,
    /// Lines per cue.
    pub max_lines: Option<u32>,
    /// Characters per second (line breaks not counted).
    pub max_chars_per_second: Option<f64>,
    /// Shortest cue; shorter cues are extended into the following gap when there is room.
    pub min_duration_ms: u64,
    /// Longest cue; longer segments are split, unsplittable cues are cut at this length.
    pub max_duration_ms: Option<u64>,
    /// Gap kept before the next cue.
    pub min_gap_ms: u64,
    /// How far past the speech a cue may be extended to reach the reading speed.
    pub max_linger_ms: u64,
}

/// How segments become cues: a preset plus overrides, and a time offset.
///
/// ```
/// use aliasr_transcript::{CueSettings, Preset, Script};
/// let settings = CueSettings::new(Preset::Netflix).with_max_line_chars(30);
/// let limits = settings.limits(Script::Chinese);
/// assert_eq!(limits.max_line_chars, Some(30));
/// assert_eq!(limits.max_line_columns, Some(60));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
#[non_exhaustive]
pub struct CueSettings {
    /// The preset the limits start from.
    pub preset: Preset,
    /// Overrides characters per line (in each script's unit, see [`Limits::max_line_chars`]).
    pub max_line_chars: Option<u32>,
    /// Overrides lines per cue.
    pub max_lines: Option<u32>,
    /// Overrides the reading speed limit, for every script.
    pub max_chars_per_second: Option<f64>,
    /// Overrides the shortest cue.
    pub min_duration_ms: Option<u64>,
    /// Overrides the longest cue.
    pub max_duration_ms: Option<u64>,
    /// Overrides the gap between cues.
    pub min_gap_ms: Option<u64>,
    /// Added to every time (negative moves cues earlier; no cue may move before zero).
    pub offset_ms: i64,
}

/// Most lines a cue may be given (line breaks are tracked in a 32-bit set).
pub const MAX_LINES_LIMIT: u32 = 32;

impl CueSettings {
    /// The preset's limits with no overrides and no offset.
    pub fn new(preset: Preset) -> Self {
        Self {
            preset,
            ..Self::default()
        }
    }

    /// Sets characters per line.
    pub fn with_max_line_chars(mut self, chars: u32) -> Self {
        self.max_line_chars = Some(chars);
        self
    }

    /// Sets lines per cue.
    pub fn with_max_lines(mut self, lines: u32) -> Self {
        self.max_lines = Some(lines);
        self
    }

    /// Sets the reading speed limit in characters per second.
    pub fn with_max_chars_per_second(mut self, cps: f64) -> Self {
        self.max_chars_per_second = Some(cps);
        self
    }

    /// Sets the shortest cue in milliseconds.
    pub fn with_min_duration_ms(mut self, ms: u64) -> Self {
        self.min_duration_ms = Some(ms);
        self
    }

    /// Sets the longest cue in milliseconds.
    pub fn with_max_duration_ms(mut self, ms: u64) -> Self {
        self.max_duration_ms = Some(ms);
        self
    }

    /// Sets the gap kept between cues in milliseconds.
    pub fn with_min_gap_ms(mut self, ms: u64) -> Self {
        self.min_gap_ms = Some(ms);
        self
    }

    /// Sets the offset added to every time, in milliseconds.
    pub fn with_offset_ms(mut self, ms: i64) -> Self {
        self.offset_ms = ms;
        self
    }

    /// The limits for a cue in `script`.
    pub fn limits(&self, script: Script) -> Limits {
        use netflix::*;
        let preset_chars = match (self.preset, script) {
            (Preset::None, _) => None,
            (Preset::Netflix, Script::Latin) => Some(LATIN_MAX_LINE_CHARS),
            (Preset::Netflix, Script::Chinese) => Some(CHINESE_MAX_LINE_CHARS),
            (Preset::Netflix, Script::Japanese) => Some(JAPANESE_MAX_LINE_CHARS),
        };
        let preset_cps = match (self.preset, script) {
            (Preset::None, _) => None,
            (Preset::Netflix, Script::Latin) => Some(LATIN_MAX_CPS),
            (Preset::Netflix, Script::Chinese) => Some(CHINESE_MAX_CPS),
            (Preset::Netflix, Script::Japanese) => Some(JAPANESE_MAX_CPS),
        };
        let netflix = self.preset == Preset::Netflix;
        let max_line_chars = self.max_line_chars.or(preset_chars);
        Limits {
            max_line_chars,
            max_line_columns: max_line_chars
                .map(|c| c.saturating_mul(script.columns_per_limit_char())),
            max_lines: self.max_lines.or(netflix.then_some(MAX_LINES)),
            max_chars_per_second: self.max_chars_per_second.or(preset_cps),
            min_duration_ms: self.min_duration_ms.unwrap_or(if netflix {
                MIN_DURATION_MS
            } else {
                0
            }),
            max_duration_ms: self.max_duration_ms.or(netflix.then_some(MAX_DURATION_MS)),
            min_gap_ms: self
                .min_gap_ms
                .unwrap_or(if netflix { MIN_GAP_MS } else { 0 }),
            max_linger_ms: if netflix { MAX_LINGER_MS } else { 0 },
        }
    }

    /// Checks that the overrides make sense together.
    pub fn validate(&self) -> Result<(), TranscriptError> {
        let bad = |setting: &'static str, problem: String| {
            Err(TranscriptError::InvalidSetting { setting, problem })
        };
        if self.max_line_chars == Some(0) {
            return bad("max-chars", "must be at least 1".into());
        }
        if let Some(lines) = self.max_lines
            && !(1..=MAX_LINES_LIMIT).contains(&lines)
        {
            return bad(
                "max-lines",
                format!("must be between 1 and {MAX_LINES_LIMIT}, not {lines}"),
            );
        }
        if let Some(cps) = self.max_chars_per_second
            && !(cps.is_finite() && cps > 0.0)
        {
            return bad("max-cps", format!("must be a positive number, not {cps}"));
        }
        if self.max_duration_ms == Some(0) {
            return bad("max-duration", "must be longer than zero".into());
        }
        let limits = self.limits(Script::Latin);
        if let Some(max) = limits.max_duration_ms
            && limits.min_duration_ms > max
        {
            return bad(
                "min-duration",
                format!(
                    "{} ms is longer than the max duration {max} ms",
                    limits.min_duration_ms
                ),
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn netflix_limits_depend_on_the_script() {
        let settings = CueSettings::default();
        let latin = settings.limits(Script::Latin);
        assert_eq!(latin.max_line_columns, Some(42));
        assert_eq!(latin.max_chars_per_second, Some(20.0));
        assert_eq!(settings.limits(Script::Chinese).max_line_columns, Some(32));
        assert_eq!(settings.limits(Script::Japanese).max_line_columns, Some(26));
        assert_eq!(latin.min_duration_ms, 833);
        assert_eq!(latin.min_gap_ms, 83);
    }

    #[test]
    fn preset_none_has_no_limits_until_overridden() {
        let limits = CueSettings::new(Preset::None).limits(Script::Chinese);
        assert_eq!(limits.max_line_columns, None);
        assert_eq!(limits.max_lines, None);
        assert_eq!(limits.min_gap_ms, 0);
        let limits = CueSettings::new(Preset::None)
            .with_max_lines(3)
            .limits(Script::Latin);
        assert_eq!(limits.max_lines, Some(3));
    }

    #[test]
    fn contradictory_settings_are_rejected() {
        assert!(CueSettings::default().with_max_lines(0).validate().is_err());
        assert!(
            CueSettings::default()
                .with_max_line_chars(0)
                .validate()
                .is_err()
        );
        assert!(
            CueSettings::default()
                .with_max_chars_per_second(f64::NAN)
                .validate()
                .is_err()
        );
        assert!(
            CueSettings::default()
                .with_min_duration_ms(9000)
                .validate()
                .is_err()
        );
        assert!(CueSettings::default().validate().is_ok());
        assert_eq!("none".parse::<Preset>().ok(), Some(Preset::None));
        assert!("bbc".parse::<Preset>().is_err());
    }
}
