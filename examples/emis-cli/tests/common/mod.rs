//! Shared helpers of the `emis` tests: the binary with a clean environment (and its own state
//! folder), its outputs and sample files; for `emis sync`, the simulator in its default (real
//! EMIS) profile on a background runtime, local folders with the demo lembaga's roster and new
//! santri, and the checks that no secret leaks.
#![allow(dead_code)]

use emis_core::model::Santri;
use emis_core::sync::{DirStore, LocalStore};
use emis_sim::{SimHandle, Simulator};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// Every variable `emis sync` reads, removed from the child's environment first.
pub const EMIS_VARS: &[&str] = &[
    "EMIS_TOKEN",
    "EMIS_EMAIL",
    "EMIS_USER",
    "EMIS_PASSWORD",
    "EMIS_PUBLIC_KEY",
    "EMIS_PRIVATE_KEY",
    "EMIS_GTK_COOKIE",
    "EMIS_PINTAR_TOKEN",
    "EMIS_DEMO_DIR",
];

/// The day the tests run "on" (inside the simulator's open period).
pub const TODAY: &str = "2026-09-01";

/// Where the `emis` of the tests remembers the last sync's folder (never the user's own state
/// folder): one per test process.
pub fn state_dir() -> PathBuf {
    std::env::temp_dir().join(format!("emis-cli-state-{}", std::process::id()))
}

/// `emis` with only the given EMIS variables, stdin closed (no prompt).
pub fn command(args: &[&str], env: &[(&str, &str)]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_emis"));
    c.args(args);
    for k in EMIS_VARS {
        c.env_remove(k);
    }
    c.env_remove("RUST_LOG");
    c.env("EMIS_STATE_DIR", state_dir());
    for (k, v) in env {
        c.env(k, v);
    }
    c.stdin(Stdio::null());
    c
}

/// Runs `emis` to the end.
pub fn emis(args: &[&str], env: &[(&str, &str)]) -> Output {
    command(args, env).output().expect("run emis")
}

/// Runs `emis` with a clean environment and no stdin.
pub fn run(args: &[&str]) -> Output {
    emis(args, &[])
}

/// Runs `emis` with `input` on stdin.
pub fn run_stdin(args: &[&str], input: &[u8]) -> Output {
    let mut child = command(args, &[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run emis");
    let mut stdin = child.stdin.take().expect("stdin");
    let input = input.to_vec();
    // Write from a thread: the output pipe fills up while we write a large input.
    let writer = std::thread::spawn(move || {
        use std::io::Write;
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait");
    writer.join().expect("writer");
    out
}

pub fn code(o: &Output) -> i32 {
    o.status.code().expect("exit code")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// A sample file of `examples/data`.
pub fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../data").join(name)
}

/// A file in this test process's temp folder.
pub fn temp_file(name: &str, content: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("emis-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p = dir.join(name);
    std::fs::write(&p, content).expect("temp file");
    p
}

pub fn text(o: &Output) -> String {
    format!(
        "{}\n{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

pub fn json(o: &Output) -> Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("JSON report ({e}):\n{}", text(o)))
}

/// A simulator in the default (real) profile with a short write window.
pub fn sim(seed: u64, write_window_ms: u64) -> SimHandle {
    Simulator::builder()
        .seed(seed)
        .write_window_ms(write_window_ms)
        .build()
        .start_blocking()
        .expect("simulator")
}

/// A fresh folder under the temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!("emis-cli-{tag}-{}-{t}", std::process::id()));
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
    pub fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

pub fn digits(s: &Santri) -> String {
    s.nik
        .as_ref()
        .map(|n| n.expose().chars().filter(char::is_ascii_digit).collect())
        .unwrap_or_default()
}

/// The demo lembaga's roster plus `n` new santri (not on the server yet).
pub fn dataset(sim: &SimHandle, n: usize) -> (Vec<Santri>, Vec<String>) {
    let sn = sim.demo_statistic_num();
    let mut local: Vec<Santri> = sim
        .santri_records(&sn)
        .iter()
        .map(|v| Santri::from_value(v).expect("roster record"))
        .collect();
    let mut new = Vec::new();
    for s in sim.new_santri(&sn, n) {
        let mut x = Santri::from_value(&s.to_json("")).expect("new santri");
        x.id = None;
        x.learning_activity = None;
        new.push(digits(&x));
        local.push(x);
    }
    (local, new)
}

/// A local folder store holding `santri` and the lembaga's GTK.
pub fn folder(sim: &SimHandle, path: &Path, santri: &[Santri]) {
    let mut s = DirStore::open(path).expect("store");
    s.save_santri(santri).expect("santri");
    let gtk: Vec<emis_core::model::Gtk> = sim
        .gtk_records(&sim.demo_statistic_num())
        .iter()
        .map(|v| emis_core::model::Gtk::from_value(v).expect("gtk"))
        .collect();
    s.save_gtk(&gtk).expect("gtk");
}

/// How many times each NIK was created at the demo lembaga (the simulator's count).
pub fn times_created(sim: &SimHandle, nik: &str) -> Vec<u64> {
    let sn = sim.demo_statistic_num();
    sim.state()
        .santri_with_nik(&sn, nik)
        .iter()
        .map(|s| s.times_created)
        .collect()
}

/// Every file under `dir`, recursively, as bytes.
pub fn files(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(files(&p));
        } else if let Ok(b) = std::fs::read(&p) {
            out.push((p, b));
        }
    }
    out
}

/// Asserts that no secret appears in the outputs nor in any file of `dir`.
pub fn no_secret_anywhere(outputs: &[&Output], dir: &Path, secrets: &[&str]) {
    for s in secrets.iter().filter(|s| s.len() >= 6) {
        for o in outputs {
            assert!(!text(o).contains(s), "a secret is in the output:\n{}", text(o));
        }
        for (p, b) in files(dir) {
            assert!(
                !String::from_utf8_lossy(&b).contains(s),
                "a secret is in {}",
                p.display()
            );
        }
    }
}

/// The fast pacing of tests (the simulator's window is shorter).
pub const FAST: &[&str] = &[
    "--write-interval-ms",
    "30",
    "--read-interval-ms",
    "0",
    "--timeout",
    "10",
];

/// `sync --server … --statistic-num … --local DIR` plus `extra`.
pub fn sync_args(sim: &SimHandle, local: &Path, extra: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = [
        "sync",
        "--server",
        &sim.base_url(),
        "--statistic-num",
        &sim.demo_statistic_num(),
        "--local",
        local.to_str().expect("utf-8 path"),
        "--today",
        TODAY,
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.extend(extra.iter().map(|s| s.to_string()));
    v
}

pub fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}
