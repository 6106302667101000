//! Tokens (claims, rotation, pasted tokens), sessions that end in every observed shape, the
//! endless body, the hang, the read limit, and the EMIS GTK SIMPEG preview.

mod common;

use common::*;
use emis_sim::{DEFAULT_TOKEN_TTL, Fault, FaultRule, Faults, RetryAfter, SessionShape, Simulator, messages};
use reqwest::StatusCode;
use serde_json::{Value, json};
use std::time::{Duration, Instant};

fn claims(token: &str) -> Value {
    let payload = token.split('.').nth(1).expect("payload");
    let mut bits = Vec::new();
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'-' => 62,
        _ => 63,
    };
    let mut acc = 0u32;
    let mut n = 0;
    for c in payload.bytes() {
        acc = (acc << 6) | u32::from(val(c));
        n += 6;
        if n >= 8 {
            n -= 8;
            bits.push((acc >> n) as u8);
            acc &= (1 << n) - 1;
        }
    }
    serde_json::from_slice(&bits).expect("JSON claims")
}

async fn refresh(sim: &emis_sim::SimHandle, token: &str) -> Resp {
    read(
        http()
            .post(format!("{}/v1/accounts/refresh", sim.base_url()))
            .bearer_auth(token)
            .send()
            .await
            .unwrap(),
    )
    .await
}

fn no_redirects() -> reqwest::Client {
    reqwest::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(10))
        .build()
        .unwrap()
}

#[tokio::test]
async fn jwt_claims_rotation_and_pasted_tokens() {
    let sim = start_default().await;
    let stat = sim.demo_statistic_num();
    let token = login_as(&sim, &stat).await;
    let c = claims(&token);
    for k in ["iss", "iat", "nbf", "exp", "jti", "sub", "prv"] {
        assert!(!c[k].is_null(), "{k} in {c}");
    }
    let l = sim.dataset().lembaga[0].clone();
    assert_eq!(c["institution_id"], l.institution_id);
    assert_eq!(
        c["exp"].as_i64().unwrap() - c["iat"].as_i64().unwrap(),
        DEFAULT_TOKEN_TTL as i64
    );
    // Refresh rotates: the new token works, the old one is revoked at once.
    let r = refresh(&sim, &token).await;
    assert_eq!(r.status, StatusCode::OK);
    let new = r.body["results"]["token"].as_str().unwrap().to_string();
    assert_ne!(new, token);
    assert_eq!(get(&sim, &new, STUDENT_LIST).await.status, StatusCode::OK);
    let old = get(&sim, &token, STUDENT_LIST).await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);
    assert_eq!(old.body, json!({"message": "The token has been blacklisted"}));
    // A retried refresh (the reply was lost) is 401.
    assert_eq!(refresh(&sim, &token).await.status, StatusCode::UNAUTHORIZED);
    // Pasted tokens: minted for the demo operator with a lifetime; expiry is tymon's message.
    let pasted = sim.mint_token(120);
    let pc = claims(&pasted);
    assert_eq!(pc["exp"].as_i64().unwrap() - pc["iat"].as_i64().unwrap(), 120);
    assert_eq!(pc["institution_id"], l.institution_id);
    assert_eq!(get(&sim, &pasted, STUDENT_LIST).await.status, StatusCode::OK);
    let ctl = read(
        http()
            .get(format!("{}/__sim/token?ttl=30", sim.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let short = ctl.body["results"]["token"].as_str().unwrap().to_string();
    assert_eq!(ctl.body["results"]["statistic_num"], stat.as_str());
    sim.advance_time(60);
    let r = get(&sim, &short, STUDENT_LIST).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(r.body, json!({"message": "Token has expired"}));
    assert_eq!(get(&sim, &pasted, STUDENT_LIST).await.status, StatusCode::OK);
    let none = read(
        http()
            .get(format!("{}{STUDENT_LIST}", sim.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert_eq!(none.body, json!({"message": "Token not provided"}));
}

#[tokio::test]
async fn expire_session_answers_in_each_shape_and_stays_expired() {
    let sim = start_default().await;
    let client = no_redirects();
    for (shape, status) in [
        (SessionShape::Unauthorized, 401u16),
        (SessionShape::Forbidden, 403),
        (SessionShape::PageExpired, 419),
        (SessionShape::Html, 200),
        (SessionShape::Redirect, 302),
    ] {
        let token = sim.mint_token(3600);
        sim.set_faults(Faults::single(
            FaultRule::new(Some("GET"), STUDENT_LIST, Fault::ExpireSession { shape }).nth(2),
        ));
        assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
        // The session ends on the 2nd call; the 3rd (no fault) and a refresh answer the same.
        for path in [STUDENT_LIST, STUDENT_LIST, "/v1/institutions/info"] {
            let r = client
                .get(format!("{}{path}", sim.base_url()))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status().as_u16(), status, "{shape:?} {path}");
            let ct = r
                .headers()
                .get("content-type")
                .map(|v| v.to_str().unwrap().to_string())
                .unwrap_or_default();
            let location = r.headers().get("location").map(|v| v.to_str().unwrap().to_string());
            let body = r.bytes().await.unwrap();
            match shape {
                SessionShape::Html => {
                    assert!(ct.starts_with("text/html"), "{ct}");
                    assert!(String::from_utf8_lossy(&body).contains("<form"));
                }
                SessionShape::Redirect => {
                    assert_eq!(location.as_deref(), Some("/login"));
                    assert!(body.is_empty());
                }
                SessionShape::PageExpired => {
                    assert_eq!(
                        serde_json::from_slice::<Value>(&body).unwrap(),
                        json!({"message": "Page Expired"})
                    );
                }
                _ => assert!(serde_json::from_slice::<Value>(&body).unwrap()["message"].is_string()),
            }
        }
        let r = client
            .post(format!("{}/v1/accounts/refresh", sim.base_url()))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), status, "refresh after {shape:?}");
        // Other sessions are untouched.
        assert_eq!(
            get(&sim, &sim.mint_token(60), STUDENT_LIST).await.status,
            StatusCode::OK
        );
    }
    // The JSON form of the fault.
    let f: Faults = serde_json::from_value(json!({"rules": [
        {"path_prefix": "/v1/", "fault": {"expire_session": {"as": "419"}}},
        {"path_prefix": "/v1/", "fault": {"too_many_requests": {"retry_after": null}}},
        {"path_prefix": "/v1/", "fault": "endless_body"},
        {"path_prefix": "/v1/", "fault": "hang"},
    ]}))
    .unwrap();
    assert_eq!(
        f.rules[0].fault,
        Fault::ExpireSession {
            shape: SessionShape::PageExpired
        }
    );
    assert_eq!(
        f.rules[1].fault,
        Fault::TooManyRequests {
            retry_after: RetryAfter::Absent
        }
    );
    assert_eq!(f.rules[2].fault, Fault::EndlessBody);
    assert_eq!(f.rules[3].fault, Fault::Hang);
    let back: Faults = serde_json::from_value(serde_json::to_value(&f).unwrap()).unwrap();
    assert_eq!(back, f);
}

#[tokio::test]
async fn too_many_requests_without_retry_after_and_read_limit() {
    let sim = start(Simulator::builder().seed(3).read_limit_per_sec(3)).await;
    let token = sim.mint_token(600);
    let c = http()
        .post(format!("{}/__sim/faults", sim.base_url()))
        .json(&json!({"rules": [{"path_prefix": "/v1/institutions", "nth": 1,
            "fault": {"too_many_requests": {"retry_after": null}}}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(c.status(), StatusCode::OK);
    let faults = read(
        http()
            .get(format!("{}/__sim/faults", sim.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    assert!(faults.body["results"]["rules"][0]["fault"]["too_many_requests"]["retry_after"].is_null());
    let r = get(&sim, &token, "/v1/institutions/info").await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.get("retry-after").is_none());
    assert_eq!(r.body, json!({"message": messages::TOO_MANY_ATTEMPTS}));
    // The read limit: 3 per second per account (that 429 counted as one read).
    assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
    assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
    let r = get(&sim, &token, STUDENT_LIST).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(r.headers.get("retry-after").is_none());
    // Another account is not limited by this one.
    let other = login_as(&sim, &sim.dataset().lembaga[1].statistic_num).await;
    assert_eq!(get(&sim, &other, STUDENT_LIST).await.status, StatusCode::OK);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
}

#[tokio::test]
async fn endless_body_streams_until_the_client_leaves() {
    let sim = start_default().await;
    let token = sim.mint_token(600);
    sim.set_faults(Faults::single(
        FaultRule::new(Some("GET"), STUDENT_LIST, Fault::EndlessBody).nth(1),
    ));
    let mut r = http()
        .get(format!("{}{STUDENT_LIST}", sim.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["content-type"], "application/json");
    assert!(r.content_length().is_none());
    let mut got = 0usize;
    let mut first = Vec::new();
    while got < 8 << 20 {
        let chunk = r.chunk().await.unwrap().expect("the body does not end");
        if first.is_empty() {
            first = chunk.to_vec();
        }
        got += chunk.len();
    }
    assert!(first.starts_with(br#"{"success":true,"results":["#));
    drop(r);
    // The server goes on serving.
    assert_eq!(get(&sim, &token, STUDENT_LIST).await.status, StatusCode::OK);
}

#[tokio::test]
async fn hang_never_answers_and_ends_with_the_server() {
    let sim = start_default().await;
    let token = sim.mint_token(600);
    sim.set_faults(Faults::single(FaultRule::new(Some("GET"), STUDENT_LIST, Fault::Hang)));
    let impatient = reqwest::Client::builder()
        .no_proxy()
        .timeout(Duration::from_millis(400))
        .build()
        .unwrap();
    let err = impatient
        .get(format!("{}{STUDENT_LIST}", sim.base_url()))
        .bearer_auth(&token)
        .send()
        .await
        .expect_err("no answer");
    assert!(err.is_timeout(), "{err:?}");
    // A patient client waits until the server stops, then sees the connection end.
    let url = format!("{}{STUDENT_LIST}", sim.base_url());
    let patient = tokio::spawn(async move {
        let started = Instant::now();
        let r = http().get(url).bearer_auth(&token).send().await;
        (r.is_err(), started.elapsed())
    });
    tokio::time::sleep(Duration::from_millis(300)).await;
    sim.shutdown();
    let (failed, waited) = tokio::time::timeout(Duration::from_secs(5), patient)
        .await
        .expect("the hang ends with the server")
        .unwrap();
    assert!(failed);
    assert!(waited >= Duration::from_millis(250), "{waited:?}");
}

fn preview_url(sim: &emis_sim::SimHandle, nip: &str) -> String {
    format!("{}{GTK_PREVIEW}?nip={nip}", sim.gtk_base_url())
}

async fn preview(sim: &emis_sim::SimHandle, cookie: &str, nip: &str) -> Value {
    let r = no_redirects()
        .get(preview_url(sim, nip))
        .header("Cookie", cookie)
        .header("X-Requested-With", "XMLHttpRequest")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    r.json().await.unwrap()
}

#[tokio::test]
async fn gtk_preview_compares_emis_gtk_with_simpeg() {
    let sim = start_default().await;
    let ds = sim.dataset();
    let sc = ds.scenarios.clone();
    let client = no_redirects();
    // Without (or with a wrong) session: the login redirect, no JSON.
    let any_nip = ds.simpeg.keys().next().unwrap().clone();
    for cookie in ["", "emisSSO=x; sessionid=y"] {
        let r = client
            .get(preview_url(&sim, &any_nip))
            .header("Cookie", cookie)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FOUND);
        assert_eq!(r.headers()["location"], "/login");
        assert!(r.bytes().await.unwrap().is_empty());
    }
    let cookie = sim.gtk_cookie();
    // A plain GTK: valid.
    let plain = ds
        .gtk
        .iter()
        .filter_map(|g| g.nip.clone())
        .find(|n| {
            ds.simpeg.contains_key(n)
                && Some(n) != sc.simpeg_name_variant.as_ref()
                && Some(n) != sc.simpeg_other_person.as_ref()
                && Some(n) != sc.simpeg_birth_date_differs.as_ref()
        })
        .unwrap();
    let v = preview(&sim, &cookie, &plain).await;
    assert_eq!(v["nip"], plain.as_str());
    let val = &v["validation"];
    assert_eq!(val["is_valid"], true, "{v}");
    assert_eq!(val["name_similarity"], 100.0);
    for k in [
        "status_pegawai",
        "golongan",
        "tmt_golongan",
        "unit_kerja",
        "jabatan",
        "pendidikan",
        "jenjang_pendidikan",
    ] {
        assert!(v["simpeg_data"][k].is_string(), "{k}: {v}");
    }
    for k in ["mk_golongan", "mk_golongan_bulan", "gaji_pokok"] {
        assert!(v["simpeg_data"][k].is_number(), "{k}");
    }
    for k in [
        "name_match",
        "can_confirm_name",
        "birth_date_match",
        "can_claim_birth_date",
        "can_continue_with_confirmation",
        "nama_ptk",
        "nama_simpeg",
        "tgl_lahir_ptk",
        "tgl_lahir_simpeg",
        "tgl_lahir_simpeg_display",
    ] {
        assert!(val.get(k).is_some(), "{k}");
    }
    // The name differs a little: similar, confirmable, not a match.
    let v = preview(&sim, &cookie, sc.simpeg_name_variant.as_ref().unwrap()).await;
    let val = &v["validation"];
    assert_eq!(
        (val["name_match"].clone(), val["can_confirm_name"].clone()),
        (json!(false), json!(true)),
        "{v}"
    );
    let sim_pct = val["name_similarity"].as_f64().unwrap();
    assert!((85.0..100.0).contains(&sim_pct), "{sim_pct}");
    assert_eq!(val["birth_date_match"], true);
    assert_eq!(val["can_continue_with_confirmation"], true);
    // Another person: not confirmable.
    let v = preview(&sim, &cookie, sc.simpeg_other_person.as_ref().unwrap()).await;
    let val = &v["validation"];
    assert_eq!(val["name_match"], false);
    assert_eq!(val["can_confirm_name"], false, "{v}");
    assert!(val["name_similarity"].as_f64().unwrap() < 85.0);
    assert_eq!(val["is_valid"], false);
    assert_eq!(val["can_continue_with_confirmation"], false);
    // The birth date differs: the name matches, the date can be claimed.
    let v = preview(&sim, &cookie, sc.simpeg_birth_date_differs.as_ref().unwrap()).await;
    let val = &v["validation"];
    assert_eq!(val["name_match"], true);
    assert_eq!(val["birth_date_match"], false);
    assert_eq!(val["can_claim_birth_date"], true);
    assert_ne!(val["tgl_lahir_ptk"], val["tgl_lahir_simpeg"]);
    assert!(val["tgl_lahir_simpeg_display"].as_str().unwrap().contains(' '));
    // Unknown NIP: 200, not valid, no SIMPEG data.
    let v = preview(&sim, &cookie, "199001012020121001").await;
    assert_eq!(v["validation"]["is_valid"], false);
    assert!(v["simpeg_data"].is_null());
    // A session minted over the control endpoint works; ending it redirects from then on.
    let ctl = read(
        http()
            .get(format!("{}/__sim/gtk-session", sim.base_url()))
            .send()
            .await
            .unwrap(),
    )
    .await;
    let other = ctl.body["results"]["cookie"].as_str().unwrap().to_string();
    assert_eq!(preview(&sim, &other, &plain).await["nip"], plain.as_str());
    sim.set_faults(Faults::single(
        FaultRule::new(
            Some("GET"),
            "/kepegawaian/",
            Fault::ExpireSession {
                shape: SessionShape::Redirect,
            },
        )
        .nth(1),
    ));
    for _ in 0..2 {
        let r = client
            .get(preview_url(&sim, &plain))
            .header("Cookie", &other)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), StatusCode::FOUND);
    }
    assert_eq!(preview(&sim, &cookie, &plain).await["validation"]["is_valid"], true);
}
