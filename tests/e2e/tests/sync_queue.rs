//! A sync against a busy server: a queued sync job (`QueueLength`), 429 with `Retry-After`
//! (seconds and HTTP date) and 503 bursts on the list, batch and job endpoints. The sync
//! finishes on its own, reports its queue positions, honours the server's waits and is
//! bounded in time.

#[path = "sync_support.rs"]
mod support;

use emis_core::sync::{Progress, Stage, SyncEngine, SyncOptions};
use emis_sim::{Fault, FaultRule, Faults, RetryAfter, Simulator};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use support::*;

const SANTRI_LIST: &str = "/v1/students/pontrens/institution/student-list";
const GTK_LIST: &str = "/v1/personnels/partners/personnels";
const SANTRI_BATCH: &str = "/v1/students/pontrens/batch";
const GTK_BATCH: &str = "/v1/personnels/pontrens/batch";
const JOBS: &str = "/v1/sync-jobs";

fn rule(method: &str, path: &str, fault: Fault) -> FaultRule {
    FaultRule::new(Some(method), path, fault)
}

fn too_many(secs: u64) -> Fault {
    Fault::TooManyRequests {
        retry_after: RetryAfter::Seconds(secs),
    }
}

/// Queue positions the progress callback saw, in order (repeats removed).
fn queue_positions(events: &[Progress]) -> Vec<u64> {
    let mut v: Vec<u64> = events
        .iter()
        .filter(|p| p.stage == Stage::Queue)
        .filter_map(|p| p.queue_position)
        .collect();
    v.dedup();
    v
}

#[tokio::test]
async fn busy_server_queue_429_and_503_bursts() {
    // Rules are checked in order; a burst is a rule with `times` and no `nth`/`every`.
    let faults = Faults::default()
        // The first page of santri: two 429s, then two 503s.
        .with(rule("GET", SANTRI_LIST, too_many(2)).times(2))
        .with(rule("GET", SANTRI_LIST, Fault::Status(503)).times(2))
        .with(rule("GET", GTK_LIST, Fault::Status(503)).times(2))
        // The first batch is applied but answered 503, then two 429s: the retries with the
        // same key get the stored answer.
        .with(rule("POST", SANTRI_BATCH, Fault::Status(503)).times(1).after_apply())
        .with(rule("POST", SANTRI_BATCH, too_many(1)).times(2))
        .with(rule("POST", GTK_BATCH, Fault::Status(503)).times(2))
        // The job: refused once with an HTTP-date Retry-After, then queued at position 5;
        // its status endpoint is down twice.
        .with(
            rule(
                "POST",
                JOBS,
                Fault::TooManyRequests {
                    retry_after: RetryAfter::HttpDate(3),
                },
            )
            .times(1),
        )
        .with(rule("POST", JOBS, Fault::QueueLength(5)))
        .with(FaultRule::new(Some("GET"), &format!("{JOBS}/"), Fault::Status(503)).times(2));
    let sim = Simulator::builder()
        .seed(23)
        .faults(faults)
        .build()
        .start()
        .await
        .expect("simulator");
    let (santri, gtk, p) = local_dataset(&sim);
    let mut store = AnyStore::new(Kind::Memory, None, &santri, &gtk);
    let clock = emis_e2e::manual_clock();
    let (client, sleeps) = recording_client(&sim, &clock);
    let mut opts = SyncOptions::new(&p.sn, today());
    opts.batch_size = 2;
    let events: Mutex<Vec<Progress>> = Mutex::new(Vec::new());
    let cb = |p: &Progress| events.lock().expect("lock").push(p.clone());
    let wall = Instant::now();
    let virtual_start = client.now_ms();

    let r = SyncEngine::new(&client, store.store())
        .on_progress(&cb)
        .run(&opts)
        .await
        .unwrap_or_else(|e| panic!("the sync needs no operator: {e}"));

    assert_eq!(r.pushed, 4);
    assert_eq!(r.rejected.len(), 1, "only the data ganda: {:?}", r.rejected);
    let events = events.into_inner().expect("lock");
    let positions = queue_positions(&events);
    assert_eq!(positions.first(), Some(&5), "queued at 5: {positions:?}");
    assert_eq!(positions.last(), Some(&0), "then running: {positions:?}");
    assert!(positions.windows(2).all(|w| w[0] > w[1]), "moving up: {positions:?}");
    assert!(positions.len() >= 3, "{positions:?}");

    let st = sim.state();
    let fired: Vec<u64> = st.fault_counters.iter().map(|c| c.fired).collect();
    assert_eq!(fired, [2, 2, 2, 1, 2, 2, 1, 1, 2], "every fault was met");
    for (k, c) in &st.idempotency {
        assert_eq!((c.applied, c.mismatches), (1, 0), "{k}: {c:?}");
    }
    let replayed: Vec<_> = st.idempotency.values().filter(|c| c.replays > 0).collect();
    assert_eq!(replayed.len(), 1, "the batch applied before its 503");
    assert_eq!(
        replayed[0].replays, 1,
        "one replay: the 429s were refused before applying"
    );
    assert_eq!(st.jobs, 1, "one job despite the retried POST");
    assert!(server_end(&sim).active_per_nik.values().all(|n| *n == 1));

    // The server's waits were honoured (in virtual time: `Retry-After: 2` twice on the list,
    // `1` twice on the batch; queue waits follow the server's estimate, capped at 30 s), and
    // it all took little real time.
    let sleeps = sleeps.sleeps();
    let secs = |n: u64| sleeps.iter().filter(|d| **d == Duration::from_secs(n)).count();
    assert!(secs(2) >= 2 && secs(1) >= 2, "Retry-After honoured: {sleeps:?}");
    assert!(sleeps.iter().all(|d| *d <= Duration::from_secs(30)), "{sleeps:?}");
    let waited = Duration::from_millis((client.now_ms() - virtual_start) as u64);
    assert!(
        waited < Duration::from_secs(10 * 60),
        "bounded in virtual time: {waited:?}"
    );
    assert!(wall.elapsed() < Duration::from_secs(10), "{:?}", wall.elapsed());

    // The same sync against a quiet server ends in the same place.
    let quiet = emis_e2e::sim(23).await;
    let (santri, gtk, p) = local_dataset(&quiet);
    let mut quiet_store = AnyStore::new(Kind::Memory, None, &santri, &gtk);
    let quiet_client = support::client(&quiet, &clock, |_| {});
    let mut o = SyncOptions::new(&p.sn, today());
    o.batch_size = 2;
    SyncEngine::new(&quiet_client, quiet_store.store())
        .run(&o)
        .await
        .expect("quiet sync");
    assert_eq!(server_end(&sim), server_end(&quiet));
    assert_eq!(local_end(store.view()), local_end(quiet_store.view()));
}

/// With the real clock: a 429 with `Retry-After: 1` and a short queue cost about their time,
/// and the whole sync stays well under the test budget.
#[tokio::test]
async fn real_time_waits_are_bounded() {
    let faults = Faults::default()
        .with(rule("GET", SANTRI_LIST, too_many(1)).times(1))
        .with(rule("POST", SANTRI_BATCH, Fault::Status(503)).times(2))
        .with(rule("POST", JOBS, Fault::QueueLength(2)));
    let sim = Simulator::builder()
        .seed(29)
        .seconds_per_position(1)
        .faults(faults)
        .build()
        .start()
        .await
        .expect("simulator");
    let (santri, gtk, p) = local_dataset(&sim);
    let mut store = AnyStore::new(Kind::Memory, None, &santri, &gtk);
    let client = emis_e2e::client_for(&sim, |_| {});
    let opts = SyncOptions::new(&p.sn, today());
    let events: Mutex<Vec<Progress>> = Mutex::new(Vec::new());
    let cb = |p: &Progress| events.lock().expect("lock").push(p.clone());
    let wall = Instant::now();
    let r = SyncEngine::new(&client, store.store())
        .on_progress(&cb)
        .run(&opts)
        .await
        .unwrap_or_else(|e| panic!("sync: {e}"));
    let took = wall.elapsed();
    assert_eq!(r.pushed, 4);
    assert!(took >= Duration::from_secs(1), "Retry-After: 1 honoured: {took:?}");
    assert!(took < Duration::from_secs(10), "bounded: {took:?}");
    let positions = queue_positions(&events.into_inner().expect("lock"));
    assert_eq!(positions.first(), Some(&2), "{positions:?}");
    assert_eq!(positions.last(), Some(&0), "{positions:?}");
    let fired: Vec<u64> = sim.state().fault_counters.iter().map(|c| c.fired).collect();
    assert_eq!(fired, [1, 2, 1]);
}
