//! Every log line of a fault-heavy session, captured at TRACE level for all targets, holds no
//! password, private key, token, NIK, No. KK or NIP; neither do the client's `Debug` nor any
//! error it returned (`Display` and `Debug`).
//!
//! The simulator runs in the same process, so its events are captured too. Only `tracing`
//! events are captured: crates that log through the `log` facade (reqwest) are not bridged.

mod client_support;

use client_support::*;
use emis_core::Error;
use emis_core::api::{Change, ChangeOp, Credentials, EmisClient, Registration, Secret, SimpegLookup};
use emis_core::id::{IdKind, Nip};
use emis_core::pii::Sensitive;
use emis_sim::{Fault, FaultRule, Faults, RetryAfter, SimHandle, Simulator};
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
    /// Panics with the first leak found in `text`.
    fn assert_absent(&self, text: &str, place: &str) {
        for (s, what) in &self.0 {
            assert!(!text.contains(s.as_str()), "{what} leaked into {place}");
        }
        assert!(!text.contains("Bearer "), "a bearer header leaked into {place}");
        assert!(!text.contains("eyJ"), "a JWT leaked into {place}");
        assert!(!text.contains("sim-FAKE"), "a password leaked into {place}");
        // No 16+ digit number at all (NIK and No. KK are 16 digits, NIP 18), known or not.
        let mut run = 0;
        for c in text.chars() {
            run = if c.is_ascii_digit() { run + 1 } else { 0 };
            assert!(run < 16, "a 16+ digit number leaked into {place}");
        }
    }
}

fn faults() -> Faults {
    Faults::none()
        .with(FaultRule::new(Some("POST"), LOGIN, Fault::Status(503)).nth(1))
        .with(FaultRule::new(Some("POST"), LOGIN, Fault::ResetMidBody { after_bytes: Some(40) }).nth(2))
        .with(FaultRule::new(Some("GET"), PERIODS, Fault::ExpireToken).nth(2))
        .with(FaultRule::new(Some("GET"), SANTRI_LIST, Fault::ResetMidBody { after_bytes: Some(900) }).nth(1))
        .with(
            FaultRule::new(
                Some("GET"),
                SANTRI_LIST,
                Fault::TooManyRequests {
                    retry_after: RetryAfter::Seconds(2),
                },
            )
            .nth(3),
        )
        .with(FaultRule::new(Some("GET"), GTK_LIST, Fault::Status(500)).nth(1))
        .with(
            FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::ResetMidBody { after_bytes: None })
                .nth(1)
                .after_apply(),
        )
        .with(
            FaultRule::new(Some("POST"), SANTRI_BATCH, Fault::Status(500))
                .nth(3)
                .after_apply(),
        )
        .with(FaultRule::new(Some("POST"), GTK_BATCH, Fault::Status(503)).nth(1))
        .with(FaultRule::new(Some("POST"), "/api/v1/cek_nip", Fault::Status(503)).nth(1))
        .with(
            FaultRule::new(
                Some("POST"),
                "/api/v1/cek_nip",
                Fault::ResetMidBody { after_bytes: Some(30) },
            )
            .nth(2),
        )
        .with(FaultRule::new(
            Some("GET"),
            "/v1/students/pontrens/student-ppdb-search",
            Fault::ResetMidBody { after_bytes: None },
        ))
        .with(FaultRule::new(Some("GET"), "/v1/students/pontrens/students/", Fault::MalformedJson).nth(1))
        .with(FaultRule::new(Some("GET"), "/v1/institutions/info", Fault::TruncatedJson).nth(1))
        .with(FaultRule::new(Some("POST"), "/v1/accounts/registrations", Fault::Status(503)).nth(1))
}

fn must_fail<T: std::fmt::Debug>(r: emis_core::error::Result<T>, errors: &mut Vec<Error>) {
    match r {
        Ok(v) => panic!("expected an error, got {v:?}"),
        Err(e) => errors.push(e),
    }
}

fn update_nik(id: &str, nik: &str) -> Change {
    let mut c = Change {
        op: ChangeOp::Update,
        id: Some(id.into()),
        key: Default::default(),
        fields: Default::default(),
        mutasi: None,
        reason: None,
    };
    c.fields.insert("nik".into(), nik.into());
    c
}

async fn session(sim: &SimHandle, client: &EmisClient, secrets: &mut Secrets, errors: &mut Vec<Error>) {
    let stat = sim.demo_statistic_num();
    let ds = sim.dataset();
    // Pulls (login retried, 401 re-login, resets, 429, 500, decode errors).
    client.periods().await.expect("periods");
    client.periods().await.expect("periods after a 401");
    let santri = client.santri_all(25).await.expect("santri_all");
    assert!(!santri.is_empty());
    let gtk = client.gtk_all(&stat, 3).await.expect("gtk_all");
    for g in &gtk {
        if let Some(n) = &g.nik {
            secrets.add(n.expose(), "GTK NIK");
        }
    }
    must_fail(client.lembaga_info(&stat).await, errors);
    client.lembaga_info(&stat).await.expect("info");
    let s = &ds.santri_of(&stat).next().unwrap().clone();
    must_fail(client.santri_detail(&s.id).await, errors);
    client.santri_detail(&s.id).await.expect("detail");
    // The search URL carries a name and a birth date; every attempt is reset.
    must_fail(
        client
            .santri_search(&s.full_name, Some(s.birth_date), Some(&s.birth_place))
            .await,
        errors,
    );
    secrets.add(&s.full_name, "santri name");
    let encoded: String = url::form_urlencoded::byte_serialize(s.full_name.as_bytes()).collect();
    secrets.add(&encoded, "santri name (URL-encoded)");
    secrets.add(&s.birth_date.to_string(), "santri birth date");
    must_fail(client.lembaga_info(&ds.lembaga[1].statistic_num).await, errors);

    // Pushes with NIKs: reset after apply, a 500 after apply, data ganda, an invalid NIK.
    let fresh = sim.new_santri(&stat, 4);
    for f in &fresh {
        secrets.add(&f.nik, "pushed NIK");
        secrets.add(&f.kk_num, "pushed KK");
    }
    let elsewhere = ds.santri_of(&ds.lembaga[1].statistic_num).next().unwrap().clone();
    let mut changes: Vec<Change> = fresh[..2].iter().map(create_santri).collect();
    changes.push(create_santri(&elsewhere));
    changes.push(update_nik(&s.id, "3517010000000000"));
    secrets.add("3517010000000000", "invalid NIK");
    client
        .submit_santri_batch(&changes, "log-batch-1")
        .await
        .expect("batch 1");
    client
        .submit_santri_batch(&[create_santri(&fresh[2])], "log-batch-2")
        .await
        .expect("batch 2");
    let nips: Vec<String> = ds.simpeg.keys().cloned().collect();
    let gtk_changes = vec![
        create_gtk(&fresh[3].nik, "ZAINAL ARIFIN, S.Ag.", Some(&nips[0])),
        create_gtk(&fresh[3].nik, "ZAINAL ARIFIN, S.Ag.", Some("19800101")),
    ];
    client
        .submit_gtk_batch(&gtk_changes, "log-gtk-1")
        .await
        .expect("gtk batch");
    must_fail(client.submit_santri_batch(&changes, "").await, errors);
    must_fail(client.submit_santri_batch(&changes[..1], "log-batch-1").await, errors);

    // SIMPEG by NIP: found after a 503 and a reset; unknown.
    let nip = Nip::parse(&nips[1]).unwrap();
    let found = client.simpeg_lookup(&nip).await.expect("simpeg");
    assert!(matches!(found, SimpegLookup::Found(_)));
    let unknown = (1..999)
        .map(|n| format!("{}{n:03}", &nips[1][..15]))
        .find(|c| emis_core::id::is_valid(IdKind::Nip, c) && !ds.simpeg.contains_key(c))
        .unwrap();
    secrets.add(&unknown, "unknown NIP");
    let nf = client.simpeg_lookup(&Nip::parse(&unknown).unwrap()).await.unwrap();
    assert_eq!(nf, SimpegLookup::NotFound);

    // A job and a registration (the operator's NIK in a multipart body; a 503 first).
    let job = client.start_sync_job("all", "log-job-1").await.expect("job");
    client.wait_sync_job(&job.job_id, &|_| {}).await.expect("job done");
    let reg_nik = sim.new_santri(&stat, 1)[0].nik.clone();
    secrets.add(&reg_nik, "registration NIK");
    let reg = Registration {
        full_name: "Operator Rahasia".into(),
        email: "rahasia@emis-sim.test".into(),
        phone: "081298765432".into(),
        nik: Sensitive::new(reg_nik),
        kind: ds.lembaga[1].kind,
        sk_number: "SK-7/2026".into(),
        statistic_num: Some(ds.lembaga[1].statistic_num.clone()),
        npsn: None,
        surat_tugas: ("st.pdf".into(), "application/pdf".into(), b"%PDF-1.4".to_vec()),
    };
    must_fail(client.register(&reg).await, errors);
    let st = client.register(&reg).await.expect("register");
    client
        .wait_registration(&st.registration_id, &|_| {})
        .await
        .expect("approved");
}

#[tokio::test]
async fn no_secret_or_identifier_in_logs_debug_or_errors() {
    let buf = captured();
    let sim = Simulator::builder()
        .seed(71)
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
    secrets.add(&sim.partner_credentials().private_key, "partner private key");
    for s in &ds.santri {
        secrets.add(&s.nik, "NIK");
        secrets.add(&s.kk_num, "No. KK");
    }
    for r in sim.santri_records(&stat) {
        secrets.add_json_ids(&r);
    }
    for r in sim.gtk_records(&stat) {
        secrets.add_json_ids(&r);
    }
    for nip in ds.simpeg.keys() {
        secrets.add(nip, "NIP");
    }

    let mut errors = Vec::new();
    let clock = emis_e2e::manual_clock();
    let r = rig(&sim, operator(&sim), Some(clock), |c| c.retry.max_attempts = 3);
    session(&sim, &r.client, &mut secrets, &mut errors).await;

    // A partner session, a wrong password, a pasted token that expires, a timeout.
    let p = rig(&sim, partner(&sim), None, |_| {});
    p.client.gtk_all(&stat, 50).await.expect("partner");
    let bad = Credentials::Operator {
        email: op.email.clone(),
        password: Secret::new("sim-FAKE-wrong-password"),
    };
    let b = rig(&sim, bad, None, |_| {});
    must_fail(b.client.periods().await, &mut errors);
    let token = r.rec.tokens().last().cloned().unwrap();
    let t = rig(&sim, Credentials::Token(Secret::new(token)), None, |_| {});
    sim.set_faults(Faults::single(FaultRule::new(Some("GET"), PERIODS, Fault::ExpireToken)));
    must_fail(t.client.periods().await, &mut errors);
    sim.set_faults(Faults::single(FaultRule::new(
        Some("GET"),
        PERIODS,
        Fault::Delay(1_000),
    )));
    let slow = rig(&sim, operator(&sim), None, |c| {
        c.timeout = Duration::from_millis(150);
        c.retry.max_attempts = 2;
    });
    must_fail(slow.client.periods().await, &mut errors);

    for rec in [&r.rec, &p.rec, &b.rec, &t.rec, &slow.rec] {
        for tok in rec.tokens() {
            secrets.add(&tok, "token");
            // The signature alone is secret too.
            if let Some(sig) = tok.rsplit('.').next() {
                secrets.add(sig, "token signature");
            }
        }
    }
    assert!(r.rec.tokens().len() >= 2, "the session re-logged in");
    assert!(errors.len() >= 10, "{} errors", errors.len());
    let codes: Vec<&str> = errors.iter().map(|e| e.root().code()).collect();
    for code in [
        "transport",
        "decode",
        "permission",
        "config",
        "conflict",
        "http",
        "auth",
        "timeout",
    ] {
        assert!(codes.contains(&code), "no {code} error in {codes:?}");
    }

    // Errors, client Debug, logs.
    for e in &errors {
        secrets.assert_absent(&format!("{e}"), "an error's Display");
        secrets.assert_absent(&format!("{e:?}"), "an error's Debug");
    }
    for c in [&r.client, &p.client, &b.client, &t.client, &slow.client] {
        let shown = format!("{c:?}");
        secrets.assert_absent(&shown, "the client's Debug");
        assert!(!shown.contains(&op.email), "email shown masked: {shown}");
    }
    let text = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
    assert!(text.contains("emis::http"), "the client's events were captured");
    assert!(text.contains("retrying"));
    assert!(text.lines().count() > 50, "{} lines", text.lines().count());
    secrets.assert_absent(&text, "the logs");
    assert!(secrets.0.len() > 300, "{} secrets checked", secrets.0.len());
}

/// A server (not the simulator) that echoes identifiers in its messages and sends one where a
/// number belongs: errors and logs show them masked.
#[tokio::test]
async fn identifiers_echoed_by_the_server_are_masked() {
    let buf = captured();
    let sim = emis_e2e::sim(72).await;
    let stat = sim.demo_statistic_num();
    let nik = sim.new_santri(&stat, 1)[0].nik.clone();
    let nip = sim.dataset().simpeg.keys().next().unwrap().clone();
    let (n1, n2) = (nik.clone(), nip.clone());
    let hooks = Hooks {
        request: None,
        response: Some(Arc::new(move |path, resp| {
            let body = match path {
                PERIODS => serde_json::json!({"success": true, "results": [{"academic_year_id": n1, "name": "x"}]}),
                "/v1/institutions/info" => {
                    resp.status = 422;
                    serde_json::json!({"success": false, "code": "invalid_payload", "message": format!("NIK {n1} tidak valid")})
                }
                GTK_LIST => {
                    serde_json::json!({"success": false, "results": null, "message": format!("NIP {n2} ganda")})
                }
                SANTRI_BATCH => {
                    resp.status = 409;
                    serde_json::json!({"success": false, "code": "sync.nik_aktif_di_lembaga_lain", "message": format!("NIK {n1} aktif")})
                }
                _ => return,
            };
            resp.body = serde_json::to_vec(&body).unwrap();
        })),
    };
    let r = hooked_rig(&sim, operator(&sim), None, hooks, |_| {});
    let mut errors = Vec::new();
    must_fail(r.client.periods().await, &mut errors);
    must_fail(r.client.lembaga_info(&stat).await, &mut errors);
    must_fail(r.client.gtk_page(&stat, 1, 10).await, &mut errors);
    let change = create_santri(&sim.new_santri(&stat, 1)[0]);
    must_fail(r.client.submit_santri_batch(&[change], "log-echo-1").await, &mut errors);
    let codes: Vec<&str> = errors.iter().map(Error::code).collect();
    assert_eq!(codes, vec!["decode", "http", "http", "conflict"]);
    let mut secrets = Secrets::default();
    secrets.add(&nik, "NIK");
    secrets.add(&nip, "NIP");
    for e in &errors {
        let shown = format!("{e} | {e:?}");
        secrets.assert_absent(&shown, "an error");
        // Still useful: the masked identifier and the rest of the message.
        assert!(
            shown.contains(&format!("{}**********", &nik[..4])) || shown.contains(&nip[..4]),
            "{shown}"
        );
    }
    assert!(errors[1].to_string().contains("tidak valid"));

    // A base URL with user info: not shown by the client's Debug.
    let url = sim.base_url().replace("http://", "http://operator:rahasia-url@");
    let c = emis_e2e::client_for(&sim, |cfg| cfg.base_url = url::Url::parse(&url).unwrap());
    let shown = format!("{c:?}");
    assert!(!shown.contains("rahasia-url") && shown.contains("127.0.0.1"), "{shown}");

    let text = String::from_utf8(buf.lock().unwrap().clone()).unwrap();
    secrets.assert_absent(&text, "the logs");
}
