//! Forms as the operator types (issue 10): `checkNikPrefix`, `validateField`, and the strict
//! typing of record fields that `validateSantri`/`validateGtk` add to their reports.
//!
//! JavaScript values lose information before the core sees them: `JSON.stringify` turns a NIK
//! typed as a number above 2^53 into other digits, and the tolerant record reader accepts a
//! number where text belongs. So the types are checked here, on the JS values, and reported as
//! issues (`isian.bukan_teks`, `isian.angka_dibulatkan`) beside the core's.

use crate::convert;
use crate::error::{self, Ctor, code};
use crate::issue::IssueOut;
use crate::js::{absent, to_js};
use emis_core::forms::{self as core_forms, ValueType};
use emis_core::id::prefix::{PrefixStatus, check_nik_prefix};
use emis_core::model::Santri;
use emis_core::report::{Issue, Report, Verdict, verdict_of};
use emis_core::rules::{RuleContext, validate_santri};
use js_sys::{Array, Object, Reflect};
use serde::Serialize;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

/// Identifier fields: text whose digits a JS number can round or strip of leading zeros.
const NUMBER_FIELDS: &[&str] = &["nik", "kk_num", "nisn", "local_nis", "mother_nik", "father_nik"];

/// The other fields that hold text (names, place, date). With [`NUMBER_FIELDS`]: the fields
/// EMIS never varies in shape, checked at the top level of a flat row or nested EMIS JSON, and
/// under `parents`.
const NAME_FIELDS: &[&str] = &[
    "full_name",
    "birth_place",
    "birth_date",
    "mother_full_name",
    "father_full_name",
];

/// The type issue of one value, if any (`path` is where it is): the binding says what JS type
/// it saw, the core decides.
fn type_issue(field: &str, value: &JsValue, path: String) -> Option<Issue> {
    if absent(value) || value.is_string() {
        return None;
    }
    let t = if let Some(n) = value.as_f64() {
        ValueType::Number(n)
    } else if value.as_bool().is_some() {
        ValueType::Boolean
    } else if Array::is_array(value) {
        ValueType::Array
    } else if value.is_bigint() {
        ValueType::BigInt
    } else {
        ValueType::Object
    };
    core_forms::type_issue(field, t, NUMBER_FIELDS.contains(&field), path)
}

fn own(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Type issues of one record (a plain object), paths prefixed with `prefix` (`[3].`, or ``).
/// Returns the record to read: the same one, or a copy without the badly typed fields (the
/// core's reader would refuse the record, or read rounded digits, otherwise).
fn record_type_issues(rec: &JsValue, prefix: &str, out: &mut Vec<Issue>) -> JsValue {
    let before = out.len();
    let parents = own(rec, "parents");
    let parents_obj = parents.is_object() && !Array::is_array(&parents);
    let mut top_bad = Vec::new();
    let mut parents_bad = Vec::new();
    for &f in NUMBER_FIELDS.iter().chain(NAME_FIELDS) {
        if let Some(i) = type_issue(f, &own(rec, f), format!("{prefix}{f}")) {
            out.push(i);
            top_bad.push(f);
        }
        if parents_obj && let Some(i) = type_issue(f, &own(&parents, f), format!("{prefix}parents.{f}")) {
            out.push(i);
            parents_bad.push(f);
        }
    }
    if out.len() == before {
        return rec.clone();
    }
    let copy = Object::assign(&Object::new(), rec.unchecked_ref());
    for f in top_bad {
        let _ = Reflect::delete_property(&copy, &JsValue::from_str(f));
    }
    if !parents_bad.is_empty() {
        let p = Object::assign(&Object::new(), parents.unchecked_ref());
        for f in parents_bad {
            let _ = Reflect::delete_property(&p, &JsValue::from_str(f));
        }
        let _ = Reflect::set(&copy, &JsValue::from_str("parents"), &p);
    }
    copy.into()
}

/// Type issues of every record of `records`, and the records to read (see
/// [`record_type_issues`]). Items that are not objects are left to `convert::records`.
pub(crate) fn type_issues(records: &JsValue) -> (JsValue, Vec<Issue>) {
    let mut out = Vec::new();
    let Some(arr) = records.dyn_ref::<Array>() else {
        return (records.clone(), out);
    };
    let clean = Array::new();
    for (i, rec) in arr.iter().enumerate() {
        if rec.is_object() && !Array::is_array(&rec) {
            clean.push(&record_type_issues(&rec, &format!("[{i}]."), &mut out));
        } else {
            clean.push(&rec);
        }
    }
    if out.is_empty() {
        (records.clone(), out)
    } else {
        (clean.into(), out)
    }
}

/// Adds the type issues to a report; a field with a type issue loses the core's issues of the
/// same path (they were about a value the page never meant, e.g. rounded digits).
pub(crate) fn merge_type_issues(report: &mut Report, types: Vec<Issue>) {
    if types.is_empty() {
        return;
    }
    report.issues.retain(|i| !types.iter().any(|t| t.path == i.path));
    for t in types {
        report.push(t);
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PrefixOut<'a> {
    digits: usize,
    status: PrefixStatus,
    /// 16 digits and not invalid.
    complete: bool,
    codes: Vec<&'static str>,
    issues: Vec<IssueOut<'a>>,
    parts: serde_json::Map<String, serde_json::Value>,
}

/// `checkNikPrefix(value, options?)`: what the digits typed so far say (see
/// `emis_core::id::prefix`): region names at 2/4/6 digits, sex and birth date at 12,
/// `status: "incomplete"` (with `nik.belum_lengkap`) while nothing typed is wrong.
#[wasm_bindgen(js_name = checkNikPrefix, unchecked_return_type = "NikPrefixCheck")]
pub fn check_nik_prefix_js(
    #[wasm_bindgen(unchecked_param_type = "string")] value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CheckOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let text = value.as_string().ok_or_else(|| error::not_string("NIK", "the NIK"))?;
    let opts = convert::options(&options, false)?;
    let r = check_nik_prefix(&text, &opts.check);
    let parts = r
        .parts
        .iter()
        .map(|p| (p.name.to_string(), serde_json::Value::String(p.value.clone())))
        .collect();
    Ok(to_js(&PrefixOut {
        digits: r.digits,
        status: r.status,
        complete: r.digits == 16 && r.status != PrefixStatus::Invalid,
        codes: r.issues.iter().map(|i| i.code).collect(),
        issues: r.issues.iter().map(IssueOut::from_issue).collect(),
        parts,
    }))
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FieldOut<'a> {
    field: &'a str,
    valid: bool,
    severity: Verdict,
    codes: Vec<&'static str>,
    issues: Vec<IssueOut<'a>>,
}

/// Sets `path` (`nik`, `parents.mother_full_name`) of a copy of `record` to `value`.
fn with_field(record: &JsValue, path: &str, value: &JsValue) -> Result<JsValue, JsValue> {
    let root = Object::assign(&Object::new(), record.unchecked_ref());
    let mut target: JsValue = root.clone().into();
    let segs: Vec<&str> = path.split('.').collect();
    for (k, seg) in segs.iter().enumerate() {
        let key = JsValue::from_str(seg);
        if k + 1 == segs.len() {
            Reflect::set(&target, &key, value)?;
        } else {
            let inner = Reflect::get(&target, &key).unwrap_or(JsValue::UNDEFINED);
            let copy: JsValue = if inner.is_object() && !Array::is_array(&inner) {
                Object::assign(&Object::new(), inner.unchecked_ref()).into()
            } else {
                Object::new().into()
            };
            Reflect::set(&target, &key, &copy)?;
            target = copy;
        }
    }
    Ok(root.into())
}

/// `validateField(field, value, record?, options?)`: the issues of one santri field as the
/// operator leaves it, with the rest of the record (if given) as context: a field's own
/// issues and those relating it to another field (`relatedPaths`). `field` is an EMIS path
/// (`nik`, `full_name`, `birth_date`, `parents.mother_full_name`, ...).
#[wasm_bindgen(js_name = validateField, unchecked_return_type = "FieldCheck")]
pub fn validate_field(
    #[wasm_bindgen(unchecked_param_type = "string")] field: JsValue,
    value: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SantriRecord")] record: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions")] options: JsValue,
) -> Result<JsValue, JsValue> {
    let field = field
        .as_string()
        .ok_or_else(|| error::not_string("nama isian", "the field name"))?;
    let record = if absent(&record) {
        JsValue::from(Object::new())
    } else if record.is_object() && !Array::is_array(&record) {
        record
    } else {
        return Err(error::input(
            Ctor::Type,
            code::NOT_OBJECT,
            "record harus berupa objek biasa",
            "the record must be a plain object",
        ));
    };
    let opts = convert::options(&options, true)?;
    let rec = with_field(&record, &field, &value)?;
    let leaf = field.rsplit('.').next().unwrap_or(&field);
    let mut issues: Vec<Issue> = Vec::new();
    if let Some(t) = type_issue(leaf, &value, field.clone()) {
        issues.push(t);
    } else {
        // Other fields of the record with a wrong type are left out (they are their own
        // fields' issues), so the core can read the rest.
        let (clean, _) = type_issues(&Array::of1(&rec).into());
        let list = convert::records(&clean, |v| {
            Santri::from_value(v).map_err(|e| emis_core::pii::redact_quoted(&e.to_string()))
        })?;
        let mut ctx = RuleContext::with_options(opts.check);
        ctx.lembaga_kind = opts.lembaga_kind;
        ctx.lembaga_statistic_num = opts.statistic_num;
        if let Some(s) = list.first() {
            let report = validate_santri(s, &ctx);
            issues.extend(
                report
                    .issues
                    .into_iter()
                    .filter(|i| i.path == field || core_forms::related_paths(i).contains(&field)),
            );
        }
    }
    let verdict = verdict_of(&issues);
    Ok(to_js(&FieldOut {
        field: &field,
        valid: verdict != Verdict::Invalid,
        severity: verdict,
        codes: issues.iter().map(|i| i.code).collect(),
        issues: issues.iter().map(IssueOut::from_issue).collect(),
    }))
}

#[wasm_bindgen(typescript_custom_section)]
const TS_FORMS: &'static str = r#"
/** Where a NIK being typed stands. */
export type NikPrefixStatus = "incomplete" | "invalid" | "warning" | "ok";

/** `checkNikPrefix`: what the digits typed so far say. */
export interface NikPrefixCheck {
  /** Digits typed (separators not counted). */
  digits: number;
  status: NikPrefixStatus;
  /** 16 digits and not invalid. */
  complete: boolean;
  codes: string[];
  /** While digits are missing and nothing is wrong: one `nik.belum_lengkap` warning. */
  issues: Issue[];
  /** Known so far: `provinsi` (2 digits), `kab_kota` (4), `kecamatan` (6), `jenis_kelamin` and `tanggal_lahir` (12), `nomor_urut` (16). */
  parts: Record<string, string>;
}

/** `validateField`: the issues of one field (its own, and those relating it to another field). */
export interface FieldCheck {
  field: string;
  valid: boolean;
  severity: Verdict;
  codes: string[];
  issues: Issue[];
}
"#;
