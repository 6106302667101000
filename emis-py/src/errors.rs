//! The exceptions: defined in Python (`emis/exceptions.py`, so they subclass builtins, pickle
//! and carry `.issues`) and raised from here. Messages are Bahasa Indonesia first and never
//! contain an input value.

use pyo3::prelude::*;
use pyo3::types::PyList;

pyo3::import_exception!(emis.exceptions, EmisValidationError);

/// `EmisValidationError(message, issues)`.
pub(crate) fn validation_error(message: String, issues: Bound<'_, PyList>) -> PyErr {
    EmisValidationError::new_err((message, issues.unbind()))
}

/// Removes values a serde error message may echo from the input: text in double quotes and
/// in back-ticks (`invalid type: string "…"`, `invalid value: integer `…``, `unknown variant
/// `…``). Field names after `field ` are kept (`missing field `nik``): they are not data.
pub(crate) fn redact(message: &str) -> String {
    emis_core::pii::redact_quoted(message)
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn redacts_values_keeps_field_names() {
        assert_eq!(
            redact("invalid type: string \"Siti Aminah\", expected struct OrangTua"),
            "invalid type: string \"…\", expected struct OrangTua"
        );
        assert_eq!(
            redact("invalid value: integer `3517011708080001`, expected u8"),
            "invalid value: integer `…`, expected u8"
        );
        assert_eq!(redact("missing field `full_name`"), "missing field `full_name`");
        assert_eq!(
            redact("unknown variant `Budi`, expected one of"),
            "unknown variant `…`, expected one of"
        );
        assert_eq!(redact("unknown field `Budi Santoso`"), "unknown field `…`");
        assert_eq!(redact("broken \"3517011708080001"), "broken \"…");
        assert_eq!(redact("no quotes at all"), "no quotes at all");
    }
}
