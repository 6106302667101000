//! Request and response shapes of the EMIS API beyond the domain model (docs/api.md).

use crate::model::SimpegSnapshot;
use serde::{Deserialize, Serialize};

/// Paging metadata.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageMeta {
    /// Page number (1-based).
    #[serde(default)]
    pub page: Option<u64>,
    /// Page size.
    #[serde(default)]
    pub per_page: Option<u64>,
    /// Total records.
    #[serde(default)]
    pub total: Option<u64>,
    /// Total pages.
    #[serde(default)]
    pub total_pages: Option<u64>,
}

impl PageMeta {
    /// Reads EMIS's `metadata`: `pagination.{current_page, last_page, per_page, total}`
    /// (observed) or flat `page, per_page, total, total_pages`; numbers may come as strings.
    pub fn from_value(v: &serde_json::Value) -> PageMeta {
        fn num(v: Option<&serde_json::Value>) -> Option<u64> {
            match v? {
                serde_json::Value::Number(n) => n.as_u64(),
                serde_json::Value::String(s) => s.trim().parse().ok(),
                _ => None,
            }
        }
        let p = v.get("pagination").unwrap_or(v);
        let pick = |a: &str, b: &str| num(p.get(a)).or_else(|| num(v.get(b))).or_else(|| num(v.get(a)));
        PageMeta {
            page: pick("current_page", "page"),
            per_page: pick("per_page", "per_page"),
            total: pick("total", "total"),
            total_pages: pick("last_page", "total_pages"),
        }
    }
}

/// One page of a list.
#[derive(Debug, Clone, PartialEq)]
pub struct Page<T> {
    /// Records.
    pub items: Vec<T>,
    /// Metadata, when the server sent it.
    pub meta: PageMeta,
    /// Fields of another shape than expected, read as best the reader could (JSON paths).
    pub warnings: Vec<crate::model::tolerant::ShapeWarning>,
}

/// What a change does. EMIS never deletes: removal is `Deactivate` or `MutasiKeluar`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChangeOp {
    /// A new record.
    Create,
    /// Changed fields of an existing record.
    Update,
    /// Transfer out.
    MutasiKeluar,
    /// Transfer in.
    MutasiMasuk,
    /// Set inactive with a reason.
    Deactivate,
}

/// One item of a batch write.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    /// What to do.
    pub op: ChangeOp,
    /// Server id (update, mutasi, deactivate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Natural key (e.g. `{"nik": "..."}`).
    #[serde(default)]
    pub key: serde_json::Map<String, serde_json::Value>,
    /// Fields to set (EMIS names).
    #[serde(default)]
    pub fields: serde_json::Map<String, serde_json::Value>,
    /// Transfer details.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mutasi: Option<crate::model::Mutasi>,
    /// Reason (deactivate).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// Outcome of one item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// Applied by the server.
    Applied,
    /// Rejected; see `code` and `message`.
    Rejected,
}

/// Per-item result of a batch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemResult {
    /// Index of the item in the batch.
    pub index: usize,
    /// Applied or rejected.
    pub status: ItemStatus,
    /// Server id of the record.
    #[serde(default)]
    pub id: Option<String>,
    /// Rejection code (e.g. `sync.nik_aktif_di_lembaga_lain`).
    #[serde(default)]
    pub code: Option<String>,
    /// Server's message.
    #[serde(default)]
    pub message: Option<String>,
}

/// State of a queued job.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JobStatus {
    /// Waiting in the queue.
    Queued,
    /// Being processed.
    Running,
    /// Finished.
    Done,
    /// Failed.
    Failed,
}

/// A sync job on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncJob {
    /// Job id.
    pub job_id: String,
    /// State.
    pub status: JobStatus,
    /// Place in the queue.
    #[serde(default)]
    pub queue_position: Option<u64>,
    /// Server's estimate.
    #[serde(default)]
    pub estimated_wait_seconds: Option<u64>,
    /// When it finished (server time).
    #[serde(default)]
    pub finished_at: Option<String>,
    /// Message.
    #[serde(default)]
    pub message: Option<String>,
}

/// Progress while waiting in a server queue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueProgress {
    /// What is waiting (`sync_job`, `registration`).
    pub what: &'static str,
    /// Job or registration id.
    pub id: String,
    /// Place in the queue.
    pub queue_position: Option<u64>,
    /// Estimated wait.
    pub estimated_wait_seconds: Option<u64>,
}

/// A pengelola (operator) account request.
#[derive(Clone, PartialEq)]
pub struct Registration {
    /// Operator's name.
    pub full_name: String,
    /// Email (login).
    pub email: String,
    /// Phone.
    pub phone: String,
    /// Operator's NIK.
    pub nik: crate::pii::Sensitive,
    /// Lembaga kind.
    pub kind: crate::model::LembagaKind,
    /// SK / piagam number.
    pub sk_number: String,
    /// Statistic number, if the lembaga has one.
    pub statistic_num: Option<String>,
    /// NPSN, if any.
    pub npsn: Option<String>,
    /// The surat tugas document: file name, content type, bytes.
    pub surat_tugas: (String, String, Vec<u8>),
}

impl std::fmt::Debug for Registration {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Registration")
            .field("full_name", &crate::pii::mask_name(&self.full_name))
            .field("kind", &self.kind)
            .field("statistic_num", &self.statistic_num)
            .field("surat_tugas_bytes", &self.surat_tugas.2.len())
            .finish()
    }
}

/// State of a registration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationState {
    /// Waiting for the district office.
    Pending,
    /// Account created.
    Approved,
    /// Refused; see the reason.
    Rejected,
}

/// Registration status.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationStatus {
    /// Id.
    pub registration_id: String,
    /// State.
    pub status: RegistrationState,
    /// Place in the approval queue.
    #[serde(default)]
    pub queue_position: Option<u64>,
    /// Why it was rejected.
    #[serde(default)]
    pub reason: Option<String>,
}

/// Result of a SIMPEG lookup.
#[derive(Debug, Clone, PartialEq)]
pub enum SimpegLookup {
    /// Found: the civil-service record.
    Found(Box<SimpegSnapshot>),
    /// SIMPEG does not know this NIP: the GTK stays Non PNS (as EMIS does).
    NotFound,
}
