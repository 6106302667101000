//! Batch writes: data ganda, identifier checks, unknown ids, closed period, idempotency.

mod common;

use common::*;
use emis_sim::{Defects, Profile, Simulator, codes};
use reqwest::StatusCode;
use serde_json::json;

fn active_count(sim: &emis_sim::SimHandle, stat: &str) -> u64 {
    sim.state().lembaga[stat].santri_active
}

#[tokio::test]
async fn data_ganda_rejected_until_mutasi_keluar() {
    let sim = start_extended().await;
    let ds = sim.dataset();
    let (a, b) = (ds.lembaga[0].statistic_num.clone(), ds.lembaga[1].statistic_num.clone());
    // An active santri of lembaga B tries to enter lembaga A.
    let s = ds
        .santri_of(&b)
        .find(|s| s.status == emis_sim::datagen::RecordStatus::Aktif)
        .unwrap()
        .clone();
    let token_a = login_as(&sim, &a).await;
    let token_b = login_as(&sim, &b).await;
    let r = post(
        &sim,
        &token_a,
        SANTRI_BATCH,
        Some("ganda-1"),
        &json!({"items": [create_item(&s)]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let it = &items(&r)[0];
    assert_eq!(it["status"], "rejected");
    assert_eq!(it["code"], codes::NIK_AKTIF_DI_LEMBAGA_LAIN);
    assert!(it.get("id").is_none(), "no id of the other lembaga leaks");
    // B does mutasi keluar (by server id).
    let out = json!({"items": [{"op": "mutasi_keluar", "id": s.id,
        "mutasi": {"tanggal": "2026-08-01", "alasan": "pindah", "jenis_tujuan": "pesantren", "ke_statistic_num": a}}]});
    let r = post(&sim, &token_b, SANTRI_BATCH, Some("keluar-1"), &out).await;
    assert_eq!(items(&r)[0]["status"], "applied", "{:?}", r.body);
    let rec = sim
        .santri_records(&b)
        .into_iter()
        .find(|x| x["id"] == s.id.as_str())
        .unwrap();
    assert_eq!(rec["learning_activity"]["student_status"]["name"], "Mutasi Keluar");
    assert_eq!(rec["learning_activity"]["exit_date"], "2026-08-01");
    // Now A can admit (mutasi masuk from the old record).
    let masuk = json!({"items": [{"op": "mutasi_masuk", "id": s.id, "mutasi": {"tanggal": "2026-08-02", "dari_statistic_num": b}}]});
    let before = active_count(&sim, &a);
    let r = post(&sim, &token_a, SANTRI_BATCH, Some("masuk-1"), &masuk).await;
    let it = &items(&r)[0];
    assert_eq!(it["status"], "applied", "{:?}", r.body);
    let new_id = it["id"].as_str().unwrap();
    assert_ne!(new_id, s.id);
    assert_eq!(active_count(&sim, &a), before + 1);
    let d = get(&sim, &token_a, &format!("/v1/students/pontrens/students/{new_id}")).await;
    assert_eq!(d.body["results"]["nik"], s.nik.as_str());
    assert_eq!(d.body["results"]["full_name"], s.full_name.as_str());
    // B still has the record (EMIS never deletes).
    assert!(sim.santri_records(&b).iter().any(|x| x["id"] == s.id.as_str()));
    // Creating it once more at A: already active here.
    let again = post(
        &sim,
        &token_a,
        SANTRI_BATCH,
        Some("again-1"),
        &json!({"items": [create_item(&s)]}),
    )
    .await;
    assert_eq!(items(&again)[0]["code"], codes::NIK_SUDAH_TERDAFTAR);
    assert_eq!(items(&again)[0]["id"], new_id);
}

#[tokio::test]
async fn per_item_rules() {
    let sim = start(Simulator::builder().profile(Profile::Extended).seed(8)).await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    let fresh = sim.new_santri(&stat, 3);
    let mut bad_nik = create_item(&fresh[1]);
    bad_nik["key"]["nik"] = json!("3517013002080001"); // 30 February
    let mut bad_nisn = create_item(&fresh[2]);
    bad_nisn["fields"]["nisn"] = json!("12345");
    let existing = sim.santri_records(&stat)[0]["id"].as_str().unwrap().to_string();
    let body = json!({"items": [
        create_item(&fresh[0]),
        bad_nik,
        bad_nisn,
        {"op": "update", "id": "s-999999", "fields": {"full_name": "X"}},
        {"op": "deactivate", "id": "s-999998", "reason": "lulus"},
        {"op": "update", "id": existing, "fields": {"rt": "009", "mother_full_name": "SITI AMINAH", "study_group": "Kelas 8 - C"}},
        {"op": "deactivate", "id": existing},
        {"op": "create", "fields": {"full_name": "TANPA NIK"}},
    ]});
    let before = sim.state().lembaga[&stat].clone();
    let r = post(&sim, &token, SANTRI_BATCH, Some("rules-1"), &body).await;
    assert_eq!(r.status, StatusCode::OK, "{:?}", r.body);
    let it = items(&r);
    assert_eq!(it.len(), 8);
    for (i, x) in it.iter().enumerate() {
        assert_eq!(x["index"], i);
    }
    assert_eq!(it[0]["status"], "applied");
    assert!(it[0]["id"].as_str().unwrap().starts_with("s-"));
    assert_eq!(it[1]["code"], codes::IDENTIFIER_TIDAK_VALID);
    assert_eq!(it[2]["code"], codes::IDENTIFIER_TIDAK_VALID);
    assert!(it[2]["message"].as_str().unwrap().contains("NISN"));
    assert!(
        !it[1]["message"].as_str().unwrap().contains("3517"),
        "no identifier echoed"
    );
    assert_eq!(it[3]["code"], codes::TIDAK_DITEMUKAN);
    assert_eq!(it[4]["code"], codes::TIDAK_DITEMUKAN);
    assert_eq!(it[5]["status"], "applied");
    assert_eq!(it[6]["code"], codes::DATA_TIDAK_LENGKAP, "deactivate needs a reason");
    assert_eq!(it[7]["code"], codes::DATA_TIDAK_LENGKAP);
    assert_eq!(r.body["metadata"]["applied"], 2);
    let after = sim.state().lembaga[&stat].clone();
    assert_eq!(after.santri_total, before.santri_total + 1);
    let rec = sim
        .santri_records(&stat)
        .into_iter()
        .find(|x| x["id"] == existing.as_str())
        .unwrap();
    assert_eq!(rec["rt"], "009");
    assert_eq!(rec["parents"]["mother_full_name"], "SITI AMINAH");
    assert_eq!(rec["learning_activity"]["study_group"]["name"], "Kelas 8 - C");
    let created = sim
        .santri_records(&stat)
        .into_iter()
        .find(|x| x["id"] == it[0]["id"])
        .unwrap();
    assert_eq!(created["full_name"], fresh[0].full_name.as_str());
    assert_eq!(
        created["m_gender"]["name"],
        if fresh[0].gender.as_str() == "P" {
            "Perempuan"
        } else {
            "Laki-laki"
        }
    );
    assert!(
        created.get("unknown_client_field").is_none(),
        "unknown fields are ignored"
    );
    assert_eq!(created["learning_activity"]["student_status"]["name"], "Aktif");
    // Deactivate sets a status; the record stays.
    let r = post(
        &sim,
        &token,
        SANTRI_BATCH,
        Some("rules-2"),
        &json!({"items": [{"op": "deactivate", "id": existing, "reason": "putus sekolah"}]}),
    )
    .await;
    assert_eq!(items(&r)[0]["status"], "applied");
    let s2 = sim.state().lembaga[&stat].clone();
    assert_eq!(s2.santri_total, after.santri_total);
    assert_eq!(s2.santri_active, after.santri_active - 1);
    let rec = sim
        .santri_records(&stat)
        .into_iter()
        .find(|x| x["id"] == existing.as_str())
        .unwrap();
    assert_eq!(rec["learning_activity"]["student_status"]["name"], "Tidak Aktif");
    assert_eq!(rec["learning_activity"]["exit_reason"], "putus sekolah");
    // A malformed body is a 422 for the whole request.
    let r = post(
        &sim,
        &token,
        SANTRI_BATCH,
        Some("rules-3"),
        &json!({"items": [{"op": "hapus"}]}),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn closed_period_rejects_every_item() {
    let sim = start(
        Simulator::builder()
            .profile(Profile::Extended)
            .seed(4)
            .period_open(false),
    )
    .await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    let fresh = sim.new_santri(&stat, 2);
    let body = json!({"items": [create_item(&fresh[0]), create_item(&fresh[1])]});
    let r = post(&sim, &token, SANTRI_BATCH, Some("closed-1"), &body).await;
    assert!(items(&r).iter().all(|x| x["code"] == codes::PERIODE_TUTUP));
    let years = get(&sim, &token, "/v1/references/academic-years").await;
    assert!(
        years.body["results"]
            .as_array()
            .unwrap()
            .iter()
            .all(|y| y["is_active"] == false)
    );
    // Open it through the control endpoint; a new key goes through.
    let c = http()
        .post(format!("{}/__sim/period?open=true", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(c.status(), StatusCode::OK);
    let r = post(&sim, &token, SANTRI_BATCH, Some("closed-2"), &body).await;
    assert!(items(&r).iter().all(|x| x["status"] == "applied"), "{:?}", r.body);
}

#[tokio::test]
async fn idempotent_replay_and_mismatch() {
    let sim = start_extended().await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    let fresh = sim.new_santri(&stat, 2);
    let body = json!({"items": [create_item(&fresh[0])]});
    let first = post(&sim, &token, SANTRI_BATCH, Some("k-1"), &body).await;
    let total = sim.state().lembaga[&stat].santri_total;
    // Same key, same body (even with other key order / whitespace): first response, no change.
    let raw = format!(" {{ \"items\" : {} }} ", serde_json::to_string(&body["items"]).unwrap());
    let second = read(
        http()
            .post(format!("{}{SANTRI_BATCH}", sim.base_url()))
            .bearer_auth(&token)
            .header("Idempotency-Key", "k-1")
            .header("content-type", "application/json")
            .body(raw)
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(second.status, first.status);
    assert_eq!(second.body, first.body);
    assert_eq!(second.headers["idempotent-replayed"], "true");
    assert_ne!(second.headers["x-request-id"], first.headers["x-request-id"]);
    assert_eq!(sim.state().lembaga[&stat].santri_total, total);
    // Same key, different body.
    let other = json!({"items": [create_item(&fresh[1])]});
    let third = post(&sim, &token, SANTRI_BATCH, Some("k-1"), &other).await;
    assert_eq!(third.status, StatusCode::CONFLICT);
    assert_eq!(third.body["code"], "idempotency_mismatch");
    assert_eq!(sim.state().lembaga[&stat].santri_total, total);
    let st = sim.state();
    let k = &st.idempotency["k-1"];
    assert_eq!((k.applied, k.replays, k.mismatches), (1, 1, 1));
    // Without a key the write is accepted and noted.
    let r = post(&sim, &token, SANTRI_BATCH, None, &other).await;
    assert_eq!(items(&r)[0]["status"], "applied");
    let st = sim.state();
    assert_eq!(st.keyless_writes, 1);
    assert_eq!(st.keyless_write_paths, vec![format!("POST {SANTRI_BATCH}")]);
}

#[tokio::test]
async fn gtk_batch_and_simpeg_defect() {
    let sim = start(
        Simulator::builder()
            .profile(Profile::Extended)
            .seed(12)
            .defects(Defects {
                nip_not_in_simpeg: 1,
                ..Default::default()
            }),
    )
    .await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    let body = json!({"items": [
        {"op": "create", "key": {"nik": "3517011708800001"}, "fields": {"full_name": "Ahmad Simulasi, S.Pd.I", "nip": "198008172010011001", "status_kepegawaian": "PNS"}},
        {"op": "create", "key": {"nik": "3517015708850002"}, "fields": {"full_name": "Siti Simulasi", "nip": "198508172010013001"}},
        {"op": "create", "key": {"nik": "3517015708850003"}, "fields": {"full_name": "Nur Simulasi", "status_kepegawaian": "Non PNS", "mother_name": "SITI"}},
    ]});
    let r = post(&sim, &token, GTK_BATCH, Some("gtk-1"), &body).await;
    let it = items(&r);
    assert_eq!(it[0]["status"], "applied", "{:?}", r.body);
    assert!(it[0]["id"].as_str().unwrap().starts_with("g-"));
    assert_eq!(it[1]["code"], codes::IDENTIFIER_TIDAK_VALID, "gender digit 3");
    assert_eq!(it[2]["status"], "applied");
    let gtk = get(&sim, &token, "/v1/personnels/partners/personnels?per_page=1000").await;
    let rows = gtk.body["results"].as_array().unwrap();
    let made = rows.iter().find(|g| g["id"] == it[0]["id"]).unwrap();
    assert_eq!(made["nip"], "198008172010011001");
    assert_eq!(made["is_active"], true);
    // The planted GTK's NIP is unknown to SIMPEG.
    let ds = sim.dataset();
    let planted = &ds.planted[0];
    let g = ds.gtk.iter().find(|g| g.id == planted.record_id).unwrap();
    let r = read(
        http()
            .post(format!("{}/api/v1/cek_nip", sim.base_url()))
            .bearer_auth(&token)
            .json(&json!({"nip": g.nip}))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}
