//! Builders for synthetic identifiers that follow the real layouts (domain.md §2.1, §3).

use crate::rng::SplitMix64;
use emis_core::date::{Date, days_in_month};
use std::collections::HashSet;

/// A random calendar date in `from_year..=to_year`.
pub fn random_date(rng: &mut SplitMix64, from_year: u16, to_year: u16) -> Date {
    let y = rng.range(u64::from(from_year), u64::from(to_year)) as u16;
    let m = rng.range(1, 12) as u8;
    let d = rng.range(1, u64::from(days_in_month(y, m))) as u8;
    Date::new(y, m, d).unwrap_or(Date::new(y, 1, 1).expect("1 January exists"))
}

/// NIK `PPKKCC DDMMYY SSSS`: kecamatan of registration, birth date (day + 40 for women) and a
/// serial from 0001, bumped until the number is unused (as Dukcapil does on collisions).
pub fn nik(rng: &mut SplitMix64, used: &mut HashSet<String>, kecamatan: u32, birth: Date, female: bool) -> String {
    let day = u32::from(birth.day()) + if female { 40 } else { 0 };
    let head = format!("{kecamatan:06}{day:02}{:02}{:02}", birth.month(), birth.year() % 100);
    let mut serial = rng.range(1, 30) as u32;
    loop {
        let candidate = format!("{head}{serial:04}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        serial = if serial >= 9999 { 1 } else { serial + 1 };
    }
}

/// No. KK: issuing kecamatan + registration date `DDMMYY` + family serial.
pub fn kk(rng: &mut SplitMix64, used: &mut HashSet<String>, kecamatan: u32, not_before: u16) -> String {
    loop {
        let reg = random_date(rng, not_before.clamp(2000, 2025), 2025);
        let candidate = format!(
            "{kecamatan:06}{:02}{:02}{:02}{:04}",
            reg.day(),
            reg.month(),
            reg.year() % 100,
            rng.range(1, 999)
        );
        if used.insert(candidate.clone()) {
            return candidate;
        }
    }
}

/// NISN: usually the last three digits of the birth year, then seven digits. About one in
/// eight does not follow the birth year (still valid, as in real data).
pub fn nisn(rng: &mut SplitMix64, used: &mut HashSet<String>, birth_year: u16) -> String {
    loop {
        let prefix = if rng.chance(0.88) {
            format!("{:03}", birth_year % 1000)
        } else {
            format!("{:03}", rng.below(1000))
        };
        let candidate = format!("{prefix}{}", rng.digits(7));
        if used.insert(candidate.clone()) {
            return candidate;
        }
    }
}

/// NIP of a PNS: `YYYYMMDD YYYYMM G NNN` (birth, TMT CPNS, sex 1/2, serial).
pub fn nip_pns(used: &mut HashSet<String>, birth: Date, tmt_year: u16, tmt_month: u8, female: bool) -> String {
    nip_with_code(used, birth, tmt_year, tmt_month, female)
}

/// NI PPPK: birth, year of appointment, a two-digit code that is not a month (21, 24), sex,
/// serial.
pub fn ni_pppk(used: &mut HashSet<String>, birth: Date, year: u16, code: u8, female: bool) -> String {
    nip_with_code(used, birth, year, code, female)
}

fn nip_with_code(used: &mut HashSet<String>, birth: Date, year: u16, code: u8, female: bool) -> String {
    let g = if female { 2 } else { 1 };
    let head = format!(
        "{:04}{:02}{:02}{year:04}{code:02}{g}",
        birth.year(),
        birth.month(),
        birth.day()
    );
    let mut serial = 1;
    loop {
        let candidate = format!("{head}{serial:03}");
        if used.insert(candidate.clone()) {
            return candidate;
        }
        serial += 1;
    }
}

/// NUPTK: 16 digits (layout unpublished).
pub fn nuptk(rng: &mut SplitMix64) -> String {
    format!("{}{}", rng.range(1, 9), rng.digits(15))
}

/// Kecamatan codes of the kab/kotas where the synthetic lembaga sit (pesantren-dense areas).
pub const LEMBAGA_KAB_KOTA: &[u16] = &[
    3517, 3506, 3524, 3509, 3526, 3528, 3578, 3273, 3206, 3204, 3311, 3322, 3604, 3671, 7371, 1271, 5201, 1371, 6471,
    3674,
];

#[cfg(test)]
mod tests {
    use super::*;
    use emis_core::id;

    #[test]
    fn built_identifiers_are_valid() {
        let mut rng = SplitMix64::new(7);
        let mut used = HashSet::new();
        let b = Date::new(2010, 2, 28).unwrap();
        let n = nik(&mut rng, &mut used, 351701, b, true);
        assert_eq!(&n[6..12], "680210");
        assert!(id::nik::is_valid(&n), "{n}");
        assert!(id::kk::is_valid(&kk(&mut rng, &mut used, 351701, 2010)));
        assert!(id::nisn::is_valid(&nisn(&mut rng, &mut used, 2010)));
        let p = nip_pns(&mut used, Date::new(1985, 4, 1).unwrap(), 2010, 3, false);
        assert!(id::nip::is_valid(&p), "{p}");
        let q = ni_pppk(&mut used, Date::new(1990, 1, 5).unwrap(), 2023, 21, true);
        assert!(id::nip::is_valid(&q), "{q}");
        assert!(id::nuptk::is_valid(&nuptk(&mut rng)));
    }
}
