//! Columns of identifiers as analysts' tools hold them: text, exact integers (a pandas `int64`
//! column, a Python `int` or `Decimal`), doubles (what `read_excel` gives for a number cell),
//! missing values and values of other types, checked in one pass.
//!
//! Numbers are read as the digits they stand for, through the same cell reader as the
//! spreadsheet reader ([`crate::sheet`]), so a number gets the same `excel.*` code there and
//! here: an exact 16-digit NIK stored as a number is valid with `excel.angka_dipulihkan`, a
//! double above 2^53 is `excel.digit_hilang` (its digits are gone), a NISN that lost its
//! leading zeros gets them back with `excel.nol_depan_hilang`. A number is never a silent
//! `false`.
//!
//! The bindings only turn their containers (Python lists, NumPy buffers, Arrow arrays) into
//! [`Cell`]s; the loop and the rules are here.
//!
//! ```
//! use emis_core::columns::{check_cells, Cell};
//! use emis_core::id::IdKind;
//! let cells = [
//!     Cell::Text("3517011708080001"),
//!     Cell::Int(3_517_011_708_080_001),
//!     Cell::Float(3.517011708080001e15),
//!     Cell::Float(9.107011708080002e15),
//!     Cell::Missing,
//!     Cell::Unsupported,
//! ];
//! let r = check_cells(IdKind::Nik, None, cells, true);
//! assert_eq!(r.valid, [true, true, true, false, false, false]);
//! assert_eq!(
//!     r.codes,
//!     [
//!         None,
//!         Some("excel.angka_dipulihkan"),
//!         Some("excel.angka_dipulihkan"),
//!         Some("excel.digit_hilang"),
//!         Some("nik.kosong"),
//!         Some("kolom.tipe_tidak_didukung"),
//!     ]
//! );
//! ```

use crate::date::Date;
use crate::id::{self, IdKind, ValidityLoop};
use crate::sheet::cell::{self, Raw};
use crate::sheet::header::Kind;

/// The code of a value whose type cannot stand for a number (bytes, a list, an object).
pub const UNSUPPORTED: &str = crate::catalog::codes::KOLOM_TIPE_TIDAK_DIDUKUNG.as_str();

/// One value of a column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// `None`, `NaN`, an Arrow null.
    Missing,
    /// Text, checked as written.
    Text(&'a str),
    /// An exact integer (`int`, `int64`, an integral `Decimal`).
    Int(i128),
    /// A double, which may have lost digits (Excel keeps 15).
    Float(f64),
    /// A calendar date (`datetime.date`, a pandas `Timestamp`): year, month, day.
    Date(u16, u8, u8),
    /// A value of a type that cannot stand for a number.
    Unsupported,
}

/// The result of [`check_cells`]: one entry per cell, in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ColumnCheck {
    /// Valid (warnings allowed).
    pub valid: Vec<bool>,
    /// When asked for: the code explaining each cell, `None` for a clean valid value. An
    /// `excel.*` code for a number (valid or not), otherwise the first invalid issue's code.
    pub codes: Vec<Option<&'static str>>,
}

/// How a cell of this kind is read when it is a number (the spreadsheet reader's column kinds).
fn cell_kind(kind: IdKind) -> Kind {
    match kind {
        IdKind::Nisn => Kind::Nisn,
        k => Kind::Id(k.digit_count() as u8),
    }
}

/// 2^53: integers below it are exact as doubles, so the reader's number path applies as is.
const EXACT: i128 = 1 << 53;

/// The text a number cell stands for, and the `excel.*` code of what was done to it.
pub fn number_text(kind: IdKind, cell: Cell<'_>) -> (String, Option<&'static str>) {
    let ck = cell_kind(kind);
    let (text, note) = match cell {
        Cell::Int(n) if n.abs() < EXACT => cell::convert(ck, Raw::Number(n as f64)),
        Cell::Int(n) => {
            // An exact integer beyond a double's range (an 18-digit NIP in `int64`): its digits.
            let digits = n.to_string();
            let code = (digits.len() == kind.digit_count()).then_some("excel.angka_dipulihkan");
            return (digits, code);
        }
        Cell::Float(f) => cell::convert(ck, Raw::Number(f)),
        Cell::Date(y, m, d) => cell::convert(ck, Raw::Date(y, m, d)),
        Cell::Text(t) => return (t.to_string(), None),
        Cell::Missing | Cell::Unsupported => return (String::new(), None),
    };
    (text, note.map(|n| n.code.emit()))
}

/// The code of an invalid text (its first invalid issue).
fn invalid_code(kind: IdKind, text: &str, today: Option<Date>) -> Option<&'static str> {
    let issues = match today {
        Some(t) => id::check(kind, text, &id::CheckOptions::new(t)).issues,
        None => id::issues(kind, text),
    };
    crate::report::first_invalid(&issues).map(|i| i.code)
}

struct Loop<I> {
    kind: IdKind,
    today: Option<Date>,
    cells: I,
    with_codes: bool,
}

impl<'a, I: Iterator<Item = Cell<'a>>> ValidityLoop for Loop<I> {
    type Output = ColumnCheck;
    fn run<F: Fn(&str) -> bool + Copy>(self, is_valid: F) -> ColumnCheck {
        let Loop {
            kind,
            today,
            cells,
            with_codes,
        } = self;
        let mut out = ColumnCheck {
            valid: Vec::with_capacity(cells.size_hint().0),
            codes: Vec::new(),
        };
        for c in cells {
            let (ok, code) = match c {
                Cell::Text(t) => {
                    let ok = is_valid(t);
                    (
                        ok,
                        if ok || !with_codes {
                            None
                        } else {
                            invalid_code(kind, t, today)
                        },
                    )
                }
                Cell::Unsupported => (false, Some(crate::catalog::codes::KOLOM_TIPE_TIDAK_DIDUKUNG.emit())),
                Cell::Missing => (false, with_codes.then(|| invalid_code(kind, "", today)).flatten()),
                number => {
                    let (text, note) = number_text(kind, number);
                    // Damage that leaves the digits unknown (`excel.digit_hilang`) is invalid even
                    // when what is left happens to pass the rules.
                    let damaged = note
                        .and_then(crate::catalog::rule)
                        .is_some_and(|r| r.severity == crate::Severity::Invalid);
                    let ok = !damaged && is_valid(&text);
                    let code = match note {
                        Some(n) => Some(n),
                        None if ok || !with_codes => None,
                        None => invalid_code(kind, &text, today),
                    };
                    (ok, code)
                }
            };
            out.valid.push(ok);
            if with_codes {
                out.codes.push(code);
            }
        }
        out
    }
}

/// Checks a column of `kind`: validity per cell (with `today` for a [dated](IdKind::is_dated)
/// kind; `None`: the rules without a date), and with `with_codes` the code explaining each cell.
/// Text cells take the kind's allocation-free validity test.
pub fn check_cells<'a>(
    kind: IdKind,
    today: Option<Date>,
    cells: impl IntoIterator<Item = Cell<'a>>,
    with_codes: bool,
) -> ColumnCheck {
    let lp = Loop {
        kind,
        today,
        cells: cells.into_iter(),
        with_codes,
    };
    id::with_validity_test(kind, today, lp)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn numbers_read_as_their_digits_with_a_code() {
        let r = check_cells(
            IdKind::Nisn,
            None,
            [
                Cell::Int(81_234_567),
                Cell::Float(81_234_567.0),
                Cell::Text("0081234567"),
            ],
            true,
        );
        assert_eq!(r.valid, [true, true, true]);
        assert_eq!(
            r.codes,
            [Some("excel.nol_depan_hilang"), Some("excel.nol_depan_hilang"), None]
        );
        // An 18-digit NIP: exact as an integer, damaged as a double.
        let nip = 199_001_012_020_121_001_i128;
        let r = check_cells(IdKind::Nip, None, [Cell::Int(nip), Cell::Float(nip as f64)], true);
        assert_eq!(r.valid, [true, false]);
        assert_eq!(r.codes, [Some("excel.angka_dipulihkan"), Some("excel.digit_hilang")]);
        // A 16-digit double ending in 0 may have lost its last digit: said so.
        let r = check_cells(IdKind::Nik, None, [Cell::Float(3_517_011_708_080_010.0)], true);
        assert_eq!(r.codes, [Some("excel.digit_terpotong")]);
        // Above 2^53 the digits left may still pass the rules: invalid all the same.
        let r = check_cells(IdKind::Nik, None, [Cell::Float(9_107_011_708_080_002.0)], true);
        assert_eq!((r.valid[0], r.codes[0]), (false, Some("excel.digit_hilang")));
        // Invalid text gets its first invalid code; codes only when asked.
        let r = check_cells(IdKind::Nik, None, [Cell::Text("3517013002080001")], true);
        assert_eq!(r.valid, [false]);
        assert!(r.codes[0].is_some_and(|c| c.starts_with("nik.")));
        assert!(check_cells(IdKind::Nik, None, [Cell::Missing], false).codes.is_empty());
    }

    #[test]
    fn dated_kinds_use_today() {
        let nip = "199005052043211001";
        let before = Date::new(2026, 11, 30);
        let r = check_cells(IdKind::Nip, before, [Cell::Text(nip)], true);
        assert_eq!((r.valid[0], r.codes[0]), (false, Some("nip.tmt_tidak_valid")));
        let after = Date::new(2043, 6, 1);
        assert_eq!(check_cells(IdKind::Nip, after, [Cell::Text(nip)], true).valid, [true]);
    }
}
