//! `emis.arrow`: Arrow in, Arrow out, for engines that hand out record batches (Spark
//! `mapInArrow`, Ray `map_batches`, Dask partitions through pyarrow, DuckDB, polars). Any
//! object with `__arrow_c_array__` (a RecordBatch) or `__arrow_c_stream__` (a Table, a
//! reader) goes in; a RecordBatch exporting `__arrow_c_array__` comes out, built in Rust
//! without the GIL and without pyarrow.

use crate::columns::{arrow_cells, arrow_result};
use arrow_array::{ArrayRef, RecordBatch, StringArray, UInt64Array};
use arrow_schema::{DataType, Field, Schema};
use emis_core::columns::{Cell, check_cells};
use emis_core::frames::validate_frame;
use emis_core::rules::RuleContext;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDate;
use pyo3_arrow::PyRecordBatch;
use pyo3_arrow::input::AnyRecordBatch;
use std::sync::Arc;

fn batches(data: &Bound<'_, PyAny>) -> PyResult<(Arc<Schema>, Vec<RecordBatch>)> {
    let reader = data.extract::<AnyRecordBatch>()?.into_reader()?;
    let schema = reader.schema();
    let batches = reader
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| PyValueError::new_err(format!("Arrow tidak dapat dibaca / cannot read Arrow data: {e}")))?;
    Ok((schema, batches))
}

fn unsupported(t: String) -> PyErr {
    PyTypeError::new_err(format!(
        "kolom Arrow bertipe {t} tidak didukung / Arrow columns of type {t} are not supported"
    ))
}

fn record_batch(columns: Vec<(&str, ArrayRef)>) -> PyResult<PyRecordBatch> {
    let fields: Vec<Field> = columns
        .iter()
        .map(|(n, a)| Field::new(*n, a.data_type().clone(), true))
        .collect();
    let arrays = columns.into_iter().map(|(_, a)| a).collect();
    RecordBatch::try_new(Arc::new(Schema::new(fields)), arrays)
        .map(PyRecordBatch::new)
        .map_err(|e| PyValueError::new_err(e.to_string()))
}

/// `emis.arrow.validate(data, record)`: the issues of a santri/GTK table as a RecordBatch
/// (`row` uint64 position, `field`, `code`, `severity`, `message`, `hint`).
#[pyfunction]
#[pyo3(signature = (data, record = "santri", *, today = None, lang = "id"))]
pub(crate) fn _arrow_validate<'py>(
    data: &Bound<'py, PyAny>,
    record: &str,
    today: Option<&Bound<'py, PyDate>>,
    lang: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let py = data.py();
    let record = crate::record_of(record)?;
    let lang = crate::lang_of(lang)?;
    let ctx = RuleContext::with_options(crate::options(today, false)?);
    let (schema, batches) = batches(data)?;
    let out = py.detach(|| -> Result<_, PyErr> {
        let headers: Vec<&str> = schema.fields().iter().map(|f| f.name().as_str()).collect();
        let mut columns: Vec<Vec<Cell<'_>>> = vec![Vec::new(); headers.len()];
        for b in &batches {
            for (i, col) in b.columns().iter().enumerate() {
                arrow_cells(col.as_ref(), &mut columns[i]).map_err(unsupported)?;
            }
        }
        let r = validate_frame(record, &headers, &columns, &ctx).map_err(|e| PyValueError::new_err(e.to_string()))?;
        let is = &r.issues;
        let row: ArrayRef = Arc::new(UInt64Array::from_iter(is.iter().map(|i| i.row.map(|r| r as u64))));
        let text = |f: &dyn Fn(&emis_core::frames::FrameIssue) -> String| -> ArrayRef {
            Arc::new(StringArray::from_iter_values(is.iter().map(f)))
        };
        record_batch(vec![
            ("row", row),
            ("field", text(&|i| i.field.clone())),
            ("code", text(&|i| i.issue.code.to_string())),
            ("severity", text(&|i| i.issue.severity.as_str().to_string())),
            ("message", text(&|i| i.message(lang))),
            ("hint", text(&|i| i.hint(lang))),
        ])
    })?;
    Ok(out.into_pyobject(py)?.into_any())
}

/// `emis.arrow.check(data, kind, column=None)`: `valid` (bool) and `code` (utf8) per value of
/// an Arrow array or of one column of a RecordBatch/Table, as a RecordBatch.
#[pyfunction]
#[pyo3(signature = (data, kind, column = None, *, today = None))]
pub(crate) fn _arrow_check<'py>(
    data: &Bound<'py, PyAny>,
    kind: &str,
    column: Option<&str>,
    today: Option<&Bound<'py, PyDate>>,
) -> PyResult<Bound<'py, PyAny>> {
    let py = data.py();
    let kind = crate::kind_of(kind)?;
    let today = if kind.is_dated() {
        Some(crate::today_of(today)?)
    } else {
        None
    };
    let arrays: Vec<ArrayRef> = match column {
        Some(name) => {
            let (schema, batches) = batches(data)?;
            let i = schema.index_of(name).map_err(|_| {
                pyo3::exceptions::PyKeyError::new_err(format!("kolom {name:?} tidak ada / no column {name:?}"))
            })?;
            batches.iter().map(|b| b.column(i).clone()).collect()
        }
        None => {
            let chunked = data
                .extract::<pyo3_arrow::input::AnyArray>()?
                .into_chunked_array()
                .map_err(|e| PyValueError::new_err(PyErr::from(e).to_string()))?;
            chunked.into_inner().0
        }
    };
    let out = py.detach(|| -> PyResult<_> {
        let mut cells = Vec::new();
        for a in &arrays {
            if matches!(a.data_type(), DataType::Struct(_)) {
                return Err(unsupported("struct (pass column=...)".into()));
            }
            arrow_cells(a.as_ref(), &mut cells).map_err(unsupported)?;
        }
        let r = check_cells(kind, today, cells, true);
        let (valid, code) = arrow_result(&r);
        let code = code.unwrap_or_else(|| Arc::new(StringArray::from(Vec::<Option<&str>>::new())));
        record_batch(vec![("valid", valid), ("code", code)])
    })?;
    Ok(out.into_pyobject(py)?.into_any())
}
