//! Shared set-up for the runnable examples in `examples/examples/`: a client pointed at
//! `ALIASR_ENDPOINT` with the standard credentials chain, or, when that is not set, at an
//! in-process emulator with the demo key, so every example runs on a fresh machine.

use std::time::Duration;

use aliasr_client::{Client, Credentials, StaticProvider};
use aliasr_emulator::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, Emulator, EmulatorConfig, RunningEmulator,
};

/// A client, and the emulator behind it when one was started here (keep it alive).
pub async fn client() -> Result<(Client, Option<RunningEmulator>), Box<dyn std::error::Error>> {
    if let Ok(endpoint) = std::env::var("ALIASR_ENDPOINT") {
        let client = Client::builder().endpoint(endpoint).build()?;
        return Ok((client, None));
    }
    let mut config = EmulatorConfig::default();
    config.job_duration = Duration::from_millis(800);
    let emulator = Emulator::start(config).await?;
    let client = Client::builder()
        .endpoint(emulator.base_url())
        .credentials(StaticProvider::new(Credentials::new(
            DEMO_ACCESS_KEY_ID,
            DEMO_ACCESS_KEY_SECRET,
        )))
        .build()?;
    Ok((client, Some(emulator)))
}
