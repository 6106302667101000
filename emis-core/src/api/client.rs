//! Client options, the client handle, traffic counters and events.

use super::auth::{Credentials, Secret, Session};
use super::endpoints::{Base, Endpoint};
use super::pacing::{Pacer, Pacing};
use super::santri::RejectionTexts;
use crate::error::{Error, Result};
use crate::transport::{MaybeSendSync, Method, RetryPolicy, SharedClock, SharedSleep, SharedTransport};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

/// Turns a server id into the form detail URLs need. The real server wants AES-256-CBC with a
/// double base64 encoding and a key the caller configures; emis ships no key.
pub trait IdEncryptor: MaybeSendSync + std::fmt::Debug {
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

/// How an update is sent. Nothing public shows the real EMIS update request, so it is
/// configurable; the default is Laravel's form-method spoofing on the create path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateRequest {
    /// HTTP method on the wire.
    pub method: Method,
    /// Path after the prefix; `{id}` is the server id.
    pub path: String,
    /// Sent as a `_method` form field when set (Laravel's spoofing for multipart PUT).
    pub method_field: Option<String>,
}

impl Default for UpdateRequest {
    fn default() -> Self {
        UpdateRequest {
            method: Method::Post,
            path: "/students/ppdb/{id}".into(),
            method_field: Some("PUT".into()),
        }
    }
}

/// Client options.
#[derive(Debug, Clone)]
pub struct EmisConfig {
    /// EMIS API base URL (scheme + host, e.g. `https://api-emis.kemenag.go.id`).
    pub base_url: url::Url,
    /// Path prefix, default `/v1`.
    pub prefix: String,
    /// PINTAR (`cek_nip`) base URL; default: the EMIS base URL.
    pub simpeg_base_url: Option<url::Url>,
    /// EMIS GTK base URL (the "preview SIMPEG" page); default: the EMIS base URL.
    pub gtk_base_url: Option<url::Url>,
    /// Per-request timeout (connect, send and the whole body).
    pub timeout: Duration,
    /// Retries.
    pub retry: RetryPolicy,
    /// Renew the token this long before `exp`.
    pub refresh_margin: Duration,
    /// Interval between polls of queued jobs when the server gives no estimate (extended).
    pub poll_interval: Duration,
    /// Longest wait for a queued job or registration (extended).
    pub max_queue_wait: Duration,
    /// Longest single wait between two polls of a queue (extended).
    pub max_poll_interval: Duration,
    /// Largest response body read (default 64 MiB); a longer or endless body is an error.
    pub max_response_bytes: u64,
    /// Spacing of requests: writes and reads (one limiter per client).
    pub pacing: Pacing,
    /// When set, the write spacing follows the server (slower on slow answers and 429s, see
    /// [`crate::schedule::AdaptivePacer`]) between `pacing.write_interval` and this maximum.
    pub adaptive_max_write_interval: Option<Duration>,
    /// How updates are sent (assumed: see [`UpdateRequest`]).
    pub update: UpdateRequest,
    /// How a 422 on a create is read.
    pub rejections: RejectionTexts,
}

impl EmisConfig {
    /// Options for a base URL with defaults (prefix `/v1`, 30 s timeout, default retries,
    /// writes one per 3 s and reads four per second).
    ///
    /// The base may end in `/v1` (it is then the prefix). The portal's web address
    /// (`emis.kemenag.go.id`, not `api-emis…`) is refused with what to type instead.
    pub fn new(base_url: &str) -> Result<EmisConfig> {
        let mut base_url = url::Url::parse(base_url.trim()).map_err(|e| {
            Error::Config(format!(
                "alamat server tidak valid ({e}); contoh: https://api-emis.kemenag.go.id"
            ))
        })?;
        if !matches!(base_url.scheme(), "http" | "https") {
            return Err(Error::Config(
                "alamat server harus diawali http:// atau https://".into(),
            ));
        }
        let host = base_url.host_str().unwrap_or_default().to_ascii_lowercase();
        if host == "emis.kemenag.go.id" || host == "emisgtk.kemenag.go.id" {
            return Err(Error::Config(format!(
                "{host} adalah alamat portal untuk peramban, bukan API. Gunakan --server https://api-emis.kemenag.go.id / that is the web portal; use the API address"
            )));
        }
        let mut prefix = "/v1".to_string();
        let path = base_url.path().trim_end_matches('/').to_string();
        if !path.is_empty() {
            // `https://host/v1` or `https://host/api/v1`: the path is the prefix.
            prefix = path;
            base_url.set_path("/");
        }
        base_url.set_query(None);
        base_url.set_fragment(None);
        Ok(EmisConfig {
            base_url,
            prefix,
            simpeg_base_url: None,
            gtk_base_url: None,
            timeout: Duration::from_secs(30),
            retry: RetryPolicy::default(),
            refresh_margin: Duration::from_secs(60),
            poll_interval: Duration::from_secs(2),
            max_queue_wait: Duration::from_secs(30 * 60),
            max_poll_interval: Duration::from_secs(30),
            max_response_bytes: 64 << 20,
            pacing: Pacing::default(),
            adaptive_max_write_interval: None,
            update: UpdateRequest::default(),
            rejections: RejectionTexts::default(),
        })
    }
}

/// What the client tells the caller while it works (for progress lines; no personal data).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ClientEvent {
    /// A request failed and is tried again after `wait`.
    Retrying {
        /// Endpoint name.
        endpoint: &'static str,
        /// The attempt that failed (1-based).
        attempt: u32,
        /// Attempts allowed.
        max_attempts: u32,
        /// Wait before the next one.
        wait: Duration,
        /// Why (`timeout`, `http_503`, `rate_limited`, `transport`...).
        reason: String,
    },
    /// The session was renewed (refresh or a fresh login).
    SessionRenewed,
}

/// Receives [`ClientEvent`]s.
pub trait EventSink: MaybeSendSync {
    /// One event.
    fn event(&self, e: &ClientEvent);
}

impl<F: Fn(&ClientEvent) + MaybeSendSync> EventSink for F {
    fn event(&self, e: &ClientEvent) {
        self(e)
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

pub(crate) struct Inner {
    pub(crate) cfg: EmisConfig,
    pub(crate) transport: SharedTransport,
    pub(crate) clock: SharedClock,
    pub(crate) sleep: SharedSleep,
    pub(crate) credentials: Credentials,
    pub(crate) ids: Arc<dyn IdEncryptor>,
    pub(crate) session: Mutex<Option<Session>>,
    pub(crate) gtk_cookie: Option<Secret>,
    pub(crate) pintar_token: Option<Secret>,
    pub(crate) pacer: Pacer,
    pub(crate) events: RwLock<Option<Arc<dyn EventSink>>>,
    pub(crate) requests: AtomicU64,
    pub(crate) bytes_in: AtomicU64,
    pub(crate) bytes_out: AtomicU64,
}

/// The EMIS client. Cheap to clone (shared inner state: session, pacing, counters).
#[derive(Clone)]
pub struct EmisClient {
    pub(crate) inner: Arc<Inner>,
}

impl std::fmt::Debug for EmisClient {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Scheme, host and path only: a base URL may carry user info or a query.
        let u = &self.inner.cfg.base_url;
        let base = format!("{}{}", u.origin().ascii_serialization(), self.inner.cfg.prefix);
        f.debug_struct("EmisClient")
            .field("base_url", &base)
            .field("credentials", &self.inner.credentials)
            .finish()
    }
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
        EmisClient::build(cfg, credentials, transport, clock, sleep, None, None, Arc::new(PlainId))
    }

    #[allow(clippy::too_many_arguments)]
    fn build(
        cfg: EmisConfig,
        credentials: Credentials,
        transport: SharedTransport,
        clock: SharedClock,
        sleep: SharedSleep,
        gtk_cookie: Option<Secret>,
        pintar_token: Option<Secret>,
        ids: Arc<dyn IdEncryptor>,
    ) -> EmisClient {
        let session = match &credentials {
            Credentials::Token(t) => Some(Session::new(t.expose().to_string())),
            _ => None,
        };
        let pacer = Pacer::new(cfg.pacing.clone()).adaptive(cfg.adaptive_max_write_interval);
        EmisClient {
            inner: Arc::new(Inner {
                cfg,
                transport,
                clock,
                sleep,
                credentials,
                ids,
                session: Mutex::new(session),
                gtk_cookie,
                pintar_token,
                pacer,
                events: RwLock::new(None),
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

    fn rebuild(
        self,
        f: impl FnOnce(&mut Option<Secret>, &mut Option<Secret>, &mut Arc<dyn IdEncryptor>),
    ) -> EmisClient {
        let i = &self.inner;
        let (mut cookie, mut pintar, mut ids) = (i.gtk_cookie.clone(), i.pintar_token.clone(), i.ids.clone());
        f(&mut cookie, &mut pintar, &mut ids);
        let c = EmisClient::build(
            i.cfg.clone(),
            i.credentials.clone(),
            i.transport.clone(),
            i.clock.clone(),
            i.sleep.clone(),
            cookie,
            pintar,
            ids,
        );
        let session = i.session.lock().unwrap_or_else(|p| p.into_inner()).clone();
        *c.inner.session.lock().unwrap_or_else(|p| p.into_inner()) = session;
        *c.inner.events.write().unwrap_or_else(|p| p.into_inner()) =
            i.events.read().unwrap_or_else(|p| p.into_inner()).clone();
        c.inner.requests.store(i.requests.load(Relaxed), Relaxed);
        c.inner.bytes_in.store(i.bytes_in.load(Relaxed), Relaxed);
        c.inner.bytes_out.store(i.bytes_out.load(Relaxed), Relaxed);
        c
    }

    /// Replaces the id encryptor (a new client with the same options, session and counters;
    /// existing clones keep theirs, so the hook is never silently dropped).
    pub fn with_id_encryptor(self, ids: Arc<dyn IdEncryptor>) -> EmisClient {
        self.rebuild(|_, _, i| *i = ids)
    }

    /// The EMIS GTK cookie session (`emisSSO=…; sessionid=…`, pasted by the operator) for the
    /// "preview SIMPEG" page, and the PINTAR Bearer token for `cek_nip`.
    pub fn with_simpeg_sessions(self, gtk_cookie: Option<Secret>, pintar_token: Option<Secret>) -> EmisClient {
        self.rebuild(|c, p, _| {
            *c = gtk_cookie;
            *p = pintar_token;
        })
    }

    /// Receives retries and session renewals as they happen.
    pub fn set_event_sink(&self, sink: Option<Arc<dyn EventSink>>) {
        *self.inner.events.write().unwrap_or_else(|p| p.into_inner()) = sink;
    }

    pub(crate) fn emit(&self, e: ClientEvent) {
        let sink = self.inner.events.read().unwrap_or_else(|p| p.into_inner()).clone();
        if let Some(s) = sink {
            s.event(&e);
        }
    }

    /// The options.
    pub fn config(&self) -> &EmisConfig {
        &self.inner.cfg
    }

    /// The credentials kind in use (`token`, `operator`, `partner`).
    pub fn auth_kind(&self) -> &'static str {
        match self.inner.credentials {
            Credentials::Token(_) => "token",
            Credentials::Operator { .. } => "operator",
            Credentials::Partner { .. } => "partner",
        }
    }

    /// Traffic so far.
    pub fn traffic(&self) -> Traffic {
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

    pub(crate) fn now_s(&self) -> i64 {
        self.now_ms().div_euclid(1000)
    }

    /// Waits on the injected sleep.
    pub async fn sleep(&self, d: Duration) {
        self.inner.sleep.sleep(d).await
    }

    pub(crate) fn url(
        &self,
        ep: &Endpoint,
        path: &str,
        id: Option<&str>,
        query: &[(&str, String)],
    ) -> Result<url::Url> {
        let cfg = &self.inner.cfg;
        let (base, prefix) = match ep.base {
            Base::Emis => (&cfg.base_url, cfg.prefix.trim_end_matches('/')),
            Base::Simpeg => (cfg.simpeg_base_url.as_ref().unwrap_or(&cfg.base_url), ""),
            Base::Gtk => (cfg.gtk_base_url.as_ref().unwrap_or(&cfg.base_url), ""),
        };
        let mut path = path.to_string();
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
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    #[test]
    fn server_address_forms() {
        let c = EmisConfig::new("https://api-emis.kemenag.go.id").unwrap();
        assert_eq!(c.prefix, "/v1");
        let c = EmisConfig::new("https://api-emis.kemenag.go.id/v1/").unwrap();
        assert_eq!(
            (c.base_url.as_str(), c.prefix.as_str()),
            ("https://api-emis.kemenag.go.id/", "/v1")
        );
        let e = EmisConfig::new("https://emis.kemenag.go.id/").unwrap_err().to_string();
        assert!(e.contains("api-emis.kemenag.go.id") && e.contains("portal"), "{e}");
        assert!(EmisConfig::new("ftp://x").is_err());
        assert!(EmisConfig::new("").is_err());
    }
}
