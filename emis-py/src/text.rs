//! Reading Python `str` objects without a copy through a Python object.
//!
//! The crate is built for the stable ABI of Python 3.9 (`abi3-py39`), where
//! `PyUnicode_AsUTF8AndSize` is not available, so pyo3's `to_str` is not either and its
//! `to_cow` allocates a `bytes` object per string. Identifiers are short, so a str of up to
//! [`SHORT`] code points is copied with `PyUnicode_AsUCS4` into a stack buffer and encoded to
//! UTF-8 there: no allocation, no reference counting. Longer strings (rare: a padded value or
//! garbage) take pyo3's `to_cow` so the core sees exactly the same text either way.

use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::PyString;

/// Longest str (in code points) read through the stack buffer.
pub(crate) const SHORT: usize = 64;

/// Calls `f` with the text of `obj` when it is a `str` (or a subclass). Returns `None` for
/// any other object and for strings that are not valid Unicode (lone surrogates).
#[inline]
pub(crate) fn with_str<R>(obj: &Bound<'_, PyAny>, f: impl FnOnce(&str) -> R) -> Option<R> {
    let s = obj.cast::<PyString>().ok()?;
    let ptr = s.as_ptr();
    // SAFETY: `ptr` is a live str (checked above, kept alive by `obj`); the GIL is held
    // (`Bound`). `PyUnicode_AsUCS4` writes at most `SHORT` code points into `ucs`, and only
    // `n <= SHORT` are read back.
    let n = unsafe { ffi::PyUnicode_GetLength(ptr) };
    if n < 0 {
        clear_error(obj.py());
        return None;
    }
    let n = n as usize;
    if n <= SHORT {
        let mut ucs = [0 as ffi::Py_UCS4; SHORT];
        if n > 0 {
            let done = unsafe { ffi::PyUnicode_AsUCS4(ptr, ucs.as_mut_ptr(), SHORT as ffi::Py_ssize_t, 0) };
            if done.is_null() {
                clear_error(obj.py());
                return None;
            }
        }
        let mut buf = [0u8; SHORT * 4];
        let mut len = 0usize;
        for &c in &ucs[..n] {
            if c < 0x80 {
                buf[len] = c as u8;
                len += 1;
            } else {
                // A lone surrogate is not a char: such a str cannot be an identifier.
                let ch = char::from_u32(c)?;
                len += ch.encode_utf8(&mut buf[len..]).len();
            }
        }
        // Always valid: built from `char`s above.
        let text = std::str::from_utf8(&buf[..len]).ok()?;
        return Some(f(text));
    }
    match s.to_cow() {
        Ok(text) => Some(f(&text)),
        Err(_) => None,
    }
}

fn clear_error(py: Python<'_>) {
    // Drops the pending exception, if any.
    let _ = PyErr::take(py);
}
