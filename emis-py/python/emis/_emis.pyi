"""Typed stubs for the ``emis._emis`` extension module (Rust, pyo3)."""

import datetime
import os
from collections.abc import Iterable, Mapping
from typing import Any

from typing_extensions import final

from emis.types import IdReport, Report, Rule

__version__: str
__all__ = [
    "Client",
    "__version__",
    "_arrow_check",
    "_arrow_validate",
    "_journal",
    "_sync",
    "_check_column",
    "_find_duplicates",
    "_read_spreadsheet",
    "_reconcile_frames",
    "_validate_frame",
    "check",
    "check_kk",
    "check_kks",
    "check_many",
    "check_nik",
    "check_niks",
    "check_nip",
    "check_nips",
    "check_nism",
    "check_nisms",
    "check_nisn",
    "check_nisns",
    "check_nomor_statistik",
    "check_nomor_statistiks",
    "check_npsn",
    "check_npsns",
    "check_nspp",
    "check_nspps",
    "check_nuptk",
    "check_nuptks",
    "diff_exports",
    "parse",
    "parse_kk",
    "parse_nik",
    "parse_nip",
    "parse_nism",
    "parse_nisn",
    "parse_nomor_statistik",
    "parse_npsn",
    "parse_nspp",
    "parse_nuptk",
    "rules",
    "validate_gtk",
    "validate_gtk_list",
    "validate_santri",
    "validate_santri_list",
]

# One identifier: a report dict, never an exception for a bad value. ``today`` defaults to
# the system date in WIB (UTC+7). ``include_input=True`` puts the raw value in each issue.
def check(
    kind: str, value: str, *, today: datetime.date | None = None, include_input: bool = False
) -> IdReport: ...
def check_nik(value: str, *, today: datetime.date | None = None, include_input: bool = False) -> IdReport: ...
def check_kk(value: str, *, today: datetime.date | None = None, include_input: bool = False) -> IdReport: ...
def check_nisn(value: str, *, today: datetime.date | None = None, include_input: bool = False) -> IdReport: ...
def check_nip(value: str, *, today: datetime.date | None = None, include_input: bool = False) -> IdReport: ...
def check_nuptk(value: str, *, today: datetime.date | None = None, include_input: bool = False) -> IdReport: ...
def check_nspp(value: str, *, today: datetime.date | None = None, include_input: bool = False) -> IdReport: ...
def check_nomor_statistik(
    value: str, *, today: datetime.date | None = None, include_input: bool = False
) -> IdReport: ...
def check_npsn(value: str, *, today: datetime.date | None = None, include_input: bool = False) -> IdReport: ...
def check_nism(value: str, *, today: datetime.date | None = None, include_input: bool = False) -> IdReport: ...

# Many identifiers: one bool per item, in order. Items that are not ``str`` give ``False``;
# a non-iterable argument (or a single ``str``/``bytes``) raises ``TypeError``. ``today``
# (default: the system date) matters only for kinds with date rules (NIP).
def check_many(kind: str, values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...
def check_niks(values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...
def check_kks(values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...
def check_nisns(values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...
def check_nips(values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...
def check_nuptks(values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...
def check_nspps(values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...
def check_nomor_statistiks(values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...
def check_npsns(values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...
def check_nisms(values: Iterable[object], *, today: datetime.date | None = None) -> list[bool]: ...

# The column check behind ``emis.columns.check_column``: ``(bytes of 0/1, codes | None)`` for a
# list, iterable or NumPy array; ``(Arrow array, Arrow array | None)`` for an Arrow object.
def _check_column(
    kind: str, values: object, *, today: datetime.date | None = None, codes: bool = False
) -> tuple[Any, Any]: ...

# Behind ``emis.frames.validate_santri(df)``: the issues as columns plus the columns read.
def _validate_frame(
    record: str,
    headers: list[str],
    columns: list[Any],
    *,
    today: datetime.date | None = None,
    lembaga_kind: str | int | None = None,
    statistic_num: str | None = None,
    lang: str = "id",
) -> dict[str, Any]: ...

# Behind ``emis.read_spreadsheet``: columns, source rows and sheets, and the reader's report.
def _read_spreadsheet(source: bytes | str | os.PathLike[str]) -> dict[str, Any]: ...

# Behind ``emis.reconcile`` / ``emis.find_duplicates``: frames as ``(headers, columns)``.
def _reconcile_frames(
    local: tuple[list[str], list[Any]],
    remote: tuple[list[str], list[Any]],
    *,
    today: datetime.date | None = None,
    reveal: bool = False,
) -> dict[str, Any]: ...
def _find_duplicates(
    sources: list[tuple[list[str], list[Any]]], *, today: datetime.date | None = None, reveal: bool = False
) -> dict[str, Any]: ...

# A blocking EMIS client; secrets from the arguments or EMIS_TOKEN / EMIS_EMAIL +
# EMIS_PASSWORD / EMIS_PUBLIC_KEY + EMIS_PRIVATE_KEY, never shown.
@final
class Client:
    def __new__(
        cls,
        base_url: str,
        *,
        email: str | None = None,
        password: str | None = None,
        token: str | None = None,
        simpeg_url: str | None = None,
        gtk_url: str | None = None,
        timeout: float = 30.0,
        pacing: bool = True,
    ) -> Client: ...
    def lembaga(self, statistic_num: str) -> Any: ...
    def santri(self, *, per_page: int = 10000) -> Any: ...

# Behind ``emis.sync`` / ``emis.journal``.
def _sync(
    client: Client,
    statistic_num: str,
    store: str | os.PathLike[str],
    *,
    local: Any = None,
    today: datetime.date | None = None,
    dry_run: bool = False,
    policy: str = "emis_wins",
    progress: Any = None,
    max_writes: int | None = None,
) -> dict[str, Any]: ...
def _journal(store: str | os.PathLike[str]) -> Any: ...

# Behind ``emis.arrow``: Arrow in (PyCapsule), a RecordBatch exporting ``__arrow_c_array__`` out.
def _arrow_validate(
    data: Any, record: str = "santri", *, today: datetime.date | None = None, lang: str = "id"
) -> Any: ...
def _arrow_check(data: Any, kind: str, column: str | None = None, *, today: datetime.date | None = None) -> Any: ...

# The normalised digits of a valid identifier (warnings allowed); raises
# ``emis.EmisValidationError`` (a ``ValueError``) when it is invalid.
def parse(kind: str, value: str) -> str: ...
def parse_nik(value: str) -> str: ...
def parse_kk(value: str) -> str: ...
def parse_nisn(value: str) -> str: ...
def parse_nip(value: str) -> str: ...
def parse_nuptk(value: str) -> str: ...
def parse_nspp(value: str) -> str: ...
def parse_nomor_statistik(value: str) -> str: ...
def parse_npsn(value: str) -> str: ...
def parse_nism(value: str) -> str: ...

# Records: nested EMIS JSON dicts or flat dicts with EMIS column names. Issue paths are
# ``[index].field``. A record that cannot be read raises ``emis.EmisValidationError``.
def validate_santri(
    records: Iterable[Mapping[str, Any]],
    *,
    today: datetime.date | None = None,
    lembaga_kind: str | int | None = None,
    statistic_num: str | None = None,
    include_input: bool = False,
) -> Report: ...
def validate_santri_list(
    records: Iterable[Mapping[str, Any]],
    *,
    today: datetime.date | None = None,
    lembaga_kind: str | int | None = None,
    statistic_num: str | None = None,
    include_input: bool = False,
) -> Report: ...
def validate_gtk(
    records: Iterable[Mapping[str, Any]],
    *,
    today: datetime.date | None = None,
    lembaga_kind: str | int | None = None,
    statistic_num: str | None = None,
    include_input: bool = False,
) -> Report: ...
def validate_gtk_list(
    records: Iterable[Mapping[str, Any]],
    *,
    today: datetime.date | None = None,
    lembaga_kind: str | int | None = None,
    statistic_num: str | None = None,
    include_input: bool = False,
) -> Report: ...

# The rule catalogue.
def rules() -> list[Rule]: ...
def diff_exports(
    a: bytes | str | os.PathLike[str], b: bytes | str | os.PathLike[str], *, key: str = "nik", max_keys: int = 0
) -> dict[str, Any]: ...
