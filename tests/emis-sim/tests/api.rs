//! Reads and auth over real loopback sockets.

mod common;

use common::*;
use emis_sim::Simulator;
use reqwest::StatusCode;
use serde_json::json;
use std::collections::BTreeSet;

#[tokio::test]
async fn login_and_list_paging() {
    let sim = start_default().await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    // The token is JWT-shaped with exp and the lembaga.
    let parts: Vec<&str> = token.split('.').collect();
    assert_eq!(parts.len(), 3);
    let expected = sim.dataset().santri_of(&stat).count() as u64;
    let first = get(&sim, &token, &format!("{STUDENT_LIST}?page=1&per_page=7")).await;
    assert_eq!(first.status, StatusCode::OK);
    assert_eq!(first.body["success"], true);
    assert!(first.headers.contains_key("x-request-id"));
    // Real profile: only Laravel's paginator metadata.
    let meta = &first.body["metadata"]["pagination"];
    assert_eq!(meta["total"], expected);
    assert_eq!(meta["per_page"], 7);
    assert_eq!(meta["current_page"], 1);
    assert!(first.body["metadata"].get("total_pages").is_none());
    let pages = meta["last_page"].as_u64().unwrap();
    assert_eq!(pages, expected.div_ceil(7));
    let mut ids = BTreeSet::new();
    for p in 1..=pages + 1 {
        let r = get(&sim, &token, &format!("{STUDENT_LIST}?page={p}&per_page=7")).await;
        let rows = r.body["results"].as_array().unwrap().clone();
        if p > pages {
            assert!(rows.is_empty(), "past the last page is empty");
        }
        for row in rows {
            assert!(ids.insert(row["id"].as_str().unwrap().to_string()));
        }
    }
    assert_eq!(ids.len() as u64, expected);
    // One big page, and the detail of one record by its plain id.
    let all = get(&sim, &token, &format!("{STUDENT_LIST}?per_page=10000")).await;
    assert_eq!(all.body["results"].as_array().unwrap().len() as u64, expected);
    let id = ids.iter().next().unwrap();
    let d = get(&sim, &token, &format!("/v1/students/pontrens/students/{id}")).await;
    assert_eq!(d.status, StatusCode::OK);
    assert_eq!(d.body["results"]["id"], id.as_str());
    assert!(d.body["results"]["parents"]["mother_full_name"].is_string());
    // Bad paging parameter.
    let bad = get(&sim, &token, &format!("{STUDENT_LIST}?page=abc")).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad.body["success"], false);
}

#[tokio::test]
async fn auth_failures_expiry_and_refresh() {
    let sim = start(Simulator::builder().seed(3).token_ttl(60).refresh_grace(30)).await;
    let stat = sim.demo_statistic_num();
    let op = sim.operator_credentials(&stat).unwrap();
    let r = read(
        http()
            .post(format!("{}/v1/accounts/login", sim.base_url()))
            .form(&[("email", op.email.as_str()), ("password", "wrong")])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let none = read(
        http()
            .get(format!("{}{STUDENT_LIST}", sim.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(none.status, StatusCode::UNAUTHORIZED);
    let unknown = get(&sim, "a.b.c", STUDENT_LIST).await;
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);

    let token = login_as(&sim, &stat).await;
    assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
    sim.advance_time(61);
    let expired = get(&sim, &token, STUDENT_LIST).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert_eq!(expired.body, json!({"message": "Token has expired"}));
    // Within the grace an expired token can be refreshed.
    let refreshed = read(
        http()
            .post(format!("{}/v1/accounts/refresh", sim.base_url()))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(refreshed.status, StatusCode::OK);
    let new_token = refreshed.body["results"]["token"].as_str().unwrap().to_string();
    assert_ne!(new_token, token);
    assert_eq!(get(&sim, &new_token, STUDENT_LIST).await.status, StatusCode::OK);
    // Past the grace: refresh fails, login works again.
    sim.advance_time(200);
    let late = read(
        http()
            .post(format!("{}/v1/accounts/refresh", sim.base_url()))
            .bearer_auth(&new_token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED);
    let again = login_as(&sim, &stat).await;
    assert_eq!(get(&sim, &again, STUDENT_LIST).await.status, StatusCode::OK);
}

#[tokio::test]
async fn partner_lembaga_gtk_periods_and_profile() {
    // The period list exists only in the extended profile.
    let sim = start_extended().await;
    let p = sim.partner_credentials();
    let r = read(
        http()
            .post(format!("{}/v1/accounts/partners-login", sim.base_url()))
            .form(&[
                ("public_key", p.public_key.as_str()),
                ("private_key", p.private_key.as_str()),
            ])
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let token = r.body["results"]["token"].as_str().unwrap().to_string();
    let ds = sim.dataset();
    let l = &ds.lembaga[2];
    let info = get(
        &sim,
        &token,
        &format!("/v1/institutions/info?statistic_num={}", l.statistic_num),
    )
    .await;
    assert_eq!(info.status, StatusCode::OK);
    assert_eq!(info.body["results"]["statistic_num"], l.statistic_num.as_str());
    assert_eq!(info.body["results"]["institution_group_id"], l.kind.group_id());
    let missing = get(&sim, &token, "/v1/institutions/info?statistic_num=510099999999").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    let gtk = get(
        &sim,
        &token,
        &format!(
            "/v1/personnels/partners/personnels?statistic_num={}&per_page=2",
            l.statistic_num
        ),
    )
    .await;
    assert_eq!(gtk.status, StatusCode::OK);
    assert_eq!(gtk.body["metadata"]["total"], ds.gtk_of(&l.statistic_num).count());
    assert!(gtk.body["results"][0]["status_kepegawaian"].is_string());
    // An operator cannot read another lembaga.
    let op_token = login_as(&sim, &ds.lembaga[0].statistic_num).await;
    let forbidden = get(
        &sim,
        &op_token,
        &format!("/v1/institutions/info?statistic_num={}", l.statistic_num),
    )
    .await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN);
    let years = get(&sim, &op_token, "/v1/references/academic-years").await;
    let list = years.body["results"].as_array().unwrap();
    assert_eq!(list.iter().filter(|y| y["is_active"] == true).count(), 1);
    assert!(
        list.iter()
            .any(|y| y["academic_year_id"] == 13 && y["name"] == "Ganjil 2023/2024")
    );
    // The public profile needs no token.
    let prof = read(
        http()
            .get(format!(
                "{}/v1/institutions/pontren/public/institution-data-info?forProfile=1&institution_id={}&academic_year_id={}",
                sim.base_url(),
                l.institution_id,
                ds.active_period().academic_year_id
            ))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(prof.status, StatusCode::OK, "{:?}", prof.body);
    let active = ds
        .santri_of(&l.statistic_num)
        .filter(|s| s.status == emis_sim::datagen::RecordStatus::Aktif)
        .count();
    assert_eq!(prof.body["results"]["santri"]["total"], active);
}

#[tokio::test]
async fn ppdb_search_is_masked_and_crosses_lembaga() {
    let sim = start(Simulator::builder().seed(21).defects(emis_sim::Defects {
        nik_active_elsewhere: 1,
        ..Default::default()
    }))
    .await;
    let ds = sim.dataset();
    let planted = &ds.planted[0];
    let s = ds.santri.iter().find(|s| s.id == planted.record_id).unwrap();
    let token = login_as(&sim, &ds.lembaga[0].statistic_num).await;
    let q = format!(
        "/v1/students/pontrens/student-ppdb-search?q={}&fdob={}",
        s.full_name.to_lowercase().replace(' ', "+"),
        s.birth_date
    );
    let r = get(&sim, &token, &q).await;
    assert_eq!(r.status, StatusCode::OK);
    let rows = r.body["results"].as_array().unwrap();
    let lembaga: BTreeSet<&str> = rows.iter().filter_map(|x| x["statistic_num"].as_str()).collect();
    assert!(lembaga.len() >= 2, "the same santri shows at both lembaga: {rows:?}");
    for row in rows {
        let nik = row["nik"].as_str().unwrap();
        assert!(nik.contains('*') && nik != s.nik);
        assert!(row["institution_name"].is_string());
        assert_eq!(row["status"], "Aktif");
    }
    let empty = get(&sim, &token, "/v1/students/pontrens/student-ppdb-search").await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY);
    // No hit: HTTP 200 with the "data tidak ditemukan" quirk.
    let none = get(&sim, &token, &format!("{SEARCH}?q=zzzz+tidak+ada&fdob=2001-01-01")).await;
    assert_eq!(none.status, StatusCode::OK);
    assert_eq!(
        none.body,
        json!({"success": true, "results": {"data": "data tidak ditemukan"}})
    );
}

#[tokio::test]
async fn cek_nip_found_and_not_found() {
    let sim = start_default().await;
    let ds = sim.dataset();
    let nip = ds.simpeg.keys().next().unwrap().clone();
    let url = format!("{}/api/v1/cek_nip", sim.pintar_base_url());
    let pintar = sim.pintar_token();
    let r = read(
        http()
            .post(&url)
            .bearer_auth(&pintar)
            .json(&json!({"nip": nip}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.body["code"], 200);
    assert_eq!(r.body["data"]["NIP_BARU"], nip.as_str());
    assert!(r.body["data"].get("NIK").is_none());
    assert!(r.body["data"]["GOL_RUANG"].is_string());
    // Any EMIS token works too; no token is 401.
    let emis = sim.mint_token(600);
    let miss = read(
        http()
            .post(&url)
            .bearer_auth(&emis)
            .json(&json!({"nip": "199001012020121001"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(miss.status, StatusCode::NOT_FOUND);
    assert_eq!(miss.body, json!({"code": 404, "message": "Data tidak ditemukan"}));
    let bad = read(
        http()
            .post(&url)
            .bearer_auth(&pintar)
            .json(&json!({"nip": "123"}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let anon = read(http().post(&url).json(&json!({"nip": nip})).send().await.unwrap()).await;
    assert_eq!(anon.status, StatusCode::UNAUTHORIZED);
    let forged = read(
        http()
            .post(&url)
            .bearer_auth("pintar-sim-forged")
            .json(&json!({"nip": nip}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(forged.status, StatusCode::UNAUTHORIZED);
    // Unknown endpoints: Laravel's JSON 404 (no `success`).
    let nf = read(
        http()
            .get(format!("{}/v1/nothing", sim.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(nf.status, StatusCode::NOT_FOUND);
    assert_eq!(nf.body, json!({"message": "The route v1/nothing could not be found."}));
    assert!(nf.body.get("success").is_none());
}
