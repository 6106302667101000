//! Issue codes of the column entry points ([`crate::columns`]) used by the bindings. The lead
//! wires [`EXTRA_RULES`] into the catalogue (`catalog.rs`) at merge.

use crate::Severity;
use crate::catalog::{RuleDef, Scope};

/// Rows for the catalogue.
pub const EXTRA_RULES: &[RuleDef] = &[RuleDef {
    code: "kolom.tipe_tidak_didukung",
    rule: 40,
    severity: Severity::Invalid,
    scope: Scope::Identifier,
    field: "*",
    message_id: "Nilai bertipe {tipe} tidak dapat dibaca sebagai nomor.",
    message_en: "A value of type {tipe} cannot be read as a number.",
    hint_id: "Isi kolom dengan teks angka (mis. '3517...'), bukan {tipe}.",
    hint_en: "Fill the column with digits as text (e.g. '3517...'), not {tipe}.",
}];
