//! Helpers shared by the record rules.

use crate::catalog::{Code, codes};
use crate::date::Date;
use crate::id::{self, IdKind};
use crate::pii::Sensitive;
use crate::report::{Issue, Report};

/// Adds the issues of an identifier check under `path`.
pub(crate) fn id_issues(report: &mut Report, kind: IdKind, value: &str, path: &str, include_input: bool) {
    let issues = id::issues(kind, value);
    for mut i in issues {
        i.path = path.to_string();
        if include_input {
            i.input = Some(Sensitive::new(value));
        }
        report.push(i);
    }
}

/// An issue at `path`, with the input when asked.
pub(crate) fn issue(code: Code, path: &str, input: Option<&str>, include_input: bool) -> Issue {
    let mut i = Issue::new(code, path);
    if include_input {
        i.input = input.map(Sensitive::new);
    }
    i
}

/// Rule 22 for a person's name: required, no digits.
pub(crate) fn check_name(
    report: &mut Report,
    name: &str,
    path: &str,
    required_code: Code,
    digit_code: Code,
    inc: bool,
) {
    let t = name.trim();
    if t.is_empty() || t.chars().all(|c| matches!(c, '-' | '.' | '_' | ' ')) {
        report.push(issue(required_code, path, Some(name), inc));
    } else if t.chars().any(|c| c.is_numeric()) {
        report.push(issue(digit_code, path, Some(name), inc));
    } else {
        super::name_chars::check(report, name, path, codes::NAMA_KARAKTER_TIDAK_VALID, inc);
    }
}

const MOTHER_PLACEHOLDERS: &[&str] = &[
    "BUNDA",
    "IBU",
    "MAMA",
    "MAMAH",
    "UMI",
    "UMMI",
    "EMAK",
    "MAK",
    "X",
    "XX",
    "XXX",
    "NN",
    "N/A",
    "NA",
    "TIDAK ADA",
    "TIDAK TAHU",
    "TDK ADA",
    "IBU KANDUNG",
    "NAMA IBU",
    "IBUNDA",
    "-",
];

/// Rule 22 for the mother's name: required, not a placeholder, no digits.
pub(crate) fn check_mother(report: &mut Report, name: Option<&Sensitive>, path: &str, inc: bool) {
    let Some(name) = name.filter(|n| !n.is_blank()) else {
        report.push(Issue::new(codes::NAMA_IBU_WAJIB, path));
        return;
    };
    let raw = name.expose();
    // Fast path: placeholders are short and digit-free names need no further work.
    if raw.len() > 24 && !raw.chars().any(|c| c.is_numeric()) {
        super::name_chars::check(report, raw, path, codes::NAMA_IBU_KARAKTER_TIDAK_VALID, inc);
        return;
    }
    let upper: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ','))
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_uppercase();
    if upper.is_empty() || MOTHER_PLACEHOLDERS.contains(&upper.as_str()) || raw.trim().chars().all(|c| c == '-') {
        let shown = if upper.is_empty() { "-".to_string() } else { upper };
        let mut i = issue(codes::NAMA_IBU_PLACEHOLDER, path, Some(raw), inc);
        // A placeholder is not personal data: name it so the operator sees what is wrong.
        i.params.push(("isian", shown));
        report.push(i);
    } else if raw.chars().any(|c| c.is_numeric()) {
        report.push(issue(codes::NAMA_IBU_MENGANDUNG_ANGKA, path, Some(raw), inc));
    } else {
        super::name_chars::check(report, raw, path, codes::NAMA_IBU_KARAKTER_TIDAK_VALID, inc);
    }
}

/// Canonical birth place: upper case, single spaces, no `KAB.`/`KABUPATEN`/`KOTA` prefix.
pub fn canonical_place(text: &str) -> String {
    let up = text.replace('.', ". ").to_uppercase();
    let words: Vec<&str> = up.split_whitespace().collect();
    let skip = match words.first().copied() {
        Some("KAB." | "KAB" | "KABUPATEN" | "KOTA" | "KOTAMADYA" | "KODYA" | "KOTA." | "KOT.") => 1,
        _ => 0,
    };
    words[skip.min(words.len())..]
        .join(" ")
        .trim_matches(|c: char| c == '.' || c == ',')
        .to_string()
}

/// Rule 23.
pub(crate) fn check_place(report: &mut Report, place: Option<&str>, path: &str, inc: bool) {
    let Some(p) = place.map(str::trim).filter(|p| !p.is_empty()) else {
        report.push(Issue::new(codes::TEMPAT_LAHIR_WAJIB, path));
        return;
    };
    // Fast path: plain upper-case words without a prefix are already canonical.
    let plain = p.bytes().all(|c| c.is_ascii_uppercase() || c == b' ') && !p.contains("  ");
    let first = p.split(' ').next().unwrap_or("");
    if plain && !matches!(first, "KAB" | "KABUPATEN" | "KOTA" | "KOTAMADYA" | "KODYA") {
        return;
    }
    let canon = canonical_place(p);
    let normalised_same = p.split_whitespace().collect::<Vec<_>>().join(" ").to_uppercase() == canon;
    if !normalised_same {
        let mut i = issue(codes::TEMPAT_LAHIR_TIDAK_KANONIK, path, Some(p), inc);
        i.params.push(("baku", canon));
        report.push(i);
    }
}

/// Rule 24 (date part): parses the birth date; returns it when usable.
pub(crate) fn check_birth_date(
    report: &mut Report,
    text: Option<&str>,
    path: &str,
    today: Date,
    inc: bool,
) -> Option<Date> {
    let Some(t) = text.map(str::trim).filter(|t| !t.is_empty()) else {
        report.push(Issue::new(codes::TANGGAL_LAHIR_WAJIB, path));
        return None;
    };
    match Date::parse(t) {
        Ok(d) if d > today => {
            report.push(issue(codes::TANGGAL_LAHIR_MASA_DEPAN, path, Some(t), inc));
            None
        }
        Ok(d) => Some(d),
        Err(_) => {
            report.push(issue(codes::TANGGAL_LAHIR_TIDAK_VALID, path, Some(t), inc));
            None
        }
    }
}

/// Usual age range for a level name (rule 24 warning).
pub(crate) fn age_range(level: &str) -> Option<(i32, i32)> {
    let l = level.to_ascii_lowercase();
    let r = if l.contains("paud") || l.contains("tkq") {
        (3, 7)
    } else if l.contains("tpq") || l.contains("tpa") {
        (4, 15)
    } else if l.contains("tqa") {
        (9, 18)
    } else if l.contains("jami") || l.contains("aly") || l.contains("marhalah") {
        (16, 60)
    } else if l.contains("ulya") {
        (14, 21)
    } else if l.contains("wustha") || l.contains("wusta") {
        (11, 18)
    } else if l.contains("ula") || l.contains("awal") || l.contains("awwal") {
        (6, 14)
    } else {
        return None;
    };
    Some(r)
}

/// Digits of an identifier if it normalises (no allocation).
pub(crate) fn digits16(value: Option<&Sensitive>) -> Option<[u8; 16]> {
    id::digits::<16>(IdKind::Nik, value?.expose()).ok()
}
