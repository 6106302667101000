//! Shared by the `client_*` and `logs` test binaries: simulators of both profiles, a client on
//! a recording transport and a recording sleep (on the tokio timer or on a [`ManualClock`]),
//! so that tests can see every attempt (method, path, headers, body, bearer token, outcome),
//! every wait and every [`ClientEvent`].
#![allow(dead_code)]

use emis_core::api::{Change, ChangeOp, ClientEvent, Credentials, EmisClient, EmisConfig, Pacing, Secret};
use emis_core::model::Santri;
use emis_core::transport::{
    ApiRequest, ApiResponse, ManualClock, ReqwestTransport, RetryPolicy, SharedClock, SharedSleep, Sleep, SystemClock,
    TokioSleep, Transport, TransportError,
};
use emis_sim::datagen::SimSantri;
use emis_sim::{Faults, Profile, SimHandle, Simulator};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Login path.
pub const LOGIN: &str = "/v1/accounts/login";
/// Partner login path.
pub const PARTNER_LOGIN: &str = "/v1/accounts/partners-login";
/// Refresh path.
pub const REFRESH: &str = "/v1/accounts/refresh";
/// Lembaga info path.
pub const INFO: &str = "/v1/institutions/info";
/// Santri list path (as the simulator counts requests).
pub const SANTRI_LIST: &str = "/v1/students/pontrens/institution/student-list";
/// Santri detail path prefix.
pub const SANTRI_DETAIL: &str = "/v1/students/pontrens/students/";
/// PPDB search path.
pub const SEARCH: &str = "/v1/students/pontrens/student-ppdb-search";
/// The single create (multipart) path.
pub const CREATE: &str = "/v1/students/ppdb";
/// GTK list path.
pub const GTK_LIST: &str = "/v1/personnels/partners/personnels";
/// PINTAR `cek_nip`.
pub const CEK_NIP: &str = "/api/v1/cek_nip";
/// EMIS GTK "preview SIMPEG".
pub const PREVIEW: &str = "/kepegawaian/verval-kepegawaian/ptk/asn/preview-simpeg/";
/// Santri batch path (extended profile).
pub const SANTRI_BATCH: &str = "/v1/students/pontrens/batch";
/// GTK batch path (extended profile).
pub const GTK_BATCH: &str = "/v1/personnels/pontrens/batch";
/// Periods path (extended profile).
pub const PERIODS: &str = "/v1/references/academic-years";

/// The real profile (default) with a seed; no write window unless asked (most tests run on
/// a manual clock or send one write).
pub async fn sim_real(seed: u64) -> SimHandle {
    sim_real_with(seed, Faults::none()).await
}

/// The real profile with faults (no write window).
pub async fn sim_real_with(seed: u64, faults: Faults) -> SimHandle {
    Simulator::builder()
        .seed(seed)
        .write_window_ms(0)
        .faults(faults)
        .build()
        .start()
        .await
        .expect("simulator")
}

/// The extended profile (batches, idempotency keys, sync jobs, registrations, periods).
pub async fn sim_ext(seed: u64) -> SimHandle {
    sim_ext_with(seed, Faults::none()).await
}

/// The extended profile with faults. Queues move by polls only (an hour of server time per
/// place), so positions do not depend on how fast the test runs.
pub async fn sim_ext_with(seed: u64, faults: Faults) -> SimHandle {
    Simulator::builder()
        .seed(seed)
        .profile(Profile::Extended)
        .write_window_ms(0)
        .seconds_per_position(3600)
        .faults(faults)
        .build()
        .start()
        .await
        .expect("simulator")
}

/// One attempt as the transport saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sent {
    /// `GET`, `POST`.
    pub method: &'static str,
    /// URL path (no query).
    pub path: String,
    /// URL query, if any.
    pub query: Option<String>,
    /// `Content-Type` sent.
    pub content_type: Option<String>,
    /// `Cookie` sent.
    pub cookie: Option<String>,
    /// `X-Requested-With` sent.
    pub requested_with: Option<String>,
    /// The request body.
    pub body: Vec<u8>,
    /// `Idempotency-Key`.
    pub idempotency_key: Option<String>,
    /// The Bearer token sent, if any.
    pub bearer: Option<String>,
    /// HTTP status, or the transport error.
    pub outcome: Result<u16, TransportError>,
}

/// What a client did: attempts, waits, events, and every token it saw (sent or received).
#[derive(Debug, Default)]
pub struct Recorder {
    sent: Mutex<Vec<Sent>>,
    sleeps: Mutex<Vec<Duration>>,
    tokens: Mutex<Vec<String>>,
    events: Mutex<Vec<ClientEvent>>,
}

impl Recorder {
    /// Every attempt so far.
    pub fn sent(&self) -> Vec<Sent> {
        self.sent.lock().unwrap().clone()
    }
    /// Attempts to one path.
    pub fn sent_to(&self, path: &str) -> Vec<Sent> {
        self.sent().into_iter().filter(|s| s.path == path).collect()
    }
    /// Outcomes of the attempts to one path.
    pub fn outcomes(&self, path: &str) -> Vec<Result<u16, TransportError>> {
        self.sent_to(path).into_iter().map(|s| s.outcome).collect()
    }
    /// Every wait so far.
    pub fn sleeps(&self) -> Vec<Duration> {
        self.sleeps.lock().unwrap().clone()
    }
    /// Every token seen (Authorization headers and `results.token` of responses).
    pub fn tokens(&self) -> Vec<String> {
        self.tokens.lock().unwrap().clone()
    }
    /// Every client event so far.
    pub fn events(&self) -> Vec<ClientEvent> {
        self.events.lock().unwrap().clone()
    }
    fn token(&self, t: &str) {
        let mut v = self.tokens.lock().unwrap();
        if !t.is_empty() && !v.iter().any(|x| x == t) {
            v.push(t.to_string());
        }
    }
}

/// Rewrites a request before it is sent (e.g. to play a server that caps `per_page`).
pub type RequestHook = Arc<dyn Fn(&mut ApiRequest) + Send + Sync>;
/// Rewrites a response before the client sees it (a server that differs from the simulator).
pub type ResponseHook = Arc<dyn Fn(&str, &mut ApiResponse) + Send + Sync>;

/// Optional rewrites of what goes over the wire.
#[derive(Clone, Default)]
pub struct Hooks {
    /// Before sending.
    pub request: Option<RequestHook>,
    /// After receiving (gets the URL path).
    pub response: Option<ResponseHook>,
}

impl Hooks {
    /// Only a response hook.
    pub fn response(f: impl Fn(&str, &mut ApiResponse) + Send + Sync + 'static) -> Hooks {
        Hooks {
            request: None,
            response: Some(Arc::new(f)),
        }
    }
    /// Only a request hook.
    pub fn request(f: impl Fn(&mut ApiRequest) + Send + Sync + 'static) -> Hooks {
        Hooks {
            request: Some(Arc::new(f)),
            response: None,
        }
    }
}

/// [`ReqwestTransport`] that records each attempt.
pub struct RecordingTransport {
    inner: ReqwestTransport,
    rec: Arc<Recorder>,
    hooks: Hooks,
}

impl std::fmt::Debug for RecordingTransport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RecordingTransport").finish_non_exhaustive()
    }
}

fn header(req: &ApiRequest, name: &str) -> Option<String> {
    req.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.clone())
}

// `Transport` is an `async_trait`; this is its desugared form (the test crate has no
// async-trait dependency).
impl Transport for RecordingTransport {
    fn send<'life0, 'async_trait>(
        &'life0 self,
        req: ApiRequest,
    ) -> Pin<Box<dyn Future<Output = Result<ApiResponse, TransportError>> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            let mut req = req;
            if let Some(h) = &self.hooks.request {
                h(&mut req);
            }
            let bearer = header(&req, "authorization").and_then(|v| v.strip_prefix("Bearer ").map(str::to_string));
            if let Some(b) = &bearer {
                self.rec.token(b);
            }
            let mut sent = Sent {
                method: req.method.as_str(),
                path: req.url.path().to_string(),
                query: req.url.query().map(str::to_string),
                content_type: header(&req, "content-type"),
                cookie: header(&req, "cookie"),
                requested_with: header(&req, "x-requested-with"),
                body: req.body.clone().unwrap_or_default(),
                idempotency_key: req.idempotency_key.clone(),
                bearer,
                outcome: Err(TransportError::Invalid("pending".into())),
            };
            let path = req.url.path().to_string();
            let mut result = self.inner.send(req).await;
            if let (Some(h), Ok(resp)) = (&self.hooks.response, &mut result) {
                h(&path, resp);
            }
            match &result {
                Ok(resp) => {
                    sent.outcome = Ok(resp.status);
                    if let Ok(v) = serde_json::from_slice::<serde_json::Value>(&resp.body)
                        && let Some(t) = v.pointer("/results/token").and_then(|t| t.as_str())
                    {
                        self.rec.token(t);
                    }
                }
                Err(e) => sent.outcome = Err(e.clone()),
            }
            self.rec.sent.lock().unwrap().push(sent);
            result
        })
    }
}

/// A [`Sleep`] that records each wait, then waits on the inner sleep.
#[derive(Debug)]
pub struct RecordingSleep {
    inner: SharedSleep,
    rec: Arc<Recorder>,
}

impl Sleep for RecordingSleep {
    fn sleep<'life0, 'async_trait>(&'life0 self, d: Duration) -> Pin<Box<dyn Future<Output = ()> + Send + 'async_trait>>
    where
        'life0: 'async_trait,
        Self: 'async_trait,
    {
        Box::pin(async move {
            self.rec.sleeps.lock().unwrap().push(d);
            self.inner.sleep(d).await;
        })
    }
}

/// A client plus what it records.
pub struct Rig {
    /// The client.
    pub client: EmisClient,
    /// Its attempts, waits and events.
    pub rec: Arc<Recorder>,
}

/// The demo operator's credentials (login by e-mail).
pub fn operator(sim: &SimHandle) -> Credentials {
    let op = sim
        .operator_credentials(&sim.demo_statistic_num())
        .expect("demo operator");
    Credentials::Operator {
        email: op.email,
        password: Secret::new(op.password),
    }
}

/// The demo operator's credentials with the NIK as the login name ("Email/NIK").
pub fn operator_by_nik(sim: &SimHandle) -> Credentials {
    let op = sim
        .operator_credentials(&sim.demo_statistic_num())
        .expect("demo operator");
    Credentials::Operator {
        email: op.nik,
        password: Secret::new(op.password),
    }
}

/// The partner's credentials.
pub fn partner(sim: &SimHandle) -> Credentials {
    let p = sim.partner_credentials();
    Credentials::Partner {
        public_key: p.public_key,
        private_key: Secret::new(p.private_key),
    }
}

/// A pasted token of the demo operator valid for `ttl_secs`.
pub fn pasted(sim: &SimHandle, ttl_secs: u64) -> Credentials {
    Credentials::Token(Secret::new(sim.mint_token(ttl_secs)))
}

/// Fast, bounded options for the simulator: no pacing, short backoffs without jitter (so that
/// waits can be asserted), a 5 s timeout, the PINTAR and EMIS GTK bases.
pub fn config(sim: &SimHandle) -> EmisConfig {
    let mut cfg = EmisConfig::new(&sim.base_url()).expect("base url");
    cfg.simpeg_base_url = url::Url::parse(&sim.pintar_base_url()).ok();
    cfg.gtk_base_url = url::Url::parse(&sim.gtk_base_url()).ok();
    cfg.timeout = Duration::from_secs(5);
    cfg.poll_interval = Duration::from_millis(20);
    cfg.pacing = Pacing::none();
    cfg.retry = RetryPolicy {
        max_attempts: 5,
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(50),
        max_total: Duration::from_secs(10),
        min_rate_limit_delay: Duration::from_millis(10),
        jitter: false,
    };
    cfg
}

/// A recording client. With `clock`, time is that [`ManualClock`] and waiting advances it
/// instantly; without, the system clock and the tokio timer. Client events are recorded.
pub fn rig(
    sim: &SimHandle,
    credentials: Credentials,
    clock: Option<Arc<ManualClock>>,
    tune: impl FnOnce(&mut EmisConfig),
) -> Rig {
    hooked_rig(sim, credentials, clock, Hooks::default(), tune)
}

/// [`rig`] with rewrites of requests and responses.
pub fn hooked_rig(
    sim: &SimHandle,
    credentials: Credentials,
    clock: Option<Arc<ManualClock>>,
    hooks: Hooks,
    tune: impl FnOnce(&mut EmisConfig),
) -> Rig {
    let mut cfg = config(sim);
    tune(&mut cfg);
    let rec = Arc::new(Recorder::default());
    let transport = RecordingTransport {
        inner: ReqwestTransport::new().expect("transport"),
        rec: rec.clone(),
        hooks,
    };
    let (clock, inner_sleep): (SharedClock, SharedSleep) = match clock {
        Some(c) => (c.clone(), c),
        None => (Arc::new(SystemClock), Arc::new(TokioSleep)),
    };
    let sleep = RecordingSleep {
        inner: inner_sleep,
        rec: rec.clone(),
    };
    let client = EmisClient::new(cfg, credentials, Arc::new(transport), clock, Arc::new(sleep));
    let events = rec.clone();
    client.set_event_sink(Some(Arc::new(move |e: &ClientEvent| {
        events.events.lock().unwrap().push(e.clone());
    })));
    Rig { client, rec }
}

/// A recording operator client on real time.
pub fn op_rig(sim: &SimHandle, tune: impl FnOnce(&mut EmisConfig)) -> Rig {
    rig(sim, operator(sim), None, tune)
}

/// Requests the simulator saw for `METHOD /path`.
pub fn seen(sim: &SimHandle, method_path: &str) -> u64 {
    sim.state().requests.get(method_path).copied().unwrap_or(0)
}

/// Operator logins the simulator saw.
pub fn logins(sim: &SimHandle) -> u64 {
    seen(sim, &format!("POST {LOGIN}"))
}

/// A santri record for the single create, from a generated santri the server does not have.
pub fn santri_of(s: &SimSantri) -> Santri {
    let mut x = Santri::from_value(&s.to_json("")).expect("generated santri");
    x.id = None;
    x
}

/// The current period id (creates must name it).
pub fn active_year(sim: &SimHandle) -> i64 {
    sim.state().active_period_id
}

/// How many records with `nik` the lembaga holds, and how many times the API created it.
pub fn held(sim: &SimHandle, statistic_num: &str, nik: &str) -> (usize, u64) {
    let st = sim.state();
    let rows = st.santri_with_nik(statistic_num, nik);
    (rows.len(), rows.iter().map(|r| r.times_created).max().unwrap_or(0))
}

/// A batch `create` change for a santri the server does not have (extended profile).
pub fn create_change(s: &SimSantri) -> Change {
    let mut key = serde_json::Map::new();
    key.insert("nik".into(), s.nik.clone().into());
    let fields = serde_json::json!({
        "full_name": s.full_name,
        "birth_date": s.birth_date.to_string(),
        "birth_place": s.birth_place,
        "kk_num": s.kk_num,
        "gender": s.gender.as_str(),
        "mother_full_name": s.mother_full_name,
    });
    Change {
        op: ChangeOp::Create,
        id: None,
        key,
        fields: fields.as_object().cloned().unwrap_or_default(),
        mutasi: None,
        reason: None,
    }
}

/// A batch `create` change for a GTK (extended profile).
pub fn create_gtk(nik: &str, full_name: &str, nip: Option<&str>) -> Change {
    let mut key = serde_json::Map::new();
    key.insert("nik".into(), nik.into());
    let mut fields = serde_json::Map::new();
    fields.insert("full_name".into(), full_name.into());
    if let Some(n) = nip {
        fields.insert("nip".into(), n.into());
    }
    Change {
        op: ChangeOp::Create,
        id: None,
        key,
        fields,
        mutasi: None,
        reason: None,
    }
}

/// All santri records of a lembaga on the server.
pub fn total_santri(sim: &SimHandle, statistic_num: &str) -> u64 {
    sim.state().lembaga[statistic_num].santri_total
}

/// Edits a JSON body in place.
pub fn edit_json(resp: &mut ApiResponse, f: impl Fn(&mut serde_json::Value)) {
    let mut v: serde_json::Value = serde_json::from_slice(&resp.body).unwrap();
    f(&mut v);
    resp.body = serde_json::to_vec(&v).unwrap();
}

/// The `Retrying` events recorded: `(endpoint, attempt, max_attempts, reason)`.
pub fn retries(rec: &Recorder) -> Vec<(&'static str, u32, u32, String)> {
    rec.events()
        .into_iter()
        .filter_map(|e| match e {
            ClientEvent::Retrying {
                endpoint,
                attempt,
                max_attempts,
                reason,
                ..
            } => Some((endpoint, attempt, max_attempts, reason)),
            _ => None,
        })
        .collect()
}
