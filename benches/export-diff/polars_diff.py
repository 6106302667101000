"""polars contender: read both exports as strings, two anti-joins and an inner join with
`ne_missing` on every shared column (as in the peer survey, peers.md section 3).

    python polars_diff.py A.csv B.csv OUT.json
"""

import json
import sys
import time

t_import = time.perf_counter()
import polars as pl  # noqa: E402

KEY = "nik"


def main():
    path_a, path_b, out = sys.argv[1:4]
    t0 = time.perf_counter()
    a = pl.read_csv(path_a, infer_schema=False)
    b = pl.read_csv(path_b, infer_schema=False)
    t1 = time.perf_counter()
    cols = [c for c in a.columns if c != KEY and c in b.columns]
    only_a = a.join(b.select(KEY), on=KEY, how="anti").height
    only_b = b.join(a.select(KEY), on=KEY, how="anti").height
    both = a.join(b, on=KEY, how="inner", suffix="_b")
    ne = [pl.col(c).ne_missing(pl.col(f"{c}_b")) for c in cols]
    res = both.select([pl.any_horizontal(ne).sum().alias("__changed")] + [e.sum().alias(c) for e, c in zip(ne, cols)])
    changed = int(res["__changed"][0])
    per_column = {c: int(res[c][0]) for c in cols}
    t2 = time.perf_counter()
    json.dump(
        {
            "contender": f"polars {pl.__version__}",
            "only_a": only_a,
            "only_b": only_b,
            "changed": changed,
            "same": both.height - changed,
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
