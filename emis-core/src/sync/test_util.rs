//! Fakes for tests of crash safety (feature `test-util`): a store that "crashes" — refuses
//! every write from the N-th on, like a process killed at that point.

use super::store::{Checkpoint, JournalEntry, LocalStore, OutboxEntry, Stream};
use crate::error::{Error, Result};
use crate::model::{Gtk, Santri};
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

/// Wraps a store; from the `crash_at`-th write on (1-based), every write fails and nothing
/// more reaches the inner store. Reads keep working (what a restarted process would see).
#[derive(Debug)]
pub struct FailingStore<S> {
    /// The store underneath.
    pub inner: S,
    crash_at: Option<u64>,
    writes: AtomicU64,
}

impl<S: LocalStore> FailingStore<S> {
    /// A store that crashes at its `crash_at`-th write (`None`: never).
    pub fn new(inner: S, crash_at: Option<u64>) -> FailingStore<S> {
        FailingStore {
            inner,
            crash_at,
            writes: AtomicU64::new(0),
        }
    }
    /// Writes attempted so far.
    pub fn writes(&self) -> u64 {
        self.writes.load(Ordering::SeqCst)
    }
    fn gate(&self) -> Result<()> {
        let n = self.writes.fetch_add(1, Ordering::SeqCst) + 1;
        match self.crash_at {
            Some(c) if n >= c => Err(Error::Storage(format!("simulated crash at write {c}"))),
            _ => Ok(()),
        }
    }
}

impl<S: LocalStore> LocalStore for FailingStore<S> {
    fn lock_for_sync(&mut self) -> Result<()> {
        self.inner.lock_for_sync()
    }
    fn load_santri(&self) -> Result<Vec<Santri>> {
        self.inner.load_santri()
    }
    fn save_santri(&mut self, r: &[Santri]) -> Result<()> {
        self.gate()?;
        self.inner.save_santri(r)
    }
    fn load_gtk(&self) -> Result<Vec<Gtk>> {
        self.inner.load_gtk()
    }
    fn save_gtk(&mut self, r: &[Gtk]) -> Result<()> {
        self.gate()?;
        self.inner.save_gtk(r)
    }
    fn load_outbox(&self) -> Result<Vec<OutboxEntry>> {
        self.inner.load_outbox()
    }
    fn save_outbox(&mut self, e: &[OutboxEntry]) -> Result<()> {
        self.gate()?;
        self.inner.save_outbox(e)
    }
    fn load_checkpoints(&self) -> Result<BTreeMap<Stream, Checkpoint>> {
        self.inner.load_checkpoints()
    }
    fn save_checkpoints(&mut self, c: &BTreeMap<Stream, Checkpoint>) -> Result<()> {
        self.gate()?;
        self.inner.save_checkpoints(c)
    }
    fn append_journal(&mut self, e: &JournalEntry) -> Result<()> {
        self.gate()?;
        self.inner.append_journal(e)
    }
    fn journal_lines(&self) -> Result<Vec<JournalEntry>> {
        self.inner.journal_lines()
    }
}
