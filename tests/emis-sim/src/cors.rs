//! `--cors-origin ORIGIN`: lets a page served from ORIGIN call the simulator from a browser.
//!
//! Off by default (the real EMIS's CORS policy is unknown, see docs/api.md). When on, every
//! answer to a request whose `Origin` is exactly ORIGIN carries `Access-Control-Allow-Origin`
//! and exposes the headers a client reads (`Retry-After`, `X-Request-Id`); a preflight
//! (`OPTIONS` with `Access-Control-Request-Method`) from ORIGIN is answered `204` before any
//! route, fault or auth check. Another origin gets no CORS header at all, as a strict server
//! would answer, so a page can see the browser refuse it.

use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The one origin allowed (e.g. `http://127.0.0.1:5173`).
#[derive(Debug, Clone)]
pub(crate) struct CorsOrigin(pub(crate) Arc<str>);

const ALLOW_HEADERS: &str = "authorization, content-type, idempotency-key, x-request-id, accept";
const ALLOW_METHODS: &str = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
const EXPOSE_HEADERS: &str = "retry-after, x-request-id, content-length";

fn allowed(origin: &CorsOrigin, headers: &HeaderMap) -> Option<HeaderValue> {
    let sent = headers.get(header::ORIGIN)?;
    if sent.as_bytes() == origin.0.as_bytes() {
        Some(sent.clone())
    } else {
        None
    }
}

/// The middleware: answers preflights from the allowed origin, adds the headers to the rest.
pub(crate) async fn layer(State(origin): State<CorsOrigin>, req: Request, next: Next) -> Response {
    let Some(allow) = allowed(&origin, req.headers()) else {
        return next.run(req).await;
    };
    let preflight =
        req.method() == Method::OPTIONS && req.headers().contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let mut res = if preflight {
        StatusCode::NO_CONTENT.into_response()
    } else {
        next.run(req).await
    };
    let h = res.headers_mut();
    h.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, allow);
    h.insert(header::VARY, HeaderValue::from_static("origin"));
    if preflight {
        h.insert(
            header::ACCESS_CONTROL_ALLOW_METHODS,
            HeaderValue::from_static(ALLOW_METHODS),
        );
        h.insert(
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            HeaderValue::from_static(ALLOW_HEADERS),
        );
        h.insert(header::ACCESS_CONTROL_MAX_AGE, HeaderValue::from_static("600"));
    } else {
        h.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static(EXPOSE_HEADERS),
        );
    }
    res
}
