//! Shared helpers for the integration tests: a small reqwest-based client over loopback.
#![allow(dead_code)]

use emis_sim::{Profile, SimHandle, Simulator, SimulatorBuilder};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;
use std::time::Duration;

pub const SANTRI_BATCH: &str = "/v1/students/pontrens/batch";
pub const GTK_BATCH: &str = "/v1/personnels/pontrens/batch";
pub const STUDENT_LIST: &str = "/v1/students/pontrens/institution/student-list";
pub const PPDB: &str = "/v1/students/ppdb";
pub const SEARCH: &str = "/v1/students/pontrens/student-ppdb-search";
pub const GTK_PREVIEW: &str = "/kepegawaian/verval-kepegawaian/ptk/asn/preview-simpeg/";

thread_local! {
    // One client per test thread (libtest runs each test on its own thread): building a
    // client loads TLS roots, which would dominate the run time.
    static CLIENT: reqwest::Client = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_secs(20))
        .build()
        .expect("client");
}

pub fn http() -> reqwest::Client {
    CLIENT.with(Clone::clone)
}

pub async fn start(b: SimulatorBuilder) -> SimHandle {
    b.build().start().await.expect("simulator starts")
}

/// The real profile (the default), seed 7.
pub async fn start_default() -> SimHandle {
    start(Simulator::builder().seed(7)).await
}

/// The extended profile (batches, idempotency, jobs, registrations, periods), seed 7.
pub async fn start_extended() -> SimHandle {
    start(Simulator::builder().seed(7).profile(Profile::Extended)).await
}

/// A response read fully.
#[derive(Debug)]
pub struct Resp {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Value,
}

pub async fn read(r: reqwest::Response) -> Resp {
    let status = r.status();
    let headers = r.headers().clone();
    let bytes = r.bytes().await.expect("body");
    let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    Resp { status, headers, body }
}

pub async fn login_as(sim: &SimHandle, statistic_num: &str) -> String {
    let op = sim.operator_credentials(statistic_num).expect("operator");
    login(sim, &op.email, &op.password).await
}

pub async fn login(sim: &SimHandle, email: &str, password: &str) -> String {
    let r = http()
        .post(format!("{}/v1/accounts/login", sim.base_url()))
        .form(&[("email", email), ("password", password)])
        .send()
        .await
        .expect("login request");
    let r = read(r).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["results"]["token"].as_str().expect("token").to_string()
}

pub async fn get(sim: &SimHandle, token: &str, path_and_query: &str) -> Resp {
    let r = http()
        .get(format!("{}{path_and_query}", sim.base_url()))
        .bearer_auth(token)
        .send()
        .await
        .expect("GET");
    read(r).await
}

pub fn post_req(sim: &SimHandle, token: &str, path: &str, key: Option<&str>, body: &Value) -> reqwest::RequestBuilder {
    let mut b = http()
        .post(format!("{}{path}", sim.base_url()))
        .bearer_auth(token)
        .json(body);
    if let Some(k) = key {
        b = b.header("Idempotency-Key", k);
    }
    b
}

pub async fn post(sim: &SimHandle, token: &str, path: &str, key: Option<&str>, body: &Value) -> Resp {
    read(post_req(sim, token, path, key, body).send().await.expect("POST")).await
}

/// Item results of a batch response.
pub fn items(r: &Resp) -> Vec<Value> {
    r.body["results"]["items"].as_array().cloned().unwrap_or_default()
}

/// A create item for a fresh synthetic santri (from the generator, not yet on the server).
pub fn create_item(s: &emis_sim::datagen::SimSantri) -> Value {
    serde_json::json!({
        "op": "create",
        "key": {"nik": s.nik},
        "fields": {
            "full_name": s.full_name,
            "birth_date": s.birth_date.to_string(),
            "birth_place": s.birth_place,
            "nisn": s.nisn,
            "kk_num": s.kk_num,
            "gender": s.gender.as_str(),
            "mother_full_name": s.mother_full_name,
            "study_group": s.study_group,
            "unknown_client_field": {"ignored": true},
        },
        "client_extra": 1,
    })
}

/// The form fields of a synthetic santri, through emis-core's one mapping.
pub fn ppdb_fields(s: &emis_sim::datagen::SimSantri) -> Vec<(String, String)> {
    let santri = emis_core::model::Santri::from_flat([
        ("full_name", s.full_name.as_str()),
        ("nik", s.nik.as_str()),
        ("nisn", s.nisn.as_deref().unwrap_or("")),
        ("kk_num", s.kk_num.as_str()),
        ("local_nis", s.local_nis.as_str()),
        ("birth_place", s.birth_place.as_str()),
        ("birth_date", &s.birth_date.to_string()),
        ("m_gender", s.gender.as_str()),
        ("address", s.address.as_str()),
        ("rt", s.rt.as_str()),
        ("rw", s.rw.as_str()),
        ("kode_wilayah", &s.kecamatan.to_string()),
        (
            "status_mukim",
            if s.status_mukim == emis_core::model::StatusMukim::Mukim {
                "mukim"
            } else {
                "non-mukim"
            },
        ),
        ("father_full_name", s.father_full_name.as_str()),
        ("father_nik", s.father_nik.as_deref().unwrap_or("")),
        ("mother_full_name", s.mother_full_name.as_deref().unwrap_or("")),
        ("mother_nik", s.mother_nik.as_deref().unwrap_or("")),
        ("m_level_id", "2"),
        ("tingkat", &s.tingkat.to_string()),
        ("study_group", s.study_group.as_deref().unwrap_or("")),
    ]);
    emis_core::api::ppdb::form_fields(&santri, Some(s.academic_year_id), Some("2026-07-15"))
}

/// A multipart form of text fields plus a small synthetic KK scan.
pub fn multipart(fields: &[(String, String)]) -> reqwest::multipart::Form {
    let mut f = reqwest::multipart::Form::new();
    for (k, v) in fields {
        f = f.text(k.clone(), v.clone());
    }
    let scan = reqwest::multipart::Part::bytes(vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 1])
        .file_name("kk.jpg")
        .mime_str("image/jpeg")
        .expect("mime");
    f.part("upload_kk", scan)
}

/// `POST /v1/students/ppdb` with the fields as multipart.
pub async fn ppdb_create(sim: &SimHandle, token: &str, fields: &[(String, String)]) -> Resp {
    let r = http()
        .post(format!("{}{PPDB}", sim.base_url()))
        .bearer_auth(token)
        .multipart(multipart(fields))
        .send()
        .await
        .expect("POST ppdb");
    read(r).await
}

/// Replaces (or adds) a field.
pub fn set_field(fields: &mut Vec<(String, String)>, k: &str, v: &str) {
    fields.retain(|(n, _)| n != k);
    fields.push((k.to_string(), v.to_string()));
}

/// The list rows of the caller's lembaga (one big page).
pub async fn list_rows(sim: &SimHandle, token: &str) -> Vec<Value> {
    let r = get(sim, token, &format!("{STUDENT_LIST}?per_page=10000")).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    r.body["results"].as_array().cloned().unwrap_or_default()
}

/// Sex of a row whatever its shape (`{id, name}`, `L`/`P`, 1/2, any case).
pub fn gender_of(v: &Value) -> Option<&'static str> {
    let text = match v {
        Value::Object(m) => m
            .get("id")
            .and_then(Value::as_i64)
            .map(|i| i.to_string())
            .or_else(|| m.get("name").and_then(Value::as_str).map(str::to_string))?,
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        _ => return None,
    };
    emis_core::id::nik::JenisKelamin::parse(&text).map(|j| j.as_str())
}
