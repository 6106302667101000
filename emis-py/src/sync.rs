//! `emis.Client` (blocking) and the sync engine from Python. The core has no runtime: a tokio
//! current-thread runtime lives here. Every network call runs with the GIL released.
//!
//! `sync` runs the engine on a worker thread and keeps the calling (Python) thread free to
//! report progress and to notice Ctrl-C: a `KeyboardInterrupt` (or any exception from the
//! progress callback) cancels the engine's token, the engine finishes the write in flight and
//! journals the session as cancelled (nothing sent twice, nothing lost), then the exception is
//! raised again.
//!
//! Secrets come from the arguments or the environment (`EMIS_TOKEN`, `EMIS_EMAIL` +
//! `EMIS_PASSWORD`, `EMIS_PUBLIC_KEY` + `EMIS_PRIVATE_KEY`) and never appear in a repr or an
//! error.

use crate::convert::to_json;
use emis_core::api::{Credentials, EmisClient, EmisConfig, Pacing, Secret};
use emis_core::date::Date;
use emis_core::model::Santri;
use emis_core::sync::{CancelToken, DirStore, LocalStore, Progress, SyncEngine, SyncOptions};
use pyo3::exceptions::{PyConnectionError, PyPermissionError, PyRuntimeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

fn runtime() -> PyResult<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| PyRuntimeError::new_err(format!("runtime: {e}")))
}

/// A core error as a Python exception: authentication → `PermissionError`, network/server
/// → `ConnectionError`, others → `RuntimeError`. Messages come from the core (no secrets:
/// the core's errors never carry them) with the error code in front.
pub(crate) fn map_error(e: &emis_core::Error) -> PyErr {
    let msg = format!("{}: {}", e.code(), emis_core::pii::redact_quoted(&e.to_string()));
    if e.is_auth() {
        PyPermissionError::new_err(msg)
    } else if matches!(e, emis_core::Error::Cancelled) {
        PyRuntimeError::new_err(msg)
    } else {
        PyConnectionError::new_err(msg)
    }
}

fn env(name: &str) -> Option<String> {
    std::env::var(name).ok().filter(|v| !v.trim().is_empty())
}

fn credentials(
    email: Option<String>,
    password: Option<String>,
    token: Option<String>,
) -> PyResult<(Credentials, &'static str)> {
    if let Some(t) = token.or_else(|| if email.is_none() { env("EMIS_TOKEN") } else { None }) {
        let t = t.trim().trim_start_matches("Bearer ").trim().to_string();
        return Ok((Credentials::Token(Secret::new(t)), "token"));
    }
    let email = email.or_else(|| env("EMIS_EMAIL")).or_else(|| env("EMIS_USER"));
    let password = password.or_else(|| env("EMIS_PASSWORD"));
    if let (Some(email), Some(password)) = (email, password) {
        return Ok((
            Credentials::Operator {
                email,
                password: Secret::new(password),
            },
            "operator",
        ));
    }
    if let (Some(public_key), Some(private)) = (env("EMIS_PUBLIC_KEY"), env("EMIS_PRIVATE_KEY")) {
        return Ok((
            Credentials::Partner {
                public_key,
                private_key: Secret::new(private),
            },
            "partner",
        ));
    }
    Err(PyValueError::new_err(
        "tidak ada kredensial: beri token=, atau email= dan password=, atau set EMIS_TOKEN / EMIS_EMAIL + \
         EMIS_PASSWORD / no credentials: pass token=, or email= and password=, or set EMIS_TOKEN or \
         EMIS_EMAIL + EMIS_PASSWORD",
    ))
}

/// A blocking client of EMIS (or of the simulator). Secrets are never shown.
#[pyclass(module = "emis._emis", name = "Client", frozen)]
pub(crate) struct PyClient {
    client: EmisClient,
    base_url: String,
    login: &'static str,
}

fn url_of(what: &str, u: Option<String>) -> PyResult<Option<url::Url>> {
    u.map(|u| url::Url::parse(&u).map_err(|e| PyValueError::new_err(format!("{what}: {e}"))))
        .transpose()
}

#[pymethods]
impl PyClient {
    #[new]
    #[pyo3(signature = (base_url, *, email = None, password = None, token = None, simpeg_url = None, gtk_url = None, timeout = 30.0, pacing = true))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        base_url: &str,
        email: Option<String>,
        password: Option<String>,
        token: Option<String>,
        simpeg_url: Option<String>,
        gtk_url: Option<String>,
        timeout: f64,
        pacing: bool,
    ) -> PyResult<PyClient> {
        let mut cfg = EmisConfig::new(base_url).map_err(|e| PyValueError::new_err(format!("base_url: {e}")))?;
        cfg.simpeg_base_url = url_of("simpeg_url", simpeg_url)?;
        cfg.gtk_base_url = url_of("gtk_url", gtk_url)?;
        if !(timeout.is_finite() && timeout > 0.0) {
            return Err(PyValueError::new_err("timeout harus > 0 / timeout must be > 0"));
        }
        cfg.timeout = Duration::from_secs_f64(timeout);
        if !pacing {
            // Only for a local simulator: EMIS itself wants writes spaced (see docs/python.md).
            cfg.pacing = Pacing::none();
        }
        let (creds, login) = credentials(email, password, token)?;
        let transport = emis_core::transport::ReqwestTransport::new()
            .map_err(|e| PyConnectionError::new_err(format!("transport: {e}")))?;
        let client = EmisClient::new(
            cfg,
            creds,
            Arc::new(transport),
            Arc::new(emis_core::transport::SystemClock),
            Arc::new(emis_core::transport::TokioSleep),
        );
        Ok(PyClient {
            client,
            base_url: base_url.to_string(),
            login,
        })
    }

    fn __repr__(&self) -> String {
        format!("Client(base_url={:?}, login={:?})", self.base_url, self.login)
    }

    /// The lembaga of a statistic number, as a dict.
    fn lembaga<'py>(&self, py: Python<'py>, statistic_num: &str) -> PyResult<Bound<'py, PyAny>> {
        let rt = runtime()?;
        let l = py
            .detach(|| rt.block_on(self.client.lembaga_info(statistic_num)))
            .map_err(|e| map_error(&e))?;
        let v = serde_json::to_value(&l).map_err(|e| PyValueError::new_err(e.to_string()))?;
        crate::json_to_py(py, &v)
    }

    /// Every santri of the operator's lembaga, as a list of dicts (EMIS field names).
    #[pyo3(signature = (*, per_page = 10_000))]
    fn santri<'py>(&self, py: Python<'py>, per_page: u64) -> PyResult<Bound<'py, PyAny>> {
        let rt = runtime()?;
        let list = py
            .detach(|| rt.block_on(self.client.santri_all(per_page)))
            .map_err(|e| map_error(&e))?;
        let v = serde_json::to_value(&list).map_err(|e| PyValueError::new_err(e.to_string()))?;
        crate::json_to_py(py, &v)
    }
}

enum Event {
    Progress(Progress),
    Done(Box<Result<emis_core::sync::SyncReport, emis_core::Error>>),
}

/// Reads the local santri: a list of dicts (EMIS JSON or flat names) or `(headers, columns)`.
fn local_santri(local: &Bound<'_, PyAny>) -> PyResult<Vec<Santri>> {
    if let Ok((headers, cols)) = local.extract::<(Vec<String>, Bound<'_, PyList>)>() {
        let owned = crate::columns::owned_columns(&cols)?;
        let (names, cells) = crate::columns::frame_cells(&headers, &owned);
        return emis_core::frames::read_frame(emis_core::frames::Record::Santri, &names, &cells)
            .map(|r| r.santri)
            .map_err(|e| PyValueError::new_err(e.to_string()));
    }
    let mut out = Vec::new();
    for (i, item) in local.try_iter()?.enumerate() {
        let v = to_json(&item?, "", 0)
            .map_err(|e| crate::errors::unreadable(local.py(), "santri", i, &format!("{}: {}", e.path, e.what)))?;
        out.push(Santri::from_value(&v).map_err(|e| crate::errors::map_record_error(local.py(), "santri", i, &e))?);
    }
    Ok(out)
}

/// Behind `emis.sync`: one session of the core engine over a folder store; returns
/// `{"report": dict, "journal": [dict]}`. `progress(stage, done, total)` is called on this
/// thread; an exception from it (KeyboardInterrupt) or Ctrl-C cancels cleanly and is raised.
#[pyfunction]
#[pyo3(signature = (client, statistic_num, store, *, local = None, today = None, dry_run = false, policy = "emis_wins", progress = None, max_writes = None))]
#[allow(clippy::too_many_arguments)]
pub(crate) fn _sync<'py>(
    client: &Bound<'py, PyClient>,
    statistic_num: &str,
    store: std::path::PathBuf,
    local: Option<&Bound<'py, PyAny>>,
    today: Option<&Bound<'py, pyo3::types::PyDate>>,
    dry_run: bool,
    policy: &str,
    progress: Option<Bound<'py, PyAny>>,
    max_writes: Option<usize>,
) -> PyResult<Bound<'py, PyDict>> {
    use emis_core::sync::ConflictPolicy;
    let py = client.py();
    let today: Date = crate::today_of(today)?;
    let mut opts = SyncOptions::new(statistic_num, today);
    opts.dry_run = dry_run;
    opts.max_writes = max_writes;
    opts.policy = match policy {
        "emis_wins" => ConflictPolicy::EmisWins,
        "local_wins" => ConflictPolicy::LocalWins,
        "manual" => ConflictPolicy::Manual,
        _ => {
            return Err(PyValueError::new_err(
                "policy harus emis_wins, local_wins atau manual / policy must be emis_wins, local_wins or manual",
            ));
        }
    };
    let mut dir = DirStore::open(&store).map_err(|e| map_error(&e))?;
    if let Some(local) = local {
        let santri = local_santri(local)?;
        dir.save_santri(&santri).map_err(|e| map_error(&e))?;
    }
    let cancel = CancelToken::new();
    let (tx, rx) = mpsc::channel::<Event>();
    let ptx = tx.clone();
    let mut engine = SyncEngine::new(client.get().client.clone(), Box::new(dir))
        .on_progress(move |p: &Progress| {
            let _ = ptx.send(Event::Progress(p.clone()));
        })
        .cancel_token(cancel.clone());
    let rt = runtime()?;
    let worker = std::thread::spawn(move || {
        let r = rt.block_on(engine.run(&opts));
        let _ = tx.send(Event::Done(Box::new(r)));
        engine.into_store()
    });
    // `detach` wants `Sync` captures: the receiver behind a mutex only this thread takes.
    let rx = std::sync::Mutex::new(rx);
    let mut pending: Option<PyErr> = None;
    let result = loop {
        let ev = py.detach(|| match rx.lock() {
            Ok(r) => r.recv_timeout(Duration::from_millis(50)),
            Err(_) => Err(mpsc::RecvTimeoutError::Disconnected),
        });
        match ev {
            Ok(Event::Progress(p)) => {
                if let (Some(cb), None) = (&progress, &pending) {
                    let stage = serde_json::to_value(p.stage)
                        .ok()
                        .and_then(|v| v.as_str().map(String::from));
                    if let Err(e) = cb.call1((stage.unwrap_or_default(), p.done, p.total)) {
                        cancel.cancel();
                        pending = Some(e);
                    }
                }
            }
            Ok(Event::Done(r)) => break *r,
            Err(mpsc::RecvTimeoutError::Timeout) => {
                if pending.is_none()
                    && let Err(e) = py.check_signals()
                {
                    cancel.cancel();
                    pending = Some(e);
                }
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                break Err(emis_core::Error::Cancelled);
            }
        }
    };
    let store = py
        .detach(|| worker.join())
        .map_err(|_| PyRuntimeError::new_err("sync worker panicked"))?;
    if let Some(e) = pending {
        return Err(e);
    }
    let report = result.map_err(|e| map_error(&e))?;
    let journal = emis_core::sync::sessions(store.as_ref()).map_err(|e| map_error(&e))?;
    let d = PyDict::new(py);
    let rv = serde_json::to_value(&report).map_err(|e| PyValueError::new_err(e.to_string()))?;
    d.set_item("report", crate::json_to_py(py, &rv)?)?;
    let jv = serde_json::to_value(&journal).map_err(|e| PyValueError::new_err(e.to_string()))?;
    d.set_item("journal", crate::json_to_py(py, &jv)?)?;
    Ok(d)
}

/// The journal of a store folder (every session, newest last), as a list of dicts.
#[pyfunction]
pub(crate) fn _journal(py: Python<'_>, store: std::path::PathBuf) -> PyResult<Bound<'_, PyAny>> {
    let dir = DirStore::open(&store).map_err(|e| map_error(&e))?;
    let journal = emis_core::sync::sessions(&dir).map_err(|e| map_error(&e))?;
    let jv = serde_json::to_value(&journal).map_err(|e| PyValueError::new_err(e.to_string()))?;
    crate::json_to_py(py, &jv)
}
