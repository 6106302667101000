"""PyPI lokal-id 0.7.2, two ways (see the peers notes §1):

* ``is_valid_nik(s)``: structure and province only (its default; region check off);
* ``parse_nik(s, lookup_wilayah=wilayah_name, reference_date=2026-11-29)``: with the region
  lookup, where the ``wilayah_unknown`` warning counts as a rejection.

    python lokal_id.py IN.tsv RESULT_STRUCTURE.json RESULT_LOOKUP.json
"""

from __future__ import annotations

import sys
from datetime import date
from importlib.metadata import version

from lokal import is_valid_nik, parse_nik
from lokal.wilayah import wilayah_name

from common import load_niks, time_per_call, write_result

REF = date(2026, 11, 29)


def with_lookup(s: str) -> bool:
    info = parse_nik(s, lookup_wilayah=wilayah_name, reference_date=REF)
    return info.valid and not info.warnings


def main() -> None:
    tsv, out_structure, out_lookup = sys.argv[1:4]
    v = version("lokal-id")
    niks = load_niks(tsv)
    best, times, verdicts = time_per_call(is_valid_nik, niks)
    write_result(out_structure, "lokal-id", f"lokal-id {v} `is_valid_nik` (structure + province)",
                 best, times, verdicts)
    best, times, verdicts = time_per_call(with_lookup, niks)
    write_result(out_lookup, "lokal-id-lookup",
                 f"lokal-id {v} `parse_nik` + wilayah lookup (warning = reject)", best, times, verdicts)


if __name__ == "__main__":
    main()
