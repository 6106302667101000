//! GTK endpoints: the partner personnel list and batch writes (extended profile).

use super::batch::Entity;
use super::santri::{ListQuery, page_of_refs, write_batch};
use crate::http::{ApiError, ok_meta, query, text};
use crate::state::App;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;

/// `GET /v1/personnels/partners/personnels?statistic_num&page&per_page`: GTK records (any
/// status) of a lembaga. Operators may omit `statistic_num` (their own lembaga).
pub(crate) async fn list(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    let st = app.lock();
    let run = || -> Result<Response, ApiError> {
        let s = st.authenticate(&headers)?;
        let q: ListQuery = query(&uri)?;
        let l = st.lembaga_for(&s, text(&q.statistic_num))?;
        let all: Vec<&crate::state::Row> = st.gtk.values().filter(|r| r.statistic_num == l.statistic_num).collect();
        let (results, meta) = page_of_refs(st.profile(), &all, q.page.as_ref(), q.per_page.as_ref(), |r| {
            Value::Object(r.record.clone())
        })?;
        Ok(ok_meta(results, meta))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

/// `POST /v1/personnels/pontrens/batch`.
pub(crate) async fn batch(State(app): State<App>, req: Request) -> Response {
    write_batch(app, req, Entity::Gtk).await
}
