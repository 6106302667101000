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
    message_id: "Nilai ini bukan teks, angka atau tanggal, sehingga tidak dapat dibaca.",
    message_en: "This value is not text, a number or a date, so it cannot be read.",
    hint_id: "Isi sel dengan teks (angka nomor ditulis sebagai teks), bukan daftar, bytes atau objek lain.",
    hint_en: "Fill the cell with text (numbers written as text), not a list, bytes or another object.",
}];
