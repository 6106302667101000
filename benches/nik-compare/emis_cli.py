"""emis CLI contender: ``emis check nik --stdin --format jsonl`` over the whole file.

Times the whole process (start, read stdin, check, write JSONL to a file, exit): wall time
divided by N, best of 3 runs after one untimed run on the first 10,000 lines. The acceptance
comes from the ``valid`` field of each output line (one per input line, in order); the
``severity`` field is kept too, so the report can show that retired codes are warnings.

    python emis_cli.py EMIS_BIN NIKS.txt RESULT.json
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time

from common import WARMUP, write_result

ARGS = ["check", "nik", "--stdin", "--format", "jsonl", "--today", "2026-11-29"]


def run(binary: str, niks_path: str, out_path: str) -> float:
    with open(niks_path, "rb") as stdin, open(out_path, "wb") as stdout:
        t0 = time.perf_counter_ns()
        p = subprocess.run([binary, *ARGS], stdin=stdin, stdout=stdout, stderr=subprocess.PIPE)
        elapsed = time.perf_counter_ns() - t0
    # Exit code 1 = some value invalid (expected here); anything else is a failure.
    if p.returncode not in (0, 1):
        sys.exit(f"emis CLI failed with exit code {p.returncode}: {p.stderr.decode(errors='replace')[:2000]}")
    return elapsed


def main() -> None:
    binary, niks_path, result = sys.argv[1:4]
    with open(niks_path, "rb") as f:
        data = f.read()
    n = data.count(b"\n")
    workdir = os.path.dirname(os.path.abspath(result))
    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        head = os.path.join(tmp, "head.txt")
        with open(head, "wb") as f:
            f.write(b"".join(data.splitlines(keepends=True)[:WARMUP]))
        out = os.path.join(tmp, "out.jsonl")
        run(binary, head, out)
        times = [run(binary, niks_path, out) / n for _ in range(3)]
        verdicts, severity = [], []
        with open(out, encoding="utf-8") as f:
            for line in f:
                row = json.loads(line)
                verdicts.append(bool(row["valid"]))
                severity.append(row.get("severity", "?")[:1])  # o(k) / w(arning) / i(nvalid)
    if len(verdicts) != n:
        sys.exit(f"emis CLI wrote {len(verdicts)} lines for {n} input lines")
    version = subprocess.run([binary, "--version"], capture_output=True, text=True).stdout.strip()
    write_result(result, "emis-cli",
                 f"{version or 'emis'} CLI `check nik --stdin --format jsonl` (whole process)",
                 min(times), times, verdicts, severity="".join(severity))


if __name__ == "__main__":
    main()
