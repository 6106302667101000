//! Shared helpers of the sync end-to-end tests (`sync_e2e`, `sync_resume`, `sync_queue`):
//! the local dataset with planted changes, stores, and end-state snapshots. Included by those
//! files with `#[path]`; compiled on its own it is an empty test crate.
#![allow(dead_code)]

use emis_core::api::{Credentials, EmisClient, EmisConfig, Secret};
use emis_core::date::Date;
use emis_core::model::{Gtk, Santri};
use emis_core::sync::{DirStore, LocalStore, MemoryStore};
use emis_core::transport::{ManualClock, ReqwestTransport, RetryPolicy, Sleep};
use emis_sim::SimHandle;
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// A client of the demo lembaga whose clock and sleep are a [`ManualClock`]: retries,
/// `Retry-After` and queue waits pass in virtual time (the test reads how long on the clock),
/// so tests are fast and do not depend on the machine's speed. Retries are quick and many.
pub fn client(sim: &SimHandle, clock: &Arc<ManualClock>, tune: impl FnOnce(&mut EmisConfig)) -> EmisClient {
    client_as(sim, &sim.demo_statistic_num(), clock, tune)
}

/// [`client`] for the operator of another lembaga.
pub fn client_as(
    sim: &SimHandle,
    sn: &str,
    clock: &Arc<ManualClock>,
    tune: impl FnOnce(&mut EmisConfig),
) -> EmisClient {
    build_client(sim, sn, clock, clock.clone(), tune)
}

/// [`client`] whose every sleep is recorded (and passes in virtual time).
pub fn recording_client(sim: &SimHandle, clock: &Arc<ManualClock>) -> (EmisClient, Arc<RecordingSleep>) {
    let sleep = Arc::new(RecordingSleep {
        clock: clock.clone(),
        log: Mutex::new(Vec::new()),
    });
    let c = build_client(sim, &sim.demo_statistic_num(), clock, sleep.clone(), |_| {});
    (c, sleep)
}

fn build_client(
    sim: &SimHandle,
    sn: &str,
    clock: &Arc<ManualClock>,
    sleep: Arc<dyn Sleep>,
    tune: impl FnOnce(&mut EmisConfig),
) -> EmisClient {
    let op = sim.operator_credentials(sn).expect("operator");
    let mut cfg = EmisConfig::new(&sim.base_url()).expect("base url");
    cfg.simpeg_base_url = url::Url::parse(&sim.simpeg_base_url()).ok();
    cfg.timeout = Duration::from_secs(5);
    cfg.poll_interval = Duration::from_millis(20);
    cfg.retry = RetryPolicy {
        max_attempts: 6,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_total: Duration::from_secs(60),
        min_rate_limit_delay: Duration::from_millis(10),
        jitter: true,
    };
    tune(&mut cfg);
    EmisClient::new(
        cfg,
        Credentials::Operator {
            email: op.email,
            password: Secret::new(op.password),
        },
        Arc::new(ReqwestTransport::new().expect("transport")),
        clock.clone(),
        sleep,
    )
}

/// A sleep that advances a [`ManualClock`] at once and records how long it was asked for.
#[derive(Debug)]
pub struct RecordingSleep {
    clock: Arc<ManualClock>,
    log: Mutex<Vec<Duration>>,
}

impl RecordingSleep {
    /// The sleeps so far.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.log.lock().expect("lock").clone()
    }
}

// `Sleep` is an `async_trait`; written out by hand (no proc-macro dependency here).
impl Sleep for RecordingSleep {
    fn sleep<'life0, 'async_trait>(&'life0 self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        self.log.lock().expect("lock").push(d);
        self.clock.advance(d);
        Box::pin(std::future::ready(()))
    }
}

/// The client's "today" (rules, exit dates): inside the simulator's open period.
pub fn today() -> Date {
    Date::new(2026, 9, 1).expect("date")
}

/// Digits of an optional identifier.
pub fn digits(v: Option<&emis_core::pii::Sensitive>) -> String {
    v.map(|s| s.expose().chars().filter(char::is_ascii_digit).collect())
        .unwrap_or_default()
}

fn status_name(v: &Value) -> &str {
    v.pointer("/learning_activity/student_status/name")
        .and_then(Value::as_str)
        .unwrap_or("Aktif")
}

/// True when an EMIS santri record is active.
pub fn is_active(v: &Value) -> bool {
    status_name(v).eq_ignore_ascii_case("aktif")
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

/// What was planted in the local dataset (NIKs are digits only).
#[derive(Debug, Clone, Default)]
pub struct Planted {
    /// Statistic number of the demo lembaga.
    pub sn: String,
    /// Registered santri whose local name has a typo (DISKREPANSI on `full_name`).
    pub typo_nik: String,
    /// The typo'd local name and the EMIS name.
    pub typo_local_name: String,
    pub typo_emis_name: String,
    /// Registered santri entered twice locally (GANDA, both copies).
    pub dup_nik: String,
    /// New santri not on EMIS (BELUM_TERDAFTAR, created).
    pub new_niks: Vec<String>,
    /// A local record with an impossible NIK (INVALID).
    pub invalid_nik: String,
    /// An active EMIS santri missing locally (HANYA_DI_EMIS, imported with EMIS wins).
    pub emis_only_nik: String,
    /// A santri active at another lembaga (pushed, rejected as data ganda).
    pub elsewhere_nik: String,
    /// That lembaga, and the santri's server id there.
    pub elsewhere_sn: String,
    pub elsewhere_id: String,
    /// A santri who left locally (mutasi keluar pushed).
    pub departed_nik: String,
    /// Server id of the departed santri.
    pub departed_id: String,
    /// GTK name (as stored locally) whose NIP is in SIMPEG, new to EMIS (GTK create).
    pub gtk_simpeg_nip: String,
    /// GTK NIP that SIMPEG does not know.
    pub gtk_unknown_nip: String,
    /// Local santri count.
    pub local_santri: usize,
}

/// Builds the pesantren's local data from the simulator's roster with the changes operators
/// meet (deterministic for a seed: same picks, same `new_santri` draws on a fresh simulator).
pub fn local_dataset(sim: &SimHandle) -> (Vec<Santri>, Vec<Gtk>, Planted) {
    let sn = sim.demo_statistic_num();
    let ds = sim.dataset();
    let roster = sim.santri_records(&sn);
    let mut p = Planted {
        sn: sn.clone(),
        ..Planted::default()
    };
    let active: Vec<usize> = (0..roster.len()).filter(|&i| is_active(&roster[i])).collect();
    assert!(active.len() >= 10, "roster too small: {}", active.len());
    let nik_of = |v: &Value| v.get("nik").and_then(Value::as_str).unwrap_or("").to_string();
    let (i_typo, i_dup, i_only, i_left) = (active[1], active[2], active[3], active[4]);

    let mut local: Vec<Santri> = Vec::new();
    for (i, v) in roster.iter().enumerate() {
        if i == i_only {
            p.emis_only_nik = nik_of(v);
            continue;
        }
        let mut s = Santri::from_value(v).expect("roster record");
        if i == i_typo {
            p.typo_nik = nik_of(v);
            p.typo_emis_name = s.full_name.expose().to_string();
            p.typo_local_name = typo(s.full_name.expose());
            assert_ne!(p.typo_local_name, p.typo_emis_name);
            s.full_name = p.typo_local_name.clone().into();
        }
        if i == i_left {
            p.departed_nik = nik_of(v);
            p.departed_id = s.id.clone().expect("server id");
            let la = s.learning_activity.get_or_insert_with(Default::default);
            la.exit_date = Some(today().to_string());
            la.exit_reason = Some("mutasi".into());
            la.exit_destination = Some("pesantren".into());
        }
        local.push(s);
        if i == i_dup {
            p.dup_nik = nik_of(v);
            let mut dup = Santri::from_value(v).expect("roster record");
            dup.id = None;
            dup.full_name = typo(dup.full_name.expose()).into();
            local.push(dup);
        }
    }
    // INVALID: 30 February in the NIK.
    let mut bad = Santri::from_value(&roster[active[5]]).expect("record");
    bad.id = None;
    bad.nik = Some("3517013002080001".into());
    bad.nisn = None;
    bad.kk_num = None;
    bad.full_name = "Zaid Abdullah".into();
    p.invalid_nik = "3517013002080001".into();
    local.push(bad);
    // Not yet registered.
    for s in sim.new_santri(&sn, 2) {
        let mut x = Santri::from_value(&s.to_json("")).expect("new santri");
        x.id = None;
        p.new_niks.push(digits(x.nik.as_ref()));
        local.push(x);
    }
    // Active at another lembaga (data ganda: the server rejects the create).
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
    p.elsewhere_nik = digits(x.nik.as_ref());
    p.elsewhere_sn = other.statistic_num.clone();
    p.elsewhere_id = x.id.take().expect("server id");
    local.push(x);
    p.local_santri = local.len();

    // GTK: the lembaga's own, one with a NIP SIMPEG does not know, and a PNS new to EMIS.
    let mut gtk: Vec<Gtk> = sim
        .gtk_records(&sn)
        .iter()
        .map(|v| Gtk::from_value(v).expect("gtk"))
        .collect();
    let known = |n: &str| ds.simpeg.contains_key(n);
    let victim = gtk
        .iter()
        .position(|g| g.nip.as_ref().is_none_or(|n| n.is_blank()))
        .unwrap_or(0);
    // A valid NIP (born 1980-01-01, TMT 2005-03, male) whose serial SIMPEG never issued.
    let unknown = (1..999)
        .map(|k| format!("19800101200503{}{k:03}", 1))
        .find(|n| !known(n))
        .expect("free NIP");
    gtk[victim].nip = Some(unknown.clone().into());
    gtk[victim].status_kepegawaian = None;
    p.gtk_unknown_nip = unknown;
    let pns = ds
        .lembaga
        .iter()
        .filter(|l| l.statistic_num != sn)
        .flat_map(|l| sim.gtk_records(&l.statistic_num))
        .find(|g| g.get("nip").and_then(Value::as_str).is_some_and(known))
        .expect("a GTK in SIMPEG");
    let mut g = Gtk::from_value(&pns).expect("gtk");
    g.id = None;
    g.status_kepegawaian = None;
    g.simpeg = None;
    p.gtk_simpeg_nip = digits(g.nip.as_ref());
    gtk.push(g);
    (local, gtk, p)
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

/// Which store a scenario runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Memory,
    Dir,
}

/// A store of either kind (a `DirStore` is reopened from disk on every [`AnyStore::reopen`]).
pub enum AnyStore {
    Memory(MemoryStore),
    Dir(DirStore, PathBuf),
}

impl AnyStore {
    pub fn new(kind: Kind, dir: Option<&TempDir>, santri: &[Santri], gtk: &[Gtk]) -> AnyStore {
        let mut s = match kind {
            Kind::Memory => AnyStore::Memory(MemoryStore::default()),
            Kind::Dir => {
                let path = dir.expect("temp dir").0.join("store");
                AnyStore::Dir(DirStore::open(&path).expect("dir store"), path)
            }
        };
        s.store().save_santri(santri).expect("save santri");
        s.store().save_gtk(gtk).expect("save gtk");
        s
    }
    pub fn store(&mut self) -> &mut dyn LocalStore {
        match self {
            AnyStore::Memory(m) => m,
            AnyStore::Dir(d, _) => d,
        }
    }
    pub fn view(&self) -> &dyn LocalStore {
        match self {
            AnyStore::Memory(m) => m,
            AnyStore::Dir(d, _) => d,
        }
    }
    /// A `DirStore` opened anew on the same folder (what a restarted app sees); a memory
    /// store stays as it is.
    pub fn reopen(self) -> AnyStore {
        match self {
            AnyStore::Dir(d, path) => {
                drop(d);
                AnyStore::Dir(DirStore::open(&path).expect("reopen"), path)
            }
            m => m,
        }
    }
}

/// The local end state that must not depend on crashes: records, and no pending batch.
#[derive(Debug, Clone, PartialEq)]
pub struct LocalEnd {
    pub santri: Vec<Value>,
    pub gtk: Vec<Value>,
    pub pending_batches: usize,
}

pub fn local_end(store: &dyn LocalStore) -> LocalEnd {
    let santri = store
        .load_santri()
        .expect("santri")
        .iter()
        .map(|s| serde_json::to_value(s).expect("json"))
        .collect();
    let gtk = store
        .load_gtk()
        .expect("gtk")
        .iter()
        .map(|g| serde_json::to_value(g).expect("json"))
        .collect();
    let pending_batches = store
        .load_outbox()
        .expect("outbox")
        .iter()
        .filter(|e| e.state == emis_core::sync::store::OutboxState::Pending)
        .count();
    LocalEnd {
        santri,
        gtk,
        pending_batches,
    }
}

/// The server end state: per lembaga, santri and GTK records without server ids (ids depend
/// on creation order only), keyed by NIK, plus the number of active records per NIK (data
/// ganda on the server would show as 2).
#[derive(Debug, Clone, PartialEq)]
pub struct ServerEnd {
    pub santri: BTreeMap<String, Vec<Value>>,
    pub gtk: BTreeMap<String, Vec<Value>>,
    pub active_per_nik: BTreeMap<String, usize>,
}

fn without_volatile(v: &Value) -> Value {
    let mut v = v.clone();
    if let Some(m) = v.as_object_mut() {
        m.remove("id");
    }
    v
}

pub fn server_end(sim: &SimHandle) -> ServerEnd {
    let ds = sim.dataset();
    let mut santri = BTreeMap::new();
    let mut gtk = BTreeMap::new();
    let mut active_per_nik: BTreeMap<String, usize> = BTreeMap::new();
    for l in &ds.lembaga {
        let mut rs: Vec<Value> = sim.santri_records(&l.statistic_num);
        for r in &rs {
            if is_active(r) {
                let nik = r.get("nik").and_then(Value::as_str).unwrap_or("").to_string();
                *active_per_nik.entry(nik).or_default() += 1;
            }
        }
        rs = rs.iter().map(without_volatile).collect();
        rs.sort_by_key(|r| r.to_string());
        santri.insert(l.statistic_num.clone(), rs);
        let mut gs: Vec<Value> = sim.gtk_records(&l.statistic_num).iter().map(without_volatile).collect();
        gs.sort_by_key(|r| r.to_string());
        gtk.insert(l.statistic_num.clone(), gs);
    }
    ServerEnd {
        santri,
        gtk,
        active_per_nik,
    }
}

/// Active santri of a lembaga with a NIK.
pub fn server_santri_by_nik<'a>(records: &'a [Value], nik: &str) -> Vec<&'a Value> {
    records
        .iter()
        .filter(|r| r.get("nik").and_then(Value::as_str) == Some(nik))
        .collect()
}
