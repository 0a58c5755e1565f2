//! `transcript/to_srt_100k` against `transcript/serde_json_baseline_100k`, interleaved: a block
//! of runs of each in turn, and the ratio taken per pair of blocks. On a shared host whose
//! speed drifts, criterion (one bench after the other) gives ratios that move with the drift;
//! here both sides of each ratio run under the same conditions.
//!
//! `cargo run --release -p aliasr-benches --example interleaved [ROUNDS] [THREADS]`
//!
//! Prints the median and quartiles of the per-round ratios, and each side's median time. The
//! timed work is the criterion bench's own (`benches/common/work.rs`), compiled here as there.

use std::hint::black_box;
use std::num::NonZeroUsize;
use std::time::{Duration, Instant};

use aliasr_transcript::SubtitleFormat;

#[path = "../benches/common/work.rs"]
mod work;

/// Runs of each side per round; the round's figure for a side is their median.
const BLOCK: usize = 5;

/// The median time of `BLOCK` runs of `work`, in milliseconds. What `work` returns is dropped
/// inside the timing, as criterion's `iter` does.
fn block<T>(mut work: impl FnMut() -> T) -> f64 {
    let samples: Vec<Duration> = (0..BLOCK)
        .map(|_| {
            let start = Instant::now();
            drop(black_box(work()));
            start.elapsed()
        })
        .collect();
    aliasr_benches::median(samples)
        .unwrap_or_default()
        .as_secs_f64()
        * 1e3
}

/// First quartile, median and third quartile.
fn quartiles(mut values: Vec<f64>) -> [f64; 3] {
    values.sort_by(f64::total_cmp);
    let at = |q: usize| values[(values.len() - 1) * q / 4];
    [at(1), at(2), at(3)]
}

#[allow(clippy::print_stdout, reason = "the example's output")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let rounds: usize = args.next().map_or(Ok(12), |s| s.parse())?;
    let threads: NonZeroUsize = args.next().map_or(Ok(NonZeroUsize::MIN), |s| s.parse())?;
    let input = work::input();
    let bytes = input.as_bytes();
    let (mut ratios, mut baseline, mut ours) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..rounds.max(1) {
        let base = block(|| work::baseline(black_box(bytes)));
        let srt = block(|| work::convert_on(black_box(bytes), SubtitleFormat::Srt, threads));
        ratios.push(srt / base);
        baseline.push(base);
        ours.push(srt);
    }
    let [q1, ratio, q3] = quartiles(ratios);
    let [_, base, _] = quartiles(baseline);
    let [_, srt, _] = quartiles(ours);
    println!(
        "to_srt_100k / serde_json_baseline_100k, {threads} thread(s), {} rounds of {BLOCK} runs:",
        rounds.max(1)
    );
    println!(
        "ratio {ratio:.2}x (quartiles {q1:.2}x to {q3:.2}x); medians {srt:.1} ms and {base:.1} ms"
    );
    Ok(())
}
