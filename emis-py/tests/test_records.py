"""validate_santri / validate_gtk on dicts: flat rows and nested EMIS JSON."""

from __future__ import annotations

import datetime
import math
from collections import OrderedDict
from typing import Any, Union

import pytest

import emis
from conftest import TODAY
from emis.types import Report


def good_flat() -> dict[str, Any]:
    return {
        "full_name": "Ahmad Fauzi",
        "nik": "3517011708080001",
        "kk_num": "3517011203240003",
        "nisn": "0081234567",
        "birth_place": "JOMBANG",
        "birth_date": "2008-08-17",
        "m_gender": "L",
        "status_mukim": "mukim",
        "mother_full_name": "Siti Aminah",
        "father_nik": "3517010101750003",
        "study_group": "Kelas 10 - A",
        "m_level_id": "Ulya",
        "admission_date": "2024-07-15",
    }


def good_nested() -> dict[str, Any]:
    return {
        "full_name": "Ahmad Fauzi",
        "nik": "3517011708080001",
        "kk_num": "3517011203240003",
        "nisn": "0081234567",
        "birth_place": "JOMBANG",
        "birth_date": datetime.date(2008, 8, 17),
        "m_gender": {"id": 1, "name": "Laki-laki"},
        "status_mukim": "mukim",
        "parents": {"mother_full_name": "Siti Aminah", "father_nik": "3517010101750003"},
        "learning_activity": {
            "study_group": "Kelas 10 - A",
            "m_level_id": {"name": "Ulya"},
            "admission_date": datetime.date(2024, 7, 15),
        },
    }


def codes_at(report: Report, path: str) -> list[str]:
    return [i["code"] for i in report["issues"] if i["path"] == path]


@pytest.mark.parametrize("record", [good_flat(), good_nested()])
def test_clean_records(record: dict[str, Any]) -> None:
    r = emis.validate_santri([record], today=TODAY, lembaga_kind="Pontren")
    assert r["issues"] == [], r["codes"]
    assert r == {"valid": True, "severity": "ok", "invalid_count": 0, "warning_count": 0, "codes": [], "issues": []}


def test_every_issue_with_paths() -> None:
    bad = {
        "full_name": "Budi 2",
        "nik": "3517013002080000",
        "birth_date": "2030-01-01",
        "m_gender": "X",
        "mother_full_name": "Bunda",
        "birth_place": "Kab.semarang",
    }
    r = emis.validate_santri([good_flat(), bad], today=TODAY, lembaga_kind=1)
    assert r["valid"] is False and r["severity"] == "invalid"
    assert codes_at(r, "[0].nik") == []
    nik_codes = codes_at(r, "[1].nik")
    assert "nik.tanggal_tidak_valid" in nik_codes and "nik.nomor_urut_nol" in nik_codes
    assert "nama.mengandung_angka" in codes_at(r, "[1].full_name")
    assert "tanggal_lahir.masa_depan" in codes_at(r, "[1].birth_date")
    assert "jenis_kelamin.tidak_valid" in codes_at(r, "[1].m_gender")
    assert "nama_ibu.placeholder" in codes_at(r, "[1].parents.mother_full_name")
    assert "status_mukim.wajib" in codes_at(r, "[1].status_mukim")
    assert r["invalid_count"] == sum(i["severity"] == "invalid" for i in r["issues"])
    assert r["warning_count"] == sum(i["severity"] == "warning" for i in r["issues"])
    assert r["codes"] == list(dict.fromkeys(i["code"] for i in r["issues"]))
    assert all(i["path"].startswith("[1].") for i in r["issues"])


def test_roster_rule_duplicate_nik() -> None:
    a, b = good_flat(), good_nested()
    r = emis.validate_santri([a, b], today=TODAY)
    assert "nik.ganda" in r["codes"]


def test_lembaga_kind_and_statistic_num() -> None:
    rec = good_flat()
    del rec["status_mukim"]
    assert "status_mukim.wajib" not in emis.validate_santri([rec], today=TODAY)["codes"]
    kinds: list[Union[str, int]] = ["Pontren", "pondok pesantren", 1]
    for kind in kinds:
        assert "status_mukim.wajib" in emis.validate_santri([rec], today=TODAY, lembaga_kind=kind)["codes"]
    rec = dict(good_flat(), local_nis="311232050001240007")
    r = emis.validate_santri([rec], today=TODAY, statistic_num="510033110106")
    assert "nism.tidak_sesuai_lembaga" in codes_at(r, "[0].local_nis")
    with pytest.raises(ValueError, match="lembaga_kind"):
        emis.validate_santri([rec], lembaga_kind="sekolah")
    with pytest.raises(ValueError):
        emis.validate_santri([rec], lembaga_kind=9)
    with pytest.raises(TypeError):
        emis.validate_santri([rec], lembaga_kind=1.0)  # type: ignore[arg-type]


def test_python_values_are_converted() -> None:
    rec = good_flat()
    rec.update(nik=3517011708080001, birth_date=datetime.datetime(2008, 8, 17, 7, 30), nisn=math.nan, rt=None)
    r = emis.validate_santri([OrderedDict(rec)], today=TODAY, lembaga_kind="pontren")
    assert r["issues"] == [], r["codes"]


def test_unreadable_records_raise_naming_the_index() -> None:
    with pytest.raises(emis.EmisValidationError, match=r"\[1\]") as e:
        emis.validate_santri([good_flat(), "3517011708080001"])  # type: ignore[list-item]
    assert isinstance(e.value, ValueError)
    assert "3517011708080001" not in str(e.value)
    with pytest.raises(emis.EmisValidationError, match=r"\[0\].*OrangTua") as e:
        emis.validate_santri([{"nik": "3517011708080001", "parents": "Siti Aminah"}])
    assert "Siti" not in str(e.value)
    with pytest.raises(emis.EmisValidationError, match=r"parents\.nik.*set") as e:
        emis.validate_santri([{"parents": {"nik": {"3517011708080001"}}}])
    assert "3517" not in str(e.value)
    with pytest.raises(emis.EmisValidationError, match=r"parents\.…") as e:
        emis.validate_santri([{"parents": {"3517011708080001": {1}}}])
    assert "3517" not in str(e.value)
    with pytest.raises(emis.EmisValidationError, match="str"):
        emis.validate_santri([{1: "x"}])  # type: ignore[dict-item]
    with pytest.raises(emis.EmisValidationError):
        emis.validate_gtk([None])  # type: ignore[list-item]


def test_wrong_records_argument() -> None:
    with pytest.raises(TypeError, match="single dict"):
        emis.validate_santri(good_flat())  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        emis.validate_santri("3517011708080001")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        emis.validate_santri(5)  # type: ignore[arg-type]
    assert emis.validate_santri([])["valid"] is True
    assert emis.validate_santri(iter([good_flat()]), today=TODAY)["valid"] is True


def test_include_input_in_records() -> None:
    rec = dict(good_flat(), nik="3517013002080001")
    r = emis.validate_santri([rec], today=TODAY)
    assert "3517013002080001" not in repr(r)
    r = emis.validate_santri([rec], today=TODAY, include_input=True)
    issue = next(i for i in r["issues"] if i["path"] == "[0].nik")
    assert issue["input"] == "3517013002080001"


def good_gtk() -> dict[str, Any]:
    return {
        "full_name": "Abdul Karim",
        "nik": "3517010101900001",
        "nip": "199001012020121001",
        "nuptk": "1234567890123456",
        "birth_place": "JOMBANG",
        "birth_date": "1990-01-01",
        "m_gender": "L",
        "mother_name": "Fatimah",
        "status_kepegawaian": "PNS",
        "pendidikan": "SD;SMP;SMA;S1",
    }


def test_gtk() -> None:
    assert emis.validate_gtk([good_gtk()], today=TODAY)["issues"] == []
    no_nip = dict(good_gtk())
    del no_nip["nip"]
    pppk = dict(good_gtk(), nip="199005052023211001")
    r = emis.validate_gtk([good_gtk(), no_nip, pppk], today=TODAY)
    assert "gtk.nip_wajib" in codes_at(r, "[1].nip") or "gtk.nip_wajib" in [
        i["code"] for i in r["issues"] if i["path"].startswith("[1]")
    ]
    assert any(i["code"] == "nip.pppk" and i["path"].startswith("[2]") for i in r["issues"])
    assert "nik.ganda" in r["codes"] and "nuptk.ganda" in r["codes"]
    nested = dict(good_gtk(), education_history=[{"jenjang": j} for j in ["SD", "SMP", "SMA", "S1"]])
    del nested["pendidikan"]
    assert emis.validate_gtk([nested], today=TODAY)["issues"] == []
    assert emis.validate_gtk_list is emis._emis.validate_gtk  # the DataFrame-aware wrapper delegates to it
    assert emis.validate_santri_list is emis._emis.validate_santri
