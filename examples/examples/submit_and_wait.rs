//! Submit an ASR job, wait for it, and print SRT subtitles.
//!
//! `cargo run -p aliasr-examples --example submit_and_wait` (emulator in-process), or with
//! `ALIASR_ENDPOINT` and credentials in the environment for another endpoint.
#![allow(clippy::print_stdout, reason = "an example prints its result")]

use std::time::Duration;

use aliasr_client::WaitOptions;
use aliasr_models::SubmitAsrJobRequest;
use aliasr_transcript::{CueBuilder, CueSettings, SubtitleFormat, WriteOptions, render};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = aliasr_examples::client().await?;
    let request = SubmitAsrJobRequest::builder()
        .input_file("oss://example-bucket.oss-cn-shanghai.aliyuncs.com/meetings/standup.mp4")
        .title("stand-up")
        .duration("00:00:30")
        .build()?;
    let job = client.submit_asr_job(&request).await?;
    let job_id = job.job_id.ok_or("no JobId in the answer")?;
    println!("submitted {job_id}");
    let finished = client
        .wait_for_job(
            &job_id,
            WaitOptions::default()
                .with_delays(Duration::from_millis(200), Duration::from_secs(2))
                .with_progress(|state, waited| eprintln!("  {state} after {waited:?}")),
        )
        .await?;
    let cues = CueBuilder::new(CueSettings::default())?.build(finished.segments)?;
    print!(
        "{}",
        render(&cues.cues, SubtitleFormat::Srt, &WriteOptions::new())
    );
    Ok(())
}
