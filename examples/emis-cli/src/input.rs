//! Reading an operator's file (CSV, XLSX, XLSB, XLS, ODS) through [`emis_core::sheet`] for
//! `emis validate` and `emis sync --local`: errors worded for the command line, the row (and
//! sheet) of each reader issue, and a summary of what the reader assumed.

use crate::output::{CliError, tr};
use emis_core::Lang;
use emis_core::sheet::{Encoding, Format, ReadReport, Sheet, SheetError};
use std::ffi::OsStr;
use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Extensions `emis sync --local` imports as a santri file (anything else is a folder).
pub const SHEET_EXTENSIONS: &[&str] = &["csv", "tsv", "txt", "xlsx", "xlsm", "xlsb", "xls", "ods"];

/// The folder that keeps the sync data of a santri file given to `--local` (`santri.xlsx` →
/// `santri.xlsx.emis`), or `None` when `path` is a folder store itself.
pub fn store_dir(path: &Path) -> Option<PathBuf> {
    if path.is_dir() {
        return None;
    }
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    if !SHEET_EXTENSIONS.contains(&ext.as_str()) {
        return None;
    }
    Some(path.with_extension(format!("{ext}.emis")))
}

/// Reads `path` (`-` = stdin). An unreadable file, an empty one, a header without rows and two
/// columns with one meaning are input errors (exit 2) naming the file.
pub fn read(path: &OsStr) -> Result<Sheet, CliError> {
    let shown = path.to_string_lossy();
    let result = if path == "-" {
        let mut v = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut v)
            .map_err(|e| CliError::input(format!("stdin tidak dapat dibaca / cannot read stdin: {e}")))?;
        emis_core::sheet::read(&v, None)
    } else {
        emis_core::sheet::read_path(path)
    };
    result.map_err(|e| error(&shown, &e))
}

/// The error of a file that cannot be read, with the issues of rows that could not be read
/// when the reader found a header but no row.
pub fn error(shown: &str, e: &SheetError) -> CliError {
    let mut msg = match e {
        SheetError::Io(_) => format!("berkas {shown} tidak dapat dibaca / cannot read file {shown}: {e}"),
        _ => format!("{shown}: {e}"),
    };
    if let SheetError::NoRows { report } = e {
        for i in &report.issues {
            let _ = write!(msg, "\n  {}: {}", i.path, i.message(Lang::Id));
        }
    }
    CliError::input(msg)
}

/// Where a reader issue is: its sheet (workbooks) and 1-based row, from its path
/// (`[Kelas 7A] baris 12 / row 12, kolom NIK` or `baris 12 / row 12, kolom NIK`).
pub fn place(path: &str) -> Option<(Option<&str>, u64)> {
    let (sheet, rest) = match path.strip_prefix('[') {
        Some(p) => {
            let end = p.rfind("] baris ")?;
            (Some(&p[..end]), &p[end + 2..])
        }
        None => (None, path),
    };
    let digits = rest.strip_prefix("baris ")?;
    let n: String = digits.chars().take_while(char::is_ascii_digit).collect();
    Some((sheet, n.parse().ok()?))
}

/// The format's name as operators know it.
pub fn format_name(f: Format) -> &'static str {
    match f {
        Format::Csv => "CSV",
        Format::Xlsx => "XLSX",
        Format::Xlsb => "XLSB",
        Format::Xls => "XLS",
        Format::Ods => "ODS",
    }
}

fn encoding_name(e: Encoding) -> &'static str {
    match e {
        Encoding::Utf8 => "UTF-8",
        Encoding::Utf16Le => "UTF-16 LE",
        Encoding::Utf16Be => "UTF-16 BE",
        Encoding::Windows1252 => "Windows-1252",
    }
}

fn delimiter_name(d: char) -> String {
    match d {
        '\t' => "tab".to_string(),
        d => format!("`{d}`"),
    }
}

/// What the reader found, in a few lines: format and encoding, sheets, the columns read
/// (source → canonical), ignored and unknown. Headers only, never a value.
pub fn summary(r: &ReadReport, lang: Lang) -> String {
    let mut s = String::new();
    let _ = write!(s, "{}: {}", tr(lang, "Berkas", "File"), format_name(r.format));
    if let Some(e) = r.encoding {
        let _ = write!(s, ", {}", encoding_name(e));
        if r.bom {
            s.push_str(" (BOM)");
        }
    }
    if let Some(d) = r.delimiter {
        let _ = write!(s, ", {} {}", tr(lang, "pemisah", "delimiter"), delimiter_name(d));
    }
    let read: Vec<String> = r
        .sheets
        .iter()
        .filter(|sh| sh.header_row.is_some())
        .filter_map(|sh| sh.name.as_ref().map(|n| format!("{n} ({})", sh.rows)))
        .collect();
    if !read.is_empty() {
        let _ = write!(s, "; {}: {}", tr(lang, "lembar dibaca", "sheets read"), read.join(", "));
    }
    s.push('\n');
    let cols: Vec<String> = r
        .columns
        .iter()
        .map(|c| {
            if c.source.eq_ignore_ascii_case(c.canonical) {
                c.source.clone()
            } else {
                format!("{} → {}", c.source, c.canonical)
            }
        })
        .collect();
    let none = tr(lang, "(tidak ada)", "(none)");
    let list = |v: &[String]| if v.is_empty() { none.to_string() } else { v.join(", ") };
    let _ = writeln!(s, "{}: {}", tr(lang, "Kolom dibaca", "Columns read"), list(&cols));
    let _ = writeln!(
        s,
        "{}: {}",
        tr(lang, "Kolom diabaikan", "Columns ignored"),
        list(&r.ignored)
    );
    let _ = writeln!(
        s,
        "{}: {}",
        tr(lang, "Kolom tidak dikenal (tidak dibaca)", "Unknown columns (not read)"),
        list(&r.unknown)
    );
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_from_issue_paths() {
        assert_eq!(place("baris 12 / row 12, kolom NIK"), Some((None, 12)));
        assert_eq!(
            place("[Kelas 7A] baris 4 / row 4, kolom NIK"),
            Some((Some("Kelas 7A"), 4))
        );
        assert_eq!(place("[a] b] baris 9 / row 9, kolom X"), Some((Some("a] b"), 9)));
        assert_eq!(place("[3].nik"), None);
        assert_eq!(place("nik"), None);
    }
}
