//! Auth against the simulator's real profile: operator login by e-mail or NIK (a form),
//! partner login (JSON), the JWT's claims, refresh before expiry with rotation, a lost
//! refresh reply, session expiry in every shape the real EMIS answers with, pasted tokens
//! (never refreshed; when they end, the error says how to copy a fresh one), wrong
//! credentials, another lembaga.

mod client_support;

use client_support::*;
use emis_core::Error;
use emis_core::api::{ClientEvent, CreateOutcome, Credentials, ItemStatus, Secret, token_info};
use emis_core::transport::TransportError;
use emis_sim::{Fault, FaultRule, Faults, Profile, SessionShape, Simulator};
use std::sync::Arc;
use std::time::Duration;

fn form_field(body: &[u8], name: &str) -> Option<String> {
    url::form_urlencoded::parse(body)
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned())
}

fn renewals(rec: &Recorder) -> usize {
    rec.events()
        .iter()
        .filter(|e| matches!(e, ClientEvent::SessionRenewed))
        .count()
}

#[tokio::test]
async fn login_by_email_and_by_nik_posts_a_form_and_reads_the_claims() {
    let sim = sim_real(30).await;
    let stat = sim.demo_statistic_num();
    let op = sim.operator_credentials(&stat).unwrap();
    let institution_id = sim.dataset().demo_lembaga().institution_id.to_string();
    assert!(
        op.nik.len() == 16 && op.nik.bytes().all(|b| b.is_ascii_digit()),
        "an operator NIK"
    );
    for (creds, login_name) in [
        (operator(&sim), op.email.clone()),
        (operator_by_nik(&sim), op.nik.clone()),
    ] {
        let r = rig(&sim, creds, None, |_| {});
        let info = r.client.lembaga_info(&stat).await.expect("logged in");
        assert_eq!(info.statistic_num.as_deref(), Some(stat.as_str()));
        let login = &r.rec.sent_to(LOGIN)[0];
        assert_eq!(login.outcome, Ok(200));
        assert_eq!(
            login.content_type.as_deref(),
            Some("application/x-www-form-urlencoded"),
            "public clients post a form"
        );
        assert_eq!(form_field(&login.body, "email").as_deref(), Some(login_name.as_str()));
        assert_eq!(
            form_field(&login.body, "password").as_deref(),
            Some(op.password.as_str())
        );
        // The token is a JWT: its claims are read, never verified.
        let info = r.client.token_info().expect("a session");
        assert_eq!(info.institution_id.as_deref(), Some(institution_id.as_str()));
        let now = r.client.now_ms() / 1000;
        let left = info.seconds_left(now).expect("exp");
        assert!((16_100..=16_200).contains(&left), "{left}");
        assert!(info.iat.is_some_and(|iat| (iat - now).abs() < 60));
        assert!(info.describe(now).contains("sisa 4 jam"), "{}", info.describe(now));
        // The same claims from the raw token as sent.
        let sent = r.rec.sent_to(INFO)[0].bearer.clone().unwrap();
        assert_eq!(token_info(&format!("Bearer {sent}")), info);
    }
    assert_eq!(logins(&sim), 2);
}

#[tokio::test]
async fn partner_login_posts_json() {
    let sim = sim_real(29).await;
    let ds = sim.dataset();
    let p = sim.partner_credentials();
    let r = rig(&sim, partner(&sim), None, |_| {});
    for l in &ds.lembaga[..2] {
        let info = r.client.lembaga_info(&l.statistic_num).await.expect("info");
        assert_eq!(info.name, l.name);
        let gtk = r.client.gtk_all(&l.statistic_num, 100).await.expect("gtk");
        assert_eq!(gtk.len(), ds.gtk_of(&l.statistic_num).count());
    }
    let login = r.rec.sent_to(PARTNER_LOGIN);
    assert_eq!(login.len(), 1);
    assert_eq!(login[0].content_type.as_deref(), Some("application/json"));
    let body: serde_json::Value = serde_json::from_slice(&login[0].body).expect("a JSON body");
    assert_eq!(body["public_key"], p.public_key.as_str());
    assert_eq!(body["private_key"], p.private_key.as_str());
    assert_eq!(logins(&sim), 0);
    // Every later call carried the partner token; a partner token names no lembaga.
    assert!(r.rec.sent().iter().skip(1).all(|s| s.bearer.is_some()));
    assert_eq!(r.client.token_info().unwrap().institution_id, None);
}

#[tokio::test]
async fn token_is_refreshed_before_expiry_and_the_old_one_is_revoked() {
    // Tokens live 120 s; the client renews 60 s before `exp`.
    let sim = Simulator::builder()
        .seed(31)
        .write_window_ms(0)
        .token_ttl(120)
        .build()
        .start()
        .await
        .unwrap();
    let stat = sim.demo_statistic_num();
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock.clone()), |_| {});
    r.client.lembaga_info(&stat).await.expect("first call logs in");
    assert_eq!(logins(&sim), 1);
    let first = r.rec.sent_to(INFO)[0].bearer.clone().unwrap();

    // 30 s later: still fresh, same token.
    sim.advance_time(30);
    clock.advance(Duration::from_secs(30));
    r.client.lembaga_info(&stat).await.expect("fresh");
    assert_eq!(r.rec.sent_to(INFO)[1].bearer.as_deref(), Some(first.as_str()));
    assert_eq!(seen(&sim, &format!("POST {REFRESH}")), 0);

    // 70 s after login: within the margin, refreshed before the call (no 401 on the way).
    sim.advance_time(40);
    clock.advance(Duration::from_secs(40));
    r.client.lembaga_info(&stat).await.expect("after refresh");
    assert_eq!(seen(&sim, &format!("POST {REFRESH}")), 1);
    assert_eq!(logins(&sim), 1);
    let refreshed = r.rec.sent_to(INFO)[2].bearer.clone().unwrap();
    assert_ne!(refreshed, first);
    let refresh = &r.rec.sent_to(REFRESH)[0];
    assert_eq!(
        refresh.bearer.as_deref(),
        Some(first.as_str()),
        "refresh sends the old token"
    );

    // Rotation: the old token no longer works (as a pasted token it stops the run).
    let stale = rig(
        &sim,
        Credentials::Token(Secret::new(first.clone())),
        Some(clock.clone()),
        |_| {},
    );
    let e = stale.client.lembaga_info(&stat).await.unwrap_err();
    assert_eq!(e, Error::SessionExpired { what: "EMIS" });
    assert_eq!(stale.rec.outcomes(INFO), vec![Ok(401)]);

    // Long idle (past `exp`): a new login rather than a request that would get a 401.
    sim.advance_time(600);
    clock.advance(Duration::from_secs(600));
    r.client.lembaga_info(&stat).await.expect("after login");
    assert_eq!(logins(&sim), 2);
    assert_eq!(seen(&sim, &format!("POST {REFRESH}")), 1);
    assert!(r.rec.sent().iter().all(|s| s.outcome != Ok(401)), "{:?}", r.rec.sent());
    assert_eq!(r.rec.sent_to(INFO).len(), 4);
}

#[tokio::test]
async fn a_refused_refresh_falls_back_to_login() {
    // The server refuses refreshes (no grace and the token is expired on the server only:
    // the client's clock lags behind the server's).
    let sim = Simulator::builder()
        .seed(32)
        .write_window_ms(0)
        .token_ttl(120)
        .refresh_grace(0)
        .build()
        .start()
        .await
        .unwrap();
    let stat = sim.demo_statistic_num();
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock.clone()), |_| {});
    r.client.lembaga_info(&stat).await.unwrap();
    sim.advance_time(200);
    clock.advance(Duration::from_secs(70));
    r.client
        .lembaga_info(&stat)
        .await
        .expect("login after the refused refresh");
    assert_eq!(r.rec.outcomes(REFRESH), vec![Ok(401)]);
    assert_eq!(logins(&sim), 2);
}

#[tokio::test]
async fn a_lost_refresh_reply_falls_back_to_a_fresh_login() {
    // The server rotates the token, then the connection drops before the reply: the old token
    // is revoked and the new one never arrived.
    let sim = Simulator::builder()
        .seed(28)
        .write_window_ms(0)
        .token_ttl(120)
        .faults(Faults::single(
            FaultRule::new(Some("POST"), REFRESH, Fault::ResetMidBody { after_bytes: Some(0) })
                .nth(1)
                .after_apply(),
        ))
        .build()
        .start()
        .await
        .unwrap();
    let stat = sim.demo_statistic_num();
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock.clone()), |_| {});
    r.client.lembaga_info(&stat).await.unwrap();
    sim.advance_time(70);
    clock.advance(Duration::from_secs(70));
    r.client
        .lembaga_info(&stat)
        .await
        .expect("a fresh login after the lost refresh");
    let refresh = r.rec.outcomes(REFRESH);
    assert!(matches!(refresh[0], Err(TransportError::Interrupted(_))), "{refresh:?}");
    // Repeating the refresh with the rotated token cannot work: at most one such try, refused.
    assert!(
        refresh[1..].iter().all(|o| *o == Ok(401)) && refresh.len() <= 2,
        "{refresh:?}"
    );
    assert_eq!(logins(&sim), 2);
    // The call after it went out with the new login's token and was not refused.
    let tokens = r.rec.tokens();
    let last = r.rec.sent_to(INFO).last().cloned().unwrap();
    assert_eq!(last.outcome, Ok(200));
    assert_eq!(last.bearer.as_deref(), tokens.last().map(String::as_str));
    assert_eq!(r.rec.outcomes(INFO), vec![Ok(200), Ok(200)]);
}

#[tokio::test]
async fn session_expiry_in_every_shape_means_one_relogin_with_a_password() {
    let shapes = [
        (SessionShape::Unauthorized, 401),
        (SessionShape::PageExpired, 419),
        (SessionShape::Html, 200),
        (SessionShape::Redirect, 302),
        // On the santri list (the call a sync cannot do without) a 403 is tried once more.
        (SessionShape::Forbidden, 403),
    ];
    for (shape, status) in shapes {
        let sim = sim_real_with(
            33,
            Faults::single(FaultRule::new(Some("GET"), SANTRI_LIST, Fault::ExpireSession { shape }).nth(1)),
        )
        .await;
        let r = op_rig(&sim, |_| {});
        let page = r
            .client
            .santri_page(1, 20)
            .await
            .unwrap_or_else(|e| panic!("{shape:?}: {e:?}"));
        assert_eq!(page.items.len(), 20, "{shape:?}");
        assert_eq!(logins(&sim), 2, "{shape:?}: exactly one re-login");
        assert_eq!(r.rec.outcomes(SANTRI_LIST), vec![Ok(status), Ok(200)], "{shape:?}");
        let list = r.rec.sent_to(SANTRI_LIST);
        assert_ne!(
            list[0].bearer, list[1].bearer,
            "{shape:?}: a new token after the expiry"
        );
        assert_eq!(renewals(&r.rec), 1, "{shape:?}");
        // No backoff wait: the re-login is immediate.
        assert!(r.rec.sleeps().is_empty(), "{shape:?}");
    }
}

#[tokio::test]
async fn a_session_ending_on_a_create_relogs_in_and_creates_once() {
    // Auth middleware answers before the controller: the create was not applied, so it is
    // sent again after the re-login.
    let sim = sim_real_with(
        27,
        Faults::single(
            FaultRule::new(
                Some("POST"),
                CREATE,
                Fault::ExpireSession {
                    shape: SessionShape::PageExpired,
                },
            )
            .nth(1),
        ),
    )
    .await;
    let stat = sim.demo_statistic_num();
    let fresh = sim.new_santri(&stat, 1).remove(0);
    let r = op_rig(&sim, |_| {});
    let out = r
        .client
        .create_santri(&santri_of(&fresh), Some(active_year(&sim)), Some("2026-07-15"))
        .await
        .expect("created after the re-login");
    assert!(matches!(out, CreateOutcome::Applied { id: Some(_) }), "{out:?}");
    assert_eq!(r.rec.outcomes(CREATE), vec![Ok(419), Ok(200)]);
    assert_eq!(held(&sim, &stat, &fresh.nik), (1, 1));
    assert_eq!(logins(&sim), 2);
}

#[tokio::test]
async fn a_second_expiry_is_an_auth_error_not_a_loop() {
    let sim = sim_real_with(
        34,
        Faults::single(FaultRule::new(Some("GET"), INFO, Fault::ExpireToken)),
    )
    .await;
    let r = op_rig(&sim, |_| {});
    let e = r.client.lembaga_info(&sim.demo_statistic_num()).await.unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert!(e.is_auth());
    assert_eq!(logins(&sim), 2, "exactly one re-login");
    assert_eq!(seen(&sim, &format!("GET {INFO}")), 2);
}

#[tokio::test]
async fn a_401_on_a_batch_relogs_in_and_applies_once_with_the_same_key() {
    // Extended profile: the invented batch endpoint with an Idempotency-Key.
    let sim = sim_ext(35).await;
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, |_| {});
    r.client.periods().await.unwrap();
    sim.set_faults(Faults::single(
        FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::ExpireToken).nth(1),
    ));
    let before = total_santri(&sim, &stat);
    let fresh = sim.new_santri(&stat, 2);
    let changes: Vec<_> = fresh.iter().map(create_change).collect();
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
    assert_eq!(logins(&sim), 2);
}

#[tokio::test]
async fn wrong_password_nik_or_key_is_an_auth_error_without_retry() {
    let sim = sim_real(36).await;
    let stat = sim.demo_statistic_num();
    let op = sim.operator_credentials(&stat).unwrap();
    for login in [op.email.clone(), op.nik.clone()] {
        let bad = Credentials::Operator {
            email: login,
            password: Secret::new("sim-FAKE-salah-123"),
        };
        let r = rig(&sim, bad, None, |_| {});
        let e = r.client.lembaga_info(&stat).await.unwrap_err();
        assert!(matches!(e, Error::Auth(_)), "{e:?}");
        assert_eq!(e.code(), "auth");
        assert!(!format!("{e} {e:?}").contains("sim-FAKE-salah-123"));
        assert_eq!(r.rec.sent().len(), 1, "a refused login is not retried");
    }
    // A NIK nobody has.
    let mut other = op.nik.clone();
    other.replace_range(12.., "9999");
    let r = rig(
        &sim,
        Credentials::Operator {
            email: other,
            password: Secret::new(op.password.clone()),
        },
        None,
        |_| {},
    );
    assert!(matches!(r.client.login().await.unwrap_err(), Error::Auth(_)));
    assert_eq!(seen(&sim, &format!("GET {INFO}")), 0);

    let p = sim.partner_credentials();
    let bad = Credentials::Partner {
        public_key: p.public_key,
        private_key: Secret::new("sim-FAKE-partner-salah"),
    };
    let r = rig(&sim, bad, None, |_| {});
    let e = r.client.lembaga_info(&stat).await.unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
    assert_eq!(seen(&sim, &format!("POST {PARTNER_LOGIN}")), 1);

    // An empty password: the server's 422 is reported as a login failure too.
    let empty = Credentials::Operator {
        email: op.email,
        password: Secret::new(""),
    };
    let e = rig(&sim, empty, None, |_| {}).client.login().await.unwrap_err();
    assert!(matches!(e, Error::Auth(_)), "{e:?}");
}

#[tokio::test]
async fn another_lembaga_is_unsupported_and_a_403_on_the_list_is_no_permission() {
    let sim = sim_real(37).await;
    let other = sim.dataset().lembaga[1].statistic_num.clone();
    let r = op_rig(&sim, |_| {});
    // 403 on an endpoint the sync can do without: reported as unsupported, the sync goes on.
    let e = r.client.lembaga_info(&other).await.unwrap_err();
    assert_eq!(
        e,
        Error::Unsupported {
            endpoint: "lembaga_info"
        }
    );
    let e = r.client.gtk_page(&other, 1, 10).await.unwrap_err();
    assert_eq!(e, Error::Unsupported { endpoint: "gtk_list" });
    // Neither retried nor a re-login.
    assert_eq!(r.rec.outcomes(INFO), vec![Ok(403)]);
    assert_eq!(r.rec.outcomes(GTK_LIST), vec![Ok(403)]);
    assert_eq!(logins(&sim), 1);
    // The own lembaga is fine.
    r.client.lembaga_info(&sim.demo_statistic_num()).await.unwrap();

    // A 403 on the santri list: one re-login (an ended session on some servers), then "no
    // permission".
    sim.set_faults(Faults::single(FaultRule::new(
        Some("GET"),
        SANTRI_LIST,
        Fault::Status(403),
    )));
    let e = r.client.santri_page(1, 10).await.unwrap_err();
    assert!(matches!(e, Error::Permission(_)), "{e:?}");
    assert_eq!(e.status(), Some(403));
    assert_eq!(r.rec.outcomes(SANTRI_LIST), vec![Ok(403), Ok(403)]);
    assert_eq!(logins(&sim), 2);
}

#[tokio::test]
async fn a_pasted_token_is_used_as_is_and_never_shown() {
    let sim = sim_real(38).await;
    let stat = sim.demo_statistic_num();
    let token = sim.mint_token(3600);
    let r = rig(&sim, Credentials::Token(Secret::new(token.clone())), None, |_| {});
    assert_eq!(r.client.auth_kind(), "token");
    // Read before any request: the expiry the operator is shown.
    let info = r.client.token_info().expect("claims of the pasted token");
    assert!(info.seconds_left(r.client.now_ms() / 1000).is_some_and(|s| s > 3500));
    r.client.lembaga_info(&stat).await.expect("pasted token");
    r.client.santri_page(1, 5).await.expect("pasted token");
    assert_eq!(logins(&sim), 0, "no login of its own");
    assert!(r.rec.sent().iter().all(|s| s.bearer.as_deref() == Some(token.as_str())));
    let shown = format!("{:?} {:?}", r.client, info);
    assert!(!shown.contains(&token), "{shown}");
}

#[tokio::test]
async fn a_pasted_token_is_never_refreshed() {
    // EMIS rotates tokens on refresh: refreshing a token copied from the browser would end
    // the operator's browser session. Near its expiry it is used as it is; refused by the
    // server, the run stops (nothing is refreshed, nobody logs in).
    let sim = sim_real_with(
        39,
        Faults::single(FaultRule::new(Some("GET"), INFO, Fault::ExpireToken).nth(2)),
    )
    .await;
    let stat = sim.demo_statistic_num();
    let token = sim.mint_token(30);
    let r = rig(&sim, Credentials::Token(Secret::new(token.clone())), None, |_| {});
    r.client.lembaga_info(&stat).await.expect("30 s left: still used");
    let e = r.client.lembaga_info(&stat).await.unwrap_err();
    assert_eq!(e, Error::SessionExpired { what: "EMIS" });
    assert_eq!(r.rec.outcomes(INFO), vec![Ok(200), Ok(401)]);
    assert!(r.rec.sent().iter().all(|s| s.bearer.as_deref() == Some(token.as_str())));
    assert_eq!(seen(&sim, &format!("POST {REFRESH}")), 0);
    assert_eq!(logins(&sim), 0);
    assert_eq!(renewals(&r.rec), 0);
}

#[tokio::test]
async fn a_pasted_token_whose_session_ended_stops_with_how_to_copy_a_fresh_one() {
    let shapes = [
        (SessionShape::Unauthorized, 401),
        (SessionShape::PageExpired, 419),
        (SessionShape::Html, 200),
        (SessionShape::Redirect, 302),
    ];
    for (shape, status) in shapes {
        let sim = sim_real_with(
            40,
            Faults::single(FaultRule::new(Some("GET"), SANTRI_LIST, Fault::ExpireSession { shape }).nth(1)),
        )
        .await;
        let token = sim.mint_token(3600);
        let r = rig(&sim, Credentials::Token(Secret::new(token.clone())), None, |_| {});
        let e = r.client.santri_page(1, 10).await.unwrap_err();
        assert_eq!(e, Error::SessionExpired { what: "EMIS" }, "{shape:?}");
        assert_eq!(e.code(), "session_expired");
        assert!(e.is_auth());
        let text = e.to_string();
        for hint in ["F12", "Authorization", "EMIS_TOKEN", "tetap tersimpan"] {
            assert!(text.contains(hint), "{shape:?}: no {hint:?} in {text}");
        }
        assert!(!text.contains(&token));
        // Neither a refresh (it would end the browser session) nor a login (there is no
        // password), nothing retried.
        assert_eq!(r.rec.outcomes(SANTRI_LIST), vec![Ok(status)], "{shape:?}");
        assert_eq!(r.rec.sent().len(), 1, "{shape:?}");
        assert_eq!(logins(&sim) + seen(&sim, &format!("POST {REFRESH}")), 0);
    }
}

#[tokio::test]
async fn a_pasted_token_past_its_expiry_stops_before_sending() {
    let sim = sim_real(41).await;
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, pasted(&sim, 120), Some(clock.clone()), |_| {});
    clock.advance(Duration::from_secs(200));
    let e = r.client.lembaga_info(&sim.demo_statistic_num()).await.unwrap_err();
    assert_eq!(e, Error::SessionExpired { what: "EMIS" });
    assert!(r.rec.sent().is_empty(), "{:?}", r.rec.sent());
}

#[tokio::test]
async fn a_refusal_inside_a_200_keeps_the_servers_message() {
    // `{"success": false, "results": null, "message": ...}` with HTTP 200 (the observed error
    // envelope, without an error status): a login failure, and an HTTP error elsewhere, with
    // the server's message rather than a decode error about `results`.
    let sim = sim_real(43).await;
    let stat = sim.demo_statistic_num();
    let refuse = |path: &str, resp: &mut emis_core::transport::ApiResponse| {
        let message = match path {
            LOGIN => "Akun dinonaktifkan",
            INFO => "Data lembaga sedang diperbarui",
            _ => return,
        };
        resp.status = 200;
        resp.body =
            serde_json::to_vec(&serde_json::json!({"success": false, "results": null, "message": message})).unwrap();
    };
    let r = hooked_rig(&sim, operator(&sim), None, Hooks::response(refuse), |_| {});
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
    let e = r.client.lembaga_info(&stat).await.unwrap_err();
    assert!(
        matches!(&e, Error::Http { status: 200, message, .. } if message == "Data lembaga sedang diperbarui"),
        "{e:?}"
    );
    assert_eq!(r.rec.outcomes(INFO), vec![Ok(200)], "a refusal is not retried");
}

#[tokio::test]
async fn the_profiles_differ_only_in_the_invented_endpoints() {
    // The same client against both profiles: periods exist only in the extended one.
    let real = sim_real(44).await;
    let ext = Simulator::builder()
        .seed(44)
        .profile(Profile::Extended)
        .build()
        .start()
        .await
        .unwrap();
    let e = op_rig(&real, |_| {}).client.periods().await.unwrap_err();
    assert_eq!(e, Error::Unsupported { endpoint: "periods" });
    let periods = op_rig(&ext, |_| {}).client.periods().await.expect("extended");
    assert!(!periods.is_empty());
}
