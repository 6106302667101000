//! The journal: one line per session start and end, the operator's proof of when a sync ran
//! and what it did — counts, and every write it touched with where that write stands. No
//! secret and no unmasked identifier in any line.

use crate::api::ChangeOp;
use crate::error::Result;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One write in a journal line (masked key; no personal value).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalWrite {
    /// Masked key (NIK).
    pub key: String,
    /// Operation.
    pub op: ChangeOp,
    /// State at the end of the session.
    pub state: super::outbox::WriteState,
    /// Code.
    #[serde(default)]
    pub code: Option<String>,
    /// The server's message (masked).
    #[serde(default)]
    pub message: Option<String>,
    /// When it reached that state (Unix ms).
    pub at_ms: i64,
}

/// Result of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SessionResult {
    /// Started, not finished (a crash if it stays so).
    Started,
    /// Finished successfully.
    Success,
    /// Finished with an error.
    Failed,
    /// Cancelled by the caller.
    Cancelled,
}

/// One journal line: the operator's proof of when sync ran and what it did. No secrets.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// Session id.
    pub session_id: String,
    /// Start, Unix ms.
    pub started_at_ms: i64,
    /// End, Unix ms (absent on the `started` line).
    #[serde(default)]
    pub finished_at_ms: Option<i64>,
    /// Result.
    pub result: SessionResult,
    /// Dry run (nothing pushed).
    #[serde(default)]
    pub dry_run: bool,
    /// Statistic number of the lembaga.
    pub statistic_num: String,
    /// Counts per reconcile status (`TERDAFTAR` → n).
    #[serde(default)]
    pub counts: BTreeMap<String, u64>,
    /// Items pushed and applied.
    #[serde(default)]
    pub pushed: u64,
    /// Items rejected by the server.
    #[serde(default)]
    pub rejected: u64,
    /// Decisions left to a human.
    #[serde(default)]
    pub conflicts: u64,
    /// Error code and message, if any.
    #[serde(default)]
    pub error: Option<String>,
    /// Writes touched in this session and where they stand (the receipt's lines).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub writes: Vec<JournalWrite>,
    /// Writes per state (all writes the outbox tracks at the end of the session).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub write_states: BTreeMap<String, u64>,
}

/// Sessions from the journal, one per session (its last line), newest first.
pub fn sessions(store: &dyn super::store::LocalStore) -> Result<Vec<JournalEntry>> {
    let mut by_id: BTreeMap<String, JournalEntry> = BTreeMap::new();
    for e in store.journal_lines()? {
        by_id.insert(e.session_id.clone(), e);
    }
    let mut v: Vec<JournalEntry> = by_id.into_values().collect();
    v.sort_by(|a, b| {
        b.started_at_ms
            .cmp(&a.started_at_ms)
            .then(b.session_id.cmp(&a.session_id))
    });
    Ok(v)
}

/// The last successful (non-dry-run) sync: the operator's "tanggal dan jam sinkron".
pub fn last_successful_sync(store: &dyn super::store::LocalStore) -> Result<Option<JournalEntry>> {
    Ok(sessions(store)?
        .into_iter()
        .find(|e| e.result == SessionResult::Success && !e.dry_run))
}

/// The journal as CSV (one row per session, newest first).
pub fn journal_csv(entries: &[JournalEntry]) -> String {
    let mut out = String::from(
        "session_id,started_at_ms,finished_at_ms,result,dry_run,statistic_num,terdaftar,diskrepansi,belum_terdaftar,hanya_di_emis,ganda,invalid,pushed,rejected,conflicts,writes,error\n",
    );
    for e in entries {
        let c = |k: &str| e.counts.get(k).copied().unwrap_or(0).to_string();
        let err = e.error.clone().unwrap_or_default().replace('"', "\"\"");
        let writes: Vec<String> = e.write_states.iter().map(|(k, v)| format!("{k}={v}")).collect();
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},\"{}\"\n",
            e.session_id,
            e.started_at_ms,
            e.finished_at_ms.map(|f| f.to_string()).unwrap_or_default(),
            e.result.as_str(),
            e.dry_run,
            e.statistic_num,
            c("TERDAFTAR"),
            c("DISKREPANSI"),
            c("BELUM_TERDAFTAR"),
            c("HANYA_DI_EMIS"),
            c("GANDA"),
            c("INVALID"),
            e.pushed,
            e.rejected,
            e.conflicts,
            writes.join(";"),
            err
        ));
    }
    out
}

impl SessionResult {
    /// Lower-case name.
    pub fn as_str(self) -> &'static str {
        match self {
            SessionResult::Started => "started",
            SessionResult::Success => "success",
            SessionResult::Failed => "failed",
            SessionResult::Cancelled => "cancelled",
        }
    }
}
