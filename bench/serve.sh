#!/usr/bin/env bash
# serve.sh [SCALE]: the HTTP server under load (issue 7 "Benchmark"; a benchmark, not a test).
#
# With the benchmark's data loaded (../shared/bench/gen.py, imported as bench/import.sh does),
# `phaseout serve` answers GET /api/v1/enterprises?per_page=20 and GET /api/v1/dashboard to
# wrk (64 connections, 2 threads, 10 s, a signed-in session's cookie); then nginx, on the same
# machine in the same run, serves a static file of the same bytes to wrk the same way: the
# upper bound.  Prints requests/s and p99 latency of each and the ratio to nginx, and how long
# the first request after the start took ("first s": caches filled on first use).
# Goal: at least half of nginx's requests/s, p99 under 20 ms.
#
# Installs wrk and nginx when missing (scripts/deps.sh).  nginx runs from a private
# configuration (bench/nginx.conf, ports and paths filled in) in a temporary directory, never
# the system's.  PHASEOUT_BENCH_DURATION (default 10s) and PHASEOUT_BENCH_THREADS (server
# threads, default: the server's own default) change the run; PHASEOUT_BIN runs another
# binary than build/rel/phaseout (then nothing is built).
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-M}
data=bench/data/$scale
out=bench/out
dur=${PHASEOUT_BENCH_DURATION:-10s}
mkdir -p "$out"
PHASEOUT_DEPS_EXTRA="wrk nginx" scripts/deps.sh
[ -f "$data/energy.csv" ] || python3 ../shared/bench/gen.py annual "$data" --scale "$scale" >/dev/null
bin=${PHASEOUT_BIN:-build/rel/phaseout}
[ -n "${PHASEOUT_BIN:-}" ] || make -s >/dev/null
tmp=$(mktemp -d /tmp/phaseout-serve-bench.XXXXXX)
srv_pid= ngx_pid=
cleanup() {
    [ -n "$srv_pid" ] && kill "$srv_pid" 2>/dev/null && wait "$srv_pid" 2>/dev/null
    [ -n "$ngx_pid" ] && kill -QUIT "$ngx_pid" 2>/dev/null && wait "$ngx_pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# ---- the database: the import of bench/import.sh, plus value added and a user ----
db=$out/serve.db
rm -f "$db" "$db"-wal "$db"-shm
$bin db init --db "$db" >/dev/null
for k in districts industries enterprises energy; do $bin import --quiet --db "$db" --kind $k "$data/$k.csv" >/dev/null; done
$bin import --quiet --db "$db" --kind economics "$data/value_added.csv" >/dev/null
password='Load-test-2026!'
echo "$password" | $bin user add bench --role city --password-stdin --db "$db" >/dev/null
nent=$(sqlite3 "$db" 'SELECT count(*) FROM enterprise')
nenergy=$(sqlite3 "$db" 'SELECT count(*) FROM energy')

# ---- the server ----
load=$(cut -d' ' -f1-3 /proc/loadavg)
port=$(free_port)
PHASEOUT_ACCESS_LOG=0 $bin serve --db "$db" --listen "127.0.0.1:$port" \
    ${PHASEOUT_BENCH_THREADS:+--threads "$PHASEOUT_BENCH_THREADS"} >"$tmp/serve.log" 2>&1 &
srv_pid=$!
for _ in $(seq 100); do curl -sf "http://127.0.0.1:$port/api/v1/health" >/dev/null && break; sleep 0.1; done
curl -sf -c "$tmp/cookies" -H 'Content-Type: application/json' \
    -d "{\"username\":\"bench\",\"password\":\"$password\"}" "http://127.0.0.1:$port/api/v1/session" >/dev/null
cookie="po_session=$(awk '$6 == "po_session" { print $7 }' "$tmp/cookies")"

# ---- nginx: the same bytes as a static file ----
nport=$(free_port)
mkdir -p "$tmp/www" "$tmp/logs"
sed -e "s|@PORT@|$nport|; s|@ROOT@|$tmp/www|; s|@TMP@|$tmp|g" bench/nginx.conf >"$tmp/nginx.conf"

# wrk_run URL → "requests/s p99_ms non2xx timeouts"
wrk_run() {
    wrk -c 64 -t 2 -d "$dur" --latency --timeout 10s -H "Cookie: $cookie" "$1" >"$tmp/wrk.out" 2>&1
    awk '/^Requests\/sec:/ { rps = $2 }
         /^ +99%/ { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
                    p99 = u == "us" ? v / 1000 : u == "s" ? v * 1000 : v }
         /Non-2xx/ { bad = $NF }
         /Socket errors/ { to = $NF }
         END { printf "%s %.2f %d %d\n", rps, p99, bad, to }' "$tmp/wrk.out"
}

endpoints=("/api/v1/enterprises?per_page=20" "/api/v1/dashboard")
names=() bytes=() srv=() ngx=() first=()
for ep in "${endpoints[@]}"; do
    read -r code secs <<<"$(curl -s -o "$tmp/body" -w '%{http_code} %{time_total}' -b "$cookie" "http://127.0.0.1:$port$ep")"
    if [ "$code" = 404 ]; then echo "skip: GET $ep answers 404 (not routed yet)"; continue; fi
    [ "$code" = 200 ] || { echo "GET $ep answers $code: $(head -c 300 "$tmp/body")" >&2; exit 1; }
    f=$(echo "${ep#/api/v1/}" | tr -c 'a-z0-9\n' '_').json
    cp "$tmp/body" "$tmp/www/$f"
    names+=("$ep") bytes+=("$(stat -c %s "$tmp/body")") first+=("$secs")
    srv+=("$(wrk_run "http://127.0.0.1:$port$ep")")
done
kill "$srv_pid" && wait "$srv_pid" 2>/dev/null || true
srv_pid=
nginx -c "$tmp/nginx.conf" -p "$tmp" &
ngx_pid=$!
for _ in $(seq 50); do curl -s -o /dev/null "http://127.0.0.1:$nport/" && break; sleep 0.1; done
for i in "${!names[@]}"; do
    f=$(echo "${names[$i]#/api/v1/}" | tr -c 'a-z0-9\n' '_').json
    ngx+=("$(wrk_run "http://127.0.0.1:$nport/$f")")
done

printf 'phaseout serve, %s data (%s enterprises, %s energy rows), SQLite; wrk -c 64 -t 2 -d %s --latency --timeout 10s\n' \
    "$scale" "$nent" "$nenergy" "$dur"
printf '%s CPUs (%s), load average before the run %s\n' "$(nproc)" \
    "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)" "$load"
printf '%-34s %8s %8s %11s %9s %11s %9s %6s  %s\n' endpoint bytes 'first s' 'phaseout/s' 'p99 ms' \
    'nginx/s' 'p99 ms' ratio goal
for i in "${!names[@]}"; do
    read -r prps pp99 pbad pto <<<"${srv[$i]}"
    read -r nrps np99 _ <<<"${ngx[$i]}"
    ratio=$(echo "$prps / $nrps" | bc -l)
    goal=$(echo "$ratio >= 0.5 && $pp99 < 20" | bc -l)
    printf '%-34s %8d %8.3f %11.0f %9.2f %11.0f %9.2f %6.2f  %s%s%s\n' "${names[$i]}" "${bytes[$i]}" \
        "${first[$i]}" "$prps" "$pp99" "$nrps" "$np99" "$ratio" "$([ "$goal" = 1 ] && echo met || echo MISSED)" \
        "$([ "$pbad" -gt 0 ] && echo " ($pbad non-2xx answers!)")" "$([ "$pto" -gt 0 ] && echo " ($pto timeouts > 2 s)")"
done
