//! Text encodings of CSV files as operators' tools write them: UTF-8 (with or without BOM),
//! UTF-16 LE/BE (Excel's "Unicode Text", with BOM), and Windows-1252 (Excel's "CSV" on an
//! Indonesian or English Windows) for bytes that are not valid UTF-8. Decoding goes through
//! `encoding_rs`, the WHATWG decoder used by Firefox.

use super::{Encoding, SheetError};
use std::borrow::Cow;

/// Decoded text, the encoding assumed and whether a byte-order mark was found.
pub(crate) struct Decoded<'a> {
    pub text: Cow<'a, str>,
    pub encoding: Encoding,
    pub bom: bool,
}

/// Decodes `bytes`. Errors when the bytes are not text in any of the supported encodings.
pub(crate) fn decode(bytes: &[u8]) -> Result<Decoded<'_>, SheetError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return match std::str::from_utf8(rest) {
            Ok(t) => text_ok(Cow::Borrowed(t), Encoding::Utf8, true),
            Err(e) => Err(SheetError::Encoding {
                reason: EncodingProblem::BadUtf8AfterBom,
                line: line_of(rest, e.valid_up_to()),
            }),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, Encoding::Utf16Le, true);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, Encoding::Utf16Be, true);
    }
    // UTF-16 without a BOM: ASCII text has a zero in every other byte.
    if bytes.len() >= 4 && bytes.len().is_multiple_of(2) {
        let sample = &bytes[..bytes.len().min(512)];
        let odd_zero = sample.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        let even_zero = sample.iter().step_by(2).filter(|&&b| b == 0).count();
        let half = sample.len() / 2;
        if odd_zero * 10 >= half * 9 && even_zero == 0 {
            return utf16(bytes, Encoding::Utf16Le, false);
        }
        if even_zero * 10 >= half * 9 && odd_zero == 0 {
            return utf16(bytes, Encoding::Utf16Be, false);
        }
    }
    match std::str::from_utf8(bytes) {
        Ok(t) => text_ok(Cow::Borrowed(t), Encoding::Utf8, false),
        Err(_) => windows_1252(bytes),
    }
}

fn utf16(bytes: &[u8], encoding: Encoding, bom: bool) -> Result<Decoded<'_>, SheetError> {
    let enc = match encoding {
        Encoding::Utf16Be => encoding_rs::UTF_16BE,
        _ => encoding_rs::UTF_16LE,
    };
    match enc.decode_without_bom_handling_and_without_replacement(bytes) {
        Some(t) if bytes.len().is_multiple_of(2) => text_ok(Cow::Owned(t.into_owned()), encoding, bom),
        _ => Err(SheetError::Encoding {
            reason: EncodingProblem::BadUtf16,
            line: None,
        }),
    }
}

/// Bytes that are not UTF-8: Windows-1252, unless they hold valid multi-byte UTF-8 too
/// (a file pasted together from two encodings would otherwise turn `é` into `Ã©` silently).
fn windows_1252(bytes: &[u8]) -> Result<Decoded<'_>, SheetError> {
    if let Some(at) = utf8_sequence(bytes) {
        return Err(SheetError::Encoding {
            reason: EncodingProblem::Mixed,
            line: line_of(bytes, at),
        });
    }
    // Bytes Windows-1252 leaves undefined are C1 controls after decoding: not text.
    if let Some(at) = bytes.iter().position(|b| matches!(b, 0x81 | 0x8D | 0x8F | 0x90 | 0x9D)) {
        return Err(SheetError::Encoding {
            reason: EncodingProblem::NotText,
            line: line_of(bytes, at),
        });
    }
    let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
    text_ok(Cow::Owned(text.into_owned()), Encoding::Windows1252, false)
}

/// The offset of the first well-formed multi-byte UTF-8 sequence, if any.
fn utf8_sequence(bytes: &[u8]) -> Option<usize> {
    let cont = |i: usize| bytes.get(i).is_some_and(|b| (0x80..0xC0).contains(b));
    (0..bytes.len()).find(|&i| match bytes[i] {
        0xC2..=0xDF => cont(i + 1),
        0xE0..=0xEF => cont(i + 1) && cont(i + 2),
        0xF0..=0xF4 => cont(i + 1) && cont(i + 2) && cont(i + 3),
        _ => false,
    })
}

/// Rejects binary content, judged on the first 64 KiB: a NUL byte, or more than one control
/// character (other than tab and line ends) in a hundred. A stray control character in a
/// cell further down is kept as it is.
fn text_ok(text: Cow<'_, str>, encoding: Encoding, bom: bool) -> Result<Decoded<'_>, SheetError> {
    let b = text.as_bytes();
    let sample = &b[..b.len().min(1 << 16)];
    let is_control = |c: &u8| (*c < 0x20 && !matches!(c, b'\t' | b'\n' | b'\r')) || *c == 0x7F;
    let controls = sample.iter().filter(|c| is_control(c)).count();
    if sample.contains(&0) || controls * 100 > sample.len() {
        let at = sample.iter().position(is_control).unwrap_or(0);
        return Err(SheetError::Encoding {
            reason: EncodingProblem::NotText,
            line: line_of(b, at),
        });
    }
    Ok(Decoded { text, encoding, bom })
}

/// 1-based line of a byte offset.
fn line_of(bytes: &[u8], at: usize) -> Option<u64> {
    Some(1 + bytes[..at.min(bytes.len())].iter().filter(|&&b| b == b'\n').count() as u64)
}

/// Why no encoding fits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EncodingProblem {
    /// A UTF-8 byte-order mark, then bytes that are not UTF-8.
    BadUtf8AfterBom,
    /// A UTF-16 byte-order mark (or layout), then bytes that are not UTF-16.
    BadUtf16,
    /// Valid UTF-8 sequences mixed with bytes that are not UTF-8.
    Mixed,
    /// Binary content (NUL bytes, control characters).
    NotText,
}

impl std::fmt::Display for EncodingProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            EncodingProblem::BadUtf8AfterBom => {
                "berkas bertanda UTF-8 (BOM) tetapi isinya bukan UTF-8 / UTF-8 byte-order mark, then bytes that are not UTF-8"
            }
            EncodingProblem::BadUtf16 => "berkas UTF-16 yang rusak / damaged UTF-16 text",
            EncodingProblem::Mixed => {
                "campuran UTF-8 dan Windows-1252 dalam satu berkas / UTF-8 mixed with Windows-1252 in one file"
            }
            EncodingProblem::NotText => {
                "berisi data biner, bukan teks CSV / contains binary data, not CSV text"
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn utf16(s: &str, be: bool, bom: bool) -> Vec<u8> {
        let mut out = Vec::new();
        if bom {
            out.extend_from_slice(if be { b"\xFE\xFF" } else { b"\xFF\xFE" });
        }
        for u in s.encode_utf16() {
            out.extend_from_slice(&if be { u.to_be_bytes() } else { u.to_le_bytes() });
        }
        out
    }

    #[test]
    fn decodes_every_supported_encoding() {
        let d = decode(b"nik;nama\n").unwrap();
        assert_eq!((&*d.text, d.encoding, d.bom), ("nik;nama\n", Encoding::Utf8, false));
        let d = decode(b"\xEF\xBB\xBFnik\n").unwrap();
        assert_eq!((&*d.text, d.encoding, d.bom), ("nik\n", Encoding::Utf8, true));
        let d = decode(b"nama\nAisyah Nur\x92aini\n").unwrap();
        assert_eq!(
            (&*d.text, d.encoding),
            ("nama\nAisyah Nur\u{2019}aini\n", Encoding::Windows1252)
        );
        for be in [false, true] {
            for bom in [true, false] {
                let bytes = utf16("nama\tnik\r\nSiti Nur\u{2019}aini\t1\r\n", be, bom);
                let d = decode(&bytes).unwrap();
                assert_eq!(&*d.text, "nama\tnik\r\nSiti Nur\u{2019}aini\t1\r\n");
                assert_eq!(d.bom, bom);
                assert_eq!(d.encoding, if be { Encoding::Utf16Be } else { Encoding::Utf16Le });
            }
        }
    }

    #[test]
    fn refuses_what_no_encoding_fits() {
        let err = |b: &[u8]| match decode(b) {
            Err(SheetError::Encoding { reason, .. }) => reason,
            other => panic!("{:?}", other.map(|d| d.encoding)),
        };
        assert_eq!(err(b"\xEF\xBB\xBFnik\n\xFF\n"), EncodingProblem::BadUtf8AfterBom);
        assert_eq!(err(b"nama\nJos\xC3\xA9\nNur\x92aini\n"), EncodingProblem::Mixed);
        assert_eq!(err(b"\x00\x01\x02binary\xFF"), EncodingProblem::NotText);
        assert_eq!(err(b"abc\x8Ddef\xFF"), EncodingProblem::NotText);
        assert_eq!(err(b"\xFF\xFEa"), EncodingProblem::BadUtf16);
        // Unpaired surrogate.
        assert_eq!(err(b"\xFF\xFE\x00\xD8a\x00"), EncodingProblem::BadUtf16);
        assert!(EncodingProblem::Mixed.to_string().contains("campuran"));
    }
}
