//! Nomor statistik lembaga (12 digits): NSM/NSMDT/NSPP.
//!
//! * 2008 layout (SK Dirjen Pendis DJ.I/456A/2008): `JJJ S PP KK NNNN` — kode jenis, status
//!   (1 Negeri, 2 Swasta), province, kab/kota, serial.
//! * NSPP as observed on real pesantren: `5100 PP KK NNNN`.
//! * Legacy pre-2008 pesantren layout `51 S PP KK CC NNN` (e.g. `51.2.32.06.26.002`):
//!   reported as legacy (a warning), not rejected.

use super::{
    IdKind, IdReport, Part, Parts, dotted, has_invalid, id_newtype, kab_kota_well_formed, num, region_label, report,
    unreadable,
};
use crate::catalog::codes;
use crate::model::LembagaKind;
use crate::report::Issue;
use crate::wilayah::{self, Status};

id_newtype!(
    /// A valid nomor statistik (public institution number, shown unmasked).
    NomorStatistik, 12, IdKind::NomorStatistik, masked = false
);

/// Kode jenis lembaga of DJ.I/456A/2008: code, name, kind of lembaga in EMIS PD-Pontren (if any),
/// and whether the kind is always swasta.
pub const KODE_JENIS: &[(u16, &str, Option<LembagaKind>, bool)] = &[
    (101, "Raudhatul Athfal (RA)", None, false),
    (111, "Madrasah Ibtidaiyah", None, false),
    (121, "Madrasah Tsanawiyah", None, false),
    (131, "Madrasah Aliyah", None, false),
    (141, "Universitas", None, false),
    (142, "Institut", None, false),
    (143, "Sekolah Tinggi Agama Islam", None, false),
    (144, "Fakultas Agama Islam pada PTU swasta", None, false),
    (201, "Diniyah Athfal", None, false),
    (211, "Diniyah Ula (PDF)", Some(LembagaKind::Pdf), true),
    (221, "Diniyah Wustha (PDF)", Some(LembagaKind::Pdf), true),
    (231, "Diniyah Ulya (PDF)", Some(LembagaKind::Pdf), true),
    (241, "Ma'had Aly", Some(LembagaKind::MahadAly), true),
    (
        311,
        "Diniyah Takmiliyah Awwaliyah (MDT Ula)",
        Some(LembagaKind::Mdt),
        true,
    ),
    (321, "Diniyah Takmiliyah Wustha", Some(LembagaKind::Mdt), true),
    (331, "Diniyah Takmiliyah Ulya", Some(LembagaKind::Mdt), true),
    (341, "Diniyah Takmiliyah Aly (Al-Jami'ah)", Some(LembagaKind::Mdt), true),
    (401, "Taman Kanak-kanak Al-Qur'an (TKQ)", Some(LembagaKind::Lpq), true),
    (411, "Taman Pendidikan Al-Qur'an (TPQ)", Some(LembagaKind::Lpq), true),
    (421, "Ta'limul Qur'an lil 'Aulad (TQA)", Some(LembagaKind::Lpq), true),
    (431, "Majelis Taklim", None, false),
];

/// Which layout a number follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Layout {
    /// `JJJ S PP KK NNNN` (2008).
    Madrasah2008,
    /// `5100 PP KK NNNN` (NSPP).
    Nspp,
    /// `51 S PP KK CC NNN` (pre-2008 pesantren).
    Legacy,
}

impl NomorStatistik {
    /// The layout.
    pub fn layout(&self) -> Layout {
        layout_of(&self.0)
    }
    /// Province code.
    pub fn provinsi(&self) -> u8 {
        let (pp, _) = region_digits(&self.0);
        num(pp) as u8
    }
    /// Kab/kota code `PPKK`.
    pub fn kab_kota(&self) -> u16 {
        let (pp, kk) = region_digits(&self.0);
        (num(pp) * 100 + num(kk)) as u16
    }
    /// Kode jenis (2008 layout), e.g. 311.
    pub fn kode_jenis(&self) -> Option<u16> {
        (self.layout() == Layout::Madrasah2008).then(|| num(&self.0[0..3]) as u16)
    }
    /// The EMIS PD-Pontren kind the number implies, if any.
    pub fn lembaga_kind(&self) -> Option<LembagaKind> {
        match self.layout() {
            Layout::Nspp | Layout::Legacy => Some(LembagaKind::Pontren),
            Layout::Madrasah2008 => {
                let j = num(&self.0[0..3]) as u16;
                KODE_JENIS.iter().find(|k| k.0 == j).and_then(|k| k.2)
            }
        }
    }
}

fn layout_of(b: &[u8; 12]) -> Layout {
    if &b[0..4] == b"5100" {
        Layout::Nspp
    } else if &b[0..2] == b"51" {
        Layout::Legacy
    } else {
        Layout::Madrasah2008
    }
}

fn region_digits(b: &[u8; 12]) -> (&[u8], &[u8]) {
    match layout_of(b) {
        Layout::Legacy => (&b[3..5], &b[5..7]),
        _ => (&b[4..6], &b[6..8]),
    }
}

fn analyse(b: &[u8; 12], want_parts: bool) -> (Vec<Issue>, Vec<Part>) {
    let mut issues = Vec::new();
    let mut parts = Parts::new(want_parts);
    let p = "nomor_statistik";
    let layout = layout_of(b);
    match layout {
        Layout::Nspp => parts.add("format", || String::from("NSPP (5100 PP KK NNNN)")),
        Layout::Legacy => {
            parts.add("format", || String::from("NSPP lama (51 S PP KK CC NNN)"));
            issues.push(Issue::new(codes::NSPP_FORMAT_LAMA, p));
        }
        Layout::Madrasah2008 => {
            parts.add("format", || String::from("JJJ S PP KK NNNN (DJ.I/456A/2008)"));
            let jenis = num(&b[0..3]) as u16;
            let status = b[3];
            let entry = KODE_JENIS.iter().find(|k| k.0 == jenis);
            match entry {
                Some(k) => parts.add("jenis", || format!("{} {}", k.0, k.1)),
                None => issues.push(
                    Issue::new(codes::NOMOR_STATISTIK_JENIS_TIDAK_DIKENAL, p).with("jenis", format!("{jenis:03}")),
                ),
            }
            match status {
                b'1' => parts.add("status", || String::from("1 Negeri")),
                b'2' => parts.add("status", || String::from("2 Swasta")),
                _ => issues.push(
                    Issue::new(codes::NOMOR_STATISTIK_STATUS_TIDAK_VALID, p)
                        .with("status", (status as char).to_string()),
                ),
            }
            if let Some(k) = entry
                && k.3
                && status == b'1'
            {
                issues.push(Issue::new(codes::NOMOR_STATISTIK_STATUS_HARUS_SWASTA, p).with("jenis_nama", k.1));
            }
        }
    }
    let (pp, kk) = region_digits(b);
    let (ppn, kkn) = (num(pp), num(kk));
    if ppn == 0 || !kab_kota_well_formed(kkn) {
        issues.push(
            Issue::new(codes::NOMOR_STATISTIK_WILAYAH_TIDAK_VALID, p)
                .with("provinsi", format!("{ppn:02}"))
                .with("kab_kota", format!("{kkn:02}")),
        );
    } else {
        let code4 = [pp[0], pp[1], kk[0], kk[1]];
        match wilayah::kab_kota_status((ppn * 100 + kkn) as u16) {
            Status::Current => {}
            Status::Retired => {
                issues.push(Issue::new(codes::NOMOR_STATISTIK_WILAYAH_LAMA, p).with("kode", dotted(&code4)))
            }
            Status::Unknown => {
                issues.push(Issue::new(codes::NOMOR_STATISTIK_WILAYAH_TIDAK_DIKENAL, p).with("kode", dotted(&code4)))
            }
        }
        parts.add("provinsi", || region_label(pp));
        parts.add("kab_kota", || region_label(&code4));
    }
    let serial = match layout {
        Layout::Legacy => num(&b[9..12]),
        _ => num(&b[8..12]),
    };
    if serial == 0 {
        issues.push(Issue::new(codes::NOMOR_STATISTIK_NOMOR_URUT_NOL, p));
    } else {
        parts.add("nomor_urut", || format!("{serial}"));
    }
    (issues, parts.v)
}

/// Fast validity test.
pub fn is_valid(input: &str) -> bool {
    match super::digits_only::<12>(input) {
        Some(b) => !has_invalid(&analyse(&b, false).0),
        None => false,
    }
}

/// Checks a nomor statistik.
pub fn check(input: &str) -> IdReport {
    match super::digits::<12>(IdKind::NomorStatistik, input) {
        Ok(b) => {
            let (i, p) = analyse(&b, true);
            report(IdKind::NomorStatistik, &b, i, p)
        }
        Err(e) => unreadable(IdKind::NomorStatistik, e),
    }
}

pub(super) fn check_typed(input: &str) -> (Option<NomorStatistik>, Vec<Issue>) {
    match super::digits::<12>(IdKind::NomorStatistik, input) {
        Ok(b) => {
            let (issues, _) = analyse(&b, false);
            if has_invalid(&issues) {
                (None, issues)
            } else {
                (Some(NomorStatistik(b)), issues)
            }
        }
        Err(e) => (None, vec![e]),
    }
}
