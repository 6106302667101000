//! `emis diff <A> <B>`: reconciles two exports keyed by an identifier column (NIK by
//! default) with [`emis_core::export::diff_files`] (CSV as it is; workbooks and non-UTF-8 CSV
//! through the core's spreadsheet reader) and prints a summary.

use crate::cli::{ARGS, HELP_TEMPLATE, OPTIONS, TextOrJson};
use crate::output::{self, CliError, EXIT_INVALID, EXIT_OK, Table, tr};
use clap::Args;
use emis_core::Lang;
use emis_core::export::{DiffOptions, ExportDiff, FileSummary, FilesDiff, diff_files};
use std::ffi::{OsStr, OsString};
use std::fmt::Write as _;

const TITLE: &str = "emis diff — bandingkan dua ekspor (CSV, XLSX, XLS, ODS; mis. ekspor santri bulan lalu dan \
                     bulan ini) / compare two exports";

const USAGE: &str = "emis diff <A> <B> [opsi]";

const AFTER: &str = "\
Baris dicocokkan lewat kolom kunci (bawaan: nik). NIK dinormalkan (`3517 0117 0808 0001` =
`3517011708080001`); kunci lain yang bukan nomor identitas dibandingkan sebagai teks tanpa
spasi di tepi. Hanya kolom yang ada di KEDUA header yang dibandingkan; kolom yang hanya ada di
satu berkas disebutkan, bukan dihitung sebagai perbedaan. Kunci ganda dan kunci kosong
dilaporkan per berkas (baris pertama sebuah kunci yang dibandingkan).

Berkas CSV UTF-8: baris pertama header; pemisah `,` atau `;` dikenali per berkas; tanda kutip
RFC 4180; dengan atau tanpa BOM; baris kosong diabaikan; semua kolom dibandingkan. Berkas rusak
(kutip tidak ditutup, jumlah kolom salah) menghentikan perintah dengan nama berkas dan nomor
barisnya. Bila salah satu berkas XLSX/XLS/ODS atau CSV Windows-1252/UTF-16, KEDUA berkas dibaca
oleh pembaca lembar kerja emis (baris judul dicari, label Indonesia dikenali, kerusakan Excel
diperbaiki bila pasti) dan dibandingkan dengan nama kolom kanonik (`NIK` = `nik`).

Keluaran json: {\"file_a\", \"file_b\", \"identical\", \"key\", \"only_a\", \"only_b\", \"changed\",
\"same\", \"a\": {\"rows\", \"delimiter\", \"columns\", \"duplicate_keys\", \"duplicate_rows\",
\"empty_key_rows\", \"duplicate_key_list\"}, \"b\": {...}, \"compared_columns\", \"columns_only_a\",
\"columns_only_b\", \"column_changes\": [{\"column\", \"changed\"}], \"changed_keys\": [{\"key\",
\"columns\"}], \"only_a_keys\", \"only_b_keys\"}.

Data pribadi: kunci selalu disamarkan (4 karakter awal dan 2 akhir).
Kode keluar: 0 identik, 1 berbeda, 2 salah pemakaian atau berkas tidak dapat dibaca / rusak.

English: compares two CSV exports row by row, matched on a key column (default nik), over
the columns both files have. Prints rows only in A, only in B, changed and unchanged, changes
per column, duplicate and empty keys. UTF-8 CSV is compared as it is (every column); when either
file is a workbook or CSV in another encoding, both go through emis's spreadsheet reader and are
compared under canonical column names. Exit codes: 0 identical, 1 different, 2 usage error or
unreadable/malformed file.

Contoh / examples:
  emis diff santri-2026-10.csv santri-2026-11.csv
  emis diff a.csv b.csv --key nisn --format json";

/// `emis diff`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
pub struct DiffArgs {
    /// ekspor lama / the older export
    #[arg(value_name = "A", help_heading = ARGS)]
    pub a: OsString,
    /// ekspor baru / the newer export
    #[arg(value_name = "B", help_heading = ARGS)]
    pub b: OsString,
    /// kolom kunci (bawaan: nik) / key column
    #[arg(long, value_name = "KOLOM", default_value = "nik", hide_default_value = true, help_heading = OPTIONS)]
    pub key: String,
    /// keluaran (bawaan: text) / output
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT", help_heading = OPTIONS)]
    pub format: Option<TextOrJson>,
    /// tampilkan paling banyak N kunci per daftar, disamarkan (bawaan: 10; 0 = tidak)
    /// / list at most N (masked) keys per list
    #[arg(long, value_name = "N", value_parser = crate::cli::whole::<usize>, help_heading = OPTIONS)]
    pub keys: Option<usize>,
}

fn read(path: &OsStr) -> Result<Vec<u8>, CliError> {
    std::fs::read(path).map_err(|e| {
        let shown = path.to_string_lossy();
        CliError::input(format!(
            "berkas {shown} tidak dapat dibaca / cannot read file {shown}: {e}"
        ))
    })
}

/// Runs `emis diff`.
pub fn run(a: DiffArgs, lang: Lang) -> Result<u8, CliError> {
    let format = a.format.unwrap_or_default();
    let (path_a, path_b) = (a.a.as_os_str(), a.b.as_os_str());
    let key = a.key.trim();
    if key.is_empty() {
        return Err(CliError::usage("--key kosong / --key is empty", "diff"));
    }
    let max_keys = a.keys.unwrap_or(10);

    // Both files are read at once: the reads overlap on two cores.
    let (a, b) = std::thread::scope(|s| {
        let hb = s.spawn(|| read(path_b));
        let a = read(path_a);
        (a, hb.join().unwrap_or_else(|_| Err(CliError::input("read failed"))))
    });
    let (a, b) = (a?, b?);
    let opts = DiffOptions {
        key: key.to_string(),
        max_keys,
        parallel: true,
    };
    let (name_a, name_b) = (path_a.to_string_lossy(), path_b.to_string_lossy());
    let hint = |p: &OsStr| {
        std::path::Path::new(p)
            .file_name()
            .and_then(|n| n.to_str())
            .map(str::to_string)
    };
    let (hint_a, hint_b) = (hint(path_a), hint(path_b));
    let d = diff_files(&a, &b, (hint_a.as_deref(), hint_b.as_deref()), &opts).map_err(|e| {
        let name = match e {
            emis_core::export::DiffError::Malformed { side, .. }
            | emis_core::export::DiffError::NoHeader { side }
            | emis_core::export::DiffError::NoKeyColumn { side, .. }
            | emis_core::export::DiffError::TooLarge { side }
            | emis_core::export::DiffError::Unreadable { side, .. } => match side {
                emis_core::export::Side::A => name_a.as_ref(),
                emis_core::export::Side::B => name_b.as_ref(),
            },
            _ => "",
        };
        CliError::input(format!("{name}: {e}"))
    })?;
    let out = match format {
        TextOrJson::Json => json(&d, &name_a, &name_b)?,
        TextOrJson::Text => text(&d, &name_a, &name_b, lang),
    };
    let d = d.diff;
    output::print(&out)?;
    // The buffers are large; the process ends right after, so skip freeing them.
    std::mem::forget(a);
    std::mem::forget(b);
    Ok(if d.is_identical() { EXIT_OK } else { EXIT_INVALID })
}

fn json(d: &FilesDiff, a: &str, b: &str) -> Result<String, CliError> {
    let mut v = serde_json::to_value(d).map_err(|e| CliError::input(e.to_string()))?;
    if let Some(m) = v.as_object_mut() {
        m.insert("file_a".into(), a.into());
        m.insert("file_b".into(), b.into());
        m.insert("identical".into(), d.diff.is_identical().into());
    }
    let mut s = serde_json::to_string_pretty(&v).map_err(|e| CliError::input(e.to_string()))?;
    s.push('\n');
    Ok(s)
}

/// `1234567` → `1.234.567` (id) or `1,234,567` (en).
fn group(n: u64, lang: Lang) -> String {
    let sep = tr(lang, ".", ",");
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(c);
    }
    out
}

fn text(files: &FilesDiff, name_a: &str, name_b: &str, lang: Lang) -> String {
    let d: &ExportDiff = &files.diff;
    let mut out = String::new();
    let file = |s: &FileSummary| {
        format!(
            "{} {}, {} '{}', {} {}",
            group(s.rows, lang),
            tr(lang, "baris", "rows"),
            tr(lang, "pemisah", "delimiter"),
            s.delimiter,
            s.columns,
            tr(lang, "kolom", "columns"),
        )
    };
    let _ = writeln!(
        out,
        "{} ({} {})",
        tr(lang, "Perbandingan ekspor", "Export comparison"),
        tr(lang, "kunci", "key"),
        d.key
    );
    let _ = writeln!(out, "  A: {name_a} — {}", file(&d.a));
    let _ = writeln!(out, "  B: {name_b} — {}", file(&d.b));
    if files.read_a.via_reader {
        let _ = writeln!(
            out,
            "  {} (A: {:?}, {} {}; B: {:?}, {} {})",
            tr(
                lang,
                "dibaca lewat pembaca lembar kerja, kolom kanonik",
                "read by the spreadsheet reader, canonical columns"
            ),
            files.read_a.format,
            files.read_a.reader_issues,
            tr(lang, "catatan", "notes"),
            files.read_b.format,
            files.read_b.reader_issues,
            tr(lang, "catatan", "notes"),
        );
    }
    out.push('\n');

    let mut t = Table::new(&[tr(lang, "hasil", "result"), tr(lang, "jumlah", "count")]);
    for (label, n) in [
        (
            tr(lang, "hanya di A (hilang di B)", "only in A (gone from B)"),
            d.only_a,
        ),
        (tr(lang, "hanya di B (baru)", "only in B (new)"), d.only_b),
        (tr(lang, "berubah", "changed"), d.changed),
        (tr(lang, "sama", "same"), d.same),
    ] {
        t.row(vec![label.to_string(), group(n, lang)]);
    }
    for (label, a, b) in [
        (
            tr(lang, "kunci ganda (A / B)", "duplicate keys (A / B)"),
            d.a.duplicate_keys,
            d.b.duplicate_keys,
        ),
        (
            tr(lang, "baris kunci ganda (A / B)", "duplicate-key rows (A / B)"),
            d.a.duplicate_rows,
            d.b.duplicate_rows,
        ),
        (
            tr(lang, "baris kunci kosong (A / B)", "empty-key rows (A / B)"),
            d.a.empty_key_rows,
            d.b.empty_key_rows,
        ),
    ] {
        if a + b > 0 {
            t.row(vec![
                label.to_string(),
                format!("{} / {}", group(a, lang), group(b, lang)),
            ]);
        }
    }
    out.push_str(&t.render());

    if d.changed > 0 {
        let mut t = Table::new(&[tr(lang, "kolom", "column"), tr(lang, "berubah", "changed")]);
        for c in d.column_changes.iter().filter(|c| c.changed > 0) {
            t.row(vec![c.column.clone(), group(c.changed, lang)]);
        }
        out.push('\n');
        out.push_str(&t.render());
    }
    let _ = writeln!(
        out,
        "\n{}: {}",
        tr(lang, "kolom dibandingkan", "columns compared"),
        if d.compared_columns.is_empty() {
            "-".to_string()
        } else {
            d.compared_columns.join(", ")
        }
    );
    for (label, cols) in [
        (
            tr(
                lang,
                "kolom hanya di A (tidak dibandingkan)",
                "columns only in A (not compared)",
            ),
            &d.columns_only_a,
        ),
        (
            tr(
                lang,
                "kolom hanya di B (tidak dibandingkan)",
                "columns only in B (not compared)",
            ),
            &d.columns_only_b,
        ),
    ] {
        if !cols.is_empty() {
            let _ = writeln!(out, "{label}: {}", cols.join(", "));
        }
    }

    let list = |out: &mut String, label: &str, total: u64, keys: Vec<String>| {
        if keys.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "\n{label} ({} {} {}, {}):",
            keys.len(),
            tr(lang, "dari", "of"),
            group(total, lang),
            tr(lang, "disamarkan", "masked")
        );
        for k in keys {
            let _ = writeln!(out, "  {k}");
        }
    };
    list(
        &mut out,
        tr(lang, "Kunci berubah", "Changed keys"),
        d.changed,
        d.changed_keys
            .iter()
            .map(|c| format!("{}  {}", c.key, c.columns.join(", ")))
            .collect(),
    );
    list(
        &mut out,
        tr(lang, "Kunci hanya di A", "Keys only in A"),
        d.only_a,
        d.only_a_keys.clone(),
    );
    list(
        &mut out,
        tr(lang, "Kunci hanya di B", "Keys only in B"),
        d.only_b,
        d.only_b_keys.clone(),
    );
    list(
        &mut out,
        tr(lang, "Kunci ganda di A", "Duplicate keys in A"),
        d.a.duplicate_keys,
        d.a.duplicate_key_list.clone(),
    );
    list(
        &mut out,
        tr(lang, "Kunci ganda di B", "Duplicate keys in B"),
        d.b.duplicate_keys,
        d.b.duplicate_key_list.clone(),
    );
    let _ = writeln!(
        out,
        "\n{}",
        if d.is_identical() {
            tr(lang, "IDENTIK", "IDENTICAL")
        } else {
            tr(lang, "BERBEDA", "DIFFERENT")
        }
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_thousands() {
        assert_eq!(group(0, Lang::Id), "0");
        assert_eq!(group(999, Lang::En), "999");
        assert_eq!(group(1000, Lang::Id), "1.000");
        assert_eq!(group(1_234_567, Lang::En), "1,234,567");
    }
}
