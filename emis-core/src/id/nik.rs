//! NIK, Nomor Induk Kependudukan: `PP KK CC DDMMYY SSSS`.
//!
//! Province, kab/kota and kecamatan of first registration; the birth date with 40 added to
//! the day for women; a serial from 0001. The century of `YY` is chosen so the birth date is
//! not in the future. The region is checked against the Kemendagri tables: a current code is
//! fine, a retired code (e.g. pre-2022 Papua `9101…`) is valid with a warning, a code never
//! issued is invalid.

use super::{
    CheckOptions, IdKind, IdReport, Part, Parts, dotted, has_invalid, id_newtype, kab_kota_well_formed, num,
    region_label, report, unreadable,
};
use crate::catalog::codes;
use crate::date::{Date, days_in_month};
use crate::report::Issue;
use crate::wilayah::{self, Status};

id_newtype!(
    /// A valid NIK (possibly with warnings, e.g. a retired region code).
    Nik, 16, IdKind::Nik, masked = true
);

/// Sex as recorded in EMIS (`L` laki-laki, `P` perempuan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum JenisKelamin {
    /// Laki-laki (male).
    L,
    /// Perempuan (female).
    P,
}

impl JenisKelamin {
    /// Reads `L`/`P`, `laki-laki`/`perempuan`, `male`/`female`, and SIMPEG's `1`/`2`.
    pub fn parse(text: &str) -> Option<JenisKelamin> {
        const L: [&str; 8] = ["l", "lk", "laki-laki", "laki laki", "pria", "male", "m", "1"];
        const P: [&str; 8] = ["p", "pr", "perempuan", "wanita", "female", "f", "w", "2"];
        let t = text.trim();
        if L.iter().any(|k| k.eq_ignore_ascii_case(t)) {
            Some(JenisKelamin::L)
        } else if P.iter().any(|k| k.eq_ignore_ascii_case(t)) {
            Some(JenisKelamin::P)
        } else {
            None
        }
    }
    /// `"L"` or `"P"`.
    pub fn as_str(self) -> &'static str {
        match self {
            JenisKelamin::L => "L",
            JenisKelamin::P => "P",
        }
    }
}

/// Year for a two-digit `yy` such that the date is not after `today`.
pub fn century(yy: u8, month: u8, day: u8, today: Date) -> u16 {
    let y20 = 2000 + u16::from(yy);
    match Date::new(y20, month, day) {
        Some(d) if d <= today => y20,
        None if y20 <= today.year() => y20,
        _ => 1900 + u16::from(yy),
    }
}

impl Nik {
    /// Province code (`PP`).
    pub fn provinsi(&self) -> u8 {
        num(&self.0[0..2]) as u8
    }
    /// Kab/kota code (`PPKK`).
    pub fn kab_kota(&self) -> u16 {
        num(&self.0[0..4]) as u16
    }
    /// Kecamatan code (`PPKKCC`).
    pub fn kecamatan(&self) -> u32 {
        num(&self.0[0..6])
    }
    /// Whether the region code is current or retired.
    pub fn region_status(&self) -> Status {
        wilayah::kecamatan_status(self.kecamatan())
    }
    /// Sex encoded by the day field (day > 40 ⇒ P).
    pub fn jenis_kelamin(&self) -> JenisKelamin {
        if num(&self.0[6..8]) > 40 {
            JenisKelamin::P
        } else {
            JenisKelamin::L
        }
    }
    /// Day, month and two-digit year of birth as encoded (day without the +40).
    pub fn birth_dmy(&self) -> (u8, u8, u8) {
        let d = num(&self.0[6..8]) as u8;
        (
            if d > 40 { d - 40 } else { d },
            num(&self.0[8..10]) as u8,
            num(&self.0[10..12]) as u8,
        )
    }
    /// Birth date encoded in the NIK, with the century chosen so it is not after `today`.
    pub fn birth_date(&self, today: Date) -> Date {
        let (d, m, yy) = self.birth_dmy();
        let y = century(yy, m, d, today);
        Date::new(y, m, d).unwrap_or(today)
    }
    /// Serial (last four digits).
    pub fn serial(&self) -> u16 {
        num(&self.0[12..16]) as u16
    }
}

/// Fast validity test (no allocation): 16 ASCII digits after normalisation, well-formed and
/// issued region code (current or retired), a calendar birth date, serial ≠ 0000.
#[inline]
pub fn is_valid(input: &str) -> bool {
    match super::digits_only::<16>(input) {
        Some(b) => valid_digits(&b),
        None => false,
    }
}

/// True when `input` is exactly 16 ASCII digits of a valid NIK with no issue at all: valid
/// and its region current (a retired region is valid with a warning). One pass, no
/// allocation: the streaming classifier's test for "nothing to report".
#[inline]
pub fn is_clean(input: &str) -> bool {
    let b = input.as_bytes();
    match <&[u8; 16]>::try_from(b) {
        Ok(b) if b.iter().all(u8::is_ascii_digit) => valid_digits_in(b, Status::Current),
        _ => false,
    }
}

#[inline]
fn valid_digits(b: &[u8; 16]) -> bool {
    valid_digits_in(b, Status::Retired)
}

/// Valid, with a region at least as good as `worst` (`Retired` accepts current and retired).
#[inline(always)]
fn valid_digits_in(b: &[u8; 16], worst: Status) -> bool {
    let pp = num(&b[0..2]);
    let kk = num(&b[2..4]);
    if pp == 0 || !kab_kota_well_formed(kk) {
        return false;
    }
    match wilayah::kecamatan_status(num(&b[0..6])) {
        Status::Unknown => return false,
        Status::Retired if worst == Status::Current => return false,
        _ => {}
    }
    let mut day = num(&b[6..8]);
    if day > 40 {
        day -= 40;
    }
    let month = num(&b[8..10]);
    let yy = num(&b[10..12]);
    if day == 0 || month == 0 || month > 12 {
        return false;
    }
    // yy = 00 is 2000 (a leap year) for any today after 29 Feb 2000; other years' leap status
    // does not depend on the century.
    let year = 2000 + yy as u16;
    if day > u32::from(days_in_month(year, month as u8)) {
        return false;
    }
    num(&b[12..16]) != 0
}

fn analyse(b: &[u8; 16], opts: Option<&CheckOptions>, want_parts: bool) -> (Vec<Issue>, Vec<Part>) {
    let mut issues = Vec::new();
    let mut parts = Parts::new(want_parts);
    let path = "nik";
    let pp = num(&b[0..2]);
    let kk = num(&b[2..4]);
    let mut region_ok = true;
    if pp == 0 {
        issues.push(Issue::new(codes::NIK_PROVINSI_TIDAK_VALID, path));
        region_ok = false;
    }
    if !kab_kota_well_formed(kk) {
        issues.push(Issue::new(codes::NIK_KABKOTA_TIDAK_VALID, path).with("kab_kota", format!("{kk:02}")));
        region_ok = false;
    }
    if region_ok {
        let code6 = num(&b[0..6]);
        match wilayah::kecamatan_status(code6) {
            Status::Current => {}
            Status::Retired => issues.push(
                Issue::new(codes::NIK_WILAYAH_LAMA, path)
                    .with("kode", dotted(&b[0..6]))
                    .with("nama", wilayah::kecamatan_name(code6).unwrap_or("?")),
            ),
            Status::Unknown => {
                // Name the narrowest level that is unknown.
                let kode = if wilayah::kab_kota_status(num(&b[0..4]) as u16) == Status::Unknown {
                    dotted(&b[0..4])
                } else {
                    dotted(&b[0..6])
                };
                issues.push(Issue::new(codes::NIK_WILAYAH_TIDAK_DIKENAL, path).with("kode", kode));
            }
        }
        parts.add("provinsi", || region_label(&b[0..2]));
        parts.add("kab_kota", || region_label(&b[0..4]));
        parts.add("kecamatan", || region_label(&b[0..6]));
    }
    let raw_day = num(&b[6..8]);
    let day = if raw_day > 40 { raw_day - 40 } else { raw_day };
    let month = num(&b[8..10]);
    let yy = num(&b[10..12]);
    let date_issue = |id: &str, en: &str| {
        Issue::new(codes::NIK_TANGGAL_TIDAK_VALID, path)
            .with("alasan", id)
            .with("reason", en)
    };
    if day == 0 || day > 31 {
        issues.push(date_issue("hari di luar 01-31 / 41-71", "day outside 01-31 / 41-71"));
    } else if month == 0 || month > 12 {
        issues.push(date_issue("bulan di luar 01-12", "month outside 01-12"));
    } else if day > u32::from(days_in_month(2000 + yy as u16, month as u8)) {
        issues.push(date_issue(
            "tanggal tidak ada di bulan itu",
            "no such day in that month",
        ));
    } else {
        parts.add("jenis_kelamin", || String::from(if raw_day > 40 { "P" } else { "L" }));
        if let Some(o) = opts {
            let y = century(yy as u8, month as u8, day as u8, o.today);
            if let Some(d) = Date::new(y, month as u8, day as u8) {
                parts.add("tanggal_lahir", || d.to_string());
            }
        }
    }
    let serial = num(&b[12..16]);
    if serial == 0 {
        issues.push(Issue::new(codes::NIK_NOMOR_URUT_NOL, path));
    } else {
        parts.add("nomor_urut", || format!("{serial:04}"));
    }
    (issues, parts.v)
}

/// Checks a NIK and returns every issue with the parts.
pub fn check(input: &str, opts: &CheckOptions) -> IdReport {
    match super::digits::<16>(IdKind::Nik, input) {
        Ok(b) => {
            let (issues, parts) = analyse(&b, Some(opts), true);
            report(IdKind::Nik, &b, issues, parts)
        }
        Err(issue) => unreadable(IdKind::Nik, issue),
    }
}

/// True for 16 plain ASCII digits whose region is current. For a NIK that [`is_valid`], this
/// means no issue at all (its only possible identifier-level issue is a retired region).
pub(super) fn plainly_clean(input: &str) -> bool {
    let b = input.as_bytes();
    b.len() == 16 && b.iter().all(u8::is_ascii_digit) && wilayah::kecamatan_status(num(&b[..6])) == Status::Current
}

/// Issue codes only, for streaming checks; `None` when the NIK has no issue at all.
pub fn issues(input: &str) -> Vec<Issue> {
    match super::digits::<16>(IdKind::Nik, input) {
        Ok(b) => analyse(&b, None, false).0,
        Err(issue) => vec![issue],
    }
}

pub(super) fn check_typed(input: &str) -> (Option<Nik>, Vec<Issue>) {
    match super::digits::<16>(IdKind::Nik, input) {
        Ok(b) => {
            let (issues, _) = analyse(&b, None, false);
            if has_invalid(&issues) {
                (None, issues)
            } else {
                (Some(Nik(b)), issues)
            }
        }
        Err(issue) => (None, vec![issue]),
    }
}
