"""Validasi data pesantren EMIS 4.0 PD-Pontren: identifiers (NIK, No. KK, NISN, NIP, NUPTK,
nomor statistik, NPSN, NISM), santri and GTK records. The rules live in the Rust crate
``emis-core``; this package is a thin binding.

Reports are plain dicts and lists. Personal values are masked in reports and never appear in
exception messages unless ``include_input=True`` is passed.

>>> import emis
>>> emis.check_nik("3517011708080001")["valid"]
True
>>> emis.check_niks(["3517011708080001", "3517013002080001", None])
[True, False, False]
"""

from __future__ import annotations

from ._emis import (
    __version__,
    check,
    check_kk,
    check_nik,
    check_nip,
    check_nisn,
    check_nism,
    check_nomor_statistik,
    check_npsn,
    check_nspp,
    check_nuptk,
    diff_exports,
    parse,
    parse_kk,
    parse_nik,
    parse_nip,
    parse_nisn,
    parse_nism,
    parse_nomor_statistik,
    parse_npsn,
    parse_nspp,
    parse_nuptk,
    rules,
    validate_gtk_list,
    validate_santri_list,
)
from .frames import read_spreadsheet, validate_gtk, validate_santri
from .matching import Reconciled, find_duplicates, reconcile
from .client import Client, SyncResult, journal, sync
from .columns import (
    check_column,
    check_kks,
    check_many,
    check_niks,
    check_nips,
    check_nisms,
    check_nisns,
    check_nomor_statistiks,
    check_npsns,
    check_nspps,
    check_nuptks,
)
from .exceptions import EmisError, EmisValidationError

__all__ = [
    "Client",
    "SyncResult",
    "EmisError",
    "EmisValidationError",
    "Reconciled",
    "__version__",
    "check",
    "check_column",
    "check_kk",
    "check_kks",
    "check_many",
    "check_nik",
    "check_niks",
    "check_nip",
    "check_nips",
    "check_nisn",
    "check_nisns",
    "check_nism",
    "check_nisms",
    "check_nomor_statistik",
    "check_nomor_statistiks",
    "check_npsn",
    "check_npsns",
    "check_nspp",
    "check_nspps",
    "check_nuptk",
    "check_nuptks",
    "diff_exports",
    "find_duplicates",
    "journal",
    "parse",
    "parse_kk",
    "parse_nik",
    "parse_nip",
    "parse_nisn",
    "parse_nism",
    "parse_nomor_statistik",
    "parse_npsn",
    "parse_nspp",
    "parse_nuptk",
    "read_spreadsheet",
    "reconcile",
    "rules",
    "sync",
    "validate_gtk",
    "validate_gtk_list",
    "validate_santri",
    "validate_santri_list",
]
