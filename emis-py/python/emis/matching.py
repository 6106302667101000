"""Reconcile against an EMIS export and find data ganda across operators' files, with the
sync engine's own matching (``emis_core::sync::reconcile``): NIK, then NISN, then a name
corroborated by the mother's name, No. KK or NISN. Two different valid NIKs are never merged
(twins, namesakes); a name hit nothing corroborates is only reported as possible.

Values of differing fields are shown as compared (normalised) and masked unless
``reveal=True``.

>>> import pandas as pd, datetime, emis
>>> base = {"nik": ["3517011708080001"], "full_name": ["Ahmad Fauzi"], "birth_date": ["2008-08-17"],
...         "birth_place": ["Malang"], "m_gender": ["L"]}
>>> local = pd.DataFrame({**base, "mother_full_name": ["Siti Aminah"]}, index=["L1"])
>>> export = pd.DataFrame({**base, "mother_full_name": ["Siti Aminah Z"]}, index=["E9"])
>>> r = emis.reconcile(local, export, today=datetime.date(2026, 11, 30))
>>> r.records[["status", "local_row", "emis_row", "matched_by"]].values.tolist()
[['DISKREPANSI', 'L1', 'E9', 'nik']]
>>> r.changes[["field", "old", "new"]].values.tolist()
[['parents.mother_full_name', 's*** a***** z', 's*** a*****']]
"""

from __future__ import annotations

import datetime
import importlib
import os
from typing import Any, NamedTuple, Sequence, Union

from . import _emis
from .frames import _frame_parts

__all__ = ["Reconciled", "find_duplicates", "reconcile"]


class Reconciled(NamedTuple):
    """What :func:`reconcile` returns: two pandas DataFrames."""

    #: One row per record: ``status``, ``local_row``, ``emis_row``, ``matched_by``, ``codes``,
    #: ``near_duplicates`` (EMIS row labels that may be the same person).
    records: Any
    #: One row per differing field of a matched pair: ``local_row``, ``emis_row``, ``field``,
    #: ``old`` (EMIS), ``new`` (local).
    changes: Any


def _label(labels: list[Any], i: Any) -> Any:
    return None if i is None else labels[i]


def reconcile(local: Any, emis_export: Any, *, today: datetime.date | None = None, reveal: bool = False) -> Reconciled:
    """Reconciles local santri against an EMIS export (DataFrames, lists of dicts or paths).

    Statuses: ``TERDAFTAR``, ``DISKREPANSI``, ``BELUM_TERDAFTAR``, ``HANYA_DI_EMIS``, ``GANDA``,
    ``INVALID``. Row labels are the inputs' (pandas index, polars position, spreadsheet row).
    """
    pd: Any = importlib.import_module("pandas")
    lh, lc, ll = _frame_parts(local)
    rh, rc, rl = _frame_parts(emis_export)
    res = _emis._reconcile_frames((lh, lc), (rh, rc), today=today, reveal=reveal)
    rec = res["records"]
    records = pd.DataFrame(
        {
            "status": rec["status"],
            "local_row": [_label(ll, i) for i in rec["local"]],
            "emis_row": [_label(rl, i) for i in rec["remote"]],
            "matched_by": rec["matched_by"],
            "codes": rec["codes"],
            "near_duplicates": [[rl[i] for i in near] for near in rec["near_duplicates"]],
        }
    )
    ch = res["changes"]
    changes = pd.DataFrame(
        {
            "local_row": [ll[i] for i in ch["local"]],
            "emis_row": [rl[i] for i in ch["remote"]],
            "field": ch["field"],
            "old": ch["old"],
            "new": ch["new"],
        },
        columns=["local_row", "emis_row", "field", "old", "new"],
    )
    return Reconciled(records, changes)


def find_duplicates(
    frames_or_paths: Sequence[Union[Any, str, "os.PathLike[str]"]],
    *,
    names: Sequence[str] | None = None,
    today: datetime.date | None = None,
    reveal: bool = False,
) -> Any:
    """Data ganda across many operators' files (DataFrames, lists of dicts or paths), offline.

    Returns a pandas DataFrame, one row per pair: ``source``, ``row``, ``other_source``,
    ``other_row`` (sources named by ``names``, else the path, else the position), ``status``
    (``GANDA``: the same person, ``MUNGKIN_GANDA``: same name and birth date or place, nothing
    else agreeing: check by hand), ``matched_by`` and ``nik`` (masked unless ``reveal``).
    Duplicates inside one file are reported by that file's validation (``nik.ganda``).
    """
    pd: Any = importlib.import_module("pandas")
    parts = [_frame_parts(f) for f in frames_or_paths]
    if names is None:
        names = [os.fspath(f) if isinstance(f, (str, os.PathLike)) else str(i) for i, f in enumerate(frames_or_paths)]
    res = _emis._find_duplicates([(h, c) for h, c, _ in parts], today=today, reveal=reveal)
    return pd.DataFrame(
        {
            "source": [names[s] for s in res["source"]],
            "row": [parts[s][2][r] for s, r in zip(res["source"], res["row"])],
            "other_source": [names[s] for s in res["other_source"]],
            "other_row": [parts[s][2][r] for s, r in zip(res["other_source"], res["other_row"])],
            "status": res["status"],
            "matched_by": res["matched_by"],
            "nik": res["nik"],
        },
        columns=["source", "row", "other_source", "other_row", "status", "matched_by", "nik"],
    )
