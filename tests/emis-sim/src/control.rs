//! Control and inspection endpoints under `/__sim/` (not part of EMIS; never faulted).
//!
//! * `GET /__sim/state` — counts (see [`crate::StateSnapshot`])
//! * `GET|POST /__sim/faults` — read / replace the fault configuration ([`crate::Faults`])
//! * `POST /__sim/reset?seed=N` — regenerate the data (same seed when absent), clear tokens,
//!   idempotency keys, jobs, registrations, counters, faults and the clock offset
//! * `POST /__sim/period?open=true|false` — open or close the current period
//! * `POST /__sim/time?advance_secs=N` — move the server clock (token expiry, queues)
//! * `GET /__sim/credentials` — seeded operator and partner credentials (all fake)

use crate::faults::Faults;
use crate::http::{ApiError, ok, query};
use crate::state::{App, SimState};
use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::Uri;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;

pub(crate) fn routes() -> Router<App> {
    Router::new()
        .route("/__sim/state", get(state))
        .route("/__sim/faults", get(get_faults).post(set_faults))
        .route("/__sim/reset", post(reset))
        .route("/__sim/period", post(period))
        .route("/__sim/time", post(time))
        .route("/__sim/credentials", get(credentials))
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
    }))
}
