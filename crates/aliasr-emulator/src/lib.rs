#![doc = include_str!("../README.md")]

mod clock;
mod config;
mod error;
mod gateway;
mod ops;
mod policy;
mod server;
mod state;
mod transcript;

use std::net::SocketAddr;
use std::sync::Arc;

pub use clock::{Clock, ManualClock, SystemClock};
pub use config::{
    DEMO_ACCESS_KEY_ID, DEMO_ACCESS_KEY_SECRET, DEMO_STREAM, EmulatorConfig, FaultKind, FaultSpec,
    KeySpec, Quotas, StreamSpec,
};
pub use error::EmulatorError;
pub use state::{JobRecord, RecordingFile, RecordingState, StateSnapshot, StreamRecord};

use server::Shared;

/// Runs one request through the whole pipeline (signature, clock, nonce, routing, throttling,
/// operation) on a fresh state, without a network: the status and body the server would send.
/// For fuzzing the request decoding and for quick checks.
///
/// ```
/// let (status, body) = aliasr_emulator::answer_once(
///     aliasr_emulator::EmulatorConfig::default(),
///     "POST", "/", "Action=SubmitASRJob&Version=2020-11-09", b"", &[],
/// );
/// assert_eq!(status, 400);
/// assert!(body.contains("\"Code\""));
/// ```
pub fn answer_once(
    config: EmulatorConfig,
    method: &str,
    path: &str,
    query: &str,
    body: &[u8],
    headers: &[(&str, &str)],
) -> (u16, String) {
    let shared = Shared::new(config, None);
    let request_id = "00000000-0000-4000-8000-000000000000";
    match server::process(&shared, method, path, query, body, headers, request_id).1 {
        Ok(body) => (200, body),
        Err(failure) => (failure.status, failure.body(request_id, "127.0.0.1")),
    }
}

/// The emulator, before it runs.
#[derive(Debug)]
pub struct Emulator;

impl Emulator {
    /// Binds the listener and starts serving in the background on the current tokio runtime.
    pub async fn start(config: EmulatorConfig) -> Result<RunningEmulator, EmulatorError> {
        if !config.listen.ip().is_loopback() && !config.allow_non_loopback {
            return Err(EmulatorError::NonLoopback(config.listen));
        }
        let listener = tokio::net::TcpListener::bind(config.listen)
            .await
            .map_err(|source| EmulatorError::Bind {
                addr: config.listen,
                source,
            })?;
        let local_addr = listener
            .local_addr()
            .map_err(|source| EmulatorError::Bind {
                addr: config.listen,
                source,
            })?;
        let policy = match &config.policy {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| EmulatorError::File {
                    path: path.clone(),
                    message: e.to_string(),
                })?;
                Some(
                    policy::Policy::from_json(&text).map_err(|message| EmulatorError::File {
                        path: path.clone(),
                        message,
                    })?,
                )
            }
            None => None,
        };
        let fixed_tasks = match &config.rtc_tasks_file {
            Some(path) => Some(load_rtc_tasks(path)?),
            None => None,
        };
        let shared = Arc::new(Shared::new(config, policy));
        if let Some(tasks) = fixed_tasks {
            shared.state().rtc_tasks = Some(tasks);
        }
        let (stop, stopped) = tokio::sync::oneshot::channel();
        let task = tokio::spawn(server::serve(listener, Arc::clone(&shared), stopped));
        Ok(RunningEmulator {
            local_addr,
            shared,
            stop: Some(stop),
            task: Some(task),
        })
    }
}

/// Reads the tasks of a QueryRtcAsrTasks answer, each as its id and stringified JSON.
fn load_rtc_tasks(path: &std::path::Path) -> Result<Vec<(String, String)>, EmulatorError> {
    let file_error = |message: String| EmulatorError::File {
        path: path.to_path_buf(),
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| file_error(e.to_string()))?;
    let answer = aliasr_models::QueryRtcAsrTasksResponse::from_json(&text)
        .map_err(|e| file_error(e.to_string()))?;
    answer
        .tasks
        .into_iter()
        .map(|(id, task)| {
            serde_json::to_string(&task)
                .map(|json| (id, json))
                .map_err(|e| file_error(e.to_string()))
        })
        .collect()
}

/// A running emulator. Dropping it stops the server.
#[derive(Debug)]
pub struct RunningEmulator {
    local_addr: SocketAddr,
    shared: Arc<Shared>,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningEmulator {
    /// The address it listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.local_addr
    }

    /// `http://127.0.0.1:PORT`, the endpoint to give a client (for both products).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.local_addr)
    }

    /// Jobs, streams, recording files and request counters, as `GET /__emulator/state` shows.
    pub fn state_snapshot(&self) -> StateSnapshot {
        let now = self.shared.config.clock.now_ms();
        let mut state = self.shared.state();
        state.settle_recordings(now);
        state.snapshot()
    }

    /// Stops accepting and waits for the server task to end.
    pub async fn shutdown(mut self) {
        self.stop_now();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }

    fn stop_now(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

impl Drop for RunningEmulator {
    fn drop(&mut self) {
        self.stop_now();
    }
}
