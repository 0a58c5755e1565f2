//! What the emulator accepts and how it behaves. Every option value parses from the text the
//! `aliasr emulator` flags take (`FromStr`), so the CLI maps flags one to one.

use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use aliasr_models::Segment;

use crate::clock::{Clock, SystemClock};
use crate::error::EmulatorError;

/// The access key the emulator accepts when none is configured (also used by `aliasr demo`).
pub const DEMO_ACCESS_KEY_ID: &str = "LTAIdemoEmulatorKey";
/// The secret of [`DEMO_ACCESS_KEY_ID`]. Not a secret: it only opens the local emulator.
pub const DEMO_ACCESS_KEY_SECRET: &str = "demo-emulator-secret-not-for-cloud";
/// The stream every emulator knows, so `RealTimeRecordCommand` works out of the box.
pub const DEMO_STREAM: &str = "demo.example.com/live/demo-stream";

/// An AccessKey pair (`--access-key ID:SECRET`) or an STS key (`--sts-key ID:SECRET:TOKEN`).
#[derive(Clone, PartialEq, Eq)]
pub struct KeySpec {
    /// AccessKey ID.
    pub id: String,
    secret: String,
    token: Option<String>,
}

impl KeySpec {
    /// A plain AccessKey pair.
    pub fn access_key(id: impl Into<String>, secret: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: secret.into(),
            token: None,
        }
    }

    /// An STS key: requests must carry `token`.
    pub fn sts(id: impl Into<String>, secret: impl Into<String>, token: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            secret: secret.into(),
            token: Some(token.into()),
        }
    }

    /// The credentials the verifier checks against.
    pub(crate) fn credentials(&self) -> aliasr_sign::Credentials {
        let credentials = aliasr_sign::Credentials::new(self.id.clone(), self.secret.clone());
        match &self.token {
            Some(token) => credentials.with_security_token(token.clone()),
            None => credentials,
        }
    }
}

impl fmt::Debug for KeySpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeySpec")
            .field("id", &self.id)
            .field("secret", &aliasr_sign::REDACTED)
            .field("token", &self.token.as_ref().map(|_| aliasr_sign::REDACTED))
            .finish()
    }
}

impl FromStr for KeySpec {
    type Err = EmulatorError;

    /// `ID:SECRET` or `ID:SECRET:TOKEN` (the token may itself contain `:`).
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.splitn(3, ':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some(id), Some(secret), token) if !id.is_empty() && !secret.is_empty() => Ok(Self {
                id: id.to_owned(),
                secret: secret.to_owned(),
                token: token.filter(|t| !t.is_empty()).map(str::to_owned),
            }),
            _ => Err(EmulatorError::BadOption {
                option: "access key",
                value: text.split(':').next().unwrap_or_default().to_owned() + ":…",
                expected: "ID:SECRET (or ID:SECRET:TOKEN for an STS key)",
            }),
        }
    }
}

/// A Live stream that exists (`--stream DOMAIN/APP/STREAM`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct StreamSpec {
    /// Streaming domain.
    pub domain: String,
    /// Application name.
    pub app: String,
    /// Stream name.
    pub stream: String,
}

impl FromStr for StreamSpec {
    type Err = EmulatorError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let parts: Vec<&str> = text.split('/').collect();
        match parts.as_slice() {
            [domain, app, stream] if parts.iter().all(|p| !p.is_empty()) => Ok(Self {
                domain: (*domain).to_owned(),
                app: (*app).to_owned(),
                stream: (*stream).to_owned(),
            }),
            _ => Err(EmulatorError::BadOption {
                option: "stream",
                value: text.to_owned(),
                expected: "DOMAIN/APP/STREAM",
            }),
        }
    }
}

/// A fault to inject (`--fault KIND:RATE`), for clients' retry tests.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FaultSpec {
    /// What goes wrong.
    pub kind: FaultKind,
    /// Share of requests it hits, 0.0 to 1.0.
    pub rate: f64,
}

/// The kinds of injected faults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FaultKind {
    /// HTTP 500 `InternalError`.
    InternalError,
    /// HTTP 503 `ServiceUnavailable`.
    ServiceUnavailable,
    /// HTTP 400 `Throttling.User` with `x-acs-retry-after`.
    Throttle,
    /// The connection is dropped without an answer, after the request was processed.
    Reset,
    /// The answer is delayed by this many milliseconds (the request is processed normally).
    Slow(u64),
    /// HTTP 502 with an HTML body, as a load balancer would send.
    Html502,
}

impl FromStr for FaultSpec {
    type Err = EmulatorError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let bad = || EmulatorError::BadOption {
            option: "fault",
            value: text.to_owned(),
            expected: "KIND:RATE with KIND one of 500, 503, throttle, reset, slow:MS, html502 and RATE in 0..=1",
        };
        let (kind_text, rate_text) = text.rsplit_once(':').ok_or_else(bad)?;
        let kind = match kind_text {
            "500" => FaultKind::InternalError,
            "503" => FaultKind::ServiceUnavailable,
            "throttle" => FaultKind::Throttle,
            "reset" => FaultKind::Reset,
            "html502" => FaultKind::Html502,
            slow => match slow.strip_prefix("slow:").map(str::parse::<u64>) {
                Some(Ok(ms)) => FaultKind::Slow(ms),
                _ => return Err(bad()),
            },
        };
        let rate: f64 = rate_text.parse().map_err(|_| bad())?;
        if !(0.0..=1.0).contains(&rate) {
            return Err(bad());
        }
        Ok(Self { kind, rate })
    }
}

/// Requests per second allowed per access key and API, as the services document.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Quotas {
    /// `QueryRtcAsrTasks` (documented: 20/s per user).
    pub query_rtc_asr_tasks: f64,
    /// `RealTimeRecordCommand` (documented: 50/s per user).
    pub real_time_record_command: f64,
    /// Each ICE operation (not documented; configurable).
    pub ice: f64,
}

impl Default for Quotas {
    fn default() -> Self {
        Self {
            query_rtc_asr_tasks: 20.0,
            real_time_record_command: 50.0,
            ice: 10.0,
        }
    }
}

/// Everything the emulator needs to start. `Default` listens on 127.0.0.1 with a free port and
/// accepts the demo key.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct EmulatorConfig {
    /// Where to listen. Non-loopback addresses need `allow_non_loopback`.
    pub listen: SocketAddr,
    /// Allow listening on a non-loopback address.
    pub allow_non_loopback: bool,
    /// Keys that may call. Empty means the demo key.
    pub keys: Vec<KeySpec>,
    /// Account id used in RAM resource names and `UserId`.
    pub account_id: u64,
    /// How long a job takes from submission to Finished.
    pub job_duration: Duration,
    /// InputFile patterns (`*` and `?` wildcards) whose jobs fail.
    pub fail_inputs: Vec<String>,
    /// A fixed transcript for every job (demo), instead of the generated one.
    pub transcript: Option<Vec<Segment>>,
    /// How many running RTC ASR tasks `QueryRtcAsrTasks` reports.
    pub rtc_tasks: usize,
    /// A QueryRtcAsrTasks answer (JSON, tasks as objects or stringified) whose tasks are reported
    /// instead of `rtc_tasks` generated ones.
    pub rtc_tasks_file: Option<PathBuf>,
    /// Streams that exist besides [`DEMO_STREAM`].
    pub streams: Vec<StreamSpec>,
    /// Delay between `stop` and the recording file.
    pub stop_latency: Duration,
    /// Per-key, per-API rate limits.
    pub quotas: Quotas,
    /// Injected faults.
    pub faults: Vec<FaultSpec>,
    /// Seed for fault injection and generated transcripts.
    pub seed: u64,
    /// Most jobs kept; submissions beyond it are refused with a clear error.
    pub max_jobs: usize,
    /// Jobs older than this are forgotten (memory stays bounded however long it runs).
    pub job_ttl: Duration,
    /// Allowed clock skew of signed requests; nonces are remembered for twice this long.
    pub max_skew: Duration,
    /// A RAM policy document (JSON) that requests must satisfy.
    pub policy: Option<PathBuf>,
    /// The time source.
    pub clock: Arc<dyn Clock>,
}

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            listen: SocketAddr::from(([127, 0, 0, 1], 0)),
            allow_non_loopback: false,
            keys: Vec::new(),
            account_id: 1_234_562_230_123_456,
            job_duration: Duration::from_secs(2),
            fail_inputs: Vec::new(),
            transcript: None,
            rtc_tasks: 2,
            rtc_tasks_file: None,
            streams: Vec::new(),
            stop_latency: Duration::from_secs(180),
            quotas: Quotas::default(),
            faults: Vec::new(),
            seed: 7,
            max_jobs: 100_000,
            job_ttl: Duration::from_secs(24 * 3600),
            max_skew: Duration::from_secs(15 * 60),
            policy: None,
            clock: Arc::new(SystemClock),
        }
    }
}

impl EmulatorConfig {
    /// The keys in force: the configured ones, or the demo key.
    pub(crate) fn effective_keys(&self) -> Vec<KeySpec> {
        if self.keys.is_empty() {
            vec![KeySpec::access_key(
                DEMO_ACCESS_KEY_ID,
                DEMO_ACCESS_KEY_SECRET,
            )]
        } else {
            self.keys.clone()
        }
    }
}

/// Matches `text` against a pattern with `*` (any run) and `?` (one character).
pub(crate) fn glob_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    let (mut star, mut mark) = (None, 0);
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            star = Some(p);
            mark = t;
            p += 1;
        } else if let Some(s) = star {
            p = s + 1;
            mark += 1;
            t = mark;
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|&c| c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wildcard matching by its definition: a table of which pattern prefixes match which text
    /// prefixes (`*` any run, `?` any one character).
    fn glob_by_table(pattern: &str, text: &str) -> bool {
        let (p, t): (Vec<char>, Vec<char>) = (pattern.chars().collect(), text.chars().collect());
        let mut table = vec![vec![false; t.len() + 1]; p.len() + 1];
        table[0][0] = true;
        for i in 1..=p.len() {
            for j in 0..=t.len() {
                table[i][j] = match p[i - 1] {
                    '*' => table[i - 1][j] || (j > 0 && table[i][j - 1]),
                    '?' => j > 0 && table[i - 1][j - 1],
                    c => j > 0 && table[i - 1][j - 1] && t[j - 1] == c,
                };
            }
        }
        table[p.len()][t.len()]
    }

    proptest::proptest! {
        #[test]
        fn glob_matching_agrees_with_the_table(pattern in "[ab*?]{0,8}", text in "[abc]{0,10}") {
            proptest::prop_assert_eq!(glob_matches(&pattern, &text), glob_by_table(&pattern, &text));
        }
    }

    #[test]
    fn option_values_parse_and_bad_ones_say_what_was_expected() {
        let key: KeySpec = "id:s3cr3t:t0k:en".parse().unwrap();
        assert_eq!(key.id, "id");
        assert_eq!(key.token.as_deref(), Some("t0k:en"));
        let debug = format!("{key:?}");
        assert!(
            !debug.contains("s3cr3t") && !debug.contains("t0k"),
            "{debug}"
        );
        let error = "nosecret".parse::<KeySpec>().unwrap_err().to_string();
        assert!(error.contains("ID:SECRET"), "{error}");
        assert_eq!(
            "slow:250:0.5".parse::<FaultSpec>().unwrap(),
            FaultSpec {
                kind: FaultKind::Slow(250),
                rate: 0.5
            }
        );
        assert!("reset:2".parse::<FaultSpec>().is_err());
        assert!("boom:0.1".parse::<FaultSpec>().is_err());
        assert_eq!(
            "d.example.com/live/s1".parse::<StreamSpec>().unwrap().app,
            "live"
        );
        assert!("d/live".parse::<StreamSpec>().is_err());
    }

    #[test]
    fn globs() {
        assert!(glob_matches(
            "oss://*/missing*.mp4",
            "oss://b.e/x/missing-1.mp4"
        ));
        assert!(glob_matches("*fail?", "will-fail1"));
        assert!(!glob_matches("*fail", "failure"));
        assert!(glob_matches("*", ""));
    }
}
