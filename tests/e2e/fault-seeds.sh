#!/usr/bin/env bash
# Random fault schedules against the simulator's real profile, many seeds (CI runs 200):
#   bash tests/e2e/fault-seeds.sh [SEEDS]        # default 2000
# Each seed: a random schedule of faults (lost answers after a create was applied, resets,
# 5xx, 429 without Retry-After, timeouts, malformed lists, session expiry shapes) and random
# store crashes; the sync is rerun until it completes and compared with a fault-free run.
# Prints the totals (runs, crashes, writes settled by lookup; duplicates/lost/unwanted/spurious = 0).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
EMIS_FAULT_SEEDS="${1:-2000}" cargo test --release -p emis-e2e --test sync_faults -- --nocapture
