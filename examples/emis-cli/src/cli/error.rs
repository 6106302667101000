//! clap's errors, said the emis way: `galat: <Bahasa Indonesia> / <English>`, then the usage of
//! the command and where its help is, on stderr, exit code 2 (as every usage error of emis).
//! `--help` and `--version` go to stdout with exit code 0. clap's own words in the help
//! (`[possible values: …]`, `[default: …]`) are put in both languages by [`help_text`].

use crate::output::{CliError, EXIT_OK, EXIT_USAGE};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use std::ffi::OsString;

/// What a usage error prints under its message (Bahasa Indonesia / English).
pub fn usage_block(usage: &str, command: Option<&str>) -> String {
    let help = match command {
        Some(c) => format!("emis {c} --help"),
        None => "emis --help".to_string(),
    };
    format!("Pemakaian / usage:\n  {usage}\nLihat `{help}` / see `{help}`.")
}

/// The usage line(s) of a command, as its `--help` shows them.
pub fn usage_of(command: Option<&str>) -> String {
    use clap::CommandFactory;
    let mut cmd = super::Cli::command();
    cmd.build();
    let sub = command.and_then(|name| cmd.find_subcommand(name)).unwrap_or(&cmd);
    let mut u = sub.clone().render_usage().to_string();
    if let Some(rest) = u.strip_prefix("Usage: ") {
        u = rest.to_string();
    }
    u.trim_end().to_string()
}

/// The command named on the command line (the first argument that is one), for the usage.
fn command_in(argv: &[OsString]) -> Option<&'static str> {
    const NAMES: [&str; 13] = [
        "check", "validate", "diff", "sync", "history", "bukti", "status", "doctor", "daftar", "lembaga", "gtk",
        "rules", "help",
    ];
    argv.iter()
        .skip(1)
        .take_while(|a| *a != "--")
        .find_map(|a| NAMES.iter().copied().find(|n| a == n))
}

/// Prints the outcome of a failed parse and ends the process.
pub fn exit(e: &clap::Error, argv: &[OsString]) -> ! {
    let command = command_in(argv);
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let text = help_text(&e.render().to_string());
            let code = match crate::output::print(&text) {
                Ok(()) => EXIT_OK,
                Err(err) => {
                    err.report();
                    err.exit_code()
                }
            };
            std::process::exit(i32::from(code));
        }
        _ => {
            let err = CliError::Usage {
                message: message(e),
                usage: usage_of(command),
                command,
            };
            err.report();
            std::process::exit(i32::from(EXIT_USAGE));
        }
    }
}

/// clap's fixed English words in a help text, in both languages.
pub fn help_text(rendered: &str) -> String {
    rendered
        .replace("[possible values: ", "[pilihan / values: ")
        .replace("[default: ", "[bawaan / default: ")
        .replace("[aliases: ", "[alias: ")
}

fn string(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join(", ")),
        ContextValue::StyledStr(s) => Some(s.to_string()),
        ContextValue::StyledStrs(v) => Some(v.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")),
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// `--format <FORMAT>` → `--format`; `<JENIS>` stays.
fn flag_name(arg: &str) -> &str {
    if arg.starts_with('-') {
        arg.split([' ', '=']).next().unwrap_or(arg)
    } else {
        arg
    }
}

/// The Bahasa Indonesia / English message of a parse error.
pub fn message(e: &clap::Error) -> String {
    let arg = string(e, ContextKind::InvalidArg).unwrap_or_default();
    let flag = flag_name(&arg).to_string();
    let value = string(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut m = match e.kind() {
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "perintah belum diisi / missing command".to_string()
        }
        ErrorKind::InvalidSubcommand => {
            let sub = string(e, ContextKind::InvalidSubcommand).unwrap_or_default();
            format!("perintah tidak dikenal: {sub} / unknown command")
        }
        ErrorKind::UnknownArgument if arg.starts_with('-') => format!("opsi tidak dikenal: {arg} / unknown option"),
        ErrorKind::UnknownArgument => format!("argumen berlebih: {arg} / unexpected argument"),
        ErrorKind::InvalidValue if value.is_empty() => {
            format!("opsi {flag} butuh nilai / option {flag} needs a value")
        }
        ErrorKind::InvalidValue => {
            let valid = string(e, ContextKind::ValidValue).unwrap_or_default();
            if flag == "[PERINTAH]" {
                format!("perintah tidak dikenal: {value}; pilih salah satu: {valid} / unknown command")
            } else if flag == "<JENIS>" {
                format!("jenis identitas tidak dikenal: {value}; pilih salah satu: {valid} / unknown identifier kind")
            } else {
                format!("{flag} harus salah satu dari: {valid} (tertulis {value}) / {flag} must be one of these")
            }
        }
        ErrorKind::ValueValidation => {
            let why = std::error::Error::source(e)
                .map(ToString::to_string)
                .unwrap_or_default();
            format!("{flag}: {why}")
        }
        ErrorKind::TooManyValues if arg.starts_with('-') => {
            format!("opsi {flag} tidak menerima nilai ({value}) / option {flag} takes no value")
        }
        ErrorKind::TooManyValues => format!("argumen berlebih: {value} / unexpected argument"),
        ErrorKind::ArgumentConflict => {
            let prior = string(e, ContextKind::PriorArg).unwrap_or_default();
            let prior = flag_name(&prior);
            format!("{flag} tidak dapat digabung dengan {prior} / {flag} excludes {prior}")
        }
        ErrorKind::MissingRequiredArgument => {
            format!("wajib diisi: {arg} / required: {arg}")
        }
        ErrorKind::InvalidUtf8 => "argumen bukan UTF-8 / an argument is not UTF-8".to_string(),
        _ => {
            let english = e.render().to_string();
            let first = english.lines().next().unwrap_or("").trim_start_matches("error: ");
            format!("salah pemakaian / usage error: {first}")
        }
    };
    if let Some(s) = string(e, ContextKind::SuggestedArg)
        .or_else(|| string(e, ContextKind::SuggestedSubcommand))
        .or_else(|| string(e, ContextKind::SuggestedValue))
    {
        m.push_str(&format!("\n  mungkin maksudnya: {s} / did you mean: {s}"));
    }
    if e.kind() == ErrorKind::UnknownArgument && arg.starts_with('-') && arg.len() > 1 {
        let digits = arg[1..].chars().all(|c| c.is_ascii_digit() || c == ' ' || c == '.');
        if digits {
            m.push_str(&format!(
                "\n  nilai yang diawali '-': tulis `-- {arg}` / a value starting with '-': write `-- {arg}`"
            ));
        }
    }
    m
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(args: &[&str]) -> (clap::Error, Vec<OsString>) {
        let argv: Vec<OsString> = args.iter().map(Into::into).collect();
        (super::super::parse_from(&argv).unwrap_err(), argv)
    }

    #[test]
    fn messages_are_bahasa_then_english() {
        for (args, want) in [
            (&["emis"][..], "perintah belum diisi / missing command"),
            (
                &["emis", "frobnicate"],
                "perintah tidak dikenal: frobnicate / unknown command",
            ),
            (
                &["emis", "help", "frob"],
                "perintah tidak dikenal: frob; pilih salah satu: check",
            ),
            (&["emis", "check", "foo", "1"], "jenis identitas tidak dikenal: foo"),
            (
                &["emis", "check", "nik", "1", "--bogus"],
                "opsi tidak dikenal: --bogus / unknown option",
            ),
            (
                &["emis", "check", "nik", "1", "2"],
                "argumen berlebih: 2 / unexpected argument",
            ),
            (&["emis", "check", "nik", "1", "--format"], "opsi --format butuh nilai"),
            (
                &["emis", "rules", "--format", "yaml"],
                "--format harus salah satu dari: text, json",
            ),
            (&["emis", "check", "nik", "1", "--today", "2026-02-30"], "--today: "),
            (
                &["emis", "diff", "a", "b", "--keys", "many"],
                "--keys: harus bilangan bulat",
            ),
            (
                &["emis", "sync", "--demo", "--server", "http://x"],
                "tidak dapat digabung dengan",
            ),
            (&["emis", "rules", "--formt", "json"], "did you mean: --format"),
        ] {
            let (e, argv) = err(args);
            let m = message(&e);
            assert!(m.contains(want), "{args:?}: {m}");
            assert!(m.contains(" / "), "{args:?}: {m}");
            assert_eq!(command_in(&argv), args.get(1).copied().filter(|a| !a.starts_with('f')));
        }
    }

    #[test]
    fn usage_lines_come_from_the_definitions() {
        assert!(
            usage_of(Some("check")).starts_with("emis check"),
            "{}",
            usage_of(Some("check"))
        );
        assert!(usage_of(Some("diff")).contains("<A> <B>"));
        assert!(usage_of(None).starts_with("emis <perintah>"));
    }
}
