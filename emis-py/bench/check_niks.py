"""Speed of the batch API on synthetic NIKs (a measurement script, not a test).

    VIRTUAL_ENV=$PWD/.venv .venv/bin/maturin develop --release -m emis-py/Cargo.toml
    .venv/bin/python emis-py/bench/check_niks.py [count]

Prints the best of several runs in ns per value, end to end from Python (list in, list of
bools out). Target: <= 100 ns/value on 1M values (release build).
"""

from __future__ import annotations

import random
import sys
import time
from typing import Any, Callable, Sequence

import emis

# Real kecamatan codes (Kemendagri): Jombang, Bandung, Jakarta Selatan, Makassar, and a
# retired Papua code (valid with a warning).
PREFIXES = ["351701", "351702", "327301", "317401", "737101", "910101"]


def synthetic_niks(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        day = rnd.randint(1, 28) + (40 if rnd.random() < 0.5 else 0)
        nik = f"{rnd.choice(PREFIXES)}{day:02d}{rnd.randint(1, 12):02d}{rnd.randint(0, 99):02d}{rnd.randint(1, 9999):04d}"
        r = rnd.random()
        if r < 0.05:  # 30 February
            nik = nik[:6] + "3002" + nik[10:]
        elif r < 0.08:  # wrong length
            nik = nik[:-1]
        elif r < 0.10:  # typed with spaces (slow path of the normaliser)
            nik = f"{nik[:4]} {nik[4:8]} {nik[8:12]} {nik[12:]}"
        out.append(nik)
    return out


def best_ns_per_value(fn: Callable[[Any], object], values: Sequence[Any], runs: int = 7) -> float:
    best = float("inf")
    for _ in range(runs):
        t0 = time.perf_counter_ns()
        fn(values)
        best = min(best, time.perf_counter_ns() - t0)
    return best / len(values)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    values = synthetic_niks(n)
    result = emis.check_niks(values)
    assert len(result) == n
    print(f"emis {emis.__version__}: {n} NIKs, {sum(result)} valid")
    print(f"check_niks(list)            {best_ns_per_value(emis.check_niks, values):7.1f} ns/value")
    print(f"check_niks(tuple)           {best_ns_per_value(emis.check_niks, tuple(values)):7.1f} ns/value")
    print(f"check_many('nik', list)     {best_ns_per_value(lambda v: emis.check_many('nik', v), values):7.1f} ns/value")
    print(f"check_niks(generator)       {best_ns_per_value(lambda v: emis.check_niks(iter(v)), values):7.1f} ns/value")
    mixed = [None if i % 10 == 0 else v for i, v in enumerate(values)]
    print(f"check_niks(10% None)        {best_ns_per_value(emis.check_niks, mixed):7.1f} ns/value")
    clean = [v for v in values if len(v) == 16]
    print(f"check_niks(16-char only)    {best_ns_per_value(emis.check_niks, clean):7.1f} ns/value")
    print(f"reference: [isinstance]     {best_ns_per_value(lambda v: [isinstance(x, str) for x in v], values):7.1f} ns/value")
    few = values[: max(1, n // 100)]
    print(f"reference: check_nik loop   {best_ns_per_value(lambda v: [emis.check_nik(x)['valid'] for x in v], few, 3):7.1f} ns/value")


if __name__ == "__main__":
    main()
