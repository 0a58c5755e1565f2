//! Where one conversion's time and memory go: reading, cue building, writing.
//!
//! `cargo run --release -p aliasr-benches --example stages [SEGMENTS] [THREADS] [FORMAT]`
//!
//! FORMAT is `srt` (the default), `vtt`, `txt` or `json`.
//!
//! Times are medians of 15 runs. Memory is the process's peak resident set (Linux `VmHWM`)
//! after each stage of the first run, which includes the generated input held by this program.

use std::num::NonZeroUsize;
use std::time::Instant;

use aliasr_transcript::{
    CueBuilder, CueSettings, InputOptions, SubtitleFormat, WriteOptions, read_segments, render,
};

/// Peak resident memory so far, in KiB (`None` where /proc is not there).
fn peak_kib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

#[allow(clippy::print_stdout, reason = "the example's output")]
fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let segments: usize = args.next().map_or(Ok(100_000), |s| s.parse())?;
    let threads: Option<NonZeroUsize> = args.next().map(|s| s.parse()).transpose()?;
    let format: SubtitleFormat = args.next().map_or(Ok(SubtitleFormat::Srt), |s| s.parse())?;
    let input = aliasr_benches::generate_airesult(segments, 2024);
    let mut builder = CueBuilder::new(CueSettings::default())?;
    if let Some(threads) = threads {
        builder = builder.with_threads(threads);
    }
    println!("input {} bytes, {segments} segments", input.len());
    let (mut read, mut build, mut write) = (Vec::new(), Vec::new(), Vec::new());
    for run in 0..15 {
        let t0 = Instant::now();
        let parsed = read_segments(input.as_bytes(), &InputOptions::new())?;
        let t1 = Instant::now();
        let after_read = peak_kib();
        let built = builder.build(parsed.segments)?;
        let t2 = Instant::now();
        let after_build = peak_kib();
        let text = render(&built.cues, format, &WriteOptions::new());
        let t3 = Instant::now();
        if run == 0 {
            let kib = |k: Option<u64>| k.map_or("?".into(), |k| format!("{k} KiB"));
            println!(
                "peak memory: {} after reading, {} after building, {} after writing",
                kib(after_read),
                kib(after_build),
                kib(peak_kib())
            );
        }
        std::hint::black_box(text);
        read.push(t1 - t0);
        build.push(t2 - t1);
        write.push(t3 - t2);
    }
    let median = |samples| aliasr_benches::median(samples).unwrap_or_default();
    let (read, build, write) = (median(read), median(build), median(write));
    println!("read  {read:?}");
    println!("build {build:?}");
    println!("write {write:?} (one {format:?} string)");
    println!("total {:?}", read + build + write);
    Ok(())
}
