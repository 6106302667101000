#!/usr/bin/env bash
# Sync benchmark against the simulator's real profile on 127.0.0.1 (docs/benchmarks.md, the
# sync section): (a) pull + reconcile of 10,000 santri, (b) a sync with 5 % creates at the
# default pacing against the pacing floor, (c) the same with 100 ms latency.
#
#   bash benches/sync/run.sh [sync_bench options]   # default: --part all
#
# Options go to tests/e2e/examples/sync_bench.rs (see its header). (b) and (c) run at the real
# pace (one write per 3 s): about 5 minutes. Network: 127.0.0.1 only.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
cargo build --release -p emis-e2e --example sync_bench
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"
if [[ $# -eq 0 ]]; then set -- --part all; fi
exec "$TARGET/release/examples/sync_bench" "$@"
