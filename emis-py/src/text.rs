//! Reading Python `str` objects without a copy through a Python object, and the batch loop.
//!
//! The crate is built for the stable ABI of Python 3.9 (`abi3-py39`), where
//! `PyUnicode_AsUTF8AndSize` is not available, so pyo3's `to_str` is not either and its
//! `to_cow` allocates a `bytes` object per string. Identifiers are short, so a str of up to
//! [`SHORT`] code points is copied with `PyUnicode_AsUCS4` into a stack buffer and encoded to
//! UTF-8 there: no allocation, no reference counting. Longer strings (rare: a padded value or
//! garbage) take pyo3's `to_cow` so the core sees exactly the same text either way.

use pyo3::exceptions::PyTypeError;
use pyo3::ffi;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyList, PyString, PyTuple};

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

/// [`check_all`] over `values`, with the kind's validity test from
/// [`emis_core::id::with_validity_test`].
pub(crate) struct CheckAll<'a, 'py>(pub(crate) &'a Bound<'py, PyAny>);

impl<'py> emis_core::id::ValidityLoop for CheckAll<'_, 'py> {
    type Output = PyResult<Bound<'py, PyList>>;
    fn run<F: Fn(&str) -> bool + Copy>(self, is_valid: F) -> Self::Output {
        check_all(self.0, is_valid)
    }
}

/// `f` over every item of `values` (a list, a tuple or any iterable): `True`/`False` per item,
/// `False` for items that are not `str`. A `str` or bytes-like argument itself is a `TypeError`
/// (iterating it would check single characters), as is any non-iterable.
pub(crate) fn check_all<'py>(
    values: &Bound<'py, PyAny>,
    f: impl Fn(&str) -> bool + Copy,
) -> PyResult<Bound<'py, PyList>> {
    let py = values.py();
    let one = |item: &Bound<'py, PyAny>| with_str(item, f).unwrap_or(false);
    let out: Vec<bool> = if let Ok(list) = values.cast::<PyList>() {
        let mut out = Vec::with_capacity(list.len());
        for item in list.iter() {
            out.push(one(&item));
        }
        out
    } else if let Ok(tuple) = values.cast::<PyTuple>() {
        tuple.iter().map(|item| one(&item)).collect()
    } else if values.is_instance_of::<PyString>()
        || values.is_instance_of::<PyBytes>()
        || values.is_instance_of::<PyByteArray>()
    {
        return Err(PyTypeError::new_err(
            "values harus berupa list/iterable berisi str, bukan satu str / \
             values must be a list or iterable of str, not a single str",
        ));
    } else {
        let iter = values.try_iter()?;
        let mut out = Vec::with_capacity(values.len().unwrap_or(0));
        for item in iter {
            out.push(one(&item?));
        }
        out
    };
    PyList::new(py, out)
}
