//! Zero-copy CSV record splitting (RFC 4180 quoting, `,` or `;`, LF or CRLF line ends).
//!
//! A record is split into [`Span`]s: byte ranges into the input. A quoted field's span is
//! the text between its quotes; when it contains doubled quotes (`""`) the span is marked
//! `escaped` and [`unescape`] gives the value. Unquoted fields are taken as they are (a quote
//! inside an unquoted field is an ordinary character, as most spreadsheet exports write it).

use super::Malformed;

/// One field of a record: `buf[start..end]`, with `""` still doubled when `escaped`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub escaped: bool,
}

impl Span {
    /// The raw bytes (doubled quotes not collapsed).
    #[inline]
    pub(crate) fn raw<'a>(&self, buf: &'a [u8]) -> &'a [u8] {
        &buf[self.start..self.end]
    }
}

/// Collapses `""` to `"` into `out` (cleared first).
pub(crate) fn unescape(raw: &[u8], out: &mut Vec<u8>) {
    out.clear();
    let mut skip = false;
    for &c in raw {
        if skip {
            skip = false;
            continue;
        }
        out.push(c);
        skip = c == b'"';
    }
}

/// The value of a field, borrowing when it has no doubled quotes.
#[inline]
pub(crate) fn value<'a>(buf: &'a [u8], span: Span, scratch: &'a mut Vec<u8>) -> &'a [u8] {
    if span.escaped {
        unescape(span.raw(buf), scratch);
        scratch
    } else {
        span.raw(buf)
    }
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Position of the first `delim` or `\n` at or after `i` (or `buf.len()`), eight bytes at a
/// time (SWAR). Only the lowest flagged byte is exact; that is the one taken.
#[inline(always)]
fn find_end(buf: &[u8], mut i: usize, delim: u8) -> usize {
    let d = LO * u64::from(delim);
    let nl = LO * u64::from(b'\n');
    while i + 8 <= buf.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&buf[i..i + 8]);
        let w = u64::from_le_bytes(w);
        let x = w ^ d;
        let y = w ^ nl;
        let m = (x.wrapping_sub(LO) & !x & HI) | (y.wrapping_sub(LO) & !y & HI);
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < buf.len() && buf[i] != delim && buf[i] != b'\n' {
        i += 1;
    }
    i
}

/// Skips blank lines (`\n` or `\r\n` alone) from `pos`; counts them into `line`.
#[inline]
pub(crate) fn skip_blank(buf: &[u8], mut pos: usize, line: &mut u64) -> usize {
    loop {
        match buf.get(pos) {
            Some(b'\n') => pos += 1,
            Some(b'\r') if buf.get(pos + 1) == Some(&b'\n') => pos += 2,
            _ => return pos,
        }
        *line += 1;
    }
}

/// Splits the record starting at `pos` (not at the end of `buf`, not a blank line) into
/// `spans`. Returns the position after its line end and the number of line breaks inside
/// quoted fields (so the caller can keep physical line numbers).
#[inline]
pub(crate) fn record(buf: &[u8], pos: usize, delim: u8, spans: &mut Vec<Span>) -> Result<(usize, u64), Malformed> {
    spans.clear();
    let n = buf.len();
    let mut i = pos;
    let mut inner_lines = 0u64;
    loop {
        if i < n && buf[i] == b'"' {
            let start = i + 1;
            let mut j = start;
            let mut escaped = false;
            loop {
                match buf[j..].iter().position(|&c| c == b'"') {
                    None => return Err(Malformed::UnclosedQuote),
                    Some(k) => {
                        j += k;
                        if buf.get(j + 1) == Some(&b'"') {
                            escaped = true;
                            j += 2;
                        } else {
                            break;
                        }
                    }
                }
            }
            inner_lines += buf[start..j].iter().filter(|&&c| c == b'\n').count() as u64;
            spans.push(Span { start, end: j, escaped });
            i = j + 1;
            match buf.get(i) {
                None => return Ok((n, inner_lines)),
                Some(&c) if c == delim => i += 1,
                Some(b'\n') => return Ok((i + 1, inner_lines)),
                Some(b'\r') if matches!(buf.get(i + 1), None | Some(b'\n')) => {
                    return Ok(((i + 2).min(n), inner_lines));
                }
                Some(_) => return Err(Malformed::TextAfterQuote),
            }
        } else {
            let start = i;
            i = find_end(buf, i, delim);
            if i < n && buf[i] == delim {
                spans.push(Span {
                    start,
                    end: i,
                    escaped: false,
                });
                i += 1;
            } else {
                let mut end = i;
                if end > start && buf[end - 1] == b'\r' {
                    end -= 1;
                }
                spans.push(Span {
                    start,
                    end,
                    escaped: false,
                });
                return Ok(((i + 1).min(n), inner_lines));
            }
        }
    }
}

/// Guesses the delimiter from the header line: `;` when it has more semicolons than commas
/// outside quotes, else `,`.
pub(crate) fn sniff_delimiter(buf: &[u8], pos: usize) -> u8 {
    let (mut commas, mut semis, mut quoted) = (0usize, 0usize, false);
    for &c in &buf[pos..] {
        match c {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn split(s: &str, delim: u8) -> Result<(Vec<String>, usize, u64), Malformed> {
        let mut spans = Vec::new();
        let (next, lines) = record(s.as_bytes(), 0, delim, &mut spans)?;
        let mut scratch = Vec::new();
        let fields = spans
            .iter()
            .map(|sp| String::from_utf8(value(s.as_bytes(), *sp, &mut scratch).to_vec()).unwrap())
            .collect();
        Ok((fields, next, lines))
    }

    #[test]
    fn splits_plain_quoted_and_crlf_records() {
        assert_eq!(
            split("a,b,c\nx", b',').unwrap(),
            (vec!["a".into(), "b".into(), "c".into()], 6, 0)
        );
        assert_eq!(split("a;b\r\nx", b';').unwrap(), (vec!["a".into(), "b".into()], 5, 0));
        assert_eq!(
            split("a,,\n", b',').unwrap(),
            (vec!["a".into(), "".into(), "".into()], 4, 0)
        );
        assert_eq!(split("only", b',').unwrap(), (vec!["only".into()], 4, 0));
        assert_eq!(
            split("\"x, \"\"y\"\"\",\"l1\nl2\",z\r\n", b',').unwrap(),
            (vec!["x, \"y\"".into(), "l1\nl2".into(), "z".into()], 22, 1)
        );
        assert_eq!(split("\"q\"\r", b',').unwrap(), (vec!["q".into()], 4, 0));
        assert_eq!(split("\"q\"", b',').unwrap(), (vec!["q".into()], 3, 0));
        // A quote inside an unquoted field is kept.
        assert_eq!(
            split("ab\"c,d", b',').unwrap(),
            (vec!["ab\"c".into(), "d".into()], 6, 0)
        );
        // Long fields go through the eight-byte scan.
        let long = format!("{},{}\n", "x".repeat(37), "y".repeat(9));
        assert_eq!(split(&long, b',').unwrap().0, vec!["x".repeat(37), "y".repeat(9)]);
    }

    #[test]
    fn rejects_unclosed_quotes_and_text_after_a_quote() {
        assert_eq!(split("\"open,b\n", b','), Err(Malformed::UnclosedQuote));
        assert_eq!(split("\"a\"b,c\n", b','), Err(Malformed::TextAfterQuote));
    }

    #[test]
    fn sniffs_the_delimiter() {
        assert_eq!(sniff_delimiter(b"nik;nama;kelas\n1,2;3", 0), b';');
        assert_eq!(sniff_delimiter(b"nik,nama\n", 0), b',');
        assert_eq!(sniff_delimiter(b"\"a;b;c\",d\n", 0), b',');
    }
}
