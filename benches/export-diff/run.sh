#!/usr/bin/env bash
# Reconcile two santri exports side by side: `emis diff` (release CLI, whole process) next to
# polars and pandas, on the same two generated files; writes the export-diff section of
# docs/benchmarks.md.
#
#   bash benches/export-diff/run.sh [N]          # N rows in A, default 1,000,000 (~108 MB per file)
#   REPEAT=5 SKIP=pandas bash benches/export-diff/run.sh 20000
#
# Contender ids (for SKIP): emis polars pandas. Other environment: SEED (default 20261129),
# REPEAT (runs per contender, default 3), NO_BUILD=1 (reuse target/release/emis; development
# only), STEP_TIMEOUT (seconds per step, default 3600).
#
# Installs polars and pandas (pinned below) into bench-work/export-diff/venv (gitignored; never
# the project's .venv). Network: PyPI through pip on the first run only.
set -euo pipefail
SKIP="${SKIP:-}"

N="${1:-1000000}"
N="${N//_/}"
N="${N//,/}"
SEED="${SEED:-20261129}"
REPEAT="${REPEAT:-3}"
STEP_TIMEOUT="${STEP_TIMEOUT:-3600}"
POLARS_VERSION=2.1.0
PANDAS_VERSION=3.1.1

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$ROOT/bench-work/export-diff"
DATA="$WORK/data-$N-$SEED"
DOC="$ROOT/docs/benchmarks.md"

# die, say, step, machine_env
source "$ROOT/benches/common/lib.sh"

[[ "$N" =~ ^[0-9]+$ ]] && (( N >= 1000 )) || die "N must be a whole number >= 1000 (got '$N')"
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || die "REPEAT must be a positive whole number"
for s in ${SKIP//,/ }; do
  [[ " emis polars pandas " == *" $s "* ]] || die "unknown id in SKIP: '$s' (ids: emis polars pandas)"
done
on() { [[ ",${SKIP:-}," != *",$1,"* ]]; }
command -v python3 >/dev/null || die "python3 not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
mkdir -p "$WORK"

if [[ -z "${NO_BUILD:-}" ]]; then
  say "build: emis (release)"
  step cargo build --release -p emis-cli
fi
[[ -x "$TARGET/release/emis" ]] || die "no release emis binary at $TARGET/release/emis"

PYB="$WORK/venv/bin/python"
if on polars || on pandas; then
  [[ -x "$PYB" ]] || { say "create bench-work/export-diff/venv"; step python3 -m venv "$WORK/venv"; }
  have() { "$PYB" -c "from importlib.metadata import version as v; import sys; sys.exit(v('$1') != '$2')" 2>/dev/null; }
  if ! have polars "$POLARS_VERSION" || ! have pandas "$PANDAS_VERSION"; then
    say "pip install polars==$POLARS_VERSION pandas==$PANDAS_VERSION into bench-work/export-diff/venv"
    step "$PYB" -m pip install -q "polars==$POLARS_VERSION" "pandas==$PANDAS_VERSION"
  fi
fi

if [[ ! -s "$DATA/truth.json" ]]; then
  say "generate A ($N rows) and B (seed $SEED) into $DATA"
  mkdir -p "$DATA"
  step python3 "$HERE/gen.py" "$N" "$SEED" "$DATA/a.csv" "$DATA/b.csv" "$DATA/truth.json.tmp"
  mv "$DATA/truth.json.tmp" "$DATA/truth.json"
else
  say "reuse the generated files in $DATA"
fi

META="$WORK/meta.json"
machine_env
export M_PY="$( [[ -x "$PYB" ]] && "$PYB" -c 'import sys; print(sys.version.split()[0])' || python3 -c 'import sys; print(sys.version.split()[0])')"
export M_EMIS="$("$TARGET/release/emis" --version | awk '{print $2}')"
python3 - "$META" <<'EOF'
import json, os, sys
e = os.environ
json.dump({"date": e["M_DATE"], "nproc": e["M_NPROC"], "cpu": e["M_CPU"], "mem": e["M_MEM"], "os": e["M_OS"],
           "git": e["M_GIT"], "rustc": e["M_RUSTC"], "python": e["M_PY"], "emis_version": e["M_EMIS"]},
          open(sys.argv[1], "w"), indent=1)
EOF

say "run contenders ($REPEAT runs each) and write docs/benchmarks.md (export-diff section)"
step python3 "$HERE/bench.py" --data "$DATA" --emis "$TARGET/release/emis" --py "$PYB" \
  --repeat "$REPEAT" --skip "${SKIP:-}" --doc "$DOC" --meta "$META"
say "done: $DOC"
