//! `EmisClient` for JavaScript: the core's EMIS client ([`emis_core::api::EmisClient`]) over
//! fetch ([`ReqwestTransport`]), with the host's clock ([`JsClock`]: `Date.now()`) and timer
//! ([`JsSleep`]: a Promise resolved by `setTimeout`). Conversion and error mapping only: auth,
//! retries, paging and decoding are the core's.
//!
//! * Every call returns a Promise; argument errors reject too (`EmisInputError`,
//!   `EmisValidationError` for an invalid NIP), core errors reject with `EmisApiError`
//!   ([`crate::error::api`]).
//! * Methods take `&self` and move a clone of the shared state into a `'static` future: no
//!   borrow of the wasm object is held across an await, so concurrent calls (and `free()`
//!   while a call is pending) are safe.
//! * Records come back in EMIS's JSON shape (snake_case field names, as `validateSantri`
//!   accepts them); the binding's own wrappers (`PageMeta`, `Traffic`...) are camelCase.
//! * Credentials live only inside the core (`Secret`, masked in `Debug`); `toString()` shows
//!   the base URL and the masked credentials; error messages are scrubbed of them.

use crate::convert;
use crate::error::{self, Ctor, code};
use crate::js::{absent, to_js};
use emis_core::api::{Change, Credentials, EmisClient as Core, EmisConfig, PageMeta, Secret, SimpegLookup};
use emis_core::id::Nip;
use emis_core::model::SimpegSnapshot;
use emis_core::transport::{Clock, ReqwestTransport, RetryPolicy, Sleep};
use js_sys::{Function, Promise, Reflect};
use serde::{Deserialize, Serialize};
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;
use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::{JsFuture, future_to_promise};

/// The host's wall clock: `Date.now()`.
#[derive(Debug, Clone, Copy, Default)]
pub struct JsClock;

impl Clock for JsClock {
    fn now_unix_ms(&self) -> i64 {
        js_sys::Date::now() as i64
    }
}

/// Waiting on the host's timer: awaits a Promise resolved by `globalThis.setTimeout` (found
/// with `Reflect`, so the same code runs in browsers, workers and node; no `web-sys`).
#[derive(Debug, Clone, Copy, Default)]
pub struct JsSleep;

#[async_trait::async_trait(?Send)]
impl Sleep for JsSleep {
    async fn sleep(&self, d: Duration) {
        // The Promise never rejects; an error here could only come from a broken host.
        let _ = JsFuture::from(timer(d)).await;
    }
}

/// `setTimeout` takes a signed 32-bit delay; a longer one would fire at once.
const MAX_TIMER_MS: u128 = i32::MAX as u128;

/// A Promise resolved after `d` by `setTimeout`, or at once when the host has none.
fn timer(d: Duration) -> Promise {
    let ms = JsValue::from_f64(d.as_millis().min(MAX_TIMER_MS) as f64);
    Promise::new(&mut |resolve: Function, _reject: Function| {
        let global = js_sys::global();
        let started = Reflect::get(&global, &JsValue::from_str("setTimeout"))
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .is_some_and(|set_timeout| set_timeout.call2(&global, &resolve, &ms).is_ok());
        if !started {
            let _ = resolve.call0(&JsValue::UNDEFINED);
        }
    })
}

/// Default page size of `santriAll` / `gtkAll`.
const DEFAULT_PER_PAGE: u64 = 100;
/// Largest page number or page size accepted.
const MAX_WHOLE: u64 = 1_000_000;
/// Largest `timeoutMs`: fetch's abort timer is a `setTimeout` too.
const MAX_TIMEOUT_MS: f64 = i32::MAX as f64;
/// Largest `maxAttempts`.
const MAX_ATTEMPTS: u32 = 10;

/// What every call shares: the core client (itself an `Arc`) and the secrets to scrub.
struct Shared {
    client: Core,
    secrets: Vec<Secret>,
    /// `exposeToken: true` was passed: `sessionToken()`/`setSessionToken()` are allowed.
    expose_token: bool,
}

impl Shared {
    fn error(&self, e: &emis_core::Error) -> JsValue {
        let secrets: Vec<&str> = self.secrets.iter().map(Secret::expose).collect();
        error::api(e, &secrets)
    }
}

/// The EMIS 4.0 API client (`new EmisClient(options)`): logs in by itself on the first call,
/// renews the token, retries transient failures (writes only with their idempotency key).
#[wasm_bindgen(js_name = EmisClient)]
pub struct Client {
    shared: Rc<Shared>,
}

fn bad_type(name: &str) -> JsValue {
    error::bad_option(name, "string", "a string")
}

/// An optional string option: absent (`undefined`/`null`) is `None`.
fn opt_string(options: &JsValue, name: &str) -> Result<Option<String>, JsValue> {
    let v = convert::get(options, name)?;
    if absent(&v) {
        return Ok(None);
    }
    v.as_string().map(Some).ok_or_else(|| bad_type(name))
}

/// An optional number option in `1..=max`.
fn opt_number(options: &JsValue, name: &str, max: f64) -> Result<Option<f64>, JsValue> {
    let v = convert::get(options, name)?;
    if absent(&v) {
        return Ok(None);
    }
    match v.as_f64() {
        Some(n) if (1.0..=max).contains(&n) => Ok(Some(n)),
        _ => Err(error::bad_option(
            name,
            &format!("angka 1 sampai {max}"),
            &format!("a number from 1 to {max}"),
        )),
    }
}

/// An http(s) URL without user name or password (they would end up in error messages).
fn http_url(text: &str, name: &str) -> Result<url::Url, JsValue> {
    let bad = || {
        error::bad_option(
            name,
            "URL http(s) tanpa nama pengguna/kata sandi",
            "an http(s) URL without user name or password",
        )
    };
    let u = url::Url::parse(text).map_err(|_| bad())?;
    if !matches!(u.scheme(), "http" | "https") || !u.username().is_empty() || u.password().is_some() {
        return Err(bad());
    }
    Ok(u)
}

fn credentials(options: &JsValue) -> Result<Credentials, JsValue> {
    let email = opt_string(options, "email")?;
    let password = opt_string(options, "password")?;
    let public_key = opt_string(options, "publicKey")?;
    let private_key = opt_string(options, "privateKey")?;
    let token = opt_string(options, "token")?;
    let operator = email.is_some() || password.is_some();
    let partner = public_key.is_some() || private_key.is_some();
    if [operator, partner, token.is_some()].into_iter().filter(|b| *b).count() != 1 {
        return Err(error::bad_option(
            "credentials",
            "tepat satu dari {email, password}, {publicKey, privateKey} atau {token}",
            "exactly one of {email, password}, {publicKey, privateKey} or {token}",
        ));
    }
    let missing = |name: &str| bad_type(name);
    Ok(if operator {
        Credentials::Operator {
            email: email.ok_or_else(|| missing("email"))?,
            password: Secret::new(password.ok_or_else(|| missing("password"))?),
        }
    } else if partner {
        Credentials::Partner {
            public_key: public_key.ok_or_else(|| missing("publicKey"))?,
            private_key: Secret::new(private_key.ok_or_else(|| missing("privateKey"))?),
        }
    } else {
        Credentials::Token(Secret::new(token.unwrap_or_default()))
    })
}

fn config(options: &JsValue) -> Result<EmisConfig, JsValue> {
    let base = opt_string(options, "baseUrl")?.ok_or_else(|| bad_type("baseUrl"))?;
    let base = http_url(&base, "baseUrl")?;
    let mut cfg = EmisConfig::new(base.as_str()).map_err(|_| bad_type("baseUrl"))?;
    if let Some(s) = opt_string(options, "simpegBaseUrl")? {
        cfg.simpeg_base_url = Some(http_url(&s, "simpegBaseUrl")?);
    }
    if let Some(p) = opt_string(options, "prefix")? {
        cfg.prefix = p;
    }
    if let Some(ms) = opt_number(options, "timeoutMs", MAX_TIMEOUT_MS)? {
        cfg.timeout = Duration::from_millis(ms.ceil() as u64);
    }
    if let Some(n) = opt_number(options, "maxAttempts", f64::from(MAX_ATTEMPTS))? {
        cfg.retry = RetryPolicy {
            max_attempts: n as u32,
            ..RetryPolicy::default()
        };
    }
    Ok(cfg)
}

/// A string argument.
fn string_arg(value: &JsValue, id: &str, en: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| error::not_string(id, en))
}

/// A whole-number argument in `1..=MAX_WHOLE`; `default` when absent and allowed.
fn whole(value: &JsValue, name: &str, default: Option<u64>) -> Result<u64, JsValue> {
    if let (true, Some(d)) = (absent(value), default) {
        return Ok(d);
    }
    match value.as_f64() {
        Some(n) if n.fract() == 0.0 && (1.0..=MAX_WHOLE as f64).contains(&n) => Ok(n as u64),
        _ => Err(error::not_integer(name, value, MAX_WHOLE)),
    }
}

/// Paging metadata, camelCase; absent values are `null`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PageMetaOut {
    page: Option<u64>,
    per_page: Option<u64>,
    total: Option<u64>,
    total_pages: Option<u64>,
}

impl From<&PageMeta> for PageMetaOut {
    fn from(m: &PageMeta) -> PageMetaOut {
        PageMetaOut {
            page: m.page,
            per_page: m.per_page,
            total: m.total,
            total_pages: m.total_pages,
        }
    }
}

#[derive(Serialize)]
struct PageOut<'a, T> {
    items: &'a [T],
    meta: PageMetaOut,
}

#[derive(Serialize)]
struct LookupOut<'a> {
    found: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    snapshot: Option<&'a SimpegSnapshot>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrafficOut {
    requests: u64,
    bytes_in: u64,
    bytes_out: u64,
}

impl Client {
    /// The core client (a cheap handle), for the `SyncEngine`.
    pub(crate) fn core(&self) -> Core {
        self.shared.client.clone()
    }

    /// Runs a core call in a `'static` future (a clone of the shared state, no borrow of
    /// `self`) and converts its result.
    fn run<T, Fut>(&self, call: impl FnOnce(Core) -> Fut, out: impl FnOnce(T) -> JsValue + 'static) -> Promise
    where
        Fut: Future<Output = Result<T, emis_core::Error>> + 'static,
    {
        let shared = Rc::clone(&self.shared);
        let fut = call(shared.client.clone());
        future_to_promise(async move {
            match fut.await {
                Ok(v) => Ok(out(v)),
                Err(e) => Err(shared.error(&e)),
            }
        })
    }
}

#[wasm_bindgen(js_class = EmisClient)]
impl Client {
    /// `new EmisClient(options)`: `baseUrl` (http(s)), optional `simpegBaseUrl`, `prefix`
    /// (default `/v1`), `timeoutMs` (per request, default 30 000), `maxAttempts` (1-10, default
    /// 5), and exactly one of `{email, password}`, `{publicKey, privateKey}` or `{token}`.
    /// Throws `EmisInputError` (`input.opsi_tidak_valid`, with `option`) for a bad option.
    /// Nothing is sent until the first call.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "EmisClientOptions")] options: JsValue,
    ) -> Result<Client, JsValue> {
        if !options.is_object() || js_sys::Array::is_array(&options) {
            return Err(error::input(
                Ctor::Type,
                code::NOT_OBJECT,
                "opsi EmisClient harus berupa objek",
                "the EmisClient options must be an object",
            ));
        }
        let cfg = config(&options)?;
        let credentials = credentials(&options)?;
        let secrets = match &credentials {
            Credentials::Operator { password, .. } => vec![password.clone()],
            Credentials::Partner { private_key, .. } => vec![private_key.clone()],
            Credentials::Token(t) => vec![t.clone()],
        };
        let transport = ReqwestTransport::new().map_err(|e| {
            error::api(
                &emis_core::Error::Config(e.to_string()),
                &secrets.iter().map(Secret::expose).collect::<Vec<_>>(),
            )
        })?;
        let client = Core::new(
            cfg,
            credentials,
            Arc::new(transport),
            Arc::new(JsClock),
            Arc::new(JsSleep),
        );
        let expose = convert::get(&options, "exposeToken")?;
        let expose_token = match (absent(&expose), expose.as_bool()) {
            (true, _) => false,
            (false, Some(b)) => b,
            (false, None) => return Err(error::bad_option("exposeToken", "boolean", "a boolean")),
        };
        Ok(Client {
            shared: Rc::new(Shared {
                client,
                secrets,
                expose_token,
            }),
        })
    }

    /// Logs in now (otherwise the first call does). Rejects with `code: "auth"` for wrong
    /// credentials.
    #[wasm_bindgen(unchecked_return_type = "Promise<void>")]
    pub fn login(&self) -> Promise {
        self.run(|c| async move { c.login().await }, |()| JsValue::UNDEFINED)
    }

    /// The lembaga with this statistic number (NSPP/NSM).
    #[wasm_bindgen(js_name = lembagaInfo, unchecked_return_type = "Promise<Lembaga>")]
    pub fn lembaga_info(
        &self,
        #[wasm_bindgen(js_name = statisticNum, unchecked_param_type = "string")] statistic_num: JsValue,
    ) -> Promise {
        match string_arg(&statistic_num, "nomor statistik", "the statistic number") {
            Ok(sn) => self.run(|c| async move { c.lembaga_info(&sn).await }, |l| to_js(&l)),
            Err(e) => Promise::reject(&e),
        }
    }

    /// The server's periods (academic years), with their ids.
    #[wasm_bindgen(unchecked_return_type = "Promise<Periode[]>")]
    pub fn periods(&self) -> Promise {
        self.run(|c| async move { c.periods().await }, |p| to_js(&p))
    }

    /// One page (1-based) of the santri of the logged-in lembaga, with the paging metadata.
    #[wasm_bindgen(js_name = santriPage, unchecked_return_type = "Promise<SantriPage>")]
    pub fn santri_page(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] page: JsValue,
        #[wasm_bindgen(js_name = perPage, unchecked_param_type = "number")] per_page: JsValue,
    ) -> Promise {
        let args = whole(&page, "page", None).and_then(|p| Ok((p, whole(&per_page, "perPage", None)?)));
        match args {
            Ok((page, per_page)) => self.run(
                move |c| async move { c.santri_page(page, per_page).await },
                |p| {
                    to_js(&PageOut {
                        items: &p.items,
                        meta: PageMetaOut::from(&p.meta),
                    })
                },
            ),
            Err(e) => Promise::reject(&e),
        }
    }

    /// Every santri of the logged-in lembaga, page by page (`perPage` default 100).
    #[wasm_bindgen(js_name = santriAll, unchecked_return_type = "Promise<Santri[]>")]
    pub fn santri_all(
        &self,
        #[wasm_bindgen(js_name = perPage, unchecked_optional_param_type = "number")] per_page: JsValue,
    ) -> Promise {
        match whole(&per_page, "perPage", Some(DEFAULT_PER_PAGE)) {
            Ok(n) => self.run(move |c| async move { c.santri_all(n).await }, |s| to_js(&s)),
            Err(e) => Promise::reject(&e),
        }
    }

    /// One santri by server id (`Santri.id`).
    #[wasm_bindgen(js_name = santriDetail, unchecked_return_type = "Promise<Santri>")]
    pub fn santri_detail(&self, #[wasm_bindgen(unchecked_param_type = "string")] id: JsValue) -> Promise {
        match string_arg(&id, "id santri", "the santri id") {
            Ok(id) => self.run(move |c| async move { c.santri_detail(&id).await }, |s| to_js(&s)),
            Err(e) => Promise::reject(&e),
        }
    }

    /// Every GTK (teachers and staff) of a lembaga, page by page (`perPage` default 100).
    #[wasm_bindgen(js_name = gtkAll, unchecked_return_type = "Promise<Gtk[]>")]
    pub fn gtk_all(
        &self,
        #[wasm_bindgen(js_name = statisticNum, unchecked_param_type = "string")] statistic_num: JsValue,
        #[wasm_bindgen(js_name = perPage, unchecked_optional_param_type = "number")] per_page: JsValue,
    ) -> Promise {
        let args = string_arg(&statistic_num, "nomor statistik", "the statistic number")
            .and_then(|sn| Ok((sn, whole(&per_page, "perPage", Some(DEFAULT_PER_PAGE))?)));
        match args {
            Ok((sn, n)) => self.run(move |c| async move { c.gtk_all(&sn, n).await }, |g| to_js(&g)),
            Err(e) => Promise::reject(&e),
        }
    }

    /// "Ambil data dari SIMPEG": `{found: true, snapshot}` for a NIP SIMPEG knows, else
    /// `{found: false}` (the GTK stays Non PNS). An invalid NIP rejects with
    /// `EmisValidationError` before anything is sent.
    #[wasm_bindgen(js_name = simpegLookup, unchecked_return_type = "Promise<SimpegLookup>")]
    pub fn simpeg_lookup(&self, #[wasm_bindgen(unchecked_param_type = "string")] nip: JsValue) -> Promise {
        let parsed = string_arg(&nip, "NIP", "the NIP").and_then(|s| Nip::parse(&s).map_err(|e| error::validation(&e)));
        match parsed {
            Ok(nip) => self.run(
                move |c| async move { c.simpeg_lookup(&nip).await },
                |r| match r {
                    SimpegLookup::Found(s) => to_js(&LookupOut {
                        found: true,
                        snapshot: Some(&s),
                    }),
                    SimpegLookup::NotFound => to_js(&LookupOut {
                        found: false,
                        snapshot: None,
                    }),
                },
            ),
            Err(e) => Promise::reject(&e),
        }
    }

    /// Sends santri changes (`{op, id?, key?, fields?, mutasi?, reason?}`) in one batch with
    /// an idempotency key: the same key on every retry, and sending the same batch with the
    /// same key again replays the first answer. Resolves to one result per item.
    #[wasm_bindgen(js_name = submitSantriBatch, unchecked_return_type = "Promise<ItemResult[]>")]
    pub fn submit_santri_batch(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<Change>")] changes: JsValue,
        #[wasm_bindgen(js_name = idempotencyKey, unchecked_param_type = "string")] idempotency_key: JsValue,
    ) -> Promise {
        let args = convert::records(&changes, |v| {
            Change::deserialize(v).map_err(|e| emis_core::pii::redact_quoted(&e.to_string()))
        })
        .and_then(|ch| {
            Ok((
                ch,
                string_arg(&idempotency_key, "idempotency key", "the idempotency key")?,
            ))
        });
        match args {
            Ok((changes, key)) => self.run(
                move |c| async move { c.submit_santri_batch(&changes, &key).await },
                |r| to_js(&r),
            ),
            Err(e) => Promise::reject(&e),
        }
    }

    fn token_allowed(&self) -> Result<(), JsValue> {
        if self.shared.expose_token {
            Ok(())
        } else {
            Err(error::input(
                Ctor::Error,
                code::TOKEN_CLOSED,
                "token sesi hanya dapat dibaca/diatur bila EmisClient dibuat dengan { exposeToken: true }",
                "the session token can only be read or set when the EmisClient was made with { exposeToken: true }",
            ))
        }
    }

    /// The current session token (`null` before the first login), for an app that keeps a
    /// session across reloads. Only with `exposeToken: true` (else `EmisInputError`
    /// `input.token_tertutup`): the app decides where a token may be stored.
    #[wasm_bindgen(js_name = sessionToken)]
    pub fn session_token(&self) -> Result<Option<String>, JsValue> {
        self.token_allowed()?;
        Ok(self.shared.client.session_token().map(|t| t.expose().to_string()))
    }

    /// Uses a token kept from an earlier page load as the current session (renewed or
    /// replaced by a login when it has expired). Only with `exposeToken: true`.
    #[wasm_bindgen(js_name = setSessionToken)]
    pub fn set_session_token(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] token: JsValue,
    ) -> Result<(), JsValue> {
        self.token_allowed()?;
        let t = string_arg(&token, "token", "the token")?;
        self.shared.client.restore_session_token(&Secret::new(t));
        Ok(())
    }

    /// Requests sent (retries included) and bytes read and sent so far.
    #[wasm_bindgen(unchecked_return_type = "Traffic")]
    pub fn traffic(&self) -> JsValue {
        let t = self.shared.client.traffic();
        to_js(&TrafficOut {
            requests: t.requests,
            bytes_in: t.bytes_in,
            bytes_out: t.bytes_out,
        })
    }

    /// The base URL and the kind of credentials, masked: never a password, key or token.
    #[wasm_bindgen(js_name = toString)]
    pub fn to_js_string(&self) -> String {
        let secrets: Vec<&str> = self.shared.secrets.iter().map(Secret::expose).collect();
        emis_core::pii::scrub_secrets(&format!("{:?}", self.shared.client), &secrets)
    }
}
