#![doc = include_str!("../README.md")]

mod breaks;
mod builder;
mod cue;
mod error;
mod input;
mod layout;
pub mod report;
mod segment_list;
mod settings;
mod text;
mod time;
mod write;

pub use builder::{CueBuilder, Cues};
pub use cue::{Cue, CueFlag, CueFlags, Summary};
pub use error::TranscriptError;
pub use input::{InputOptions, InputWarning, ParsedInput, Recovery, read_segments};
pub use segment_list::{SegmentIter, SegmentList, SegmentRef};
pub use settings::{CueSettings, Limits, MAX_LINES_LIMIT, Preset, netflix};
pub use text::{Script, display_width};
pub use time::{MAX_MILLIS, millis_from_seconds, signed_millis_from_seconds};
pub use write::readback;
pub use write::{
    LineEnding, SubtitleFormat, WriteOptions, render, srt_safe_text, vtt_escaped_text, write,
};

/// Segments re-exported from `aliasr-models`, so that callers need one import.
pub use aliasr_models::Segment;
