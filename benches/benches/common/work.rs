//! The work the transcript benches time, shared by the criterion bench (`benches/transcript.rs`)
//! and the interleaved example (`examples/interleaved.rs`). Both include this file, so each
//! compiles the same code in its own crate: where the work is compiled moves its speed by a few
//! per cent, so the two must not differ there.

use std::num::NonZeroUsize;

use aliasr_models::Segment;
use aliasr_transcript::{
    CueBuilder, CueSettings, InputOptions, SubtitleFormat, WriteOptions, read_segments, render,
};

/// The input every transcript bench times: 100k generated segments, always the same.
pub(crate) fn input() -> String {
    aliasr_benches::generate_airesult(100_000, 2024)
}

/// `transcript/serde_json_baseline_100k`: the input parsed into `Vec<Segment>`, nothing else.
pub(crate) fn baseline(input: &[u8]) -> Vec<Segment> {
    serde_json::from_slice(input).unwrap_or_default_panic()
}

/// `transcript/to_srt_100k` and its kin: input bytes to finished subtitle text, netflix
/// preset, cues built on `threads` threads (the CLI's default is two).
pub(crate) fn convert_on(input: &[u8], format: SubtitleFormat, threads: NonZeroUsize) -> String {
    let parsed = read_segments(input, &InputOptions::new()).unwrap_or_default_panic();
    let built = CueBuilder::new(CueSettings::default())
        .and_then(|b| b.with_threads(threads).build(parsed.segments))
        .unwrap_or_default_panic();
    render(&built.cues, format, &WriteOptions::new())
}

/// Benches stop on a broken input with a clear message (the generator is under test too).
trait OrPanic<T> {
    fn unwrap_or_default_panic(self) -> T;
}

impl<T, E: std::fmt::Display> OrPanic<T> for Result<T, E> {
    fn unwrap_or_default_panic(self) -> T {
        match self {
            Ok(value) => value,
            Err(error) => panic!("generated input failed: {error}"),
        }
    }
}
