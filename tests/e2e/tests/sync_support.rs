//! Shared helpers of the sync end-to-end tests (`sync_e2e`, `sync_faults`): the simulator in
//! its default (real EMIS) profile, clients, the local dataset with planted changes (new
//! santri, a same-name pair, twins, a typo, data ganda, a departure), stores that survive a
//! "crash", and end-state snapshots. Included with `#[path]`.
#![allow(dead_code)]

use emis_core::api::{Credentials, EmisClient, EmisConfig, Pacing, Secret};
use emis_core::date::Date;
use emis_core::model::{Gtk, Santri};
use emis_core::sync::store::{Checkpoint, JournalEntry, OutboxEntry, Stream};
use emis_core::sync::{DirStore, LocalStore, MemoryStore, SyncEngine, SyncOptions, SyncReport, WriteState};
use emis_core::transport::{ManualClock, ReqwestTransport, RetryPolicy};
use emis_sim::{Profile, SimHandle, Simulator};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A simulator in the real profile without a write window (the client's clock is virtual).
pub async fn sim_real(seed: u64) -> SimHandle {
    Simulator::builder()
        .seed(seed)
        .profile(Profile::Real)
        .write_window_ms(0)
        .build()
        .start()
        .await
        .expect("simulator")
}

/// How the client logs in.
#[derive(Debug, Clone)]
pub enum Auth {
    Password,
    /// A pasted token (minted by the simulator with this lifetime, seconds).
    Token(u64),
}

/// A client of the demo lembaga: virtual time for sleeps (pacing and backoff pass at once),
/// fast retries, a short timeout, EMIS GTK cookie session for the SIMPEG preview.
pub fn client(sim: &SimHandle, auth: Auth, clock: &Arc<ManualClock>, tune: impl FnOnce(&mut EmisConfig)) -> EmisClient {
    let sn = sim.demo_statistic_num();
    let creds = match auth {
        Auth::Password => {
            let op = sim.operator_credentials(&sn).expect("operator");
            Credentials::Operator {
                email: op.email,
                password: Secret::new(op.password),
            }
        }
        Auth::Token(ttl) => Credentials::Token(Secret::new(sim.mint_token(ttl))),
    };
    let mut cfg = EmisConfig::new(&sim.base_url()).expect("base url");
    cfg.simpeg_base_url = url::Url::parse(&sim.pintar_base_url()).ok();
    cfg.gtk_base_url = url::Url::parse(&sim.gtk_base_url()).ok();
    cfg.timeout = Duration::from_millis(1500);
    cfg.pacing = Pacing::none();
    cfg.retry = RetryPolicy {
        max_attempts: 6,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_total: Duration::from_secs(120),
        min_rate_limit_delay: Duration::from_secs(5),
        jitter: true,
    };
    tune(&mut cfg);
    EmisClient::new(
        cfg,
        creds,
        Arc::new(ReqwestTransport::new().expect("transport")),
        clock.clone(),
        clock.clone(),
    )
    .with_simpeg_sessions(
        Some(Secret::new(sim.gtk_cookie())),
        Some(Secret::new(sim.pintar_token())),
    )
}

/// A manual clock starting now.
pub fn clock() -> Arc<ManualClock> {
    emis_e2e::manual_clock()
}

/// The client's "today": inside the simulator's open period.
pub fn today() -> Date {
    Date::new(2026, 9, 1).expect("date")
}

/// Options for the demo lembaga.
pub fn options(sim: &SimHandle) -> SyncOptions {
    SyncOptions::new(sim.demo_statistic_num(), today())
}

/// Digits of an optional identifier.
pub fn digits(v: Option<&emis_core::pii::Sensitive>) -> String {
    v.map(|s| s.expose().chars().filter(char::is_ascii_digit).collect())
        .unwrap_or_default()
}

fn is_active(v: &Value) -> bool {
    let st = v
        .pointer("/learning_activity/student_status/name")
        .and_then(Value::as_str)
        .unwrap_or("Aktif");
    st.eq_ignore_ascii_case("aktif")
}

/// Swaps two letters of the last word: a realistic typo.
pub fn typo(name: &str) -> String {
    let mut words: Vec<String> = name.split_whitespace().map(str::to_string).collect();
    if let Some(last) = words.last_mut() {
        let mut c: Vec<char> = last.chars().collect();
        if c.len() > 3 {
            c.swap(1, 2);
            if c[1] == c[2] {
                c.swap(0, 1);
            }
            *last = c.into_iter().collect();
        }
    }
    words.join(" ")
}

/// A valid NIK like `base` with another serial, not in `taken`.
pub fn fresh_nik(base: &str, taken: &mut BTreeSet<String>) -> String {
    for serial in (1..9999).rev() {
        let n = format!("{}{serial:04}", &base[..12]);
        if emis_core::id::nik::is_valid(&n) && taken.insert(n.clone()) {
            return n;
        }
    }
    panic!("no free NIK")
}

/// What was planted in the local dataset (NIKs are digits only).
#[derive(Debug, Clone, Default)]
pub struct Planted {
    pub sn: String,
    /// Registered santri whose local name has a typo (DISKREPANSI on `full_name`).
    pub typo_nik: String,
    pub typo_local_name: String,
    /// New santri not on EMIS (created).
    pub new_niks: Vec<String>,
    /// A new santri with the name, birth date and place of a registered one (another person).
    pub namesake_nik: String,
    /// The registered one it shares them with.
    pub namesake_of: String,
    /// New twins (same mother, KK and birth date; other names and NIKs).
    pub twin_niks: Vec<String>,
    /// A santri active at another lembaga (create refused: data ganda).
    pub elsewhere_nik: String,
    /// A santri who left locally (mutasi: no public endpoint, reported unsupported).
    pub departed_nik: String,
    /// Local santri count.
    pub local_santri: usize,
}

/// The pesantren's local data: the simulator's roster of the demo lembaga with the changes
/// operators meet. Deterministic for a simulator seed.
pub fn local_dataset(sim: &SimHandle) -> (Vec<Santri>, Vec<Gtk>, Planted) {
    let sn = sim.demo_statistic_num();
    let ds = sim.dataset();
    let roster = sim.santri_records(&sn);
    let mut p = Planted {
        sn: sn.clone(),
        ..Planted::default()
    };
    let mut taken: BTreeSet<String> = ds
        .lembaga
        .iter()
        .flat_map(|l| sim.santri_records(&l.statistic_num))
        .filter_map(|v| v.get("nik").and_then(Value::as_str).map(str::to_string))
        .collect();
    let active: Vec<usize> = (0..roster.len()).filter(|&i| is_active(&roster[i])).collect();
    assert!(active.len() >= 8, "roster too small: {}", active.len());
    let nik_of = |v: &Value| v.get("nik").and_then(Value::as_str).unwrap_or("").to_string();
    let (i_typo, i_left, i_namesake) = (active[1], active[2], active[3]);
    let mut local: Vec<Santri> = Vec::new();
    for (i, v) in roster.iter().enumerate() {
        let mut s = Santri::from_value(v).expect("roster record");
        if i == i_typo {
            p.typo_nik = nik_of(v);
            p.typo_local_name = typo(s.full_name.expose());
            s.full_name = p.typo_local_name.clone().into();
        }
        if i == i_left {
            p.departed_nik = nik_of(v);
            let la = s.learning_activity.get_or_insert_with(Default::default);
            la.exit_date = Some(today().to_string());
            la.exit_reason = Some("mutasi".into());
            la.exit_destination = Some("pesantren".into());
        }
        local.push(s);
    }
    // New santri.
    let fresh = sim.new_santri(&sn, 3);
    for s in &fresh {
        let mut x = Santri::from_value(&s.to_json("")).expect("new santri");
        x.id = None;
        x.learning_activity = None;
        p.new_niks.push(digits(x.nik.as_ref()));
        local.push(x);
    }
    // Another person with the name, birth date and place of a registered santri.
    let base = Santri::from_value(&roster[i_namesake]).expect("record");
    let mut namesake = base.clone();
    namesake.id = None;
    namesake.nisn = None;
    namesake.kk_num = None;
    namesake.learning_activity = None;
    let nik = fresh_nik(&digits(base.nik.as_ref()), &mut taken);
    namesake.nik = Some(nik.clone().into());
    namesake.parents.mother_full_name = Some("Rahmawati Namesake".into());
    p.namesake_nik = nik;
    p.namesake_of = digits(base.nik.as_ref());
    local.push(namesake);
    // Twins: one new santri and a sibling born the same day.
    let mut twin_a = Santri::from_value(&fresh[0].to_json("")).expect("new santri");
    twin_a.id = None;
    twin_a.learning_activity = None;
    let base_nik = digits(twin_a.nik.as_ref());
    for name in ["Hasan Kembar", "Husain Kembar"] {
        let mut t = twin_a.clone();
        let n = fresh_nik(&base_nik, &mut taken);
        t.nik = Some(n.clone().into());
        t.nisn = None;
        t.full_name = name.into();
        p.twin_niks.push(n);
        local.push(t);
    }
    // Active at another lembaga.
    let other = ds
        .lembaga
        .iter()
        .find(|l| l.statistic_num != sn)
        .expect("another lembaga");
    let v = sim
        .santri_records(&other.statistic_num)
        .into_iter()
        .find(is_active)
        .expect("active santri elsewhere");
    let mut x = Santri::from_value(&v).expect("record");
    x.id = None;
    x.learning_activity = None;
    p.elsewhere_nik = digits(x.nik.as_ref());
    local.push(x);
    p.local_santri = local.len();
    let gtk: Vec<Gtk> = sim
        .gtk_records(&sn)
        .iter()
        .map(|v| Gtk::from_value(v).expect("gtk"))
        .collect();
    (local, gtk, p)
}

/// A memory store shared between "processes" (engines) of one test.
#[derive(Debug, Clone, Default)]
pub struct Shared(pub Arc<Mutex<MemoryStore>>);

impl LocalStore for Shared {
    fn load_santri(&self) -> emis_core::error::Result<Vec<Santri>> {
        self.0.lock().unwrap().load_santri()
    }
    fn save_santri(&mut self, r: &[Santri]) -> emis_core::error::Result<()> {
        self.0.lock().unwrap().save_santri(r)
    }
    fn load_gtk(&self) -> emis_core::error::Result<Vec<Gtk>> {
        self.0.lock().unwrap().load_gtk()
    }
    fn save_gtk(&mut self, r: &[Gtk]) -> emis_core::error::Result<()> {
        self.0.lock().unwrap().save_gtk(r)
    }
    fn load_outbox(&self) -> emis_core::error::Result<Vec<OutboxEntry>> {
        self.0.lock().unwrap().load_outbox()
    }
    fn save_outbox(&mut self, e: &[OutboxEntry]) -> emis_core::error::Result<()> {
        self.0.lock().unwrap().save_outbox(e)
    }
    fn load_checkpoints(&self) -> emis_core::error::Result<BTreeMap<Stream, Checkpoint>> {
        self.0.lock().unwrap().load_checkpoints()
    }
    fn save_checkpoints(&mut self, c: &BTreeMap<Stream, Checkpoint>) -> emis_core::error::Result<()> {
        self.0.lock().unwrap().save_checkpoints(c)
    }
    fn append_journal(&mut self, e: &JournalEntry) -> emis_core::error::Result<()> {
        self.0.lock().unwrap().append_journal(e)
    }
    fn journal_lines(&self) -> emis_core::error::Result<Vec<JournalEntry>> {
        self.0.lock().unwrap().journal_lines()
    }
}

/// A fresh folder under the temp dir, removed on drop.
pub struct TempDir(pub PathBuf);

impl TempDir {
    pub fn new(tag: &str) -> TempDir {
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!("emis-e2e-{tag}-{}-{t}", std::process::id()));
        let _ = std::fs::remove_dir_all(&p);
        std::fs::create_dir_all(&p).expect("temp dir");
        TempDir(p)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A folder store with the dataset.
pub fn dir_store(dir: &TempDir, santri: &[Santri], gtk: &[Gtk]) -> PathBuf {
    let path = dir.0.join("store");
    let mut s = DirStore::open(&path).expect("dir store");
    s.save_santri(santri).expect("santri");
    s.save_gtk(gtk).expect("gtk");
    path
}

/// Runs one sync on a store.
pub async fn sync(
    client: &EmisClient,
    store: Box<dyn LocalStore>,
    opts: &SyncOptions,
) -> (emis_core::error::Result<SyncReport>, Box<dyn LocalStore>) {
    let mut engine = SyncEngine::new(client.clone(), store);
    let r = engine.run(opts).await;
    (r, engine.into_store())
}

/// True when nothing is left to send or look up.
pub fn settled(store: &dyn LocalStore) -> bool {
    store
        .load_outbox()
        .expect("outbox")
        .iter()
        .all(|e| !matches!(e.state, WriteState::Queued | WriteState::Sent))
}

/// The server's end state: per lembaga, each santri (NIK → the fields that matter, without
/// server ids) and how many times each NIK was created.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerEnd {
    pub santri: BTreeMap<String, BTreeMap<String, Value>>,
    pub created_more_than_once: Vec<String>,
}

fn canonical(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        for k in ["id", "approval_status", "approval_note", "created_at", "updated_at"] {
            m.remove(k);
        }
    }
    v
}

pub fn server_end(sim: &SimHandle) -> ServerEnd {
    let mut santri = BTreeMap::new();
    for l in &sim.dataset().lembaga {
        let mut by_nik = BTreeMap::new();
        for r in sim.santri_records(&l.statistic_num) {
            let nik = r.get("nik").and_then(Value::as_str).unwrap_or("").to_string();
            let prev = by_nik.insert(nik.clone(), canonical(&r));
            assert!(
                prev.is_none() || nik.is_empty(),
                "NIK twice at one lembaga on the server"
            );
        }
        santri.insert(l.statistic_num.clone(), by_nik);
    }
    let created_more_than_once = sim
        .state()
        .santri
        .values()
        .flatten()
        .filter(|s| s.times_created > 1)
        .map(|s| s.nik.clone().unwrap_or_default())
        .collect();
    ServerEnd {
        santri,
        created_more_than_once,
    }
}
