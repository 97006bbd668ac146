#!/usr/bin/env bash
# soak.sh [MINUTES] [--backend sqlite|pg]: readers and writers together against `phaseout serve`
# on loopback for MINUTES (default 10) — issue 16 §5; run on demand, not in CI.
#
# The database is the demo city (phaseout demo) with a city, a district officer and a system
# administrator account; the server is build/rel/phaseout with its default threads.  The load
# (bench/soak.mjs): readers on the enterprise list, the dashboard, an enterprise's page and the
# case list; a writer taking cases through their actions with documents; an importer of 100
# energy rows through the API every second.  Prints, per minute, the requests, the errors
# (must be 0), the p50 and p99 latency and the server's RSS (must be flat: under 5 % growth
# after the first minute), then the verdict; exits 1 when it fails.
#
# PostgreSQL: the throwaway cluster of scripts/pg.sh (state in bench/out/pg.state), a new
# database phaseout_soak.  PHASEOUT_BIN runs another binary (then nothing is built);
# PHASEOUT_SOAK_READERS and PHASEOUT_SOAK_PAUSE_MS change the load (soak.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
minutes=10 backend=sqlite
while [ $# -gt 0 ]; do
    case $1 in
    --backend) backend=${2:-}; shift 2 ;;
    --backend=*) backend=${1#*=}; shift ;;
    [0-9]*) minutes=$1; shift ;;
    *) echo "usage: bench/soak.sh [MINUTES] [--backend sqlite|pg]" >&2; exit 2 ;;
    esac
done
case $backend in sqlite | pg) ;; *) echo "soak: --backend is sqlite or pg" >&2; exit 2 ;; esac
bin=${PHASEOUT_BIN:-build/rel/phaseout}
[ -n "${PHASEOUT_BIN:-}" ] || make -s >/dev/null
out=bench/out
mkdir -p "$out"
tmp=$(mktemp -d /tmp/phaseout-soak.XXXXXX)
srv_pid= pg_started=
cleanup() {
    [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
    [ -n "$pg_started" ] && scripts/pg.sh stop >/dev/null 2>&1
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

if [ "$backend" = pg ]; then
    export PHASEOUT_PG_STATE=$PWD/$out/pg.state
    eval "$(scripts/pg.sh start 2>/dev/null)"
    pg_started=1
    db=${PHASEOUT_TEST_PG_DSN%/*}/phaseout_soak
    psql -q "$PHASEOUT_TEST_PG_DSN" -c "DROP DATABASE IF EXISTS phaseout_soak WITH (FORCE)" 2>/dev/null
    psql -q "$PHASEOUT_TEST_PG_DSN" -c "CREATE DATABASE phaseout_soak TEMPLATE template0 ENCODING 'UTF8'"
else
    db=$tmp/soak.db
fi
password='Soak-test-2026!'
$bin demo --db "$db" >/dev/null
echo "$password" | $bin user add city --role city --password-stdin --db "$db" >/dev/null
echo "$password" | $bin user add district --role district --district 150302 --password-stdin --db "$db" >/dev/null
echo "$password" | $bin user add sysadmin --role sysadmin --password-stdin --db "$db" >/dev/null
$bin export --db "$db" --kind energy --format csv --out "$tmp/energy.csv" >/dev/null 2>&1

load=$(cut -d' ' -f1-3 /proc/loadavg)
port=$(free_port)
PHASEOUT_ACCESS_LOG=0 $bin serve --db "$db" --listen "127.0.0.1:$port" --public-burst 10000000 \
    >"$tmp/serve.log" 2>&1 &
srv_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done

printf 'soak: phaseout serve (%s), %s, demo city, %s minutes, %s readers + a case writer + an importer\n' \
    "$bin" "$backend" "$minutes" "${PHASEOUT_SOAK_READERS:-4}"
printf '%s CPUs (%s), %s, load average before %s\n' "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$load"
rc=0
node bench/soak.mjs --url "http://127.0.0.1:$port" --pid "$srv_pid" --minutes "$minutes" \
    --energy "$tmp/energy.csv" --password "$password" || rc=$?
if ! kill -0 "$srv_pid" 2>/dev/null; then
    echo "soak: the server died: $(tail -5 "$tmp/serve.log")"
    rc=1
fi
exit $rc
