//! `SyncEngine` for JavaScript: the core's sync ([`emis_core::sync::driver::SyncEngine`]:
//! reconcile, plan, outbox with lookup-before-retry, journal) over an in-memory store
//! ([`MemoryStore`]) whose state a page can save (`state()`) and give back to a new engine
//! (`new SyncEngine(client, { state })`), e.g. in IndexedDB. Progress goes to a JS callback,
//! `cancel()` stops between two writes (the outbox keeps the rest for the next run).

use crate::client::Client;
use crate::convert;
use crate::error::{self, Ctor, code};
use crate::js::{absent, to_js};
use emis_core::model::Santri;
use emis_core::sync::driver::SyncEngine as Core;
use emis_core::sync::plan::ConflictPolicy;
use emis_core::sync::report::{CancelToken, Progress, SyncOptions};
use emis_core::sync::store::{Checkpoint, JournalEntry, MemoryStore, OutboxEntry, Stream};
use js_sys::{Function, Promise};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

/// The store's state as a page saves it.
#[derive(Serialize, Deserialize, Default)]
struct StateOut {
    #[serde(default)]
    outbox: Vec<OutboxEntry>,
    #[serde(default)]
    checkpoints: BTreeMap<Stream, Checkpoint>,
    #[serde(default)]
    journal: Vec<JournalEntry>,
}

/// `new SyncEngine(client, { santri?, state? })`: one lembaga's sync in the page.
#[wasm_bindgen(js_name = SyncEngine)]
pub struct Engine {
    /// `None` while a `run()` holds it.
    core: Rc<RefCell<Option<Core>>>,
    cancel: CancelToken,
    progress: Rc<RefCell<Option<Function>>>,
}

fn not_object(what_id: &str, what_en: &str) -> JsValue {
    error::input(
        Ctor::Type,
        code::NOT_OBJECT,
        &format!("{what_id} harus berupa objek"),
        &format!("{what_en} must be an object"),
    )
}

fn busy() -> JsValue {
    error::input(
        Ctor::Error,
        code::SYNC_BUSY,
        "sinkronisasi sedang berjalan pada SyncEngine ini; tunggu selesai",
        "a sync is already running on this SyncEngine; wait for it to finish",
    )
}

#[wasm_bindgen(js_class = SyncEngine)]
impl Engine {
    /// `client`: an `EmisClient`; `options.santri`: the page's own santri records (EMIS JSON
    /// or flat rows); `options.state`: what `state()` returned earlier (outbox, checkpoints,
    /// journal).
    #[wasm_bindgen(constructor)]
    pub fn new(
        client: &Client,
        #[wasm_bindgen(unchecked_optional_param_type = "SyncEngineOptions")] options: JsValue,
    ) -> Result<Engine, JsValue> {
        let mut store = MemoryStore::default();
        if !absent(&options) {
            if !options.is_object() {
                return Err(not_object("opsi SyncEngine", "the SyncEngine options"));
            }
            let santri = convert::get(&options, "santri")?;
            if !absent(&santri) {
                store.santri = convert::records(&santri, |v| {
                    Santri::from_value(v).map_err(|e| emis_core::pii::redact_quoted(&e.to_string()))
                })?;
            }
            let state = convert::get(&options, "state")?;
            if !absent(&state) {
                let text = js_sys::JSON::stringify(&state)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default();
                let s: StateOut = serde_json::from_str(&text)
                    .map_err(|_| error::bad_option("state", "hasil state() sebelumnya", "what state() returned"))?;
                store.outbox = s.outbox;
                store.checkpoints = s.checkpoints;
                store.journal = s.journal;
            }
        }
        let cancel = CancelToken::new();
        let progress: Rc<RefCell<Option<Function>>> = Rc::new(RefCell::new(None));
        let sink = Rc::clone(&progress);
        let core = Core::new(client.core(), Box::new(store))
            .on_progress(move |p: &Progress| {
                if let Some(f) = sink.borrow().as_ref() {
                    // A throwing callback must not stop the sync.
                    let _ = f.call1(&JsValue::NULL, &to_js(p));
                }
            })
            .cancel_token(cancel.clone());
        Ok(Engine {
            core: Rc::new(RefCell::new(Some(core))),
            cancel,
            progress,
        })
    }

    /// `onProgress(fn)`: `fn({ stage, done, total, eta_ms })` during `run()`; `null` removes it.
    #[wasm_bindgen(js_name = onProgress)]
    pub fn on_progress(
        &self,
        #[wasm_bindgen(unchecked_param_type = "((p: SyncProgress) => void) | null")] f: JsValue,
    ) -> Result<(), JsValue> {
        *self.progress.borrow_mut() = if absent(&f) {
            None
        } else {
            Some(
                f.dyn_into::<Function>()
                    .map_err(|_| error::bad_option("onProgress", "fungsi", "a function"))?,
            )
        };
        Ok(())
    }

    /// Stops the running sync between two writes: its promise rejects with `EmisApiError`
    /// `code: "cancelled"`, the journal says `cancelled`, and the outbox keeps what was not
    /// sent. The engine stays cancelled: continue with `new SyncEngine(client, { state })`.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// `run({ statisticNum, dryRun?, policy?, today?, simpeg?, maxWrites? })`: one sync
    /// session. `dryRun: true` gives the plan and sends nothing. Resolves to the core's
    /// `SyncReport` (identifiers masked); rejects with `EmisApiError` as `EmisClient` does.
    #[wasm_bindgen(unchecked_return_type = "Promise<SyncReport>")]
    pub fn run(&self, #[wasm_bindgen(unchecked_param_type = "SyncRunOptions")] options: JsValue) -> Promise {
        let opts = match run_options(&options) {
            Ok(o) => o,
            Err(e) => return Promise::reject(&e),
        };
        let Some(mut core) = self.core.borrow_mut().take() else {
            return Promise::reject(&busy());
        };
        let slot = Rc::clone(&self.core);
        future_to_promise(async move {
            let result = core.run(&opts).await;
            let err = result.as_ref().err().map(|e| error::api(e, &[]));
            *slot.borrow_mut() = Some(core);
            match (result, err) {
                (Ok(r), _) => Ok(to_js(&r)),
                (Err(_), Some(e)) => Err(e),
                (Err(_), None) => Err(JsValue::NULL),
            }
        })
    }

    /// The store's state to keep (outbox, checkpoints, journal): plain JSON, give it back as
    /// `new SyncEngine(client, { state })`. Throws while a `run()` is going on.
    #[wasm_bindgen(unchecked_return_type = "SyncState")]
    pub fn state(&self) -> Result<JsValue, JsValue> {
        let guard = self.core.borrow();
        let core = guard.as_ref().ok_or_else(busy)?;
        let store = core.store();
        let state = StateOut {
            outbox: store.load_outbox().unwrap_or_default(),
            checkpoints: store.load_checkpoints().unwrap_or_default(),
            journal: store.journal_lines().unwrap_or_default(),
        };
        Ok(to_js(&state))
    }
}

fn run_options(v: &JsValue) -> Result<SyncOptions, JsValue> {
    if !v.is_object() {
        return Err(not_object("opsi run", "the run options"));
    }
    let check = convert::options(v, false)?;
    let sn = convert::get(v, "statisticNum")?
        .as_string()
        .ok_or_else(|| error::bad_option("statisticNum", "string", "a string"))?;
    let mut o = SyncOptions::new(sn, check.check.today);
    let flag = |name: &str| -> Result<Option<bool>, JsValue> {
        let f = convert::get(v, name)?;
        if absent(&f) {
            return Ok(None);
        }
        f.as_bool()
            .map(Some)
            .ok_or_else(|| error::bad_option(name, "boolean", "a boolean"))
    };
    if let Some(b) = flag("dryRun")? {
        o.dry_run = b;
    }
    if let Some(b) = flag("simpeg")? {
        o.simpeg = b;
    }
    let policy = convert::get(v, "policy")?;
    if !absent(&policy) {
        o.policy = match policy.as_string().as_deref() {
            Some("emis_wins") => ConflictPolicy::EmisWins,
            Some("local_wins") => ConflictPolicy::LocalWins,
            Some("manual") => ConflictPolicy::Manual,
            _ => {
                return Err(error::bad_option(
                    "policy",
                    "emis_wins, local_wins atau manual",
                    "emis_wins, local_wins or manual",
                ));
            }
        };
    }
    let max = convert::get(v, "maxWrites")?;
    if !absent(&max) {
        match max.as_f64() {
            Some(n) if n >= 0.0 && n.fract() == 0.0 => o.max_writes = Some(n as usize),
            _ => {
                return Err(error::bad_option(
                    "maxWrites",
                    "bilangan bulat ≥ 0",
                    "a whole number ≥ 0",
                ));
            }
        }
    }
    Ok(o)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_SYNC: &'static str = r#"
/** Options of `new SyncEngine(client, options)`. */
export interface SyncEngineOptions {
  /** The page's own santri (EMIS JSON or flat rows). */
  santri?: ReadonlyArray<SantriRecord>;
  /** What `state()` returned earlier (keep it in IndexedDB, say). */
  state?: SyncState;
}
/** Options of `SyncEngine.run`. */
export interface SyncRunOptions extends CheckOptions {
  statisticNum: string;
  /** Plan only: send nothing (default `false`). */
  dryRun?: boolean;
  /** Who wins on differences (default `"emis_wins"`). */
  policy?: "emis_wins" | "local_wins" | "manual";
  /** Look GTK up in SIMPEG (default `true`). */
  simpeg?: boolean;
  /** Stop after this many writes. */
  maxWrites?: number;
}
/** One progress report of a sync. */
export interface SyncProgress {
  stage: string;
  done: number;
  total: number | null;
  eta_ms: number | null;
}
/** The store's state: outbox, checkpoints, journal (plain JSON). */
export interface SyncState {
  outbox: unknown[];
  checkpoints: Record<string, unknown>;
  journal: unknown[];
}
/** The core's sync report (snake_case, identifiers masked). */
export interface SyncReport {
  session_id: string;
  dry_run: boolean;
  counts: Record<string, number>;
  records: unknown[];
  pushed: number;
  writes: unknown[];
  write_states: Record<string, number>;
  rejected: unknown[];
  previously_rejected: unknown[];
  resolved_by_lookup: number;
  needs_human: unknown[];
  planned: Record<string, number>;
  [key: string]: unknown;
}
"#;
