//! Record and roster rules over lembaga, santri and GTK (rules 1–38 of the project's rule
//! table; see `docs/rules.md`, generated from [`crate::catalog`]).
//!
//! Every function returns a full [`Report`]: all issues, never just the first. Paths are
//! relative to the record (`nik`, `parents.mother_full_name`) or, for lists, prefixed with
//! the 0-based index (`[3].nik`). Inputs are left out of issues unless
//! [`CheckOptions::include_input`] is set. No input makes these functions panic.

mod common;
mod gtk;
mod lembaga;
mod length;
pub mod name_chars;
mod santri;

pub use common::canonical_place;
pub use gtk::{validate_gtk, validate_gtk_list};
pub use lembaga::validate_lembaga;
pub use length::{ADDRESS_MAX, NAME_MAX, PLACE_MAX, TEXT_MAX};
pub use santri::{validate_santri, validate_santri_list};

use crate::date::Date;
use crate::id::CheckOptions;
use crate::model::{LembagaKind, Periode};
use std::collections::HashSet;

pub use crate::report::{Issue, Report, Verdict};

/// What the rules may know beyond the record itself.
#[derive(Debug, Clone)]
pub struct RuleContext {
    /// Today and whether inputs go into issues.
    pub opts: CheckOptions,
    /// Kind of the lembaga the records belong to (rule 26 needs Pontren; rule 24 ages).
    pub lembaga_kind: Option<LembagaKind>,
    /// Statistic number of the lembaga (rule 29, NISM prefix).
    pub lembaga_statistic_num: Option<String>,
    /// The server's period list (rule 37). `None`: not checked.
    pub periods: Option<Vec<Periode>>,
    /// The period being updated (rule 36). `None`: not checked.
    pub current_period: Option<Periode>,
    /// NIKs (16 digits, normalised) that EMIS reports active at another lembaga (rule 16).
    pub active_elsewhere: HashSet<String>,
}

impl RuleContext {
    /// A context for a given day with nothing else known.
    pub fn new(today: Date) -> RuleContext {
        RuleContext::with_options(CheckOptions::new(today))
    }
    /// A context with options.
    pub fn with_options(opts: CheckOptions) -> RuleContext {
        RuleContext {
            opts,
            lembaga_kind: None,
            lembaga_statistic_num: None,
            periods: None,
            current_period: None,
            active_elsewhere: HashSet::new(),
        }
    }
    /// Sets the lembaga kind.
    pub fn lembaga_kind(mut self, kind: LembagaKind) -> RuleContext {
        self.lembaga_kind = Some(kind);
        self
    }
    /// Sets the lembaga's statistic number.
    pub fn lembaga_statistic_num(mut self, n: impl Into<String>) -> RuleContext {
        self.lembaga_statistic_num = Some(n.into());
        self
    }
}

#[cfg(test)]
mod tests;
