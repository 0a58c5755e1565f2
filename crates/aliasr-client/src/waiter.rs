//! `wait_for_job`: poll GetSmartHandleJob until the job ends or a deadline passes.

use std::time::Duration;

use aliasr_models::{GetSmartHandleJobResponse, JobState, Segment};
use rand::Rng;
use tokio::time::Instant;

use crate::client::Client;
use crate::error::Error;

/// Progress callback: called after every poll with the state seen and the time waited.
pub type ProgressFn = dyn Fn(&JobState, Duration) + Send + Sync;

/// How to wait.
#[non_exhaustive]
pub struct WaitOptions {
    /// First delay between polls.
    pub min_delay: Duration,
    /// Largest delay between polls (delays grow by half each poll, with ±20 % jitter).
    pub max_delay: Duration,
    /// Give up after this long.
    pub timeout: Duration,
    /// Called after each poll.
    pub progress: Option<Box<ProgressFn>>,
}

impl std::fmt::Debug for WaitOptions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WaitOptions")
            .field("min_delay", &self.min_delay)
            .field("max_delay", &self.max_delay)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl Default for WaitOptions {
    fn default() -> Self {
        Self {
            min_delay: Duration::from_secs(1),
            max_delay: Duration::from_secs(15),
            timeout: Duration::from_secs(30 * 60),
            progress: None,
        }
    }
}

impl WaitOptions {
    /// Sets the deadline.
    pub fn with_timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Sets the poll delays.
    pub fn with_delays(mut self, min: Duration, max: Duration) -> Self {
        self.min_delay = min;
        self.max_delay = max.max(min);
        self
    }

    /// Sets the progress callback.
    pub fn with_progress(
        mut self,
        progress: impl Fn(&JobState, Duration) + Send + Sync + 'static,
    ) -> Self {
        self.progress = Some(Box::new(progress));
        self
    }
}

/// A finished job: the last body and its decoded segments.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FinishedJob {
    /// The GetSmartHandleJob body that said Finished.
    pub response: GetSmartHandleJobResponse,
    /// `JobResult.AiResult` (else `Output`) decoded.
    pub segments: Vec<Segment>,
}

impl Client {
    /// Polls the job until Finished (→ segments), Failed (→ [`Error::JobFailed`]) or the
    /// deadline (→ [`Error::WaitTimeout`]).
    pub async fn wait_for_job(
        &self,
        job_id: &str,
        options: WaitOptions,
    ) -> Result<FinishedJob, Error> {
        let started = Instant::now();
        let deadline = started + options.timeout;
        let mut delay = options.min_delay;
        loop {
            let response = match self.get_smart_handle_job(job_id).await {
                Ok(response) => response,
                // The call already retried; a transient failure does not end the wait, the
                // deadline does.
                Err(error) if error.is_transient() && Instant::now() < deadline => {
                    tracing::debug!(%error, "poll failed; polling again");
                    let now = Instant::now();
                    tokio::time::sleep(delay.min(deadline - now)).await;
                    delay = delay.mul_f64(1.5).min(options.max_delay);
                    continue;
                }
                Err(error) => return Err(error),
            };
            let state = response
                .state
                .clone()
                .unwrap_or(JobState::Unknown(String::new()));
            if let Some(progress) = &options.progress {
                progress(&state, started.elapsed());
            }
            match state {
                JobState::Finished => {
                    let segments = match response
                        .job_result
                        .as_ref()
                        .and_then(|r| r.ai_result.as_ref())
                    {
                        Some(_) => response.ai_result(),
                        None => response.output_segments(),
                    }
                    .map_err(|e| Error::Decode {
                        action: "GetSmartHandleJob",
                        status: 200,
                        message: e.to_string(),
                        excerpt: String::new(),
                        request_id: response.request_id.clone(),
                    })?;
                    return Ok(FinishedJob { response, segments });
                }
                JobState::Failed => {
                    return Err(Error::JobFailed {
                        job_id: job_id.to_owned(),
                        code: response.error_code.unwrap_or_default(),
                        message: response.error_message.unwrap_or_default(),
                    });
                }
                other => {
                    let now = Instant::now();
                    if now >= deadline {
                        return Err(Error::WaitTimeout {
                            job_id: job_id.to_owned(),
                            last_state: other.to_string(),
                            waited: started.elapsed(),
                        });
                    }
                    let jitter = rand::rng().random_range(0.8..=1.2);
                    let sleep = delay.mul_f64(jitter).min(deadline - now);
                    tokio::time::sleep(sleep).await;
                    delay = delay.mul_f64(1.5).min(options.max_delay);
                }
            }
        }
    }
}
