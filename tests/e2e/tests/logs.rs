//! Every log line of a fault-heavy session, captured at TRACE level for all targets, holds no
//! password, private key, token (EMIS, pasted, PINTAR), EMIS GTK cookie, NIK, No. KK or NIP;
//! neither do the clients' `Debug`, the create outcomes, nor any error returned (`Display`
//! and `Debug`).
//!
//! The simulator runs in the same process, so its events are captured too. Only `tracing`
//! events are captured: crates that log through the `log` facade (reqwest) are not bridged.

mod client_support;

use client_support::*;
use emis_core::Error;
use emis_core::api::{CreateOutcome, Credentials, EmisClient, Secret, SimpegLookup, WriteRefusal};
use emis_core::id::{IdKind, Nip};
use emis_sim::datagen::{RecordStatus, SimSantri};
use emis_sim::{Fault, FaultRule, Faults, RetryAfter, SessionShape, SimHandle, Simulator};
use std::io::Write;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

/// The shared buffer every event is written to.
fn captured() -> &'static Arc<Mutex<Vec<u8>>> {
    static BUF: OnceLock<Arc<Mutex<Vec<u8>>>> = OnceLock::new();
    BUF.get_or_init(|| {
        let buf = Arc::new(Mutex::new(Vec::new()));
        let sink = buf.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .with_ansi(false)
            .with_target(true)
            .with_writer(move || Sink(sink.clone()))
            .finish();
        tracing::subscriber::set_global_default(subscriber).expect("one subscriber per test binary");
        buf
    })
}

struct Sink(Arc<Mutex<Vec<u8>>>);

impl Write for Sink {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(b);
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Everything the logs and errors must never show.
#[derive(Default)]
struct Secrets(Vec<(String, &'static str)>);

impl Secrets {
    fn add(&mut self, value: &str, what: &'static str) {
        let v = value.trim();
        if !v.is_empty() && !self.0.iter().any(|(x, _)| x == v) {
            self.0.push((v.to_string(), what));
        }
    }
    fn add_json_ids(&mut self, rec: &serde_json::Value) {
        for (k, what) in [("nik", "NIK"), ("kk_num", "No. KK"), ("nip", "NIP"), ("nisn", "NISN")] {
            if let Some(v) = rec.get(k).and_then(|v| v.as_str()) {
                self.add(v, what);
            }
        }
        if let Some(p) = rec.get("parents") {
            for k in ["father_nik", "mother_nik", "wali_nik"] {
                if let Some(v) = p.get(k).and_then(|v| v.as_str()) {
                    self.add(v, "parent NIK");
                }
            }
        }
    }
    fn add_santri(&mut self, s: &SimSantri) {
        self.add(&s.nik, "NIK");
        self.add(&s.kk_num, "No. KK");
        for n in [&s.father_nik, &s.mother_nik].into_iter().flatten() {
            self.add(n, "parent NIK");
        }
    }
    /// A cookie session: the whole header and each value.
    fn add_cookie(&mut self, cookie: &str) {
        self.add(cookie, "EMIS GTK cookie");
        for kv in cookie.split(';') {
            if let Some((_, v)) = kv.split_once('=') {
                self.add(v, "EMIS GTK cookie value");
            }
        }
    }
    /// Panics with the first leak found in `text`.
    fn assert_absent(&self, text: &str, place: &str) {
        for (s, what) in &self.0 {
            assert!(!text.contains(s.as_str()), "{what} leaked into {place}");
        }
        // "Bearer " followed by a token (the session-expired hint names the header, quoted).
        for (i, _) in text.match_indices("Bearer ") {
            let next = text[i + 7..].chars().next();
            assert!(
                !next.is_some_and(|c| c.is_ascii_alphanumeric()),
                "a bearer header leaked into {place}"
            );
        }
        assert!(!text.contains("eyJ"), "a JWT leaked into {place}");
        assert!(!text.contains("sim-FAKE"), "a password leaked into {place}");
        assert!(!text.contains("pintar-sim-"), "a PINTAR token leaked into {place}");
        assert!(!text.contains("emisSSO="), "an EMIS GTK cookie leaked into {place}");
        // No 16+ digit number at all (NIK and No. KK are 16 digits, NIP 18), known or not.
        // (The digits of a decimal fraction, like a similarity of 0.9732999999999999, are not
        // an identifier.)
        let mut run = 0;
        let mut fraction = false;
        let mut prev = (' ', ' ');
        for c in text.chars() {
            if c.is_ascii_digit() {
                if run == 0 {
                    fraction = prev.1 == '.' && prev.0.is_ascii_digit();
                }
                run += 1;
            } else {
                run = 0;
            }
            assert!(run < 16 || fraction, "a 16+ digit number leaked into {place}");
            prev = (prev.1, c);
        }
    }
}

fn faults() -> Faults {
    Faults::none()
        .with(FaultRule::new(Some("POST"), LOGIN, Fault::Status(503)).nth(1))
        .with(FaultRule::new(Some("POST"), LOGIN, Fault::ResetMidBody { after_bytes: Some(40) }).nth(2))
        .with(FaultRule::new(Some("GET"), INFO, Fault::TruncatedJson).nth(1))
        .with(FaultRule::new(Some("GET"), INFO, Fault::ExpireToken).nth(2))
        .with(FaultRule::new(Some("GET"), SANTRI_LIST, Fault::ResetMidBody { after_bytes: Some(900) }).nth(1))
        .with(
            FaultRule::new(
                Some("GET"),
                SANTRI_LIST,
                Fault::TooManyRequests {
                    retry_after: RetryAfter::Absent,
                },
            )
            .nth(3),
        )
        .with(
            FaultRule::new(
                Some("GET"),
                SANTRI_LIST,
                Fault::ExpireSession {
                    shape: SessionShape::Html,
                },
            )
            .nth(5),
        )
        .with(FaultRule::new(Some("GET"), GTK_LIST, Fault::Status(500)).nth(1))
        .with(FaultRule::new(Some("GET"), SANTRI_DETAIL, Fault::MalformedJson))
        .with(FaultRule::new(Some("GET"), SEARCH, Fault::ResetMidBody { after_bytes: None }).nth(1))
        .with(
            FaultRule::new(Some("POST"), CREATE, Fault::ResetMidBody { after_bytes: Some(0) })
                .nth(1)
                .after_apply(),
        )
        .with(
            FaultRule::new(Some("POST"), CREATE, Fault::Status(500))
                .nth(3)
                .after_apply(),
        )
        .with(FaultRule::new(Some("POST"), CEK_NIP, Fault::Status(503)).nth(1))
        .with(FaultRule::new(Some("POST"), CEK_NIP, Fault::ResetMidBody { after_bytes: Some(30) }).nth(2))
        .with(
            FaultRule::new(
                Some("GET"),
                PREVIEW,
                Fault::ExpireSession {
                    shape: SessionShape::Redirect,
                },
            )
            .nth(3),
        )
}

fn must_fail<T: std::fmt::Debug>(r: emis_core::error::Result<T>, errors: &mut Vec<Error>) {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => errors.push(e),
    }
}

/// What the session produced besides errors: create outcomes and SIMPEG answers (their
/// `Debug` is checked too).
#[derive(Default)]
struct Shown(Vec<String>);

async fn session(
    sim: &SimHandle,
    client: &EmisClient,
    secrets: &mut Secrets,
    errors: &mut Vec<Error>,
    shown: &mut Shown,
) {
    let stat = sim.demo_statistic_num();
    let ds = sim.dataset();
    let year = active_year(sim);
    // Pulls: login retried, a truncated answer read again, a 401 re-login, resets, a bare
    // 429, a 500, a session ended as an HTML page.
    client.lembaga_info(&stat).await.expect("info");
    client.lembaga_info(&stat).await.expect("info after a 401");
    let santri = client.santri_all(25).await.expect("santri_all");
    assert!(!santri.is_empty());
    let gtk = client.gtk_all(&stat, 3).await.expect("gtk_all");
    for g in &gtk {
        if let Some(n) = &g.nik {
            secrets.add(n.expose(), "GTK NIK");
        }
    }
    must_fail(client.lembaga_info(&ds.lembaga[1].statistic_num).await, errors);
    must_fail(client.periods().await, errors);
    let s = ds.santri_of(&stat).next().unwrap().clone();
    must_fail(client.santri_detail(&s.id).await, errors);
    // The search URL carries a name and a birth date; the first attempt is reset.
    let hits = client
        .santri_search(&s.full_name, Some(s.birth_date), Some(&s.birth_place))
        .await
        .expect("search retried");
    // (The hits are the server's JSON as received: the caller's data, not emis's output.)
    assert!(!hits.is_empty());
    must_fail(client.santri_search(" ", None, None).await, errors);
    secrets.add(&s.full_name, "santri name");
    let encoded: String = url::form_urlencoded::byte_serialize(s.full_name.as_bytes()).collect();
    secrets.add(&encoded, "santri name (URL-encoded)");
    secrets.add(&s.birth_date.to_string(), "santri birth date");

    // Creates with NIKs: reset after apply, applied, a 500 after apply, data ganda, already
    // here, an invalid NIK.
    let fresh = sim.new_santri(&stat, 3);
    for f in &fresh {
        secrets.add_santri(f);
    }
    let create = |x: &SimSantri| {
        let c = client.clone();
        let r = santri_of(x);
        async move { c.create_santri(&r, Some(year), Some("2026-07-15")).await }
    };
    must_fail(create(&fresh[0]).await, errors);
    shown.0.push(format!("{:?}", create(&fresh[1]).await.expect("created")));
    must_fail(create(&fresh[2]).await, errors);
    let elsewhere = ds
        .santri_of(&ds.lembaga[1].statistic_num)
        .find(|x| x.status == RecordStatus::Aktif)
        .unwrap()
        .clone();
    secrets.add_santri(&elsewhere);
    let ganda = create(&elsewhere).await.expect("refused");
    assert!(
        matches!(
            &ganda,
            CreateOutcome::Refused {
                kind: WriteRefusal::ActiveElsewhere,
                ..
            }
        ),
        "{ganda:?}"
    );
    let again = create(&fresh[1]).await.expect("refused");
    assert!(
        matches!(
            &again,
            CreateOutcome::Refused {
                kind: WriteRefusal::AlreadyHere,
                ..
            }
        ),
        "{again:?}"
    );
    let mut bad = santri_of(&fresh[2]);
    bad.nik = Some("351701000000000".into());
    secrets.add("351701000000000", "invalid NIK");
    let invalid = client.create_santri(&bad, Some(year), None).await.expect("refused");
    assert!(
        matches!(
            &invalid,
            CreateOutcome::Refused {
                kind: WriteRefusal::Rejected,
                ..
            }
        ),
        "{invalid:?}"
    );
    shown
        .0
        .extend([format!("{ganda:?}"), format!("{again:?}"), format!("{invalid:?}")]);

    // SIMPEG: PINTAR by NIP (a 503 and a reset first; an unknown NIP), the EMIS GTK preview
    // with a cookie session that is revoked on the third call.
    let nips: Vec<String> = ds.simpeg.keys().cloned().collect();
    let pintar = sim.pintar_token();
    let cookie = sim.gtk_cookie();
    secrets.add(&pintar, "PINTAR token");
    secrets.add_cookie(&cookie);
    let simpeg = client
        .clone()
        .with_simpeg_sessions(Some(Secret::new(cookie)), Some(Secret::new(pintar)));
    let nip = Nip::parse(&nips[1]).unwrap();
    let found = simpeg.simpeg_lookup(&nip).await.expect("simpeg");
    assert!(matches!(found, SimpegLookup::Found(_)));
    shown.0.push(format!("{found:?}"));
    let unknown = (1..999)
        .map(|n| format!("{}{n:03}", &nips[1][..15]))
        .find(|c| emis_core::id::is_valid(IdKind::Nip, c) && !ds.simpeg.contains_key(c))
        .unwrap();
    secrets.add(&unknown, "unknown NIP");
    // (NotFound, or an error while `a_not_found_404_is_not_a_missing_route` fails.)
    let nf = simpeg.simpeg_lookup(&Nip::parse(&unknown).unwrap()).await;
    shown.0.push(format!("{nf:?}"));
    for n in &nips[..2] {
        let p = simpeg.simpeg_preview(&Nip::parse(n).unwrap()).await.expect("preview");
        shown.0.push(format!("{p:?}"));
    }
    must_fail(simpeg.simpeg_preview(&nip).await, errors);
    must_fail(client.simpeg_preview(&nip).await, errors);
    shown.0.push(format!("{simpeg:?}"));
}

#[tokio::test]
async fn no_secret_or_identifier_in_logs_debug_or_errors() {
    let buf = captured();
    let sim = Simulator::builder()
        .seed(71)
        .write_window_ms(0)
        .faults(faults())
        .build()
        .start()
        .await
        .unwrap();
    let stat = sim.demo_statistic_num();
    let ds = sim.dataset();
    let mut secrets = Secrets::default();
    let op = sim.operator_credentials(&stat).unwrap();
    secrets.add(&op.password, "operator password");
    secrets.add(&op.nik, "operator NIK");
    secrets.add(&sim.partner_credentials().private_key, "partner private key");
    for s in &ds.santri {
        secrets.add_santri(s);
    }
    for l in &ds.lembaga {
        for r in sim.santri_records(&l.statistic_num) {
            secrets.add_json_ids(&r);
        }
    }
    for r in sim.gtk_records(&stat) {
        secrets.add_json_ids(&r);
    }
    for nip in ds.simpeg.keys() {
        secrets.add(nip, "NIP");
    }

    let mut errors = Vec::new();
    let mut shown = Shown::default();
    let clock = emis_e2e::manual_clock();
    // The operator logs in with the NIK ("Email/NIK").
    let r = rig(&sim, operator_by_nik(&sim), Some(clock), |c| c.retry.max_attempts = 3);
    session(&sim, &r.client, &mut secrets, &mut errors, &mut shown).await;

    // A partner session, a wrong password, a pasted token whose session ends, a timeout.
    sim.set_faults(Faults::none());
    let p = rig(&sim, partner(&sim), None, |_| {});
    p.client.gtk_all(&stat, 50).await.expect("partner");
    let bad = Credentials::Operator {
        email: op.email.clone(),
        password: Secret::new("sim-FAKE-wrong-password"),
    };
    let b = rig(&sim, bad, None, |_| {});
    must_fail(b.client.lembaga_info(&stat).await, &mut errors);
    let t = rig(&sim, pasted(&sim, 3600), None, |_| {});
    t.client.lembaga_info(&stat).await.expect("pasted token");
    sim.set_faults(Faults::single(FaultRule::new(
        Some("GET"),
        SANTRI_LIST,
        Fault::ExpireSession {
            shape: SessionShape::PageExpired,
        },
    )));
    must_fail(t.client.santri_all(100).await, &mut errors);
    sim.set_faults(Faults::single(FaultRule::new(Some("GET"), INFO, Fault::Delay(1_000))));
    let slow = rig(&sim, operator(&sim), None, |c| {
        c.timeout = Duration::from_millis(150);
        c.retry.max_attempts = 2;
    });
    must_fail(slow.client.lembaga_info(&stat).await, &mut errors);

    for rec in [&r.rec, &p.rec, &b.rec, &t.rec, &slow.rec] {
        for tok in rec.tokens() {
            secrets.add(&tok, "token");
            // The signature alone is secret too.
            if let Some(sig) = tok.rsplit('.').next() {
                secrets.add(sig, "token signature");
            }
        }
    }
    assert!(
        r.rec.tokens().len() >= 3,
        "the session re-logged in: {}",
        r.rec.tokens().len()
    );
    assert!(errors.len() >= 11, "{} errors", errors.len());
    let codes: Vec<&str> = errors.iter().map(|e| e.root().code()).collect();
    for code in [
        "unsupported",
        "decode",
        "http",
        "outcome_unknown",
        "session_expired",
        "config",
        "auth",
        "timeout",
    ] {
        assert!(codes.contains(&code), "no {code} error in {codes:?}");
    }

    // Errors, outcomes, client Debug, logs.
    for e in &errors {
        secrets.assert_absent(&format!("{e}"), "an error's Display");
        secrets.assert_absent(&format!("{e:?}"), "an error's Debug");
    }
    for s in &shown.0 {
        secrets.assert_absent(s, "a result's Debug");
    }
    for c in [&r.client, &p.client, &b.client, &t.client, &slow.client] {
        let text = format!("{c:?}");
        secrets.assert_absent(&text, "the client's Debug");
        assert!(!text.contains(&op.email), "email shown masked: {text}");
    }
    let text = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
    assert!(text.contains("emis::http"), "the client's events were captured");
    assert!(text.contains("retrying"));
    assert!(text.lines().count() > 50, "{} lines", text.lines().count());
    secrets.assert_absent(&text, "the logs");
    assert!(secrets.0.len() > 300, "{} secrets checked", secrets.0.len());
}

#[tokio::test]
async fn the_extended_batches_log_no_identifier_either() {
    let buf = captured();
    let sim = emis_sim::Simulator::builder()
        .seed(73)
        .profile(emis_sim::Profile::Extended)
        .faults(
            Faults::none()
                .with(
                    FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::ResetMidBody { after_bytes: None })
                        .nth(1)
                        .after_apply(),
                )
                .with(FaultRule::new(Some("POST"), "/v1/accounts/registrations", Fault::Status(503)).nth(1)),
        )
        .build()
        .start()
        .await
        .unwrap();
    let stat = sim.demo_statistic_num();
    let mut secrets = Secrets::default();
    let fresh = sim.new_santri(&stat, 3);
    for f in &fresh {
        secrets.add_santri(f);
    }
    let r = rig(&sim, operator(&sim), Some(emis_e2e::manual_clock()), |_| {});
    let changes: Vec<_> = fresh[..2].iter().map(create_change).collect();
    r.client
        .submit_santri_batch(&changes, "log-batch-1")
        .await
        .expect("replayed");
    let mut errors = Vec::new();
    must_fail(
        r.client.submit_santri_batch(&changes[..1], "log-batch-1").await,
        &mut errors,
    );
    let reg = emis_core::api::Registration {
        full_name: "Operator Rahasia".into(),
        email: "rahasia@emis-sim.test".into(),
        phone: "081298765432".into(),
        nik: emis_core::pii::Sensitive::new(fresh[2].nik.clone()),
        kind: sim.dataset().lembaga[1].kind,
        sk_number: "SK-7/2026".into(),
        statistic_num: Some(sim.dataset().lembaga[1].statistic_num.clone()),
        npsn: None,
        surat_tugas: ("st.pdf".into(), "application/pdf".into(), b"%PDF-1.4".to_vec()),
    };
    must_fail(r.client.register(&reg).await, &mut errors);
    let codes: Vec<&str> = errors.iter().map(Error::code).collect();
    assert_eq!(codes, vec!["conflict", "outcome_unknown"]);
    for e in &errors {
        secrets.assert_absent(&format!("{e} | {e:?}"), "an error");
    }
    secrets.assert_absent(&format!("{reg:?}"), "a registration's Debug");
    let text = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
    secrets.assert_absent(&text, "the logs");
}

/// A server (not the simulator) that echoes identifiers in its messages and sends one where a
/// string belongs: errors, outcomes and logs show them masked.
#[tokio::test]
async fn identifiers_echoed_by_the_server_are_masked() {
    let buf = captured();
    let sim = sim_real(72).await;
    let stat = sim.demo_statistic_num();
    let fresh = sim.new_santri(&stat, 1).remove(0);
    let nik = fresh.nik.clone();
    let nip = sim.dataset().simpeg.keys().next().unwrap().clone();
    let (n1, n2) = (nik.clone(), nip.clone());
    let hooks = Hooks::response(move |path, resp| {
        let body = match path {
            INFO => {
                resp.status = 422;
                serde_json::json!({"message": format!("NIK {n1} tidak valid"), "errors": {"nik": [format!("NIK {n1} tidak valid")]}})
            }
            GTK_LIST => {
                serde_json::json!({"success": false, "results": null, "message": format!("NIP {n2} ganda")})
            }
            // The real 422 shape, with the NIK echoed in the message and the field error.
            CREATE => {
                resp.status = 422;
                serde_json::json!({"message": format!("NIK {n1} sudah terdaftar pada lembaga ini"), "errors": {"nik": [format!("NIK {n1} sudah terdaftar")]}})
            }
            _ => return,
        };
        resp.body = serde_json::to_vec(&body).unwrap();
    });
    let r = hooked_rig(&sim, operator(&sim), None, hooks, |c| c.retry.max_attempts = 2);
    let mut errors = Vec::new();
    must_fail(r.client.lembaga_info(&stat).await, &mut errors);
    must_fail(r.client.gtk_page(&stat, 1, 10).await, &mut errors);
    let out = r
        .client
        .create_santri(&santri_of(&fresh), Some(active_year(&sim)), None)
        .await
        .expect("a refusal");
    let CreateOutcome::Refused { kind, status, message } = &out else {
        panic!("{out:?}")
    };
    assert_eq!((kind, *status), (&WriteRefusal::AlreadyHere, 422));
    assert!(message.contains(&format!("{}**********", &nik[..4])), "{message}");

    // A login reply with the NIK where the token (a string) belongs: a decode error.
    let n3 = nik.clone();
    let hooks = Hooks::response(move |path, resp| {
        if path == LOGIN {
            resp.body = format!(r#"{{"success": true, "results": {{"token": {n3}}}}}"#).into_bytes();
        }
    });
    let l = hooked_rig(&sim, operator(&sim), None, hooks, |c| c.retry.max_attempts = 2);
    must_fail(l.client.login().await, &mut errors);

    let codes: Vec<&str> = errors.iter().map(|e| e.root().code()).collect();
    assert_eq!(codes, vec!["http", "http", "decode"]);
    let mut secrets = Secrets::default();
    secrets.add(&nik, "NIK");
    secrets.add(&nip, "NIP");
    for e in &errors {
        let shown = format!("{e} | {e:?}");
        secrets.assert_absent(&shown, "an error");
        // Still useful: the masked identifier and the rest of the message.
        assert!(
            shown.contains(&format!("{}**********", &nik[..4])) || shown.contains(&format!("{}*", &nip[..4])),
            "{shown}"
        );
    }
    assert!(errors[0].to_string().contains("tidak valid"));
    secrets.assert_absent(&format!("{out:?}"), "a create outcome");

    // A base URL with user info: not shown by the client's Debug.
    let url = sim.base_url().replace("http://", "http://operator:rahasia-url@");
    let c = emis_e2e::client_for(&sim, |cfg| cfg.base_url = url::Url::parse(&url).unwrap());
    let text = format!("{c:?}");
    assert!(!text.contains("rahasia-url") && text.contains("127.0.0.1"), "{text}");

    let text = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
    secrets.assert_absent(&text, "the logs");
}
