//! Fields a record does not know, kept as received so nothing the server sent is lost when a
//! record is stored locally and read back.

use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

/// Every field of a record that its struct does not model, as received (`approval_status`,
/// `status_description`, `m_status_dukcapil`...). Serialised flat beside the known fields.
///
/// Works like a `BTreeMap<String, serde_json::Value>` (it dereferences to one); its `Debug`
/// shows only the keys, because unknown fields may hold personal data.
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Extra(pub BTreeMap<String, serde_json::Value>);

impl Extra {
    /// A value by key, first exactly, then ignoring case, spaces, `_` and `-`
    /// (`Approval Status` finds `approval_status`).
    pub fn get_loose(&self, key: &str) -> Option<&serde_json::Value> {
        if let Some(v) = self.0.get(key) {
            return Some(v);
        }
        let want = loose_key(key);
        self.0.iter().find(|(k, _)| loose_key(k) == want).map(|(_, v)| v)
    }

    /// Serialises the entries whose keys are not in `known` (a known field always wins, so
    /// the output never has a key twice).
    pub(crate) fn serialize_except<S: Serializer>(&self, known: &[&str], s: S) -> Result<S::Ok, S::Error> {
        if self.0.keys().any(|k| known.contains(&k.as_str())) {
            s.collect_map(self.0.iter().filter(|(k, _)| !known.contains(&k.as_str())))
        } else {
            s.collect_map(self.0.iter())
        }
    }
}

/// Lower case, without spaces, `_` and `-`.
pub(crate) fn loose_key(k: &str) -> String {
    k.chars()
        .filter(|c| !matches!(c, ' ' | '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

impl Deref for Extra {
    type Target = BTreeMap<String, serde_json::Value>;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl DerefMut for Extra {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl From<BTreeMap<String, serde_json::Value>> for Extra {
    fn from(m: BTreeMap<String, serde_json::Value>) -> Extra {
        Extra(m)
    }
}

impl fmt::Debug for Extra {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.0.keys().map(|k| (k, "…"))).finish()
    }
}
