"""Shared helpers of the Python contenders: read the labelled file, time passes, write a result.

Every contender writes one JSON result: ``{"id", "name", "n", "ns_per_nik", "pass_ns_per_nik",
"verdicts"}`` where ``verdicts`` is one ``1`` (accept) / ``0`` (reject) per NIK in input order.
Per-class counting happens in ``report.py``, outside any timed loop.
"""

from __future__ import annotations

import json
import sys
import time
from typing import Callable, Sequence

WARMUP = 10_000


def load_niks(path: str) -> list[str]:
    """The NIK column of a ``class<TAB>nik`` file, in order (only ``\\n`` separates lines)."""
    with open(path, encoding="utf-8", newline="\n") as f:
        return [line.rstrip("\n").split("\t", 1)[1] for line in f]


def time_batch(fn: Callable[[Sequence[str]], Sequence[bool]], niks: list[str], passes: int = 3):
    """Warm-up call on the first WARMUP values, then ``passes`` timed calls on all of them.

    Returns (best ns/NIK, every pass's ns/NIK, verdicts of the last pass).
    """
    fn(niks[:WARMUP])
    times = []
    out: Sequence[bool] = []
    for _ in range(passes):
        t0 = time.perf_counter_ns()
        out = fn(niks)
        times.append((time.perf_counter_ns() - t0) / len(niks))
    if len(out) != len(niks):
        sys.exit(f"contender returned {len(out)} verdicts for {len(niks)} NIKs")
    return min(times), times, out


def time_per_call(check: Callable[[str], bool], niks: list[str], passes: int = 3):
    """One call per NIK in a list comprehension (the verdict list is built inside the loop)."""
    return time_batch(lambda v: [check(s) for s in v], niks, passes)


def write_result(path: str, cid: str, name: str, best: float, times: list[float], verdicts,
                 **extra) -> None:
    bits = "".join("1" if v else "0" for v in verdicts)
    with open(path, "w", encoding="utf-8") as f:
        json.dump(
            {
                "id": cid,
                "name": name,
                "n": len(bits),
                "ns_per_nik": round(best, 3),
                "pass_ns_per_nik": [round(t, 3) for t in times],
                "verdicts": bits,
                **extra,
            },
            f,
        )
    print(f"{cid}: {len(bits)} NIKs, best of {len(times)}: {best:,.1f} ns/NIK "
          f"({', '.join(f'{t:,.1f}' for t in times)}), {bits.count('1')} accepted", file=sys.stderr)
