//! The local side: records, outbox, checkpoints and journal behind [`LocalStore`], with an
//! in-memory store and a folder of JSON files (native).
//!
//! Why a folder of JSON files rather than SQLite: the data of one lembaga is thousands of
//! records, not millions; JSON files are readable by operators and other tools, need no C
//! build, and write-temp + fsync + rename gives crash-safe replacement. The journal is an
//! append-only JSON-lines file, fsync'd after every entry.

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

pub use super::journal::{JournalEntry, JournalWrite, SessionResult, journal_csv, last_successful_sync, sessions};
pub use super::outbox::OutboxEntry;

/// Per-stream checkpoint, saved after a session's writes are settled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    /// Last completed pull (server clock unknown: our clock, ms).
    pub last_pull_ms: Option<i64>,
    /// Session that wrote it.
    pub session_id: Option<String>,
    /// Records in the last pull.
    pub pulled: u64,
    /// Period id learnt from list rows (used for creates when none is configured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub academic_year_id: Option<i64>,
}

/// The pesantren app's own data plus the sync engine's state.
pub trait LocalStore: crate::transport::MaybeSendSync {
    /// Takes the store for one sync; a second sync on the same store at the same time is
    /// refused with a clear message (the folder store holds a file lock until dropped).
    fn lock_for_sync(&mut self) -> Result<()> {
        Ok(())
    }
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
        lock: Option<std::sync::Arc<fs::File>>,
    }

    fn io(e: std::io::Error, what: &Path) -> Error {
        Error::Storage(format!("{}: {e}", what.display()))
    }

    impl DirStore {
        /// Opens (and creates) a store folder.
        ///
        /// The folder holds NIKs, names and mothers' names: it is made (and kept) readable by
        /// its owner only (0700, files 0600) on Unix.
        pub fn open(root: impl Into<PathBuf>) -> Result<DirStore> {
            let root = root.into();
            #[cfg(unix)]
            {
                use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
                fs::DirBuilder::new()
                    .recursive(true)
                    .mode(0o700)
                    .create(&root)
                    .map_err(|e| io(e, &root))?;
                fs::set_permissions(&root, fs::Permissions::from_mode(0o700)).map_err(|e| io(e, &root))?;
            }
            #[cfg(not(unix))]
            fs::create_dir_all(&root).map_err(|e| io(e, &root))?;
            Ok(DirStore { root, lock: None })
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
            let mut f = create_private(&tmp, false).map_err(|e| io(e, &tmp))?;
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

    /// Opens a file for writing, readable by its owner only (0600 on Unix).
    fn create_private(p: &Path, append: bool) -> std::io::Result<fs::File> {
        let mut o = fs::OpenOptions::new();
        o.create(true);
        if append {
            o.append(true);
        } else {
            o.write(true).truncate(true);
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
            o.mode(0o600);
            let f = o.open(p)?;
            // A file made before this version (or by another tool) is tightened too.
            f.set_permissions(fs::Permissions::from_mode(0o600))?;
            Ok(f)
        }
        #[cfg(not(unix))]
        o.open(p)
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
        fn lock_for_sync(&mut self) -> Result<()> {
            if self.lock.is_some() {
                return Ok(());
            }
            let p = self.root.join(".sync.lock");
            let f = create_private(&p, true).map_err(|e| io(e, &p))?;
            match f.try_lock() {
                Ok(()) => {
                    self.lock = Some(std::sync::Arc::new(f));
                    Ok(())
                }
                Err(fs::TryLockError::WouldBlock) => Err(Error::Storage(format!(
                    "folder {} sedang dipakai sinkronisasi lain; tunggu sampai selesai lalu jalankan lagi / another sync is using this folder",
                    self.root.display()
                ))),
                Err(fs::TryLockError::Error(e)) => Err(io(e, &p)),
            }
        }
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
                            serde_json::Value::String(crate::sync::normalize::record_hash(s)),
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
            let mut f = create_private(&p, true).map_err(|e| io(e, &p))?;
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
