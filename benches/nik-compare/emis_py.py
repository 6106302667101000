"""emis Python contender: ``emis.check_niks(list_of_str)`` (one batch call over all NIKs),
from the package maturin built into the project's .venv.

    .venv/bin/python emis_py.py IN.tsv RESULT.json
"""

from __future__ import annotations

import sys

import emis

from common import load_niks, time_batch, write_result


def main() -> None:
    tsv, out = sys.argv[1:3]
    if not hasattr(emis, "check_niks"):
        sys.exit(f"emis {getattr(emis, '__version__', '?')} at {emis.__file__} has no check_niks")
    niks = load_niks(tsv)
    best, times, verdicts = time_batch(emis.check_niks, niks)
    write_result(out, "emis-py", f"emis {getattr(emis, '__version__', '?')} Python `check_niks(list)`",
                 best, times, verdicts)


if __name__ == "__main__":
    main()
