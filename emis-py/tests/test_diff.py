"""`emis.diff_exports`: two CSV exports compared by key (bytes or paths), exact counts,
masked keys, and errors that name the file and line."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import emis

A = b"""nik,nama,kelas,status_mukim
3517011708080001,Ahmad Fauzi,7A,mukim
3517014508090002,Siti Aminah,8B,mukim
3517011203100003,Zaid,7A,non-mukim
3517012511070004,Nur Hasanah,9C,mukim
"""

B = b"""\xef\xbb\xbfnik;nama;kelas;status_mukim;kode_desa\r
3517 0117 0808 0001;Ahmad Fauzi;7B;mukim;3517012001\r
3517014508090002;"Siti Aminah";8B;mukim;3517012002\r
3517012511070004;Nur Hasanah;9C;non-mukim;3517012004\r
3517010101110005;Budi;7A;mukim;3517012005\r
"""


def test_counts_columns_and_masked_keys() -> None:
    d = emis.diff_exports(A, B, max_keys=5)
    assert (d["only_a"], d["only_b"], d["changed"], d["same"]) == (1, 1, 2, 1)
    assert d["identical"] is False
    assert d["key"] == "nik"
    assert d["compared_columns"] == ["nama", "kelas", "status_mukim"]
    assert d["columns_only_b"] == ["kode_desa"]
    assert [(c["column"], c["changed"]) for c in d["column_changes"]] == [
        ("nama", 0),
        ("kelas", 1),
        ("status_mukim", 1),
    ]
    assert d["changed_keys"] == [
        {"key": "3517**********01", "columns": ["kelas"]},
        {"key": "3517**********04", "columns": ["status_mukim"]},
    ]
    assert d["only_a_keys"] == ["3517**********03"]
    assert d["only_b_keys"] == ["3517**********05"]
    assert d["a"]["delimiter"] == "," and d["b"]["delimiter"] == ";"
    assert d["a"]["rows"] == 4 and d["b"]["duplicate_rows"] == 0
    # Counts only by default: no keys listed.
    assert emis.diff_exports(A, B)["changed_keys"] == []


def test_paths_and_identical_files(tmp_path: Path) -> None:
    pa, pb = tmp_path / "a.csv", tmp_path / "b.csv"
    pa.write_bytes(A)
    pb.write_bytes(A.replace(b"\n", b"\r\n"))
    d = emis.diff_exports(pa, str(pb))
    assert d["identical"] is True
    assert (d["only_a"], d["only_b"], d["changed"], d["same"]) == (0, 0, 0, 4)


def test_other_key_column() -> None:
    d = emis.diff_exports(A, B, key="nama")
    assert (d["only_a"], d["only_b"], d["changed"], d["same"]) == (1, 1, 2, 1)


def test_errors_name_the_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="file B line 3.*unclosed quote|unclosed quote.*file B line 3"):
        emis.diff_exports(A, b'nik,nama\n3517011708080001,a\n3517014508090002,"open\n')
    with pytest.raises(ValueError, match="file A line 2"):
        emis.diff_exports(b"nik,nama\n1,2,3\n", A)
    with pytest.raises(ValueError, match="no key column `nspp`"):
        emis.diff_exports(A, B, key="nspp")
    with pytest.raises(OSError, match="cannot read file"):
        emis.diff_exports(tmp_path / "missing.csv", A)
    with pytest.raises(TypeError):
        emis.diff_exports(123, A)  # type: ignore[arg-type]


def test_no_full_nik_in_results_or_errors() -> None:
    d = emis.diff_exports(A, B, max_keys=10)
    assert "3517011708080001" not in repr(d)
    try:
        emis.diff_exports(A, b"nik,nama\n3517011708080001,\"x\"y\n")
    except ValueError as e:
        assert "3517011708080001" not in str(e)


def test_runs_without_the_gil_on_a_larger_export() -> None:
    rows = b"".join(b"35%014d,Santri %d,7A\n" % (i, i) for i in range(50_000))
    a = b"nik,nama,kelas\n" + rows
    b = a.replace(b"Santri 7,", b"Santri tujuh,")
    ticks = []
    t = threading.Thread(target=lambda: ticks.extend(range(1000)))
    t.start()
    d = emis.diff_exports(a, b)
    t.join()
    assert (d["changed"], d["same"]) == (1, 49_999)
    assert len(ticks) == 1000
