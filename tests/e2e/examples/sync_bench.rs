//! Benchmark of the sync engine against the simulator's real profile on 127.0.0.1.
//!
//!     cargo run --release -p emis-e2e --example sync_bench -- [options]
//!
//! Parts (`--part a|b|c|all`, default all):
//!
//! - **a** pull + reconcile of a lembaga with 10,000 santri: a dry run (`SyncOptions::dry_run`)
//!   with `Pacing::none()`, shape variance on; the local data is the server's roster with
//!   5 % changes (3 % name typos, 1.5 % new santri, 0.5 % departures), so the reconcile has
//!   work to do. Timed: `SyncEngine::run` (login, lembaga info, santri list in one page of
//!   10,000, GTK list, reconcile, rules, plan, journal); median of `--repeat` runs, each on a
//!   fresh simulator. Then the same with `--latency-ms` added to every request.
//! - **b** a real sync (not a dry run) of a smaller lembaga (`--paced-santri`, default 1,000)
//!   whose local data adds 5 % new santri: the creates go one per request at the client's
//!   **default** pacing (writes one per 3 s, reads one per 250 ms) against the simulator's
//!   default write window (3,000 ms: a write sooner than that after the previous one is a
//!   429 without `Retry-After`). Compared with the pacing floor, creates × 3 s. SIMPEG is off
//!   (it needs the operator's PINTAR / EMIS GTK sessions and is not a write).
//! - **c** part b with `--latency-ms` added to every request (the simulator's `Delay` fault).
//!
//! Options: `--santri N` (a, default 10000), `--paced-santri N` (b/c, default 1000),
//! `--latency-ms N` (default 100), `--seed N` (default 20261130), `--repeat N` (a, default 3),
//! `--write-margin-ms N` (b/c: also run with `write_interval` = 3 s + N ms, default 0 = off),
//! `--json PATH` (results as JSON). `--defaults` is accepted and ignored (older scripts).
//! All data is synthetic.

use emis_core::api::{ClientEvent, Credentials, EmisClient, EmisConfig, Pacing, Secret};
use emis_core::date::Date;
use emis_core::model::{Gtk, LembagaKind, Santri};
use emis_core::sync::{ConflictPolicy, LocalStore, MemoryStore, SyncEngine, SyncOptions, SyncReport};
use emis_sim::{DEFAULT_WRITE_WINDOW_MS, Defects, Fault, FaultRule, Faults, GenConfig, SimHandle, Simulator};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
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

/// CPU time of the calling thread so far (ns), from `/proc/thread-self/schedstat` (Linux).
/// The engine runs on this thread (a current-thread runtime, with reqwest's connection
/// tasks); the simulator runs on threads of its own.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}

struct Args {
    part: String,
    santri: u32,
    paced_santri: u32,
    latency_ms: u64,
    seed: u64,
    repeat: usize,
    write_margin_ms: u64,
    json: Option<String>,
}

fn parse_args() -> Args {
    let mut a = Args {
        part: "all".into(),
        santri: 10_000,
        paced_santri: 1_000,
        latency_ms: 100,
        seed: 20_261_130,
        repeat: 3,
        write_margin_ms: 0,
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
            "--part" => a.part = it.next().cloned().unwrap_or_else(|| "all".into()),
            "--santri" => a.santri = num(it.next(), arg) as u32,
            "--paced-santri" => a.paced_santri = num(it.next(), arg) as u32,
            "--latency-ms" => a.latency_ms = num(it.next(), arg),
            "--seed" => a.seed = num(it.next(), arg),
            "--repeat" => a.repeat = (num(it.next(), arg) as usize).max(1),
            "--write-margin-ms" => a.write_margin_ms = num(it.next(), arg),
            "--json" => a.json = it.next().cloned(),
            "--defaults" => {}
            "-h" | "--help" => {
                println!(
                    "usage: sync_bench [--part a|b|c|all] [--santri N] [--paced-santri N] [--latency-ms N] [--seed N] [--repeat N] [--write-margin-ms N] [--json PATH]"
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

fn start_sim(seed: u64, santri: u32) -> SimHandle {
    // The real profile (the default), its shape variance (on by default) and its default
    // write window (3,000 ms).
    Simulator::builder()
        .seed(seed)
        .gen_config(GenConfig {
            lembaga: vec![LembagaKind::Pontren],
            santri_per_lembaga: (santri, santri),
            gtk_per_lembaga: (8, 8),
            defects: Defects::none(),
        })
        .variance(true)
        .write_window_ms(DEFAULT_WRITE_WINDOW_MS)
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

fn new_santri(sim: &SimHandle, n: usize) -> Vec<Santri> {
    sim.new_santri(&sim.demo_statistic_num(), n)
        .iter()
        .map(|s| {
            let mut x = Santri::from_value(&s.to_json("")).expect("new santri");
            x.id = None;
            x.learning_activity = None;
            x
        })
        .collect()
}

fn gtk_of(sim: &SimHandle) -> Vec<Gtk> {
    sim.gtk_records(&sim.demo_statistic_num())
        .iter()
        .map(|v| Gtk::from_value(v).expect("gtk"))
        .collect()
}

/// Part a: the roster with 5 % changes (3 % typos, 1.5 % creates, 0.5 % departures).
fn changed_roster(sim: &SimHandle) -> (Vec<Santri>, Planted) {
    let roster = sim.santri_records(&sim.demo_statistic_num());
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
    let step = (active.len() / (p.updates + p.departures).max(1)).max(1);
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
    local.extend(new_santri(sim, p.creates));
    let p = Planted {
        updates: upd.len(),
        departures: dep.len(),
        ..p
    };
    (local, p)
}

/// Part b: the roster as it is plus 5 % new santri.
fn roster_plus_new(sim: &SimHandle) -> (Vec<Santri>, Planted) {
    let roster = sim.santri_records(&sim.demo_statistic_num());
    let n = roster.len();
    let creates = n * 5 / 100;
    let mut local: Vec<Santri> = roster
        .iter()
        .map(|v| Santri::from_value(v).expect("roster record"))
        .collect();
    local.extend(new_santri(sim, creates));
    (
        local,
        Planted {
            roster: n,
            creates,
            ..Planted::default()
        },
    )
}

fn client(sim: &SimHandle, pacing: Pacing) -> EmisClient {
    let sn = sim.demo_statistic_num();
    let op = sim.operator_credentials(&sn).expect("operator");
    // Defaults (30 s timeout, default retries: 5 attempts, a bare 429 waits 5 s), except
    // the pacing of part a and the simulator's addresses.
    let mut cfg = EmisConfig::new(&sim.base_url()).expect("base url");
    cfg.simpeg_base_url = url::Url::parse(&sim.pintar_base_url()).ok();
    cfg.gtk_base_url = url::Url::parse(&sim.gtk_base_url()).ok();
    cfg.pacing = pacing;
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
    latency_ms: u64,
    /// This run's wall time (the median of `walls` once reported).
    wall: Duration,
    walls: Vec<Duration>,
    report: SyncReport,
    planted: Planted,
    /// Requests per `METHOD /path`, as the simulator counted them.
    endpoints: BTreeMap<String, u64>,
    /// Time inside requests (summed), ms; and per client endpoint name.
    in_requests_ms: u64,
    in_requests: BTreeMap<String, u64>,
    /// `ClientEvent::Retrying` per reason.
    retries: BTreeMap<String, u64>,
    /// Write interval used.
    write_interval: Duration,
    /// CPU time of the engine's thread during the run (decode, reconcile, plan, store).
    client_cpu: Option<Duration>,
    /// Part a: the list pull alone (wall, engine thread CPU).
    pull_only: Option<(Duration, Option<Duration>)>,
}

fn run_once(
    label: &str,
    sim: &SimHandle,
    local: &[Santri],
    planted: Planted,
    pacing: Pacing,
    dry_run: bool,
    latency_ms: u64,
) -> Run {
    let mut store = MemoryStore::default();
    store.save_santri(local).expect("save santri");
    store.save_gtk(&gtk_of(sim)).expect("save gtk");
    if latency_ms > 0 {
        // Every EMIS request waits `latency_ms` before its answer.
        sim.set_faults(Faults::single(FaultRule::new(None, "", Fault::Delay(latency_ms))));
    } else {
        sim.set_faults(Faults::none());
    }
    let write_interval = pacing.write_interval;
    let c = client(sim, pacing);
    let retries: Arc<Mutex<BTreeMap<String, u64>>> = Arc::default();
    let r2 = retries.clone();
    c.set_event_sink(Some(Arc::new(move |e: &ClientEvent| {
        if let ClientEvent::Retrying { reason, .. } = e {
            *r2.lock().unwrap().entry(reason.clone()).or_default() += 1;
        }
    })));
    let mut opts = SyncOptions::new(sim.demo_statistic_num(), today());
    opts.policy = ConflictPolicy::EmisWins;
    opts.dry_run = dry_run;
    opts.simpeg = false;
    opts.academic_year_id = Some(sim.state().active_period_id);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let before = sim.state().requests;
    IN_REQUESTS.lock().unwrap_or_else(|p| p.into_inner()).clear();
    let cpu0 = thread_cpu_ns();
    let t = Instant::now();
    let report = rt
        .block_on(async {
            let mut engine = SyncEngine::new(c.clone(), Box::new(store));
            engine.run(&opts).await
        })
        .expect("sync");
    let wall = t.elapsed();
    let client_cpu = match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) => Some(Duration::from_nanos(b.saturating_sub(a))),
        _ => None,
    };
    let mut endpoints = sim.state().requests;
    for (k, v) in endpoints.iter_mut() {
        *v -= before.get(k).copied().unwrap_or(0);
    }
    endpoints.retain(|k, v| *v > 0 && !k.contains("/__sim/"));
    let mut in_requests: BTreeMap<String, u64> = BTreeMap::new();
    for (ep, ms) in IN_REQUESTS.lock().unwrap_or_else(|p| p.into_inner()).drain(..) {
        *in_requests.entry(ep).or_default() += ms;
    }
    let in_requests_ms = in_requests.values().sum();
    let retries = retries.lock().unwrap().clone();
    Run {
        label: label.to_string(),
        latency_ms,
        wall,
        walls: vec![wall],
        report,
        planted,
        endpoints,
        in_requests_ms,
        in_requests,
        retries,
        write_interval,
        client_cpu,
        pull_only: None,
    }
}

fn to_json(r: &Run) -> Value {
    let creates = r.report.planned.get("create").copied().unwrap_or(0);
    let floor_ms = creates as f64 * r.write_interval.as_secs_f64() * 1000.0;
    json!({
        "label": r.label,
        "latency_ms": r.latency_ms,
        "dry_run": r.report.dry_run,
        "write_interval_ms": r.write_interval.as_millis() as u64,
        "wall_ms": r.wall.as_secs_f64() * 1000.0,
        "walls_ms": r.walls.iter().map(|w| w.as_secs_f64() * 1000.0).collect::<Vec<_>>(),
        "client_cpu_ms": r.client_cpu.map(|d| d.as_secs_f64() * 1000.0),
        "pull_only_wall_ms": r.pull_only.map(|(w, _)| w.as_secs_f64() * 1000.0),
        "pull_only_cpu_ms": r.pull_only.and_then(|(_, c)| c).map(|d| d.as_secs_f64() * 1000.0),
        "in_requests_ms": r.in_requests_ms,
        "in_requests_by_endpoint": r.in_requests,
        "requests": r.report.requests,
        "bytes_in": r.report.bytes.0,
        "bytes_out": r.report.bytes.1,
        "planned": r.report.planned,
        "counts": r.report.counts,
        "pushed": r.report.pushed,
        "rejected": r.report.rejected.len(),
        "needs_human": r.report.needs_human.len(),
        "unsupported": r.report.unsupported,
        "shape_warnings": r.report.shape_warnings.len(),
        "retries": r.retries,
        "endpoints": r.endpoints,
        "floor_ms": if r.report.dry_run { Value::Null } else { Value::from(floor_ms) },
        "ratio_to_floor": if r.report.dry_run || floor_ms == 0.0 { Value::Null } else { Value::from(r.wall.as_secs_f64() * 1000.0 / floor_ms) },
        "planted": {
            "roster": r.planted.roster,
            "updates": r.planted.updates,
            "creates": r.planted.creates,
            "departures": r.planted.departures,
        },
    })
}

fn print(r: &Run) {
    let creates = r.report.planned.get("create").copied().unwrap_or(0);
    let floor = creates as f64 * r.write_interval.as_secs_f64();
    eprintln!(
        "{:<28} latency {:>3} ms  wall {:>9.1} ms (in requests {:>6} ms)  requests {:>4}  bytes in {:>10} out {:>8}  planned {:?}  pushed {}  rejected {}  retries {:?}{}",
        r.label,
        r.latency_ms,
        r.wall.as_secs_f64() * 1000.0,
        r.in_requests_ms,
        r.report.requests,
        r.report.bytes.0,
        r.report.bytes.1,
        r.report.planned,
        r.report.pushed,
        r.report.rejected.len(),
        r.retries,
        if r.report.dry_run {
            String::new()
        } else {
            format!(
                "  floor {floor:.1} s  ratio {:.3}",
                r.wall.as_secs_f64() / floor.max(f64::MIN_POSITIVE)
            )
        }
    );
    eprintln!("    endpoints: {:?}", r.endpoints);
    eprintln!(
        "    in requests (ms): {:?}; engine thread CPU {:?}; list pull alone (wall, CPU) {:?}",
        r.in_requests, r.client_cpu, r.pull_only
    );
}

/// The list pull alone (login, then `santri_all_tolerant(10000)`), without latency: wall
/// time and the engine thread's CPU time (decoding 10,000 rows tolerantly).
fn pull_only(sim: &SimHandle) -> (Duration, Option<Duration>) {
    sim.set_faults(Faults::none());
    let c = client(sim, Pacing::none());
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(c.login()).expect("login");
    let cpu0 = thread_cpu_ns();
    let t = Instant::now();
    let (rows, _) = rt.block_on(c.santri_all_tolerant(10_000)).expect("pull");
    let wall = t.elapsed();
    assert!(!rows.is_empty());
    let cpu = match (cpu0, thread_cpu_ns()) {
        (Some(a), Some(b)) => Some(Duration::from_nanos(b.saturating_sub(a))),
        _ => None,
    };
    (wall, cpu)
}

/// Part a: `repeat` dry runs, each on a fresh simulator; the median run is reported whole.
fn part_a(a: &Args, latency_ms: u64) -> Run {
    let mut all: Vec<Run> = (0..a.repeat)
        .map(|_| {
            let sim = start_sim(a.seed, a.santri);
            let (local, planted) = changed_roster(&sim);
            let label = format!("a: pull+reconcile {}", a.santri);
            let mut r = run_once(&label, &sim, &local, planted, Pacing::none(), true, latency_ms);
            r.pull_only = Some(pull_only(&sim));
            sim.shutdown();
            r
        })
        .collect();
    let walls: Vec<Duration> = all.iter().map(|x| x.wall).collect();
    all.sort_by_key(|x| x.wall);
    let mut r = all.swap_remove(all.len() / 2);
    r.walls = walls;
    r
}

/// Part b (and c with latency): one real sync at the default pacing (or with a margin).
fn part_b(a: &Args, latency_ms: u64, margin_ms: u64) -> Run {
    let sim = start_sim(a.seed, a.paced_santri);
    let (local, planted) = roster_plus_new(&sim);
    let mut pacing = Pacing::default();
    pacing.write_interval += Duration::from_millis(margin_ms);
    let part = if latency_ms > 0 { "c" } else { "b" };
    let label = if margin_ms == 0 {
        format!("{part}: 5 % creates, {} santri", a.paced_santri)
    } else {
        format!("{part}: +{margin_ms} ms margin, {} santri", a.paced_santri)
    };
    let r = run_once(&label, &sim, &local, planted, pacing, false, latency_ms);
    // Every planted santri is on the server exactly once.
    let st = sim.state();
    let created: u64 = st
        .santri
        .get(&sim.demo_statistic_num())
        .map(|v| v.iter().filter(|s| s.times_created > 0).count() as u64)
        .unwrap_or(0);
    assert_eq!(created, planted.creates as u64, "every new santri created");
    assert!(
        st.santri.values().flatten().all(|s| s.times_created <= 1),
        "nothing created twice"
    );
    sim.shutdown();
    r
}

fn main() {
    let a = parse_args();
    tracing::subscriber::set_global_default(tracing_subscriber::registry().with(RequestTimes)).expect("one subscriber");
    let want = |p: &str| a.part == "all" || a.part.contains(p);
    let mut runs = Vec::new();
    if want("a") {
        // Warm-up (connection setup code paths, allocator): not reported.
        let _ = part_a(
            &Args {
                repeat: 1,
                ..clone_args(&a)
            },
            0,
        );
        for latency in [0, a.latency_ms] {
            let r = part_a(&a, latency);
            print(&r);
            runs.push(r);
        }
    }
    if want("b") {
        let r = part_b(&a, 0, 0);
        print(&r);
        runs.push(r);
        if a.write_margin_ms > 0 {
            let r = part_b(&a, 0, a.write_margin_ms);
            print(&r);
            runs.push(r);
        }
    }
    if want("c") {
        let r = part_b(&a, a.latency_ms, 0);
        print(&r);
        runs.push(r);
    }
    let out = json!({
        "santri": a.santri,
        "paced_santri": a.paced_santri,
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

fn clone_args(a: &Args) -> Args {
    Args {
        part: a.part.clone(),
        json: a.json.clone(),
        ..*a
    }
}
