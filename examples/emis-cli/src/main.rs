//! `emis`: check identifiers, validate CSV exports and list the rules of EMIS PD-Pontren data.
//!
//! One module per subcommand (`check`, `validate`, `rules`); `output` holds the shared
//! helpers (errors and exit codes, labels, JSON strings, tables), `args` the small flag
//! parser and `csv` the strict CSV reader; `sync` (with `auth`, `progress`, `report`, `demo`)
//! and `history` talk to EMIS. Exit codes: 0 valid, 1 invalid, 2 usage or input error; `sync`
//! adds 3 (session expired), 4 (server or network) and 130 (interrupted).

mod args;
mod auth;
mod check;
mod csv;
mod demo;
mod diff;
mod history;
mod output;
mod progress;
mod report;
mod rules;
mod sync;
mod validate;

use output::{CliError, EXIT_OK};
use std::ffi::OsString;
use std::process::ExitCode;

const USAGE: &str = "\
Pemakaian / usage:
  emis <perintah> [opsi]
  perintah / commands: check, validate, sync, history, rules, help";

const HELP: &str = "\
emis — periksa data santri, GTK dan lembaga untuk EMIS PD-Pontren

Pemakaian:
  emis <perintah> [opsi]

Perintah:
  check <jenis> <nilai>   periksa satu nomor: nik kk nisn nip nuptk nspp npsn nism
  check <jenis> --stdin   periksa banyak nomor, satu per baris (text atau jsonl)
  validate <berkas.csv>   periksa berkas CSV santri atau GTK (kolom EMIS)
  diff <A.csv> <B.csv>    bandingkan dua ekspor CSV per NIK (--key, --format text|json)
  sync --demo             sinkronisasi penuh dengan simulator EMIS bawaan (demo)
  sync --server URL ...   sinkronisasi dengan EMIS (token dari EMIS_TOKEN; `emis sync --help`)
  history                 jurnal sinkronisasi, terbaru dulu (--export csv|json)
  rules                   daftar aturan dan kode masalah (--markdown: docs/rules.md)
  help [perintah]         tampilkan bantuan

Opsi umum:
  --lang id|en            bahasa pesan (bawaan: Bahasa Indonesia)
  -h, --help              bantuan perintah, mis. `emis check --help`
  -V, --version           versi

Nomor pribadi (NIK, No. KK, nama) disamarkan kecuali diminta (--show, --show-input).
Kode keluar: 0 valid (peringatan boleh), 1 tidak valid, 2 salah pemakaian atau berkas rusak;
sync juga: 3 token/sesi berakhir, 4 server/jaringan gagal, 130 dihentikan (lihat `emis sync --help`).

English: `emis check` checks identifiers, `emis validate` checks a CSV export, `emis rules`
lists the rule catalogue. Add --lang en for English messages and `--help` after a command
for its options. Exit codes: 0 valid, 1 invalid, 2 usage or input error.
";

fn main() -> ExitCode {
    let argv: Vec<OsString> = std::env::args_os().skip(1).collect();
    match run(&argv) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            e.report();
            ExitCode::from(e.exit_code())
        }
    }
}

fn run(argv: &[OsString]) -> Result<u8, CliError> {
    let Some(command) = argv.first() else {
        return Err(CliError::usage("perintah belum diisi / missing command", USAGE));
    };
    let rest = &argv[1..];
    // Each subcommand lives in its own module with a `run(&[OsString]) -> Result<u8, CliError>`;
    // new ones (e.g. `sync`, `history`) get an arm here and a line in HELP.
    match command.to_string_lossy().as_ref() {
        "check" => check::run(rest),
        "validate" => validate::run(rest),
        "rules" => rules::run(rest),
        "sync" => sync::run(rest),
        "history" => history::run(rest),
        "diff" => diff::run(rest),
        "help" | "-h" | "--help" => help(rest),
        "-V" | "--version" => {
            output::print(concat!("emis ", env!("CARGO_PKG_VERSION"), "\n"))?;
            Ok(EXIT_OK)
        }
        other => Err(CliError::usage(
            format!("perintah tidak dikenal: {other} / unknown command"),
            USAGE,
        )),
    }
}

/// `emis help [command]`.
fn help(rest: &[OsString]) -> Result<u8, CliError> {
    match rest.first().map(|c| c.to_string_lossy()) {
        None => {
            output::print(HELP)?;
            Ok(EXIT_OK)
        }
        Some(c) if matches!(c.as_ref(), "check" | "validate" | "rules" | "sync" | "history" | "diff") => {
            run(&[rest[0].clone(), OsString::from("--help")])
        }
        Some(other) => Err(CliError::usage(
            format!("perintah tidak dikenal: {other} / unknown command"),
            USAGE,
        )),
    }
}
