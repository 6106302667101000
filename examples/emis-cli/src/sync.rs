//! `emis sync`: pull → verify → plan → push → SIMPEG → report → journal, against any
//! EMIS-shaped server (`--server`) or the built-in simulator (`--demo`).

use crate::args::{self, Flag};
use crate::output::{self, CliError, EXIT_INVALID, EXIT_OK, Table};
use emis_core::api::{Credentials, EmisClient, EmisConfig, Secret};
use emis_core::sync::{ConflictPolicy, DirStore, LocalStore, Progress, Stage, SyncEngine, SyncOptions, SyncReport};
use emis_core::{Lang, pii};
use std::ffi::OsString;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

pub(crate) const USAGE: &str = "\
Pemakaian / usage:
  emis sync --demo [--dry-run] [--format text|json] [--lang id|en]
  emis sync --server URL --statistic-num N --local PATH [--dry-run] [--policy emis|local|manual]
            [--simpeg-url URL] [--ca-file PEM] [--proxy URL] [--format text|json] [--lang id|en]

PATH: folder penyimpanan lokal, atau berkas CSV santri dengan kolom EMIS (data sinkron disimpan
di folder PATH.emis di sebelahnya). Kredensial dari EMIS_EMAIL + EMIS_PASSWORD (operator) atau
EMIS_PUBLIC_KEY + EMIS_PRIVATE_KEY (mitra), atau ditanyakan; tidak pernah dari argumen.
Credentials come from the environment or a prompt, never from the command line.";

const FLAGS: &[Flag] = &[
    Flag::switch("--demo"),
    Flag::switch("--dry-run"),
    Flag::value("--server"),
    Flag::value("--statistic-num"),
    Flag::value("--local"),
    Flag::value("--policy"),
    Flag::value("--simpeg-url"),
    Flag::value("--ca-file"),
    Flag::value("--proxy"),
    Flag::value("--format"),
    Flag::value("--lang"),
    Flag::value("--today"),
    Flag::value("--seed"),
];

/// `emis sync`.
pub fn run(argv: &[OsString]) -> Result<u8, CliError> {
    let p = args::parse(argv, FLAGS, USAGE)?;
    if p.help {
        output::print(USAGE)?;
        output::print("\n")?;
        return Ok(EXIT_OK);
    }
    p.at_most(0)?;
    let lang = p.lang()?;
    let format = p.format(&["text", "json"])?;
    let policy = match p.value("--policy").map(str::to_ascii_lowercase).as_deref() {
        None | Some("emis") => ConflictPolicy::EmisWins,
        Some("local") => ConflictPolicy::LocalWins,
        Some("manual") => ConflictPolicy::Manual,
        Some(o) => return Err(p.usage_error(format!("--policy harus emis, local atau manual (tertulis {o})"))),
    };
    let today = p.today()?;
    if p.has("--demo") {
        if p.value("--server").is_some() {
            return Err(p.usage_error("--demo tidak dapat digabung dengan --server / --demo excludes --server"));
        }
        let seed = match p.value("--seed") {
            None => 20261130,
            Some(s) => s
                .parse()
                .map_err(|_| p.usage_error("--seed harus angka / --seed must be a number"))?,
        };
        return crate::demo::run(seed, p.has("--dry-run"), policy, today, format, lang);
    }
    let server = p
        .value("--server")
        .ok_or_else(|| p.usage_error("--server atau --demo wajib / --server or --demo is required"))?;
    let statistic_num = p
        .value("--statistic-num")
        .ok_or_else(|| p.usage_error("--statistic-num wajib / --statistic-num is required"))?;
    if !emis_core::id::is_valid(emis_core::id::IdKind::NomorStatistik, statistic_num) {
        return Err(p.usage_error("--statistic-num bukan nomor statistik yang valid / not a valid statistic number"));
    }
    let local = p
        .value("--local")
        .ok_or_else(|| p.usage_error("--local wajib / --local is required"))?;
    let mut cfg = EmisConfig::new(server).map_err(|e| p.usage_error(format!("--server: {e}")))?;
    if let Some(s) = p.value("--simpeg-url") {
        cfg.simpeg_base_url = Some(url_arg(&p, "--simpeg-url", s)?);
    }
    let credentials = credentials_from_env()?;
    let mut tcfg = emis_core::transport::TransportConfig::default();
    if let Some(f) = p.value("--ca-file") {
        tcfg.extra_ca_pem = Some(std::fs::read(f).map_err(|e| CliError::input(format!("--ca-file {f}: {e}")))?);
    }
    tcfg.proxy = p.value("--proxy").map(str::to_string);
    let transport =
        emis_core::transport::ReqwestTransport::with_config(&tcfg).map_err(|e| CliError::input(e.to_string()))?;
    let client = EmisClient::new(
        cfg,
        credentials,
        std::sync::Arc::new(transport),
        std::sync::Arc::new(emis_core::transport::SystemClock),
        std::sync::Arc::new(emis_core::transport::TokioSleep),
    );
    let mut store = open_local(Path::new(local))?;
    let mut opts = SyncOptions::new(statistic_num, today);
    opts.policy = policy;
    opts.dry_run = p.has("--dry-run");
    let rt = runtime()?;
    let report = rt.block_on(run_engine(&client, &mut store, &opts, format == "text"));
    finish(report, &store, format, lang)
}

fn url_arg(p: &args::Parsed, name: &str, v: &str) -> Result<url::Url, CliError> {
    url::Url::parse(v).map_err(|e| p.usage_error(format!("{name}: {e}")))
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::input(format!("runtime: {e}")))
}

/// Credentials from the environment, or a prompt on a terminal. Never from argv.
fn credentials_from_env() -> Result<Credentials, CliError> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if let (Some(email), Some(pw)) = (var("EMIS_EMAIL"), var("EMIS_PASSWORD")) {
        return Ok(Credentials::Operator {
            email,
            password: Secret::new(pw),
        });
    }
    if let (Some(public_key), Some(k)) = (var("EMIS_PUBLIC_KEY"), var("EMIS_PRIVATE_KEY")) {
        return Ok(Credentials::Partner {
            public_key,
            private_key: Secret::new(k),
        });
    }
    if !std::io::stdin().is_terminal() {
        return Err(CliError::input(
            "kredensial tidak ada: isi EMIS_EMAIL dan EMIS_PASSWORD (atau EMIS_PUBLIC_KEY dan EMIS_PRIVATE_KEY) / no credentials in the environment",
        ));
    }
    eprint!("Email operator EMIS: ");
    let mut email = String::new();
    std::io::stdin().read_line(&mut email)?;
    let password = rpassword::prompt_password("Kata sandi / password: ")
        .map_err(|e| CliError::input(format!("kata sandi: {e}")))?;
    Ok(Credentials::Operator {
        email: email.trim().to_string(),
        password: Secret::new(password),
    })
}

/// Opens the local store: a folder, or a santri CSV imported into `PATH.emis/`.
fn open_local(path: &Path) -> Result<DirStore, CliError> {
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    if !is_csv {
        return DirStore::open(path).map_err(|e| CliError::input(e.to_string()));
    }
    let raw = std::fs::read_to_string(path).map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
    let text = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    let table = crate::csv::parse(text, crate::csv::detect_delimiter(text))
        .map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
    let mut dir = PathBuf::from(path);
    dir.set_extension("csv.emis");
    let mut store = DirStore::open(&dir).map_err(|e| CliError::input(e.to_string()))?;
    let previous = store.load_santri().map_err(|e| CliError::input(e.to_string()))?;
    let mut santri: Vec<emis_core::model::Santri> = table
        .records
        .iter()
        .map(|r| {
            emis_core::model::Santri::from_flat(
                table
                    .header
                    .iter()
                    .map(String::as_str)
                    .zip(r.fields.iter().map(String::as_str)),
            )
        })
        .collect();
    // Keep server ids learnt by earlier syncs.
    for s in &mut santri {
        if s.id.is_none() {
            let nik = s.nik.as_ref().map(|n| n.expose().to_string());
            s.id = previous
                .iter()
                .find(|p| p.nik.as_ref().map(|n| n.expose().to_string()) == nik && nik.is_some())
                .and_then(|p| p.id.clone());
        }
    }
    store.save_santri(&santri).map_err(|e| CliError::input(e.to_string()))?;
    Ok(store)
}

/// Runs the engine with a progress line on stderr (when `progress`).
pub(crate) async fn run_engine<S: LocalStore>(
    client: &EmisClient,
    store: &mut S,
    opts: &SyncOptions,
    progress: bool,
) -> Result<SyncReport, emis_core::Error> {
    let tty = std::io::stderr().is_terminal();
    let cb = move |p: &Progress| {
        if !progress {
            return;
        }
        let stage = match p.stage {
            Stage::Resume => "lanjutkan",
            Stage::Pull => "ambil data",
            Stage::Verify => "verifikasi",
            Stage::Plan => "rencana",
            Stage::Push => "kirim",
            Stage::Queue => "antrean",
            Stage::Simpeg => "SIMPEG",
            Stage::Save => "simpan",
        };
        let bar = match p.total {
            Some(t) if t > 0 => {
                let filled = ((p.done.min(t) * 20) / t) as usize;
                format!("[{}{}] {}/{}", "#".repeat(filled), ".".repeat(20 - filled), p.done, t)
            }
            _ => String::new(),
        };
        let queue = p
            .queue_position
            .map(|q| format!(" posisi antrean {q}"))
            .unwrap_or_default();
        let mut err = std::io::stderr().lock();
        if tty {
            let _ = write!(err, "\r\x1b[2K  {stage:<11} {bar}{queue}");
        } else {
            let _ = writeln!(err, "  {stage:<11} {bar}{queue}");
        }
        let _ = err.flush();
    };
    let result = SyncEngine::new(client, store).on_progress(&cb).run(opts).await;
    if progress && tty {
        eprintln!();
    }
    result
}

/// Prints the report (table or JSON) and maps the result to an exit code.
pub(crate) fn finish(
    report: Result<SyncReport, emis_core::Error>,
    store: &dyn LocalStore,
    format: &str,
    lang: Lang,
) -> Result<u8, CliError> {
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            return Err(CliError::input(format!(
                "sinkronisasi gagal ({}): {e}\nLangkah yang sudah terkirim tersimpan; jalankan lagi untuk melanjutkan. / Sync failed; run again to resume.",
                e.code()
            )));
        }
    };
    if format == "json" {
        let json = serde_json::to_string_pretty(&report).map_err(|e| CliError::input(e.to_string()))?;
        output::print(&json)?;
        output::print("\n")?;
    } else {
        print_table(&report, store, lang)?;
    }
    let bad = report.counts.get("INVALID").copied().unwrap_or(0)
        + report.counts.get("GANDA").copied().unwrap_or(0)
        + report.rejected.len() as u64;
    Ok(if bad > 0 { EXIT_INVALID } else { EXIT_OK })
}

fn print_table(r: &SyncReport, store: &dyn LocalStore, lang: Lang) -> Result<(), CliError> {
    let t = |id: &'static str, en: &'static str| output::tr(lang, id, en);
    let mut out = String::new();
    out.push_str(&format!(
        "\n{} {}\n\n",
        t("Hasil sinkronisasi", "Sync result"),
        if r.dry_run {
            t("(uji coba: tidak ada yang dikirim)", "(dry run: nothing sent)")
        } else {
            ""
        }
    ));
    let mut counts = Table::new(&[t("status", "status"), t("jumlah", "count")]);
    for (k, v) in &r.counts {
        counts.row(vec![k.clone(), v.to_string()]);
    }
    out.push_str(&counts.render());
    let planned: Vec<String> = r
        .planned
        .iter()
        .filter(|(_, v)| **v > 0)
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    out.push_str(&format!(
        "\n{}: {}\n{}: {}   {}: {}   {}: {}\n",
        t("Rencana", "Plan"),
        if planned.is_empty() {
            "-".to_string()
        } else {
            planned.join(", ")
        },
        t("Terkirim", "Pushed"),
        r.pushed,
        t("Ditolak", "Rejected"),
        r.rejected.len(),
        t("Perlu keputusan", "Needs a human"),
        r.needs_human.len()
    ));
    let notable: Vec<_> = r.records.iter().filter(|o| !o.codes.is_empty()).collect();
    if !notable.is_empty() {
        let mut tab = Table::new(&[t("santri", "santri"), t("status", "status"), t("kode", "codes")]);
        for o in notable {
            tab.row(vec![o.key.clone(), o.status.as_str().to_string(), o.codes.join(", ")]);
        }
        out.push('\n');
        out.push_str(&tab.render());
    }
    if !r.rejected.is_empty() {
        let mut tab = Table::new(&[
            t("santri", "santri"),
            t("aksi", "op"),
            t("kode", "code"),
            t("alasan server", "server reason"),
        ]);
        for x in &r.rejected {
            tab.row(vec![
                x.key.clone(),
                format!("{:?}", x.op),
                x.code.clone(),
                x.message.clone(),
            ]);
        }
        out.push_str(&format!("\n{}\n", t("Ditolak server:", "Rejected by the server:")));
        out.push_str(&tab.render());
    }
    if !r.previously_rejected.is_empty() {
        let mut tab = Table::new(&[
            t("santri", "santri"),
            t("aksi", "op"),
            t("kode", "code"),
            t("alasan server", "server reason"),
        ]);
        for x in &r.previously_rejected {
            tab.row(vec![
                x.key.clone(),
                format!("{:?}", x.op),
                x.code.clone(),
                x.message.clone(),
            ]);
        }
        out.push_str(&format!(
            "\n{}\n",
            t(
                "Ditolak pada sinkron sebelumnya, tidak dikirim ulang sampai datanya berubah:",
                "Rejected by an earlier sync, not re-sent until the record changes:"
            )
        ));
        out.push_str(&tab.render());
    }
    if !r.needs_human.is_empty() {
        out.push_str(&format!(
            "\n{}\n",
            t("Perlu keputusan operator:", "Needs an operator's decision:")
        ));
        for h in &r.needs_human {
            out.push_str(&format!(
                "  - {} — {}\n",
                h.code,
                if lang == Lang::En { h.message_en } else { h.message_id }
            ));
        }
    }
    if !r.simpeg.is_empty() {
        let mut tab = Table::new(&[
            "GTK",
            "SIMPEG",
            t("status kepegawaian", "employment"),
            t("keterangan", "note"),
        ]);
        for s in &r.simpeg {
            tab.row(vec![
                s.key.clone(),
                if s.found {
                    t("ditemukan", "found")
                } else {
                    t("tidak ditemukan", "not found")
                }
                .to_string(),
                s.status_kepegawaian.clone(),
                s.reason.clone().unwrap_or_default(),
            ]);
        }
        out.push('\n');
        out.push_str(&tab.render());
    }
    if !r.unsupported.is_empty() {
        out.push_str(&format!(
            "\n{}: {}\n",
            t("Layanan tidak tersedia di server", "Endpoints the server lacks"),
            r.unsupported.join(", ")
        ));
    }
    out.push_str(&format!(
        "\n{}: {} {} ({} {}, {} KB)\n",
        t("Sesi", "Session"),
        r.session_id,
        if r.resumed_batches > 0 {
            format!("({} batch dilanjutkan)", r.resumed_batches)
        } else {
            String::new()
        },
        r.requests,
        t("permintaan", "requests"),
        (r.bytes.0 + r.bytes.1) / 1024
    ));
    if let Ok(Some(last)) = emis_core::sync::last_successful_sync(store) {
        out.push_str(&format!(
            "{}: {}\n",
            t("Sinkron berhasil terakhir (tanggal dan jam)", "Last successful sync"),
            crate::history::wib(last.finished_at_ms.unwrap_or(last.started_at_ms))
        ));
    }
    let _ = pii::mask_name;
    output::print(&out)
}
