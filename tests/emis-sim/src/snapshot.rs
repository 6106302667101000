//! `GET /__sim/state`: counts, the santri each lembaga holds, idempotency, requests, faults.

use crate::datagen::RecordStatus;
use crate::faults::{Faults, RuleCounter};
use crate::routes::registration::Registration;
use crate::state::{Profile, SimState};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::BTreeMap;

/// Counts per lembaga.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LembagaCounts {
    /// All santri records (any status).
    pub santri_total: u64,
    /// Active santri.
    pub santri_active: u64,
    /// All GTK records.
    pub gtk_total: u64,
    /// Active GTK.
    pub gtk_active: u64,
}

/// One santri as the server holds it (for comparing the server with a client's view).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SantriState {
    /// Server id.
    pub id: String,
    /// NIK.
    pub nik: Option<String>,
    /// Full name.
    pub full_name: Option<String>,
    /// Birth date.
    pub birth_date: Option<String>,
    /// `Aktif`, `Lulus`, `Mutasi Keluar`, `Tidak Aktif`.
    pub status: String,
    /// `menunggu_kepala`, `menunggu_kabkota`, `disetujui`, `ditolak`, or none.
    pub approval_status: Option<String>,
    /// How many times this NIK was created at this lembaga through the API (ppdb or batch).
    pub times_created: u64,
}

/// What happened under one Idempotency-Key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdemCounts {
    /// Endpoint of the first request.
    pub path: String,
    /// Times the write was executed (1 unless something is wrong).
    pub applied: u64,
    /// Times the stored response was replayed.
    pub replays: u64,
    /// Requests with the same key and a different body (409).
    pub mismatches: u64,
}

/// A registration as `/__sim/state` shows it (with the account password once approved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RegistrationView {
    /// Id.
    pub registration_id: String,
    /// Email.
    pub email: String,
    /// pending / approved / rejected.
    pub status: String,
    /// Reason when rejected.
    pub reason: Option<String>,
    /// Password of the created account when approved.
    pub password: Option<String>,
    /// Name of the uploaded surat tugas.
    pub file_name: String,
    /// Its size in bytes.
    pub file_size: u64,
}

/// `GET /__sim/state`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StateSnapshot {
    /// Seed of the data.
    pub seed: u64,
    /// Real or extended.
    pub profile: Profile,
    /// Server clock (unix seconds).
    pub clock: i64,
    /// Seconds added by `/__sim/time`.
    pub clock_offset: i64,
    /// Whether writes are accepted.
    pub period_open: bool,
    /// Current period id.
    pub active_period_id: i64,
    /// Counts per lembaga (statistic number).
    pub lembaga: BTreeMap<String, LembagaCounts>,
    /// The santri of each lembaga (statistic number), ordered by server id.
    pub santri: BTreeMap<String, Vec<SantriState>>,
    /// Per Idempotency-Key.
    pub idempotency: BTreeMap<String, IdemCounts>,
    /// Requests seen per `METHOD /path`.
    pub requests: BTreeMap<String, u64>,
    /// Writes accepted without an Idempotency-Key.
    pub keyless_writes: u64,
    /// Their paths.
    pub keyless_write_paths: Vec<String>,
    /// Sync jobs created.
    pub jobs: u64,
    /// Registrations.
    pub registrations: Vec<RegistrationView>,
    /// Tokens issued.
    pub tokens_issued: u64,
    /// Current fault configuration.
    pub faults: Faults,
    /// Per-rule counters.
    pub fault_counters: Vec<RuleCounter>,
}

impl StateSnapshot {
    /// The santri of a lembaga with this NIK.
    pub fn santri_with_nik(&self, statistic_num: &str, nik: &str) -> Vec<&SantriState> {
        self.santri
            .get(statistic_num)
            .into_iter()
            .flatten()
            .filter(|s| s.nik.as_deref() == Some(nik))
            .collect()
    }
}

impl SimState {
    pub fn snapshot(&self) -> StateSnapshot {
        let mut lembaga: BTreeMap<String, LembagaCounts> = self
            .data
            .lembaga
            .iter()
            .map(|l| (l.statistic_num.clone(), LembagaCounts::default()))
            .collect();
        let mut santri: BTreeMap<String, Vec<SantriState>> = BTreeMap::new();
        for (id, r) in &self.santri {
            let status = r.santri_status();
            let c = lembaga.entry(r.statistic_num.clone()).or_default();
            c.santri_total += 1;
            c.santri_active += u64::from(status == RecordStatus::Aktif);
            let text = |k: &str| r.record.get(k).and_then(Value::as_str).map(str::to_string);
            let nik = text("nik");
            let times_created = nik
                .as_ref()
                .and_then(|n| self.creates.get(&(r.statistic_num.clone(), n.clone())))
                .copied()
                .unwrap_or(0);
            santri.entry(r.statistic_num.clone()).or_default().push(SantriState {
                id: id.clone(),
                nik,
                full_name: text("full_name"),
                birth_date: text("birth_date"),
                status: status.name().to_string(),
                approval_status: text("approval_status"),
                times_created,
            });
        }
        for r in self.gtk.values() {
            let c = lembaga.entry(r.statistic_num.clone()).or_default();
            c.gtk_total += 1;
            c.gtk_active += u64::from(r.gtk_status() == RecordStatus::Aktif);
        }
        let mut idempotency: BTreeMap<String, IdemCounts> = BTreeMap::new();
        for ((_, key), e) in &self.idem {
            let c = idempotency.entry(key.clone()).or_default();
            c.path.clone_from(&e.path);
            c.applied += e.applied;
            c.replays += e.replays;
            c.mismatches += e.mismatches;
        }
        StateSnapshot {
            seed: self.seed,
            profile: self.cfg.profile,
            clock: self.now(),
            clock_offset: self.clock_offset,
            period_open: self.period_open,
            active_period_id: self.active_period().academic_year_id,
            lembaga,
            santri,
            idempotency,
            requests: self.requests.clone(),
            keyless_writes: self.keyless_writes.len() as u64,
            keyless_write_paths: self.keyless_writes.clone(),
            jobs: self.jobs.len() as u64,
            registrations: self.registrations.values().map(Registration::view_for_state).collect(),
            tokens_issued: self.tokens.len() as u64,
            faults: self.faults.clone(),
            fault_counters: self.fault_counters.clone(),
        }
    }
}
