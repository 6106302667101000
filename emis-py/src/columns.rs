//! Columns in and out: a Python container (list, iterable, NumPy array, anything with the
//! Arrow PyCapsule interface) becomes core [`Cell`]s, [`emis_core::columns::check_cells`] runs
//! without the GIL, and the result goes back as `bytes` (one 0/1 byte per value, which NumPy
//! views without a copy) or as an Arrow array. Which container the caller gets is chosen in
//! Python (`emis/columns.py`).

use crate::text::with_str;
use arrow_array::cast::AsArray;
use arrow_array::types::{
    Float32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type, UInt32Type, UInt64Type,
};
use arrow_array::{Array, ArrayRef, BooleanArray, StringArray};
use arrow_schema::DataType;
use emis_core::columns::{Cell, ColumnCheck, check_cells};
use emis_core::date::Date;
use emis_core::id::IdKind;
use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::intern;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyByteArray, PyBytes, PyDate, PyDateAccess, PyFloat, PyInt, PyList, PyString, PyTuple};
use pyo3_arrow::PyArray;
use pyo3_arrow::input::AnyArray;
use std::sync::Arc;

/// A cell copied out of a Python object, so the check can run without the GIL. Text lives in
/// one shared buffer ([`OwnedColumn::text`]): no allocation per value.
#[derive(Clone, Copy)]
enum Owned {
    Missing,
    Text(u32, u32),
    Int(i128),
    Float(f64),
    Date(u16, u8, u8),
    Unsupported,
}

#[derive(Default)]
pub(crate) struct OwnedColumn {
    text: String,
    items: Vec<Owned>,
}

impl OwnedColumn {
    pub(crate) fn cells(&self) -> impl Iterator<Item = Cell<'_>> + '_ {
        self.items.iter().map(|o| match *o {
            Owned::Missing => Cell::Missing,
            Owned::Text(a, b) => Cell::Text(self.text.get(a as usize..b as usize).unwrap_or("")),
            Owned::Int(n) => Cell::Int(n),
            Owned::Float(f) => Cell::Float(f),
            Owned::Date(y, m, d) => Cell::Date(y, m, d),
            Owned::Unsupported => Cell::Unsupported,
        })
    }

    fn push_text(&mut self, t: &str) {
        let a = self.text.len() as u32;
        self.text.push_str(t);
        self.items.push(Owned::Text(a, self.text.len() as u32));
    }

    /// Reads one Python value: `str`, `None`, `int`, `float` (NaN: missing), `Decimal`, NumPy
    /// scalars, pandas' `NA`/`NaT`. Anything else (bytes, bool, a list) is unsupported.
    fn push(&mut self, item: &Bound<'_, PyAny>) {
        if with_str(item, |t| self.push_text(t)).is_some() {
            return;
        }
        let py = item.py();
        let o = if item.is_none() {
            Owned::Missing
        } else if item.is_instance_of::<PyBool>() {
            Owned::Unsupported
        } else if item.is_instance_of::<PyInt>() {
            item.extract::<i128>().map_or(Owned::Unsupported, Owned::Int)
        } else if let Ok(f) = item.cast::<PyFloat>() {
            float(f.value())
        } else {
            let t = item.get_type();
            let name = t.name().map(|n| n.to_string()).unwrap_or_default();
            match name.as_str() {
                "NAType" | "NaTType" => Owned::Missing,
                "Decimal" => decimal(item),
                _ if item.is_instance_of::<PyDate>() => date(item),
                _ if item.hasattr(intern!(py, "__index__")).unwrap_or(false) => item
                    .call_method0(intern!(py, "__index__"))
                    .and_then(|i| i.extract::<i128>())
                    .map_or(Owned::Unsupported, Owned::Int),
                _ if name.starts_with("float") => item.extract::<f64>().map_or(Owned::Unsupported, float),
                _ => Owned::Unsupported,
            }
        };
        self.items.push(o);
    }
}

fn date(item: &Bound<'_, PyAny>) -> Owned {
    match item.cast::<PyDate>() {
        Ok(d) => u16::try_from(d.get_year()).map_or(Owned::Unsupported, |y| Owned::Date(y, d.get_month(), d.get_day())),
        Err(_) => Owned::Unsupported,
    }
}

fn float(f: f64) -> Owned {
    if f.is_nan() { Owned::Missing } else { Owned::Float(f) }
}

/// A `Decimal`: its exact integer when integral, otherwise (a fraction: damage) its double.
fn decimal(d: &Bound<'_, PyAny>) -> Owned {
    let Ok((n, den)) = d
        .call_method0(intern!(d.py(), "as_integer_ratio"))
        .and_then(|r| r.extract::<(Bound<'_, PyAny>, Bound<'_, PyAny>)>())
    else {
        // NaN / Infinity raise: missing.
        return Owned::Missing;
    };
    match (n.extract::<i128>(), den.extract::<i128>()) {
        (Ok(n), Ok(1)) => Owned::Int(n),
        (Ok(n), Ok(den)) => Owned::Float(n as f64 / den as f64),
        _ => Owned::Unsupported,
    }
}

/// Copies a list, a tuple or any iterable of values. A `str` or bytes-like argument is a
/// `TypeError` (iterating it would check single characters), as is any non-iterable.
pub(crate) fn owned_column(values: &Bound<'_, PyAny>) -> PyResult<OwnedColumn> {
    let mut col = OwnedColumn::default();
    if let Ok(list) = values.cast::<PyList>() {
        col.items.reserve(list.len());
        for item in list.iter() {
            col.push(&item);
        }
    } else if let Ok(tuple) = values.cast::<PyTuple>() {
        for item in tuple.iter() {
            col.push(&item);
        }
    } else if values.is_instance_of::<PyString>()
        || values.is_instance_of::<PyBytes>()
        || values.is_instance_of::<PyByteArray>()
    {
        return Err(PyTypeError::new_err(
            "values harus berupa list/iterable berisi str, bukan satu str / \
             values must be a list or iterable of str, not a single str",
        ));
    } else {
        col.items.reserve(values.len().unwrap_or(0));
        for item in values.try_iter()? {
            col.push(&item?);
        }
    }
    Ok(col)
}

/// A NumPy array of numbers, read through `__array_interface__` (C-contiguous, 1-D, native
/// byte order), copied under the GIL. `None` when it is not such an array.
pub(crate) fn numpy_column(values: &Bound<'_, PyAny>) -> PyResult<Option<OwnedColumn>> {
    let py = values.py();
    let Ok(iface) = values.getattr(intern!(py, "__array_interface__")) else {
        return Ok(None);
    };
    let typestr: String = iface.get_item("typestr")?.extract()?;
    let shape: Vec<usize> = iface.get_item("shape")?.extract()?;
    let strides = iface.get_item("strides")?;
    let (ptr, _readonly): (usize, bool) = iface.get_item("data")?.extract()?;
    if shape.len() != 1 || !strides.is_none() {
        return Ok(None);
    }
    let n = shape[0];
    let native = if cfg!(target_endian = "little") { '<' } else { '>' };
    let mut chars = typestr.chars();
    let (order, code, size) = (chars.next(), chars.next(), chars.as_str().parse::<usize>().ok());
    if !(order == Some(native) || order == Some('|')) {
        return Ok(None);
    }
    let mut col = OwnedColumn::default();
    if n == 0 {
        return Ok(Some(col));
    }
    // SAFETY: `__array_interface__` describes `n` contiguous items of `size` bytes at `ptr`
    // (1-D, no strides), kept alive by `values` while the GIL is held; read unaligned.
    macro_rules! read {
        ($t:ty, $f:expr) => {{
            let p = ptr as *const $t;
            col.items = (0..n).map(|i| $f(unsafe { p.add(i).read_unaligned() })).collect();
        }};
    }
    match (code, size) {
        (Some('i'), Some(8)) => read!(i64, |v: i64| Owned::Int(v.into())),
        (Some('i'), Some(4)) => read!(i32, |v: i32| Owned::Int(v.into())),
        (Some('i'), Some(2)) => read!(i16, |v: i16| Owned::Int(v.into())),
        (Some('u'), Some(8)) => read!(u64, |v: u64| Owned::Int(v.into())),
        (Some('u'), Some(4)) => read!(u32, |v: u32| Owned::Int(v.into())),
        (Some('f'), Some(8)) => read!(f64, float),
        (Some('f'), Some(4)) => read!(f32, |v: f32| float(v.into())),
        _ => return Ok(None),
    }
    Ok(Some(col))
}

/// Cells of one Arrow array, without a copy of its text.
pub(crate) fn arrow_cells<'a>(a: &'a dyn Array, out: &mut Vec<Cell<'a>>) -> Result<(), String> {
    fn ints<'b, T>(a: &'b arrow_array::PrimitiveArray<T>, out: &mut Vec<Cell<'b>>)
    where
        T: arrow_array::ArrowPrimitiveType,
        T::Native: Into<i128>,
    {
        out.extend(a.iter().map(|v| v.map_or(Cell::Missing, |v| Cell::Int(v.into()))));
    }
    match a.data_type() {
        DataType::Utf8 => out.extend(a.as_string::<i32>().iter().map(text_cell)),
        DataType::LargeUtf8 => out.extend(a.as_string::<i64>().iter().map(text_cell)),
        DataType::Utf8View => out.extend(a.as_string_view().iter().map(text_cell)),
        DataType::Int64 => ints(a.as_primitive::<Int64Type>(), out),
        DataType::Int32 => ints(a.as_primitive::<Int32Type>(), out),
        DataType::Int16 => ints(a.as_primitive::<Int16Type>(), out),
        DataType::Int8 => ints(a.as_primitive::<Int8Type>(), out),
        DataType::UInt64 => ints(a.as_primitive::<UInt64Type>(), out),
        DataType::UInt32 => ints(a.as_primitive::<UInt32Type>(), out),
        DataType::UInt16 => ints(a.as_primitive::<UInt16Type>(), out),
        DataType::UInt8 => ints(a.as_primitive::<UInt8Type>(), out),
        DataType::Float64 => out.extend(
            a.as_primitive::<Float64Type>()
                .iter()
                .map(|v| v.filter(|f| !f.is_nan()).map_or(Cell::Missing, Cell::Float)),
        ),
        DataType::Float32 => out.extend(a.as_primitive::<Float32Type>().iter().map(|v| {
            v.filter(|f| !f.is_nan())
                .map_or(Cell::Missing, |f| Cell::Float(f.into()))
        })),
        DataType::Decimal128(_, scale) => {
            let scale = i32::from(*scale);
            let d = a.as_primitive::<arrow_array::types::Decimal128Type>();
            out.extend(d.iter().map(|v| match v {
                None => Cell::Missing,
                Some(v) if scale <= 0 => Cell::Int(v * 10_i128.pow((-scale) as u32)),
                Some(v) => {
                    let p = 10_i128.pow(scale as u32);
                    if v % p == 0 {
                        Cell::Int(v / p)
                    } else {
                        Cell::Float(v as f64 / p as f64)
                    }
                }
            }))
        }
        DataType::Null => out.extend(std::iter::repeat_n(Cell::Missing, a.len())),
        DataType::Date32 => out.extend(a.as_primitive::<arrow_array::types::Date32Type>().iter().map(|v| {
            v.map_or(Cell::Missing, |d| {
                let d = Date::from_unix_days(i64::from(d));
                Cell::Date(d.year(), d.month(), d.day())
            })
        })),
        DataType::Boolean | DataType::Binary | DataType::LargeBinary => {
            out.extend((0..a.len()).map(|i| if a.is_null(i) { Cell::Missing } else { Cell::Unsupported }))
        }
        DataType::Dictionary(_, _) => {
            let d = a.as_any_dictionary();
            let mut values = Vec::with_capacity(d.values().len());
            arrow_cells(d.values().as_ref(), &mut values)?;
            let keys = d.normalized_keys();
            out.extend((0..a.len()).map(|i| {
                if a.is_null(i) {
                    Cell::Missing
                } else {
                    values.get(keys[i]).copied().unwrap_or(Cell::Missing)
                }
            }));
        }
        other => return Err(other.to_string()),
    }
    Ok(())
}

fn text_cell(v: Option<&str>) -> Cell<'_> {
    v.map_or(Cell::Missing, Cell::Text)
}

/// The validity column as Arrow booleans, and the codes as Arrow strings.
pub(crate) fn arrow_result(r: &ColumnCheck) -> (ArrayRef, Option<ArrayRef>) {
    let valid: ArrayRef = Arc::new(BooleanArray::from(r.valid.clone()));
    let codes = (!r.codes.is_empty()).then(|| Arc::new(StringArray::from(r.codes.clone())) as ArrayRef);
    (valid, codes)
}

/// `_check_column(kind, values, today, codes)`: the core check over any column. Returns
/// `(valid, codes)`: for Arrow input two Arrow arrays (codes `None` unless asked), otherwise
/// `bytes` (0/1 per value) and a list of `str | None` (or `None`).
pub(crate) fn check_column<'py>(
    kind: IdKind,
    values: &Bound<'py, PyAny>,
    today: Option<Date>,
    with_codes: bool,
) -> PyResult<Bound<'py, PyTuple>> {
    let py = values.py();
    let is_arrow =
        values.hasattr(intern!(py, "__arrow_c_array__"))? || values.hasattr(intern!(py, "__arrow_c_stream__"))?;
    if is_arrow {
        let chunks = values.extract::<AnyArray>()?.into_chunked_array().map_err(|e| {
            PyValueError::new_err(format!(
                "kolom Arrow tidak dapat dibaca / cannot read the Arrow column: {}",
                PyErr::from(e)
            ))
        })?;
        let (chunks, _field) = chunks.into_inner();
        let result = py.detach(|| -> Result<ColumnCheck, String> {
            let mut cells = Vec::with_capacity(chunks.iter().map(|c| c.len()).sum());
            for c in &chunks {
                arrow_cells(c.as_ref(), &mut cells)?;
            }
            let r = check_cells(kind, today, cells, with_codes);
            Ok(r)
        });
        let r = result.map_err(|t| {
            PyTypeError::new_err(format!(
                "kolom Arrow bertipe {t} tidak didukung (teks, bilangan bulat, desimal) / Arrow columns of type {t} are not supported (text, integer, decimal)"
            ))
        })?;
        let (valid, codes) = arrow_result(&r);
        let valid = PyArray::from_array_ref(valid).into_pyobject(py)?.into_any();
        let codes = match codes {
            Some(c) => PyArray::from_array_ref(c).into_pyobject(py)?.into_any(),
            None => py.None().into_bound(py),
        };
        return PyTuple::new(py, [valid, codes]);
    }
    let col = match numpy_column(values)? {
        Some(c) => c,
        None => owned_column(values)?,
    };
    let r = py.detach(|| check_cells(kind, today, col.cells(), with_codes));
    let bytes: Vec<u8> = r.valid.iter().map(|&b| u8::from(b)).collect();
    let valid = PyBytes::new(py, &bytes).into_any();
    let codes = if with_codes {
        PyList::new(py, r.codes)?.into_any()
    } else {
        py.None().into_bound(py)
    };
    PyTuple::new(py, [valid, codes])
}

/// The bools of a plain list check.
pub(crate) fn check_list<'py>(
    kind: IdKind,
    values: &Bound<'py, PyAny>,
    today: Option<Date>,
) -> PyResult<Bound<'py, PyList>> {
    let col = owned_column(values)?;
    let r = values.py().detach(|| check_cells(kind, today, col.cells(), false));
    PyList::new(values.py(), r.valid)
}

/// The columns of a frame (each a list or NumPy array), copied under the GIL.
pub(crate) fn owned_columns(columns: &Bound<'_, PyList>) -> PyResult<Vec<OwnedColumn>> {
    let mut owned = Vec::with_capacity(columns.len());
    for c in columns.iter() {
        owned.push(match numpy_column(&c)? {
            Some(col) => col,
            None => owned_column(&c)?,
        });
    }
    Ok(owned)
}

/// Cells borrowed from owned columns, and the headers as `&str`.
pub(crate) fn frame_cells<'a>(headers: &'a [String], owned: &'a [OwnedColumn]) -> (Vec<&'a str>, Vec<Vec<Cell<'a>>>) {
    let cells = owned.iter().map(|c| c.cells().collect()).collect();
    (headers.iter().map(String::as_str).collect(), cells)
}
