//! One request with auth, pacing and retries. Reads (and the POSTs that change nothing) are
//! repeated on transient failures, including an unreadable 2xx body; a write is repeated only
//! when the answer proves it was not applied (429, a refused connection, an ended session),
//! and otherwise fails with [`Error::OutcomeUnknown`] so that the sync looks it up first.

use super::classify::{self, Class};
use super::client::{ClientEvent, EmisClient};
use super::endpoints::{self, Base, Endpoint};
use super::pacing::Lane;
use crate::error::{Error, Result};
use crate::transport::{ApiRequest, ApiResponse, Backoff, TransportError};
use std::sync::atomic::Ordering::Relaxed;
use std::time::Duration;

/// Request body kinds.
pub(crate) enum Body {
    None,
    Json(serde_json::Value),
    Form(Vec<(String, String)>),
    Multipart(String, Vec<u8>),
}

/// One call: what to send and how to treat it.
pub(crate) struct Call<'a> {
    pub ep: &'a Endpoint,
    /// Path template (default: the endpoint's).
    pub path: Option<&'a str>,
    /// Method on the wire (default: the endpoint's).
    pub method: Option<crate::transport::Method>,
    pub id: Option<&'a str>,
    pub query: Vec<(&'a str, String)>,
    pub body: Body,
    pub idempotency_key: Option<&'a str>,
    /// Extra headers (cookies, `X-Requested-With`).
    pub headers: Vec<(String, String)>,
}

impl<'a> Call<'a> {
    pub(crate) fn new(ep: &'a Endpoint) -> Call<'a> {
        Call {
            ep,
            path: None,
            method: None,
            id: None,
            query: Vec::new(),
            body: Body::None,
            idempotency_key: None,
            headers: Vec::new(),
        }
    }
    pub(crate) fn id(mut self, id: &'a str) -> Self {
        self.id = Some(id);
        self
    }
    pub(crate) fn query(mut self, q: Vec<(&'a str, String)>) -> Self {
        self.query = q;
        self
    }
    pub(crate) fn body(mut self, b: Body) -> Self {
        self.body = b;
        self
    }
}

/// True when sending the request twice cannot change more on the server than sending it once.
fn safe_to_repeat(ep: &Endpoint, key: Option<&str>) -> bool {
    // Not the refresh: EMIS rotates the token on refresh, so a second try with the old token
    // is refused; a lost refresh reply falls back to a fresh login instead.
    const READ_ONLY_POSTS: [Endpoint; 3] = [endpoints::LOGIN, endpoints::PARTNER_LOGIN, endpoints::SIMPEG_CEK_NIP];
    (ep.method.is_idempotent() && ep.method == crate::transport::Method::Get)
        || READ_ONLY_POSTS.contains(ep)
        || key.is_some()
}

fn reason_of(class_status: Option<u16>, te: Option<&TransportError>) -> String {
    match (class_status, te) {
        (Some(429), _) => "rate_limited".into(),
        (Some(s), _) => format!("http_{s}"),
        (None, Some(TransportError::Timeout)) => "timeout".into(),
        (None, Some(TransportError::Connect(_))) => "connect".into(),
        (None, Some(_)) => "transport".into(),
        (None, None) => "decode".into(),
    }
}

impl EmisClient {
    fn request_for(&self, call: &Call<'_>) -> Result<ApiRequest> {
        let ep = call.ep;
        let url = self.url(ep, call.path.unwrap_or(ep.path), call.id, &call.query)?;
        let mut r = ApiRequest::new(call.method.unwrap_or(ep.method), url);
        r.timeout = Some(self.inner.cfg.timeout);
        r.max_response_bytes = Some(self.inner.cfg.max_response_bytes);
        r = r.header("Accept", "application/json");
        r = match &call.body {
            Body::None => r,
            Body::Json(v) => r.json(v),
            Body::Form(f) => {
                let pairs: Vec<(&str, &str)> = f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
                r.form(&pairs)
            }
            Body::Multipart(ct, bytes) => {
                let mut r = r.header("Content-Type", ct.clone());
                r.body = Some(bytes.clone());
                r
            }
        };
        for (k, v) in &call.headers {
            r = r.header(k, v.clone());
        }
        r.idempotency_key = call.idempotency_key.map(str::to_string);
        Ok(r)
    }

    /// Sends `call` and decodes its 2xx answer with `decode`. `managed_auth` false = the auth
    /// endpoints themselves.
    pub(crate) async fn call<T>(
        &self,
        call: Call<'_>,
        managed_auth: bool,
        decode: impl Fn(&ApiResponse) -> Result<T>,
    ) -> Result<T> {
        let ep = call.ep;
        let base_req = self.request_for(&call)?;
        let write = !safe_to_repeat(ep, call.idempotency_key);
        // The refresh is not repeated, but it is no data write: it is paced like a read.
        let lane = if write && *ep != endpoints::REFRESH {
            Lane::Write
        } else {
            Lane::Read
        };
        let policy = self.inner.cfg.retry.clone();
        let max_attempts = policy.max_attempts;
        let mut backoff = Backoff::new(policy, self.now_ms() as u64);
        let mut renewed = false;
        let uses_token = ep.auth && ep.base == Base::Emis;
        loop {
            if uses_token && managed_auth {
                Box::pin(self.ensure_token()).await?;
            }
            let mut req = base_req.clone();
            match ep.base {
                Base::Emis if ep.auth => {
                    if let Some(b) = self.bearer() {
                        req.headers.push(("Authorization".into(), b));
                    }
                }
                Base::Simpeg => {
                    let tok = self
                        .inner
                        .pintar_token
                        .as_ref()
                        .map(|t| t.expose().to_string())
                        .or_else(|| self.bearer().map(|b| b.trim_start_matches("Bearer ").to_string()));
                    if let Some(t) = tok {
                        req.headers.push(("Authorization".into(), format!("Bearer {t}")));
                    }
                }
                Base::Gtk => {
                    if let Some(c) = &self.inner.gtk_cookie {
                        req.headers.push(("Cookie".into(), c.expose().to_string()));
                    }
                    req.headers.push(("X-Requested-With".into(), "XMLHttpRequest".into()));
                }
                Base::Emis => {}
            }
            let wait = self.inner.pacer.reserve(lane, self.now_ms());
            if !wait.is_zero() {
                self.inner.sleep.sleep(wait).await;
            }
            backoff.record_attempt();
            let attempt = backoff.attempts();
            let started = self.now_ms();
            self.inner.requests.fetch_add(1, Relaxed);
            self.inner
                .bytes_out
                .fetch_add(req.body.as_ref().map_or(0, |b| b.len() as u64), Relaxed);
            // One span per attempt: endpoint template (never the filled path or query, which
            // can hold ids, names and birth dates), method, attempt, then status and duration.
            let span = tracing::debug_span!(
                target: "emis::http",
                "emis.request",
                endpoint = ep.name,
                method = ep.method.as_str(),
                path = ep.path,
                attempt,
                status = tracing::field::Empty,
                duration_ms = tracing::field::Empty,
            );
            let result = {
                use tracing::Instrument;
                self.inner.transport.send(req).instrument(span.clone()).await
            };
            let elapsed = self.now_ms() - started;
            span.record("duration_ms", elapsed);
            let answered = result.as_ref().map_or(0, |r| r.status);
            self.inner
                .pacer
                .observe(lane, Duration::from_millis(elapsed.max(0) as u64), answered);
            if lane == Lane::Write {
                self.inner.pacer.finished(lane, self.now_ms());
            }
            let (class, status, te, resp) = match result {
                Ok(resp) => {
                    span.record("status", resp.status);
                    self.inner.bytes_in.fetch_add(resp.body.len() as u64, Relaxed);
                    tracing::debug!(target: "emis::http", endpoint = ep.name, status = resp.status, attempt, duration_ms = elapsed, "response");
                    (
                        classify::response(&resp, self.now_ms()),
                        Some(resp.status),
                        None,
                        Some(resp),
                    )
                }
                Err(te) => {
                    tracing::debug!(target: "emis::http", endpoint = ep.name, attempt, duration_ms = elapsed, error = %te, "transport error");
                    (classify::transport(&te), None, Some(te), None)
                }
            };
            // What the failure is, as an error, if it is one.
            let err = |retry_after: Option<Duration>| -> Error {
                match (&resp, &te) {
                    (Some(r), _) => classify::status_error(ep, r, retry_after),
                    (None, Some(TransportError::Timeout)) => Error::Timeout(self.inner.cfg.timeout),
                    (None, Some(TransportError::TooLarge(n))) => Error::ResponseTooLarge { limit: *n },
                    (None, Some(t)) => Error::Transport { message: t.to_string() },
                    (None, None) => Error::Transport {
                        message: "no answer".into(),
                    },
                }
            };
            let (error, retry_after, rate_limited, maybe_applied) = match class {
                Class::Success => {
                    let resp = resp.unwrap_or_else(|| ApiResponse {
                        status: 200,
                        headers: Vec::new(),
                        body: Vec::new(),
                    });
                    match decode(&resp) {
                        // An unreadable answer to a read is read again (reads are safe to repeat).
                        Err(e @ Error::Decode { .. }) if !write => (e, None, false, false),
                        Err(e @ Error::Decode { .. }) => return Err(Error::OutcomeUnknown { last: Box::new(e) }),
                        other => return other,
                    }
                }
                Class::Expired | Class::Forbidden if !managed_auth || ep.base != Base::Emis || !ep.auth => {
                    return Err(match ep.base {
                        Base::Gtk => Error::SessionExpired { what: "EMIS GTK" },
                        Base::Simpeg if matches!(class, Class::Expired) => Error::SessionExpired { what: "PINTAR" },
                        _ if matches!(class, Class::Forbidden) => err(None),
                        _ => match resp.as_ref().map(|r| r.status) {
                            Some(s) if (200..400).contains(&s) => Error::Auth("server mengirim halaman login".into()),
                            _ => err(None),
                        },
                    });
                }
                Class::Forbidden if !ep.essential => return Err(err(None)),
                Class::Expired | Class::Forbidden => {
                    // The session ended (auth middleware answered: nothing was applied).
                    if renewed {
                        return Err(match class {
                            Class::Forbidden => err(None),
                            _ => Error::Auth("sesi berakhir lagi setelah login ulang / session ended again".into()),
                        });
                    }
                    renewed = true;
                    Box::pin(self.renew_after_expiry()).await?;
                    self.emit(ClientEvent::SessionRenewed);
                    continue;
                }
                Class::Retry {
                    retry_after,
                    rate_limited,
                    maybe_applied,
                } => (err(retry_after), retry_after, rate_limited, maybe_applied),
                Class::Final { maybe_applied } => {
                    let e = err(None);
                    return Err(if write && maybe_applied {
                        Error::OutcomeUnknown { last: Box::new(e) }
                    } else {
                        e
                    });
                }
            };
            if write && maybe_applied {
                return Err(Error::OutcomeUnknown { last: Box::new(error) });
            }
            if rate_limited {
                let d = retry_after.unwrap_or(self.inner.cfg.retry.min_rate_limit_delay);
                self.inner.pacer.push_back(lane, self.now_ms(), d);
            }
            match backoff.next_delay(retry_after, rate_limited) {
                Some(d) => {
                    let reason = reason_of(status, te.as_ref());
                    tracing::info!(target: "emis::http", endpoint = ep.name, attempt, wait_ms = d.as_millis() as u64, reason = reason.as_str(), "retrying");
                    self.emit(ClientEvent::Retrying {
                        endpoint: ep.name,
                        attempt,
                        max_attempts,
                        wait: d,
                        reason,
                    });
                    self.inner.sleep.sleep(d).await;
                }
                None => {
                    return Err(if attempt <= 1 {
                        error
                    } else {
                        Error::RetriesExhausted {
                            attempts: attempt,
                            last: Box::new(error),
                        }
                    });
                }
            }
        }
    }

    /// Sends `call` and decodes `results` as `T`.
    pub(crate) async fn get<T: serde::de::DeserializeOwned>(&self, call: Call<'_>) -> Result<(T, super::PageMeta)> {
        self.call(call, true, super::envelope::decode_results).await
    }
}
