//! In-memory server state behind `Arc<Mutex<…>>`: records, accounts, tokens, pacing.
//! Tokens and sessions are in `tokens.rs`, the `/__sim/state` snapshot in `snapshot.rs`.

use crate::datagen::{
    Dataset, GenConfig, Generator, OperatorAccount, PartnerAccount, RecordStatus, SimLembaga, SimPeriod,
};
use crate::faults::{Faults, RuleCounter, SessionShape};
use crate::http::{ApiError, bearer, wall_clock};
use crate::idempotency::IdemEntry;
use crate::rng::SplitMix64;
use crate::routes::jobs::Job;
use crate::routes::registration::Registration;
use axum::http::{HeaderMap, Method, StatusCode};
use emis_core::date::Date;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};
use tokio::sync::watch;

/// Which server the simulator plays.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// The real EMIS as public clients show it (docs/api.md: observed and "assumed, default").
    #[default]
    Real,
    /// Real plus the project's invented endpoints (batches with Idempotency-Key, sync jobs,
    /// registrations, the period list).
    Extended,
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Profile, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "real" => Ok(Profile::Real),
            "extended" => Ok(Profile::Extended),
            other => Err(format!("unknown profile {other} (real|extended)")),
        }
    }
}

impl std::fmt::Display for Profile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Profile::Real => "real",
            Profile::Extended => "extended",
        })
    }
}

/// Settings that survive `/__sim/reset`.
#[derive(Debug, Clone)]
pub(crate) struct SimConfig {
    pub generation: GenConfig,
    pub token_ttl: u64,
    pub refresh_grace: u64,
    pub queue_length: u64,
    pub seconds_per_position: u64,
    pub period_open: bool,
    pub profile: Profile,
    /// `None`: on in the real profile, off in the extended one.
    pub variance: Option<bool>,
    pub write_window_ms: u64,
    pub read_limit_per_sec: Option<u32>,
}

impl SimConfig {
    pub fn variance_on(&self) -> bool {
        self.variance.unwrap_or(self.profile == Profile::Real)
    }
}

/// Shared handle used by the routes: the state and the server's stop signal.
#[derive(Clone)]
pub(crate) struct App {
    state: Arc<Mutex<SimState>>,
    stop: watch::Receiver<bool>,
}

impl App {
    pub fn new(st: SimState, stop: watch::Receiver<bool>) -> App {
        App {
            state: Arc::new(Mutex::new(st)),
            stop,
        }
    }
    pub fn lock(&self) -> MutexGuard<'_, SimState> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }
    pub fn stop_signal(&self) -> watch::Receiver<bool> {
        self.stop.clone()
    }
}

/// Who a token belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum Role {
    Operator,
    Partner,
}

/// Why a token stopped working before its `exp`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Revoked {
    /// Rotated by `accounts/refresh` (tymon/jwt-auth blacklist).
    Rotated,
    /// Ended by the `expire_session` fault: answers in this shape from now on.
    Session(SessionShape),
}

#[derive(Debug, Clone)]
pub(crate) struct TokenInfo {
    pub sub: String,
    pub role: Role,
    pub lembaga: Option<String>,
    pub exp: i64,
    pub revoked: Option<Revoked>,
}

/// An EMIS GTK cookie session (`emisSSO` + `sessionid`).
#[derive(Debug, Clone)]
pub(crate) struct GtkSession {
    pub sso: String,
    pub revoked: Option<SessionShape>,
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
    pub gtk_sessions: HashMap<String, GtkSession>,
    pub pintar_token: String,
    pub idem: BTreeMap<(String, String), IdemEntry>,
    pub jobs: BTreeMap<String, Job>,
    pub registrations: BTreeMap<String, Registration>,
    pub requests: BTreeMap<String, u64>,
    pub keyless_writes: Vec<String>,
    /// Creates per (statistic number, NIK), through `ppdb` or a batch.
    pub creates: BTreeMap<(String, String), u64>,
    pub last_write: HashMap<String, Instant>,
    pub reads: HashMap<String, VecDeque<Instant>>,
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
        // Records that existed before the simulator started went through approval long ago:
        // about half say so (`disetujui`), the rest carry no approval state.
        let santri: BTreeMap<String, Row> = data
            .santri
            .iter()
            .map(|s| {
                let mut row = Row::from_value(&s.statistic_num, s.to_json(&active));
                let mut r = SplitMix64::derive(seed, &format!("approval/{}", s.id));
                if r.chance(0.5) {
                    row.record.insert("approval_status".into(), json!("disetujui"));
                }
                (s.id.clone(), row)
            })
            .collect();
        let gtk: BTreeMap<String, Row> = data
            .gtk
            .iter()
            .map(|g| (g.id.clone(), Row::from_value(&g.statistic_num, g.to_json())))
            .collect();
        let operators = data.operators.iter().map(|o| (o.email.clone(), o.clone())).collect();
        let mut rng = SplitMix64::derive(seed, "emis-sim/server");
        let pintar_token = format!("pintar-sim-{}", rng.token_chars(40));
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
            gtk_sessions: HashMap::new(),
            pintar_token,
            idem: BTreeMap::new(),
            jobs: BTreeMap::new(),
            registrations: BTreeMap::new(),
            requests: BTreeMap::new(),
            keyless_writes: Vec::new(),
            creates: BTreeMap::new(),
            last_write: HashMap::new(),
            reads: HashMap::new(),
            faults,
            fault_counters: Vec::new(),
            clock_offset: 0,
            rng,
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

    pub fn profile(&self) -> Profile {
        self.cfg.profile
    }

    pub fn lembaga(&self, statistic_num: &str) -> Option<&SimLembaga> {
        self.data.lembaga(statistic_num)
    }

    pub fn active_period(&self) -> &SimPeriod {
        self.data.active_period()
    }

    pub fn period_name(&self, academic_year_id: i64) -> Option<&str> {
        self.data
            .periods
            .iter()
            .find(|p| p.academic_year_id == academic_year_id)
            .map(|p| p.name.as_str())
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

    /// Counts a create of `nik` at a lembaga (for `/__sim/state`).
    pub fn note_create(&mut self, statistic_num: &str, nik: &str) {
        *self
            .creates
            .entry((statistic_num.to_string(), nik.to_string()))
            .or_insert(0) += 1;
    }

    /// The write window of an account: `Err(429)` (nothing applied) when its previous processed
    /// write is less than `write_window_ms` ago; otherwise the write counts from now.
    pub fn pace_write(&mut self, sub: &str) -> Result<(), ApiError> {
        let window = Duration::from_millis(self.cfg.write_window_ms);
        let now = Instant::now();
        if let Some(last) = self.last_write.get(sub)
            && now.duration_since(*last) < window
        {
            return Err(ApiError::message(StatusCode::TOO_MANY_REQUESTS, "Too Many Attempts."));
        }
        self.last_write.insert(sub.to_string(), now);
        Ok(())
    }

    /// The read limit (`read_limit_per_sec`, off by default) of the bearer's account, over the
    /// last second. Requests without a known token are not limited here.
    pub fn read_allowed(&mut self, headers: &HeaderMap) -> bool {
        let Some(limit) = self.cfg.read_limit_per_sec else {
            return true;
        };
        let Some(sub) = bearer(headers).and_then(|t| self.tokens.get(t)).map(|i| i.sub.clone()) else {
            return true;
        };
        let now = Instant::now();
        let q = self.reads.entry(sub).or_default();
        while q
            .front()
            .is_some_and(|t| now.duration_since(*t) >= Duration::from_secs(1))
        {
            q.pop_front();
        }
        if q.len() as u64 >= u64::from(limit) {
            return false;
        }
        q.push_back(now);
        true
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
