//! `emis daftar`: the operator account's registration (step 1 of the operators' manual). There
//! is no public API for it: emis checks the packet before it is submitted in the portal
//! (`emis_core::daftar`), prints the portal's steps, and with `--cek` tries the login at a
//! polite interval until the kab/kota office has approved the account.

use crate::cli::{HELP_TEMPLATE, OPTIONS, TextOrJson};
use crate::output::{self, CliError, EXIT_INVALID, EXIT_OK, EXIT_SERVER, EXIT_SESSION, Table, tr};
use clap::Args;
use emis_core::daftar::{FileFacts, PORTAL_STEPS, Packet, check_packet};
use emis_core::{Lang, Severity};
use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

const TITLE: &str =
    "emis daftar — periksa berkas pendaftaran akun operator EMIS / check an account registration packet";

const USAGE: &str = "emis daftar BERKAS.toml [--format json]      periksa berkas, lalu langkah di portal
  emis daftar --langkah                       langkah pendaftaran di portal
  emis daftar --cek --server URL [--interval DETIK]   tunggu sampai akun disetujui (EMIS_EMAIL, EMIS_PASSWORD)";

const AFTER: &str = "\
Berkas paket (TOML atau JSON), contoh daftar.toml:
  [lembaga]
  jenis = \"pontren\"                 # pontren pkpps spm pdf mahad-aly lpq mdt (atau 1-7)
  nomor_statistik = \"510035150001\"  # NSPP/NSM/NSMDT; npsn = \"…\" untuk SPM/PDF
  nama = \"PP Al-Ikhlas\"
  alamat = \"Jl. Masjid No. 1, Desa …\"
  [sk]
  nomor = \"B-123/Kk.13.15/PP.00/2020\"
  tanggal = \"2020-01-15\"
  nama_di_sk = \"PONDOK PESANTREN AL-IKHLAS\"   # opsional: dibandingkan dengan nama
  [operator]
  nama = \"…\"  nik = \"…\"  email = \"…\"  telepon = \"08…\"
  [surat_tugas]
  berkas = \"surat-tugas.pdf\"        # relatif terhadap berkas paket; PDF/JPG, paling besar 2 MB
Kode keluar: 0 lengkap, 1 ada yang harus diperbaiki, 2 berkas tidak terbaca.
--cek: 0 akun sudah aktif, 3 belum disetujui sampai --max-wait habis, 4 server tidak terjangkau.

English: checks a registration packet (kind and number, name and address as in the SK, SK number
and date, operator NIK, e-mail, phone, surat tugas file) with a full report and the portal's
steps; --cek tries the login politely (default every 10 minutes) until the account works.";

/// `emis daftar`.
#[derive(Debug, Args)]
#[command(before_help = TITLE, override_usage = USAGE, after_help = AFTER, help_template = HELP_TEMPLATE, next_line_help = true)]
#[command(next_help_heading = OPTIONS)]
pub struct DaftarArgs {
    /// berkas paket pendaftaran (.toml atau .json) / the registration packet
    #[arg(value_name = "BERKAS", required_unless_present_any = ["langkah", "cek"])]
    pub file: Option<PathBuf>,
    /// hanya tampilkan langkah di portal / only print the portal's steps
    #[arg(long)]
    pub langkah: bool,
    /// coba login sampai akun disetujui (EMIS_EMAIL + EMIS_PASSWORD) / try the login until approved
    #[arg(long, requires = "server")]
    pub cek: bool,
    /// alamat API untuk --cek / the API address for --cek
    #[arg(long, value_name = "URL")]
    pub server: Option<String>,
    /// jeda antar-percobaan login, detik (bawaan 600: sopan terhadap server) / seconds between tries
    #[arg(long, value_name = "DETIK", value_parser = crate::cli::whole::<u64>)]
    pub interval: Option<u64>,
    /// berhenti menunggu setelah sekian detik (bawaan 86400) / give up after this many seconds
    #[arg(long, value_name = "DETIK", value_parser = crate::cli::whole::<u64>)]
    pub max_wait: Option<u64>,
    /// teks (bawaan) atau JSON / text or JSON
    #[arg(long, value_enum, ignore_case = true, value_name = "FORMAT")]
    pub format: Option<TextOrJson>,
    /// tanggal "hari ini" (pengujian) / today's date (tests)
    #[arg(long, value_name = "TTTT-BB-HH", value_parser = crate::cli::date)]
    pub today: Option<emis_core::date::Date>,
}

/// `emis daftar`.
pub fn run(a: DaftarArgs, lang: Lang) -> Result<u8, CliError> {
    if a.cek {
        return cek(&a, lang);
    }
    let Some(file) = &a.file else {
        output::print(&steps(lang))?;
        return Ok(EXIT_OK);
    };
    let packet = read_packet(file)?;
    let surat = packet
        .surat_tugas
        .berkas
        .as_deref()
        .filter(|b| !b.trim().is_empty())
        .map(|b| facts(&file.parent().unwrap_or(Path::new(".")).join(b.trim())));
    let findings = check_packet(&packet, surat.as_ref(), crate::cli::today(a.today));
    let bad = findings.iter().any(|f| f.severity == Severity::Invalid);
    let code = if bad { EXIT_INVALID } else { EXIT_OK };
    if a.format == Some(TextOrJson::Json) {
        let list: Vec<serde_json::Value> = findings
            .iter()
            .map(|f| {
                serde_json::json!({"code": f.code, "severity": f.severity.as_str(), "field": f.field,
                    "message": f.message(lang), "hint": f.hint(lang)})
            })
            .collect();
        let j = serde_json::json!({"ready": !bad, "findings": list, "exit_code": code});
        output::print(&format!("{j:#}\n"))?;
        return Ok(code);
    }
    let mut out = String::new();
    if findings.is_empty() {
        out.push_str(tr(
            lang,
            "Berkas pendaftaran lengkap dan sesuai aturan.\n",
            "The registration packet is complete and follows the rules.\n",
        ));
    } else {
        let mut tab = Table::new(&[
            tr(lang, "bagian", "field"),
            tr(lang, "tingkat", "severity"),
            tr(lang, "masalah", "problem"),
            tr(lang, "perbaikan", "fix"),
        ]);
        for f in &findings {
            tab.row(vec![
                f.field.to_string(),
                output::severity_label(f.severity, lang).to_string(),
                f.message(lang),
                f.hint(lang).to_string(),
            ]);
        }
        out.push_str(&tab.render());
        out.push_str(if bad {
            tr(
                lang,
                "\nPerbaiki yang bertanda tidak valid sebelum mendaftar di portal.\n",
                "\nFix the invalid items before registering in the portal.\n",
            )
        } else {
            tr(
                lang,
                "\nHanya peringatan: berkas boleh diajukan.\n",
                "\nWarnings only: the packet may be submitted.\n",
            )
        });
    }
    out.push('\n');
    out.push_str(&steps(lang));
    output::print(&out)?;
    Ok(code)
}

fn steps(lang: Lang) -> String {
    let mut s = String::from(tr(
        lang,
        "Langkah pendaftaran di portal EMIS:\n",
        "Registration steps in the EMIS portal:\n",
    ));
    for (i, (id, en)) in PORTAL_STEPS.iter().enumerate() {
        s.push_str(&format!("  {}. {}\n", i + 1, if lang == Lang::En { en } else { id }));
    }
    s
}

/// Reads the packet: TOML, or JSON when the name ends in `.json` or the text starts with `{`.
fn read_packet(file: &Path) -> Result<Packet, CliError> {
    let text = std::fs::read_to_string(file).map_err(|e| CliError::input(format!("{}: {e}", file.display())))?;
    let json = file.extension().is_some_and(|e| e.eq_ignore_ascii_case("json")) || text.trim_start().starts_with('{');
    let parsed = if json {
        serde_json::from_str::<Packet>(&text).map_err(|e| e.to_string())
    } else {
        toml::from_str::<Packet>(&text).map_err(|e| e.to_string())
    };
    parsed.map_err(|e| {
        CliError::input(format!(
            "{}: berkas paket tidak terbaca / unreadable packet: {}",
            file.display(),
            emis_core::pii::redact_quoted(&e)
        ))
    })
}

fn facts(path: &Path) -> FileFacts {
    let Ok(mut f) = std::fs::File::open(path) else {
        return FileFacts {
            exists: false,
            size: 0,
            head: Vec::new(),
        };
    };
    let size = f.metadata().map(|m| m.len()).unwrap_or(0);
    let mut head = vec![0u8; 8];
    let n = f.read(&mut head).unwrap_or(0);
    head.truncate(n);
    FileFacts {
        exists: true,
        size,
        head,
    }
}

/// `--cek`: tries the login every `--interval` seconds until it works (approved), the wait is
/// over, or Ctrl-C. A wrong password and a not-yet-approved account look the same to the
/// server: both are "not yet".
fn cek(a: &DaftarArgs, lang: Lang) -> Result<u8, CliError> {
    let server = a.server.as_deref().unwrap_or_default();
    let mut cfg =
        emis_core::api::EmisConfig::new(server).map_err(|e| CliError::usage(format!("--server: {e}"), "daftar"))?;
    cfg.retry = emis_core::transport::RetryPolicy::none();
    let credentials = match crate::auth::credentials()? {
        c @ emis_core::api::Credentials::Operator { .. } => c,
        _ => {
            return Err(CliError::usage(
                "--cek butuh EMIS_EMAIL (atau EMIS_USER) dan EMIS_PASSWORD dari email pendaftaran / --cek needs \
                 EMIS_EMAIL and EMIS_PASSWORD",
                "daftar",
            ));
        }
    };
    let interval = Duration::from_secs(a.interval.unwrap_or(600).max(1));
    let max_wait = Duration::from_secs(a.max_wait.unwrap_or(86_400));
    let rt = crate::sync::runtime()?;
    let cancel = emis_core::sync::CancelToken::new();
    crate::progress::on_ctrl_c(&rt, cancel.clone());
    let started = std::time::Instant::now();
    let mut tries = 0u32;
    loop {
        tries += 1;
        // A new client each time: no session or backoff carried over between tries.
        let transport = emis_core::transport::ReqwestTransport::new().map_err(|e| CliError::input(e.to_string()))?;
        let client = crate::sync::native_client(cfg.clone(), credentials.clone(), transport);
        let at = emis_core::schedule::local_time(crate::progress::now_ms(), emis_core::schedule::Zone::Wib);
        match rt.block_on(client.login()) {
            Ok(()) => {
                let msg = format!(
                    "{at}: {}\n",
                    tr(
                        lang,
                        "AKUN SUDAH AKTIF — login berhasil. Ganti kata sandi di portal, lalu `emis doctor`.",
                        "THE ACCOUNT WORKS — login succeeded. Change the password in the portal, then `emis doctor`."
                    )
                );
                output::print(&msg)?;
                return Ok(EXIT_OK);
            }
            Err(e) => {
                let auth = matches!(
                    e.root(),
                    emis_core::Error::Auth(_)
                        | emis_core::Error::Permission(_)
                        | emis_core::Error::SessionExpired { .. }
                );
                let line = if auth {
                    format!(
                        "{at}: {} ({tries})",
                        tr(
                            lang,
                            "belum bisa login: akun belum disetujui (atau kata sandi salah)",
                            "cannot log in yet: not approved (or a wrong password)"
                        )
                    )
                } else {
                    format!(
                        "{at}: {} ({e})",
                        tr(
                            lang,
                            "server tidak terjangkau, dicoba lagi",
                            "server unreachable, trying again"
                        )
                    )
                };
                output::note(&line);
                if started.elapsed() + interval > max_wait {
                    let (m, code) = if auth {
                        (
                            "Akun belum aktif sampai batas tunggu; hubungi Kemenag kab/kota bila antrean terlalu lama \
                             / the account is not active yet",
                            EXIT_SESSION,
                        )
                    } else {
                        (
                            "Server tidak terjangkau sampai batas tunggu / the server stayed unreachable",
                            EXIT_SERVER,
                        )
                    };
                    return Err(CliError::stopped(m, code));
                }
            }
        }
        let until = std::time::Instant::now() + interval;
        while std::time::Instant::now() < until {
            if cancel.is_cancelled() {
                return Err(CliError::stopped(
                    "Dihentikan / stopped",
                    crate::output::EXIT_INTERRUPTED,
                ));
            }
            rt.block_on(async { tokio::time::sleep(Duration::from_millis(200)).await });
        }
    }
}
