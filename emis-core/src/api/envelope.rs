//! Reading EMIS's answers: the `{success, results, metadata, message}` envelope with its
//! quirks (not-found as HTTP 200, `metadata.pagination.last_page`, Laravel's
//! `{message, errors}`), decode errors with JSON paths and no values, and the masking of
//! identifiers in server messages.

use super::types::PageMeta;
use crate::error::{Error, Result};
use crate::transport::ApiResponse;
use serde::de::DeserializeOwned;

pub(crate) fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
    let mut de = serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(&mut de).map_err(|e| Error::Decode {
        path: if e.path().to_string() == "." {
            ".".into()
        } else {
            e.path().to_string()
        },
        message: redact_decoder_message(&e.inner().to_string()),
    })
}

/// The envelope of a 2xx answer: `results` as JSON and the paging metadata. A refusal inside
/// a 2xx (`success: false`) is an error with the server's message; EMIS's "not found" as
/// HTTP 200 (`results.data == "data tidak ditemukan"`) is [`Error::NotFound`].
pub(crate) fn envelope(resp: &ApiResponse) -> Result<(serde_json::Value, PageMeta)> {
    let mut v: serde_json::Value = decode_json(&resp.body)?;
    let Some(obj) = v.as_object_mut() else {
        return Err(Error::Decode {
            path: ".".into(),
            message: "harus objek JSON / expected a JSON object".into(),
        });
    };
    if obj.get("success").and_then(serde_json::Value::as_bool) == Some(false) {
        return Err(Error::Http {
            status: resp.status,
            request_id: resp.header("x-request-id").map(str::to_string),
            message: {
                let m = server_message(Some(&serde_json::Value::Object(obj.clone())));
                if m.is_empty() { "success: false".into() } else { m }
            },
        });
    }
    let results = obj.remove("results").unwrap_or(serde_json::Value::Null);
    if is_not_found(&results) {
        return Err(Error::NotFound("data tidak ditemukan".into()));
    }
    let meta = obj.get("metadata").map(PageMeta::from_value).unwrap_or_default();
    Ok((results, meta))
}

/// `{"data": "data tidak ditemukan"}` (and its spellings) in place of results.
pub(crate) fn is_not_found(results: &serde_json::Value) -> bool {
    let text = match results {
        serde_json::Value::String(s) => Some(s.as_str()),
        serde_json::Value::Object(m) => m.get("data").and_then(|d| d.as_str()),
        _ => None,
    };
    text.is_some_and(|t| {
        let t = t.to_lowercase();
        t.contains("tidak ditemukan") || t.contains("not found")
    })
}

/// Decodes `results` into `T`; errors name the JSON path (`results.token`).
pub(crate) fn decode_results<T: DeserializeOwned>(resp: &ApiResponse) -> Result<(T, PageMeta)> {
    let (results, meta) = envelope(resp)?;
    Ok((decode_value(results, "results")?, meta))
}

/// Decodes a JSON value into `T`, naming the path under `prefix` on failure (no values).
pub(crate) fn decode_value<T: DeserializeOwned>(v: serde_json::Value, prefix: &str) -> Result<T> {
    serde_path_to_error::deserialize(v).map_err(|e| {
        let p = e.path().to_string();
        Error::Decode {
            path: if p == "." {
                prefix.to_string()
            } else if p.starts_with('[') {
                format!("{prefix}{p}")
            } else {
                format!("{prefix}.{p}")
            },
            message: redact_decoder_message(&e.inner().to_string()),
        }
    })
}

/// The server's message: `message`, then Laravel's `errors` (`{"nik": ["..."]}`), trimmed to
/// 300 characters, long digit runs masked.
pub(crate) fn server_message(v: Option<&serde_json::Value>) -> String {
    let Some(v) = v else { return String::new() };
    let mut parts: Vec<String> = Vec::new();
    if let Some(m) = v
        .get("message")
        .and_then(|m| m.as_str())
        .filter(|m| !m.trim().is_empty())
    {
        parts.push(m.trim().to_string());
    }
    if let Some(errs) = v.get("errors").and_then(|e| e.as_object()) {
        for (field, msgs) in errs {
            let text = match msgs {
                serde_json::Value::Array(a) => a.iter().filter_map(|m| m.as_str()).collect::<Vec<_>>().join("; "),
                serde_json::Value::String(s) => s.clone(),
                _ => continue,
            };
            if !text.is_empty() && !parts.iter().any(|p| p == &text) {
                parts.push(format!("{field}: {text}"));
            }
        }
    }
    let joined: String = parts.join(" | ").chars().take(300).collect();
    mask_long_numbers(&joined)
}

pub(crate) fn decode_token(resp: &ApiResponse) -> Result<String> {
    #[derive(serde::Deserialize)]
    struct Tok {
        token: String,
    }
    let (t, _): (Tok, _) = decode_results(resp)?;
    if t.token.trim().is_empty() {
        return Err(Error::Auth("server tidak mengirim token".into()));
    }
    Ok(t.token)
}

/// Masks every run of 9 or more digits (NIK, No. KK, NIP, NISN, phone numbers) in text that
/// goes into errors and logs: a server message may echo an identifier from the request.
pub(crate) fn mask_long_numbers(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 9 {
            out.push_str(&crate::pii::mask_number(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// A decoder message without the values it quotes (`invalid type: string "3517…", expected
/// i64`): quoted strings are masked like personal data, then long numbers.
pub(crate) fn redact_decoder_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find('"') {
        out.push_str(&rest[..start]);
        let body = &rest[start + 1..];
        let mut end = None;
        let mut escaped = false;
        for (i, c) in body.char_indices() {
            match c {
                '\\' if !escaped => escaped = true,
                '"' if !escaped => {
                    end = Some(i);
                    break;
                }
                _ => escaped = false,
            }
        }
        match end {
            Some(e) => {
                out.push('"');
                out.push_str(&crate::pii::mask(&body[..e]));
                out.push('"');
                rest = &body[e + 1..];
            }
            None => {
                out.push('"');
                out.push_str(&crate::pii::mask(body));
                rest = "";
            }
        }
    }
    out.push_str(rest);
    mask_long_numbers(&out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn server_and_decoder_text_lose_identifiers() {
        assert_eq!(
            mask_long_numbers("NIK 3517011708080001 sudah ada (baris 12, 2025)"),
            "NIK 3517**********01 sudah ada (baris 12, 2025)"
        );
        assert_eq!(mask_long_numbers("198001012005011002"), "1980************02");
        assert_eq!(mask_long_numbers("12345678"), "12345678");
        let m = redact_decoder_message(r#"invalid type: string "3517011708080001", expected i64 at line 1 column 40"#);
        assert_eq!(
            m,
            r#"invalid type: string "3517**********01", expected i64 at line 1 column 40"#
        );
        let m = redact_decoder_message(r#"invalid type: string "SITI \"AISYAH\" RAHMA", expected a map"#);
        assert!(!m.contains("AISYAH") && !m.contains("RAHMA"), "{m}");
        assert!(m.ends_with(", expected a map"), "{m}");
        assert_eq!(
            redact_decoder_message("EOF while parsing a value"),
            "EOF while parsing a value"
        );
        // A decode error through the real path.
        let e = decode_json::<Vec<i64>>(br#"[1, "3517011708080001"]"#).unwrap_err();
        let shown = format!("{e} {e:?}");
        assert!(shown.contains("[1]") && !shown.contains("3517011708080001"), "{shown}");
    }
}
