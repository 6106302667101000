//! `accounts/login`, `accounts/partners-login`, `accounts/refresh`.

use crate::http::{ApiError, bearer, ok};
use crate::state::{App, Role};
use axum::Form;
use axum::extract::State;
use axum::extract::rejection::FormRejection;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

#[derive(Deserialize)]
pub(crate) struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[derive(Deserialize)]
pub(crate) struct PartnerForm {
    #[serde(default)]
    public_key: String,
    #[serde(default)]
    private_key: String,
}

fn form_error(e: FormRejection) -> Response {
    ApiError::invalid(format!("form tidak valid: {e}")).into_response()
}

/// `POST /v1/accounts/login` (form `email`, `password`).
pub(crate) async fn login(State(app): State<App>, form: Result<Form<LoginForm>, FormRejection>) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(e) => return form_error(e),
    };
    if f.email.trim().is_empty() || f.password.is_empty() {
        return ApiError::invalid("email dan password wajib diisi").into_response();
    }
    let mut st = app.lock();
    let Some(op) = st.operators.get(f.email.trim()).cloned() else {
        return ApiError::unauthorized("login_gagal", "Email atau password salah").into_response();
    };
    if op.password != f.password {
        return ApiError::unauthorized("login_gagal", "Email atau password salah").into_response();
    }
    let (token, exp) = st.issue_token(&op.email, Role::Operator, Some(&op.statistic_num));
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

/// `POST /v1/accounts/partners-login` (form `public_key`, `private_key`).
pub(crate) async fn partners_login(State(app): State<App>, form: Result<Form<PartnerForm>, FormRejection>) -> Response {
    let f = match form {
        Ok(Form(f)) => f,
        Err(e) => return form_error(e),
    };
    let mut st = app.lock();
    let p = st.partner().clone();
    if f.public_key != p.public_key || f.private_key != p.private_key {
        return ApiError::unauthorized("login_gagal", "Kunci mitra salah").into_response();
    }
    let (token, exp) = st.issue_token(&format!("partner:{}", p.public_key), Role::Partner, None);
    ok(json!({"token": token, "expired_at": exp, "partner": {"name": p.name}}))
}

/// `POST /v1/accounts/refresh` (Bearer): a new token for a known token that is valid or
/// expired less than the refresh grace ago.
pub(crate) async fn refresh(State(app): State<App>, headers: HeaderMap) -> Response {
    let mut st = app.lock();
    let Some(info) = bearer(&headers).and_then(|t| st.tokens.get(t)).cloned() else {
        return ApiError::unauthorized("token_invalid", "Token tidak valid").into_response();
    };
    if info.exp + (st.cfg.refresh_grace as i64) <= st.now() {
        return ApiError::unauthorized("token_expired", "Token sudah kedaluwarsa, silakan login ulang").into_response();
    }
    let (token, exp) = st.issue_token(&info.sub, info.role, info.lembaga.as_deref());
    ok(json!({"token": token, "expired_at": exp}))
}
