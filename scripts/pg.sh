#!/usr/bin/env bash
# pg.sh start|stop|env|run CMD...: a throwaway PostgreSQL cluster for tests.
#
#   eval "$(scripts/pg.sh start)"   start one, print  export PHASEOUT_TEST_PG_DSN=postgresql://...
#   scripts/pg.sh env               print that line again for the running cluster
#   scripts/pg.sh stop              stop it and delete its directory (idempotent)
#   scripts/pg.sh pause | resume    stop the server keeping its data, start it again on the same
#                                   port (a database outage, tests/cli/test_faults.sh)
#   scripts/pg.sh run make check    start a private one, run the command with the DSN exported,
#                                   stop it (also when the command fails); exits with its status
#
# The cluster lives in a fresh temporary directory, listens on 127.0.0.1 only, on a free port,
# with trust authentication and fsync off: it holds nothing worth keeping and must be fast.  It
# never touches the system's own cluster (no pg_ctlcluster, no /var/lib/postgresql).  The server
# binaries are Debian's /usr/lib/postgresql/<newest version>/bin, or $PG_BINDIR.  As root the
# server runs as the postgres user (initdb and postgres refuse root).  State: build/pg/state, or
# $PHASEOUT_PG_STATE; `run` keeps its own, so it never stops a cluster someone else started.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
state=${PHASEOUT_PG_STATE:-$root/build/pg/state}
dbname=phaseout_test

log() { echo "pg.sh: $*" >&2; }

find_bindir() {
    if [ -n "${PG_BINDIR:-}" ]; then
        echo "$PG_BINDIR"
        return
    fi
    local d
    d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [ -z "$d" ] || [ ! -x "$d/initdb" ]; then
        log "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (apt-get install postgresql, or set PG_BINDIR)"
        exit 1
    fi
    echo "$d"
}

# Run a server binary as the cluster's owner.
as_owner() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

dsn() {
    echo "postgresql://postgres@127.0.0.1:$1/$dbname"
}

read_state() {
    # shellcheck disable=SC1090
    [ -f "$state" ] && . "$state"
}

running() {
    read_state || return 1
    [ -d "${PGTMP:-}" ] && as_owner "$BINDIR/pg_ctl" -D "$PGTMP/data" status >/dev/null 2>&1
}

start() {
    if running; then
        log "already running on port $PORT"
        echo "export PHASEOUT_TEST_PG_DSN=$(dsn "$PORT")"
        return
    fi
    stop_quiet
    local bindir tmp port i
    bindir=$(find_bindir)
    tmp=$(mktemp -d "${TMPDIR:-/tmp}/phaseout-pg.XXXXXX")
    [ "$(id -u)" -eq 0 ] && chown postgres: "$tmp"
    mkdir -p "$(dirname "$state")"
    printf 'PGTMP=%q\nBINDIR=%q\nPORT=\n' "$tmp" "$bindir" >"$state"
    local locale=C.UTF-8
    locale -a 2>/dev/null | grep -qix 'c.utf-\?8' || locale=C
    if ! as_owner "$bindir/initdb" -D "$tmp/data" -A trust -U postgres -E UTF8 \
        --locale="$locale" --no-sync >"$tmp/initdb.log" 2>&1; then
        cat "$tmp/initdb.log" >&2
        log "initdb failed"
        stop_quiet
        exit 1
    fi
    # A port found free can be taken before the server binds it: try a few.
    for i in 1 2 3 4 5; do
        port=$(free_port)
        if as_owner "$bindir/pg_ctl" -D "$tmp/data" -l "$tmp/server.log" -w -t 30 start \
            -o "-k $tmp -h 127.0.0.1 -p $port -F -c max_connections=50" >/dev/null 2>&1; then
            printf 'PGTMP=%q\nBINDIR=%q\nPORT=%q\n' "$tmp" "$bindir" "$port" >"$state"
            "$bindir/psql" -X -q -h 127.0.0.1 -p "$port" -U postgres -d postgres \
                -c "CREATE DATABASE $dbname" >&2
            log "PostgreSQL $("$bindir/postgres" -V | awk '{print $3}') on 127.0.0.1:$port ($tmp)"
            echo "export PHASEOUT_TEST_PG_DSN=$(dsn "$port")"
            return
        fi
        log "start on port $port failed (try $i)"
    done
    tail -n 20 "$tmp/server.log" >&2 || true
    stop_quiet
    exit 1
}

stop_quiet() {
    read_state || return 0
    if [ -n "${PGTMP:-}" ] && [ -d "$PGTMP/data" ]; then
        as_owner "$BINDIR/pg_ctl" -D "$PGTMP/data" -m immediate -w stop >/dev/null 2>&1 || true
    fi
    # Only ever delete what this script created.
    case "${PGTMP:-}" in
    */phaseout-pg.*) rm -rf "$PGTMP" ;;
    esac
    rm -f "$state"
}

case "${1:-}" in
start)
    start
    ;;
stop)
    stop_quiet
    ;;
pause)
    running || { log "not running (scripts/pg.sh start)"; exit 1; }
    as_owner "$BINDIR/pg_ctl" -D "$PGTMP/data" -m fast -w stop >/dev/null
    ;;
resume)
    read_state && [ -n "${PORT:-}" ] && [ -d "${PGTMP:-}/data" ] || { log "no cluster to resume"; exit 1; }
    running || as_owner "$BINDIR/pg_ctl" -D "$PGTMP/data" -l "$PGTMP/server.log" -w -t 30 start \
        -o "-k $PGTMP -h 127.0.0.1 -p $PORT -F -c max_connections=50" >/dev/null
    ;;
env)
    if running; then
        echo "export PHASEOUT_TEST_PG_DSN=$(dsn "$PORT")"
    else
        log "not running (scripts/pg.sh start)"
        exit 1
    fi
    ;;
run)
    shift
    [ $# -gt 0 ] || { log "usage: pg.sh run COMMAND [ARG...]"; exit 2; }
    state=$(mktemp "${TMPDIR:-/tmp}/phaseout-pg-run.XXXXXX")
    trap 'stop_quiet; rm -f "$state"' EXIT
    line=$(start)
    export PHASEOUT_TEST_PG_DSN=${line#export PHASEOUT_TEST_PG_DSN=}
    set +e
    "$@"
    rc=$?
    set -e
    exit $rc
    ;;
*)
    echo "usage: scripts/pg.sh start|stop|pause|resume|env|run COMMAND..." >&2
    exit 2
    ;;
esac
