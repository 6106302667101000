"""Shapes of the dicts returned by :mod:`emis` (``TypedDict``s for type checkers).

They are ordinary dicts at runtime; import these names only for annotations::

    from emis.types import IdReport

    def show(r: IdReport) -> str:
        return f"{r['value_masked']}: {r['severity']}"
"""

from __future__ import annotations

from typing import Dict, List, Literal, Optional, TypedDict

__all__ = ["IdKindName", "Issue", "IdReport", "Report", "Rule", "Scope", "Severity", "Verdict"]

#: The ``kind`` of an identifier report.
IdKindName = Literal["nik", "kk", "nisn", "nip", "nuptk", "nomor_statistik", "npsn", "nism"]
#: Severity of one issue.
Severity = Literal["info", "warning", "invalid"]
#: Worst severity of a report.
Verdict = Literal["ok", "warning", "invalid"]
#: Where a rule looks.
Scope = Literal["identifier", "record", "roster", "server", "sync", "client", "registration"]


class _IssueRequired(TypedDict):
    code: str
    severity: Severity
    rule: int
    path: str
    message_id: str
    message_en: str
    hint_id: str
    hint_en: str
    params: Dict[str, str]


class Issue(_IssueRequired, total=False):
    """One finding. ``input`` (the offending value) is present only with ``include_input=True``."""

    input: str


class IdReport(TypedDict):
    """The result of checking one identifier."""

    kind: IdKindName
    #: Normalised digits, masked for personal identifiers (``3517**********01``); ``None`` when
    #: the input could not be read as the kind's digits.
    value_masked: Optional[str]
    valid: bool
    severity: Verdict
    codes: List[str]
    issues: List[Issue]
    #: Named parts (``provinsi``, ``tanggal_lahir``...) when the value could be read.
    parts: Dict[str, str]


class Report(TypedDict):
    """The result of validating records."""

    valid: bool
    severity: Verdict
    invalid_count: int
    warning_count: int
    #: Distinct codes in order of first appearance.
    codes: List[str]
    issues: List[Issue]


class Rule(TypedDict):
    """One entry of the rule catalogue."""

    code: str
    rule: int
    severity: Severity
    scope: Scope
    field: str
    message_id: str
    message_en: str
    hint_id: str
    hint_en: str
