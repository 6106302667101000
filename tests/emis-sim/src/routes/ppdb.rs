//! The real single write: `POST /v1/students/ppdb` (multipart, one santri per request, the
//! field names of `emis_core::api::ppdb`), and the assumed update `POST
//! /v1/students/ppdb/{id}` with `_method=PUT` (a real `PUT` is accepted too).
//!
//! Order of checks: token → write window (429, nothing applied) → validation (422 per field)
//! → period (422 "Periode pendataan sudah ditutup") → NIK here / elsewhere (422) → applied.
//! A created record starts `approval_status: menunggu_kepala`; an update sends it back there.
//! A santri who left this lembaga and is created again keeps the record and its id.

use crate::datagen::{level_name, master, region_refs};
use crate::http::{ApiError, field, urlencoded};
use crate::state::{App, Role, Session, SimState};
use axum::extract::{FromRequest, Multipart, Path, Request, State};
use axum::http::{HeaderMap, Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use emis_core::api::ppdb::santri_from_form;
use emis_core::date::Date;
use emis_core::model::{Santri, StatusMukim};
use serde_json::{Map, Value, json};

/// Largest form (a KK scan may ride along).
pub(crate) const MAX_FORM: usize = 16 << 20;
/// Longest text value.
const MAX_LEN: usize = 255;
/// Required on a create.
const REQUIRED: [&str; 6] = [
    "full_name",
    "birth_place",
    "birth_date",
    "m_gender_id",
    "mother_full_name",
    "academic_year_id",
];

pub(crate) const ALREADY_HERE: &str = "NIK sudah terdaftar pada lembaga ini";
pub(crate) const ACTIVE_ELSEWHERE: &str = "NIK masih aktif di lembaga lain";
pub(crate) const PERIOD_CLOSED: &str = "Periode pendataan sudah ditutup";

/// The text fields of a multipart (files are read and dropped) or url-encoded body.
async fn read_form(req: Request) -> Result<Vec<(String, String)>, ApiError> {
    let ct = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    if !ct.starts_with("multipart/") {
        let bytes = axum::body::to_bytes(req.into_body(), MAX_FORM)
            .await
            .map_err(|_| ApiError::invalid("body terlalu besar atau terputus"))?;
        return Ok(urlencoded(&bytes));
    }
    let mut mp = Multipart::from_request(req, &())
        .await
        .map_err(|e| ApiError::invalid(format!("multipart tidak valid: {e}")))?;
    let mut out = Vec::new();
    loop {
        let f = match mp.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => return Err(ApiError::invalid(format!("multipart tidak valid: {e}"))),
        };
        let name = f.name().unwrap_or("").to_string();
        if f.file_name().is_some() {
            f.bytes()
                .await
                .map_err(|e| ApiError::invalid(format!("file tidak terbaca: {e}")))?;
        } else {
            let text = f
                .text()
                .await
                .map_err(|e| ApiError::invalid(format!("field tidak terbaca: {e}")))?;
            out.push((name, text));
        }
    }
    Ok(out)
}

fn is_true(v: Option<&str>) -> bool {
    v.is_none_or(|v| matches!(v.to_ascii_lowercase().as_str(), "true" | "1" | "on" | "yes" | "ya"))
}

/// Per-field errors (Laravel's `errors`). `create`: the required fields must be there.
fn validate(fields: &[(String, String)], create: bool) -> Vec<(String, String)> {
    let mut errors: Vec<(String, String)> = Vec::new();
    let mut err = |k: &str, m: String| {
        if !errors.iter().any(|(f, _)| f == k) {
            errors.push((k.to_string(), m));
        }
    };
    if create {
        for k in REQUIRED {
            if field(fields, k).is_none() {
                err(k, format!("{k} wajib diisi"));
            }
        }
        if is_true(field(fields, "have_nik")) && field(fields, "nik").is_none() {
            err("nik", "nik wajib diisi".into());
        }
    }
    for (k, v) in fields {
        if v.chars().count() > MAX_LEN {
            err(k, format!("{k} maksimal {MAX_LEN} karakter"));
        }
    }
    if let Some(n) = field(fields, "nik")
        && (n.len() != 16 || !n.bytes().all(|b| b.is_ascii_digit()))
    {
        err("nik", "NIK harus 16 digit angka".into());
    }
    if let Some(g) = field(fields, "m_gender_id")
        && g != "1"
        && g != "2"
    {
        err("m_gender_id", "m_gender_id harus 1 atau 2".into());
    }
    for k in ["birth_date", "admission_date"] {
        if let Some(d) = field(fields, k)
            && (d.len() != 10 || Date::parse(d).is_err())
        {
            err(k, format!("{k} harus tanggal YYYY-MM-DD"));
        }
    }
    if let Some(y) = field(fields, "academic_year_id")
        && y.parse::<i64>().is_err()
    {
        err("academic_year_id", "academic_year_id tidak valid".into());
    }
    errors
}

/// The academic year of a write: unknown → 422 on the field; not the current period, or the
/// period closed → 422 "Periode pendataan sudah ditutup".
fn check_period(st: &SimState, fields: &[(String, String)]) -> Result<Option<i64>, ApiError> {
    let year = field(fields, "academic_year_id").and_then(|y| y.parse::<i64>().ok());
    if let Some(y) = year
        && st.period_name(y).is_none()
    {
        return Err(ApiError::validation(&[(
            "academic_year_id".into(),
            "academic_year_id tidak valid".into(),
        )]));
    }
    let active = st.active_period().academic_year_id;
    if !st.period_open || year.is_some_and(|y| y != active) {
        return Err(ApiError::validation(&[(
            "academic_year_id".into(),
            PERIOD_CLOSED.into(),
        )]));
    }
    Ok(year)
}

/// The record fields a santri carries, in the simulator's stored shape (only what is set).
fn record_fields(s: &Santri) -> Map<String, Value> {
    let mut m = Map::new();
    let mut put = |k: &str, v: Option<Value>| {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    };
    let sens = |v: &Option<emis_core::model::Sensitive>| v.as_ref().map(|x| json!(x.expose()));
    put(
        "full_name",
        Some(s.full_name.expose())
            .filter(|n| !n.trim().is_empty())
            .map(|n| json!(n)),
    );
    put("nik", sens(&s.nik));
    put("nisn", sens(&s.nisn));
    put("kk_num", sens(&s.kk_num));
    put("local_nis", s.local_nis.as_ref().map(|v| json!(v)));
    put("birth_place", s.birth_place.as_ref().map(|v| json!(v)));
    put("birth_date", s.birth_date.as_ref().map(|v| json!(v)));
    put(
        "m_gender",
        s.jenis_kelamin().map(|j| match j.as_str() {
            "P" => master(2, "Perempuan"),
            _ => master(1, "Laki-laki"),
        }),
    );
    put("address", s.alamat.address.as_ref().map(|v| json!(v)));
    put("rt", s.alamat.rt.as_ref().map(|v| json!(v)));
    put("rw", s.alamat.rw.as_ref().map(|v| json!(v)));
    put("postal_code_num", s.alamat.postal_code_num.as_ref().map(|v| json!(v)));
    if let Some(code) = &s.alamat.kode_wilayah {
        put("kode_wilayah", Some(json!(code)));
        if let Some(kec) = code.get(..6).and_then(|c| c.parse::<u32>().ok()) {
            let (prov, city, district) = region_refs(kec);
            put("m_province", Some(prov));
            put("m_city", Some(city));
            put("m_district", Some(district));
        }
    }
    put(
        "status_mukim",
        s.status_mukim.map(|m| {
            json!(match m {
                StatusMukim::Mukim => "mukim",
                StatusMukim::NonMukim => "non-mukim",
            })
        }),
    );
    let p = &s.parents;
    let mut parents = Map::new();
    for (k, v) in [
        ("father_full_name", &p.father_full_name),
        ("father_nik", &p.father_nik),
        ("mother_full_name", &p.mother_full_name),
        ("mother_nik", &p.mother_nik),
        ("wali_full_name", &p.wali_full_name),
        ("wali_nik", &p.wali_nik),
    ] {
        if let Some(v) = sens(v) {
            parents.insert(k.into(), v);
        }
    }
    if !parents.is_empty() {
        put("parents", Some(Value::Object(parents)));
    }
    if let Some(la) = &s.learning_activity {
        let mut l = Map::new();
        if let Some(y) = la.academic_year_id {
            l.insert("academic_year_id".into(), json!(y));
        }
        if let Some(level) = &la.m_level_id {
            let id = level.id.or_else(|| level.text().and_then(|t| t.parse().ok()));
            let v = match id {
                Some(id) => json!({"id": id, "name": level_name(id)}),
                None => json!({"id": null, "name": level.text()}),
            };
            l.insert("m_level_id".into(), v);
        }
        if let Some(t) = &la.tingkat {
            l.insert("tingkat".into(), json!(t));
        }
        if let Some(g) = &la.study_group {
            l.insert("study_group".into(), json!({"name": g, "room_name": null}));
        }
        if let Some(d) = &la.admission_date {
            l.insert("admission_date".into(), json!(d));
        }
        if !l.is_empty() {
            put("learning_activity", Some(Value::Object(l)));
        }
    }
    m
}

/// Merges `top` into `base`, objects field by field.
fn merge(base: &mut Map<String, Value>, top: Map<String, Value>) {
    for (k, v) in top {
        match (base.get_mut(&k), v) {
            (Some(Value::Object(b)), Value::Object(t)) => merge(b, t),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

fn operator(st: &SimState, headers: &HeaderMap) -> Result<Session, ApiError> {
    let s = st.authenticate(headers)?;
    if s.role != Role::Operator || s.lembaga.is_none() {
        return Err(ApiError::message(StatusCode::FORBIDDEN, "This action is unauthorized."));
    }
    Ok(s)
}

fn created(id: &str, message: &str) -> Response {
    crate::http::json_response(
        StatusCode::OK,
        &json!({"success": true, "message": message, "results": {"id": id}}),
    )
}

/// `POST /v1/students/ppdb`.
pub(crate) async fn create(State(app): State<App>, req: Request) -> Response {
    let headers = req.headers().clone();
    if let Err(e) = operator(&app.lock(), &headers) {
        return e.into_response();
    }
    let fields = match read_form(req).await {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    let mut st = app.lock();
    let run = |st: &mut SimState| -> Result<Response, ApiError> {
        // Again: the session may have ended while the body was read.
        let s = operator(st, &headers)?;
        st.pace_write(&s.sub)?;
        let errors = validate(&fields, true);
        if !errors.is_empty() {
            return Err(ApiError::validation(&errors));
        }
        let year = check_period(st, &fields)?;
        let stat = s.lembaga.clone().unwrap_or_default();
        let santri = santri_from_form(&fields);
        let nik = santri.nik.as_ref().map(|n| n.expose().to_string());
        if let Some(nik) = &nik {
            let with_nik = |r: &&crate::state::Row| r.str_field("nik") == Some(nik.as_str());
            let active = |r: &&crate::state::Row| r.santri_status() == crate::datagen::RecordStatus::Aktif;
            if st
                .santri
                .values()
                .filter(with_nik)
                .any(|r| r.statistic_num == stat && active(&r))
            {
                return Err(ApiError::validation(&[("nik".into(), ALREADY_HERE.into())]));
            }
            if st
                .santri
                .values()
                .filter(with_nik)
                .any(|r| r.statistic_num != stat && active(&r))
            {
                return Err(ApiError::validation(&[("nik".into(), ACTIVE_ELSEWHERE.into())]));
            }
        }
        // A santri who left this lembaga and comes back keeps the record (one per NIK): it
        // gets a new learning activity; anyone else gets a new record.
        let returning = nik.as_ref().and_then(|n| {
            st.santri
                .iter()
                .find(|(_, r)| r.statistic_num == stat && r.str_field("nik") == Some(n.as_str()))
                .map(|(id, r)| (id.clone(), r.record.clone()))
        });
        let (id, mut rec) = match returning {
            Some((id, mut rec)) => {
                rec.remove("learning_activity");
                rec.remove("approval_note");
                (id, rec)
            }
            None => {
                let id = st.next_santri_id();
                let mut rec = Map::new();
                rec.insert("id".into(), json!(id));
                (id, rec)
            }
        };
        merge(&mut rec, record_fields(&santri));
        let la = crate::routes::fields::obj(&mut rec, "learning_activity");
        if let Some(y) = year {
            la.insert("academic_year_id".into(), json!(y));
        }
        la.insert("student_status_id".into(), json!(1));
        la.insert("student_status".into(), master(1, "Aktif"));
        rec.insert("approval_status".into(), json!("menunggu_kepala"));
        st.santri
            .insert(id.clone(), crate::state::Row::from_value(&stat, Value::Object(rec)));
        if let Some(nik) = &nik {
            st.note_create(&stat, nik);
        }
        Ok(created(&id, "Data berhasil disimpan"))
    };
    run(&mut st).unwrap_or_else(IntoResponse::into_response)
}

/// `POST /v1/students/ppdb/{id}` with `_method=PUT` (Laravel's method spoofing; without it the
/// route answers 405).
pub(crate) async fn update_post(app: State<App>, path: Path<String>, req: Request) -> Response {
    update(app, path, req, true).await
}

/// `PUT /v1/students/ppdb/{id}` (multipart or url-encoded).
pub(crate) async fn update_put(app: State<App>, path: Path<String>, req: Request) -> Response {
    update(app, path, req, false).await
}

async fn update(State(app): State<App>, Path(id): Path<String>, req: Request, spoofed: bool) -> Response {
    let uri_path = req.uri().path().to_string();
    let headers = req.headers().clone();
    if let Err(e) = operator(&app.lock(), &headers) {
        return e.into_response();
    }
    let fields = match read_form(req).await {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    if spoofed && !field(&fields, "_method").is_some_and(|m| m.eq_ignore_ascii_case("PUT")) {
        return ApiError::method_not_supported(Method::POST.as_str(), &uri_path).into_response();
    }
    let mut st = app.lock();
    let run = |st: &mut SimState| -> Result<Response, ApiError> {
        let s = operator(st, &headers)?;
        let stat = s.lembaga.clone().unwrap_or_default();
        if st.santri.get(&id).is_none_or(|r| r.statistic_num != stat) {
            let msg = format!("No query results for model [App\\Models\\Student] {id}");
            return Err(ApiError::message(StatusCode::NOT_FOUND, msg));
        }
        st.pace_write(&s.sub)?;
        let errors = validate(&fields, false);
        if !errors.is_empty() {
            return Err(ApiError::validation(&errors));
        }
        check_period(st, &fields)?;
        let fragment = record_fields(&santri_from_form(&fields));
        if let Some(row) = st.santri.get_mut(&id) {
            merge(&mut row.record, fragment);
            row.record.insert("approval_status".into(), json!("menunggu_kepala"));
            row.record.remove("approval_note");
        }
        Ok(created(&id, "Data berhasil diperbarui"))
    };
    run(&mut st).unwrap_or_else(IntoResponse::into_response)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn validation_rules() {
        let e = validate(&f(&[("full_name", "A")]), true);
        let keys: Vec<&str> = e.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(
            keys,
            [
                "birth_place",
                "birth_date",
                "m_gender_id",
                "mother_full_name",
                "academic_year_id",
                "nik"
            ]
        );
        let e = validate(&f(&[("have_nik", "false"), ("full_name", "A")]), true);
        assert!(!e.iter().any(|(k, _)| k == "nik"));
        let long = "x".repeat(256);
        let e = validate(
            &f(&[
                ("full_name", &long),
                ("nik", "12"),
                ("m_gender_id", "L"),
                ("birth_date", "7/8/2010"),
            ]),
            false,
        );
        let keys: Vec<&str> = e.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["full_name", "nik", "m_gender_id", "birth_date"]);
        assert!(e[0].1.contains("255"));
        assert!(validate(&f(&[("full_name", &"x".repeat(255))]), false).is_empty());
    }
}
