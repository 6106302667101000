//! Sync with EMIS: reconcile (sans-IO), plan (sans-IO), and the thin async driver with the
//! local store, outbox, checkpoints and journal.

pub mod normalize;
pub mod plan;
pub mod reconcile;

pub use plan::{ConflictPolicy, HumanItem, Plan, PlannedChange, plan_santri};
pub use reconcile::{Entry, FieldDiff, MatchKey, Reconciliation, Status, reconcile_santri};

#[cfg(test)]
mod tests;
