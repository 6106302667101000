//! One cell to text, repairing what Excel does to identifiers and dates when it can be done
//! exactly, and saying so (or saying why it cannot) with a catalogue code.
//!
//! Excel keeps numbers as doubles with 15 significant digits: a 16-digit NIK typed into a
//! "General" cell loses its last digit (stored as ...0) and is shown as `3.51701E+15`, which
//! is what a CSV saved from it contains; a NISN loses its leading zeros. A number is only
//! turned back into an identifier when it is certainly exact.

use super::header::Kind;
use crate::catalog::{Code, codes};
use crate::date::Date;

/// A cell as the file holds it.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Raw<'a> {
    /// Text of a workbook cell (typed as text: kept as written).
    Text(&'a str),
    /// Text of a CSV field (may be the display of a number Excel had).
    Csv(&'a str),
    /// A number cell.
    Number(f64),
    /// A date-formatted cell, as (year, month, day).
    Date(u16, u8, u8),
    /// A boolean cell.
    Bool(bool),
    /// A formula error (`#N/A`, `#REF!`...).
    Error(&'static str),
}

/// A finding about one cell: a catalogue code and non-personal parameters (digit counts,
/// error names; never the value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Note {
    pub code: Code,
    pub params: Vec<(&'static str, String)>,
}

fn note(code: Code) -> Option<Note> {
    Some(Note {
        code,
        params: Vec::new(),
    })
}

fn note_with(code: Code, key: &'static str, value: impl ToString) -> Option<Note> {
    Some(Note {
        code,
        params: vec![(key, value.to_string())],
    })
}

/// 2^53: every integer below it is exact in a double.
const EXACT: f64 = 9_007_199_254_740_992.0;

/// The cell's text for a column of `kind`, and a finding when the cell was repaired or is
/// damaged. A damaged identifier keeps the text as found (the identifier check reports it too).
pub(crate) fn convert(kind: Kind, raw: Raw<'_>) -> (String, Option<Note>) {
    match raw {
        Raw::Text(s) => text(kind, s, false),
        Raw::Csv(s) => text(kind, s, true),
        Raw::Number(n) => number(kind, n),
        Raw::Date(y, m, d) => match kind {
            Kind::Date | Kind::Text => (iso(y, m, d), None),
            // A date-formatted cell in an identifier column: its serial is the number typed.
            _ => number(kind, serial_of(y, m, d)),
        },
        Raw::Bool(b) => ((if b { "TRUE" } else { "FALSE" }).to_string(), None),
        Raw::Error(e) => (String::new(), note_with(codes::EXCEL_GALAT_RUMUS, "galat", e)),
    }
}

/// When a text cell needs no change but trimming: the range of `s` to keep. Covers the
/// common cases (plain text, well-formed identifiers and dates) without a copy.
#[inline]
pub(crate) fn plain(kind: Kind, s: &str, csv: bool) -> Option<(usize, usize)> {
    // Trimming is Unicode-aware, so only done when an end is not plain visible ASCII.
    let visible = |b: Option<&u8>| b.is_none_or(|&c| c > b' ' && c < 0x80);
    let t = if visible(s.as_bytes().first()) && visible(s.as_bytes().last()) {
        s
    } else {
        s.trim()
    };
    // `'`, `=`, and the first byte of `‘` `’`.
    if matches!(t.as_bytes().first(), Some(b'\'' | b'=' | 0xE2)) {
        return None;
    }
    let keep = match kind {
        Kind::Text => true,
        Kind::Id(_) => all_digits(t),
        Kind::Nisn => all_digits(t) && (t.len() == 10 || !csv),
        Kind::Phone => !csv || !t.starts_with('8'),
        Kind::Date => !csv || t.len() != 5,
    };
    let start = t.as_ptr() as usize - s.as_ptr() as usize;
    keep.then_some((start, start + t.len()))
}

/// [`convert`], appending the text to `out`.
pub(crate) fn convert_into(kind: Kind, raw: Raw<'_>, out: &mut String) -> Option<Note> {
    if let Raw::Text(s) | Raw::Csv(s) = raw
        && let Some((a, b)) = plain(kind, s, matches!(raw, Raw::Csv(_)))
    {
        out.push_str(&s[a..b]);
        return None;
    }
    let (text, note) = convert(kind, raw);
    out.push_str(&text);
    note
}

fn iso(y: u16, m: u8, d: u8) -> String {
    format!("{y:04}-{m:02}-{d:02}")
}

fn serial_of(y: u16, m: u8, d: u8) -> f64 {
    Date::new(y, m, d).map_or(0.0, |dt| (dt.unix_days() + 25_569) as f64)
}

/// Text: drops Excel's text markers (`'0012`, `="0012"`) before digits, then repairs what a
/// number display did to identifiers and dates (CSV only for displays of numbers).
fn text(kind: Kind, s: &str, csv: bool) -> (String, Option<Note>) {
    let t = s.trim();
    let t = unmark(t);
    if t.is_empty() {
        return (String::new(), None);
    }
    match kind {
        Kind::Text => (t.to_string(), None),
        Kind::Id(_) | Kind::Nisn if !all_digits(t) => match scientific(t) {
            Some(sci) => from_scientific(kind, len_of(kind), t, sci),
            None => (t.to_string(), None),
        },
        Kind::Id(_) => (t.to_string(), None),
        Kind::Nisn if csv => nisn_digits(t, false),
        Kind::Nisn => (t.to_string(), None),
        Kind::Phone if csv && all_digits(t) => phone(t),
        Kind::Phone => (t.to_string(), None),
        Kind::Date if csv && t.len() == 5 && all_digits(t) => match t.parse::<f64>() {
            Ok(n) => serial_date(n).unwrap_or_else(|| (t.to_string(), None)),
            Err(_) => (t.to_string(), None),
        },
        Kind::Date => (t.to_string(), None),
    }
}

/// Digits of an identifier kind.
fn len_of(kind: Kind) -> usize {
    match kind {
        Kind::Id(len) => usize::from(len),
        _ => 10,
    }
}

/// Strips `'` (Excel's "keep as text" prefix, written literally by some exporters) and
/// `="..."` (a formula-text trick of CSV writers) when what they wrap is digits.
fn unmark(t: &str) -> &str {
    let inner = if let Some(r) = t.strip_prefix(['\'', '\u{2018}', '\u{2019}']) {
        r
    } else if let Some(r) = t.strip_prefix("=\"").and_then(|r| r.strip_suffix('"')) {
        r
    } else {
        return t;
    };
    if !inner.is_empty() && all_digits(inner) {
        inner
    } else {
        t
    }
}

fn all_digits(t: &str) -> bool {
    t.bytes().all(|b| b.is_ascii_digit())
}

/// `3.51701E+15`, `3,51701E+15`, `3.517011708E+015`: (mantissa digits, exponent).
fn scientific(t: &str) -> Option<(String, i32)> {
    let (m, e) = t.split_once(['E', 'e'])?;
    let e: i32 = e.strip_prefix('+').unwrap_or(e).parse().ok()?;
    let (int, frac) = m.split_once(['.', ',']).unwrap_or((m, ""));
    if int.is_empty() || !all_digits(int) || !all_digits(frac) || !(0..=40).contains(&e) {
        return None;
    }
    let frac = frac.trim_end_matches('0');
    if i64::try_from(frac.len()).ok()? > i64::from(e) {
        return None;
    }
    Some((format!("{int}{frac}"), e - frac.len() as i32))
}

/// A number shown in scientific notation: exact only when the mantissa carries every digit.
fn from_scientific(kind: Kind, len: usize, t: &str, (digits, zeros): (String, i32)) -> (String, Option<Note>) {
    let full = format!("{digits}{}", "0".repeat(zeros.max(0) as usize));
    let full = full.trim_start_matches('0');
    if full.len() == len && zeros == 0 {
        return (full.to_string(), note_with(codes::EXCEL_ANGKA_DIPULIHKAN, "digit", len));
    }
    if kind == Kind::Nisn && zeros == 0 && (8..10).contains(&full.len()) {
        return nisn_digits(full, true);
    }
    (t.to_string(), note(codes::EXCEL_NOTASI_ILMIAH))
}

/// A number cell.
fn number(kind: Kind, n: f64) -> (String, Option<Note>) {
    if !n.is_finite() {
        return (String::new(), None);
    }
    let integral = n.fract() == 0.0;
    match kind {
        Kind::Id(len) => {
            let len = usize::from(len);
            if !integral || n.abs() >= EXACT {
                // Above 2^53 (every 18-digit NIP) or with a fraction: digits are gone.
                return (number_text(n), note_with(codes::EXCEL_DIGIT_HILANG, "digit", len));
            }
            let digits = format!("{}", n as i64);
            if digits.len() == len && len >= 16 && digits.ends_with('0') {
                return (digits, note(codes::EXCEL_DIGIT_TERPOTONG));
            }
            if digits.len() == len {
                return (digits, note_with(codes::EXCEL_ANGKA_DIPULIHKAN, "digit", len));
            }
            (digits, None)
        }
        Kind::Nisn if integral && (0.0..1e10).contains(&n) => nisn_digits(&format!("{}", n as i64), true),
        Kind::Phone if integral && n > 0.0 && n < 1e13 => phone(&format!("{}", n as i64)),
        Kind::Date => serial_date(n).unwrap_or_else(|| (number_text(n), None)),
        _ => (number_text(n), None),
    }
}

/// A number as text: integers without `.0`, others in the shortest exact form.
fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// NISN digits that may have lost leading zeros (8 or 9 digits: born 2000–2019, `00x`/`01x`).
fn nisn_digits(d: &str, from_number: bool) -> (String, Option<Note>) {
    match d.len() {
        8 | 9 => (
            format!("{d:0>10}"),
            note_with(codes::EXCEL_NOL_DEPAN_HILANG, "hilang", 10 - d.len()),
        ),
        10 if from_number => (d.to_string(), note_with(codes::EXCEL_ANGKA_DIPULIHKAN, "digit", 10)),
        _ => (d.to_string(), None),
    }
}

/// A phone number stored as a number loses its `0`: `81234567890` → `081234567890`.
fn phone(d: &str) -> (String, Option<Note>) {
    if d.starts_with('8') && (9..=12).contains(&d.len()) {
        (format!("0{d}"), note_with(codes::EXCEL_NOL_DEPAN_HILANG, "hilang", 1))
    } else {
        (d.to_string(), None)
    }
}

/// An Excel serial day number (1900 system) as an ISO date, for plausible dates only
/// (1927..2119: 10000..=80000), with a warning.
fn serial_date(n: f64) -> Option<(String, Option<Note>)> {
    if n.fract() != 0.0 || !(10_000.0..=80_000.0).contains(&n) {
        return None;
    }
    let d = Date::from_unix_days(n as i64 - 25_569);
    Some((d.to_string(), note(codes::EXCEL_TANGGAL_SERIAL)))
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    const NIK: Kind = Kind::Id(16);

    fn code(r: &(String, Option<Note>)) -> Option<&'static str> {
        r.1.as_ref().map(|n| n.code.as_str())
    }

    #[test]
    fn exact_numbers_become_identifiers_with_a_warning() {
        let r = convert(NIK, Raw::Number(3_517_011_708_080_001.0));
        assert_eq!(
            (r.0.as_str(), code(&r)),
            ("3517011708080001", Some("excel.angka_dipulihkan"))
        );
        // Excel keeps 15 digits: a 16-digit number ending in 0 may have lost its last digit.
        let r = convert(NIK, Raw::Number(3_517_011_708_080_000.0));
        assert_eq!(code(&r), Some("excel.digit_terpotong"));
        // Above 2^53 nothing is exact; a fraction is damage.
        assert_eq!(
            code(&convert(NIK, Raw::Number(9_107_011_708_080_002.0))),
            Some("excel.digit_hilang")
        );
        assert_eq!(code(&convert(NIK, Raw::Number(3517.5))), Some("excel.digit_hilang"));
        let nip = convert(Kind::Id(18), Raw::Number(199_001_012_020_121_001.0));
        assert_eq!(code(&nip), Some("excel.digit_hilang"));
        // Shorter numbers are kept as digits; the identifier check reports the length.
        assert_eq!(convert(NIK, Raw::Number(12345.0)), ("12345".to_string(), None));
    }

    #[test]
    fn scientific_text_is_damage_unless_every_digit_is_there() {
        for t in ["3.51701E+15", "3,51701E+15", "3.517011708E+015", "3.51701e15"] {
            let r = convert(NIK, Raw::Csv(t));
            assert_eq!((r.0.as_str(), code(&r)), (t, Some("excel.notasi_ilmiah")), "{t}");
        }
        let r = convert(NIK, Raw::Csv("3.517011708080001E+15"));
        assert_eq!(
            (r.0.as_str(), code(&r)),
            ("3517011708080001", Some("excel.angka_dipulihkan"))
        );
        assert_eq!(
            convert(NIK, Raw::Csv("35170117080800O1")),
            ("35170117080800O1".into(), None)
        );
        assert_eq!(scientific("1E+400"), None);
        assert_eq!(scientific("E+5"), None);
    }

    #[test]
    fn nisn_and_phone_get_their_zeros_back() {
        let r = convert(Kind::Nisn, Raw::Number(81_234_567.0));
        assert_eq!((r.0.as_str(), code(&r)), ("0081234567", Some("excel.nol_depan_hilang")));
        let r = convert(Kind::Nisn, Raw::Csv("123456789"));
        assert_eq!((r.0.as_str(), code(&r)), ("0123456789", Some("excel.nol_depan_hilang")));
        // Typed as text in a workbook: kept as written.
        assert_eq!(convert(Kind::Nisn, Raw::Text("123456789")), ("123456789".into(), None));
        assert_eq!(convert(Kind::Nisn, Raw::Csv("0081234567")), ("0081234567".into(), None));
        let r = convert(Kind::Nisn, Raw::Number(1_251_234_567.0));
        assert_eq!(code(&r), Some("excel.angka_dipulihkan"));
        let r = convert(Kind::Phone, Raw::Number(81_234_567_890.0));
        assert_eq!(
            (r.0.as_str(), code(&r)),
            ("081234567890", Some("excel.nol_depan_hilang"))
        );
        assert_eq!(convert(Kind::Phone, Raw::Csv("6281234567890")).1, None);
    }

    #[test]
    fn dates_and_markers() {
        assert_eq!(convert(Kind::Date, Raw::Date(2008, 8, 17)), ("2008-08-17".into(), None));
        let r = convert(Kind::Date, Raw::Number(39_677.0));
        assert_eq!((r.0.as_str(), code(&r)), ("2008-08-17", Some("excel.tanggal_serial")));
        let r = convert(Kind::Date, Raw::Csv("39677"));
        assert_eq!((r.0.as_str(), code(&r)), ("2008-08-17", Some("excel.tanggal_serial")));
        assert_eq!(convert(Kind::Date, Raw::Csv("2008")), ("2008".into(), None));
        assert_eq!(convert(Kind::Date, Raw::Number(1.5)), ("1.5".into(), None));
        // A date-formatted cell in an identifier column reads as its serial.
        assert_eq!(convert(NIK, Raw::Date(2008, 8, 17)).0, "39677");
        assert_eq!(convert(NIK, Raw::Text("'3517011708080001")).0, "3517011708080001");
        assert_eq!(convert(NIK, Raw::Csv("=\"3517011708080001\"")).0, "3517011708080001");
        assert_eq!(convert(Kind::Text, Raw::Text("'Ahmad")).0, "'Ahmad");
        assert_eq!(convert(Kind::Text, Raw::Number(12.0)).0, "12");
        assert_eq!(convert(Kind::Text, Raw::Number(0.1)).0, "0.1");
        assert_eq!(convert(Kind::Text, Raw::Bool(true)).0, "TRUE");
        let r = convert(NIK, Raw::Error("#N/A"));
        assert_eq!((r.0.as_str(), code(&r)), ("", Some("excel.galat_rumus")));
        assert_eq!(convert(NIK, Raw::Number(f64::NAN)).0, "");
    }
}
