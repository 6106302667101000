//! NISM / nomor induk santri: 18 digits = nomor statistik of the lembaga (12) + last two digits
//! of the entry year (2) + serial (4, from 0001 each year) (SK Dirjen Pendis 363/2017).
//! Local practice varies for pesantren, so mismatches are warnings (rule 29).

use super::{IdKind, IdReport, id_newtype, num, part, report, unreadable};
use crate::catalog::codes;
use crate::report::Issue;

id_newtype!(
    /// A NISM (18 digits).
    Nism, 18, IdKind::Nism, masked = true
);

impl Nism {
    /// The lembaga's nomor statistik part (first 12 digits).
    pub fn nomor_statistik(&self) -> &str {
        &self.as_str()[0..12]
    }
    /// Two-digit entry year.
    pub fn entry_yy(&self) -> u8 {
        num(&self.0[12..14]) as u8
    }
    /// Serial.
    pub fn serial(&self) -> u16 {
        num(&self.0[14..18]) as u16
    }
}

fn analyse(b: &[u8; 18]) -> Vec<Issue> {
    let mut issues = Vec::new();
    if num(&b[14..18]) == 0 {
        issues.push(Issue::new(codes::NISM_NOMOR_URUT_NOL, "nism"));
    }
    issues
}

/// Fast validity test (18 digits).
pub fn is_valid(input: &str) -> bool {
    super::digits_only::<18>(input).is_some()
}

/// Checks a NISM.
pub fn check(input: &str) -> IdReport {
    match super::digits::<18>(IdKind::Nism, input) {
        Ok(b) => {
            let parts = vec![
                part("nomor_statistik", std::str::from_utf8(&b[0..12]).unwrap_or_default()),
                part("tahun_masuk", format!("{:02}", num(&b[12..14]))),
                part("nomor_urut", format!("{:04}", num(&b[14..18]))),
            ];
            report(IdKind::Nism, &b, analyse(&b), parts)
        }
        Err(e) => unreadable(IdKind::Nism, e),
    }
}

pub(super) fn check_typed(input: &str) -> (Option<Nism>, Vec<Issue>) {
    match super::digits::<18>(IdKind::Nism, input) {
        Ok(b) => (Some(Nism(b)), analyse(&b)),
        Err(e) => (None, vec![e]),
    }
}
