#!/usr/bin/env bash
# test_crash.sh: kill -9 at random points (issue 16 §3), on the demo city.
#
# The server: writers through the API — imports of the enterprises (every row's
# legal_representative set to the import's number), cases opened and their first action with two
# documents, evaluation runs — while the server is killed with SIGKILL at a random moment, then
# restarted, CRASH_SERVER_KILLS times (default 12).  The CLI: `phaseout import` of the energy
# table (every quantity changed) killed at a random moment, CRASH_CLI_KILLS times (default 10).
# After it all: everything acknowledged (a 2xx answer, an import's exit 0) is there; nothing is
# partial (the enterprises hold one import's marker, every run its findings, every action its
# documents, the energy table one file or the other); `phaseout audit verify` passes (and
# SQLite's integrity_check).
. "$(dirname "$0")/lib.sh"
export PHASEOUT_AUDIT_KEY_FILE=$T/audit.key
KILLS=${CRASH_SERVER_KILLS:-12}
CLI_KILLS=${CRASH_CLI_KILLS:-10}
PW='Crash-pass-2026!'

db=$(newdb crash)
"$BIN" demo --db "$db" >/dev/null
for u in city eco_env; do echo "$PW" | "$BIN" user add "$u" --role "$u" --password-stdin --db "$db" >/dev/null; done
port=$(free_port)
url=http://127.0.0.1:$port
"$BIN" export --db "$db" --kind enterprises --format csv >"$T/ent.csv"
sql "$db" "SELECT uscc FROM enterprise ORDER BY uscc" >"$T/usccs"
echo 0 >"$T/import.n"
echo 0 >"$T/case.n"
: >"$T/acks"

start_server() { serve_start "$db" "$port"; }
login() { serve_login "$url" "$1" "$PW"; }
post() { serve_post "$url" "$@"; }
json_id() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$1"; }
next() { local n; n=$(($(cat "$1") + 1)); echo $n >"$1"; echo $n; }

w_import() {
    while :; do
        local n code
        n=$(next "$T/import.n")
        awk -v k="K$n" 'BEGIN { FS = OFS = "," } NR == 1 { print; next } { $NF = k; print }' "$T/ent.csv" >"$T/imp.csv"
        code=$(post city "/api/v1/imports?kind=enterprises&file_name=k$n.csv" "$T/imp.out" \
            -H 'Content-Type: application/octet-stream' --data-binary @"$T/imp.csv")
        case $code in 200) echo "import $n" >>"$T/acks" ;; 000) return ;; *) echo "import $n: $code $(head -c 300 "$T/imp.out")" >>"$T/errors" ;; esac
    done
}

w_case() {
    local b64o b64i
    while :; do
        local n uscc code id
        n=$(next "$T/case.n")
        uscc=$(sed -n "${n}p" "$T/usccs")
        [ -n "$uscc" ] || return
        code=$(post eco_env /api/v1/cases "$T/case.out" -H 'Content-Type: application/json' \
            -d "{\"case_type\":\"environment\",\"uscc\":\"$uscc\",\"opened_on\":\"2026-12-01\"}")
        case $code in 201) ;; 000) return ;; *) echo "case $uscc: $code $(head -c 300 "$T/case.out")" >>"$T/errors"; continue ;; esac
        id=$(json_id "$T/case.out")
        echo "case $id" >>"$T/acks"
        b64o=$(printf '%%PDF-1.4\n%% order %s\n' "$id" | base64 -w0)
        b64i=$(printf '%%PDF-1.4\n%% inspection %s\n' "$id" | base64 -w0)
        code=$(post eco_env "/api/v1/cases/$id/actions" "$T/act.out" -H 'Content-Type: application/json' \
            -d "{\"event\":\"order_limit\",\"on_date\":\"2026-12-02\",\"documents\":[{\"doc\":\"order\",\"name\":\"o.pdf\",\"mime\":\"application/pdf\",\"content_base64\":\"$b64o\"},{\"doc\":\"inspection\",\"name\":\"i.pdf\",\"mime\":\"application/pdf\",\"content_base64\":\"$b64i\"}]}")
        case $code in 200) echo "act $id" >>"$T/acks" ;; 000) return ;; *) echo "act $id: $code $(head -c 300 "$T/act.out")" >>"$T/errors" ;; esac
    done
}

w_eval() {
    while :; do
        local code
        code=$(post city /api/v1/evaluations "$T/eval.out" -H 'Content-Type: application/json' -d '{"year":2025}')
        case $code in 201) echo "eval $(json_id "$T/eval.out")" >>"$T/acks" ;; 000) return ;; *) echo "eval: $code $(head -c 300 "$T/eval.out")" >>"$T/errors" ;; esac
    done
}

for k in $(seq "$KILLS"); do
    start_server
    login city
    login eco_env
    w_import & p1=$!
    w_case & p2=$!
    w_eval & p3=$!
    sleep "$(python3 -c 'import random; print(round(random.uniform(0.4, 2.0), 2))')"
    kill -9 $spid
    wait $spid 2>/dev/null || true
    wait $p1 $p2 $p3 2>/dev/null || true
done
[ ! -s "$T/errors" ] || { head -n 20 "$T/errors" >&2; fail "writes refused while the server was up"; }
ok

# ---- what the API acknowledged is there, nothing partial ----
n_imp=$(grep -c '^import ' "$T/acks" || true)
n_case=$(grep -c '^case ' "$T/acks" || true)
n_act=$(grep -c '^act ' "$T/acks" || true)
n_eval=$(grep -c '^eval ' "$T/acks" || true)
[ "$n_imp" -gt 0 ] && [ "$n_case" -gt 0 ] && [ "$n_act" -gt 0 ] && [ "$n_eval" -gt 0 ] ||
    fail "too few acknowledged writes: $n_imp imports, $n_case cases, $n_act actions, $n_eval runs"
ok
for id in $(sed -n 's/^case //p' "$T/acks"); do
    [ "$(sql "$db" "SELECT count(*) FROM case_file WHERE id = $id")" = 1 ] || fail "acknowledged case $id is gone"
done
ok
for id in $(sed -n 's/^act //p' "$T/acks"); do
    expect_eq "$(sql "$db" "SELECT state FROM case_file WHERE id = $id")" restricted "state of case $id after its acknowledged action"
done
for id in $(sed -n 's/^eval //p' "$T/acks"); do
    [ "$(sql "$db" "SELECT count(*) FROM evaluation_run WHERE id = $id")" = 1 ] || fail "acknowledged run $id is gone"
done
ok
expect_eq "$(sql "$db" "SELECT count(*) FROM evaluation_run r WHERE nfindings <> (SELECT count(*) FROM evaluation_finding f WHERE f.run_id = r.id)")" 0 "runs with a partial set of findings"
expect_eq "$(sql "$db" "SELECT count(*) FROM case_event e WHERE e.event = 'order_limit' AND (SELECT count(*) FROM case_attachment a WHERE a.event_id = e.id) <> 2")" 0 "actions without both documents"
expect_eq "$(sql "$db" "SELECT count(*) FROM case_file c WHERE c.state = 'restricted' AND NOT EXISTS (SELECT 1 FROM case_event e WHERE e.case_id = c.id AND e.event = 'order_limit')")" 0 "cases restricted without the action"
# one import's marker on every enterprise: the newest committed, at least the newest acknowledged
expect_eq "$(sql "$db" "SELECT count(DISTINCT legal_representative) FROM enterprise")" 1 "import markers (an import half applied?)"
marker=$(sql "$db" "SELECT min(legal_representative) FROM enterprise")
last_ack=$(sed -n 's/^import //p' "$T/acks" | sort -n | tail -n 1)
[ "${marker#K}" -ge "$last_ack" ] && [ "${marker#K}" -le "$(cat "$T/import.n")" ] ||
    fail "enterprises carry $marker, the newest acknowledged import is K$last_ack"
ok
[ "$(sql "$db" "SELECT count(*) FROM import_batch WHERE file_name LIKE 'k%.csv'")" -ge "$n_imp" ] || fail "import batches lost"; ok
"$BIN" audit verify --db "$db" >"$T/verify.out" 2>&1 || { cat "$T/verify.out"; fail "audit verify after $KILLS kills"; }
ok
[ "$BACKEND" = sqlite ] && { expect_eq "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok "integrity after the kills"; }
echo "server: $KILLS kills -9; acknowledged $n_imp imports, $n_case cases, $n_act actions, $n_eval evaluation runs, all there"

# ---- the CLI killed mid-import ----
"$BIN" export --db "$db" --kind energy --format csv >"$T/en_a.csv"
python3 - "$T/en_a.csv" "$T/en_b.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
q = rows[0].index('quantity')
with open(sys.argv[2], 'w', encoding='utf-8', newline='') as f:
    w = csv.writer(f)
    w.writerow(rows[0])
    for r in rows[1:]:
        r[q] = '%.2f' % (float(r[q]) + 0.01)
        w.writerow(r)
PY
energy_hash() { "$BIN" export --db "$db" --kind energy --format csv | sha256sum | cut -d' ' -f1; }
ha=$(energy_hash)
"$BIN" import --quiet --db "$db" --kind energy "$T/en_b.csv" >/dev/null
hb=$(energy_hash)
[ "$ha" != "$hb" ] || fail "the two energy files import alike"; ok
cur=b
batches=$(sql "$db" "SELECT count(*) FROM import_batch WHERE kind = 'energy'")
killed=0 finished=0
for k in $(seq "$CLI_KILLS"); do
    want=a; [ $cur = a ] && want=b
    # the point: k mod 4 — while reading, after the read, inside the write transaction, at the commit
    marks=("" "timing: read" "timing: check" "timing: write")
    mark=${marks[$((k % 4))]}
    d=$(python3 -c 'import random, sys; print(round(random.uniform(0, float(sys.argv[1])), 3))' "$([ $((k % 4)) = 2 ] && echo 0.1 || echo 0.03)")
    PHASEOUT_TIMING=1 "$BIN" import --quiet --db "$db" --kind energy "$T/en_$want.csv" >/dev/null 2>"$T/cli_import.err" &
    ipid=$!
    while [ -n "$mark" ] && ! grep -q "$mark" "$T/cli_import.err" && kill -0 $ipid 2>/dev/null; do sleep 0.002; done
    sleep "$d"
    kill -9 $ipid 2>/dev/null || true
    st=0
    wait $ipid 2>/dev/null || st=$?
    [ -z "${CRASH_DEBUG:-}" ] || echo "kill $k: st=$st at '$mark' + $d s" >&2
    case $st in 0) finished=$((finished + 1)) ;; 137) killed=$((killed + 1)) ;; *) fail "kill $k: import exited $st" ;; esac
    h=$(energy_hash)
    if [ "$h" = "$hb" ]; then now=b; elif [ "$h" = "$ha" ]; then now=a; else fail "kill $k: the energy table is neither file (half an import)"; fi
    n=$(sql "$db" "SELECT count(*) FROM import_batch WHERE kind = 'energy'")
    if [ $now != $cur ]; then batches=$((batches + 1)); fi
    expect_eq "$n" "$batches" "kill $k: import batches match the table's content"
    cur=$now
done
# and the database still takes the file afterwards, whole
want=a; [ $cur = a ] && want=b
"$BIN" import --quiet --db "$db" --kind energy "$T/en_$want.csv" >/dev/null
expect_eq "$(energy_hash)" "$([ $want = a ] && echo "$ha" || echo "$hb")" "the energy table after a whole import"
"$BIN" audit verify --db "$db" >"$T/verify2.out" 2>&1 || { cat "$T/verify2.out"; fail "audit verify after the CLI kills"; }
ok
[ "$BACKEND" = sqlite ] && { expect_eq "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok "integrity after the CLI kills"; }
[ "$killed" -gt 0 ] || fail "no import was killed while it ran"; ok
echo "CLI: $CLI_KILLS kills -9 at random ($killed while the import ran, $finished after it ended); the table one file or the other each time"
echo "test_crash.sh ($BACKEND): $n_ok checks ok"
