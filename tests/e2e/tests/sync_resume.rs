//! Crash and resume: a sync stopped at any point (each `FailPoint`, a connection reset after
//! the server applied a batch, a cancellation) and run again ends exactly like an
//! uninterrupted sync against a fresh simulator with the same seed and the same local data:
//! same server records, same local store, every batch applied once under the idempotency key
//! the first session created, replayed at most once.

#[path = "sync_support.rs"]
mod support;

use emis_core::sync::store::{OutboxState, SessionResult};
use emis_core::sync::{CancelToken, FailPoint, LocalStore, Progress, Stage, SyncEngine, SyncOptions, SyncReport};
use emis_core::transport::RetryPolicy;
use emis_sim::{Fault, FaultRule, Faults, SimHandle, StateSnapshot};
use std::collections::BTreeSet;
use std::sync::Mutex;
use support::*;

const SEED: u64 = 11;

fn options(sn: &str) -> SyncOptions {
    let mut o = SyncOptions::new(sn, today());
    // 4 santri changes and 1 GTK create: batches of 2 give 3 batches.
    o.batch_size = 2;
    o
}

fn batch_keys(st: &StateSnapshot) -> BTreeSet<String> {
    st.idempotency
        .iter()
        .filter(|(_, c)| c.path.ends_with("/batch"))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Each write applied once, never a mismatch, replayed at most once.
fn each_write_once(st: &StateSnapshot) {
    assert_eq!(st.keyless_writes, 0);
    for (k, c) in &st.idempotency {
        assert_eq!(c.applied, 1, "{k}: {c:?}");
        assert_eq!(c.mismatches, 0, "{k}: {c:?}");
        assert!(c.replays <= 1, "{k}: {c:?}");
    }
}

struct End {
    server: ServerEnd,
    local: LocalEnd,
    batches: usize,
}

/// A simulator, the local dataset in a fresh `DirStore`, and a client.
async fn setup(tag: &str, faults: Option<Faults>) -> (SimHandle, TempDir, AnyStore, SyncOptions) {
    let sim = emis_e2e::sim(SEED).await;
    if let Some(f) = faults {
        sim.set_faults(f);
    }
    let (santri, gtk, p) = local_dataset(&sim);
    let tmp = TempDir::new(tag);
    let store = AnyStore::new(Kind::Dir, Some(&tmp), &santri, &gtk);
    (sim, tmp, store, options(&p.sn))
}

/// The uninterrupted sync.
async fn baseline() -> End {
    let (sim, _tmp, mut store, opts) = setup("resume-base", None).await;
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let r = SyncEngine::new(&client, store.store()).run(&opts).await.expect("sync");
    assert_eq!(r.pushed, 4);
    assert_eq!(r.resumed_batches, 0);
    let st = sim.state();
    each_write_once(&st);
    assert!(st.idempotency.values().all(|c| c.replays == 0));
    End {
        server: server_end(&sim),
        local: local_end(store.view()),
        batches: batch_keys(&st).len(),
    }
}

/// What the interrupted session left, read back from disk after the "restart".
struct AfterStop {
    keys: Vec<String>,
    pending: Vec<String>,
    /// Keys the server had applied before the stop.
    sent: BTreeSet<String>,
}

fn after_stop(sim: &SimHandle, store: &dyn LocalStore) -> AfterStop {
    let outbox = store.load_outbox().expect("outbox");
    let keys: Vec<String> = outbox.iter().map(|e| e.idempotency_key.clone()).collect();
    let pending = outbox
        .iter()
        .filter(|e| e.state == OutboxState::Pending)
        .map(|e| e.idempotency_key.clone())
        .collect();
    let known = batch_keys(&sim.state());
    let sent = keys.iter().filter(|k| known.contains(*k)).cloned().collect();
    AfterStop { keys, pending, sent }
}

/// Runs again (a new client: a restarted app logs in again) and compares with the baseline.
async fn resume_and_compare(sim: &SimHandle, store: AnyStore, opts: &SyncOptions, stop: &AfterStop) -> SyncReport {
    let mut store = store.reopen();
    let clock = emis_e2e::manual_clock();
    let client = client(sim, &clock, |_| {});
    let r = SyncEngine::new(&client, store.store())
        .run(opts)
        .await
        .unwrap_or_else(|e| panic!("resumed sync failed: {e}"));
    assert_eq!(
        r.resumed_batches,
        stop.pending.len() as u64,
        "pending batches re-sent first"
    );
    let st = sim.state();
    each_write_once(&st);
    for k in &stop.keys {
        let c = st
            .idempotency
            .get(k)
            .unwrap_or_else(|| panic!("{k} never reached the server"));
        let resent = stop.pending.contains(k) && stop.sent.contains(k);
        assert_eq!(
            c.replays,
            u64::from(resent),
            "{k}: replayed once iff it was sent before the stop"
        );
    }
    if !stop.keys.is_empty() {
        let created_later: Vec<_> = batch_keys(&st).into_iter().filter(|k| !stop.keys.contains(k)).collect();
        assert!(
            created_later.is_empty(),
            "the outbox's batches with their keys, no new ones: {created_later:?}"
        );
    }
    let base = baseline().await;
    assert_eq!(
        batch_keys(&st).len(),
        base.batches,
        "nothing sent twice under a new key"
    );
    let server = server_end(sim);
    assert!(
        server.active_per_nik.values().all(|n| *n == 1),
        "no duplicate NIK on the server"
    );
    assert_eq!(server, base.server, "same server end state");
    let store = store.reopen();
    assert_eq!(local_end(store.view()), base.local, "same local end state");
    // The interrupted session stays "started" (or shows why it stopped); the resumed one
    // succeeded.
    let lines = store.view().journal_lines().expect("journal");
    let last = lines.last().expect("journal line");
    assert_eq!(
        (last.session_id.as_str(), last.result),
        (r.session_id.as_str(), SessionResult::Success)
    );
    r
}

async fn crash_and_resume(at: FailPoint) {
    let (sim, _tmp, mut store, opts) = setup("resume-crash", None).await;
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let mut crashing = opts.clone();
    crashing.fail_at = Some(at);
    let err = SyncEngine::new(&client, store.store())
        .run(&crashing)
        .await
        .expect_err("simulated crash");
    assert!(err.to_string().contains("simulated crash"), "{err}");
    drop(client);

    let store = store.reopen();
    let stop = after_stop(&sim, store.view());
    let (n_keys, n_pending, n_sent) = match at {
        FailPoint::AfterFetch => (0, 0, 0),
        FailPoint::AfterOutbox => (3, 3, 0),
        FailPoint::AfterPush => (3, 3, 1),
        FailPoint::AfterAck | FailPoint::AfterCheckpoint => (3, 2, 1),
        FailPoint::AfterApply => (3, 0, 3),
    };
    assert_eq!(
        (stop.keys.len(), stop.pending.len(), stop.sent.len()),
        (n_keys, n_pending, n_sent),
        "outbox after a crash at {at:?}"
    );
    let keys: BTreeSet<&String> = stop.keys.iter().collect();
    assert_eq!(keys.len(), stop.keys.len(), "one key per batch");
    let lines = store.view().journal_lines().expect("journal");
    assert_eq!(lines.len(), 1, "a crashed session leaves its start line only");
    assert_eq!(lines[0].result, SessionResult::Started);
    let cps = store.view().load_checkpoints().expect("checkpoints");
    let acked = cps
        .get(&emis_core::sync::store::Stream::Santri)
        .and_then(|c| c.last_acked_batch.clone());
    match at {
        // The checkpoint is written only after the batch's answer is saved.
        FailPoint::AfterFetch | FailPoint::AfterOutbox | FailPoint::AfterPush | FailPoint::AfterAck => {
            assert_eq!(acked, None)
        }
        _ => assert!(acked.is_some()),
    }

    resume_and_compare(&sim, store, &opts, &stop).await;
}

#[tokio::test]
async fn crash_after_fetch() {
    crash_and_resume(FailPoint::AfterFetch).await;
}

#[tokio::test]
async fn crash_after_outbox() {
    crash_and_resume(FailPoint::AfterOutbox).await;
}

#[tokio::test]
async fn crash_after_push() {
    crash_and_resume(FailPoint::AfterPush).await;
}

#[tokio::test]
async fn crash_after_ack() {
    crash_and_resume(FailPoint::AfterAck).await;
}

#[tokio::test]
async fn crash_after_checkpoint() {
    crash_and_resume(FailPoint::AfterCheckpoint).await;
}

#[tokio::test]
async fn crash_after_apply() {
    crash_and_resume(FailPoint::AfterApply).await;
}

/// The connection breaks after the server applied the first batch; retries are off, so the
/// sync fails. The next sync re-sends it with the same key and gets the stored answer.
#[tokio::test]
async fn connection_reset_after_apply_then_resume() {
    let reset = FaultRule::new(
        Some("POST"),
        "/v1/students/pontrens/batch",
        Fault::ResetMidBody { after_bytes: None },
    )
    .nth(1)
    .after_apply();
    let (sim, _tmp, mut store, opts) = setup("resume-reset", Some(Faults::single(reset))).await;
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |c| c.retry = RetryPolicy::none());
    let err = SyncEngine::new(&client, store.store())
        .run(&opts)
        .await
        .expect_err("the reset fails the sync");
    assert_eq!(err.root().code(), "transport", "{err}");
    let store = store.reopen();
    let stop = after_stop(&sim, store.view());
    assert_eq!((stop.keys.len(), stop.pending.len(), stop.sent.len()), (3, 3, 1));
    let outbox = store.view().load_outbox().expect("outbox");
    assert!(
        outbox[0]
            .last_error
            .as_deref()
            .is_some_and(|e| e.starts_with("transport"))
    );
    let lines = store.view().journal_lines().expect("journal");
    let failed = lines.last().expect("line");
    assert_eq!(failed.result, SessionResult::Failed);
    assert!(failed.error.as_deref().is_some_and(|e| e.starts_with("transport")));
    assert_eq!(sim.state().fault_counters[0].fired, 1);

    resume_and_compare(&sim, store, &opts, &stop).await;
}

/// Cancelled from the progress callback after the first batch: it stops at the batch
/// boundary, journals the cancellation, and the next sync finishes the rest.
#[tokio::test]
async fn cancel_after_first_batch_loses_nothing() {
    let (sim, _tmp, mut store, opts) = setup("resume-cancel", None).await;
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let token = CancelToken::new();
    let seen: Mutex<Vec<Progress>> = Mutex::new(Vec::new());
    let cb = |p: &Progress| {
        seen.lock().expect("lock").push(p.clone());
        if p.stage == Stage::Push && p.done == 1 {
            token.cancel();
        }
    };
    let err = SyncEngine::new(&client, store.store())
        .on_progress(&cb)
        .cancel_token(token.clone())
        .run(&opts)
        .await
        .expect_err("cancelled");
    assert_eq!(err.code(), "cancelled");
    let pushes: Vec<(u64, Option<u64>)> = seen
        .lock()
        .expect("lock")
        .iter()
        .filter(|p| p.stage == Stage::Push)
        .map(|p| (p.done, p.total))
        .collect();
    assert_eq!(pushes, [(0, Some(3)), (1, Some(3))], "stopped before the second batch");
    let store = store.reopen();
    let stop = after_stop(&sim, store.view());
    assert_eq!((stop.keys.len(), stop.pending.len(), stop.sent.len()), (3, 2, 1));
    let lines = store.view().journal_lines().expect("journal");
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1].result, SessionResult::Cancelled);

    resume_and_compare(&sim, store, &opts, &stop).await;
}

/// Two crashes in a row (the resumed batch is answered and the app dies again before saving)
/// still end like one uninterrupted sync.
#[tokio::test]
async fn crash_twice_then_resume() {
    let (sim, _tmp, mut store, opts) = setup("resume-twice", None).await;
    let clock = emis_e2e::manual_clock();
    let mut crashing = opts.clone();
    crashing.fail_at = Some(FailPoint::AfterPush);
    for _ in 0..2 {
        let client = client(&sim, &clock, |_| {});
        let err = SyncEngine::new(&client, store.store())
            .run(&crashing)
            .await
            .expect_err("simulated crash");
        assert!(err.to_string().contains("simulated crash"));
        store = store.reopen();
    }
    let stop = after_stop(&sim, store.view());
    assert_eq!((stop.keys.len(), stop.pending.len(), stop.sent.len()), (3, 3, 1));
    let st = sim.state();
    assert_eq!(
        st.idempotency[&stop.keys[0]].replays, 1,
        "the second run re-sent it once"
    );
    let client = client(&sim, &clock, |_| {});
    let r = SyncEngine::new(&client, store.store()).run(&opts).await.expect("sync");
    assert_eq!(r.resumed_batches, 3);
    let st = sim.state();
    assert_eq!(st.idempotency[&stop.keys[0]].replays, 2);
    assert!(st.idempotency.values().all(|c| c.applied == 1 && c.mismatches == 0));
    let base = baseline().await;
    assert_eq!(server_end(&sim), base.server);
    assert_eq!(local_end(store.view()), base.local);
    let lines = store.view().journal_lines().expect("journal");
    let started: Vec<SessionResult> = lines.iter().map(|l| l.result).collect();
    assert_eq!(
        started,
        [
            SessionResult::Started,
            SessionResult::Started,
            SessionResult::Started,
            SessionResult::Success
        ]
    );
}

/// The app dies while writing a journal line: the torn line is skipped, and the next
/// sessions' lines are whole (not glued to it).
#[tokio::test]
async fn torn_journal_line_is_skipped_and_the_journal_goes_on() {
    use std::io::Write;
    let (sim, _tmp, mut store, opts) = setup("resume-torn", None).await;
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let mut crashing = opts.clone();
    crashing.fail_at = Some(FailPoint::AfterFetch);
    SyncEngine::new(&client, store.store())
        .run(&crashing)
        .await
        .expect_err("simulated crash");
    let AnyStore::Dir(_, path) = &store else {
        unreachable!("a DirStore")
    };
    let journal = path.join("journal.jsonl");
    let mut f = std::fs::OpenOptions::new()
        .append(true)
        .open(&journal)
        .expect("journal");
    f.write_all(br#"{"session_id":"19f0-torn","started_at_ms":17"#)
        .expect("torn write");
    drop(f);

    let mut store = store.reopen();
    let r = SyncEngine::new(&client, store.store()).run(&opts).await.expect("sync");
    let store = store.reopen();
    let lines = store.view().journal_lines().expect("journal");
    let results: Vec<(bool, SessionResult)> = lines.iter().map(|l| (l.session_id == r.session_id, l.result)).collect();
    assert_eq!(
        results,
        [
            (false, SessionResult::Started),
            (true, SessionResult::Started),
            (true, SessionResult::Success)
        ]
    );
    let text = std::fs::read_to_string(&journal).expect("journal");
    assert_eq!(text.lines().count(), 4, "the torn line stays on a line of its own");
}
