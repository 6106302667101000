//! Fault injection: rules that match requests by method and path prefix and inject a fault,
//! deterministically (counters and a seeded PRNG, never the wall clock).
//!
//! JSON form (what `POST /__sim/faults` takes):
//! ```json
//! {"rules": [
//!   {"method": "POST", "path_prefix": "/v1/students/ppdb", "nth": 1,
//!    "fault": {"reset_mid_body": {"after_bytes": 0}}, "after_apply": true},
//!   {"path_prefix": "/v1/students", "every": 3, "fault": {"status": 503}},
//!   {"path_prefix": "/v1/", "probability": 0.2, "fault": {"too_many_requests": {"retry_after": {"seconds": 2}}}},
//!   {"path_prefix": "/v1/", "fault": {"too_many_requests": {"retry_after": null}}},
//!   {"path_prefix": "/v1/", "nth": 4, "fault": {"expire_session": {"as": "419"}}},
//!   {"path_prefix": "/v1/students", "fault": "endless_body"},
//!   {"path_prefix": "/v1/students", "fault": "hang"},
//!   {"path_prefix": "/v1/sync-jobs", "fault": {"queue_length": 5}},
//!   {"path_prefix": "/v1/", "nth": 4, "fault": "expire_token"}
//! ]}
//! ```

use crate::fault_bodies as bodies;
use crate::http::ApiError;
use crate::rng::SplitMix64;
use crate::state::App;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use emis_core::catalog::codes as C;
use serde::{Deserialize, Serialize};
use std::time::Duration;

/// The whole fault configuration. Rules are checked in order; every matching rule counts the
/// request, the first one that fires wins.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Faults {
    /// Rules.
    pub rules: Vec<FaultRule>,
    /// Seed for `probability` (default: the simulator's seed).
    pub seed: Option<u64>,
}

impl Faults {
    /// No faults.
    pub fn none() -> Faults {
        Faults::default()
    }
    /// One rule.
    pub fn single(rule: FaultRule) -> Faults {
        Faults {
            rules: vec![rule],
            seed: None,
        }
    }
    /// Adds a rule.
    pub fn with(mut self, rule: FaultRule) -> Faults {
        self.rules.push(rule);
        self
    }
}

/// Which requests a rule matches, when it fires, and what it injects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FaultRule {
    /// HTTP method (`GET`, `POST`); any when absent.
    #[serde(default)]
    pub method: Option<String>,
    /// Path prefix, e.g. `/v1/students/pontrens/batch`; `""` matches every EMIS path.
    /// `/__sim/` control paths are never faulted.
    #[serde(default)]
    pub path_prefix: String,
    /// The fault.
    pub fault: Fault,
    /// Fire only on the n-th matching request (1-based).
    #[serde(default)]
    pub nth: Option<u64>,
    /// Fire on every k-th matching request.
    #[serde(default)]
    pub every: Option<u64>,
    /// Fire with this probability (seeded, deterministic per match number).
    #[serde(default)]
    pub probability: Option<f64>,
    /// Fire at most this many times.
    #[serde(default)]
    pub times: Option<u64>,
    /// For writes: let the request change the state first, then inject the fault into the
    /// response (the change stays applied; a retry with the same Idempotency-Key replays it).
    #[serde(default)]
    pub after_apply: bool,
}

impl FaultRule {
    /// A rule that fires on every matching request.
    pub fn new(method: Option<&str>, path_prefix: &str, fault: Fault) -> FaultRule {
        FaultRule {
            method: method.map(str::to_string),
            path_prefix: path_prefix.to_string(),
            fault,
            nth: None,
            every: None,
            probability: None,
            times: None,
            after_apply: false,
        }
    }
    /// Only the n-th match.
    pub fn nth(mut self, n: u64) -> FaultRule {
        self.nth = Some(n);
        self
    }
    /// Every k-th match.
    pub fn every(mut self, k: u64) -> FaultRule {
        self.every = Some(k);
        self
    }
    /// With probability `p`.
    pub fn probability(mut self, p: f64) -> FaultRule {
        self.probability = Some(p);
        self
    }
    /// At most `n` times.
    pub fn times(mut self, n: u64) -> FaultRule {
        self.times = Some(n);
        self
    }
    /// Inject after the state change.
    pub fn after_apply(mut self) -> FaultRule {
        self.after_apply = true;
        self
    }
    fn matches(&self, method: &Method, path: &str) -> bool {
        self.method
            .as_deref()
            .is_none_or(|m| m.eq_ignore_ascii_case(method.as_str()))
            && path.starts_with(&self.path_prefix)
    }
}

/// `Retry-After` of a 429. JSON: `{"seconds": n}`, `{"http_date": n}`, or `null` (no header,
/// as the real server answers).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RetryAfter {
    /// `Retry-After: <n>`.
    Seconds(u64),
    /// `Retry-After: <IMF-fixdate>` n seconds after the real wall clock.
    HttpDate(u64),
    /// No `Retry-After` header.
    #[default]
    Absent,
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum RetryAfterRepr {
    Seconds(u64),
    HttpDate(u64),
}

impl Serialize for RetryAfter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match *self {
            RetryAfter::Seconds(n) => RetryAfterRepr::Seconds(n).serialize(s),
            RetryAfter::HttpDate(n) => RetryAfterRepr::HttpDate(n).serialize(s),
            RetryAfter::Absent => s.serialize_none(),
        }
    }
}

impl<'de> Deserialize<'de> for RetryAfter {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Option::<RetryAfterRepr>::deserialize(d)? {
            Some(RetryAfterRepr::Seconds(n)) => RetryAfter::Seconds(n),
            Some(RetryAfterRepr::HttpDate(n)) => RetryAfter::HttpDate(n),
            None => RetryAfter::Absent,
        })
    }
}

/// How an expired session answers (`{"expire_session": {"as": "419"}}`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SessionShape {
    /// `401 {"message": "Unauthenticated."}`.
    #[serde(rename = "401")]
    Unauthorized,
    /// `403 {"message": "Forbidden."}`.
    #[serde(rename = "403")]
    Forbidden,
    /// `419 {"message": "Page Expired"}` (Laravel's CSRF/session expiry).
    #[serde(rename = "419")]
    PageExpired,
    /// `200 text/html`: the login page.
    #[serde(rename = "html")]
    Html,
    /// `302 Location: /login`, empty body.
    #[serde(rename = "redirect")]
    Redirect,
}

/// What a rule injects.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fault {
    /// Send the headers (with the full `Content-Length`) and part of the body, then drop the
    /// connection. `after_bytes` defaults to half the body.
    ResetMidBody {
        /// Bytes sent before the reset.
        #[serde(default)]
        after_bytes: Option<usize>,
    },
    /// Answer with this status (500, 502, 503...) and an error envelope.
    Status(u16),
    /// 429 `{"message": "Too Many Attempts."}`, with `Retry-After` unless it is `null`.
    TooManyRequests {
        /// The header value (`null`: no header).
        #[serde(default)]
        retry_after: RetryAfter,
    },
    /// Wait this many milliseconds (real time) before answering (after applying, with
    /// `after_apply`).
    Delay(u64),
    /// A complete response whose JSON has a syntax error.
    MalformedJson,
    /// A complete response whose JSON is cut in half.
    TruncatedJson,
    /// The bearer token is treated as expired from now on: this request answers 401
    /// `{"message": "Token has expired"}`.
    ExpireToken,
    /// The session ends now: the request's bearer token (and EMIS GTK cookie session) is
    /// revoked, this request and every later one with it answer in `as`'s shape.
    ExpireSession {
        /// The shape of the answer.
        #[serde(rename = "as")]
        shape: SessionShape,
    },
    /// `200 application/json` whose body never ends (bytes until the client disconnects, the
    /// server stops, or 4 GiB).
    EndlessBody,
    /// Never answers (the request ends when the server shuts down).
    Hang,
    /// In a batch, every n-th item (1-based) is rejected before processing.
    PartialBatchRejection {
        /// n.
        every_nth_item: usize,
        /// Item code (default `sync.ditolak_sementara`).
        #[serde(default)]
        code: Option<String>,
    },
    /// New sync jobs / registrations start at this queue position.
    QueueLength(u64),
}

/// Per-rule counters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleCounter {
    /// Matching requests seen.
    pub seen: u64,
    /// Times fired.
    pub fired: u64,
}

/// Request extension: reject every n-th batch item.
#[derive(Debug, Clone)]
pub(crate) struct BatchFault {
    pub every_nth_item: usize,
    pub code: String,
}

/// Request extension: initial queue position.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QueueLen(pub u64);

/// Picks the fault for a request (updates counters).
pub(crate) fn select(
    faults: &Faults,
    counters: &mut Vec<RuleCounter>,
    seed: u64,
    method: &Method,
    path: &str,
) -> Option<(Fault, bool)> {
    if path.starts_with("/__sim") {
        return None;
    }
    counters.resize(faults.rules.len(), RuleCounter::default());
    let mut chosen = None;
    for (i, rule) in faults.rules.iter().enumerate() {
        if !rule.matches(method, path) {
            continue;
        }
        let c = &mut counters[i];
        c.seen += 1;
        if chosen.is_some() || rule.times.is_some_and(|t| c.fired >= t) {
            continue;
        }
        let n = c.seen;
        let mut fires = rule.nth.is_none_or(|k| n == k) && rule.every.is_none_or(|k| k > 0 && n.is_multiple_of(k));
        if let Some(p) = rule.probability {
            let mut r = SplitMix64::derive(
                faults.seed.unwrap_or(seed) ^ n.wrapping_mul(0x9e37),
                &format!("rule{i}"),
            );
            fires &= r.chance(p);
        }
        if fires {
            c.fired += 1;
            chosen = Some((rule.fault.clone(), rule.after_apply));
        }
    }
    chosen
}

/// The middleware: request counting, `X-Request-Id`, the read limit, fault injection.
pub(crate) async fn layer(State(app): State<App>, req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let read = method == Method::GET || method == Method::HEAD;
    let (request_id, chosen, limited) = {
        let mut st = app.lock();
        let id = st.note_request(&method, &path);
        let seed = st.seed;
        let faults = st.faults.clone();
        let limited = read && path.starts_with("/v1/") && !st.read_allowed(req.headers());
        (
            id,
            select(&faults, &mut st.fault_counters, seed, &method, &path),
            limited,
        )
    };
    let mut resp = if limited {
        bodies::too_many(RetryAfter::Absent)
    } else {
        match chosen {
            None => next.run(req).await,
            Some((fault, after_apply)) => inject(&app, fault, after_apply, read, req, next).await,
        }
    };
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        resp.headers_mut().insert("x-request-id", v);
    }
    resp
}

async fn inject(app: &App, fault: Fault, after_apply: bool, read: bool, req: Request, next: Next) -> Response {
    match fault {
        Fault::ExpireToken => {
            app.lock().expire_token(req.headers());
            ApiError::message(StatusCode::UNAUTHORIZED, "Token has expired").into_response()
        }
        Fault::ExpireSession { shape } => {
            app.lock().expire_session(req.headers(), shape);
            ApiError::session(shape).into_response()
        }
        Fault::PartialBatchRejection { every_nth_item, code } => {
            let mut req = req;
            req.extensions_mut().insert(BatchFault {
                every_nth_item,
                code: code.unwrap_or_else(|| C::SYNC_DITOLAK_SEMENTARA.into()),
            });
            next.run(req).await
        }
        Fault::QueueLength(n) => {
            let mut req = req;
            req.extensions_mut().insert(QueueLen(n));
            next.run(req).await
        }
        Fault::Delay(ms) => {
            if after_apply {
                let r = next.run(req).await;
                tokio::time::sleep(Duration::from_millis(ms)).await;
                r
            } else {
                tokio::time::sleep(Duration::from_millis(ms)).await;
                next.run(req).await
            }
        }
        Fault::Status(code) => {
            if after_apply {
                let _ = next.run(req).await;
            }
            bodies::status_fault(code)
        }
        Fault::TooManyRequests { retry_after } => {
            if after_apply {
                let _ = next.run(req).await;
            }
            bodies::too_many(retry_after)
        }
        Fault::EndlessBody => {
            if after_apply {
                let _ = next.run(req).await;
            }
            bodies::endless(app.stop_signal())
        }
        Fault::Hang => {
            if after_apply {
                let _ = next.run(req).await;
            }
            crate::server::wait_stop(app.stop_signal()).await;
            bodies::dropped()
        }
        f @ (Fault::MalformedJson | Fault::TruncatedJson | Fault::ResetMidBody { .. }) => {
            let (status, headers, body) = if after_apply || read {
                let r = next.run(req).await;
                let (parts, body) = r.into_parts();
                let bytes = axum::body::to_bytes(body, 64 << 20).await.unwrap_or_default();
                (parts.status, parts.headers, bytes)
            } else {
                // A write that must not be applied: corrupt a generic error body instead.
                let e = ApiError::new(StatusCode::BAD_GATEWAY, "bad_gateway", "Respons tidak lengkap");
                (
                    StatusCode::BAD_GATEWAY,
                    Default::default(),
                    Bytes::from(e.body().to_string()),
                )
            };
            bodies::corrupt(f, status, headers, body)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shapes_and_triggers() {
        let f: Faults = serde_json::from_str(
            r#"{"rules":[{"method":"POST","path_prefix":"/v1/x","nth":2,"fault":{"status":503}},
                {"path_prefix":"/v1/","fault":{"too_many_requests":{"retry_after":{"seconds":2}}},"times":1},
                {"path_prefix":"/v1/y","fault":"expire_token"},
                {"path_prefix":"/v1/z","fault":{"reset_mid_body":{}},"after_apply":true}]}"#,
        )
        .unwrap();
        assert_eq!(f.rules[0].fault, Fault::Status(503));
        assert_eq!(f.rules[2].fault, Fault::ExpireToken);
        let mut c = Vec::new();
        let post = Method::POST;
        // First /v1/x POST: rule 0 sees 1 (no fire), rule 1 fires (429, once).
        assert!(matches!(
            select(&f, &mut c, 1, &post, "/v1/x").unwrap().0,
            Fault::TooManyRequests { .. }
        ));
        assert_eq!(select(&f, &mut c, 1, &post, "/v1/x").unwrap().0, Fault::Status(503));
        assert!(select(&f, &mut c, 1, &post, "/v1/x").is_none());
        assert!(select(&f, &mut c, 1, &post, "/__sim/state").is_none());
        let p = Faults::single(FaultRule::new(None, "/", Fault::MalformedJson).probability(0.5));
        let mut c1 = Vec::new();
        let mut c2 = Vec::new();
        let a: Vec<bool> = (0..64).map(|_| select(&p, &mut c1, 9, &post, "/a").is_some()).collect();
        let b: Vec<bool> = (0..64).map(|_| select(&p, &mut c2, 9, &post, "/a").is_some()).collect();
        assert_eq!(a, b);
        assert!(a.iter().any(|x| *x) && a.iter().any(|x| !*x));
    }
}
