//! The SIGKILL test: the `emis` binary is killed with `kill -9` at random (seeded) moments of
//! a sync against the simulator's default (real) profile, again and again, then run without
//! killing until a run completes. The end state must be the one of the same data synced once
//! without kills on a fresh simulator with the same seed: the same santri on the server, no NIK
//! created twice, nothing lost, nothing else changed; and after every kill the store's JSON
//! files parse (the journal's last line may be torn, and its reader skips it).

mod common;

use common::*;
use emis_core::model::Santri;
use emis_core::sync::{DirStore, LocalStore, WriteState};
use emis_sim::SimHandle;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

const SEED: u64 = 20261207;
/// New santri to create (a same-name pair among them).
const NEW: usize = 200;
/// Kills to reach before running without killing.
const KILLS: u32 = 50;
/// The simulator's write window and the client's spacing of writes.
const WINDOW_MS: u64 = 30;
const WRITE_MS: &str = "40";

/// xorshift64*: deterministic delays from the seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }
}

fn is_active(v: &Value) -> bool {
    v.pointer("/learning_activity/student_status/name")
        .and_then(Value::as_str)
        .is_none_or(|s| s.eq_ignore_ascii_case("aktif"))
}

/// The roster with a typo (EMIS wins: no write), `NEW` new santri of which the last two share
/// name, birth date and birth place (two people), and one santri active at another lembaga.
fn kill_dataset(sim: &SimHandle) -> (Vec<Santri>, Vec<String>, (String, String)) {
    let sn = sim.demo_statistic_num();
    let (mut local, mut new) = dataset(sim, NEW);
    let roster = local.len() - NEW;
    if let Some(s) = local.get_mut(1) {
        let name: String = s.full_name.expose().chars().rev().collect();
        s.full_name = name.into();
    }
    let a = local[roster + NEW - 2].clone();
    let b = &mut local[roster + NEW - 1];
    b.full_name = a.full_name.clone();
    b.birth_date = a.birth_date.clone();
    b.birth_place = a.birth_place.clone();
    b.m_gender = a.m_gender.clone();
    let pair = (new[NEW - 2].clone(), new[NEW - 1].clone());
    let other = sim
        .dataset()
        .lembaga
        .iter()
        .find(|l| l.statistic_num != sn)
        .map(|l| l.statistic_num.clone())
        .expect("another lembaga");
    let v = sim
        .santri_records(&other)
        .into_iter()
        .find(is_active)
        .expect("active elsewhere");
    let mut x = Santri::from_value(&v).expect("record");
    x.id = None;
    x.learning_activity = None;
    local.push(x);
    new.sort();
    (local, new, pair)
}

/// The server's santri per lembaga (NIK → record without server ids, times and approvals),
/// and the NIKs created more than once.
fn server_end(sim: &SimHandle) -> (BTreeMap<String, BTreeMap<String, Value>>, Vec<String>) {
    let mut all = BTreeMap::new();
    for l in &sim.dataset().lembaga {
        let mut by_nik = BTreeMap::new();
        for mut r in sim.santri_records(&l.statistic_num) {
            if let Some(m) = r.as_object_mut() {
                for k in ["id", "approval_status", "approval_note", "created_at", "updated_at"] {
                    m.remove(k);
                }
            }
            let nik = r.get("nik").and_then(Value::as_str).unwrap_or("").to_string();
            assert!(by_nik.insert(nik, r).is_none(), "one NIK twice at one lembaga");
        }
        all.insert(l.statistic_num.clone(), by_nik);
    }
    let twice = sim
        .state()
        .santri
        .values()
        .flatten()
        .filter(|s| s.times_created > 1)
        .filter_map(|s| s.nik.clone())
        .collect();
    (all, twice)
}

/// After a kill: every store file parses (typed, as the next run reads it), and the journal's
/// unreadable lines are old torn lines or the last one.
fn store_intact(store: &Path, torn: &mut BTreeSet<usize>) {
    for f in ["santri.json", "gtk.json", "outbox.json", "checkpoints.json"] {
        if let Ok(b) = std::fs::read(store.join(f)) {
            serde_json::from_slice::<Value>(&b).unwrap_or_else(|e| panic!("{f} does not parse after a kill: {e}"));
        }
    }
    let s = DirStore::open(store).expect("store");
    s.load_santri().expect("santri.json");
    s.load_outbox().expect("outbox.json");
    s.load_checkpoints().expect("checkpoints.json");
    s.journal_lines().expect("journal");
    let journal = std::fs::read_to_string(store.join("journal.jsonl")).unwrap_or_default();
    let lines: Vec<&str> = journal.lines().collect();
    let bad: BTreeSet<usize> = (0..lines.len())
        .filter(|&i| serde_json::from_str::<Value>(lines[i]).is_err())
        .collect();
    for i in &bad {
        assert!(
            torn.contains(i) || *i + 1 == lines.len(),
            "journal line {i} broken in the middle"
        );
    }
    *torn = bad;
}

fn settled(store: &Path) -> bool {
    DirStore::open(store)
        .and_then(|s| s.load_outbox())
        .map(|o| {
            o.iter()
                .all(|e| !matches!(e.state, WriteState::Queued | WriteState::Sent))
        })
        .unwrap_or(false)
}

struct Runner {
    args: Vec<String>,
    env: Vec<(String, String)>,
    logs: std::path::PathBuf,
}

impl Runner {
    fn new(sim: &SimHandle, store: &Path, logs: std::path::PathBuf) -> Runner {
        let op = sim.operator_credentials(&sim.demo_statistic_num()).expect("operator");
        let extra = [
            "--write-interval-ms",
            WRITE_MS,
            "--read-interval-ms",
            "0",
            "--timeout",
            "10",
            "--no-simpeg",
            "--format",
            "json",
        ];
        Runner {
            args: sync_args(sim, store, &extra),
            env: vec![("EMIS_EMAIL".into(), op.email), ("EMIS_PASSWORD".into(), op.password)],
            logs,
        }
    }

    /// Runs `emis`; kills it with SIGKILL `kill_after` after its start (or after it began to
    /// send, with `after_push`) unless it ended first. Returns the exit code (None when killed)
    /// and its stderr.
    fn run(&self, kill_after: Option<Duration>, after_push: bool) -> (Option<i32>, String) {
        let env: Vec<(&str, &str)> = self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let err_path = self.logs.join("stderr.txt");
        let out = std::fs::File::create(self.logs.join("stdout.txt")).expect("stdout file");
        let err = std::fs::File::create(&err_path).expect("stderr file");
        let mut child = command(&refs(&self.args), &env)
            .stdout(Stdio::from(out))
            .stderr(Stdio::from(err))
            .spawn()
            .expect("spawn emis");
        let mut started = Instant::now();
        let mut waiting_for_push = after_push;
        let code = loop {
            if let Some(st) = child.try_wait().expect("try_wait") {
                break st.code();
            }
            if waiting_for_push {
                let e = std::fs::read_to_string(&err_path).unwrap_or_default();
                if e.lines().any(|l| l.trim_start().starts_with("kirim")) {
                    waiting_for_push = false;
                    started = Instant::now();
                }
            } else if kill_after.is_some_and(|d| started.elapsed() >= d) {
                child.kill().expect("SIGKILL");
                child.wait().expect("reap");
                break None;
            }
            if started.elapsed() > Duration::from_secs(120) && !waiting_for_push {
                child.kill().ok();
                panic!("a run hung");
            }
            std::thread::sleep(Duration::from_millis(2));
        };
        (code, std::fs::read_to_string(err_path).unwrap_or_default())
    }
}

#[test]
fn sigkill_at_random_moments_then_resume_ends_like_a_clean_run() {
    let t0 = Instant::now();
    let dir = TempDir::new("kill");
    let sim = sim(SEED, WINDOW_MS);
    let (local, new, pair) = kill_dataset(&sim);
    let sn = sim.demo_statistic_num();
    let planted = sim
        .dataset()
        .scenarios
        .same_name
        .clone()
        .expect("planted same-name pair");
    let before = server_end(&sim).0;

    // The reference: the same data synced once without kills, on a fresh simulator.
    let clean = common::sim(SEED, WINDOW_MS);
    let clean_store = dir.path("clean");
    folder(&clean, &clean_store, &local);
    std::fs::create_dir_all(dir.path("clean-logs")).unwrap();
    let started = Instant::now();
    let (code, err) = Runner::new(&clean, &clean_store, dir.path("clean-logs")).run(None, false);
    let clean_run = started.elapsed();
    assert!(matches!(code, Some(0 | 1)), "clean run: {code:?}\n{err}");
    assert!(settled(&clean_store));
    let (expected, twice) = server_end(&clean);
    assert!(twice.is_empty());
    clean.shutdown();

    // Killed again and again.
    let store = dir.path("store");
    folder(&sim, &store, &local);
    std::fs::create_dir_all(dir.path("logs")).unwrap();
    let runner = Runner::new(&sim, &store, dir.path("logs"));
    let mut rng = Rng(SEED);
    let (mut kills, mut runs, mut completed_early) = (0u32, 0u32, 0u32);
    let mut stages: BTreeMap<String, u32> = BTreeMap::new();
    let mut torn = BTreeSet::new();
    while kills < KILLS {
        // Most kills land while writes go out (the moments that matter); the rest anywhere.
        let in_push = rng.between(0, 9) < 7;
        let delay = Duration::from_millis(if in_push {
            rng.between(0, 150)
        } else {
            rng.between(5, 400)
        });
        let (code, err) = runner.run(Some(delay), in_push);
        runs += 1;
        match code {
            None => {
                kills += 1;
                let last = err.lines().rev().find(|l| l.starts_with("  ")).unwrap_or("(start)");
                let stage: String = last.trim_start().chars().take_while(|c| *c != '[').collect();
                *stages.entry(stage.trim().to_string()).or_default() += 1;
                store_intact(&store, &mut torn);
            }
            Some(0 | 1) => completed_early += 1,
            Some(c) => panic!("run {runs} ended with {c}:\n{err}"),
        }
    }
    // Then without killing, until a run completes with nothing left to send.
    let mut finishing_runs = 0;
    loop {
        let (code, err) = runner.run(None, false);
        runs += 1;
        finishing_runs += 1;
        assert!(matches!(code, Some(0 | 1)), "finishing run: {code:?}\n{err}");
        if settled(&store) || finishing_runs >= 5 {
            break;
        }
    }
    assert!(settled(&store), "nothing left queued or sent");

    // Same end state as the clean run; nothing created twice; nothing lost; nothing else moved.
    let (end, twice) = server_end(&sim);
    assert!(twice.is_empty(), "created twice: {twice:?}");
    let here = &end[&sn];
    let lost: Vec<&String> = new.iter().filter(|n| !here.contains_key(*n)).collect();
    assert!(lost.is_empty(), "lost: {lost:?}");
    for nik in [&pair.0, &pair.1] {
        assert!(here.contains_key(nik), "both same-name santri are on the server");
    }
    let ids: BTreeSet<String> = sim.state().santri[&sn].iter().map(|s| s.id.clone()).collect();
    assert!(
        ids.contains(&planted.0) && ids.contains(&planted.1),
        "the planted same-name pair stays two"
    );
    for (l, recs) in &before {
        for (nik, r) in recs {
            assert_eq!(end[l].get(nik), Some(r), "an existing record changed");
        }
    }
    assert_eq!(end, expected, "end state differs from the run without kills");
    let creates = sim.state().santri[&sn].iter().filter(|s| s.times_created == 1).count();
    let posts = sim.state().requests.get("POST /v1/students/ppdb").copied().unwrap_or(0);
    let outbox = DirStore::open(&store).and_then(|s| s.load_outbox()).expect("outbox");
    let found_by_lookup = outbox
        .iter()
        .filter(|e| e.code.as_deref() == Some("sync.ditemukan_setelah_terputus"))
        .count();
    let sent_again = outbox.iter().filter(|e| e.sends > 1).count();
    assert_eq!(creates, new.len());
    eprintln!(
        "SIGKILL test: kills={kills} (last stage shown before the kill: {stages:?}), runs={runs} (ended before their kill \
         {completed_early}, finishing {finishing_runs}), creates={creates}, duplicates=0, lost=0, create requests seen by \
         the server={posts}, sent and killed before the answer was saved then found by lookup={found_by_lookup}, \
         sent again after a lookup found them absent={sent_again}, torn journal lines={}, clean run {:.1} s, test {:.1} s",
        torn.len(),
        clean_run.as_secs_f64(),
        t0.elapsed().as_secs_f64()
    );
}
