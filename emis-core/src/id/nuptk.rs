//! NUPTK: 16 digits. No digit layout is published, so only length and digits are checked.

use super::{IdKind, IdReport, id_newtype, report, unreadable};
use crate::report::Issue;

id_newtype!(
    /// A valid NUPTK.
    Nuptk, 16, IdKind::Nuptk, masked = true
);

/// Fast validity test.
pub fn is_valid(input: &str) -> bool {
    super::digits_only::<16>(input).is_some()
}

/// Checks a NUPTK.
pub fn check(input: &str) -> IdReport {
    match super::digits::<16>(IdKind::Nuptk, input) {
        Ok(b) => report(IdKind::Nuptk, &b, Vec::new(), Vec::new()),
        Err(e) => unreadable(IdKind::Nuptk, e),
    }
}

pub(super) fn check_typed(input: &str) -> (Option<Nuptk>, Vec<Issue>) {
    match super::digits::<16>(IdKind::Nuptk, input) {
        Ok(b) => (Some(Nuptk(b)), Vec::new()),
        Err(e) => (None, vec![e]),
    }
}
