//! The local side: records, outbox, checkpoints and journal behind [`LocalStore`], with an
//! in-memory store and a folder of JSON files (native).
//!
//! Why a folder of JSON files rather than SQLite: the data of one lembaga is thousands of
//! records, not millions; JSON files are readable by operators and other tools, need no C
//! build, and write-temp + fsync + rename gives crash-safe replacement. The journal is an
//! append-only JSON-lines file, fsync'd after every entry.

use crate::api::{Change, ChangeOp, ItemResult};
use crate::error::Result;
use crate::model::{Gtk, Santri};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Which record stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stream {
    /// Santri.
    Santri,
    /// GTK.
    Gtk,
}

/// State of an outbox batch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutboxState {
    /// Not yet acknowledged by the server.
    Pending,
    /// The server answered with per-item results.
    Acked,
}

/// One batch of changes, persisted before it is sent. Its idempotency key is created once and
/// reused on every retry and after a restart.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OutboxEntry {
    /// Batch id.
    pub batch_id: String,
    /// Stream.
    pub stream: Stream,
    /// Idempotency key.
    pub idempotency_key: String,
    /// The changes.
    pub changes: Vec<Change>,
    /// State.
    pub state: OutboxState,
    /// Per-item results once acknowledged.
    #[serde(default)]
    pub results: Vec<ItemResult>,
    /// Attempts (sessions) that tried to send it.
    #[serde(default)]
    pub attempts: u32,
    /// Last error (no secrets).
    #[serde(default)]
    pub last_error: Option<String>,
    /// Session that created it.
    pub session_id: String,
}

/// Per-stream checkpoint, saved only after a batch is durably applied.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Last completed pull (server clock unknown: our clock, ms).
    pub last_pull_ms: Option<i64>,
    /// Last acknowledged batch.
    pub last_acked_batch: Option<String>,
    /// Session that wrote it.
    pub session_id: Option<String>,
    /// Records in the last pull.
    pub pulled: u64,
    /// Changes the server rejected for good, by change fingerprint: not sent again while the
    /// change stays the same (the record is fixed, or the caller asks to retry them).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rejected: BTreeMap<String, RememberedRejection>,
}

/// A server rejection kept across sessions so the same change is not re-sent blindly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RememberedRejection {
    /// Operation.
    pub op: ChangeOp,
    /// Masked key (NIK) of the record.
    pub key: String,
    /// Server code.
    pub code: String,
    /// Server message.
    pub message: String,
    /// Session that created the batch.
    pub session_id: String,
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
}

/// The pesantren app's own data plus the sync engine's state.
pub trait LocalStore {
    /// Local santri.
    fn load_santri(&self) -> Result<Vec<Santri>>;
    /// Replaces local santri.
    fn save_santri(&mut self, records: &[Santri]) -> Result<()>;
    /// Local GTK.
    fn load_gtk(&self) -> Result<Vec<Gtk>>;
    /// Replaces local GTK.
    fn save_gtk(&mut self, records: &[Gtk]) -> Result<()>;
    /// The outbox.
    fn load_outbox(&self) -> Result<Vec<OutboxEntry>>;
    /// Replaces the outbox (durably).
    fn save_outbox(&mut self, entries: &[OutboxEntry]) -> Result<()>;
    /// Checkpoints per stream.
    fn load_checkpoints(&self) -> Result<BTreeMap<Stream, Checkpoint>>;
    /// Replaces checkpoints (durably).
    fn save_checkpoints(&mut self, c: &BTreeMap<Stream, Checkpoint>) -> Result<()>;
    /// Appends a journal line (durably).
    fn append_journal(&mut self, e: &JournalEntry) -> Result<()>;
    /// Every journal line, oldest first.
    fn journal_lines(&self) -> Result<Vec<JournalEntry>>;
}

/// Sessions from the journal, one per session (its last line), newest first.
pub fn sessions(store: &dyn LocalStore) -> Result<Vec<JournalEntry>> {
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
pub fn last_successful_sync(store: &dyn LocalStore) -> Result<Option<JournalEntry>> {
    Ok(sessions(store)?
        .into_iter()
        .find(|e| e.result == SessionResult::Success && !e.dry_run))
}

/// The journal as CSV (one row per session, newest first).
pub fn journal_csv(entries: &[JournalEntry]) -> String {
    let mut out = String::from(
        "session_id,started_at_ms,finished_at_ms,result,dry_run,statistic_num,terdaftar,diskrepansi,belum_terdaftar,hanya_di_emis,ganda,invalid,pushed,rejected,conflicts,error\n",
    );
    for e in entries {
        let c = |k: &str| e.counts.get(k).copied().unwrap_or(0).to_string();
        let err = e.error.clone().unwrap_or_default().replace('"', "\"\"");
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},\"{}\"\n",
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

/// Everything in memory (tests, browsers, apps with their own persistence).
#[derive(Debug, Clone, Default)]
pub struct MemoryStore {
    /// Santri.
    pub santri: Vec<Santri>,
    /// GTK.
    pub gtk: Vec<Gtk>,
    /// Outbox.
    pub outbox: Vec<OutboxEntry>,
    /// Checkpoints.
    pub checkpoints: BTreeMap<Stream, Checkpoint>,
    /// Journal lines.
    pub journal: Vec<JournalEntry>,
}

impl LocalStore for MemoryStore {
    fn load_santri(&self) -> Result<Vec<Santri>> {
        Ok(self.santri.clone())
    }
    fn save_santri(&mut self, records: &[Santri]) -> Result<()> {
        self.santri = records.to_vec();
        Ok(())
    }
    fn load_gtk(&self) -> Result<Vec<Gtk>> {
        Ok(self.gtk.clone())
    }
    fn save_gtk(&mut self, records: &[Gtk]) -> Result<()> {
        self.gtk = records.to_vec();
        Ok(())
    }
    fn load_outbox(&self) -> Result<Vec<OutboxEntry>> {
        Ok(self.outbox.clone())
    }
    fn save_outbox(&mut self, entries: &[OutboxEntry]) -> Result<()> {
        self.outbox = entries.to_vec();
        Ok(())
    }
    fn load_checkpoints(&self) -> Result<BTreeMap<Stream, Checkpoint>> {
        Ok(self.checkpoints.clone())
    }
    fn save_checkpoints(&mut self, c: &BTreeMap<Stream, Checkpoint>) -> Result<()> {
        self.checkpoints = c.clone();
        Ok(())
    }
    fn append_journal(&mut self, e: &JournalEntry) -> Result<()> {
        self.journal.push(e.clone());
        Ok(())
    }
    fn journal_lines(&self) -> Result<Vec<JournalEntry>> {
        Ok(self.journal.clone())
    }
}

#[cfg(not(target_arch = "wasm32"))]
pub use dir::DirStore;

#[cfg(not(target_arch = "wasm32"))]
mod dir {
    use super::*;
    use crate::error::Error;
    use std::fs;
    use std::io::Write;
    use std::path::{Path, PathBuf};

    /// A folder of JSON files: `santri.json`, `gtk.json`, `outbox.json`, `checkpoints.json`,
    /// `journal.jsonl`. Replacements are atomic (temp file, fsync, rename, fsync folder).
    #[derive(Debug, Clone)]
    pub struct DirStore {
        root: PathBuf,
    }

    fn io(e: std::io::Error, what: &Path) -> Error {
        Error::Storage(format!("{}: {e}", what.display()))
    }

    impl DirStore {
        /// Opens (and creates) a store folder.
        pub fn open(root: impl Into<PathBuf>) -> Result<DirStore> {
            let root = root.into();
            fs::create_dir_all(&root).map_err(|e| io(e, &root))?;
            Ok(DirStore { root })
        }
        /// The folder.
        pub fn root(&self) -> &Path {
            &self.root
        }
        fn read<T: serde::de::DeserializeOwned + Default>(&self, name: &str) -> Result<T> {
            let p = self.root.join(name);
            match fs::read(&p) {
                Ok(b) => {
                    let mut de = serde_json::Deserializer::from_slice(&b);
                    serde_path_to_error::deserialize(&mut de)
                        .map_err(|e| Error::Storage(format!("{} rusak di {}: {}", p.display(), e.path(), e.inner())))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
                Err(e) => Err(io(e, &p)),
            }
        }
        fn write<T: Serialize + ?Sized>(&self, name: &str, v: &T) -> Result<()> {
            let p = self.root.join(name);
            let tmp = self.root.join(format!(".{name}.tmp"));
            let bytes = serde_json::to_vec_pretty(v).map_err(|e| Error::Storage(e.to_string()))?;
            let mut f = fs::File::create(&tmp).map_err(|e| io(e, &tmp))?;
            f.write_all(&bytes).map_err(|e| io(e, &tmp))?;
            f.sync_all().map_err(|e| io(e, &tmp))?;
            drop(f);
            fs::rename(&tmp, &p).map_err(|e| io(e, &p))?;
            if let Ok(d) = fs::File::open(&self.root) {
                let _ = d.sync_all();
            }
            Ok(())
        }
    }

    /// True when the file is absent, empty, or ends with a newline.
    fn ends_with_newline(p: &Path) -> Result<bool> {
        use std::io::{Read, Seek, SeekFrom};
        let mut f = match fs::File::open(p) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(true),
            Err(e) => return Err(io(e, p)),
        };
        if f.metadata().map_err(|e| io(e, p))?.len() == 0 {
            return Ok(true);
        }
        let mut last = [0u8; 1];
        f.seek(SeekFrom::End(-1)).map_err(|e| io(e, p))?;
        f.read_exact(&mut last).map_err(|e| io(e, p))?;
        Ok(last[0] == b'\n')
    }

    impl LocalStore for DirStore {
        fn load_santri(&self) -> Result<Vec<Santri>> {
            self.read("santri.json")
        }
        fn save_santri(&mut self, records: &[Santri]) -> Result<()> {
            // Each record carries its canonical content hash (`_hash`, ignored when read back):
            // other tools can see which records changed without comparing fields.
            let with_hash: Vec<serde_json::Value> = records
                .iter()
                .map(|s| {
                    let mut v = serde_json::to_value(s).unwrap_or(serde_json::Value::Null);
                    if let serde_json::Value::Object(m) = &mut v {
                        m.insert(
                            "_hash".into(),
                            serde_json::Value::String(crate::sync::driver::record_hash(s)),
                        );
                    }
                    v
                })
                .collect();
            self.write("santri.json", &with_hash)
        }
        fn load_gtk(&self) -> Result<Vec<Gtk>> {
            self.read("gtk.json")
        }
        fn save_gtk(&mut self, records: &[Gtk]) -> Result<()> {
            self.write("gtk.json", records)
        }
        fn load_outbox(&self) -> Result<Vec<OutboxEntry>> {
            self.read("outbox.json")
        }
        fn save_outbox(&mut self, entries: &[OutboxEntry]) -> Result<()> {
            self.write("outbox.json", entries)
        }
        fn load_checkpoints(&self) -> Result<BTreeMap<Stream, Checkpoint>> {
            self.read("checkpoints.json")
        }
        fn save_checkpoints(&mut self, c: &BTreeMap<Stream, Checkpoint>) -> Result<()> {
            self.write("checkpoints.json", c)
        }
        fn append_journal(&mut self, e: &JournalEntry) -> Result<()> {
            let p = self.root.join("journal.jsonl");
            let mut line = serde_json::to_vec(e).map_err(|e| Error::Storage(e.to_string()))?;
            line.push(b'\n');
            // A crash mid-write leaves a torn last line without its newline: start on a new
            // line, or this entry would be glued to it and skipped with it when read.
            if !ends_with_newline(&p)? {
                line.insert(0, b'\n');
            }
            let mut f = fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&p)
                .map_err(|e| io(e, &p))?;
            f.write_all(&line).map_err(|e| io(e, &p))?;
            f.sync_all().map_err(|e| io(e, &p))
        }
        fn journal_lines(&self) -> Result<Vec<JournalEntry>> {
            let p = self.root.join("journal.jsonl");
            let text = match fs::read_to_string(&p) {
                Ok(t) => t,
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
                Err(e) => return Err(io(e, &p)),
            };
            // A crash can leave a torn last line: skip lines that do not parse.
            Ok(text.lines().filter_map(|l| serde_json::from_str(l).ok()).collect())
        }
    }
}
