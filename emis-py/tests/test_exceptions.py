"""Exceptions: hierarchy, pickling, and no personal data in their text."""

from __future__ import annotations

import copy
import pickle

import pytest

import emis
from emis.exceptions import EmisError, EmisValidationError

INVALID = {
    "nik": "3517013002080001",
    "kk": "0005011203240003",
    "nisn": "00812345AB",
    "nip": "199013012020121001",
    "nuptk": "123456789012345",
    "nspp": "51003311010",
    "npsn": "2032027",
    "nism": "31123205000124000",
}


def test_hierarchy() -> None:
    assert issubclass(EmisValidationError, EmisError)
    assert issubclass(EmisValidationError, ValueError)
    assert issubclass(EmisError, Exception)
    assert emis.EmisError is EmisError and emis.EmisValidationError is EmisValidationError


@pytest.mark.parametrize("kind", sorted(INVALID))
def test_parse_raises_without_the_value(kind: str) -> None:
    value = INVALID[kind]
    with pytest.raises(ValueError) as info:
        emis.parse(kind, value)
    e = info.value
    assert isinstance(e, EmisValidationError)
    assert e.codes and all(c.startswith(("nik", "kk", "nisn", "nip", "nuptk", "nomor_statistik", "npsn", "nism")) for c in e.codes)
    assert e.codes == [i["code"] for i in e.issues]
    assert "tidak valid" in str(e)  # Bahasa Indonesia first
    for text in (str(e), repr(e), repr(e.issues), repr(e.args)):
        assert value not in text
    assert all("input" not in i for i in e.issues)
    specific = getattr(emis, f"parse_{kind}")
    with pytest.raises(EmisValidationError):
        specific(value)


def test_nik_codes() -> None:
    with pytest.raises(EmisValidationError) as info:
        emis.parse_nik("3517013002080001")
    assert info.value.codes == ["nik.tanggal_tidak_valid"]
    assert str(info.value).startswith("NIK tidak valid")
    assert info.value.errors() == info.value.issues and info.value.errors() is not info.value.issues


def test_pickle_and_copy_round_trip() -> None:
    with pytest.raises(EmisValidationError) as info:
        emis.parse_nik("3517011708080000")
    e = info.value
    for again in (pickle.loads(pickle.dumps(e)), copy.deepcopy(e), copy.copy(e)):
        assert type(again) is EmisValidationError
        assert str(again) == str(e)
        assert again.issues == e.issues
        assert again.codes == ["nik.nomor_urut_nol"]
        assert again.args == e.args
    with pytest.raises(EmisValidationError) as info:
        emis.validate_santri([1])  # type: ignore[list-item]
    again = pickle.loads(pickle.dumps(info.value))
    assert str(again) == str(info.value) and again.issues == []


def test_constructible_from_python() -> None:
    e = EmisValidationError("pesan")
    assert e.issues == [] and e.codes == [] and str(e) == "pesan"
    assert pickle.loads(pickle.dumps(EmisError("x"))).args == ("x",)
