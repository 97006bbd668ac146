#!/usr/bin/env bash
# test_faults.sh: the database's storage failing under a running server (issue 16 §3).
#
# SQLite: the database on a small tmpfs (size=, mounted here: needs root) that is then filled —
# writes through the API and the CLI fail with a clear message in Chinese and English (503 with
# Retry-After), reads go on, nothing acknowledged before is lost, and once space is freed writes
# work again without a restart; audit verify and integrity_check pass.
# PostgreSQL: a cluster of this test's own (scripts/pg.sh with a private state file, never the
# one PHASEOUT_TEST_PG_DSN names) stopped for a few seconds under load — requests meanwhile answer
# 503 saying the database is unavailable, and the same server process answers again by itself
# once the database is back.
. "$(dirname "$0")/lib.sh"
export PHASEOUT_AUDIT_KEY_FILE=$T/audit.key
PW='Faults-pass-2026!'
port=$(free_port)
url=http://127.0.0.1:$port

# get PATH OUT: a signed-in read as city; prints the status
get() { curl -s -o "$2" -w '%{http_code}' -b "$T/city.jar" "$url$1" || true; }
json() { python3 -c 'import json,sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$@"; }

if [ "$BACKEND" = sqlite ]; then
    [ "$(id -u)" = 0 ] || skip "a size-limited tmpfs is mounted here: run as root"
    "$BIN" demo --db "$T/src.db" >/dev/null
    echo "$PW" | "$BIN" user add city --role city --password-stdin --db "$T/src.db" >/dev/null
    mkdir "$T/full"
    mount -t tmpfs -o size=24m tmpfs "$T/full" 2>"$T/mount.err" || skip "cannot mount a tmpfs here: $(cat "$T/mount.err")"
    unmount() {
        [ -z "${spid:-}" ] || { kill "$spid" 2>/dev/null; wait "$spid" 2>/dev/null; } || true
        umount "$T/full" 2>/dev/null || umount -l "$T/full" 2>/dev/null || true
        cleanup
    }
    trap unmount EXIT
    db=$T/full/city.db
    cp "$T/src.db" "$db"
    serve_start "$db" "$port"
    serve_login "$url" city "$PW"
    code=$(serve_post "$url" city /api/v1/evaluations "$T/e1.out" -H 'Content-Type: application/json' -d '{"year":2025}')
    expect_eq "$code" 201 "an evaluation before the disk fills"
    run1=$(json "$T/e1.out" 'd["id"]')

    # fill the file system to the last byte
    dd if=/dev/zero of="$T/full/filler" bs=64k >/dev/null 2>&1 || true
    [ "$(df --output=avail "$T/full" | tail -n 1 | tr -d ' ')" -lt 64 ] || fail "the tmpfs is not full"; ok

    code=$(serve_post "$url" city /api/v1/evaluations "$T/e2.out" -H 'Content-Type: application/json' -d '{"year":2025}')
    expect_eq "$code" 503 "an evaluation on a full disk"
    expect_grep "磁盘已满" "$T/e2.out"
    expect_grep "the disk is full" "$T/e2.out"
    "$BIN" export --db "$T/src.db" --kind enterprises --format csv >"$T/ent.csv"
    sed -i '2,$s/,[^,]*$/,满盘测试/' "$T/ent.csv"
    curl -s -D "$T/imp.hdr" -o "$T/imp.out" -w '%{http_code}' -b "$T/city.jar" -H "X-CSRF-Token: $(cat "$T/city.csrf")" \
        -H 'Content-Type: application/octet-stream' --data-binary @"$T/ent.csv" \
        "$url/api/v1/imports?kind=enterprises&file_name=full.csv" >"$T/imp.code" || true
    expect_eq "$(cat "$T/imp.code")" 503 "an import through the API on a full disk"
    expect_grep "磁盘已满" "$T/imp.out"
    grep -qi '^Retry-After: 5' "$T/imp.hdr" || { cat "$T/imp.hdr"; fail "no Retry-After on the 503"; }; ok
    if "$BIN" import --db "$db" --kind enterprises "$T/ent.csv" >"$T/cli.out" 2>"$T/cli.err"; then fail "the CLI import succeeded on a full disk"; fi
    expect_grep "磁盘已满" "$T/cli.err"
    expect_grep "the disk is full" "$T/cli.err"

    # reads go on
    expect_eq "$(get "/api/v1/evaluations" "$T/list.out")" 200 "the list of runs on a full disk"
    expect_eq "$(json "$T/list.out" 'sorted(r["id"] for r in d["items"])[-1]')" "$run1" "the newest run is the acknowledged one"
    expect_eq "$(get "/api/v1/enterprises?per_page=5" "$T/ent.out")" 200 "the registry on a full disk"
    expect_eq "$(get "/api/v1/audit/verify" "$T/av.out")" 403 "audit verify is the audit administrator's (the request was served)"
    expect_eq "$(sqlite3 "file:$db?mode=ro" "SELECT count(*) FROM enterprise WHERE legal_representative = '满盘测试'")" 0 "rows of the refused imports"

    # space again: the same server writes again
    rm "$T/full/filler"
    code=$(serve_post "$url" city /api/v1/evaluations "$T/e3.out" -H 'Content-Type: application/json' -d '{"year":2025}')
    expect_eq "$code" 201 "an evaluation once space is freed"
    run3=$(json "$T/e3.out" 'd["id"]')
    kill $spid; wait $spid 2>/dev/null || true
    spid=
    expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM evaluation_run WHERE id IN ($run1, $run3)")" 2 "acknowledged runs"
    expect_eq "$(sqlite3 "$db" "SELECT count(*) FROM evaluation_run r WHERE nfindings <> (SELECT count(*) FROM evaluation_finding f WHERE f.run_id = r.id)")" 0 "partial runs"
    "$BIN" audit verify --db "$db" >"$T/verify.out" 2>&1 || { cat "$T/verify.out"; fail "audit verify after the full disk"; }
    ok
    expect_eq "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok "integrity after the full disk"
    echo "full disk: writes refused with 503 (API) and exit 1 (CLI), reads served, writes again once freed"
else
    # a cluster of our own, to stop and start
    export PHASEOUT_PG_STATE=$T/pgstate
    pgsh() { "$root/scripts/pg.sh" "$@"; }
    line=$(pgsh start 2>/dev/null)
    pgstop() {
        local p
        for p in ${lpid:-} ${spid:-}; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
        pgsh stop || true
        cleanup
    }
    trap pgstop EXIT
    db=${line#export PHASEOUT_TEST_PG_DSN=}
    "$BIN" demo --db "$db" >/dev/null
    echo "$PW" | "$BIN" user add city --role city --password-stdin --db "$db" >/dev/null
    serve_start "$db" "$port"
    serve_login "$url" city "$PW"
    : >"$T/log"
    # load: reads of the registry and of the cases, and logins (writes), each answer logged with its time
    ( while :; do
        for p in "/api/v1/enterprises?per_page=5" /api/v1/cases; do
            c=$(curl -s -D "$T/l.hdr" -o "$T/l.out" -w '%{http_code}' -b "$T/city.jar" "$url$p" || true)
            echo "$(date +%s.%N) GET $c $(grep -ci '^Retry-After' "$T/l.hdr" || true) $(head -c 400 "$T/l.out" | tr '\n' ' ')" >>"$T/log"
        done
        c=$(curl -s -o "$T/p.out" -w '%{http_code}' -H 'Content-Type: application/json' \
            -d "{\"username\":\"city\",\"password\":\"$PW\"}" "$url/api/v1/session" || true)
        echo "$(date +%s.%N) POST $c 0 $(head -c 400 "$T/p.out" | tr '\n' ' ')" >>"$T/log"
    done ) &
    lpid=$!
    sleep 1
    t_down0=$(date +%s.%N)
    pgsh pause
    t_down=$(date +%s.%N)
    sleep 3
    t_up0=$(date +%s.%N)
    pgsh resume
    t_up=$(date +%s.%N)
    sleep 3
    kill $lpid; wait $lpid 2>/dev/null || true
    lpid=
    kill -0 $spid 2>/dev/null || fail "the server died during the outage"; ok
    python3 - "$T/log" "$t_down0" "$t_down" "$t_up0" "$t_up" <<'PY' || fail "answers around the outage"
import sys
down0, down, up0, up = (float(x) for x in sys.argv[2:6])
before, during, after = [], [], []
for line in open(sys.argv[1], encoding='utf-8', errors='replace'):
    t, method, code, retry, body = (line.rstrip('\n').split(' ', 4) + [''])[:5]
    t = float(t)
    # a request answered while the server shut down, or while the threads reconnect, is in none
    (before if t < down0 else during if down + 0.1 < t < up0 else after if t > up + 1.5 else []).append((method, code, retry, body))
assert before and all(c in ('200', '201') for _, c, _, _ in before), ('before', before[:5])
assert len(during) >= 3, ('too few requests during the outage', during)
bad = [x for x in during if x[1] != '503']
assert not bad, ('not 503 during the outage', bad[:5])
gets = [x for x in during if x[0] == 'GET']
assert all(r == '1' for _, _, r, _ in gets), 'Retry-After missing'
assert all('数据库暂时不可用' in b and 'the database is unavailable' in b for _, _, _, b in during), during[:3]
assert after and all(c in ('200', '201') for _, c, _, _ in after), ('after', after[:5])
print(f"outage: {len(before)} answers before, {len(during)} during (all 503), {len(after)} after (all 2xx)")
PY
    ok
    "$BIN" audit verify --db "$db" >"$T/verify.out" 2>&1 || { cat "$T/verify.out"; fail "audit verify after the outage"; }
    ok
fi
echo "test_faults.sh ($BACKEND): $n_ok checks ok"
