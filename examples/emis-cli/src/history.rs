//! `emis history`: the sync journal, newest first, with where each session's writes stand;
//! `--export csv|json`. Without `--local`, the store the last sync on this computer used.

use crate::cli::{HELP_TEMPLATE, OPTIONS, TextOrJson};
use crate::output::{self, CliError, EXIT_OK, Table, tr};
use crate::report::{STATES, op_name};
use clap::{Args, ValueEnum};
use emis_core::Lang;
use emis_core::date::Date;
use emis_core::sync::{DirStore, JournalEntry, journal_csv, sessions};
use std::path::{Path, PathBuf};

const TITLE: &str = "emis history — jurnal sinkronisasi, terbaru dulu / the sync journal, newest first";

const USAGE: &str =
    "emis history [--local PATH] [opsi]\n  emis history --demo       (jurnal demo / the demo's journal)";

const AFTER: &str = "\
Tanpa --local: folder yang dipakai sinkron terakhir di komputer ini (dicatat oleh `emis sync`).
Tiap sesi: waktu mulai dan selesai (WIB), hasil, jumlah per status rekonsiliasi, kiriman per
status (queued, sent, accepted, menunggu_kepala, menunggu_kabkota, disetujui, ditolak,
tidak_didukung). --writes mencantumkan tiap kiriman per sesi. --export csv: satu baris per sesi;
--export json: semuanya, termasuk tiap kiriman.

English: the journal is the operator's proof of when each sync ran and what it did. Without
--local, the folder of the last sync on this computer.";

/// `emis history`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
#[command(next_help_heading = OPTIONS)]
pub struct HistoryArgs {
    /// folder lokal atau berkas CSV yang dipakai `emis sync --local` (bawaan: sinkron terakhir)
    /// / the local folder or CSV of `emis sync --local` (default: the last sync's)
    #[arg(long, value_name = "PATH")]
    pub local: Option<PathBuf>,
    /// jurnal `emis sync --demo` / the demo's journal
    #[arg(long)]
    pub demo: bool,
    /// ekspor: csv (satu baris per sesi) atau json (semuanya) / export
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub export: Option<Export>,
    /// json = --export json / json is --export json
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<TextOrJson>,
    /// tiap kiriman per sesi / each write per session
    #[arg(long)]
    pub writes: bool,
}

/// `--export csv|json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Export {
    Csv,
    Json,
}

/// Unix ms as `YYYY-MM-DD HH:MM:SS WIB`.
pub fn wib(ms: i64) -> String {
    let s = ms.div_euclid(1000) + 7 * 3600;
    let d = Date::from_unix_days(s.div_euclid(86_400));
    let t = s.rem_euclid(86_400);
    format!("{d} {:02}:{:02}:{:02} WIB", t / 3600, (t / 60) % 60, t % 60)
}

/// `accepted 3, ditolak 1` (the states with a count, in a write's order of life).
fn states_summary(e: &JournalEntry) -> String {
    let parts: Vec<String> = STATES
        .iter()
        .filter_map(|s| {
            let n = e.write_states.get(s.as_str()).copied().unwrap_or(0);
            (n > 0).then(|| format!("{} {n}", s.as_str()))
        })
        .collect();
    if parts.is_empty() { "-".into() } else { parts.join(", ") }
}

/// The journal as a table, one row per session.
pub(crate) fn table(entries: &[JournalEntry], lang: Lang) -> String {
    let t = |id: &'static str, en: &'static str| tr(lang, id, en);
    let mut tab = Table::new(&[
        t("mulai", "started"),
        t("selesai", "finished"),
        t("hasil", "result"),
        "TERDAFTAR",
        "BELUM",
        "GANDA",
        "INVALID",
        t("diterima", "accepted"),
        t("ditolak", "rejected"),
        t("kiriman per status", "writes per state"),
    ]);
    for e in entries {
        let c = |k: &str| e.counts.get(k).copied().unwrap_or(0).to_string();
        tab.row(vec![
            wib(e.started_at_ms),
            e.finished_at_ms.map(wib).unwrap_or_else(|| "-".into()),
            format!(
                "{}{}",
                e.result.as_str(),
                if e.dry_run { t(" (uji)", " (dry run)") } else { "" }
            ),
            c("TERDAFTAR"),
            c("BELUM_TERDAFTAR"),
            c("GANDA"),
            c("INVALID"),
            e.pushed.to_string(),
            e.rejected.to_string(),
            states_summary(e),
        ]);
    }
    tab.render()
}

/// Each session's writes (masked keys), newest session first.
fn writes(entries: &[JournalEntry], lang: Lang) -> String {
    let mut out = String::new();
    for e in entries.iter().filter(|e| !e.writes.is_empty()) {
        out.push_str(&format!(
            "\n{} {} ({})\n",
            tr(lang, "Sesi", "Session"),
            e.session_id,
            wib(e.started_at_ms)
        ));
        let mut tab = Table::new(&[
            tr(lang, "waktu", "time"),
            tr(lang, "santri/GTK", "santri/GTK"),
            tr(lang, "aksi", "op"),
            tr(lang, "status", "state"),
            tr(lang, "kode", "code"),
            tr(lang, "pesan server", "server message"),
        ]);
        for w in &e.writes {
            tab.row(vec![
                wib(w.at_ms),
                w.key.clone(),
                op_name(w.op).into(),
                w.state.as_str().into(),
                w.code.clone().unwrap_or_default(),
                w.message.clone().unwrap_or_default(),
            ]);
        }
        out.push_str(&tab.render());
    }
    out
}

/// The journal CSV of emis-core with one column per write state appended.
fn csv(entries: &[JournalEntry]) -> String {
    let base = journal_csv(entries);
    let mut lines = base.lines();
    let mut out = String::new();
    if let Some(h) = lines.next() {
        out.push_str(h);
        for s in STATES {
            out.push_str(&format!(",writes_{}", s.as_str()));
        }
        out.push('\n');
    }
    for (line, e) in lines.zip(entries) {
        out.push_str(line);
        for s in STATES {
            out.push_str(&format!(",{}", e.write_states.get(s.as_str()).copied().unwrap_or(0)));
        }
        out.push('\n');
    }
    out
}

/// `emis history`.
pub fn run(a: HistoryArgs, lang: Lang) -> Result<u8, CliError> {
    let store = open_store(a.local.as_deref(), a.demo, "history")?;
    let entries = sessions(&store).map_err(|e| CliError::input(e.to_string()))?;
    let export = a
        .export
        .or((a.format == Some(TextOrJson::Json)).then_some(Export::Json));
    match export {
        Some(Export::Csv) => output::print(&csv(&entries))?,
        Some(Export::Json) => {
            let j = serde_json::to_string_pretty(&entries).map_err(|e| CliError::input(e.to_string()))?;
            output::print(&j)?;
            output::print("\n")?;
        }
        None => {
            let mut out = table(&entries, lang);
            if a.writes {
                out.push_str(&writes(&entries, lang));
            } else if entries.iter().any(|e| !e.writes.is_empty()) {
                out.push_str(tr(
                    lang,
                    "\nTiap kiriman per sesi: --writes (atau --export json)\n",
                    "\nEach write per session: --writes (or --export json)\n",
                ));
            }
            output::print(&out)?;
        }
    }
    Ok(EXIT_OK)
}

/// The store a reading command (`history`, `bukti`, `status`) works on: `--local` (a folder or
/// a santri file), the demo's, or the one the last sync on this computer used.
pub(crate) fn open_store(local: Option<&Path>, demo: bool, command: &'static str) -> Result<DirStore, CliError> {
    let path = match (local, demo) {
        (Some(l), _) => crate::input::store_dir(l).unwrap_or_else(|| l.to_path_buf()),
        (None, true) => crate::state::demo_store_dir(),
        (None, false) => last_store(command)?,
    };
    if !path.exists() {
        return Err(CliError::input(format!(
            "{} tidak ada / does not exist",
            path.display()
        )));
    }
    DirStore::open(&path).map_err(|e| CliError::input(e.to_string()))
}

/// The store of the last sync on this computer, or what to type instead.
fn last_store(command: &'static str) -> Result<PathBuf, CliError> {
    let ty = format!(
        "ketik `emis {command} --local PATH` dengan PATH = folder atau berkas CSV yang dipakai \
         `emis sync --local` / type `emis {command} --local PATH`, PATH being the folder or CSV \
         file given to `emis sync --local`"
    );
    match crate::state::last_store() {
        Some(p) if p.exists() => {
            output::note(&format!(
                "jurnal folder sinkron terakhir: {} / journal of the last sync's folder",
                p.display()
            ));
            Ok(p)
        }
        Some(p) => Err(CliError::usage(
            format!("folder sinkron terakhir ({}) sudah tidak ada; {ty}", p.display()),
            command,
        )),
        None => Err(CliError::usage(
            format!("belum ada sinkron yang tercatat di komputer ini; {ty}"),
            command,
        )),
    }
}
