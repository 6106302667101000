//! When to sync: a daily window (`05:00-07:00`, the quiet morning hours the operators' manual
//! recommends) or one moment (`--at`), in WIB, WITA or WIT; and a pacer that slows down when
//! the server is slow or says 429, never going faster than the configured spacing.
//!
//! Pure: every function takes the current time (Unix ms) from the caller, so a fake clock tests
//! it; the caller sleeps.

use std::fmt;
use std::time::Duration;

/// Indonesia's three time zones.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Zone {
    /// Waktu Indonesia Barat, UTC+7.
    #[default]
    Wib,
    /// Waktu Indonesia Tengah, UTC+8.
    Wita,
    /// Waktu Indonesia Timur, UTC+9.
    Wit,
}

impl Zone {
    /// Offset from UTC in seconds.
    pub const fn offset_s(self) -> i64 {
        match self {
            Zone::Wib => 7 * 3600,
            Zone::Wita => 8 * 3600,
            Zone::Wit => 9 * 3600,
        }
    }
    /// `WIB`, `WITA`, `WIT`.
    pub const fn name(self) -> &'static str {
        match self {
            Zone::Wib => "WIB",
            Zone::Wita => "WITA",
            Zone::Wit => "WIT",
        }
    }
    /// Reads `WIB`/`WITA`/`WIT` (any case) or `+7`/`+8`/`+9`.
    pub fn parse(s: &str) -> Option<Zone> {
        match s.trim().to_ascii_uppercase().as_str() {
            "WIB" | "+7" | "UTC+7" | "+07:00" => Some(Zone::Wib),
            "WITA" | "+8" | "UTC+8" | "+08:00" => Some(Zone::Wita),
            "WIT" | "+9" | "UTC+9" | "+09:00" => Some(Zone::Wit),
            _ => None,
        }
    }
}

/// A time-of-day parse error, in Bahasa Indonesia / English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScheduleError(pub String);

impl fmt::Display for ScheduleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ScheduleError {}

/// `HH:MM` or `HH:MM:SS` → seconds after midnight.
fn time_of_day(s: &str) -> Result<i64, ScheduleError> {
    let bad = || {
        ScheduleError(format!(
            "jam tidak valid: {s} (contoh 05:00 atau 05:00:30) / invalid time of day"
        ))
    };
    let parts: Vec<&str> = s.trim().split(':').collect();
    if !(2..=3).contains(&parts.len()) {
        return Err(bad());
    }
    let num = |p: &str, max: i64| -> Result<i64, ScheduleError> {
        if p.is_empty() || p.len() > 2 || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let n: i64 = p.parse().map_err(|_| bad())?;
        if n > max { Err(bad()) } else { Ok(n) }
    };
    let h = num(parts[0], 24)?;
    let m = num(parts[1], 59)?;
    let sec = if parts.len() == 3 { num(parts[2], 59)? } else { 0 };
    let total = h * 3600 + m * 60 + sec;
    if total > 86_400 {
        return Err(bad());
    }
    Ok(total)
}

/// A daily window, `start` to `end` local time; it may cross midnight (`22:00-02:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    /// Start, seconds after local midnight.
    pub start_s: i64,
    /// End, seconds after local midnight.
    pub end_s: i64,
    /// Zone of the times.
    pub zone: Zone,
}

impl Window {
    /// Reads `05:00-07:00` (seconds allowed: `05:00:00-05:30:30`).
    pub fn parse(s: &str, zone: Zone) -> Result<Window, ScheduleError> {
        let (a, b) = s.split_once('-').ok_or_else(|| {
            ScheduleError(format!(
                "jendela tidak valid: {s} (contoh 05:00-07:00) / invalid window"
            ))
        })?;
        let (start_s, end_s) = (time_of_day(a)?, time_of_day(b)?);
        if start_s == end_s {
            return Err(ScheduleError(
                "jendela kosong: jam mulai sama dengan jam selesai / empty window".into(),
            ));
        }
        Ok(Window { start_s, end_s, zone })
    }

    fn local_s(&self, now_ms: i64) -> (i64, i64) {
        let local = now_ms.div_euclid(1000) + self.zone.offset_s();
        (local.div_euclid(86_400) * 86_400, local.rem_euclid(86_400))
    }

    /// True when `now_ms` is inside the window.
    pub fn contains(&self, now_ms: i64) -> bool {
        let (_, t) = self.local_s(now_ms);
        if self.start_s < self.end_s {
            t >= self.start_s && t < self.end_s
        } else {
            t >= self.start_s || t < self.end_s
        }
    }

    /// When the window next opens: `now_ms` itself when inside it.
    pub fn next_start_ms(&self, now_ms: i64) -> i64 {
        if self.contains(now_ms) {
            return now_ms;
        }
        let (day, t) = self.local_s(now_ms);
        let mut start = day + self.start_s;
        if self.start_s <= t {
            start += 86_400;
        }
        (start - self.zone.offset_s()) * 1000
    }

    /// When the window that contains `now_ms` closes (`None` outside it).
    pub fn end_ms(&self, now_ms: i64) -> Option<i64> {
        if !self.contains(now_ms) {
            return None;
        }
        let (day, t) = self.local_s(now_ms);
        let mut end = day + self.end_s;
        if self.end_s <= t {
            end += 86_400;
        }
        Some((end - self.zone.offset_s()) * 1000)
    }
}

/// `--at`: `HH:MM[:SS]` (the next such time) or `YYYY-MM-DD HH:MM[:SS]` (also with `T`), in
/// `zone`; the Unix ms of that moment.
pub fn parse_at(s: &str, zone: Zone, now_ms: i64) -> Result<i64, ScheduleError> {
    let s = s.trim();
    let (date, time) = match s.split_once(['T', ' ']) {
        Some((d, t)) => (Some(d), t),
        None => (None, s),
    };
    let tod = time_of_day(time)?;
    match date {
        Some(d) => {
            let d = crate::date::Date::parse(d)
                .map_err(|e| ScheduleError(format!("tanggal tidak valid: {d} ({e}) / invalid date")))?;
            Ok((d.unix_days() * 86_400 + tod - zone.offset_s()) * 1000)
        }
        None => {
            let w = Window {
                start_s: tod,
                end_s: (tod + 1) % 86_400,
                zone,
            };
            let at = w.next_start_ms(now_ms);
            // Inside the one-second "window" means: now.
            Ok(at)
        }
    }
}

/// Unix ms as `YYYY-MM-DD HH:MM:SS ZONE`.
pub fn local_time(ms: i64, zone: Zone) -> String {
    let s = ms.div_euclid(1000) + zone.offset_s();
    let d = crate::date::Date::from_unix_days(s.div_euclid(86_400));
    let t = s.rem_euclid(86_400);
    format!("{d} {:02}:{:02}:{:02} {}", t / 3600, (t / 60) % 60, t % 60, zone.name())
}

/// Spacing of requests that follows the server: slower when answers are slow (four times the
/// smoothed latency) or after a 429 (doubled, up to `max`), back towards the configured spacing
/// as answers come quickly again — never below the configured spacing.
#[derive(Debug, Clone)]
pub struct AdaptivePacer {
    floor: Duration,
    max: Duration,
    current: Duration,
    latency_ewma_ms: Option<f64>,
}

impl AdaptivePacer {
    /// A pacer at `floor` (the configured spacing), never above `max`.
    pub fn new(floor: Duration, max: Duration) -> AdaptivePacer {
        AdaptivePacer {
            floor,
            max: max.max(floor),
            current: floor,
            latency_ewma_ms: None,
        }
    }
    /// The spacing to wait before the next request.
    pub fn interval(&self) -> Duration {
        self.current
    }
    /// Notes one answer: its latency and HTTP status (429 = slow down); `retry_after` from the
    /// server is honoured as a lower bound.
    pub fn observe(&mut self, latency: Duration, status: u16, retry_after: Option<Duration>) {
        let l = latency.as_secs_f64() * 1000.0;
        let e = match self.latency_ewma_ms {
            Some(prev) => 0.7 * prev + 0.3 * l,
            None => l,
        };
        self.latency_ewma_ms = Some(e);
        let by_latency = Duration::from_millis((4.0 * e) as u64);
        let next = if status == 429 || status == 503 {
            (self.current * 2).max(retry_after.unwrap_or_default())
        } else {
            // Recover gently: a quarter of the way back per quick answer.
            let gap = self.current.saturating_sub(self.floor);
            let eased = if gap < Duration::from_millis(100) {
                self.floor
            } else {
                self.current - gap / 4
            };
            eased.max(by_latency)
        };
        self.current = next.clamp(self.floor, self.max);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-12-07 00:00:00 WIB in Unix ms.
    const MIDNIGHT_WIB: i64 = (20_794 * 86_400 - 7 * 3600) * 1000;

    fn at(h: i64, m: i64) -> i64 {
        MIDNIGHT_WIB + (h * 3600 + m * 60) * 1000
    }

    #[test]
    fn midnight_constant_is_right() {
        assert_eq!(local_time(MIDNIGHT_WIB, Zone::Wib), "2026-12-07 00:00:00 WIB");
        assert_eq!(local_time(MIDNIGHT_WIB, Zone::Wit), "2026-12-07 02:00:00 WIT");
    }

    #[test]
    fn morning_window_in_wib() {
        let w = Window::parse("05:00-07:00", Zone::Wib).unwrap();
        assert!(!w.contains(at(4, 59)));
        assert!(w.contains(at(5, 0)));
        assert!(w.contains(at(6, 59)));
        assert!(!w.contains(at(7, 0)));
        assert_eq!(w.next_start_ms(at(4, 0)), at(5, 0));
        assert_eq!(w.next_start_ms(at(6, 0)), at(6, 0));
        // After the window: tomorrow at 05:00.
        assert_eq!(w.next_start_ms(at(8, 0)), at(29, 0));
        assert_eq!(w.end_ms(at(6, 30)), Some(at(7, 0)));
        assert_eq!(w.end_ms(at(8, 0)), None);
    }

    #[test]
    fn zones_shift_the_window() {
        // 05:00 WITA is 04:00 WIB; 05:00 WIT is 03:00 WIB.
        let wita = Window::parse("05:00-07:00", Zone::Wita).unwrap();
        assert_eq!(wita.next_start_ms(at(1, 0)), at(4, 0));
        let wit = Window::parse("05:00-07:00", Zone::Wit).unwrap();
        assert_eq!(wit.next_start_ms(at(1, 0)), at(3, 0));
        assert!(wit.contains(at(4, 59)) && !wit.contains(at(5, 0)));
    }

    #[test]
    fn window_across_midnight_and_seconds() {
        let w = Window::parse("22:00-02:00", Zone::Wib).unwrap();
        assert!(w.contains(at(23, 0)) && w.contains(at(1, 0)) && !w.contains(at(3, 0)));
        assert_eq!(w.end_ms(at(23, 0)), Some(at(26, 0)));
        assert_eq!(w.end_ms(at(1, 0)), Some(at(2, 0)));
        let s = Window::parse("05:00:00-05:00:30", Zone::Wib).unwrap();
        assert_eq!(s.end_ms(at(5, 0)), Some(at(5, 0) + 30_000));
    }

    #[test]
    fn bad_windows_are_refused() {
        for bad in [
            "",
            "5-7",
            "05:00",
            "25:00-26:00",
            "05:60-07:00",
            "05:00-05:00",
            "ab:cd-07:00",
            "05:00-07:00:99",
        ] {
            assert!(Window::parse(bad, Zone::Wib).is_err(), "{bad}");
        }
        assert_eq!(Zone::parse("wita"), Some(Zone::Wita));
        assert_eq!(Zone::parse("PST"), None);
    }

    #[test]
    fn at_a_time_or_a_date() {
        assert_eq!(parse_at("05:00", Zone::Wib, at(4, 0)).unwrap(), at(5, 0));
        assert_eq!(parse_at("05:00", Zone::Wib, at(6, 0)).unwrap(), at(29, 0));
        assert_eq!(parse_at("2026-12-08 05:00", Zone::Wib, at(6, 0)).unwrap(), at(29, 0));
        assert_eq!(parse_at("2026-12-08T06:00", Zone::Wita, at(6, 0)).unwrap(), at(29, 0));
        assert!(parse_at("2026-02-30 05:00", Zone::Wib, 0).is_err());
        assert!(parse_at("besok", Zone::Wib, 0).is_err());
    }

    #[test]
    fn pacer_slows_down_and_never_goes_below_the_floor() {
        let floor = Duration::from_millis(3000);
        let mut p = AdaptivePacer::new(floor, Duration::from_secs(60));
        p.observe(Duration::from_millis(100), 200, None);
        assert_eq!(p.interval(), floor);
        p.observe(Duration::from_millis(100), 429, None);
        assert_eq!(p.interval(), Duration::from_millis(6000));
        p.observe(Duration::from_millis(100), 429, Some(Duration::from_secs(20)));
        assert_eq!(p.interval(), Duration::from_secs(20));
        for _ in 0..6 {
            p.observe(Duration::from_millis(100), 429, None);
        }
        assert_eq!(p.interval(), Duration::from_secs(60), "capped at max");
        // Quick answers bring it back, down to the floor and never below.
        for _ in 0..60 {
            p.observe(Duration::from_millis(50), 200, None);
        }
        assert_eq!(p.interval(), floor);
        // Slow answers (2.5 s) push it to about 4x the latency.
        for _ in 0..20 {
            p.observe(Duration::from_millis(2500), 200, None);
        }
        assert!(p.interval() >= Duration::from_millis(9000), "{:?}", p.interval());
    }
}
