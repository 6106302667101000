"""Runs the export-diff contenders on the same two files, checks that they agree, and writes
the `export-diff` section of docs/benchmarks.md. Called by run.sh (see there for options).

    python3 bench.py --data DIR --emis BIN --py VENV_PYTHON --repeat R --skip a,b --doc DOC --meta META
"""

import argparse
import datetime
import json
import os
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "common"))
from benchlib import fmt_s, n, timed, write_section  # noqa: E402
TARGET_S = 0.6
TARGET_MB = 600




def run_contender(name, cmd, result_path, repeat, ok_codes, convert=None):
    walls, rss, cpu, last = [], [], [], None
    for i in range(repeat):
        if os.path.exists(result_path):
            os.remove(result_path)
        capture = result_path if convert else None
        wall, mb, c, code, err = timed(cmd, capture)
        if code not in ok_codes:
            sys.exit(f"bench.py: {name} failed (exit {code}):\n{err[-3000:]}")
        walls.append(wall)
        rss.append(mb)
        cpu.append(c)
        with open(result_path) as f:
            last = json.load(f)
        print(f"   {name} run {i + 1}/{repeat}: {wall:.3f} s wall, {c:.2f} s CPU, {mb:.0f} MB", file=sys.stderr)
    res = convert(last) if convert else last
    res.update(
        name=name,
        wall_median=statistics.median(walls),
        wall_best=min(walls),
        walls=walls,
        rss_mb=max(rss),
        cpu_median=statistics.median(cpu),
    )
    return res


def from_emis(d):
    return {
        "contender": "emis",
        "only_a": d["only_a"],
        "only_b": d["only_b"],
        "changed": d["changed"],
        "same": d["same"],
        "per_column": {c["column"]: c["changed"] for c in d["column_changes"]},
    }








def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", required=True)
    ap.add_argument("--emis", required=True)
    ap.add_argument("--py", required=True)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip", default="")
    ap.add_argument("--doc", required=True)
    ap.add_argument("--meta", required=True)
    args = ap.parse_args()
    skip = {s for s in args.skip.split(",") if s}
    meta = json.load(open(args.meta))
    a, b = os.path.join(args.data, "a.csv"), os.path.join(args.data, "b.csv")
    truth = json.load(open(os.path.join(args.data, "truth.json")))
    res_dir = os.path.join(args.data, "results")
    os.makedirs(res_dir, exist_ok=True)
    load_before = os.getloadavg()

    results = []
    if "emis" not in skip:
        results.append(
            run_contender(
                f"**emis {meta['emis_version']} `emis diff A B --format json`**",
                [args.emis, "diff", a, b, "--format", "json"],
                os.path.join(res_dir, "emis.json"),
                args.repeat,
                ok_codes=(0, 1),
                convert=from_emis,
            )
        )
    for peer in ("polars", "pandas"):
        if peer in skip:
            continue
        out = os.path.join(res_dir, f"{peer}.json")
        r = run_contender(
            peer,
            [args.py, os.path.join(HERE, f"{peer}_diff.py"), a, b, out],
            out,
            args.repeat,
            ok_codes=(0,),
        )
        r["name"] = {
            "polars": f"polars {r['contender'].split()[1]}: 2 anti-joins + inner join, `ne_missing` per column",
            "pandas": f"pandas {r['contender'].split()[1]}: `merge(how='outer', indicator=True)` + column `!=`",
        }[peer]
        results.append(r)
    load_after = os.getloadavg()
    if not results:
        sys.exit("bench.py: every contender skipped")

    # Everyone must agree with the ground truth (and so with each other).
    want = (truth["only_a"], truth["only_b"], truth["changed"], truth["same"])
    bad = []
    for r in results:
        got = (r["only_a"], r["only_b"], r["changed"], r["same"])
        if got != want or r["per_column"] != truth["per_column"]:
            bad.append(f"{r['name']}: {got} per column {r['per_column']}")
    if bad:
        sys.exit("bench.py: counts differ from the ground truth " + str(want) + ":\n" + "\n".join(bad))

    size_a, size_b = os.path.getsize(a), os.path.getsize(b)
    lines = [
        f"## Reconcile two {n(truth['rows_a'])}-row santri exports: `emis diff` next to polars and pandas",
        "",
        f"- Run {meta['date']} on `{meta['cpu']}`, nproc = {meta['nproc']}, {meta['mem']} RAM, {meta['os']}; "
        f"git `{meta['git']}`. Load average (1 min) {load_before[0]:.2f} before and {load_after[0]:.2f} after "
        "(a shared VM: other builds may have been running).",
        f"- {meta['rustc']}; CPython {meta['python']}; polars and pandas from PyPI in `bench-work/export-diff/venv`.",
        f"- Input (`benches/export-diff/gen.py {truth['rows_a']} {truth['seed']}`, synthetic): A = {n(truth['rows_a'])} rows, "
        f"{size_a / 1e6:.1f} MB; B = {n(truth['rows_b'])} rows, {size_b / 1e6:.1f} MB; 10 string columns (nik, nisn, nama, "
        "tanggal_lahir, jenis_kelamin, nspp, kelas, status_mukim, nama_ibu, kode_desa). B = A minus "
        f"{n(truth['only_a'])} rows, plus {n(truth['only_b'])} new rows, with {n(truth['changed'])} kept rows changed "
        "in one or two fields (as in the peer survey, `peers.md` §3).",
        f"- Each contender is its own process, run {args.repeat} time{'s' if args.repeat != 1 else ''}: it reads both files from disk (page cache "
        "warm after generation) and diffs them. **Wall** is the whole process (start to exit, median of the runs); "
        "**peak RSS** is `/usr/bin/time -v`'s maximum resident set (highest of the runs); **CPU** is user + system "
        "time (median), a figure that moves less than wall time on a busy machine. polars and pandas also time their "
        "own CSV read and diff phases inside the process (Python start-up and imports are outside those two).",
        "",
        "| contender | wall (median) | best | target | CPU user+sys | peak RSS | target | read (in-process) | diff (in-process) | only in A | only in B | changed | same |",
        "|---|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        is_emis = r["contender"] == "emis"
        t_ok = "✅" if r["wall_median"] <= TARGET_S else "❌"
        m_ok = "✅" if r["rss_mb"] <= TARGET_MB else "❌"
        lines.append(
            "| "
            + " | ".join(
                [
                    r["name"],
                    fmt_s(r["wall_median"]),
                    fmt_s(r["wall_best"]),
                    f"≤ 0.6 s {t_ok}" if is_emis else "",
                    fmt_s(r["cpu_median"]),
                    f"{r['rss_mb']:,.0f} MB",
                    f"≤ 600 MB {m_ok}" if is_emis else "",
                    "" if is_emis else fmt_s(r["read_s"]),
                    "" if is_emis else fmt_s(r["diff_s"]),
                    n(r["only_a"]),
                    n(r["only_b"]),
                    n(r["changed"]),
                    n(r["same"]),
                ]
            )
            + " |"
        )
    skipped = ", ".join(sorted(skip)) or "none"
    lines += [
        "",
        f"All contenders report the generator's counts exactly ({n(want[0])} / {n(want[1])} / {n(want[2])} / "
        f"{n(want[3])}) and the same changes per column; the script fails otherwise. Skipped (`SKIP`): {skipped}.",
        "",
        "Notes:",
        "",
        "- emis reads both files whole (two threads), splits records into byte ranges without copying, reduces "
        "each row to a key hash and a content hash, matches keys in an open-addressing table (lookups in batches "
        "so cache misses overlap) and compares fields only where content hashes differ; indexing and matching use "
        "both cores. The CLI also lists the first 10 masked keys of each kind (`--keys`).",
        "- polars uses both cores by default; pandas is single-threaded. pandas 3 stores the columns as its `str` "
        "dtype (no pyarrow installed in the venv).",
        "- The peers do not normalise keys (`3517 0117 …` vs `3517011…`), report duplicate or empty keys, or check "
        "the field count of each row; the data here has none of those, so the counts are comparable.",
        "",
        "How to rerun: `bash benches/export-diff/run.sh [N]` (default N = 1,000,000; quick check: "
        "`bash benches/export-diff/run.sh 20000`). `REPEAT=5` changes the runs per contender (default 3), "
        "`SKIP=pandas,polars` skips contenders, `SEED` changes the data. The script builds `emis` (release), "
        "installs polars and pandas into `bench-work/export-diff/venv` (never the project's `.venv`), generates "
        "the files into `bench-work/export-diff/` and rewrites only this section.",
    ]
    write_section(args.doc, "export-diff", "\n".join(lines))
    for r in results:
        print(
            f"{r['name']}: wall {r['wall_median']:.3f} s (best {r['wall_best']:.3f}), CPU {r['cpu_median']:.2f} s, "
            f"RSS {r['rss_mb']:.0f} MB",
            file=sys.stderr,
        )


if __name__ == "__main__":
    main()
