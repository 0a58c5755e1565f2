//! Start and stop recording a live stream (the emulator knows `demo.example.com/live/demo-stream`).
#![allow(clippy::print_stdout, reason = "an example prints its result")]

use aliasr_models::{RealTimeRecordCommandRequest, RecordCommand};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (client, _emulator) = aliasr_examples::client().await?;
    for command in [RecordCommand::Start, RecordCommand::Stop] {
        let request = RealTimeRecordCommandRequest::builder()
            .command(command)
            .domain_name("demo.example.com")
            .app_name("live")
            .stream_name("demo-stream")
            .build()?;
        let response = client.real_time_record_command(&request).await?;
        println!(
            "{}: RequestId {}",
            command.as_str(),
            response.request_id.unwrap_or_default()
        );
    }
    println!(
        "stop pauses; the recording file appears after the stream-interruption delay (180 s by default)"
    );
    Ok(())
}
