//! Reading a CSV file: decode, sniff the delimiter, find the header, read the records (on the
//! calling thread: splitting a file over two threads was measured slower on a busy 2-core
//! machine).

use super::cell::Raw;
use super::csv::{self, Next, Problem, Tokenizer};
use super::header::{self, Meaning};
use super::table::{At, Builder, HEADER_SEARCH, Plan};
use super::{Format, Sheet, SheetError, decode};
use crate::catalog::codes;
use std::borrow::Cow;

/// Reads CSV text (any supported encoding).
pub(crate) fn read_csv(bytes: &[u8], prefer_tab: bool) -> Result<Sheet, SheetError> {
    let dec = decode::decode(bytes)?;
    let mut text = dec.text;
    if text.trim().is_empty() {
        return Err(SheetError::Empty);
    }
    // Old Mac "CSV (Macintosh)": CR-only line ends.
    if !text.contains('\n') && text.contains('\r') {
        text = Cow::Owned(text.replace("\r", "\n"));
    }
    if text.len() >= 1 << 31 {
        return Err(SheetError::TooLarge);
    }
    let owned = text;
    let text: &str = &owned;
    let delim = csv::sniff_delimiter(text, prefer_tab);
    let mut b = Builder::new(Format::Csv);
    b.report.encoding = Some(dec.encoding);
    b.report.bom = dec.bom;
    b.report.delimiter = Some(char::from(delim));

    let mut tok = Tokenizer::new(text, delim);
    let Some(plan) = find_header(&mut b, &mut tok, text)? else {
        let line = text.trim_end_matches(['\n', '\r']);
        if !line.contains('\n') && line.len() > 4096 {
            return Err(SheetError::OneLine {
                chars: line.chars().count(),
            });
        }
        return Err(SheetError::NoHeader { sheets: 1 });
    };
    // The row count guessed from the first 64 KiB keeps the row list from growing often.
    let sample = &text.as_bytes()[..text.len().min(1 << 16)];
    let lines = sample.iter().filter(|&&c| c == b'\n').count().max(1);
    let rows = (text.len() / (sample.len() / lines).max(1)).min(1 << 22);
    b.reserve(rows, plan.used.len());

    records(&mut b, &plan, tok, text);
    b.finish(owned.into_owned())
}

/// The header: the first of up to 20 non-empty records that looks like one.
fn find_header(b: &mut Builder, tok: &mut Tokenizer<'_>, text: &str) -> Result<Option<Plan>, SheetError> {
    let (mut spans, mut stray, mut scratch) = (Vec::new(), Vec::new(), String::new());
    let mut seen = 0usize;
    while seen < HEADER_SEARCH {
        match tok.next(&mut spans, &mut stray) {
            Next::End => break,
            Next::Bad(..) => seen += 1,
            Next::Record(line) => {
                let cells: Vec<String> = spans
                    .iter()
                    .map(|s| s.value(text, &mut scratch).trim().to_string())
                    .collect();
                if cells.iter().all(String::is_empty) {
                    continue;
                }
                seen += 1;
                let meanings: Vec<Meaning> = cells.iter().map(|c| header::meaning(c)).collect();
                if header::is_header(&meanings) {
                    b.begin_sheet(None, Some(line));
                    return b.plan(None, &cells, 0).map(Some);
                }
            }
        }
    }
    Ok(None)
}

/// Reads records until the tokenizer's text ends.
fn records(b: &mut Builder, plan: &Plan, mut tok: Tokenizer<'_>, text: &str) {
    let (mut spans, mut stray, mut scratch) = (Vec::new(), Vec::new(), String::new());
    loop {
        match tok.next(&mut spans, &mut stray) {
            Next::End => return,
            Next::Bad(_, problem, p) => {
                let code = match problem {
                    Problem::UnclosedQuote => codes::BERKAS_KUTIP_TIDAK_DITUTUP,
                    Problem::TextAfterQuote => codes::BERKAS_TEKS_SETELAH_KUTIP,
                };
                let at = At {
                    sheet: None,
                    row: p.line,
                };
                b.issue(at, &plan.label(p.field), code, vec![("posisi", p.col.to_string())]);
            }
            Next::Record(line) => {
                let at = At { sheet: None, row: line };
                if spans.len() == 1 && spans[0].start == spans[0].end {
                    continue; // blank line
                }
                if spans.len() > plan.width
                    && spans[plan.width..]
                        .iter()
                        .any(|s| !text[s.start..s.end].trim().is_empty())
                {
                    let params = vec![("jumlah", spans.len().to_string()), ("header", plan.width.to_string())];
                    b.issue(at, &plan.label(plan.width), codes::BERKAS_JUMLAH_KOLOM, params);
                    continue;
                }
                let row = b.begin();
                let mut last_field = usize::MAX;
                for s in &stray {
                    // One warning per field; `="0012"` (a CSV writer's text trick) is no typo.
                    let formula_text = spans.get(s.field).is_some_and(|sp| {
                        let v = text[sp.start..sp.end].trim();
                        v.starts_with("=\"") && v.ends_with('"') && v.matches('"').count() == 2
                    });
                    if s.field == last_field || formula_text {
                        continue;
                    }
                    last_field = s.field;
                    let at = At {
                        sheet: None,
                        row: s.line,
                    };
                    b.issue(
                        at,
                        &plan.label(s.field),
                        codes::BERKAS_KUTIP_DI_TENGAH,
                        vec![("posisi", s.col.to_string())],
                    );
                }
                for slot in &plan.used {
                    match spans.get(slot.col) {
                        Some(sp) if !sp.escaped => b.source_cell(at, slot, text, sp.start, sp.end),
                        Some(sp) => b.cell(at, slot, Raw::Csv(sp.value(text, &mut scratch))),
                        None => b.push_empty(),
                    }
                }
                b.end(row, at, plan, text);
            }
        }
    }
}
