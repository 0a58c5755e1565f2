//! List the running real-time ASR tasks of a Live account.
#![allow(clippy::print_stdout, reason = "an example prints its result")]

use aliasr_models::QueryRtcAsrTasksRequest;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = aliasr_examples::client().await?;
    let request = QueryRtcAsrTasksRequest::builder()
        .region_id("cn-shanghai")
        .build()?;
    let response = client.query_rtc_asr_tasks(&request).await?;
    for (id, task) in &response.tasks {
        println!(
            "{id}  {}  {}",
            task.language.as_deref().unwrap_or("-"),
            task.stream_url.as_deref().unwrap_or("-")
        );
    }
    if response.tasks.is_empty() {
        return Err("no tasks listed".into());
    }
    Ok(())
}
