//! `emis validate <file>`: reads a santri or GTK file (CSV, XLSX, XLSB, XLS, ODS) through
//! `emis_core::sheet`, runs the record and roster rules and prints every problem (the reader's:
//! Excel damage, rows that could not be read; the rules') with its row and sheet.

use crate::cli::{ARGS, HELP_TEMPLATE, OPTIONS};
use crate::input;
use crate::output::{self, CliError, EXIT_INVALID, EXIT_OK, Table, severity_label, tr};
use clap::{Args, ValueEnum};
use emis_core::date::Date;
use emis_core::id::{CheckOptions, NomorStatistik};
use emis_core::model::{Gtk, LembagaKind, Santri};
use emis_core::rules::{RuleContext, validate_gtk_list, validate_santri_list};
use emis_core::sheet::{ColumnUse, Encoding, Format, ReadReport, Sheet, SheetInfo};
use emis_core::{Issue, Lang, Report, Severity, pii};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};
use std::ffi::OsString;
use std::fmt::Write as _;

const TITLE: &str = "emis validate — periksa berkas santri atau GTK (CSV, XLSX, XLS, ODS) dengan aturan EMIS \
                     / validate a santri or GTK file (CSV, XLSX, XLS, ODS) with the EMIS rules";

const USAGE: &str = "emis validate <berkas.csv|.xlsx|.xls|.ods> [opsi]        (berkas `-` = stdin)";

const AFTER: &str = "\
Berkas: CSV (UTF-8 dengan/tanpa BOM, UTF-16, Windows-1252; pemisah `,` `;` tab `|` dikenali
otomatis) atau buku kerja Excel/LibreOffice (.xlsx, .xlsb, .xls, .ods; setiap lembar yang punya
baris judul kolom dibaca, termasuk ekspor EMIS per rombel). Baris judul dicari di 20 baris
pertama; nama kolom EMIS (full_name, nik, nisn, ...) atau label (NIK, Nama Lengkap, L/P, ...).
Kerusakan oleh Excel (NIK jadi angka atau notasi ilmiah, nol depan hilang) dilaporkan per sel.
Dua kolom yang berarti sama, berkas kosong, atau judul tanpa baris data: galat (kode 2).

Keluaran json: {\"rows\", \"valid\", \"invalid_count\" (jumlah masalah tidak valid),
\"warning_count\" (jumlah peringatan), \"invalid_rows\", \"kind\", \"file\" (format, encoding,
kolom dibaca/diabaikan/tidak dikenal), \"issues\": [...]}; setiap masalah membawa \"line\"
(baris di berkas), \"sheet\" (lembar, buku kerja saja) dan \"name\" (disamarkan).

Data pribadi: NIK dan nama tidak pernah dicetak utuh kecuali dengan --show-input.
Kode keluar: 0 semua valid (peringatan boleh), 1 ada baris tidak valid (termasuk baris yang
tidak terbaca atau sel yang dirusak Excel), 2 salah pemakaian atau berkas tidak dapat dibaca.

English: validates a santri or GTK file (CSV as Excel writes it, XLSX, XLSB, XLS, ODS) and
prints every problem with its row (and sheet): Excel damage, unreadable rows, rule issues; then
the columns read / ignored / unknown and the encoding assumed. Exit codes: 0 valid, 1 invalid
rows, 2 usage error or unreadable file (empty, no header, two columns with one meaning).

Contoh / examples:
  emis validate examples/data/santri.csv --lembaga-kind pontren --statistic-num 510033110106
  emis validate ekspor_emis.xlsx --format json
  emis validate examples/data/gtk.csv --format json";

/// `emis validate`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
pub struct ValidateArgs {
    /// berkas CSV, XLSX, XLS atau ODS (`-` = stdin) / the file
    #[arg(value_name = "BERKAS", help_heading = ARGS)]
    pub file: OsString,
    /// jenis data (bawaan: gtk bila ada kolom nip atau status_kepegawaian) / kind of records
    #[arg(long, value_enum, ignore_case = true, help_heading = OPTIONS)]
    pub kind: Option<Kind>,
    /// jenis lembaga: pontren, pkpps, spm, pdf, mahadaly, lpq, mdt (bawaan: dari --statistic-num;
    /// untuk santri, pontren bila ada kolom status_mukim) / institution kind
    #[arg(long, value_name = "JENIS", value_parser = lembaga_kind, help_heading = OPTIONS)]
    pub lembaga_kind: Option<LembagaKind>,
    /// nomor statistik lembaga (NSPP/NSM), untuk memeriksa NISM santri / the institution's number
    #[arg(long, value_name = "N", value_parser = statistic_num, help_heading = OPTIONS)]
    pub statistic_num: Option<NomorStatistik>,
    /// keluaran (bawaan: table) / output
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT", help_heading = OPTIONS)]
    pub format: Option<TableOrJson>,
    /// tampilkan nama dan nilai asli (bawaan: disamarkan) / print names and values in full
    #[arg(long, help_heading = OPTIONS)]
    pub show_input: bool,
    /// tanggal hari ini untuk pemeriksaan (bawaan: tanggal WIB sistem) / today's date for the checks
    #[arg(long, value_name = "TTTT-BB-HH", value_parser = crate::cli::date, help_heading = OPTIONS)]
    pub today: Option<Date>,
}

/// `--format table|json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TableOrJson {
    Table,
    Json,
}

fn lembaga_kind(s: &str) -> Result<LembagaKind, String> {
    LembagaKind::parse(s).ok_or_else(|| {
        format!("tidak dikenal: {s}; pilih pontren, pkpps, spm, pdf, mahadaly, lpq, mdt / unknown institution kind")
    })
}

/// A statistic number (NSPP/NSM), checked.
pub fn statistic_num(s: &str) -> Result<NomorStatistik, String> {
    NomorStatistik::parse(s).map_err(|e| format!("{e} / not a valid statistic number (NSPP/NSM, 12 digits)"))
}

/// Which records the file holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Kind {
    Santri,
    Gtk,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Santri => "santri",
            Kind::Gtk => "gtk",
        }
    }
}

/// Runs `emis validate`.
pub fn run(a: ValidateArgs, lang: Lang) -> Result<u8, CliError> {
    let format = a.format.unwrap_or(TableOrJson::Table);
    let show = a.show_input;
    let today = crate::cli::today(a.today);
    let kind_flag = a.kind;
    let statistic_num = a.statistic_num;
    let lembaga_kind = a
        .lembaga_kind
        .or_else(|| statistic_num.as_ref().and_then(NomorStatistik::lembaga_kind));

    let sheet = input::read(&a.file)?;
    let has = |c: &str| sheet.report.columns.iter().any(|u| u.canonical == c);
    let kind = kind_flag.unwrap_or_else(|| {
        if has("nip") || has("status_kepegawaian") {
            Kind::Gtk
        } else {
            Kind::Santri
        }
    });

    let mut ctx = RuleContext::with_options(CheckOptions {
        today,
        include_input: show,
    });
    ctx.lembaga_kind = lembaga_kind;
    ctx.lembaga_statistic_num = statistic_num.map(|n| n.as_str().to_string());
    if kind == Kind::Santri && ctx.lembaga_kind.is_none() {
        if has("status_mukim") {
            // Only pesantren record mukim/non-mukim: the column says where the export is from.
            ctx.lembaga_kind = Some(LembagaKind::Pontren);
            output::note(
                "catatan: ada kolom status_mukim, lembaga dianggap pondok pesantren (ubah dengan \
                 --lembaga-kind). / note: a status_mukim column is present, the institution is taken \
                 to be a pesantren (change with --lembaga-kind).",
            );
        } else {
            output::note(
                "catatan: jenis lembaga tidak diketahui; status_mukim (aturan 26) tidak diperiksa. \
                 Pakai --lembaga-kind pontren. / note: institution kind unknown; status_mukim (rule 26) \
                 is not checked.",
            );
        }
    }

    let (report, names) = match kind {
        Kind::Santri => {
            let list: Vec<Santri> = sheet.rows.iter().map(|r| r.to_santri()).collect();
            let names = list
                .iter()
                .map(|s| s.full_name.expose().to_string())
                .collect::<Vec<_>>();
            (validate_santri_list(&list, &ctx), names)
        }
        Kind::Gtk => {
            let list: Vec<Gtk> = sheet.rows.iter().map(|r| r.to_gtk()).collect();
            let names = list
                .iter()
                .map(|g| g.full_name.expose().to_string())
                .collect::<Vec<_>>();
            (validate_gtk_list(&list, &ctx), names)
        }
    };
    let found = Found::new(&sheet, report, &names, show);
    let out = match format {
        TableOrJson::Json => found.json(kind, &sheet.report)?,
        TableOrJson::Table => found.table(kind, lang) + "\n" + &input::summary(&sheet.report, lang),
    };
    output::print(&out)?;
    Ok(if found.valid() { EXIT_OK } else { EXIT_INVALID })
}

/// One problem: the reader's (a damaged cell, a row that could not be read) or a rule's,
/// with the sheet and row it is on.
struct Entry {
    sheet: Option<String>,
    line: Option<u64>,
    /// Index in `Sheet::rows`, when the row was read.
    row: Option<usize>,
    issue: Issue,
}

/// The issues with their rows and the (masked) names of those rows.
struct Found {
    rows: usize,
    entries: Vec<Entry>,
    names: Vec<String>,
}

/// Row index of a list path `[3].nik`.
fn row_index(path: &str) -> Option<usize> {
    path.strip_prefix('[')?.split(']').next()?.parse().ok()
}

impl Found {
    fn new(sheet: &Sheet, report: Report, names: &[String], show: bool) -> Found {
        let at: HashMap<(Option<&str>, u64), usize> = sheet
            .rows
            .iter()
            .enumerate()
            .map(|(i, r)| ((r.sheet.as_deref(), r.row), i))
            .collect();
        let mut entries: Vec<Entry> = Vec::new();
        // The reader's issues first: a damaged cell comes before what the rules say of it.
        for issue in &sheet.report.issues {
            let place = input::place(&issue.path);
            let row = place.and_then(|(s, l)| at.get(&(s, l)).copied());
            entries.push(Entry {
                sheet: place.and_then(|(s, _)| s.map(str::to_string)),
                line: place.map(|(_, l)| l),
                row,
                issue: issue.clone(),
            });
        }
        for issue in report.issues {
            let row = row_index(&issue.path).filter(|&r| r < sheet.rows.len());
            let src = row.map(|r| &sheet.rows[r]);
            entries.push(Entry {
                sheet: src.and_then(|r| r.sheet.as_deref().map(str::to_string)),
                line: src.map(|r| r.row),
                row,
                issue,
            });
        }
        // Sheet and row order, issues without a row last (stable).
        let sheet_pos = |name: &Option<String>| sheet.report.sheets.iter().position(|s| s.name == *name).unwrap_or(0);
        entries.sort_by_key(|e| match e.line {
            Some(l) => (sheet_pos(&e.sheet), l),
            None => (usize::MAX, u64::MAX),
        });
        let names = names
            .iter()
            .map(|n| {
                if n.trim().is_empty() {
                    "-".to_string()
                } else if show {
                    n.clone()
                } else {
                    pii::mask_name(n)
                }
            })
            .collect();
        Found {
            rows: sheet.rows.len(),
            entries,
            names,
        }
    }

    fn count(&self, s: Severity) -> usize {
        self.entries.iter().filter(|e| e.issue.severity == s).count()
    }

    fn valid(&self) -> bool {
        self.count(Severity::Invalid) == 0
    }

    /// Rows with an invalid issue (read or not).
    fn invalid_rows(&self) -> usize {
        let mut rows: Vec<(&Option<String>, u64)> = self
            .entries
            .iter()
            .filter(|e| e.issue.severity == Severity::Invalid)
            .filter_map(|e| e.line.map(|l| (&e.sheet, l)))
            .collect();
        rows.dedup();
        rows.len()
    }

    fn name(&self, e: &Entry) -> Option<&str> {
        e.row.and_then(|r| self.names.get(r)).map(String::as_str)
    }

    fn table(&self, kind: Kind, lang: Lang) -> String {
        let mut s = String::new();
        if self.entries.is_empty() {
            s.push_str(tr(lang, "Tidak ada masalah.\n", "No issues.\n"));
        } else {
            let mut t = Table::new(&[
                tr(lang, "Baris", "Line"),
                tr(lang, "Nama", "Name"),
                tr(lang, "Tingkat", "Severity"),
                tr(lang, "Kode", "Code"),
                tr(lang, "Pesan", "Message"),
            ]);
            for e in &self.entries {
                let i = &e.issue;
                let mut msg = i.message(lang);
                if let Some(input) = &i.input {
                    let _ = write!(msg, " [{}: {}]", tr(lang, "isi", "value"), input.expose());
                }
                let line = match (&e.sheet, e.line) {
                    (Some(sh), Some(l)) => format!("{sh}:{l}"),
                    (None, Some(l)) => l.to_string(),
                    _ => "-".to_string(),
                };
                t.row(vec![
                    line,
                    self.name(e).unwrap_or("-").to_string(),
                    severity_label(i.severity, lang).to_string(),
                    i.code.to_string(),
                    msg,
                ]);
            }
            s.push_str(&t.render());
            // One hint per code.
            let mut hints: BTreeMap<&str, &str> = BTreeMap::new();
            for e in &self.entries {
                hints.entry(e.issue.code).or_insert_with(|| e.issue.hint(lang));
            }
            let _ = writeln!(s, "\n{}:", tr(lang, "Saran", "Hints"));
            for (code, hint) in hints {
                let _ = writeln!(s, "  {code}: {hint}");
            }
        }
        let what = match kind {
            Kind::Santri => "santri",
            Kind::Gtk => "GTK",
        };
        let (rows, bad, inv, warn) = (
            self.rows,
            self.invalid_rows(),
            self.count(Severity::Invalid),
            self.count(Severity::Warning),
        );
        let _ = writeln!(
            s,
            "\n{}",
            match lang {
                Lang::Id => format!(
                    "Ringkasan: {rows} baris {what}, {bad} baris tidak valid, {inv} masalah tidak valid, {warn} peringatan."
                ),
                Lang::En => {
                    format!("Summary: {rows} {what} rows, {bad} invalid rows, {inv} invalid issues, {warn} warnings.")
                }
            }
        );
        s
    }

    fn json(&self, kind: Kind, read: &ReadReport) -> Result<String, CliError> {
        #[derive(Serialize)]
        struct JsonIssue<'b> {
            line: Option<u64>,
            #[serde(skip_serializing_if = "Option::is_none")]
            sheet: Option<&'b str>,
            name: Option<&'b str>,
            #[serde(flatten)]
            issue: &'b Issue,
        }
        #[derive(Serialize)]
        struct JsonFile<'b> {
            format: Format,
            encoding: Option<Encoding>,
            delimiter: Option<char>,
            sheets: &'b [SheetInfo],
            columns: &'b [ColumnUse],
            ignored: &'b [String],
            unknown: &'b [String],
        }
        #[derive(Serialize)]
        struct JsonOut<'b> {
            rows: usize,
            valid: bool,
            invalid_count: usize,
            warning_count: usize,
            invalid_rows: usize,
            kind: &'static str,
            file: JsonFile<'b>,
            issues: Vec<JsonIssue<'b>>,
        }
        let out = JsonOut {
            rows: self.rows,
            valid: self.valid(),
            invalid_count: self.count(Severity::Invalid),
            warning_count: self.count(Severity::Warning),
            invalid_rows: self.invalid_rows(),
            kind: kind.as_str(),
            file: JsonFile {
                format: read.format,
                encoding: read.encoding,
                delimiter: read.delimiter,
                sheets: &read.sheets,
                columns: &read.columns,
                ignored: &read.ignored,
                unknown: &read.unknown,
            },
            issues: self
                .entries
                .iter()
                .map(|e| JsonIssue {
                    line: e.line,
                    sheet: e.sheet.as_deref(),
                    name: self.name(e),
                    issue: &e.issue,
                })
                .collect(),
        };
        let mut s = serde_json::to_string_pretty(&out).map_err(|e| CliError::input(e.to_string()))?;
        s.push('\n');
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn row_indexes_from_paths() {
        assert_eq!(row_index("[3].nik"), Some(3));
        assert_eq!(row_index("[12]"), Some(12));
        assert_eq!(row_index("periode"), None);
        assert_eq!(row_index("[x].nik"), None);
    }
}
