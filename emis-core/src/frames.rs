//! Data frames (pandas, polars, Arrow tables) validated column by column: the headers go
//! through the spreadsheet reader's alias table, every cell through its cell rules (so a NIK
//! stored as a number gets the same `excel.*` code as in a file), each row becomes a santri or
//! GTK through `from_flat`, and every issue is returned with the position of its row.
//!
//! A cell that cannot be read (a list, bytes) is an issue on its row
//! ([`crate::columns::UNSUPPORTED`]); the other rows are still validated.
//!
//! ```
//! use emis_core::columns::Cell;
//! use emis_core::frames::{validate_frame, Record};
//! use emis_core::rules::RuleContext;
//! use emis_core::date::Date;
//! let ctx = RuleContext::new(Date::new(2026, 11, 30).unwrap());
//! let headers = ["Nama Lengkap", "NIK"];
//! let columns = vec![
//!     vec![Cell::Text("Ahmad Fauzi"), Cell::Text("Siti Aminah")],
//!     vec![Cell::Int(3_517_011_708_080_001), Cell::Text("3517013002080001")],
//! ];
//! let r = validate_frame(Record::Santri, &headers, &columns, &ctx).unwrap();
//! assert!(r.issues.iter().any(|i| i.row == Some(0) && i.issue.code == "excel.angka_dipulihkan"));
//! assert!(r.issues.iter().any(|i| i.row == Some(1) && i.field == "nik" && i.issue.code.starts_with("nik.")));
//! ```

use crate::columns::Cell;
#[cfg(test)]
use crate::columns::UNSUPPORTED;
use crate::model::{Gtk, Santri};
use crate::report::Issue;
use crate::rules::{self, RuleContext};
use crate::sheet::cell::{self, Raw};
use crate::sheet::header::{self, Kind, Meaning};

/// Which record a frame holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Record {
    /// Santri (students).
    Santri,
    /// GTK (teachers and staff).
    Gtk,
}

/// One issue and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameIssue {
    /// The row position (0-based) in the frame; `None` for an issue of the whole frame.
    pub row: Option<usize>,
    /// The field (canonical column or EMIS path below the record, `nik`, `parents.nik`).
    pub field: String,
    /// The issue (code, severity, messages).
    pub issue: Issue,
}

/// What [`validate_frame`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrameReport {
    /// Every issue, by row.
    pub issues: Vec<FrameIssue>,
    /// Columns read: header as given → canonical column.
    pub columns: Vec<(String, &'static str)>,
    /// Headers not read (known as not needed, or not known).
    pub unread: Vec<String>,
}

/// Why a frame cannot be validated at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FrameError {
    /// Two columns mean the same canonical column.
    #[error(
        "kolom {first:?} dan {second:?} sama-sama berarti `{canonical}`; hapus atau ganti nama salah satunya \
         / columns {first:?} and {second:?} both mean `{canonical}`; remove or rename one"
    )]
    DuplicateColumn {
        /// The canonical column.
        canonical: &'static str,
        /// The first header.
        first: String,
        /// The second header.
        second: String,
    },
    /// Columns of different lengths.
    #[error("kolom tidak sama panjang / columns differ in length")]
    Ragged,
}

/// The issue of a cell whose type cannot be read.
fn unsupported(field: &str) -> Issue {
    Issue::new(crate::catalog::codes::KOLOM_TIPE_TIDAK_DIDUKUNG, field)
}

impl FrameIssue {
    /// The message in a language.
    pub fn message(&self, lang: crate::Lang) -> String {
        self.issue.message(lang)
    }
    /// The operator hint in a language.
    pub fn hint(&self, lang: crate::Lang) -> String {
        crate::catalog::render(self.issue.hint(lang), &self.issue.params)
    }
}

/// Splits an issue path `[3].nik` into the row and the field.
pub fn split_path(path: &str) -> (Option<usize>, &str) {
    if let Some(rest) = path.strip_prefix('[')
        && let Some((n, field)) = rest.split_once(']')
        && let Ok(i) = n.parse()
    {
        return (Some(i), field.strip_prefix('.').unwrap_or(field));
    }
    (None, path)
}

/// A cell as text for a column read as `kind`, appended to `out`, and the `excel.*` finding.
fn cell_text(kind: Kind, c: Cell<'_>, out: &mut String) -> Option<cell::Note> {
    match c {
        Cell::Missing | Cell::Unsupported => None,
        Cell::Text(t) => cell::convert_into(kind, Raw::Text(t), out),
        Cell::Int(n) if n.unsigned_abs() < 1 << 53 => cell::convert_into(kind, Raw::Number(n as f64), out),
        Cell::Int(n) => {
            out.push_str(&n.to_string());
            None
        }
        Cell::Float(f) => cell::convert_into(kind, Raw::Number(f), out),
        Cell::Date(y, m, d) => cell::convert_into(kind, Raw::Date(y, m, d), out),
    }
}

/// The rows of a frame as records, the reader's findings per cell, and the columns used.
#[derive(Debug, Clone, Default)]
pub struct FrameRows {
    /// The rows as santri (for [`Record::Santri`]).
    pub santri: Vec<Santri>,
    /// The rows as GTK (for [`Record::Gtk`]).
    pub gtk: Vec<Gtk>,
    /// `excel.*` and unreadable-cell issues, by row.
    pub notes: Vec<FrameIssue>,
    /// Columns read and not read (no issues yet).
    pub report: FrameReport,
}

/// Reads a frame given as columns of cells under their headers (any header the spreadsheet
/// reader knows: `NIK`, `Nama Lengkap`, `nama_lengkap`, `nik`...) into records. Columns not
/// known are listed in [`FrameReport::unread`] and not read.
pub fn read_frame(record: Record, headers: &[&str], columns: &[Vec<Cell<'_>>]) -> Result<FrameRows, FrameError> {
    let mut report = FrameReport::default();
    // (column index, canonical, kind)
    let mut used: Vec<(usize, &'static str, Kind)> = Vec::new();
    for (i, h) in headers.iter().enumerate() {
        match header::meaning(h) {
            Meaning::Column(canonical, kind) => {
                if let Some(&(j, _, _)) = used.iter().find(|(_, c, _)| *c == canonical) {
                    return Err(FrameError::DuplicateColumn {
                        canonical,
                        first: headers[j].to_string(),
                        second: h.to_string(),
                    });
                }
                used.push((i, canonical, kind));
                report.columns.push((h.to_string(), canonical));
            }
            _ => report.unread.push(h.to_string()),
        }
    }
    let rows = columns.first().map_or(0, Vec::len);
    if columns.iter().any(|c| c.len() != rows) || columns.len() < headers.len() {
        return Err(FrameError::Ragged);
    }
    let mut out = FrameRows::default();
    let mut buf = String::new();
    let mut spans: Vec<(&'static str, usize, usize)> = Vec::with_capacity(used.len());
    // Rows across columns: `row` indexes every column and names the row in issues.
    #[allow(clippy::needless_range_loop)]
    for row in 0..rows {
        buf.clear();
        spans.clear();
        for &(col, canonical, kind) in &used {
            let c = columns[col][row];
            let a = buf.len();
            let note = cell_text(kind, c, &mut buf);
            spans.push((canonical, a, buf.len()));
            let found = match (c, note) {
                (Cell::Unsupported, _) => Some(unsupported(canonical)),
                (_, Some(n)) => {
                    let mut i = Issue::new(n.code, canonical);
                    i.params = n.params;
                    i.params.push(("kolom", headers[col].to_string()));
                    Some(i)
                }
                _ => None,
            };
            if let Some(issue) = found {
                out.notes.push(FrameIssue {
                    row: Some(row),
                    field: canonical.to_string(),
                    issue,
                });
            }
        }
        let cells = spans.iter().map(|&(c, a, b)| (c, buf.get(a..b).unwrap_or("")));
        match record {
            Record::Santri => out.santri.push(Santri::from_flat(cells)),
            Record::Gtk => out.gtk.push(Gtk::from_flat(cells)),
        }
    }
    out.report = report;
    Ok(out)
}

/// Validates a frame ([`read_frame`], then the list rules): every issue with its row.
pub fn validate_frame(
    record: Record,
    headers: &[&str],
    columns: &[Vec<Cell<'_>>],
    ctx: &RuleContext,
) -> Result<FrameReport, FrameError> {
    let FrameRows {
        santri,
        gtk,
        mut notes,
        mut report,
    } = read_frame(record, headers, columns)?;
    let checked = match record {
        Record::Santri => rules::validate_santri_list(&santri, ctx),
        Record::Gtk => rules::validate_gtk_list(&gtk, ctx),
    };
    let mut issues: Vec<FrameIssue> = checked
        .issues
        .into_iter()
        .map(|issue| {
            let (row, field) = split_path(&issue.path);
            let field = field.to_string();
            FrameIssue { row, field, issue }
        })
        .collect();
    issues.append(&mut notes);
    // Stable: by row, the reader's findings after the rules' issues of the same row.
    issues.sort_by_key(|i| i.row.map_or(usize::MAX, |r| r));
    report.issues = issues;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn ctx() -> RuleContext {
        RuleContext::new(Date::new(2026, 11, 30).unwrap())
    }

    #[test]
    fn issues_name_their_row_and_unreadable_cells_do_not_stop_the_rest() {
        let headers = ["NIK", "nama_lengkap", "catatan"];
        let columns = vec![
            vec![
                Cell::Text("3517011708080001"),
                Cell::Unsupported,
                Cell::Float(9.107011708080002e15),
            ],
            vec![Cell::Text("Ahmad"), Cell::Text("Budi"), Cell::Text("Citra")],
            vec![Cell::Missing, Cell::Missing, Cell::Missing],
        ];
        let r = validate_frame(Record::Santri, &headers, &columns, &ctx()).unwrap();
        assert_eq!(r.unread, ["catatan"]);
        let on = |row: usize, code: &str| r.issues.iter().any(|i| i.row == Some(row) && i.issue.code == code);
        assert!(on(1, UNSUPPORTED));
        assert!(on(2, "excel.digit_hilang"));
        assert!(r.issues.windows(2).all(|w| w[0].row <= w[1].row));
    }

    #[test]
    fn two_columns_with_one_meaning_are_an_error() {
        let columns = vec![vec![Cell::Missing], vec![Cell::Missing]];
        let e = validate_frame(Record::Gtk, &["NIK", "nik"], &columns, &ctx()).unwrap_err();
        assert!(matches!(e, FrameError::DuplicateColumn { canonical: "nik", .. }));
        assert_eq!(split_path("[12].parents.nik"), (Some(12), "parents.nik"));
        assert_eq!(split_path("nik"), (None, "nik"));
    }
}
