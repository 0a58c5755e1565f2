//! Client-side pacing per operation, so a busy program (a batch) never trips the service's
//! throttling by itself. Calls are spaced evenly at the quota (no burst), which keeps any
//! one-second window at or under the quota whatever the server's bucket looks like.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use tokio::time::Instant;

/// Requests per second per operation.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct RateLimits {
    /// `QueryRtcAsrTasks` (documented quota: 20/s).
    pub query_rtc_asr_tasks: f64,
    /// `RealTimeRecordCommand` (documented quota: 50/s).
    pub real_time_record_command: f64,
    /// Each ICE operation (no documented quota; 10/s by default).
    pub ice: f64,
}

impl Default for RateLimits {
    fn default() -> Self {
        Self {
            query_rtc_asr_tasks: 20.0,
            real_time_record_command: 50.0,
            ice: 10.0,
        }
    }
}

impl RateLimits {
    /// Sets the ICE limit.
    pub fn with_ice(mut self, per_second: f64) -> Self {
        self.ice = per_second;
        self
    }

    fn for_action(&self, action: &str) -> f64 {
        match action {
            "QueryRtcAsrTasks" => self.query_rtc_asr_tasks,
            "RealTimeRecordCommand" => self.real_time_record_command,
            _ => self.ice,
        }
    }
}

/// Shared by every clone of a client.
#[derive(Debug, Clone, Default)]
pub(crate) struct RateLimiter {
    limits: RateLimits,
    next_slot: Arc<Mutex<HashMap<&'static str, Instant>>>,
}

impl RateLimiter {
    pub(crate) fn new(limits: RateLimits) -> Self {
        Self {
            limits,
            next_slot: Arc::default(),
        }
    }

    /// Waits for this action's next free slot.
    pub(crate) async fn acquire(&self, action: &'static str) {
        let rate = self.limits.for_action(action);
        if !(rate.is_finite() && rate > 0.0) {
            return;
        }
        let spacing = Duration::from_secs_f64(1.0 / rate);
        let slot = {
            let mut slots = self
                .next_slot
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            let now = Instant::now();
            let slot = slots.get(action).copied().map_or(now, |next| next.max(now));
            slots.insert(action, slot + spacing);
            slot
        };
        tokio::time::sleep_until(slot).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test(start_paused = true)]
    async fn calls_are_spaced_at_the_quota_per_action() {
        let limiter = RateLimiter::new(RateLimits::default());
        let start = Instant::now();
        for _ in 0..41 {
            limiter.acquire("QueryRtcAsrTasks").await;
        }
        assert_eq!(start.elapsed(), Duration::from_secs(2));
        let other = Instant::now();
        limiter.acquire("RealTimeRecordCommand").await;
        assert_eq!(
            other.elapsed(),
            Duration::ZERO,
            "each action has its own pace"
        );
    }
}
