"""``python -m emis`` in a real subprocess, on files really written."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "emis", *args], capture_output=True, text=True, timeout=60)


def test_validate_writes_one_issues_table(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("Nama Lengkap;NIK\r\nAhmad Fauzi;'3517011708080001\r\nBudi Santoso;3517013002080001\r\n", encoding="utf-8")
    b = tmp_path / "b.csv"
    b.write_text("Nama Lengkap,NIK\nCitra Lestari,3.51701E+15\n", encoding="utf-8")
    out = tmp_path / "issues.csv"
    r = run("validate", str(a), str(b), "--today", "2026-11-30", "--out", str(out), "--lang", "en")
    assert r.returncode == 1, r.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert {row["file"] for row in rows} == {str(a), str(b)}
    assert any(row["file"] == str(a) and row["row"] == "3" and row["code"] == "nik.tanggal_tidak_valid" for row in rows)
    assert any(row["code"] == "excel.notasi_ilmiah" for row in rows)
    assert "3517013002080001" not in out.read_text(encoding="utf-8")


def test_errors_are_clear_and_do_not_crash(tmp_path: Path) -> None:
    r = run("validate", str(tmp_path / "missing.xlsx"))
    assert r.returncode == 2 and "emis:" in r.stderr and "Traceback" not in r.stderr


def test_diff(tmp_path: Path) -> None:
    a = tmp_path / "a.csv"
    a.write_text("nik,nama\n3517011708080001,Ahmad\n", encoding="utf-8")
    r = run("diff", str(a), str(a))
    assert r.returncode == 0 and '"identical": true' in r.stdout
