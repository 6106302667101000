"""Exceptions raised by :mod:`emis`.

Every exception derives from :class:`EmisError`. Validation failures are
:class:`EmisValidationError`, which is also a :class:`ValueError`, so code that already
catches ``ValueError`` keeps working.

Messages are in Bahasa Indonesia first (English after a ``/``) and never contain the value
that was checked: NIK, names and birth dates are personal data and exception texts end up in
logs.
"""

from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

__all__ = ["EmisError", "EmisValidationError"]


class EmisError(Exception):
    """Base class of every error raised by emis."""


class EmisValidationError(EmisError, ValueError):
    """A value or record is invalid, or a record cannot be read.

    ``issues`` holds the issue dicts (``code``, ``severity``, ``rule``, ``path``,
    ``message_id``, ``message_en``, ``hint_id``, ``hint_en``, ``params``); it is empty when
    a record could not be read at all. ``codes`` lists their codes.
    """

    message: str
    issues: List[Dict[str, Any]]

    def __init__(self, message: str, issues: Optional[Sequence[Dict[str, Any]]] = None) -> None:
        super().__init__(message)
        self.message = message
        self.issues = list(issues or ())

    @property
    def codes(self) -> List[str]:
        """The issue codes, in order."""
        return [i["code"] for i in self.issues]

    def errors(self) -> List[Dict[str, Any]]:
        """The issues (a copy), like ``pydantic.ValidationError.errors()``."""
        return [dict(i) for i in self.issues]

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> Any:
        return (type(self), (self.message, self.issues))
