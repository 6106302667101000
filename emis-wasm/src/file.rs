//! `validateFile`: an operator's spreadsheet (XLSX, XLS, XLSB, ODS, CSV) read by the core's one
//! reader ([`emis_core::sheet`]) and validated as santri, all inside the page: nothing is
//! sent anywhere. The JS wrapper (`js/file.js`) turns a `File`, `Blob`, `ArrayBuffer` or
//! string into bytes and calls [`validate_file_bytes`].

use crate::convert;
use crate::issue::IssueOut;
use crate::js::{new_error, set, to_js};
use emis_core::rules::{RuleContext, validate_santri_list};
use emis_core::sheet::{self, Format, SheetError};
use serde::Serialize;
use wasm_bindgen::prelude::*;

/// Name of the error for a file that cannot be read at all.
pub const FILE_ERROR: &str = "EmisFileError";

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FileOut<'a> {
    format: Format,
    /// Data rows read.
    rows: usize,
    /// Row number in the file (1-based, as Excel shows it) of each record `[i]`.
    row_numbers: Vec<u64>,
    /// Sheet of each record (workbooks), else `null`.
    sheets: Vec<Option<&'a str>>,
    /// Headers as written → canonical column.
    columns: Vec<(&'a str, &'static str)>,
    /// Headers not known (not read).
    unknown: &'a [String],
    /// What the reader repaired or could not read (`berkas.*`, `excel.*`).
    read_issues: Vec<IssueOut<'a>>,
}

fn file_error(e: &SheetError) -> JsValue {
    let code = match e {
        SheetError::Empty => "berkas.kosong",
        SheetError::NoHeader { .. } | SheetError::OneLine { .. } | SheetError::NoRows { .. } => "berkas.tanpa_data",
        SheetError::DuplicateColumn(_) => "berkas.kolom_ganda",
        SheetError::Password => "berkas.berkata_sandi",
        SheetError::TooLarge => "berkas.terlalu_besar",
        _ => "berkas.tidak_terbaca",
    };
    let err = new_error(crate::js::Ctor::Error, FILE_ERROR, &e.to_string());
    set(&err, "code", &JsValue::from_str(code));
    err
}

/// Internal: use `validateFile`. Reads `bytes` (the name only as a hint for messages) and
/// validates the rows as santri with `options` (`today`, `lembagaKind`, ...).
#[wasm_bindgen(js_name = "__validateFileBytes", skip_typescript)]
pub fn validate_file_bytes(bytes: &[u8], name: Option<String>, options: JsValue) -> Result<JsValue, JsValue> {
    let opts = convert::options(&options, true)?;
    let sheet = sheet::read(bytes, name.as_deref()).map_err(|e| file_error(&e))?;
    let santri: Vec<_> = sheet.rows.iter().map(|r| r.to_santri()).collect();
    let mut ctx = RuleContext::with_options(opts.check);
    ctx.lembaga_kind = opts.lembaga_kind;
    ctx.lembaga_statistic_num = opts.statistic_num;
    let report = validate_santri_list(&santri, &ctx);
    let out = to_js(&FileOut {
        format: sheet.report.format,
        rows: sheet.rows.len(),
        row_numbers: sheet.rows.iter().map(|r| r.row).collect(),
        sheets: sheet.rows.iter().map(|r| r.sheet.as_deref()).collect(),
        columns: sheet
            .report
            .columns
            .iter()
            .map(|c| (c.source.as_str(), c.canonical))
            .collect(),
        unknown: &sheet.report.unknown,
        read_issues: sheet.report.issues.iter().map(IssueOut::from_issue).collect(),
    });
    // The santri rules over the rows: paths `[i].field`, `i` indexing `rowNumbers`.
    set(&out, "validation", &convert::report(&report));
    Ok(out)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_FILE: &'static str = r#"
/** `validateFile`: a spreadsheet read by the core's reader and validated as santri, in the page. */
export interface FileValidation {
  format: "csv" | "xlsx" | "xls" | "xlsb" | "ods";
  /** Data rows read. */
  rows: number;
  /** Row number in the file (as Excel shows it) of record `[i]`. */
  rowNumbers: number[];
  /** Sheet of record `[i]` (workbooks), else `null`. */
  sheets: (string | null)[];
  /** `[header as written, canonical column]`. */
  columns: [string, string][];
  /** Headers not known (not read). */
  unknown: string[];
  /** What the reader repaired or could not read (`berkas.*`, `excel.*`). */
  readIssues: Issue[];
  /** The santri rules over the rows (paths `[i].field`). */
  validation: ValidationReport;
}

/** Options of `validateFile`: those of `validateSantri`, plus progress and cancellation. */
export interface ValidateFileOptions extends ValidateOptions {
  /** Called with `{ phase: "read" | "validate" | "done", loaded, total }` (bytes). */
  onProgress?: (p: { phase: "read" | "validate" | "done"; loaded: number; total: number }) => void;
  /** Cancels the read: the promise rejects with an `AbortError` `DOMException`-like `Error`. */
  signal?: AbortSignal;
}

/** A file that cannot be read at all (empty, no header, password, damaged...). */
export interface EmisFileError extends Error {
  name: "EmisFileError";
  code: "berkas.kosong" | "berkas.tanpa_data" | "berkas.kolom_ganda" | "berkas.berkata_sandi" | "berkas.terlalu_besar" | "berkas.tidak_terbaca";
}
"#;
