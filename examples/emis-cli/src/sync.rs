//! `emis sync`: pull → settle earlier sends → verify → plan → send one write at a time →
//! SIMPEG → report → journal, against the real EMIS (`--server`) or the built-in simulator
//! (`--demo`). Credentials come from the environment or a prompt ([`crate::auth`]); progress
//! and Ctrl-C from [`crate::progress`]; the receipt from [`crate::report`].

use crate::args::{self, Flag};
use crate::output::{self, CliError, EXIT_INTERRUPTED, EXIT_INVALID, EXIT_OK, EXIT_SERVER, EXIT_SESSION};
use crate::progress::Printer;
use emis_core::Lang;
use emis_core::api::{EmisClient, EmisConfig};
use emis_core::date::Date;
use emis_core::sync::{
    CancelToken, ConflictPolicy, DirStore, LocalStore, SyncEngine, SyncOptions, SyncReport, WriteState,
};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

pub(crate) const USAGE: &str = "\
Pemakaian / usage:
  emis sync --demo [--dry-run] [--policy emis|local|manual] [--format text|json] [--lang id|en]
  emis sync --server URL --statistic-num N --local PATH [opsi / options]
  emis sync --help";

const HELP: &str = "\
emis sync — sinkronisasi data santri dan GTK dengan EMIS 4.0 PD-Pontren

Pemakaian / usage:
  emis sync --demo                      demo lengkap dengan simulator bawaan (data sintetis)
  emis sync --server URL --statistic-num N --local PATH [opsi]

Wajib / required:
  --server URL            alamat API, mis. https://api-emis.kemenag.go.id (boleh diakhiri /v1;
                          bukan alamat portal emis.kemenag.go.id)
  --statistic-num N       nomor statistik lembaga (NSPP/NSM)
  --local PATH            folder data lokal, atau berkas CSV santri berkolom EMIS (data sinkron
                          disimpan di folder PATH.emis di sebelahnya)

Opsi / options:
  --dry-run               hanya rencana: tidak ada yang dikirim, data lokal tidak berubah
  --policy emis|local|manual   bila data berbeda: EMIS menang (bawaan), data lokal dikirim, atau
                          diserahkan ke operator
  --academic-year-id N    periode untuk pendaftaran baru (bawaan: dipelajari dari data EMIS)
  --admission-date TGL    tanggal masuk santri baru, YYYY-MM-DD (bawaan: hari ini)
  --write-interval-ms N   jeda antar-kirim (bawaan 3000: kecepatan EMIS asli)
  --read-interval-ms N    jeda antar-baca (bawaan 250)
  --timeout DETIK         batas waktu tiap permintaan (bawaan 30)
  --max-writes N          kirim paling banyak N data pada sesi ini; sisanya sesi berikutnya
  --retry-rejected        kirim ulang data yang pernah ditolak server
  --no-simpeg             lewati pemeriksaan SIMPEG
  --gtk-url URL           alamat EMIS GTK untuk \"pratinjau SIMPEG\" (dengan EMIS_GTK_COOKIE)
  --simpeg-url URL        alamat PINTAR cek_nip (dengan EMIS_PINTAR_TOKEN)
  --ca-file PEM           sertifikat CA tambahan;  --proxy URL   proxy HTTP(S)
  --format text|json      laporan sebagai tabel (bawaan) atau JSON di stdout
  --lang id|en            bahasa laporan
  --today YYYY-MM-DD      tanggal \"hari ini\" untuk aturan (pengujian)
  --seed N                data simulator untuk --demo (bawaan 20261130)

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
kali. Jurnal: `emis history --local PATH`.

Kode keluar / exit codes: 0 selesai; 1 selesai dengan data bermasalah (ditolak, GANDA, INVALID);
2 salah pemakaian, berkas rusak, atau folder sedang dipakai sinkron lain; 3 token/sesi berakhir
atau login gagal; 4 server atau jaringan gagal (jalankan lagi nanti); 130 dihentikan (Ctrl-C).

English: credentials come from the environment (EMIS_TOKEN, or EMIS_EMAIL/EMIS_USER +
EMIS_PASSWORD, or EMIS_PUBLIC_KEY + EMIS_PRIVATE_KEY) or a prompt, never from the command line.
Ctrl-C stops after the write in flight; run the same command again to resume. Exit codes: 0 done,
1 done with data problems, 2 usage, 3 session expired or login failed, 4 server/network, 130 stopped.
";

const FLAGS: &[Flag] = &[
    Flag::switch("--demo"),
    Flag::switch("--dry-run"),
    Flag::switch("--retry-rejected"),
    Flag::switch("--no-simpeg"),
    Flag::value("--server"),
    Flag::value("--statistic-num"),
    Flag::value("--local"),
    Flag::value("--policy"),
    Flag::value("--academic-year-id"),
    Flag::value("--admission-date"),
    Flag::value("--write-interval-ms"),
    Flag::value("--read-interval-ms"),
    Flag::value("--timeout"),
    Flag::value("--max-writes"),
    Flag::value("--gtk-url"),
    Flag::value("--simpeg-url"),
    Flag::value("--ca-file"),
    Flag::value("--proxy"),
    Flag::value("--format"),
    Flag::value("--lang"),
    Flag::value("--today"),
    Flag::value("--seed"),
];

fn number<T: std::str::FromStr>(p: &args::Parsed, name: &str) -> Result<Option<T>, CliError> {
    match p.value(name) {
        None => Ok(None),
        Some(v) => v.trim().parse().map(Some).map_err(|_| {
            p.usage_error(format!(
                "{name} harus bilangan bulat, tertulis {v} / {name} must be a whole number"
            ))
        }),
    }
}

fn url_arg(p: &args::Parsed, name: &str) -> Result<Option<url::Url>, CliError> {
    match p.value(name) {
        None => Ok(None),
        Some(v) => match url::Url::parse(v.trim()) {
            Ok(u) if matches!(u.scheme(), "http" | "https") => Ok(Some(u)),
            Ok(_) => Err(p.usage_error(format!(
                "{name} harus diawali http:// atau https:// / must start with http(s)://"
            ))),
            Err(e) => Err(p.usage_error(format!("{name}: {e}"))),
        },
    }
}

/// `--policy`.
pub(crate) fn policy(p: &args::Parsed) -> Result<ConflictPolicy, CliError> {
    match p.value("--policy").map(str::to_ascii_lowercase).as_deref() {
        None | Some("emis") => Ok(ConflictPolicy::EmisWins),
        Some("local") => Ok(ConflictPolicy::LocalWins),
        Some("manual") => Ok(ConflictPolicy::Manual),
        Some(o) => Err(p.usage_error(format!("--policy harus emis, local atau manual (tertulis {o})"))),
    }
}

/// `emis sync`.
pub fn run(argv: &[OsString]) -> Result<u8, CliError> {
    let p = args::parse(argv, FLAGS, USAGE)?;
    if p.help {
        output::print(HELP)?;
        return Ok(EXIT_OK);
    }
    p.at_most(0)?;
    let lang = p.lang()?;
    let format = p.format(&["text", "json"])?;
    let policy = policy(&p)?;
    let today = p.today()?;
    if p.has("--demo") {
        if p.value("--server").is_some() {
            return Err(p.usage_error("--demo tidak dapat digabung dengan --server / --demo excludes --server"));
        }
        let seed = number(&p, "--seed")?.unwrap_or(20261130);
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
    cfg.gtk_base_url = url_arg(&p, "--gtk-url")?;
    cfg.simpeg_base_url = url_arg(&p, "--simpeg-url")?;
    if let Some(ms) = number::<u64>(&p, "--write-interval-ms")? {
        cfg.pacing.write_interval = Duration::from_millis(ms);
    }
    if let Some(ms) = number::<u64>(&p, "--read-interval-ms")? {
        cfg.pacing.read_interval = Duration::from_millis(ms);
    }
    if let Some(s) = number::<u64>(&p, "--timeout")? {
        if s == 0 {
            return Err(p.usage_error("--timeout minimal 1 detik / at least 1 second"));
        }
        cfg.timeout = Duration::from_secs(s);
    }
    let mut opts = SyncOptions::new(statistic_num, today);
    opts.policy = policy;
    opts.dry_run = p.has("--dry-run");
    opts.retry_rejected = p.has("--retry-rejected");
    opts.simpeg = !p.has("--no-simpeg");
    opts.academic_year_id = number(&p, "--academic-year-id")?;
    opts.max_writes = number(&p, "--max-writes")?;
    if let Some(d) = p.value("--admission-date") {
        let d = Date::parse(d.trim()).map_err(|e| p.usage_error(format!("--admission-date: {e}")))?;
        opts.admission_date = Some(d.to_string());
    }
    let mut tcfg = emis_core::transport::TransportConfig::default();
    if let Some(f) = p.value("--ca-file") {
        tcfg.extra_ca_pem = Some(std::fs::read(f).map_err(|e| CliError::input(format!("--ca-file {f}: {e}")))?);
    }
    tcfg.proxy = p.value("--proxy").map(str::to_string);

    let credentials = crate::auth::credentials()?;
    let token_line = match crate::auth::check_token(&credentials, crate::auth::now_s()) {
        Ok(l) => l,
        Err(e) => {
            if format == "json" {
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
    let client = EmisClient::new(
        cfg,
        credentials,
        Arc::new(transport),
        Arc::new(emis_core::transport::SystemClock),
        Arc::new(emis_core::transport::TokioSleep),
    )
    .with_simpeg_sessions(cookie, pintar);
    let store = open_local(Path::new(local))?;
    let rt = runtime()?;
    let cancel = CancelToken::new();
    crate::progress::on_ctrl_c(&rt, cancel.clone());
    let (report, store) = run_session(&rt, &client, store, &opts, &printer, &cancel);
    finish(report, store.as_ref(), format, lang)
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
/// before anything is read or written): a folder, or a santri CSV imported into `PATH.emis/`.
pub(crate) fn open_local(path: &Path) -> Result<DirStore, CliError> {
    let is_csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let dir = if is_csv {
        let mut d = PathBuf::from(path);
        d.set_extension("csv.emis");
        d
    } else {
        path.to_path_buf()
    };
    let mut store = DirStore::open(&dir).map_err(storage)?;
    store.lock_for_sync().map_err(storage)?;
    if !is_csv {
        return Ok(store);
    }
    let raw = std::fs::read_to_string(path).map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
    let text = raw.strip_prefix('\u{feff}').unwrap_or(&raw);
    let table = crate::csv::parse(text, crate::csv::detect_delimiter(text))
        .map_err(|e| CliError::input(format!("{}: {e}", path.display())))?;
    let previous = store.load_santri().map_err(storage)?;
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
    format: &str,
    lang: Lang,
) -> Result<u8, CliError> {
    let report = match report {
        Ok(r) => r,
        Err(e) => {
            let n = unsent(store);
            let (message, code) = stop_message(&e, n);
            if format == "json" {
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
    if format == "json" {
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
