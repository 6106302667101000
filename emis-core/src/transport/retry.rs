//! Retry policy as plain data: which failures are transient, exponential backoff with jitter,
//! `Retry-After` (seconds or HTTP date), bounded attempts and total time.

use std::time::Duration;

/// When and how long to retry.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    /// Attempts in total, the first included (1 = no retry).
    pub max_attempts: u32,
    /// First backoff.
    pub base_delay: Duration,
    /// Cap of one backoff.
    pub max_delay: Duration,
    /// Cap of all waiting for one call.
    pub max_total: Duration,
    /// Shortest wait after a 429 without `Retry-After` (public clients wait 5 s).
    pub min_rate_limit_delay: Duration,
    /// Randomise each backoff between 50 % and 100 % of its value.
    pub jitter: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 5,
            base_delay: Duration::from_millis(500),
            max_delay: Duration::from_secs(30),
            max_total: Duration::from_secs(120),
            min_rate_limit_delay: Duration::from_secs(5),
            jitter: true,
        }
    }
}

impl RetryPolicy {
    /// No retries at all.
    pub fn none() -> RetryPolicy {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }
    /// True for statuses worth retrying: 408, 429, 500, 502, 503, 504.
    pub fn is_retryable_status(status: u16) -> bool {
        matches!(status, 408 | 429 | 500 | 502 | 503 | 504)
    }
}

/// Backoff state for one call.
#[derive(Debug, Clone)]
pub struct Backoff {
    policy: RetryPolicy,
    attempt: u32,
    waited: Duration,
    rng: u64,
}

impl Backoff {
    /// Starts a call. `seed` feeds the jitter (e.g. the clock).
    pub fn new(policy: RetryPolicy, seed: u64) -> Backoff {
        Backoff {
            policy,
            attempt: 0,
            waited: Duration::ZERO,
            rng: seed | 1,
        }
    }
    /// Attempts made so far.
    pub fn attempts(&self) -> u32 {
        self.attempt
    }
    /// Records an attempt.
    pub fn record_attempt(&mut self) {
        self.attempt += 1;
    }
    /// The wait before the next attempt, or `None` when the budget is spent.
    /// `retry_after` is the server's hint; `rate_limited` marks a 429.
    pub fn next_delay(&mut self, retry_after: Option<Duration>, rate_limited: bool) -> Option<Duration> {
        if self.attempt >= self.policy.max_attempts {
            return None;
        }
        let exp = self
            .policy
            .base_delay
            .saturating_mul(1u32 << (self.attempt.saturating_sub(1)).min(16));
        let mut d = exp.min(self.policy.max_delay);
        if self.policy.jitter {
            self.rng ^= self.rng << 13;
            self.rng ^= self.rng >> 7;
            self.rng ^= self.rng << 17;
            let frac = 0.5 + (self.rng % 1000) as f64 / 2000.0;
            d = d.mul_f64(frac);
        }
        if rate_limited {
            d = d.max(self.policy.min_rate_limit_delay);
        }
        if let Some(ra) = retry_after {
            // Retrying before the server's time only earns another refusal.
            d = ra;
        }
        if self.waited + d > self.policy.max_total {
            return None;
        }
        self.waited += d;
        Some(d)
    }
}

/// Parses `Retry-After`: delta seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`),
/// relative to `now_unix_ms`. A date in the past is zero.
pub fn parse_retry_after(value: &str, now_unix_ms: i64) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs.min(24 * 3600)));
    }
    let at = parse_http_date(v)?;
    let diff = at.saturating_sub(now_unix_ms.div_euclid(1000));
    Some(Duration::from_secs(diff.max(0) as u64))
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) to Unix seconds.
fn parse_http_date(v: &str) -> Option<i64> {
    let t = httpdate::parse_http_date(v.trim()).ok()?;
    t.duration_since(std::time::UNIX_EPOCH).ok().map(|d| d.as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn retry_after_forms() {
        assert_eq!(parse_retry_after("3", 0), Some(Duration::from_secs(3)));
        // 1994-11-06 08:49:37 UTC = 784111777
        let now = 784_111_777_000 - 10_000;
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:37 GMT", now + 60_000),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", 0), None);
        assert_eq!(parse_retry_after("Sun, 06 Nov 1994 25:49:37 GMT", 0), None);
    }

    #[test]
    fn backoff_is_bounded() {
        let policy = RetryPolicy {
            max_attempts: 4,
            base_delay: Duration::from_millis(100),
            max_delay: Duration::from_millis(250),
            max_total: Duration::from_secs(10),
            min_rate_limit_delay: Duration::from_millis(300),
            jitter: false,
        };
        let mut b = Backoff::new(policy, 7);
        b.record_attempt();
        assert_eq!(b.next_delay(None, false), Some(Duration::from_millis(100)));
        b.record_attempt();
        assert_eq!(b.next_delay(None, false), Some(Duration::from_millis(200)));
        b.record_attempt();
        assert_eq!(b.next_delay(None, true), Some(Duration::from_millis(300)));
        b.record_attempt();
        assert_eq!(b.next_delay(None, false), None, "attempts exhausted");
        let mut b = Backoff::new(
            RetryPolicy {
                max_total: Duration::from_secs(1),
                ..RetryPolicy::default()
            },
            1,
        );
        b.record_attempt();
        assert_eq!(
            b.next_delay(Some(Duration::from_secs(5)), true),
            None,
            "total time budget"
        );
    }
}
