//! Sync with EMIS as the real server allows it: one write per request, no idempotency key.
//!
//! Sans-IO: `reconcile` (who is who; never two people merged), `plan` (what to change),
//! `outbox` (one entry per record and change, the life of a write, lookup before any
//! resend), `outbox_merge` (plan × outbox), `simpeg` (the name/birth-date decision),
//! `outcomes` (report lines, local changes). I/O: `driver` (the thin async engine),
//! `simpeg_step`, `store` (local records, outbox, checkpoints; memory and folder), `journal`.

pub mod driver;
pub mod gtk_reconcile;
pub mod journal;
pub mod lembaga_check;
pub mod normalize;
pub mod outbox;
mod outbox_merge;
mod outcomes;
pub mod plan;
pub mod reconcile;
pub mod report;
pub mod simpeg;
mod simpeg_step;
pub mod store;
#[cfg(any(test, feature = "test-util"))]
pub mod test_util;

pub use driver::{ProgressSink, SyncEngine};
pub use outbox::{OutboxEntry, WriteState};
pub use plan::{ConflictPolicy, HumanItem, Plan, PlannedChange, plan_gtk, plan_santri};
pub use reconcile::{Entry, FieldDiff, MatchKey, Reconciliation, Status, reconcile_santri};
pub use report::{
    CancelToken, Progress, RecordOutcome, Rejection, SimpegOutcome, Stage, SyncOptions, SyncReport, WriteOutcome,
};
pub use simpeg::SimpegDecision;
#[cfg(not(target_arch = "wasm32"))]
pub use store::DirStore;
pub use store::{JournalEntry, JournalWrite, LocalStore, MemoryStore, journal_csv, last_successful_sync, sessions};

#[cfg(test)]
mod tests;
