//! Workbooks through `calamine`: XLSX, XLSB, XLS and ODS in pure Rust (no C, no I/O of its
//! own), so the same reader runs natively and in the browser (wasm32). It is the reader the
//! Rust ecosystem converged on (tafia/calamine, MIT, maintained since 2016, regular releases);
//! writing our own OOXML/BIFF/ODF parsers would be thousands of lines of format quirks.

use super::cell::Raw;
use super::header::{self, Meaning};
use super::table::{At, Builder, HEADER_SEARCH};
use super::{Format, Sheet, SheetError};
use calamine::{CellErrorType, Data, Ods, OdsError, Reader, Sheets, Xls, XlsError, Xlsb, Xlsx, XlsxError};
use std::io::Cursor;
use std::sync::Arc;

/// What the first bytes say a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Container {
    /// A ZIP archive: XLSX, XLSB or ODS.
    Zip,
    /// An OLE compound file: XLS (or a password-protected XLSX).
    Cfb,
    /// Text (CSV).
    Text,
    /// Something that is not a table.
    Other(&'static str),
}

/// Looks at the first bytes.
pub(crate) fn sniff(bytes: &[u8]) -> Container {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        return Container::Zip;
    }
    if bytes.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Container::Cfb;
    }
    if bytes.starts_with(b"%PDF") {
        return Container::Other("PDF");
    }
    if bytes.starts_with(b"\x89PNG") || bytes.starts_with(b"\xFF\xD8\xFF") {
        return Container::Other("gambar/image");
    }
    let head = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let head = &head[start..head.len().min(start + 512)];
    let lower = head.to_ascii_lowercase();
    if lower.starts_with(b"<!doctype html") || lower.starts_with(b"<html") || lower.starts_with(b"<table") {
        // Web systems often save an HTML table with an `.xls` name.
        return Container::Other("HTML");
    }
    if lower.starts_with(b"<?xml") {
        return Container::Other("XML");
    }
    Container::Text
}

type Book<'a> = Sheets<Cursor<&'a [u8]>>;

fn open(bytes: &[u8], zip: bool) -> Result<(Book<'_>, Format), SheetError> {
    let cur = || Cursor::new(bytes);
    if zip {
        match Xlsx::new(cur()) {
            Ok(x) => return Ok((Sheets::Xlsx(x), Format::Xlsx)),
            Err(XlsxError::Password) => return Err(SheetError::Password),
            Err(_) => {}
        }
        if let Ok(x) = Xlsb::new(cur()) {
            return Ok((Sheets::Xlsb(x), Format::Xlsb));
        }
        return match Ods::new(cur()) {
            Ok(x) => Ok((Sheets::Ods(x), Format::Ods)),
            Err(OdsError::Password) => Err(SheetError::Password),
            Err(_) if has(bytes, b"xl/") || has(bytes, b"content.xml") => {
                Err(SheetError::Workbook { format: Format::Xlsx })
            }
            Err(_) => Err(SheetError::Unsupported { what: "ZIP" }),
        };
    }
    match Xls::new(cur()) {
        Ok(x) => Ok((Sheets::Xls(x), Format::Xls)),
        Err(XlsError::Password) => Err(SheetError::Password),
        // An encrypted XLSX is an OLE file holding an `EncryptedPackage`.
        Err(_) => match Xlsx::new(cur()) {
            Err(XlsxError::Password) => Err(SheetError::Password),
            _ => Err(SheetError::Workbook { format: Format::Xls }),
        },
    }
}

fn has(bytes: &[u8], needle: &[u8]) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle)
}

/// Text of a cell for header detection.
fn header_text(d: &Data) -> String {
    match d {
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.trim().to_string(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

fn error_name(e: &CellErrorType) -> &'static str {
    match e {
        CellErrorType::Div0 => "#DIV/0!",
        CellErrorType::NA => "#N/A",
        CellErrorType::Name => "#NAME?",
        CellErrorType::Null => "#NULL!",
        CellErrorType::Num => "#NUM!",
        CellErrorType::Ref => "#REF!",
        CellErrorType::Value => "#VALUE!",
        CellErrorType::GettingData => "#GETTING_DATA",
    }
}

/// A workbook cell as the converter takes it.
fn raw(d: &Data) -> Raw<'_> {
    match d {
        Data::Empty => Raw::Text(""),
        Data::String(s) | Data::DurationIso(s) => Raw::Text(s),
        Data::Float(f) => Raw::Number(*f),
        Data::Int(i) => Raw::Number(*i as f64),
        Data::Bool(b) => Raw::Bool(*b),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            Raw::Date(y, m, d)
        }
        Data::DateTime(dt) => Raw::Number(dt.as_f64()),
        // ODS dates: `2008-08-17` or `2008-08-17T00:00:00`.
        Data::DateTimeIso(s) => Raw::Text(s.get(..10).filter(|d| d.as_bytes().get(4) == Some(&b'-')).unwrap_or(s)),
        Data::Error(e) => Raw::Error(error_name(e)),
    }
}

/// Reads every sheet that has a header row.
pub(crate) fn read(bytes: &[u8], zip: bool) -> Result<Sheet, SheetError> {
    let (mut book, format) = open(bytes, zip)?;
    let mut b = Builder::new(format);
    let names = book.sheet_names();
    for name in &names {
        let range = book
            .worksheet_range(name)
            .map_err(|_| SheetError::Workbook { format })?;
        let (row0, col0) = range.start().map_or((0, 0), |(r, c)| (r as u64, c as usize));
        let mut rows = range.rows().enumerate();

        // The header: the first of up to 20 non-empty rows that looks like one.
        let mut seen = 0usize;
        let mut plan = None;
        for (i, cells) in rows.by_ref() {
            let texts: Vec<String> = cells.iter().map(header_text).collect();
            if texts.iter().all(String::is_empty) {
                continue;
            }
            let meanings: Vec<Meaning> = texts.iter().map(|t| header::meaning(t)).collect();
            if header::is_header(&meanings) {
                b.begin_sheet(Some(name), Some(row0 + i as u64 + 1));
                plan = Some(b.plan(Some(name), &texts, col0)?);
                break;
            }
            seen += 1;
            if seen >= HEADER_SEARCH {
                break;
            }
        }
        let Some(plan) = plan else {
            b.begin_sheet(Some(name), None);
            continue;
        };

        let sheet: Arc<str> = Arc::from(name.as_str());
        for (i, cells) in rows {
            let at = At {
                sheet: Some(&sheet),
                row: row0 + i as u64 + 1,
            };
            let row = b.begin();
            for slot in &plan.used {
                let r = cells.get(slot.col).map_or(Raw::Text(""), raw);
                b.cell(at, slot, r);
            }
            b.end(row, at, &plan, "");
        }
    }
    if names.is_empty() {
        return Err(SheetError::Empty);
    }
    b.finish(String::new())
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn sniffs_containers() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Container::Zip);
        assert_eq!(sniff(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest"), Container::Cfb);
        assert_eq!(sniff(b"%PDF-1.7"), Container::Other("PDF"));
        assert_eq!(sniff(b"\xEF\xBB\xBF  <HTML><table>"), Container::Other("HTML"));
        assert_eq!(sniff(b"<table><tr><td>NIK</td></tr></table>"), Container::Other("HTML"));
        assert_eq!(sniff(b"<?xml version=\"1.0\"?><Workbook>"), Container::Other("XML"));
        assert_eq!(sniff(b"nik;nama\n"), Container::Text);
        assert_eq!(sniff(b""), Container::Text);
    }

    #[test]
    fn damaged_workbooks_are_errors_not_panics() {
        assert_eq!(
            read(b"PK\x03\x04garbage", true).unwrap_err(),
            SheetError::Unsupported { what: "ZIP" }
        );
        let cfb = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1garbage";
        assert_eq!(
            read(cfb, false).unwrap_err(),
            SheetError::Workbook { format: Format::Xls }
        );
    }
}
