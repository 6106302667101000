//! Rule 22's character check: emoji and other symbols, markup or code characters (`<script>`),
//! control characters (NUL, tabs, line breaks) and invisible characters are refused, as the
//! name hint says. Letters of any script and combining accents are letters; digits are left to
//! the `*.mengandung_angka` codes. Plain ASCII punctuation other than markup (`;`, `:`, `(`...)
//! is not refused here: it is a typo to fix, not a character that breaks a page or a file.

use crate::catalog::Code;
use crate::pii::Sensitive;
use crate::report::Issue;
use crate::report::Report;

/// What kind of character is not allowed, in Bahasa Indonesia and English; `None` when every
/// character is allowed (or is a digit, reported by the digit rule).
pub fn disallowed(name: &str) -> Option<(&'static str, &'static str)> {
    name.chars().find_map(|c| {
        if c.is_alphabetic()
            || c.is_numeric()
            || (c.is_ascii_punctuation() && !is_markup(c))
            || matches!(
                c,
                ' ' | '.' | ',' | '\'' | '\u{2019}' | '\u{2018}' | '`' | '-' | '\u{0300}'..='\u{036f}'
            )
        {
            None
        } else if c.is_control() {
            Some((
                "karakter kontrol seperti NUL, tab atau ganti baris",
                "a control character such as NUL, tab or line break",
            ))
        } else if is_markup(c) {
            Some((
                "tanda markup atau kode seperti < > / =",
                "markup or code characters such as < > / =",
            ))
        } else if matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
        {
            Some(("karakter tak terlihat", "an invisible character"))
        } else {
            Some(("emoji atau simbol", "an emoji or a symbol"))
        }
    })
}

/// Characters of markup and code (HTML, JSON, paths, templates).
fn is_markup(c: char) -> bool {
    matches!(c, '<' | '>' | '&' | '"' | '/' | '\\' | '{' | '}' | '[' | ']' | '=')
}

/// Pushes `code` (`nama.karakter_tidak_valid` or `nama_ibu.karakter_tidak_valid`) when `name` has a character that is not allowed.
pub(crate) fn check(report: &mut Report, name: &str, path: &str, code: Code, inc: bool) {
    if let Some((id, en)) = disallowed(name) {
        let mut i = Issue::new(code, path).with("what", id).with("what_en", en);
        if inc {
            i.input = Some(Sensitive::new(name));
        }
        report.push(i);
    }
}

#[cfg(test)]
mod tests {
    use super::disallowed;

    #[test]
    fn names_as_the_hint_says() {
        for ok in [
            "Siti Nur'aini",
            "Muh. Rizky Al-Farisi",
            "Abdul Qodir, S.Pd.",
            "José Ñúñez",
            "Nur’aini",
            "محمد",
        ] {
            assert_eq!(disallowed(ok), None, "{ok}");
        }
        for bad in [
            "Siti 😀",
            "<script>alert(1)</script>",
            "Ahmad\0",
            "Ahmad\nRizki",
            "Ah\u{200b}mad",
            "Budi ★",
        ] {
            assert!(disallowed(bad).is_some(), "{bad:?}");
        }
        assert!(disallowed("Ahmad\0").unwrap().0.contains("kontrol"));
        assert!(disallowed("<b>").unwrap().1.contains("markup"));
        // Digits are the digit rule's.
        assert_eq!(disallowed("Ahmad 2"), None);
    }
}
