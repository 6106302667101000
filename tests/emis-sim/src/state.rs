//! In-memory server state behind `Arc<Mutex<…>>`, and the snapshot `/__sim/state` returns.

use crate::datagen::{
    Dataset, GenConfig, Generator, OperatorAccount, PartnerAccount, RecordStatus, SimLembaga, SimPeriod,
};
use crate::faults::{Faults, RuleCounter};
use crate::http::{ApiError, base64url, bearer, wall_clock};
use crate::idempotency::IdemEntry;
use crate::rng::SplitMix64;
use crate::routes::jobs::Job;
use crate::routes::registration::Registration;
use axum::http::{HeaderMap, Method};
use emis_core::date::Date;
use serde::Serialize;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex, MutexGuard};

/// Settings that survive `/__sim/reset`.
#[derive(Debug, Clone)]
pub(crate) struct SimConfig {
    pub generation: GenConfig,
    pub token_ttl: u64,
    pub refresh_grace: u64,
    pub queue_length: u64,
    pub seconds_per_position: u64,
    pub period_open: bool,
}

/// Shared handle used by the routes.
#[derive(Clone)]
pub(crate) struct App(pub Arc<Mutex<SimState>>);

impl App {
    pub fn lock(&self) -> MutexGuard<'_, SimState> {
        self.0.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Who a token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Role {
    Operator,
    Partner,
}

#[derive(Debug, Clone)]
pub(crate) struct TokenInfo {
    pub sub: String,
    pub role: Role,
    pub lembaga: Option<String>,
    pub exp: i64,
}

/// An authenticated caller.
#[derive(Debug, Clone)]
pub(crate) struct Session {
    pub sub: String,
    pub role: Role,
    pub lembaga: Option<String>,
}

/// A santri or GTK held by the server: the EMIS record plus its lembaga.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub statistic_num: String,
    pub record: Map<String, Value>,
}

pub(crate) struct SimState {
    pub seed: u64,
    pub cfg: SimConfig,
    pub data: Dataset,
    pub generator: Generator,
    pub santri: BTreeMap<String, Row>,
    pub gtk: BTreeMap<String, Row>,
    pub simpeg: BTreeMap<String, Map<String, Value>>,
    pub operators: BTreeMap<String, OperatorAccount>,
    pub period_open: bool,
    pub next_santri: u64,
    pub next_gtk: u64,
    pub next_job: u64,
    pub next_registration: u64,
    pub next_request: u64,
    pub tokens: HashMap<String, TokenInfo>,
    pub idem: BTreeMap<(String, String), IdemEntry>,
    pub jobs: BTreeMap<String, Job>,
    pub registrations: BTreeMap<String, Registration>,
    pub requests: BTreeMap<String, u64>,
    pub keyless_writes: Vec<String>,
    pub faults: Faults,
    pub fault_counters: Vec<RuleCounter>,
    pub clock_offset: i64,
    pub rng: SplitMix64,
}

fn max_serial(ids: impl Iterator<Item = String>) -> u64 {
    ids.filter_map(|id| id.get(2..).and_then(|n| n.parse::<u64>().ok()))
        .max()
        .unwrap_or(0)
}

impl SimState {
    pub fn new(seed: u64, cfg: SimConfig, faults: Faults) -> SimState {
        let mut generator = Generator::new(seed);
        let data = generator.dataset(&cfg.generation);
        let active = data.active_period().name.clone();
        let santri: BTreeMap<String, Row> = data
            .santri
            .iter()
            .map(|s| (s.id.clone(), Row::from_value(&s.statistic_num, s.to_json(&active))))
            .collect();
        let gtk: BTreeMap<String, Row> = data
            .gtk
            .iter()
            .map(|g| (g.id.clone(), Row::from_value(&g.statistic_num, g.to_json())))
            .collect();
        let operators = data.operators.iter().map(|o| (o.email.clone(), o.clone())).collect();
        SimState {
            seed,
            period_open: cfg.period_open,
            next_santri: max_serial(santri.keys().cloned()) + 1,
            next_gtk: max_serial(gtk.keys().cloned()) + 1,
            simpeg: data.simpeg.clone(),
            santri,
            gtk,
            operators,
            data,
            generator,
            cfg,
            next_job: 1,
            next_registration: 1,
            next_request: 0,
            tokens: HashMap::new(),
            idem: BTreeMap::new(),
            jobs: BTreeMap::new(),
            registrations: BTreeMap::new(),
            requests: BTreeMap::new(),
            keyless_writes: Vec::new(),
            faults,
            fault_counters: Vec::new(),
            clock_offset: 0,
            rng: SplitMix64::derive(seed, "emis-sim/server"),
        }
    }

    /// Server clock (unix seconds): wall clock plus `/__sim/time` advances.
    pub fn now(&self) -> i64 {
        wall_clock() + self.clock_offset
    }

    /// Today in WIB on the server clock.
    pub fn today(&self) -> Date {
        Date::from_unix_days((self.now() + 7 * 3600).div_euclid(86_400))
    }

    pub fn lembaga(&self, statistic_num: &str) -> Option<&SimLembaga> {
        self.data.lembaga(statistic_num)
    }

    pub fn active_period(&self) -> &SimPeriod {
        self.data.active_period()
    }

    pub fn partner(&self) -> &PartnerAccount {
        &self.data.partner
    }

    pub fn note_request(&mut self, method: &Method, path: &str) -> String {
        self.next_request += 1;
        if !path.starts_with("/__sim") {
            *self.requests.entry(format!("{method} {path}")).or_insert(0) += 1;
        }
        format!("sim-{:08}", self.next_request)
    }

    pub fn issue_token(&mut self, sub: &str, role: Role, lembaga: Option<&str>) -> (String, i64) {
        let iat = self.now();
        let exp = iat + self.cfg.token_ttl as i64;
        let header = base64url(br#"{"alg":"HS256","typ":"JWT"}"#);
        let payload = json!({
            "sub": sub, "iat": iat, "exp": exp, "lembaga": lembaga, "role": role,
            "jti": self.rng.token_chars(12),
        });
        let token = format!(
            "{header}.{}.{}",
            base64url(payload.to_string().as_bytes()),
            self.rng.token_chars(43)
        );
        self.tokens.insert(
            token.clone(),
            TokenInfo {
                sub: sub.to_string(),
                role,
                lembaga: lembaga.map(str::to_string),
                exp,
            },
        );
        (token, exp)
    }

    /// The caller of a request: 401 when the token is missing, unknown or expired.
    pub fn authenticate(&self, headers: &HeaderMap) -> Result<Session, ApiError> {
        let Some(token) = bearer(headers) else {
            return Err(ApiError::unauthorized("unauthorized", "Token tidak ditemukan"));
        };
        let Some(info) = self.tokens.get(token) else {
            return Err(ApiError::unauthorized("token_invalid", "Token tidak valid"));
        };
        if info.exp <= self.now() {
            return Err(ApiError::unauthorized("token_expired", "Token sudah kedaluwarsa"));
        }
        Ok(Session {
            sub: info.sub.clone(),
            role: info.role,
            lembaga: info.lembaga.clone(),
        })
    }

    /// Makes the request's token expired (fault `ExpireToken`).
    pub fn expire_token(&mut self, headers: &HeaderMap) {
        let now = self.now();
        if let Some(info) = bearer(headers).and_then(|t| self.tokens.get_mut(t)) {
            info.exp = info.exp.min(now - 1);
        }
    }

    /// The lembaga a caller acts for: an operator's own (a different `statistic_num` is 403);
    /// a partner must name one.
    pub fn lembaga_for(&self, s: &Session, statistic_num: Option<&str>) -> Result<SimLembaga, ApiError> {
        let stat = match (s.role, &s.lembaga, statistic_num) {
            (Role::Operator, Some(own), Some(asked)) if own != asked => {
                return Err(ApiError::forbidden("Tidak berhak mengakses lembaga lain"));
            }
            (Role::Operator, Some(own), _) => own.clone(),
            (_, _, Some(asked)) => asked.to_string(),
            _ => return Err(ApiError::invalid("statistic_num wajib diisi")),
        };
        self.lembaga(&stat)
            .cloned()
            .ok_or_else(|| ApiError::not_found("Lembaga tidak ditemukan"))
    }

    pub fn next_santri_id(&mut self) -> String {
        let id = format!("s-{:06}", self.next_santri);
        self.next_santri += 1;
        id
    }

    pub fn next_gtk_id(&mut self) -> String {
        let id = format!("g-{:06}", self.next_gtk);
        self.next_gtk += 1;
        id
    }

    pub fn snapshot(&self) -> StateSnapshot {
        let mut lembaga: BTreeMap<String, LembagaCounts> = self
            .data
            .lembaga
            .iter()
            .map(|l| (l.statistic_num.clone(), LembagaCounts::default()))
            .collect();
        for r in self.santri.values() {
            let c = lembaga.entry(r.statistic_num.clone()).or_default();
            c.santri_total += 1;
            c.santri_active += u64::from(r.santri_status() == RecordStatus::Aktif);
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
            clock: self.now(),
            clock_offset: self.clock_offset,
            period_open: self.period_open,
            active_period_id: self.active_period().academic_year_id,
            lembaga,
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

impl Row {
    pub fn from_value(statistic_num: &str, v: Value) -> Row {
        Row {
            statistic_num: statistic_num.to_string(),
            record: match v {
                Value::Object(m) => m,
                _ => Map::new(),
            },
        }
    }
    pub fn str_field(&self, k: &str) -> Option<&str> {
        self.record.get(k).and_then(Value::as_str)
    }
    pub fn santri_status(&self) -> RecordStatus {
        let name = self
            .record
            .get("learning_activity")
            .and_then(|l| l.get("student_status"))
            .and_then(|s| s.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("Aktif");
        RecordStatus::from_name(name)
    }
    pub fn gtk_status(&self) -> RecordStatus {
        RecordStatus::from_name(self.str_field("status").unwrap_or("Aktif"))
    }
}

/// Counts per lembaga.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
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

/// What happened under one Idempotency-Key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct StateSnapshot {
    /// Seed of the data.
    pub seed: u64,
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
