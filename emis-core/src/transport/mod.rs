//! HTTP as a pluggable transport: our own request/response types, the [`Transport`] trait
//! (`?Send` on wasm32), injected [`Clock`] and [`Sleep`], the retry policy, and the default
//! reqwest implementation (native: rustls with the OS trust store, extra CA and proxy;
//! wasm32: fetch). Nothing here knows about santri or EMIS.

mod reqwest_impl;
mod retry;

pub use reqwest_impl::{ReqwestTransport, TransportConfig};
pub use retry::{Backoff, RetryPolicy, parse_retry_after};

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

/// `Send + Sync` on native targets; nothing on wasm32, where JS-backed values are `!Send`.
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSendSync: Send + Sync {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send + Sync + ?Sized> MaybeSendSync for T {}
/// `Send + Sync` on native targets; nothing on wasm32, where JS-backed values are `!Send`.
#[cfg(target_arch = "wasm32")]
pub trait MaybeSendSync {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSendSync for T {}

/// HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET.
    Get,
    /// POST.
    Post,
    /// PUT.
    Put,
    /// DELETE.
    Delete,
}

impl Method {
    /// Upper-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
    /// GET is safe to repeat; writes are retried only with an idempotency key.
    pub fn is_idempotent(self) -> bool {
        matches!(self, Method::Get | Method::Put | Method::Delete)
    }
}

/// A request, as data.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiRequest {
    /// Method.
    pub method: Method,
    /// Full URL.
    pub url: url::Url,
    /// Headers (name, value). `Authorization` is never logged.
    pub headers: Vec<(String, String)>,
    /// Body bytes (buffered, so a retry can resend them).
    pub body: Option<Vec<u8>>,
    /// Per-request timeout.
    pub timeout: Option<Duration>,
    /// Idempotency key (also sent as the `Idempotency-Key` header).
    pub idempotency_key: Option<String>,
    /// Largest response body read; a longer (or endless) body fails with
    /// [`TransportError::TooLarge`] instead of filling memory.
    pub max_response_bytes: Option<u64>,
}

impl fmt::Debug for ApiRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Never print headers (Authorization) or bodies (personal data, passwords).
        f.debug_struct("ApiRequest")
            .field("method", &self.method)
            .field("path", &self.url.path())
            .field("body_bytes", &self.body.as_ref().map(Vec::len))
            .field("idempotency_key", &self.idempotency_key)
            .finish()
    }
}

impl ApiRequest {
    /// A request without body.
    pub fn new(method: Method, url: url::Url) -> ApiRequest {
        ApiRequest {
            method,
            url,
            headers: Vec::new(),
            body: None,
            timeout: None,
            idempotency_key: None,
            max_response_bytes: None,
        }
    }
    /// Adds a header.
    pub fn header(mut self, name: &str, value: impl Into<String>) -> ApiRequest {
        self.headers.push((name.to_string(), value.into()));
        self
    }
    /// Sets a JSON body.
    pub fn json(mut self, body: &serde_json::Value) -> ApiRequest {
        self.body = Some(serde_json::to_vec(body).unwrap_or_default());
        self.header("Content-Type", "application/json")
    }
    /// Sets a form body (`application/x-www-form-urlencoded`).
    pub fn form(mut self, fields: &[(&str, &str)]) -> ApiRequest {
        let mut s = url::form_urlencoded::Serializer::new(String::new());
        for (k, v) in fields {
            s.append_pair(k, v);
        }
        self.body = Some(s.finish().into_bytes());
        self.header("Content-Type", "application/x-www-form-urlencoded")
    }
}

/// A response, fully read.
#[derive(Clone, PartialEq, Eq)]
pub struct ApiResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers (lower-case names).
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: Vec<u8>,
}

impl fmt::Debug for ApiResponse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiResponse")
            .field("status", &self.status)
            .field("body_bytes", &self.body.len())
            .finish()
    }
}

impl ApiResponse {
    /// First header with this name (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// Why a request got no complete response.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportError {
    /// Could not connect (refused, DNS, TLS handshake).
    #[error("tidak dapat terhubung: {0}")]
    Connect(String),
    /// No complete answer in time.
    #[error("batas waktu habis")]
    Timeout,
    /// The connection broke while sending or reading (reset, truncated body).
    #[error("koneksi terputus: {0}")]
    Interrupted(String),
    /// The request could not be built (bad header value...). Not retried.
    #[error("permintaan tidak valid: {0}")]
    Invalid(String),
    /// The response body was longer than the request's `max_response_bytes`. Not retried.
    #[error("jawaban server lebih dari {0} byte")]
    TooLarge(u64),
}

impl TransportError {
    /// True when trying again may succeed.
    pub fn is_transient(&self) -> bool {
        !matches!(self, TransportError::Invalid(_) | TransportError::TooLarge(_))
    }
    /// True when the request cannot have reached the server (nothing was applied).
    pub fn never_sent(&self) -> bool {
        matches!(self, TransportError::Connect(_) | TransportError::Invalid(_))
    }
}

/// Sends requests. Implement it to plug in a test double, a recording transport or a JS `fetch`.
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
pub trait Transport: MaybeSendSync + fmt::Debug {
    /// Sends one request and reads the whole response.
    async fn send(&self, req: ApiRequest) -> Result<ApiResponse, TransportError>;
}

/// Wall-clock time, injected (wasm32 has no `SystemTime`).
pub trait Clock: MaybeSendSync + fmt::Debug {
    /// Milliseconds since the Unix epoch.
    fn now_unix_ms(&self) -> i64;
}

/// Waiting, injected (no tokio on wasm32).
#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
pub trait Sleep: MaybeSendSync + fmt::Debug {
    /// Waits for `d`.
    async fn sleep(&self, d: Duration);
}

/// The system clock (native targets).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

#[cfg(not(target_arch = "wasm32"))]
impl Clock for SystemClock {
    fn now_unix_ms(&self) -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_millis() as i64)
            .unwrap_or(0)
    }
}

/// Sleeps on the tokio timer (native targets).
#[cfg(not(target_arch = "wasm32"))]
#[derive(Debug, Clone, Copy, Default)]
pub struct TokioSleep;

#[cfg(not(target_arch = "wasm32"))]
#[async_trait::async_trait]
impl Sleep for TokioSleep {
    async fn sleep(&self, d: Duration) {
        tokio::time::sleep(d).await;
    }
}

/// A clock that tests move by hand; sleeping on [`ManualClock`] advances it instantly.
#[derive(Debug, Default)]
pub struct ManualClock {
    ms: std::sync::atomic::AtomicI64,
}

impl ManualClock {
    /// A clock at `start_ms`.
    pub fn new(start_ms: i64) -> ManualClock {
        ManualClock {
            ms: std::sync::atomic::AtomicI64::new(start_ms),
        }
    }
    /// Moves the clock forward.
    pub fn advance(&self, d: Duration) {
        self.ms
            .fetch_add(d.as_millis() as i64, std::sync::atomic::Ordering::SeqCst);
    }
}

impl Clock for ManualClock {
    fn now_unix_ms(&self) -> i64 {
        self.ms.load(std::sync::atomic::Ordering::SeqCst)
    }
}

#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
impl Sleep for ManualClock {
    async fn sleep(&self, d: Duration) {
        self.advance(d);
    }
}

/// Shared handles.
pub type SharedTransport = Arc<dyn Transport>;
/// Shared clock.
pub type SharedClock = Arc<dyn Clock>;
/// Shared sleep.
pub type SharedSleep = Arc<dyn Sleep>;
