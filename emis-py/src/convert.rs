//! Conversions: core reports to plain `dict`/`list`, Python records to `serde_json::Value`.

use emis_core::catalog::RuleDef;
use emis_core::id::IdReport;
use emis_core::{Issue, Lang, Report};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDate, PyDateAccess, PyDict, PyFloat, PyInt, PyList, PyMapping, PyString, PyTuple};
use serde_json::{Map, Number, Value};

/// One issue as a dict: `code, severity, rule, path, message_id, message_en, hint_id,
/// hint_en, params`, plus `input` only when the caller asked for inputs.
pub(crate) fn issue_dict<'py>(py: Python<'py>, i: &Issue) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "code"), i.code)?;
    d.set_item(intern!(py, "severity"), i.severity.as_str())?;
    d.set_item(intern!(py, "rule"), i.rule_number())?;
    d.set_item(intern!(py, "path"), &i.path)?;
    d.set_item(intern!(py, "message_id"), i.message(Lang::Id))?;
    d.set_item(intern!(py, "message_en"), i.message(Lang::En))?;
    d.set_item(intern!(py, "hint_id"), i.hint(Lang::Id))?;
    d.set_item(intern!(py, "hint_en"), i.hint(Lang::En))?;
    let params = PyDict::new(py);
    for (k, v) in &i.params {
        params.set_item(*k, v)?;
    }
    d.set_item(intern!(py, "params"), params)?;
    if let Some(input) = &i.input {
        d.set_item(intern!(py, "input"), input.expose())?;
    }
    Ok(d)
}

pub(crate) fn issue_list<'py>(py: Python<'py>, issues: &[Issue]) -> PyResult<Bound<'py, PyList>> {
    let list = PyList::empty(py);
    for i in issues {
        list.append(issue_dict(py, i)?)?;
    }
    Ok(list)
}

/// An identifier report as a dict.
pub(crate) fn id_report_dict<'py>(py: Python<'py>, r: &IdReport) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "kind"), r.kind.code_prefix())?;
    d.set_item(intern!(py, "value_masked"), r.value_masked())?;
    d.set_item(intern!(py, "valid"), r.is_valid())?;
    d.set_item(intern!(py, "severity"), r.verdict.as_str())?;
    d.set_item(intern!(py, "codes"), r.codes())?;
    d.set_item(intern!(py, "issues"), issue_list(py, &r.issues)?)?;
    let parts = PyDict::new(py);
    for p in &r.parts {
        parts.set_item(p.name, &p.value)?;
    }
    d.set_item(intern!(py, "parts"), parts)?;
    Ok(d)
}

/// A record or roster report as a dict.
pub(crate) fn report_dict<'py>(py: Python<'py>, r: &Report) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "valid"), r.is_valid())?;
    d.set_item(intern!(py, "severity"), r.verdict().as_str())?;
    d.set_item(intern!(py, "invalid_count"), r.invalid_count())?;
    d.set_item(intern!(py, "warning_count"), r.warning_count())?;
    d.set_item(intern!(py, "codes"), r.codes())?;
    d.set_item(intern!(py, "issues"), issue_list(py, &r.issues)?)?;
    Ok(d)
}

/// One catalogue entry as a dict.
pub(crate) fn rule_dict<'py>(py: Python<'py>, r: &RuleDef) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item(intern!(py, "code"), r.code)?;
    d.set_item(intern!(py, "rule"), r.rule)?;
    d.set_item(intern!(py, "severity"), r.severity.as_str())?;
    d.set_item(intern!(py, "scope"), r.scope.as_str())?;
    d.set_item(intern!(py, "field"), r.field)?;
    d.set_item(intern!(py, "message_id"), r.message_id)?;
    d.set_item(intern!(py, "message_en"), r.message_en)?;
    d.set_item(intern!(py, "hint_id"), r.hint_id)?;
    d.set_item(intern!(py, "hint_en"), r.hint_en)?;
    Ok(d)
}

/// Nesting deeper than this is refused (also stops self-referencing containers).
const MAX_DEPTH: usize = 32;

/// Why a Python value could not become JSON. The message names the place and the type, never
/// the value.
#[derive(Debug)]
pub(crate) struct ConvertError {
    /// Dotted path inside the record (`parents.nik`, `education_history[1]`), empty for the
    /// record itself.
    pub path: String,
    /// What went wrong (Indonesian / English).
    pub what: String,
}

fn err(path: &str, what: impl Into<String>) -> ConvertError {
    ConvertError {
        path: path.to_string(),
        what: what.into(),
    }
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".into())
}

/// Appends a key to a path for error messages. Keys that do not look like column names are
/// shown as `…`: a dict keyed by NIK or by name must not leak through an error.
fn join(path: &str, key: &str) -> String {
    let looks_like_field = key.len() <= 64
        && key.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    let key = if looks_like_field { key } else { "…" };
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Converts a Python value to JSON: `dict` (str keys) and other mappings → object, `list`/
/// `tuple` → array, `str`, `int` (beyond 64 bits: its decimal text), `float` (NaN and ±inf,
/// e.g. pandas' missing cells: null), `bool`, `None`, `datetime.date`/`datetime` → ISO date
/// `YYYY-MM-DD`, any object with `__index__` (NumPy integers) → integer.
pub(crate) fn to_json(obj: &Bound<'_, PyAny>, path: &str, depth: usize) -> Result<Value, ConvertError> {
    if depth > MAX_DEPTH {
        return Err(err(
            path,
            format!("bersarang lebih dari {MAX_DEPTH} tingkat / nested deeper than {MAX_DEPTH} levels"),
        ));
    }
    if obj.is_none() {
        return Ok(Value::Null);
    }
    if let Ok(b) = obj.cast::<PyBool>() {
        return Ok(Value::Bool(b.is_true()));
    }
    if let Ok(s) = obj.cast::<PyString>() {
        return s
            .to_cow()
            .map(|t| Value::String(t.into_owned()))
            .map_err(|_| err(path, "teks bukan Unicode yang sah / text is not valid Unicode"));
    }
    if let Ok(i) = obj.cast::<PyInt>() {
        return Ok(int_value(i.as_any()));
    }
    if let Ok(f) = obj.cast::<PyFloat>() {
        return Ok(Number::from_f64(f.value()).map(Value::Number).unwrap_or(Value::Null));
    }
    if let Ok(d) = obj.cast::<PyDate>() {
        return Ok(Value::String(format!(
            "{:04}-{:02}-{:02}",
            d.get_year(),
            d.get_month(),
            d.get_day()
        )));
    }
    if let Ok(d) = obj.cast::<PyDict>() {
        let mut m = Map::with_capacity(d.len());
        for (k, v) in d.iter() {
            let key = dict_key(&k, path)?;
            let child = join(path, &key);
            let value = to_json(&v, &child, depth + 1)?;
            m.insert(key, value);
        }
        return Ok(Value::Object(m));
    }
    if let Ok(l) = obj.cast::<PyList>() {
        return seq(l.iter(), path, depth);
    }
    if let Ok(t) = obj.cast::<PyTuple>() {
        return seq(t.iter(), path, depth);
    }
    if let Ok(m) = obj.cast::<PyMapping>() {
        let items = m
            .items()
            .map_err(|_| err(path, "mapping tidak dapat dibaca / mapping cannot be read"))?;
        let mut out = Map::new();
        for item in items.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item
                .extract()
                .map_err(|_| err(path, "mapping tidak dapat dibaca / mapping cannot be read"))?;
            let key = dict_key(&k, path)?;
            let child = join(path, &key);
            let value = to_json(&v, &child, depth + 1)?;
            out.insert(key, value);
        }
        return Ok(Value::Object(out));
    }
    if obj.hasattr(intern!(obj.py(), "__index__")).unwrap_or(false)
        && let Ok(i) = obj.call_method0(intern!(obj.py(), "__index__"))
        && i.is_instance_of::<PyInt>()
    {
        return Ok(int_value(&i));
    }
    Err(err(
        path,
        format!(
            "nilai bertipe {t} tidak didukung / values of type {t} are not supported",
            t = type_name(obj)
        ),
    ))
}

fn int_value(i: &Bound<'_, PyAny>) -> Value {
    if let Ok(v) = i.extract::<i64>() {
        return Value::Number(v.into());
    }
    if let Ok(v) = i.extract::<u64>() {
        return Value::Number(v.into());
    }
    // Beyond 64 bits: only an identifier typed as a number can be this long; keep its digits.
    Value::String(i.str().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default())
}

fn dict_key(k: &Bound<'_, PyAny>, path: &str) -> Result<String, ConvertError> {
    match k.cast::<PyString>() {
        Ok(s) => s
            .to_cow()
            .map(|t| t.into_owned())
            .map_err(|_| err(path, "nama kolom bukan Unicode yang sah / key is not valid Unicode")),
        Err(_) => Err(err(
            path,
            format!(
                "nama kolom harus str, bukan {t} / keys must be str, not {t}",
                t = type_name(k)
            ),
        )),
    }
}

fn seq<'py>(items: impl Iterator<Item = Bound<'py, PyAny>>, path: &str, depth: usize) -> Result<Value, ConvertError> {
    let mut out = Vec::new();
    for (i, v) in items.enumerate() {
        out.push(to_json(&v, &format!("{path}[{i}]"), depth + 1)?);
    }
    Ok(Value::Array(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn converts_python_records() {
        Python::initialize();
        Python::attach(|py| {
            let d = PyDict::new(py);
            d.set_item("nik", "3517011708080001").unwrap();
            d.set_item("n", 3_517_011_708_080_001_u64).unwrap();
            d.set_item("missing", f64::NAN).unwrap();
            d.set_item("ok", true).unwrap();
            d.set_item("birth_date", PyDate::new(py, 2008, 8, 17).unwrap()).unwrap();
            let inner = PyDict::new(py);
            inner.set_item("mother_full_name", "Siti Aminah").unwrap();
            inner.set_item("list", (1, "a", None::<i32>)).unwrap();
            d.set_item("parents", inner).unwrap();
            let v = to_json(d.as_any(), "", 0).unwrap();
            assert_eq!(
                v,
                serde_json::json!({
                    "nik": "3517011708080001",
                    "n": 3_517_011_708_080_001_u64,
                    "missing": null,
                    "ok": true,
                    "birth_date": "2008-08-17",
                    "parents": {"mother_full_name": "Siti Aminah", "list": [1, "a", null]}
                })
            );
            let big = py.eval(c"10**30", None, None).unwrap();
            assert_eq!(
                to_json(&big, "", 0).unwrap(),
                serde_json::json!("1000000000000000000000000000000")
            );
        });
    }

    #[test]
    fn unsupported_values_name_the_path_not_the_value() {
        Python::initialize();
        Python::attach(|py| {
            let d = PyDict::new(py);
            let parents = PyDict::new(py);
            parents
                .set_item("nik", pyo3::types::PySet::new(py, ["3517011708080001"]).unwrap())
                .unwrap();
            d.set_item("parents", parents).unwrap();
            let e = to_json(d.as_any(), "", 0).unwrap_err();
            assert_eq!(e.path, "parents.nik");
            assert!(e.what.contains("set"), "{}", e.what);
            assert!(!e.what.contains("3517"));
            // Keys that are not column names (a dict keyed by NIK) are not shown either.
            let by_nik = PyDict::new(py);
            by_nik
                .set_item("3517011708080001", pyo3::types::PySet::empty(py).unwrap())
                .unwrap();
            d.set_item("parents", by_nik).unwrap();
            let e = to_json(d.as_any(), "", 0).unwrap_err();
            assert_eq!(e.path, "parents.…");
            // A list containing itself stops at the depth limit instead of overflowing the stack.
            let l = PyList::empty(py);
            l.append(&l).unwrap();
            assert!(to_json(l.as_any(), "", 0).is_err());
        });
    }
}
