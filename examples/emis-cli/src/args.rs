//! A small command-line parser: `--flag`, `--flag value`, `--flag=value`, `-h`/`--help`,
//! positionals and `--`. Plain `std::env::args_os`, so error and help texts stay in Bahasa
//! Indonesia first and the exit code of a usage error is always 2.

use crate::output::CliError;
use emis_core::Lang;
use emis_core::date::Date;
use std::ffi::{OsStr, OsString};

/// A flag a command accepts.
#[derive(Debug, Clone, Copy)]
pub struct Flag {
    /// Long name with the dashes, e.g. `--format`.
    pub name: &'static str,
    /// Whether the flag takes a value.
    pub takes_value: bool,
}

impl Flag {
    /// A flag with a value (`--format json`).
    pub const fn value(name: &'static str) -> Flag {
        Flag {
            name,
            takes_value: true,
        }
    }
    /// A switch (`--show`).
    pub const fn switch(name: &'static str) -> Flag {
        Flag {
            name,
            takes_value: false,
        }
    }
}

/// Parsed arguments of one command.
#[derive(Debug, Default)]
pub struct Parsed {
    /// Positional arguments, in order.
    pub positionals: Vec<OsString>,
    /// Flags seen, with their values (the last one wins).
    flags: Vec<(&'static str, Option<String>)>,
    /// `-h` or `--help` was given.
    pub help: bool,
    usage: &'static str,
}

/// Parses `args` (without the program and command names) against `flags`.
pub fn parse(args: &[OsString], flags: &[Flag], usage: &'static str) -> Result<Parsed, CliError> {
    let mut p = Parsed {
        usage,
        ..Parsed::default()
    };
    let mut it = args.iter();
    let mut only_positionals = false;
    while let Some(arg) = it.next() {
        let text = arg.to_str();
        if only_positionals || !text.is_some_and(|t| t.starts_with('-') && t.len() > 1) {
            p.positionals.push(arg.clone());
            continue;
        }
        let t = text.unwrap_or_default();
        if t == "--" {
            only_positionals = true;
            continue;
        }
        if t == "-h" || t == "--help" {
            p.help = true;
            continue;
        }
        let (name, inline) = match t.split_once('=') {
            Some((n, v)) => (n, Some(v.to_string())),
            None => (t, None),
        };
        let Some(flag) = flags.iter().find(|f| f.name == name) else {
            return Err(CliError::usage(
                format!("opsi tidak dikenal: {name} / unknown option"),
                usage,
            ));
        };
        let value = if flag.takes_value {
            match inline {
                Some(v) => Some(v),
                None => match it.next().map(|v| v.to_str()) {
                    Some(Some(v)) => Some(v.to_string()),
                    Some(None) => {
                        return Err(CliError::usage(
                            format!("nilai {name} bukan UTF-8 / value of {name} is not UTF-8"),
                            usage,
                        ));
                    }
                    None => {
                        return Err(CliError::usage(
                            format!("opsi {name} butuh nilai / option {name} needs a value"),
                            usage,
                        ));
                    }
                },
            }
        } else {
            if inline.is_some() {
                return Err(CliError::usage(
                    format!("opsi {name} tidak menerima nilai / option {name} takes no value"),
                    usage,
                ));
            }
            None
        };
        p.flags.retain(|(n, _)| *n != flag.name);
        p.flags.push((flag.name, value));
    }
    Ok(p)
}

impl Parsed {
    /// True if a switch was given.
    pub fn has(&self, name: &str) -> bool {
        self.flags.iter().any(|(n, _)| *n == name)
    }
    /// The value of a flag.
    pub fn value(&self, name: &str) -> Option<&str> {
        self.flags
            .iter()
            .find(|(n, _)| *n == name)
            .and_then(|(_, v)| v.as_deref())
    }
    /// A usage error for this command.
    pub fn usage_error(&self, message: impl Into<String>) -> CliError {
        CliError::usage(message, self.usage)
    }
    /// The positional at `i`, as given.
    pub fn positional(&self, i: usize) -> Option<&OsStr> {
        self.positionals.get(i).map(OsString::as_os_str)
    }
    /// Fails when there are more than `n` positionals.
    pub fn at_most(&self, n: usize) -> Result<(), CliError> {
        match self.positionals.get(n) {
            Some(extra) => Err(self.usage_error(format!(
                "argumen berlebih: {} / unexpected argument",
                extra.to_string_lossy()
            ))),
            None => Ok(()),
        }
    }
    /// `--lang id|en` (default Bahasa Indonesia).
    pub fn lang(&self) -> Result<Lang, CliError> {
        match self.value("--lang").map(str::to_ascii_lowercase).as_deref() {
            None | Some("id") => Ok(Lang::Id),
            Some("en") => Ok(Lang::En),
            Some(other) => Err(self.usage_error(format!(
                "--lang harus id atau en, tertulis {other} / --lang must be id or en"
            ))),
        }
    }
    /// `--format`, one of `allowed` (the first is the default).
    pub fn format(&self, allowed: &[&'static str]) -> Result<&'static str, CliError> {
        match self.value("--format") {
            None => Ok(allowed[0]),
            Some(f) => allowed
                .iter()
                .copied()
                .find(|a| a.eq_ignore_ascii_case(f))
                .ok_or_else(|| {
                    self.usage_error(format!(
                        "--format harus salah satu dari: {} (tertulis {f}) / --format must be one of these",
                        allowed.join(", ")
                    ))
                }),
        }
    }
    /// `--today YYYY-MM-DD` for reproducible runs; the WIB date of the system clock otherwise.
    pub fn today(&self) -> Result<Date, CliError> {
        match self.value("--today") {
            None => Ok(Date::today_wib()),
            Some(t) => Date::parse(t).map_err(|e| self.usage_error(format!("--today: {e}"))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    const FLAGS: &[Flag] = &[Flag::value("--format"), Flag::switch("--show")];

    #[test]
    fn flags_values_and_positionals() {
        let p = parse(&os(&["nik", "--format=json", "--show", "--", "-12"]), FLAGS, "u").unwrap();
        assert_eq!(p.value("--format"), Some("json"));
        assert!(p.has("--show"));
        assert_eq!(p.positionals, os(&["nik", "-12"]));
        let p = parse(&os(&["--format", "text", "-", "--format", "json"]), FLAGS, "u").unwrap();
        assert_eq!(p.value("--format"), Some("json"));
        assert_eq!(p.positionals, os(&["-"]));
    }

    #[test]
    fn errors_are_usage_errors() {
        for bad in [&["--nope"][..], &["--format"], &["--show=yes"]] {
            let e = parse(&os(bad), FLAGS, "u").unwrap_err();
            assert_eq!(e.exit_code(), 2, "{bad:?}");
        }
        assert!(parse(&os(&["-h"]), FLAGS, "u").unwrap().help);
    }
}
