"""Arrow RecordBatch -> RecordBatch functions for engines that hand out record batches
(Spark ``mapInArrow``, Ray ``map_batches``, Dask partitions via pyarrow, DuckDB, polars).

Input: anything with ``__arrow_c_array__`` (a RecordBatch, an array) or
``__arrow_c_stream__`` (a Table, a reader, a polars DataFrame); read in place, no copy of the
text. Output: a RecordBatch built in Rust without the GIL: a ``pyarrow.RecordBatch`` when the
input came from pyarrow, otherwise an object exporting ``__arrow_c_array__`` (give it to
``pyarrow.record_batch``, ``polars.DataFrame``, ``duckdb``...). No network call is made here:
fan the CPU work out, keep EMIS pulls on the driver (see docs/python.md).

>>> import pyarrow as pa, emis.arrow
>>> batch = pa.record_batch({"nik": ["3517011708080001", "3517013002080001"]})
>>> emis.arrow.check(batch, "nik", column="nik").to_pylist()
[{'valid': True, 'code': None}, {'valid': False, 'code': 'nik.tanggal_tidak_valid'}]
>>> issues = emis.arrow.validate_santri(batch)
>>> issues.schema.names
['row', 'field', 'code', 'severity', 'message', 'hint']
"""

from __future__ import annotations

import datetime
import importlib
from typing import Any, Optional

from . import _emis

__all__ = ["check", "validate_gtk", "validate_santri"]


def _back(data: Any, out: Any) -> Any:
    if type(data).__module__.split(".", 1)[0] == "pyarrow":
        pa: Any = importlib.import_module("pyarrow")
        return pa.record_batch(out)
    return out


def check(data: Any, kind: str, column: Optional[str] = None, *, today: datetime.date | None = None) -> Any:
    """``valid`` and ``code`` per value of an Arrow array, or of ``column`` of a batch/table."""
    return _back(data, _emis._arrow_check(data, kind, column, today=today))


def validate_santri(data: Any, *, today: datetime.date | None = None, lang: str = "id") -> Any:
    """The issues of a santri batch/table: ``row`` (position), ``field``, ``code``,
    ``severity``, ``message``, ``hint``."""
    return _back(data, _emis._arrow_validate(data, "santri", today=today, lang=lang))


def validate_gtk(data: Any, *, today: datetime.date | None = None, lang: str = "id") -> Any:
    """The issues of a GTK batch/table, like :func:`validate_santri`."""
    return _back(data, _emis._arrow_validate(data, "gtk", today=today, lang=lang))
