//! The EMIS-shaped API (docs/api.md) and the shared write prelude.

pub(crate) mod auth;
pub(crate) mod batch;
pub(crate) mod fields;
pub(crate) mod gtk;
pub(crate) mod gtk_preview;
pub(crate) mod jobs;
pub(crate) mod lembaga;
pub(crate) mod ppdb;
pub(crate) mod present;
pub(crate) mod registration;
pub(crate) mod santri;
pub(crate) mod simpeg;

use crate::http::{ApiError, bytes_response, idempotency_key};
use crate::idempotency::{self, Check};
use crate::state::{App, Profile, Session, SimState};
use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::Value;

/// Largest request body read by the JSON write endpoints.
pub(crate) const MAX_BODY: usize = 32 << 20;

/// The EMIS API routes of a profile (without the control endpoints). `real`: what docs/api.md
/// marks observed or "assumed, default"; `extended` adds the project's invented endpoints.
pub(crate) fn api(profile: Profile) -> Router<App> {
    let real = Router::new()
        .route("/v1/accounts/login", post(auth::login))
        .route("/v1/accounts/partners-login", post(auth::partners_login))
        .route("/v1/accounts/refresh", post(auth::refresh))
        .route("/v1/institutions/info", get(lembaga::info))
        .route(
            "/v1/institutions/pontren/public/institution-data-info",
            get(lembaga::data_info),
        )
        .route("/v1/students/pontrens/institution/student-list", get(santri::list))
        .route("/v1/students/pontrens/students/{id}", get(santri::detail))
        .route("/v1/students/pontrens/student-ppdb-search", get(santri::ppdb_search))
        .route(
            "/v1/students/ppdb",
            post(ppdb::create).layer(DefaultBodyLimit::max(ppdb::MAX_FORM)),
        )
        .route(
            "/v1/students/ppdb/{id}",
            post(ppdb::update_post)
                .put(ppdb::update_put)
                .layer(DefaultBodyLimit::max(ppdb::MAX_FORM)),
        )
        .route("/v1/personnels/partners/personnels", get(gtk::list))
        .route("/api/v1/cek_nip", post(simpeg::cek_nip))
        .route(gtk_preview::PATH, get(gtk_preview::preview))
        .route(gtk_preview::PATH.trim_end_matches('/'), get(gtk_preview::preview));
    match profile {
        Profile::Real => real,
        Profile::Extended => real
            .route("/v1/references/academic-years", get(lembaga::academic_years))
            .route("/v1/students/pontrens/batch", post(santri::batch))
            .route("/v1/personnels/pontrens/batch", post(gtk::batch))
            .route("/v1/sync-jobs", post(jobs::create))
            .route("/v1/sync-jobs/{job_id}", get(jobs::status))
            .route(
                "/v1/accounts/registrations",
                post(registration::create).layer(DefaultBodyLimit::max(16 << 20)),
            )
            .route("/v1/accounts/registrations/{id}", get(registration::status)),
    }
}

/// 404 for unknown paths: Laravel's `{"message": "The route … could not be found."}` in the
/// real profile, the envelope in the extended one.
pub(crate) async fn not_found(State(app): State<App>, uri: Uri) -> Response {
    match app.lock().profile() {
        Profile::Real => ApiError::route_not_found(uri.path()).into_response(),
        Profile::Extended => ApiError::not_found("Endpoint tidak ditemukan").into_response(),
    }
}

/// 405 for known paths with another method.
pub(crate) async fn method_not_allowed(State(app): State<App>, method: Method, uri: Uri) -> Response {
    match app.lock().profile() {
        Profile::Real => ApiError::method_not_supported(method.as_str(), uri.path()).into_response(),
        Profile::Extended => ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
            "Metode tidak didukung",
        )
        .into_response(),
    }
}

/// A write after authentication and the idempotency check.
pub(crate) struct Write {
    pub session: Session,
    key: Option<(String, u64)>,
    endpoint: String,
}

/// Authenticates a write and looks its Idempotency-Key up. `Err` is the answer to send now
/// (401, a replay, or a 409 mismatch). A write without a key is accepted and noted.
pub(crate) fn begin_write(
    st: &mut SimState,
    headers: &HeaderMap,
    endpoint: &str,
    body: &[u8],
) -> Result<Write, Box<Response>> {
    let session = st.authenticate(headers).map_err(|e| Box::new(e.into_response()))?;
    let key = match idempotency_key(headers) {
        Some(k) => {
            let fp = idempotency::fingerprint(endpoint, body);
            match idempotency::check(st, &session.sub, &k, fp) {
                Check::Fresh => Some((k, fp)),
                Check::Replay(r) | Check::Mismatch(r) => return Err(Box::new(r)),
            }
        }
        None => {
            st.keyless_writes.push(endpoint.to_string());
            None
        }
    };
    Ok(Write {
        session,
        key,
        endpoint: endpoint.to_string(),
    })
}

impl Write {
    /// Stores the response under the key (if any) and returns it.
    pub(crate) fn finish(self, st: &mut SimState, status: StatusCode, body: &Value) -> Response {
        let bytes = serde_json::to_vec(body).unwrap_or_default();
        if let Some((k, fp)) = &self.key {
            idempotency::store(st, &self.session.sub, k, &self.endpoint, *fp, status, &bytes);
        }
        bytes_response(status, bytes)
    }
}
