//! `accounts/login`, `accounts/partners-login`, `accounts/refresh`.

use super::MAX_BODY;
use crate::http::{ApiError, body_fields, field, ok};
use crate::state::{App, Role};
use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;

/// The fields of a form or JSON body.
async fn fields(req: Request) -> Result<Vec<(String, String)>, ApiError> {
    let (parts, body) = req.into_parts();
    let bytes = axum::body::to_bytes(body, MAX_BODY)
        .await
        .map_err(|_| ApiError::invalid("body terlalu besar atau terputus"))?;
    body_fields(&parts.headers, &bytes)
}

/// `POST /v1/accounts/login`: form or JSON `email`, `password`; `email` may be the operator's
/// email or NIK ("Email/NIK" in the portal).
pub(crate) async fn login(State(app): State<App>, req: Request) -> Response {
    let f = match fields(req).await {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let (Some(login), Some(password)) = (field(&f, "email"), f.iter().find(|(k, _)| k == "password")) else {
        return ApiError::invalid("email dan password wajib diisi").into_response();
    };
    let mut st = app.lock();
    let op = st
        .operators
        .get(login)
        .or_else(|| st.operators.values().find(|o| !o.nik.is_empty() && o.nik == login))
        .cloned();
    let Some(op) = op.filter(|o| o.password == password.1) else {
        return ApiError::unauthorized("login_gagal", "Email/NIK atau password salah").into_response();
    };
    let ttl = st.cfg.token_ttl;
    let (token, exp) = st.issue_token(&op.email, Role::Operator, Some(&op.statistic_num), ttl);
    let l = st.lembaga(&op.statistic_num).cloned();
    ok(json!({
        "token": token,
        "expired_at": exp,
        "user": {
            "email": op.email,
            "name": op.name,
            "role": "operator",
            "statistic_num": op.statistic_num,
            "institution_id": l.as_ref().map(|l| l.institution_id),
            "institution_name": l.as_ref().map(|l| l.name.clone()),
        },
    }))
}

/// `POST /v1/accounts/partners-login`: JSON (as Laravel's HTTP client sends) or form
/// `public_key`, `private_key`.
pub(crate) async fn partners_login(State(app): State<App>, req: Request) -> Response {
    let f = match fields(req).await {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let mut st = app.lock();
    let p = st.partner().clone();
    if field(&f, "public_key") != Some(p.public_key.as_str())
        || field(&f, "private_key") != Some(p.private_key.as_str())
    {
        return ApiError::unauthorized("login_gagal", "Kunci mitra salah").into_response();
    }
    let ttl = st.cfg.token_ttl;
    let (token, exp) = st.issue_token(&format!("partner:{}", p.public_key), Role::Partner, None, ttl);
    ok(json!({"token": token, "expired_at": exp, "partner": {"name": p.name}}))
}

/// `POST /v1/accounts/refresh` (Bearer): a new token; the old one is revoked at once, so a
/// second refresh with it (a retry after a lost reply) is 401.
pub(crate) async fn refresh(State(app): State<App>, headers: HeaderMap) -> Response {
    match app.lock().refresh(&headers) {
        Ok((token, exp)) => ok(json!({"token": token, "expired_at": exp})),
        Err(e) => e.into_response(),
    }
}
