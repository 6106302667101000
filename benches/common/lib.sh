# Sourced by benches/*/run.sh: messages, bounded steps and the run's machine facts, once.
# Needs STEP_TIMEOUT (seconds per step) set by the caller.

die() { echo "run.sh: ERROR: $*" >&2; exit 1; }
say() { echo "== $*" >&2; }
step() { timeout --foreground "$STEP_TIMEOUT" "$@" || die "step failed (exit $?): $*"; }

# Exports M_DATE M_NPROC M_CPU M_MEM M_OS M_GIT M_RUSTC for the report writers.
machine_env() {
  export M_DATE="$(date -u '+%Y-%m-%d %H:%M UTC')"
  export M_NPROC="$(nproc)"
  export M_CPU="$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | head -1)"
  export M_MEM="$(free -g | awk '/^Mem:/ {print $2 " GiB"}')"
  export M_OS="$(. /etc/os-release 2>/dev/null && echo "${PRETTY_NAME:-?}")"
  export M_GIT="$(git rev-parse --short HEAD 2>/dev/null || echo '?')$( [[ -n "$(git status --porcelain 2>/dev/null)" ]] && echo ' + uncommitted changes')"
  export M_RUSTC="$(rustc -V)"
}
