//! `emis validate <file.csv>`: reads a santri or GTK export with EMIS column names, runs the
//! record and roster rules and prints the issues per CSV line.

use crate::cli::{ARGS, HELP_TEMPLATE, OPTIONS};
use crate::csv::{self, Table as CsvTable};
use crate::output::{self, CliError, EXIT_INVALID, EXIT_OK, Table, severity_label, tr};
use clap::{Args, ValueEnum};
use emis_core::date::Date;
use emis_core::id::{CheckOptions, NomorStatistik};
use emis_core::model::{Gtk, LembagaKind, Santri};
use emis_core::rules::{RuleContext, validate_gtk_list, validate_santri_list};
use emis_core::{Issue, Lang, Report, Severity, pii};
use serde::Serialize;
use std::collections::BTreeMap;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Read;

const TITLE: &str = "emis validate — periksa berkas CSV santri atau GTK dengan aturan EMIS \
                     / validate a santri or GTK CSV export with the EMIS rules";

const USAGE: &str = "emis validate <berkas.csv> [opsi]        (berkas `-` = stdin)";

const AFTER: &str = "\
Berkas: baris pertama adalah header dengan nama kolom EMIS (full_name, nik, kk_num, nisn,
birth_place, birth_date, m_gender, status_mukim, mother_full_name, father_nik, m_level_id,
study_group, admission_date, ...; GTK: nip, nuptk, status_kepegawaian, mother_name,
pendidikan, ...). Pemisah `,` atau `;` dikenali otomatis; UTF-8 dengan atau tanpa BOM.
Baris kosong diabaikan. Nomor baris dihitung dari header (baris 1).

Keluaran json: {\"rows\", \"valid\", \"invalid_count\" (jumlah masalah tidak valid),
\"warning_count\" (jumlah peringatan), \"invalid_rows\", \"kind\", \"issues\": [...]}; setiap
masalah membawa \"line\" (baris CSV) dan \"name\" (disamarkan).

Data pribadi: NIK dan nama tidak pernah dicetak utuh kecuali dengan --show-input.
Kode keluar: 0 semua valid (peringatan boleh), 1 ada baris tidak valid, 2 salah pemakaian atau
berkas tidak dapat dibaca (tidak ada, bukan UTF-8, CSV rusak).

English: validates a santri or GTK CSV export (EMIS column names, `,` or `;`) and prints the
issues per CSV line. --format json for machines, --lang en for English messages. Exit codes:
0 valid, 1 invalid rows, 2 usage error or unreadable/malformed file.

Contoh / examples:
  emis validate examples/data/santri.csv --lembaga-kind pontren --statistic-num 510033110106
  emis validate examples/data/gtk.csv --format json";

/// `emis validate`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
pub struct ValidateArgs {
    /// berkas CSV (`-` = stdin) / the CSV file
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

/// Columns that show the file is an EMIS santri/GTK export.
const KNOWN_COLUMNS: &[&str] = &["full_name", "nama", "nama_lengkap", "nik"];

/// Runs `emis validate`.
pub fn run(a: ValidateArgs, lang: Lang) -> Result<u8, CliError> {
    let format = a.format.unwrap_or(TableOrJson::Table);
    let show = a.show_input;
    let today = crate::cli::today(a.today);
    let path = a.file.as_os_str();
    let kind_flag = a.kind;
    let statistic_num = a.statistic_num;
    let lembaga_kind = a
        .lembaga_kind
        .or_else(|| statistic_num.as_ref().and_then(NomorStatistik::lembaga_kind));

    let shown_path = path.to_string_lossy().into_owned();
    let text = read_text(path, &shown_path)?;
    let delim = csv::detect_delimiter(&text);
    let table = csv::parse(&text, delim).map_err(|e| CliError::input(format!("{shown_path}: {e}")))?;
    let lower: Vec<String> = table.header.iter().map(|h| h.to_ascii_lowercase()).collect();
    if !lower.iter().any(|h| KNOWN_COLUMNS.contains(&h.as_str())) {
        return Err(CliError::input(format!(
            "{shown_path}: header tidak berisi kolom EMIS yang dikenal (full_name, nik, ...) \
             / the header has none of the EMIS columns (full_name, nik, ...)"
        )));
    }
    let kind = kind_flag.unwrap_or_else(|| {
        if lower.iter().any(|h| h == "nip" || h == "status_kepegawaian") {
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
        if lower.iter().any(|h| h == "status_mukim") {
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

    let cells = |i: usize| {
        table
            .header
            .iter()
            .map(String::as_str)
            .zip(table.records[i].fields.iter().map(String::as_str))
    };
    let (report, names) = match kind {
        Kind::Santri => {
            let list: Vec<Santri> = (0..table.records.len()).map(|i| Santri::from_flat(cells(i))).collect();
            let names = list
                .iter()
                .map(|s| s.full_name.expose().to_string())
                .collect::<Vec<_>>();
            (validate_santri_list(&list, &ctx), names)
        }
        Kind::Gtk => {
            let list: Vec<Gtk> = (0..table.records.len()).map(|i| Gtk::from_flat(cells(i))).collect();
            let names = list
                .iter()
                .map(|g| g.full_name.expose().to_string())
                .collect::<Vec<_>>();
            (validate_gtk_list(&list, &ctx), names)
        }
    };
    let found = Found::new(report, &table, &names, show);
    let out = match format {
        TableOrJson::Json => found.json(kind)?,
        TableOrJson::Table => found.table(kind, lang),
    };
    output::print(&out)?;
    Ok(if found.valid() { EXIT_OK } else { EXIT_INVALID })
}

/// Reads the file (or stdin for `-`) as UTF-8 without BOM.
fn read_text(path: &std::ffi::OsStr, shown: &str) -> Result<String, CliError> {
    let bytes = if path == "-" {
        let mut v = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut v)
            .map_err(|e| CliError::input(format!("stdin tidak dapat dibaca / cannot read stdin: {e}")))?;
        v
    } else {
        std::fs::read(path).map_err(|e| {
            CliError::input(format!(
                "berkas {shown} tidak dapat dibaca / cannot read file {shown}: {e}"
            ))
        })?
    };
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(t) => Ok(t.to_string()),
        Err(e) => {
            let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
            Err(CliError::input(format!(
                "{shown}: baris {line} bukan UTF-8; simpan ulang berkas sebagai CSV UTF-8 \
                 / line {line} is not UTF-8; save the file again as CSV UTF-8"
            )))
        }
    }
}

/// The issues with the CSV line and the (masked) name of their row.
struct Found<'a> {
    rows: usize,
    report: Report,
    /// Per issue: row index, if the issue belongs to one.
    row_of: Vec<Option<usize>>,
    table: &'a CsvTable,
    names: Vec<String>,
}

/// Row index of a list path `[3].nik`.
fn row_index(path: &str) -> Option<usize> {
    path.strip_prefix('[')?.split(']').next()?.parse().ok()
}

impl<'a> Found<'a> {
    fn new(report: Report, table: &'a CsvTable, names: &[String], show: bool) -> Found<'a> {
        let mut issues = report.issues;
        // Row order, roster issues beside their rows, issues without a row last (stable).
        issues.sort_by_key(|i| row_index(&i.path).unwrap_or(usize::MAX));
        let row_of = issues.iter().map(|i| row_index(&i.path)).collect();
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
            rows: table.records.len(),
            report: Report { issues },
            row_of,
            table,
            names,
        }
    }

    fn valid(&self) -> bool {
        self.report.is_valid()
    }

    fn line(&self, row: Option<usize>) -> Option<usize> {
        row.and_then(|r| self.table.records.get(r)).map(|r| r.line)
    }

    fn invalid_rows(&self) -> usize {
        let mut rows: Vec<usize> = self
            .report
            .issues
            .iter()
            .zip(&self.row_of)
            .filter(|(i, _)| i.severity == Severity::Invalid)
            .filter_map(|(_, r)| *r)
            .collect();
        rows.dedup();
        rows.len()
    }

    fn table(&self, kind: Kind, lang: Lang) -> String {
        let mut s = String::new();
        if self.report.issues.is_empty() {
            s.push_str(tr(lang, "Tidak ada masalah.\n", "No issues.\n"));
        } else {
            let mut t = Table::new(&[
                tr(lang, "Baris", "Line"),
                tr(lang, "Nama", "Name"),
                tr(lang, "Tingkat", "Severity"),
                tr(lang, "Kode", "Code"),
                tr(lang, "Pesan", "Message"),
            ]);
            for (i, row) in self.report.issues.iter().zip(&self.row_of) {
                let mut msg = i.message(lang);
                if let Some(input) = &i.input {
                    let _ = write!(msg, " [{}: {}]", tr(lang, "isi", "value"), input.expose());
                }
                t.row(vec![
                    self.line(*row).map_or("-".to_string(), |l| l.to_string()),
                    row.and_then(|r| self.names.get(r))
                        .cloned()
                        .unwrap_or_else(|| "-".into()),
                    severity_label(i.severity, lang).to_string(),
                    i.code.to_string(),
                    msg,
                ]);
            }
            s.push_str(&t.render());
            // One hint per code.
            let mut hints: BTreeMap<&str, &str> = BTreeMap::new();
            for i in &self.report.issues {
                hints.entry(i.code).or_insert_with(|| i.hint(lang));
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
        let _ = writeln!(
            s,
            "\n{}",
            match lang {
                Lang::Id => format!(
                    "Ringkasan: {} baris {what}, {} baris tidak valid, {} masalah tidak valid, {} peringatan.",
                    self.rows,
                    self.invalid_rows(),
                    self.report.invalid_count(),
                    self.report.warning_count()
                ),
                Lang::En => format!(
                    "Summary: {} {what} rows, {} invalid rows, {} invalid issues, {} warnings.",
                    self.rows,
                    self.invalid_rows(),
                    self.report.invalid_count(),
                    self.report.warning_count()
                ),
            }
        );
        s
    }

    fn json(&self, kind: Kind) -> Result<String, CliError> {
        #[derive(Serialize)]
        struct JsonIssue<'b> {
            line: Option<usize>,
            name: Option<&'b str>,
            #[serde(flatten)]
            issue: &'b Issue,
        }
        #[derive(Serialize)]
        struct JsonOut<'b> {
            rows: usize,
            valid: bool,
            invalid_count: usize,
            warning_count: usize,
            invalid_rows: usize,
            kind: &'static str,
            issues: Vec<JsonIssue<'b>>,
        }
        let out = JsonOut {
            rows: self.rows,
            valid: self.valid(),
            invalid_count: self.report.invalid_count(),
            warning_count: self.report.warning_count(),
            invalid_rows: self.invalid_rows(),
            kind: kind.as_str(),
            issues: self
                .report
                .issues
                .iter()
                .zip(&self.row_of)
                .map(|(issue, row)| JsonIssue {
                    line: self.line(*row),
                    name: row.and_then(|r| self.names.get(r)).map(String::as_str),
                    issue,
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
