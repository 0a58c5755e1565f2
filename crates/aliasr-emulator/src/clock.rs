//! Time as an input, so tests can freeze it at a vector's timestamp or step a job forward.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// Where the emulator reads the time from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now_ms(&self) -> i64 {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.as_millis());
        i64::try_from(now).unwrap_or(i64::MAX)
    }
}

/// A clock that moves only when told to; clones share the same time.
///
/// ```
/// use aliasr_emulator::{Clock, ManualClock};
/// let clock = ManualClock::at_unix_seconds(1_717_245_296);
/// clock.advance_ms(1_500);
/// assert_eq!(clock.now_ms(), 1_717_245_297_500);
/// ```
#[derive(Debug, Clone, Default)]
pub struct ManualClock {
    now_ms: Arc<AtomicI64>,
}

impl ManualClock {
    /// A clock frozen at this many seconds since the epoch.
    pub fn at_unix_seconds(seconds: i64) -> Self {
        Self {
            now_ms: Arc::new(AtomicI64::new(seconds.saturating_mul(1000))),
        }
    }

    /// A clock frozen at the current system time (requests signed with a fresh timestamp pass
    /// the skew check; jobs then move only when the test advances the clock).
    pub fn starting_now() -> Self {
        Self {
            now_ms: Arc::new(AtomicI64::new(SystemClock.now_ms())),
        }
    }

    /// Moves the clock forward.
    pub fn advance_ms(&self, ms: i64) {
        self.now_ms.fetch_add(ms, Ordering::SeqCst);
    }

    /// Sets the clock.
    pub fn set_ms(&self, ms: i64) {
        self.now_ms.store(ms, Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_ms(&self) -> i64 {
        self.now_ms.load(Ordering::SeqCst)
    }
}
