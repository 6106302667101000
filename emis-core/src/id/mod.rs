//! Identifier types: validated string newtypes with structured parts.
//!
//! Every identifier is a string of ASCII digits with a fixed length. Input is normalised
//! first (trim; spaces, dots and dashes removed, as numbers are printed `5100.32.73.0145` or
//! `3517 0117 0808 0001`); anything else that is not an ASCII digit — letters, `²`,
//! Arabic-Indic or full-width digits — is rejected, never silently converted.
//!
//! Each module has a fast `is_valid(&str) -> bool` (no allocation) and a `check` that returns
//! every issue.

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
    /// Reads a kind name as used on the command line: `nik kk nisn nip nuptk nspp npsn nism`
    /// (also `nsm`, `nsmdt`, `nomor_statistik`, `no_kk`, `ni_pppk`).
    pub fn from_name(name: &str) -> Option<IdKind> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "nik" => IdKind::Nik,
            "kk" | "no_kk" | "nokk" | "kk_num" => IdKind::Kk,
            "nisn" => IdKind::Nisn,
            "nip" | "ni_pppk" | "nipppk" => IdKind::Nip,
            "nuptk" => IdKind::Nuptk,
            "nspp" | "nsm" | "nsmdt" | "nsdt" | "nomor_statistik" | "statistic_num" => IdKind::NomorStatistik,
            "npsn" => IdKind::Npsn,
            "nism" | "nis" | "local_nis" => IdKind::Nism,
            _ => return None,
        })
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

/// A named piece of a parsed identifier, for display (`provinsi` → `35 JAWA TIMUR`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// Stable key.
    pub name: &'static str,
    /// Readable value.
    pub value: String,
}

/// Collects parts only when asked (checks inside record rules skip the formatting).
pub(crate) struct Parts {
    on: bool,
    pub(crate) v: Vec<Part>,
}

impl Parts {
    pub(crate) fn new(on: bool) -> Parts {
        Parts { on, v: Vec::new() }
    }
    pub(crate) fn add(&mut self, name: &'static str, value: impl FnOnce() -> String) {
        if self.on {
            self.v.push(Part { name, value: value() });
        }
    }
}

pub(crate) fn part(name: &'static str, value: impl Into<String>) -> Part {
    Part {
        name,
        value: value.into(),
    }
}

/// The result of checking one identifier: every issue, and the parts when it could be read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IdReport {
    /// Which identifier.
    pub kind: IdKind,
    /// Worst severity.
    pub verdict: Verdict,
    /// Every issue found.
    pub issues: Vec<Issue>,
    /// The parts (empty when the digits could not be read).
    pub parts: Vec<Part>,
}

impl IdReport {
    pub(crate) fn new(kind: IdKind, issues: Vec<Issue>, parts: Vec<Part>) -> IdReport {
        IdReport {
            kind,
            verdict: verdict_of(&issues),
            issues,
            parts,
        }
    }
    /// True unless invalid.
    pub fn is_valid(&self) -> bool {
        self.verdict.is_valid()
    }
    /// Codes of the issues, in order.
    pub fn codes(&self) -> Vec<&'static str> {
        self.issues.iter().map(|i| i.code).collect()
    }
}

/// Error returned by `parse` when an identifier is invalid. Its `Display` names the codes and
/// Indonesian messages, never the input.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} tidak valid: {}", kind.label(), summary(issues))]
pub struct IdError {
    /// Which identifier.
    pub kind: IdKind,
    /// Every issue (invalid ones and warnings).
    pub issues: Vec<Issue>,
}

fn summary(issues: &[Issue]) -> String {
    issues
        .iter()
        .filter(|i| i.severity == crate::catalog::Severity::Invalid)
        .map(|i| format!("{} ({})", i.message(crate::catalog::Lang::Id), i.code))
        .collect::<Vec<_>>()
        .join("; ")
}

impl IdError {
    /// Codes of the issues.
    pub fn codes(&self) -> Vec<&'static str> {
        self.issues.iter().map(|i| i.code).collect()
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
pub fn is_valid_on(kind: IdKind, input: &str, today: Date) -> bool {
    match kind {
        IdKind::Nip => nip::is_valid_on(input, today),
        k => is_valid(k, input),
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
pub(crate) fn base_code(kind: IdKind, which: usize) -> &'static str {
    let k = IdKind::ALL.iter().position(|k| *k == kind).unwrap_or(0);
    crate::catalog::RULES[k * 3 + which.min(2)].code
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

/// The verdict of a list of issues (re-exported for identifier modules).
pub(crate) fn report(kind: IdKind, issues: Vec<Issue>, parts: Vec<Part>) -> IdReport {
    IdReport::new(kind, issues, parts)
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
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn base_codes_line_up_with_the_catalogue() {
        for kind in IdKind::ALL {
            let p = kind.code_prefix();
            assert_eq!(base_code(kind, 0), format!("{p}.kosong"));
            assert_eq!(base_code(kind, 1), format!("{p}.karakter_tidak_valid"));
            assert_eq!(base_code(kind, 2), format!("{p}.panjang_salah"));
        }
    }

    #[test]
    fn normaliser() {
        assert_eq!(
            &digits::<12>(IdKind::NomorStatistik, "5100.32.73.0145").unwrap(),
            b"510032730145"
        );
        assert_eq!(
            &digits::<16>(IdKind::Nik, " 3517 0117 0808 0001 ").unwrap(),
            b"3517011708080001"
        );
        assert_eq!(digits::<16>(IdKind::Nik, "").unwrap_err().code, "nik.kosong");
        assert_eq!(digits::<16>(IdKind::Nik, "   ").unwrap_err().code, "nik.kosong");
        assert_eq!(
            digits::<16>(IdKind::Nik, "327301010190000\u{b2}").unwrap_err().code,
            "nik.karakter_tidak_valid"
        );
        assert_eq!(
            digits::<16>(IdKind::Nik, "327301\u{660}\u{661}0101900001")
                .unwrap_err()
                .code,
            "nik.karakter_tidak_valid"
        );
        assert_eq!(
            digits::<16>(IdKind::Nik, "327301ABCDEFGHIJ").unwrap_err().code,
            "nik.karakter_tidak_valid"
        );
        assert_eq!(
            digits::<16>(IdKind::Nik, "351701170808001").unwrap_err().code,
            "nik.panjang_salah"
        );
        let huge = "1".repeat(10_000_000);
        assert_eq!(digits::<16>(IdKind::Nik, &huge).unwrap_err().code, "nik.panjang_salah");
    }
}
