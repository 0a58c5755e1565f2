//! When to try again, and how long to wait: one classification for every call.
//!
//! - Connect errors: the request never left, so every operation may be retried.
//! - Throttling answers: the gateway refused before doing anything, so every operation may be
//!   retried, after `x-acs-retry-after` when given.
//! - 5xx answers, timeouts and resets: retried only for idempotent operations (GetSmartHandleJob,
//!   QueryRtcAsrTasks); for the others the outcome is unknown and the caller decides.
//! - Other 4xx: never.

use std::time::Duration;

use rand::Rng;

/// Retry settings: attempts and exponential backoff with full jitter.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RetryPolicy {
    /// Attempts in all, including the first (1 = no retries).
    pub max_attempts: u32,
    /// The first backoff ceiling; doubles each attempt.
    pub base_delay: Duration,
    /// The largest wait between attempts (also caps `x-acs-retry-after`).
    pub max_delay: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 4,
            base_delay: Duration::from_millis(200),
            max_delay: Duration::from_secs(20),
        }
    }
}

impl RetryPolicy {
    /// No retries at all (the official SDK's default).
    pub fn none() -> Self {
        Self {
            max_attempts: 1,
            ..Self::default()
        }
    }

    /// Sets the number of attempts.
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// Sets the first backoff ceiling and the largest wait.
    pub fn with_delays(mut self, base: Duration, max: Duration) -> Self {
        self.base_delay = base;
        self.max_delay = max.max(base);
        self
    }

    /// How long to wait before attempt `attempt + 1` (attempt counts from 1): the service's
    /// `retry_after` when given, else a uniform draw in `0..=min(max, base * 2^(attempt-1))`.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(after) = retry_after {
            return after.min(self.max_delay);
        }
        let exponent = attempt.saturating_sub(1).min(20);
        let ceiling = self
            .base_delay
            .saturating_mul(1 << exponent)
            .min(self.max_delay);
        let ceiling_ms = u64::try_from(ceiling.as_millis()).unwrap_or(u64::MAX);
        Duration::from_millis(rand::rng().random_range(0..=ceiling_ms))
    }
}

/// What a failed attempt means for the next one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Try again (if attempts remain).
    Retry,
    /// Give up with this error.
    Stop,
}

/// Classifies an HTTP error answer.
pub(crate) fn classify_answer(status: u16, code: Option<&str>, idempotent: bool) -> Verdict {
    let throttled = code.is_some_and(|c| aliasr_models::ErrorCode::from(c).is_throttling());
    if throttled || (idempotent && matches!(status, 500 | 502 | 503 | 504)) {
        Verdict::Retry
    } else {
        Verdict::Stop
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification_is_one_table() {
        assert_eq!(
            classify_answer(400, Some("Throttling.User"), false),
            Verdict::Retry
        );
        assert_eq!(
            classify_answer(503, Some("ServiceUnavailable"), true),
            Verdict::Retry
        );
        assert_eq!(
            classify_answer(503, Some("ServiceUnavailable"), false),
            Verdict::Stop
        );
        assert_eq!(classify_answer(502, None, true), Verdict::Retry);
        assert_eq!(
            classify_answer(400, Some("MissingParam"), true),
            Verdict::Stop
        );
        assert_eq!(
            classify_answer(404, Some("InvalidAccessKeyId.NotFound"), true),
            Verdict::Stop
        );
    }

    #[test]
    fn backoff_is_jittered_under_an_exponential_ceiling_and_honours_retry_after() {
        let policy =
            RetryPolicy::default().with_delays(Duration::from_millis(100), Duration::from_secs(1));
        for attempt in 1..8 {
            let ceiling =
                Duration::from_millis(100 * (1 << (attempt - 1))).min(Duration::from_secs(1));
            for _ in 0..50 {
                assert!(policy.delay(attempt, None) <= ceiling);
            }
        }
        assert_eq!(
            policy.delay(1, Some(Duration::from_millis(700))),
            Duration::from_millis(700)
        );
        assert_eq!(
            policy.delay(1, Some(Duration::from_secs(9))),
            Duration::from_secs(1)
        );
    }
}
