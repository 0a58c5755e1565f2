//! Input bytes to finished subtitle text, against plain serde_json parsing of the same input.
//!
//! `cargo bench -p aliasr-benches --bench transcript -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;
use std::num::NonZeroUsize;

use aliasr_models::Segment;
use aliasr_transcript::{
    CueBuilder, CueSettings, InputOptions, SubtitleFormat, WriteOptions, read_segments, render,
};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

const SEGMENTS: usize = 100_000;
const SEED: u64 = 2024;

fn convert(input: &[u8], format: SubtitleFormat) -> String {
    convert_on(input, format, NonZeroUsize::MIN)
}

/// [`convert`] with cues built on `threads` threads (the CLI's default is two).
fn convert_on(input: &[u8], format: SubtitleFormat, threads: NonZeroUsize) -> String {
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

fn transcript(c: &mut Criterion) {
    let input = aliasr_benches::generate_airesult(SEGMENTS, SEED);
    let mut group = c.benchmark_group("transcript");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(20);
    group.bench_function("serde_json_baseline_100k", |b| {
        b.iter(|| {
            let segments: Vec<Segment> =
                serde_json::from_slice(black_box(input.as_bytes())).unwrap_or_default_panic();
            segments
        })
    });
    group.bench_function("to_srt_100k", |b| {
        b.iter(|| convert(black_box(input.as_bytes()), SubtitleFormat::Srt))
    });
    group.bench_function("to_vtt_100k", |b| {
        b.iter(|| convert(black_box(input.as_bytes()), SubtitleFormat::WebVtt))
    });
    let two = NonZeroUsize::MIN.saturating_add(1);
    group.bench_function("to_srt_100k_2_threads", |b| {
        b.iter(|| convert_on(black_box(input.as_bytes()), SubtitleFormat::Srt, two))
    });
    group.finish();
}

criterion_group!(benches, transcript);
criterion_main!(benches);
