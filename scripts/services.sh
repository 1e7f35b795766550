#!/usr/bin/env bash
# PostgreSQL and Redis for production mode and CI, on loopback, with their own data folders.
#
#   scripts/services.sh start    install (Debian packages) if missing, then start both; idempotent
#   scripts/services.sh stop     stop both (safe when they are not running)
#   scripts/services.sh status   say what runs; exit 0 only when both answer
#   scripts/services.sh env      print REFLEX_DB_URL=... and REFLEX_REDIS_URL=... (eval-able)
#   scripts/services.sh reset    drop and re-create the shop's database (empty, for a fresh test run)
#
# Settings (environment): PG_PORT (55432), REDIS_PORT (56379), SERVICES_DIR (.services in the project),
# PG_DB (lumen), PG_USER (lumen), PG_PASSWORD (lumen-local). Data lives in $SERVICES_DIR/{pg,redis}
# (git-ignored). As root, PostgreSQL runs as the `postgres` system user.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
SERVICES_DIR="${SERVICES_DIR:-$ROOT/.services}"
PG_DB="${PG_DB:-lumen}"
PG_USER="${PG_USER:-lumen}"
PG_PASSWORD="${PG_PASSWORD:-lumen-local}"
PG_DATA="$SERVICES_DIR/pg/data"
PG_SOCK="$SERVICES_DIR/pg/run"
PG_LOG="$SERVICES_DIR/pg/postgres.log"
REDIS_DIR="$SERVICES_DIR/redis"

log() { echo "services: $*" >&2; }

pg_bindir() {
    local dir
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
    [ -n "$dir" ] && [ -x "$dir/pg_ctl" ] && echo "$dir"
}

install_missing() {
    local want=()
    pg_bindir >/dev/null || want+=(postgresql)
    command -v redis-server >/dev/null || want+=(redis-server)
    [ ${#want[@]} -eq 0 ] && return 0
    log "installing ${want[*]} from Debian's packages"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq
    # The packages' own services are not wanted (policy-rc.d may refuse them anyway): ours run below.
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${want[@]}" >/dev/null
}

# Run a PostgreSQL binary as the owner of the data folder (postgres when we are root).
as_pg() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

pg_running() {
    local bin
    bin="$(pg_bindir)" || return 1
    [ -f "$PG_DATA/PG_VERSION" ] && as_pg "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}

psql_admin() {
    local bin
    bin="$(pg_bindir)"
    PGOPTIONS="-c client_min_messages=warning" as_pg "$bin/psql" -h "$PG_SOCK" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 -qtA "$@"
}

start_pg() {
    local bin
    bin="$(pg_bindir)"
    mkdir -p "$SERVICES_DIR/pg" "$PG_SOCK"
    if [ "$(id -u)" -eq 0 ]; then
        # postgres must reach its folder through the project's path.
        chown -R postgres:postgres "$SERVICES_DIR/pg"
        if ! runuser -u postgres -- test -x "$SERVICES_DIR/pg"; then
            local d="$SERVICES_DIR"
            while [ "$d" != "/" ]; do chmod o+x "$d" 2>/dev/null || true; d="$(dirname "$d")"; done
        fi
    fi
    if [ ! -f "$PG_DATA/PG_VERSION" ]; then
        log "creating the PostgreSQL cluster in $PG_DATA"
        as_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
            -E UTF8 --locale=C.UTF-8 >/dev/null 2>&1 \
            || as_pg "$bin/initdb" -D "$PG_DATA" -U postgres --auth-local=trust --auth-host=scram-sha-256 \
                -E UTF8 --locale=C >/dev/null
    fi
    if pg_running; then
        log "PostgreSQL already runs on 127.0.0.1:$PG_PORT"
    else
        # Tuned for tests: no fsync is safe only for throw-away data (PG_DURABLE=1 keeps it on).
        local fast=""
        [ "${PG_DURABLE:-0}" = "1" ] || fast="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        as_pg "$bin/pg_ctl" -D "$PG_DATA" -l "$PG_LOG" -w -t 60 \
            -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_SOCK -c max_connections=200 $fast" start >/dev/null
        log "PostgreSQL started on 127.0.0.1:$PG_PORT"
    fi
    # The shop's role and database (idempotent).
    if [ "$(psql_admin -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'")" != "1" ]; then
        psql_admin -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'" >/dev/null
        # The tests drop their databases WITH (FORCE): the role may end its own leftover connections.
        psql_admin -c "GRANT pg_signal_backend TO \"$PG_USER\"" >/dev/null
    fi
    if [ "$(psql_admin -c "SELECT 1 FROM pg_database WHERE datname = '$PG_DB'")" != "1" ]; then
        psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\"" >/dev/null
    fi
    # pg_trgm (the register's search index) needs a superuser to create it once per database;
    # template1 gets it too, so databases the tests create have it.
    psql_admin -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
    psql_admin -d template1 -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
}

stop_pg() {
    local bin
    bin="$(pg_bindir)" || return 0
    if pg_running; then
        as_pg "$bin/pg_ctl" -D "$PG_DATA" -m fast -w -t 60 stop >/dev/null
        log "PostgreSQL stopped"
    fi
}

redis_cli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }

redis_running() {
    command -v redis-cli >/dev/null && [ "$(redis_cli ping 2>/dev/null || true)" = "PONG" ]
}

start_redis() {
    mkdir -p "$REDIS_DIR"
    if redis_running; then
        log "Redis already runs on 127.0.0.1:$REDIS_PORT"
        return 0
    fi
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$REDIS_DIR" --daemonize yes \
        --pidfile "$REDIS_DIR/redis.pid" --logfile "$REDIS_DIR/redis.log" \
        --save "" --appendonly no --protected-mode yes >/dev/null
    local i
    for i in $(seq 1 50); do
        redis_running && { log "Redis started on 127.0.0.1:$REDIS_PORT"; return 0; }
        sleep 0.1
    done
    log "Redis did not start (see $REDIS_DIR/redis.log)"
    return 1
}

stop_redis() {
    if redis_running; then
        redis_cli shutdown nosave >/dev/null 2>&1 || true
        log "Redis stopped"
    fi
}

print_env() {
    echo "REFLEX_DB_URL=postgresql+psycopg://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/$PG_DB"
    echo "REFLEX_REDIS_URL=redis://127.0.0.1:$REDIS_PORT/0"
}

case "${1:-}" in
    start)
        install_missing
        start_pg
        start_redis
        ;;
    stop)
        stop_redis
        stop_pg
        ;;
    status)
        ok=0
        if pg_running; then echo "postgresql: running on 127.0.0.1:$PG_PORT ($PG_DATA)"; else echo "postgresql: stopped"; ok=1; fi
        if redis_running; then echo "redis: running on 127.0.0.1:$REDIS_PORT ($REDIS_DIR)"; else echo "redis: stopped"; ok=1; fi
        exit $ok
        ;;
    env)
        print_env
        ;;
    reset)
        pg_running || { log "PostgreSQL is not running: scripts/services.sh start"; exit 1; }
        psql_admin -c "DROP DATABASE IF EXISTS \"$PG_DB\" WITH (FORCE)" >/dev/null
        psql_admin -c "CREATE DATABASE \"$PG_DB\" OWNER \"$PG_USER\"" >/dev/null
        psql_admin -d "$PG_DB" -c "CREATE EXTENSION IF NOT EXISTS pg_trgm" >/dev/null
        if redis_running; then redis_cli flushall >/dev/null; fi
        log "database $PG_DB re-created, Redis flushed"
        ;;
    *)
        echo "usage: $0 start|stop|status|env|reset" >&2
        exit 2
        ;;
esac
