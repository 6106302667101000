//! A NIK as the operator types it: what the digits typed so far already say.
//!
//! After 2 digits the province is named (or refused), after 4 the kab/kota, after 6 the
//! kecamatan (against the Kemendagri tables of [`crate::wilayah`]); the day and month are
//! checked as soon as they are typed, the sex and birth date are given at 12 digits, and at 16
//! the full check ([`super::nik::check`]) takes over. A correct beginning is
//! [`PrefixStatus::Incomplete`] with the issue `nik.belum_lengkap` (a warning), never "wrong
//! length"; a wrong character or a 17th digit is an error at once.

use super::{CheckOptions, IdKind, Part, base_code, dotted, kab_kota_well_formed, nik, num, part, region_label};
use crate::catalog::codes;
use crate::date::{Date, days_in_month};
use crate::report::{Issue, Verdict, verdict_of};
use crate::wilayah::{self, Status};

/// Where a NIK being typed stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PrefixStatus {
    /// Nothing wrong so far, digits still missing.
    Incomplete,
    /// Something typed is already wrong (or there is a character that is not a digit).
    Invalid,
    /// 16 digits with warnings only.
    Warning,
    /// 16 digits, no issue.
    Ok,
}

/// What the digits typed so far say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrefixReport {
    /// Digits typed (separators ` .-` not counted).
    pub digits: usize,
    /// See [`PrefixStatus`].
    pub status: PrefixStatus,
    /// Every issue so far (`nik.belum_lengkap` while digits are missing and nothing is wrong).
    pub issues: Vec<Issue>,
    /// The parts known so far (`provinsi`, `kab_kota`, `kecamatan`, `jenis_kelamin`,
    /// `tanggal_lahir`, `nomor_urut`).
    pub parts: Vec<Part>,
}

/// Checks the beginning of a NIK (see the module documentation).
pub fn check_nik_prefix(input: &str, opts: &CheckOptions) -> PrefixReport {
    let field = IdKind::Nik.code_prefix();
    let t = input.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let mut b: Vec<u8> = Vec::with_capacity(16);
    for c in t.chars() {
        if c.is_ascii_digit() {
            b.push(c as u8);
            if b.len() > 16 {
                break;
            }
        } else if !matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\t') {
            // The full reader names the character (`nik.karakter_tidak_valid`).
            let i = match super::digits::<16>(IdKind::Nik, t) {
                Err(i) => i,
                Ok(_) => Issue::new(base_code(IdKind::Nik, 1), field),
            };
            return done(b.len(), vec![i], Vec::new());
        }
    }
    if b.len() == 16 {
        let r = nik::check(t, opts);
        return done(16, r.issues, r.parts);
    }
    if b.len() > 16 {
        let i = Issue::new(base_code(IdKind::Nik, 2), field).with("got", "17+");
        return done(b.len(), vec![i], Vec::new());
    }
    let (mut issues, parts) = typed_so_far(&b, opts.today);
    if verdict_of(&issues) != Verdict::Invalid {
        issues.push(Issue::new(codes::NIK_BELUM_LENGKAP, field).with("got", b.len().to_string()));
    }
    done(b.len(), issues, parts)
}

fn done(digits: usize, issues: Vec<Issue>, parts: Vec<Part>) -> PrefixReport {
    let status = match verdict_of(&issues) {
        Verdict::Invalid => PrefixStatus::Invalid,
        _ if digits < 16 => PrefixStatus::Incomplete,
        Verdict::Warning => PrefixStatus::Warning,
        Verdict::Ok => PrefixStatus::Ok,
    };
    PrefixReport {
        digits,
        status,
        issues,
        parts,
    }
}

/// Issues and parts of fewer than 16 digits.
fn typed_so_far(b: &[u8], today: Date) -> (Vec<Issue>, Vec<Part>) {
    let path = "nik";
    let mut issues = Vec::new();
    let mut parts = Vec::new();
    let n = b.len();
    let unknown = |code: &[u8]| Issue::new(codes::NIK_WILAYAH_TIDAK_DIKENAL, path).with("kode", dotted(code));
    if n >= 2 {
        let pp = num(&b[..2]);
        if pp == 0 {
            issues.push(Issue::new(codes::NIK_PROVINSI_TIDAK_VALID, path));
            return (issues, parts);
        }
        if wilayah::provinsi_status(pp as u8) == Status::Unknown {
            issues.push(unknown(&b[..2]));
            return (issues, parts);
        }
        parts.push(part("provinsi", region_label(&b[..2])));
    }
    if n >= 4 {
        let kk = num(&b[2..4]);
        if !kab_kota_well_formed(kk) {
            issues.push(Issue::new(codes::NIK_KABKOTA_TIDAK_VALID, path).with("kab_kota", format!("{kk:02}")));
            return (issues, parts);
        }
        if wilayah::kab_kota_status(num(&b[..4]) as u16) == Status::Unknown {
            issues.push(unknown(&b[..4]));
            return (issues, parts);
        }
        parts.push(part("kab_kota", region_label(&b[..4])));
    }
    if n >= 6 {
        let code6 = num(&b[..6]);
        match wilayah::kecamatan_status(code6) {
            Status::Unknown => {
                issues.push(unknown(&b[..6]));
                return (issues, parts);
            }
            Status::Retired => issues.push(
                Issue::new(codes::NIK_WILAYAH_LAMA, path)
                    .with("kode", dotted(&b[..6]))
                    .with("nama", wilayah::kecamatan_name(code6).unwrap_or("?")),
            ),
            Status::Current => {}
        }
        parts.push(part("kecamatan", region_label(&b[..6])));
    }
    let date_issue = |id: &str, en: &str| {
        Issue::new(codes::NIK_TANGGAL_TIDAK_VALID, path)
            .with("alasan", id)
            .with("reason", en)
    };
    // Day: 01-31 (men) or 41-71 (women); the first digit alone can already be wrong (8, 9).
    if n >= 7 && b[6] > b'7' {
        issues.push(date_issue("hari di luar 01-31 / 41-71", "day outside 01-31 / 41-71"));
        return (issues, parts);
    }
    // Day without the +40 of women, once both digits are typed.
    let raw = if n >= 8 { num(&b[6..8]) } else { 0 };
    let day = if raw > 40 { raw - 40 } else { raw };
    if n >= 8 && (day == 0 || day > 31) {
        issues.push(date_issue("hari di luar 01-31 / 41-71", "day outside 01-31 / 41-71"));
        return (issues, parts);
    }
    if n >= 9 && b[8] > b'1' {
        issues.push(date_issue("bulan di luar 01-12", "month outside 01-12"));
        return (issues, parts);
    }
    let month = if n >= 10 { num(&b[8..10]) } else { 0 };
    if n >= 10 && (month == 0 || month > 12) {
        issues.push(date_issue("bulan di luar 01-12", "month outside 01-12"));
        return (issues, parts);
    }
    // 29 February stays possible until the year is typed (2000 is a leap year).
    let year_for_days = if n >= 12 { 2000 + num(&b[10..12]) as u16 } else { 2000 };
    if n >= 10 && day > u32::from(days_in_month(year_for_days, month as u8)) {
        issues.push(date_issue(
            "tanggal tidak ada di bulan itu",
            "no such day in that month",
        ));
        return (issues, parts);
    }
    if n >= 12 {
        let yy = num(&b[10..12]);
        parts.push(part("jenis_kelamin", if raw > 40 { "P" } else { "L" }));
        let y = nik::century(yy as u8, month as u8, day as u8, today);
        if let Some(d) = Date::new(y, month as u8, day as u8) {
            parts.push(part("tanggal_lahir", d.to_string()));
        }
    }
    (issues, parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(input: &str) -> PrefixReport {
        check_nik_prefix(input, &CheckOptions::new(Date::new(2026, 11, 30).unwrap()))
    }
    fn part_of<'a>(r: &'a PrefixReport, name: &str) -> Option<&'a str> {
        r.parts.iter().find(|p| p.name == name).map(|p| p.value.as_str())
    }
    fn codes(r: &PrefixReport) -> Vec<&'static str> {
        r.issues.iter().map(|i| i.code).collect()
    }

    #[test]
    fn regions_are_named_as_they_are_typed() {
        let r = at("35");
        assert_eq!(r.status, PrefixStatus::Incomplete);
        assert_eq!(codes(&r), vec!["nik.belum_lengkap"]);
        assert!(part_of(&r, "provinsi").unwrap().contains("Jawa Timur"));
        let r = at("3517");
        assert!(part_of(&r, "kab_kota").is_some());
        let r = at("3517 01");
        assert_eq!(r.digits, 6);
        assert!(part_of(&r, "kecamatan").is_some());
        assert_eq!(part_of(&r, "jenis_kelamin"), None);
    }

    #[test]
    fn sex_and_birth_date_at_twelve_digits() {
        let r = at("351701570808");
        assert_eq!(part_of(&r, "jenis_kelamin"), Some("P"));
        assert_eq!(part_of(&r, "tanggal_lahir"), Some("2008-08-17"));
        assert_eq!(r.status, PrefixStatus::Incomplete);
    }

    #[test]
    fn wrong_beginnings_are_invalid_at_once() {
        assert_eq!(codes(&at("00")), vec!["nik.provinsi_tidak_valid"]);
        assert_eq!(codes(&at("3570")), vec!["nik.kabkota_tidak_valid"]);
        assert_eq!(codes(&at("99")), vec!["nik.wilayah_tidak_dikenal"]);
        assert_eq!(codes(&at("3517018")), vec!["nik.tanggal_tidak_valid"]);
        assert_eq!(codes(&at("351701173")), vec!["nik.tanggal_tidak_valid"]);
        assert_eq!(codes(&at("3517013102")), vec!["nik.tanggal_tidak_valid"]);
        // 29 February: possible until the year says otherwise.
        assert_eq!(at("3517012902").status, PrefixStatus::Incomplete);
        assert_eq!(codes(&at("351701290207")), vec!["nik.tanggal_tidak_valid"]);
        assert_eq!(codes(&at("35x")), vec!["nik.karakter_tidak_valid"]);
        assert_eq!(codes(&at("35170117080800011")), vec!["nik.panjang_salah"]);
        assert_eq!(at("35").status, PrefixStatus::Incomplete);
    }

    #[test]
    fn sixteen_digits_is_the_full_check() {
        assert_eq!(at("3517011708080001").status, PrefixStatus::Ok);
        assert_eq!(codes(&at("3517011708080000")), vec!["nik.nomor_urut_nol"]);
        let empty = at("");
        assert_eq!((empty.digits, empty.status), (0, PrefixStatus::Incomplete));
    }
}
