//! The default transport on reqwest: native (rustls, OS trust store via reqwest's platform
//! verifier, optional extra CA bundle and proxy — government networks inspect TLS) and wasm32
//! (fetch; the browser owns TLS and proxies).

use super::{ApiRequest, ApiResponse, Method, Transport, TransportError};
use std::time::Duration;

/// Options of the reqwest transport.
#[derive(Debug, Clone, Default)]
pub struct TransportConfig {
    /// PEM bundle of extra trusted CAs, added to the OS store (native only).
    pub extra_ca_pem: Option<Vec<u8>>,
    /// Proxy URL for all requests (native only).
    pub proxy: Option<String>,
    /// Connect timeout (native only).
    pub connect_timeout: Option<Duration>,
    /// User agent (native only; browsers set their own).
    pub user_agent: Option<String>,
}

/// HTTP over reqwest.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
}

impl ReqwestTransport {
    /// A transport with default options.
    pub fn new() -> Result<ReqwestTransport, TransportError> {
        ReqwestTransport::with_config(&TransportConfig::default())
    }

    /// A transport with options.
    pub fn with_config(cfg: &TransportConfig) -> Result<ReqwestTransport, TransportError> {
        #[allow(unused_mut)]
        let mut b = reqwest::Client::builder();
        #[cfg(not(target_arch = "wasm32"))]
        {
            if let Some(pem) = &cfg.extra_ca_pem {
                let certs = reqwest::Certificate::from_pem_bundle(pem)
                    .map_err(|e| TransportError::Invalid(format!("CA bundle: {e}")))?;
                b = b.tls_certs_merge(certs);
            }
            if let Some(p) = &cfg.proxy {
                let proxy = reqwest::Proxy::all(p).map_err(|e| TransportError::Invalid(format!("proxy: {e}")))?;
                b = b.proxy(proxy);
            }
            if let Some(t) = cfg.connect_timeout {
                b = b.connect_timeout(t);
            }
            // A redirect on an API call means "log in again" (EMIS GTK, an expired portal
            // session): the client must see it, not silently read the login page.
            b = b.redirect(reqwest::redirect::Policy::none());
            b = b.user_agent(
                cfg.user_agent
                    .clone()
                    .unwrap_or_else(|| concat!("emis/", env!("CARGO_PKG_VERSION")).to_string()),
            );
        }
        #[cfg(target_arch = "wasm32")]
        let _ = cfg;
        let client = b.build().map_err(|e| TransportError::Invalid(e.to_string()))?;
        Ok(ReqwestTransport { client })
    }
}

fn classify(e: reqwest::Error) -> TransportError {
    if e.is_timeout() {
        return TransportError::Timeout;
    }
    #[cfg(not(target_arch = "wasm32"))]
    if e.is_connect() {
        return TransportError::Connect(describe(e));
    }
    if e.is_builder() {
        return TransportError::Invalid(describe(e));
    }
    TransportError::Interrupted(describe(e))
}

/// The error without its URL (the query carries search names and birth dates, the URL may
/// carry user info), followed by its causes (`connection reset`, `connection refused`...), which
/// reqwest's `Display` leaves out.
fn describe(e: reqwest::Error) -> String {
    let e = e.without_url();
    let mut out = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        let text = s.to_string();
        if !text.is_empty() && !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = s.source();
    }
    out
}

#[cfg_attr(target_arch = "wasm32", async_trait::async_trait(?Send))]
#[cfg_attr(not(target_arch = "wasm32"), async_trait::async_trait)]
impl Transport for ReqwestTransport {
    async fn send(&self, req: ApiRequest) -> Result<ApiResponse, TransportError> {
        let method = match req.method {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Delete => reqwest::Method::DELETE,
        };
        let mut rb = self.client.request(method, req.url.clone());
        for (k, v) in &req.headers {
            rb = rb.header(k.as_str(), v.as_str());
        }
        if let Some(key) = &req.idempotency_key {
            rb = rb.header("Idempotency-Key", key.as_str());
        }
        if let Some(t) = req.timeout {
            rb = rb.timeout(t);
        }
        if let Some(body) = req.body {
            rb = rb.body(body);
        }
        let resp = rb.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    v.to_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let limit = req.max_response_bytes.unwrap_or(u64::MAX);
        if resp.content_length().is_some_and(|n| n > limit) {
            return Err(TransportError::TooLarge(limit));
        }
        let body = read_bounded(resp, limit).await?;
        Ok(ApiResponse { status, headers, body })
    }
}

/// Reads a body chunk by chunk and stops at `limit` bytes: a server that streams forever
/// costs at most `limit` bytes of memory.
#[cfg(not(target_arch = "wasm32"))]
async fn read_bounded(mut resp: reqwest::Response, limit: u64) -> Result<Vec<u8>, TransportError> {
    let mut body = Vec::new();
    while let Some(chunk) = resp.chunk().await.map_err(classify)? {
        if body.len() as u64 + chunk.len() as u64 > limit {
            return Err(TransportError::TooLarge(limit));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// In the browser, fetch buffers the body; the limit is checked on what arrived.
#[cfg(target_arch = "wasm32")]
async fn read_bounded(resp: reqwest::Response, limit: u64) -> Result<Vec<u8>, TransportError> {
    let body = resp.bytes().await.map_err(classify)?.to_vec();
    if body.len() as u64 > limit {
        return Err(TransportError::TooLarge(limit));
    }
    Ok(body)
}
