//! `emis status`: where things stand, without sending anything — the last successful sync and
//! its age, what the outbox still holds, what waits for approval, the pasted token's expiry, the
//! current periode pendataan and its deadline (asked from the server with `--server`, when it
//! offers the period list), and whether the local data changed since the last sync ("sync now,
//! don't wait for the deadline").
//!
//! The local data's fingerprint (SHA-256 of the santri file, or of the folder's `santri.json`
//! and `gtk.json`) is written by `emis sync` after each successful session into the store
//! folder (`sumber-terakhir.json`) and compared here.

use crate::cli::{HELP_TEMPLATE, OPTIONS, TextOrJson};
use crate::output::{self, CliError, EXIT_OK, tr};
use clap::Args;
use emis_core::Lang;
use emis_core::sync::{DirStore, LocalStore, WriteState, last_successful_sync};
use serde::{Deserialize, Serialize};
use serde_json::json;
use std::path::{Path, PathBuf};

const TITLE: &str = "emis status — keadaan sinkronisasi (tanpa mengirim apa pun) / where the sync stands";

const USAGE: &str = "emis status [--local PATH] [--server URL --statistic-num N] [--format json]";

const AFTER: &str = "\
Menampilkan: sinkron berhasil terakhir dan umurnya, isi outbox yang belum terkirim, data yang
menunggu persetujuan (Kepala, Kemenag kab/kota), masa berlaku token (EMIS_TOKEN), periode
pendataan dan batas akhirnya (dengan --server, bila server menyediakan daftar periode), dan apakah
data lokal berubah sejak sinkron terakhir (segera sinkron, jangan menunggu akhir periode).
Tanpa --local: folder sinkron terakhir di komputer ini.

English: shows the last successful sync and its age, the unsent outbox, records waiting for
approval, the token's expiry, the data-collection period and its deadline (with --server), and
whether the local data changed since the last sync. Nothing is sent.";

/// `emis status`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
#[command(next_help_heading = OPTIONS)]
pub struct StatusArgs {
    /// folder lokal atau berkas santri yang dipakai `emis sync --local` (bawaan: sinkron terakhir)
    /// / the local folder or santri file (default: the last sync's)
    #[arg(long, value_name = "PATH")]
    pub local: Option<PathBuf>,
    /// folder `emis sync --demo` / the demo's folder
    #[arg(long)]
    pub demo: bool,
    /// alamat API untuk periode pendataan (kredensial dari lingkungan seperti `emis sync`)
    /// / the API address, to ask for the period
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// teks (bawaan) atau JSON / text or JSON
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<TextOrJson>,
}

/// The file in the store folder holding the local data's fingerprint at the last sync.
const SOURCE_FILE: &str = "sumber-terakhir.json";

#[derive(Debug, Serialize, Deserialize)]
struct SourceMark {
    /// SHA-256 of the local data right after the sync.
    sha256: String,
    /// When (Unix ms).
    at_ms: i64,
}

/// SHA-256 of the local data `emis sync --local PATH` reads: the file, or the folder's
/// `santri.json` + `gtk.json`.
fn fingerprint(local: &Path) -> Option<String> {
    if local.is_file() {
        return std::fs::read(local).ok().map(|b| emis_core::receipt::sha256_hex(&b));
    }
    let mut all = Vec::new();
    for name in ["santri.json", "gtk.json"] {
        all.extend(std::fs::read(local.join(name)).unwrap_or_default());
        all.push(0);
    }
    Some(emis_core::receipt::sha256_hex(&all))
}

/// After a successful `emis sync --local PATH`: notes the local data's fingerprint in the store
/// folder. A failure only costs `emis status` its "changed since" line.
pub(crate) fn record_source(local: &Path) {
    let dir = crate::input::store_dir(local).unwrap_or_else(|| local.to_path_buf());
    let Some(sha256) = fingerprint(local) else {
        return;
    };
    let mark = SourceMark {
        sha256,
        at_ms: crate::progress::now_ms(),
    };
    if let Ok(j) = serde_json::to_vec(&mark)
        && let Err(e) = std::fs::write(dir.join(SOURCE_FILE), j)
    {
        tracing::debug!(target: "emis::cli", error = %e, "could not note the local data's fingerprint");
    }
}

/// `3 hari 4 jam` / `2 jam 5 menit` / `7 menit`.
fn age(ms: i64, lang: Lang) -> String {
    let m = (ms / 60_000).max(0);
    let (d, h, mi) = (m / 1440, (m / 60) % 24, m % 60);
    let (dw, hw, mw) = if lang == Lang::En {
        ("days", "hours", "minutes")
    } else {
        ("hari", "jam", "menit")
    };
    if d > 0 {
        format!("{d} {dw} {h} {hw}")
    } else if h > 0 {
        format!("{h} {hw} {mi} {mw}")
    } else {
        format!("{mi} {mw}")
    }
}

/// `emis status`.
pub fn run(a: StatusArgs, lang: Lang) -> Result<u8, CliError> {
    let store = crate::history::open_store(a.local.as_deref(), a.demo, "status")?;
    let now = crate::progress::now_ms();
    let t = |id: &'static str, en: &'static str| tr(lang, id, en);
    let err = |e: emis_core::Error| CliError::input(e.to_string());

    let last = last_successful_sync(&store).map_err(err)?;
    let outbox = store.load_outbox().map_err(err)?;
    let count = |f: &dyn Fn(WriteState) -> bool| outbox.iter().filter(|e| f(e.state)).count();
    let unsent = count(&|s| matches!(s, WriteState::Queued | WriteState::Sent));
    let waiting_kepala = count(&|s| s == WriteState::MenungguKepala);
    let waiting_kabkota = count(&|s| s == WriteState::MenungguKabkota);
    let rejected = count(&|s| s == WriteState::Ditolak);

    // Token.
    let token = std::env::var("EMIS_TOKEN")
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| emis_core::api::token_info(&v));
    let now_s = now / 1000;

    // Local data changed since the last sync?
    let source = local_source(&a, &store);
    let mark: Option<SourceMark> = std::fs::read(store.root().join(SOURCE_FILE))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok());
    let changed: Option<bool> = match (&source, &mark) {
        (Some(src), Some(m)) => fingerprint(src).map(|h| h != m.sha256),
        _ => None,
    };

    // Period, from the server when asked.
    let period = a
        .server
        .as_ref()
        .map(|server| fetch_period(server, &crate::cli::today(None)));

    if a.format == Some(TextOrJson::Json) {
        let j = json!({
            "store": store.root().display().to_string(),
            "last_success": last.as_ref().map(|e| json!({
                "session_id": e.session_id,
                "finished_at_ms": e.finished_at_ms,
                "finished_at": e.finished_at_ms.map(emis_core::receipt::wib),
                "age_ms": e.finished_at_ms.map(|f| now - f),
            })),
            "outbox": {
                "unsent": unsent,
                "menunggu_kepala": waiting_kepala,
                "menunggu_kabkota": waiting_kabkota,
                "ditolak": rejected,
                "total": outbox.len(),
            },
            "token": token.as_ref().map(|ti| json!({
                "exp": ti.exp,
                "seconds_left": ti.seconds_left(now_s),
            })),
            "local_changed_since_sync": changed,
            "period": period.as_ref().map(|p| match p {
                Ok(Some(p)) => json!({"name": p.name, "academic_year_id": p.academic_year_id,
                    "open_date": p.open_date.map(|d| d.to_string()),
                    "close_date": p.close_date.map(|d| d.to_string()),
                    "bap_deadline": p.bap_deadline.map(|d| d.to_string()),
                    "is_active": p.is_active}),
                Ok(None) => json!(null),
                Err(e) => json!({"error": e}),
            }),
        });
        output::print(&format!("{j:#}\n"))?;
        return Ok(EXIT_OK);
    }

    let mut out = String::new();
    out.push_str(&format!("{}: {}\n", t("Folder", "Folder"), store.root().display()));
    match &last {
        Some(e) => {
            let end = e.finished_at_ms.unwrap_or(e.started_at_ms);
            out.push_str(&format!(
                "{}: {} ({} {})\n",
                t("Sinkron berhasil terakhir", "Last successful sync"),
                emis_core::receipt::wib(end),
                age(now - end, lang),
                t("yang lalu", "ago")
            ));
            if now - end > 7 * 86_400_000 {
                out.push_str(t(
                    "  PERHATIAN: lebih dari 7 hari; sinkron segera setelah ada perubahan, jangan menunggu akhir periode\n",
                    "  NOTE: more than 7 days ago; sync right after changes, not at the end of the period\n",
                ));
            }
        }
        None => out.push_str(t(
            "Sinkron berhasil terakhir: belum pernah\n",
            "Last successful sync: never\n",
        )),
    }
    out.push_str(&format!(
        "{}: {unsent}{}\n",
        t("Outbox belum terkirim", "Unsent in the outbox"),
        if unsent > 0 {
            t(
                " — jalankan `emis sync` yang sama untuk melanjutkan",
                " — run the same `emis sync` to continue",
            )
        } else {
            ""
        }
    ));
    out.push_str(&format!(
        "{}: {} (Kepala {waiting_kepala}, Kemenag kab/kota {waiting_kabkota})\n",
        t("Menunggu persetujuan", "Waiting for approval"),
        waiting_kepala + waiting_kabkota
    ));
    if rejected > 0 {
        out.push_str(&format!(
            "{}: {rejected} ({})\n",
            t("Ditolak server", "Rejected by the server"),
            t(
                "lihat `emis history --writes`; perbaiki lalu `emis sync --retry-rejected`",
                "see `emis history --writes`; fix, then `emis sync --retry-rejected`"
            )
        ));
    }
    out.push_str(&format!(
        "Token: {}\n",
        match &token {
            Some(ti) => ti.describe(now_s),
            None => t(
                "EMIS_TOKEN tidak diisi (login email/NIK dipakai saat sinkron)",
                "EMIS_TOKEN not set (e-mail/NIK login at sync time)",
            )
            .to_string(),
        }
    ));
    out.push_str(&format!("{}: ", t("Periode pendataan", "Data-collection period")));
    match &period {
        None => out.push_str(t(
            "tidak diketahui (tambahkan --server URL untuk menanyakannya)\n",
            "unknown (add --server URL to ask)\n",
        )),
        Some(Err(e)) => out.push_str(&format!("{} ({e})\n", t("tidak diketahui", "unknown"))),
        Some(Ok(None)) => out.push_str(t("tidak ada periode yang terbuka\n", "no open period\n")),
        Some(Ok(Some(p))) => {
            out.push_str(&p.name);
            if let Some(close) = p.close_date {
                let left = close.unix_days() - crate::cli::today(None).unix_days();
                out.push_str(&format!(
                    ", {} {close} ({left} {})",
                    t("batas akhir", "deadline"),
                    t("hari lagi", "days left")
                ));
            }
            out.push('\n');
        }
    }
    out.push_str(&format!(
        "{}: {}\n",
        t("Data lokal sejak sinkron terakhir", "Local data since the last sync"),
        match changed {
            Some(true) => t(
                "BERUBAH — sinkron sekarang, jangan menunggu akhir periode",
                "CHANGED — sync now, don't wait for the deadline",
            ),
            Some(false) => t("tidak berubah", "unchanged"),
            None => t("tidak diketahui (belum tercatat)", "unknown (not recorded yet)"),
        }
    ));
    output::print(&out)?;
    Ok(EXIT_OK)
}

/// The local data behind the store: the `--local` path, or the santri file whose
/// `PATH.<ext>.emis` folder this is, or the folder itself.
fn local_source(a: &StatusArgs, store: &DirStore) -> Option<PathBuf> {
    if let Some(l) = &a.local {
        return Some(l.clone());
    }
    let root = store.root();
    let name = root.file_name()?.to_str()?;
    match name.strip_suffix(".emis") {
        Some(file) => Some(root.with_file_name(file)),
        None => Some(root.to_path_buf()),
    }
}

/// The open period (or the newest) from the server's period list; an error text when the
/// server does not offer it or cannot be asked.
fn fetch_period(server: &str, today: &emis_core::date::Date) -> Result<Option<emis_core::model::Periode>, String> {
    let cfg = emis_core::api::EmisConfig::new(server).map_err(|e| e.to_string())?;
    let credentials = crate::auth::credentials().map_err(|e| e.message().to_string())?;
    let client = emis_core::api::EmisClient::native(cfg, credentials).map_err(|e| e.to_string())?;
    let rt = crate::sync::runtime().map_err(|e| e.message().to_string())?;
    let periods = rt.block_on(client.periods()).map_err(|e| match e.root() {
        emis_core::Error::NotFound(_) | emis_core::Error::Unsupported { .. } => {
            "server tidak menyediakan daftar periode / the server offers no period list".to_string()
        }
        other => other.to_string(),
    })?;
    let open = periods.iter().find(|p| {
        p.is_active || (p.open_date.is_some_and(|o| o <= *today) && p.close_date.is_some_and(|c| c >= *today))
    });
    Ok(open.cloned())
}
