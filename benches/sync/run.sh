#!/usr/bin/env bash
# Sync benchmark: one full sync of a lembaga with 10,000 santri against the simulator on
# 127.0.0.1, without and with 100 ms latency per request, with the chosen per_page/batch_size
# and with the engine's defaults; writes the sync-bench section of docs/benchmarks.md.
#
#   bash benches/sync/run.sh [sync_bench options]    # e.g. --santri 2000 --repeat 1
#
# Options are passed to tests/e2e/examples/sync_bench.rs (see its header); `--defaults` and
# `--json` are always added. Environment: NO_BUILD=1 (reuse the release build), STEP_TIMEOUT
# (seconds, default 1800). Network: 127.0.0.1 only.
set -euo pipefail

STEP_TIMEOUT="${STEP_TIMEOUT:-1800}"
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$ROOT/bench-work/sync"
DOC="$ROOT/docs/benchmarks.md"
BIN="$TARGET/release/examples/sync_bench"

die() { echo "run.sh: ERROR: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }
step() { timeout --foreground "$STEP_TIMEOUT" "$@" || die "step failed (exit $?): $*"; }

command -v python3 >/dev/null || die "python3 not found"
mkdir -p "$WORK"
if [[ -z "${NO_BUILD:-}" ]]; then
  say "build: emis-e2e example sync_bench (release)"
  step cargo build --release -p emis-e2e --example sync_bench
fi
[[ -x "$BIN" ]] || die "no release build at $BIN"

LOAD="$(cut -d' ' -f1 /proc/loadavg)"
say "run sync_bench --defaults $*"
step "$BIN" --defaults --json "$WORK/results.json" "$@"

META="$WORK/meta.json"
export M_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
export M_NPROC="$(nproc)"
export M_CPU="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
export M_MEM="$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
export M_OS="$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-?}")"
export M_GIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n "$(git status --porcelain 2>/dev/null)" ]] && echo ' + uncommitted changes')"
export M_RUSTC="$(rustc -V)"
export M_LOAD="$LOAD"
python3 - "$META" <<'EOF'
import json, os, sys
e = os.environ
json.dump({"date": e["M_DATE"], "nproc": e["M_NPROC"], "cpu": e["M_CPU"], "mem": e["M_MEM"], "os": e["M_OS"],
           "git": e["M_GIT"], "rustc": e["M_RUSTC"], "load": e["M_LOAD"]}, open(sys.argv[1], "w"), indent=1)
EOF
say "report -> docs/benchmarks.md (sync-bench section)"
python3 "$HERE/report.py" "$WORK/results.json" "$META" "$DOC"
say "done: $DOC"
