//! What emis keeps between runs outside the stores: the folder the last sync used, so that
//! `emis history` without `--local` shows its journal.
//!
//! It lives in the user's state folder (`$XDG_STATE_HOME/emis/last-sync.json`, by default
//! `~/.local/state/emis/`; `~/Library/Application Support/emis/` on macOS, `%LOCALAPPDATA%\emis\`
//! on Windows), or in `$EMIS_STATE_DIR`. Not in the current folder: the operator opens
//! a new terminal in the home folder, a scheduled sync runs elsewhere, and a file beside every
//! data folder would be litter that is found only from that folder; nor beside the binary, which
//! is often read-only (`/usr/local/bin`). One small file per user, holding a path and a time
//! (no personal data, no secret); written atomically, so concurrent syncs leave one whole answer.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The file's name in the state folder.
const FILE: &str = "last-sync.json";

#[derive(Debug, Serialize, Deserialize)]
struct LastSync {
    /// Absolute path of the store folder.
    store: PathBuf,
    /// When the sync started (Unix ms).
    at_ms: i64,
}

/// Where the demo keeps its local store and journal.
pub fn demo_store_dir() -> PathBuf {
    std::env::var_os("EMIS_DEMO_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("emis-demo"))
}

/// The folder of emis's own state, if the platform has one.
fn state_dir() -> Option<PathBuf> {
    if let Some(d) = std::env::var_os("EMIS_STATE_DIR").filter(|d| !d.is_empty()) {
        return Some(PathBuf::from(d));
    }
    dirs::state_dir().or_else(dirs::data_local_dir).map(|d| d.join("emis"))
}

/// Notes that a sync uses `store`. Failing to note it only costs `emis history` its default.
pub fn remember_store(store: &Path) {
    let Some(dir) = state_dir() else {
        return;
    };
    if let Err(e) = write(&dir, store) {
        tracing::debug!(target: "emis::cli", error = %e, "could not remember the store of this sync");
    }
}

fn write(dir: &Path, store: &Path) -> std::io::Result<()> {
    let store = store.canonicalize().or_else(|_| std::path::absolute(store))?;
    let json = serde_json::to_vec(&LastSync {
        store,
        at_ms: crate::progress::now_ms(),
    })
    .map_err(std::io::Error::other)?;
    std::fs::create_dir_all(dir)?;
    let tmp = dir.join(format!("{FILE}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, json)?;
    std::fs::rename(&tmp, dir.join(FILE)).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// The store the last sync used, if one was noted.
pub fn last_store() -> Option<PathBuf> {
    let bytes = std::fs::read(state_dir()?.join(FILE)).ok()?;
    serde_json::from_slice::<LastSync>(&bytes).ok().map(|l| l.store)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn remembers_an_absolute_path() {
        let base = std::env::temp_dir().join(format!("emis-state-test-{}", std::process::id()));
        let store = base.join("store");
        std::fs::create_dir_all(&store).unwrap();
        write(&base.join("state"), &store).unwrap();
        let bytes = std::fs::read(base.join("state").join(FILE)).unwrap();
        let l: LastSync = serde_json::from_slice(&bytes).unwrap();
        assert!(l.store.is_absolute());
        assert_eq!(l.store, store.canonicalize().unwrap());
        std::fs::remove_dir_all(&base).unwrap();
    }
}
