//! Everything the emulator remembers: jobs, streams, recordings, seen nonces, rate buckets and
//! request counters. One mutex: requests are short and the state is small.

use std::collections::{BTreeMap, HashMap, VecDeque};

use serde::Serialize;

use crate::config::StreamSpec;

/// A submitted ASR job.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct JobRecord {
    /// JobId (32 lowercase hex).
    pub job_id: String,
    /// The InputFile it was submitted with.
    pub input_file: String,
    /// Title, if given.
    pub title: Option<String>,
    /// Description, if given.
    pub description: Option<String>,
    /// UserData as sent (a JSON string).
    pub user_data: Option<String>,
    /// Duration as sent (`HH:MM:SS`).
    pub duration: Option<String>,
    /// StartTime as sent.
    pub start_time: Option<String>,
    /// Submission time, Unix ms.
    pub created_ms: i64,
    /// Whether the job ends Failed.
    pub will_fail: bool,
    /// The AccessKey that submitted it.
    pub access_key_id: String,
}

/// Where a stream's recording stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordingState {
    /// Never started, or finished.
    Idle,
    /// Recording.
    Recording,
    /// Stopped; the file appears when the stop latency has passed.
    Stopping {
        /// When the file will be generated, Unix ms.
        file_due_ms: i64,
    },
}

/// A recording file the emulator "generated".
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordingFile {
    /// `DOMAIN/APP/STREAM`.
    pub stream: String,
    /// When recording started, Unix ms.
    pub started_ms: i64,
    /// When the file was generated, Unix ms.
    pub generated_ms: i64,
    /// What produced the file: stop latency, cancel_delay or restart.
    pub reason: &'static str,
}

/// One stream's recording state.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StreamRecord {
    /// Current state.
    pub state: RecordingState,
    /// When the current recording started, Unix ms.
    pub started_ms: Option<i64>,
}

/// What `GET /__emulator/state` returns, and `RunningEmulator::state_snapshot`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StateSnapshot {
    /// Jobs by JobId.
    pub jobs: BTreeMap<String, JobRecord>,
    /// Streams by `DOMAIN/APP/STREAM`.
    pub streams: BTreeMap<String, StreamRecord>,
    /// Generated recording files, oldest first (the newest 10,000 are kept).
    pub recording_files: Vec<RecordingFile>,
    /// Requests by action, then by result code (`OK` for success; `fault:<kind>` for an injected
    /// fault, counted in addition to the result when the request was still processed).
    pub requests: BTreeMap<String, BTreeMap<String, u64>>,
}

impl StateSnapshot {
    /// How many requests for `action` ended with `code` (`OK` for success).
    pub fn count(&self, action: &str, code: &str) -> u64 {
        self.requests
            .get(action)
            .and_then(|codes| codes.get(code))
            .copied()
            .unwrap_or(0)
    }

    /// How many requests for `action` arrived, whatever their result.
    pub fn total(&self, action: &str) -> u64 {
        self.requests
            .get(action)
            .map_or(0, |codes| codes.values().sum())
    }
}

/// A token bucket: `rate` tokens a second, at most `rate` stored (one second of burst).
#[derive(Debug, Clone)]
struct Bucket {
    tokens: f64,
    last_ms: i64,
}

/// Most recording files remembered (the oldest are forgotten first).
pub(crate) const MAX_RECORDING_FILES: usize = 10_000;

/// The mutable state.
#[derive(Debug, Default)]
pub(crate) struct State {
    pub(crate) jobs: HashMap<String, JobRecord>,
    pub(crate) job_order: VecDeque<String>,
    pub(crate) streams: BTreeMap<StreamSpec, StreamRecord>,
    pub(crate) recording_files: Vec<RecordingFile>,
    nonces: HashMap<(String, String), i64>,
    nonce_order: VecDeque<(i64, String, String)>,
    buckets: HashMap<(String, &'static str), Bucket>,
    pub(crate) requests: BTreeMap<String, BTreeMap<String, u64>>,
    pub(crate) job_counter: u64,
    /// The RTC ASR tasks, id and stringified JSON: fixed by the config, so built once.
    pub(crate) rtc_tasks: Option<Vec<(String, String)>>,
}

impl State {
    /// Counts one request's result.
    pub(crate) fn count(&mut self, action: &str, code: &str) {
        // Look up before inserting: the hot path allocates nothing.
        if let Some(count) = self
            .requests
            .get_mut(action)
            .and_then(|codes| codes.get_mut(code))
        {
            *count += 1;
            return;
        }
        *self
            .requests
            .entry(action.to_owned())
            .or_default()
            .entry(code.to_owned())
            .or_default() += 1;
    }

    /// Counts an injected fault as `fault:<kind>` under the action.
    pub(crate) fn count_fault(&mut self, action: &str, kind: &str) {
        self.count(action, &format!("fault:{kind}"));
    }

    /// Records a nonce; false if it was already used within `window_ms`. Old nonces expire, so
    /// memory stays bounded by the request rate times the window.
    pub(crate) fn remember_nonce(
        &mut self,
        key: &str,
        nonce: &str,
        now_ms: i64,
        window_ms: i64,
    ) -> bool {
        while let Some((at, _, _)) = self.nonce_order.front() {
            if now_ms - at <= window_ms {
                break;
            }
            if let Some((_, k, n)) = self.nonce_order.pop_front() {
                let entry = (k, n);
                // A nonce seen again later has a newer entry in the queue; keep it until then.
                if self
                    .nonces
                    .get(&entry)
                    .is_some_and(|seen| now_ms - seen > window_ms)
                {
                    self.nonces.remove(&entry);
                }
            }
        }
        let entry = (key.to_owned(), nonce.to_owned());
        if let Some(seen) = self.nonces.get(&entry)
            && now_ms - seen <= window_ms
        {
            return false;
        }
        self.nonces.insert(entry, now_ms);
        self.nonce_order
            .push_back((now_ms, key.to_owned(), nonce.to_owned()));
        true
    }

    /// Takes a token for `(key, api)`; on refusal, how many ms until one is available.
    pub(crate) fn take_token(
        &mut self,
        key: &str,
        api: &'static str,
        rate: f64,
        now_ms: i64,
    ) -> Result<(), u64> {
        if rate <= 0.0 {
            return Ok(());
        }
        let bucket = self.buckets.entry((key.to_owned(), api)).or_insert(Bucket {
            tokens: rate,
            last_ms: now_ms,
        });
        let elapsed_s = (now_ms - bucket.last_ms).max(0) as f64 / 1000.0;
        bucket.tokens = (bucket.tokens + elapsed_s * rate).min(rate.max(1.0));
        bucket.last_ms = now_ms;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            let wait_s = (1.0 - bucket.tokens) / rate;
            Err((wait_s * 1000.0).ceil().max(1.0) as u64)
        }
    }

    /// Keeps the newest [`MAX_RECORDING_FILES`] recording files, so that memory stays bounded
    /// however many recordings a long run makes.
    pub(crate) fn forget_old_recording_files(&mut self) {
        // Dropping in batches keeps the cost of the shift low (amortised).
        if self.recording_files.len() > MAX_RECORDING_FILES + MAX_RECORDING_FILES / 8 {
            let excess = self.recording_files.len() - MAX_RECORDING_FILES;
            self.recording_files.drain(..excess);
        }
    }

    /// Generates recording files whose stop latency has passed.
    pub(crate) fn settle_recordings(&mut self, now_ms: i64) {
        for (spec, record) in &mut self.streams {
            if let RecordingState::Stopping { file_due_ms } = record.state
                && now_ms >= file_due_ms
            {
                self.recording_files.push(RecordingFile {
                    stream: stream_name(spec),
                    started_ms: record.started_ms.unwrap_or(file_due_ms),
                    generated_ms: file_due_ms,
                    reason: "stop latency",
                });
                record.state = RecordingState::Idle;
                record.started_ms = None;
            }
        }
    }

    /// A copy for inspection.
    pub(crate) fn snapshot(&self) -> StateSnapshot {
        StateSnapshot {
            jobs: self
                .jobs
                .iter()
                .map(|(id, job)| (id.clone(), job.clone()))
                .collect(),
            streams: self
                .streams
                .iter()
                .map(|(spec, record)| (stream_name(spec), record.clone()))
                .collect(),
            recording_files: self.recording_files.clone(),
            requests: self.requests.clone(),
        }
    }
}

/// `DOMAIN/APP/STREAM`.
pub(crate) fn stream_name(spec: &StreamSpec) -> String {
    format!("{}/{}/{}", spec.domain, spec.app, spec.stream)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nonces_are_refused_within_the_window_and_forgotten_after_it() {
        let mut state = State::default();
        assert!(state.remember_nonce("k", "n1", 0, 1000));
        assert!(!state.remember_nonce("k", "n1", 500, 1000));
        assert!(state.remember_nonce("other", "n1", 500, 1000));
        assert!(state.remember_nonce("k", "n2", 2_000, 1000));
        assert!(state.remember_nonce("k", "n1", 2_001, 1000));
        assert!(state.nonces.len() <= 3);
    }

    #[test]
    fn only_the_newest_recording_files_are_kept() {
        let mut state = State::default();
        let file = |n: i64| RecordingFile {
            stream: "d/a/s".into(),
            started_ms: n,
            generated_ms: n,
            reason: "restart",
        };
        for n in 0..(MAX_RECORDING_FILES as i64 * 2) {
            state.recording_files.push(file(n));
            state.forget_old_recording_files();
            assert!(state.recording_files.len() <= MAX_RECORDING_FILES + MAX_RECORDING_FILES / 8);
        }
        state.recording_files.truncate(0);
        state.forget_old_recording_files();
        assert!(state.recording_files.is_empty());
        for n in 0..(MAX_RECORDING_FILES as i64 + MAX_RECORDING_FILES as i64 / 8 + 1) {
            state.recording_files.push(file(n));
        }
        state.forget_old_recording_files();
        assert_eq!(state.recording_files.len(), MAX_RECORDING_FILES);
        let newest = state.recording_files.last().map(|f| f.started_ms);
        assert_eq!(
            newest,
            Some(MAX_RECORDING_FILES as i64 + MAX_RECORDING_FILES as i64 / 8)
        );
    }

    #[test]
    fn buckets_allow_the_rate_and_say_when_to_retry() {
        let mut state = State::default();
        for _ in 0..20 {
            assert!(state.take_token("k", "Q", 20.0, 0).is_ok());
        }
        let wait = state.take_token("k", "Q", 20.0, 0).unwrap_err();
        assert!((1..=50).contains(&wait), "{wait}");
        assert!(state.take_token("k", "Q", 20.0, 50).is_ok());
        assert!(state.take_token("other", "Q", 20.0, 0).is_ok());
    }
}
