//! What a sync says while it runs ([`Progress`]) and when it ends ([`SyncReport`]), its
//! options and its cancel token. No personal value appears in any of them unmasked.

use super::outbox::WriteState;
use super::plan::{ConflictPolicy, HumanItem};
use super::reconcile::Status;
use super::simpeg::SimpegDecision;
use crate::api::ChangeOp;
use crate::date::Date;
use crate::model::tolerant::ShapeWarning;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// How many shape warnings a report keeps (the total is counted).
pub const SHAPE_WARNINGS_KEPT: usize = 200;

/// Stages reported to the progress callback.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Looking up writes of an interrupted session whose outcome is unknown.
    Resume,
    /// Logging in and pulling from EMIS.
    Pull,
    /// Reconciling and validating.
    Verify,
    /// Planning.
    Plan,
    /// Sending writes, one by one at the configured pace.
    Push,
    /// Looking GTK up in SIMPEG.
    Simpeg,
    /// Saving local data and the journal.
    Save,
}

/// Progress of a sync.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Stage.
    pub stage: Stage,
    /// Units done in this stage.
    pub done: u64,
    /// Units in this stage, when known.
    pub total: Option<u64>,
    /// Estimated end of this stage (Unix ms), while pushing at a known pace.
    pub eta_ms: Option<i64>,
}

/// Cancels a sync between two writes (the write in flight finishes); nothing is lost: the
/// outbox keeps the rest for the next run.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A new token.
    pub fn new() -> CancelToken {
        CancelToken::default()
    }
    /// Requests cancellation.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::SeqCst);
    }
    /// True once cancelled.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::SeqCst)
    }
}

/// Options of one sync.
#[derive(Debug, Clone)]
pub struct SyncOptions {
    /// Statistic number of the lembaga.
    pub statistic_num: String,
    /// Who wins on differences.
    pub policy: ConflictPolicy,
    /// Plan only; push nothing, change nothing locally.
    pub dry_run: bool,
    /// Records per page when pulling (public clients use 10,000).
    pub per_page: u64,
    /// Look GTK up in SIMPEG.
    pub simpeg: bool,
    /// Today (rules; journal times come from the client's clock).
    pub today: Date,
    /// Period id for creates; when `None` it is learnt from list rows
    /// (`learning_activity.academic_year_id`), never from a required endpoint.
    pub academic_year_id: Option<i64>,
    /// Admission date sent with creates (default: today).
    pub admission_date: Option<String>,
    /// Send again changes the server rejected for good in an earlier session. Off by
    /// default: a rejected change is not re-sent until the record changes (a data-ganda
    /// rejection is re-checked with the PPDB search and sent again once it has cleared).
    pub retry_rejected: bool,
    /// Stop sending after this many writes in one session (`None`: all).
    pub max_writes: Option<usize>,
    /// How many rounds of "look up the unknown outcomes, send what is absent" one session
    /// makes before it stops and leaves the rest to the next run.
    pub max_lookup_rounds: u32,
}

impl SyncOptions {
    /// Defaults for a lembaga.
    pub fn new(statistic_num: impl Into<String>, today: Date) -> SyncOptions {
        SyncOptions {
            statistic_num: statistic_num.into(),
            policy: ConflictPolicy::EmisWins,
            dry_run: false,
            per_page: 10_000,
            simpeg: true,
            today,
            academic_year_id: None,
            admission_date: None,
            retry_rejected: false,
            max_writes: None,
            max_lookup_rounds: 3,
        }
    }
}

/// What happened to one record, for reports (identifiers masked).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecordOutcome {
    /// Masked key (NIK or name).
    pub key: String,
    /// Reconcile status (after the server's answer: a push rejected for data ganda is GANDA).
    pub status: Status,
    /// Rule, sync or field codes.
    pub codes: Vec<String>,
    /// Where its write stands, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub write: Option<WriteState>,
}

/// A write and where it stands (the receipt's line).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WriteOutcome {
    /// Masked key.
    pub key: String,
    /// Operation.
    pub op: ChangeOp,
    /// State.
    pub state: WriteState,
    /// Code (`sync.*`).
    pub code: Option<String>,
    /// The server's message (masked).
    pub message: Option<String>,
    /// Times sent (over all sessions).
    pub sends: u32,
}

/// A rejected write with the server's reason.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Rejection {
    /// Masked key.
    pub key: String,
    /// Operation.
    pub op: ChangeOp,
    /// Code.
    pub code: String,
    /// Server message.
    pub message: String,
}

/// SIMPEG outcome of one GTK.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimpegOutcome {
    /// Masked name.
    pub key: String,
    /// Found in SIMPEG.
    pub found: bool,
    /// Status kepegawaian after the lookup.
    pub status_kepegawaian: String,
    /// Which source answered (`emis_gtk_preview`, `pintar_cek_nip`).
    pub source: Option<String>,
    /// The decision (confirmed, needs the operator with both values masked, not found).
    pub decision: Option<SimpegDecision>,
    /// Why not found / failed.
    pub reason: Option<String>,
    /// Catalogue code: `gtk.simpeg_gagal` (not found, invalid NIP, lookup failed) or
    /// `sync.simpeg_perlu_konfirmasi`; none when confirmed.
    pub code: Option<&'static str>,
}

/// The result of a sync (also what `--format json` prints).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SyncReport {
    /// Session id.
    pub session_id: String,
    /// Dry run.
    pub dry_run: bool,
    /// Counts per status.
    pub counts: BTreeMap<String, u64>,
    /// Per record.
    pub records: Vec<RecordOutcome>,
    /// Writes the server accepted in this session (creates and updates).
    pub pushed: u64,
    /// Writes of this session and earlier ones, with their state now.
    pub writes: Vec<WriteOutcome>,
    /// Count of writes per state.
    pub write_states: BTreeMap<String, u64>,
    /// Writes refused in this session.
    pub rejected: Vec<Rejection>,
    /// Changes not sent because the server refused the very same change earlier.
    pub previously_rejected: Vec<Rejection>,
    /// Writes whose outcome was unknown and that a lookup found applied (never sent twice).
    pub resolved_by_lookup: u64,
    /// Decisions left to a human.
    pub needs_human: Vec<HumanItem>,
    /// Planned creates / updates / mutasi / deactivations.
    pub planned: BTreeMap<String, u64>,
    /// SIMPEG results.
    pub simpeg: Vec<SimpegOutcome>,
    /// Endpoints the server does not offer (the rest went on).
    pub unsupported: Vec<String>,
    /// Fields the server sent in another shape than expected (read as best as possible): the
    /// first [`SHAPE_WARNINGS_KEPT`], and how many there were in all.
    pub shape_warnings: Vec<ShapeWarning>,
    /// Shape warnings in all.
    pub shape_warnings_total: u64,
    /// Local records updated from EMIS, and imported.
    pub local_updated: u64,
    /// EMIS records added locally.
    pub local_imported: u64,
    /// The period id used for creates, and where it came from.
    pub academic_year_id: Option<(i64, String)>,
    /// Requests made.
    pub requests: u64,
    /// Bytes received / sent.
    pub bytes: (u64, u64),
}

impl SyncReport {
    pub(crate) fn new(session_id: &str, dry_run: bool) -> SyncReport {
        SyncReport {
            session_id: session_id.to_string(),
            dry_run,
            counts: BTreeMap::new(),
            records: Vec::new(),
            pushed: 0,
            writes: Vec::new(),
            write_states: BTreeMap::new(),
            rejected: Vec::new(),
            previously_rejected: Vec::new(),
            resolved_by_lookup: 0,
            needs_human: Vec::new(),
            planned: BTreeMap::new(),
            simpeg: Vec::new(),
            unsupported: Vec::new(),
            shape_warnings: Vec::new(),
            shape_warnings_total: 0,
            local_updated: 0,
            local_imported: 0,
            academic_year_id: None,
            requests: 0,
            bytes: (0, 0),
        }
    }

    /// Keeps the first shape warnings and counts them all.
    pub(crate) fn shape_warnings(&mut self, w: impl IntoIterator<Item = ShapeWarning>) {
        for w in w {
            self.shape_warnings_total += 1;
            if self.shape_warnings.len() < SHAPE_WARNINGS_KEPT {
                self.shape_warnings.push(w);
            }
        }
    }

    /// Notes an unsupported endpoint once.
    pub(crate) fn unsupported(&mut self, endpoint: &str) {
        if !self.unsupported.iter().any(|u| u == endpoint) {
            self.unsupported.push(endpoint.to_string());
        }
    }
}
