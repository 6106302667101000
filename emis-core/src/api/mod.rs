//! The EMIS 4.0 client: one method per endpoint of [`endpoints`], over an injected
//! [`Transport`], [`Clock`] and [`Sleep`]. Auth (login, refresh before expiry, one re-login on
//! 401), retries (transient failures only; writes only with their idempotency key, which stays
//! the same across attempts), decode errors with JSON paths, and a `tracing` span per request
//! with no personal data and no secrets.

pub mod auth;
pub mod endpoints;
mod types;

pub use auth::{Credentials, Secret};
pub use endpoints::Endpoint;
pub use types::*;

use crate::error::{Error, Result};
use crate::model::{Gtk, Lembaga, Periode, Santri, SimpegSnapshot};
use crate::transport::{
    ApiRequest, ApiResponse, Backoff, RetryPolicy, SharedClock, SharedSleep, SharedTransport, TransportError,
    parse_retry_after,
};
use auth::Session;
use endpoints::Base;
use serde::de::DeserializeOwned;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Turns a server id into the form detail URLs need. The real server wants AES-256-CBC with a
/// double base64 encoding and a key the caller configures; emis ships no key.
pub trait IdEncryptor: crate::transport::MaybeSendSync + std::fmt::Debug {
    /// The id as it goes into the URL.
    fn encrypt(&self, id: &str) -> Result<String>;
}

/// Sends ids as they are (the simulator, or servers that take plain ids).
#[derive(Debug, Clone, Copy, Default)]
pub struct PlainId;

impl IdEncryptor for PlainId {
    fn encrypt(&self, id: &str) -> Result<String> {
        Ok(id.to_string())
    }
}

/// Client options.
#[derive(Debug, Clone)]
pub struct EmisConfig {
    /// EMIS base URL (scheme + host, e.g. `https://api-emis.kemenag.go.id`).
    pub base_url: url::Url,
    /// Path prefix, default `/v1`.
    pub prefix: String,
    /// SIMPEG base URL (default: the EMIS base URL).
    pub simpeg_base_url: Option<url::Url>,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Retries.
    pub retry: RetryPolicy,
    /// Renew the token this long before `exp`.
    pub refresh_margin: Duration,
    /// Interval between polls of queued jobs when the server gives no estimate.
    pub poll_interval: Duration,
    /// Longest wait for a queued job or registration.
    pub max_queue_wait: Duration,
    /// Longest single wait between two polls of a queue, whatever the server estimates.
    pub max_poll_interval: Duration,
}

impl EmisConfig {
    /// Options for a base URL with defaults (prefix `/v1`, 30 s timeout, default retries).
    pub fn new(base_url: &str) -> Result<EmisConfig> {
        let base_url = url::Url::parse(base_url).map_err(|e| Error::Config(format!("base URL: {e}")))?;
        if !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config("base URL harus http(s)".into()));
        }
        Ok(EmisConfig {
            base_url,
            prefix: "/v1".into(),
            simpeg_base_url: None,
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            refresh_margin: Duration::from_secs(60),
            poll_interval: Duration::from_secs(2),
            max_queue_wait: Duration::from_secs(30 * 60),
            max_poll_interval: Duration::from_secs(30),
        })
    }
}

/// Request body kinds.
enum Body<'a> {
    None,
    Json(&'a serde_json::Value),
    Form(&'a [(&'a str, &'a str)]),
    Multipart(String, Vec<u8>),
}

struct Inner {
    cfg: EmisConfig,
    transport: SharedTransport,
    clock: SharedClock,
    sleep: SharedSleep,
    credentials: Credentials,
    ids: Arc<dyn IdEncryptor>,
    session: Mutex<Option<Session>>,
    requests: std::sync::atomic::AtomicU64,
    bytes_in: std::sync::atomic::AtomicU64,
    bytes_out: std::sync::atomic::AtomicU64,
}

/// The EMIS client. Cheap to clone (shared inner state).
#[derive(Clone)]
pub struct EmisClient {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for EmisClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Scheme, host and path only: a base URL may carry user info or a query.
        let u = &self.inner.cfg.base_url;
        let base = format!("{}{}", u.origin().ascii_serialization(), u.path());
        f.debug_struct("EmisClient")
            .field("base_url", &base)
            .field("credentials", &self.inner.credentials)
            .finish()
    }
}

/// Counters of traffic, for reports and benchmarks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Traffic {
    /// Requests sent (attempts included).
    pub requests: u64,
    /// Response bytes read.
    pub bytes_in: u64,
    /// Request bytes sent.
    pub bytes_out: u64,
}

impl EmisClient {
    /// A client. Use [`crate::transport::ReqwestTransport`] and the native clock/sleep, or your own.
    pub fn new(
        cfg: EmisConfig,
        credentials: Credentials,
        transport: SharedTransport,
        clock: SharedClock,
        sleep: SharedSleep,
    ) -> EmisClient {
        let session = match &credentials {
            Credentials::Token(t) => Some(Session::new(t.expose().to_string())),
            _ => None,
        };
        EmisClient {
            inner: Arc::new(Inner {
                cfg,
                transport,
                clock,
                sleep,
                credentials,
                ids: Arc::new(PlainId),
                session: Mutex::new(session),
                requests: Default::default(),
                bytes_in: Default::default(),
                bytes_out: Default::default(),
            }),
        }
    }

    /// A native client on reqwest with the system clock and tokio sleep.
    #[cfg(not(target_arch = "wasm32"))]
    pub fn native(cfg: EmisConfig, credentials: Credentials) -> Result<EmisClient> {
        let t = crate::transport::ReqwestTransport::new().map_err(|e| Error::Config(e.to_string()))?;
        Ok(EmisClient::new(
            cfg,
            credentials,
            Arc::new(t),
            Arc::new(crate::transport::SystemClock),
            Arc::new(crate::transport::TokioSleep),
        ))
    }

    /// Replaces the id encryptor. On a client that is already shared (cloned), the result is a
    /// new client with the same options, credentials, session and counters, and the clones keep
    /// their encryptor (the hook is never silently dropped).
    pub fn with_id_encryptor(mut self, ids: Arc<dyn IdEncryptor>) -> EmisClient {
        if let Some(inner) = Arc::get_mut(&mut self.inner) {
            inner.ids = ids;
            return self;
        }
        use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
        let i = &self.inner;
        let session = i.session.lock().unwrap_or_else(|p| p.into_inner()).clone();
        EmisClient {
            inner: Arc::new(Inner {
                cfg: i.cfg.clone(),
                transport: i.transport.clone(),
                clock: i.clock.clone(),
                sleep: i.sleep.clone(),
                credentials: i.credentials.clone(),
                ids,
                session: Mutex::new(session),
                requests: AtomicU64::new(i.requests.load(Relaxed)),
                bytes_in: AtomicU64::new(i.bytes_in.load(Relaxed)),
                bytes_out: AtomicU64::new(i.bytes_out.load(Relaxed)),
            }),
        }
    }

    /// The options.
    pub fn config(&self) -> &EmisConfig {
        &self.inner.cfg
    }

    /// Traffic so far.
    pub fn traffic(&self) -> Traffic {
        use std::sync::atomic::Ordering::Relaxed;
        Traffic {
            requests: self.inner.requests.load(Relaxed),
            bytes_in: self.inner.bytes_in.load(Relaxed),
            bytes_out: self.inner.bytes_out.load(Relaxed),
        }
    }

    /// Now, from the injected clock (Unix ms).
    pub fn now_ms(&self) -> i64 {
        self.inner.clock.now_unix_ms()
    }

    fn now_s(&self) -> i64 {
        self.inner.clock.now_unix_ms().div_euclid(1000)
    }

    fn url(&self, ep: &Endpoint, id: Option<&str>, query: &[(&str, String)]) -> Result<url::Url> {
        let cfg = &self.inner.cfg;
        let (base, prefix) = match ep.base {
            Base::Emis => (&cfg.base_url, cfg.prefix.trim_end_matches('/')),
            Base::Simpeg => (cfg.simpeg_base_url.as_ref().unwrap_or(&cfg.base_url), ""),
        };
        let mut path = ep.path.to_string();
        if let Some(id) = id {
            let enc: String = url::form_urlencoded::byte_serialize(id.as_bytes()).collect();
            path = path.replace("{id}", &enc);
        }
        let full = format!("{}{}{}", base.as_str().trim_end_matches('/'), prefix, path);
        let mut u = url::Url::parse(&full).map_err(|e| Error::Config(format!("URL: {e}")))?;
        if !query.is_empty() {
            let mut q = u.query_pairs_mut();
            for (k, v) in query {
                q.append_pair(k, v);
            }
        }
        Ok(u)
    }

    /// Logs in now (normally automatic).
    pub async fn login(&self) -> Result<()> {
        let fields_owned: Vec<(&str, String)> = match &self.inner.credentials {
            Credentials::Operator { email, password } => {
                vec![("email", email.clone()), ("password", password.expose().to_string())]
            }
            Credentials::Partner {
                public_key,
                private_key,
            } => vec![
                ("public_key", public_key.clone()),
                ("private_key", private_key.expose().to_string()),
            ],
            Credentials::Token(_) => {
                return Err(Error::Auth(
                    "token kedaluwarsa dan tidak dapat diperbarui; login ulang".into(),
                ));
            }
        };
        let ep = match &self.inner.credentials {
            Credentials::Partner { .. } => endpoints::PARTNER_LOGIN,
            _ => endpoints::LOGIN,
        };
        let fields: Vec<(&str, &str)> = fields_owned.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let resp = self.send(&ep, None, &[], Body::Form(&fields), None, false).await;
        let resp = match resp {
            Ok(r) => r,
            Err(Error::Http {
                status: 400 | 401 | 422,
                ..
            }) => {
                return Err(Error::Auth("email/kunci atau kata sandi salah".into()));
            }
            Err(e) => return Err(e),
        };
        // A refusal inside a 2xx (`success: false`) is a failed login too.
        let token = decode_token(&resp).map_err(|e| match e {
            Error::Http { message, .. } => Error::Auth(message),
            e => e,
        })?;
        *self.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(Session::new(token));
        Ok(())
    }

    async fn refresh(&self) -> Result<()> {
        let resp = self
            .send(&endpoints::REFRESH, None, &[], Body::None, None, false)
            .await?;
        let token = decode_token(&resp)?;
        *self.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = Some(Session::new(token));
        Ok(())
    }

    /// A valid token: logs in when there is none, refreshes (or re-logs in) shortly before `exp`.
    async fn ensure_token(&self) -> Result<()> {
        let margin = self.inner.cfg.refresh_margin.as_secs() as i64;
        let now = self.now_s();
        let state = self.inner.session.lock().unwrap_or_else(|p| p.into_inner()).clone();
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

    fn bearer(&self) -> Option<String> {
        self.inner
            .session
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .as_ref()
            .map(|s| format!("Bearer {}", s.token.expose()))
    }

    /// Sends a request with auth and retries. `managed_auth` false = the auth endpoints
    /// themselves (no token handling).
    async fn send(
        &self,
        ep: &Endpoint,
        id: Option<&str>,
        query: &[(&str, String)],
        body: Body<'_>,
        idempotency_key: Option<&str>,
        managed_auth: bool,
    ) -> Result<ApiResponse> {
        use std::sync::atomic::Ordering::Relaxed;
        let url = self.url(ep, id, query)?;
        let mut base_req = ApiRequest::new(ep.method, url);
        base_req.timeout = Some(self.inner.cfg.timeout);
        base_req = base_req.header("Accept", "application/json");
        base_req = match body {
            Body::None => base_req,
            Body::Json(v) => base_req.json(v),
            Body::Form(f) => base_req.form(f),
            Body::Multipart(ct, bytes) => {
                let mut r = base_req.header("Content-Type", ct);
                r.body = Some(bytes);
                r
            }
        };
        base_req.idempotency_key = idempotency_key.map(str::to_string);
        let may_retry = safe_to_repeat(ep) || idempotency_key.is_some();
        let mut backoff = Backoff::new(self.inner.cfg.retry.clone(), self.inner.clock.now_unix_ms() as u64);
        let mut relogged = false;
        loop {
            if ep.auth && managed_auth {
                Box::pin(self.ensure_token()).await?;
            }
            let mut req = base_req.clone();
            if ep.auth
                && let Some(b) = self.bearer()
            {
                req.headers.push(("Authorization".into(), b));
            }
            backoff.record_attempt();
            let attempt = backoff.attempts();
            let started = self.inner.clock.now_unix_ms();
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
            let elapsed = self.inner.clock.now_unix_ms() - started;
            span.record("duration_ms", elapsed);
            if let Ok(r) = &result {
                span.record("status", r.status);
            }
            let (err, retry_after, rate_limited) = match result {
                Ok(resp) => {
                    self.inner.bytes_in.fetch_add(resp.body.len() as u64, Relaxed);
                    tracing::debug!(
                        target: "emis::http",
                        endpoint = ep.name,
                        method = ep.method.as_str(),
                        path = ep.path,
                        status = resp.status,
                        attempt,
                        duration_ms = elapsed,
                        "response"
                    );
                    if (200..300).contains(&resp.status) {
                        return Ok(resp);
                    }
                    if resp.status == 401 && ep.auth && managed_auth && !relogged {
                        relogged = true;
                        *self.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = None;
                        continue;
                    }
                    let ra = resp
                        .header("retry-after")
                        .and_then(|v| parse_retry_after(v, self.inner.clock.now_unix_ms()));
                    let err = status_error(ep, &resp, ra);
                    if !(RetryPolicy::is_retryable_status(resp.status) && may_retry) {
                        return Err(err);
                    }
                    (err, ra, resp.status == 429)
                }
                Err(te) => {
                    tracing::debug!(
                        target: "emis::http",
                        endpoint = ep.name,
                        method = ep.method.as_str(),
                        path = ep.path,
                        attempt,
                        duration_ms = elapsed,
                        error = %te,
                        "transport error"
                    );
                    let err = match &te {
                        TransportError::Timeout => Error::Timeout(self.inner.cfg.timeout),
                        other => Error::Transport {
                            message: other.to_string(),
                        },
                    };
                    if !(te.is_transient() && may_retry) {
                        return Err(err);
                    }
                    (err, None, false)
                }
            };
            match backoff.next_delay(retry_after, rate_limited) {
                Some(d) => {
                    tracing::info!(target: "emis::http", endpoint = ep.name, attempt, wait_ms = d.as_millis() as u64, "retrying");
                    self.inner.sleep.sleep(d).await;
                }
                None => {
                    return Err(if attempt <= 1 {
                        err
                    } else {
                        Error::RetriesExhausted {
                            attempts: attempt,
                            last: Box::new(err),
                        }
                    });
                }
            }
        }
    }

    async fn get<T: DeserializeOwned>(
        &self,
        ep: &Endpoint,
        id: Option<&str>,
        query: &[(&str, String)],
    ) -> Result<(T, PageMeta)> {
        let resp = self.send(ep, id, query, Body::None, None, true).await?;
        decode_results(&resp)
    }

    // ---------------------------------------------------------------- lembaga, periods

    /// Lembaga by statistic number.
    pub async fn lembaga_info(&self, statistic_num: &str) -> Result<Lembaga> {
        Ok(self
            .get(
                &endpoints::LEMBAGA_INFO,
                None,
                &[("statistic_num", statistic_num.to_string())],
            )
            .await?
            .0)
    }

    /// Lembaga profile tables (free-form; the public profile endpoint).
    pub async fn lembaga_profile(&self, institution_id: &str, academic_year_id: i64) -> Result<serde_json::Value> {
        let q = [
            ("forProfile", "1".to_string()),
            ("institution_id", institution_id.to_string()),
            ("academic_year_id", academic_year_id.to_string()),
        ];
        Ok(self.get(&endpoints::LEMBAGA_PROFILE, None, &q).await?.0)
    }

    /// The server's periods (ids come from here, never computed).
    pub async fn periods(&self) -> Result<Vec<Periode>> {
        Ok(self.get(&endpoints::PERIODS, None, &[]).await?.0)
    }

    // ---------------------------------------------------------------- santri

    /// One page of the santri list (1-based `page`).
    pub async fn santri_page(&self, page: u64, per_page: u64) -> Result<Page<Santri>> {
        let q = [("page", page.to_string()), ("per_page", per_page.to_string())];
        let (items, meta) = self.get(&endpoints::SANTRI_LIST, None, &q).await?;
        Ok(Page { items, meta })
    }

    /// Every santri, page by page, as an async stream. Stops on an empty page or the last page.
    pub fn santri_stream(&self, per_page: u64) -> impl futures_core::Stream<Item = Result<Santri>> + '_ {
        self.paged(per_page, move |c, p, n| Box::pin(c.santri_page(p, n)))
    }

    /// Every santri, collected.
    pub async fn santri_all(&self, per_page: u64) -> Result<Vec<Santri>> {
        collect(self.santri_stream(per_page)).await
    }

    /// Santri detail by server id (encrypted with the configured [`IdEncryptor`]).
    pub async fn santri_detail(&self, id: &str) -> Result<Santri> {
        let enc = self.inner.ids.encrypt(id)?;
        Ok(self.get(&endpoints::SANTRI_DETAIL, Some(&enc), &[]).await?.0)
    }

    /// Search santri by name and birth date / place (before admitting a new santri).
    pub async fn santri_search(
        &self,
        name: &str,
        birth_date: Option<crate::date::Date>,
        birth_place: Option<&str>,
    ) -> Result<Vec<serde_json::Value>> {
        let mut q = vec![("q", name.to_string())];
        if let Some(d) = birth_date {
            q.push(("fdob", d.to_string()));
        }
        if let Some(p) = birth_place {
            q.push(("fbirthplace", p.to_string()));
        }
        Ok(self.get(&endpoints::SANTRI_SEARCH, None, &q).await?.0)
    }

    /// Submits santri changes with an idempotency key (the same key on every retry).
    pub async fn submit_santri_batch(&self, changes: &[Change], idempotency_key: &str) -> Result<Vec<ItemResult>> {
        self.submit(&endpoints::SANTRI_BATCH, changes, idempotency_key).await
    }

    // ---------------------------------------------------------------- GTK, SIMPEG

    /// One page of GTK.
    pub async fn gtk_page(&self, statistic_num: &str, page: u64, per_page: u64) -> Result<Page<Gtk>> {
        let q = [
            ("statistic_num", statistic_num.to_string()),
            ("page", page.to_string()),
            ("per_page", per_page.to_string()),
        ];
        let (items, meta) = self.get(&endpoints::GTK_LIST, None, &q).await?;
        Ok(Page { items, meta })
    }

    /// Every GTK, collected.
    pub async fn gtk_all(&self, statistic_num: &str, per_page: u64) -> Result<Vec<Gtk>> {
        let sn = statistic_num.to_string();
        collect(self.paged(per_page, move |c, p, n| {
            let sn = sn.clone();
            Box::pin(async move { c.gtk_page(&sn, p, n).await })
        }))
        .await
    }

    /// Submits GTK changes.
    pub async fn submit_gtk_batch(&self, changes: &[Change], idempotency_key: &str) -> Result<Vec<ItemResult>> {
        self.submit(&endpoints::GTK_BATCH, changes, idempotency_key).await
    }

    /// "Ambil data dari SIMPEG": the civil-service record for a NIP, or `NotFound` (the GTK
    /// then stays Non PNS).
    pub async fn simpeg_lookup(&self, nip: &crate::id::Nip) -> Result<SimpegLookup> {
        let body = serde_json::json!({ "nip": nip.as_str() });
        let resp = self
            .send(&endpoints::SIMPEG_CEK_NIP, None, &[], Body::Json(&body), None, true)
            .await;
        let resp = match resp {
            Ok(r) => r,
            Err(Error::NotFound(_)) | Err(Error::Unsupported { .. }) => return Ok(SimpegLookup::NotFound),
            Err(e) => return Err(e),
        };
        let v: serde_json::Value = decode_json(&resp.body)?;
        let code = v.get("code").and_then(|c| c.as_i64()).unwrap_or(200);
        if code == 404 {
            return Ok(SimpegLookup::NotFound);
        }
        match v.get("data") {
            Some(serde_json::Value::Object(m)) => Ok(SimpegLookup::Found(Box::new(SimpegSnapshot::from_cek_nip(m)))),
            Some(serde_json::Value::Null) | None => Ok(SimpegLookup::NotFound),
            Some(_) => Err(Error::Decode {
                path: "data".into(),
                message: "harus objek / expected an object".into(),
            }),
        }
    }

    // ---------------------------------------------------------------- jobs, registration

    /// Queues a sync job (202 + job id + queue position).
    pub async fn start_sync_job(&self, scope: &str, idempotency_key: &str) -> Result<SyncJob> {
        let body = serde_json::json!({ "scope": scope });
        let resp = self
            .send(
                &endpoints::SYNC_JOB_START,
                None,
                &[],
                Body::Json(&body),
                Some(idempotency_key),
                true,
            )
            .await?;
        Ok(decode_results(&resp)?.0)
    }

    /// A job's state.
    pub async fn sync_job(&self, job_id: &str) -> Result<SyncJob> {
        Ok(self.get(&endpoints::SYNC_JOB_STATUS, Some(job_id), &[]).await?.0)
    }

    /// Polls a job until done or failed, reporting queue position; bounded by `max_queue_wait`.
    pub async fn wait_sync_job(&self, job_id: &str, progress: &(dyn Fn(&QueueProgress) + '_)) -> Result<SyncJob> {
        let start = self.inner.clock.now_unix_ms();
        loop {
            let job = self.sync_job(job_id).await?;
            progress(&QueueProgress {
                what: "sync_job",
                id: job.job_id.clone(),
                queue_position: job.queue_position,
                estimated_wait_seconds: job.estimated_wait_seconds,
            });
            if matches!(job.status, JobStatus::Done | JobStatus::Failed) {
                return Ok(job);
            }
            self.wait_step(start, job.estimated_wait_seconds).await?;
        }
    }

    async fn wait_step(&self, start_ms: i64, estimate_s: Option<u64>) -> Result<()> {
        let waited = Duration::from_millis((self.inner.clock.now_unix_ms() - start_ms).max(0) as u64);
        if waited >= self.inner.cfg.max_queue_wait {
            return Err(Error::Timeout(self.inner.cfg.max_queue_wait));
        }
        let step = estimate_s
            .map(|s| Duration::from_secs(s).min(self.inner.cfg.max_poll_interval))
            .unwrap_or(self.inner.cfg.poll_interval)
            .max(self.inner.cfg.poll_interval.min(Duration::from_millis(200)));
        self.inner.sleep.sleep(step).await;
        Ok(())
    }

    /// Registers a pengelola account (multipart with the surat tugas upload).
    pub async fn register(&self, reg: &Registration) -> Result<RegistrationStatus> {
        let boundary = format!("emis-{:x}", self.inner.clock.now_unix_ms());
        let kind = reg.kind.group_id().to_string();
        let mut fields: Vec<(&str, &str)> = vec![
            ("full_name", &reg.full_name),
            ("email", &reg.email),
            ("phone", &reg.phone),
            ("nik", reg.nik.expose()),
            ("institution_group_id", &kind),
            ("sk_number", &reg.sk_number),
        ];
        if let Some(s) = &reg.statistic_num {
            fields.push(("statistic_num", s));
        }
        if let Some(n) = &reg.npsn {
            fields.push(("npsn", n));
        }
        let body = multipart(&boundary, &fields, ("surat_tugas", &reg.surat_tugas));
        let ct = format!("multipart/form-data; boundary={boundary}");
        let resp = self
            .send(&endpoints::REGISTER, None, &[], Body::Multipart(ct, body), None, false)
            .await?;
        Ok(decode_results(&resp)?.0)
    }

    /// A registration's state.
    pub async fn registration_status(&self, id: &str) -> Result<RegistrationStatus> {
        let resp = self
            .send(&endpoints::REGISTRATION_STATUS, Some(id), &[], Body::None, None, false)
            .await?;
        Ok(decode_results(&resp)?.0)
    }

    /// Polls until approved or rejected, reporting the queue position.
    pub async fn wait_registration(
        &self,
        id: &str,
        progress: &(dyn Fn(&QueueProgress) + '_),
    ) -> Result<RegistrationStatus> {
        let start = self.inner.clock.now_unix_ms();
        loop {
            let st = self.registration_status(id).await?;
            progress(&QueueProgress {
                what: "registration",
                id: st.registration_id.clone(),
                queue_position: st.queue_position,
                estimated_wait_seconds: None,
            });
            if st.status != RegistrationState::Pending {
                return Ok(st);
            }
            self.wait_step(start, None).await?;
        }
    }

    // ---------------------------------------------------------------- helpers

    async fn submit(&self, ep: &Endpoint, changes: &[Change], key: &str) -> Result<Vec<ItemResult>> {
        if key.trim().is_empty() {
            return Err(Error::Config("idempotency key kosong".into()));
        }
        let body = serde_json::json!({ "items": changes });
        let resp = self.send(ep, None, &[], Body::Json(&body), Some(key), true).await?;
        #[derive(serde::Deserialize)]
        struct Items {
            items: Vec<ItemResult>,
        }
        let (items, _): (Items, _) = decode_results(&resp)?;
        if items.items.len() != changes.len() || items.items.iter().any(|i| i.index >= changes.len()) {
            return Err(Error::Decode {
                path: "results.items".into(),
                message: format!(
                    "server mengembalikan {} hasil untuk {} item / item count mismatch",
                    items.items.len(),
                    changes.len()
                ),
            });
        }
        Ok(items.items)
    }

    fn paged<'a, T: 'a>(
        &'a self,
        per_page: u64,
        fetch: impl Fn(&'a EmisClient, u64, u64) -> PageFuture<'a, T> + 'a,
    ) -> impl futures_core::Stream<Item = Result<T>> + 'a {
        let per_page = per_page.max(1);
        futures_util::stream::unfold(
            (1u64, std::collections::VecDeque::<T>::new(), false),
            move |(page, mut buf, done)| {
                let fut = if buf.is_empty() && !done {
                    Some(fetch(self, page, per_page))
                } else {
                    None
                };
                async move {
                    if let Some(f) = fut {
                        match f.await {
                            Err(e) => return Some((Err(e), (page, buf, true))),
                            Ok(p) => {
                                // The last page: empty (observed), or the server's total_pages, or
                                // shorter than the page size the server says it used. A short page
                                // without metadata is not the end: the server may cap `per_page`.
                                let last = p.items.is_empty()
                                    || p.meta.total_pages.is_some_and(|t| page >= t)
                                    || (p.meta.total_pages.is_none()
                                        && p.meta.per_page.is_some_and(|n| (p.items.len() as u64) < n));
                                buf.extend(p.items);
                                let next = buf.pop_front()?;
                                return Some((Ok(next), (page + 1, buf, last)));
                            }
                        }
                    }
                    let next = buf.pop_front()?;
                    Some((Ok(next), (page, buf, done)))
                }
            },
        )
    }
}

#[cfg(not(target_arch = "wasm32"))]
type PageFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Page<T>>> + Send + 'a>>;
#[cfg(target_arch = "wasm32")]
type PageFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = Result<Page<T>>> + 'a>>;

async fn collect<T>(s: impl futures_core::Stream<Item = Result<T>>) -> Result<Vec<T>> {
    use futures_util::StreamExt;
    let mut s = std::pin::pin!(s);
    let mut out = Vec::new();
    while let Some(x) = s.next().await {
        out.push(x?);
    }
    Ok(out)
}

fn multipart(boundary: &str, fields: &[(&str, &str)], file: (&str, &(String, String, Vec<u8>))) -> Vec<u8> {
    let mut b = Vec::new();
    for (k, v) in fields {
        b.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{k}\"\r\n\r\n{v}\r\n").as_bytes(),
        );
    }
    let (name, (fname, ctype, bytes)) = file;
    let fname: String = fname.chars().filter(|c| !matches!(c, '"' | '\r' | '\n')).collect();
    b.extend_from_slice(
        format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{fname}\"\r\nContent-Type: {ctype}\r\n\r\n")
            .as_bytes(),
    );
    b.extend_from_slice(bytes);
    b.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    b
}

fn decode_json<T: DeserializeOwned>(body: &[u8]) -> Result<T> {
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

/// Decodes `{success, results, metadata}`; errors name the JSON path (`results[3].nik`).
fn decode_results<T: DeserializeOwned>(resp: &ApiResponse) -> Result<(T, PageMeta)> {
    #[derive(serde::Deserialize)]
    struct Envelope<T> {
        #[serde(default)]
        success: Option<bool>,
        results: T,
        #[serde(default)]
        metadata: Option<PageMeta>,
        #[serde(default)]
        message: Option<String>,
    }
    let refused = |message: Option<String>| Error::Http {
        status: resp.status,
        request_id: resp.header("x-request-id").map(str::to_string),
        message: message
            .map(|m| mask_long_numbers(&m))
            .unwrap_or_else(|| "success: false".into()),
    };
    let env: Envelope<T> = match decode_json(&resp.body) {
        Ok(env) => env,
        Err(e) => {
            // `{"success": false, "results": null, "message": ...}`: the server's refusal, not
            // a shape problem (checked only when the full decode fails, to read big lists once).
            #[derive(serde::Deserialize)]
            struct Outcome {
                #[serde(default)]
                success: Option<bool>,
                #[serde(default)]
                message: Option<String>,
            }
            return Err(match serde_json::from_slice::<Outcome>(&resp.body) {
                Ok(Outcome {
                    success: Some(false),
                    message,
                }) => refused(message),
                _ => e,
            });
        }
    };
    if env.success == Some(false) {
        return Err(refused(env.message));
    }
    Ok((env.results, env.metadata.unwrap_or_default()))
}

fn decode_token(resp: &ApiResponse) -> Result<String> {
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
fn mask_long_numbers(text: &str) -> String {
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
fn redact_decoder_message(text: &str) -> String {
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

/// True when sending the request twice cannot change more on the server than sending it once:
/// idempotent methods, and the POSTs that only read or issue a token (login, refresh, the
/// SIMPEG lookup). Other writes are repeated only under their idempotency key.
fn safe_to_repeat(ep: &Endpoint) -> bool {
    const READ_ONLY_POSTS: [Endpoint; 4] = [
        endpoints::LOGIN,
        endpoints::PARTNER_LOGIN,
        endpoints::REFRESH,
        endpoints::SIMPEG_CEK_NIP,
    ];
    ep.method.is_idempotent() || READ_ONLY_POSTS.contains(ep)
}

/// Maps an error status to an [`Error`] with the server's message (never our request).
fn status_error(ep: &Endpoint, resp: &ApiResponse, retry_after: Option<Duration>) -> Error {
    let v: Option<serde_json::Value> = serde_json::from_slice(&resp.body).ok();
    let message: String = v
        .as_ref()
        .and_then(|v| v.get("message"))
        .and_then(|m| m.as_str())
        .unwrap_or("")
        .chars()
        .take(200)
        .collect();
    let message = mask_long_numbers(&message);
    let code = v.as_ref().and_then(|v| v.get("code")).and_then(|c| {
        c.as_str()
            .map(str::to_string)
            .or_else(|| c.as_i64().map(|i| i.to_string()))
    });
    let request_id = resp.header("x-request-id").map(str::to_string);
    match resp.status {
        401 => Error::Auth(if message.is_empty() {
            "sesi tidak valid atau kedaluwarsa".into()
        } else {
            message
        }),
        403 => Error::Permission(message),
        404 if !ep.observed && v.is_none() => Error::Unsupported { endpoint: ep.name },
        404 => Error::NotFound(message),
        405 | 501 => Error::Unsupported { endpoint: ep.name },
        409 => Error::Conflict {
            code: code.unwrap_or_else(|| "conflict".into()),
            message,
        },
        429 => Error::RateLimited { retry_after },
        status => Error::Http {
            status,
            request_id,
            message,
        },
    }
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
