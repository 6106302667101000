//! Auth against the simulator: refresh before expiry, re-login after expiry, exactly one
//! re-login on a 401, wrong credentials, 403, pasted tokens.

mod client_support;

use client_support::*;
use emis_core::Error;
use emis_core::api::{Credentials, ItemStatus, Secret};
use emis_sim::{Fault, FaultRule, Faults, Simulator};
use std::sync::Arc;
use std::time::Duration;

fn login_count(sim: &emis_sim::SimHandle) -> u64 {
    seen(sim, &format!("POST {LOGIN}"))
}

#[tokio::test]
async fn token_is_refreshed_before_expiry_and_renewed_after() {
    // Tokens live 120 s; the client renews 60 s before `exp`.
    let sim = Simulator::builder()
        .seed(31)
        .token_ttl(120)
        .build()
        .start()
        .await
        .unwrap();
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock.clone()), |_| {});
    r.client.periods().await.expect("first call logs in");
    assert_eq!(login_count(&sim), 1);
    let first = r.rec.sent_to(PERIODS)[0].bearer.clone().unwrap();

    // 30 s later: still fresh, same token.
    sim.advance_time(30);
    clock.advance(Duration::from_secs(30));
    r.client.periods().await.expect("fresh");
    assert_eq!(r.rec.sent_to(PERIODS)[1].bearer.as_deref(), Some(first.as_str()));
    assert_eq!(seen(&sim, "POST /v1/accounts/refresh"), 0);

    // 70 s after login: within the margin, refreshed before the call (no 401 on the way).
    sim.advance_time(40);
    clock.advance(Duration::from_secs(40));
    r.client.periods().await.expect("after refresh");
    assert_eq!(seen(&sim, "POST /v1/accounts/refresh"), 1);
    assert_eq!(login_count(&sim), 1);
    let refreshed = r.rec.sent_to(PERIODS)[2].bearer.clone().unwrap();
    assert_ne!(refreshed, first);
    let refresh = &r.rec.sent_to("/v1/accounts/refresh")[0];
    assert_eq!(
        refresh.bearer.as_deref(),
        Some(first.as_str()),
        "refresh sends the old token"
    );

    // Long idle (past `exp`): a new login rather than a request that would get a 401.
    sim.advance_time(600);
    clock.advance(Duration::from_secs(600));
    r.client.periods().await.expect("after login");
    assert_eq!(login_count(&sim), 2);
    assert_eq!(seen(&sim, "POST /v1/accounts/refresh"), 1);
    assert!(r.rec.sent().iter().all(|s| s.outcome != Ok(401)), "{:?}", r.rec.sent());
    assert_eq!(seen(&sim, &format!("GET {PERIODS}")), 4);
}

#[tokio::test]
async fn a_failed_refresh_falls_back_to_login() {
    // The server refuses refreshes (no grace and the token is expired on the server only:
    // the client's clock lags behind the server's).
    let sim = Simulator::builder()
        .seed(32)
        .token_ttl(120)
        .refresh_grace(0)
        .build()
        .start()
        .await
        .unwrap();
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock.clone()), |_| {});
    r.client.periods().await.unwrap();
    sim.advance_time(200);
    clock.advance(Duration::from_secs(70));
    r.client.periods().await.expect("login after the refused refresh");
    assert_eq!(seen(&sim, "POST /v1/accounts/refresh"), 1);
    assert_eq!(r.rec.sent_to("/v1/accounts/refresh")[0].outcome, Ok(401));
    assert_eq!(login_count(&sim), 2);
}

#[tokio::test]
async fn one_relogin_on_401_then_success() {
    let sim = emis_e2e::sim(33).await;
    let r = op_rig(&sim, |_| {});
    r.client.periods().await.unwrap();
    // The server expires the token on the next periods call.
    sim.set_faults(Faults::single(
        FaultRule::new(Some("GET"), PERIODS, Fault::ExpireToken).nth(1),
    ));
    let periods = r.client.periods().await.expect("re-login and retry");
    assert!(!periods.is_empty());
    assert_eq!(login_count(&sim), 2);
    let attempts = r.rec.sent_to(PERIODS);
    let outcomes: Vec<_> = attempts.iter().map(|s| s.outcome.clone()).collect();
    assert_eq!(outcomes, vec![Ok(200), Ok(401), Ok(200)]);
    assert_ne!(attempts[1].bearer, attempts[2].bearer, "a new token after the 401");
    // No backoff wait for a 401: the re-login is immediate.
    assert!(r.rec.sleeps().is_empty());
}

#[tokio::test]
async fn a_second_401_is_an_auth_error_not_a_loop() {
    let sim = emis_e2e::sim(34).await;
    sim.set_faults(Faults::single(FaultRule::new(Some("GET"), PERIODS, Fault::ExpireToken)));
    let r = op_rig(&sim, |_| {});
    let e = r.client.periods().await.unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert_eq!(login_count(&sim), 2, "exactly one re-login");
    assert_eq!(seen(&sim, &format!("GET {PERIODS}")), 2);
}

#[tokio::test]
async fn a_401_on_a_write_relogs_in_and_applies_once_with_the_same_key() {
    let sim = emis_e2e::sim(35).await;
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, |_| {});
    r.client.periods().await.unwrap();
    sim.set_faults(Faults::single(
        FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::ExpireToken).nth(1),
    ));
    let before = total_santri(&sim, &stat);
    let fresh = sim.new_santri(&stat, 2);
    let changes: Vec<_> = fresh.iter().map(create_santri).collect();
    let res = r
        .client
        .submit_santri_batch(&changes, "e2e-auth-write-1")
        .await
        .expect("batch");
    assert!(res.iter().all(|x| x.status == ItemStatus::Applied));
    assert_eq!(total_santri(&sim, &stat), before + 2);
    let attempts = r.rec.sent_to(SANTRI_BATCH);
    assert_eq!(attempts.len(), 2);
    assert!(
        attempts
            .iter()
            .all(|a| a.idempotency_key.as_deref() == Some("e2e-auth-write-1"))
    );
    assert_eq!(sim.state().idempotency["e2e-auth-write-1"].applied, 1);
    assert_eq!(login_count(&sim), 2);
}

#[tokio::test]
async fn wrong_password_or_key_is_an_auth_error_without_retry() {
    let sim = emis_e2e::sim(36).await;
    let op = sim.operator_credentials(&sim.demo_statistic_num()).unwrap();
    let bad = Credentials::Operator {
        email: op.email.clone(),
        password: Secret::new("sim-FAKE-salah-123"),
    };
    let r = rig(&sim, bad, None, |_| {});
    let e = r.client.lembaga_info(&sim.demo_statistic_num()).await.unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert_eq!(e.code(), "auth");
    assert!(!format!("{e} {e:?}").contains("sim-FAKE-salah-123"));
    assert_eq!(login_count(&sim), 1, "a refused login is not retried");
    assert_eq!(seen(&sim, "GET /v1/institutions/info"), 0);

    let p = sim.partner_credentials();
    let bad = Credentials::Partner {
        public_key: p.public_key,
        private_key: Secret::new("sim-FAKE-partner-salah"),
    };
    let r = rig(&sim, bad, None, |_| {});
    let e = r.client.lembaga_info(&sim.demo_statistic_num()).await.unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert_eq!(seen(&sim, "POST /v1/accounts/partners-login"), 1);

    // An empty password: the server's 422 is reported as a login failure too.
    let empty = Credentials::Operator {
        email: op.email,
        password: Secret::new(""),
    };
    let e = rig(&sim, empty, None, |_| {}).client.login().await.unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
}

#[tokio::test]
async fn another_lembaga_is_a_permission_error() {
    let sim = emis_e2e::sim(37).await;
    let other = sim.dataset().lembaga[1].statistic_num.clone();
    let r = op_rig(&sim, |_| {});
    let e = r.client.lembaga_info(&other).await.unwrap_err();
    assert!(matches!(e, Error::Permission(_)), "{e:?}");
    assert_eq!(e.status(), Some(403));
    let e = r.client.gtk_page(&other, 1, 10).await.unwrap_err();
    assert!(matches!(e, Error::Permission(_)), "{e:?}");
    // Neither retried nor a re-login.
    assert_eq!(seen(&sim, "GET /v1/institutions/info"), 1);
    assert_eq!(seen(&sim, &format!("GET {GTK_LIST}")), 1);
    assert_eq!(login_count(&sim), 1);
    // The own lembaga is fine.
    r.client.lembaga_info(&sim.demo_statistic_num()).await.unwrap();
}

#[tokio::test]
async fn a_pasted_token_works_until_it_expires() {
    let sim = emis_e2e::sim(38).await;
    let stat = sim.demo_statistic_num();
    // Obtain a token the way an operator would (from another session).
    let donor = op_rig(&sim, |_| {});
    donor.client.periods().await.unwrap();
    let token = donor.rec.sent_to(PERIODS)[0].bearer.clone().unwrap();

    let r = rig(&sim, Credentials::Token(Secret::new(token.clone())), None, |_| {});
    r.client.lembaga_info(&stat).await.expect("pasted token");
    assert_eq!(login_count(&sim), 1, "no login of its own");
    let shown = format!("{:?}", r.client);
    assert!(!shown.contains(&token), "{shown}");
    // Expired on the server: cannot be renewed without credentials.
    sim.set_faults(Faults::single(FaultRule::new(None, "/v1/", Fault::ExpireToken)));
    let e = r.client.lembaga_info(&stat).await.unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert!(!format!("{e}").contains(&token));
    assert_eq!(login_count(&sim), 1);
}

#[tokio::test]
async fn a_refusal_inside_a_200_keeps_the_servers_message() {
    // `{"success": false, "results": null, "message": ...}` with HTTP 200 (the observed error
    // envelope, without an error status): a login failure, and an HTTP error elsewhere, with
    // the server's message rather than a decode error about `results`.
    let sim = emis_e2e::sim(39).await;
    let refuse = |path: &str, resp: &mut emis_core::transport::ApiResponse| {
        let message = match path {
            LOGIN => "Akun dinonaktifkan",
            PERIODS => "Referensi sedang diperbarui",
            _ => return,
        };
        resp.status = 200;
        resp.body =
            serde_json::to_vec(&serde_json::json!({"success": false, "results": null, "message": message})).unwrap();
    };
    let hooks = Hooks {
        request: None,
        response: Some(Arc::new(refuse)),
    };
    let r = hooked_rig(&sim, operator(&sim), None, hooks, |_| {});
    let e = r.client.login().await.unwrap_err();
    assert_eq!(e, Error::Auth("Akun dinonaktifkan".into()));

    let hooks = Hooks {
        request: None,
        response: Some(Arc::new(
            move |path: &str, resp: &mut emis_core::transport::ApiResponse| {
                if path != LOGIN {
                    refuse(path, resp)
                }
            },
        )),
    };
    let r = hooked_rig(&sim, operator(&sim), None, hooks, |_| {});
    let e = r.client.periods().await.unwrap_err();
    assert!(
        matches!(&e, Error::Http { status: 200, message, .. } if message == "Referensi sedang diperbarui"),
        "{e:?}"
    );
}
