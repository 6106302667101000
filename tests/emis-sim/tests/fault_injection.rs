//! Each fault kind does what it says, and writes faulted after applying are applied once.

mod common;

use common::*;
use emis_sim::{Fault, FaultRule, Faults, RetryAfter, codes};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::Duration;

async fn body_result(r: reqwest::RequestBuilder) -> Result<(StatusCode, Vec<u8>), reqwest::Error> {
    let resp = r.send().await?;
    let status = resp.status();
    Ok((status, resp.bytes().await?.to_vec()))
}

fn list_req(sim: &emis_sim::SimHandle, token: &str) -> reqwest::RequestBuilder {
    http()
        .get(format!("{}{STUDENT_LIST}", sim.base_url()))
        .bearer_auth(token)
}

#[tokio::test]
async fn reset_mid_body_after_apply_is_applied_exactly_once() {
    let sim = start_extended().await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    sim.set_faults(Faults::single(
        FaultRule::new(
            Some("POST"),
            SANTRI_BATCH,
            Fault::ResetMidBody { after_bytes: Some(12) },
        )
        .nth(1)
        .after_apply(),
    ));
    let fresh = sim.new_santri(&stat, 1);
    let body = json!({"items": [create_item(&fresh[0])]});
    let total = sim.state().lembaga[&stat].santri_total;
    let first = body_result(post_req(&sim, &token, SANTRI_BATCH, Some("reset-1"), &body)).await;
    assert!(first.is_err(), "the client sees a body error: {first:?}");
    // The change stayed applied.
    assert_eq!(sim.state().lembaga[&stat].santri_total, total + 1);
    // The retry with the same key gets the stored result; nothing is applied twice.
    let retry = post(&sim, &token, SANTRI_BATCH, Some("reset-1"), &body).await;
    assert_eq!(retry.status, StatusCode::OK);
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    assert_eq!(items(&retry)[0]["status"], "applied");
    assert_eq!(sim.state().lembaga[&stat].santri_total, total + 1);
    let with_nik = sim
        .santri_records(&stat)
        .iter()
        .filter(|r| r["nik"] == fresh[0].nik.as_str())
        .count();
    assert_eq!(with_nik, 1);
    let st = sim.state();
    assert_eq!(
        (st.idempotency["reset-1"].applied, st.idempotency["reset-1"].replays),
        (1, 1)
    );
}

#[tokio::test]
async fn reset_mid_body_before_apply_changes_nothing() {
    let sim = start_extended().await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    sim.set_faults(
        Faults::none()
            .with(FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::ResetMidBody { after_bytes: None }).nth(1))
            .with(FaultRule::new(Some("GET"), STUDENT_LIST, Fault::ResetMidBody { after_bytes: None }).nth(1)),
    );
    let fresh = sim.new_santri(&stat, 1);
    let body = json!({"items": [create_item(&fresh[0])]});
    let total = sim.state().lembaga[&stat].santri_total;
    assert!(
        body_result(post_req(&sim, &token, SANTRI_BATCH, Some("b-1"), &body))
            .await
            .is_err()
    );
    assert_eq!(sim.state().lembaga[&stat].santri_total, total);
    let retry = post(&sim, &token, SANTRI_BATCH, Some("b-1"), &body).await;
    assert!(retry.headers.get("idempotent-replayed").is_none());
    assert_eq!(items(&retry)[0]["status"], "applied");
    assert_eq!(sim.state().lembaga[&stat].santri_total, total + 1);
    // A read: headers arrive, the body breaks; the next read is fine.
    assert!(body_result(list_req(&sim, &token)).await.is_err());
    assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
}

#[tokio::test]
async fn status_and_rate_limit_faults() {
    let sim = start_default().await;
    let token = login_as(&sim, &sim.demo_statistic_num()).await;
    sim.set_faults(
        Faults::none()
            .with(FaultRule::new(Some("GET"), STUDENT_LIST, Fault::Status(503)).nth(1))
            .with(FaultRule::new(Some("GET"), STUDENT_LIST, Fault::Status(500)).nth(2))
            .with(
                FaultRule::new(
                    Some("GET"),
                    STUDENT_LIST,
                    Fault::TooManyRequests {
                        retry_after: RetryAfter::Seconds(2),
                    },
                )
                .nth(3),
            )
            .with(
                FaultRule::new(
                    Some("GET"),
                    STUDENT_LIST,
                    Fault::TooManyRequests {
                        retry_after: RetryAfter::HttpDate(30),
                    },
                )
                .nth(4),
            ),
    );
    let r = get(&sim, &token, STUDENT_LIST).await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.body["success"], false);
    assert!(r.headers.contains_key("x-request-id"));
    assert_eq!(
        get(&sim, &token, STUDENT_LIST).await.status,
        StatusCode::INTERNAL_SERVER_ERROR
    );
    let r = get(&sim, &token, STUDENT_LIST).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(r.headers["retry-after"], "2");
    assert_eq!(r.body, json!({"message": "Too Many Attempts."}));
    let r = get(&sim, &token, STUDENT_LIST).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    let date = r.headers["retry-after"].to_str().unwrap();
    assert!(date.ends_with(" GMT") && date.len() == 29, "{date}");
    assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
    let counters = sim.state().fault_counters;
    assert!(counters.iter().all(|c| c.fired == 1 && c.seen == 5));
}

#[tokio::test]
async fn malformed_and_truncated_json_fail_to_parse() {
    let sim = start_default().await;
    let token = login_as(&sim, &sim.demo_statistic_num()).await;
    sim.set_faults(
        Faults::none()
            .with(FaultRule::new(Some("GET"), STUDENT_LIST, Fault::TruncatedJson).nth(1))
            .with(FaultRule::new(Some("GET"), STUDENT_LIST, Fault::MalformedJson).nth(2)),
    );
    for _ in 0..2 {
        let (status, bytes) = body_result(list_req(&sim, &token)).await.expect("complete response");
        assert_eq!(status, StatusCode::OK);
        assert!(!bytes.is_empty());
        assert!(serde_json::from_slice::<Value>(&bytes).is_err());
    }
    let (_, bytes) = body_result(list_req(&sim, &token)).await.unwrap();
    assert!(serde_json::from_slice::<Value>(&bytes).is_ok());
}

#[tokio::test]
async fn delay_beyond_client_timeout_after_apply() {
    let sim = start_extended().await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    sim.set_faults(Faults::single(
        FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::Delay(1500))
            .nth(1)
            .after_apply(),
    ));
    let fresh = sim.new_santri(&stat, 1);
    let body = json!({"items": [create_item(&fresh[0])]});
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(300))
        .build()
        .unwrap();
    let err = impatient
        .post(format!("{}{SANTRI_BATCH}", sim.base_url()))
        .bearer_auth(&token)
        .header("Idempotency-Key", "slow-1")
        .json(&body)
        .send()
        .await
        .expect_err("times out");
    assert!(err.is_timeout(), "{err:?}");
    let total = sim.state().lembaga[&stat].santri_total;
    let retry = post(&sim, &token, SANTRI_BATCH, Some("slow-1"), &body).await;
    assert_eq!(items(&retry)[0]["status"], "applied");
    assert_eq!(retry.headers["idempotent-replayed"], "true");
    assert_eq!(sim.state().lembaga[&stat].santri_total, total);
}

#[tokio::test]
async fn expire_token_forces_refresh() {
    let sim = start_default().await;
    let token = login_as(&sim, &sim.demo_statistic_num()).await;
    sim.set_faults(Faults::single(
        FaultRule::new(None, "/v1/students", Fault::ExpireToken).nth(2),
    ));
    assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
    let r = get(&sim, &token, STUDENT_LIST).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body, json!({"message": "Token has expired"}));
    assert_eq!(
        get(&sim, &token, STUDENT_LIST).await.status,
        StatusCode::UNAUTHORIZED,
        "stays expired"
    );
    let refreshed = read(
        http()
            .post(format!("{}/v1/accounts/refresh", sim.base_url()))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap(),
    )
    .await;
    let new_token = refreshed.body["results"]["token"].as_str().unwrap().to_string();
    assert_eq!(get(&sim, &new_token, STUDENT_LIST).await.status, StatusCode::OK);
    // Rotation: the old token is now revoked, not merely expired.
    let old = get(&sim, &token, STUDENT_LIST).await;
    assert_eq!(old.body, json!({"message": "The token has been blacklisted"}));
}

#[tokio::test]
async fn partial_batch_rejection_and_queue_length() {
    let sim = start_extended().await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    // Configured through the control endpoint, as JSON.
    let faults = json!({"rules": [
        {"method": "POST", "path_prefix": SANTRI_BATCH, "nth": 1, "fault": {"partial_batch_rejection": {"every_nth_item": 2}}},
        {"path_prefix": "/v1/sync-jobs", "method": "POST", "fault": {"queue_length": 5}},
    ]});
    let c = http()
        .post(format!("{}/__sim/faults", sim.base_url()))
        .json(&faults)
        .send()
        .await
        .unwrap();
    assert_eq!(c.status(), StatusCode::OK);
    let fresh = sim.new_santri(&stat, 4);
    let body = json!({"items": fresh.iter().map(create_item).collect::<Vec<_>>()});
    let r = post(&sim, &token, SANTRI_BATCH, Some("partial-1"), &body).await;
    let it = items(&r);
    let status: Vec<&str> = it.iter().map(|x| x["status"].as_str().unwrap()).collect();
    assert_eq!(status, ["applied", "rejected", "applied", "rejected"]);
    assert_eq!(it[1]["code"], codes::DITOLAK_SEMENTARA);
    let again = json!({"items": [create_item(&fresh[1]), create_item(&fresh[3])]});
    let r = post(&sim, &token, SANTRI_BATCH, Some("partial-2"), &again).await;
    assert!(items(&r).iter().all(|x| x["status"] == "applied"));
    let job = post(
        &sim,
        &token,
        "/v1/sync-jobs",
        Some("job-1"),
        &json!({"scope": "santri"}),
    )
    .await;
    assert_eq!(job.status, StatusCode::ACCEPTED);
    assert_eq!(job.body["results"]["queue_position"], 5);
}

#[tokio::test]
async fn probabilistic_faults_are_deterministic() {
    let sim = start_default().await;
    let token = login_as(&sim, &sim.demo_statistic_num()).await;
    let faults = Faults {
        rules: vec![FaultRule::new(Some("GET"), STUDENT_LIST, Fault::Status(503)).probability(0.3)],
        seed: Some(99),
    };
    let mut runs = Vec::new();
    for _ in 0..2 {
        sim.set_faults(faults.clone());
        let mut pattern = Vec::new();
        for _ in 0..40 {
            pattern.push(
                get(&sim, &token, &format!("{STUDENT_LIST}?per_page=1"))
                    .await
                    .status
                    .as_u16(),
            );
        }
        runs.push(pattern);
    }
    assert_eq!(runs[0], runs[1]);
    let failures = runs[0].iter().filter(|s| **s == 503).count();
    assert!((4..=24).contains(&failures), "{failures}");
}

/// Several clients write concurrently through random faults and retry with the same key:
/// every santri ends up created exactly once. Bounded: stops by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_retries_apply_each_item_once() {
    let sim = start_extended().await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    sim.set_faults(Faults {
        rules: vec![
            FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::Status(503)).probability(0.2),
            FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::ResetMidBody { after_bytes: None })
                .probability(0.2)
                .after_apply(),
            FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::TruncatedJson)
                .probability(0.1)
                .after_apply(),
        ],
        seed: Some(5),
    });
    let fresh = sim.new_santri(&stat, 60);
    let total = sim.state().lembaga[&stat].santri_total;
    let mut tasks = Vec::new();
    for (w, chunk) in fresh.chunks(15).enumerate() {
        let (base, token, chunk) = (sim.base_url(), token.clone(), chunk.to_vec());
        tasks.push(tokio::spawn(async move {
            let client = http();
            for (b, batch) in chunk.chunks(3).enumerate() {
                let body = json!({"items": batch.iter().map(create_item).collect::<Vec<_>>()});
                let key = format!("load-{w}-{b}");
                let mut done = false;
                for _attempt in 0..30 {
                    let r = client
                        .post(format!("{base}{SANTRI_BATCH}"))
                        .bearer_auth(&token)
                        .header("Idempotency-Key", &key)
                        .json(&body)
                        .send()
                        .await;
                    let Ok(r) = r else { continue };
                    if r.status() != StatusCode::OK {
                        continue;
                    }
                    let Ok(bytes) = r.bytes().await else { continue };
                    let Ok(v) = serde_json::from_slice::<Value>(&bytes) else {
                        continue;
                    };
                    let all = v["results"]["items"].as_array().unwrap();
                    assert!(all.iter().all(|x| x["status"] == "applied"), "{v}");
                    done = true;
                    break;
                }
                assert!(done, "{key} gave up");
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let st = sim.state();
    assert_eq!(st.lembaga[&stat].santri_total, total + 60);
    assert!(st.idempotency.values().all(|k| k.applied == 1));
    assert!(st.fault_counters.iter().any(|c| c.fired > 0));
    let records = sim.santri_records(&stat);
    for s in &fresh {
        assert_eq!(records.iter().filter(|r| r["nik"] == s.nik.as_str()).count(), 1);
    }
}
