//! Sync with EMIS: reconcile (sans-IO), plan (sans-IO), and the thin async driver with the
//! local store, outbox, checkpoints and journal.

pub mod driver;
pub mod normalize;
pub mod plan;
pub mod reconcile;
pub mod store;

pub use driver::{CancelToken, FailPoint, Progress, Stage, SyncEngine, SyncOptions, SyncReport};
pub use plan::{ConflictPolicy, HumanItem, Plan, PlannedChange, plan_santri};
pub use reconcile::{Entry, FieldDiff, MatchKey, Reconciliation, Status, reconcile_santri};
#[cfg(not(target_arch = "wasm32"))]
pub use store::DirStore;
pub use store::{JournalEntry, LocalStore, MemoryStore, journal_csv, last_successful_sync, sessions};

#[cfg(test)]
mod tests;
