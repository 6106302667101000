//! Santri endpoints: list, detail, PPDB search, batch writes (extended profile).

use super::batch::{self, Entity};
use super::{MAX_BODY, begin_write, present};
use crate::faults::BatchFault;
use crate::http::{ApiError, num_param, ok, ok_meta, query, text};
use crate::state::{App, Profile, Row, SimState};
use axum::extract::{Path, Request, State};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use emis_core::date::Date;
use emis_core::pii::mask_number;
use serde::Deserialize;
use serde_json::{Value, json};

/// Largest page.
pub(crate) const MAX_PER_PAGE: u64 = 10_000;

/// The real server's "not found" answer: HTTP 200 with `results.data == "data tidak
/// ditemukan"`.
pub(crate) fn not_found_200() -> Response {
    ok(json!({"data": "data tidak ditemukan"}))
}

#[derive(Deserialize)]
pub(crate) struct ListQuery {
    pub page: Option<String>,
    pub per_page: Option<String>,
    pub statistic_num: Option<String>,
}

/// Pages a list: `(results, metadata)`. `page` defaults to 1, `per_page` to 100 (at most
/// 10000); pages past the end are empty. Metadata: `{"pagination": {current_page, last_page,
/// per_page, total}}` (observed); the extended profile adds the older `page, per_page, total,
/// total_pages`.
pub(crate) fn page_of_refs<T>(
    profile: Profile,
    all: &[T],
    page: Option<&String>,
    per_page: Option<&String>,
    to_value: impl Fn(&T) -> Value,
) -> Result<(Value, Value), ApiError> {
    let page = num_param(&page.cloned(), "page", 1)?.max(1);
    let per_page = num_param(&per_page.cloned(), "per_page", 100)?.clamp(1, MAX_PER_PAGE);
    let total = all.len() as u64;
    let total_pages = total.div_ceil(per_page);
    let start = ((page - 1) * per_page).min(total) as usize;
    let end = (start + per_page as usize).min(all.len());
    let items: Vec<Value> = all[start..end].iter().map(to_value).collect();
    let pagination = json!({
        "current_page": page,
        "last_page": total_pages.max(1),
        "per_page": per_page,
        "total": total,
    });
    let meta = match profile {
        Profile::Real => json!({"pagination": pagination}),
        Profile::Extended => json!({
            "pagination": pagination,
            "page": page, "per_page": per_page, "total": total, "total_pages": total_pages,
        }),
    };
    Ok((Value::Array(items), meta))
}

/// `GET /v1/students/pontrens/institution/student-list?per_page=10000[&page]`: every santri
/// record (any status) of the caller's lembaga, ordered by server id.
pub(crate) async fn list(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    let st = app.lock();
    let run = || -> Result<Response, ApiError> {
        let s = st.authenticate(&headers)?;
        let q: ListQuery = query(&uri)?;
        let l = st.lembaga_for(&s, text(&q.statistic_num))?;
        // Page over references; present only the records of the requested page.
        let all: Vec<(&String, &Row)> = st
            .santri
            .iter()
            .filter(|(_, r)| r.statistic_num == l.statistic_num)
            .collect();
        let (results, meta) = page_of_refs(st.profile(), &all, q.page.as_ref(), q.per_page.as_ref(), |(id, r)| {
            present::santri_row(&st, r, id)
        })?;
        Ok(ok_meta(results, meta))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

/// `GET /v1/students/pontrens/students/{id}`: the plain server id is accepted (an identity
/// `IdEncryptor`). Unknown ids and santri of another lembaga (for operators) are the
/// not-found-as-200 answer.
pub(crate) async fn detail(State(app): State<App>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let st = app.lock();
    let run = || -> Result<Response, ApiError> {
        let s = st.authenticate(&headers)?;
        let Some(row) = st
            .santri
            .get(&id)
            .filter(|r| s.lembaga.as_deref().is_none_or(|own| own == r.statistic_num))
        else {
            return Ok(not_found_200());
        };
        Ok(ok(present::santri_row(&st, row, &id)))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

#[derive(Deserialize)]
pub(crate) struct SearchQuery {
    q: Option<String>,
    fdob: Option<String>,
    fbirthplace: Option<String>,
}

fn place_key(s: &str) -> String {
    let up = s.trim().to_uppercase();
    let t = ["KABUPATEN ", "KAB. ", "KAB ", "KOTA "]
        .iter()
        .fold(up.as_str(), |acc, p| acc.strip_prefix(p).unwrap_or(acc));
    t.trim().to_string()
}

fn masked(st: &SimState, r: &Row) -> Value {
    let la = r.record.get("learning_activity");
    let mask = |k: &str| r.str_field(k).map(mask_number);
    json!({
        "full_name": r.str_field("full_name"),
        "nik": mask("nik"),
        "nisn": mask("nisn"),
        "birth_place": r.str_field("birth_place"),
        "birth_date": r.str_field("birth_date"),
        "m_gender": r.record.get("m_gender"),
        "institution_name": st.lembaga(&r.statistic_num).map(|l| l.name.clone()),
        "statistic_num": r.statistic_num,
        "status": r.santri_status().name(),
        "level": la.and_then(|x| x.get("m_level_id")).and_then(|x| x.get("name")),
        "tingkat": la.and_then(|x| x.get("tingkat")),
    })
}

/// `GET /v1/students/pontrens/student-ppdb-search?q&fdob&fbirthplace`: santri of every
/// lembaga matching all given filters (every word of `q` in the name, case-insensitive; same
/// birth date; same birth place ignoring `KAB.`/`KOTA`), identifiers masked, at most 50. No
/// match: the not-found-as-200 answer.
pub(crate) async fn ppdb_search(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    let st = app.lock();
    let run = || -> Result<Response, ApiError> {
        st.authenticate(&headers)?;
        let q: SearchQuery = query(&uri)?;
        let words: Vec<String> = text(&q.q)
            .map(|s| s.split_whitespace().map(str::to_uppercase).collect())
            .unwrap_or_default();
        let dob = match text(&q.fdob) {
            Some(d) => Some(Date::parse(d).map_err(|_| ApiError::invalid("fdob harus YYYY-MM-DD"))?),
            None => None,
        };
        let place = text(&q.fbirthplace).map(place_key);
        if words.is_empty() && dob.is_none() && place.is_none() {
            return Err(ApiError::invalid("isi minimal satu dari q, fdob, fbirthplace"));
        }
        let results: Vec<Value> = st
            .santri
            .values()
            .filter(|r| {
                let name = r.str_field("full_name").unwrap_or("").to_uppercase();
                words.iter().all(|w| name.contains(w.as_str()))
                    && dob.is_none_or(|d| r.str_field("birth_date").and_then(|b| Date::parse(b).ok()) == Some(d))
                    && place
                        .as_ref()
                        .is_none_or(|p| r.str_field("birth_place").map(place_key).as_deref() == Some(p.as_str()))
            })
            .take(50)
            .map(|r| masked(&st, r))
            .collect();
        if results.is_empty() {
            return Ok(not_found_200());
        }
        Ok(ok(Value::Array(results)))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

/// `POST /v1/students/pontrens/batch`.
pub(crate) async fn batch(State(app): State<App>, req: Request) -> Response {
    write_batch(app, req, Entity::Santri).await
}

/// Shared by the santri and GTK batch endpoints.
pub(crate) async fn write_batch(app: App, req: Request, entity: Entity) -> Response {
    let (parts, body) = req.into_parts();
    let body = match axum::body::to_bytes(body, MAX_BODY).await {
        Ok(b) => b,
        Err(_) => return ApiError::invalid("body terlalu besar atau terputus").into_response(),
    };
    let fault = parts.extensions.get::<BatchFault>().cloned();
    let endpoint = format!("{} {}", parts.method, parts.uri.path());
    let mut st = app.lock();
    let w = match begin_write(&mut st, &parts.headers, &endpoint, &body) {
        Ok(w) => w,
        Err(r) => return *r,
    };
    let run = |st: &mut crate::state::SimState| -> Result<Value, ApiError> {
        let q: ListQuery = query(&parts.uri)?;
        let l = st.lembaga_for(&w.session, text(&q.statistic_num))?;
        let items = batch::parse(&body)?;
        Ok(batch::apply(st, entity, &l, items, fault.as_ref()))
    };
    match run(&mut st) {
        Ok(v) => w.finish(&mut st, StatusCode::OK, &v),
        Err(e) => e.into_response(),
    }
}
