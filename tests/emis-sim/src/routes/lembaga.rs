//! `institutions/info`, `institution-data-info`, `references/academic-years`.

use crate::datagen::RecordStatus;
use crate::http::{ApiError, num_param, ok, query, text};
use crate::state::App;
use axum::extract::State;
use axum::http::{HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::BTreeMap;

#[derive(Deserialize)]
pub(crate) struct InfoQuery {
    statistic_num: Option<String>,
}

/// `GET /v1/institutions/info?statistic_num=` (partner API; an operator may omit it). The real
/// profile sends the address as one string and the status capitalised.
pub(crate) async fn info(State(app): State<App>, headers: HeaderMap, uri: Uri) -> Response {
    let st = app.lock();
    let run = || -> Result<Response, ApiError> {
        let s = st.authenticate(&headers)?;
        let q: InfoQuery = query(&uri)?;
        let l = st.lembaga_for(&s, text(&q.statistic_num))?;
        Ok(ok(super::present::lembaga_info(&st, &l)))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

#[derive(Deserialize)]
pub(crate) struct DataInfoQuery {
    institution_id: Option<String>,
    academic_year_id: Option<String>,
}

/// `GET /v1/institutions/pontren/public/institution-data-info` (public: no token needed).
pub(crate) async fn data_info(State(app): State<App>, uri: Uri) -> Response {
    let st = app.lock();
    let run = || -> Result<Response, ApiError> {
        let q: DataInfoQuery = query(&uri)?;
        let id = text(&q.institution_id).ok_or_else(|| ApiError::invalid("institution_id wajib diisi"))?;
        let l = st
            .data
            .lembaga
            .iter()
            .find(|l| l.institution_id.to_string() == id)
            .cloned()
            .ok_or_else(|| ApiError::not_found("Lembaga tidak ditemukan"))?;
        let active = st.active_period().academic_year_id;
        let year_id = num_param(&q.academic_year_id, "academic_year_id", active as u64)? as i64;
        let period = st
            .data
            .periods
            .iter()
            .find(|p| p.academic_year_id == year_id)
            .ok_or_else(|| ApiError::not_found("Tahun ajaran tidak ditemukan"))?;
        let (mut total, mut lk, mut pr, mut mukim) = (0u64, 0u64, 0u64, 0u64);
        let mut rombel: BTreeMap<String, (String, u64)> = BTreeMap::new();
        for r in st.santri.values().filter(|r| r.statistic_num == l.statistic_num) {
            let la = r.record.get("learning_activity");
            let in_year = la
                .and_then(|x| x.get("academic_year_id"))
                .and_then(Value::as_i64)
                .unwrap_or(active)
                == year_id;
            if !in_year || r.santri_status() != RecordStatus::Aktif {
                continue;
            }
            total += 1;
            let gender = r
                .record
                .get("m_gender")
                .and_then(|g| g.get("id"))
                .and_then(Value::as_i64);
            if gender == Some(2) {
                pr += 1;
            } else {
                lk += 1;
            }
            mukim += u64::from(r.str_field("status_mukim") == Some("mukim"));
            if let Some(g) = la
                .and_then(|x| x.get("study_group"))
                .and_then(|g| g.get("name"))
                .and_then(Value::as_str)
            {
                let t = la
                    .and_then(|x| x.get("tingkat"))
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_string();
                rombel.entry(g.to_string()).or_insert((t, 0)).1 += 1;
            }
        }
        let mut gtk: BTreeMap<&str, u64> = BTreeMap::new();
        for r in st.gtk.values().filter(|r| r.statistic_num == l.statistic_num) {
            if r.gtk_status() == RecordStatus::Aktif {
                *gtk.entry(r.str_field("status_kepegawaian").unwrap_or("Non PNS"))
                    .or_insert(0) += 1;
            }
        }
        let rombel: Vec<Value> = rombel
            .into_iter()
            .map(|(name, (tingkat, n))| json!({"name": name, "tingkat": tingkat, "santri": n}))
            .collect();
        Ok(ok(json!({
            "institution": l.to_json(),
            "academic_year": {"academic_year_id": period.academic_year_id, "name": period.name},
            "santri": {"total": total, "laki_laki": lk, "perempuan": pr, "mukim": mukim, "non_mukim": total - mukim},
            "rombel": rombel,
            "gtk": {
                "total": gtk.values().sum::<u64>(),
                "pns": gtk.get("PNS").copied().unwrap_or(0),
                "pppk": gtk.get("PPPK").copied().unwrap_or(0),
                "non_pns": gtk.get("Non PNS").copied().unwrap_or(0),
            },
        })))
    };
    run().unwrap_or_else(IntoResponse::into_response)
}

/// `GET /v1/references/academic-years` (extended profile): every period, newest first; `is_active` is true for
/// the current period while it is open.
pub(crate) async fn academic_years(State(app): State<App>, headers: HeaderMap) -> Response {
    let st = app.lock();
    if let Err(e) = st.authenticate(&headers) {
        return e.into_response();
    }
    let active = st.active_period().academic_year_id;
    let list: Vec<Value> = st
        .data
        .periods
        .iter()
        .rev()
        .map(|p| {
            json!({
                "academic_year_id": p.academic_year_id,
                "name": p.name,
                "open_date": p.open_date.to_string(),
                "close_date": p.close_date.to_string(),
                "bap_deadline": p.bap_deadline.to_string(),
                "is_active": p.academic_year_id == active && st.period_open,
            })
        })
        .collect();
    ok(Value::Array(list))
}
