//! Blocking start, control endpoints and the binary, with a tiny hand-written HTTP/1.1 client.

use emis_sim::{Fault, FaultRule, Faults, SimHandle, Simulator};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Stdio};
use std::time::Duration;

struct Raw {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Raw {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("json body")
    }
}

/// One request over a fresh connection (`Connection: close`), read until EOF or a reset.
fn raw(addr: SocketAddr, method: &str, path: &str, extra: &str, body: &str) -> Raw {
    let mut s = TcpStream::connect(addr).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n{extra}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    loop {
        match s.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => buf.extend_from_slice(&chunk[..n]),
        }
    }
    let split = buf.windows(4).position(|w| w == b"\r\n\r\n").expect("headers");
    let head = String::from_utf8_lossy(&buf[..split]).to_string();
    let mut lines = head.lines();
    let status = lines
        .next()
        .unwrap()
        .split_whitespace()
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Raw {
        status,
        headers,
        body: buf[split + 4..].to_vec(),
    }
}

fn login(sim: &SimHandle) -> String {
    let op = sim.operator_credentials(&sim.demo_statistic_num()).unwrap();
    let form = format!("email={}&password={}", op.email.replace('@', "%40"), op.password);
    let r = raw(
        sim.addr(),
        "POST",
        "/v1/accounts/login",
        "Content-Type: application/x-www-form-urlencoded\r\n",
        &form,
    );
    assert_eq!(r.status, 200);
    r.json()["results"]["token"].as_str().unwrap().to_string()
}

#[test]
fn blocking_handle_and_control_endpoints() {
    let sim = SimHandle::start_blocking(Simulator::builder().seed(31).build()).expect("starts");
    let addr = sim.addr();
    assert!(addr.ip().is_loopback());
    let r = raw(addr, "GET", "/__sim/state", "", "");
    assert_eq!(r.status, 200);
    assert!(r.header("x-request-id").is_some());
    assert_eq!(r.json()["results"]["seed"], 31);
    let token = login(&sim);
    let auth = format!("Authorization: Bearer {token}\r\n");
    let r = raw(
        addr,
        "GET",
        "/v1/students/pontrens/institution/student-list?per_page=1",
        &auth,
        "",
    );
    assert_eq!(r.status, 200);
    let state = sim.state();
    assert_eq!(state.requests["GET /v1/students/pontrens/institution/student-list"], 1);
    assert_eq!(state.requests["POST /v1/accounts/login"], 1);
    assert!(!state.requests.keys().any(|k| k.contains("__sim")));
    // Faults through HTTP, then read back.
    let f = r#"{"rules":[{"method":"GET","path_prefix":"/v1/students","fault":{"status":502},"times":1}]}"#;
    assert_eq!(
        raw(addr, "POST", "/__sim/faults", "Content-Type: application/json\r\n", f).status,
        200
    );
    assert_eq!(
        raw(addr, "GET", "/__sim/faults", "", "").json()["results"]["rules"][0]["fault"]["status"],
        502
    );
    let r = raw(addr, "GET", "/v1/students/pontrens/institution/student-list", &auth, "");
    assert_eq!(r.status, 502);
    // Reset with another seed: new data, tokens gone, faults cleared.
    let old = sim.demo_statistic_num();
    let r = raw(addr, "POST", "/__sim/reset?seed=32", "", "");
    assert_eq!(r.status, 200);
    assert_eq!(sim.state().seed, 32);
    assert_ne!(sim.demo_statistic_num(), old);
    assert!(sim.state().faults.rules.is_empty());
    let r = raw(addr, "GET", "/v1/students/pontrens/institution/student-list", &auth, "");
    assert_eq!(r.status, 401);
    let creds = raw(addr, "GET", "/__sim/credentials", "", "").json();
    assert_eq!(creds["results"]["operators"].as_array().unwrap().len(), 5);
    assert_eq!(raw(addr, "POST", "/__sim/period?open=false", "", "").status, 200);
    assert!(!sim.state().period_open);
    assert_eq!(
        raw(addr, "POST", "/__sim/time?advance_secs=90", "", "").json()["results"]["clock_offset"],
        90
    );
    sim.shutdown();
    std::thread::sleep(Duration::from_millis(100));
    assert!(
        TcpStream::connect_timeout(&addr, Duration::from_millis(500)).is_err(),
        "stopped"
    );
}

#[test]
fn reset_mid_body_on_the_wire() {
    let sim = Simulator::builder()
        .seed(1)
        .faults(Faults::single(FaultRule::new(
            Some("GET"),
            "/v1/students",
            Fault::ResetMidBody { after_bytes: Some(40) },
        )))
        .build()
        .start_blocking()
        .unwrap();
    let token = login(&sim);
    let r = raw(
        sim.addr(),
        "GET",
        "/v1/students/pontrens/institution/student-list",
        &format!("Authorization: Bearer {token}\r\n"),
        "",
    );
    assert_eq!(r.status, 200);
    let announced: usize = r.header("content-length").unwrap().parse().unwrap();
    assert!(announced > 40);
    assert_eq!(r.body.len(), 40, "headers and 40 bytes, then the connection drops");
}

#[test]
fn only_loopback_addresses() {
    let err = Simulator::builder()
        .host("0.0.0.0".parse().unwrap())
        .build()
        .start_blocking()
        .unwrap_err();
    assert_eq!(err.kind(), std::io::ErrorKind::InvalidInput);
}

#[test]
fn binary_prints_the_url_first() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emis-sim"))
        .args([
            "serve",
            "--port",
            "0",
            "--seed",
            "9",
            "--demo-defects",
            "--write-window-ms",
            "0",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn emis-sim");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let url = first
        .trim()
        .strip_prefix("EMIS_SIM_URL=http://")
        .expect("first line is the URL")
        .to_string();
    let addr: SocketAddr = url.parse().unwrap();
    assert!(addr.ip().is_loopback() && addr.port() != 0);
    // Every KEY=value line until the comments.
    let mut keys = std::collections::BTreeMap::new();
    loop {
        let mut line = String::new();
        out.read_line(&mut line).unwrap();
        if line.starts_with('#') || line.is_empty() {
            break;
        }
        let (k, v) = line.trim().split_once('=').expect("KEY=value");
        keys.insert(k.to_string(), v.to_string());
    }
    assert!(keys["EMIS_SIM_OPERATOR_PASSWORD"].starts_with("sim-FAKE-"));
    assert_eq!(keys["EMIS_SIM_PROFILE"], "real");
    assert_eq!(keys["EMIS_SIM_OPERATOR_NIK"].len(), 16);
    assert_eq!(keys["EMIS_SIM_GTK_URL"], format!("http://{addr}"));
    assert_eq!(keys["EMIS_SIM_PINTAR_URL"], format!("http://{addr}"));
    assert!(keys["EMIS_SIM_GTK_COOKIE"].starts_with("emisSSO="));
    assert!(keys["EMIS_SIM_GTK_COOKIE"].contains("; sessionid="));
    assert!(keys["EMIS_SIM_PINTAR_TOKEN"].starts_with("pintar-sim-"));
    // The printed token works as pasted; the printed cookie opens the GTK preview.
    let auth = format!("Authorization: Bearer {}\r\n", keys["EMIS_SIM_TOKEN"]);
    let r = raw(addr, "GET", "/v1/students/pontrens/institution/student-list", &auth, "");
    assert_eq!(r.status, 200);
    let cookie = format!("Cookie: {}\r\n", keys["EMIS_SIM_GTK_COOKIE"]);
    let r = raw(
        addr,
        "GET",
        "/kepegawaian/verval-kepegawaian/ptk/asn/preview-simpeg/?nip=199001012020121001",
        &cookie,
        "",
    );
    assert_eq!(r.status, 200);
    assert_eq!(r.json()["validation"]["is_valid"], false);
    let st = raw(addr, "GET", "/__sim/state", "", "").json();
    assert_eq!(st["results"]["seed"], 9);
    assert_eq!(st["results"]["profile"], "real");
    // No batch endpoint in the real profile.
    assert_eq!(
        raw(addr, "POST", "/v1/students/pontrens/batch", &auth, "{}").status,
        404
    );
    let _ = child.kill();
    let _ = child.wait();

    // The extended profile serves it.
    let mut child = Command::new(env!("CARGO_BIN_EXE_emis-sim"))
        .args(["serve", "--profile", "extended", "--no-variance", "--seed", "9"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn emis-sim");
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    out.read_line(&mut first).unwrap();
    let addr: SocketAddr = first
        .trim()
        .strip_prefix("EMIS_SIM_URL=http://")
        .unwrap()
        .parse()
        .unwrap();
    let st = raw(addr, "GET", "/__sim/state", "", "").json();
    assert_eq!(st["results"]["profile"], "extended");
    let token = raw(addr, "GET", "/__sim/token?ttl=60", "", "").json()["results"]["token"]
        .as_str()
        .unwrap()
        .to_string();
    let auth = format!("Authorization: Bearer {token}\r\nContent-Type: application/json\r\n");
    let r = raw(addr, "POST", "/v1/students/pontrens/batch", &auth, r#"{"items": []}"#);
    assert_eq!(r.status, 200);
    let _ = child.kill();
    let _ = child.wait();

    let dump = Command::new(env!("CARGO_BIN_EXE_emis-sim"))
        .args(["dump", "--seed", "9"])
        .output()
        .unwrap();
    assert!(dump.status.success());
    let v: Value = serde_json::from_slice(&dump.stdout).unwrap();
    assert_eq!(v["seed"], 9);
    for bad in [vec!["serve", "--nope"], vec!["serve", "--profile", "imaginary"]] {
        let out = Command::new(env!("CARGO_BIN_EXE_emis-sim")).args(bad).output().unwrap();
        assert_eq!(out.status.code(), Some(2));
    }
}
