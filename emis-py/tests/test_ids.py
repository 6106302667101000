"""Single identifiers: report dicts, the raising parse API, personal data kept out."""

from __future__ import annotations

import datetime

import pytest

import emis
from conftest import TODAY

ISSUE_KEYS = {"code", "severity", "rule", "path", "message_id", "message_en", "hint_id", "hint_en", "params"}


@pytest.mark.parametrize("nik", ["3517011708080001", "3273014503100002", " 3517 0117 0808 0001 ", "3517.0117.0808.0001"])
def test_valid_niks(nik: str) -> None:
    r = emis.check_nik(nik, today=TODAY)
    assert r["valid"] is True
    assert r["severity"] == "ok"
    assert r["codes"] == [] and r["issues"] == []
    assert r["kind"] == "nik"


def test_report_shape_and_parts() -> None:
    r = emis.check_nik("3273014503100002", today=TODAY)
    assert set(r) == {"kind", "value_masked", "valid", "severity", "codes", "issues", "parts"}
    assert r["value_masked"] == "3273**********02"
    parts = r["parts"]
    assert parts["jenis_kelamin"] == "P"  # day 45 = 5 + 40
    assert parts["tanggal_lahir"] == "2010-03-05"
    assert parts["nomor_urut"] == "0002"
    assert parts["provinsi"].startswith("32 ")
    assert parts["kab_kota"].startswith("32.73 ")


@pytest.mark.parametrize(
    ("nik", "code"),
    [
        ("3517013002080001", "nik.tanggal_tidak_valid"),  # 30 February
        ("3517011708080000", "nik.nomor_urut_nol"),
        ("351701170808001", "nik.panjang_salah"),
        ("3570011708080001", "nik.kabkota_tidak_valid"),
        ("3199011708080001", "nik.wilayah_tidak_dikenal"),  # never issued
        ("", "nik.kosong"),
        ("   ", "nik.kosong"),
        ("327301010190000\u00b2", "nik.karakter_tidak_valid"),  # superscript two
        ("\u0663\u0665\u0661\u0667\u0660\u0661\u0661\u0667\u0660\u0668\u0660\u0668\u0660\u0660\u0660\u0661", "nik.karakter_tidak_valid"),  # Arabic-Indic
        ("\uff13\uff15\uff11\uff17\uff10\uff11\uff11\uff17\uff10\uff18\uff10\uff18\uff10\uff10\uff10\uff11", "nik.karakter_tidak_valid"),  # full-width
        ("327301ABCDEFGHIJ", "nik.karakter_tidak_valid"),
    ],
)
def test_invalid_niks(nik: str, code: str) -> None:
    r = emis.check_nik(nik, today=TODAY)
    assert r["valid"] is False
    assert r["severity"] == "invalid"
    assert code in r["codes"]
    issue = next(i for i in r["issues"] if i["code"] == code)
    assert set(issue) == ISSUE_KEYS
    assert issue["severity"] == "invalid"
    assert issue["path"] == "nik"
    assert isinstance(issue["rule"], int) and issue["rule"] > 0
    assert issue["message_id"] and issue["message_en"] and issue["message_id"] != issue["message_en"]
    assert emis.check_niks([nik]) == [False]


def test_retired_region_is_valid_with_a_warning() -> None:
    r = emis.check_nik("9101011708080001", today=TODAY)
    assert r["valid"] is True
    assert r["severity"] == "warning"
    assert r["codes"] == ["nik.wilayah_lama"]
    assert r["issues"][0]["severity"] == "warning"
    assert emis.check_niks(["9101011708080001"]) == [True]


def test_unreadable_values_have_no_masked_value() -> None:
    assert emis.check_nik("351701170808001")["value_masked"] is None
    assert emis.check_nik("327301010190000\u00b2")["value_masked"] is None


def test_huge_string() -> None:
    huge = "1" * 10_000_000
    r = emis.check_nik(huge)
    assert r["codes"] == ["nik.panjang_salah"]
    assert r["value_masked"] is None
    assert emis.check_niks([huge, "3517011708080001"]) == [False, True]
    # Padding is trimmed by the core, whatever the length of the str.
    padded = " " * 100_000 + "3517011708080001" + "\t" * 100_000
    assert emis.check_nik(padded)["valid"] is True
    assert emis.check_niks([padded]) == [True]


def test_lone_surrogate_is_invalid_not_an_error() -> None:
    assert emis.check_niks(["351701170808000\ud800"]) == [False]


def test_today_parameter() -> None:
    # "08" is 2008 today, but 1908 on a day in 2000: the century follows `today`.
    assert emis.check_nik("3517011708080001", today=TODAY)["parts"]["tanggal_lahir"] == "2008-08-17"
    assert emis.check_nik("3517011708080001", today=datetime.date(2000, 1, 1))["parts"]["tanggal_lahir"] == "1908-08-17"
    # A datetime is a date too.
    dt = datetime.datetime(2026, 11, 30, 12, 0)
    assert emis.check_nik("3517011708080001", today=dt)["parts"]["tanggal_lahir"] == "2008-08-17"
    # Default: the system date.
    assert emis.check_nik("3517011708080001")["valid"] is True
    with pytest.raises(TypeError):
        emis.check_nik("3517011708080001", today="2026-11-30")  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        emis.check_nik("3517011708080001", datetime.date(2026, 1, 1))  # type: ignore[call-arg]


def test_non_str_value_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        emis.check_nik(3517011708080001)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        emis.check_nik(None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("kind", "value", "severity", "code"),
    [
        ("kk", "3205011203240003", "ok", None),
        ("kk", "320501120324000", "invalid", "kk.panjang_salah"),
        ("kk", "0005011203240003", "invalid", "kk.wilayah_tidak_valid"),
        ("nisn", "0081234567", "ok", None),
        ("nisn", "00812345AB", "invalid", "nisn.karakter_tidak_valid"),
        ("nip", "199001012020121001", "ok", None),
        ("nip", "19900101 202012 1 001", "ok", None),
        ("nip", "199013012020121001", "invalid", "nip.tanggal_lahir_tidak_valid"),
        ("nip", "199005052023211001", "warning", "nip.pppk"),
        ("nuptk", "1234567890123456", "ok", None),
        ("nuptk", "123456789012345", "invalid", "nuptk.panjang_salah"),
        ("nspp", "510033110106", "ok", None),
        ("nomor_statistik", "5100.33.11.0106", "ok", None),
        ("npsn", "20320271", "ok", None),
        ("npsn", "2032027", "invalid", "npsn.panjang_salah"),
        ("nism", "311232050001240007", "ok", None),
        ("nism", "311232050001240000", "warning", "nism.nomor_urut_nol"),
    ],
)
def test_other_kinds(kind: str, value: str, severity: str, code: str | None) -> None:
    r = emis.check(kind, value, today=TODAY)
    assert r["severity"] == severity, r["codes"]
    assert r["valid"] is (severity != "invalid")
    if code is not None:
        assert code in r["codes"]
    specific = getattr(emis, "check_nspp" if kind == "nomor_statistik" else f"check_{kind}")
    assert specific(value, today=TODAY) == r
    assert emis.check_many(kind, [value]) == [r["valid"]]


def test_institution_numbers_are_not_masked() -> None:
    r = emis.check_nspp("5100.33.11.0106")
    assert r["kind"] == "nomor_statistik"
    assert r["value_masked"] == "510033110106"
    assert emis.check_npsn("20320271")["value_masked"] == "20320271"
    assert emis.check_nisn("0081234567")["value_masked"] == "0081****67"
    assert emis.check_nomor_statistik is emis.check_nspp


def test_kind_names() -> None:
    for name in ["nsm", "NSMDT", "no_kk", "ni_pppk"]:
        emis.check(name, "1")
    with pytest.raises(ValueError, match="nik, kk"):
        emis.check("ktp", "3517011708080001")
    with pytest.raises(ValueError):
        emis.check_many("ktp", [])
    with pytest.raises(ValueError):
        emis.parse("ktp", "1")


def test_include_input() -> None:
    hidden = emis.check_nik("3517011708080000")
    assert "input" not in hidden["issues"][0]
    assert "3517011708080000" not in repr(hidden)
    shown = emis.check_nik("3517011708080000", include_input=True)
    assert shown["issues"][0]["input"] == "3517011708080000"
    assert shown["value_masked"] == "3517**********00"


def test_parse_returns_normalised_digits() -> None:
    assert emis.parse_nik(" 3517 0117-0808.0001 ") == "3517011708080001"
    assert emis.parse_nik("9101011708080001") == "9101011708080001"  # warnings allowed
    assert emis.parse("nspp", "5100.33.11.0106") == "510033110106"
    assert emis.parse_nspp("5100.33.11.0106") == emis.parse_nomor_statistik("5100.33.11.0106")
    assert emis.parse_nip("19900101 202012 1 001") == "199001012020121001"
    assert emis.parse_kk("3205011203240003") == "3205011203240003"
    assert emis.parse_nisn("0081234567") == "0081234567"
    assert emis.parse_nuptk("1234567890123456") == "1234567890123456"
    assert emis.parse_npsn("20320271") == "20320271"
    assert emis.parse_nism("311232050001240007") == "311232050001240007"


def test_rules_catalogue() -> None:
    rules = emis.rules()
    assert len(rules) > 50
    keys = {"code", "rule", "severity", "scope", "field", "message_id", "message_en", "hint_id", "hint_en"}
    assert all(set(r) == keys for r in rules)
    codes = [r["code"] for r in rules]
    assert len(codes) == len(set(codes))
    by_code = {r["code"]: r for r in rules}
    assert by_code["nik.wilayah_lama"]["severity"] == "warning"
    assert by_code["nik.tanggal_tidak_valid"]["severity"] == "invalid"
    assert by_code["nik.kosong"]["scope"] == "identifier"
    assert {r["scope"] for r in rules} == {"identifier", "record", "roster", "server", "sync", "client", "registration"}
    assert by_code["sync.didaftarkan"]["severity"] == "info" and by_code["sync.didaftarkan"]["rule"] == 0
    # Every code a check reports is in the catalogue, with the same rule number.
    issue = emis.check_nik("3517013002080001")["issues"][0]
    assert by_code[issue["code"]]["rule"] == issue["rule"]


def test_version() -> None:
    assert isinstance(emis.__version__, str)
    assert emis.__version__.count(".") == 2
