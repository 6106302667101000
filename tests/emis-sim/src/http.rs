//! Envelope, errors and small HTTP helpers shared by the routes.

use crate::faults::SessionShape;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

/// How an error body looks.
#[derive(Debug, Clone)]
pub enum Shape {
    /// `{"success": false, "results": null, "code", "message"}` (the simulator's envelope).
    Envelope,
    /// Laravel's `{"message"}`.
    Message,
    /// Laravel's validation answer `{"message", "errors": {"field": ["..."]}}`.
    Validation(Map<String, Value>),
    /// An expired session answering with the login page (`200 text/html`).
    Html,
    /// An expired session answering `302 Location: /login`.
    Redirect,
}

/// An error answer: a status, a code (envelope only), a message, and its [`Shape`].
#[derive(Debug, Clone)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code.
    pub code: String,
    /// Message (Bahasa Indonesia, as EMIS answers).
    pub message: String,
    /// Body shape.
    pub shape: Shape,
}

impl ApiError {
    /// An envelope error with a status, code and message.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code: code.to_string(),
            message: message.into(),
            shape: Shape::Envelope,
        }
    }
    /// Laravel's `{"message"}` with a status.
    pub fn message(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            shape: Shape::Message,
            ..ApiError::new(status, "", message)
        }
    }
    /// Laravel's 422 `{"message": <first error>, "errors": {field: [text]}}`.
    pub fn validation(errors: &[(String, String)]) -> ApiError {
        let mut m = Map::new();
        for (k, v) in errors {
            let list = m.entry(k.clone()).or_insert_with(|| json!([]));
            if let Value::Array(a) = list {
                a.push(json!(v));
            }
        }
        let first = errors.first().map(|(_, v)| v.clone()).unwrap_or_default();
        let message = match errors.len() {
            0 | 1 => first,
            n => format!("{first} (dan {} kesalahan lainnya)", n - 1),
        };
        ApiError {
            shape: Shape::Validation(m),
            ..ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "", message)
        }
    }
    /// Laravel's 404 for a route the server lacks: `{"message": "The route v1/… could not be
    /// found."}`.
    pub fn route_not_found(path: &str) -> ApiError {
        let p = path.trim_start_matches('/');
        ApiError::message(StatusCode::NOT_FOUND, format!("The route {p} could not be found."))
    }
    /// Laravel's 405 for a known route with another method.
    pub fn method_not_supported(method: &str, path: &str) -> ApiError {
        let p = path.trim_start_matches('/');
        ApiError::message(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("The {method} method is not supported for route {p}."),
        )
    }
    /// An expired session, answered in `shape`.
    pub fn session(shape: SessionShape) -> ApiError {
        match shape {
            SessionShape::Unauthorized => ApiError::message(StatusCode::UNAUTHORIZED, "Unauthenticated."),
            SessionShape::Forbidden => ApiError::message(StatusCode::FORBIDDEN, "Forbidden."),
            SessionShape::PageExpired => {
                let code = StatusCode::from_u16(419).unwrap_or(StatusCode::UNAUTHORIZED);
                ApiError::message(code, "Page Expired")
            }
            SessionShape::Html => ApiError {
                shape: Shape::Html,
                ..ApiError::new(StatusCode::OK, "", "login")
            },
            SessionShape::Redirect => ApiError {
                shape: Shape::Redirect,
                ..ApiError::new(StatusCode::FOUND, "", "")
            },
        }
    }
    /// 401.
    pub fn unauthorized(code: &str, message: &str) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, code, message)
    }
    /// 403.
    pub fn forbidden(message: &str) -> ApiError {
        ApiError::new(StatusCode::FORBIDDEN, "forbidden", message)
    }
    /// 404.
    pub fn not_found(message: &str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found", message)
    }
    /// 422.
    pub fn invalid(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "invalid_payload", message)
    }
    /// The JSON body (`null` for the HTML and redirect shapes).
    pub fn body(&self) -> Value {
        match &self.shape {
            Shape::Envelope => json!({"success": false, "results": null, "code": self.code, "message": self.message}),
            Shape::Message => json!({"message": self.message}),
            Shape::Validation(errors) => json!({"message": self.message, "errors": errors}),
            Shape::Html | Shape::Redirect => Value::Null,
        }
    }
}

/// The EMIS login page an expired browser session gets instead of JSON.
pub const LOGIN_PAGE: &str = "<!DOCTYPE html>\n<html lang=\"id\"><head><meta charset=\"utf-8\"><title>Login | EMIS</title></head>\n<body><form method=\"post\" action=\"/login\"><input id=\"email\" name=\"email\"><input id=\"password\" name=\"password\" type=\"password\"><button>Masuk</button></form></body></html>\n";

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        match self.shape {
            Shape::Html => {
                let mut r = Response::new(Body::from(LOGIN_PAGE));
                r.headers_mut().insert(
                    header::CONTENT_TYPE,
                    HeaderValue::from_static("text/html; charset=UTF-8"),
                );
                r
            }
            Shape::Redirect => {
                let mut r = Response::new(Body::empty());
                *r.status_mut() = StatusCode::FOUND;
                r.headers_mut()
                    .insert(header::LOCATION, HeaderValue::from_static("/login"));
                r
            }
            _ => json_response(self.status, &self.body()),
        }
    }
}

/// A JSON response with an exact `Content-Length`.
pub fn json_response(status: StatusCode, body: &Value) -> Response {
    bytes_response(status, serde_json::to_vec(body).unwrap_or_default())
}

/// A JSON response from raw bytes.
pub fn bytes_response(status: StatusCode, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    r
}

/// `200 {"success": true, "results": ...}`.
pub fn ok(results: Value) -> Response {
    json_response(StatusCode::OK, &json!({"success": true, "results": results}))
}

/// `200 {"success": true, "results": ..., "metadata": ...}`.
pub fn ok_meta(results: Value, metadata: Value) -> Response {
    json_response(
        StatusCode::OK,
        &json!({"success": true, "results": results, "metadata": metadata}),
    )
}

/// Query parameters; a malformed query is a 422.
pub fn query<T: DeserializeOwned>(uri: &Uri) -> Result<T, ApiError> {
    axum::extract::Query::<T>::try_from_uri(uri)
        .map(|q| q.0)
        .map_err(|e| ApiError::invalid(format!("parameter tidak valid: {e}")))
}

/// An optional numeric parameter (`page=abc` is a 422).
pub fn num_param(value: &Option<String>, name: &str, default: u64) -> Result<u64, ApiError> {
    match value.as_deref().map(str::trim) {
        None | Some("") => Ok(default),
        Some(v) => v
            .parse()
            .map_err(|_| ApiError::invalid(format!("{name} harus bilangan bulat"))),
    }
}

/// A non-empty trimmed string parameter.
pub fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The `Idempotency-Key` header, if present and non-empty.
pub fn idempotency_key(headers: &HeaderMap) -> Option<String> {
    headers
        .get("idempotency-key")
        .and_then(|v| v.to_str().ok())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
}

/// The bearer token, if any.
pub fn bearer(headers: &HeaderMap) -> Option<&str> {
    let v = headers.get(header::AUTHORIZATION)?.to_str().ok()?.trim();
    let (scheme, token) = v.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

/// Unpadded base64url.
pub fn base64url(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], *chunk.get(1).unwrap_or(&0), *chunk.get(2).unwrap_or(&0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        let chars = chunk.len() + 1;
        for i in 0..chars {
            out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// Decodes unpadded (or padded) base64url.
#[cfg(test)]
pub fn base64url_decode(s: &str) -> Option<Vec<u8>> {
    let val = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'-' | b'+' => 62,
            b'_' | b'/' => 63,
            _ => return None,
        } as u32)
    };
    let s = s.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(s.len() * 3 / 4);
    for chunk in s.chunks(4) {
        if chunk.len() == 1 {
            return None;
        }
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= val(c)? << (18 - 6 * i);
        }
        for i in 0..chunk.len() - 1 {
            out.push((n >> (16 - 8 * i)) as u8);
        }
    }
    Some(out)
}

/// `YYYY-MM-DDTHH:MM:SSZ` for unix seconds.
pub fn iso_datetime(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let d = emis_core::date::Date::from_unix_days(days);
    format!("{d}T{:02}:{:02}:{:02}Z", secs / 3600, (secs / 60) % 60, secs % 60)
}

/// IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`) for unix seconds, as in `Retry-After`.
pub fn http_date(unix: i64) -> String {
    const DAYS: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    let d = emis_core::date::Date::from_unix_days(days);
    format!(
        "{}, {:02} {} {:04} {:02}:{:02}:{:02} GMT",
        DAYS[days.rem_euclid(7) as usize],
        d.day(),
        MONTHS[usize::from(d.month() - 1)],
        d.year(),
        secs / 3600,
        (secs / 60) % 60,
        secs % 60
    )
}

/// A cookie's value from the `Cookie` header(s).
pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| k.trim() == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < b.len() => {
                match u8::from_str_radix(std::str::from_utf8(&b[i + 1..i + 3]).unwrap_or("zz"), 16) {
                    Ok(v) => {
                        out.push(v);
                        i += 2;
                    }
                    Err(_) => out.push(b'%'),
                }
            }
            c => out.push(c),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `application/x-www-form-urlencoded` pairs.
pub fn urlencoded(body: &[u8]) -> Vec<(String, String)> {
    String::from_utf8_lossy(body)
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p.split_once('=').unwrap_or((p, ""));
            (percent_decode(k), percent_decode(v))
        })
        .collect()
}

/// The fields of a form or JSON body (JSON when the content type says so or the body starts
/// with `{`); JSON scalars become text.
pub fn body_fields(headers: &HeaderMap, body: &[u8]) -> Result<Vec<(String, String)>, ApiError> {
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let looks_json = body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'{');
    if ct.contains("json") || (!ct.contains("form") && looks_json) {
        let v: Value = serde_json::from_slice(body).map_err(|e| ApiError::invalid(format!("JSON tidak valid: {e}")))?;
        let Value::Object(m) = v else {
            return Err(ApiError::invalid("body harus objek JSON"));
        };
        return Ok(m
            .into_iter()
            .filter_map(|(k, v)| match v {
                Value::String(s) => Some((k, s)),
                Value::Number(n) => Some((k, n.to_string())),
                Value::Bool(b) => Some((k, b.to_string())),
                _ => None,
            })
            .collect());
    }
    Ok(urlencoded(body))
}

/// The value of a field in a list of pairs.
pub fn field<'a>(fields: &'a [(String, String)], name: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.trim())
        .filter(|v| !v.is_empty())
}

/// Real wall-clock unix seconds.
pub fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trip_and_dates() {
        for s in ["", "a", "ab", "abc", "abcd", "{\"sub\":\"x\",\"exp\":1}"] {
            let e = base64url(s.as_bytes());
            assert!(!e.contains('='));
            assert_eq!(base64url_decode(&e).unwrap(), s.as_bytes());
        }
        assert_eq!(base64url(b"hello"), "aGVsbG8");
        assert_eq!(http_date(784111777), "Sun, 06 Nov 1994 08:49:37 GMT");
        assert_eq!(iso_datetime(0), "1970-01-01T00:00:00Z");
    }

    #[test]
    fn forms_json_and_cookies() {
        let f = urlencoded(b"email=op%40x.test&password=a+b%2Bc&empty=&bad=%zz");
        assert_eq!(f[0], ("email".into(), "op@x.test".into()));
        assert_eq!(f[1], ("password".into(), "a b+c".into()));
        assert_eq!(field(&f, "empty"), None);
        assert_eq!(field(&f, "bad"), Some("%zz"));
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        let j = body_fields(&h, br#"{"public_key":"k","n":5,"o":{}}"#).unwrap();
        assert_eq!(field(&j, "public_key"), Some("k"));
        assert_eq!(field(&j, "n"), Some("5"));
        assert!(body_fields(&h, b"[1]").is_err());
        h.insert(header::COOKIE, HeaderValue::from_static("a=1; emisSSO=x; sessionid=yz"));
        assert_eq!(cookie(&h, "sessionid"), Some("yz"));
        assert_eq!(cookie(&h, "csrftoken"), None);
    }
}
