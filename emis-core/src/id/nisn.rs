//! NISN, Nomor Induk Siswa Nasional: 10 digits, usually the last three digits of the birth
//! year followed by seven generated digits. A prefix that does not match the birth year is
//! still a valid NISN (a record-level warning, rule 21).

use super::{IdKind, IdReport, id_newtype, num, part, report, unreadable};
use crate::report::Issue;

id_newtype!(
    /// A valid NISN.
    Nisn, 10, IdKind::Nisn, masked = true
);

impl Nisn {
    /// The first three digits.
    pub fn prefix(&self) -> u16 {
        num(&self.0[0..3]) as u16
    }
    /// True if the prefix equals the last three digits of `birth_year`.
    pub fn matches_birth_year(&self, birth_year: u16) -> bool {
        self.prefix() == birth_year % 1000
    }
}

/// Fast validity test.
pub fn is_valid(input: &str) -> bool {
    super::digits_only::<10>(input).is_some()
}

/// Checks a NISN.
pub fn check(input: &str) -> IdReport {
    match super::digits::<10>(IdKind::Nisn, input) {
        Ok(b) => report(
            IdKind::Nisn,
            &b,
            Vec::new(),
            vec![part("awalan_tahun", format!("{:03}", num(&b[0..3])))],
        ),
        Err(e) => unreadable(IdKind::Nisn, e),
    }
}

pub(super) fn check_typed(input: &str) -> (Option<Nisn>, Vec<Issue>) {
    match super::digits::<10>(IdKind::Nisn, input) {
        Ok(b) => (Some(Nisn(b)), Vec::new()),
        Err(e) => (None, vec![e]),
    }
}
