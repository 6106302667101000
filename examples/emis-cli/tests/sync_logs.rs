//! `-vv`, `RUST_LOG` and `-q` on a real sync against the simulator: the log lines on stderr
//! carry endpoints, statuses, attempts and durations, and never a NIK, a name, the token, the
//! cookie, the PINTAR token or the password.

mod common;

use common::*;
use serde_json::Value;

/// Every NIK and full name the run could have seen: the local data and the server's roster.
fn personal(sim: &emis_sim::SimHandle, local: &[emis_core::model::Santri]) -> Vec<String> {
    let mut out: Vec<String> = local.iter().map(digits).filter(|n| n.len() == 16).collect();
    out.extend(
        local
            .iter()
            .map(|s| s.full_name.expose().to_string())
            .filter(|n| n.contains(' ')),
    );
    let sn = sim.demo_statistic_num();
    for r in sim.santri_records(&sn).iter().chain(sim.gtk_records(&sn).iter()) {
        for k in ["nik", "nip", "full_name"] {
            if let Some(v) = r.get(k).and_then(Value::as_str).filter(|v| v.len() >= 8) {
                out.push(v.to_string());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

#[test]
fn verbose_logs_hold_no_nik_name_or_secret() {
    let sim = sim(11, 20);
    let dir = TempDir::new("logs");
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
    let env = [
        ("EMIS_TOKEN", pasted.as_str()),
        ("EMIS_GTK_COOKIE", cookie.as_str()),
        ("EMIS_PINTAR_TOKEN", pintar.as_str()),
        ("EMIS_PASSWORD", password.as_str()),
    ];
    let simpeg = ["--gtk-url", base.as_str(), "--simpeg-url", base.as_str()];
    let args = sync_args(&sim, &store, &[FAST, &simpeg, &["--format", "json", "-vv"]].concat());
    let out = emis(&refs(&args), &env);
    assert!(matches!(out.status.code(), Some(0 | 1)), "{}", text(&out));
    assert_eq!(json(&out)["pushed"], 2, "{}", text(&out));
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    // The debug lines are there: one span per request with its endpoint template and status;
    // SIMPEG went through the cookie session, its requests are logged too.
    for needle in [
        "DEBUG",
        "emis.request{",
        "emis::http",
        "status=200",
        "duration_ms=",
        " WIB ",
        "endpoint=\"simpeg_preview\"",
    ] {
        assert!(err.contains(needle), "{needle:?} missing in:\n{err}");
    }
    assert!(
        err.contains("path=\"/students/ppdb\""),
        "the create endpoint's template is logged:\n{err}"
    );

    // RUST_LOG replaces -v: only what it names.
    let dry = sync_args(&sim, &store, &[FAST, &simpeg, &["--dry-run"]].concat());
    let env_log = [&env[..], &[("RUST_LOG", "emis::http=debug")]].concat();
    let logged = emis(&refs(&dry), &env_log);
    assert!(matches!(logged.status.code(), Some(0 | 1)), "{}", text(&logged));
    let logged_err = String::from_utf8_lossy(&logged.stderr).into_owned();
    assert!(logged_err.contains("emis::http"), "{logged_err}");
    assert!(!logged_err.contains("emis::sync"), "{logged_err}");

    // -q: nothing on stderr but errors; the report still on stdout.
    let quiet = emis(&refs(&[&dry[..], &["-q".to_string()]].concat()), &env);
    assert!(matches!(quiet.status.code(), Some(0 | 1)), "{}", text(&quiet));
    assert_eq!(String::from_utf8_lossy(&quiet.stderr), "");
    assert!(String::from_utf8_lossy(&quiet.stdout).contains("Hasil sinkronisasi"));

    let mut secrets = vec![token.clone(), cookie.clone(), pintar.clone(), password.clone()];
    secrets.extend(
        cookie
            .split(';')
            .filter_map(|kv| kv.split_once('='))
            .map(|(_, v)| v.trim().to_string()),
    );
    let personal = personal(&sim, &local);
    assert!(personal.len() > 20 && new.iter().all(|n| personal.contains(n)));
    for (what, stderr) in [("-vv", &err), ("RUST_LOG", &logged_err)] {
        for s in secrets.iter().filter(|s| s.len() >= 6) {
            assert!(!stderr.contains(s.as_str()), "a secret is in the {what} log:\n{stderr}");
        }
        for p in &personal {
            assert!(!stderr.contains(p.as_str()), "{p} is in the {what} log:\n{stderr}");
        }
    }
    sim.shutdown();
}
