//! From a header and data cells to [`SheetRow`]s and the [`ReadReport`], shared by CSV and
//! workbooks.

use super::cell::{self, Raw};
use super::header::{self, Kind, Meaning};
use super::{Arena, ColumnClash, ColumnUse, Format, ReadReport, Sheet, SheetError, SheetInfo, SheetRow, TAIL};
use crate::catalog::Code;
use crate::report::Issue;
use std::sync::Arc;

/// The header row is looked for in this many non-empty rows.
pub(crate) const HEADER_SEARCH: usize = 20;

/// A source column that is read.
#[derive(Debug, Clone)]
pub(crate) struct Slot {
    /// 0-based index of the column in the source row.
    pub col: usize,
    pub canonical: &'static str,
    pub kind: Kind,
    /// The header as written (for issue paths).
    pub label: String,
}

/// How the columns of one table are read.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub used: Vec<Slot>,
    /// Index of the canonical names of `used` in the arena's column lists.
    columns: usize,
    /// Number of header cells.
    pub width: usize,
    /// Header text per source column (for issue paths).
    labels: Vec<String>,
    /// Letter of the first source column (workbook ranges may start after column A).
    first_col: usize,
}

impl Plan {
    /// The header of a source column, or its letter when the header is empty.
    pub(crate) fn label(&self, col: usize) -> String {
        match self.labels.get(col) {
            Some(l) if !l.is_empty() => l.clone(),
            _ => header::letters(self.first_col + col),
        }
    }
}

/// Where a row is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct At<'s> {
    pub sheet: Option<&'s Arc<str>>,
    pub row: u64,
}

/// `baris 12 / row 12, kolom NIK`, prefixed with `[sheet] ` in workbooks.
pub(crate) fn path(at: At<'_>, label: &str) -> String {
    let r = at.row;
    match at.sheet {
        Some(s) => format!("[{s}] baris {r} / row {r}, kolom {label}"),
        None => format!("baris {r} / row {r}, kolom {label}"),
    }
}

/// Where the row being built starts in the arena.
pub(crate) struct RowBuf {
    cells_start: usize,
    tail_start: usize,
    issue_start: usize,
}

/// Collects rows and the report. Cell texts go into one arena shared by the rows (no
/// allocation per row); rows get it when reading is finished.
pub(crate) struct Builder {
    pub report: ReadReport,
    rows: Vec<SheetRow>,
    arena: Arena,
}

impl Builder {
    pub(crate) fn new(format: Format) -> Builder {
        Builder {
            report: ReadReport::new(format),
            rows: Vec::new(),
            arena: Arena::default(),
        }
    }

    /// Starts a sheet (or the CSV file).
    pub(crate) fn begin_sheet(&mut self, name: Option<&str>, header_row: Option<u64>) {
        self.report.sheets.push(SheetInfo {
            name: name.map(str::to_string),
            header_row,
            rows: 0,
            skipped_rows: 0,
        });
    }

    /// Plans the columns of a header row and records them in the report. Two columns with
    /// the same canonical meaning are an error naming both.
    pub(crate) fn plan(&mut self, sheet: Option<&str>, cells: &[String], first_col: usize) -> Result<Plan, SheetError> {
        let mut used: Vec<Slot> = Vec::new();
        for (col, h) in cells.iter().enumerate() {
            let h = h.trim();
            match header::meaning(h) {
                Meaning::Column(canonical, kind) => {
                    if let Some(prev) = used.iter().find(|s| s.canonical == canonical) {
                        return Err(SheetError::DuplicateColumn(Box::new(ColumnClash {
                            where_: sheet.map(|s| format!("lembar/sheet {s}: ")).unwrap_or_default(),
                            canonical,
                            first: prev.label.clone(),
                            first_column: header::letters(first_col + prev.col),
                            second: h.to_string(),
                            second_column: header::letters(first_col + col),
                        })));
                    }
                    used.push(Slot {
                        col,
                        canonical,
                        kind,
                        label: h.to_string(),
                    });
                    let r = &mut self.report.columns;
                    if !r.iter().any(|c| c.source == h && c.canonical == canonical) {
                        r.push(ColumnUse {
                            source: h.to_string(),
                            canonical,
                        });
                    }
                }
                Meaning::Ignored => push_new(&mut self.report.ignored, h),
                Meaning::Unknown => push_new(&mut self.report.unknown, h),
                Meaning::Blank => {}
            }
        }
        self.arena.columns.push(used.iter().map(|s| s.canonical).collect());
        Ok(Plan {
            columns: self.arena.columns.len() - 1,
            used,
            width: cells.len(),
            labels: cells.iter().map(|c| c.trim().to_string()).collect(),
            first_col,
        })
    }

    /// An issue at a row and column.
    pub(crate) fn issue(&mut self, at: At<'_>, label: &str, code: Code, params: Vec<(&'static str, String)>) {
        let mut i = Issue::new(code, path(at, label));
        i.params = params;
        if !i.params.iter().any(|(k, _)| *k == "kolom") {
            i.params.insert(0, ("kolom", label.to_string()));
        }
        self.report.issues.push(i);
    }

    /// Starts a row.
    pub(crate) fn begin(&self) -> RowBuf {
        RowBuf {
            cells_start: self.arena.cells.len(),
            tail_start: self.arena.tail.len(),
            issue_start: self.report.issues.len(),
        }
    }

    /// Adds an empty cell.
    pub(crate) fn push_empty(&mut self) {
        self.arena.cells.push((0, 0));
    }

    /// Adds one cell: converted into the tail, with its finding as an issue.
    pub(crate) fn cell(&mut self, at: At<'_>, slot: &Slot, raw: Raw<'_>) {
        let a = self.arena.tail.len() as u32;
        let note = cell::convert_into(slot.kind, raw, &mut self.arena.tail);
        self.arena.cells.push((a | TAIL, self.arena.tail.len() as u32));
        if let Some(n) = note {
            self.issue(at, &slot.label, n.code, n.params);
        }
    }

    /// Adds a CSV field `source[start..end]` (no `""` inside): kept as a span of the source
    /// when it needs no change, else converted into the tail.
    pub(crate) fn source_cell(&mut self, at: At<'_>, slot: &Slot, source: &str, start: usize, end: usize) {
        let v = source.get(start..end).unwrap_or("");
        match cell::plain(slot.kind, v, true) {
            Some((a, b)) => self.arena.cells.push(((start + a) as u32, (start + b) as u32)),
            None => self.cell(at, slot, Raw::Csv(v)),
        }
    }

    /// Ends a row: kept unless every cell is empty (without issues) or it repeats the header.
    /// `source`: the CSV text the row's spans point into.
    pub(crate) fn end(&mut self, row: RowBuf, at: At<'_>, plan: &Plan, source: &str) {
        let info = self.report.sheets.last_mut();
        let arena = &self.arena;
        let text = |&(a, b): &(u32, u32)| {
            let (buf, a) = if a & TAIL != 0 {
                (&arena.tail[..], a & !TAIL)
            } else {
                (source, a)
            };
            buf.get(a as usize..b as usize).unwrap_or("")
        };
        let cells = &arena.cells[row.cells_start..];
        let empty = cells.iter().all(|&(a, b)| a & !TAIL == b);
        let no_issue = self.report.issues.len() == row.issue_start;
        let repeat = !empty
            && cells.iter().zip(&plan.used).all(|(c, s)| {
                let v = text(c);
                v.is_empty() || v.eq_ignore_ascii_case(&s.label)
            });
        if (empty && no_issue) || repeat {
            self.report.issues.truncate(row.issue_start);
            self.arena.cells.truncate(row.cells_start);
            self.arena.tail.truncate(row.tail_start);
            if let Some(info) = info {
                info.skipped_rows += usize::from(!empty);
            }
            return;
        }
        if let Some(info) = info {
            info.rows += 1;
        }
        self.rows.push(SheetRow {
            sheet: at.sheet.cloned(),
            row: at.row,
            arena: None,
            columns: plan.columns,
            first: row.cells_start,
            issues: (row.issue_start, self.report.issues.len()),
        });
    }

    /// Reserves room for about `rows` more rows of `cells` cells.
    pub(crate) fn reserve(&mut self, rows: usize, cells: usize) {
        self.rows.reserve(rows);
        self.arena.cells.reserve(rows.saturating_mul(cells));
    }

    /// The result: rows, or an error when there are none. `source`: the CSV text the spans
    /// point into (empty for workbooks).
    pub(crate) fn finish(mut self, source: String) -> Result<Sheet, SheetError> {
        if source.len() >= TAIL as usize || self.arena.tail.len() >= TAIL as usize {
            return Err(SheetError::TooLarge);
        }
        self.arena.source = source;
        let arena = Arc::new(std::mem::take(&mut self.arena));
        for r in &mut self.rows {
            r.arena = Some(Arc::clone(&arena));
        }
        if !self.report.sheets.iter().any(|s| s.header_row.is_some()) {
            return Err(SheetError::NoHeader {
                sheets: self.report.sheets.len().max(1),
            });
        }
        if self.rows.is_empty() {
            return Err(SheetError::NoRows {
                report: Box::new(self.report),
            });
        }
        Ok(Sheet {
            rows: self.rows,
            report: self.report,
        })
    }
}

fn push_new(list: &mut Vec<String>, h: &str) {
    if !list.iter().any(|x| x == h) {
        list.push(h.to_string());
    }
}
