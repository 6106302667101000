//! Personal data protection by construction.
//!
//! NIK, No. KK, names and the mother's name travel in [`Sensitive`]: its `Debug` and
//! `Display` print a masked form, so a record that ends up in a log, a panic message or an
//! error shows `35**********0001`-style masks, never the value. Callers that need the value
//! ask for it explicitly with [`Sensitive::expose`].

use std::fmt;

/// Masks a string of digits (NIK, KK, NISN...): keeps the first 4 and last 2 characters
/// when the value is long enough to still be unidentifiable, masks everything else.
pub fn mask_number(value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    if n <= 8 {
        return "*".repeat(n.max(1));
    }
    let mut out = String::with_capacity(n);
    for (i, c) in chars.iter().enumerate() {
        if i < 4 || i >= n - 2 {
            out.push(*c);
        } else {
            out.push('*');
        }
    }
    out
}

/// Masks a name: the first letter of each word is kept, the rest replaced by `*`
/// (`SITI AMINAH` → `S*** A*****`).
pub fn mask_name(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for (i, word) in value.split_whitespace().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first);
            for _ in chars {
                out.push('*');
            }
        }
    }
    out
}

/// Masks any value: numbers keep 4+2 characters, text is masked like a name.
pub fn mask(value: &str) -> String {
    let t = value.trim();
    if t.is_empty() {
        return String::new();
    }
    let digits = t.chars().filter(|c| c.is_ascii_digit()).count();
    if digits * 2 >= t.chars().count() {
        mask_number(t)
    } else {
        mask_name(t)
    }
}

/// Removes values a serde or server message may echo from the input: text in double quotes
/// and back-ticks (`invalid type: string "…"`, `invalid value: integer `…``) becomes `…`.
/// Field names after `field ` are kept (`missing field `nik``): they are not data.
pub fn redact_quoted(message: &str) -> String {
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    loop {
        let Some(start) = rest.find(['"', '`']) else {
            out.push_str(rest);
            return out;
        };
        let quote = rest.as_bytes()[start] as char;
        let before = &rest[..start];
        out.push_str(before);
        let after = &rest[start + 1..];
        let Some(end) = after.find(quote) else {
            // Unbalanced: drop the remainder rather than risk echoing a value.
            out.push(quote);
            out.push('…');
            return out;
        };
        let inner = &after[..end];
        let keep = quote == '`' && before.ends_with("field ") && is_field_name(inner);
        out.push(quote);
        out.push_str(if keep { inner } else { "…" });
        out.push(quote);
        rest = &after[end + 1..];
    }
}

/// Replaces every secret (a password, a private key, a token: at least 4 characters) found in
/// `text` by `***`. The core never puts one into a message; this is the second lock of the
/// bindings, which show messages to callers who may log them.
pub fn scrub_secrets(text: &str, secrets: &[&str]) -> String {
    let mut out = text.to_string();
    for s in secrets {
        if s.chars().count() >= 4 && out.contains(s) {
            out = out.replace(s, "***");
        }
    }
    out
}

/// `err` without the values it may echo from the data: the message of a decode error (also
/// inside `RetriesExhausted` / `OutcomeUnknown`) goes through [`redact_quoted`], so a JSON value
/// quoted by the decoder (`invalid type: string "…"`) never reaches a caller. The decoder
/// already masks those values; this is the second lock.
pub fn redact_error(err: &crate::Error) -> crate::Error {
    use crate::Error as E;
    match err {
        E::Decode { path, message } => E::Decode {
            path: path.clone(),
            message: redact_quoted(message),
        },
        E::RetriesExhausted { attempts, last } => E::RetriesExhausted {
            attempts: *attempts,
            last: Box::new(redact_error(last)),
        },
        E::OutcomeUnknown { last } => E::OutcomeUnknown {
            last: Box::new(redact_error(last)),
        },
        other => other.clone(),
    }
}

/// The message of `err` as a binding shows it: [`redact_error`], then [`scrub_secrets`].
pub fn error_message(err: &crate::Error, secrets: &[&str]) -> String {
    scrub_secrets(&redact_error(err).to_string(), secrets)
}

fn is_field_name(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
}

/// A personal value (NIK, KK, a name, the mother's name, a birth date in some contexts).
///
/// Serialises as the plain string (data files and the EMIS API need the value), but
/// `Debug` and `Display` are masked.
#[derive(Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Sensitive(String);

impl Sensitive {
    /// Wraps a value.
    pub fn new(value: impl Into<String>) -> Self {
        Sensitive(value.into())
    }
    /// The value itself. Call this only where the value is really needed (sending it to
    /// EMIS, comparing, writing the caller's own data file).
    pub fn expose(&self) -> &str {
        &self.0
    }
    /// Consumes the wrapper and returns the value.
    pub fn into_inner(self) -> String {
        self.0
    }
    /// The masked form, as shown by `Debug` and `Display`.
    pub fn masked(&self) -> String {
        mask(&self.0)
    }
    /// True if the value is empty or only whitespace.
    pub fn is_blank(&self) -> bool {
        self.0.trim().is_empty()
    }
}

impl From<String> for Sensitive {
    fn from(v: String) -> Self {
        Sensitive(v)
    }
}
impl From<&str> for Sensitive {
    fn from(v: &str) -> Self {
        Sensitive(v.to_string())
    }
}

impl fmt::Debug for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{}\"", self.masked())
    }
}
impl fmt::Display for Sensitive {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn masks_numbers_and_names() {
        assert_eq!(mask_number("3517011708080001"), "3517**********01");
        assert_eq!(mask_name("SITI  AMINAH"), "S*** A*****");
        assert_eq!(mask("3517011708080001"), "3517**********01");
        assert_eq!(mask("Siti Aminah"), "S*** A*****");
        assert_eq!(mask_number("123"), "***");
    }

    #[test]
    fn redacts_quoted_values_keeps_field_names() {
        assert_eq!(
            redact_quoted("invalid type: string \"Siti\", expected x"),
            "invalid type: string \"…\", expected x"
        );
        assert_eq!(redact_quoted("missing field `nik`"), "missing field `nik`");
        assert_eq!(redact_quoted("unknown variant `ya`"), "unknown variant `…`");
        assert_eq!(redact_quoted("open \"3517"), "open \"…");
    }

    #[test]
    fn secrets_and_decoded_values_leave_error_messages() {
        assert_eq!(
            scrub_secrets("token abcd-1234 ditolak", &["abcd-1234"]),
            "token *** ditolak"
        );
        // Too short to be told apart from ordinary text: kept.
        assert_eq!(scrub_secrets("HTTP 401: abc", &["abc"]), "HTTP 401: abc");
        let decode = crate::Error::Decode {
            path: "results[0].nik".into(),
            message: "invalid type: string \"3517011708080001\", expected i64".into(),
        };
        let nested = crate::Error::OutcomeUnknown {
            last: Box::new(crate::Error::RetriesExhausted {
                attempts: 3,
                last: Box::new(decode.clone()),
            }),
        };
        for e in [&decode, &nested] {
            let shown = error_message(e, &["s3cret-token"]);
            assert!(!shown.contains("3517"), "{shown}");
            assert!(shown.contains("results[0].nik"), "{shown}");
            assert_eq!(redact_error(e).code(), e.code());
        }
        let http = crate::Error::Http {
            status: 500,
            request_id: None,
            message: "bad s3cret-token".into(),
        };
        assert_eq!(redact_error(&http), http);
        assert!(!error_message(&http, &["s3cret-token"]).contains("s3cret"));
    }

    #[test]
    fn debug_and_display_never_show_the_value() {
        let s = Sensitive::from("3273014503100002");
        let shown = format!("{s:?} {s} {s:#?}");
        assert!(!shown.contains("3273014503100002"), "{shown}");
        assert_eq!(s.expose(), "3273014503100002");
        let j = serde_json::to_string(&s).unwrap();
        assert_eq!(j, "\"3273014503100002\"");
    }
}
