//! The catalogue: every code emis can report — identifier, record, roster and file rules,
//! sync decisions and outcomes, server rejections and client errors — with its rule number in
//! the project's rule table (domain.md §7.2; 0 for codes outside it), severity, scope, field,
//! messages in Bahasa Indonesia and English, and a hint for the operator. Messages are data
//! beside the code: templates with `{name}` parameters filled from the (non-personal)
//! parameters.
//!
//! Codes are typed: each is a [`Code`] constant in [`codes`], and everything that produces a
//! code ([`Issue::new`](crate::report::Issue::new), the sync engine's human items and write
//! outcomes, [`Error::code`](crate::error::Error::code)) takes one, so a misspelt code does not
//! compile. One file per scope holds the constants and their rows side by side:
//! `ident.rs`, `record.rs`, `roster.rs`, `file.rs`, `sync.rs`, `daftar.rs`.
//!
//! `docs/rules.md` is generated from this table (`cargo run -p emis-cli -- rules --markdown`).
//! With the `census` feature (on for the workspace's tests) every produced code is appended to
//! the file named by `EMIS_CODE_CENSUS`; CI then checks that every code was produced by some
//! test (`every_code_is_produced`).

use serde::Serialize;

/// How bad an issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// An outcome, not a problem (a sync result such as "registered").
    Info,
    /// Reported, does not block sync.
    Warning,
    /// Blocks sync: EMIS would reject the record or the data is certainly wrong.
    Invalid,
}

impl Severity {
    /// `"info"`, `"warning"` or `"invalid"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Invalid => "invalid",
        }
    }
}

/// Where a rule looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    /// One identifier on its own.
    Identifier,
    /// One record (santri, GTK, lembaga).
    Record,
    /// A whole list of records (duplicates, cross-record relations).
    Roster,
    /// Needs an answer from EMIS or SIMPEG, or is EMIS's own rejection code.
    Server,
    /// A sync decision left to the operator, or the outcome of one write.
    Sync,
    /// An error of the client (network, session, storage): `Error::code`.
    Client,
    /// The account registration packet (`emis daftar`).
    Registration,
}

impl Scope {
    /// `"identifier"`, `"record"`, `"roster"`, `"server"`, `"sync"`, `"client"` or
    /// `"registration"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Identifier => "identifier",
            Scope::Record => "record",
            Scope::Roster => "roster",
            Scope::Server => "server",
            Scope::Sync => "sync",
            Scope::Client => "client",
            Scope::Registration => "registration",
        }
    }
}

/// A code of the catalogue. Only this module makes them (one constant each in [`codes`]), so
/// a misspelt code does not compile. Compares equal to its text.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Code(&'static str);

impl Code {
    const fn new(code: &'static str) -> Code {
        Code(code)
    }
    /// The code's text, e.g. `"nik.panjang_salah"`.
    pub const fn as_str(self) -> &'static str {
        self.0
    }
    /// The code's text, counted as produced (for the test census; free otherwise). Call it
    /// where a code is reported, not where it is only compared.
    #[inline]
    pub fn emit(self) -> &'static str {
        #[cfg(any(test, feature = "census"))]
        census::note(self);
        self.0
    }
    /// The catalogue entry (every constant has one; a test checks it).
    pub fn def(self) -> &'static RuleDef {
        rule(self.0).unwrap_or(&RULES[0])
    }
}

impl std::fmt::Debug for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

/// Storing a code as text (the outbox, reports) counts as producing it.
impl From<Code> for String {
    fn from(c: Code) -> String {
        c.emit().to_string()
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

impl PartialEq<Code> for &str {
    fn eq(&self, other: &Code) -> bool {
        *self == other.0
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.0)
    }
}

/// Language of a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Lang {
    /// Bahasa Indonesia (the default: messages are for operators).
    #[default]
    Id,
    /// English.
    En,
}

/// One entry of the catalogue.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct RuleDef {
    /// Stable, lower-case, dotted code.
    pub code: &'static str,
    /// Number of the rule in the project's rule table (1..=40; 39 and 40: reading files; 0:
    /// a sync, server or client code outside the table).
    pub rule: u8,
    /// Severity of every issue with this code.
    pub severity: Severity,
    /// Where the rule looks.
    pub scope: Scope,
    /// The field (EMIS name) the rule concerns.
    pub field: &'static str,
    /// Message template, Bahasa Indonesia.
    pub message_id: &'static str,
    /// Message template, English.
    pub message_en: &'static str,
    /// What the operator can do, Bahasa Indonesia.
    pub hint_id: &'static str,
    /// What the operator can do, English.
    pub hint_en: &'static str,
}

impl RuleDef {
    /// Message template in a language.
    pub fn message(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Id => self.message_id,
            Lang::En => self.message_en,
        }
    }
    /// Hint in a language.
    pub fn hint(&self, lang: Lang) -> &'static str {
        match lang {
            Lang::Id => self.hint_id,
            Lang::En => self.hint_en,
        }
    }
}

/// Looks a code up (a hash lookup: issues are made on hot paths such as `emis check --stdin`).
pub fn rule(code: &str) -> Option<&'static RuleDef> {
    type Index = std::collections::HashMap<&'static str, usize, foldhash::fast::FixedState>;
    static INDEX: std::sync::LazyLock<Index> =
        std::sync::LazyLock::new(|| RULES.iter().enumerate().map(|(i, r)| (r.code, i)).collect());
    INDEX.get(code).map(|&i| &RULES[i])
}

/// Defines a scope's code constants and the list of them (`$list`, in order).
macro_rules! codes {
    ($list:ident: $($name:ident = $code:literal),+ $(,)?) => {
        $(
            #[doc = concat!("`", $code, "`")]
            pub const $name: Code = Code::new($code);
        )+
        /// Every code of this scope, in order.
        pub(super) const $list: &[Code] = &[$($name),+];
    };
}

mod daftar;
mod file;
mod ident;
mod record;
mod roster;
mod sync;

pub(crate) use ident::base_codes;

/// Every code as a typed constant: `codes::NIK_PANJANG_SALAH`, `codes::SYNC_DIDAFTARKAN`...
pub mod codes {
    pub use super::daftar::*;
    pub use super::file::*;
    pub use super::ident::*;
    pub use super::record::*;
    pub use super::roster::*;
    pub use super::sync::*;
}

const fn r(
    code: Code,
    rule: u8,
    severity: Severity,
    scope: Scope,
    field: &'static str,
    msg: (&'static str, &'static str),
    hint: (&'static str, &'static str),
) -> RuleDef {
    RuleDef {
        code: code.0,
        rule,
        severity,
        scope,
        field,
        message_id: msg.0,
        message_en: msg.1,
        hint_id: hint.0,
        hint_en: hint.1,
    }
}

use Scope::{Client as Cli, Identifier as Id_, Record as Rec, Roster as Ros, Server as Srv, Sync as Syn};
use Severity::{Info as INFO, Invalid as INV, Warning as WARN};

const ALL_LEN: usize = ident::BASE_ROWS.len() * 3
    + ident::IDENT_ROWS.len()
    + record::RECORD_ROWS.len()
    + roster::ROSTER_ROWS.len()
    + file::FILE_ROWS.len()
    + sync::SYNC_ROWS.len()
    + daftar::DAFTAR_ROWS.len();

const fn copy(out: &mut [RuleDef; ALL_LEN], mut i: usize, rows: &[RuleDef]) -> usize {
    let mut j = 0;
    while j < rows.len() {
        out[i] = rows[j];
        i += 1;
        j += 1;
    }
    i
}

/// The identifier kinds' generic codes first (three per kind, in [`IdKind::ALL`] order:
/// `id::base_code` relies on it), then every scope's rows.
///
/// [`IdKind::ALL`]: crate::id::IdKind::ALL
const fn build() -> [RuleDef; ALL_LEN] {
    let mut out = [ident::BASE_ROWS[0][0]; ALL_LEN];
    let mut i = 0;
    let mut b = 0;
    while b < ident::BASE_ROWS.len() {
        i = copy(&mut out, i, &ident::BASE_ROWS[b]);
        b += 1;
    }
    i = copy(&mut out, i, ident::IDENT_ROWS);
    i = copy(&mut out, i, record::RECORD_ROWS);
    i = copy(&mut out, i, roster::ROSTER_ROWS);
    i = copy(&mut out, i, file::FILE_ROWS);
    i = copy(&mut out, i, sync::SYNC_ROWS);
    i = copy(&mut out, i, daftar::DAFTAR_ROWS);
    assert!(i == ALL_LEN);
    out
}

static ALL: [RuleDef; ALL_LEN] = build();

/// Every rule of the catalogue, identifier codes first.
pub static RULES: &[RuleDef] = &ALL;

/// Every code constant, scope by scope (the constants of [`codes`]).
pub fn all_codes() -> impl Iterator<Item = Code> {
    ident::IDENT_BASE_CODES
        .iter()
        .chain(ident::IDENT_CODES)
        .chain(record::RECORD_CODES)
        .chain(roster::ROSTER_CODES)
        .chain(file::FILE_CODES)
        .chain(sync::SYNC_CODES)
        .chain(daftar::DAFTAR_CODES)
        .copied()
}

#[cfg(any(test, feature = "census"))]
mod census {
    //! Test-only record of produced codes: `EMIS_CODE_CENSUS=<file>` appends each code the
    //! first time a process produces it.
    use super::Code;
    use std::collections::HashSet;
    use std::sync::Mutex;

    static SEEN: Mutex<Option<HashSet<&'static str>>> = Mutex::new(None);

    pub(super) fn note(code: Code) {
        let Ok(path) = std::env::var("EMIS_CODE_CENSUS") else {
            return;
        };
        let Ok(mut seen) = SEEN.lock() else { return };
        if seen.get_or_insert_with(HashSet::new).insert(code.0) {
            use std::io::Write;
            if let Ok(mut f) = std::fs::OpenOptions::new().create(true).append(true).open(path) {
                let _ = writeln!(f, "{}", code.0);
            }
        }
    }
}

/// Fills `{name}` placeholders from `params`; unknown placeholders stay as they are.
pub fn render(template: &str, params: &[(&'static str, String)]) -> String {
    if !template.contains('{') {
        return template.to_string();
    }
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        out.push_str(&rest[..start]);
        let after = &rest[start + 1..];
        match after.find('}') {
            Some(end) => {
                let key = &after[..end];
                match params.iter().find(|(k, _)| *k == key) {
                    Some((_, v)) => out.push_str(v),
                    None => {
                        out.push('{');
                        out.push_str(key);
                        out.push('}');
                    }
                }
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn codes_are_unique_and_cover_all_40_rules() {
        let mut codes: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        codes.sort();
        let n = codes.len();
        codes.dedup();
        assert_eq!(n, codes.len(), "duplicate codes");
        for number in 1..=40u8 {
            assert!(RULES.iter().any(|r| r.rule == number), "rule {number} has no code");
        }
        for r in RULES {
            assert!(
                r.code.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'),
                "{}",
                r.code
            );
            assert!(!r.message_id.is_empty() && !r.message_en.is_empty() && !r.hint_id.is_empty());
            assert!(r.rule <= 40, "{}", r.code);
            let outside = matches!(
                r.scope,
                Scope::Sync | Scope::Client | Scope::Server | Scope::Registration
            );
            assert!(r.rule != 0 || outside, "{}: a rule without a number", r.code);
            let never_numbered = matches!(r.scope, Scope::Sync | Scope::Client | Scope::Registration);
            assert!(
                r.rule == 0 || !never_numbered,
                "{}: sync and client codes have no number",
                r.code
            );
        }
    }

    #[test]
    fn every_constant_has_one_row_and_every_row_a_constant() {
        let consts: Vec<&str> = all_codes().map(Code::as_str).collect();
        let rows: Vec<&str> = RULES.iter().map(|r| r.code).collect();
        assert_eq!(consts, rows, "the constants and the rows differ (or their order)");
        assert_eq!(codes::NIK_PANJANG_SALAH.def().rule, 10);
        assert_eq!(codes::SYNC_DIDAFTARKAN.def().severity, Severity::Info);
    }

    /// Run by CI after the workspace's tests with `EMIS_CODE_CENSUS` set: every code in the
    /// catalogue must have been produced by some test (the pydantic-core habit).
    #[test]
    #[ignore = "needs the census file of a full test run (CI runs it)"]
    fn every_code_is_produced() {
        let path = std::env::var("EMIS_CODE_CENSUS").expect("EMIS_CODE_CENSUS");
        let text = std::fs::read_to_string(&path).expect("census file");
        let seen: std::collections::HashSet<&str> = text.lines().collect();
        let missing: Vec<&str> = RULES.iter().map(|r| r.code).filter(|c| !seen.contains(c)).collect();
        assert!(
            missing.is_empty(),
            "{} codes never produced by a test: {missing:?}",
            missing.len()
        );
        let unknown: Vec<&&str> = seen.iter().filter(|c| rule(c).is_none()).collect();
        assert!(unknown.is_empty(), "produced but not in the catalogue: {unknown:?}");
    }

    #[test]
    fn renders_templates() {
        let p = [("got", "15".to_string())];
        assert_eq!(
            render("harus 16 digit, tertulis {got} digit.", &p),
            "harus 16 digit, tertulis 15 digit."
        );
        assert_eq!(render("{x} {got", &p), "{x} {got");
        assert_eq!(rule("nik.panjang_salah").unwrap().rule, 10);
    }
}
