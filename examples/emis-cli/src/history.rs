//! `emis history`: the sync journal, newest first; `--export csv|json`.

use crate::args::{self, Flag};
use crate::output::{self, CliError, EXIT_OK, Table};
use emis_core::date::Date;
use emis_core::sync::{DirStore, journal_csv, sessions};
use std::ffi::OsString;

const USAGE: &str = "\
Pemakaian / usage:
  emis history --local PATH [--export csv|json] [--format text|json]
  emis history --demo       (jurnal demo / the demo's journal)";

const FLAGS: &[Flag] = &[
    Flag::value("--local"),
    Flag::value("--export"),
    Flag::value("--format"),
    Flag::value("--lang"),
    Flag::switch("--demo"),
];

/// Unix ms as `YYYY-MM-DD HH:MM:SS WIB`.
pub fn wib(ms: i64) -> String {
    let s = ms.div_euclid(1000) + 7 * 3600;
    let d = Date::from_unix_days(s.div_euclid(86_400));
    let t = s.rem_euclid(86_400);
    format!("{d} {:02}:{:02}:{:02} WIB", t / 3600, (t / 60) % 60, t % 60)
}

/// `emis history`.
pub fn run(argv: &[OsString]) -> Result<u8, CliError> {
    let p = args::parse(argv, FLAGS, USAGE)?;
    if p.help {
        output::print(USAGE)?;
        output::print("\n")?;
        return Ok(EXIT_OK);
    }
    p.at_most(0)?;
    let lang = p.lang()?;
    let path = match (p.value("--local"), p.has("--demo")) {
        (Some(l), _) => {
            let path = std::path::PathBuf::from(l);
            if path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv")) {
                path.with_extension("csv.emis")
            } else {
                path
            }
        }
        (None, true) => crate::demo::store_dir(),
        (None, false) => return Err(p.usage_error("--local wajib / --local is required")),
    };
    if !path.exists() {
        return Err(CliError::input(format!(
            "{} tidak ada / does not exist",
            path.display()
        )));
    }
    let store = DirStore::open(&path).map_err(|e| CliError::input(e.to_string()))?;
    let entries = sessions(&store).map_err(|e| CliError::input(e.to_string()))?;
    let export = p.value("--export").or(p.value("--format").filter(|f| *f == "json"));
    match export {
        Some("csv") => output::print(&journal_csv(&entries))?,
        Some("json") => {
            let j = serde_json::to_string_pretty(&entries).map_err(|e| CliError::input(e.to_string()))?;
            output::print(&j)?;
            output::print("\n")?;
        }
        Some(other) => return Err(p.usage_error(format!("--export harus csv atau json (tertulis {other})"))),
        None => {
            let t = |id: &'static str, en: &'static str| output::tr(lang, id, en);
            let mut tab = Table::new(&[
                t("mulai", "started"),
                t("selesai", "finished"),
                t("hasil", "result"),
                "TERDAFTAR",
                "BELUM",
                "GANDA",
                "INVALID",
                t("terkirim", "pushed"),
                t("ditolak", "rejected"),
            ]);
            for e in &entries {
                let c = |k: &str| e.counts.get(k).copied().unwrap_or(0).to_string();
                tab.row(vec![
                    wib(e.started_at_ms),
                    e.finished_at_ms.map(wib).unwrap_or_else(|| "-".into()),
                    format!("{}{}", e.result.as_str(), if e.dry_run { " (uji)" } else { "" }),
                    c("TERDAFTAR"),
                    c("BELUM_TERDAFTAR"),
                    c("GANDA"),
                    c("INVALID"),
                    e.pushed.to_string(),
                    e.rejected.to_string(),
                ]);
            }
            output::print(&tab.render())?;
        }
    }
    Ok(EXIT_OK)
}
