//! Credentials and sessions. Secrets never appear in `Debug`, logs, errors or files.

use std::fmt;

/// A secret string (password, private key, token). `Debug`/`Display` print `***`.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Secret {
        Secret(s.into())
    }
    /// The secret itself, for the one place that sends it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(***)")
    }
}
impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// How to log in.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// A lembaga operator (email + password).
    Operator {
        /// Email.
        email: String,
        /// Password.
        password: Secret,
    },
    /// A partner application (public + private key).
    Partner {
        /// Public key.
        public_key: String,
        /// Private key.
        private_key: Secret,
    },
    /// A Bearer token obtained elsewhere (e.g. pasted from a browser session). Cannot be renewed.
    Token(Secret),
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Credentials::Operator { email, .. } => {
                write!(
                    f,
                    "Operator {{ email: {:?}, password: *** }}",
                    crate::pii::mask_name(email)
                )
            }
            Credentials::Partner { .. } => f.write_str("Partner { public_key: ***, private_key: *** }"),
            Credentials::Token(_) => f.write_str("Token(***)"),
        }
    }
}

/// A token with its expiry.
#[derive(Clone, Debug)]
pub(crate) struct Session {
    pub(crate) token: Secret,
    /// `exp` claim in Unix seconds, if the token is a readable JWT.
    pub(crate) exp: Option<i64>,
}

impl Session {
    pub(crate) fn new(token: String) -> Session {
        let exp = jwt_exp(&token);
        Session {
            token: Secret(token),
            exp,
        }
    }
    /// True when the token expires within `margin_s` seconds of `now_s`.
    pub(crate) fn expires_soon(&self, now_s: i64, margin_s: i64) -> bool {
        self.exp.is_some_and(|e| e - now_s <= margin_s)
    }
}

/// Reads the `exp` claim of a JWT without verifying it (the server does that).
pub fn jwt_exp(token: &str) -> Option<i64> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64url_decode(payload)?;
    let v: serde_json::Value = serde_json::from_slice(&bytes).ok()?;
    v.get("exp")?
        .as_i64()
        .or_else(|| v.get("exp")?.as_f64().map(|f| f as i64))
}

fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    let mut buf = 0u32;
    let mut bits = 0u32;
    for c in s.bytes() {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            b'=' => break,
            _ => return None,
        } as u32;
        buf = (buf << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buf >> bits) as u8);
            buf &= (1 << bits) - 1;
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn reads_exp_and_hides_secrets() {
        // {"alg":"none"} . {"sub":"x","exp":1700000000}
        let t = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4IiwiZXhwIjoxNzAwMDAwMDAwfQ.sig";
        assert_eq!(jwt_exp(t), Some(1_700_000_000));
        assert_eq!(jwt_exp("not-a-jwt"), None);
        assert_eq!(jwt_exp("a.!!!.b"), None);
        let c = Credentials::Operator {
            email: "operator@contoh.sch.id".into(),
            password: Secret::new("rahasia123"),
        };
        let shown = format!("{c:?} {:?}", Secret::new("tok"));
        assert!(!shown.contains("rahasia123") && !shown.contains("tok)"), "{shown}");
    }
}
