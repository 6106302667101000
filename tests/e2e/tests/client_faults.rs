//! Every fault class of the simulator and what the client does about it: which failures are
//! retried (and how long it waits, with one `ClientEvent::Retrying` per retry), which become
//! which error, and how writes are kept exactly-once without server idempotency (real
//! profile: a create whose answer was lost is `OutcomeUnknown`, never sent blind again) and
//! with it (extended profile: batches replayed under the same key).

mod client_support;

use client_support::*;
use emis_core::Error;
use emis_core::api::{CreateOutcome, ItemStatus, JobStatus, Pacing, QueueProgress, Registration, RegistrationState};
use emis_core::id::Nip;
use emis_core::pii::Sensitive;
use emis_core::transport::{Clock, TransportError};
use emis_sim::{Fault, FaultRule, Faults, RetryAfter, SimHandle, Simulator, codes};
use std::sync::Mutex;
use std::time::{Duration, Instant};

fn ms(v: &[u64]) -> Vec<Duration> {
    v.iter().map(|m| Duration::from_millis(*m)).collect()
}

fn interrupted(o: &Result<u16, TransportError>) -> bool {
    matches!(o, Err(TransportError::Interrupted(_)))
}

async fn real_with(seed: u64, rule: FaultRule) -> SimHandle {
    sim_real_with(seed, Faults::single(rule)).await
}

async fn ext_with(seed: u64, rule: FaultRule) -> SimHandle {
    sim_ext_with(seed, Faults::single(rule)).await
}

// ------------------------------------------------------------------ reads

#[tokio::test]
async fn reset_mid_body_on_a_get_is_retried() {
    let sim = real_with(
        41,
        FaultRule::new(Some("GET"), SANTRI_LIST, Fault::ResetMidBody { after_bytes: Some(300) }).nth(1),
    )
    .await;
    let r = op_rig(&sim, |_| {});
    let page = r.client.santri_page(1, 20).await.expect("retried");
    assert_eq!(page.items.len(), 20);
    let o = r.rec.outcomes(SANTRI_LIST);
    assert_eq!(o.len(), 2);
    assert!(interrupted(&o[0]), "{o:?}");
    assert_eq!(o[1], Ok(200));
    assert_eq!(r.rec.sleeps(), ms(&[10]));
    assert_eq!(r.client.traffic().requests, 3, "login + 2 attempts");
    assert_eq!(retries(&r.rec), vec![("santri_list", 1, 5, "transport".to_string())]);
}

#[tokio::test]
async fn reset_on_every_attempt_exhausts_the_retries() {
    let sim = real_with(
        42,
        FaultRule::new(Some("GET"), SANTRI_LIST, Fault::ResetMidBody { after_bytes: None }),
    )
    .await;
    let r = op_rig(&sim, |c| c.retry.max_attempts = 3);
    let e = r.client.santri_page(1, 20).await.unwrap_err();
    match &e {
        Error::RetriesExhausted { attempts: 3, last } => {
            assert!(matches!(**last, Error::Transport { .. }), "{last:?}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(e.root().code(), "transport");
    assert_eq!(seen(&sim, &format!("GET {SANTRI_LIST}")), 3);
    assert_eq!(retries(&r.rec).len(), 2, "one event per retry");
}

#[tokio::test]
async fn server_errors_are_retried_with_backoff() {
    let sim = real_with(43, FaultRule::new(Some("GET"), INFO, Fault::Status(503)).times(2)).await;
    let r = op_rig(&sim, |_| {});
    r.client
        .lembaga_info(&sim.demo_statistic_num())
        .await
        .expect("third attempt succeeds");
    assert_eq!(r.rec.outcomes(INFO), vec![Ok(503), Ok(503), Ok(200)]);
    // Exponential backoff (no jitter in these tests): 10 ms, 20 ms.
    assert_eq!(r.rec.sleeps(), ms(&[10, 20]));
    let ev = retries(&r.rec);
    assert_eq!(
        ev,
        vec![
            ("lembaga_info", 1, 5, "http_503".to_string()),
            ("lembaga_info", 2, 5, "http_503".to_string())
        ]
    );
}

#[tokio::test]
async fn persistent_500_and_503_exhaust_with_the_last_cause() {
    for status in [500u16, 503] {
        let sim = real_with(44, FaultRule::new(Some("GET"), INFO, Fault::Status(status))).await;
        let r = op_rig(&sim, |_| {});
        let e = r.client.lembaga_info(&sim.demo_statistic_num()).await.unwrap_err();
        let Error::RetriesExhausted { attempts, last } = &e else {
            panic!("{e:?}")
        };
        assert_eq!(*attempts, 5);
        match &**last {
            Error::Http {
                status: s, request_id, ..
            } => {
                assert_eq!(*s, status);
                assert!(request_id.as_deref().is_some_and(|id| id.starts_with("sim-")));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(e.status(), Some(status));
        assert!(e.to_string().contains(&status.to_string()), "{e}");
        assert_eq!(seen(&sim, &format!("GET {INFO}")), 5);
        // Backoff doubles up to the 50 ms cap.
        assert_eq!(r.rec.sleeps(), ms(&[10, 20, 40, 50]));
    }
}

#[tokio::test]
async fn retry_after_in_seconds_is_honoured() {
    let sim = real_with(
        45,
        FaultRule::new(
            Some("GET"),
            INFO,
            Fault::TooManyRequests {
                retry_after: RetryAfter::Seconds(3),
            },
        )
        .nth(1),
    )
    .await;
    let clock = emis_e2e::manual_clock();
    let start = clock.now_unix_ms();
    let r = rig(&sim, operator(&sim), Some(clock.clone()), |_| {});
    r.client
        .lembaga_info(&sim.demo_statistic_num())
        .await
        .expect("after the wait");
    assert_eq!(r.rec.outcomes(INFO), vec![Ok(429), Ok(200)]);
    // The server's 3 s, not the 10 ms backoff; and the time went by (on the manual clock).
    assert_eq!(r.rec.sleeps(), vec![Duration::from_secs(3)]);
    assert_eq!(clock.now_unix_ms() - start, 3000);
    assert_eq!(
        retries(&r.rec),
        vec![("lembaga_info", 1, 5, "rate_limited".to_string())]
    );
}

#[tokio::test]
async fn retry_after_as_an_http_date_is_honoured() {
    let sim = real_with(
        46,
        FaultRule::new(
            Some("GET"),
            INFO,
            Fault::TooManyRequests {
                retry_after: RetryAfter::HttpDate(5),
            },
        )
        .nth(1),
    )
    .await;
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock), |_| {});
    r.client
        .lembaga_info(&sim.demo_statistic_num())
        .await
        .expect("after the wait");
    let sleeps = r.rec.sleeps();
    assert_eq!(sleeps.len(), 1);
    // The date is 5 s after the server's clock, in whole seconds.
    assert!(
        (Duration::from_secs(5)..=Duration::from_secs(7)).contains(&sleeps[0]),
        "{sleeps:?}"
    );
}

#[tokio::test]
async fn a_429_without_retry_after_waits_the_minimum_delay() {
    // The real EMIS sends no Retry-After: wait `min_rate_limit_delay` (public clients: 5 s).
    let sim = real_with(
        47,
        FaultRule::new(
            Some("GET"),
            INFO,
            Fault::TooManyRequests {
                retry_after: RetryAfter::Absent,
            },
        )
        .times(2),
    )
    .await;
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock), |c| {
        c.retry.min_rate_limit_delay = Duration::from_secs(5)
    });
    r.client
        .lembaga_info(&sim.demo_statistic_num())
        .await
        .expect("third attempt");
    assert_eq!(r.rec.outcomes(INFO), vec![Ok(429), Ok(429), Ok(200)]);
    assert_eq!(r.rec.sleeps(), vec![Duration::from_secs(5); 2]);
}

#[tokio::test]
async fn rate_limits_exhaust_or_exceed_the_budget() {
    // Always 429 with 1 s: waits 1 s between attempts, then RetriesExhausted(RateLimited).
    let sim = real_with(
        48,
        FaultRule::new(
            Some("GET"),
            INFO,
            Fault::TooManyRequests {
                retry_after: RetryAfter::Seconds(1),
            },
        ),
    )
    .await;
    let stat = sim.demo_statistic_num();
    let r = rig(&sim, operator(&sim), Some(emis_e2e::manual_clock()), |c| {
        c.retry.max_attempts = 3
    });
    let e = r.client.lembaga_info(&stat).await.unwrap_err();
    assert!(
        matches!(&e, Error::RetriesExhausted { attempts: 3, last } if **last == Error::RateLimited { retry_after: Some(Duration::from_secs(1)) }),
        "{e:?}"
    );
    assert_eq!(e.status(), Some(429));
    assert_eq!(r.rec.sleeps(), vec![Duration::from_secs(1); 2]);

    // A Retry-After longer than the whole budget (10 s): no pointless retry before it.
    sim.set_faults(Faults::single(FaultRule::new(
        Some("GET"),
        INFO,
        Fault::TooManyRequests {
            retry_after: RetryAfter::Seconds(60),
        },
    )));
    let r = rig(&sim, operator(&sim), Some(emis_e2e::manual_clock()), |_| {});
    let e = r.client.lembaga_info(&stat).await.unwrap_err();
    assert_eq!(
        e,
        Error::RateLimited {
            retry_after: Some(Duration::from_secs(60))
        }
    );
    assert!(r.rec.sleeps().is_empty());
    assert_eq!(r.rec.sent_to(INFO).len(), 1);
}

#[tokio::test]
async fn a_delay_past_the_timeout_is_a_timeout_after_retries() {
    let sim = real_with(49, FaultRule::new(Some("GET"), INFO, Fault::Delay(2_000))).await;
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, |c| {
        c.timeout = Duration::from_millis(200);
        c.retry.max_attempts = 3;
    });
    let t0 = Instant::now();
    let e = r.client.lembaga_info(&stat).await.unwrap_err();
    let took = t0.elapsed();
    assert!(
        matches!(&e, Error::RetriesExhausted { attempts: 3, last } if **last == Error::Timeout(Duration::from_millis(200))),
        "{e:?}"
    );
    assert_eq!(e.root().code(), "timeout");
    assert!(
        took < Duration::from_secs(2),
        "bounded by the timeout, not the delay: {took:?}"
    );
    assert_eq!(r.rec.outcomes(INFO), vec![Err(TransportError::Timeout); 3]);

    // A single slow answer: the retry gets through.
    sim.set_faults(Faults::single(
        FaultRule::new(Some("GET"), INFO, Fault::Delay(2_000)).nth(1),
    ));
    r.client.lembaga_info(&stat).await.expect("second attempt");
}

#[tokio::test]
async fn a_hang_is_a_timeout_within_attempts_times_timeout() {
    let sim = real_with(50, FaultRule::new(Some("GET"), SANTRI_LIST, Fault::Hang)).await;
    let r = op_rig(&sim, |c| {
        c.timeout = Duration::from_millis(300);
        c.retry.max_attempts = 3;
    });
    r.client.login().await.unwrap();
    let t0 = Instant::now();
    let e = r.client.santri_page(1, 10).await.unwrap_err();
    let took = t0.elapsed();
    assert_eq!(e.root(), &Error::Timeout(Duration::from_millis(300)), "{e:?}");
    assert!(matches!(e, Error::RetriesExhausted { attempts: 3, .. }), "{e:?}");
    // 3 × 300 ms plus 10 + 20 ms of backoff, and some slack for a loaded machine.
    assert!(took >= Duration::from_millis(900), "{took:?}");
    assert!(took < Duration::from_millis(2_500), "{took:?}");
    assert_eq!(r.rec.outcomes(SANTRI_LIST), vec![Err(TransportError::Timeout); 3]);
    assert_eq!(
        retries(&r.rec),
        vec![
            ("santri_list", 1, 3, "timeout".to_string()),
            ("santri_list", 2, 3, "timeout".to_string())
        ]
    );
}

#[tokio::test]
async fn an_endless_body_is_stopped_at_the_size_limit() {
    let sim = real_with(51, FaultRule::new(Some("GET"), SANTRI_LIST, Fault::EndlessBody)).await;
    let r = op_rig(&sim, |c| c.max_response_bytes = 1 << 20);
    r.client.login().await.unwrap();
    let t0 = Instant::now();
    let e = r.client.santri_all(100).await.unwrap_err();
    let took = t0.elapsed();
    assert_eq!(e, Error::ResponseTooLarge { limit: 1 << 20 });
    assert_eq!(e.code(), "respons_terlalu_besar");
    assert!(took < Duration::from_secs(3), "{took:?}");
    // Not retried: another try would read another endless body.
    assert_eq!(
        r.rec.outcomes(SANTRI_LIST),
        vec![Err(TransportError::TooLarge(1 << 20))]
    );
    assert!(retries(&r.rec).is_empty());
    // The same client reads normally once the server behaves.
    sim.set_faults(Faults::none());
    assert!(!r.client.santri_all(100).await.expect("list").is_empty());
}

#[tokio::test]
async fn malformed_or_truncated_lists_are_read_again() {
    for fault in [Fault::MalformedJson, Fault::TruncatedJson] {
        // Once: the read is repeated (reads are safe to repeat) and succeeds.
        let sim = real_with(52, FaultRule::new(Some("GET"), SANTRI_LIST, fault.clone()).nth(1)).await;
        let r = op_rig(&sim, |_| {});
        let page = r.client.santri_page(1, 30).await.expect("read again");
        assert_eq!(page.items.len(), 30, "{fault:?}");
        assert_eq!(r.rec.outcomes(SANTRI_LIST), vec![Ok(200), Ok(200)], "{fault:?}");
        assert_eq!(retries(&r.rec).len(), 1, "{fault:?}");

        // Every time: a decode error with a JSON path, after the retries.
        sim.set_faults(Faults::single(FaultRule::new(Some("GET"), SANTRI_LIST, fault.clone())));
        let r = op_rig(&sim, |c| c.retry.max_attempts = 3);
        let e = r.client.santri_page(1, 30).await.unwrap_err();
        let Error::Decode { path, message } = e.root() else {
            panic!("{fault:?}: {e:?}")
        };
        assert!(!path.is_empty() && !message.is_empty(), "{e:?}");
        assert!(matches!(e, Error::RetriesExhausted { attempts: 3, .. }), "{e:?}");
        if fault == Fault::TruncatedJson {
            // Cut in the middle of the records: the path points into them.
            assert!(path.starts_with("results["), "{path}");
        }
        // Also on an object endpoint and on PINTAR's own shape (after the lookup ran).
        sim.set_faults(
            Faults::none()
                .with(FaultRule::new(Some("GET"), INFO, fault.clone()).nth(1))
                .with(
                    FaultRule::new(Some("POST"), CEK_NIP, fault.clone())
                        .nth(1)
                        .after_apply(),
                ),
        );
        r.client
            .lembaga_info(&sim.demo_statistic_num())
            .await
            .expect("info read again");
        let nip = sim.dataset().simpeg.keys().next().unwrap().clone();
        let found = r
            .client
            .simpeg_lookup(&Nip::parse(&nip).unwrap())
            .await
            .expect("cek_nip again");
        assert!(matches!(found, emis_core::api::SimpegLookup::Found(_)));
        assert_eq!(r.rec.outcomes(CEK_NIP), vec![Ok(200), Ok(200)]);
    }
}

// ------------------------------------------------------------------ writes: the real single create

fn fresh_one(sim: &SimHandle) -> emis_sim::datagen::SimSantri {
    sim.new_santri(&sim.demo_statistic_num(), 1).remove(0)
}

async fn create(r: &Rig, sim: &SimHandle, s: &emis_sim::datagen::SimSantri) -> emis_core::error::Result<CreateOutcome> {
    r.client
        .create_santri(&santri_of(s), Some(active_year(sim)), Some("2026-07-15"))
        .await
}

#[tokio::test]
async fn a_create_whose_answer_is_lost_is_outcome_unknown_and_never_resent() {
    // (fault, applied on the server?)
    let cases = [
        (Fault::ResetMidBody { after_bytes: Some(0) }, true),
        (Fault::ResetMidBody { after_bytes: None }, true),
        (Fault::Status(503), true),
        (Fault::Delay(2_000), true),
        // Cut before the controller ran (the server answered a broken 502): the client cannot
        // tell, so it is unknown too; the sync looks it up before anything is sent again.
        (Fault::ResetMidBody { after_bytes: None }, false),
    ];
    for (fault, applied) in cases {
        let mut rule = FaultRule::new(Some("POST"), CREATE, fault.clone()).nth(1);
        if applied {
            rule = rule.after_apply();
        }
        let sim = real_with(53, rule).await;
        let stat = sim.demo_statistic_num();
        let r = op_rig(&sim, |c| c.timeout = Duration::from_millis(500));
        let s = fresh_one(&sim);
        let e = create(&r, &sim, &s).await.unwrap_err();
        let Error::OutcomeUnknown { last } = &e else {
            panic!("{fault:?}: {e:?}")
        };
        assert_eq!(e.code(), "outcome_unknown");
        assert!(!matches!(**last, Error::OutcomeUnknown { .. }));
        assert_eq!(r.rec.sent_to(CREATE).len(), 1, "{fault:?}: never sent blind again");
        assert!(r.rec.sleeps().is_empty() && retries(&r.rec).is_empty(), "{fault:?}");
        let want = if applied { (1, 1) } else { (0, 0) };
        assert_eq!(held(&sim, &stat, &s.nik), want, "{fault:?}");
    }
}

#[tokio::test]
async fn a_broken_2xx_answer_to_a_create_still_means_applied() {
    for fault in [Fault::MalformedJson, Fault::TruncatedJson] {
        let sim = real_with(
            54,
            FaultRule::new(Some("POST"), CREATE, fault.clone()).nth(1).after_apply(),
        )
        .await;
        let stat = sim.demo_statistic_num();
        let r = op_rig(&sim, |_| {});
        let s = fresh_one(&sim);
        let out = create(&r, &sim, &s).await.expect("applied");
        assert_eq!(out, CreateOutcome::Applied { id: None }, "{fault:?}: no readable id");
        assert_eq!(r.rec.outcomes(CREATE), vec![Ok(200)]);
        assert_eq!(held(&sim, &stat, &s.nik), (1, 1));
    }
}

#[tokio::test]
async fn a_create_answered_429_without_retry_after_is_retried_after_the_minimum() {
    let sim = real_with(
        55,
        FaultRule::new(
            Some("POST"),
            CREATE,
            Fault::TooManyRequests {
                retry_after: RetryAfter::Absent,
            },
        )
        .nth(1),
    )
    .await;
    let stat = sim.demo_statistic_num();
    let r = rig(&sim, operator(&sim), Some(emis_e2e::manual_clock()), |c| {
        c.retry.min_rate_limit_delay = Duration::from_secs(5)
    });
    let s = fresh_one(&sim);
    let out = create(&r, &sim, &s).await.expect("retried");
    assert!(matches!(out, CreateOutcome::Applied { id: Some(_) }), "{out:?}");
    // A 429 proves nothing was applied: sending again is safe.
    assert_eq!(r.rec.outcomes(CREATE), vec![Ok(429), Ok(200)]);
    assert_eq!(r.rec.sleeps(), vec![Duration::from_secs(5)]);
    assert_eq!(
        retries(&r.rec),
        vec![("santri_create", 1, 5, "rate_limited".to_string())]
    );
    assert_eq!(held(&sim, &stat, &s.nik), (1, 1));
}

#[tokio::test]
async fn the_servers_write_window_answers_429_and_the_retry_gets_through() {
    // The real window (300 ms here) and a client that does not pace: the second create comes
    // too soon, is refused with a bare 429, waits the minimum and is applied once.
    let sim = Simulator::builder()
        .seed(56)
        .write_window_ms(300)
        .build()
        .start()
        .await
        .unwrap();
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, |c| c.retry.min_rate_limit_delay = Duration::from_millis(400));
    let two = sim.new_santri(&stat, 2);
    for s in &two {
        let out = create(&r, &sim, s).await.expect("created");
        assert!(matches!(out, CreateOutcome::Applied { .. }), "{out:?}");
    }
    assert_eq!(r.rec.outcomes(CREATE), vec![Ok(200), Ok(429), Ok(200)]);
    assert!(r.rec.sleeps().iter().all(|d| *d >= Duration::from_millis(400)));
    for s in &two {
        assert_eq!(held(&sim, &stat, &s.nik), (1, 1));
    }
}

/// `n` creates paced at `interval_ms` against a server window of `window_ms` (real clock):
/// the outcomes of the creates and the time they took.
async fn paced_creates(
    seed: u64,
    window_ms: u64,
    interval_ms: u64,
    n: usize,
) -> (Vec<Result<u16, TransportError>>, Duration) {
    let sim = Simulator::builder()
        .seed(seed)
        .write_window_ms(window_ms)
        .build()
        .start()
        .await
        .unwrap();
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, |c| {
        c.pacing = Pacing {
            write_interval: Duration::from_millis(interval_ms),
            read_interval: Duration::ZERO,
        };
        c.retry.min_rate_limit_delay = Duration::from_millis(250);
    });
    r.client.login().await.unwrap();
    let fresh = sim.new_santri(&stat, n);
    let t0 = Instant::now();
    for s in &fresh {
        let out = create(&r, &sim, s).await.expect("created");
        assert!(matches!(out, CreateOutcome::Applied { .. }), "{out:?}");
    }
    let took = t0.elapsed();
    for s in &fresh {
        assert_eq!(held(&sim, &stat, &s.nik), (1, 1));
    }
    (r.rec.outcomes(CREATE), took)
}

#[tokio::test]
async fn pacing_spaces_creates_and_without_it_the_window_answers_429() {
    const N: usize = 5;
    // Paced a little wider than the server's window: no 429, at least (N-1) intervals.
    let (outcomes, took) = paced_creates(57, 200, 220, N).await;
    assert_eq!(outcomes, vec![Ok(200); N], "no 429 at the client's pace");
    assert!(took >= Duration::from_millis(220 * (N as u64 - 1)), "{took:?}");
    // The same creates without pacing meet the window (the assertion above can fail).
    let (outcomes, _) = paced_creates(58, 200, 0, 3).await;
    assert!(outcomes.contains(&Ok(429)), "{outcomes:?}");
}

/// The client's interval equal to the server's window: the pacer counts a write's interval
/// from its answer, so the server never sees two writes closer than the window (counted
/// from the starts, 1-2 of 5 creates met a 429 here).
#[tokio::test]
async fn pacing_at_exactly_the_servers_window_gets_no_429() {
    const N: usize = 5;
    let (outcomes, took) = paced_creates(59, 200, 200, N).await;
    assert_eq!(outcomes, vec![Ok(200); N], "no 429 at the client's pace");
    assert!(took >= Duration::from_millis(200 * (N as u64 - 1)), "{took:?}");
}

// ------------------------------------------------------------------ writes: extended batches

async fn batch_applied_once(seed: u64, rule: FaultRule, tune: impl FnOnce(&mut emis_core::api::EmisConfig)) {
    let sim = ext_with(seed, rule).await;
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, tune);
    let fresh = sim.new_santri(&stat, 3);
    let changes: Vec<_> = fresh.iter().map(create_change).collect();
    let before = total_santri(&sim, &stat);
    let key = format!("e2e-once-{seed}");
    let res = r.client.submit_santri_batch(&changes, &key).await.expect("retried");
    assert!(res.iter().all(|x| x.status == ItemStatus::Applied), "{res:?}");
    // Applied exactly once, and the answer is the first one (its ids exist on the server).
    assert_eq!(total_santri(&sim, &stat), before + 3);
    let idem = &sim.state().idempotency[&key];
    assert_eq!((idem.applied, idem.replays, idem.mismatches), (1, 1, 0));
    let ids: Vec<String> = sim
        .santri_records(&stat)
        .iter()
        .map(|x| x["id"].as_str().unwrap().to_string())
        .collect();
    assert!(res.iter().all(|x| ids.contains(x.id.as_ref().unwrap())));
    // Two attempts with the same key.
    let attempts = r.rec.sent_to(SANTRI_BATCH);
    assert_eq!(attempts.len(), 2, "{attempts:?}");
    assert!(
        attempts
            .iter()
            .all(|a| a.idempotency_key.as_deref() == Some(key.as_str()))
    );
    assert_eq!(attempts[1].outcome, Ok(200));
}

#[tokio::test]
async fn a_batch_reset_after_apply_is_applied_exactly_once() {
    batch_applied_once(
        60,
        FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::ResetMidBody { after_bytes: None })
            .nth(1)
            .after_apply(),
        |_| {},
    )
    .await;
}

#[tokio::test]
async fn a_batch_answered_503_after_apply_is_applied_exactly_once() {
    batch_applied_once(
        61,
        FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::Status(503))
            .nth(1)
            .after_apply(),
        |_| {},
    )
    .await;
}

#[tokio::test]
async fn a_batch_timing_out_after_apply_is_applied_exactly_once() {
    batch_applied_once(
        62,
        FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::Delay(2_000))
            .nth(1)
            .after_apply(),
        |c| c.timeout = Duration::from_millis(300),
    )
    .await;
}

#[tokio::test]
async fn a_batch_with_a_broken_answer_after_apply_is_replayed_under_its_key() {
    for (seed, fault) in [(63, Fault::MalformedJson), (64, Fault::TruncatedJson)] {
        batch_applied_once(
            seed,
            FaultRule::new(Some("POST"), SANTRI_BATCH, fault).nth(1).after_apply(),
            |_| {},
        )
        .await;
    }
}

#[tokio::test]
async fn a_batch_reset_before_apply_is_applied_by_the_retry() {
    let sim = ext_with(
        65,
        FaultRule::new(Some("POST"), GTK_BATCH, Fault::ResetMidBody { after_bytes: None }).nth(1),
    )
    .await;
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, |_| {});
    let nik = sim.new_santri(&stat, 1)[0].nik.clone();
    let before = sim.state().lembaga[&stat].gtk_total;
    let res = r
        .client
        .submit_gtk_batch(&[create_gtk(&nik, "UMAR FARUQ", None)], "e2e-gtk-reset")
        .await
        .expect("retried");
    assert_eq!(res[0].status, ItemStatus::Applied);
    assert_eq!(sim.state().lembaga[&stat].gtk_total, before + 1);
    let idem = &sim.state().idempotency["e2e-gtk-reset"];
    assert_eq!(
        (idem.applied, idem.replays),
        (1, 0),
        "the first attempt changed nothing"
    );
    let o = r.rec.outcomes(GTK_BATCH);
    assert!(o.len() == 2 && o[1] == Ok(200), "{o:?}");
}

#[tokio::test]
async fn partial_batch_rejection_gives_per_item_results() {
    let sim = ext_with(
        66,
        FaultRule::new(
            Some("POST"),
            SANTRI_BATCH,
            Fault::PartialBatchRejection {
                every_nth_item: 2,
                code: None,
            },
        )
        .nth(1),
    )
    .await;
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, |_| {});
    let changes: Vec<_> = sim.new_santri(&stat, 5).iter().map(create_change).collect();
    let before = total_santri(&sim, &stat);
    let res = r.client.submit_santri_batch(&changes, "e2e-partial-1").await.unwrap();
    let statuses: Vec<ItemStatus> = res.iter().map(|x| x.status).collect();
    use ItemStatus::{Applied, Rejected};
    assert_eq!(statuses, vec![Applied, Rejected, Applied, Rejected, Applied]);
    for x in res.iter().filter(|x| x.status == Rejected) {
        assert_eq!(x.code.as_deref(), Some(codes::DITOLAK_SEMENTARA));
        assert!(x.message.is_some());
    }
    assert_eq!(total_santri(&sim, &stat), before + 3);
    // The rejected items, resent as a new batch (new key), go through.
    let retry: Vec<_> = res
        .iter()
        .filter(|x| x.status == Rejected)
        .map(|x| changes[x.index].clone())
        .collect();
    let res = r.client.submit_santri_batch(&retry, "e2e-partial-2").await.unwrap();
    assert!(res.iter().all(|x| x.status == Applied));
    assert_eq!(total_santri(&sim, &stat), before + 5);
}

#[tokio::test]
async fn a_sync_job_start_retried_after_apply_creates_one_job() {
    let sim = ext_with(
        67,
        FaultRule::new(Some("POST"), "/v1/sync-jobs", Fault::ResetMidBody { after_bytes: None })
            .nth(1)
            .after_apply(),
    )
    .await;
    let r = op_rig(&sim, |_| {});
    let job = r.client.start_sync_job("all", "e2e-job-once").await.expect("job");
    assert_eq!(job.status, JobStatus::Queued);
    assert_eq!(sim.state().jobs, 1);
    assert_eq!(sim.state().idempotency["e2e-job-once"].replays, 1);
}

#[tokio::test]
async fn a_long_queue_is_waited_out_or_bounded() {
    let sim = ext_with(68, FaultRule::new(None, "/v1/sync-jobs", Fault::QueueLength(40)).nth(1)).await;
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock.clone()), |_| {});
    let job = r.client.start_sync_job("gtk", "e2e-long-1").await.unwrap();
    assert_eq!(job.queue_position, Some(40));
    let positions = Mutex::new(Vec::new());
    let done = r
        .client
        .wait_sync_job(&job.job_id, &|p: &QueueProgress| {
            positions.lock().unwrap().push(p.queue_position.unwrap())
        })
        .await
        .unwrap();
    assert_eq!(done.status, JobStatus::Done);
    let positions = positions.into_inner().unwrap();
    let mut expected: Vec<u64> = (0..40).rev().collect();
    expected.push(0);
    assert_eq!(positions, expected);
    // Waits follow the estimate but never more than 30 s at a time.
    assert!(r.rec.sleeps().iter().all(|d| *d <= Duration::from_secs(30)));
    assert_eq!(r.rec.sleeps()[0], Duration::from_secs(30));

    // The same queue with a 2-minute limit: Timeout, not an endless wait.
    sim.set_faults(Faults::single(
        FaultRule::new(None, "/v1/sync-jobs", Fault::QueueLength(40)).nth(1),
    ));
    let r = rig(&sim, operator(&sim), Some(emis_e2e::manual_clock()), |c| {
        c.max_queue_wait = Duration::from_secs(120)
    });
    let job = r.client.start_sync_job("gtk", "e2e-long-2").await.unwrap();
    let e = r.client.wait_sync_job(&job.job_id, &|_| {}).await.unwrap_err();
    assert_eq!(e, Error::Timeout(Duration::from_secs(120)));
    assert_eq!(r.rec.sleeps().len(), 4);
}

fn registration(sim: &SimHandle) -> Registration {
    let l = sim.dataset().lembaga[1].clone();
    Registration {
        full_name: "Operator Baru".into(),
        email: "baru@emis-sim.test".into(),
        phone: "081234567890".into(),
        nik: Sensitive::new(sim.new_santri(&l.statistic_num, 1)[0].nik.clone()),
        kind: l.kind,
        sk_number: "SK-9/2026".into(),
        statistic_num: Some(l.statistic_num),
        npsn: None,
        surat_tugas: ("st.pdf".into(), "application/pdf".into(), b"%PDF-1.4".to_vec()),
    }
}

#[tokio::test]
async fn batches_need_a_key_and_keyless_writes_are_never_retried() {
    let sim = sim_ext(69).await;
    let stat = sim.demo_statistic_num();
    let r = op_rig(&sim, |_| {});
    let changes = vec![create_change(&sim.new_santri(&stat, 1)[0])];
    for key in ["", "   "] {
        let e = r.client.submit_santri_batch(&changes, key).await.unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
        let e = r.client.submit_gtk_batch(&changes, key).await.unwrap_err();
        assert!(matches!(e, Error::Config(_)), "{e:?}");
    }
    assert!(r.rec.sent().is_empty(), "nothing sent, not even a login");
    assert_eq!(sim.state().keyless_writes, 0);

    // A registration has no key: a 503 may have been applied, so its outcome is unknown and
    // it is not sent again.
    sim.set_faults(Faults::single(
        FaultRule::new(Some("POST"), "/v1/accounts/registrations", Fault::Status(503)).nth(1),
    ));
    let reg = registration(&sim);
    let e = r.client.register(&reg).await.unwrap_err();
    assert_eq!(e.status(), Some(503));
    assert!(matches!(e, Error::OutcomeUnknown { .. }), "{e:?}");
    assert_eq!(seen(&sim, "POST /v1/accounts/registrations"), 1);
    assert!(sim.state().registrations.is_empty());
    // Reset after the server took it: still not retried (a retry would register twice).
    sim.set_faults(Faults::single(
        FaultRule::new(
            Some("POST"),
            "/v1/accounts/registrations",
            Fault::ResetMidBody { after_bytes: None },
        )
        .nth(1)
        .after_apply(),
    ));
    let e = r.client.register(&reg).await.unwrap_err();
    assert!(
        matches!(&e, Error::OutcomeUnknown { last } if matches!(**last, Error::Transport { .. })),
        "{e:?}"
    );
    assert_eq!(seen(&sim, "POST /v1/accounts/registrations"), 2);
    assert_eq!(sim.state().registrations.len(), 1);
    assert!(r.rec.sleeps().is_empty());
}

#[tokio::test]
async fn long_registration_queue_and_connection_refused() {
    let sim = ext_with(
        70,
        FaultRule::new(Some("POST"), "/v1/accounts/registrations", Fault::QueueLength(12)),
    )
    .await;
    let r = op_rig(&sim, |_| {});
    let st = r.client.register(&registration(&sim)).await.unwrap();
    assert_eq!(st.queue_position, Some(12));
    let positions = Mutex::new(Vec::new());
    let done = r
        .client
        .wait_registration(&st.registration_id, &|p: &QueueProgress| {
            positions.lock().unwrap().push(p.queue_position.unwrap())
        })
        .await
        .unwrap();
    assert_eq!(done.status, RegistrationState::Approved);
    let positions = positions.into_inner().unwrap();
    assert_eq!(positions, (0..12).rev().collect::<Vec<u64>>());

    // Nobody listening: connect errors are transient, retried, then reported.
    let port = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let r = op_rig(&sim, |c| {
        c.base_url = url::Url::parse(&format!("http://127.0.0.1:{port}")).unwrap();
        c.retry.max_attempts = 2;
    });
    let e = r.client.lembaga_info(&sim.demo_statistic_num()).await.unwrap_err();
    assert!(
        matches!(&e, Error::RetriesExhausted { attempts: 2, last } if matches!(**last, Error::Transport { .. })),
        "{e:?}"
    );
    assert!(matches!(r.rec.sent()[0].outcome, Err(TransportError::Connect(_))));
}

// ------------------------------------------------------------------ auth requests and SIMPEG

#[tokio::test]
async fn login_and_simpeg_lookups_survive_transient_faults() {
    // Logging in and looking a NIP up change nothing on the server: a lost answer or a 503
    // is retried like a GET (no idempotency key needed).
    let sim = Simulator::builder()
        .seed(71)
        .faults(
            Faults::none()
                .with(FaultRule::new(Some("POST"), LOGIN, Fault::ResetMidBody { after_bytes: None }).nth(1))
                .with(FaultRule::new(Some("POST"), LOGIN, Fault::Status(503)).nth(2))
                .with(FaultRule::new(Some("POST"), CEK_NIP, Fault::Status(503)).nth(1))
                .with(
                    FaultRule::new(
                        Some("POST"),
                        CEK_NIP,
                        Fault::TooManyRequests {
                            retry_after: RetryAfter::Seconds(1),
                        },
                    )
                    .nth(2),
                ),
        )
        .build()
        .start()
        .await
        .unwrap();
    let r = rig(&sim, operator(&sim), Some(emis_e2e::manual_clock()), |_| {});
    r.client
        .lembaga_info(&sim.demo_statistic_num())
        .await
        .expect("login retried");
    let o = r.rec.outcomes(LOGIN);
    assert!(interrupted(&o[0]) && o[1] == Ok(503) && o[2] == Ok(200), "{o:?}");
    let nip = sim.dataset().simpeg.keys().next().unwrap().clone();
    let client = r
        .client
        .with_simpeg_sessions(None, Some(emis_core::api::Secret::new(sim.pintar_token())));
    let found = client
        .simpeg_lookup(&Nip::parse(&nip).unwrap())
        .await
        .expect("lookup retried");
    assert!(matches!(found, emis_core::api::SimpegLookup::Found(_)));
    assert_eq!(r.rec.outcomes(CEK_NIP), vec![Ok(503), Ok(429), Ok(200)]);
}
