//! Tokens and sessions: JWT-shaped EMIS tokens (tymon/jwt-auth claims, rotation on refresh),
//! EMIS GTK cookie sessions and the PINTAR token.

use crate::faults::SessionShape;
use crate::http::{ApiError, base64url, bearer, cookie};
use crate::state::{GtkSession, Revoked, Role, Session, SimState, TokenInfo};
use axum::http::{HeaderMap, StatusCode};
use serde_json::json;

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn unauthorized(message: &str) -> ApiError {
    ApiError::message(StatusCode::UNAUTHORIZED, message)
}

impl SimState {
    /// A JWT-shaped token (`header.payload.signature`, base64url) with the claims `iss, iat, nbf,
    /// exp, jti, sub, prv, institution_id`; `sub` is a numeric user id. The signature is random:
    /// clients read the claims, never verify them.
    pub fn issue_token(&mut self, sub: &str, role: Role, lembaga: Option<&str>, ttl: u64) -> (String, i64) {
        let iat = self.now();
        let exp = iat + ttl as i64;
        let header = base64url(br#"{"typ":"JWT","alg":"HS256"}"#);
        let institution_id = lembaga.and_then(|s| self.lembaga(s)).map(|l| l.institution_id);
        let prv = format!(
            "{:016x}{:016x}{:08x}",
            fnv("emis-sim/User"),
            fnv("prv"),
            fnv("jwt") as u32
        );
        let payload = json!({
            "iss": "http://127.0.0.1/v1/accounts/login",
            "iat": iat,
            "exp": exp,
            "nbf": iat,
            "jti": self.rng.token_chars(16),
            "sub": (100_000 + fnv(sub) % 900_000).to_string(),
            "prv": prv,
            "institution_id": institution_id,
        });
        let token = format!(
            "{header}.{}.{}",
            base64url(payload.to_string().as_bytes()),
            self.rng.token_chars(43)
        );
        self.tokens.insert(
            token.clone(),
            TokenInfo {
                sub: sub.to_string(),
                role,
                lembaga: lembaga.map(str::to_string),
                exp,
                revoked: None,
            },
        );
        (token, exp)
    }

    fn token_error(info: &TokenInfo) -> Option<ApiError> {
        match info.revoked {
            Some(Revoked::Rotated) => Some(unauthorized("The token has been blacklisted")),
            Some(Revoked::Session(shape)) => Some(ApiError::session(shape)),
            None => None,
        }
    }

    /// The caller of a request, or tymon/jwt-auth's 401 (`Token not provided`, `Token has
    /// expired`, `The token has been blacklisted`, …); a session ended by `expire_session`
    /// answers in its shape.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Session, ApiError> {
        let Some(token) = bearer(headers) else {
            return Err(unauthorized("Token not provided"));
        };
        let Some(info) = self.tokens.get(token) else {
            return Err(unauthorized("Token Signature could not be verified."));
        };
        if let Some(e) = SimState::token_error(info) {
            return Err(e);
        }
        if info.exp <= self.now() {
            return Err(unauthorized("Token has expired"));
        }
        Ok(Session {
            sub: info.sub.clone(),
            role: info.role,
            lembaga: info.lembaga.clone(),
        })
    }

    /// `accounts/refresh`: a new token for a known token that is valid or expired less than the
    /// refresh grace ago; the old one is revoked at once (rotation).
    pub fn refresh(&mut self, headers: &HeaderMap) -> Result<(String, i64), ApiError> {
        let Some(token) = bearer(headers).map(str::to_string) else {
            return Err(unauthorized("Token not provided"));
        };
        let Some(info) = self.tokens.get(&token).cloned() else {
            return Err(unauthorized("Token Signature could not be verified."));
        };
        if let Some(e) = SimState::token_error(&info) {
            return Err(e);
        }
        if info.exp + (self.cfg.refresh_grace as i64) <= self.now() {
            return Err(unauthorized("Token has expired and can no longer be refreshed"));
        }
        if let Some(old) = self.tokens.get_mut(&token) {
            old.revoked = Some(Revoked::Rotated);
        }
        let ttl = self.cfg.token_ttl;
        Ok(self.issue_token(&info.sub, info.role, info.lembaga.as_deref(), ttl))
    }

    /// A token of the demo lembaga's operator, as an operator would copy it from the browser.
    pub fn mint_demo_token(&mut self, ttl: u64) -> (String, i64) {
        let stat = self.data.demo_lembaga().statistic_num.clone();
        let email = self
            .operators
            .values()
            .find(|o| o.statistic_num == stat)
            .map(|o| o.email.clone())
            .unwrap_or_else(|| format!("operator.{stat}@emis-sim.test"));
        self.issue_token(&email, Role::Operator, Some(&stat), ttl)
    }

    /// Makes the request's token expired (fault `ExpireToken`).
    pub fn expire_token(&mut self, headers: &HeaderMap) {
        let now = self.now();
        if let Some(info) = bearer(headers).and_then(|t| self.tokens.get_mut(t)) {
            info.exp = info.exp.min(now - 1);
        }
    }

    /// Ends the request's session (bearer token and GTK cookie session) in `shape`.
    pub fn expire_session(&mut self, headers: &HeaderMap, shape: SessionShape) {
        if let Some(info) = bearer(headers).and_then(|t| self.tokens.get_mut(t)) {
            info.revoked = Some(Revoked::Session(shape));
        }
        if let Some(s) = cookie(headers, "sessionid").and_then(|id| self.gtk_sessions.get_mut(id)) {
            s.revoked = Some(shape);
        }
    }

    /// A new EMIS GTK cookie session: `emisSSO=…; sessionid=…`.
    pub fn mint_gtk_session(&mut self) -> String {
        let sso = self.rng.token_chars(48);
        let sid: String = self
            .rng
            .token_chars(32)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    'x'
                }
            })
            .collect();
        self.gtk_sessions.insert(
            sid.clone(),
            GtkSession {
                sso: sso.clone(),
                revoked: None,
            },
        );
        format!("emisSSO={sso}; sessionid={sid}")
    }

    /// The EMIS GTK session of a request: both cookies, matching a minted session. Anything else
    /// is the login redirect (or the shape the session was ended in).
    pub fn gtk_session(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        let sso = cookie(headers, "emisSSO");
        let session = cookie(headers, "sessionid").and_then(|id| self.gtk_sessions.get(id));
        match (sso, session) {
            (Some(sso), Some(s)) if s.sso == sso => match s.revoked {
                Some(shape) => Err(ApiError::session(shape)),
                None => Ok(()),
            },
            _ => Err(ApiError::session(SessionShape::Redirect)),
        }
    }

    /// PINTAR `cek_nip`: the PINTAR token or any valid EMIS token.
    pub fn pintar_auth(&self, headers: &HeaderMap) -> Result<(), ApiError> {
        if bearer(headers) == Some(self.pintar_token.as_str()) {
            return Ok(());
        }
        self.authenticate(headers).map(|_| ())
    }
}
