//! The real single write `POST /v1/students/ppdb` (multipart), the assumed update, pacing,
//! approvals and the ambiguous create (applied, then the connection dropped).

mod common;

use common::*;
use emis_sim::datagen::RecordStatus;
use emis_sim::{ApprovalAction, Fault, FaultRule, Faults, Simulator, messages};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

fn get_field<'a>(f: &'a [(String, String)], k: &str) -> &'a str {
    f.iter().find(|(n, _)| n == k).map(|(_, v)| v.as_str()).unwrap_or("")
}

fn row_with_nik<'a>(rows: &'a [Value], nik: &str) -> Vec<&'a Value> {
    rows.iter().filter(|r| r["nik"] == nik).collect()
}

#[tokio::test]
async fn create_then_list_returns_what_was_sent() {
    let sim = start(Simulator::builder().seed(7).write_window_ms(0)).await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    let fresh = sim.new_santri(&stat, 3);
    let mut sent = Vec::new();
    for s in &fresh {
        let fields = ppdb_fields(s);
        assert_eq!(get_field(&fields, "is_pontren"), "1");
        let r = ppdb_create(&sim, &token, &fields).await;
        assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
        assert_eq!(r.body["success"], true);
        assert_eq!(r.body["message"], "Data berhasil disimpan");
        let id = r.body["results"]["id"].as_str().expect("results.id").to_string();
        sent.push((id, fields));
    }
    // The list (variance on: the default real profile) gives back the same values.
    let rows = list_rows(&sim, &token).await;
    for (id, f) in &sent {
        let found = row_with_nik(&rows, get_field(f, "nik"));
        assert_eq!(found.len(), 1);
        let row = found[0];
        assert_eq!(row["id"], id.as_str());
        for k in [
            "full_name",
            "nik",
            "nisn",
            "kk_num",
            "birth_place",
            "birth_date",
            "local_nis",
            "status_mukim",
        ] {
            let want = get_field(f, k);
            if want.is_empty() {
                assert!(row[k].is_null(), "{k}: {}", row[k]);
            } else {
                assert_eq!(row[k], want, "{k}");
            }
        }
        assert_eq!(row["parents"]["mother_full_name"], get_field(f, "mother_full_name"));
        assert_eq!(row["parents"]["father_nik"], get_field(f, "father_nik"));
        let la = &row["learning_activity"];
        assert_eq!(la["study_group"]["name"], get_field(f, "study_group"));
        assert_eq!(
            la["academic_year_id"],
            get_field(f, "academic_year_id").parse::<i64>().unwrap()
        );
        assert_eq!(la["academic_year"]["name"], "Ganjil 2026/2027");
        assert_eq!(la["admission_date"], "2026-07-15");
        let g = if get_field(f, "m_gender_id") == "2" { "P" } else { "L" };
        assert_eq!(gender_of(&row["m_gender"]), Some(g));
        assert_eq!(row["approval_status"], "menunggu_kepala");
        assert_eq!(row["student_status_id"], 1);
        // And through emis-core's mapping back: the same santri as the form describes.
        let back = emis_core::api::ppdb::santri_from_form(f);
        assert_eq!(back.full_name.expose(), row["full_name"].as_str().unwrap());
    }
    // /__sim/state: one create per NIK, pending at the Kepala.
    let st = sim.state();
    for (id, f) in &sent {
        let s = st.santri_with_nik(&stat, get_field(f, "nik"));
        assert_eq!(s.len(), 1);
        assert_eq!(&s[0].id, id);
        assert_eq!(s[0].times_created, 1);
        assert_eq!(s[0].approval_status.as_deref(), Some("menunggu_kepala"));
        assert_eq!(s[0].birth_date.as_deref(), Some(get_field(f, "birth_date")));
    }
}

#[tokio::test]
async fn create_refusals_are_laravel_422s() {
    let sim = start(Simulator::builder().seed(8).write_window_ms(0)).await;
    let ds = sim.dataset();
    let (a, b) = (ds.lembaga[0].statistic_num.clone(), ds.lembaga[1].statistic_num.clone());
    let token = login_as(&sim, &a).await;
    let fresh = sim.new_santri(&a, 2);
    let f = ppdb_fields(&fresh[0]);
    assert_eq!(ppdb_create(&sim, &token, &f).await.status, StatusCode::OK);
    // Already registered here (our own earlier create, or by hand).
    let again = ppdb_create(&sim, &token, &f).await;
    assert_eq!(again.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(again.body["errors"]["nik"][0], messages::NIK_SUDAH_TERDAFTAR);
    assert!(again.body["message"].is_string() && again.body.get("success").is_none());
    // Active at another lembaga: data ganda.
    let other = ds
        .santri_of(&b)
        .find(|s| s.status == RecordStatus::Aktif)
        .unwrap()
        .clone();
    let ganda = ppdb_create(&sim, &token, &ppdb_fields(&other)).await;
    assert_eq!(ganda.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        ganda.body,
        json!({"errors": {"nik": [messages::NIK_AKTIF_DI_LEMBAGA_LAIN]}, "message": messages::NIK_AKTIF_DI_LEMBAGA_LAIN})
    );
    // A santri who left a lembaga can be created there again: the same record, active again.
    let left = ds
        .santri
        .iter()
        .find(|s| s.status != RecordStatus::Aktif)
        .expect("someone left")
        .clone();
    let token_left = login_as(&sim, &left.statistic_num).await;
    let r = ppdb_create(&sim, &token_left, &ppdb_fields(&left)).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["results"]["id"], left.id.as_str());
    let st = sim.state();
    let rows = st.santri_with_nik(&left.statistic_num, &left.nik);
    assert_eq!(rows.len(), 1);
    assert_eq!((rows[0].status.as_str(), rows[0].times_created), ("Aktif", 1));
    assert_eq!(rows[0].approval_status.as_deref(), Some("menunggu_kepala"));
    // Missing required fields, one message per field.
    let mut missing = ppdb_fields(&fresh[1]);
    missing.retain(|(k, _)| !["full_name", "mother_full_name", "academic_year_id", "nik"].contains(&k.as_str()));
    let r = ppdb_create(&sim, &token, &missing).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = r.body["errors"].as_object().unwrap();
    for k in ["full_name", "mother_full_name", "academic_year_id", "nik"] {
        assert!(errors[k][0].as_str().unwrap().contains("wajib"), "{k}: {errors:?}");
    }
    // Longer than 255 characters.
    let mut long = ppdb_fields(&fresh[1]);
    set_field(&mut long, "address", &"x".repeat(256));
    let r = ppdb_create(&sim, &token, &long).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body["errors"]["address"][0].as_str().unwrap().contains("255"));
    // Another period, then the period closed.
    let mut old = ppdb_fields(&fresh[1]);
    set_field(&mut old, "academic_year_id", "18");
    let r = ppdb_create(&sim, &token, &old).await;
    assert_eq!(r.body["message"], messages::PERIODE_TUTUP);
    sim.set_period_open(false);
    let r = ppdb_create(&sim, &token, &ppdb_fields(&fresh[1])).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.body["message"], messages::PERIODE_TUTUP);
    // Nothing of the refused ones was stored.
    let st = sim.state();
    assert!(st.santri_with_nik(&a, &fresh[1].nik).is_empty());
    assert_eq!(st.santri_with_nik(&a, &fresh[0].nik)[0].times_created, 1);
    assert!(st.santri_with_nik(&a, &other.nik).is_empty());
}

#[tokio::test]
async fn writes_are_paced_without_retry_after() {
    let sim = start(Simulator::builder().seed(9).write_window_ms(400)).await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    let fresh = sim.new_santri(&stat, 3);
    assert_eq!(
        ppdb_create(&sim, &token, &ppdb_fields(&fresh[0])).await.status,
        StatusCode::OK
    );
    let r = ppdb_create(&sim, &token, &ppdb_fields(&fresh[1])).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.body, json!({"message": messages::TOO_MANY_ATTEMPTS}));
    assert!(r.headers.get("retry-after").is_none());
    assert!(
        sim.state().santri_with_nik(&stat, &fresh[1].nik).is_empty(),
        "not applied"
    );
    tokio::time::sleep(Duration::from_millis(450)).await;
    assert_eq!(
        ppdb_create(&sim, &token, &ppdb_fields(&fresh[1])).await.status,
        StatusCode::OK
    );
    // Another account has its own window.
    let other = sim.dataset().lembaga[1].statistic_num.clone();
    let token_b = login_as(&sim, &other).await;
    let fresh_b = sim.new_santri(&other, 1);
    assert_eq!(
        ppdb_create(&sim, &token_b, &ppdb_fields(&fresh_b[0])).await.status,
        StatusCode::OK
    );
    // The default window is 3 s.
    let def = start(Simulator::builder().seed(9)).await;
    let token = login_as(&def, &stat).await;
    let fresh = def.new_santri(&stat, 2);
    assert_eq!(
        ppdb_create(&def, &token, &ppdb_fields(&fresh[0])).await.status,
        StatusCode::OK
    );
    tokio::time::sleep(Duration::from_millis(500)).await;
    let r = ppdb_create(&def, &token, &ppdb_fields(&fresh[1])).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
}

async fn update(
    sim: &emis_sim::SimHandle,
    token: &str,
    method: reqwest::Method,
    id: &str,
    f: &[(String, String)],
) -> Resp {
    read(
        http()
            .request(method, format!("{}{PPDB}/{id}", sim.base_url()))
            .bearer_auth(token)
            .multipart(multipart(f))
            .send()
            .await
            .unwrap(),
    )
    .await
}

#[tokio::test]
async fn update_with_method_spoofing_and_approvals() {
    let sim = start(Simulator::builder().seed(10).write_window_ms(0)).await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    let fresh = sim.new_santri(&stat, 2);
    let mut ids = Vec::new();
    for s in &fresh {
        let r = ppdb_create(&sim, &token, &ppdb_fields(s)).await;
        ids.push(r.body["results"]["id"].as_str().unwrap().to_string());
    }
    // Kepala, then kab/kota; the other one is rejected with a note.
    let adv = sim.approvals(ApprovalAction::Advance, Some(&fresh[0].nik), None);
    assert_eq!(adv.len(), 1);
    assert_eq!(adv[0].approval_status, "menunggu_kabkota");
    let c = http()
        .post(format!("{}/__sim/approvals", sim.base_url()))
        .json(&json!({"action": "reject", "nik": fresh[1].nik, "note": "KK buram"}))
        .send()
        .await
        .unwrap();
    assert_eq!(c.status(), StatusCode::OK);
    let rows = list_rows(&sim, &token).await;
    let r1 = row_with_nik(&rows, &fresh[1].nik)[0];
    assert_eq!(r1["approval_status"], "ditolak");
    assert_eq!(r1["approval_note"], "KK buram");
    assert_eq!(
        row_with_nik(&rows, &fresh[0].nik)[0]["approval_status"],
        "menunggu_kabkota"
    );
    assert_eq!(
        sim.approvals(ApprovalAction::Advance, None, None).len(),
        1,
        "only pending ones move"
    );
    assert_eq!(
        sim.state().santri_with_nik(&stat, &fresh[0].nik)[0]
            .approval_status
            .as_deref(),
        Some("disetujui")
    );
    // The rejected record is fixed with an update: POST + _method=PUT, back to the Kepala.
    let fix = vec![
        ("_method".to_string(), "PUT".to_string()),
        ("address".to_string(), "Jl. Perbaikan No. 1".to_string()),
        ("mother_full_name".to_string(), "SITI PERBAIKAN".to_string()),
    ];
    let r = update(&sim, &token, reqwest::Method::POST, &ids[1], &fix).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    assert_eq!(r.body["results"]["id"], ids[1].as_str());
    let rec = sim
        .santri_records(&stat)
        .into_iter()
        .find(|x| x["id"] == ids[1].as_str())
        .unwrap();
    assert_eq!(rec["address"], "Jl. Perbaikan No. 1");
    assert_eq!(rec["parents"]["mother_full_name"], "SITI PERBAIKAN");
    assert_eq!(rec["full_name"], fresh[1].full_name.as_str(), "fields not sent stay");
    assert_eq!(rec["approval_status"], "menunggu_kepala");
    assert!(rec.get("approval_note").is_none());
    // A real PUT works too; POST without _method is 405; an unknown id is Laravel's 404.
    let put = vec![("rt".to_string(), "009".to_string())];
    assert_eq!(
        update(&sim, &token, reqwest::Method::PUT, &ids[0], &put).await.status,
        StatusCode::OK
    );
    let r = update(&sim, &token, reqwest::Method::POST, &ids[0], &put).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
    let r = update(&sim, &token, reqwest::Method::PUT, "s-999999", &put).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert!(r.body["message"].as_str().unwrap().contains("No query results"));
    assert!(r.body.get("success").is_none());
    // Another lembaga's record is unknown here.
    let other = sim.dataset().lembaga[1].statistic_num.clone();
    let token_b = login_as(&sim, &other).await;
    assert_eq!(
        update(&sim, &token_b, reqwest::Method::PUT, &ids[0], &put).await.status,
        StatusCode::NOT_FOUND
    );
    // No route for mutasi/deactivate in the real profile.
    let r = post(&sim, &token, SANTRI_BATCH, None, &json!({"items": []})).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        r.body,
        json!({"message": "The route v1/students/pontrens/batch could not be found."})
    );
}

#[tokio::test]
async fn ambiguous_create_applied_then_connection_dropped() {
    let sim = start(Simulator::builder().seed(11).write_window_ms(0)).await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    sim.set_faults(Faults::single(
        FaultRule::new(Some("POST"), PPDB, Fault::ResetMidBody { after_bytes: Some(0) })
            .nth(1)
            .after_apply(),
    ));
    let fresh = sim.new_santri(&stat, 1);
    let f = ppdb_fields(&fresh[0]);
    let first = http()
        .post(format!("{}{PPDB}", sim.base_url()))
        .bearer_auth(&token)
        .multipart(multipart(&f))
        .send()
        .await;
    let outcome = match first {
        Err(e) => format!("send error: {e}"),
        Ok(r) => match r.bytes().await {
            Err(e) => format!("body error: {e}"),
            Ok(b) => panic!("a complete answer: {b:?}"),
        },
    };
    assert!(!outcome.is_empty());
    // Applied once; sent blind again, it is "already registered"; looked up, it is there.
    let st = sim.state();
    assert_eq!(st.santri_with_nik(&stat, &fresh[0].nik)[0].times_created, 1);
    let again = ppdb_create(&sim, &token, &f).await;
    assert_eq!(again.body["errors"]["nik"][0], messages::NIK_SUDAH_TERDAFTAR);
    let rows = list_rows(&sim, &token).await;
    assert_eq!(row_with_nik(&rows, &fresh[0].nik).len(), 1);
    assert_eq!(sim.state().santri_with_nik(&stat, &fresh[0].nik)[0].times_created, 1);
}

#[tokio::test]
async fn after_apply_mid_body_keeps_the_headers() {
    let sim = start(Simulator::builder().seed(12).write_window_ms(0)).await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    sim.set_faults(Faults::single(
        FaultRule::new(Some("POST"), PPDB, Fault::ResetMidBody { after_bytes: Some(10) }).after_apply(),
    ));
    let fresh = sim.new_santri(&stat, 1);
    let r = http()
        .post(format!("{}{PPDB}", sim.base_url()))
        .bearer_auth(&token)
        .multipart(multipart(&ppdb_fields(&fresh[0])))
        .send()
        .await
        .expect("headers arrive");
    assert_eq!(r.status(), StatusCode::OK);
    assert!(r.bytes().await.is_err(), "the body breaks");
    assert_eq!(sim.state().santri_with_nik(&stat, &fresh[0].nik).len(), 1);
}

#[tokio::test]
async fn login_by_nik_or_json_and_partner_json() {
    let sim = start_default().await;
    let stat = sim.demo_statistic_num();
    let op = sim.operator_credentials(&stat).unwrap();
    assert_eq!(op.nik.len(), 16);
    assert!(emis_core::id::nik::is_valid(&op.nik));
    // Form with the NIK as "email".
    let token = login(&sim, &op.nik, &op.password).await;
    assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
    // JSON with the email.
    let r = read(
        http()
            .post(format!("{}/v1/accounts/login", sim.base_url()))
            .json(&json!({"email": op.email, "password": op.password}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["results"]["user"]["statistic_num"], stat.as_str());
    let wrong = read(
        http()
            .post(format!("{}/v1/accounts/login", sim.base_url()))
            .json(&json!({"email": op.nik, "password": "sim-FAKE-wrong"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    // Partner login as JSON (Laravel's HTTP client default).
    let p = sim.partner_credentials();
    let r = read(
        http()
            .post(format!("{}/v1/accounts/partners-login", sim.base_url()))
            .json(&json!({"public_key": p.public_key, "private_key": p.private_key}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body["results"]["token"].is_string());
    // A partner cannot create santri.
    let partner = r.body["results"]["token"].as_str().unwrap().to_string();
    let fresh = sim.new_santri(&stat, 1);
    let r = ppdb_create(&sim, &partner, &ppdb_fields(&fresh[0])).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
