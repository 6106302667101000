"""Shared by the benches' report writers: whole-process timing under /usr/bin/time, number
formats, and rewriting one marked section of docs/benchmarks.md."""

import os
import re
import subprocess
import sys
import time


def timed(cmd, out_path=None):
    """Runs cmd under /usr/bin/time -v; returns (wall s, peak RSS MB, cpu s, exit code, stderr)."""
    full = ["/usr/bin/time", "-v"] + cmd
    stdout = open(out_path, "w") if out_path else subprocess.DEVNULL
    t0 = time.perf_counter()
    p = subprocess.run(full, stdout=stdout, stderr=subprocess.PIPE, text=True)
    wall = time.perf_counter() - t0
    if out_path:
        stdout.close()
    err = p.stderr
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", err)
    if not m:
        sys.exit(f"bench: no /usr/bin/time output for {cmd}:\n{err[-3000:]}")
    user = float(re.search(r"User time \(seconds\): ([\d.]+)", err).group(1))
    sys_ = float(re.search(r"System time \(seconds\): ([\d.]+)", err).group(1))
    return wall, int(m.group(1)) / 1024, user + sys_, p.returncode, err


def fmt_s(x):
    return f"{x:.2f} s" if x >= 0.995 else f"{x * 1000:.0f} ms"


def n(x):
    return f"{x:,}"


def write_section(doc, name, text):
    """Replaces the text between `<!-- name:start -->` and `<!-- name:end -->` in doc, or appends
    the marked block when the markers are absent."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    body = open(doc).read() if os.path.exists(doc) else ""
    block = f"{start}\n{text.rstrip()}\n{end}"
    if start in body and end in body:
        body = body[: body.index(start)] + block + body[body.index(end) + len(end):]
    else:
        body = body.rstrip() + "\n\n" + block + "\n"
    open(doc, "w").write(body)
