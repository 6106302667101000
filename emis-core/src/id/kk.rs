//! Nomor Kartu Keluarga: 16 digits, `PP KK CC` issuing region + registration date + family
//! serial. The date part's layout is not published, so only the region is checked: an
//! impossible region is invalid, an unknown or retired one a warning.

use super::{
    IdKind, IdReport, Part, Parts, dotted, has_invalid, id_newtype, kab_kota_well_formed, num, region_label, report,
    unreadable,
};
use crate::catalog::codes;
use crate::report::Issue;
use crate::wilayah::{self, Status};

id_newtype!(
    /// A valid No. KK.
    NoKk, 16, IdKind::Kk, masked = true
);

impl NoKk {
    /// Issuing kecamatan code (`PPKKCC`).
    pub fn kecamatan(&self) -> u32 {
        num(&self.0[0..6])
    }
}

fn analyse(b: &[u8; 16], want_parts: bool) -> (Vec<Issue>, Vec<Part>) {
    let mut issues = Vec::new();
    let mut parts = Parts::new(want_parts);
    let pp = num(&b[0..2]);
    let kk = num(&b[2..4]);
    if pp == 0 || !kab_kota_well_formed(kk) {
        issues.push(
            Issue::new(codes::KK_WILAYAH_TIDAK_VALID, "kk")
                .with("provinsi", format!("{pp:02}"))
                .with("kab_kota", format!("{kk:02}")),
        );
        return (issues, parts.v);
    }
    match wilayah::kecamatan_status(num(&b[0..6])) {
        Status::Current => {}
        Status::Retired => issues.push(Issue::new(codes::KK_WILAYAH_LAMA, "kk").with("kode", dotted(&b[0..6]))),
        Status::Unknown => {
            issues.push(Issue::new(codes::KK_WILAYAH_TIDAK_DIKENAL, "kk").with("kode", dotted(&b[0..6])))
        }
    }
    parts.add("provinsi", || region_label(&b[0..2]));
    parts.add("kab_kota", || region_label(&b[0..4]));
    parts.add("kecamatan", || region_label(&b[0..6]));
    (issues, parts.v)
}

/// Fast validity test.
pub fn is_valid(input: &str) -> bool {
    match super::digits_only::<16>(input) {
        Some(b) => num(&b[0..2]) != 0 && kab_kota_well_formed(num(&b[2..4])),
        None => false,
    }
}

/// Checks a No. KK.
pub fn check(input: &str) -> IdReport {
    match super::digits::<16>(IdKind::Kk, input) {
        Ok(b) => {
            let (i, p) = analyse(&b, true);
            report(IdKind::Kk, &b, i, p)
        }
        Err(e) => unreadable(IdKind::Kk, e),
    }
}

pub(super) fn check_typed(input: &str) -> (Option<NoKk>, Vec<Issue>) {
    match super::digits::<16>(IdKind::Kk, input) {
        Ok(b) => {
            let (issues, _) = analyse(&b, false);
            if has_invalid(&issues) {
                (None, issues)
            } else {
                (Some(NoKk(b)), issues)
            }
        }
        Err(e) => (None, vec![e]),
    }
}
