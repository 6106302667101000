//! Python bindings for `emis-core`: the `emis._emis` extension module of the `emis` package.
//!
//! Thin by design: argument conversion, result conversion (plain `dict`/`list`, `convert`) and
//! error mapping (`errors`, one `map_*_error` per core error type) only. Every rule lives in
//! `emis-core`, which also dispatches on the identifier kind ([`id::check`], [`id::parse`],
//! [`id::with_validity_test`]); the per-kind functions below are one row each.

mod arrow;
mod columns;
mod convert;
mod errors;
mod sync;
mod text;

use convert::{ConvertError, id_report_dict, report_dict, rule_dict, to_json};
use emis_core::date::Date;
use emis_core::id::{self, CheckOptions, IdKind};
use emis_core::model::{Gtk, LembagaKind, Santri};
use emis_core::rules::{self, RuleContext};
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDate, PyDateAccess, PyDict, PyInt, PyList, PyMapping, PyString};

fn kind_of(name: &str) -> PyResult<IdKind> {
    IdKind::from_name(name).ok_or_else(|| {
        PyValueError::new_err(format!(
            "jenis nomor tidak dikenal; pilih salah satu / unknown identifier kind; expected one of: {}",
            IdKind::name_list(", ", ", ")
        ))
    })
}

fn today_of(today: Option<&Bound<'_, PyDate>>) -> PyResult<Date> {
    match today {
        None => Ok(Date::today_wib()),
        Some(d) => {
            let (y, m, day) = (d.get_year(), d.get_month(), d.get_day());
            u16::try_from(y)
                .ok()
                .and_then(|y| Date::new(y, m, day))
                .ok_or_else(|| PyValueError::new_err("today harus tahun 1000-9999 / today must be in years 1000-9999"))
        }
    }
}

fn options(today: Option<&Bound<'_, PyDate>>, include_input: bool) -> PyResult<CheckOptions> {
    let mut opts = CheckOptions::new(today_of(today)?);
    opts.include_input = include_input;
    Ok(opts)
}

fn check_impl<'py>(
    kind: IdKind,
    value: &Bound<'py, PyString>,
    today: Option<&Bound<'py, PyDate>>,
    include_input: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let opts = options(today, include_input)?;
    // A lone surrogate becomes U+FFFD, which the core reports as an invalid character (the
    // batch functions answer False for it): never a UnicodeEncodeError for a bad value.
    let report = id::check(kind, &value.to_string_lossy(), &opts);
    id_report_dict(value.py(), &report)
}

fn parse_impl(kind: IdKind, value: &Bound<'_, PyString>) -> PyResult<String> {
    id::parse(kind, &value.to_string_lossy()).map_err(|e| errors::map_id_error(value.py(), &e))
}

fn check_many_impl<'py>(
    kind: IdKind,
    values: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyDate>>,
) -> PyResult<Bound<'py, PyList>> {
    // Only a dated kind (NIP) reads `today`: the answer then agrees with `check` on that day.
    let today = if kind.is_dated() { Some(today_of(today)?) } else { None };
    columns::check_list(kind, values, today)
}

/// The column check behind `emis.columns` (`check_niks` on a pandas, polars or Arrow column):
/// `(valid, codes)`, see `columns::check_column`.
#[pyfunction]
#[pyo3(signature = (kind, values, *, today = None, codes = false))]
fn _check_column<'py>(
    kind: &str,
    values: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyDate>>,
    codes: bool,
) -> PyResult<Bound<'py, pyo3::types::PyTuple>> {
    let kind = kind_of(kind)?;
    let today = if kind.is_dated() { Some(today_of(today)?) } else { None };
    columns::check_column(kind, values, today, codes)
}

/// `check_<kind>`, `check_<kind>s` and `parse_<kind>` for every identifier kind, one row per
/// kind (the Python names are the kind's [`IdKind::name`]), and `add_kind_functions`, which
/// adds them to the module with an alias under the kind's code prefix where it differs
/// (`check_nomor_statistik` is `check_nspp`). A kind without a row does not compile.
macro_rules! kind_functions {
    ($( $kind:path => $label:literal: $check:ident, $many:ident, $parse:ident; )*) => {
        $(
            #[doc = concat!(
                "Checks one ", $label, " and returns the report as a dict: `kind`, `value_masked`, `valid`, ",
                "`severity`, `codes`, `issues`, `parts`. Never raises for a bad value."
            )]
            #[pyfunction]
            #[pyo3(signature = (value, *, today = None, include_input = false))]
            fn $check<'py>(
                value: &Bound<'py, PyString>,
                today: Option<&Bound<'py, PyDate>>,
                include_input: bool,
            ) -> PyResult<Bound<'py, PyDict>> {
                check_impl($kind, value, today, include_input)
            }

            #[doc = concat!(
                "Fast validity of many ", $label, " values: a list of bools in input order. Items that are ",
                "not `str` (None, int, bytes...) are `False`; a non-iterable argument is a `TypeError`."
            )]
            #[pyfunction]
            #[pyo3(signature = (values, *, today = None))]
            fn $many<'py>(values: &Bound<'py, PyAny>, today: Option<&Bound<'py, PyDate>>) -> PyResult<Bound<'py, PyList>> {
                check_many_impl($kind, values, today)
            }

            #[doc = concat!(
                "Returns the normalised digits of a valid ", $label,
                " (warnings allowed); raises `EmisValidationError` (a `ValueError`) otherwise."
            )]
            #[pyfunction]
            fn $parse(value: &Bound<'_, PyString>) -> PyResult<String> {
                parse_impl($kind, value)
            }
        )*

        /// Every kind has a row (compile error otherwise).
        const _: fn(IdKind) = |kind| match kind {
            $( $kind => {} )*
        };

        fn add_kind_functions(m: &Bound<'_, PyModule>) -> PyResult<()> {
            $(
                m.add_function(wrap_pyfunction!($check, m)?)?;
                m.add_function(wrap_pyfunction!($many, m)?)?;
                m.add_function(wrap_pyfunction!($parse, m)?)?;
            )*
            for kind in IdKind::ALL {
                let (name, prefix) = (kind.name(), kind.code_prefix());
                if prefix != name {
                    for (alias, f) in [
                        (format!("check_{prefix}"), format!("check_{name}")),
                        (format!("check_{prefix}s"), format!("check_{name}s")),
                        (format!("parse_{prefix}"), format!("parse_{name}")),
                    ] {
                        m.add(alias, m.getattr(f)?)?;
                    }
                }
            }
            Ok(())
        }
    };
}

kind_functions! {
    IdKind::Nik => "NIK": check_nik, check_niks, parse_nik;
    IdKind::Kk => "No. KK": check_kk, check_kks, parse_kk;
    IdKind::Nisn => "NISN": check_nisn, check_nisns, parse_nisn;
    IdKind::Nip => "NIP / NI PPPK": check_nip, check_nips, parse_nip;
    IdKind::Nuptk => "NUPTK": check_nuptk, check_nuptks, parse_nuptk;
    IdKind::NomorStatistik => "nomor statistik (NSPP, NSM, NSMDT)": check_nspp, check_nspps, parse_nspp;
    IdKind::Npsn => "NPSN": check_npsn, check_npsns, parse_npsn;
    IdKind::Nism => "NISM": check_nism, check_nisms, parse_nism;
}

/// Checks one identifier of any kind (`nik kk nisn nip nuptk nspp npsn nism`, also
/// `nomor_statistik`, `nsm`, `nsmdt`, `no_kk`, `ni_pppk`). Unknown kind: `ValueError`.
#[pyfunction]
#[pyo3(signature = (kind, value, *, today = None, include_input = false))]
fn check<'py>(
    kind: &str,
    value: &Bound<'py, PyString>,
    today: Option<&Bound<'py, PyDate>>,
    include_input: bool,
) -> PyResult<Bound<'py, PyDict>> {
    check_impl(kind_of(kind)?, value, today, include_input)
}

/// Fast validity of many identifiers of one kind: a list of bools (non-`str` items: `False`).
#[pyfunction]
#[pyo3(signature = (kind, values, *, today = None))]
fn check_many<'py>(
    kind: &str,
    values: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyDate>>,
) -> PyResult<Bound<'py, PyList>> {
    check_many_impl(kind_of(kind)?, values, today)
}

/// Returns the normalised digits of a valid identifier of any kind; raises
/// `EmisValidationError` otherwise.
#[pyfunction]
fn parse(kind: &str, value: &Bound<'_, PyString>) -> PyResult<String> {
    parse_impl(kind_of(kind)?, value)
}

fn lembaga_kind_of(v: Option<&Bound<'_, PyAny>>) -> PyResult<Option<LembagaKind>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let parsed = if let Ok(s) = v.cast::<PyString>() {
        LembagaKind::parse(&s.to_cow()?)
    } else if v.is_instance_of::<PyInt>() {
        v.extract::<i64>().ok().and_then(LembagaKind::from_group_id)
    } else {
        return Err(PyTypeError::new_err(
            "lembaga_kind harus str atau int / lembaga_kind must be a str or an int",
        ));
    };
    parsed.map(Some).ok_or_else(|| {
        PyValueError::new_err(
            "lembaga_kind tidak dikenal / unknown lembaga_kind: expected 1-7 or Pontren, PKPPS, SPM, PDF, \
             Ma'had Aly, LPQ, MDT",
        )
    })
}

fn context(
    today: Option<&Bound<'_, PyDate>>,
    lembaga_kind: Option<&Bound<'_, PyAny>>,
    statistic_num: Option<String>,
    include_input: bool,
) -> PyResult<RuleContext> {
    let mut ctx = RuleContext::with_options(options(today, include_input)?);
    ctx.lembaga_kind = lembaga_kind_of(lembaga_kind)?;
    ctx.lembaga_statistic_num = statistic_num;
    Ok(ctx)
}

/// Reads every record with `read` (a core `from_value`), naming the record index on failure.
fn read_records<T>(
    records: &Bound<'_, PyAny>,
    what: &str,
    read: impl Fn(&serde_json::Value) -> Result<T, emis_core::model::RecordError>,
) -> PyResult<Vec<T>> {
    let py = records.py();
    if records.is_instance_of::<PyString>() || records.is_instance_of::<PyBytes>() {
        return Err(PyTypeError::new_err(
            "records harus berupa list berisi dict / records must be a list of dicts",
        ));
    }
    if records.is_instance_of::<PyDict>() || records.is_instance_of::<PyMapping>() {
        return Err(PyTypeError::new_err(
            "records harus berupa list berisi dict, bukan satu dict; bungkus dengan [record] / \
             records must be a list of dicts, not a single dict; wrap it in [record]",
        ));
    }
    let mut out = Vec::with_capacity(records.len().unwrap_or(0));
    for (index, item) in records.try_iter()?.enumerate() {
        let item = item?;
        if !(item.is_instance_of::<PyDict>() || item.is_instance_of::<PyMapping>()) {
            let t = item.get_type().name().map(|n| n.to_string()).unwrap_or_default();
            return Err(errors::unreadable(
                py,
                what,
                index,
                &format!("harus dict, bukan {t} / must be a dict, not {t}"),
            ));
        }
        let value = to_json(&item, "", 0).map_err(|ConvertError { path, what: w }| {
            let at = if path.is_empty() {
                String::new()
            } else {
                format!("{path}: ")
            };
            errors::unreadable(py, what, index, &format!("{at}{w}"))
        })?;
        let rec = read(&value).map_err(|e| errors::map_record_error(py, what, index, &e))?;
        out.push(rec);
    }
    Ok(out)
}

/// Validates a list of santri records (nested EMIS JSON dicts or flat dicts with EMIS column
/// names). Returns `{valid, severity, invalid_count, warning_count, codes, issues}` with issue
/// paths like `[3].nik`. A record that cannot be read raises `EmisValidationError`.
#[pyfunction]
#[pyo3(signature = (records, *, today = None, lembaga_kind = None, statistic_num = None, include_input = false))]
fn validate_santri<'py>(
    records: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyDate>>,
    lembaga_kind: Option<&Bound<'py, PyAny>>,
    statistic_num: Option<String>,
    include_input: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let ctx = context(today, lembaga_kind, statistic_num, include_input)?;
    let list = read_records(records, "santri", Santri::from_value)?;
    let report = rules::validate_santri_list(&list, &ctx);
    report_dict(records.py(), &report)
}

/// Validates a list of GTK records, like `validate_santri`.
#[pyfunction]
#[pyo3(signature = (records, *, today = None, lembaga_kind = None, statistic_num = None, include_input = false))]
fn validate_gtk<'py>(
    records: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyDate>>,
    lembaga_kind: Option<&Bound<'py, PyAny>>,
    statistic_num: Option<String>,
    include_input: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let ctx = context(today, lembaga_kind, statistic_num, include_input)?;
    let list = read_records(records, "GTK", Gtk::from_value)?;
    let report = rules::validate_gtk_list(&list, &ctx);
    report_dict(records.py(), &report)
}

/// A dictionary-encoded text column: distinct values and one `i32` per row (what
/// `pandas.Categorical.from_codes` takes, without a Python string per row).
#[derive(Default)]
struct DictColumn {
    index: std::collections::HashMap<String, i32>,
    values: Vec<String>,
    codes: Vec<i32>,
}

impl DictColumn {
    fn code_of(&mut self, s: &str) -> i32 {
        if let Some(&c) = self.index.get(s) {
            return c;
        }
        let c = self.values.len() as i32;
        self.values.push(s.to_string());
        self.index.insert(s.to_string(), c);
        c
    }
    fn push(&mut self, s: &str) {
        let c = self.code_of(s);
        self.codes.push(c);
    }
}

/// The issues of a frame as columns: row positions (`-1`: no row) and dictionary-encoded
/// texts. A message and hint are rendered once per distinct (code, parameters).
struct IssueColumns {
    row: Vec<i64>,
    field: DictColumn,
    code: DictColumn,
    severity: DictColumn,
    message: DictColumn,
    hint: DictColumn,
}

impl IssueColumns {
    fn of(issues: &[emis_core::frames::FrameIssue], lang: emis_core::Lang) -> IssueColumns {
        let mut c = IssueColumns {
            row: Vec::with_capacity(issues.len()),
            field: DictColumn::default(),
            code: DictColumn::default(),
            severity: DictColumn::default(),
            message: DictColumn::default(),
            hint: DictColumn::default(),
        };
        let mut rendered: std::collections::HashMap<String, (i32, i32)> = std::collections::HashMap::new();
        let mut key = String::new();
        for i in issues {
            c.row.push(i.row.map_or(-1, |r| r as i64));
            c.field.push(&i.field);
            c.code.push(i.issue.code);
            c.severity.push(i.issue.severity.as_str());
            key.clear();
            key.push_str(i.issue.code);
            for (k, v) in &i.issue.params {
                key.push('\0');
                key.push_str(k);
                key.push('=');
                key.push_str(v);
            }
            let (m, h) = match rendered.get(&key) {
                Some(&mh) => mh,
                None => {
                    let mh = (c.message.code_of(&i.message(lang)), c.hint.code_of(&i.hint(lang)));
                    rendered.insert(key.clone(), mh);
                    mh
                }
            };
            c.message.codes.push(m);
            c.hint.codes.push(h);
        }
        c
    }
}

fn record_of(record: &str) -> PyResult<emis_core::frames::Record> {
    match record {
        "santri" => Ok(emis_core::frames::Record::Santri),
        "gtk" => Ok(emis_core::frames::Record::Gtk),
        _ => Err(PyValueError::new_err(
            "record harus santri atau gtk / record must be santri or gtk",
        )),
    }
}

fn lang_of(lang: &str) -> PyResult<emis_core::Lang> {
    match lang {
        "id" => Ok(emis_core::Lang::Id),
        "en" => Ok(emis_core::Lang::En),
        _ => Err(PyValueError::new_err(
            "lang harus \"id\" atau \"en\" / lang must be \"id\" or \"en\"",
        )),
    }
}

/// The frame check behind `emis.frames.validate_santri(df)`: `headers` and one column per
/// header (list or NumPy array); returns the issues as columns (`row` positions, `field`,
/// `code`, `severity`, `message`, `hint`) plus `columns` read and `unread` headers.
#[pyfunction]
#[pyo3(signature = (record, headers, columns, *, today = None, lembaga_kind = None, statistic_num = None, lang = "id"))]
#[allow(clippy::too_many_arguments)]
fn _validate_frame<'py>(
    record: &str,
    headers: Vec<String>,
    columns: &Bound<'py, PyList>,
    today: Option<&Bound<'py, PyDate>>,
    lembaga_kind: Option<&Bound<'py, PyAny>>,
    statistic_num: Option<String>,
    lang: &str,
) -> PyResult<Bound<'py, PyDict>> {
    use emis_core::frames::validate_frame;
    let py = columns.py();
    let record = crate::record_of(record)?;
    let lang = lang_of(lang)?;
    let ctx = context(today, lembaga_kind, statistic_num, false)?;
    let owned = columns::owned_columns(columns)?;
    let result = py.detach(|| {
        let (names, cells) = columns::frame_cells(&headers, &owned);
        validate_frame(record, &names, &cells, &ctx).map(|r| {
            let cols = IssueColumns::of(&r.issues, lang);
            (r, cols)
        })
    });
    let (report, cols) = result.map_err(|e| PyValueError::new_err(e.to_string()))?;
    let d = PyDict::new(py);
    let rows: Vec<u8> = cols.row.iter().flat_map(|r| r.to_le_bytes()).collect();
    d.set_item("row", PyBytes::new(py, &rows))?;
    for (name, dict) in [
        ("field", &cols.field),
        ("code", &cols.code),
        ("severity", &cols.severity),
        ("message", &cols.message),
        ("hint", &cols.hint),
    ] {
        let codes: Vec<u8> = dict.codes.iter().flat_map(|c| c.to_le_bytes()).collect();
        d.set_item(name, (PyList::new(py, &dict.values)?, PyBytes::new(py, &codes)))?;
    }
    d.set_item(
        "columns",
        PyList::new(py, report.columns.iter().map(|(h, c)| (h.as_str(), *c)))?,
    )?;
    d.set_item("unread", PyList::new(py, &report.unread)?)?;
    Ok(d)
}

fn match_key(k: Option<emis_core::sync::MatchKey>) -> Option<&'static str> {
    use emis_core::sync::MatchKey;
    k.map(|k| match k {
        MatchKey::Nik => "nik",
        MatchKey::Nisn => "nisn",
        MatchKey::NameBirthDate => "name_birth_date",
        MatchKey::NameBirthPlace => "name_birth_place",
    })
}

fn frame_error(e: emis_core::frames::FrameError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

/// Santri rows of one frame given as `(headers, columns)`.
fn santri_rows(frame: &Bound<'_, PyAny>) -> PyResult<(Vec<String>, Vec<columns::OwnedColumn>)> {
    let (headers, cols): (Vec<String>, Bound<'_, PyList>) = frame.extract()?;
    Ok((headers, columns::owned_columns(&cols)?))
}

fn read_santri(
    headers: &[String],
    owned: &[columns::OwnedColumn],
) -> Result<Vec<Santri>, emis_core::frames::FrameError> {
    let (names, cells) = columns::frame_cells(headers, owned);
    emis_core::frames::read_frame(emis_core::frames::Record::Santri, &names, &cells).map(|r| r.santri)
}

/// Behind `emis.reconcile`: both sides as `(headers, columns)`; returns `records` and
/// `changes` as columns of row positions, statuses and values (masked unless `reveal`).
#[pyfunction]
#[pyo3(signature = (local, remote, *, today = None, reveal = false))]
fn _reconcile_frames<'py>(
    local: &Bound<'py, PyAny>,
    remote: &Bound<'py, PyAny>,
    today: Option<&Bound<'py, PyDate>>,
    reveal: bool,
) -> PyResult<Bound<'py, PyDict>> {
    let py = local.py();
    let ctx = RuleContext::with_options(options(today, false)?);
    let (lh, lo) = santri_rows(local)?;
    let (rh, ro) = santri_rows(remote)?;
    let r = py
        .detach(|| -> Result<_, emis_core::frames::FrameError> {
            let l = read_santri(&lh, &lo)?;
            let r = read_santri(&rh, &ro)?;
            Ok(emis_core::matching::reconcile(&l, &r, &ctx, reveal))
        })
        .map_err(frame_error)?;
    let rec = PyDict::new(py);
    let rows = &r.records;
    rec.set_item("status", PyList::new(py, rows.iter().map(|e| e.status.as_str()))?)?;
    rec.set_item("local", PyList::new(py, rows.iter().map(|e| e.local))?)?;
    rec.set_item("remote", PyList::new(py, rows.iter().map(|e| e.remote))?)?;
    rec.set_item(
        "matched_by",
        PyList::new(py, rows.iter().map(|e| match_key(e.matched_by)))?,
    )?;
    rec.set_item("codes", PyList::new(py, rows.iter().map(|e| e.codes.join(";")))?)?;
    rec.set_item(
        "near_duplicates",
        PyList::new(py, rows.iter().map(|e| e.near_duplicates.clone()))?,
    )?;
    let ch = PyDict::new(py);
    let c = &r.changes;
    ch.set_item("local", PyList::new(py, c.iter().map(|x| x.local))?)?;
    ch.set_item("remote", PyList::new(py, c.iter().map(|x| x.remote))?)?;
    ch.set_item("field", PyList::new(py, c.iter().map(|x| x.field))?)?;
    ch.set_item("old", PyList::new(py, c.iter().map(|x| x.old.as_str()))?)?;
    ch.set_item("new", PyList::new(py, c.iter().map(|x| x.new.as_str()))?)?;
    let d = PyDict::new(py);
    d.set_item("records", rec)?;
    d.set_item("changes", ch)?;
    Ok(d)
}

/// Behind `emis.find_duplicates`: sources as `(headers, columns)`; pairs as columns.
#[pyfunction]
#[pyo3(signature = (sources, *, today = None, reveal = false))]
fn _find_duplicates<'py>(
    sources: &Bound<'py, PyList>,
    today: Option<&Bound<'py, PyDate>>,
    reveal: bool,
) -> PyResult<Bound<'py, PyDict>> {
    use emis_core::matching::Likeness;
    let py = sources.py();
    let ctx = RuleContext::with_options(options(today, false)?);
    let owned = sources.iter().map(|s| santri_rows(&s)).collect::<PyResult<Vec<_>>>()?;
    let pairs = py
        .detach(|| -> Result<_, emis_core::frames::FrameError> {
            let rows = owned
                .iter()
                .map(|(h, o)| read_santri(h, o))
                .collect::<Result<Vec<_>, _>>()?;
            Ok(emis_core::matching::find_duplicates(&rows, &ctx, reveal))
        })
        .map_err(frame_error)?;
    let d = PyDict::new(py);
    d.set_item("source", PyList::new(py, pairs.iter().map(|p| p.a.0))?)?;
    d.set_item("row", PyList::new(py, pairs.iter().map(|p| p.a.1))?)?;
    d.set_item("other_source", PyList::new(py, pairs.iter().map(|p| p.b.0))?)?;
    d.set_item("other_row", PyList::new(py, pairs.iter().map(|p| p.b.1))?)?;
    let kind = |l: &Likeness| match l {
        Likeness::Same(_) => "GANDA",
        Likeness::Possible => "MUNGKIN_GANDA",
    };
    let key = |l: &Likeness| match l {
        Likeness::Same(k) => match_key(Some(*k)),
        Likeness::Possible => None,
    };
    d.set_item("status", PyList::new(py, pairs.iter().map(|p| kind(&p.likeness)))?)?;
    d.set_item("matched_by", PyList::new(py, pairs.iter().map(|p| key(&p.likeness)))?)?;
    d.set_item("nik", PyList::new(py, pairs.iter().map(|p| p.nik.as_str()))?)?;
    Ok(d)
}

/// The reader behind `emis.read_spreadsheet`: `{"columns": {canonical: [str]}, "row": [int],
/// "sheet": [str | None], "report": {...}}` from a path or the file's bytes (GIL released).
#[pyfunction]
fn _read_spreadsheet<'py>(source: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyDict>> {
    let py = source.py();
    let result = if let Ok(b) = source.cast::<PyBytes>() {
        let bytes = b.as_bytes();
        py.detach(|| emis_core::sheet::read(bytes, None))
    } else {
        let path: std::path::PathBuf = source
            .extract()
            .map_err(|_| PyTypeError::new_err("source harus path atau bytes / source must be a path or bytes"))?;
        if !path.is_file() {
            return Err(pyo3::exceptions::PyFileNotFoundError::new_err(
                "berkas tidak ditemukan / file not found",
            ));
        }
        py.detach(|| emis_core::sheet::read_path(&path))
    };
    let sheet = result.map_err(|e| match e {
        emis_core::sheet::SheetError::Io(_) => pyo3::exceptions::PyOSError::new_err(e.to_string()),
        e => errors::validation_error(e.to_string(), PyList::empty(py)),
    })?;
    // Columns in order of first appearance; rows without a column get "".
    let mut names: Vec<&'static str> = Vec::new();
    for c in &sheet.report.columns {
        if !names.contains(&c.canonical) {
            names.push(c.canonical);
        }
    }
    let mut data: Vec<Vec<&str>> = vec![Vec::with_capacity(sheet.rows.len()); names.len()];
    for r in &sheet.rows {
        for (i, name) in names.iter().enumerate() {
            data[i].push(r.get(name).unwrap_or(""));
        }
    }
    let cols = PyDict::new(py);
    for (name, values) in names.iter().zip(&data) {
        cols.set_item(*name, PyList::new(py, values)?)?;
    }
    let d = PyDict::new(py);
    d.set_item("columns", cols)?;
    d.set_item("row", PyList::new(py, sheet.rows.iter().map(|r| r.row))?)?;
    d.set_item("sheet", PyList::new(py, sheet.rows.iter().map(|r| r.sheet.as_deref()))?)?;
    let report = serde_json::to_value(&sheet.report).map_err(|e| PyValueError::new_err(e.to_string()))?;
    let report = json_to_py(py, &report)?.cast_into::<PyDict>()?;
    report.set_item("issues", convert::issue_list(py, &sheet.report.issues)?)?;
    d.set_item("report", report)?;
    Ok(d)
}

/// The rule catalogue: every issue code with rule number, severity, scope, field, messages and
/// hints in Bahasa Indonesia and English.
#[pyfunction(name = "rules")]
fn rule_catalogue(py: Python<'_>) -> PyResult<Bound<'_, PyList>> {
    let list = PyList::empty(py);
    for r in emis_core::catalog::RULES {
        list.append(rule_dict(py, r)?)?;
    }
    Ok(list)
}

/// Validation of Indonesian pesantren data (EMIS 4.0 PD-Pontren), implemented in Rust.
#[pymodule]
fn _emis(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(check, m)?)?;
    m.add_function(wrap_pyfunction!(check_many, m)?)?;
    m.add_function(wrap_pyfunction!(_check_column, m)?)?;
    m.add_function(wrap_pyfunction!(_validate_frame, m)?)?;
    m.add_function(wrap_pyfunction!(_read_spreadsheet, m)?)?;
    m.add_function(wrap_pyfunction!(_reconcile_frames, m)?)?;
    m.add_function(wrap_pyfunction!(_find_duplicates, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::_arrow_validate, m)?)?;
    m.add_function(wrap_pyfunction!(arrow::_arrow_check, m)?)?;
    m.add_class::<sync::PyClient>()?;
    m.add_function(wrap_pyfunction!(sync::_sync, m)?)?;
    m.add_function(wrap_pyfunction!(sync::_journal, m)?)?;
    m.add_function(wrap_pyfunction!(parse, m)?)?;
    add_kind_functions(m)?;
    m.add_function(wrap_pyfunction!(validate_santri, m)?)?;
    m.add_function(wrap_pyfunction!(validate_gtk, m)?)?;
    m.add_function(wrap_pyfunction!(rule_catalogue, m)?)?;
    m.add_function(wrap_pyfunction!(diff_exports, m)?)?;
    // The list validators under their core names.
    m.add("validate_santri_list", m.getattr("validate_santri")?)?;
    m.add("validate_gtk_list", m.getattr("validate_gtk")?)?;
    Ok(())
}

// ---------------------------------------------------------------- export diff (self-contained)

/// One side of `diff_exports`: the CSV bytes themselves, or a path (`str` / `os.PathLike`)
/// read here.
enum DiffInput<'py> {
    Bytes(Bound<'py, PyBytes>),
    Owned(Vec<u8>),
}

impl DiffInput<'_> {
    fn bytes(&self) -> &[u8] {
        match self {
            DiffInput::Bytes(b) => b.as_bytes(),
            DiffInput::Owned(v) => v,
        }
    }
}

fn diff_input<'py>(obj: &Bound<'py, PyAny>, which: &str) -> PyResult<DiffInput<'py>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Ok(DiffInput::Bytes(b.clone()));
    }
    let path: std::path::PathBuf = obj.extract().map_err(|_| {
        PyTypeError::new_err(format!(
            "{which} harus bytes, str atau os.PathLike / {which} must be bytes, str or os.PathLike"
        ))
    })?;
    std::fs::read(&path).map(DiffInput::Owned).map_err(|e| {
        pyo3::exceptions::PyOSError::new_err(format!(
            "berkas {} tidak dapat dibaca / cannot read file {}: {e}",
            path.display(),
            path.display()
        ))
    })
}

fn json_to_py<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    use pyo3::IntoPyObjectExt;
    Ok(match v {
        serde_json::Value::Null => py.None().into_bound(py),
        serde_json::Value::Bool(b) => b.into_bound_py_any(py)?,
        serde_json::Value::Number(n) => match n.as_u64() {
            Some(u) => u.into_bound_py_any(py)?,
            None => n.as_f64().unwrap_or(0.0).into_bound_py_any(py)?,
        },
        serde_json::Value::String(s) => s.into_bound_py_any(py)?,
        serde_json::Value::Array(a) => {
            let l = PyList::empty(py);
            for x in a {
                l.append(json_to_py(py, x)?)?;
            }
            l.into_any()
        }
        serde_json::Value::Object(m) => {
            let d = PyDict::new(py);
            for (k, x) in m {
                d.set_item(k, json_to_py(py, x)?)?;
            }
            d.into_any()
        }
    })
}

/// Compares two CSV exports keyed by a column (`nik` by default): rows only in A, only in B,
/// changed and unchanged, changes per column (columns in both headers only), duplicate and
/// empty keys per file, and with `max_keys` > 0 the first keys of each list, masked.
/// `a` and `b` are the CSV bytes or paths. Malformed CSV raises `ValueError` naming the file
/// (`A`/`B`) and line; an unreadable path raises `OSError`. Runs without the GIL.
#[pyfunction]
#[pyo3(signature = (a, b, *, key = "nik", max_keys = 0))]
fn diff_exports<'py>(
    a: &Bound<'py, PyAny>,
    b: &Bound<'py, PyAny>,
    key: &str,
    max_keys: usize,
) -> PyResult<Bound<'py, PyDict>> {
    let py = a.py();
    let (ia, ib) = (diff_input(a, "a")?, diff_input(b, "b")?);
    // `bytes` are immutable and `ia`/`ib` hold a reference: their buffers stay valid and
    // unchanged while the GIL is released (no copy).
    let (va, vb) = (ia.bytes(), ib.bytes());
    let opts = emis_core::export::DiffOptions {
        key: key.to_string(),
        max_keys,
        parallel: true,
    };
    let result = py.detach(|| emis_core::export::diff_csv(va, vb, &opts));
    let d = result.map_err(|e| errors::map_diff_error(&e))?;
    let mut v = serde_json::to_value(&d).map_err(|e| PyValueError::new_err(e.to_string()))?;
    if let Some(m) = v.as_object_mut() {
        m.insert("identical".into(), d.is_identical().into());
    }
    Ok(json_to_py(py, &v)?.cast_into::<PyDict>()?)
}
