//! Shared helpers for the integration tests: a small reqwest-based client over loopback.
#![allow(dead_code)]

use emis_sim::{SimHandle, Simulator, SimulatorBuilder};
use reqwest::StatusCode;
use reqwest::header::HeaderMap;
use serde_json::Value;
use std::time::Duration;

pub const SANTRI_BATCH: &str = "/v1/students/pontrens/batch";
pub const GTK_BATCH: &str = "/v1/personnels/pontrens/batch";
pub const STUDENT_LIST: &str = "/v1/students/pontrens/institution/student-list";

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

pub async fn start_default() -> SimHandle {
    start(Simulator::builder().seed(7)).await
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
