//! One reader for operators' spreadsheets: Excel workbooks (XLSX, XLS, XLSB), OpenDocument
//! (ODS) and CSV as Excel writes it on Windows, into rows of canonical columns ready for
//! [`Santri::from_flat`](crate::model::Santri::from_flat) and
//! [`Gtk::from_flat`](crate::model::Gtk::from_flat), with a report of everything the reader
//! assumed, repaired or could not read.
//!
//! * The format is found from the content, never from the name: a ZIP is XLSX/XLSB/ODS, an
//!   OLE file is XLS, anything else is CSV text.
//! * CSV: UTF-8 (BOM or not), UTF-16 LE/BE, or Windows-1252 for bytes that are not UTF-8;
//!   delimiter `,` `;` tab or `|` sniffed; RFC 4180 quotes; LF, CRLF or CR-only line ends.
//! * The header row is found by its labels in the first 20 rows (title blocks above it are
//!   skipped), so EMIS's own export — one sheet per rombel, a title block, NIK/NISN with an
//!   apostrophe — reads as it is. Every sheet with such a header is read.
//! * Headers go through ONE alias table (`NIK`, `Nama Lengkap`, `nama_lengkap`, `No. KK`,
//!   `L/P`, `Tingkat - Rombel`...). Two columns meaning the same thing are an error naming both:
//!   a header read as its last copy once made a sync push wrong NIKs.
//! * Excel damage is repaired when exact (an identifier stored as a number below 2^53, a NISN
//!   or phone number that lost its leading zero, a date as a serial number), and reported
//!   otherwise (scientific notation, digits lost), per cell, with its row.
//! * A row that cannot be read is an issue on that row; the rest of the file is still read.
//!   An empty file, a header without rows or a file without a header is an error
//!   ("berkas tidak berisi data santri"), never zero records.
//!
//! Issues and errors name rows, columns and counts, never a value (NIK, name). Row issues
//! carry the catalogue codes `berkas.*` (rule 39: the file's syntax) and `excel.*` (rule 40:
//! what Excel did to a cell).
//!
//! Rows share one text buffer per file (the CSV text itself, plus what was repaired), so
//! reading allocates nothing per row or cell: 100,000 rows (14 MB) read in about 24 ms in
//! release, 1.5 times `export::diff_csv` indexing the same file (which keeps no values).
//!
//! ```
//! use emis_core::model::Santri;
//! let csv = "Nama Lengkap;NIK;L/P\r\nAhmad Fauzi;'3517011708080001;L\r\n";
//! let sheet = emis_core::sheet::read(csv.as_bytes(), Some("santri.csv")).unwrap();
//! assert_eq!(sheet.report.delimiter, Some(';'));
//! let santri = Santri::from_flat(sheet.rows[0].cells());
//! assert_eq!(santri.nik.unwrap().expose(), "3517011708080001");
//! assert_eq!(sheet.rows[0].row, 2);
//! ```

pub(crate) mod cell;
mod csv;
mod decode;
pub(crate) mod header;
mod table;
#[cfg(test)]
mod tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests_xlsx;
mod text;
mod workbook;

pub use decode::EncodingProblem;

use crate::model::{Gtk, Santri};
use crate::report::Issue;
use serde::Serialize;
use std::sync::Arc;

/// The format of a file, as found from its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// Delimited text.
    Csv,
    /// Excel 2007+ workbook.
    Xlsx,
    /// Excel binary workbook.
    Xlsb,
    /// Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet (LibreOffice).
    Ods,
}

/// The text encoding assumed for a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    /// UTF-8.
    Utf8,
    /// UTF-16, little-endian (Excel's "Unicode Text").
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1252 (Excel's "CSV" on Windows), assumed for bytes that are not UTF-8.
    Windows1252,
}

/// One sheet (or the CSV file) and what was found in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SheetInfo {
    /// The sheet name (`None` for CSV).
    pub name: Option<String>,
    /// The header row (1-based), or `None` when the sheet has no recognisable header and was
    /// not read (a cover or notes sheet).
    pub header_row: Option<u64>,
    /// Data rows read.
    pub rows: usize,
    /// Rows skipped: empty in every column read, or a repeat of the header.
    pub skipped_rows: usize,
}

/// A source column and the canonical column it is read as.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnUse {
    /// The header as written in the file (trimmed).
    pub source: String,
    /// The canonical column (`from_flat` name).
    pub canonical: &'static str,
}

/// What the reader found, assumed and could not read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReadReport {
    /// The format found from the content.
    pub format: Format,
    /// The encoding assumed (CSV only).
    pub encoding: Option<Encoding>,
    /// Whether the text started with a byte-order mark (CSV only).
    pub bom: bool,
    /// The delimiter sniffed (CSV only).
    pub delimiter: Option<char>,
    /// Every sheet looked at, in file order (one entry for CSV).
    pub sheets: Vec<SheetInfo>,
    /// Columns read, source header → canonical, in order of first appearance.
    pub columns: Vec<ColumnUse>,
    /// Headers known and deliberately not read (`No`, `Nomor KIP/PIP`...).
    pub ignored: Vec<String>,
    /// Headers not known (not read).
    pub unknown: Vec<String>,
    /// Row-level issues (catalogue codes `berkas.*`, `excel.*`), in file order, with a path
    /// like `baris 12 / row 12, kolom NIK`.
    pub issues: Vec<Issue>,
}

impl ReadReport {
    fn new(format: Format) -> ReadReport {
        ReadReport {
            format,
            encoding: None,
            bom: false,
            delimiter: None,
            sheets: Vec::new(),
            columns: Vec::new(),
            ignored: Vec::new(),
            unknown: Vec::new(),
            issues: Vec::new(),
        }
    }
}

/// One data row: where it is in the file and its cells under canonical column names.
///
/// The cells' text lives in one buffer shared by the rows of a file (a `String` per cell made
/// reading several times slower): read it with [`SheetRow::cells`] or [`SheetRow::get`]. A row
/// is cheap to clone and keeps that buffer alive.
#[derive(Clone)]
pub struct SheetRow {
    /// The sheet (workbooks only).
    pub sheet: Option<Arc<str>>,
    /// The 1-based row number in the source: the physical line where a CSV record starts, or
    /// the spreadsheet row as Excel shows it.
    pub row: u64,
    /// The texts (set once the file is read).
    arena: Option<Arc<Arena>>,
    /// Which of `arena.columns` names this row's cells.
    columns: usize,
    /// This row's first cell in `arena.cells`.
    first: usize,
    /// This row's issues: `report.issues[issues.0..issues.1]`.
    issues: (usize, usize),
}

/// The cell texts of a file: spans of the source text (CSV: kept once, whole) or of `tail`
/// (what was trimmed of a marker, unescaped or repaired, and every workbook cell), and the
/// column lists of the sheets.
#[derive(Debug, Default)]
struct Arena {
    source: String,
    tail: String,
    /// `(start, end)` per cell; [`TAIL`] set in `start`: a span of `tail`.
    cells: Vec<(u32, u32)>,
    columns: Vec<Box<[&'static str]>>,
}

/// Marks a span of the arena's tail.
const TAIL: u32 = 1 << 31;

impl Arena {
    fn text(&self, (a, b): (u32, u32)) -> &str {
        let (buf, a) = if a & TAIL != 0 {
            (&self.tail, a & !TAIL)
        } else {
            (&self.source, a)
        };
        buf.get(a as usize..b as usize).unwrap_or("")
    }
}

impl SheetRow {
    /// The cells as `(canonical column, text)` pairs in source column order, empty cells
    /// included as `""`: what [`Santri::from_flat`] and [`Gtk::from_flat`] take.
    pub fn cells(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let arena = self.arena.as_deref();
        let columns = arena
            .and_then(|a| a.columns.get(self.columns))
            .map_or(&[][..], |c| &c[..]);
        let spans = arena
            .and_then(|a| a.cells.get(self.first..self.first + columns.len()))
            .unwrap_or(&[]);
        let texts = spans.iter().map(move |&c| arena.map_or("", |a| a.text(c)));
        columns.iter().copied().zip(texts)
    }
    /// The text of a canonical column, if the file has that column.
    pub fn get(&self, canonical: &str) -> Option<&str> {
        self.cells().find(|(k, _)| *k == canonical).map(|(_, v)| v)
    }
    /// The row as a santri.
    pub fn to_santri(&self) -> Santri {
        Santri::from_flat(self.cells())
    }
    /// The row as a GTK.
    pub fn to_gtk(&self) -> Gtk {
        Gtk::from_flat(self.cells())
    }
}

/// Rows are equal when they are at the same place and have the same cells.
impl PartialEq for SheetRow {
    fn eq(&self, other: &SheetRow) -> bool {
        self.sheet == other.sheet && self.row == other.row && self.cells().eq(other.cells())
    }
}
impl Eq for SheetRow {}

/// Values are personal data: `Debug` shows columns and lengths only.
impl std::fmt::Debug for SheetRow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cells: Vec<String> = self
            .cells()
            .map(|(k, v)| format!("{k}: <{} chars>", v.chars().count()))
            .collect();
        f.debug_struct("SheetRow")
            .field("sheet", &self.sheet)
            .field("row", &self.row)
            .field("cells", &cells)
            .finish()
    }
}

/// A file read: its rows and the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sheet {
    /// Data rows, in file order (sheets in workbook order).
    pub rows: Vec<SheetRow>,
    /// What was found, assumed and could not read.
    pub report: ReadReport,
}

impl Sheet {
    /// The issues of one row (a repaired or damaged cell). Rows that could not be read at all
    /// are not in `rows`; their issues are only in `report.issues`.
    pub fn issues_of(&self, row: &SheetRow) -> &[Issue] {
        self.report.issues.get(row.issues.0..row.issues.1).unwrap_or(&[])
    }
}

/// Why a file cannot be read at all.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SheetError {
    /// No bytes, or only blank lines.
    #[error("berkas kosong: tidak berisi data santri / the file is empty: no santri data")]
    Empty,
    /// No row in the first 20 of any sheet looks like a header.
    #[error(
        "berkas tidak berisi data santri: tidak ada baris judul kolom (NIK, NISN, Nama...) di 20 baris pertama \
         ({sheets} lembar diperiksa) / the file holds no santri data: no header row (NIK, NISN, Nama...) in the \
         first 20 rows ({sheets} sheet(s) checked)"
    )]
    NoHeader {
        /// Sheets looked at (1 for CSV).
        sheets: usize,
    },
    /// The whole file is one line without a line break, and not a header.
    #[error(
        "berkas tidak berisi data santri: hanya satu baris sangat panjang ({chars} karakter) tanpa ganti baris \
         / the file holds no santri data: one very long line ({chars} characters) without a line break"
    )]
    OneLine {
        /// Characters in that line.
        chars: usize,
    },
    /// A header, but no data row could be read. The report says what was found (and the
    /// issues of rows that could not be read).
    #[error(
        "berkas tidak berisi data santri: ada judul kolom, tetapi tidak ada baris data yang terbaca \
         / the file holds no santri data: a header, but no data row could be read"
    )]
    NoRows {
        /// What was found.
        report: Box<ReadReport>,
    },
    /// Two source columns mean the same canonical column.
    #[error("{0}")]
    DuplicateColumn(Box<ColumnClash>),
    /// Not text in any supported encoding.
    #[error("berkas tidak dapat dibaca sebagai teks{}: {reason} / the file cannot be read as text", at_line(*.line))]
    Encoding {
        /// What does not fit.
        reason: EncodingProblem,
        /// The line where it shows, when known.
        line: Option<u64>,
    },
    /// A password-protected workbook.
    #[error(
        "buku kerja dilindungi kata sandi; buka di Excel, hapus kata sandinya, lalu simpan ulang \
         / the workbook is password-protected; remove the password in Excel and save it again"
    )]
    Password,
    /// A workbook that the reader cannot open (damaged, or not a spreadsheet inside).
    #[error(
        "buku kerja {format:?} rusak atau tidak dikenali; buka di Excel lalu Simpan Sebagai .xlsx \
         / the {format:?} workbook is damaged or not recognised; open it in Excel and save it as .xlsx"
    )]
    Workbook {
        /// The format the content looked like.
        format: Format,
    },
    /// A file that is not a table: HTML saved as `.xls`, a PDF, another ZIP.
    #[error(
        "berkas {what} bukan tabel yang bisa dibaca; buka di Excel lalu Simpan Sebagai .xlsx atau CSV \
         / a {what} file is not a readable table; open it in Excel and save it as .xlsx or CSV"
    )]
    Unsupported {
        /// What the content is.
        what: &'static str,
    },
    /// Larger than the reader handles (2 GiB of text).
    #[error("berkas terlalu besar (lebih dari 2 GiB) / the file is too large (over 2 GiB)")]
    TooLarge,
    /// The file could not be opened ([`read_path`]).
    #[error("berkas tidak dapat dibuka ({0}) / the file cannot be opened")]
    Io(String),
}

/// Two source columns with one canonical meaning (see [`SheetError::DuplicateColumn`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{where_}kolom {first_column} ({first}) dan kolom {second_column} ({second}) sama-sama berarti `{canonical}`; \
     hapus atau ganti nama salah satunya / columns {first_column} ({first}) and {second_column} ({second}) both \
     mean `{canonical}`; remove or rename one"
)]
pub struct ColumnClash {
    /// `lembar/sheet X: ` for workbooks, empty for CSV.
    pub where_: String,
    /// The canonical column.
    pub canonical: &'static str,
    /// The first header as written.
    pub first: String,
    /// Its column letter (`C`).
    pub first_column: String,
    /// The second header as written.
    pub second: String,
    /// Its column letter.
    pub second_column: String,
}

fn at_line(line: Option<u64>) -> String {
    line.map(|l| format!(" (baris {l})")).unwrap_or_default()
}

/// Reads a spreadsheet or CSV file. `name_hint` (a file name) only breaks ties: a `.tsv` or
/// `.txt` name prefers tab as the delimiter when the content does not decide.
pub fn read(bytes: &[u8], name_hint: Option<&str>) -> Result<Sheet, SheetError> {
    match workbook::sniff(bytes) {
        workbook::Container::Zip => workbook::read(bytes, true),
        workbook::Container::Cfb => workbook::read(bytes, false),
        workbook::Container::Other(what) => Err(SheetError::Unsupported { what }),
        workbook::Container::Text => {
            let prefer_tab = name_hint.is_some_and(|n| {
                let n = n.to_ascii_lowercase();
                n.ends_with(".tsv") || n.ends_with(".tab") || n.ends_with(".txt")
            });
            text::read_csv(bytes, prefer_tab)
        }
    }
}

/// The canonical column a header label is read as (`NIK` → `nik`, `Nama Lengkap` →
/// `full_name`), through the reader's one alias table.
pub fn canonical_column(label: &str) -> Option<&'static str> {
    match header::meaning(label) {
        header::Meaning::Column(c, _) => Some(c),
        _ => None,
    }
}

/// Reads a file from disk (native targets); the file name is the name hint.
#[cfg(not(target_arch = "wasm32"))]
pub fn read_path(path: impl AsRef<std::path::Path>) -> Result<Sheet, SheetError> {
    let path = path.as_ref();
    let bytes = std::fs::read(path).map_err(|e| SheetError::Io(e.kind().to_string()))?;
    read(&bytes, path.file_name().and_then(|n| n.to_str()))
}
