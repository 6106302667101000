//! What the sync engine reads from a santri row besides the record: the approval state of an
//! operator's change (Kepala, then kab/kota), the rejection note and the period id. These
//! live in [`Santri::extra`] (the server's own field names), read tolerantly.

use super::Santri;
use super::lenient::enum_text;
use serde::Serialize;

/// Where an operator's change stands in EMIS's approval chain (the Kepala, then the Kemenag
/// kab/kota). *Assumed* field (`approval_status`): the chain is observed only as a human
/// process.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ApprovalState {
    /// Waiting for the head of the lembaga.
    MenungguKepala,
    /// Waiting for the Kemenag kab/kota.
    MenungguKabkota,
    /// Approved.
    Disetujui,
    /// Rejected (see [`Santri::approval_note`]).
    Ditolak,
}

impl ApprovalState {
    /// Reads a state in any case, with spaces, `_`, `-` or `/`: `menunggu_kepala`,
    /// `Menunggu Persetujuan Kepala`, `MENUNGGU KABKOTA`, `Menunggu Verifikasi Kab/Kota`,
    /// `disetujui`, `ditolak` (and `approved`/`rejected`/`pending`). A bare "menunggu"
    /// (pending, step not named) is the first step, the Kepala. Unknown text is `None`.
    pub fn parse(text: &str) -> Option<ApprovalState> {
        let t: String = text
            .chars()
            .map(|c| {
                if c.is_alphanumeric() {
                    c.to_ascii_lowercase()
                } else {
                    ' '
                }
            })
            .collect();
        let words: Vec<&str> = t.split_whitespace().collect();
        let has = |w: &str| words.iter().any(|x| x.contains(w));
        let joined = words.concat();
        if has("tolak") || has("reject") || joined.contains("tidakdisetujui") || joined.contains("tidaksetuju") {
            return Some(ApprovalState::Ditolak);
        }
        let pending = has("menunggu") || has("pending") || has("waiting") || has("belum") || has("proses");
        if pending {
            let kabkota = has("kab") || has("kota") || has("kankemenag") || has("district");
            return Some(if kabkota {
                ApprovalState::MenungguKabkota
            } else {
                ApprovalState::MenungguKepala
            });
        }
        // Whole words: "persetujuan" (approval, as in "menunggu persetujuan") is not "approved".
        let approved = ["disetujui", "setuju", "approved", "approve", "diterima", "accepted"];
        if words.iter().any(|w| approved.contains(w)) {
            return Some(ApprovalState::Disetujui);
        }
        None
    }

    /// `menunggu_kepala`, `menunggu_kabkota`, `disetujui` or `ditolak`.
    pub fn as_str(self) -> &'static str {
        match self {
            ApprovalState::MenungguKepala => "menunggu_kepala",
            ApprovalState::MenungguKabkota => "menunggu_kabkota",
            ApprovalState::Disetujui => "disetujui",
            ApprovalState::Ditolak => "ditolak",
        }
    }
}

impl<'de> serde::Deserialize<'de> for ApprovalState {
    /// Reads what [`ApprovalState::parse`] reads (so its own `as_str` form too).
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::lenient::opt_enum(d, ApprovalState::parse)?
            .ok_or_else(|| serde::de::Error::custom("expected an approval state"))
    }
}

fn int_of(v: &serde_json::Value) -> Option<i64> {
    match v {
        serde_json::Value::Number(n) => n.as_i64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| f as i64)
        }),
        serde_json::Value::String(s) => s.trim().parse().ok(),
        serde_json::Value::Object(m) => m.get("id").and_then(int_of),
        _ => None,
    }
}

impl Santri {
    /// The approval state of the row: `approval_status` (any case, spaces or underscores;
    /// a text or `{name}`), else `status_description.name` when it says "menunggu" or
    /// "ditolak". `None` when the row says nothing about approval.
    pub fn approval_state(&self) -> Option<ApprovalState> {
        if let Some(s) = self
            .extra
            .get_loose("approval_status")
            .and_then(enum_text)
            .and_then(|t| ApprovalState::parse(&t))
        {
            return Some(s);
        }
        let text = self.extra.get_loose("status_description").and_then(enum_text)?;
        let lower = text.to_lowercase();
        if lower.contains("menunggu") || lower.contains("tolak") {
            ApprovalState::parse(&text)
        } else {
            None
        }
    }

    /// The server's note on a rejection (`approval_note`), trimmed; `None` when absent or
    /// empty. Server text: it may name people, so show it only to the operator.
    pub fn approval_note(&self) -> Option<String> {
        let v = self.extra.get_loose("approval_note")?;
        match v {
            serde_json::Value::String(s) => Some(s.trim().to_string()).filter(|s| !s.is_empty()),
            serde_json::Value::Object(_) => enum_text(v),
            _ => None,
        }
    }

    /// The period of the row: `learning_activity.academic_year_id`, else
    /// `learning_activity.academic_year.id`, else a top-level `academic_year_id`.
    pub fn academic_year_id(&self) -> Option<i64> {
        let la = self.learning_activity.as_ref();
        la.and_then(|l| l.academic_year_id)
            .or_else(|| la.and_then(|l| l.extra.get_loose("academic_year")).and_then(int_of))
            .or_else(|| self.extra.get_loose("academic_year_id").and_then(int_of))
    }
}
