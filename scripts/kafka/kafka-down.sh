#!/usr/bin/env bash
# Stops the broker started by kafka-up.sh: SIGTERM (Kafka shuts down cleanly on it), up to
# $KAFKA_STOP_TIMEOUT seconds (default 30) of waiting, then SIGKILL. Then removes the data directory, unless
# --keep-data is given. Safe to run when no broker is running.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
dir="$(realpath -m "${SLUICE_KAFKA_DIR:-$repo/.kafka}")"
pidfile="$dir/kafka.pid"
timeout="${KAFKA_STOP_TIMEOUT:-30}"
keep_data=false
[[ "${1:-}" == "--keep-data" ]] && keep_data=true

say() { echo "kafka-down: $*" >&2; }

if [[ -f "$pidfile" ]]; then
  pid="$(cat "$pidfile")"
  # Only signal the pid if it is still our broker: after a reboot the number may belong to something else.
  if kill -0 "$pid" 2>/dev/null && grep -q "kafka.Kafka" "/proc/$pid/cmdline" 2>/dev/null; then
    kill -TERM "$pid"
    deadline=$(( $(date +%s) + timeout ))
    while kill -0 "$pid" 2>/dev/null && (( $(date +%s) < deadline )); do sleep 0.2; done
    if kill -0 "$pid" 2>/dev/null; then
      say "broker (pid $pid) still running after ${timeout}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      while kill -0 "$pid" 2>/dev/null; do sleep 0.1; done
    fi
    say "stopped broker (pid $pid)"
  else
    say "no broker running (stale pid file)"
  fi
  rm -f "$pidfile"
else
  say "no broker running"
fi

if [[ "$keep_data" == false ]]; then
  rm -rf "$dir"
fi
