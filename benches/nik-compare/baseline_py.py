"""Pure-Python baseline: ASCII regex + frozenset of the current 6-digit kecamatan codes +
``datetime.date`` with the +40 rule; century 20yy unless that date is after the reference
date, then 19yy; serial != 0000. Standard library only.

    python baseline_py.py IN.tsv KECAMATAN.txt RESULT.json
"""

from __future__ import annotations

import re
import sys
from datetime import date

from common import load_niks, time_per_call, write_result

REF = date(2026, 11, 29)


def make_check(codes: frozenset[str]):
    fullmatch = re.compile(r"[0-9]{16}", re.ASCII).fullmatch

    def check(s: str) -> bool:
        if fullmatch(s) is None or s[:6] not in codes or s[12:] == "0000":
            return False
        day = int(s[6:8])
        if day > 40:
            day -= 40
        month = int(s[8:10])
        yy = int(s[10:12])
        try:
            if date(2000 + yy, month, day) > REF:
                date(1900 + yy, month, day)
        except ValueError:
            return False
        return True

    return check


def main() -> None:
    tsv, kec, out = sys.argv[1:4]
    with open(kec, encoding="ascii") as f:
        codes = frozenset(line.strip() for line in f if line.strip())
    niks = load_niks(tsv)
    best, times, verdicts = time_per_call(make_check(codes), niks)
    name = f"baseline: pure Python {sys.version.split()[0]} regex + frozenset + datetime"
    write_result(out, "baseline-py", name, best, times, verdicts)


if __name__ == "__main__":
    main()
