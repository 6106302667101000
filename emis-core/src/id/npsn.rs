//! NPSN, Nomor Pokok Sekolah Nasional: 8 digits.

use super::{IdKind, IdReport, id_newtype, report, unreadable};
use crate::report::Issue;

id_newtype!(
    /// A valid NPSN (public institution number, shown unmasked).
    Npsn, 8, IdKind::Npsn, masked = false
);

/// Fast validity test.
pub fn is_valid(input: &str) -> bool {
    super::digits_only::<8>(input).is_some()
}

/// Checks an NPSN.
pub fn check(input: &str) -> IdReport {
    match super::digits::<8>(IdKind::Npsn, input) {
        Ok(b) => report(IdKind::Npsn, &b, Vec::new(), Vec::new()),
        Err(e) => unreadable(IdKind::Npsn, e),
    }
}

pub(super) fn check_typed(input: &str) -> (Option<Npsn>, Vec<Issue>) {
    match super::digits::<8>(IdKind::Npsn, input) {
        Ok(b) => (Some(Npsn(b)), Vec::new()),
        Err(e) => (None, vec![e]),
    }
}
