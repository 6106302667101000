//! Errors thrown to JavaScript: always real `Error` objects (never strings, never a trap),
//! with `name`, a stable `code` and, where it helps, `issues`, `codes`, `kind` or `path`.
//!
//! * `EmisInputError`: the call itself is wrong (a value that is not a string, a record
//!   that is not an object, an unknown kind, a bad option). A `TypeError` for wrong types,
//!   a `RangeError` for an unknown name, an `Error` otherwise — all `instanceof Error`.
//! * `EmisValidationError`: `parse*` was given an invalid identifier; carries every issue.
//! * `EmisApiError`: a call of `EmisClient` failed (the core's `emis_core::Error`): `code`
//!   from `Error::code()`, `status` when an HTTP status is involved, a few details.
//!
//! Messages are "Bahasa Indonesia / English" and never contain the input value, a password,
//! a private key or a token.

use crate::issue::IssueOut;
pub use crate::js::Ctor;
use crate::js::{new_error, set, to_js};
use emis_core::id::{IdError, IdKind};
use emis_core::pii;
use wasm_bindgen::JsValue;

/// Name of the error for wrong calls.
pub const INPUT_ERROR: &str = "EmisInputError";
/// Name of the error for invalid identifiers given to `parse*`.
pub const VALIDATION_ERROR: &str = "EmisValidationError";
/// Name of the errors of `EmisClient` calls (network, server, auth, decoding...).
pub const API_ERROR: &str = "EmisApiError";

/// Codes of [`INPUT_ERROR`]s (listed in the TypeScript type `InputErrorCode`).
pub mod code {
    /// A value that must be a string is not.
    pub const NOT_STRING: &str = "input.bukan_string";
    /// A value that must be an array is not.
    pub const NOT_ARRAY: &str = "input.bukan_array";
    /// A record or the options argument is not a plain object.
    pub const NOT_OBJECT: &str = "input.bukan_objek";
    /// An option has the wrong type or an unreadable value.
    pub const BAD_OPTION: &str = "input.opsi_tidak_valid";
    /// An identifier kind name that is not known.
    pub const UNKNOWN_KIND: &str = "input.jenis_tidak_dikenal";
    /// A record whose fields cannot be read (wrong nesting, cycles, BigInt...).
    pub const UNREADABLE: &str = "input.tidak_terbaca";
    /// A page number or page size that is not a whole number from 1 to 1 000 000.
    pub const NOT_INTEGER: &str = "input.bukan_bilangan_bulat";
    /// `sessionToken()`/`setSessionToken()` on a client made without `exposeToken: true`.
    pub const TOKEN_CLOSED: &str = "input.token_tertutup";
    /// A second `run()` (or `state()`) while a sync is running on the same `SyncEngine`.
    pub const SYNC_BUSY: &str = "input.sinkronisasi_berjalan";
}

/// An `EmisInputError` with a code and a bilingual message.
pub fn input(ctor: Ctor, code: &str, message_id: &str, message_en: &str) -> JsValue {
    let e = new_error(ctor, INPUT_ERROR, &format!("{message_id} / {message_en}"));
    set(&e, "code", &JsValue::from_str(code));
    e
}

/// An `EmisInputError` about a value that must be a string.
pub fn not_string(what_id: &str, what_en: &str) -> JsValue {
    input(
        Ctor::Type,
        code::NOT_STRING,
        &format!("{what_id} harus berupa string (teks), bukan angka atau tipe lain"),
        &format!("{what_en} must be a string, not a number or another type"),
    )
}

/// An `EmisInputError` about an option.
pub fn bad_option(name: &str, expected_id: &str, expected_en: &str) -> JsValue {
    let e = input(
        Ctor::Type,
        code::BAD_OPTION,
        &format!("opsi `{name}` tidak valid: harus {expected_id}"),
        &format!("option `{name}` is invalid: must be {expected_en}"),
    );
    set(&e, "option", &JsValue::from_str(name));
    e
}

/// An `EmisInputError` for an unknown identifier kind.
pub fn unknown_kind() -> JsValue {
    input(
        Ctor::Range,
        code::UNKNOWN_KIND,
        &format!(
            "jenis identitas tidak dikenal (pakai {})",
            IdKind::name_list(", ", " atau ")
        ),
        &format!("unknown identifier kind (use {})", IdKind::name_list(", ", " or ")),
    )
}

/// An `EmisInputError` about records, with one issue per bad record (paths `[i]`).
pub fn records(issues: &[IssueOut<'_>]) -> JsValue {
    let first = &issues[0];
    let ctor = if first.code == code::NOT_OBJECT {
        Ctor::Type
    } else {
        Ctor::Error
    };
    let more = if issues.len() > 1 {
        format!(" (+{} lagi / more)", issues.len() - 1)
    } else {
        String::new()
    };
    let e = new_error(
        ctor,
        INPUT_ERROR,
        &format!("{}: {} / {}{more}", first.path, first.message_id, first.message_en),
    );
    set(&e, "code", &JsValue::from_str(first.code));
    set(&e, "path", &JsValue::from_str(first.path));
    set(&e, "issues", &to_js(&issues));
    e
}

/// An `EmisValidationError` for an identifier that `parse*` rejected. The message is the
/// core's (codes and messages, never the input).
pub fn validation(err: &IdError) -> JsValue {
    let e = new_error(Ctor::Error, VALIDATION_ERROR, &err.to_string());
    set(&e, "code", &JsValue::from_str(err.code()));
    set(&e, "kind", &to_js(&err.kind));
    set(&e, "codes", &to_js(&err.codes()));
    let issues: Vec<IssueOut<'_>> = err.issues.iter().map(IssueOut::from_issue).collect();
    set(&e, "issues", &to_js(&issues));
    e
}

/// Kind names accepted where a kind is expected.
pub fn kind_from_js(kind: &JsValue) -> Result<IdKind, JsValue> {
    match kind.as_string() {
        Some(k) => IdKind::from_name(&k).ok_or_else(unknown_kind),
        None => Err(not_string("jenis identitas", "the identifier kind")),
    }
}

/// An `EmisInputError` about a numeric argument (`page`, `perPage`): a `TypeError` when it is
/// not a number, a `RangeError` when it is not a whole number from 1 to `max`.
pub fn not_integer(name: &str, value: &JsValue, max: u64) -> JsValue {
    let ctor = if value.as_f64().is_some() {
        Ctor::Range
    } else {
        Ctor::Type
    };
    let e = input(
        ctor,
        code::NOT_INTEGER,
        &format!("`{name}` harus bilangan bulat 1 sampai {max}"),
        &format!("`{name}` must be a whole number from 1 to {max}"),
    );
    set(&e, "option", &JsValue::from_str(name));
    e
}

/// An `EmisApiError` (an `Error`) for a failed `EmisClient` call: `code` (the core's
/// `Error::code()`), `status` when there is one, and for some errors `requestId` (server's
/// X-Request-Id), `path` (JSON path of a decode error), `retryAfterMs` (429), `attempts` and
/// `rootCode` (`retries_exhausted`: how many tries, the last cause's code).
pub fn api(err: &emis_core::Error, secrets: &[&str]) -> JsValue {
    use emis_core::Error as E;
    let e = match err {
        E::Transport { message } => network_or_cors(&pii::scrub_secrets(message, secrets)),
        _ => new_error(Ctor::Error, API_ERROR, &pii::error_message(err, secrets)),
    };
    set(&e, "code", &JsValue::from_str(api_code(err)));
    if let Some(status) = err.status() {
        set(&e, "status", &JsValue::from(status));
    }
    match err.root() {
        E::Http {
            request_id: Some(id), ..
        } => set(&e, "requestId", &JsValue::from_str(&pii::scrub_secrets(id, secrets))),
        E::Decode { path, .. } => set(&e, "path", &JsValue::from_str(&pii::scrub_secrets(path, secrets))),
        E::RateLimited {
            retry_after: Some(d), ..
        } => set(&e, "retryAfterMs", &JsValue::from_f64(d.as_millis() as f64)),
        _ => {}
    }
    if let E::RetriesExhausted { attempts, .. } = err {
        set(&e, "attempts", &JsValue::from(*attempts));
        set(&e, "rootCode", &JsValue::from_str(api_code(err.root())));
    }
    e
}

/// The code a page sees: the core's, except that a failed `fetch` is `network_or_cors` (a
/// browser does not tell a page whether the network or the server's CORS policy refused it).
fn api_code(err: &emis_core::Error) -> &'static str {
    match err {
        emis_core::Error::Transport { .. } => NETWORK_OR_CORS,
        _ => err.code(),
    }
}

/// Code of a request `fetch` could not make.
pub const NETWORK_OR_CORS: &str = "network_or_cors";

/// A clean error for a failed `fetch`: a fixed bilingual message (the host's own text, with
/// its JS stack, is kept to its first line in `detail`).
fn network_or_cors(host_message: &str) -> JsValue {
    let e = new_error(
        Ctor::Error,
        API_ERROR,
        "Tidak dapat menghubungi server EMIS: jaringan terputus, alamat server salah, atau peramban \
         menolak karena kebijakan CORS server (lihat docs/browser.md) / Cannot reach the EMIS server: \
         network down, wrong server address, or the browser refused it under the server's CORS policy",
    );
    let first: String = host_message.lines().next().unwrap_or("").chars().take(200).collect();
    set(&e, "detail", &JsValue::from_str(&first));
    e
}
