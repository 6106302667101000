"""Data frames in, issues frames out.

:func:`validate_santri` and :func:`validate_gtk` take a pandas or polars DataFrame (or, as
before, a list of dicts) and return one row per issue: ``row`` (the input's row label: its
index for pandas, its position for polars), ``field``, ``code``, ``severity``, ``message`` and
``hint`` (``lang="id"`` or ``"en"``). Headers may be EMIS names (``nik``, ``full_name``) or any
label the spreadsheet reader knows (``NIK``, ``Nama Lengkap``). Numbers in identifier columns
are read as their digits with an ``excel.*`` issue; a cell that cannot be read at all is an
issue on its row (``kolom.tipe_tidak_didukung``), the other rows are still checked. The issues
are built column by column in Rust, without the GIL.

:func:`read_spreadsheet` reads an operator's XLSX/XLS/XLSB/ODS/CSV file with the core reader
and returns ``(DataFrame, report)``.

>>> import pandas as pd, datetime, emis
>>> df = pd.DataFrame({"NIK": ["3517011708080001", 3517013002080001], "Nama Lengkap": ["Ahmad", "Budi"]},
...                   index=["r1", "r2"])
>>> issues = emis.validate_santri(df, today=datetime.date(2026, 11, 30))
>>> sorted(set(issues["row"]))
['r1', 'r2']
>>> issues[issues["field"] == "nik"][["row", "code"]].values.tolist()
[['r2', 'nik.tanggal_tidak_valid'], ['r2', 'excel.angka_dipulihkan']]
"""

from __future__ import annotations

import datetime
import importlib
import os
from typing import Any, Callable, Union

from . import _emis

__all__ = ["read_spreadsheet", "validate_gtk", "validate_santri"]

ISSUE_COLUMNS = ["row", "field", "code", "severity", "message", "hint"]


def _kind(obj: object) -> str:
    t = type(obj)
    return f"{t.__module__.split('.', 1)[0]}.{t.__name__}"


def _pandas_columns(df: Any) -> list[Any]:
    out = []
    for i in range(df.shape[1]):
        s = df.iloc[:, i]
        kind = getattr(s.dtype, "kind", "O")
        if type(s.dtype).__module__ == "numpy" and kind in "iuf":
            out.append(s.to_numpy())
        else:
            out.append(s.astype(object).where(s.notna(), None).tolist())
    return out


def _issue_lists(res: dict[str, Any]) -> dict[str, list[Any]]:
    """The issues of ``_validate_frame`` as plain lists (row positions, ``None``: no row)."""
    import array

    rows = array.array("q")
    rows.frombytes(res["row"])
    out: dict[str, list[Any]] = {"row": [r if r >= 0 else None for r in rows]}
    for c in ISSUE_COLUMNS[1:]:
        values, raw = res[c]
        codes = array.array("i")
        codes.frombytes(raw)
        out[c] = [values[i] for i in codes]
    return out


def _validate(record: str, data: Any, kw: dict[str, Any]) -> Any:
    include_input = kw.pop("include_input")
    lang = kw.pop("lang")
    k = _kind(data)
    if k == "pandas.DataFrame":
        pd: Any = importlib.import_module("pandas")
        headers = [str(c) for c in data.columns]
        np: Any = importlib.import_module("numpy")
        res = _emis._validate_frame(record, headers, _pandas_columns(data), lang=lang, **kw)
        pos = np.frombuffer(res["row"], dtype="<i8")
        rows = data.index.take(np.where(pos < 0, 0, pos))
        if (pos < 0).any():
            rows = rows.astype(object).where(pos >= 0, None)
        texts = {
            c: pd.Categorical.from_codes(np.frombuffer(res[c][1], dtype="<i4"), categories=res[c][0])
            for c in ISSUE_COLUMNS[1:]
        }
        return pd.DataFrame({"row": np.asarray(rows), **texts}, columns=ISSUE_COLUMNS)
    if k == "polars.DataFrame":
        pl: Any = importlib.import_module("polars")
        headers = list(data.columns)
        cols = [data.get_column(c).to_list() for c in headers]
        res = _emis._validate_frame(record, headers, cols, lang=lang, **kw)
        plain = _issue_lists(res)
        schema = {"row": pl.Int64, **{c: pl.String for c in ISSUE_COLUMNS[1:]}}
        return pl.DataFrame(plain, schema=schema)
    lists = _emis.validate_santri if record == "santri" else _emis.validate_gtk
    return lists(data, include_input=include_input, **kw)


def _validator(record: str, doc: str) -> Callable[..., Any]:
    def validate(
        records: Any,
        *,
        today: datetime.date | None = None,
        lembaga_kind: str | int | None = None,
        statistic_num: str | None = None,
        include_input: bool = False,
        lang: str = "id",
    ) -> Any:
        kw = dict(today=today, lembaga_kind=lembaga_kind, statistic_num=statistic_num)
        return _validate(record, records, dict(kw, include_input=include_input, lang=lang))

    validate.__name__ = validate.__qualname__ = f"validate_{record}"
    validate.__doc__ = doc
    return validate


validate_santri = _validator(
    "santri",
    """Validates santri: a pandas/polars DataFrame gives an issues DataFrame (see
    :mod:`emis.frames`); a list of dicts gives the report dict of
    :func:`emis.validate_santri_list`.""",
)
validate_gtk = _validator("gtk", """Validates GTK records like :func:`validate_santri`.""")


def read_spreadsheet(source: Union[str, "os.PathLike[str]", bytes], *, polars: bool = False) -> tuple[Any, dict[str, Any]]:
    """Reads an XLSX/XLS/XLSB/ODS/CSV file (a path or its bytes) with the core reader.

    Returns ``(frame, report)``: a pandas DataFrame (a polars one with ``polars=True``) of text
    columns under their canonical names (``nik``, ``full_name``...), indexed by the row number
    as the spreadsheet shows it (``baris``), with a ``sheet`` column for workbooks; and the
    reader's report (``format``, ``columns`` used, ``ignored``, ``unknown``, ``sheets``, and
    ``issues`` with the Excel damage found per cell). A file without santri/GTK data raises
    :class:`emis.EmisValidationError`.
    """
    res = _emis._read_spreadsheet(source)
    cols = dict(res["columns"])
    has_sheets = any(s is not None for s in res["sheet"])
    if polars:
        pl: Any = importlib.import_module("polars")
        data = {"baris": res["row"], **({"sheet": res["sheet"]} if has_sheets else {}), **cols}
        return pl.DataFrame(data), res["report"]
    pd: Any = importlib.import_module("pandas")
    if has_sheets:
        cols = {"sheet": res["sheet"], **cols}
    frame = pd.DataFrame(cols, index=pd.Index(res["row"], name="baris"))
    return frame, res["report"]


def _frame_parts(data: Any) -> tuple[list[str], list[Any], list[Any]]:
    """``(headers, columns, row labels)`` of a pandas/polars DataFrame, a list of dicts, or a
    spreadsheet path (labels: the rows as the spreadsheet shows them)."""
    k = _kind(data)
    if k == "pandas.DataFrame":
        return [str(c) for c in data.columns], _pandas_columns(data), list(data.index)
    if k == "polars.DataFrame":
        headers = list(data.columns)
        return headers, [data.get_column(c).to_list() for c in headers], list(range(data.height))
    if isinstance(data, (str, bytes, os.PathLike)):
        res = _emis._read_spreadsheet(data)
        headers = list(res["columns"])
        return headers, [res["columns"][h] for h in headers], list(res["row"])
    if isinstance(data, list) and all(isinstance(r, dict) for r in data):
        headers = sorted({key for r in data for key in r})
        return headers, [[r.get(h) for r in data] for h in headers], list(range(len(data)))
    raise TypeError(
        "harus DataFrame pandas/polars, list berisi dict, atau path berkas / "
        "expected a pandas/polars DataFrame, a list of dicts or a file path"
    )
