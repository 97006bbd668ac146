# lib.sh: helpers for CLI tests (sourced).  Each test file runs once per backend:
# TEST_BACKEND=sqlite|pg, PHASEOUT_BIN (release binary), PHASEOUT_ASAN_BIN (sanitized binary),
# PHASEOUT_SHARED (the shared/ checkout with bench/gen.py and bench/oracle.py; default ../shared
# beside the clone).  A test that cannot run here calls skip: it exits 77, which scripts/test.sh
# counts and lists as SKIP (and fails on in CI); a missing PostgreSQL for TEST_BACKEND=pg is a
# failure, not a skip.
set -euo pipefail
export PGOPTIONS="-c client_min_messages=warning"
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/tests/lsan.supp:print_suppressions=0}
BIN=${PHASEOUT_BIN:-$root/build/rel/phaseout}
ABIN=${PHASEOUT_ASAN_BIN:-$BIN}
case $BIN in /*) ;; *) BIN=$root/$BIN ;; esac
case $ABIN in /*) ;; *) ABIN=$root/$ABIN ;; esac
BACKEND=${TEST_BACKEND:-sqlite}
T=$(mktemp -d /tmp/phaseout-cli.XXXXXX)
SHARED=${PHASEOUT_SHARED:-$root/../shared}
n_ok=0
_pgdbs=()

cleanup() {
    for d in "${_pgdbs[@]+"${_pgdbs[@]}"}"; do
        psql -q "$PHASEOUT_TEST_PG_DSN" -c "DROP DATABASE IF EXISTS $d WITH (FORCE)" >/dev/null 2>&1 || true
    done
    rm -rf "$T"
}
trap cleanup EXIT

fail() { echo "FAIL ($BACKEND) ${BASH_SOURCE[1]}:${BASH_LINENO[0]}: $*" >&2; exit 1; }
# skip REASON: this test cannot run here; say why and exit 77 (automake's "skipped")
skip() { echo "SKIP ($BACKEND) $0: $*"; exit 77; }
# need_shared FILE...: skip unless every FILE is in $SHARED
need_shared() {
    local f
    for f; do [ -f "$SHARED/$f" ] || skip "no $SHARED/$f (PHASEOUT_SHARED or ../shared beside the clone)"; done
}
ok() { n_ok=$((n_ok + 1)); }

# newdb NAME: print a fresh empty database for the backend
newdb() {
    if [ "$BACKEND" = pg ]; then
        [ -n "${PHASEOUT_TEST_PG_DSN:-}" ] || fail "PHASEOUT_TEST_PG_DSN not set"
        local name="po_cli_$$_$1"
        psql -q "$PHASEOUT_TEST_PG_DSN" -c "DROP DATABASE IF EXISTS $name WITH (FORCE)" >/dev/null
        psql -q "$PHASEOUT_TEST_PG_DSN" -c "CREATE DATABASE $name TEMPLATE template0 ENCODING 'UTF8'" >/dev/null
        _pgdbs+=("$name")
        echo "${PHASEOUT_TEST_PG_DSN%/*}/$name"
    else
        echo "$T/$1.db"
    fi
}

# sql DB QUERY: one value
sql() {
    if [ "$BACKEND" = pg ]; then psql -qAt "$1" -c "$2"; else sqlite3 "$1" "$2"; fi
}

# expect_eq ACTUAL WANT MESSAGE
expect_eq() { [ "$1" = "$2" ] || fail "$3: got '$1', want '$2'"; ok; }
expect_grep() { grep -q -- "$1" "$2" || { cat "$2" >&2; fail "expected '$1' in $2"; }; ok; }

# dbhash DB: a fingerprint of the whole database (SQLite: the files; PostgreSQL: every kind exported)
dbhash() {
    if [ "$BACKEND" = pg ]; then
        for k in districts industries enterprises equipment energy output economics inspections licences; do
            "$BIN" export --db "$1" --kind $k --format csv
        done | sha256sum | cut -d' ' -f1
        sql "$1" "SELECT count(*) FROM import_batch; SELECT count(*) FROM revision"
    else
        { cat "$1"; cat "$1-wal" 2>/dev/null || true; } | sha256sum | cut -d' ' -f1
    fi
}

gen() { # gen DIR SCALE: the benchmark generator's files; skip when shared/ is absent
    need_shared bench/gen.py
    python3 "$SHARED/bench/gen.py" annual "$1" --scale "$2" >/dev/null
}

# free_port: a TCP port free on the loopback now
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# serve_start DB PORT [ARGS...]: phaseout serve in the background (pid in $spid, log appended to
# $T/serve.log), waiting until /api/v1/health answers
serve_start() {
    local db=$1 port=$2 i
    shift 2
    "$BIN" serve --db "$db" --listen "127.0.0.1:$port" --threads 4 --public-burst 1000000 "$@" >>"$T/serve.log" 2>&1 &
    spid=$!
    for i in $(seq 200); do
        curl -fs "http://127.0.0.1:$port/api/v1/health" >/dev/null 2>&1 && return 0
        kill -0 $spid 2>/dev/null || { tail -n 20 "$T/serve.log" >&2; fail "the server did not start"; }
        sleep 0.05
    done
    fail "the server did not answer within 10 s"
}

# serve_login URL USER PASSWORD: a cookie jar $T/USER.jar and the CSRF token in $T/USER.csrf
serve_login() {
    curl -s -c "$T/$2.jar" -H 'Content-Type: application/json' \
        -d "{\"username\":\"$2\",\"password\":\"$3\"}" "$1/api/v1/session" >"$T/$2.login"
    python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["csrf_token"])' "$T/$2.login" >"$T/$2.csrf"
}

# serve_post URL USER PATH OUT CURL_ARGS...: a signed-in write; prints the status (000: no server)
serve_post() {
    local url=$1 u=$2 p=$3 out=$4
    shift 4
    curl -s -o "$out" -w '%{http_code}' -b "$T/$u.jar" -H "X-CSRF-Token: $(cat "$T/$u.csrf")" "$@" "$url$p" || true
}
