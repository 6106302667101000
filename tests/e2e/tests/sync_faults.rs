//! Adversarial proof of exactly-once without server idempotency: random fault schedules
//! (lost answers after a create was applied, resets, 5xx, 429 without Retry-After, hangs past
//! the timeout, malformed and truncated lists, sessions ending as 401/419/HTML/redirect) and
//! random "crashes" of the local store, each run to completion the way an operator reruns the
//! command, then compared with the same data synced without faults: 0 duplicates, 0 lost,
//! 0 unwanted changes, 0 spurious rejections.
//!
//! `bash tests/e2e/fault-seeds.sh 2000` runs more seeds (CI runs 200); `EMIS_FAULT_DEBUG=1`
//! prints each schedule and run.

#[path = "sync_support.rs"]
mod support;

use emis_core::sync::test_util::FailingStore;
use emis_core::sync::{DirStore, LocalStore, WriteState};
use emis_sim::{Fault, FaultRule, Faults, RetryAfter, SessionShape, SimHandle};
use std::collections::BTreeSet;
use support::*;

const DATA_SEED: u64 = 20261206;

/// SplitMix64: the schedule of a seed.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self) -> f64 {
        (self.next() % 1000) as f64 / 1000.0
    }
}

const CREATE: &str = "/v1/students/ppdb";
const LIST: &str = "/v1/students/pontrens/institution/student-list";

/// A random schedule: 1 to 5 rules, each bounded (`times`) so that the network heals.
fn schedule(rng: &mut Rng) -> Faults {
    let mut f = Faults::none();
    for _ in 0..1 + rng.below(5) {
        let p = 0.15 + rng.chance() * 0.5;
        let times = 1 + rng.below(4);
        let rule = match rng.below(11) {
            // The ambiguous case: applied, then the connection drops before the reply.
            0 | 1 => FaultRule::new(Some("POST"), CREATE, Fault::ResetMidBody { after_bytes: Some(0) }).after_apply(),
            2 => FaultRule::new(Some("POST"), CREATE, Fault::Status(503)).after_apply(),
            3 => FaultRule::new(Some("POST"), CREATE, Fault::Status(500)),
            4 => FaultRule::new(
                Some("POST"),
                CREATE,
                Fault::TooManyRequests {
                    retry_after: RetryAfter::Absent,
                },
            ),
            // Applied, but the answer comes after the client gave up (timeout 1.5 s).
            5 => FaultRule::new(Some("POST"), CREATE, Fault::Delay(1800)).after_apply(),
            6 => FaultRule::new(Some("GET"), LIST, Fault::MalformedJson),
            7 => FaultRule::new(Some("GET"), LIST, Fault::TruncatedJson),
            8 => FaultRule::new(None, "/v1/students", Fault::ResetMidBody { after_bytes: None }),
            9 => {
                let shape = [
                    SessionShape::Unauthorized,
                    SessionShape::PageExpired,
                    SessionShape::Html,
                    SessionShape::Redirect,
                ][rng.below(4) as usize];
                FaultRule::new(None, "/v1/students", Fault::ExpireSession { shape })
            }
            _ => FaultRule::new(None, "/v1/students/pontrens/student-ppdb-search", Fault::Status(502)),
        };
        f = f.with(rule.probability(p).times(times));
    }
    f
}

/// One operator: reruns the sync until it completes (at most `max_runs`), the local store
/// "crashing" at a random write on some runs. Returns the runs and crashes it took.
async fn until_done(sim: &SimHandle, store_path: Option<&std::path::Path>, mem: &Shared, rng: &mut Rng) -> (u32, u32) {
    let clock = clock();
    let cl = client(sim, Auth::Password, &clock, |_| {});
    let mut opts = options(sim);
    opts.policy = emis_core::sync::ConflictPolicy::LocalWins;
    let (mut runs, mut crashes) = (0u32, 0u32);
    loop {
        runs += 1;
        assert!(runs <= 40, "no completion after 40 runs");
        let base: Box<dyn LocalStore> = match store_path {
            Some(p) => Box::new(DirStore::open(p).expect("reopen")),
            None => Box::new(mem.clone()),
        };
        let crash_at = (rng.below(3) == 0 && runs < 10).then(|| 1 + rng.below(12));
        let store: Box<dyn LocalStore> = match (crash_at, store_path) {
            (Some(c), Some(p)) => Box::new(FailingStore::new(DirStore::open(p).expect("reopen"), Some(c))),
            (Some(c), None) => Box::new(FailingStore::new(mem.clone(), Some(c))),
            (None, _) => base,
        };
        let (r, back) = sync(&cl, store, &opts).await;
        drop(back);
        if std::env::var("EMIS_FAULT_DEBUG").is_ok() {
            match &r {
                Ok(rep) => {
                    eprintln!(
                        "run {runs}: ok, lookups {} states {:?}",
                        rep.resolved_by_lookup, rep.write_states
                    );
                    let mut f: std::collections::BTreeMap<String, usize> = Default::default();
                    for c in rep
                        .records
                        .iter()
                        .flat_map(|o| o.codes.iter())
                        .filter(|c| c.starts_with("field."))
                    {
                        *f.entry(c.clone()).or_default() += 1;
                    }
                    eprintln!("  diffs {f:?}");
                }
                Err(e) => eprintln!("run {runs}: {e}"),
            }
        }
        if crash_at.is_some() && r.is_err() {
            crashes += 1;
        }
        let view: Box<dyn LocalStore> = match store_path {
            Some(p) => Box::new(DirStore::open(p).expect("reopen")),
            None => Box::new(mem.clone()),
        };
        if r.is_ok() && settled(view.as_ref()) {
            return (runs, crashes);
        }
        if runs > 20 {
            // The network is healed after a while, like in real life.
            sim.set_faults(Faults::none());
        }
    }
}

struct Expected {
    end: ServerEnd,
    refused: BTreeSet<String>,
}

fn refused_niks(store: &dyn LocalStore) -> BTreeSet<String> {
    store
        .load_outbox()
        .expect("outbox")
        .iter()
        .filter(|e| e.state == WriteState::Ditolak)
        .filter_map(|e| e.change.key.get("nik").and_then(|v| v.as_str()).map(str::to_string))
        .collect()
}

#[test]
fn random_fault_schedules_end_like_a_clean_run() {
    let seeds: u64 = std::env::var("EMIS_FAULT_SEEDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(200);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let sim = sim_real(DATA_SEED).await;
        let (local, gtk, planted) = local_dataset(&sim);
        // The reference: the same data synced without faults.
        let reference = {
            let mem = Shared::default();
            {
                let mut m = mem.clone();
                m.save_santri(&local).unwrap();
                m.save_gtk(&gtk).unwrap();
            }
            let (runs, _) = until_done(&sim, None, &mem, &mut Rng(0)).await;
            assert_eq!(runs, 1, "a clean run completes at once");
            let end = server_end(&sim);
            assert!(end.created_more_than_once.is_empty());
            let here = &end.santri[&planted.sn];
            for n in planted.new_niks.iter().chain(&planted.twin_niks).chain([&planted.namesake_nik, &planted.namesake_of]) {
                assert!(here.contains_key(n), "{n} on the server after a clean run");
            }
            let refused = refused_niks(&mem);
            assert!(refused.contains(&planted.elsewhere_nik), "data ganda refused");
            Expected { end, refused }
        };
        let (mut total_runs, mut total_crashes, mut lookups) = (0u32, 0u32, 0u64);
        let dirs = TempDir::new("faults");
        for seed in 1..=seeds {
            sim.reset(Some(DATA_SEED));
            let mut rng = Rng(seed);
            let sched = schedule(&mut rng);
            if std::env::var("EMIS_FAULT_DEBUG").is_ok() {
                eprintln!("seed {seed}: {}", serde_json::to_string(&sched).unwrap_or_default());
            }
            sim.set_faults(sched);
            let mem = Shared::default();
            // Every fourth seed on a folder store reopened from disk for every run.
            let path = (seed % 4 == 0).then(|| dir_store_in(&dirs, seed, &local, &gtk));
            if path.is_none() {
                let mut m = mem.clone();
                m.save_santri(&local).unwrap();
                m.save_gtk(&gtk).unwrap();
            }
            let (runs, crashes) = until_done(&sim, path.as_deref(), &mem, &mut rng).await;
            total_runs += runs;
            total_crashes += crashes;
            sim.set_faults(Faults::none());
            let end = server_end(&sim);
            assert!(
                end.created_more_than_once.is_empty(),
                "seed {seed}: created twice: {:?}",
                end.created_more_than_once.len()
            );
            for (sn, want) in &reference.end.santri {
                let got = &end.santri[sn];
                let lost: Vec<_> = want.keys().filter(|k| !got.contains_key(*k)).collect();
                let extra: Vec<_> = got.keys().filter(|k| !want.contains_key(*k)).collect();
                assert!(lost.is_empty() && extra.is_empty(), "seed {seed}: {} lost, {} extra at {sn}", lost.len(), extra.len());
                for (nik, v) in want {
                    assert_eq!(&got[nik], v, "seed {seed}: unwanted change of a record at {sn}");
                }
            }
            let view: Box<dyn LocalStore> = match &path {
                Some(p) => Box::new(DirStore::open(p).expect("reopen")),
                None => Box::new(mem.clone()),
            };
            assert_eq!(refused_niks(view.as_ref()), reference.refused, "seed {seed}: spurious or missing rejections");
            lookups += view
                .journal_lines()
                .expect("journal")
                .iter()
                .flat_map(|j| j.writes.iter())
                .filter(|w| w.code.as_deref() == Some("sync.ditemukan_setelah_terputus"))
                .count() as u64;
        }
        eprintln!(
            "fault schedules: {seeds} seeds, {total_runs} runs, {total_crashes} store crashes, {lookups} writes settled by lookup after a lost answer; duplicates 0, lost 0, unwanted changes 0, spurious rejections 0"
        );
        sim.shutdown();
    });
}

fn dir_store_in(
    dirs: &TempDir,
    seed: u64,
    santri: &[emis_core::model::Santri],
    gtk: &[emis_core::model::Gtk],
) -> std::path::PathBuf {
    let path = dirs.0.join(format!("seed-{seed}"));
    let mut s = DirStore::open(&path).expect("dir store");
    s.save_santri(santri).expect("santri");
    s.save_gtk(gtk).expect("gtk");
    path
}
