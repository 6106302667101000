//! Identifier types: validated string newtypes with structured parts.
//!
//! Every identifier is a string of ASCII digits with a fixed length. Input is normalised
//! first (trim; spaces, dots and dashes removed, as numbers are printed `5100.32.73.0145` or
//! `3517 0117 0808 0001`); anything else that is not an ASCII digit — letters, `²`,
//! Arabic-Indic or full-width digits — is rejected, never silently converted.
//!
//! Each module has a fast `is_valid(&str) -> bool` (no allocation) and a `check` that returns
//! every issue.
//!
//! The dynamic entry points take an [`IdKind`]: [`check`], [`parse`], [`issues`],
//! [`issues_on`], [`is_valid`] / [`is_valid_on`], [`with_validity_test`] (batch loops), and
//! [`IdKind::from_name`] for names typed by people. The bindings dispatch through
//! them and read names and aliases from [`IdKind`], so they hold no per-kind logic.
//!
//! # Adding an identifier kind
//!
//! 1. A module here (`is_valid`, `check`, `check_typed`, the newtype via `id_newtype!`).
//! 2. The [`IdKind`] variant: add it to [`IdKind::ALL`]; the compiler then points at every
//!    `match` on the kind in this file (metadata and dispatch).
//! 3. Its three generic codes in `catalog.rs` (`ident_rules!`), at its position in
//!    [`IdKind::ALL`] (the test `base_codes_line_up_with_the_catalogue` checks it).
//! 4. One row in `emis-py/src/lib.rs` (`kind_functions!`) and one in `emis-wasm/src/lib.rs`
//!    (`id_functions!`): a kind without a row does not compile. The Python stubs
//!    (`_emis.pyi`, `__init__.py`, `types.IdKindName`) are checked against the extension and
//!    the catalogue by `emis-py/tests/test_stubs.py` and stubtest. The TypeScript `IdKind` and
//!    `IdKindName` types and the "unknown kind" messages are generated from [`IdKind`].

use crate::catalog::Code;
use crate::date::Date;
use crate::report::{Issue, Verdict, verdict_of};
use serde::Serialize;

pub mod kk;
pub mod nik;
pub mod nip;
pub mod nism;
pub mod nisn;
pub mod nomor_statistik;
pub mod npsn;
pub mod nuptk;
pub mod prefix;
mod report;

pub(crate) use report::Parts;
pub(crate) use report::part;
pub use report::{IdError, IdReport, Part};

pub use kk::NoKk;
pub use nik::Nik;
pub use nip::Nip;
pub use nism::Nism;
pub use nisn::Nisn;
pub use nomor_statistik::NomorStatistik;
pub use npsn::Npsn;
pub use nuptk::Nuptk;

/// Inputs longer than this are rejected as too long without further scanning.
pub const MAX_INPUT_BYTES: usize = 256;

/// The kinds of identifier emis knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// Nomor Induk Kependudukan (16).
    Nik,
    /// Nomor Kartu Keluarga (16).
    Kk,
    /// Nomor Induk Siswa Nasional (10).
    Nisn,
    /// Nomor Induk Pegawai / NI PPPK (18).
    Nip,
    /// Nomor Unik Pendidik dan Tenaga Kependidikan (16).
    Nuptk,
    /// Nomor statistik lembaga: NSPP, NSM, NSMDT (12).
    NomorStatistik,
    /// Nomor Pokok Sekolah Nasional (8).
    Npsn,
    /// Nomor Induk Siswa Madrasah / nomor induk santri (18).
    Nism,
}

impl IdKind {
    /// All kinds.
    pub const ALL: [IdKind; 8] = [
        IdKind::Nik,
        IdKind::Kk,
        IdKind::Nisn,
        IdKind::Nip,
        IdKind::Nuptk,
        IdKind::NomorStatistik,
        IdKind::Npsn,
        IdKind::Nism,
    ];
    /// Code prefix of the kind's issues (`nik`, `kk`, ...).
    pub const fn code_prefix(self) -> &'static str {
        match self {
            IdKind::Nik => "nik",
            IdKind::Kk => "kk",
            IdKind::Nisn => "nisn",
            IdKind::Nip => "nip",
            IdKind::Nuptk => "nuptk",
            IdKind::NomorStatistik => "nomor_statistik",
            IdKind::Npsn => "npsn",
            IdKind::Nism => "nism",
        }
    }
    /// Number of digits.
    pub const fn digit_count(self) -> usize {
        match self {
            IdKind::Nik | IdKind::Kk | IdKind::Nuptk => 16,
            IdKind::Nisn => 10,
            IdKind::Nip | IdKind::Nism => 18,
            IdKind::NomorStatistik => 12,
            IdKind::Npsn => 8,
        }
    }
    /// Name shown to operators.
    pub const fn label(self) -> &'static str {
        match self {
            IdKind::Nik => "NIK",
            IdKind::Kk => "No. KK",
            IdKind::Nisn => "NISN",
            IdKind::Nip => "NIP",
            IdKind::Nuptk => "NUPTK",
            IdKind::NomorStatistik => "Nomor statistik",
            IdKind::Npsn => "NPSN",
            IdKind::Nism => "NISM",
        }
    }
    /// True for identifiers of persons (masked in output).
    pub const fn is_personal(self) -> bool {
        !matches!(self, IdKind::NomorStatistik | IdKind::Npsn)
    }
    /// The short name of the kind: the command line's `<jenis>` and the suffix of the bindings'
    /// per-kind functions (`check_nik`, `checkNspp`). It is the [`code_prefix`](Self::code_prefix)
    /// except for the nomor statistik, which is `nspp`.
    pub const fn name(self) -> &'static str {
        match self {
            IdKind::NomorStatistik => "nspp",
            k => k.code_prefix(),
        }
    }
    /// The other names [`from_name`](Self::from_name) accepts, besides the
    /// [`code_prefix`](Self::code_prefix): EMIS column names and common spellings.
    pub const fn aliases(self) -> &'static [&'static str] {
        match self {
            IdKind::Kk => &["no_kk", "nokk", "kk_num"],
            IdKind::Nip => &["ni_pppk", "nipppk"],
            IdKind::NomorStatistik => &["nspp", "nsm", "nsmdt", "nsdt", "statistic_num"],
            IdKind::Nism => &["nis", "local_nis"],
            IdKind::Nik | IdKind::Nisn | IdKind::Nuptk | IdKind::Npsn => &[],
        }
    }
    /// Every name [`from_name`](Self::from_name) accepts for the kind, each once: the
    /// [`name`](Self::name) first, then the [`code_prefix`](Self::code_prefix) and the
    /// [`aliases`](Self::aliases). For a command line's possible values (`nspp`, then
    /// `nomor_statistik`, `nsm`...).
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        let name = self.name();
        std::iter::once(name).chain(
            std::iter::once(self.code_prefix())
                .chain(self.aliases().iter().copied())
                .filter(move |n| *n != name),
        )
    }
    /// What the number is, for help texts (`Nomor Induk Kependudukan`); the digit count is
    /// [`digit_count`](Self::digit_count).
    pub const fn description(self) -> &'static str {
        match self {
            IdKind::Nik => "Nomor Induk Kependudukan",
            IdKind::Kk => "Nomor Kartu Keluarga",
            IdKind::Nisn => "Nomor Induk Siswa Nasional",
            IdKind::Nip => "NIP PNS / NI PPPK",
            IdKind::Nuptk => "NUPTK",
            IdKind::NomorStatistik => "nomor statistik lembaga: NSPP, NSM, NSMDT",
            IdKind::Npsn => "Nomor Pokok Sekolah Nasional",
            IdKind::Nism => "NISM / nomor induk santri",
        }
    }
    /// True when the validity of a number depends on the day ([`is_valid_on`]): a NIP's birth
    /// date and appointment year cannot be in the future. The other kinds give the same answer
    /// on any day.
    pub const fn is_dated(self) -> bool {
        matches!(self, IdKind::Nip)
    }
    /// True when a valid number of this kind can still carry an identifier-level warning (a
    /// retired region code, a NI PPPK...): the catalogue has a warning of scope `identifier`
    /// for the kind. A kind without one is clean whenever [`is_valid`] holds.
    pub fn may_warn(self) -> bool {
        static MAY_WARN: std::sync::OnceLock<Vec<IdKind>> = std::sync::OnceLock::new();
        MAY_WARN
            .get_or_init(|| {
                IdKind::ALL
                    .into_iter()
                    .filter(|k| {
                        let prefix = k.code_prefix();
                        let field = crate::catalog::RULES[base_index(*k)].field;
                        crate::catalog::RULES.iter().any(|r| {
                            r.scope == crate::catalog::Scope::Identifier
                                && r.severity == crate::catalog::Severity::Warning
                                && (r.field == field || r.code.split('.').next() == Some(prefix))
                        })
                    })
                    .collect()
            })
            .contains(&self)
    }
    /// The code of "characters other than the digits 0-9" for this kind
    /// (`nik.karakter_tidak_valid`): the issue of a value that cannot even be read as text.
    pub fn bad_char_code(self) -> Code {
        base_code(self, 1)
    }
    /// Reads a kind name: the [`name`](Self::name) (`nik kk nisn nip nuptk nspp npsn nism`),
    /// the [`code_prefix`](Self::code_prefix) or one of the [`aliases`](Self::aliases)
    /// (`nsm`, `nsmdt`, `nomor_statistik`, `no_kk`, `ni_pppk`...). Case and surrounding spaces
    /// do not matter.
    pub fn from_name(name: &str) -> Option<IdKind> {
        let name = name.trim().to_ascii_lowercase();
        IdKind::ALL
            .into_iter()
            .find(|k| k.code_prefix() == name || k.aliases().contains(&name.as_str()))
    }
    /// The [`name`](Self::name)s of every kind, in the order of [`ALL`](Self::ALL), joined by
    /// `sep`, the last two by `last_sep` (`nik, kk, ... npsn atau nism`): for messages that list
    /// the kinds.
    pub fn name_list(sep: &str, last_sep: &str) -> String {
        let mut out = String::new();
        for (i, k) in IdKind::ALL.iter().enumerate() {
            if i > 0 {
                out.push_str(if i + 1 == IdKind::ALL.len() { last_sep } else { sep });
            }
            out.push_str(k.name());
        }
        out
    }
}

/// Options for checks that need context.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CheckOptions {
    /// Today's date, used to choose the century of two-digit years and to spot future dates.
    pub today: Date,
    /// Put the offending input into each issue (off by default: personal data).
    pub include_input: bool,
}

impl CheckOptions {
    /// Options for a given day, inputs left out of issues.
    pub fn new(today: Date) -> CheckOptions {
        CheckOptions {
            today,
            include_input: false,
        }
    }
    /// Options for today (system clock, WIB). Native targets only.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn system() -> CheckOptions {
        CheckOptions::new(Date::today_wib())
    }
}

/// Checks any identifier kind (the dynamic entry point used by the CLI and the bindings).
pub fn check(kind: IdKind, input: &str, opts: &CheckOptions) -> IdReport {
    let mut r = match kind {
        IdKind::Nik => nik::check(input, opts),
        IdKind::Kk => kk::check(input),
        IdKind::Nisn => nisn::check(input),
        IdKind::Nip => nip::check(input, opts),
        IdKind::Nuptk => nuptk::check(input),
        IdKind::NomorStatistik => nomor_statistik::check(input),
        IdKind::Npsn => npsn::check(input),
        IdKind::Nism => nism::check(input),
    };
    if opts.include_input {
        for i in &mut r.issues {
            i.input = Some(input.into());
        }
    }
    r
}

/// Parses any identifier kind: the normalised digits (spaces, dots, dashes removed) of a valid
/// number, warnings allowed, as the kind's `parse` (`Nik::parse`...) gives them; otherwise the
/// error with every issue. The dynamic entry point of the bindings' `parse`.
pub fn parse(kind: IdKind, input: &str) -> Result<String, IdError> {
    Ok(match kind {
        IdKind::Nik => Nik::parse(input)?.as_str().to_owned(),
        IdKind::Kk => NoKk::parse(input)?.as_str().to_owned(),
        IdKind::Nisn => Nisn::parse(input)?.as_str().to_owned(),
        IdKind::Nip => Nip::parse(input)?.as_str().to_owned(),
        IdKind::Nuptk => Nuptk::parse(input)?.as_str().to_owned(),
        IdKind::NomorStatistik => NomorStatistik::parse(input)?.as_str().to_owned(),
        IdKind::Npsn => Npsn::parse(input)?.as_str().to_owned(),
        IdKind::Nism => Nism::parse(input)?.as_str().to_owned(),
    })
}

/// The issues [`check`] reports, without the parts, for streams of values: a clean value (no
/// issue at all, by far the most common) takes the allocation-free path of [`is_valid_on`] and
/// returns an empty `Vec` (which does not allocate). Honours `opts.include_input` like `check`.
pub fn issues_on(kind: IdKind, input: &str, opts: &CheckOptions) -> Vec<Issue> {
    if is_valid_on(kind, input, opts.today) {
        let clean = match kind {
            // The only identifier-level warning of a valid NIK is its region (a retired
            // code): plain digits of a current region mean no issue at all.
            IdKind::Nik => nik::plainly_clean(input),
            k => !k.may_warn(),
        };
        if clean {
            return Vec::new();
        }
    }
    match kind {
        IdKind::Nik => {
            let mut issues = nik::issues(input);
            if opts.include_input {
                for i in &mut issues {
                    i.input = Some(input.into());
                }
            }
            issues
        }
        k => check(k, input, opts).issues,
    }
}

/// Issues of any kind without computing parts (used by the record rules).
pub fn issues(kind: IdKind, input: &str) -> Vec<Issue> {
    match kind {
        IdKind::Nik => nik::issues(input),
        IdKind::Kk => kk::check_typed(input).1,
        IdKind::Nisn => nisn::check_typed(input).1,
        IdKind::Nip => nip::check_typed(input).1,
        IdKind::Nuptk => nuptk::check_typed(input).1,
        IdKind::NomorStatistik => nomor_statistik::check_typed(input).1,
        IdKind::Npsn => npsn::check_typed(input).1,
        IdKind::Nism => nism::check_typed(input).1,
    }
}

/// Fast validity test for any kind: true when the identifier has no invalid issue.
#[inline]
pub fn is_valid(kind: IdKind, input: &str) -> bool {
    match kind {
        IdKind::Nik => nik::is_valid(input),
        IdKind::Kk => kk::is_valid(input),
        IdKind::Nisn => nisn::is_valid(input),
        IdKind::Nip => nip::is_valid(input),
        IdKind::Nuptk => nuptk::is_valid(input),
        IdKind::NomorStatistik => nomor_statistik::is_valid(input),
        IdKind::Npsn => npsn::is_valid(input),
        IdKind::Nism => nism::is_valid(input),
    }
}

/// Fast validity test that agrees with [`check`] for every kind on `opts.today` (only NIP
/// depends on the day: future birth or appointment dates).
#[inline]
pub fn is_valid_on(kind: IdKind, input: &str, today: Date) -> bool {
    match kind {
        IdKind::Nip => nip::is_valid_on(input, today),
        k => is_valid(k, input),
    }
}

/// A loop over many values of one kind that wants the kind's fast validity test as a concrete
/// function (see [`with_validity_test`]).
pub trait ValidityLoop {
    /// What the loop returns.
    type Output;
    /// Runs the loop, testing each value with `is_valid`.
    fn run<F: Fn(&str) -> bool + Copy>(self, is_valid: F) -> Self::Output;
}

/// Runs `lp` with the fast validity test of `kind`: [`is_valid_on`] `today` when given,
/// [`is_valid`] otherwise (the two differ only for a [dated](IdKind::is_dated) kind). The test
/// is passed as a concrete function, so the loop is compiled once per kind with the test inlined:
/// no dispatch on the kind per value, as batch checks of millions of values want.
pub fn with_validity_test<L: ValidityLoop>(kind: IdKind, today: Option<Date>, lp: L) -> L::Output {
    match kind {
        IdKind::Nik => lp.run(nik::is_valid),
        IdKind::Kk => lp.run(kk::is_valid),
        IdKind::Nisn => lp.run(nisn::is_valid),
        IdKind::Nip => match today {
            Some(today) => lp.run(move |s: &str| nip::is_valid_on(s, today)),
            None => lp.run(nip::is_valid),
        },
        IdKind::Nuptk => lp.run(nuptk::is_valid),
        IdKind::NomorStatistik => lp.run(nomor_statistik::is_valid),
        IdKind::Npsn => lp.run(npsn::is_valid),
        IdKind::Nism => lp.run(nism::is_valid),
    }
}

/// The normalised digits of `input` for `kind` (spaces, dots, dashes removed), or `None`
/// when the input is not exactly the kind's number of ASCII digits.
pub fn normalize(kind: IdKind, input: &str) -> Option<String> {
    fn go<const N: usize>(kind: IdKind, input: &str) -> Option<String> {
        digits::<N>(kind, input)
            .ok()
            .map(|b| b.iter().map(|&c| c as char).collect())
    }
    match kind.digit_count() {
        8 => go::<8>(kind, input),
        10 => go::<10>(kind, input),
        12 => go::<12>(kind, input),
        16 => go::<16>(kind, input),
        _ => go::<18>(kind, input),
    }
}

/// Normalises `input` to exactly `N` ASCII digits, or returns the one issue that explains why
/// not (`<kind>.kosong`, `<kind>.karakter_tidak_valid`, `<kind>.panjang_salah`).
pub(crate) fn digits<const N: usize>(kind: IdKind, input: &str) -> Result<[u8; N], Issue> {
    let b = input.as_bytes();
    if b.len() == N {
        let mut out = [0u8; N];
        let mut ok = true;
        for (o, &c) in out.iter_mut().zip(b) {
            ok &= c.is_ascii_digit();
            *o = c;
        }
        if ok {
            return Ok(out);
        }
    }
    slow_digits(kind, input)
}

/// Like [`digits`] but without building an issue: for the allocation-free `is_valid` paths.
#[inline]
pub(crate) fn digits_only<const N: usize>(input: &str) -> Option<[u8; N]> {
    let b = input.as_bytes();
    let mut out = [0u8; N];
    if b.len() == N {
        let mut ok = true;
        for (o, &c) in out.iter_mut().zip(b) {
            ok &= c.is_ascii_digit();
            *o = c;
        }
        if ok {
            return Some(out);
        }
    }
    let t = input.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.is_empty() || t.len() > MAX_INPUT_BYTES {
        return None;
    }
    let mut n = 0usize;
    for c in t.chars() {
        if c.is_ascii_digit() {
            if n >= N {
                return None;
            }
            out[n] = c as u8;
            n += 1;
        } else if !matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\t') {
            return None;
        }
    }
    (n == N).then_some(out)
}

/// The generic codes of a kind: 0 `kosong`, 1 `karakter_tidak_valid`, 2 `panjang_salah`.
/// The catalogue lists them first, three per kind, in the order of [`IdKind::ALL`].
pub(crate) fn base_code(kind: IdKind, which: usize) -> Code {
    crate::catalog::base_codes(kind)[which.min(2)]
}

/// Index of the kind's first generic code (`<kind>.kosong`) in the catalogue.
fn base_index(kind: IdKind) -> usize {
    IdKind::ALL.iter().position(|k| *k == kind).unwrap_or(0) * 3
}

#[cold]
fn slow_digits<const N: usize>(kind: IdKind, input: &str) -> Result<[u8; N], Issue> {
    let field = kind.code_prefix();
    let code = |which: usize| base_code(kind, which);
    let t = input.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    if t.is_empty() {
        return Err(Issue::new(code(0), field));
    }
    if t.len() > MAX_INPUT_BYTES {
        return Err(Issue::new(code(2), field).with("got", format!("lebih dari {MAX_INPUT_BYTES}")));
    }
    let mut out = [0u8; N];
    let mut n = 0usize;
    for c in t.chars() {
        if c.is_ascii_digit() {
            if n < N {
                out[n] = c as u8;
            }
            n += 1;
        } else if matches!(c, ' ' | '.' | '-' | '\u{a0}' | '\t') {
            continue;
        } else {
            let what = if c.is_numeric() {
                "angka non-ASCII / non-ASCII digit"
            } else if c.is_alphabetic() {
                "huruf / letter"
            } else {
                "simbol / symbol"
            };
            return Err(Issue::new(code(1), field).with("what", what));
        }
    }
    if n != N {
        return Err(Issue::new(code(2), field).with("got", n.to_string()));
    }
    Ok(out)
}

/// Value of ASCII digits as a number (no overflow for the short slices used here).
#[inline]
pub(crate) fn num(d: &[u8]) -> u32 {
    d.iter().fold(0u32, |acc, &c| acc * 10 + u32::from(c - b'0'))
}

/// Implements the string newtype boilerplate for an identifier of `$n` digits.
macro_rules! id_newtype {
    ($(#[$m:meta])* $name:ident, $n:literal, $kind:expr, masked = $masked:literal) => {
        $(#[$m])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(pub(crate) [u8; $n]);

        impl $name {
            /// The normalised digits.
            pub fn as_str(&self) -> &str {
                std::str::from_utf8(&self.0).unwrap_or_default()
            }
            /// Parses and validates. Warnings are allowed; any invalid issue is an error.
            pub fn parse(input: &str) -> Result<$name, crate::id::IdError> {
                match self::check_typed(input) {
                    (Some(v), _) => Ok(v),
                    (None, issues) => Err(crate::id::IdError { kind: $kind, issues }),
                }
            }
            /// The masked form (personal identifiers) or the value (institution numbers).
            pub fn display_masked(&self) -> String {
                if $masked { crate::pii::mask_number(self.as_str()) } else { self.as_str().to_string() }
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "{}({})", stringify!($name), self.display_masked())
            }
        }
        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.display_masked())
            }
        }
        impl std::str::FromStr for $name {
            type Err = crate::id::IdError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::parse(s)
            }
        }
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
                $name::parse(&s).map_err(serde::de::Error::custom)
            }
        }
    };
}
pub(crate) use id_newtype;

/// The report of a value read as the kind's `digits`.
pub(crate) fn report(kind: IdKind, digits: &[u8], issues: Vec<Issue>, parts: Vec<Part>) -> IdReport {
    IdReport::new(kind, Some(digits), issues, parts)
}

/// The report of a value that could not be read as the kind's digits: `issue` says why.
pub(crate) fn unreadable(kind: IdKind, issue: Issue) -> IdReport {
    IdReport::new(kind, None, vec![issue], Vec::new())
}

pub(crate) fn has_invalid(issues: &[Issue]) -> bool {
    verdict_of(issues) == Verdict::Invalid
}

/// Kab/kota part (`KK` of `PPKK`) well-formed: 01–69 kabupaten, 71–99 kota.
#[inline]
pub(crate) fn kab_kota_well_formed(kk: u32) -> bool {
    (1..=69).contains(&kk) || (71..=99).contains(&kk)
}

/// Dotted region code `PP.KK.CC` for messages.
pub(crate) fn dotted(code: &[u8]) -> String {
    let s = std::str::from_utf8(code).unwrap_or_default();
    let mut out = String::with_capacity(s.len() + 2);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && i % 2 == 0 {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Region name with its code, e.g. `35.17 KAB. JOMBANG`.
pub(crate) fn region_label(code: &[u8]) -> String {
    let n = num(code);
    let name = match code.len() {
        2 => crate::wilayah::provinsi_name(n as u8),
        4 => crate::wilayah::kab_kota_name(n as u16),
        6 => crate::wilayah::kecamatan_name(n),
        _ => None,
    };
    match name {
        Some(name) => format!("{} {}", dotted(code), name),
        None => dotted(code),
    }
}

#[cfg(test)]
mod tests;
