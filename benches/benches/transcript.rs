//! Input bytes to finished subtitle text, against plain serde_json parsing of the same input.
//!
//! `cargo bench -p aliasr-benches --bench transcript -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;
use std::num::NonZeroUsize;

use aliasr_transcript::SubtitleFormat;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

#[path = "common/work.rs"]
mod work;
use work::{baseline, convert_on};

fn convert(input: &[u8], format: SubtitleFormat) -> String {
    convert_on(input, format, NonZeroUsize::MIN)
}

fn transcript(c: &mut Criterion) {
    let input = work::input();
    let mut group = c.benchmark_group("transcript");
    group.throughput(Throughput::Bytes(input.len() as u64));
    group.sample_size(20);
    group.bench_function("serde_json_baseline_100k", |b| {
        b.iter(|| baseline(black_box(input.as_bytes())))
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
