//! `emis sync`: pull → settle earlier sends → verify → plan → send one write at a time →
//! SIMPEG → report → journal, against the real EMIS (`--server`) or the built-in simulator
//! (`--demo`, cargo feature `demo`). Credentials come from the environment or a prompt
//! ([`crate::auth`]); progress and Ctrl-C from [`crate::progress`]; the receipt from
//! [`crate::report`].

use crate::cli::{HELP_TEMPLATE, OPTIONS, PolicyArg, TextOrJson};
use crate::output::{self, CliError, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_SERVER, EXIT_SESSION};
use crate::progress::Printer;
use clap::Args;
use emis_core::Lang;
use emis_core::api::{EmisClient, EmisConfig};
use emis_core::date::Date;
use emis_core::sync::{CancelToken, DirStore, LocalStore, SyncEngine, SyncOptions, SyncReport, WriteState};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

const TITLE: &str = "emis sync — sinkronisasi data santri dan GTK dengan EMIS 4.0 PD-Pontren \
                     / sync santri and GTK data with EMIS 4.0 PD-Pontren";

const USAGE: &str = "emis sync --demo [opsi]                 demo lengkap dengan simulator bawaan (data sintetis)
  emis sync --server URL --statistic-num N --local PATH [opsi]";

const AFTER: &str = "\
Kredensial — hanya dari variabel lingkungan atau ditanyakan, TIDAK PERNAH dari argumen:
  EMIS_TOKEN              token yang disalin dari peramban (\"Bearer eyJ…\" atau
                          \"Authorization: Bearer …\" juga diterima); masa berlakunya ditampilkan
  EMIS_EMAIL (atau EMIS_USER) + EMIS_PASSWORD    email atau NIK operator dan kata sandi
  EMIS_PUBLIC_KEY + EMIS_PRIVATE_KEY             kunci aplikasi mitra
  EMIS_GTK_COOKIE         cookie sesi EMIS GTK (emisSSO=…; sessionid=…) untuk SIMPEG
  EMIS_PINTAR_TOKEN       token PINTAR untuk cek_nip (sumber kedua SIMPEG)

Cara menyalin token: login di https://emis.kemenag.go.id, tekan F12 → Network → klik permintaan
ke api-emis.kemenag.go.id → Headers → salin nilai Authorization; lalu `read -rs EMIS_TOKEN`,
tempel, Enter, `export EMIS_TOKEN`.

Berhenti dan melanjutkan: Ctrl-C menghentikan setelah kiriman yang sedang berjalan tersimpan;
Ctrl-C kedua keluar segera. Yang belum terkirim tetap di outbox folder lokal: jalankan perintah
yang sama untuk melanjutkan. Kiriman yang jawabannya hilang dicek dulu di EMIS, tidak dikirim dua
kali. Jurnal: `emis history` (folder sinkron terakhir) atau `emis history --local PATH`.

Jadwal: --window 05:00-07:00 menunggu jendela (pagi hari lebih sepi), lalu berhenti mengirim dengan rapi
saat jendela habis (sisanya di outbox, keluar 0); --at 05:00 (atau --at '2026-12-08 05:00') mulai
pada waktu itu; --zone wib|wita|wit. Resep cron / systemd timer / Task Scheduler: docs/operator.md.

Kode keluar / exit codes: 0 selesai; 1 selesai dengan data bermasalah (ditolak, GANDA, INVALID);
2 salah pemakaian, berkas rusak, atau folder sedang dipakai sinkron lain; 3 token/sesi berakhir
atau login gagal; 4 server atau jaringan gagal (jalankan lagi nanti); 130 dihentikan (Ctrl-C).

English: credentials come from the environment (EMIS_TOKEN, or EMIS_EMAIL/EMIS_USER +
EMIS_PASSWORD, or EMIS_PUBLIC_KEY + EMIS_PRIVATE_KEY) or a prompt, never from the command line.
Ctrl-C stops after the write in flight; run the same command again to resume. Exit codes: 0 done,
1 done with data problems, 2 usage, 3 session expired or login failed, 4 server/network, 130 stopped.";

/// `emis sync`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
#[command(next_help_heading = OPTIONS)]
pub struct SyncArgs {
    /// demo lengkap dengan simulator bawaan, data sintetis (fitur `demo`) / full demo with the built-in simulator
    #[arg(long, conflicts_with = "server")]
    pub demo: bool,
    /// alamat API, mis. https://api-emis.kemenag.go.id (boleh diakhiri /v1; bukan alamat portal)
    /// / the API address
    #[arg(long, value_name = "URL", required_unless_present = "demo")]
    pub server: Option<String>,
    /// nomor statistik lembaga (NSPP/NSM) / the institution's statistic number
    #[arg(long, value_name = "N", required_unless_present = "demo", value_parser = statistic_num)]
    pub statistic_num: Option<String>,
    /// folder data lokal, atau berkas santri .csv/.xlsx/.xls/.ods (data sinkron di folder
    /// PATH.emis) / local data folder, or a santri file (CSV, XLSX, XLS, ODS)
    #[arg(long, value_name = "PATH", required_unless_present = "demo")]
    pub local: Option<PathBuf>,
    /// hanya rencana: tidak ada yang dikirim, data lokal tidak berubah / plan only, send nothing
    #[arg(long)]
    pub dry_run: bool,
    /// bila data berbeda: EMIS menang (bawaan), data lokal dikirim, atau diserahkan ke operator
    /// / who wins when the data differ
    #[arg(long, value_enum, ignore_case = true)]
    pub policy: Option<PolicyArg>,
    /// periode untuk pendaftaran baru (bawaan: dipelajari dari data EMIS) / period of new enrolments
    #[arg(long, value_name = "N", value_parser = crate::cli::whole::<i64>)]
    pub academic_year_id: Option<i64>,
    /// tanggal masuk santri baru (bawaan: hari ini) / admission date of new santri
    #[arg(long, value_name = "TTTT-BB-HH", value_parser = crate::cli::date)]
    pub admission_date: Option<Date>,
    /// jeda antar-kirim, ms (bawaan 3000: kecepatan EMIS asli) / spacing of writes
    #[arg(long, value_name = "MS", value_parser = crate::cli::whole::<u64>)]
    pub write_interval_ms: Option<u64>,
    /// jeda antar-kirim terpanjang saat server lambat atau menjawab 429, ms (bawaan 60000; jeda
    /// tidak pernah lebih pendek dari --write-interval-ms) / longest write spacing when the server is busy
    #[arg(long, value_name = "MS", value_parser = crate::cli::whole::<u64>)]
    pub max_write_interval_ms: Option<u64>,
    /// jeda antar-baca, ms (bawaan 250) / spacing of reads
    #[arg(long, value_name = "MS", value_parser = crate::cli::whole::<u64>)]
    pub read_interval_ms: Option<u64>,
    /// batas waktu tiap permintaan, detik (bawaan 30) / timeout of each request, seconds
    #[arg(long, value_name = "DETIK", value_parser = timeout)]
    pub timeout: Option<u64>,
    /// kirim paling banyak N data pada sesi ini; sisanya sesi berikutnya / send at most N writes
    #[arg(long, value_name = "N", value_parser = crate::cli::whole::<usize>)]
    pub max_writes: Option<usize>,
    /// kirim ulang data yang pernah ditolak server / send rejected records again
    #[arg(long)]
    pub retry_rejected: bool,
    /// lewati pemeriksaan SIMPEG / skip the SIMPEG checks
    #[arg(long)]
    pub no_simpeg: bool,
    /// SIMPEG sources, CA and proxy.
    #[command(flatten)]
    pub net: NetArgs,
    /// laporan sebagai tabel (bawaan) atau JSON di stdout / report as a table or JSON
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<TextOrJson>,
    /// tanggal "hari ini" untuk aturan (pengujian) / today's date for the rules (tests)
    #[arg(long, value_name = "TTTT-BB-HH", value_parser = crate::cli::date)]
    pub today: Option<Date>,
    /// data simulator untuk --demo (bawaan 20261130) / the demo's simulator seed
    #[arg(long, value_name = "N", value_parser = crate::cli::whole::<u64>)]
    pub seed: Option<u64>,
    /// Window and start time.
    #[command(flatten)]
    pub schedule: crate::schedule::ScheduleArgs,
}

fn statistic_num(s: &str) -> Result<String, String> {
    if emis_core::id::is_valid(emis_core::id::IdKind::NomorStatistik, s) {
        Ok(s.to_string())
    } else {
        Err("bukan nomor statistik yang valid / not a valid statistic number".into())
    }
}

fn timeout(s: &str) -> Result<u64, String> {
    match crate::cli::whole::<u64>(s)? {
        0 => Err("minimal 1 detik / at least 1 second".into()),
        n => Ok(n),
    }
}

/// `emis sync`.
pub fn run(a: SyncArgs, lang: Lang) -> Result<u8, CliError> {
    let format = a.format.unwrap_or_default();
    let policy = a.policy.unwrap_or_default().into();
    let today = crate::cli::today(a.today);
    if a.demo {
        return demo(&a, policy, today, format, lang);
    }
    let usage = |m: String| CliError::usage(m, "sync");
    let (Some(server), Some(statistic_num), Some(local)) = (&a.server, &a.statistic_num, &a.local) else {
        return Err(usage(
            "--server, --statistic-num dan --local wajib / are required".into(),
        ));
    };
    let plan = a.schedule.plan(crate::progress::now_ms())?;
    let mut cfg = EmisConfig::new(server).map_err(|e| usage(format!("--server: {e}")))?;
    a.net.apply(&mut cfg);
    if let Some(ms) = a.write_interval_ms {
        cfg.pacing.write_interval = Duration::from_millis(ms);
    }
    // Writes slow down when the server is slow or says 429, never faster than configured;
    // `--write-interval-ms 0` (tests, a local simulator) means no pacing at all.
    if !cfg.pacing.write_interval.is_zero() {
        let max = Duration::from_millis(a.max_write_interval_ms.unwrap_or(60_000));
        cfg.adaptive_max_write_interval = Some(max.max(cfg.pacing.write_interval));
    }
    if let Some(ms) = a.read_interval_ms {
        cfg.pacing.read_interval = Duration::from_millis(ms);
    }
    if let Some(s) = a.timeout {
        cfg.timeout = Duration::from_secs(s);
    }
    let mut opts = SyncOptions::new(statistic_num, today);
    opts.policy = policy;
    opts.dry_run = a.dry_run;
    opts.retry_rejected = a.retry_rejected;
    opts.simpeg = !a.no_simpeg;
    opts.academic_year_id = a.academic_year_id;
    opts.max_writes = a.max_writes;
    opts.admission_date = a.admission_date.map(|d| d.to_string());
    let tcfg = a.net.transport_config()?;

    let credentials = crate::auth::credentials()?;
    let token_line = match crate::auth::check_token(&credentials, crate::auth::now_s()) {
        Ok(l) => l,
        Err(e) => {
            if format == TextOrJson::Json {
                let j = serde_json::json!({
                    "error": {"code": "session_expired", "message": emis_core::Error::SessionExpired { what: "EMIS" }.to_string()},
                    "exit_code": e.exit_code(),
                });
                output::print(&format!("{j:#}\n"))?;
            }
            return Err(e);
        }
    };
    let transport =
        emis_core::transport::ReqwestTransport::with_config(&tcfg).map_err(|e| CliError::input(e.to_string()))?;
    let printer = Arc::new(Printer::new(lang));
    printer.say(&format!("Login: {}", crate::auth::describe(&credentials)));
    if let Some(l) = token_line {
        printer.say(&format!("  {l}"));
    }
    let (cookie, pintar) = crate::auth::simpeg_sessions();
    let client = native_client(cfg, credentials, transport).with_simpeg_sessions(cookie, pintar);
    let rt = runtime()?;
    let cancel = CancelToken::new();
    crate::progress::on_ctrl_c(&rt, cancel.clone());
    let closed = plan.wait_and_arm(&rt, &cancel, &|l| printer.say(l))?;
    let store = open_local(local)?;
    let (report, store) = run_session(&rt, &client, store, &opts, &printer, &cancel);
    if report.is_ok() && !a.dry_run {
        // For `emis status`: did the local data change since this sync?
        crate::status::record_source(local);
    }
    if closed.load(std::sync::atomic::Ordering::SeqCst)
        && let Err(e) = &report
        && matches!(e.root(), emis_core::Error::Cancelled)
    {
        // The window closed: a planned stop, not a failure; the outbox keeps the rest.
        let n = unsent(store.as_ref());
        if format == TextOrJson::Json {
            output::print(&format!(
                "{:#}\n",
                serde_json::json!({"window_closed": true, "unsent": n, "exit_code": 0})
            ))?;
        }
        output::note(&crate::schedule::closed_message(n));
        return Ok(EXIT_OK);
    }
    finish(report, store.as_ref(), format, lang)
}

/// `emis sync --demo`, when the simulator is linked in.
#[cfg(feature = "demo")]
fn demo(
    a: &SyncArgs,
    policy: emis_core::sync::ConflictPolicy,
    today: Date,
    format: TextOrJson,
    lang: Lang,
) -> Result<u8, CliError> {
    let seed = a.seed.unwrap_or(20261130);
    crate::demo::run(seed, a.dry_run, policy, today, format, lang)
}

/// `emis sync --demo` in a build without the simulator.
#[cfg(not(feature = "demo"))]
fn demo(_: &SyncArgs, _: emis_core::sync::ConflictPolicy, _: Date, _: TextOrJson, _: Lang) -> Result<u8, CliError> {
    Err(CliError::usage(
        "--demo tidak tersedia: emis ini dibangun tanpa fitur `demo` (simulator bawaan); bangun ulang \
         dengan `cargo build -p emis-cli --features demo` / --demo is not available: this emis was built \
         without the `demo` feature",
        "sync",
    ))
}

/// The flags that say how to reach the servers (`sync`, `doctor`).
#[derive(Debug, Args)]
pub struct NetArgs {
    /// alamat EMIS GTK untuk "pratinjau SIMPEG" (dengan EMIS_GTK_COOKIE) / EMIS GTK address
    #[arg(long, value_name = "URL", value_parser = crate::cli::http_url)]
    pub gtk_url: Option<url::Url>,
    /// alamat PINTAR cek_nip (dengan EMIS_PINTAR_TOKEN) / PINTAR cek_nip address
    #[arg(long, value_name = "URL", value_parser = crate::cli::http_url)]
    pub simpeg_url: Option<url::Url>,
    /// sertifikat CA tambahan / extra CA certificates
    #[arg(long, value_name = "PEM")]
    pub ca_file: Option<PathBuf>,
    /// proxy HTTP(S) / HTTP(S) proxy
    #[arg(long, value_name = "URL")]
    pub proxy: Option<String>,
}

impl NetArgs {
    /// The SIMPEG sources into the client's options.
    pub(crate) fn apply(&self, cfg: &mut EmisConfig) {
        cfg.gtk_base_url = self.gtk_url.clone();
        cfg.simpeg_base_url = self.simpeg_url.clone();
    }
    /// The transport's options: extra CA bundle and proxy.
    pub(crate) fn transport_config(&self) -> Result<emis_core::transport::TransportConfig, CliError> {
        let mut tcfg = emis_core::transport::TransportConfig::default();
        if let Some(f) = &self.ca_file {
            let pem = std::fs::read(f).map_err(|e| CliError::input(format!("--ca-file {}: {e}", f.display())))?;
            tcfg.extra_ca_pem = Some(pem);
        }
        tcfg.proxy = self.proxy.clone();
        Ok(tcfg)
    }
}

/// A client on the system clock and tokio's sleep.
pub(crate) fn native_client(
    cfg: EmisConfig,
    credentials: emis_core::api::Credentials,
    transport: emis_core::transport::ReqwestTransport,
) -> EmisClient {
    EmisClient::new(
        cfg,
        credentials,
        Arc::new(transport),
        Arc::new(emis_core::transport::SystemClock),
        Arc::new(emis_core::transport::TokioSleep),
    )
}

pub(crate) fn runtime() -> Result<tokio::runtime::Runtime, CliError> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| CliError::input(format!("runtime: {e}")))
}

fn storage(e: emis_core::Error) -> CliError {
    CliError::input(e.to_string())
}

/// Opens the local store and takes its lock (a second sync on the same folder is refused
/// before anything is read or written): a folder, or a santri file (CSV, XLSX, XLSB, XLS, ODS)
/// imported into `PATH.<ext>.emis/`.
///
/// The file is read through `emis_core::sheet`: an empty file or a header without rows stops
/// with the reader's error (never an empty roster, which would make every santri look "only in
/// EMIS"), and so does a row the reader could not read or a cell Excel damaged (a santri left
/// out or with a wrong NIK would be pushed or missed).
pub(crate) fn open_local(path: &Path) -> Result<DirStore, CliError> {
    let Some(dir) = crate::input::store_dir(path) else {
        let mut store = DirStore::open(path).map_err(storage)?;
        store.lock_for_sync().map_err(storage)?;
        // For `emis history` without --local.
        crate::state::remember_store(path);
        return Ok(store);
    };
    // Read before the store is touched: a file that cannot be read changes nothing.
    let sheet = crate::input::read(path.as_os_str())?;
    let bad: Vec<&emis_core::Issue> = sheet
        .report
        .issues
        .iter()
        .filter(|i| i.severity == emis_core::Severity::Invalid)
        .collect();
    if !bad.is_empty() {
        let mut msg = format!(
            "{}: {} masalah di berkas; perbaiki dulu (lihat `emis validate`) sebelum sinkronisasi \
             / {} problem(s) in the file; fix them first (see `emis validate`) before syncing",
            path.display(),
            bad.len(),
            bad.len()
        );
        for i in bad.iter().take(20) {
            msg.push_str(&format!("\n  {}: {} ({})", i.path, i.message(Lang::Id), i.code));
        }
        return Err(CliError::input(msg));
    }
    for i in sheet.report.issues.iter() {
        crate::output::note(&format!(
            "catatan / note: {}: {} ({})",
            i.path,
            i.message(Lang::Id),
            i.code
        ));
    }
    let mut store = DirStore::open(&dir).map_err(storage)?;
    store.lock_for_sync().map_err(storage)?;
    crate::state::remember_store(&dir);
    let previous = store.load_santri().map_err(storage)?;
    let mut santri: Vec<emis_core::model::Santri> = sheet.rows.iter().map(|r| r.to_santri()).collect();
    // Keep server ids learnt by earlier syncs.
    for s in &mut santri {
        if s.id.is_none() {
            let nik = s.nik.as_ref().map(|n| n.expose().to_string());
            s.id = previous
                .iter()
                .find(|p| nik.is_some() && p.nik.as_ref().map(|n| n.expose().to_string()) == nik)
                .and_then(|p| p.id.clone());
        }
    }
    store.save_santri(&santri).map_err(storage)?;
    Ok(store)
}

/// Runs one session with progress and retries on stderr; gives the store back.
pub(crate) fn run_session(
    rt: &tokio::runtime::Runtime,
    client: &EmisClient,
    store: DirStore,
    opts: &SyncOptions,
    printer: &Arc<Printer>,
    cancel: &CancelToken,
) -> (Result<SyncReport, emis_core::Error>, Box<dyn LocalStore>) {
    let events = printer.clone();
    client.set_event_sink(Some(Arc::new(move |e: &emis_core::api::ClientEvent| events.event(e))));
    let progress = printer.clone();
    let mut engine = SyncEngine::new(client.clone(), Box::new(store))
        .on_progress(move |p: &emis_core::sync::Progress| progress.progress(p))
        .cancel_token(cancel.clone());
    let result = rt.block_on(engine.run(opts));
    printer.finish();
    client.set_event_sink(None);
    (result, engine.into_store())
}

/// Writes not sent yet (queued) or whose answer is not known yet (sent: looked up next run).
pub(crate) fn unsent(store: &dyn LocalStore) -> usize {
    store
        .load_outbox()
        .map(|o| {
            o.iter()
                .filter(|e| matches!(e.state, WriteState::Queued | WriteState::Sent))
                .count()
        })
        .unwrap_or(0)
}

/// Why a session stopped, for the operator, and its exit code.
pub(crate) fn stop_message(e: &emis_core::Error, unsent: usize) -> (String, u8) {
    use emis_core::Error;
    let kept_id = format!("{unsent} data belum terkirim tersimpan di outbox");
    let kept_en = format!("{unsent} unsent items are kept in the outbox");
    match e.root() {
        Error::Cancelled => (
            format!(
                "Dihentikan: {kept_id}; jalankan perintah yang sama untuk melanjutkan \
                 / stopped: {kept_en}; run the same command to continue"
            ),
            EXIT_INTERRUPTED,
        ),
        Error::SessionExpired { .. } => (
            format!(
                "{e}\nBerhenti dengan rapi: {kept_id}; jalankan lagi dengan token baru (EMIS_TOKEN) untuk melanjutkan, \
                 yang sudah terkirim tidak dikirim dua kali / stopped cleanly: {kept_en}; run again with a fresh token \
                 to continue, nothing is sent twice"
            ),
            EXIT_SESSION,
        ),
        Error::Auth(_) | Error::Permission(_) => (
            format!(
                "{e}\nPeriksa email/NIK dan kata sandi, atau tempel token baru (EMIS_TOKEN); {kept_id} \
                 / check the user and password, or paste a fresh token; {kept_en}"
            ),
            EXIT_SESSION,
        ),
        Error::Storage(_) | Error::Config(_) => (format!("galat: {e}"), crate::output::EXIT_USAGE),
        _ => (
            format!(
                "sinkronisasi berhenti ({}): {e}\n{kept_id}; jalankan perintah yang sama nanti untuk melanjutkan \
                 / the sync stopped; {kept_en}; run the same command later to continue",
                e.code()
            ),
            EXIT_SERVER,
        ),
    }
}

/// Prints the report (table or JSON) and maps the result to an exit code.
pub(crate) fn finish(
    report: Result<SyncReport, emis_core::Error>,
    store: &dyn LocalStore,
    format: TextOrJson,
    lang: Lang,
) -> Result<u8, CliError> {
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            let n = unsent(store);
            let (message, code) = stop_message(&e, n);
            if format == TextOrJson::Json {
                let j = serde_json::json!({
                    "error": {"code": e.code(), "message": e.to_string()},
                    "unsent": n,
                    "exit_code": code,
                });
                output::print(&format!("{j:#}\n"))?;
            }
            return Err(CliError::stopped(message, code));
        }
    };
    if format == TextOrJson::Json {
        let json = serde_json::to_string_pretty(&report).map_err(|e| CliError::input(e.to_string()))?;
        output::print(&json)?;
        output::print("\n")?;
    } else {
        output::print(&crate::report::text(&report, store, lang))?;
    }
    let bad = report.counts.get("INVALID").copied().unwrap_or(0)
        + report.counts.get("GANDA").copied().unwrap_or(0)
        + report.rejected.len() as u64;
    Ok(if bad > 0 { EXIT_INVALID } else { EXIT_OK })
}
