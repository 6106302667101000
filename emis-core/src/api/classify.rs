//! The one place that decides what an answer means: success, an ended session, worth another
//! try (and whether a write may have been applied), or final. Every other part of the client
//! asks here (the smithy-rs habit: one classifier, many callers).

use super::endpoints::Endpoint;
use super::envelope::{mask_long_numbers, server_message};
use crate::error::Error;
use crate::transport::{ApiResponse, TransportError, parse_retry_after};
use std::time::Duration;

/// What an attempt's outcome means.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Class {
    /// 2xx with a body to read.
    Success,
    /// The session is gone: 401, 419, a redirect (to a login page), or an HTML page on a JSON
    /// endpoint. Auth middleware answers before the controller runs: nothing was applied.
    Expired,
    /// 403: an ended session on some servers, no rights on others.
    Forbidden,
    /// Worth another try. `maybe_applied`: a write may have reached the controller.
    Retry {
        retry_after: Option<Duration>,
        rate_limited: bool,
        maybe_applied: bool,
    },
    /// Final. `maybe_applied` as above (a response that could not be read).
    Final { maybe_applied: bool },
}

/// Classifies a response.
pub(crate) fn response(resp: &ApiResponse, now_ms: i64) -> Class {
    let html = resp
        .header("content-type")
        .is_some_and(|c| c.to_ascii_lowercase().contains("text/html"))
        || (resp.status < 300 && looks_like_html(&resp.body));
    match resp.status {
        200..=299 if html => Class::Expired,
        200..=299 => Class::Success,
        300..=399 | 401 | 419 | 440 => Class::Expired,
        403 => Class::Forbidden,
        429 => Class::Retry {
            retry_after: resp.header("retry-after").and_then(|v| parse_retry_after(v, now_ms)),
            rate_limited: true,
            maybe_applied: false,
        },
        408 | 500 | 502 | 503 | 504 => Class::Retry {
            retry_after: resp.header("retry-after").and_then(|v| parse_retry_after(v, now_ms)),
            rate_limited: false,
            maybe_applied: true,
        },
        _ => Class::Final { maybe_applied: false },
    }
}

/// Classifies a transport failure.
pub(crate) fn transport(e: &TransportError) -> Class {
    match e {
        TransportError::Connect(_) => Class::Retry {
            retry_after: None,
            rate_limited: false,
            maybe_applied: false,
        },
        TransportError::Timeout | TransportError::Interrupted(_) => Class::Retry {
            retry_after: None,
            rate_limited: false,
            maybe_applied: true,
        },
        TransportError::Invalid(_) => Class::Final { maybe_applied: false },
        TransportError::TooLarge(_) => Class::Final { maybe_applied: true },
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let head: Vec<u8> = body
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take(15)
        .map(u8::to_ascii_lowercase)
        .collect();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// True for a route the server lacks: Laravel's `{"message": "The route … could not be
/// found."}`, or a 404 with no JSON body at all. Any other 404 with a JSON body ("No query
/// results for model…", PINTAR's `{"code":404,"message":"Data tidak ditemukan"}`) is a
/// record that does not exist, not a missing endpoint.
fn is_missing_route(v: Option<&serde_json::Value>) -> bool {
    match v {
        None => true,
        Some(v) => v
            .get("message")
            .and_then(|m| m.as_str())
            .is_some_and(|m| m.starts_with("The route")),
    }
}

/// The error for a final (or exhausted) non-2xx answer. Never our request, never a URL.
pub(crate) fn status_error(ep: &Endpoint, resp: &ApiResponse, retry_after: Option<Duration>) -> Error {
    let v: Option<serde_json::Value> = serde_json::from_slice(&resp.body).ok();
    let message = server_message(v.as_ref());
    let code = v.as_ref().and_then(|v| v.get("code")).and_then(|c| {
        c.as_str()
            .map(str::to_string)
            .or_else(|| c.as_i64().map(|i| i.to_string()))
    });
    let request_id = resp.header("x-request-id").map(str::to_string);
    match resp.status {
        300..=399 | 401 | 419 | 440 => Error::Auth(if message.is_empty() {
            "sesi tidak valid atau kedaluwarsa".into()
        } else {
            message
        }),
        403 if !ep.essential => Error::Unsupported { endpoint: ep.name },
        403 => Error::Permission(message),
        404 if !ep.essential && is_missing_route(v.as_ref()) => Error::Unsupported { endpoint: ep.name },
        405 | 501 if !ep.essential => Error::Unsupported { endpoint: ep.name },
        404 if ep.essential => Error::Http {
            status: 404,
            request_id,
            message: format!(
                "layanan {} tidak ada di alamat ini; periksa --server (contoh: https://api-emis.kemenag.go.id) / not found at this address",
                ep.name
            ),
        },
        404 => Error::NotFound(message),
        409 => Error::Conflict {
            code: code.unwrap_or_else(|| "conflict".into()),
            message,
        },
        429 => Error::RateLimited { retry_after },
        status => Error::Http {
            status,
            request_id,
            message: mask_long_numbers(&message),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[cfg(target_arch = "wasm32")]
    use wasm_bindgen_test::wasm_bindgen_test as test;

    fn resp(status: u16, ct: &str, body: &str) -> ApiResponse {
        ApiResponse {
            status,
            headers: vec![("content-type".into(), ct.into())],
            body: body.as_bytes().to_vec(),
        }
    }

    #[test]
    fn answers_are_classified_once() {
        let j = "application/json";
        assert_eq!(response(&resp(200, j, "{}"), 0), Class::Success);
        assert_eq!(
            response(&resp(200, "text/html; charset=UTF-8", "<html>"), 0),
            Class::Expired
        );
        assert_eq!(response(&resp(200, "", "  <!DOCTYPE html><html>"), 0), Class::Expired);
        assert_eq!(response(&resp(302, "", ""), 0), Class::Expired);
        assert_eq!(
            response(&resp(419, j, r#"{"message":"Page Expired"}"#), 0),
            Class::Expired
        );
        assert_eq!(response(&resp(403, j, "{}"), 0), Class::Forbidden);
        assert!(matches!(
            response(&resp(429, j, "{}"), 0),
            Class::Retry {
                rate_limited: true,
                maybe_applied: false,
                retry_after: None
            }
        ));
        assert!(matches!(
            response(&resp(503, j, "{}"), 0),
            Class::Retry {
                maybe_applied: true,
                ..
            }
        ));
        assert_eq!(response(&resp(422, j, "{}"), 0), Class::Final { maybe_applied: false });
        assert!(matches!(
            transport(&TransportError::Connect("refused".into())),
            Class::Retry {
                maybe_applied: false,
                ..
            }
        ));
        assert!(matches!(
            transport(&TransportError::Interrupted("reset".into())),
            Class::Retry {
                maybe_applied: true,
                ..
            }
        ));
    }

    #[test]
    fn missing_routes_are_unsupported_except_where_essential() {
        use super::super::endpoints;
        let laravel = resp(
            404,
            "application/json",
            r#"{"message":"The route v1/x could not be found."}"#,
        );
        assert_eq!(
            status_error(&endpoints::GTK_LIST, &laravel, None),
            Error::Unsupported { endpoint: "gtk_list" }
        );
        assert_eq!(
            status_error(&endpoints::SANTRI_LIST, &laravel, None).status(),
            Some(404)
        );
        let forbidden = resp(403, "application/json", "{}");
        assert!(matches!(
            status_error(&endpoints::LEMBAGA_INFO, &forbidden, None),
            Error::Unsupported { .. }
        ));
        assert!(matches!(
            status_error(&endpoints::SANTRI_LIST, &forbidden, None),
            Error::Permission(_)
        ));
        let env404 = resp(404, "application/json", r#"{"success":false,"message":"tidak ada"}"#);
        assert!(matches!(
            status_error(&endpoints::SANTRI_DETAIL, &env404, None),
            Error::NotFound(_)
        ));
    }
}
