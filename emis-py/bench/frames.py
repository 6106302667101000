"""Columns and DataFrames from Python, side by side (a measurement script, not a test).

    VIRTUAL_ENV=$PWD/.venv .venv/bin/maturin develop --release -m emis-py/Cargo.toml
    .venv/bin/python emis-py/bench/frames.py [--niks 1000000] [--rows 100000]

1. ``check_niks`` on 1M synthetic NIKs as a pandas object Series, a pandas int64 Series, a
   polars Series and a pyarrow array, against a pandas vectorised regex + date check.
2. ``validate_santri`` on a 100k-row DataFrame (building the issues DataFrame) against
   pandera's lazy validation of the same columns (NIK pattern and date, name, birth date,
   gender), with the bytes per issue of the result.
3. Two threads on two halves of the pyarrow column against one thread (the GIL is released).

Prints the best of several runs. Figures go to docs/benchmarks.md by hand.
"""

from __future__ import annotations

import argparse
import random
import sys
import threading
import time
from pathlib import Path
from typing import Any, Callable

sys.path.insert(0, str(Path(__file__).parent))

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import polars as pl  # noqa: E402
import pyarrow as pa  # noqa: E402

import emis  # noqa: E402
from check_niks import synthetic_niks  # noqa: E402


def best(fn: Callable[[], object], runs: int = 5) -> float:
    out = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        out = min(out, time.perf_counter() - t0)
    return out


def pandas_baseline(s: pd.Series) -> pd.Series:
    """What an analyst writes: 16 digits, then a date check of DDMMYY (women: day + 40)."""
    ok = s.str.fullmatch(r"\d{16}").fillna(False)
    dd = pd.to_numeric(s.str[6:8], errors="coerce")
    dd = dd.where(dd <= 40, dd - 40)
    date = pd.to_datetime(
        {"year": 2000 + pd.to_numeric(s.str[10:12], errors="coerce"), "month": pd.to_numeric(s.str[8:10], errors="coerce"), "day": dd},
        errors="coerce",
    )
    return ok & date.notna()


def santri_frame(n: int, seed: int = 11) -> pd.DataFrame:
    rnd = random.Random(seed)
    niks = synthetic_niks(n, seed)
    names = ["Ahmad Fauzi", "Siti Aminah", "Muhammad Rizki", "Nur Hasanah", "Budi Santoso", "Dewi Lestari"]
    return pd.DataFrame(
        {
            "nik": niks,
            "full_name": [rnd.choice(names) for _ in range(n)],
            "birth_date": [f"20{rnd.randint(5, 15):02d}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}" for _ in range(n)],
            "birth_place": [rnd.choice(["Malang", "Jombang", "Bandung", ""]) for _ in range(n)],
            "m_gender": [rnd.choice(["L", "P", "X"]) for _ in range(n)],
            "mother_full_name": [rnd.choice(names + [""]) for _ in range(n)],
        }
    )


def pandera_lazy(df: pd.DataFrame) -> Any:
    import pandera.pandas as pa_

    schema = pa_.DataFrameSchema(
        {
            "nik": pa_.Column(str, [pa_.Check.str_matches(r"^\d{16}$")], nullable=False),
            "full_name": pa_.Column(str, pa_.Check.str_length(min_value=1)),
            "birth_date": pa_.Column(str, pa_.Check(lambda s: pd.to_datetime(s, errors="coerce").notna())),
            "birth_place": pa_.Column(str, pa_.Check.str_length(min_value=1)),
            "m_gender": pa_.Column(str, pa_.Check.isin(["L", "P"])),
            "mother_full_name": pa_.Column(str, pa_.Check.str_length(min_value=1)),
        }
    )
    try:
        schema.validate(df, lazy=True)
    except pa_.errors.SchemaErrors as e:
        return e.failure_cases
    return None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--niks", type=int, default=1_000_000)
    ap.add_argument("--rows", type=int, default=100_000)
    a = ap.parse_args()
    n = a.niks
    niks = synthetic_niks(n)
    s_obj = pd.Series(niks, dtype=object)
    ints = pd.Series([int(x) if x.isdigit() else 0 for x in niks], dtype="int64")
    s_pl = pl.Series("nik", niks)
    arr = pa.array(niks)
    s_str = pd.Series(niks, dtype="str")
    print(f"# check_niks on {n:,} NIKs (best of 5, ns per value)")
    rows = [
        ("pandas object Series", lambda: emis.check_niks(s_obj)),
        ("pandas str Series (pyarrow-backed)", lambda: emis.check_niks(s_str)),
        ("pandas int64 Series", lambda: emis.check_niks(ints)),
        ("polars Series", lambda: emis.check_niks(s_pl)),
        ("pyarrow array", lambda: emis.check_niks(arr)),
        ("list of str", lambda: emis.check_niks(niks)),
        ("pandas regex + date baseline (object)", lambda: pandas_baseline(s_obj)),
    ]
    for label, fn in rows:
        print(f"{label:40s} {best(fn) / n * 1e9:8.1f}")
    assert emis.check_niks(s_obj).sum() == emis.check_niks(arr).to_numpy(zero_copy_only=False).sum()

    # Two threads on two halves vs one thread on the whole (Arrow input, GIL released).
    half = n // 2
    a1, a2 = arr.slice(0, half), arr.slice(half)

    def two() -> None:
        ts = [threading.Thread(target=emis.check_niks, args=(x,)) for x in (a1, a2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    one_t = best(lambda: emis.check_niks(arr))
    two_t = best(two)
    print(f"one thread {one_t * 1e3:.1f} ms, two threads {two_t * 1e3:.1f} ms: {one_t / two_t:.2f}x")

    m = a.rows
    df = santri_frame(m)
    print(f"# validate_santri on a {m:,}-row DataFrame (best of 3)")
    t_emis = best(lambda: emis.validate_santri(df), runs=3)
    issues = emis.validate_santri(df)
    per_issue = issues.memory_usage(deep=True).sum() / max(len(issues), 1)
    t_pandera = best(lambda: pandera_lazy(df), runs=3)
    print(f"emis.validate_santri   {t_emis:6.3f} s  {len(issues):,} issues, {per_issue:.0f} bytes per issue (deep)")
    print(f"pandera lazy           {t_pandera:6.3f} s  ({t_pandera / t_emis:.1f}x emis)")
    d1, d2 = df.iloc[: m // 2], df.iloc[m // 2 :]

    def two_frames() -> None:
        ts = [threading.Thread(target=emis.validate_santri, args=(x,)) for x in (d1, d2)]
        for t in ts:
            t.start()
        for t in ts:
            t.join()

    t_two = best(two_frames, runs=3)
    print(f"validate_santri two threads on halves {t_two:.3f} s: {t_emis / t_two:.2f}x one thread")
    _ = np


if __name__ == "__main__":
    main()
