//! `emis`: check identifiers, validate CSV exports, compare exports, sync with EMIS and read
//! the sync journal, for EMIS PD-Pontren data.
//!
//! [`cli`] holds the clap definition and the Bahasa Indonesia / English wording of help and
//! usage errors; one module per command (`check`, `validate`, `diff`, `sync`, `history`,
//! `rules`) with its own flags; `output` the shared helpers (errors and exit codes, labels,
//! JSON strings, tables), `input` reads CSV and workbooks through `emis_core::sheet`; `sync` (with `auth`, `progress`,
//! `report`, `demo`) and `history` talk to EMIS; `logging` is `-v`/`-q`/`RUST_LOG`; `state`
//! remembers the last sync's folder. Exit codes: 0 valid, 1 invalid, 2 usage or input error;
//! `sync` adds 3 (session expired), 4 (server or network) and 130 (interrupted).

mod auth;
mod bukti;
mod check;
mod cli;
mod daftar;
#[cfg(feature = "demo")]
mod demo;
mod diff;
mod doctor;
mod history;
mod input;
mod logging;
mod output;
mod periksa;
mod progress;
mod report;
mod rules;
mod schedule;
mod state;
mod status;
mod sync;
mod validate;

use cli::Command;
use output::CliError;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = cli::parse();
    output::set_quiet(cli.common.quiet);
    logging::init(cli.common.verbose, cli.common.quiet);
    let lang = cli.common.lang();
    let result = match cli.command {
        Command::Check(a) => check::run(a, lang),
        Command::Validate(a) => validate::run(a, lang),
        Command::Diff(a) => diff::run(a, lang),
        Command::Sync(a) => sync::run(*a, lang),
        Command::History(a) => history::run(a, lang),
        Command::Bukti(a) => bukti::run(a, lang),
        Command::Status(a) => status::run(a, lang),
        Command::Doctor(a) => doctor::run(a, lang),
        Command::Daftar(a) => daftar::run(a, lang),
        Command::Lembaga(a) => periksa::lembaga(*a, lang),
        Command::Gtk(a) => periksa::gtk(*a, lang),
        Command::Rules(a) => rules::run(a, lang),
        Command::Help(a) => help(a.command),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            e.report();
            ExitCode::from(e.exit_code())
        }
    }
}

/// `emis help [command]`: the same text as `emis [command] --help`.
fn help(topic: Option<cli::HelpTopic>) -> Result<u8, CliError> {
    let mut argv = vec!["emis".into()];
    argv.extend(topic.map(|t| t.name().into()));
    argv.push("--help".into());
    match cli::parse_from(&argv) {
        Err(e) => cli::error::exit(&e, &argv),
        Ok(_) => Ok(output::EXIT_OK),
    }
}
