//! Queued sync jobs: `202` with a queue position that goes down on every poll and as the
//! server clock advances; `running` once it reaches 0, then `done` (or `failed` when the
//! period is closed at that moment).

use super::{MAX_BODY, begin_write};
use crate::faults::QueueLen;
use crate::http::{ApiError, iso_datetime, ok};
use crate::state::{App, SimState};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};

/// Position in a queue: advances by one per poll and by one per `seconds_per_position` of
/// server time.
#[derive(Debug, Clone)]
pub(crate) struct Queue {
    pub created_at: i64,
    pub initial: u64,
    pub polls: u64,
}

impl Queue {
    pub fn new(now: i64, initial: u64) -> Queue {
        Queue {
            created_at: now,
            initial,
            polls: 0,
        }
    }
    /// Units of progress so far.
    pub fn progress(&self, now: i64, seconds_per_position: u64) -> u64 {
        let elapsed = (now - self.created_at).max(0) as u64;
        self.polls + elapsed / seconds_per_position.max(1)
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Job {
    pub id: String,
    pub scope: String,
    pub statistic_num: String,
    pub queue: Queue,
    pub finished: Option<(i64, bool, String)>,
}

impl Job {
    pub fn view(&mut self, now: i64, period_open: bool, spp: u64) -> Value {
        let u = self.queue.progress(now, spp);
        let initial = self.queue.initial;
        if self.finished.is_none() && u > initial {
            self.finished = Some(if period_open {
                (now, true, format!("Sinkronisasi {} selesai", self.scope))
            } else {
                (
                    now,
                    false,
                    format!(
                        "{}: periode pendataan ditutup",
                        String::from(emis_core::catalog::codes::SYNC_PERIODE_TUTUP)
                    ),
                )
            });
        }
        let (status, pos, wait, finished_at, message) = match &self.finished {
            Some((at, ok, msg)) => (
                if *ok { "done" } else { "failed" },
                0,
                0,
                Some(iso_datetime(*at)),
                Some(msg.clone()),
            ),
            None if u == initial => ("running", 0, spp, None, Some("Sedang diproses".to_string())),
            None => ("queued", initial - u, (initial - u) * spp, None, None),
        };
        json!({
            "job_id": self.id,
            "scope": self.scope,
            "status": status,
            "queue_position": pos,
            "estimated_wait_seconds": wait,
            "finished_at": finished_at,
            "message": message,
        })
    }
}

#[derive(Deserialize)]
struct JobBody {
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    statistic_num: Option<String>,
}

/// `POST /v1/sync-jobs` body `{"scope": "santri" | "gtk" | "all"}` (Idempotency-Key).
pub(crate) async fn create(State(app): State<App>, req: Request) -> Response {
    let (parts, body) = req.into_parts();
    let Ok(body) = axum::body::to_bytes(body, MAX_BODY).await else {
        return ApiError::invalid("body terlalu besar atau terputus").into_response();
    };
    let queue_len = parts.extensions.get::<QueueLen>().map(|q| q.0);
    let endpoint = format!("{} {}", parts.method, parts.uri.path());
    let mut st = app.lock();
    let w = match begin_write(&mut st, &parts.headers, &endpoint, &body) {
        Ok(w) => w,
        Err(r) => return *r,
    };
    let run = |st: &mut SimState| -> Result<Value, ApiError> {
        let b: JobBody =
            serde_json::from_slice(&body).map_err(|e| ApiError::invalid(format!("body tidak valid: {e}")))?;
        let scope = b.scope.unwrap_or_default();
        if !["santri", "gtk", "all"].contains(&scope.as_str()) {
            return Err(ApiError::invalid("scope harus santri, gtk atau all"));
        }
        let l = st.lembaga_for(&w.session, b.statistic_num.as_deref())?;
        let id = format!("job-{:06}", st.next_job);
        st.next_job += 1;
        let now = st.now();
        let mut job = Job {
            id: id.clone(),
            scope,
            statistic_num: l.statistic_num,
            queue: Queue::new(now, queue_len.unwrap_or(st.cfg.queue_length)),
            finished: None,
        };
        let v = job.view(now, st.period_open, st.cfg.seconds_per_position);
        st.jobs.insert(id, job);
        Ok(json!({"success": true, "results": v}))
    };
    match run(&mut st) {
        Ok(v) => w.finish(&mut st, StatusCode::ACCEPTED, &v),
        Err(e) => e.into_response(),
    }
}

/// `GET /v1/sync-jobs/{job_id}`.
pub(crate) async fn status(State(app): State<App>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let mut st = app.lock();
    let s = match st.authenticate(&headers) {
        Ok(s) => s,
        Err(e) => return e.into_response(),
    };
    let (now, open, spp) = (st.now(), st.period_open, st.cfg.seconds_per_position);
    match st
        .jobs
        .get_mut(&id)
        .filter(|j| s.lembaga.as_deref().is_none_or(|own| own == j.statistic_num))
    {
        Some(job) => {
            job.queue.polls += 1;
            ok(job.view(now, open, spp))
        }
        None => ApiError::not_found("Job tidak ditemukan").into_response(),
    }
}
