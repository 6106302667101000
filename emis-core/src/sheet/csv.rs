//! A strict CSV tokenizer over decoded text: RFC 4180 quotes (`""` inside a quoted field,
//! line breaks inside quotes), `,` `;` tab or `|` (sniffed), LF, CRLF or CR-only line ends.
//!
//! Strict means every malformed record is reported with its line and character column:
//! a quote left open (up to the end of the file), text after a closing quote, a quote inside
//! an unquoted field. It is not fatal: after a malformed record the tokenizer resumes at the
//! next physical line, so one bad row costs one row.

/// One field: `text[start..end]`, with `""` still doubled when `escaped`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span {
    pub start: usize,
    pub end: usize,
    pub escaped: bool,
}

impl Span {
    /// The field's value (`""` collapsed).
    #[inline]
    pub(crate) fn value<'a>(&self, text: &'a str, scratch: &'a mut String) -> &'a str {
        let raw = &text[self.start..self.end];
        if !self.escaped {
            return raw;
        }
        scratch.clear();
        scratch.push_str(&raw.replace("\"\"", "\""));
        scratch
    }
}

/// What is wrong with a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Problem {
    /// A quoted field is not closed before the end of the file.
    UnclosedQuote,
    /// Something other than a delimiter or a line end follows a closing quote.
    TextAfterQuote,
}

/// Where a problem is: the 0-based field, the physical line and the 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct At {
    pub field: usize,
    pub line: u64,
    pub col: usize,
}

/// The next record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Next {
    /// A record starting on this line; its fields are in the caller's spans.
    Record(u64),
    /// A malformed record starting on this line (skipped).
    Bad(u64, Problem, At),
    /// End of the text.
    End,
}

pub(crate) struct Tokenizer<'a> {
    text: &'a str,
    b: &'a [u8],
    pos: usize,
    line: u64,
    line_start: usize,
    delim: u8,
}

const LO: u64 = 0x0101_0101_0101_0101;
const HI: u64 = 0x8080_8080_8080_8080;

/// Flags the zero bytes of `x` (exact for the lowest one, which is the one used).
#[inline(always)]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(LO) & !x & HI
}

/// Position of the first `delim`, `\n` or `"` at or after `i` (or the end), eight bytes at a
/// time.
#[inline(always)]
fn find_stop(b: &[u8], mut i: usize, delim: u8) -> usize {
    let (d, nl, q) = (LO * u64::from(delim), LO * u64::from(b'\n'), LO * u64::from(b'"'));
    while let Some(chunk) = b.get(i..i + 8) {
        let mut w = [0u8; 8];
        w.copy_from_slice(chunk);
        let w = u64::from_le_bytes(w);
        let m = zero_bytes(w ^ d) | zero_bytes(w ^ nl) | zero_bytes(w ^ q);
        if m != 0 {
            return i + (m.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < b.len() && !matches!(b[i], b'\n' | b'"') && b[i] != delim {
        i += 1;
    }
    i
}

impl<'a> Tokenizer<'a> {
    pub(crate) fn new(text: &'a str, delim: u8) -> Tokenizer<'a> {
        Tokenizer {
            text,
            b: text.as_bytes(),
            pos: 0,
            line: 1,
            line_start: 0,
            delim,
        }
    }

    fn col(&self, at: usize) -> usize {
        self.text[self.line_start..at].chars().count() + 1
    }

    fn newline_at(&mut self, at: usize) {
        self.line += 1;
        self.line_start = at + 1;
    }

    /// Moves past the end of the physical line containing `from`.
    fn resync(&mut self, from: usize) {
        match self.b[from..].iter().position(|&c| c == b'\n') {
            Some(k) => {
                self.pos = from + k + 1;
                self.newline_at(from + k);
            }
            None => self.pos = self.b.len(),
        }
    }

    /// Reads the next record into `spans` (cleared first). A quote inside an unquoted field
    /// is kept as a character and its position pushed to `stray`.
    pub(crate) fn next(&mut self, spans: &mut Vec<Span>, stray: &mut Vec<At>) -> Next {
        spans.clear();
        stray.clear();
        let (b, n, d) = (self.b, self.b.len(), self.delim);
        if self.pos >= n {
            return Next::End;
        }
        let start_line = self.line;
        let mut i = self.pos;
        loop {
            // Spaces before an opening quote are allowed (`a, "b"`).
            let mut j = i;
            if j < n && b[j] != b'"' {
                while j < n && (b[j] == b' ' || (b[j] == b'\t' && d != b'\t')) {
                    j += 1;
                }
            }
            if j < n && b[j] == b'"' {
                let open = j;
                let start = j + 1;
                let mut k = start;
                let mut escaped = false;
                let close = loop {
                    match b[k..].iter().position(|&c| c == b'"') {
                        None => break None,
                        Some(p) if b.get(k + p + 1) == Some(&b'"') => {
                            escaped = true;
                            k += p + 2;
                        }
                        Some(p) => break Some(k + p),
                    }
                };
                let Some(close) = close else {
                    let at = At {
                        field: spans.len(),
                        line: self.line,
                        col: self.col(open),
                    };
                    self.resync(open);
                    return Next::Bad(start_line, Problem::UnclosedQuote, at);
                };
                for (o, &c) in b[start..close].iter().enumerate() {
                    if c == b'\n' {
                        self.newline_at(start + o);
                    }
                }
                spans.push(Span {
                    start,
                    end: close,
                    escaped,
                });
                i = close + 1;
                while i < n && (b[i] == b' ' || (b[i] == b'\t' && d != b'\t')) {
                    i += 1;
                }
                match b.get(i) {
                    None => {
                        self.pos = n;
                        return Next::Record(start_line);
                    }
                    Some(&c) if c == d => i += 1,
                    Some(b'\n') => return self.end_line(i, start_line),
                    Some(b'\r') if matches!(b.get(i + 1), None | Some(b'\n')) => {
                        return self.end_line(i + 1, start_line);
                    }
                    Some(_) => {
                        let at = At {
                            field: spans.len() - 1,
                            line: self.line,
                            col: self.col(i),
                        };
                        self.resync(i);
                        return Next::Bad(start_line, Problem::TextAfterQuote, at);
                    }
                }
            } else {
                let start = i;
                i = find_stop(b, i, d);
                while i < n && b[i] == b'"' {
                    stray.push(At {
                        field: spans.len(),
                        line: self.line,
                        col: self.col(i),
                    });
                    i = find_stop(b, i + 1, d);
                }
                if i < n && b[i] == d {
                    spans.push(Span {
                        start,
                        end: i,
                        escaped: false,
                    });
                    i += 1;
                    continue;
                }
                let end = if i > start && b[i - 1] == b'\r' { i - 1 } else { i };
                spans.push(Span {
                    start,
                    end,
                    escaped: false,
                });
                if i >= n {
                    self.pos = n;
                    return Next::Record(start_line);
                }
                return self.end_line(i, start_line);
            }
        }
    }

    fn end_line(&mut self, nl: usize, start_line: u64) -> Next {
        self.pos = nl + 1;
        self.newline_at(nl);
        Next::Record(start_line)
    }
}

/// Picks the delimiter that splits the first lines (up to 30, outside quotes) into the most
/// consistent number of fields above one: `,` `;` tab or `|`. `prefer_tab` breaks ties for
/// `.tsv`/`.txt` names.
pub(crate) fn sniff_delimiter(text: &str, prefer_tab: bool) -> u8 {
    let order: [u8; 4] = if prefer_tab {
        [b'\t', b',', b';', b'|']
    } else {
        [b',', b';', b'\t', b'|']
    };
    let sample = &text.as_bytes()[..text.len().min(1 << 16)];
    let mut best = (0usize, 0usize, order[0]);
    for d in order {
        let mut counts: Vec<usize> = Vec::new();
        let (mut fields, mut quoted, mut any) = (1usize, false, false);
        for &c in sample {
            match c {
                b'"' => quoted = !quoted,
                b'\n' if !quoted => {
                    if any {
                        counts.push(fields);
                    }
                    (fields, any) = (1, false);
                    if counts.len() == 30 {
                        break;
                    }
                }
                c if c == d && !quoted => {
                    fields += 1;
                    any = true;
                }
                b'\r' => {}
                _ => any = true,
            }
        }
        if any && counts.len() < 30 {
            counts.push(fields);
        }
        // The most frequent field count above one, and how many lines have it.
        let mut modal = (0usize, 0usize);
        for &c in counts.iter().filter(|&&c| c > 1) {
            let k = counts.iter().filter(|&&x| x == c).count();
            if (k, c) > modal {
                modal = (k, c);
            }
        }
        if modal > (best.0, best.1) {
            best = (modal.0, modal.1, d);
        }
    }
    best.2
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    type Read = Result<(u64, Vec<String>), (u64, Problem, At)>;

    /// Every record: Ok((line, fields)) or Err((line, problem, at)).
    fn all(text: &str, d: u8) -> Vec<Read> {
        let mut t = Tokenizer::new(text, d);
        let (mut spans, mut stray, mut out, mut s) = (Vec::new(), Vec::new(), Vec::new(), String::new());
        loop {
            match t.next(&mut spans, &mut stray) {
                Next::End => return out,
                Next::Bad(l, p, a) => out.push(Err((l, p, a))),
                Next::Record(l) => out.push(Ok((
                    l,
                    spans.iter().map(|sp| sp.value(text, &mut s).to_string()).collect(),
                ))),
            }
        }
    }

    fn ok(line: u64, f: &[&str]) -> Read {
        Ok((line, f.iter().map(|s| s.to_string()).collect()))
    }

    #[test]
    fn reads_quotes_line_breaks_and_line_ends() {
        let text = "a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n\"multi\nline\",\"\",z\n4, \"5\" ,6";
        assert_eq!(
            all(text, b','),
            vec![
                ok(1, &["a", "b", "c"]),
                ok(2, &["1", "x, \"y\"", "3"]),
                ok(3, &[""]),
                ok(4, &["multi\nline", "", "z"]),
                ok(6, &["4", "5", "6"]),
            ]
        );
        assert_eq!(all("a\tb\n\"q\"\r", b'\t'), vec![ok(1, &["a", "b"]), ok(2, &["q"])]);
        assert_eq!(all("a|b", b'|'), vec![ok(1, &["a", "b"])]);
    }

    #[test]
    fn reports_problems_with_line_and_column_and_resumes() {
        // Unclosed quote at the end of the file: reported, the next line is still read.
        let r = all("a,b\n1,\"open\n2,3\n", b',');
        let at = At {
            field: 1,
            line: 2,
            col: 3,
        };
        assert_eq!(
            r,
            vec![
                ok(1, &["a", "b"]),
                Err((2, Problem::UnclosedQuote, at)),
                ok(3, &["2", "3"])
            ]
        );
        let r = all("a,b\n\"x\"y,2\n3,4", b',');
        let at = At {
            field: 0,
            line: 2,
            col: 4,
        };
        assert_eq!(
            r,
            vec![
                ok(1, &["a", "b"]),
                Err((2, Problem::TextAfterQuote, at)),
                ok(3, &["3", "4"])
            ]
        );
        // Columns count characters, not bytes.
        let r = all("é,\"é\"x\n", b',');
        assert_eq!(
            r[0],
            Err((
                1,
                Problem::TextAfterQuote,
                At {
                    field: 1,
                    line: 1,
                    col: 6
                }
            ))
        );
        // A quote inside an unquoted field is kept and reported.
        let mut t = Tokenizer::new("ab\"c,d\n", b',');
        let (mut spans, mut stray) = (Vec::new(), Vec::new());
        assert_eq!(t.next(&mut spans, &mut stray), Next::Record(1));
        assert_eq!(
            stray,
            vec![At {
                field: 0,
                line: 1,
                col: 3
            }]
        );
        assert_eq!(spans.len(), 2);
    }

    #[test]
    fn never_panics_on_odd_text() {
        for text in [
            "\"",
            "\"\"",
            "a\r",
            "\r\n\r\n",
            "é,\"ü\"\"\"",
            ",",
            "\"a\"\r\"b\"",
            "x\n\"",
            "😀;\"😀\"",
            "\" \n",
        ] {
            for d in [b',', b';', b'\t', b'|'] {
                let _ = all(text, d);
            }
        }
    }

    #[test]
    fn sniffs_the_delimiter() {
        assert_eq!(sniff_delimiter("nik;nama;kelas\n1;2;3\n", false), b';');
        assert_eq!(sniff_delimiter("nik,nama\n1,2\n", false), b',');
        assert_eq!(sniff_delimiter("nik\tnama\n1\t2\n", false), b'\t');
        assert_eq!(sniff_delimiter("nik|nama|x\n1|2|3\n", false), b'|');
        assert_eq!(sniff_delimiter("\"a;b;c\",d\n1,2\n", false), b',');
        // A title line above the header does not decide.
        assert_eq!(
            sniff_delimiter("DAFTAR SANTRI, 2026\n\nnik;nama;kk\n1;2;3\n4;5;6\n", false),
            b';'
        );
        // Names with commas inside a semicolon file.
        assert_eq!(sniff_delimiter("nama;nik\nA, B;1\nC;2\n", false), b';');
        assert_eq!(sniff_delimiter("nik\n1\n", true), b'\t');
        assert_eq!(sniff_delimiter("", false), b',');
    }
}
