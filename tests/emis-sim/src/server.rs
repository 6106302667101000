//! [`Simulator`] (builder) and [`SimHandle`] (a running simulator on 127.0.0.1).

use crate::control::{ApprovalAction, ApprovalChange};
use crate::datagen::{Dataset, Defects, GenConfig, OperatorAccount, PartnerAccount, SimSantri};
use crate::faults::{self, Faults};
use crate::snapshot::StateSnapshot;
use crate::state::{App, Profile, SimConfig, SimState};
use crate::{control, cors, routes};
use axum::Router;
use serde_json::Value;
use std::io;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::time::Duration;
use tokio::sync::watch;

/// Default token lifetime (observed: about 4.5 hours).
pub const DEFAULT_TOKEN_TTL: u64 = 16_200;
/// Default write window of the real profile (observed: uploaders send a create every 3 s).
pub const DEFAULT_WRITE_WINDOW_MS: u64 = 3_000;

/// A configured simulator, not yet listening.
#[derive(Debug, Clone)]
pub struct Simulator {
    seed: u64,
    faults: Faults,
    cfg: SimConfig,
    host: IpAddr,
    port: u16,
    cors_origin: Option<String>,
}

/// Builder for [`Simulator`].
#[derive(Debug, Clone)]
pub struct SimulatorBuilder {
    sim: Simulator,
}

impl Default for SimulatorBuilder {
    fn default() -> Self {
        SimulatorBuilder {
            sim: Simulator {
                seed: 42,
                faults: Faults::none(),
                cfg: SimConfig {
                    generation: GenConfig::default(),
                    token_ttl: DEFAULT_TOKEN_TTL,
                    refresh_grace: 3600,
                    queue_length: 3,
                    seconds_per_position: 5,
                    period_open: true,
                    profile: Profile::Real,
                    variance: None,
                    write_window_ms: DEFAULT_WRITE_WINDOW_MS,
                    read_limit_per_sec: None,
                },
                host: IpAddr::V4(Ipv4Addr::LOCALHOST),
                port: 0,
                cors_origin: None,
            },
        }
    }
}

impl SimulatorBuilder {
    /// Seed of the data, tokens and probabilistic faults (default 42).
    pub fn seed(mut self, seed: u64) -> Self {
        self.sim.seed = seed;
        self
    }
    /// Initial fault configuration.
    pub fn faults(mut self, faults: Faults) -> Self {
        self.sim.faults = faults;
        self
    }
    /// Which server to play (default [`Profile::Real`]).
    pub fn profile(mut self, profile: Profile) -> Self {
        self.sim.cfg.profile = profile;
        self
    }
    /// Per-row shape variance of the santri list and detail (default: on in the real profile,
    /// off in the extended one). Deterministic by seed; strict fields never vary.
    pub fn variance(mut self, on: bool) -> Self {
        self.sim.cfg.variance = Some(on);
        self
    }
    /// Shortest time between two processed writes (`ppdb` create/update) of one account; a
    /// write sooner is `429 {"message": "Too Many Attempts."}` without `Retry-After` and is not
    /// applied (default 3000; 0 turns it off).
    pub fn write_window_ms(mut self, ms: u64) -> Self {
        self.sim.cfg.write_window_ms = ms;
        self
    }
    /// Reads (GET under `/v1/`) per second and account; more answer 429 without `Retry-After`
    /// (default: no limit).
    pub fn read_limit_per_sec(mut self, n: u32) -> Self {
        self.sim.cfg.read_limit_per_sec = Some(n.max(1));
        self
    }
    /// Token lifetime in seconds (default 16200).
    pub fn token_ttl(mut self, secs: u64) -> Self {
        self.sim.cfg.token_ttl = secs;
        self
    }
    /// How long after `exp` a token can still be refreshed (default 3600 s).
    pub fn refresh_grace(mut self, secs: u64) -> Self {
        self.sim.cfg.refresh_grace = secs;
        self
    }
    /// What to generate.
    pub fn gen_config(mut self, cfg: GenConfig) -> Self {
        self.sim.cfg.generation = cfg;
        self
    }
    /// Defects to plant (shortcut for the `defects` of [`GenConfig`]).
    pub fn defects(mut self, defects: Defects) -> Self {
        self.sim.cfg.generation.defects = defects;
        self
    }
    /// Loopback address to bind (default 127.0.0.1; anything else is refused).
    pub fn host(mut self, host: IpAddr) -> Self {
        self.sim.host = host;
        self
    }
    /// Port (default 0: any free port).
    pub fn port(mut self, port: u16) -> Self {
        self.sim.port = port;
        self
    }
    /// Whether the current period starts open (default true).
    pub fn period_open(mut self, open: bool) -> Self {
        self.sim.cfg.period_open = open;
        self
    }
    /// Initial queue position of new sync jobs and registrations (default 3).
    pub fn queue_length(mut self, n: u64) -> Self {
        self.sim.cfg.queue_length = n;
        self
    }
    /// Server seconds per queue position (default 5).
    pub fn seconds_per_position(mut self, secs: u64) -> Self {
        self.sim.cfg.seconds_per_position = secs.max(1);
        self
    }
    /// Answer CORS requests (and preflights) from this one origin, e.g.
    /// `http://127.0.0.1:5173` (default: no CORS headers at all).
    pub fn cors_origin(mut self, origin: impl Into<String>) -> Self {
        self.sim.cors_origin = Some(origin.into());
        self
    }
    /// The simulator.
    pub fn build(self) -> Simulator {
        self.sim
    }
}

fn router(app: App, profile: Profile, cors_origin: Option<&str>) -> Router {
    let r = routes::api(profile)
        .merge(control::routes())
        .fallback(routes::not_found)
        .method_not_allowed_fallback(routes::method_not_allowed)
        .layer(axum::middleware::from_fn_with_state(app.clone(), faults::layer))
        .with_state(app);
    match cors_origin {
        // Outermost, so a preflight is answered before any route, fault or auth check.
        Some(o) => r.layer(axum::middleware::from_fn_with_state(
            cors::CorsOrigin(o.into()),
            cors::layer,
        )),
        None => r,
    }
}

/// Resolves when the server is asked to stop.
pub(crate) async fn wait_stop(mut rx: watch::Receiver<bool>) {
    loop {
        let stop = *rx.borrow_and_update();
        if stop || rx.changed().await.is_err() {
            return;
        }
    }
}

async fn serve(listener: tokio::net::TcpListener, app: Router, rx: watch::Receiver<bool>) {
    let graceful = axum::serve(listener, app).with_graceful_shutdown(wait_stop(rx.clone()));
    // In-flight requests (e.g. a long `Delay` fault) get half a second after the stop.
    let deadline = async move {
        wait_stop(rx).await;
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    tokio::select! {
        _ = graceful => {}
        _ = deadline => {}
    }
}

impl Simulator {
    /// A builder with the defaults (real profile, seed 42, TTL 16200 s, period open, no
    /// faults).
    pub fn builder() -> SimulatorBuilder {
        SimulatorBuilder::default()
    }

    fn state(&self, stop: watch::Receiver<bool>) -> App {
        App::new(SimState::new(self.seed, self.cfg.clone(), self.faults.clone()), stop)
    }

    async fn bind(&self) -> io::Result<(tokio::net::TcpListener, SocketAddr)> {
        if !self.host.is_loopback() {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "emis-sim only binds loopback addresses (127.0.0.1 / ::1)",
            ));
        }
        let listener = tokio::net::TcpListener::bind(SocketAddr::new(self.host, self.port)).await?;
        let addr = listener.local_addr()?;
        Ok((listener, addr))
    }

    /// Binds and serves on the current tokio runtime.
    pub async fn start(self) -> io::Result<SimHandle> {
        let (listener, addr) = self.bind().await?;
        let (stop, rx) = watch::channel(false);
        let app = self.state(rx.clone());
        tokio::spawn(serve(
            listener,
            router(app.clone(), self.cfg.profile, self.cors_origin.as_deref()),
            rx,
        ));
        Ok(SimHandle {
            addr,
            app,
            stop: Some(stop),
            thread: None,
        })
    }

    /// Serves on a thread of its own with its own tokio runtime (for non-async callers).
    pub fn start_blocking(self) -> io::Result<SimHandle> {
        SimHandle::start_blocking(self)
    }
}

/// A running simulator. Dropping it (or [`SimHandle::shutdown`]) stops the server.
pub struct SimHandle {
    addr: SocketAddr,
    app: App,
    stop: Option<watch::Sender<bool>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl std::fmt::Debug for SimHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SimHandle").field("addr", &self.addr).finish()
    }
}

impl SimHandle {
    /// Starts `sim` on its own thread and runtime and returns once it listens.
    pub fn start_blocking(sim: Simulator) -> io::Result<SimHandle> {
        type Ready = io::Result<(SocketAddr, App, watch::Sender<bool>)>;
        let (tx, rx) = std::sync::mpsc::channel::<Ready>();
        let thread = std::thread::Builder::new().name("emis-sim".into()).spawn(move || {
            let rt = match tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
            {
                Ok(rt) => rt,
                Err(e) => {
                    let _ = tx.send(Err(e));
                    return;
                }
            };
            rt.block_on(async move {
                match sim.bind().await {
                    Ok((listener, addr)) => {
                        let (stop, stop_rx) = watch::channel(false);
                        let app = sim.state(stop_rx.clone());
                        if tx.send(Ok((addr, app.clone(), stop))).is_ok() {
                            serve(
                                listener,
                                router(app, sim.cfg.profile, sim.cors_origin.as_deref()),
                                stop_rx,
                            )
                            .await;
                        }
                    }
                    Err(e) => {
                        let _ = tx.send(Err(e));
                    }
                }
            });
            rt.shutdown_timeout(Duration::from_secs(1));
        })?;
        let (addr, app, stop) = rx
            .recv()
            .map_err(|_| io::Error::other("emis-sim thread ended before listening"))??;
        Ok(SimHandle {
            addr,
            app,
            stop: Some(stop),
            thread: Some(thread),
        })
    }

    /// The bound address.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }
    /// `http://127.0.0.1:PORT` (EMIS base URL without the `/v1` prefix).
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }
    /// SIMPEG base URL (the same server; `cek_nip` is at `/api/v1/cek_nip`).
    pub fn simpeg_base_url(&self) -> String {
        self.base_url()
    }
    /// PINTAR base URL for `cek_nip` (the same server).
    pub fn pintar_base_url(&self) -> String {
        self.base_url()
    }
    /// EMIS GTK base URL for the SIMPEG preview (the same server).
    pub fn gtk_base_url(&self) -> String {
        self.base_url()
    }
    /// The profile it plays.
    pub fn profile(&self) -> Profile {
        self.app.lock().cfg.profile
    }
    /// A token of the demo lembaga's operator valid for `ttl_secs`, as an operator would paste
    /// it from the browser (as `GET /__sim/token?ttl=`).
    pub fn mint_token(&self, ttl_secs: u64) -> String {
        self.app.lock().mint_demo_token(ttl_secs).0
    }
    /// A new EMIS GTK cookie session, `emisSSO=…; sessionid=…` (as `GET /__sim/gtk-session`).
    pub fn gtk_cookie(&self) -> String {
        self.app.lock().mint_gtk_session()
    }
    /// The PINTAR token `cek_nip` accepts (besides any EMIS token).
    pub fn pintar_token(&self) -> String {
        self.app.lock().pintar_token.clone()
    }
    /// Moves pending santri (all, or those with `nik`) through approval (as `POST
    /// /__sim/approvals`); returns what changed.
    pub fn approvals(&self, action: ApprovalAction, nik: Option<&str>, note: Option<&str>) -> Vec<ApprovalChange> {
        control::apply_approval(&mut self.app.lock(), action, nik, note)
    }
    /// Counts and configuration (as `GET /__sim/state`).
    pub fn state(&self) -> StateSnapshot {
        self.app.lock().snapshot()
    }
    /// Replaces the fault configuration (counters restart).
    pub fn set_faults(&self, faults: Faults) {
        let mut st = self.app.lock();
        st.faults = faults;
        st.fault_counters.clear();
    }
    /// Opens or closes the current period.
    pub fn set_period_open(&self, open: bool) {
        self.app.lock().period_open = open;
    }
    /// Moves the server clock forward (or back with a negative value).
    pub fn advance_time(&self, secs: i64) {
        self.app.lock().clock_offset += secs;
    }
    /// Regenerates everything (`None`: same seed), as `POST /__sim/reset`.
    pub fn reset(&self, seed: Option<u64>) {
        control::reset_state(&mut self.app.lock(), seed);
    }
    /// The generated data the server started from (not the current records).
    pub fn dataset(&self) -> Dataset {
        self.app.lock().data.clone()
    }
    /// Statistic number of the demo lembaga.
    pub fn demo_statistic_num(&self) -> String {
        self.app.lock().data.demo_lembaga().statistic_num.clone()
    }
    /// The operator account of a lembaga (seeded, or created by an approved registration).
    pub fn operator_credentials(&self, statistic_num: &str) -> Option<OperatorAccount> {
        let st = self.app.lock();
        st.data
            .operator(statistic_num)
            .filter(|o| st.operators.contains_key(&o.email))
            .cloned()
            .or_else(|| {
                st.operators
                    .values()
                    .find(|o| o.statistic_num == statistic_num)
                    .cloned()
            })
    }
    /// `n` new santri for a lembaga that are not on the server (unique identifiers, drawn
    /// from the generator that made the data; deterministic in call order). Their `id` is the
    /// generator's, not a server id: create them through `POST /v1/students/ppdb` (or the
    /// extended batch endpoint).
    pub fn new_santri(&self, statistic_num: &str, n: usize) -> Vec<SimSantri> {
        let mut st = self.app.lock();
        let Some(l) = st.data.lembaga(statistic_num).cloned() else {
            return Vec::new();
        };
        (0..n).map(|_| st.generator.santri(&l)).collect()
    }
    /// Partner API credentials.
    pub fn partner_credentials(&self) -> PartnerAccount {
        self.app.lock().data.partner.clone()
    }
    /// Current santri records of a lembaga (EMIS JSON, any status).
    pub fn santri_records(&self, statistic_num: &str) -> Vec<Value> {
        let st = self.app.lock();
        st.santri
            .values()
            .filter(|r| r.statistic_num == statistic_num)
            .map(|r| Value::Object(r.record.clone()))
            .collect()
    }
    /// Current GTK records of a lembaga.
    pub fn gtk_records(&self, statistic_num: &str) -> Vec<Value> {
        let st = self.app.lock();
        st.gtk
            .values()
            .filter(|r| r.statistic_num == statistic_num)
            .map(|r| Value::Object(r.record.clone()))
            .collect()
    }
    /// Stops the server (in-flight requests get half a second) and, for a blocking handle,
    /// joins its thread.
    pub fn shutdown(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(true);
        }
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for SimHandle {
    fn drop(&mut self) {
        self.stop_now();
    }
}
