"""DataFrames in, issues DataFrames out; the spreadsheet reader from Python. Files are really
written and re-read; all personal data is synthetic."""

from __future__ import annotations

import datetime
import doctest
from pathlib import Path

import pytest

import emis
import emis.frames
from conftest import TODAY

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")

NIK = "3517011708080001"


def frame() -> object:
    return pd.DataFrame(
        {
            "NIK": [NIK, 3517013002080001, [1]],
            "Nama Lengkap": ["Ahmad Fauzi", "Budi Santoso", "Citra Lestari"],
            "tanggal_lahir": [datetime.date(2008, 8, 17), pd.Timestamp("2008-08-17"), pd.NaT],
            "Catatan": ["x", "y", "z"],
        },
        index=["r1", "r2", "r3"],
    )


def test_issues_frame_has_row_labels_and_columns() -> None:
    issues = emis.validate_santri(frame(), today=TODAY)
    assert list(issues.columns) == ["row", "field", "code", "severity", "message", "hint"]
    assert set(issues["row"]) == {"r1", "r2", "r3"}
    by_row = issues.groupby("row")["code"].apply(set).to_dict()
    assert "excel.angka_dipulihkan" in by_row["r2"] and "nik.tanggal_tidak_valid" in by_row["r2"]
    # An unreadable cell is an issue on its row; the row is still checked.
    assert {"kolom.tipe_tidak_didukung", "tanggal_lahir.wajib"} <= by_row["r3"]
    assert "tanggal_lahir.wajib" not in by_row["r1"] | by_row["r2"]
    assert set(issues["severity"]) <= {"invalid", "warning"}
    # No personal value in any message.
    text = " ".join(issues["message"]) + " ".join(issues["hint"])
    assert NIK not in text and "Budi" not in text


def test_english_on_demand() -> None:
    en = emis.validate_santri(frame(), today=TODAY, lang="en")
    idn = emis.validate_santri(frame(), today=TODAY)
    assert list(en["code"]) == list(idn["code"])
    assert "NIK kosong." in set(idn["message"]) or any("wajib" in m for m in idn["message"])
    assert any("required" in m for m in en["message"])
    with pytest.raises(ValueError, match="lang"):
        emis.validate_santri(frame(), lang="fr")


def test_polars_frame_rows_are_positions() -> None:
    df = pl.DataFrame({"nik": [NIK, "123"], "full_name": ["Ahmad Fauzi", "Budi Santoso"]})
    issues = emis.validate_gtk(df, today=TODAY)
    assert isinstance(issues, pl.DataFrame)
    assert set(issues.filter(pl.col("field") == "nik")["row"].to_list()) == {1}


def test_duplicate_columns_are_an_error_naming_both() -> None:
    df = pd.DataFrame({"NIK": [NIK], "nik": [NIK]})
    with pytest.raises(ValueError, match="NIK"):
        emis.validate_santri(df)


def test_lists_of_dicts_still_give_the_report() -> None:
    r = emis.validate_santri([{"nik": NIK, "full_name": "Ahmad Fauzi"}], today=TODAY)
    assert isinstance(r, dict) and "issues" in r


def test_read_spreadsheet_round_trip(tmp_path: Path) -> None:
    p = tmp_path / "santri.csv"
    p.write_bytes("Nama Lengkap;NIK;NISN\r\nAhmad Fauzi;'3517011708080001;123456789\r\nBudi;3.51701E+15;0081234567\r\n".encode())
    df, report = emis.read_spreadsheet(p)
    assert list(df.columns) == ["full_name", "nik", "nisn"]
    assert list(df.index) == [2, 3] and df.index.name == "baris"
    assert df.loc[2, "nik"] == NIK and df.loc[2, "nisn"] == "0123456789"
    assert report["format"] == "csv" and report["delimiter"] == ";"
    assert [i["code"] for i in report["issues"]] == ["excel.nol_depan_hilang", "excel.notasi_ilmiah"]
    # The frame goes straight into the validator.
    issues = emis.validate_santri(df, today=TODAY)
    assert "nik.karakter_tidak_valid" in set(issues[issues["row"] == 3]["code"]) or 3 in set(issues["row"])
    same, _ = emis.read_spreadsheet(p.read_bytes())
    assert same.equals(df)
    pdf, _ = emis.read_spreadsheet(str(p), polars=True)
    assert pdf["nik"].to_list()[0] == NIK


def test_read_spreadsheet_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        emis.read_spreadsheet(tmp_path / "missing.xlsx")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    with pytest.raises(emis.EmisValidationError, match="kosong"):
        emis.read_spreadsheet(empty)


def test_docstring_examples() -> None:
    r = doctest.testmod(emis.frames)
    assert r.attempted >= 3 and r.failed == 0
