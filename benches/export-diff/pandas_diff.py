"""pandas contender: read both exports as strings, `merge(how="outer", indicator=True)`, then a
column-wise `!=` on the rows in both (as in the peer survey, peers.md section 3).

    python pandas_diff.py A.csv B.csv OUT.json
"""

import json
import sys
import time

t_import = time.perf_counter()
import pandas as pd  # noqa: E402

KEY = "nik"


def main():
    path_a, path_b, out = sys.argv[1:4]
    t0 = time.perf_counter()
    a = pd.read_csv(path_a, dtype=str, keep_default_na=False)
    b = pd.read_csv(path_b, dtype=str, keep_default_na=False)
    t1 = time.perf_counter()
    cols = [c for c in a.columns if c != KEY and c in b.columns]
    m = a.merge(b, on=KEY, how="outer", indicator=True, suffixes=("_a", "_b"))
    only_a = int((m["_merge"] == "left_only").sum())
    only_b = int((m["_merge"] == "right_only").sum())
    both = m[m["_merge"] == "both"]
    diffs = pd.DataFrame({c: both[f"{c}_a"] != both[f"{c}_b"] for c in cols})
    changed = int(diffs.any(axis=1).sum())
    per_column = {c: int(diffs[c].sum()) for c in cols}
    t2 = time.perf_counter()
    json.dump(
        {
            "contender": f"pandas {pd.__version__}",
            "only_a": only_a,
            "only_b": only_b,
            "changed": changed,
            "same": len(both) - changed,
            "per_column": per_column,
            "read_s": t1 - t0,
            "diff_s": t2 - t1,
            "import_s": t0 - t_import,
        },
        open(out, "w"),
        indent=1,
    )


if __name__ == "__main__":
    main()
