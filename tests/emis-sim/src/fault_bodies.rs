//! The responses faults answer with: status errors, 429s, corrupted or cut bodies, an endless
//! body, a dropped connection.

use crate::faults::{Fault, RetryAfter};
use crate::http::{ApiError, bytes_response, http_date, wall_clock};
use axum::body::{Body, Bytes};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use std::time::Duration;
use tokio::sync::watch;

/// Largest endless body (so it terminates even when nobody disconnects).
pub(crate) const ENDLESS_CAP: u64 = 4 << 30;

pub(crate) fn status_fault(code: u16) -> Response {
    let status = StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let c = match code {
        503 => "service_unavailable",
        502 => "bad_gateway",
        504 => "gateway_timeout",
        _ => "server_error",
    };
    ApiError::new(status, c, status.canonical_reason().unwrap_or("Server Error")).into_response()
}

/// `429 {"message": "Too Many Attempts."}` (Laravel's throttle text), with `Retry-After` unless
/// [`RetryAfter::Absent`].
pub(crate) fn too_many(retry_after: RetryAfter) -> Response {
    let mut r = ApiError::message(StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts.").into_response();
    let v = match retry_after {
        RetryAfter::Seconds(n) => n.to_string(),
        RetryAfter::HttpDate(n) => http_date(wall_clock() + n as i64),
        RetryAfter::Absent => return r,
    };
    if let Ok(v) = HeaderValue::from_str(&v) {
        r.headers_mut().insert(header::RETRY_AFTER, v);
    }
    r
}

fn reset_error() -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::ConnectionReset, "emis-sim: reset")
}

/// A response whose body fails at once: the connection is dropped without a complete answer.
pub(crate) fn dropped() -> Response {
    let stream = futures_util::stream::once(async { Err::<Bytes, _>(reset_error()) });
    Response::new(Body::from_stream(stream))
}

/// `200 application/json` that streams `{"success":true,"results":[{"x":0},…` until the client
/// goes away, the server stops, or [`ENDLESS_CAP`] bytes.
pub(crate) fn endless(stop: watch::Receiver<bool>) -> Response {
    const CHUNK: usize = 64 * 1024;
    let filler: Bytes = Bytes::from(br#"{"x":0},"#.repeat(CHUNK / 8));
    let head = Bytes::from_static(br#"{"success":true,"results":["#);
    let stream = futures_util::stream::unfold((0u64, stop), move |(sent, stop)| {
        let (head, filler) = (head.clone(), filler.clone());
        async move {
            if *stop.borrow() {
                return Some((Err(reset_error()), (u64::MAX, stop)));
            }
            if sent >= ENDLESS_CAP {
                return None;
            }
            let chunk = if sent == 0 { head } else { filler };
            let n = chunk.len() as u64;
            Some((Ok::<Bytes, std::io::Error>(chunk), (sent + n, stop)))
        }
    });
    let mut r = Response::new(Body::from_stream(stream));
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

pub(crate) fn corrupt(fault: Fault, status: StatusCode, mut headers: HeaderMap, body: Bytes) -> Response {
    headers.remove(header::CONTENT_LENGTH);
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let mut resp = match fault {
        Fault::MalformedJson => {
            let text = String::from_utf8_lossy(&body);
            let broken = if text.contains(':') {
                text.replacen(':', "::", 1)
            } else {
                format!("{{{text}")
            };
            bytes_response(status, broken.into_bytes())
        }
        Fault::TruncatedJson => {
            let cut = (body.len() / 2).max(1).min(body.len().saturating_sub(1));
            bytes_response(status, body[..cut].to_vec())
        }
        Fault::ResetMidBody { after_bytes: Some(0) } => return dropped(),
        Fault::ResetMidBody { after_bytes } => {
            let len = body.len();
            let cut = after_bytes.unwrap_or(len / 2).min(len.saturating_sub(1));
            let head = body.slice(..cut);
            let stream = futures_util::stream::unfold(0u8, move |step| {
                let head = head.clone();
                async move {
                    match step {
                        0 => Some((Ok::<Bytes, std::io::Error>(head), 1)),
                        1 => {
                            tokio::time::sleep(Duration::from_millis(20)).await;
                            Some((Err(reset_error()), 2))
                        }
                        _ => None,
                    }
                }
            });
            let mut r = Response::new(Body::from_stream(stream));
            *r.status_mut() = status;
            if let Ok(v) = HeaderValue::from_str(&len.to_string()) {
                r.headers_mut().insert(header::CONTENT_LENGTH, v);
            }
            r
        }
        _ => bytes_response(status, body.to_vec()),
    };
    for (k, v) in headers.iter() {
        if k != header::CONTENT_LENGTH {
            resp.headers_mut().insert(k.clone(), v.clone());
        }
    }
    resp
}
