//! A server that lacks the (assumed) batch and sync-job endpoints: the sync reports them as
//! unsupported, keeps the batches in the outbox, and still delivers the reconcile report,
//! SIMPEG results and a journal entry; a later sync against a server that has them sends the
//! kept batches with their original keys.

#[path = "sync_support.rs"]
mod support;

use emis_core::sync::store::OutboxState;
use emis_core::sync::{LocalStore, MemoryStore, SyncEngine, SyncOptions, last_successful_sync};
use emis_sim::{Fault, FaultRule, Faults, Simulator};
use support::*;

#[tokio::test]
async fn missing_batch_endpoint_is_reported_and_the_rest_goes_on() {
    let sim = Simulator::builder().seed(11).build().start().await.unwrap();
    let clock = emis_e2e::manual_clock();
    let client = client(&sim, &clock, |_| {});
    let (local, gtk, _planted) = local_dataset(&sim);
    let mut store = MemoryStore::default();
    store.save_santri(&local).unwrap();
    store.save_gtk(&gtk).unwrap();
    sim.set_faults(
        Faults::none()
            .with(FaultRule::new(
                Some("POST"),
                "/v1/students/pontrens/batch",
                Fault::Status(405),
            ))
            .with(FaultRule::new(
                Some("POST"),
                "/v1/personnels/pontrens/batch",
                Fault::Status(405),
            ))
            .with(FaultRule::new(Some("POST"), "/v1/sync-jobs", Fault::Status(405))),
    );
    let opts = SyncOptions::new(sim.demo_statistic_num(), today());
    let report = SyncEngine::new(&client, &mut store)
        .run(&opts)
        .await
        .expect("sync goes on");
    assert!(
        report.unsupported.iter().any(|u| u == "santri_batch"),
        "{:?}",
        report.unsupported
    );
    assert_eq!(report.pushed, 0);
    assert!(
        report.counts.get("TERDAFTAR").copied().unwrap_or(0) > 0,
        "the reconcile report is there"
    );
    assert!(!report.simpeg.is_empty(), "SIMPEG still ran");
    let kept: Vec<String> = store
        .outbox
        .iter()
        .filter(|e| e.state == OutboxState::Pending)
        .map(|e| e.idempotency_key.clone())
        .collect();
    assert!(!kept.is_empty(), "batches stay in the outbox");
    assert!(last_successful_sync(&store).unwrap().is_some());

    // The server gains the endpoint: the kept batches go out with their original keys.
    sim.set_faults(Faults::none());
    let report = SyncEngine::new(&client, &mut store)
        .run(&opts)
        .await
        .expect("second sync");
    assert!(report.resumed_batches >= 1);
    let state = sim.state();
    for k in &kept {
        let applied = state.idempotency.iter().find(|(key, _)| key.ends_with(k.as_str()));
        assert!(applied.is_some(), "key {k} reached the server");
    }
}
