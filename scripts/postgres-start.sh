#!/usr/bin/env bash
# Start a throwaway PostgreSQL 15 cluster for Pulse's tests.
#
#   eval "$(scripts/postgres-start.sh)"     # sets PULSE_PG_URL
#
# Data dir: ${PULSE_PG_DIR:-/tmp/pulse-pg}; listens on 127.0.0.1:${PULSE_PG_PORT:-55432} only (no
# unix socket); trust auth; creates database "pulse". Idempotent: a cluster that is already running
# is left alone. The only thing written to stdout is the export line; everything else goes to stderr.
set -euo pipefail

PG_BIN=${PULSE_PG_BIN:-/usr/lib/postgresql/15/bin}
PG_DIR=${PULSE_PG_DIR:-/tmp/pulse-pg}
PG_PORT=${PULSE_PG_PORT:-55432}
PG_DATA=$PG_DIR/data
PG_LOG=$PG_DIR/postgres.log

log() { echo "postgres-start: $*" >&2; }

# Run a command as the postgres user when we are root (postgres refuses to run as root).
as_pg() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

if [ ! -x "$PG_BIN/postgres" ]; then
  log "PostgreSQL 15 not found in $PG_BIN; installing postgresql-15"
  if [ "$(id -u)" != 0 ]; then log "need root to install postgresql-15"; exit 1; fi
  { apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql-15; } >&2
fi

mkdir -p "$PG_DIR"
if [ "$(id -u)" = 0 ]; then chown postgres:postgres "$PG_DIR"; fi
chmod 700 "$PG_DIR"

if as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1; then
  log "already running (data dir $PG_DATA)"
else
  if [ ! -f "$PG_DATA/PG_VERSION" ]; then
    log "initializing cluster in $PG_DATA"
    as_pg "$PG_BIN/initdb" -D "$PG_DATA" -U postgres --auth=trust -E UTF8 --no-locale --no-sync >&2
    cat >>"$PG_DATA/postgresql.conf" <<CONF

# --- pulse test cluster (scripts/postgres-start.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
# throwaway data: trade durability for speed
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
  fi
  log "starting on 127.0.0.1:$PG_PORT (log: $PG_LOG)"
  # -o -p overrides the port in postgresql.conf so PULSE_PG_PORT may change between runs.
  if ! as_pg "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -o "-p $PG_PORT" -w -t 60 start >&2; then
    log "failed to start; last lines of $PG_LOG:"
    tail -n 20 "$PG_LOG" >&2 || true
    exit 1
  fi
fi

for _ in $(seq 1 60); do
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; then break; fi
  sleep 0.5
done
if ! "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres; then
  log "server did not become ready on 127.0.0.1:$PG_PORT"
  exit 1
fi

if [ "$("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -tAc \
        "SELECT 1 FROM pg_database WHERE datname = 'pulse'")" != 1 ]; then
  log "creating database pulse"
  "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres pulse >&2
fi

log "ready"
echo "export PULSE_PG_URL=\"Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=pulse\""
