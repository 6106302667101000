//! `emis doctor`: what is wrong, checked in order and explained with the fix — the address
//! resolves, a TCP connection opens, TLS works (rustls, system roots, `--ca-file`, `--proxy`),
//! the server answers, the clock agrees with the server's `Date`, the token is valid and how
//! long it lasts, the lembaga's statistic number is the token's, the GTK list and the SIMPEG
//! sources answer. Every check with its time; `--format json` for support staff. Nothing is
//! written to EMIS; no secret is printed.

use crate::cli::{HELP_TEMPLATE, OPTIONS, TextOrJson};
use crate::output::{self, CliError, EXIT_INVALID, EXIT_OK, EXIT_SERVER, EXIT_SESSION, Table, tr};
use clap::Args;
use emis_core::Lang;
use emis_core::api::{Credentials, EmisClient, EmisConfig, token_info};
use emis_core::transport::{ApiRequest, Method, ReqwestTransport, Transport};
use serde::Serialize;
use std::net::{TcpStream, ToSocketAddrs};
use std::time::{Duration, Instant};

const TITLE: &str =
    "emis doctor — periksa koneksi, jam, token dan sumber data / diagnose connection, clock, token and sources";

const USAGE: &str = "emis doctor --server URL [--statistic-num N] [--format json]";

const AFTER: &str = "\
Urutan pemeriksaan: alamat (DNS), koneksi TCP, TLS, jawaban server, jam komputer (header Date
server), token (berlaku dan sisa waktunya), nomor statistik lembaga = milik token, daftar GTK,
sumber SIMPEG (EMIS GTK --gtk-url dengan EMIS_GTK_COOKIE, PINTAR --simpeg-url). Kredensial dari
lingkungan seperti `emis sync`. Tiap pemeriksaan dengan lamanya dan saran perbaikan.
Kode keluar: 0 semua baik, 1 ada masalah lain, 3 token/login, 4 jaringan atau server.

English: checks, in order, DNS, TCP, TLS, the server's answer, the clock (server Date header),
the token and its remaining time, that the statistic number is the token's, the GTK list and the
SIMPEG sources; each with its duration and a fix. Exit codes: 0 all good, 1 other problem,
3 token/login, 4 network or server.";

/// `emis doctor`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
#[command(next_help_heading = OPTIONS)]
pub struct DoctorArgs {
    /// alamat API, mis. https://api-emis.kemenag.go.id / the API address
    #[arg(long, value_name = "URL")]
    pub server: String,
    /// nomor statistik lembaga (NSPP/NSM) / the institution's statistic number
    #[arg(long, value_name = "N")]
    pub statistic_num: Option<String>,
    /// SIMPEG sources, CA and proxy.
    #[command(flatten)]
    pub net: crate::sync::NetArgs,
    /// batas waktu tiap pemeriksaan, detik (bawaan 10) / timeout of each check, seconds
    #[arg(long, value_name = "DETIK", value_parser = crate::cli::whole::<u64>)]
    pub timeout: Option<u64>,
    /// teks (bawaan) atau JSON / text or JSON
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<TextOrJson>,
}

/// The outcome of one check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
enum Outcome {
    Ok,
    Warn,
    Fail,
    Skip,
}

/// What failed, for the exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Network,
    Auth,
    Other,
}

#[derive(Debug, Serialize)]
struct Check {
    id: &'static str,
    name: &'static str,
    outcome: Outcome,
    ms: u64,
    detail: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    fix: String,
    #[serde(skip)]
    kind: Kind,
}

struct Doctor {
    checks: Vec<Check>,
    lang: Lang,
}

impl Doctor {
    fn add(&mut self, id: &'static str, name: (&'static str, &'static str), start: Instant, r: Step) {
        let (outcome, detail, fix, kind) = r;
        self.checks.push(Check {
            id,
            name: tr(self.lang, name.0, name.1),
            outcome,
            ms: start.elapsed().as_millis() as u64,
            detail,
            fix: fix.map(|(i, e)| tr(self.lang, i, e).to_string()).unwrap_or_default(),
            kind,
        });
    }
    fn skip(&mut self, id: &'static str, name: (&'static str, &'static str), why: &str) {
        self.add(
            id,
            name,
            Instant::now(),
            (Outcome::Skip, why.to_string(), None, Kind::Other),
        );
    }
    fn failed(&self) -> bool {
        self.checks.iter().any(|c| c.outcome == Outcome::Fail)
    }
}

type Fix = Option<(&'static str, &'static str)>;
type Step = (Outcome, String, Fix, Kind);

fn ok(detail: String) -> Step {
    (Outcome::Ok, detail, None, Kind::Other)
}

const DNS: (&str, &str) = ("alamat (DNS)", "address (DNS)");
const TCP: (&str, &str) = ("koneksi TCP", "TCP connection");
const TLS: (&str, &str) = ("TLS", "TLS");
const HTTP: (&str, &str) = ("server menjawab", "server answers");
const CLOCK: (&str, &str) = ("jam komputer", "clock");
const TOKEN: (&str, &str) = ("token / login", "token / login");
const LEMBAGA: (&str, &str) = ("lembaga = token", "lembaga = token's");
const GTK: (&str, &str) = ("daftar GTK", "GTK list");
const SIMPEG: (&str, &str) = ("sumber SIMPEG", "SIMPEG sources");

const SKIPPED_EARLIER: &str = "dilewati: pemeriksaan sebelumnya gagal / skipped: an earlier check failed";

/// `emis doctor`.
pub fn run(a: DoctorArgs, lang: Lang) -> Result<u8, CliError> {
    let cfg = EmisConfig::new(&a.server).map_err(|e| CliError::usage(format!("--server: {e}"), "doctor"))?;
    let timeout = Duration::from_secs(a.timeout.unwrap_or(10).max(1));
    let mut d = Doctor {
        checks: Vec::new(),
        lang,
    };
    let rt = crate::sync::runtime()?;
    let mut tcfg = a.net.transport_config()?;
    tcfg.connect_timeout = Some(timeout);
    let transport = ReqwestTransport::with_config(&tcfg).map_err(|e| CliError::input(e.to_string()))?;

    let network_ok = network(&mut d, &cfg.base_url, timeout, a.net.proxy.is_some());
    let date_header = if network_ok {
        http(&mut d, &rt, &transport, &cfg, timeout)
    } else {
        for (id, name) in [("tls", TLS), ("http", HTTP), ("clock", CLOCK)] {
            d.skip(id, name, SKIPPED_EARLIER);
        }
        None
    };
    if let Some(date) = date_header {
        clock(&mut d, &date);
    } else if network_ok {
        d.skip("clock", CLOCK, "server tidak mengirim header Date / no Date header");
    }
    let server_ok = network_ok && !d.failed();
    if server_ok {
        account(&mut d, &rt, cfg.clone(), transport.clone(), &a);
    } else {
        for (id, name) in [("token", TOKEN), ("lembaga", LEMBAGA), ("gtk", GTK), ("simpeg", SIMPEG)] {
            d.skip(id, name, SKIPPED_EARLIER);
        }
    }
    report(&d, a.format.unwrap_or_default())
}

/// DNS and TCP (to the proxy when there is one, the server otherwise).
fn network(d: &mut Doctor, base: &url::Url, timeout: Duration, proxied: bool) -> bool {
    let host = base.host_str().unwrap_or_default().to_string();
    let port = base.port_or_known_default().unwrap_or(443);
    let start = Instant::now();
    let addrs: Vec<std::net::SocketAddr> = match (host.as_str(), port).to_socket_addrs() {
        Ok(a) => a.collect(),
        Err(e) => {
            d.add(
                "dns",
                DNS,
                start,
                (
                    Outcome::Fail,
                    format!("{host}: {e}"),
                    Some((
                        "Periksa ejaan alamat --server, koneksi internet, dan DNS (coba buka alamat itu di peramban)",
                        "Check the --server spelling, the internet connection and DNS",
                    )),
                    Kind::Network,
                ),
            );
            d.skip("tcp", TCP, SKIPPED_EARLIER);
            return false;
        }
    };
    let shown: Vec<String> = addrs.iter().take(3).map(|a| a.ip().to_string()).collect();
    d.add("dns", DNS, start, ok(format!("{host} → {}", shown.join(", "))));
    if proxied {
        d.skip(
            "tcp",
            TCP,
            "lewat proxy: dicek pada TLS/HTTP / through the proxy: see TLS/HTTP",
        );
        return true;
    }
    let start = Instant::now();
    let mut last_err = String::new();
    for addr in &addrs {
        match TcpStream::connect_timeout(addr, timeout) {
            Ok(_) => {
                d.add("tcp", TCP, start, ok(format!("{addr}")));
                return true;
            }
            Err(e) => last_err = format!("{addr}: {e}"),
        }
    }
    d.add(
        "tcp",
        TCP,
        start,
        (
            Outcome::Fail,
            last_err,
            Some((
                "Server tidak bisa dihubungi: periksa port, firewall atau proxy kantor (--proxy URL); bila EMIS sedang \
                 gangguan, coba lagi nanti (pagi hari lebih sepi)",
                "The server cannot be reached: check the port, firewall or office proxy (--proxy URL); if EMIS is down, \
                 try later (mornings are quieter)",
            )),
            Kind::Network,
        ),
    );
    false
}

/// TLS and the server's answer (any HTTP status is an answer); gives the `Date` header.
fn http(
    d: &mut Doctor,
    rt: &tokio::runtime::Runtime,
    transport: &ReqwestTransport,
    cfg: &EmisConfig,
    timeout: Duration,
) -> Option<String> {
    let https = cfg.base_url.scheme() == "https";
    let url = cfg
        .base_url
        .join(cfg.prefix.trim_start_matches('/'))
        .unwrap_or(cfg.base_url.clone());
    let mut req = ApiRequest::new(Method::Get, url);
    req.timeout = Some(timeout);
    req.max_response_bytes = Some(1 << 20);
    let start = Instant::now();
    match rt.block_on(transport.send(req)) {
        Ok(resp) => {
            if https {
                d.add(
                    "tls",
                    TLS,
                    start,
                    ok("rustls, sertifikat dipercaya / certificate trusted".into()),
                );
            } else {
                d.skip("tls", TLS, "http:// tanpa TLS / no TLS");
            }
            let step = if resp.status >= 500 {
                (
                    Outcome::Warn,
                    format!("HTTP {}", resp.status),
                    Some((
                        "Server menjawab dengan galat: EMIS sedang sibuk atau gangguan; coba lagi nanti (pagi hari)",
                        "The server answers with an error: EMIS is busy or down; try later (in the morning)",
                    )),
                    Kind::Network,
                )
            } else {
                ok(format!("HTTP {}", resp.status))
            };
            d.add("http", HTTP, start, step);
            resp.header("date").map(str::to_string)
        }
        Err(e) => {
            let text = e.to_string();
            let tls_problem = https && (text.contains("certificate") || text.contains("tls") || text.contains("TLS"));
            if tls_problem {
                d.add(
                    "tls",
                    TLS,
                    start,
                    (
                        Outcome::Fail,
                        text,
                        Some((
                            "Sertifikat tidak dipercaya: jaringan kantor memeriksa TLS? Minta sertifikat CA-nya ke admin \
                             jaringan lalu --ca-file CA.pem; periksa juga jam komputer",
                            "Certificate not trusted: an inspecting office network? Ask for its CA and pass --ca-file CA.pem; \
                             check the clock too",
                        )),
                        Kind::Network,
                    ),
                );
                d.skip("http", HTTP, SKIPPED_EARLIER);
            } else {
                if https {
                    d.skip("tls", TLS, SKIPPED_EARLIER);
                } else {
                    d.skip("tls", TLS, "http:// tanpa TLS / no TLS");
                }
                d.add(
                    "http",
                    HTTP,
                    start,
                    (
                        Outcome::Fail,
                        text,
                        Some((
                            "Server tidak menjawab: periksa proxy (--proxy), firewall, atau coba lagi nanti",
                            "The server does not answer: check the proxy (--proxy), the firewall, or try later",
                        )),
                        Kind::Network,
                    ),
                );
            }
            None
        }
    }
}

/// The local clock against the server's `Date` header.
fn clock(d: &mut Doctor, date: &str) {
    let start = Instant::now();
    let Ok(server) = httpdate::parse_http_date(date) else {
        d.skip("clock", CLOCK, "header Date tidak terbaca / unreadable Date header");
        return;
    };
    let server_s = server
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    let skew = crate::auth::now_s() - server_s;
    let detail = format!("selisih / skew {skew:+} s");
    let step = if skew.abs() > 300 {
        (
            Outcome::Fail,
            detail,
            Some((
                "Jam komputer salah lebih dari 5 menit: token dianggap kedaluwarsa atau belum berlaku. Atur tanggal, jam dan \
                 zona waktu (WIB/WITA/WIT) otomatis dari internet",
                "The computer's clock is off by more than 5 minutes: tokens look expired or not yet valid. Set date, time \
                 and time zone automatically",
            )),
            Kind::Other,
        )
    } else if skew.abs() > 60 {
        (
            Outcome::Warn,
            detail,
            Some((
                "Jam komputer selisih lebih dari 1 menit; sebaiknya atur otomatis",
                "The clock is more than a minute off; set it automatically",
            )),
            Kind::Other,
        )
    } else {
        ok(detail)
    };
    d.add("clock", CLOCK, start, step);
}

/// Token or login, the lembaga, the GTK list, SIMPEG.
fn account(
    d: &mut Doctor,
    rt: &tokio::runtime::Runtime,
    mut cfg: EmisConfig,
    transport: ReqwestTransport,
    a: &DoctorArgs,
) {
    a.net.apply(&mut cfg);
    cfg.retry = emis_core::transport::RetryPolicy::none();
    cfg.pacing = emis_core::api::Pacing::none();
    cfg.timeout = Duration::from_secs(a.timeout.unwrap_or(10).max(1));
    let start = Instant::now();
    let credentials = match crate::auth::credentials() {
        Ok(c) => c,
        Err(e) => {
            let fix = (
                "Isi EMIS_TOKEN (token dari peramban) atau EMIS_EMAIL + EMIS_PASSWORD; lihat `emis sync --help`",
                "Set EMIS_TOKEN (the browser's token) or EMIS_EMAIL + EMIS_PASSWORD; see `emis sync --help`",
            );
            token_failed(d, start, e.message().to_string(), Some(fix), Kind::Auth);
            return;
        }
    };
    let pasted = match &credentials {
        Credentials::Token(t) => Some(token_info(t.expose())),
        _ => None,
    };
    let now_s = crate::auth::now_s();
    if let Some(info) = &pasted
        && info.seconds_left(now_s).is_some_and(|l| l <= 0)
    {
        let fix = (
            "Token sudah kedaluwarsa: login lagi di portal dan salin token baru ke EMIS_TOKEN",
            "The token has expired: log in to the portal again and copy a fresh token into EMIS_TOKEN",
        );
        token_failed(d, start, info.describe(now_s), Some(fix), Kind::Auth);
        return;
    }
    let (cookie, pintar) = crate::auth::simpeg_sessions();
    let client =
        crate::sync::native_client(cfg, credentials, transport).with_simpeg_sessions(cookie.clone(), pintar.clone());
    let auth_fix = Some((
        "Token/login ditolak server: salin token baru (EMIS_TOKEN) atau periksa email/NIK dan kata sandi; akun baru \
         mungkin belum disetujui Kemenag kab/kota",
        "The server refused the token/login: copy a fresh token or check the user and password; a new account may not \
         be approved yet",
    ));
    let is_auth = |e: &emis_core::Error| {
        matches!(
            e.root(),
            emis_core::Error::Auth(_) | emis_core::Error::SessionExpired { .. } | emis_core::Error::Permission(_)
        )
    };
    // Login (a pasted token is checked by the first authenticated request below).
    if pasted.is_none()
        && let Err(e) = rt.block_on(client.login())
    {
        let kind = if is_auth(&e) { Kind::Auth } else { Kind::Network };
        token_failed(d, start, e.to_string(), auth_fix, kind);
        return;
    }
    let Some(sn) = a.statistic_num.clone() else {
        let info = pasted.clone().or_else(|| client.token_info()).unwrap_or_default();
        d.add("token", TOKEN, start, ok(info.describe(now_s)));
        d.skip("lembaga", LEMBAGA, "tanpa --statistic-num / no --statistic-num");
        d.skip("gtk", GTK, "tanpa --statistic-num / no --statistic-num");
        simpeg(d, rt, &client, cookie.is_some(), pintar.is_some());
        return;
    };
    let lstart = Instant::now();
    let result = rt.block_on(client.lembaga_info(&sn));
    let refused = |e: &emis_core::Error| matches!(e.root(), emis_core::Error::Permission(_));
    if let Err(e) = &result
        && is_auth(e)
        && !refused(e)
    {
        token_failed(d, start, e.to_string(), auth_fix, Kind::Auth);
        return;
    }
    let info = pasted.clone().or_else(|| client.token_info()).unwrap_or_default();
    d.add("token", TOKEN, start, ok(info.describe(now_s)));
    const OTHER_LEMBAGA: (&str, &str) = (
        "Token ini milik lembaga lain: login dengan akun operator lembaga ini, atau periksa --statistic-num",
        "This token belongs to another lembaga: log in with this lembaga's operator account, or check --statistic-num",
    );
    let step = match &result {
        Err(e) if refused(e) => (Outcome::Fail, e.to_string(), Some(OTHER_LEMBAGA), Kind::Auth),
        Err(e) => (
            Outcome::Fail,
            e.to_string(),
            Some((
                "Lembaga dengan nomor statistik ini tidak ditemukan: periksa --statistic-num (NSPP/NSM di SK/piagam)",
                "No lembaga with this statistic number: check --statistic-num",
            )),
            Kind::Other,
        ),
        Ok(l) => match (&info.institution_id, &l.id) {
            (Some(t), Some(id)) if t != id => (
                Outcome::Fail,
                format!("token: lembaga {t}, {sn}: lembaga {id}"),
                Some(OTHER_LEMBAGA),
                Kind::Auth,
            ),
            (Some(_), Some(_)) => ok(format!("{sn}: {}", l.name)),
            _ => (
                Outcome::Warn,
                format!(
                    "{sn}: {} (token tidak menyebut lembaga / the token names no lembaga)",
                    l.name
                ),
                None,
                Kind::Other,
            ),
        },
    };
    d.add("lembaga", LEMBAGA, lstart, step);
    if result.as_ref().is_err_and(refused) {
        d.skip("gtk", GTK, SKIPPED_EARLIER);
        d.skip("simpeg", SIMPEG, SKIPPED_EARLIER);
        return;
    }
    let gstart = Instant::now();
    match rt.block_on(client.gtk_page(&sn, 1, 1)) {
        Ok(p) => d.add(
            "gtk",
            GTK,
            gstart,
            ok(format!(
                "{} GTK",
                p.meta.total.map(|t| t.to_string()).unwrap_or("?".into())
            )),
        ),
        Err(e) => d.add(
            "gtk",
            GTK,
            gstart,
            (
                Outcome::Fail,
                e.to_string(),
                Some((
                    "Daftar GTK tidak terbaca: coba lagi nanti; bila tetap, laporkan ke Kemenag kab/kota",
                    "The GTK list cannot be read: try later; if it persists, tell the kab/kota office",
                )),
                Kind::Network,
            ),
        ),
    }
    simpeg(d, rt, &client, cookie.is_some(), pintar.is_some());
}

/// The token check failed: the checks that need it are skipped.
fn token_failed(d: &mut Doctor, start: Instant, detail: String, fix: Fix, kind: Kind) {
    d.add("token", TOKEN, start, (Outcome::Fail, detail, fix, kind));
    for (id, name) in [("lembaga", LEMBAGA), ("gtk", GTK), ("simpeg", SIMPEG)] {
        d.skip(id, name, SKIPPED_EARLIER);
    }
}

/// The SIMPEG sources answer (a reachability request to each configured one).
fn simpeg(d: &mut Doctor, rt: &tokio::runtime::Runtime, client: &EmisClient, cookie: bool, pintar: bool) {
    if !cookie && !pintar {
        d.skip(
            "simpeg",
            SIMPEG,
            "EMIS_GTK_COOKIE dan EMIS_PINTAR_TOKEN tidak diisi: pemeriksaan SIMPEG saat sinkron dilewati / \
             no SIMPEG session set",
        );
        return;
    }
    let start = Instant::now();
    let cfg = client.config();
    let mut bases = Vec::new();
    if cookie {
        bases.push(("EMIS GTK", cfg.gtk_base_url.clone().unwrap_or(cfg.base_url.clone())));
    }
    if pintar {
        bases.push(("PINTAR", cfg.simpeg_base_url.clone().unwrap_or(cfg.base_url.clone())));
    }
    let transport = match ReqwestTransport::new() {
        Ok(t) => t,
        Err(e) => {
            d.add(
                "simpeg",
                SIMPEG,
                start,
                (Outcome::Fail, e.to_string(), None, Kind::Other),
            );
            return;
        }
    };
    let mut parts = Vec::new();
    let mut failed = false;
    for (name, url) in bases {
        let mut req = ApiRequest::new(Method::Get, url);
        req.timeout = Some(cfg.timeout);
        req.max_response_bytes = Some(1 << 20);
        match rt.block_on(transport.send(req)) {
            Ok(r) => parts.push(format!("{name}: HTTP {}", r.status)),
            Err(e) => {
                failed = true;
                parts.push(format!("{name}: {e}"));
            }
        }
    }
    let step = if failed {
        (
            Outcome::Fail,
            parts.join("; "),
            Some((
                "Sumber SIMPEG tidak menjawab: sinkron tetap jalan tanpa pemeriksaan SIMPEG (--no-simpeg); periksa --gtk-url/--simpeg-url",
                "A SIMPEG source does not answer: sync still runs without SIMPEG (--no-simpeg); check --gtk-url/--simpeg-url",
            )),
            Kind::Network,
        )
    } else {
        ok(parts.join("; "))
    };
    d.add("simpeg", SIMPEG, start, step);
}

fn outcome_label(o: Outcome, lang: Lang) -> &'static str {
    match o {
        Outcome::Ok => "OK",
        Outcome::Warn => tr(lang, "PERINGATAN", "WARNING"),
        Outcome::Fail => tr(lang, "GAGAL", "FAIL"),
        Outcome::Skip => tr(lang, "dilewati", "skipped"),
    }
}

fn report(d: &Doctor, format: TextOrJson) -> Result<u8, CliError> {
    let fails: Vec<&Check> = d.checks.iter().filter(|c| c.outcome == Outcome::Fail).collect();
    let code = if fails.iter().any(|c| c.kind == Kind::Network) {
        EXIT_SERVER
    } else if fails.iter().any(|c| c.kind == Kind::Auth) {
        EXIT_SESSION
    } else if fails.is_empty() {
        EXIT_OK
    } else {
        EXIT_INVALID
    };
    if format == TextOrJson::Json {
        let j = serde_json::json!({ "checks": d.checks, "exit_code": code });
        output::print(&format!("{j:#}\n"))?;
        return Ok(code);
    }
    let lang = d.lang;
    let mut tab = Table::new(&[
        tr(lang, "pemeriksaan", "check"),
        tr(lang, "hasil", "result"),
        "ms",
        tr(lang, "keterangan", "detail"),
    ]);
    for c in &d.checks {
        tab.row(vec![
            c.name.to_string(),
            outcome_label(c.outcome, lang).to_string(),
            c.ms.to_string(),
            c.detail.clone(),
        ]);
    }
    let mut out = tab.render();
    for c in d.checks.iter().filter(|c| !c.fix.is_empty()) {
        out.push_str(&format!(
            "\n{} {}: {}\n",
            tr(lang, "Perbaikan —", "Fix —"),
            c.name,
            c.fix
        ));
    }
    out.push_str(&format!(
        "\n{}\n",
        if code == EXIT_OK {
            tr(lang, "Semua pemeriksaan lulus.", "All checks passed.")
        } else {
            tr(
                lang,
                "Ada masalah: lihat perbaikan di atas.",
                "Problems found: see the fixes above.",
            )
        }
    ));
    output::print(&out)?;
    Ok(code)
}
