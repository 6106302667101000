//! # emis-wasm
//!
//! Browser and Node bindings for [`emis_core`]: conversion and error mapping only, every
//! rule lives in the core. Built with the `wasm-bindgen` CLI (`--target nodejs` and
//! `--target web`); `emis-wasm/package.mjs` then writes each package's `index.js` and
//! `index.d.ts`, which add the batch functions `checkNiks` and `checkMany` (`js/batch.js`)
//! to the wasm-bindgen exports. See `emis-wasm/README.md`.
//!
//! * Results are plain objects (`JSON.parse` of serde output): no `Map`, identifiers as
//!   strings, field names in camelCase.
//! * Errors are real `Error` objects with `name` (`EmisInputError`, `EmisValidationError`),
//!   `code` and, where it helps, `issues` (see [`error`]).
//! * Inputs never appear in messages; issues carry `input` only with `includeInput: true`.
//! * "Today" comes from the host (`options.today`, else the local date of `new Date()`):
//!   the core has no clock on wasm32.
//! * `EmisClient` (wasm32 only, `src/client.rs`): the core's EMIS API client over fetch, with
//!   the host's clock and timer; every call returns a Promise and rejects with an `Error`
//!   (`EmisApiError` with the core's `code`, or `EmisInputError`/`EmisValidationError` for
//!   bad arguments).
//!
//! Modules, each using only those before it: `js` (JS helpers, knows nothing of emis),
//! `issue` (a core issue as JS sees it), [`error`] (one mapping per core error type, and the
//! binding's own input errors), `convert` (arguments in, results out), `types` (the
//! TypeScript declarations), `client`. Identifier kinds are dispatched by the core
//! ([`id::check`], [`id::parse`], [`id::with_validity_test`]); the per-kind exports below are
//! one row each.

use emis_core::id::{self, IdKind};
use emis_core::model::{Gtk, Santri};
use emis_core::pii;
use emis_core::rules::{RuleContext, validate_gtk_list, validate_santri_list};
use wasm_bindgen::prelude::*;

#[cfg(all(target_arch = "wasm32", feature = "net"))]
pub mod client;
mod convert;
pub mod error;
#[cfg(feature = "files")]
mod file;
mod forms;
mod issue;
mod js;
#[cfg(all(target_arch = "wasm32", feature = "net"))]
mod sync;
mod types;

#[cfg(all(target_arch = "wasm32", feature = "net"))]
pub use client::{JsClock, JsSleep};

fn string_arg(value: &JsValue, kind: IdKind) -> Result<String, JsValue> {
    value
        .as_string()
        .ok_or_else(|| error::not_string(kind.label(), kind.label()))
}

fn check_kind(kind: IdKind, value: &JsValue, options: &JsValue) -> Result<JsValue, JsValue> {
    let input = string_arg(value, kind)?;
    let opts = convert::options(options, false)?;
    Ok(convert::id_report(&id::check(kind, &input, &opts.check)))
}

fn parse_kind(kind: IdKind, value: &JsValue) -> Result<String, JsValue> {
    let input = string_arg(value, kind)?;
    id::parse(kind, &input).map_err(|e| error::validation(&e))
}

/// `check<Kind>` and `parse<Kind>` for every identifier kind, one row per kind (the JS names
/// are the kind's [`IdKind::name`] in PascalCase). A kind without a row does not compile.
macro_rules! id_functions {
    ($( $kind:path => $check:ident $check_js:literal $check_doc:literal, $parse:ident $parse_js:literal $parse_doc:literal; )*) => {
        /// Every kind has a row (compile error otherwise).
        const _: fn(IdKind) = |kind| match kind {
            $( $kind => {} )*
        };
        $(
        #[doc = $check_doc]
        #[wasm_bindgen(js_name = $check_js, unchecked_return_type = "IdCheck")]
        pub fn $check(
            #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
            #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: JsValue,
        ) -> Result<JsValue, JsValue> {
            check_kind($kind, &value, &options)
        }

        #[doc = $parse_doc]
        #[wasm_bindgen(js_name = $parse_js)]
        pub fn $parse(#[wasm_bindgen(unchecked_param_type = "string")] value: JsValue) -> Result<String, JsValue> {
            parse_kind($kind, &value)
        }
    )*};
}

id_functions! {
    IdKind::Nik => check_nik "checkNik"
        "Checks a NIK (16 digits: region, birth date, serial): every issue, the parts, `valueMasked`. Throws `EmisInputError` if `value` is not a string.",
        parse_nik "parseNik"
        "The normalised digits of a valid NIK (16 digits: region, birth date, serial); throws `EmisValidationError` (with `codes`, `issues`) if invalid.";
    IdKind::Kk => check_kk "checkKk"
        "Checks a No. KK (16 digits): every issue, the parts, `valueMasked`. Throws `EmisInputError` if `value` is not a string.",
        parse_kk "parseKk"
        "The normalised digits of a valid No. KK (16 digits); throws `EmisValidationError` (with `codes`, `issues`) if invalid.";
    IdKind::Nisn => check_nisn "checkNisn"
        "Checks a NISN (10 digits): every issue, the parts, `valueMasked`. Throws `EmisInputError` if `value` is not a string.",
        parse_nisn "parseNisn"
        "The normalised digits of a valid NISN (10 digits); throws `EmisValidationError` (with `codes`, `issues`) if invalid.";
    IdKind::Nip => check_nip "checkNip"
        "Checks a NIP / NI PPPK (18 digits): every issue, the parts, `valueMasked`. Throws `EmisInputError` if `value` is not a string.",
        parse_nip "parseNip"
        "The normalised digits of a valid NIP / NI PPPK (18 digits); throws `EmisValidationError` (with `codes`, `issues`) if invalid.";
    IdKind::Nuptk => check_nuptk "checkNuptk"
        "Checks a NUPTK (16 digits): every issue, the parts, `valueMasked`. Throws `EmisInputError` if `value` is not a string.",
        parse_nuptk "parseNuptk"
        "The normalised digits of a valid NUPTK (16 digits); throws `EmisValidationError` (with `codes`, `issues`) if invalid.";
    IdKind::NomorStatistik => check_nspp "checkNspp"
        "Checks a nomor statistik: NSPP, NSM, NSMDT (12 digits): every issue, the parts, `valueMasked`. Throws `EmisInputError` if `value` is not a string.",
        parse_nspp "parseNspp"
        "The normalised digits of a valid nomor statistik: NSPP, NSM, NSMDT (12 digits); throws `EmisValidationError` (with `codes`, `issues`) if invalid.";
    IdKind::Npsn => check_npsn "checkNpsn"
        "Checks a NPSN (8 digits): every issue, the parts, `valueMasked`. Throws `EmisInputError` if `value` is not a string.",
        parse_npsn "parseNpsn"
        "The normalised digits of a valid NPSN (8 digits); throws `EmisValidationError` (with `codes`, `issues`) if invalid.";
    IdKind::Nism => check_nism "checkNism"
        "Checks a NISM / nomor induk santri (18 digits): every issue, the parts, `valueMasked`. Throws `EmisInputError` if `value` is not a string.",
        parse_nism "parseNism"
        "The normalised digits of a valid NISM / nomor induk santri (18 digits); throws `EmisValidationError` (with `codes`, `issues`) if invalid.";
}

/// `check(kind, value, options?)`: any identifier kind by name.
#[wasm_bindgen(unchecked_return_type = "IdCheck")]
pub fn check(
    #[wasm_bindgen(unchecked_param_type = "IdKindName")] kind: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    check_kind(error::kind_from_js(&kind)?, &value, &options)
}

/// `parse(kind, value)`: the normalised digits of any identifier kind.
#[wasm_bindgen]
pub fn parse(
    #[wasm_bindgen(unchecked_param_type = "IdKindName")] kind: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
) -> Result<String, JsValue> {
    parse_kind(error::kind_from_js(&kind)?, &value)
}

/// Validity of many identifiers packed by the JS wrapper: `joined` is the UTF-8 of every
/// string value concatenated, `lens[i]` the UTF-16 length of value `i`, or `u32::MAX` for a
/// value that is not a string (→ 0). Returns 1/0 per value. Internal: use `checkNiks` /
/// `checkMany`.
#[wasm_bindgen(js_name = "__isValidPacked", skip_typescript)]
pub fn is_valid_packed(kind: JsValue, joined: &[u8], lens: &[u32]) -> Result<Vec<u8>, JsValue> {
    let kind = error::kind_from_js(&kind)?;
    // A dated kind (NIP) is tested on the host's today, as `check(kind, v)` is by default.
    let today = if kind.is_dated() {
        Some(convert::host_today()?)
    } else {
        None
    };
    let mut out = vec![0u8; lens.len()];
    id::with_validity_test(
        kind,
        today,
        Unpack {
            joined,
            lens,
            out: &mut out,
        },
    );
    Ok(out)
}

/// The arguments of [`unpack`], run with the kind's validity test.
struct Unpack<'a> {
    joined: &'a [u8],
    lens: &'a [u32],
    out: &'a mut [u8],
}

impl id::ValidityLoop for Unpack<'_> {
    type Output = ();
    fn run<F: Fn(&str) -> bool + Copy>(self, is_valid: F) {
        unpack(self.joined, self.lens, self.out, is_valid);
    }
}

/// Checks the arguments of `checkNiks`/`checkMany` before the wrapper packs them: throws
/// `EmisInputError` for an unknown kind or a `values` that is not an array. Internal.
#[wasm_bindgen(js_name = "__batchArgs", skip_typescript)]
pub fn batch_args(kind: JsValue, values: JsValue) -> Result<(), JsValue> {
    error::kind_from_js(&kind)?;
    if js_sys::Array::is_array(&values) {
        Ok(())
    } else {
        Err(error::input(
            error::Ctor::Type,
            error::code::NOT_ARRAY,
            "values harus berupa array",
            "values must be an array",
        ))
    }
}

/// Walks `joined` value by value (UTF-16 lengths, as JS counts them) and tests each; a
/// value whose bytes are not valid UTF-8 (impossible from `TextEncoder`) stays 0.
#[inline(always)]
fn unpack(joined: &[u8], lens: &[u32], out: &mut [u8], valid: impl Fn(&str) -> bool) {
    let text = match std::str::from_utf8(joined) {
        Ok(t) => t,
        Err(e) => std::str::from_utf8(&joined[..e.valid_up_to()]).unwrap_or_default(),
    };
    let b = text.as_bytes();
    let mut pos = 0usize;
    for (o, &len) in out.iter_mut().zip(lens) {
        if len == u32::MAX {
            continue;
        }
        let start = pos;
        let len = len as usize;
        let end = start.saturating_add(len).min(b.len());
        // Fast path: ASCII, where UTF-16 units and UTF-8 bytes coincide.
        pos = if end - start == len && b[start..end].is_ascii() {
            end
        } else {
            let mut units = 0usize;
            let mut e = start;
            while units < len && e < b.len() {
                let (w, u) = match b[e] {
                    0xc0..=0xdf => (2, 1),
                    0xe0..=0xef => (3, 1),
                    0xf0..=0xf7 => (4, 2),
                    _ => (1, 1),
                };
                e = (e + w).min(b.len());
                units += u;
            }
            e
        };
        if let Some(s) = text.get(start..pos) {
            *o = u8::from(valid(s));
        }
    }
}

fn validate<T>(
    records: &JsValue,
    options: &JsValue,
    read: impl Fn(&serde_json::Value) -> Result<T, String>,
    run: impl Fn(&[T], &RuleContext) -> emis_core::Report,
) -> Result<JsValue, JsValue> {
    let opts = convert::options(options, true)?;
    // A number, boolean, object or array where text belongs is an issue (see `forms`); the
    // core reads the records without those fields.
    let (records, types) = forms::type_issues(records);
    let list = convert::records(&records, read)?;
    let mut ctx = RuleContext::with_options(opts.check);
    ctx.lembaga_kind = opts.lembaga_kind;
    ctx.lembaga_statistic_num = opts.statistic_num;
    let mut report = run(&list, &ctx);
    forms::merge_type_issues(&mut report, types);
    Ok(convert::report(&report))
}

/// `validateSantri(records, options?)`: every record rule and the roster rules over santri
/// records (nested EMIS JSON or flat rows with EMIS column names). Paths are `[i].field`.
#[wasm_bindgen(js_name = validateSantri, unchecked_return_type = "ValidationReport")]
pub fn validate_santri(
    #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<SantriRecord>")] records: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    validate(
        &records,
        &options,
        |v| Santri::from_value(v).map_err(|e| pii::redact_quoted(&e.to_string())),
        validate_santri_list,
    )
}

/// `validateGtk(records, options?)`: the same for GTK (teachers and staff).
#[wasm_bindgen(js_name = validateGtk, unchecked_return_type = "ValidationReport")]
pub fn validate_gtk(
    #[wasm_bindgen(unchecked_param_type = "ReadonlyArray<GtkRecord>")] records: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    validate(
        &records,
        &options,
        |v| Gtk::from_value(v).map_err(|e| pii::redact_quoted(&e.to_string())),
        validate_gtk_list,
    )
}

/// `rules()`: the rule catalogue (every issue code with messages and hints).
#[wasm_bindgen(unchecked_return_type = "RuleDef[]")]
pub fn rules() -> JsValue {
    convert::rules(emis_core::catalog::RULES)
}

/// `version()`: the package version (the workspace version).
#[wasm_bindgen]
pub fn version() -> String {
    env!("CARGO_PKG_VERSION").to_string()
}
