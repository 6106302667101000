//! Idempotency-Key store: same key + same body ⇒ the first response again, nothing changed;
//! same key + different body ⇒ 409 `idempotency_mismatch`.
//!
//! Keys are scoped per caller (token subject). The body is compared as canonical JSON (key
//! order and whitespace do not matter); a body that is not JSON is compared byte for byte.

use crate::http::{ApiError, bytes_response};
use crate::state::SimState;
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// A stored first response.
#[derive(Debug, Clone)]
pub(crate) struct IdemEntry {
    pub fingerprint: u64,
    pub path: String,
    pub status: u16,
    pub body: Vec<u8>,
    pub applied: u64,
    pub replays: u64,
    pub mismatches: u64,
}

/// Outcome of looking a key up.
pub(crate) enum Check {
    /// Unknown key: process the request, then [`store`].
    Fresh,
    /// Known key, same body: answer this.
    Replay(Response),
    /// Known key, other body.
    Mismatch(Response),
}

struct Fnv(u64);

impl Fnv {
    fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
}

fn hash_value(h: &mut Fnv, v: &Value) {
    match v {
        Value::Null => h.write(b"n"),
        Value::Bool(b) => h.write(if *b { b"t" } else { b"f" }),
        Value::Number(n) => {
            h.write(b"#");
            h.write(n.to_string().as_bytes());
        }
        Value::String(s) => {
            h.write(b"\"");
            h.write(&(s.len() as u64).to_le_bytes());
            h.write(s.as_bytes());
        }
        Value::Array(a) => {
            h.write(b"[");
            h.write(&(a.len() as u64).to_le_bytes());
            for x in a {
                hash_value(h, x);
            }
        }
        Value::Object(m) => {
            h.write(b"{");
            h.write(&(m.len() as u64).to_le_bytes());
            let mut keys: Vec<&String> = m.keys().collect();
            keys.sort();
            for k in keys {
                h.write(&(k.len() as u64).to_le_bytes());
                h.write(k.as_bytes());
                hash_value(h, &m[k]);
            }
        }
    }
}

/// Fingerprint of a request: endpoint + canonical body.
pub(crate) fn fingerprint(endpoint: &str, body: &[u8]) -> u64 {
    let mut h = Fnv::new();
    h.write(endpoint.as_bytes());
    h.write(b"\0");
    match serde_json::from_slice::<Value>(body) {
        Ok(v) => hash_value(&mut h, &v),
        Err(_) => h.write(body),
    }
    h.0
}

/// Looks a key up (counts replays and mismatches).
pub(crate) fn check(st: &mut SimState, scope: &str, key: &str, fp: u64) -> Check {
    let Some(e) = st.idem.get_mut(&(scope.to_string(), key.to_string())) else {
        return Check::Fresh;
    };
    if e.fingerprint != fp {
        e.mismatches += 1;
        return Check::Mismatch(
            ApiError::new(
                StatusCode::CONFLICT,
                "idempotency_mismatch",
                "Idempotency-Key sudah dipakai untuk permintaan lain",
            )
            .into_response(),
        );
    }
    e.replays += 1;
    let status = StatusCode::from_u16(e.status).unwrap_or(StatusCode::OK);
    let mut r = bytes_response(status, e.body.clone());
    r.headers_mut()
        .insert("idempotent-replayed", HeaderValue::from_static("true"));
    Check::Replay(r)
}

/// Stores the first response of a key.
pub(crate) fn store(st: &mut SimState, scope: &str, key: &str, path: &str, fp: u64, status: StatusCode, body: &[u8]) {
    st.idem.insert(
        (scope.to_string(), key.to_string()),
        IdemEntry {
            fingerprint: fp,
            path: path.to_string(),
            status: status.as_u16(),
            body: body.to_vec(),
            applied: 1,
            replays: 0,
            mismatches: 0,
        },
    );
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn canonical_fingerprint() {
        let a = fingerprint("POST /x", br#"{"items":[{"op":"create","key":{"nik":"1"}}]}"#);
        let b = fingerprint(
            "POST /x",
            b" { \"items\" : [ {\"key\":{\"nik\":\"1\"}, \"op\":\"create\"} ] } ",
        );
        let c = fingerprint("POST /x", br#"{"items":[{"op":"update","key":{"nik":"1"}}]}"#);
        let d = fingerprint("POST /y", br#"{"items":[{"op":"create","key":{"nik":"1"}}]}"#);
        assert_eq!(a, b);
        assert_ne!(a, c);
        assert_ne!(a, d);
    }
}
