//! Secrets never show in `Debug`, errors or logs. A test binary of its own: tracing caches
//! per call site whether anyone listens, and a test on another thread of the same binary that
//! reaches the client's call sites first, with no subscriber, could cache "no one" while this
//! test's thread-local subscriber is being installed, and the logs checked here would be empty.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::sync::{Arc, Mutex};

use aliasr_client::{Credentials, SignatureVersion};
use common::*;

#[tokio::test]
async fn secrets_and_tokens_never_show_in_debug_errors_or_logs() {
    let logs = Arc::new(Mutex::new(Vec::<u8>::new()));
    let writer_logs = Arc::clone(&logs);
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || LogWriter(Arc::clone(&writer_logs)))
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    let emulator = emulator_with(vec![]).await;
    let good = client(&emulator, sts(), SignatureVersion::V1);
    let job = good.submit_asr_job(&submit_request()).await.unwrap();
    let wrong = client(
        &emulator,
        Credentials::new(STS_KEY, "wrong-secret").with_security_token(TOKEN),
        SignatureVersion::V1,
    );
    let error = wrong
        .get_smart_handle_job(job.job_id.as_deref().unwrap())
        .await
        .unwrap_err();
    assert_eq!(error.code(), Some("SignatureDoesNotMatch"));
    let texts = [
        format!("{good:?}"),
        format!("{wrong:?}"),
        format!("{error}"),
        format!("{error:?}"),
        format!("{:?}", sts()),
        String::from_utf8_lossy(&logs.lock().unwrap()).into_owned(),
    ];
    assert!(!texts[5].is_empty(), "no log lines were captured");
    for text in texts {
        for secret in [
            SECRET,
            STS_SECRET,
            TOKEN,
            "wrong-secret",
            "VALUE-789",
            "VALUE-456",
        ] {
            assert!(!text.contains(secret), "{secret} leaked in: {text}");
        }
    }
}

struct LogWriter(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}
