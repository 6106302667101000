//! PINTAR/SIMPEG `POST /api/v1/cek_nip` (same server; `EMIS_SIM_PINTAR_URL`). Answers in its
//! own shape `{code, message, data}`, not the EMIS envelope. Needs a Bearer: the PINTAR token
//! (`SimHandle::pintar_token`, `EMIS_SIM_PINTAR_TOKEN`) or any valid EMIS token.

use crate::http::json_response;
use crate::state::App;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::Response;
use serde_json::{Value, json};

/// `POST /api/v1/cek_nip` body `{"nip": "<18 digits>"}`.
pub(crate) async fn cek_nip(State(app): State<App>, headers: HeaderMap, body: Bytes) -> Response {
    let st = app.lock();
    if st.pintar_auth(&headers).is_err() {
        return json_response(
            StatusCode::UNAUTHORIZED,
            &json!({"code": 401, "message": "Unauthenticated."}),
        );
    }
    let nip = serde_json::from_slice::<Value>(&body)
        .ok()
        .and_then(|v| match v.get("nip") {
            Some(Value::String(s)) => Some(s.trim().to_string()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        });
    let Some(nip) = nip else {
        return json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({"code": 422, "message": "Parameter nip wajib diisi"}),
        );
    };
    if nip.len() != 18 || !nip.bytes().all(|b| b.is_ascii_digit()) {
        return json_response(
            StatusCode::UNPROCESSABLE_ENTITY,
            &json!({"code": 422, "message": "NIP harus 18 digit"}),
        );
    }
    match st.simpeg.get(&nip) {
        Some(rec) => json_response(
            StatusCode::OK,
            &json!({"code": 200, "message": "Data ditemukan", "data": rec}),
        ),
        None => json_response(
            StatusCode::NOT_FOUND,
            &json!({"code": 404, "message": "Data tidak ditemukan"}),
        ),
    }
}
