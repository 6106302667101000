//! `emis sync --server` against the simulator's default profile (the real EMIS as public
//! clients show it), over loopback HTTP, as an operator runs it: a pasted token or a password
//! in the environment, the address as typed, dry runs, a second sync on the same folder,
//! Ctrl-C, a session that ends mid-run, and the demo.

mod common;

use common::*;
use emis_sim::{Fault, FaultRule, Faults, SessionShape};
use std::io::{BufRead, BufReader};
use std::process::Stdio;
use std::time::{Duration, Instant};

#[test]
fn pasted_token_syncs_and_no_secret_leaks() {
    let sim = sim(11, 20);
    let dir = TempDir::new("token");
    let store = dir.path("store");
    let (local, new) = dataset(&sim, 2);
    folder(&sim, &store, &local);
    let sn = sim.demo_statistic_num();
    let password = sim.operator_credentials(&sn).expect("operator").password;
    let token = sim.mint_token(3600);
    let pasted = format!("Authorization: Bearer {token}");
    let cookie = sim.gtk_cookie();
    let pintar = sim.pintar_token();
    let base = sim.base_url();
    let args = sync_args(
        &sim,
        &store,
        &[FAST, &["--gtk-url", &base, "--simpeg-url", &base, "--format", "json"]].concat(),
    );
    let env = [
        ("EMIS_TOKEN", pasted.as_str()),
        ("EMIS_GTK_COOKIE", cookie.as_str()),
        ("EMIS_PINTAR_TOKEN", pintar.as_str()),
        ("EMIS_PASSWORD", password.as_str()),
    ];
    let out = emis(&refs(&args), &env);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out));
    let r = json(&out);
    assert_eq!(r["pushed"], 2, "{r:#}");
    assert_eq!(r["write_states"]["accepted"], 2, "{r:#}");
    assert_eq!(r["academic_year_id"][1], "learning_activity");
    let sources: Vec<&str> = r["simpeg"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s["source"].as_str())
        .collect();
    assert!(sources.contains(&"emis_gtk_preview"), "{r:#}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("token tempel") && err.contains("token berlaku sampai pukul"),
        "{err}"
    );
    for nik in &new {
        assert_eq!(times_created(&sim, nik), [1], "{nik}");
    }
    // The journal says the same, and nothing holds a secret.
    let hist = emis(
        &["history", "--local", store.to_str().unwrap(), "--export", "json"],
        &[],
    );
    let j: serde_json::Value = serde_json::from_slice(&hist.stdout).expect("journal json");
    assert_eq!(j[0]["write_states"]["accepted"], 2, "{j:#}");
    let mut secrets = vec![token.as_str(), cookie.as_str(), pintar.as_str(), password.as_str()];
    secrets.extend(
        cookie
            .split(';')
            .filter_map(|kv| kv.split_once('='))
            .map(|(_, v)| v.trim()),
    );
    no_secret_anywhere(&[&out, &hist], &dir.0, &secrets);
}

#[test]
fn expired_token_stops_at_once_with_the_message() {
    let sim = sim(12, 20);
    let dir = TempDir::new("expired");
    let store = dir.path("store");
    let (local, _) = dataset(&sim, 1);
    folder(&sim, &store, &local);
    let password = sim.operator_credentials(&sim.demo_statistic_num()).unwrap().password;
    // A token that expired an hour ago.
    sim.advance_time(-7200);
    let token = sim.mint_token(3600);
    sim.advance_time(7200);
    let before = sim.state().requests;
    let args = sync_args(&sim, &store, FAST);
    let env = [
        ("EMIS_TOKEN", format!("Bearer {token}")),
        ("EMIS_PASSWORD", password.clone()),
    ];
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let out = emis(&refs(&args), &env);
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("kedaluwarsa") && err.contains("F12") && err.contains("EMIS_TOKEN"),
        "{err}"
    );
    assert_eq!(sim.state().requests, before, "nothing was sent");
    assert!(!store.join("journal.jsonl").exists(), "the store was not touched");
    no_secret_anywhere(&[&out], &dir.0, &[&token, &password]);
}

#[test]
fn password_login_with_an_email_and_with_a_nik() {
    let sim = sim(13, 20);
    let dir = TempDir::new("password");
    let store = dir.path("store");
    let (local, new) = dataset(&sim, 1);
    folder(&sim, &store, &local);
    let op = sim.operator_credentials(&sim.demo_statistic_num()).expect("operator");
    let args = sync_args(&sim, &store, &[FAST, &["--no-simpeg", "--format", "json"]].concat());
    let by_email = emis(
        &refs(&args),
        &[("EMIS_EMAIL", &op.email), ("EMIS_PASSWORD", &op.password)],
    );
    assert!(matches!(by_email.status.code(), Some(0 | 1)), "{}", text(&by_email));
    assert_eq!(json(&by_email)["pushed"], 1);
    assert!(String::from_utf8_lossy(&by_email.stderr).contains("email + kata sandi"));
    assert_eq!(times_created(&sim, &new[0]), [1]);
    // The NIK in EMIS_USER (the login form's "Email/NIK").
    let by_nik = emis(&refs(&args), &[("EMIS_USER", &op.nik), ("EMIS_PASSWORD", &op.password)]);
    assert!(matches!(by_nik.status.code(), Some(0 | 1)), "{}", text(&by_nik));
    assert!(String::from_utf8_lossy(&by_nik.stderr).contains("NIK + kata sandi"));
    assert_eq!(json(&by_nik)["pushed"], 0, "nothing left to send");
    // A wrong password: login failed, exit 3.
    let wrong = emis(
        &refs(&args),
        &[("EMIS_EMAIL", &op.email), ("EMIS_PASSWORD", "salah-Sekali-123")],
    );
    assert_eq!(wrong.status.code(), Some(3), "{}", text(&wrong));
    assert!(text(&wrong).contains("login gagal"), "{}", text(&wrong));
    no_secret_anywhere(
        &[&by_email, &by_nik, &wrong],
        &dir.0,
        &[&op.password, "salah-Sekali-123"],
    );
}

#[test]
fn server_address_with_v1_and_the_portal_address() {
    let sim = sim(14, 20);
    let dir = TempDir::new("server");
    let store = dir.path("store");
    let (local, _) = dataset(&sim, 1);
    folder(&sim, &store, &local);
    let op = sim.operator_credentials(&sim.demo_statistic_num()).unwrap();
    let env = [
        ("EMIS_EMAIL", op.email.as_str()),
        ("EMIS_PASSWORD", op.password.as_str()),
    ];
    let mut args = sync_args(
        &sim,
        &store,
        &[FAST, &["--dry-run", "--no-simpeg", "--format", "json"]].concat(),
    );
    args[2] = format!("{}/v1/", sim.base_url());
    let out = emis(&refs(&args), &env);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out));
    assert_eq!(json(&out)["dry_run"], true);
    for (server, hint) in [
        ("https://emis.kemenag.go.id/", "api-emis.kemenag.go.id"),
        ("ftp://api-emis.kemenag.go.id", "http"),
    ] {
        args[2] = server.to_string();
        let out = emis(&refs(&args), &env);
        assert_eq!(out.status.code(), Some(2), "{}", text(&out));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("--server") && err.contains(hint), "{err}");
    }
    // Usage errors of the new options are exit 2 as well.
    for bad in [
        ["--write-interval-ms", "cepat"],
        ["--admission-date", "2026-02-30"],
        ["--policy", "server"],
    ] {
        let a = sync_args(&sim, &store, &bad);
        assert_eq!(emis(&refs(&a), &env).status.code(), Some(2), "{bad:?}");
    }
}

#[test]
fn dry_run_pushes_nothing() {
    let sim = sim(15, 20);
    let dir = TempDir::new("dry");
    let store = dir.path("store");
    let (local, new) = dataset(&sim, 2);
    folder(&sim, &store, &local);
    let op = sim.operator_credentials(&sim.demo_statistic_num()).unwrap();
    let before = sim.state();
    let args = sync_args(
        &sim,
        &store,
        &[FAST, &["--dry-run", "--no-simpeg", "--format", "json"]].concat(),
    );
    let out = emis(
        &refs(&args),
        &[("EMIS_EMAIL", &op.email), ("EMIS_PASSWORD", &op.password)],
    );
    let r = json(&out);
    assert_eq!(
        (r["dry_run"].as_bool(), r["pushed"].as_u64()),
        (Some(true), Some(0)),
        "{r:#}"
    );
    assert_eq!(r["planned"]["create"], 2, "{r:#}");
    let after = sim.state();
    assert_eq!(after.lembaga, before.lembaga);
    assert!(
        after.requests.keys().all(|k| !k.starts_with("POST /v1/students")),
        "{:?}",
        after.requests
    );
    assert!(new.iter().all(|n| times_created(&sim, n).is_empty()));
    let outbox: Vec<serde_json::Value> = std::fs::read(store.join("outbox.json"))
        .map(|b| serde_json::from_slice(&b).expect("outbox"))
        .unwrap_or_default();
    assert!(outbox.is_empty(), "a dry run leaves no outbox entry");
}

/// Reads the child's stderr on a thread; returns the lines read so far on demand.
fn stderr_lines(child: &mut std::process::Child) -> std::sync::mpsc::Receiver<String> {
    let (tx, rx) = std::sync::mpsc::channel();
    let err = child.stderr.take().expect("stderr");
    std::thread::spawn(move || {
        for l in BufReader::new(err).lines().map_while(Result::ok) {
            if tx.send(l).is_err() {
                break;
            }
        }
    });
    rx
}

#[test]
fn a_second_sync_on_the_same_folder_is_refused_and_ctrl_c_stops_cleanly() {
    let sim = sim(16, 20);
    let dir = TempDir::new("lock");
    let store = dir.path("store");
    let (local, new) = dataset(&sim, 6);
    folder(&sim, &store, &local);
    let op = sim.operator_credentials(&sim.demo_statistic_num()).unwrap();
    let env = [
        ("EMIS_EMAIL", op.email.as_str()),
        ("EMIS_PASSWORD", op.password.as_str()),
    ];
    // A slow first sync: one write every 1.5 s.
    let slow = sync_args(
        &sim,
        &store,
        &["--write-interval-ms", "1500", "--read-interval-ms", "0", "--no-simpeg"],
    );
    let mut first = command(&refs(&slow), &env)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = stderr_lines(&mut first);
    let mut seen = Vec::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !seen.iter().any(|l: &String| l.contains("kirim") && l.contains("/6")) {
        let l = lines
            .recv_timeout(deadline - Instant::now())
            .expect("the first sync reaches the push stage");
        seen.push(l);
    }
    let fast = sync_args(&sim, &store, &[FAST, &["--no-simpeg"]].concat());
    let second = emis(&refs(&fast), &env);
    assert_eq!(second.status.code(), Some(2), "{}", text(&second));
    assert!(
        String::from_utf8_lossy(&second.stderr).contains("sedang dipakai sinkronisasi lain"),
        "{}",
        text(&second)
    );

    // Ctrl-C: the write in flight finishes and is saved, the rest stays in the outbox.
    let status = std::process::Command::new("kill")
        .args(["-INT", &first.id().to_string()])
        .status()
        .expect("kill -INT");
    assert!(status.success());
    let out = first.wait_with_output().expect("wait");
    let rest: Vec<String> = lines.iter().collect();
    let err = [seen, rest].concat().join("\n");
    assert_eq!(out.status.code(), Some(130), "{err}");
    assert!(
        err.contains("Dihentikan:") && err.contains("belum terkirim tersimpan di outbox"),
        "{err}"
    );
    let created_before = new.iter().filter(|n| !times_created(&sim, n).is_empty()).count();
    assert!(created_before < new.len(), "stopped before the end");

    // The same command again finishes the job; nothing is created twice.
    let again = emis(&refs(&fast), &env);
    assert!(matches!(again.status.code(), Some(0 | 1)), "{}", text(&again));
    for nik in &new {
        assert_eq!(times_created(&sim, nik), [1], "{nik}");
    }
    let hist = emis(&["history", "--local", store.to_str().unwrap()], &[]);
    let h = text(&hist);
    assert!(h.contains("cancelled") && h.contains("success"), "{h}");
}

#[test]
fn a_second_ctrl_c_quits_at_once_and_the_outbox_stays_consistent() {
    let sim = sim(18, 20);
    let dir = TempDir::new("ctrlc2");
    let store = dir.path("store");
    let (local, new) = dataset(&sim, 4);
    folder(&sim, &store, &local);
    let op = sim.operator_credentials(&sim.demo_statistic_num()).unwrap();
    let env = [
        ("EMIS_EMAIL", op.email.as_str()),
        ("EMIS_PASSWORD", op.password.as_str()),
    ];
    // The first create hangs 2 s on the server: a write in flight.
    sim.set_faults(Faults::single(
        FaultRule::new(Some("POST"), "/v1/students/ppdb", Fault::Delay(2000)).nth(1),
    ));
    let args = sync_args(&sim, &store, &[FAST, &["--no-simpeg"]].concat());
    let mut child = command(&refs(&args), &env)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let lines = stderr_lines(&mut child);
    let deadline = Instant::now() + Duration::from_secs(30);
    let mut seen = Vec::new();
    while !seen.iter().any(|l: &String| l.contains("kirim") && l.contains("/4")) {
        seen.push(lines.recv_timeout(deadline - Instant::now()).expect("push stage"));
    }
    std::thread::sleep(Duration::from_millis(300));
    let started = Instant::now();
    for _ in 0..2 {
        let st = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(st.success());
        std::thread::sleep(Duration::from_millis(200));
    }
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(130));
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "quit at once: {:?}",
        started.elapsed()
    );
    let err: Vec<String> = lines.iter().collect();
    assert!(err.iter().any(|l| l.contains("Keluar segera")), "{err:?}");
    for f in ["santri.json", "outbox.json"] {
        let b = std::fs::read(store.join(f)).expect(f);
        serde_json::from_slice::<serde_json::Value>(&b).expect(f);
    }
    // The write cut off in flight is looked up first (once the server is done with it), and
    // sent again only if absent: each santri once.
    std::thread::sleep(Duration::from_millis(2000));
    let again = emis(&refs(&args), &env);
    assert!(matches!(again.status.code(), Some(0 | 1)), "{}", text(&again));
    for nik in &new {
        assert_eq!(times_created(&sim, nik), [1], "{nik}");
    }
}

#[test]
fn retries_are_shown_as_they_happen() {
    let sim = sim(19, 20);
    let dir = TempDir::new("retries");
    let store = dir.path("store");
    let (local, _) = dataset(&sim, 0);
    folder(&sim, &store, &local);
    let list = "/v1/students/pontrens/institution/student-list";
    sim.set_faults(
        Faults::single(FaultRule::new(Some("GET"), list, Fault::Status(503)).nth(1))
            .with(FaultRule::new(Some("GET"), list, Fault::Delay(3000)).nth(2)),
    );
    let op = sim.operator_credentials(&sim.demo_statistic_num()).unwrap();
    let args = sync_args(
        &sim,
        &store,
        &["--read-interval-ms", "0", "--timeout", "1", "--no-simpeg", "--dry-run"],
    );
    let out = emis(
        &refs(&args),
        &[("EMIS_EMAIL", &op.email), ("EMIS_PASSWORD", &op.password)],
    );
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("server sibuk (HTTP 503), coba lagi 2/5 dalam"), "{err}");
    assert!(err.contains("server lambat (timeout), coba lagi 3/5 dalam"), "{err}");
}

#[test]
fn a_token_that_ends_mid_run_stops_with_the_resume_hint() {
    let sim = sim(17, 20);
    let dir = TempDir::new("midrun");
    let store = dir.path("store");
    let (local, new) = dataset(&sim, 3);
    folder(&sim, &store, &local);
    // The session ends at the second create (401), as when the operator logs out in the browser.
    sim.set_faults(Faults::single(
        FaultRule::new(
            Some("POST"),
            "/v1/students/ppdb",
            Fault::ExpireSession {
                shape: SessionShape::Unauthorized,
            },
        )
        .nth(2),
    ));
    let args = sync_args(&sim, &store, &[FAST, &["--no-simpeg"]].concat());
    let token = sim.mint_token(3600);
    let out = emis(&refs(&args), &[("EMIS_TOKEN", &token)]);
    if std::env::var_os("EMIS_TEST_SHOW").is_some() {
        eprintln!("{}", text(&out));
    }
    assert_eq!(out.status.code(), Some(3), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains("token baru") && t.contains("belum terkirim tersimpan di outbox"),
        "{t}"
    );
    assert_eq!(
        new.iter().filter(|n| !times_created(&sim, n).is_empty()).count(),
        1,
        "{t}"
    );
    // A fresh token: the rest is sent, nothing twice.
    let fresh = sim.mint_token(3600);
    let again = emis(&refs(&args), &[("EMIS_TOKEN", &fresh)]);
    assert!(matches!(again.status.code(), Some(0 | 1)), "{}", text(&again));
    for nik in &new {
        assert_eq!(times_created(&sim, nik), [1], "{nik}");
    }
    no_secret_anywhere(&[&out, &again], &dir.0, &[&token, &fresh]);
}

#[cfg(feature = "demo")]
#[test]
fn the_demo_runs_against_the_real_profile_in_under_30_seconds() {
    let dir = TempDir::new("demo");
    let demo_dir = dir.path("demo");
    let started = Instant::now();
    let out = emis(&["sync", "--demo"], &[("EMIS_DEMO_DIR", demo_dir.to_str().unwrap())]);
    let took = started.elapsed();
    let t = text(&out);
    assert_eq!(out.status.code(), Some(0), "{t}");
    assert!(took < Duration::from_secs(30), "demo took {took:?}");
    for needle in [
        "profil bawaan = EMIS asli",
        "Simulator: jeda antar-kirim 0,3 dtk; EMIS asli 3 dtk",
        "Login: token tempel",
        "token berlaku sampai pukul",
        "sync.didaftarkan",
        "sync.nik_aktif_di_lembaga_lain",
        "NIK masih aktif di lembaga lain",
        "menunggu_kepala",
        "menunggu_kabkota",
        "disetujui",
        "sync.ditolak_persetujuan",
        "cocok, dikonfirmasi",
        "PERLU OPERATOR",
        "lakukan di portal",
        "Jurnal (emis history --demo)",
    ] {
        assert!(t.contains(needle), "{needle:?} missing in:\n{t}");
    }
    let hist = emis(
        &["history", "--demo", "--export", "json"],
        &[("EMIS_DEMO_DIR", demo_dir.to_str().unwrap())],
    );
    let j: serde_json::Value = serde_json::from_slice(&hist.stdout).expect("journal");
    assert_eq!(j.as_array().map(Vec::len), Some(2), "two sessions journalled");
    assert_eq!(j[0]["write_states"]["menunggu_kabkota"], 1, "{j:#}");
}
