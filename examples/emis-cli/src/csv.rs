//! A strict RFC 4180 reader for CSV exports: `,` or `;` (detected from the header), quoted
//! fields with `""` escapes and line breaks, LF or CRLF. Unlike lenient readers it reports
//! what operators need to fix, with the line: a quote left open, text after a closing quote,
//! a stray quote in an unquoted field, a row with the wrong number of fields.

use std::fmt;

/// One record and the line it starts on (1-based, physical lines).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// Line of the record's first character.
    pub line: usize,
    /// The fields, unquoted.
    pub fields: Vec<String>,
}

/// Why a file is not well-formed CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// A quoted field is never closed.
    UnclosedQuote {
        /// Line where the quote opens.
        line: usize,
    },
    /// Something other than a delimiter or a line break follows a closing quote.
    TextAfterQuote {
        /// Line of the closing quote.
        line: usize,
    },
    /// A `"` inside a field that does not start with one.
    StrayQuote {
        /// Line of the quote.
        line: usize,
    },
    /// A row has a different number of fields than the header.
    FieldCount {
        /// Line of the row.
        line: usize,
        /// Fields in the header.
        expected: usize,
        /// Fields in the row.
        got: usize,
    },
    /// No header row.
    Empty,
}

impl fmt::Display for CsvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CsvError::UnclosedQuote { line } => write!(
                f,
                "baris {line}: tanda kutip (\") dibuka tetapi tidak pernah ditutup / line {line}: a quote is opened but never closed"
            ),
            CsvError::TextAfterQuote { line } => write!(
                f,
                "baris {line}: ada teks setelah tanda kutip penutup; tulis \"\" untuk tanda kutip di dalam kolom \
                 / line {line}: text after a closing quote; write \"\" for a quote inside a field"
            ),
            CsvError::StrayQuote { line } => write!(
                f,
                "baris {line}: tanda kutip di tengah kolom yang tidak diapit kutip; apit kolom dengan \"...\" dan tulis \"\" \
                 / line {line}: a quote inside an unquoted field; quote the field and double the quote"
            ),
            CsvError::FieldCount { line, expected, got } => write!(
                f,
                "baris {line}: {got} kolom, padahal header punya {expected} kolom \
                 / line {line}: {got} fields, the header has {expected}"
            ),
            CsvError::Empty => write!(f, "berkas kosong, tidak ada header / empty file, no header row"),
        }
    }
}

/// Picks `;` when the first line has more semicolons than commas outside quotes, else `,`.
pub fn detect_delimiter(text: &str) -> u8 {
    let (mut commas, mut semis, mut quoted) = (0usize, 0usize, false);
    for &b in text.as_bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => break,
            b',' if !quoted => commas += 1,
            b';' if !quoted => semis += 1,
            _ => {}
        }
    }
    if semis > commas { b';' } else { b',' }
}

/// A parsed file: the header and the data records. Blank lines and rows whose fields are all
/// empty (as spreadsheets leave at the end) are skipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// Header names, trimmed.
    pub header: Vec<String>,
    /// Data records, each with as many fields as the header.
    pub records: Vec<Record>,
}

/// Parses `text` (a leading BOM must already be removed).
pub fn parse(text: &str, delim: u8) -> Result<Table, CsvError> {
    let mut header: Option<Vec<String>> = None;
    let mut records = Vec::new();
    let mut reader = Reader {
        text,
        b: text.as_bytes(),
        i: 0,
        line: 1,
        delim,
    };
    while let Some(rec) = reader.record()? {
        if rec.fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        match &header {
            None => header = Some(rec.fields.iter().map(|h| h.trim().to_string()).collect()),
            Some(h) if h.len() != rec.fields.len() => {
                return Err(CsvError::FieldCount {
                    line: rec.line,
                    expected: h.len(),
                    got: rec.fields.len(),
                });
            }
            Some(_) => records.push(rec),
        }
    }
    Ok(Table {
        header: header.ok_or(CsvError::Empty)?,
        records,
    })
}

struct Reader<'a> {
    text: &'a str,
    b: &'a [u8],
    i: usize,
    line: usize,
    delim: u8,
}

impl Reader<'_> {
    fn at(&self, i: usize) -> Option<u8> {
        self.b.get(i).copied()
    }

    /// Reads one record, or `None` at the end of the text.
    fn record(&mut self) -> Result<Option<Record>, CsvError> {
        if self.i >= self.b.len() {
            return Ok(None);
        }
        let start_line = self.line;
        let mut fields = Vec::new();
        loop {
            fields.push(self.field()?);
            match self.at(self.i) {
                Some(d) if d == self.delim => self.i += 1,
                Some(b'\r') => {
                    self.i += 1;
                    if self.at(self.i) == Some(b'\n') {
                        self.i += 1;
                    }
                    self.line += 1;
                    break;
                }
                Some(b'\n') => {
                    self.i += 1;
                    self.line += 1;
                    break;
                }
                _ => break, // end of text
            }
        }
        Ok(Some(Record {
            line: start_line,
            fields,
        }))
    }

    /// Reads one field, stopping before the delimiter, line break or end of text.
    fn field(&mut self) -> Result<String, CsvError> {
        // Spaces before an opening quote are allowed (`a, "b"`).
        let mut j = self.i;
        while matches!(self.at(j), Some(b' ' | b'\t')) {
            j += 1;
        }
        if self.at(j) == Some(b'"') {
            self.i = j;
            return self.quoted();
        }
        let start = self.i;
        while let Some(c) = self.at(self.i) {
            if c == self.delim || c == b'\n' || c == b'\r' {
                break;
            }
            if c == b'"' {
                return Err(CsvError::StrayQuote { line: self.line });
            }
            self.i += 1;
        }
        // Splits happen only at ASCII bytes, so the slice is valid UTF-8.
        Ok(self.text[start..self.i].to_string())
    }

    fn quoted(&mut self) -> Result<String, CsvError> {
        let open_line = self.line;
        self.i += 1; // opening quote
        let mut out = String::new();
        let mut seg = self.i;
        loop {
            match self.at(self.i) {
                None => return Err(CsvError::UnclosedQuote { line: open_line }),
                Some(b'"') if self.at(self.i + 1) == Some(b'"') => {
                    out.push_str(&self.text[seg..=self.i]);
                    self.i += 2;
                    seg = self.i;
                }
                Some(b'"') => {
                    out.push_str(&self.text[seg..self.i]);
                    self.i += 1;
                    break;
                }
                Some(b'\n') => {
                    self.line += 1;
                    self.i += 1;
                }
                Some(_) => self.i += 1,
            }
        }
        // Spaces after the closing quote are allowed; anything else but a delimiter or a line
        // break is not.
        while matches!(self.at(self.i), Some(b' ' | b'\t')) {
            self.i += 1;
        }
        match self.at(self.i) {
            None | Some(b'\n' | b'\r') => Ok(out),
            Some(d) if d == self.delim => Ok(out),
            Some(_) => Err(CsvError::TextAfterQuote { line: self.line }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(t: &Table) -> Vec<(usize, Vec<&str>)> {
        t.records
            .iter()
            .map(|r| (r.line, r.fields.iter().map(String::as_str).collect()))
            .collect()
    }

    #[test]
    fn reads_quotes_line_breaks_and_crlf() {
        let text = "a,b,c\r\n1,\"x, \"\"y\"\"\",3\r\n\r\n\"multi\nline\",\"\",z\n,,\n4,5,6";
        let t = parse(text, b',').unwrap();
        assert_eq!(t.header, ["a", "b", "c"]);
        assert_eq!(
            rows(&t),
            vec![
                (2, vec!["1", "x, \"y\"", "3"]),
                (4, vec!["multi\nline", "", "z"]),
                (7, vec!["4", "5", "6"]),
            ]
        );
    }

    #[test]
    fn semicolons_and_detection() {
        assert_eq!(detect_delimiter("nama;nik;\"a,b\"\n1,2,3,4"), b';');
        assert_eq!(detect_delimiter("nama,nik;x,y\n"), b',');
        let t = parse("nama;nik\nSiti;\"35;17\"\n", b';').unwrap();
        assert_eq!(rows(&t), vec![(2, vec!["Siti", "35;17"])]);
        let t = parse("a,b\n x , \"y\" \n", b',').unwrap();
        assert_eq!(rows(&t), vec![(2, vec![" x ", "y"])]);
    }

    #[test]
    fn reports_malformed_input_with_lines() {
        assert_eq!(
            parse("a,b\n1,\"open\n2,3\n", b','),
            Err(CsvError::UnclosedQuote { line: 2 })
        );
        assert_eq!(
            parse("a,b\n1,\"x\"y\n", b','),
            Err(CsvError::TextAfterQuote { line: 2 })
        );
        assert_eq!(parse("a,b\n1,2\n1,x\"y\n", b','), Err(CsvError::StrayQuote { line: 3 }));
        assert_eq!(
            parse("a,b\n1,2\n\n1,2,3\n", b','),
            Err(CsvError::FieldCount {
                line: 4,
                expected: 2,
                got: 3
            })
        );
        assert_eq!(parse("\n\n", b','), Err(CsvError::Empty));
        assert_eq!(parse("", b','), Err(CsvError::Empty));
        assert!(CsvError::UnclosedQuote { line: 9 }.to_string().contains("baris 9"));
    }

    #[test]
    fn never_panics_on_odd_bytes() {
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
        ] {
            for d in [b',', b';'] {
                let _ = parse(text, d);
            }
        }
    }
}
