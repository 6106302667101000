#!/usr/bin/env bash
# Validate one santri spreadsheet, as XLSX and as the same CSV: `emis validate` (release CLI,
# whole process) next to pandas `read_excel` / `read_csv` + vectorised checks of the same columns;
# writes the validate-sheet section of docs/benchmarks.md.
#
#   bash benches/validate-sheet/run.sh [N]        # N rows, default 100,000
#   REPEAT=5 SKIP=csv bash benches/validate-sheet/run.sh 5000
#
# Ids (for SKIP): emis pandas (contenders), xlsx csv (files). Other environment: SEED (default
# 20261130), REPEAT (runs per contender and file, default 3), NO_BUILD=1 (reuse
# target/release/emis), STEP_TIMEOUT (seconds per step, default 3600), DOC (file to write,
# default docs/benchmarks.md).
#
# Installs pandas and openpyxl (pinned below) into bench-work/validate-sheet/venv (gitignored;
# never the project's .venv); the generator runs there too (openpyxl writes the XLSX).
# Network: PyPI through pip on the first run only.
set -euo pipefail
SKIP="${SKIP:-}"

N="${1:-100000}"
N="${N//_/}"
N="${N//,/}"
SEED="${SEED:-20261130}"
REPEAT="${REPEAT:-3}"
STEP_TIMEOUT="${STEP_TIMEOUT:-3600}"
PANDAS_VERSION=3.1.1
OPENPYXL_VERSION=3.1.5

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$ROOT/bench-work/validate-sheet"
DATA="$WORK/data-$N-$SEED"
DOC="${DOC:-$ROOT/docs/benchmarks.md}"  # DOC=... writes elsewhere (trial runs)

# die, say, step, machine_env
source "$ROOT/benches/common/lib.sh"

[[ "$N" =~ ^[0-9]+$ ]] && (( N >= 1000 )) || die "N must be a whole number >= 1000 (got '$N')"
[[ "$REPEAT" =~ ^[1-9][0-9]*$ ]] || die "REPEAT must be a positive whole number"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "SEED must be a whole number"
for s in ${SKIP//,/ }; do
  [[ " emis pandas xlsx csv " == *" $s "* ]] || die "unknown id in SKIP: '$s' (ids: emis pandas xlsx csv)"
done
command -v python3 >/dev/null || die "python3 not found"
[[ -x /usr/bin/time ]] || die "/usr/bin/time not found (apt-get install time)"
mkdir -p "$WORK"

if [[ -z "${NO_BUILD:-}" ]]; then
  say "build: emis (release)"
  step cargo build --release -p emis-cli
fi
[[ -x "$TARGET/release/emis" ]] || die "no release emis binary at $TARGET/release/emis"

# The venv is needed in every case: gen.py writes the XLSX with openpyxl.
PYB="$WORK/venv/bin/python"
[[ -x "$PYB" ]] || { say "create bench-work/validate-sheet/venv"; step python3 -m venv "$WORK/venv"; }
have() { "$PYB" -c "from importlib.metadata import version as v; import sys; sys.exit(v('$1') != '$2')" 2>/dev/null; }
if ! have pandas "$PANDAS_VERSION" || ! have openpyxl "$OPENPYXL_VERSION"; then
  say "pip install pandas==$PANDAS_VERSION openpyxl==$OPENPYXL_VERSION into bench-work/validate-sheet/venv"
  step "$PYB" -m pip install -q "pandas==$PANDAS_VERSION" "openpyxl==$OPENPYXL_VERSION"
fi

if [[ ! -s "$DATA/truth.json" ]]; then
  say "generate $N santri rows (seed $SEED) as CSV and XLSX into $DATA"
  mkdir -p "$DATA"
  step "$PYB" "$HERE/gen.py" "$N" "$SEED" "$DATA/santri.csv" "$DATA/santri.xlsx" "$DATA/truth.json.tmp"
  mv "$DATA/truth.json.tmp" "$DATA/truth.json"
else
  say "reuse the generated files in $DATA"
fi

META="$WORK/meta.json"
machine_env
export M_PY="$("$PYB" -c 'import sys; print(sys.version.split()[0])')"
export M_OPENPYXL="$("$PYB" -c 'import openpyxl; print(openpyxl.__version__)')"
export M_EMIS="$("$TARGET/release/emis" --version | awk '{print $2}')"
export M_BUILT="$( [[ -n "${NO_BUILD:-}" ]] && echo "reused (NO_BUILD=1), file dated $(date -u -r "$TARGET/release/emis" '+%Y-%m-%d %H:%M UTC')" || echo "built by this run")"
python3 - "$META" <<'EOF'
import json, os, sys
e = os.environ
json.dump({"date": e["M_DATE"], "nproc": e["M_NPROC"], "cpu": e["M_CPU"], "mem": e["M_MEM"], "os": e["M_OS"],
           "git": e["M_GIT"], "rustc": e["M_RUSTC"], "python": e["M_PY"], "openpyxl": e["M_OPENPYXL"],
           "emis_version": e["M_EMIS"], "built": e["M_BUILT"]},
          open(sys.argv[1], "w"), indent=1)
EOF

say "run contenders ($REPEAT runs each per file) and write docs/benchmarks.md (validate-sheet section)"
step python3 "$HERE/bench.py" --data "$DATA" --emis "$TARGET/release/emis" --py "$PYB" \
  --repeat "$REPEAT" --skip "${SKIP:-}" --doc "$DOC" --meta "$META"
say "done: $DOC"
