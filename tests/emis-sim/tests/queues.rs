//! Sync jobs and account registrations: queue positions go down, then a final state.

mod common;

use common::*;
use emis_sim::{Profile, Simulator};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::json;

#[tokio::test]
async fn job_queue_goes_down_to_done() {
    let sim = start(Simulator::builder().profile(Profile::Extended).seed(2).queue_length(4)).await;
    let token = login_as(&sim, &sim.demo_statistic_num()).await;
    let r = post(&sim, &token, "/v1/sync-jobs", Some("job-a"), &json!({"scope": "all"})).await;
    assert_eq!(r.status, StatusCode::ACCEPTED);
    let job = &r.body["results"];
    assert_eq!(job["status"], "queued");
    assert_eq!(job["queue_position"], 4);
    assert!(job["estimated_wait_seconds"].as_u64().unwrap() > 0);
    let id = job["job_id"].as_str().unwrap().to_string();
    // Same key, same body: the same job.
    let again = post(&sim, &token, "/v1/sync-jobs", Some("job-a"), &json!({"scope": "all"})).await;
    assert_eq!(again.body["results"]["job_id"], id.as_str());
    assert_eq!(sim.state().jobs, 1);
    let mut positions = Vec::new();
    let mut last = String::new();
    for _ in 0..20 {
        let s = get(&sim, &token, &format!("/v1/sync-jobs/{id}")).await;
        assert_eq!(s.status, StatusCode::OK);
        last = s.body["results"]["status"].as_str().unwrap().to_string();
        positions.push(s.body["results"]["queue_position"].as_u64().unwrap());
        if last == "done" {
            assert!(s.body["results"]["finished_at"].as_str().unwrap().ends_with('Z'));
            break;
        }
    }
    assert_eq!(last, "done");
    assert_eq!(positions, [3, 2, 1, 0, 0]);
    // Bad scope, unknown job.
    let bad = post(&sim, &token, "/v1/sync-jobs", Some("job-b"), &json!({"scope": "semua"})).await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        get(&sim, &token, "/v1/sync-jobs/job-999999").await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn job_advances_with_the_server_clock_and_fails_when_closed() {
    let sim = start(
        Simulator::builder()
            .profile(Profile::Extended)
            .seed(2)
            .queue_length(10)
            .seconds_per_position(5),
    )
    .await;
    let token = login_as(&sim, &sim.demo_statistic_num()).await;
    let r = post(
        &sim,
        &token,
        "/v1/sync-jobs",
        Some("clock-1"),
        &json!({"scope": "santri"}),
    )
    .await;
    let id = r.body["results"]["job_id"].as_str().unwrap().to_string();
    // 30 s of server time = 6 positions, plus this poll.
    let t = http()
        .post(format!("{}/__sim/time?advance_secs=30", sim.base_url()))
        .send()
        .await
        .unwrap();
    assert_eq!(t.status(), StatusCode::OK);
    let s = get(&sim, &token, &format!("/v1/sync-jobs/{id}")).await;
    assert_eq!(s.body["results"]["queue_position"], 3);
    sim.set_period_open(false);
    sim.advance_time(600);
    let s = get(&sim, &token, &format!("/v1/sync-jobs/{id}")).await;
    assert_eq!(s.body["results"]["status"], "failed");
    assert!(s.body["results"]["message"].as_str().unwrap().contains("periode"));
}

fn registration(statistic_num: &str, group: u8, email: &str, file: Vec<u8>, mime: &str) -> Form {
    Form::new()
        .text("full_name", "Operator Simulasi")
        .text("email", email.to_string())
        .text("phone", "080000000000")
        .text("nik", "3517011708800001")
        .text("institution_group_id", group.to_string())
        .text("sk_number", "SK-SIM/001/2026")
        .text("statistic_num", statistic_num.to_string())
        .text("password", "sim-FAKE-registered")
        .text("extra_field", "ignored")
        .part(
            "surat_tugas",
            Part::bytes(file).file_name("surat_tugas.pdf").mime_str(mime).unwrap(),
        )
}

async fn submit(sim: &emis_sim::SimHandle, form: Form) -> Resp {
    read(
        http()
            .post(format!("{}/v1/accounts/registrations", sim.base_url()))
            .multipart(form)
            .send()
            .await
            .unwrap(),
    )
    .await
}

async fn wait_decision(sim: &emis_sim::SimHandle, id: &str) -> (Vec<u64>, serde_json::Value) {
    let mut positions = Vec::new();
    for _ in 0..10 {
        let r = read(
            http()
                .get(format!("{}/v1/accounts/registrations/{id}", sim.base_url()))
                .send()
                .await
                .unwrap(),
        )
        .await;
        let v = r.body["results"].clone();
        if v["status"] != "pending" {
            return (positions, v);
        }
        positions.push(v["queue_position"].as_u64().unwrap());
    }
    panic!("still pending");
}

#[tokio::test]
async fn registration_approved_creates_an_account() {
    let sim = start(Simulator::builder().profile(Profile::Extended).seed(6).queue_length(3)).await;
    let ds = sim.dataset();
    let l = &ds.lembaga[1];
    let pdf = b"%PDF-1.4 synthetic surat tugas".to_vec();
    let r = submit(
        &sim,
        registration(
            &l.statistic_num,
            l.kind.group_id(),
            "baru@emis-sim.test",
            pdf,
            "application/pdf",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::ACCEPTED, "{:?}", r.body);
    assert_eq!(r.body["results"]["status"], "pending");
    assert_eq!(r.body["results"]["queue_position"], 3);
    let id = r.body["results"]["registration_id"].as_str().unwrap().to_string();
    let (positions, v) = wait_decision(&sim, &id).await;
    assert_eq!(positions, [2, 1]);
    assert_eq!(v["status"], "approved", "{v}");
    assert_eq!(v["account"]["email"], "baru@emis-sim.test");
    let token = login(&sim, "baru@emis-sim.test", "sim-FAKE-registered").await;
    let info = get(&sim, &token, "/v1/institutions/info").await;
    assert_eq!(info.body["results"]["statistic_num"], l.statistic_num.as_str());
    let st = sim.state();
    assert_eq!(st.registrations[0].status, "approved");
    assert_eq!(st.registrations[0].password.as_deref(), Some("sim-FAKE-registered"));
}

#[tokio::test]
async fn registration_rejected_with_a_reason() {
    let sim = start(Simulator::builder().profile(Profile::Extended).seed(6).queue_length(1)).await;
    let ds = sim.dataset();
    let l = &ds.lembaga[0];
    let jpeg = vec![0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3];
    let cases = [
        ("510035179999", l.kind.group_id(), "tidak terdaftar"),
        ("123", l.kind.group_id(), "tidak valid"),
        (l.statistic_num.as_str(), 7, "tidak sesuai"),
    ];
    for (i, (stat, group, reason)) in cases.iter().enumerate() {
        let form = registration(stat, *group, &format!("x{i}@emis-sim.test"), jpeg.clone(), "image/jpeg");
        let r = submit(&sim, form).await;
        assert_eq!(r.status, StatusCode::ACCEPTED);
        let id = r.body["results"]["registration_id"].as_str().unwrap().to_string();
        let (_, v) = wait_decision(&sim, &id).await;
        assert_eq!(v["status"], "rejected");
        assert!(v["reason"].as_str().unwrap().contains(reason), "{v}");
    }
    // The QueueLength fault sets the starting position of new registrations.
    sim.set_faults(emis_sim::Faults::single(emis_sim::FaultRule::new(
        Some("POST"),
        "/v1/accounts/registrations",
        emis_sim::Fault::QueueLength(6),
    )));
    let form = registration(
        &l.statistic_num,
        l.kind.group_id(),
        "q@emis-sim.test",
        jpeg.clone(),
        "image/jpeg",
    );
    assert_eq!(submit(&sim, form).await.body["results"]["queue_position"], 6);
    sim.set_faults(emis_sim::Faults::none());
    // Missing file, wrong type, too large: 422 at once.
    let no_file = Form::new().text("full_name", "X").text("email", "y@emis-sim.test");
    assert_eq!(submit(&sim, no_file).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let txt = registration(&l.statistic_num, 1, "z@emis-sim.test", b"hello".to_vec(), "text/plain");
    assert_eq!(submit(&sim, txt).await.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut big = b"%PDF".to_vec();
    big.resize(2 * 1024 * 1024 + 1, b'0');
    let large = registration(&l.statistic_num, 1, "w@emis-sim.test", big, "application/pdf");
    let r = submit(&sim, large).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(r.body["message"].as_str().unwrap().contains("2 MB"));
}
