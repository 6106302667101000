//! Benchmark: one full sync (pull + reconcile + plan + push + SIMPEG) of a lembaga with
//! 10,000 santri against the simulator on 127.0.0.1, without and with injected latency.
//!
//!     cargo run --release -p emis-e2e --example sync_bench -- [options]
//!
//! Options (all optional):
//!   --santri N         santri of the lembaga on the server (default 10000)
//!   --per-page N       records per page when pulling (default 10000, EMIS's observed maximum)
//!   --batch-size N     changes per pushed batch (default 500)
//!   --latency-ms N     delay the simulator adds to every request in the second run (default 100)
//!   --seed N           simulator seed (default 20261130)
//!   --defaults         also run the engine's default per_page / batch_size for comparison
//!   --repeat N         runs per configuration; the median wall time is reported (default 3)
//!   --json PATH        write the results as JSON (for benches/sync/run.sh)
//!
//! The local dataset is the server's roster with 5 % of the santri changed: 3 % updated
//! locally (a name typo, pushed with `ConflictPolicy::LocalWins`), 1.5 % new santri (creates),
//! 0.5 % departures (mutasi keluar). Every run starts a fresh simulator with the same seed, so
//! all runs sync the same data. Only `SyncEngine::run` is timed (not data generation, not the
//! simulator's start). All data is synthetic.

use emis_core::api::{Credentials, EmisClient, EmisConfig, Secret};
use emis_core::date::Date;
use emis_core::model::{Gtk, LembagaKind, Santri};
use emis_core::sync::{ConflictPolicy, LocalStore, MemoryStore, SyncEngine, SyncOptions, SyncReport};
use emis_sim::{Defects, Fault, FaultRule, Faults, GenConfig, SimHandle, Simulator};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tracing_subscriber::layer::SubscriberExt;

/// Time spent inside requests, from the client's own `emis::http` "response" events
/// (send → whole answer received; ms resolution): per endpoint, summed.
static IN_REQUESTS: Mutex<Vec<(String, u64)>> = Mutex::new(Vec::new());

struct RequestTimes;

#[derive(Default)]
struct Fields {
    endpoint: Option<String>,
    duration_ms: Option<u64>,
    response: bool,
}

impl tracing::field::Visit for Fields {
    fn record_u64(&mut self, field: &tracing::field::Field, value: u64) {
        if field.name() == "duration_ms" {
            self.duration_ms = Some(value);
        }
    }
    fn record_i64(&mut self, field: &tracing::field::Field, value: i64) {
        if field.name() == "duration_ms" {
            self.duration_ms = Some(value.max(0) as u64);
        }
    }
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        if field.name() == "endpoint" {
            self.endpoint = Some(value.to_string());
        }
    }
    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        if field.name() == "message" {
            self.response = format!("{value:?}") == "response";
        }
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for RequestTimes {
    fn on_event(&self, event: &tracing::Event<'_>, _: tracing_subscriber::layer::Context<'_, S>) {
        if event.metadata().target() != "emis::http" {
            return;
        }
        let mut f = Fields::default();
        event.record(&mut f);
        if let (true, Some(ep), Some(ms)) = (f.response, f.endpoint, f.duration_ms) {
            IN_REQUESTS.lock().unwrap_or_else(|p| p.into_inner()).push((ep, ms));
        }
    }
}

struct Args {
    santri: u32,
    per_page: u64,
    batch_size: usize,
    latency_ms: u64,
    seed: u64,
    defaults: bool,
    repeat: usize,
    json: Option<String>,
}

fn parse_args() -> Args {
    let mut a = Args {
        santri: 10_000,
        per_page: 10_000,
        batch_size: 500,
        latency_ms: 100,
        seed: 20_261_130,
        defaults: false,
        repeat: 3,
        json: None,
    };
    let argv: Vec<String> = std::env::args().skip(1).collect();
    let mut it = argv.iter();
    let num = |v: Option<&String>, name: &str| -> u64 {
        v.and_then(|s| s.replace(['_', ','], "").parse().ok())
            .unwrap_or_else(|| panic!("{name} needs a whole number"))
    };
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--santri" => a.santri = num(it.next(), arg) as u32,
            "--per-page" => a.per_page = num(it.next(), arg),
            "--batch-size" => a.batch_size = num(it.next(), arg) as usize,
            "--latency-ms" => a.latency_ms = num(it.next(), arg),
            "--seed" => a.seed = num(it.next(), arg),
            "--defaults" => a.defaults = true,
            "--repeat" => a.repeat = (num(it.next(), arg) as usize).max(1),
            "--json" => a.json = it.next().cloned(),
            "-h" | "--help" => {
                println!(
                    "usage: sync_bench [--santri N] [--per-page N] [--batch-size N] [--latency-ms N] [--seed N] [--defaults] [--repeat N] [--json PATH]"
                );
                std::process::exit(0);
            }
            other => panic!("unknown argument {other} (see --help)"),
        }
    }
    a
}

/// The client's "today": inside the simulator's open period.
fn today() -> Date {
    Date::new(2026, 9, 1).expect("date")
}

fn start_sim(a: &Args) -> SimHandle {
    Simulator::builder()
        .seed(a.seed)
        .gen_config(GenConfig {
            lembaga: vec![LembagaKind::Pontren],
            santri_per_lembaga: (a.santri, a.santri),
            gtk_per_lembaga: (8, 8),
            defects: Defects::none(),
        })
        // A server sync job starts at once (no artificial queue wait in the timing).
        .queue_length(0)
        .build()
        .start_blocking()
        .expect("simulator")
}

fn is_active(v: &Value) -> bool {
    v.pointer("/learning_activity/student_status/name")
        .and_then(Value::as_str)
        .is_none_or(|s| s.eq_ignore_ascii_case("aktif"))
}

/// Swaps two letters of the last word (a typo that keeps the name valid).
fn typo(name: &str) -> String {
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

/// What the local dataset changes.
#[derive(Debug, Clone, Copy, Default)]
struct Planted {
    roster: usize,
    updates: usize,
    creates: usize,
    departures: usize,
}

/// The server's roster with 5 % changes: 3 % updates, 1.5 % creates, 0.5 % departures.
fn local_dataset(sim: &SimHandle) -> (Vec<Santri>, Vec<Gtk>, Planted) {
    let sn = sim.demo_statistic_num();
    let roster = sim.santri_records(&sn);
    let n = roster.len();
    let p = Planted {
        roster: n,
        updates: n * 3 / 100,
        creates: n * 15 / 1000,
        departures: n * 5 / 1000,
    };
    let active: Vec<usize> = (0..n).filter(|&i| is_active(&roster[i])).collect();
    let name_of = |i: usize| {
        roster[i]
            .get("full_name")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    };
    // Spread the picks over the roster (every k-th active santri); updates only where the
    // typo really changes the name.
    let step = (active.len() / (p.updates + p.departures)).max(1);
    let spread: Vec<usize> = active.iter().copied().step_by(step).collect();
    let mut upd: Vec<usize> = spread
        .iter()
        .copied()
        .filter(|&i| typo(&name_of(i)) != name_of(i))
        .take(p.updates)
        .collect();
    let mut dep: Vec<usize> = spread
        .iter()
        .copied()
        .filter(|i| !upd.contains(i))
        .take(p.departures)
        .collect();
    assert_eq!((upd.len(), dep.len()), (p.updates, p.departures), "roster too small");
    upd.sort_unstable();
    dep.sort_unstable();
    let mut local: Vec<Santri> = Vec::with_capacity(n + p.creates);
    for (i, v) in roster.iter().enumerate() {
        let mut s = Santri::from_value(v).expect("roster record");
        if upd.binary_search(&i).is_ok() {
            s.full_name = typo(s.full_name.expose()).into();
        } else if dep.binary_search(&i).is_ok() {
            let la = s.learning_activity.get_or_insert_with(Default::default);
            la.exit_date = Some(today().to_string());
            la.exit_reason = Some("mutasi".into());
            la.exit_destination = Some("pesantren".into());
        }
        local.push(s);
    }
    for s in sim.new_santri(&sn, p.creates) {
        let mut x = Santri::from_value(&s.to_json("")).expect("new santri");
        x.id = None;
        local.push(x);
    }
    let gtk: Vec<Gtk> = sim
        .gtk_records(&sn)
        .iter()
        .map(|v| Gtk::from_value(v).expect("gtk"))
        .collect();
    (local, gtk, p)
}

fn client(sim: &SimHandle) -> EmisClient {
    let sn = sim.demo_statistic_num();
    let op = sim.operator_credentials(&sn).expect("operator");
    let mut cfg = EmisConfig::new(&sim.base_url()).expect("base url");
    cfg.simpeg_base_url = url::Url::parse(&sim.simpeg_base_url()).ok();
    cfg.timeout = Duration::from_secs(60);
    cfg.poll_interval = Duration::from_millis(20);
    EmisClient::native(
        cfg,
        Credentials::Operator {
            email: op.email,
            password: Secret::new(op.password),
        },
    )
    .expect("client")
}

struct Run {
    label: String,
    per_page: u64,
    batch_size: usize,
    latency_ms: u64,
    /// This run's wall time (the median of `walls` once reported).
    wall: Duration,
    walls: Vec<Duration>,
    report: SyncReport,
    planted: Planted,
    /// Requests per `METHOD /path`, as the simulator counted them.
    endpoints: BTreeMap<String, u64>,
    /// Time inside requests per client endpoint name (ms), and in total.
    in_requests: BTreeMap<String, u64>,
    in_requests_ms: u64,
}

fn run_once(a: &Args, label: &str, per_page: u64, batch_size: usize, latency_ms: u64) -> Run {
    let sim = start_sim(a);
    let (local, gtk, planted) = local_dataset(&sim);
    let mut store = MemoryStore::default();
    store.save_santri(&local).expect("save santri");
    store.save_gtk(&gtk).expect("save gtk");
    if latency_ms > 0 {
        // Every EMIS and SIMPEG request waits `latency_ms` before its answer.
        sim.set_faults(Faults::single(FaultRule::new(None, "", Fault::Delay(latency_ms))));
    }
    let c = client(&sim);
    let mut opts = SyncOptions::new(sim.demo_statistic_num(), today());
    opts.policy = ConflictPolicy::LocalWins;
    opts.per_page = per_page;
    opts.batch_size = batch_size;
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let before = sim.state().requests;
    IN_REQUESTS.lock().unwrap_or_else(|p| p.into_inner()).clear();
    let t = Instant::now();
    let report = rt
        .block_on(async { SyncEngine::new(&c, &mut store).run(&opts).await })
        .expect("sync");
    let wall = t.elapsed();
    let mut endpoints = sim.state().requests;
    for (k, v) in endpoints.iter_mut() {
        *v -= before.get(k).copied().unwrap_or(0);
    }
    endpoints.retain(|k, v| *v > 0 && !k.contains("/__sim/"));
    sim.shutdown();
    let mut in_requests: BTreeMap<String, u64> = BTreeMap::new();
    for (ep, ms) in IN_REQUESTS.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
        *in_requests.entry(ep).or_default() += ms;
    }
    let in_requests_ms = in_requests.values().sum();
    Run {
        label: label.to_string(),
        per_page,
        batch_size,
        latency_ms,
        wall,
        walls: vec![wall],
        report,
        planted,
        endpoints,
        in_requests,
        in_requests_ms,
    }
}

fn to_json(r: &Run) -> Value {
    let floor_ms = r.report.requests * r.latency_ms;
    json!({
        "label": r.label,
        "per_page": r.per_page,
        "batch_size": r.batch_size,
        "latency_ms": r.latency_ms,
        "wall_ms": r.wall.as_secs_f64() * 1000.0,
        "walls_ms": r.walls.iter().map(|w| w.as_secs_f64() * 1000.0).collect::<Vec<_>>(),
        "requests": r.report.requests,
        "bytes_in": r.report.bytes.0,
        "bytes_out": r.report.bytes.1,
        "floor_ms": floor_ms,
        "ratio_to_floor": if floor_ms > 0 { Value::from(r.wall.as_secs_f64() * 1000.0 / floor_ms as f64) } else { Value::Null },
        "pushed": r.report.pushed,
        "rejected": r.report.rejected.len(),
        "needs_human": r.report.needs_human.len(),
        "planned": r.report.planned,
        "counts": r.report.counts,
        "simpeg_lookups": r.report.simpeg.len(),
        "unsupported": r.report.unsupported,
        "endpoints": r.endpoints,
        "in_requests_ms": r.in_requests_ms,
        "in_requests_by_endpoint": r.in_requests,
        "outside_requests_ms": r.wall.as_secs_f64() * 1000.0 - r.in_requests_ms as f64,
        "planted": {
            "roster": r.planted.roster,
            "updates": r.planted.updates,
            "creates": r.planted.creates,
            "departures": r.planted.departures,
        },
    })
}

fn print(r: &Run) {
    let floor = r.report.requests * r.latency_ms;
    eprintln!(
        "{:<16} per_page {:>5}  batch {:>4}  latency {:>3} ms  wall {:>8.1} ms (in requests {:>5} ms)  requests {:>3}  bytes in {:>10} out {:>9}  pushed {:>4}  rejected {}{}",
        r.label,
        r.per_page,
        r.batch_size,
        r.latency_ms,
        r.wall.as_secs_f64() * 1000.0,
        r.in_requests_ms,
        r.report.requests,
        r.report.bytes.0,
        r.report.bytes.1,
        r.report.pushed,
        r.report.rejected.len(),
        if floor > 0 {
            format!(
                "  floor {floor} ms  ratio {:.3}",
                r.wall.as_secs_f64() * 1000.0 / floor as f64
            )
        } else {
            String::new()
        }
    );
}

fn main() {
    let a = parse_args();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(RequestTimes)).expect("one subscriber");
    let mut runs = Vec::new();
    // Warm-up (connection setup code paths, allocator): not reported.
    let _ = run_once(&a, "warm-up", a.per_page, a.batch_size, 0);
    let mut configs = vec![
        ("chosen", a.per_page, a.batch_size, 0),
        ("chosen", a.per_page, a.batch_size, a.latency_ms),
    ];
    if a.defaults {
        let d = SyncOptions::new("0", today());
        configs.push(("engine defaults", d.per_page, d.batch_size, 0));
        configs.push(("engine defaults", d.per_page, d.batch_size, a.latency_ms));
    }
    for (label, per_page, batch, latency) in configs {
        // The run with the median wall time is reported whole (its time in requests too).
        let mut all: Vec<Run> = (0..a.repeat)
            .map(|_| run_once(&a, label, per_page, batch, latency))
            .collect();
        assert!(
            all.iter().all(|x| x.report.requests == all[0].report.requests),
            "runs of one configuration differ"
        );
        let walls: Vec<Duration> = all.iter().map(|x| x.wall).collect();
        all.sort_by_key(|x| x.wall);
        let mut r = all.swap_remove(all.len() / 2);
        r.walls = walls;
        print(&r);
        runs.push(r);
    }
    let out = json!({
        "santri": a.santri,
        "seed": a.seed,
        "repeat": a.repeat,
        "runs": runs.iter().map(to_json).collect::<Vec<_>>(),
    });
    if let Some(path) = &a.json {
        std::fs::write(path, serde_json::to_string_pretty(&out).expect("json")).expect("write json");
    } else {
        println!("{}", serde_json::to_string_pretty(&out).expect("json"));
    }
}
