//! NIP (PNS) and NI PPPK: 18 digits `YYYYMMDD YYYYMM G NNN`.
//!
//! Birth date, year and month of appointment (TMT CPNS), sex (1 pria, 2 wanita), serial.
//! NI PPPK numbers put a two-digit code that is not a month in digits 13–14 (e.g. `21`):
//! such a number is classified as PPPK with a warning, not rejected.

use super::{CheckOptions, IdKind, IdReport, Part, Parts, has_invalid, id_newtype, num, report, unreadable};
use crate::catalog::codes;
use crate::date::Date;
use crate::id::nik::JenisKelamin;
use crate::report::Issue;

id_newtype!(
    /// A valid NIP or NI PPPK.
    Nip, 18, IdKind::Nip, masked = true
);

/// Civil-service kind inferred from the number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub enum NipKind {
    /// Pegawai Negeri Sipil: digits 13–14 are the TMT month.
    Pns,
    /// Pegawai Pemerintah dengan Perjanjian Kerja: digits 13–14 are a code, not a month.
    Pppk,
}

impl Nip {
    /// Birth date (digits 1–8).
    pub fn birth_date(&self) -> Option<Date> {
        Date::new(
            num(&self.0[0..4]) as u16,
            num(&self.0[4..6]) as u8,
            num(&self.0[6..8]) as u8,
        )
    }
    /// Year of appointment (digits 9–12).
    pub fn tmt_year(&self) -> u16 {
        num(&self.0[8..12]) as u16
    }
    /// Month of appointment for PNS, `None` for PPPK.
    pub fn tmt_month(&self) -> Option<u8> {
        let m = num(&self.0[12..14]) as u8;
        (1..=12).contains(&m).then_some(m)
    }
    /// PNS or PPPK.
    pub fn kind(&self) -> NipKind {
        if self.tmt_month().is_some() {
            NipKind::Pns
        } else {
            NipKind::Pppk
        }
    }
    /// Sex digit (15).
    pub fn jenis_kelamin(&self) -> JenisKelamin {
        if self.0[14] == b'2' {
            JenisKelamin::P
        } else {
            JenisKelamin::L
        }
    }
    /// Serial (digits 16–18).
    pub fn serial(&self) -> u16 {
        num(&self.0[15..18]) as u16
    }
}

fn analyse(b: &[u8; 18], today: Option<Date>, want_parts: bool) -> (Vec<Issue>, Vec<Part>) {
    let mut issues = Vec::new();
    let mut parts = Parts::new(want_parts);
    let p = "nip";
    let by = num(&b[0..4]) as u16;
    let birth = Date::new(by, num(&b[4..6]) as u8, num(&b[6..8]) as u8);
    let birth_ok = match (birth, today) {
        (Some(d), Some(t)) => d.year() >= 1900 && d <= t,
        (Some(d), None) => d.year() >= 1900,
        _ => false,
    };
    if !birth_ok {
        issues.push(Issue::new(codes::NIP_TANGGAL_LAHIR_TIDAK_VALID, p));
    } else if let Some(d) = birth {
        parts.add("tanggal_lahir", || d.to_string());
    }
    let ty = num(&b[8..12]) as u16;
    let code = num(&b[12..14]);
    if ty < 1900 || (birth_ok && ty < by) || today.is_some_and(|t| ty > t.year() + 1) {
        issues.push(Issue::new(codes::NIP_TMT_TIDAK_VALID, p));
    } else {
        if birth_ok && ty < by + 18 {
            issues.push(Issue::new(codes::NIP_TMT_TERLALU_DINI, p));
        }
        if (1..=12).contains(&code) {
            parts.add("jenis", || String::from("PNS"));
            parts.add("tmt", || format!("{ty:04}-{code:02}"));
        } else {
            issues.push(Issue::new(codes::NIP_PPPK, p).with("kode", format!("{code:02}")));
            parts.add("jenis", || String::from("PPPK"));
            parts.add("tahun_pengangkatan", || format!("{ty:04}"));
        }
    }
    match b[14] {
        b'1' => parts.add("jenis_kelamin", || String::from("L")),
        b'2' => parts.add("jenis_kelamin", || String::from("P")),
        d => issues.push(Issue::new(codes::NIP_JENIS_KELAMIN_TIDAK_VALID, p).with("digit", (d as char).to_string())),
    }
    let serial = num(&b[15..18]);
    if serial == 0 {
        issues.push(Issue::new(codes::NIP_NOMOR_URUT_NOL, p));
    } else {
        parts.add("nomor_urut", || format!("{serial:03}"));
    }
    (issues, parts.v)
}

/// Fast validity test (warnings such as PPPK do not make it invalid). It does not know today,
/// so a future birth date passes; use [`is_valid_on`] to agree with [`check`].
pub fn is_valid(input: &str) -> bool {
    match super::digits_only::<18>(input) {
        Some(b) => !has_invalid(&analyse(&b, None, false).0),
        None => false,
    }
}

/// Fast validity test on a given day: also rejects a birth date or appointment year in the
/// future, exactly as [`check`] does.
pub fn is_valid_on(input: &str, today: Date) -> bool {
    match super::digits_only::<18>(input) {
        Some(b) => !has_invalid(&analyse(&b, Some(today), false).0),
        None => false,
    }
}

/// Checks a NIP / NI PPPK.
pub fn check(input: &str, opts: &CheckOptions) -> IdReport {
    match super::digits::<18>(IdKind::Nip, input) {
        Ok(b) => {
            let (i, p) = analyse(&b, Some(opts.today), true);
            report(IdKind::Nip, &b, i, p)
        }
        Err(e) => unreadable(IdKind::Nip, e),
    }
}

pub(super) fn check_typed(input: &str) -> (Option<Nip>, Vec<Issue>) {
    match super::digits::<18>(IdKind::Nip, input) {
        Ok(b) => {
            let (issues, _) = analyse(&b, None, false);
            if has_invalid(&issues) {
                (None, issues)
            } else {
                (Some(Nip(b)), issues)
            }
        }
        Err(e) => (None, vec![e]),
    }
}
