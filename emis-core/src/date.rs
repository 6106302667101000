//! Calendar dates without a time zone (birth dates, TMT, period windows).
//!
//! The core never reads the system clock on its own: "today" is passed in (see
//! [`Date::today_utc`] on native targets; the bindings pass the host's date).

use std::fmt;

/// A proleptic Gregorian calendar date. Ordering is chronological.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    year: u16,
    month: u8,
    day: u8,
}

/// Why a date string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    /// The text is empty.
    #[error("tanggal kosong / empty date")]
    Empty,
    /// The text is not in a known date format.
    #[error("format tanggal tidak dikenal / unknown date format")]
    Format,
    /// The parts do not form a real calendar date (31 April, 29 February in a common year...).
    #[error("tanggal tidak ada di kalender / not a calendar date")]
    NotACalendarDate,
}

/// True for leap years of the Gregorian calendar.
pub const fn is_leap(year: u16) -> bool {
    (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400)
}

/// Number of days in a month (0 for a month outside 1..=12).
pub const fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 => {
            if is_leap(year) {
                29
            } else {
                28
            }
        }
        _ => 0,
    }
}

const MONTHS_ID: [(&str, u8); 29] = [
    ("januari", 1),
    ("jan", 1),
    ("februari", 2),
    ("pebruari", 2),
    ("feb", 2),
    ("peb", 2),
    ("maret", 3),
    ("mar", 3),
    ("april", 4),
    ("apr", 4),
    ("mei", 5),
    ("juni", 6),
    ("jun", 6),
    ("juli", 7),
    ("jul", 7),
    ("agustus", 8),
    ("agu", 8),
    ("agt", 8),
    ("agst", 8),
    ("ags", 8),
    ("aug", 8),
    ("september", 9),
    ("sep", 9),
    ("sept", 9),
    ("oktober", 10),
    ("okt", 10),
    ("oct", 10),
    ("november", 11),
    ("desember", 12),
];

fn month_by_name(name: &str) -> Option<u8> {
    let n = name.trim_end_matches('.').to_ascii_lowercase();
    match n.as_str() {
        "nov" | "nop" | "nopember" => return Some(11),
        "des" | "dec" => return Some(12),
        "may" => return Some(5),
        _ => {}
    }
    MONTHS_ID.iter().find(|(k, _)| *k == n).map(|(_, m)| *m)
}

fn num(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

impl Date {
    /// A date if the parts form a real calendar date (years 1000..=9999).
    pub const fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        if year < 1000 || year > 9999 || month == 0 || month > 12 || day == 0 {
            return None;
        }
        if day > days_in_month(year, month) {
            return None;
        }
        Some(Date { year, month, day })
    }

    /// The year.
    pub const fn year(&self) -> u16 {
        self.year
    }
    /// The month, 1..=12.
    pub const fn month(&self) -> u8 {
        self.month
    }
    /// The day of the month.
    pub const fn day(&self) -> u8 {
        self.day
    }

    /// Today's date in UTC+7 (WIB) from the system clock. Native targets only: on wasm32
    /// the host passes the date in.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn today_wib() -> Date {
        let secs = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs() as i64)
            .unwrap_or(0);
        Date::from_unix_days((secs + 7 * 3600).div_euclid(86_400))
    }

    /// Builds a date from a count of days since 1970-01-01 (civil-from-days algorithm).
    pub fn from_unix_days(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let y = if m <= 2 { y + 1 } else { y };
        let y = y.clamp(1000, 9999) as u16;
        Date::new(y, m, d).unwrap_or(Date {
            year: y,
            month: 1,
            day: 1,
        })
    }

    /// Days since 1970-01-01.
    pub fn unix_days(&self) -> i64 {
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y.rem_euclid(400);
        let m = i64::from(self.month);
        let mp = if m > 2 { m - 3 } else { m + 9 };
        let doy = (153 * mp + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Age in whole years on `on` (negative if `on` is before this date).
    pub fn age_on(&self, on: Date) -> i32 {
        let mut age = i32::from(on.year) - i32::from(self.year);
        if (on.month, on.day) < (self.month, self.day) {
            age -= 1;
        }
        age
    }

    /// Reads the date formats operators and EMIS use: `2008-08-17`, `2008-08-17 00:00:00`
    /// (SIMPEG), `2008-08-17T00:00:00Z`, `17-08-2008`, `17/08/2008`, `17.08.2008`,
    /// `17 Agustus 2008`, `17 Agt 2008`.
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let t = text.trim();
        if t.is_empty() {
            return Err(DateError::Empty);
        }
        // Fast path without allocation: YYYY-MM-DD.
        let b = t.as_bytes();
        if b.len() == 10
            && b[4] == b'-'
            && b[7] == b'-'
            && let (Some(y), Some(m), Some(d)) = (num(&t[0..4]), num(&t[5..7]), num(&t[8..10]))
        {
            return Date::new(y as u16, m as u8, d as u8).ok_or(DateError::NotACalendarDate);
        }
        if t.len() > 40 {
            return Err(DateError::Format);
        }
        // ISO date, possibly followed by a time.
        let head = t.split(['T', ' ']).next().unwrap_or(t);
        let parts: Vec<&str> = head.split(['-', '/', '.']).collect();
        if parts.len() == 3 {
            let (a, b, c) = (parts[0], parts[1], parts[2]);
            let (y, m, d) = if a.len() == 4 {
                (num(a), num(b), num(c))
            } else if c.len() == 4 {
                (num(c), num(b), num(a))
            } else {
                return Err(DateError::Format);
            };
            return match (y, m, d) {
                (Some(y), Some(m), Some(d)) if y <= 9999 && m <= 255 && d <= 255 => {
                    Date::new(y as u16, m as u8, d as u8).ok_or(DateError::NotACalendarDate)
                }
                _ => Err(DateError::Format),
            };
        }
        // "17 Agustus 2008"
        let words: Vec<&str> = t.split_whitespace().collect();
        if words.len() == 3
            && let (Some(d), Some(m), Some(y)) = (num(words[0]), month_by_name(words[1]), num(words[2]))
            && words[2].len() == 4
            && d <= 255
        {
            return Date::new(y as u16, m, d as u8).ok_or(DateError::NotACalendarDate);
        }
        Err(DateError::Format)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}
impl fmt::Debug for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::str::FromStr for Date {
    type Err = DateError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Date::parse(s)
    }
}

impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        Date::parse(&s).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn calendar() {
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(1900, 2, 29).is_none());
        assert!(Date::new(2024, 4, 31).is_none());
        assert!(Date::new(2024, 13, 1).is_none());
    }

    #[test]
    fn parses_common_formats() {
        let d = Date::new(2008, 8, 15).unwrap();
        for s in [
            "2008-08-15",
            "2008-08-15 00:00:00",
            "2008-08-15T00:00:00Z",
            "15-08-2008",
            "15/08/2008",
            "15.08.2008",
            "15 Agustus 2008",
            "15 agt 2008",
            " 15 AGUSTUS 2008 ",
        ] {
            assert_eq!(Date::parse(s), Ok(d), "{s}");
        }
        assert_eq!(Date::parse(""), Err(DateError::Empty));
        assert_eq!(Date::parse("30-02-2008"), Err(DateError::NotACalendarDate));
        assert_eq!(Date::parse("kemarin"), Err(DateError::Format));
        assert_eq!(Date::parse("2008-０８-15"), Err(DateError::Format));
    }

    #[test]
    fn unix_days_round_trip() {
        for days in [-3653, 0, 1, 11_016, 20_000, 30_000] {
            assert_eq!(Date::from_unix_days(days).unix_days(), days);
        }
        assert_eq!(Date::from_unix_days(0), Date::new(1970, 1, 1).unwrap());
    }

    #[test]
    fn age() {
        let b = Date::new(2008, 8, 17).unwrap();
        assert_eq!(b.age_on(Date::new(2026, 8, 16).unwrap()), 17);
        assert_eq!(b.age_on(Date::new(2026, 8, 17).unwrap()), 18);
    }
}
