"""Runs the validate-sheet contenders on the same santri sheet (XLSX and CSV), checks their
counts against the generator's ground truth, and writes the `validate-sheet` section of
docs/benchmarks.md. Called by run.sh (see there for options).

    python3 bench.py --data DIR --emis BIN --py VENV_PYTHON --repeat R --skip a,b --doc DOC --meta META
"""

import argparse
import collections
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
TODAY = "2026-11-30"
IDS = ("emis", "pandas", "xlsx", "csv")




def run_contender(label, cmd, result_path, repeat, ok_codes, capture):
    walls, rss, cpu, best = [], [], [], None
    for i in range(repeat):
        if os.path.exists(result_path):
            os.remove(result_path)
        wall, mb, c, code, err = timed(cmd, result_path if capture else None)
        if code not in ok_codes:
            sys.exit(f"bench.py: {label} failed (exit {code}, expected {ok_codes}):\n{err[-3000:]}")
        try:
            with open(result_path) as f:
                out = json.load(f)
        except (OSError, ValueError) as e:
            sys.exit(f"bench.py: {label}: no readable JSON result in {result_path}: {e}")
        if not walls or wall < min(walls):
            best = out  # in-process phase times reported are those of the best-wall run
        walls.append(wall)
        rss.append(mb)
        cpu.append(c)
        print(f"   {label} run {i + 1}/{repeat}: {wall:.3f} s wall, {c:.2f} s CPU, {mb:.0f} MB", file=sys.stderr)
    return {"out": best, "wall_best": min(walls), "wall_median": statistics.median(walls), "walls": walls,
            "rss_mb": max(rss), "cpu_median": statistics.median(cpu)}


def emis_summary(d):
    """Invalid rows (emis's own count) and every issue code with its severity and count."""
    codes = collections.Counter((i.get("code"), i.get("severity")) for i in d["issues"])
    rows_any = len({(i.get("sheet"), i.get("line")) for i in d["issues"] if i.get("line") is not None})
    return {"rows": d["rows"], "invalid_rows": d["invalid_rows"], "rows_any_issue": rows_any,
            "codes": dict(sorted(((f"{c} ({s})", k) for (c, s), k in codes.items())))}








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
    truth = json.load(open(os.path.join(args.data, "truth.json")))
    files = {"xlsx": os.path.join(args.data, "santri.xlsx"), "csv": os.path.join(args.data, "santri.csv")}
    res_dir = os.path.join(args.data, "results")
    os.makedirs(res_dir, exist_ok=True)
    load_before = os.getloadavg()

    results = []
    for fmt in ("xlsx", "csv"):
        if fmt in skip:
            continue
        path = files[fmt]
        if "emis" not in skip:
            out = os.path.join(res_dir, f"emis-{fmt}.json")
            r = run_contender(f"emis {fmt}", [args.emis, "validate", path, "--format", "json", "--today", TODAY],
                              out, args.repeat, ok_codes=(1,), capture=True)
            r.update(who="emis", fmt=fmt, **emis_summary(r["out"]))
            results.append(r)
        if "pandas" not in skip:
            out = os.path.join(res_dir, f"pandas-{fmt}.json")
            r = run_contender(f"pandas {fmt}", [args.py, os.path.join(HERE, "pandas_validate.py"), path, out],
                              out, args.repeat, ok_codes=(0,), capture=False)
            o = r["out"]
            r.update(who="pandas", fmt=fmt, rows=o["rows"], invalid_rows=o["invalid_rows"], per_rule=o["per_rule"],
                     version=o["contender"].split()[1])
            results.append(r)
    load_after = os.getloadavg()
    if not results:
        sys.exit("bench.py: every contender skipped")

    # Counts must be what the planted defects predict; anything else is a bug in a contender or here.
    planted, pc = truth["defect_rows"], truth["per_class"]
    want = {"pandas": planted, "emis": planted - pc["nik_date"]}
    bad = [f"{r['who']} {r['fmt']}: {n(r['invalid_rows'])} invalid rows of {n(r['rows'])}, expected {n(want[r['who']])}"
           for r in results if r["invalid_rows"] != want[r["who"]] or r["rows"] != truth["rows"]]
    bad += [f"emis {r['fmt']}: {n(r['rows_any_issue'])} rows with any issue, expected {n(planted)}"
            for r in results if r["who"] == "emis" and r["rows_any_issue"] != planted]
    if bad:
        sys.exit("bench.py: counts differ from the planted defects:\n" + "\n".join(bad))

    pandas_v = next((r["version"] for r in results if r["who"] == "pandas"), None)
    size = {k: os.path.getsize(v) for k, v in files.items()}
    runs = f"{args.repeat} time{'s' if args.repeat != 1 else ''}"
    name = {
        "emis": f"emis {meta['emis_version']} `validate --format json`",
        "pandas": f"pandas {pandas_v} `read_excel` (openpyxl {meta.get('openpyxl', '?')}) + checks",
    }
    lines = [
        f"## Validate a {n(truth['rows'])}-row santri sheet (XLSX and CSV): `emis validate` next to pandas",
        "",
        f"- Run {meta['date']} on `{meta['cpu']}`, nproc = {meta['nproc']}, {meta['mem']} RAM, {meta['os']}; "
        f"git `{meta['git']}`. Load average (1 min) {load_before[0]:.2f} before and {load_after[0]:.2f} after "
        "(a shared VM: other builds may have been running).",
        f"- {meta['rustc']} (release binary `target/release/emis`, {meta.get('built', '?')}); CPython {meta['python']}; pandas {pandas_v} and "
        f"openpyxl {meta.get('openpyxl', '?')} from PyPI in `bench-work/validate-sheet/venv`.",
        f"- Input (`benches/validate-sheet/gen.py {truth['rows']} {truth['seed']}`, synthetic): one sheet, "
        f"{n(truth['rows'])} rows × 9 columns ({', '.join('`' + c + '`' for c in truth['columns'])}); the same rows "
        f"as XLSX ({size['xlsx'] / 1e6:.1f} MB, openpyxl `write_only`, every cell a string, NIK/NISN/No. KK with "
        f"the Text format `@`) and as CSV ({size['csv'] / 1e6:.1f} MB, UTF-8). {n(planted)} rows "
        f"({planted / truth['rows'] * 100:.0f} %) carry exactly one planted defect: "
        + ", ".join(f"{k.replace('_', ' ')} {n(v)}" for k, v in pc.items())
        + ". NIK and No. KK region parts are random current kecamatan codes from emis's own table, so clean "
        "rows pass emis's region rules.",
        f"- Each contender is its own process, run {runs} per file: **wall** is the whole process (start-up, "
        "reading the file, the checks, writing the result), best and median of the runs; **CPU** is user + system "
        "(median); **peak RSS** is `/usr/bin/time -v`'s maximum resident set (highest of the runs). emis: "
        f"`emis validate FILE --format json --today {TODAY}`, stdout (the full JSON report, every issue with its "
        "masked name) to a file, exit code 1 (invalid rows found) required. pandas: `pandas_validate.py FILE` "
        "reads with `dtype=str, keep_default_na=False` (`read_excel(engine='openpyxl')` or `read_csv`), runs "
        "vectorised checks and writes a small JSON count; it also times its read and checks inside the process (figures of its best-wall run). On a loaded "
        "machine (load average above nproc) wall time includes waiting for a core; CPU time is the steadier figure.",
        "",
        "| contender | file | wall (best) | wall (median) | CPU user+sys | peak RSS | read (in-process) | checks (in-process) | rows flagged invalid |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        pd_row = r["who"] == "pandas"
        label = name[r["who"]]
        if pd_row and r["fmt"] == "csv":
            label = f"pandas {pandas_v} `read_csv` + checks"
        lines.append("| " + " | ".join([
            f"**{label}**" if r["who"] == "emis" else label,
            f"{r['fmt'].upper()} {size[r['fmt']] / 1e6:.1f} MB",
            fmt_s(r["wall_best"]),
            fmt_s(r["wall_median"]),
            fmt_s(r["cpu_median"]),
            f"{r['rss_mb']:,.0f} MB",
            fmt_s(r["out"]["read_s"]) if pd_row else "",
            fmt_s(r["out"]["check_s"]) if pd_row else "",
            n(r["invalid_rows"]),
        ]) + " |")
    by = {(r["who"], r["fmt"]): r for r in results}
    lines.append("")
    for fmt in ("xlsx", "csv"):
        e, p = by.get(("emis", fmt)), by.get(("pandas", fmt))
        if e and p:
            lines.append(
                f"- {fmt.upper()}: emis {fmt_s(e['wall_best'])} vs pandas {fmt_s(p['wall_best'])} (best wall): "
                f"**emis {p['wall_best'] / e['wall_best']:.1f}× faster**" if p["wall_best"] >= e["wall_best"] else
                f"- {fmt.upper()}: emis {fmt_s(e['wall_best'])} vs pandas {fmt_s(p['wall_best'])} (best wall): "
                f"**emis {e['wall_best'] / p['wall_best']:.1f}× slower**")
            cpu_ratio = f" ({p['cpu_median'] / e['cpu_median']:.1f}×)" if e["cpu_median"] > 0 else ""
            lines[-1] += f"; CPU {fmt_s(e['cpu_median'])} vs {fmt_s(p['cpu_median'])}{cpu_ratio}"
            ratio = p["rss_mb"] / e["rss_mb"]
            lines[-1] += (f"; peak RSS {e['rss_mb']:,.0f} MB vs {p['rss_mb']:,.0f} MB ("
                          + (f"{ratio:.1f}× less for emis)." if ratio >= 1 else f"{1 / ratio:.1f}× more for emis)."))
    e = next((r for r in results if r["who"] == "emis"), None)
    p = next((r for r in results if r["who"] == "pandas"), None)
    lines += ["", "What the counts mean (the rule sets differ, so the invalid-row counts differ):", ""]
    if p:
        lines.append(
            f"- pandas checks 6 rules (NIK = 16 digits; NIK's embedded date, day − 40 for women, equals the birth "
            f"date; name not empty and without digits; birth date parses as YYYY-MM-DD; L/P is L or P; mother's name "
            f"not empty) and flags {n(p['invalid_rows'])} rows = every planted defect. Per rule: "
            + ", ".join(f"{k} {n(v)}" for k, v in p["per_rule"].items()) + ".")
    if e:
        codes = "; ".join(f"`{k}` {n(v)}" for k, v in e["codes"].items())
        lines.append(
            f"- emis runs its santri rule set (a catalogue of 40 rules; those that apply to these columns include "
            f"NIK and No. KK structure and region tables (Kepmendagri 2025 kecamatan list), NIK vs sex and birth date, "
            f"NISN length and birth-year prefix, duplicates in the list, name, birth place, birth date, sex, rombel "
            f"and Excel damage to cells) and flags {n(e['invalid_rows'])} rows as invalid: "
            f"{n(planted - e['invalid_rows'])} fewer than pandas (−{(planted - e['invalid_rows']) / planted * 100:.1f} %), "
            f"because a NIK whose date differs from the birth date is a **warning** in emis "
            f"(`nik.tanggal_lahir_berbeda`: a NIK is not reissued when a birth date is corrected), not an invalid row. "
            f"Rows with any emis issue: {n(e['rows_any_issue'])} (= the planted rows; no issue on a clean row). "
            f"Issues by code ({e['fmt'].upper()} run): {codes}.")
    skipped = ", ".join(sorted(skip)) or "none"
    lines += [
        f"- The script fails unless pandas flags exactly the planted rows, emis flags exactly the planted rows "
        f"minus the NIK-date ones as invalid and reports an issue on exactly the planted rows, for both files. "
        f"Skipped (`SKIP`): {skipped}.",
        "",
        "How to rerun: `bash benches/validate-sheet/run.sh [N]` (default N = 100,000; quick check: "
        "`bash benches/validate-sheet/run.sh 5000`). `REPEAT` runs per contender (default 3), "
        "`SKIP=pandas` / `SKIP=csv` skips contenders or files (ids: emis pandas xlsx csv), `SEED` changes the "
        "data, `NO_BUILD=1` reuses `target/release/emis`. The script builds `emis` (release) unless `NO_BUILD`, "
        "installs pandas and openpyxl (pinned) into `bench-work/validate-sheet/venv` (never the project's "
        "`.venv`), generates the files into `bench-work/validate-sheet/` and rewrites only this section.",
    ]
    write_section(args.doc, "validate-sheet", "\n".join(lines))
    for r in results:
        print(f"{r['who']} {r['fmt']}: best {r['wall_best']:.3f} s, median {r['wall_median']:.3f} s, CPU "
              f"{r['cpu_median']:.2f} s, RSS {r['rss_mb']:.0f} MB, invalid rows {r['invalid_rows']}", file=sys.stderr)


if __name__ == "__main__":
    main()
