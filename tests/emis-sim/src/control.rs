//! Control and inspection endpoints under `/__sim/` (not part of EMIS; never faulted).
//!
//! * `GET /__sim/state` — counts (see [`crate::StateSnapshot`])
//! * `GET|POST /__sim/faults` — read / replace the fault configuration ([`crate::Faults`])
//! * `POST /__sim/reset?seed=N` — regenerate the data (same seed when absent), clear tokens,
//!   idempotency keys, jobs, registrations, counters, faults and the clock offset
//! * `POST /__sim/period?open=true|false` — open or close the current period
//! * `POST /__sim/time?advance_secs=N` — move the server clock (token expiry, queues)
//! * `GET /__sim/credentials` — seeded operator and partner credentials (all fake)
//! * `POST /__sim/approvals` — `{"action": "advance"|"approve"|"reject", "nik"?, "note"?}`:
//!   moves pending santri (all, or those with `nik`) through the Kepala and kab/kota steps
//! * `GET /__sim/token?ttl=SECS` — a pasted-style token of the demo operator
//! * `GET /__sim/gtk-session` — a new EMIS GTK cookie session (`emisSSO=…; sessionid=…`)

use crate::faults::Faults;
use crate::http::{ApiError, ok, query};
use crate::state::{App, SimState};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use serde_json::json;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/__sim/state", get(state))
        .route("/__sim/faults", get(get_faults).post(set_faults))
        .route("/__sim/reset", post(reset))
        .route("/__sim/period", post(period))
        .route("/__sim/time", post(time))
        .route("/__sim/credentials", get(credentials))
        .route("/__sim/approvals", post(approvals))
        .route("/__sim/token", get(token))
        .route("/__sim/gtk-session", get(gtk_session))
}

/// A step of the approval of API-made records (`/__sim/approvals`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalAction {
    /// One step: `menunggu_kepala` → `menunggu_kabkota` → `disetujui`.
    Advance,
    /// Straight to `disetujui`.
    Approve,
    /// `ditolak`, with `approval_note`.
    Reject,
}

/// A record whose approval state changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApprovalChange {
    /// Server id.
    pub id: String,
    /// NIK.
    pub nik: Option<String>,
    /// The new state.
    pub approval_status: String,
}

/// Default rejection note.
pub const DEFAULT_REJECT_NOTE: &str = "Data tidak sesuai dokumen KK";

/// Applies an approval action to the pending santri (`menunggu_kepala`, `menunggu_kabkota`),
/// all or those with `nik`.
pub(crate) fn apply_approval(
    st: &mut SimState,
    action: ApprovalAction,
    nik: Option<&str>,
    note: Option<&str>,
) -> Vec<ApprovalChange> {
    let mut out = Vec::new();
    for (id, row) in st.santri.iter_mut() {
        let status = row.str_field("approval_status").unwrap_or("").to_string();
        if !matches!(status.as_str(), "menunggu_kepala" | "menunggu_kabkota") {
            continue;
        }
        if nik.is_some_and(|n| row.str_field("nik") != Some(n)) {
            continue;
        }
        let next = match (action, status.as_str()) {
            (ApprovalAction::Advance, "menunggu_kepala") => "menunggu_kabkota",
            (ApprovalAction::Advance | ApprovalAction::Approve, _) => "disetujui",
            (ApprovalAction::Reject, _) => "ditolak",
        };
        row.record.insert("approval_status".into(), json!(next));
        if next == "ditolak" {
            row.record
                .insert("approval_note".into(), json!(note.unwrap_or(DEFAULT_REJECT_NOTE)));
        }
        out.push(ApprovalChange {
            id: id.clone(),
            nik: row.str_field("nik").map(str::to_string),
            approval_status: next.to_string(),
        });
    }
    out
}

#[derive(Deserialize)]
struct ApprovalBody {
    action: ApprovalAction,
    #[serde(default)]
    nik: Option<String>,
    #[serde(default)]
    note: Option<String>,
}

async fn approvals(State(app): State<App>, body: Bytes) -> Response {
    let b: ApprovalBody = match serde_json::from_slice(&body) {
        Ok(b) => b,
        Err(e) => return ApiError::invalid(format!("body tidak valid: {e}")).into_response(),
    };
    let mut st = app.lock();
    let changed = apply_approval(&mut st, b.action, b.nik.as_deref(), b.note.as_deref());
    ok(json!({"changed": changed}))
}

#[derive(Deserialize)]
struct TokenQuery {
    ttl: Option<u64>,
}

async fn token(State(app): State<App>, uri: Uri) -> Response {
    let q: TokenQuery = match query(&uri) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let mut st = app.lock();
    let ttl = q.ttl.unwrap_or(st.cfg.token_ttl);
    let (token, exp) = st.mint_demo_token(ttl);
    ok(json!({"token": token, "exp": exp, "statistic_num": st.data.demo_lembaga().statistic_num}))
}

async fn gtk_session(State(app): State<App>) -> Response {
    let cookie = app.lock().mint_gtk_session();
    ok(json!({"cookie": cookie}))
}

async fn state(State(app): State<App>) -> Response {
    ok(serde_json::to_value(app.lock().snapshot()).unwrap_or_default())
}

async fn get_faults(State(app): State<App>) -> Response {
    ok(serde_json::to_value(&app.lock().faults).unwrap_or_default())
}

async fn set_faults(State(app): State<App>, body: Bytes) -> Response {
    match serde_json::from_slice::<Faults>(&body) {
        Ok(f) => {
            let mut st = app.lock();
            st.faults = f;
            st.fault_counters.clear();
            ok(serde_json::to_value(&st.faults).unwrap_or_default())
        }
        Err(e) => ApiError::invalid(format!("konfigurasi fault tidak valid: {e}")).into_response(),
    }
}

#[derive(Deserialize)]
struct ResetQuery {
    seed: Option<u64>,
}

/// Replaces the state with a fresh one (optionally another seed).
pub(crate) fn reset_state(st: &mut SimState, seed: Option<u64>) {
    let seed = seed.unwrap_or(st.seed);
    *st = SimState::new(seed, st.cfg.clone(), Faults::none());
}

async fn reset(State(app): State<App>, uri: Uri) -> Response {
    let q: ResetQuery = match query(&uri) {
        Ok(q) => q,
        Err(e) => return e.into_response(),
    };
    let mut st = app.lock();
    reset_state(&mut st, q.seed);
    ok(json!({"seed": st.seed}))
}

#[derive(Deserialize)]
struct PeriodQuery {
    open: Option<bool>,
}

async fn period(State(app): State<App>, uri: Uri) -> Response {
    match query::<PeriodQuery>(&uri) {
        Ok(PeriodQuery { open: Some(open) }) => {
            app.lock().period_open = open;
            ok(json!({"period_open": open}))
        }
        Ok(_) => ApiError::invalid("open=true|false wajib").into_response(),
        Err(e) => e.into_response(),
    }
}

#[derive(Deserialize)]
struct TimeQuery {
    advance_secs: Option<i64>,
}

async fn time(State(app): State<App>, uri: Uri) -> Response {
    match query::<TimeQuery>(&uri) {
        Ok(TimeQuery { advance_secs: Some(n) }) => {
            let mut st = app.lock();
            st.clock_offset += n;
            ok(json!({"clock": st.now(), "clock_offset": st.clock_offset}))
        }
        Ok(_) => ApiError::invalid("advance_secs wajib").into_response(),
        Err(e) => e.into_response(),
    }
}

async fn credentials(State(app): State<App>) -> Response {
    let st = app.lock();
    let ops: Vec<_> = st.operators.values().cloned().collect();
    ok(json!({
        "demo_statistic_num": st.data.demo_lembaga().statistic_num,
        "operators": ops,
        "partner": st.data.partner,
        "pintar_token": st.pintar_token,
    }))
}
