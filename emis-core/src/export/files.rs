//! Diffing two operator files of any format the spreadsheet reader knows.
//!
//! Plain UTF-8 CSV goes to [`diff_csv`] as it is (its byte-range engine keeps every column,
//! including ones the reader does not know, and stays the fast path for analysts' exports).
//! When either file is a workbook (XLSX, XLSB, XLS, ODS) or CSV in another encoding
//! (Windows-1252, UTF-16), BOTH files are read by [`crate::sheet::read`] — the one reader
//! for operators' spreadsheets: format, encoding, header row, alias table, Excel damage — and
//! compared under the canonical column names it gives (`NIK` and `nik` then name one column).

use super::{DiffError, DiffOptions, ExportDiff, Side, diff_csv};
use crate::sheet::{self, Format, Sheet};
use serde::Serialize;

/// How one file reached the diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRead {
    /// The format found from the content.
    pub format: Format,
    /// True when the file was read by the spreadsheet reader (canonical columns).
    pub via_reader: bool,
    /// Row issues the reader found (Excel damage, unreadable rows); 0 on the CSV path.
    pub reader_issues: usize,
}

/// The diff of two files and how each was read.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FilesDiff {
    /// The comparison.
    #[serde(flatten)]
    pub diff: ExportDiff,
    /// How file A was read.
    pub read_a: FileRead,
    /// How file B was read.
    pub read_b: FileRead,
}

/// A file the CSV engine can take as it is: text (not a workbook), valid UTF-8, no NUL
/// (UTF-16 without a byte-order mark is valid UTF-8 full of NULs).
pub fn is_plain_utf8_csv(bytes: &[u8]) -> bool {
    !bytes.starts_with(b"PK\x03\x04")
        && !bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0])
        && !bytes.contains(&0)
        && std::str::from_utf8(bytes).is_ok()
}

/// Compares two files of any supported format (see the module comment). `names` are file
/// names, used only as hints (a `.tsv` prefers tab) and never in errors (the caller names
/// the files).
pub fn diff_files(
    a: &[u8],
    b: &[u8],
    names: (Option<&str>, Option<&str>),
    opts: &DiffOptions,
) -> Result<FilesDiff, DiffError> {
    if is_plain_utf8_csv(a) && is_plain_utf8_csv(b) {
        let csv = FileRead {
            format: Format::Csv,
            via_reader: false,
            reader_issues: 0,
        };
        return Ok(FilesDiff {
            diff: diff_csv(a, b, opts)?,
            read_a: csv.clone(),
            read_b: csv,
        });
    }
    let read = |bytes: &[u8], name: Option<&str>, side: Side| {
        sheet::read(bytes, name).map_err(|e| DiffError::Unreadable {
            side,
            message: e.to_string(),
        })
    };
    let (sa, sb) = (read(a, names.0, Side::A)?, read(b, names.1, Side::B)?);
    let key = match sheet::canonical_column(&opts.key) {
        Some(c) => c.to_string(),
        None => opts.key.clone(),
    };
    let opts = DiffOptions { key, ..opts.clone() };
    let (ca, cb) = (canonical_csv(&sa), canonical_csv(&sb));
    Ok(FilesDiff {
        diff: diff_csv(&ca, &cb, &opts)?,
        read_a: info(&sa),
        read_b: info(&sb),
    })
}

fn info(s: &Sheet) -> FileRead {
    FileRead {
        format: s.report.format,
        via_reader: true,
        reader_issues: s.report.issues.len(),
    }
}

/// The rows of a sheet as UTF-8 CSV under canonical column names, in the order the reader
/// first met them; a cell a row lacks is empty.
pub fn canonical_csv(s: &Sheet) -> Vec<u8> {
    let mut cols: Vec<&str> = Vec::new();
    for c in &s.report.columns {
        if !cols.contains(&c.canonical) {
            cols.push(c.canonical);
        }
    }
    let mut out = Vec::with_capacity(64 * (s.rows.len() + 1));
    write_row(&mut out, cols.iter().copied());
    for row in &s.rows {
        write_row(&mut out, cols.iter().map(|c| row.get(c).unwrap_or("")));
    }
    out
}

fn write_row<'a>(out: &mut Vec<u8>, cells: impl Iterator<Item = &'a str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        if cell.bytes().any(|b| matches!(b, b',' | b'"' | b'\n' | b'\r')) {
            out.push(b'"');
            out.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
    out.push(b'\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn opts() -> DiffOptions {
        DiffOptions {
            key: "NIK".into(),
            max_keys: 0,
            parallel: false,
        }
    }

    #[test]
    fn a_windows_1252_file_is_compared_with_a_utf8_one_under_canonical_columns() {
        // A: UTF-8, EMIS names. B: Windows-1252 (é = 0xE9), Indonesian labels, `;`.
        let a = "nik,full_name,study_group\n3517011708080001,Ahmad Fauzi,7A\n3517014504100003,Andr\u{e9},8B\n";
        let mut b = b"NIK;Nama Lengkap;Rombel\r\n3517 0117 0808 0001;Ahmad Fauzi;7B\r\n3517014504100003;Andr".to_vec();
        b.extend_from_slice(b"\xE9;8B\r\n");
        assert!(is_plain_utf8_csv(a.as_bytes()) && !is_plain_utf8_csv(&b));
        let d = diff_files(a.as_bytes(), &b, (None, None), &opts()).unwrap();
        assert!(d.read_a.via_reader && d.read_b.via_reader);
        assert_eq!(
            (d.diff.only_a, d.diff.only_b, d.diff.changed, d.diff.same),
            (0, 0, 1, 1)
        );
        let changed: Vec<(&str, u64)> = d
            .diff
            .column_changes
            .iter()
            .filter(|c| c.changed > 0)
            .map(|c| (c.column.as_str(), c.changed))
            .collect();
        assert_eq!(changed, [("study_group", 1)], "the accent decoded alike on both sides");
    }

    #[test]
    fn plain_csv_keeps_the_fast_path_and_every_column() {
        let a = b"nik,catatan_sendiri\n3517011708080001,x\n";
        let b = b"nik,catatan_sendiri\n3517011708080001,y\n";
        let d = diff_files(a, b, (None, None), &DiffOptions::default()).unwrap();
        assert!(!d.read_a.via_reader);
        assert_eq!(d.diff.changed, 1, "a column the reader does not know is still compared");
    }

    #[test]
    fn an_unreadable_file_names_its_side() {
        let e = diff_files(b"nik\n1\n", b"\xFF\xFE", (None, None), &opts()).unwrap_err();
        assert!(matches!(e, DiffError::Unreadable { side: Side::B, .. }), "{e:?}");
        assert!(e.to_string().contains("berkas B"), "{e}");
    }

    #[test]
    fn quotes_and_separators_survive_the_canonical_csv() {
        let s = sheet::read(
            "NIK;Nama Lengkap\n3517011708080001;\"Ahmad, \"\"Ust\"\"\"\n".as_bytes(),
            None,
        )
        .unwrap();
        let csv = canonical_csv(&s);
        let again = sheet::read(&csv, None).unwrap();
        assert_eq!(again.rows[0].get("full_name"), s.rows[0].get("full_name"));
    }
}
