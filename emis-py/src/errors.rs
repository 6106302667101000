//! The exceptions: defined in Python (`emis/exceptions.py`, so they subclass builtins, pickle
//! and carry `.issues`) and raised from here, one `map_*_error` per core error type. Messages
//! are Bahasa Indonesia first and never contain an input value.

use crate::convert::issue_list;
use emis_core::export::DiffError;
use emis_core::id::IdError;
use emis_core::model::RecordError;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyList;

pyo3::import_exception!(emis.exceptions, EmisValidationError);

/// `EmisValidationError(message, issues)`.
pub(crate) fn validation_error(message: String, issues: Bound<'_, PyList>) -> PyErr {
    EmisValidationError::new_err((message, issues.unbind()))
}

/// An identifier `parse` rejected: `EmisValidationError` with the core's message (codes and
/// messages, never the input) and every issue.
pub(crate) fn map_id_error(py: Python<'_>, e: &IdError) -> PyErr {
    match issue_list(py, &e.issues) {
        Ok(issues) => validation_error(e.to_string(), issues),
        Err(err) => err,
    }
}

/// Record `index` of a list cannot be read: `EmisValidationError` without issues, naming the
/// record and what is wrong (`detail`, which never holds a value).
pub(crate) fn unreadable(py: Python<'_>, what: &str, index: usize, detail: &str) -> PyErr {
    let message = format!("data {what} [{index}] tidak dapat dibaca / record [{index}] cannot be read: {detail}");
    validation_error(message, PyList::empty(py))
}

/// The core could not read record `index` as a santri/GTK: [`unreadable`], with the values a
/// serde message may quote removed ([`emis_core::pii::redact_quoted`]).
pub(crate) fn map_record_error(py: Python<'_>, what: &str, index: usize, e: &RecordError) -> PyErr {
    unreadable(py, what, index, &emis_core::pii::redact_quoted(&e.to_string()))
}

/// A CSV export `diff_exports` cannot read: `ValueError` naming the file (`A`/`B`) and line.
pub(crate) fn map_diff_error(e: &DiffError) -> PyErr {
    PyValueError::new_err(e.to_string())
}
