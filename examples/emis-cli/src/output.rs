//! Output helpers shared by the subcommands: errors and exit codes, labels in both
//! languages, JSON string escaping for streamed lines, aligned text tables and masking.

use emis_core::id::IdKind;
use emis_core::{Lang, Severity, Verdict, pii};
use std::fmt::Write as _;
use std::io::{self, Write};
use std::sync::atomic::{AtomicBool, Ordering};

/// Exit code: everything valid (warnings allowed).
pub const EXIT_OK: u8 = 0;
/// Exit code: at least one invalid value or row.
pub const EXIT_INVALID: u8 = 1;
/// Exit code: usage or input/output error (also: the store folder is in use).
pub const EXIT_USAGE: u8 = 2;
/// Exit code of `sync`: the EMIS session has expired or the login failed (paste a fresh token).
pub const EXIT_SESSION: u8 = 3;
/// Exit code of `sync`: the server or the network failed; what was not sent stays in the outbox.
pub const EXIT_SERVER: u8 = 4;
/// Exit code of `sync`: interrupted (Ctrl-C); what was not sent stays in the outbox.
pub const EXIT_INTERRUPTED: u8 = 130;

/// An error that ends the command (exit code 2, or the code it carries).
#[derive(Debug)]
pub enum CliError {
    /// Bad command line: the message and the command's usage go to stderr.
    Usage {
        /// What is wrong (Bahasa Indonesia / English).
        message: String,
        /// Usage of the command, from its clap definition.
        usage: String,
        /// The command (`check`, …), for "see `emis check --help`".
        command: Option<&'static str>,
    },
    /// The input cannot be read (missing file, malformed CSV, I/O error).
    Input(String),
    /// A sync that stopped: the message and its own exit code (3, 4, 130).
    Stopped {
        /// What happened and how to go on (Bahasa Indonesia / English).
        message: String,
        /// Exit code.
        code: u8,
    },
}

impl CliError {
    /// A usage error of `command` found after parsing (two flags that do not go together…).
    pub fn usage(message: impl Into<String>, command: &'static str) -> CliError {
        CliError::Usage {
            message: message.into(),
            usage: crate::cli::error::usage_of(Some(command)),
            command: Some(command),
        }
    }
    /// An input error.
    pub fn input(message: impl Into<String>) -> CliError {
        CliError::Input(message.into())
    }
    /// A stopped sync with its exit code.
    pub fn stopped(message: impl Into<String>, code: u8) -> CliError {
        CliError::Stopped {
            message: message.into(),
            code,
        }
    }
    /// The message alone (no usage), for a line in another command's report.
    pub fn message(&self) -> &str {
        match self {
            CliError::Usage { message, .. } | CliError::Input(message) | CliError::Stopped { message, .. } => message,
        }
    }
    /// The exit code (2 for usage and input errors).
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Stopped { code, .. } => *code,
            _ => EXIT_USAGE,
        }
    }
    /// Writes the error (and the usage, for usage errors) to stderr.
    pub fn report(&self) {
        let mut err = io::stderr().lock();
        let _ = match self {
            CliError::Usage {
                message,
                usage,
                command,
            } => writeln!(
                err,
                "galat: {message}\n\n{}",
                crate::cli::error::usage_block(usage, *command)
            ),
            CliError::Input(message) => writeln!(err, "galat: {message}"),
            CliError::Stopped { message, .. } => writeln!(err, "{message}"),
        };
    }
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> CliError {
        CliError::input(format!("kesalahan masukan/keluaran / I/O error: {e}"))
    }
}

/// Picks the text of a language.
pub fn tr(lang: Lang, id: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Id => id,
        Lang::En => en,
    }
}

/// `VALID`, `VALID DENGAN PERINGATAN`, `TIDAK VALID` (or English).
pub fn verdict_label(v: Verdict, lang: Lang) -> &'static str {
    match v {
        Verdict::Ok => "VALID",
        Verdict::Warning => tr(lang, "VALID DENGAN PERINGATAN", "VALID WITH WARNINGS"),
        Verdict::Invalid => tr(lang, "TIDAK VALID", "INVALID"),
    }
}

/// `TIDAK VALID` / `PERINGATAN` (or English).
pub fn severity_label(s: Severity, lang: Lang) -> &'static str {
    match s {
        Severity::Invalid => tr(lang, "TIDAK VALID", "INVALID"),
        Severity::Warning => tr(lang, "PERINGATAN", "WARNING"),
        Severity::Info => tr(lang, "INFO", "INFO"),
    }
}

/// An identifier as printed: trimmed and, when it reads as one, normalised to its digits
/// (spaces, dots and dashes removed, as emis-core does). Masked for personal identifiers
/// unless `show`.
pub fn display_value(kind: IdKind, value: &str, show: bool) -> String {
    let t = value.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\t'))
        .collect();
    let shown = if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
        digits
    } else {
        t.to_string()
    };
    if show || !kind.is_personal() {
        shown
    } else {
        pii::mask(&shown)
    }
}

/// Writes `s` as a JSON string (quotes included).
pub fn write_json_str(out: &mut impl Write, s: &str) -> io::Result<()> {
    out.write_all(b"\"")?;
    write_json_body(out, s)?;
    out.write_all(b"\"")
}

/// Writes the inside of a JSON string (no quotes). Fast path: a value with nothing to escape
/// is copied in one write.
pub fn write_json_body(out: &mut impl Write, s: &str) -> io::Result<()> {
    let b = s.as_bytes();
    if !b.iter().any(|&c| c < 0x20 || c == b'"' || c == b'\\') {
        return out.write_all(b);
    }
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            0..=0x1f => b"",
            _ => continue,
        };
        out.write_all(&b[start..i])?;
        if esc.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.write_all(&[
                b'\\',
                b'u',
                b'0',
                b'0',
                HEX[usize::from(c >> 4)],
                HEX[usize::from(c & 15)],
            ])?;
        } else {
            out.write_all(esc)?;
        }
        start = i + 1;
    }
    out.write_all(&b[start..])
}

/// `-q`: nothing but errors on stderr (no progress, notes or retry lines).
static QUIET: AtomicBool = AtomicBool::new(false);

/// Sets `-q` for the whole process.
pub fn set_quiet(quiet: bool) {
    QUIET.store(quiet, Ordering::Relaxed);
}

/// True under `-q`.
pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

/// A note for the operator on stderr (`catatan: … / note: …`), left out under `-q`.
pub fn note(text: &str) {
    if !quiet() {
        crate::progress::eprint_line(text);
    }
}

/// Writes a whole output to stdout. A closed pipe (`| head`) is not an error.
pub fn print(text: &str) -> Result<(), CliError> {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Err(e) if e.kind() != io::ErrorKind::BrokenPipe => Err(e.into()),
        _ => Ok(()),
    }
}

/// Width of a cell in terminal columns: wide characters (CJK, most emoji) take two, combining
/// marks and other zero-width characters none.
fn width(s: &str) -> usize {
    unicode_width::UnicodeWidthStr::width(s)
}

/// A text table: columns padded to the widest cell, the last column left ragged.
#[derive(Debug, Default)]
pub struct Table {
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with a header row.
    pub fn new(header: &[&str]) -> Table {
        Table {
            rows: vec![header.iter().map(|h| h.to_string()).collect()],
        }
    }
    /// Adds a row.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }
    /// Renders the table, two spaces between columns.
    pub fn render(&self) -> String {
        let cols = self.rows.iter().map(Vec::len).max().unwrap_or(0);
        let mut widths = vec![0usize; cols];
        for r in &self.rows {
            for (w, c) in widths.iter_mut().zip(r) {
                *w = (*w).max(width(c));
            }
        }
        let mut out = String::new();
        for r in &self.rows {
            let mut line = String::new();
            for (i, c) in r.iter().enumerate() {
                if i + 1 == r.len() {
                    line.push_str(c);
                } else {
                    let _ = write!(line, "{c}{}  ", " ".repeat(widths[i] - width(c)));
                }
            }
            out.push_str(line.trim_end());
            out.push('\n');
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings_round_trip() {
        for s in [
            "3517011708080001",
            "",
            "a\"b\\c",
            "\u{0}\u{1}\u{1f}\n\r\t\u{8}\u{c}\u{7f}",
            "Muḥammad \u{2028} 😀 \u{fffd}",
        ] {
            let mut v = Vec::new();
            write_json_str(&mut v, s).unwrap();
            let back: String = serde_json::from_slice(&v).unwrap();
            assert_eq!(back, s);
        }
    }

    #[test]
    fn display_masks_personal_identifiers() {
        assert_eq!(
            display_value(IdKind::Nik, " 3517 0117 0808 0001 ", false),
            "3517**********01"
        );
        assert_eq!(
            display_value(IdKind::Nik, "3517.0117.0808.0001", true),
            "3517011708080001"
        );
        assert_eq!(
            display_value(IdKind::NomorStatistik, "5100.32.73.0145", false),
            "510032730145"
        );
        assert_eq!(display_value(IdKind::Nik, "3273A1", true), "3273A1");
    }

    #[test]
    fn table_pads_all_but_the_last_column() {
        let mut t = Table::new(&["a", "bb", "c"]);
        t.row(vec!["xxx".into(), "y".into(), "long text".into()]);
        assert_eq!(t.render(), "a    bb  c\nxxx  y   long text\n");
    }

    #[test]
    fn table_measures_terminal_columns() {
        // "e" + combining acute is one column; 中文 and 😀 are two columns each.
        let mut t = Table::new(&["nama", "x"]);
        t.row(vec!["Andre\u{301}".into(), "1".into()]);
        t.row(vec!["中文".into(), "2".into()]);
        t.row(vec!["😀".into(), "3".into()]);
        t.row(vec!["Muḥammad".into(), "4".into()]);
        assert_eq!(
            t.render(),
            "nama      x\nAndre\u{301}     1\n中文      2\n😀        3\nMuḥammad  4\n"
        );
    }
}
