"""Batch checks on the columns analysts hold: a list, a pandas Series (``object``, ``int64``,
``float64``, ``str`` dtypes), a polars Series, a NumPy array or anything with the Arrow
PyCapsule interface (pyarrow, duckdb, arro3, nanoarrow).

The result comes back in the caller's kind:

* pandas Series -> a ``bool`` Series with the input's index and name;
* polars Series -> a polars ``Boolean`` Series with the input's name;
* pyarrow Array / ChunkedArray -> a ``pyarrow.BooleanArray``;
* any other Arrow object -> an Arrow array exporting ``__arrow_c_array__``;
* NumPy array -> a ``bool`` array; a list or any iterable -> a ``list[bool]``.

With ``codes=True`` a second column says why, per value: ``None`` for a clean valid value, an
``excel.*`` code for a number (``excel.angka_dipulihkan`` when its digits are intact,
``excel.digit_hilang`` when a double lost them...), otherwise the first invalid code. The
result is then a DataFrame (pandas, polars) or RecordBatch (pyarrow) with columns ``valid`` and
``code``, or a ``(valid, codes)`` tuple for the other kinds.

Numbers (``int``, ``float``, ``Decimal``, NumPy and Arrow numbers) are read as the digits they
stand for, never a silent ``False``; values of other types (bytes, bool) are ``False`` with
``kolom.tipe_tidak_didukung``. The check runs in Rust without the GIL.

>>> import emis
>>> emis.check_niks(["3517011708080001", 3517011708080001, None])
[True, True, False]
>>> emis.check_niks([3517011708080001, 9.107011708080002e15], codes=True)
([True, False], ['excel.angka_dipulihkan', 'excel.digit_hilang'])
"""

from __future__ import annotations

import datetime
import importlib
import sys
from typing import Any, Callable

from . import _emis

__all__ = ["check_column"]


# pandas, polars, pyarrow and NumPy are optional: imported when a value of theirs comes in
# (through importlib, so that type checkers do not need their stubs).


def _module_of(obj: object) -> str:
    return type(obj).__module__.split(".", 1)[0]


def _is_pandas_series(obj: object) -> bool:
    return _module_of(obj) == "pandas" and type(obj).__name__ == "Series"


def _is_polars_series(obj: object) -> bool:
    return _module_of(obj) == "polars" and type(obj).__name__ == "Series"


def _is_arrow(obj: object) -> bool:
    return hasattr(obj, "__arrow_c_array__") or hasattr(obj, "__arrow_c_stream__")


def _pandas(kind: str, s: Any, today: datetime.date | None, codes: bool) -> Any:
    np: Any = importlib.import_module("numpy")
    pd: Any = importlib.import_module("pandas")

    dtype = s.dtype
    if isinstance(dtype, np.dtype) and dtype.kind in "iuf":
        valid_raw, code_raw = _emis._check_column(kind, s.to_numpy(), today=today, codes=codes)
        valid = np.frombuffer(valid_raw, dtype=np.bool_)
    elif isinstance(dtype, np.dtype) and dtype.kind == "O":
        valid_raw, code_raw = _emis._check_column(kind, s.tolist(), today=today, codes=codes)
        valid = np.frombuffer(valid_raw, dtype=np.bool_)
    elif "pyarrow" in sys.modules and hasattr(s, "__arrow_c_stream__"):
        pa: Any = importlib.import_module("pyarrow")

        v, c = _emis._check_column(kind, s, today=today, codes=codes)
        valid = pa.array(v).to_numpy(zero_copy_only=False)
        code_raw = pa.array(c).to_pylist() if codes else None
    else:
        data = s.to_numpy(dtype=object, na_value=None).tolist()
        valid_raw, code_raw = _emis._check_column(kind, data, today=today, codes=codes)
        valid = np.frombuffer(valid_raw, dtype=np.bool_)
    out = pd.Series(valid, index=s.index, name=s.name, dtype=bool, copy=False)
    if not codes:
        return out
    return pd.DataFrame({"valid": out, "code": pd.Series(code_raw, index=s.index, dtype=object)})


def _polars(kind: str, s: Any, today: datetime.date | None, codes: bool) -> Any:
    pl: Any = importlib.import_module("polars")

    v, c = _emis._check_column(kind, s, today=today, codes=codes)
    valid = pl.Series(v).alias(s.name)
    if not codes:
        return valid
    return pl.DataFrame([valid.alias("valid"), pl.Series(c).alias("code")])


def _arrow(kind: str, values: Any, today: datetime.date | None, codes: bool) -> Any:
    v, c = _emis._check_column(kind, values, today=today, codes=codes)
    if _module_of(values) == "pyarrow":
        pa: Any = importlib.import_module("pyarrow")

        valid = pa.array(v)
        if not codes:
            return valid
        return pa.RecordBatch.from_arrays([valid, pa.array(c)], names=["valid", "code"])
    return (v, c) if codes else v


def check_column(kind: str, values: Any, *, today: datetime.date | None = None, codes: bool = False) -> Any:
    """Checks a column of identifiers of ``kind`` (``nik``, ``kk``, ``nisn``, ``nip``, ...).

    See the module documentation for what goes in and what comes out.

    >>> check_column("nisn", [81234567, "0081234567", b"0081234567"], codes=True)
    ([True, True, False], ['excel.nol_depan_hilang', None, 'kolom.tipe_tidak_didukung'])
    """
    if _is_pandas_series(values):
        return _pandas(kind, values, today, codes)
    if _is_polars_series(values):
        return _polars(kind, values, today, codes)
    if _is_arrow(values):
        return _arrow(kind, values, today, codes)
    if _module_of(values) == "numpy" and type(values).__name__ == "ndarray":
        np: Any = importlib.import_module("numpy")

        arr = values if values.dtype.kind in "iuf" else values.astype(object).tolist()
        valid_raw, code_raw = _emis._check_column(kind, arr, today=today, codes=codes)
        valid = np.frombuffer(valid_raw, dtype=np.bool_)
        return (valid, code_raw) if codes else valid
    if not codes:
        return _emis.check_many(kind, values, today=today)
    valid_raw, code_raw = _emis._check_column(kind, values, today=today, codes=True)
    return [b == 1 for b in valid_raw], code_raw


def check_many(kind: str, values: Any, *, today: datetime.date | None = None, codes: bool = False) -> Any:
    """Fast validity of many identifiers of one kind: :func:`check_column`.

    >>> check_many("nik", ["3517011708080001", "3517013002080001"])
    [True, False]
    """
    return check_column(kind, values, today=today, codes=codes)


def _batch(kind: str, label: str) -> Callable[..., Any]:
    def check(values: Any, *, today: datetime.date | None = None, codes: bool = False) -> Any:
        return check_column(kind, values, today=today, codes=codes)

    check.__doc__ = (
        f"Validity of many {label} values, in the caller's kind (list, pandas, polars, Arrow, "
        f"NumPy); with ``codes=True`` also the code explaining each value. See "
        f":func:`emis.columns.check_column`."
    )
    check.__name__ = check.__qualname__ = f"check_{kind}s"
    return check


check_niks = _batch("nik", "NIK")
check_kks = _batch("kk", "No. KK")
check_nisns = _batch("nisn", "NISN")
check_nips = _batch("nip", "NIP / NI PPPK")
check_nuptks = _batch("nuptk", "NUPTK")
check_nspps = _batch("nspp", "nomor statistik (NSPP, NSM, NSMDT)")
check_npsns = _batch("npsn", "NPSN")
check_nisms = _batch("nism", "NISM")
check_nomor_statistiks = check_nspps
