//! `emis bukti` (alias `receipt`): the printable proof of one sync session, from the journal
//! (`emis_core::receipt`): an HTML page, and a PDF of the same page through the system's
//! Chromium when there is one; `--verify FILE` says whether a receipt was altered.
//!
//! Why Chromium for the PDF: there is no well-kept pure-Rust HTML-to-PDF renderer (the crates
//! that exist either drive a browser themselves or lay out a small subset of HTML/CSS and are
//! not maintained); writing the PDF by hand would mean a second layout of the same page. The
//! operator's computer almost always has a browser: the HTML prints from any of them.

use crate::cli::{HELP_TEMPLATE, OPTIONS, TextOrJson};
use crate::output::{self, CliError, EXIT_INVALID, EXIT_OK, EXIT_USAGE, tr};
use clap::Args;
use emis_core::Lang;
use emis_core::receipt::{self, ReceiptCheck, ReceiptMeta};
use emis_core::sync::sessions;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const TITLE: &str = "emis bukti — bukti sinkronisasi yang bisa dicetak (HTML, PDF) / a printable sync receipt";

const USAGE: &str = "emis bukti [--local PATH] [--session ID] [--out BERKAS.html] [--pdf]
  emis bukti --verify BERKAS.html";

const AFTER: &str = "\
Tanpa --session: sinkron berhasil terakhir (bukan uji coba). Tanpa --local: folder sinkron
terakhir di komputer ini. Halaman HTML berdiri sendiri (tanpa internet), bisa dicetak dari peramban
mana pun; --pdf juga membuat PDF lewat Chromium/Chrome di komputer ini (atau EMIS_CHROMIUM=path).
Isi: lembaga, operator (disamarkan), mulai/selesai (WIB), jumlah per status dengan grafik, tiap
data (NIK disamarkan), pesan server, yang menunggu persetujuan, dan SHA-256 baris jurnal.
--verify: 0 utuh, 1 diubah, 2 bukan bukti emis.

English: a self-contained printable page for one sync session (default: the latest successful
one); --pdf prints it to PDF with the local Chromium; --verify FILE says whether it was altered
(exit 0 intact, 1 altered, 2 not an emis receipt).";

/// `emis bukti`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
#[command(next_help_heading = OPTIONS)]
pub struct BuktiArgs {
    /// folder lokal atau berkas santri yang dipakai `emis sync --local` (bawaan: sinkron terakhir)
    /// / the local folder or santri file (default: the last sync's)
    #[arg(long, value_name = "PATH")]
    pub local: Option<PathBuf>,
    /// jurnal `emis sync --demo` / the demo's journal
    #[arg(long)]
    pub demo: bool,
    /// sesi (lihat `emis history`); bawaan: sinkron berhasil terakhir / the session id
    #[arg(long, value_name = "ID")]
    pub session: Option<String>,
    /// berkas HTML yang ditulis (bawaan: bukti-sinkron-<tanggal>-<sesi>.html) / the HTML file
    #[arg(long, short = 'o', value_name = "BERKAS")]
    pub out: Option<PathBuf>,
    /// juga PDF (lewat Chromium) di samping HTML / also a PDF (through Chromium)
    #[arg(long)]
    pub pdf: bool,
    /// nama lembaga yang dicetak / the lembaga's name to print
    #[arg(long, value_name = "NAMA")]
    pub lembaga_name: Option<String>,
    /// login operator (dicetak disamarkan; bawaan: EMIS_EMAIL atau EMIS_USER) / operator login (masked)
    #[arg(long, value_name = "LOGIN")]
    pub operator: Option<String>,
    /// periksa apakah berkas bukti diubah / check whether a receipt was altered
    #[arg(long, value_name = "BERKAS", conflicts_with_all = ["session", "out", "pdf"])]
    pub verify: Option<PathBuf>,
    /// hasil --verify sebagai teks atau JSON / --verify result as text or JSON
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<TextOrJson>,
}

/// `emis bukti`.
pub fn run(a: BuktiArgs, lang: Lang) -> Result<u8, CliError> {
    if let Some(f) = &a.verify {
        return verify(f, &a, lang);
    }
    let store = crate::history::open_store(a.local.as_deref(), a.demo, "bukti")?;
    let all = sessions(&store).map_err(|e| CliError::input(e.to_string()))?;
    let Some(entry) = receipt::pick_session(&all, a.session.as_deref()) else {
        return Err(CliError::input(match &a.session {
            Some(s) => format!("sesi {s} tidak ada di jurnal (lihat `emis history`) / session not in the journal"),
            None => {
                "belum ada sinkron yang berhasil di jurnal ini; `--session ID` untuk sesi lain (lihat `emis history`) \
                     / no successful sync in this journal yet"
                    .into()
            }
        }));
    };
    let operator = a
        .operator
        .clone()
        .or_else(|| std::env::var("EMIS_EMAIL").ok())
        .or_else(|| std::env::var("EMIS_USER").ok())
        .filter(|s| !s.trim().is_empty());
    let meta = ReceiptMeta::new(
        a.lembaga_name.clone(),
        operator.as_deref(),
        crate::progress::now_ms(),
        lang,
    );
    let html = receipt::render_html(entry, &meta);
    let out = a.out.clone().unwrap_or_else(|| {
        let day = receipt::wib(entry.started_at_ms);
        let short: String = entry
            .session_id
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .take(8)
            .collect();
        PathBuf::from(format!("bukti-sinkron-{}-{short}.html", &day[..10]))
    });
    std::fs::write(&out, &html).map_err(|e| CliError::input(format!("{}: {e}", out.display())))?;
    output::print(&format!(
        "{} {}\nSHA-256: {}\n",
        tr(lang, "Bukti ditulis:", "Receipt written:"),
        out.display(),
        receipt::digest(entry)
    ))?;
    if a.pdf {
        let pdf = out.with_extension("pdf");
        match print_pdf(&out, &pdf) {
            Ok(()) => output::print(&format!("PDF: {}\n", pdf.display()))?,
            Err(why) => {
                return Err(CliError::input(format!(
                    "PDF tidak dibuat: {why}. HTML sudah ada ({}): buka di peramban lalu Cetak → Simpan sebagai PDF \
                     / no PDF: the HTML is there, print it from a browser",
                    out.display()
                )));
            }
        }
    }
    Ok(EXIT_OK)
}

fn verify(file: &Path, a: &BuktiArgs, lang: Lang) -> Result<u8, CliError> {
    let text = std::fs::read_to_string(file).map_err(|e| CliError::input(format!("{}: {e}", file.display())))?;
    let check = receipt::verify_html(&text);
    // With the journal at hand (--local, --demo or the last sync's folder), the entry inside
    // must also be the journal's own line.
    let mut journal: Option<bool> = None;
    if let ReceiptCheck::Intact { entry, .. } = &check {
        let store = if a.local.is_some() || a.demo {
            Some(crate::history::open_store(a.local.as_deref(), a.demo, "bukti")?)
        } else {
            crate::state::last_store()
                .filter(|p| p.exists())
                .and_then(|p| emis_core::sync::DirStore::open(p).ok())
        };
        if let Some(store) = store
            && let Ok(all) = sessions(&store)
            && let Some(line) = all.iter().find(|e| e.session_id == entry.session_id)
        {
            journal = Some(receipt::digest(line) == receipt::digest(entry));
        }
    }
    let code = match (&check, journal) {
        (ReceiptCheck::Intact { .. }, Some(false)) => EXIT_INVALID,
        (ReceiptCheck::Intact { .. }, _) => EXIT_OK,
        (ReceiptCheck::Altered { .. }, _) => EXIT_INVALID,
        (ReceiptCheck::NotAReceipt, _) => EXIT_USAGE,
    };
    if a.format == Some(TextOrJson::Json) {
        let mut j = serde_json::to_value(&check).unwrap_or_default();
        j["journal_matches"] = serde_json::json!(journal);
        j["exit_code"] = serde_json::json!(code);
        output::print(&format!("{j:#}\n"))?;
        return Ok(code);
    }
    let line = match (&check, journal) {
        (ReceiptCheck::Intact { session_id, sha256, .. }, j) => {
            let mut s = format!(
                "{} {session_id}\nSHA-256: {sha256}\n",
                tr(
                    lang,
                    "UTUH: bukti tidak diubah, sesi",
                    "INTACT: the receipt was not altered, session"
                )
            );
            match j {
                Some(true) => s.push_str(tr(
                    lang,
                    "Cocok dengan baris jurnal di folder lokal.\n",
                    "Matches the journal line in the local folder.\n",
                )),
                Some(false) => {
                    s = format!(
                        "{} {session_id}\n",
                        tr(
                            lang,
                            "DIUBAH: bukti utuh tetapi berbeda dari baris jurnal lokal sesi",
                            "ALTERED: the receipt is consistent but differs from the local journal line of session"
                        )
                    )
                }
                None => s.push_str(tr(
                    lang,
                    "(jurnal lokal sesi ini tidak ditemukan: hanya isi bukti yang diperiksa)\n",
                    "(no local journal for this session: only the receipt itself was checked)\n",
                )),
            }
            s
        }
        (ReceiptCheck::Altered { reason }, _) => format!("{} {reason}\n", tr(lang, "DIUBAH:", "ALTERED:")),
        (ReceiptCheck::NotAReceipt, _) => format!(
            "{}\n",
            tr(
                lang,
                "Bukan bukti emis (tidak ada data jurnal atau SHA-256 di dalamnya).",
                "Not an emis receipt (no journal data or SHA-256 inside)."
            )
        ),
    };
    output::print(&line)?;
    Ok(code)
}

/// The Chromium/Chrome of this computer: `EMIS_CHROMIUM`, else the usual names on PATH.
pub(crate) fn find_chromium() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("EMIS_CHROMIUM").filter(|p| !p.is_empty()) {
        return Some(PathBuf::from(p));
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
        "chrome",
        "msedge",
    ];
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            for ext in ["", ".exe"] {
                let p = dir.join(format!("{n}{ext}"));
                if p.is_file() {
                    return Some(p);
                }
            }
        }
    }
    None
}

/// True when this process runs as root (Chromium's sandbox refuses root without --no-sandbox).
fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(1) == Some("0"))
        })
        .unwrap_or(false)
}

/// Prints `html` to `pdf` with headless Chromium (at most 90 s).
pub(crate) fn print_pdf(html: &Path, pdf: &Path) -> Result<(), String> {
    let Some(chrome) = find_chromium() else {
        return Err(
            "Chromium/Chrome tidak ditemukan (pasang chromium, atau isi EMIS_CHROMIUM=path) \
                    / no Chromium or Chrome found"
                .into(),
        );
    };
    let abs = std::path::absolute(html).map_err(|e| e.to_string())?;
    let url = url::Url::from_file_path(&abs).map_err(|_| format!("{}: bukan path absolut", abs.display()))?;
    let profile = std::env::temp_dir().join(format!("emis-chromium-{}", std::process::id()));
    let mut cmd = Command::new(&chrome);
    cmd.arg("--headless")
        .arg("--disable-gpu")
        .arg("--no-first-run")
        .arg("--no-pdf-header-footer")
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(format!("--print-to-pdf={}", pdf.display()));
    if is_root() {
        // Chromium refuses to run as root with its sandbox; the page is our own static file.
        cmd.arg("--no-sandbox");
    }
    cmd.arg(url.as_str())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    let _ = std::fs::remove_file(pdf);
    let mut child = cmd.spawn().map_err(|e| format!("{}: {e}", chrome.display()))?;
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
            break s;
        }
        if start.elapsed() > Duration::from_secs(90) {
            let _ = child.kill();
            let _ = child.wait();
            let _ = std::fs::remove_dir_all(&profile);
            return Err("Chromium tidak selesai dalam 90 detik / Chromium did not finish in 90 s".into());
        }
        std::thread::sleep(Duration::from_millis(100));
    };
    let _ = std::fs::remove_dir_all(&profile);
    let ok = std::fs::read(pdf).map(|b| b.starts_with(b"%PDF")).unwrap_or(false);
    if !ok {
        return Err(format!(
            "Chromium ({}) keluar dengan {status} tanpa PDF / exited without a PDF",
            chrome.display()
        ));
    }
    Ok(())
}
