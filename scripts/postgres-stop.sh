#!/usr/bin/env bash
# Stop the throwaway PostgreSQL cluster started by scripts/postgres-start.sh.
#   scripts/postgres-stop.sh           # stop, keep the data dir
#   scripts/postgres-stop.sh --purge   # stop and delete ${PULSE_PG_DIR:-/tmp/pulse-pg}
set -euo pipefail

PG_BIN=${PULSE_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=${PULSE_PG_DIR:-/tmp/pulse-pg}
PG_DATA=$PG_DIR/data

log() { echo "postgres-stop: $*" >&2; }
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ -x "$PG_BIN/pg_ctl" ] && [ -f "$PG_DATA/PG_VERSION" ] \
   && as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >&2
else
  log "not running"
fi

if [ "${1:-}" = "--purge" ]; then
  log "removing $PG_DIR"
  rm -rf -- "$PG_DIR"
fi
