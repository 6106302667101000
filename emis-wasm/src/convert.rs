//! Conversions between JavaScript values and emis-core types.
//!
//! Output goes Rust struct → JSON text (serde_json) → `JSON.parse`, so every result is made
//! of plain objects, arrays, strings, numbers and booleans: no `Map`, no class instances,
//! identifiers always strings. Records come in the other way round (`JSON.stringify` →
//! `serde_json::Value`), after a per-record type check.

use crate::error::{self, code};
use crate::issue::IssueOut;
use crate::js::{absent, to_js};
use emis_core::Severity;
use emis_core::catalog::{RuleDef, Scope};
use emis_core::date::Date;
use emis_core::id::{CheckOptions, IdKind, IdReport, Part};
use emis_core::model::LembagaKind;
use emis_core::report::{Report, Verdict};
use js_sys::Reflect;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};
use wasm_bindgen::{JsCast, JsValue};

/// Parts of an identifier as an object, in the core's order.
struct PartsOut<'a>(&'a [Part]);

impl Serialize for PartsOut<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for p in self.0 {
            m.serialize_entry(p.name, &p.value)?;
        }
        m.end()
    }
}

/// The result of one identifier check.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct IdCheckOut<'a> {
    kind: IdKind,
    value_masked: Option<&'a str>,
    valid: bool,
    severity: Verdict,
    codes: Vec<&'static str>,
    issues: Vec<IssueOut<'a>>,
    parts: PartsOut<'a>,
}

/// Converts an identifier report.
pub fn id_report(r: &IdReport) -> JsValue {
    to_js(&IdCheckOut {
        kind: r.kind,
        value_masked: r.value_masked(),
        valid: r.is_valid(),
        severity: r.verdict,
        codes: r.codes(),
        issues: r.issues.iter().map(IssueOut::from_issue).collect(),
        parts: PartsOut(&r.parts),
    })
}

/// A validation report over records.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ReportOut<'a> {
    valid: bool,
    severity: Verdict,
    invalid_count: usize,
    warning_count: usize,
    codes: Vec<&'static str>,
    issues: Vec<IssueOut<'a>>,
}

/// Converts a record report.
pub fn report(r: &Report) -> JsValue {
    to_js(&ReportOut {
        valid: r.is_valid(),
        severity: r.verdict(),
        invalid_count: r.invalid_count(),
        warning_count: r.warning_count(),
        codes: r.codes(),
        issues: r.issues.iter().map(IssueOut::from_issue).collect(),
    })
}

/// A catalogue entry.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleOut {
    code: &'static str,
    rule: u8,
    severity: Severity,
    scope: Scope,
    field: &'static str,
    message_id: &'static str,
    message_en: &'static str,
    hint_id: &'static str,
    hint_en: &'static str,
}

/// The whole catalogue.
pub fn rules(rules: &[RuleDef]) -> JsValue {
    let out: Vec<RuleOut> = rules
        .iter()
        .map(|r| RuleOut {
            code: r.code,
            rule: r.rule,
            severity: r.severity,
            scope: r.scope,
            field: r.field,
            message_id: r.message_id,
            message_en: r.message_en,
            hint_id: r.hint_id,
            hint_en: r.hint_en,
        })
        .collect();
    to_js(&out)
}

/// The options every call understands.
pub struct Options {
    pub check: CheckOptions,
    pub lembaga_kind: Option<LembagaKind>,
    pub statistic_num: Option<String>,
}

pub(crate) fn get(obj: &JsValue, key: &str) -> Result<JsValue, JsValue> {
    Reflect::get(obj, &JsValue::from_str(key)).map_err(|_| error::bad_option(key, "dapat dibaca", "readable"))
}

/// Today from the host: the local calendar date of a JS `Date`.
fn date_from_js(d: &js_sys::Date) -> Option<Date> {
    if d.get_time().is_nan() {
        return None;
    }
    let y = u16::try_from(d.get_full_year()).ok()?;
    Date::new(
        y,
        u8::try_from(d.get_month() + 1).ok()?,
        u8::try_from(d.get_date()).ok()?,
    )
}

/// Today on the host: the local date of `new Date()`, what `options.today` defaults to.
pub(crate) fn host_today() -> Result<Date, JsValue> {
    today(&JsValue::UNDEFINED)
}

fn today(v: &JsValue) -> Result<Date, JsValue> {
    let bad = || {
        error::bad_option(
            "today",
            "Date atau string tanggal (YYYY-MM-DD)",
            "a Date or a date string (YYYY-MM-DD)",
        )
    };
    if absent(v) {
        return date_from_js(&js_sys::Date::new_0()).ok_or_else(bad);
    }
    if let Some(d) = v.dyn_ref::<js_sys::Date>() {
        return date_from_js(d).ok_or_else(bad);
    }
    match v.as_string() {
        Some(s) => Date::parse(&s).map_err(|_| bad()),
        None => Err(bad()),
    }
}

/// Reads `{today?, includeInput?, lembagaKind?, statisticNum?}`; `undefined`/`null` means
/// defaults. `record_options` allows the last two.
pub fn options(v: &JsValue, record_options: bool) -> Result<Options, JsValue> {
    if absent(v) {
        return Ok(Options {
            check: CheckOptions::new(host_today()?),
            lembaga_kind: None,
            statistic_num: None,
        });
    }
    if !v.is_object() || js_sys::Array::is_array(v) {
        return Err(error::input(
            error::Ctor::Type,
            code::NOT_OBJECT,
            "argumen opsi harus berupa objek",
            "the options argument must be an object",
        ));
    }
    let mut check = CheckOptions::new(today(&get(v, "today")?)?);
    let inc = get(v, "includeInput")?;
    if !absent(&inc) {
        check.include_input = inc
            .as_bool()
            .ok_or_else(|| error::bad_option("includeInput", "boolean", "a boolean"))?;
    }
    let mut out = Options {
        check,
        lembaga_kind: None,
        statistic_num: None,
    };
    if record_options {
        let k = get(v, "lembagaKind")?;
        if !absent(&k) {
            let kind = match (k.as_string(), k.as_f64()) {
                (Some(s), _) => LembagaKind::parse(&s),
                (None, Some(n)) if n.fract() == 0.0 => LembagaKind::from_group_id(n as i64),
                _ => None,
            };
            out.lembaga_kind = Some(kind.ok_or_else(|| {
                error::bad_option(
                    "lembagaKind",
                    "salah satu pontren, pkpps, spm, pdf, mahad_aly, lpq, mdt atau 1-7",
                    "one of pontren, pkpps, spm, pdf, mahad_aly, lpq, mdt or 1-7",
                )
            })?);
        }
        let n = get(v, "statisticNum")?;
        if !absent(&n) {
            out.statistic_num = Some(
                n.as_string()
                    .ok_or_else(|| error::bad_option("statisticNum", "string", "a string"))?,
            );
        }
    }
    Ok(out)
}

const RECORD_HINT: (&str, &str) = (
    "Kirim satu objek biasa per santri/GTK, misalnya baris CSV yang sudah dibaca atau JSON dari EMIS.",
    "Pass one plain object per santri/GTK, e.g. a parsed CSV row or EMIS JSON.",
);

/// Reads `records` (an array of plain objects) as JSON values. Every record that is not an
/// object, or cannot be read, is reported in one `EmisInputError`.
pub fn records<T>(
    records: &JsValue,
    read: impl Fn(&serde_json::Value) -> Result<T, String>,
) -> Result<Vec<T>, JsValue> {
    if !js_sys::Array::is_array(records) {
        return Err(error::input(
            error::Ctor::Type,
            code::NOT_ARRAY,
            "records harus berupa array objek",
            "records must be an array of objects",
        ));
    }
    let arr: &js_sys::Array = records.unchecked_ref();
    let n = arr.length();
    let mut bad: Vec<(usize, &'static str, String, String)> = Vec::new();
    for i in 0..n {
        let r = arr.get(i);
        if !r.is_object() || js_sys::Array::is_array(&r) || r.is_instance_of::<js_sys::Map>() {
            bad.push((
                i as usize,
                code::NOT_OBJECT,
                "record harus berupa objek biasa (bukan array, Map, string atau angka)".into(),
                "a record must be a plain object (not an array, Map, string or number)".into(),
            ));
        }
    }
    let mut values: Vec<serde_json::Value> = Vec::new();
    if bad.is_empty() {
        let text = js_sys::JSON::stringify(records)
            .ok()
            .and_then(|s| s.as_string())
            .ok_or_else(|| {
                error::input(
                    error::Ctor::Error,
                    code::UNREADABLE,
                    "records tidak dapat dibaca sebagai JSON (referensi melingkar atau BigInt?)",
                    "records cannot be read as JSON (circular reference or BigInt?)",
                )
            })?;
        values = serde_json::from_str(&text).map_err(|_| {
            error::input(
                error::Ctor::Error,
                code::UNREADABLE,
                "records tidak dapat dibaca sebagai JSON",
                "records cannot be read as JSON",
            )
        })?;
    }
    let mut out = Vec::with_capacity(values.len());
    for (i, v) in values.iter().enumerate() {
        match read(v) {
            Ok(t) => out.push(t),
            Err(detail) => bad.push((
                i,
                code::UNREADABLE,
                format!("record tidak dapat dibaca: {detail}"),
                format!("record cannot be read: {detail}"),
            )),
        }
    }
    if bad.is_empty() {
        return Ok(out);
    }
    let paths: Vec<String> = bad.iter().map(|(i, ..)| format!("[{i}]")).collect();
    let issues: Vec<IssueOut<'_>> = bad
        .iter()
        .zip(&paths)
        .map(|((_, c, id, en), p)| IssueOut::binding(c, p, (id, en), RECORD_HINT))
        .collect();
    Err(error::records(&issues))
}
