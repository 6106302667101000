"""Sync from Python: :class:`Client` (blocking) and :func:`sync` over the core engine.

Secrets come from the arguments or the environment (``EMIS_TOKEN``, or ``EMIS_EMAIL`` and
``EMIS_PASSWORD``, or ``EMIS_PUBLIC_KEY`` and ``EMIS_PRIVATE_KEY``) and never appear in a repr,
an error or the journal.

``sync`` keeps its state (outbox, journal) in a folder ``store``: running it again after an
interruption looks up what was sent before sending anything again. Ctrl-C (KeyboardInterrupt)
stops between two writes: the write in flight finishes, the session is journalled as
cancelled, nothing is lost or sent twice.
"""

from __future__ import annotations

import datetime
import importlib
import os
from typing import Any, Callable, NamedTuple, Optional, Union

from . import _emis
from ._emis import Client

__all__ = ["Client", "SyncResult", "journal", "sync"]


class SyncResult(NamedTuple):
    """What :func:`sync` returns."""

    #: The session's report (counts per status, pushed, rejected, needs_human, writes...).
    report: dict[str, Any]
    #: Every session of the store so far, newest first (a pandas DataFrame when pandas is
    #: installed, else a list of dicts).
    journal: Any
    #: One row per record with its outcome (the receipt), like ``journal``.
    records: Any


def _frame(rows: list[dict[str, Any]]) -> Any:
    try:
        pd: Any = importlib.import_module("pandas")
    except ImportError:
        return rows
    return pd.DataFrame(rows)


def _progress(progress: Any) -> Optional[Callable[[str, int, Optional[int]], None]]:
    if progress is None:
        return None
    if hasattr(progress, "update") and hasattr(progress, "n") and hasattr(progress, "refresh"):
        bar = progress  # a tqdm bar

        def to_bar(stage: str, done: int, total: Optional[int]) -> None:
            bar.set_description(stage, refresh=False)
            if total is not None:
                bar.total = total
            bar.n = done
            bar.refresh()

        return to_bar
    if not callable(progress):
        raise TypeError("progress harus callable atau bar tqdm / progress must be a callable or a tqdm bar")
    fn: Callable[[str, int, Optional[int]], None] = progress
    return fn


def sync(
    client: Client,
    statistic_num: str,
    store: Union[str, "os.PathLike[str]"],
    *,
    local: Any = None,
    today: datetime.date | None = None,
    dry_run: bool = False,
    policy: str = "emis_wins",
    progress: Any = None,
    max_writes: int | None = None,
) -> SyncResult:
    """One sync session of the lembaga ``statistic_num``.

    ``local`` (optional) replaces the store's santri: a pandas/polars DataFrame, a list of
    dicts or a spreadsheet path. ``progress`` is a tqdm bar or a callable
    ``progress(stage, done, total)``. ``policy``: ``emis_wins``, ``local_wins`` or ``manual``.
    """
    from .frames import _frame_parts

    parts: Any = None
    if local is not None:
        if isinstance(local, list) and all(isinstance(r, dict) for r in local):
            parts = local
        else:
            headers, columns, _ = _frame_parts(local)
            parts = (headers, columns)
    res = _emis._sync(
        client,
        statistic_num,
        os.fspath(store),
        local=parts,
        today=today,
        dry_run=dry_run,
        policy=policy,
        progress=_progress(progress),
        max_writes=max_writes,
    )
    report: dict[str, Any] = res["report"]
    return SyncResult(report, _frame(res["journal"]), _frame(report.get("records", [])))


def journal(store: Union[str, "os.PathLike[str]"]) -> Any:
    """The journal of a store folder: every session, newest first (DataFrame if pandas)."""
    return _frame(_emis._journal(os.fspath(store)))
