"""Reconcile and data ganda across operators' files, through the core's matching. Synthetic
people: a same-person pair across files, a namesake with another valid NIK, twins."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import emis
import emis.matching
from conftest import TODAY

pd = pytest.importorskip("pandas")
pl = pytest.importorskip("polars")


def person(name: str, nik: str, mother: str, date: str = "2008-08-17") -> dict[str, str]:
    return {"full_name": name, "nik": nik, "birth_date": date, "birth_place": "Malang", "m_gender": "L", "mother_full_name": mother}


AHMAD = person("Ahmad Fauzi", "3517011708080001", "Siti Aminah")
RIZKI = person("Muhammad Rizki", "3517011708080002", "Nur Hasanah")
RIZKI_OTHER = person("Muhammad Rizki", "3517011708080003", "Dewi Lestari")  # namesake
TWIN = person("Ahmad Fauzan", "3517011708080004", "Siti Aminah")  # Ahmad's twin


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    pd.DataFrame(rows).rename(columns={"full_name": "Nama Lengkap", "nik": "NIK"}).to_csv(path, sep=";", index=False)
    return path


def test_find_duplicates_across_files_never_merges_two_valid_niks(tmp_path: Path) -> None:
    a = write_csv(tmp_path / "pontren_a.csv", [AHMAD, RIZKI])
    b = write_csv(tmp_path / "pontren_b.csv", [RIZKI_OTHER, TWIN, dict(AHMAD, full_name="AHMAD FAUZI")])
    c = pl.DataFrame([person("Budi Santoso", "3517011708080005", "Rina")])
    d = emis.find_duplicates([a, b, c], today=TODAY)
    assert d.shape[0] == 1, d
    row = d.iloc[0]
    assert (row["source"], row["row"], row["other_source"], row["other_row"]) == (str(a), 2, str(b), 4)
    assert (row["status"], row["matched_by"]) == ("GANDA", "nik")
    assert row["nik"] == "3517**********01"
    revealed = emis.find_duplicates([a, b], today=TODAY, reveal=True, names=["A", "B"])
    assert revealed.iloc[0]["nik"] == "3517011708080001" and revealed.iloc[0]["source"] == "A"


def test_same_name_without_anything_else_is_only_possible() -> None:
    x = pd.DataFrame([{k: v for k, v in RIZKI.items() if k != "nik"}])
    y = pd.DataFrame([dict({k: v for k, v in RIZKI.items() if k != "nik"}, mother_full_name="")])
    d = emis.find_duplicates([x, y], today=TODAY)
    assert set(d["status"]) <= {"MUNGKIN_GANDA"}


def test_reconcile_statuses_rows_and_changes() -> None:
    local = pd.DataFrame([AHMAD, RIZKI, dict(TWIN, nik="123")], index=["a", "b", "c"])
    export = pd.DataFrame([dict(AHMAD, birth_place="Surabaya"), RIZKI_OTHER], index=[10, 11])
    r = emis.reconcile(local, export, today=TODAY)
    st = dict(zip(r.records["local_row"], r.records["status"]))
    assert st["a"] == "DISKREPANSI" and st["b"] == "BELUM_TERDAFTAR" and st["c"] == "INVALID"
    only = r.records[r.records["status"] == "HANYA_DI_EMIS"]
    assert list(only["emis_row"]) == [11]
    ch = r.changes
    assert list(ch[["local_row", "emis_row", "field"]].itertuples(index=False, name=None)) == [("a", 10, "birth_place")]
    assert "*" in ch.iloc[0]["old"] and "surabaya" not in ch.iloc[0]["old"]
    assert emis.reconcile(local, export, today=TODAY, reveal=True).changes.iloc[0]["new"] == "malang"


def test_bad_input_is_a_clear_type_error() -> None:
    with pytest.raises(TypeError, match="DataFrame"):
        emis.reconcile(42, [])


def test_docstring_examples() -> None:
    r = doctest.testmod(emis.matching)
    assert r.attempted >= 4 and r.failed == 0
