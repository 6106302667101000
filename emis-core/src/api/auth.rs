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
    /// A lembaga operator: the user name of the login form ("Email/NIK": an e-mail address
    /// or the operator's NIK) and the password.
    Operator {
        /// E-mail or NIK.
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
        let token = clean_token(&token);
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
    token_info(token).exp
}

/// A JWT segment: base64url without padding (RFC 7515); padded or standard-alphabet
/// segments from lenient issuers are read too.
fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    use base64::alphabet;
    use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
    let cfg = GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent);
    let url = GeneralPurpose::new(&alphabet::URL_SAFE, cfg);
    let std = GeneralPurpose::new(&alphabet::STANDARD, cfg);
    url.decode(s).ok().or_else(|| std.decode(s).ok())
}

/// What a token says about itself (read, never verified: the server does that).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct TokenInfo {
    /// Expiry, Unix seconds.
    pub exp: Option<i64>,
    /// Issued at, Unix seconds.
    pub iat: Option<i64>,
    /// The lembaga id claim (`institution_id`, `institutionId`, `lembaga_id` or
    /// `identifiable_id`: public clients try these names).
    pub institution_id: Option<String>,
}

impl TokenInfo {
    /// Seconds left at `now_s` (negative when expired).
    pub fn seconds_left(&self, now_s: i64) -> Option<i64> {
        self.exp.map(|e| e - now_s)
    }
    /// A line for the operator: expiry in WIB and time left, with a warning under 30 minutes.
    pub fn describe(&self, now_s: i64) -> String {
        match self.seconds_left(now_s) {
            None => "masa berlaku token tidak terbaca / token expiry unknown".into(),
            Some(left) if left <= 0 => "token sudah kedaluwarsa / token has expired".into(),
            Some(left) => {
                let exp = self.exp.unwrap_or_default() + 7 * 3600;
                let (h, m) = (exp.rem_euclid(86_400) / 3600, exp.rem_euclid(3600) / 60);
                let warn = if left < 30 * 60 {
                    " — PERINGATAN: kurang dari 30 menit; siapkan token baru / under 30 minutes left"
                } else {
                    ""
                };
                format!(
                    "token berlaku sampai pukul {h:02}:{m:02} WIB (sisa {} jam {} menit){warn}",
                    left / 3600,
                    (left % 3600) / 60
                )
            }
        }
    }
}

/// Reads a token's claims. Accepts the header value as pasted (`Bearer eyJ…`).
pub fn token_info(token: &str) -> TokenInfo {
    let token = clean_token(token);
    let Some(v) = jwt_payload(&token) else {
        return TokenInfo::default();
    };
    let num = |k: &str| {
        v.get(k).and_then(|x| {
            x.as_i64()
                .or_else(|| x.as_f64().map(|f| f as i64))
                .or_else(|| x.as_str()?.parse().ok())
        })
    };
    let institution_id = ["institution_id", "institutionId", "lembaga_id", "identifiable_id"]
        .iter()
        .find_map(|k| match v.get(*k)? {
            serde_json::Value::String(s) if !s.is_empty() => Some(s.clone()),
            serde_json::Value::Number(n) => Some(n.to_string()),
            _ => None,
        });
    TokenInfo {
        exp: num("exp"),
        iat: num("iat"),
        institution_id,
    }
}

/// A pasted token without `Bearer `, quotes and white space.
pub fn clean_token(token: &str) -> String {
    let t = token.trim().trim_matches(|c| c == '"' || c == '\'');
    let t = t.strip_prefix("Authorization:").map(str::trim).unwrap_or(t);
    let t = t
        .strip_prefix("Bearer ")
        .or_else(|| t.strip_prefix("bearer "))
        .unwrap_or(t);
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

fn jwt_payload(token: &str) -> Option<serde_json::Value> {
    let payload = token.split('.').nth(1)?;
    let bytes = base64url_decode(payload)?;
    serde_json::from_slice(&bytes).ok()
}

impl crate::api::EmisClient {
    /// The current token's claims (`None` before the first login).
    pub fn token_info(&self) -> Option<TokenInfo> {
        let s = self.inner.session.lock().unwrap_or_else(|p| p.into_inner()).clone()?;
        Some(token_info(s.token.expose()))
    }

    /// Logs in now (normally automatic).
    pub async fn login(&self) -> crate::error::Result<()> {
        use super::endpoints;
        use super::send::{Body, Call};
        use crate::error::Error;
        let (ep, body) = match &self.inner.credentials {
            // Public clients post a form (`email` may hold the operator's NIK).
            Credentials::Operator { email, password } => (
                endpoints::LOGIN,
                Body::Form(vec![
                    ("email".into(), email.trim().to_string()),
                    ("password".into(), password.expose().to_string()),
                ]),
            ),
            // The partner client posts JSON (Laravel's default), not a form.
            Credentials::Partner {
                public_key,
                private_key,
            } => (
                endpoints::PARTNER_LOGIN,
                Body::Json(serde_json::json!({"public_key": public_key, "private_key": private_key.expose()})),
            ),
            Credentials::Token(_) => return Err(Error::SessionExpired { what: "EMIS" }),
        };
        let token = self
            .call(Call::new(&ep).body(body), false, super::envelope::decode_token)
            .await
            .map_err(|e| match e {
                Error::Http {
                    status: 400 | 401 | 422,
                    ..
                }
                | Error::Auth(_) => {
                    Error::Auth("email/NIK/kunci atau kata sandi salah / wrong user or password".into())
                }
                Error::Http { message, .. } if !message.is_empty() => Error::Auth(message),
                e => e,
            })?;
        *self.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(Session::new(token));
        Ok(())
    }

    /// Renews the token. EMIS rotates tokens on refresh (the old one stops working), so a
    /// refresh whose reply was lost cannot be repeated: the caller falls back to a login.
    async fn refresh(&self) -> crate::error::Result<()> {
        use super::send::Call;
        let token = self
            .call(
                Call::new(&super::endpoints::REFRESH),
                false,
                super::envelope::decode_token,
            )
            .await?;
        *self.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(Session::new(token));
        Ok(())
    }

    /// A valid token: logs in when there is none, refreshes (or logs in again) shortly
    /// before `exp`. A pasted token is never refreshed — EMIS rotates tokens on refresh, which
    /// would end the operator's browser session too — and once it has expired the sync stops
    /// cleanly ([`crate::error::Error::SessionExpired`]) before sending anything.
    pub(crate) async fn ensure_token(&self) -> crate::error::Result<()> {
        let margin = self.inner.cfg.refresh_margin.as_secs() as i64;
        let now = self.now_s();
        let state = self.inner.session.lock().unwrap_or_else(|p| p.into_inner()).clone();
        if matches!(self.inner.credentials, Credentials::Token(_)) {
            return match state {
                Some(s) if s.exp.is_none_or(|e| e > now) => Ok(()),
                _ => Err(crate::error::Error::SessionExpired { what: "EMIS" }),
            };
        }
        match state {
            None => self.login().await,
            Some(s) if s.expires_soon(now, margin) => {
                let still_valid = s.exp.is_some_and(|e| e > now);
                if still_valid && self.refresh().await.is_ok() {
                    return Ok(());
                }
                self.login().await
            }
            Some(_) => Ok(()),
        }
    }

    /// After the server said the session ended: a fresh login, or (pasted token) a clean stop.
    pub(crate) async fn renew_after_expiry(&self) -> crate::error::Result<()> {
        if matches!(self.inner.credentials, Credentials::Token(_)) {
            return Err(crate::error::Error::SessionExpired { what: "EMIS" });
        }
        *self.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.login().await
    }

    pub(crate) fn bearer(&self) -> Option<String> {
        self.inner
            .session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|s| format!("Bearer {}", s.token.expose()))
    }
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

    #[test]
    fn pasted_tokens_are_cleaned_and_read() {
        // {"alg":"none"} . {"exp":1700000000,"iat":1699983800,"institution_id":"77"}
        let t = "eyJhbGciOiJub25lIn0.eyJleHAiOjE3MDAwMDAwMDAsImlhdCI6MTY5OTk4MzgwMCwiaW5zdGl0dXRpb25faWQiOiI3NyJ9.s";
        for pasted in [
            t.to_string(),
            format!("Bearer {t}"),
            format!("  'Authorization: Bearer {t}'\n"),
        ] {
            assert_eq!(clean_token(&pasted), t);
            let i = token_info(&pasted);
            assert_eq!(
                (i.exp, i.iat, i.institution_id.as_deref()),
                (Some(1_700_000_000), Some(1_699_983_800), Some("77"))
            );
        }
        let i = token_info(t);
        assert!(i.describe(1_700_000_000 - 600).contains("PERINGATAN"));
        assert!(i.describe(1_700_000_000 - 7200).contains("sisa 2 jam 0 menit"));
        assert!(i.describe(1_700_000_001).contains("kedaluwarsa"));
        assert_eq!(token_info("garbage"), TokenInfo::default());
    }
}
