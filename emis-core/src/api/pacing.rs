//! One rate limiter per client, like a careful operator: writes at most one per 3 s, reads
//! a few per second (public clients: 3 s between creates, 250 ms between detail reads).
//! Time comes from the injected clock; waiting from the injected sleep.

use std::sync::Mutex;
use std::time::Duration;

/// Spacing of requests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pacing {
    /// Least time between the starts of two writes (default 3 s).
    pub write_interval: Duration,
    /// Least time between the starts of two reads (default 250 ms).
    pub read_interval: Duration,
}

impl Default for Pacing {
    fn default() -> Self {
        Pacing {
            write_interval: Duration::from_secs(3),
            read_interval: Duration::from_millis(250),
        }
    }
}

impl Pacing {
    /// No spacing at all (tests against a local server, benchmarks).
    pub fn none() -> Pacing {
        Pacing {
            write_interval: Duration::ZERO,
            read_interval: Duration::ZERO,
        }
    }
}

/// Kind of request, for pacing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lane {
    Read,
    Write,
}

#[derive(Debug)]
pub(crate) struct Pacer {
    pacing: Pacing,
    /// Earliest start of the next read / write, Unix ms.
    next: Mutex<(i64, i64)>,
    /// The write spacing that follows the server, when asked for.
    adaptive: Option<Mutex<crate::schedule::AdaptivePacer>>,
}

impl Pacer {
    pub(crate) fn new(pacing: Pacing) -> Pacer {
        Pacer {
            pacing,
            next: Mutex::new((i64::MIN, i64::MIN)),
            adaptive: None,
        }
    }

    /// Writes spaced by an [`crate::schedule::AdaptivePacer`] up to `max` (never below the
    /// configured write interval); `None` keeps the fixed spacing.
    pub(crate) fn adaptive(mut self, max: Option<Duration>) -> Pacer {
        self.adaptive = max.map(|m| Mutex::new(crate::schedule::AdaptivePacer::new(self.pacing.write_interval, m)));
        self
    }

    /// Notes a write's answer (latency, HTTP status; 0 without one).
    pub(crate) fn observe(&self, lane: Lane, latency: Duration, status: u16) {
        if let (Lane::Write, Some(a)) = (lane, &self.adaptive) {
            a.lock()
                .unwrap_or_else(|p| p.into_inner())
                .observe(latency, status, None);
        }
    }

    fn write_interval(&self) -> Duration {
        match &self.adaptive {
            Some(a) => a.lock().unwrap_or_else(|p| p.into_inner()).interval(),
            None => self.pacing.write_interval,
        }
    }

    /// Reserves a slot on `lane` and returns how long to wait for it.
    pub(crate) fn reserve(&self, lane: Lane, now_ms: i64) -> Duration {
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let (slot, interval) = match lane {
            Lane::Read => (&mut next.0, self.pacing.read_interval),
            Lane::Write => (&mut next.1, self.write_interval()),
        };
        let start = (*slot).max(now_ms);
        *slot = start + interval.as_millis() as i64;
        Duration::from_millis((start - now_ms).max(0) as u64)
    }

    /// After a request on `lane` ended: the next one starts an interval after this end, not
    /// only after this start (a slow write must not make the next one arrive inside the
    /// server's window).
    pub(crate) fn finished(&self, lane: Lane, now_ms: i64) {
        let interval = match lane {
            Lane::Read => self.pacing.read_interval,
            Lane::Write => self.write_interval(),
        };
        self.push_back(lane, now_ms, interval);
    }

    /// After a 429 on `lane`: the next request on it waits at least `d` from now.
    pub(crate) fn push_back(&self, lane: Lane, now_ms: i64, d: Duration) {
        let mut next = self.next.lock().unwrap_or_else(|p| p.into_inner());
        let slot = match lane {
            Lane::Read => &mut next.0,
            Lane::Write => &mut next.1,
        };
        *slot = (*slot).max(now_ms + d.as_millis() as i64);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn writes_are_spaced_reads_are_separate() {
        let p = Pacer::new(Pacing::default());
        assert_eq!(p.reserve(Lane::Write, 1_000), Duration::ZERO);
        assert_eq!(p.reserve(Lane::Write, 1_500), Duration::from_millis(2_500));
        // The third write queues behind the second.
        assert_eq!(p.reserve(Lane::Write, 1_500), Duration::from_millis(5_500));
        assert_eq!(p.reserve(Lane::Read, 1_500), Duration::ZERO);
        assert_eq!(p.reserve(Lane::Read, 1_500), Duration::from_millis(250));
        p.push_back(Lane::Read, 2_000, Duration::from_secs(5));
        assert_eq!(p.reserve(Lane::Read, 2_000), Duration::from_secs(5));
        // A write that took 4 s: the next one waits a full interval after its end.
        let p = Pacer::new(Pacing::default());
        assert_eq!(p.reserve(Lane::Write, 0), Duration::ZERO);
        p.finished(Lane::Write, 4_000);
        assert_eq!(p.reserve(Lane::Write, 4_000), Duration::from_secs(3));
        let none = Pacer::new(Pacing::none());
        assert_eq!(none.reserve(Lane::Write, 0), Duration::ZERO);
        assert_eq!(none.reserve(Lane::Write, 0), Duration::ZERO);
    }

    #[test]
    fn adaptive_writes_slow_down_after_429_and_never_go_below_the_interval() {
        let p = Pacer::new(Pacing::default()).adaptive(Some(Duration::from_secs(30)));
        assert_eq!(p.reserve(Lane::Write, 0), Duration::ZERO);
        p.observe(Lane::Write, Duration::from_millis(100), 200);
        p.finished(Lane::Write, 100);
        assert_eq!(
            p.reserve(Lane::Write, 100),
            Duration::from_secs(3),
            "the configured floor"
        );
        p.observe(Lane::Write, Duration::from_millis(100), 429);
        p.finished(Lane::Write, 3_200);
        assert_eq!(
            p.reserve(Lane::Write, 3_200),
            Duration::from_secs(6),
            "doubled after a 429"
        );
        // Reads are not affected.
        p.observe(Lane::Read, Duration::from_secs(9), 429);
        assert_eq!(p.reserve(Lane::Read, 0), Duration::ZERO);
    }
}
