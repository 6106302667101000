//! What the real profile serves and how: routes, Laravel's 404/405, list rows and paging,
//! shape variance, the lembaga info, search and detail quirks, the planted hard cases.

mod common;

use common::*;
use emis_core::pii::mask_number;
use emis_sim::{Profile, Simulator};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::collections::BTreeSet;

const EXTENDED_ONLY: [(&str, &str); 7] = [
    ("POST", "/v1/students/pontrens/batch"),
    ("POST", "/v1/personnels/pontrens/batch"),
    ("POST", "/v1/sync-jobs"),
    ("GET", "/v1/sync-jobs/job-000001"),
    ("POST", "/v1/accounts/registrations"),
    ("GET", "/v1/accounts/registrations/r-000001"),
    ("GET", "/v1/references/academic-years"),
];

async fn call(sim: &emis_sim::SimHandle, token: &str, method: &str, path: &str) -> Resp {
    let m = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
    let mut b = http()
        .request(m.clone(), format!("{}{path}", sim.base_url()))
        .bearer_auth(token);
    if m == reqwest::Method::POST {
        b = b.json(&json!({"items": [], "scope": "santri"}));
    }
    read(b.send().await.unwrap()).await
}

#[tokio::test]
async fn invented_endpoints_are_laravel_404s_in_the_real_profile() {
    let real = start_default().await;
    let ext = start_extended().await;
    let (t_real, t_ext) = (real.mint_token(600), ext.mint_token(600));
    for (method, path) in EXTENDED_ONLY {
        let r = call(&real, &t_real, method, path).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{method} {path}");
        let want = format!("The route {} could not be found.", path.trim_start_matches('/'));
        assert_eq!(r.body, json!({"message": want}));
        // In extended the route exists (an unknown job/registration id is its own 404).
        let e = call(&ext, &t_ext, method, path).await;
        assert!(e.body.get("success").is_some(), "{method} {path}: {:?}", e.body);
        assert_ne!(e.body["message"], want.as_str());
    }
    // Unknown paths: Laravel's shape in real, the envelope in extended.
    let r = call(&ext, &t_ext, "GET", "/v1/nothing").await;
    assert_eq!(
        (r.status, r.body["success"].clone()),
        (StatusCode::NOT_FOUND, json!(false))
    );
    // A known path with another method: Laravel's 405.
    let r = call(&real, &t_real, "GET", PPDB).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(
        r.body["message"],
        "The GET method is not supported for route v1/students/ppdb."
    );
    assert_eq!(real.profile(), Profile::Real);
    assert_eq!(real.state().profile, Profile::Real);
}

#[tokio::test]
async fn list_rows_paging_and_status_fields() {
    let sim = start(Simulator::builder().seed(5).variance(false)).await;
    let stat = sim.demo_statistic_num();
    let token = sim.mint_token(600);
    let expected = sim.dataset().santri_of(&stat).count() as u64;
    // No page: the first page of 100.
    let r = get(&sim, &token, STUDENT_LIST).await;
    let p = &r.body["metadata"]["pagination"];
    assert_eq!(
        (p["current_page"].as_u64(), p["per_page"].as_u64()),
        (Some(1), Some(100))
    );
    assert_eq!(p["total"], expected);
    assert_eq!(p["last_page"], expected.div_ceil(100).max(1));
    assert_eq!(r.body["metadata"].as_object().unwrap().len(), 1, "only pagination");
    // per_page is capped at 10000.
    let r = get(&sim, &token, &format!("{STUDENT_LIST}?per_page=50000")).await;
    assert_eq!(r.body["metadata"]["pagination"]["per_page"], 10000);
    let rows = r.body["results"].as_array().unwrap();
    assert_eq!(rows.len() as u64, expected);
    let mut approvals = BTreeSet::new();
    for row in rows {
        assert!(row["student_status_id"].is_i64());
        let name = row["status_description"]["name"].as_str().unwrap();
        assert_eq!(
            name,
            row["learning_activity"]["student_status"]["name"].as_str().unwrap()
        );
        let la = &row["learning_activity"];
        assert_eq!(la["academic_year"]["id"], la["academic_year_id"]);
        assert!(la["academic_year"]["name"].as_str().unwrap().contains('/'));
        approvals.insert(row.get("approval_status").map(|v| v.to_string()));
    }
    // Pre-existing records: approved or without an approval state.
    assert_eq!(approvals, BTreeSet::from([None, Some("\"disetujui\"".to_string())]));
    // Extended keeps the older metadata too.
    let ext = start_extended().await;
    let r = get(&ext, &ext.mint_token(60), &format!("{STUDENT_LIST}?per_page=7&page=2")).await;
    let m = &r.body["metadata"];
    assert_eq!(m["pagination"]["current_page"], 2);
    assert_eq!(m["total_pages"], m["pagination"]["last_page"]);
}

const STRICT: [&str; 7] = ["id", "nik", "nisn", "kk_num", "full_name", "birth_date", "birth_place"];

#[tokio::test]
async fn variance_changes_shapes_never_strict_fields() {
    let varied = start(Simulator::builder().seed(13)).await;
    let again = start(Simulator::builder().seed(13)).await;
    let plain = start(Simulator::builder().seed(13).variance(false)).await;
    let a = list_rows(&varied, &varied.mint_token(60)).await;
    let b = list_rows(&again, &again.mint_token(60)).await;
    let p = list_rows(&plain, &plain.mint_token(60)).await;
    assert_eq!(a, b, "deterministic by seed");
    assert_eq!(a.len(), p.len());
    let mut seen = BTreeSet::new();
    let mut differing = 0;
    for (v, s) in a.iter().zip(&p) {
        for k in STRICT {
            assert_eq!(v[k], s[k], "{k}");
            assert!(v[k].is_string() || v[k].is_null());
        }
        assert_eq!(v["parents"]["mother_full_name"], s["parents"]["mother_full_name"]);
        for k in ["status_mukim", "local_nis", "approval_status"] {
            assert_eq!(v.get(k), s.get(k), "{k}");
        }
        let (vl, sl) = (&v["learning_activity"], &s["learning_activity"]);
        assert_eq!(vl["study_group"], sl["study_group"]);
        assert_eq!(vl["academic_year_id"], sl["academic_year_id"]);
        assert_eq!(gender_of(&v["m_gender"]), gender_of(&s["m_gender"]));
        let status = |x: &Value| x["status_description"]["name"].as_str().unwrap().to_lowercase();
        assert_eq!(status(v), status(s));
        differing += usize::from(v != s);
        match &v["address"] {
            Value::String(x) if x.contains(", RT ") => seen.insert("address: one string"),
            Value::Object(_) => seen.insert("address: object"),
            _ => false,
        };
        match &v["m_gender"] {
            Value::String(_) => seen.insert("gender: code"),
            Value::Number(_) => seen.insert("gender: id"),
            Value::Object(o) if o["name"] == "Laki-Laki" || o["name"] == "PEREMPUAN" => seen.insert("gender: caps"),
            _ => false,
        };
        if v["status_description"]["name"] == "AKTIF" {
            seen.insert("status: AKTIF");
        }
        if v["rt"].is_number() || v["address"]["rt"].is_number() {
            seen.insert("rt: number");
        }
        if vl["m_level_id"].is_number() || vl["m_level_id"].is_string() {
            seen.insert("level: scalar");
        }
        if v.get("extra_info").is_some() {
            seen.insert("extra_info");
        }
        if v.get("m_religion") == Some(&Value::Null) {
            seen.insert("null optional");
        }
    }
    assert!(differing > a.len() / 2, "{differing} of {}", a.len());
    assert_eq!(seen.len(), 10, "{seen:?}");
    // The detail sends the same varied row as the list.
    let id = a[0]["id"].as_str().unwrap();
    let d = get(
        &varied,
        &varied.mint_token(60),
        &format!("/v1/students/pontrens/students/{id}"),
    )
    .await;
    assert_eq!(d.body["results"], a[0]);
}

#[tokio::test]
async fn lembaga_info_detail_and_search_quirks() {
    let sim = start_default().await;
    let token = sim.mint_token(600);
    let info = get(&sim, &token, "/v1/institutions/info").await;
    let r = &info.body["results"];
    assert!(r["address"].as_str().unwrap().contains("RT "), "{r}");
    assert_eq!(r["status"], "SWASTA");
    assert!(r["institution_id"].is_i64());
    let ext = start_extended().await;
    let e = get(&ext, &ext.mint_token(60), "/v1/institutions/info").await;
    assert!(e.body["results"]["address"].is_object());
    // Unknown detail id: 200 "data tidak ditemukan".
    let d = get(&sim, &token, "/v1/students/pontrens/students/s-999999").await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(
        d.body,
        json!({"success": true, "results": {"data": "data tidak ditemukan"}})
    );
    // Search across lembaga: masked like emis_core::pii::mask_number.
    let ds = sim.dataset();
    let other = ds.santri_of(&ds.lembaga[2].statistic_num).next().unwrap().clone();
    let q = format!(
        "{SEARCH}?q={}&fdob={}&fbirthplace=kab.+{}",
        other.full_name.to_lowercase().replace(' ', "+"),
        other.birth_date,
        other.birth_place.to_lowercase()
    );
    let r = get(&sim, &token, &q).await;
    let rows = r.body["results"].as_array().expect("a list");
    let hit = rows
        .iter()
        .find(|x| x["statistic_num"] == ds.lembaga[2].statistic_num.as_str())
        .unwrap();
    assert_eq!(hit["nik"], mask_number(&other.nik));
    assert_eq!(hit["institution_name"], ds.lembaga[2].name.as_str());
    assert_eq!(hit["status"], "Aktif");
}

#[tokio::test]
async fn planted_same_name_pair_and_twins() {
    let sim = start_default().await;
    let ds = sim.dataset();
    let stat = sim.demo_statistic_num();
    let sc = &ds.scenarios;
    let find = |id: &str| ds.santri.iter().find(|s| s.id == id).unwrap().clone();
    let (a, b) = sc.same_name.clone().unwrap();
    let (a, b) = (find(&a), find(&b));
    assert_eq!(
        (a.statistic_num.as_str(), b.statistic_num.as_str()),
        (stat.as_str(), stat.as_str())
    );
    assert_eq!(
        (&a.full_name, a.birth_date, &a.birth_place),
        (&b.full_name, b.birth_date, &b.birth_place)
    );
    assert_ne!(a.nik, b.nik);
    assert_ne!(a.mother_full_name, b.mother_full_name);
    let (t1, t2) = sc.twins.clone().unwrap();
    let (t1, t2) = (find(&t1), find(&t2));
    assert_eq!(
        (t1.birth_date, &t1.kk_num, &t1.mother_full_name),
        (t2.birth_date, &t2.kk_num, &t2.mother_full_name)
    );
    assert_ne!(t1.full_name, t2.full_name);
    assert_ne!(t1.nik, t2.nik);
    // Over HTTP: both pairs are in the list; a name + birth date search finds both namesakes.
    let token = sim.mint_token(600);
    let rows = list_rows(&sim, &token).await;
    for s in [&a, &b, &t1, &t2] {
        assert_eq!(rows.iter().filter(|r| r["nik"] == s.nik.as_str()).count(), 1);
    }
    let q = format!("{SEARCH}?q={}&fdob={}", a.full_name.replace(' ', "+"), a.birth_date);
    let r = get(&sim, &token, &q).await;
    let same: Vec<&Value> = r.body["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|x| x["statistic_num"] == stat.as_str())
        .collect();
    assert!(same.len() >= 2, "{same:?}");
}
