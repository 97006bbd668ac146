#!/usr/bin/env bash
# test_cases.sh: cases on the backend in TEST_BACKEND — a case opened from an energy-quota finding
# of the demo city and taken to closure with attachments, an illegal transition and a bad
# attachment refused, the event log append-only, `tick` twice gives the same state, and
# `audit verify` passing, then naming an edited row and a deleted row; `case open --finding`
# refusing a cannot-decide finding (issue 12).
. "$(dirname "$0")/lib.sh"

db=$(newdb cases)
"$BIN" demo --db "$db" >/dev/null 2>&1
"$BIN" evaluate --db "$db" --year 2024 --out "$T/f.csv" 2>/dev/null
read -r fid uscc <<<"$(sql "$db" "SELECT finding_id || ' ' || uscc FROM evaluation_finding
    WHERE rule_id = 'EN-QUOTA-LIMIT' AND status = 'caught' ORDER BY finding_id LIMIT 1")"
[ -n "$fid" ] || fail "demo has no energy-quota finding"; ok
# issue 12: a cannot-decide finding (here: a coke oven whose chamber height is not recorded) is
# never the ground of a case; nothing is written
pk=$(sql "$db" "SELECT q.id FROM equipment q WHERE q.equipment_type = 'coke_oven' ORDER BY q.id LIMIT 1")
sql "$db" "DELETE FROM equipment_param WHERE equipment_pk = $pk AND param = 'chamber_height_m'" >/dev/null
"$BIN" evaluate --db "$db" --year 2024 --out "$T/f2.csv" 2>/dev/null
read -r cfid cuscc <<<"$(sql "$db" "SELECT f.finding_id || ' ' || f.uscc FROM evaluation_finding f
    JOIN equipment q ON q.equipment_id = f.equipment_id AND q.id = $pk
    WHERE f.run_id = (SELECT max(id) FROM evaluation_run) AND f.status = 'cannot_decide' LIMIT 1")"
[ -n "$cfid" ] || fail "no cannot-decide finding for the coke oven without a chamber height"
before=$(sql "$db" "SELECT count(*) FROM case_file; SELECT count(*) FROM audit_log")
set +e
"$ABIN" case open --db "$db" --type industrial_policy --uscc "$cuscc" --finding "$cfid" \
    --actor 王五 --role miit --reason x >/dev/null 2>"$T/cd.err"; rc=$?
set -e
expect_eq "$rc" 1 "cannot-decide finding: exit code"
expect_grep "该研判结论为无法判定（数据待补），不能据此立案" "$T/cd.err"
expect_grep "cannot-decide (data to complete)" "$T/cd.err"
expect_eq "$(sql "$db" "SELECT count(*) FROM case_file; SELECT count(*) FROM audit_log")" "$before" \
    "nothing written for a cannot-decide finding"

printf '%%PDF-1.4 order\n' >"$T/order.pdf"
printf '%%PDF-1.4 inspection\n' >"$T/insp.pdf"
printf '\x89PNG\r\n\x1a\nphoto' >"$T/photo.png"
printf '\x7fELF\x02\x01\x01' >"$T/evil.pdf"
printf 'plain text' >"$T/note.txt"

act() { "$ABIN" case act --db "$db" 1 --actor 王五 --role miit "$@"; }

"$ABIN" case open --db "$db" --type energy_quota --uscc "$uscc" --finding "$fid" \
    --actor 王五 --role miit --on 2024-08-31 >"$T/open.out"
expect_grep "case 1 opened" "$T/open.out"
if "$ABIN" case open --db "$db" --type energy_quota --uscc "$uscc" --finding nosuch \
    --actor x --role miit >/dev/null 2>"$T/nf.err"; then fail "unknown finding accepted"; fi
expect_grep "no finding" "$T/nf.err"

# 2021-08-31 + 6 months style: 2024-08-31 + 6 months ends 2025-02-28
act --event order_rectification --on 2024-08-31 --attach order="$T/order.pdf" \
    --attach inspection="$T/insp.pdf" >"$T/o.out"
expect_grep "rectifying, deadline 2025-02-28" "$T/o.out"

set +e
act --event close --on 2024-09-02 >/dev/null 2>"$T/ill.err"; rc=$?
set -e
expect_eq "$rc" 1 "illegal transition exit code"
expect_grep 'cannot take "close"' "$T/ill.err"
expect_grep "不能执行" "$T/ill.err"
if act --event reinspect_pass --on 2024-09-02 --attach inspection="$T/evil.pdf" 2>"$T/ev.err"; then
    fail "executable attachment accepted"; fi
expect_grep "executable" "$T/ev.err"
if act --event reinspect_pass --on 2024-09-02 --attach inspection="$T/note.txt" 2>"$T/tx.err"; then
    fail "text attachment accepted"; fi
expect_grep "unknown type" "$T/tx.err"
if act --event request_extension --on 2024-09-02 --field months=4 \
    --attach application="$T/order.pdf" 2>/dev/null; then fail "4-month extension accepted"; fi
ok

# tick: 30 days before, twice the same day → nothing new and the same rows
"$ABIN" tick --db "$db" --as-of 2025-02-01 >"$T/t1.out"
expect_grep "1 due within 30 days" "$T/t1.out"
snap() { sql "$db" "SELECT id || kind || deadline || as_of || followup FROM notification ORDER BY id; SELECT state || coalesce(deadline, '') FROM case_file; SELECT count(*) FROM audit_log"; }
s1=$(snap)
"$ABIN" tick --db "$db" --as-of 2025-02-01 >"$T/t2.out"
expect_grep "0 due within 30 days, 0 due within 7 days, 0 overdue" "$T/t2.out"
expect_eq "$(snap)" "$s1" "second tick changed the database"
"$ABIN" tick --db "$db" --as-of 2025-03-03 >"$T/t3.out"
expect_grep "1 overdue" "$T/t3.out"
expect_eq "$(sql "$db" "SELECT followup FROM notification WHERE kind = 'overdue'")" \
    "overdue -> failed, then order_exit" "overdue proposes exit"
expect_eq "$(sql "$db" "SELECT state FROM case_file WHERE id = 1")" rectifying "tick takes no transition"

act --event reinspect_pass --on 2025-02-20 --attach inspection="$T/insp.pdf" \
    --attach photos="$T/photo.png" >/dev/null
act --event close --on 2025-02-25 --attach decision="$T/order.pdf" --reason "整改达标" >"$T/c.out"
expect_grep "-> closed" "$T/c.out"
"$ABIN" case show --db "$db" 1 --role miit --as-of 2025-03-01 >"$T/show.out"
expect_grep "state closed" "$T/show.out"
expect_grep "3. 2025-02-25 close: passed -> closed" "$T/show.out"
expect_grep "0. 2024-08-31 open by 王五 (miit) finding: $fid" "$T/show.out"
"$ABIN" case list --db "$db" --state closed >"$T/list.out"
expect_grep "^1,energy_quota,$uscc,,closed," "$T/list.out"
expect_eq "$(sql "$db" "SELECT count(*) FROM attachment_blob")" 3 "attachments stored once by hash"
expect_eq "$(sql "$db" "SELECT count(*) FROM case_attachment")" 5 "attachment rows"

# append-only: the database refuses edits of the log
if sql "$db" "UPDATE case_event SET actor = 'x' WHERE id = 1" >/dev/null 2>&1; then
    fail "case_event update accepted"; fi
ok
if sql "$db" "DELETE FROM audit_log WHERE id = 1" >/dev/null 2>&1; then fail "audit delete accepted"; fi
ok

"$ABIN" audit verify --db "$db" >"$T/v.out"
# the demo's imports come first in the chain (one audit row per import), then the two evaluation
# runs', then the case's 6
imp=$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'import'")
expect_eq "$imp" "$(sql "$db" "SELECT count(*) FROM import_batch")" "one audit row per import"
expect_eq "$(sql "$db" "SELECT id || ' ' || actor FROM audit_log WHERE action = 'evaluation.run' ORDER BY id")" \
    "$((imp + 1)) cli
$((imp + 2)) cli" "the runs' audit rows"
pre=$((imp + 2))
expect_grep "^ok $((pre + 6)) rows, head [0-9a-f]\{64\}$" "$T/v.out"

# tamper as an intruder with sqlite3/psql would: drop the guard, edit a row, delete a row
if [ "$BACKEND" = pg ]; then
    sql "$db" "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_ud" >/dev/null
else
    sql "$db" "DROP TRIGGER audit_log_no_u; DROP TRIGGER audit_log_no_d"
fi
e2=$((pre + 2)) e4=$((pre + 4))
orig=$(sql "$db" "SELECT detail FROM audit_log WHERE id = $e2")
sql "$db" "UPDATE audit_log SET detail = replace(detail, 'miit', 'drc') WHERE id = $e2" >/dev/null
set +e
"$ABIN" audit verify --db "$db" >"$T/v2.out" 2>"$T/v2.err"; rc=$?
set -e
expect_eq "$rc" 1 "edited row: exit code"
expect_grep "^tampered $e2$" "$T/v2.out"
expect_grep "row $e2 tampered: content does not match" "$T/v2.err"
sql "$db" "UPDATE audit_log SET detail = '$orig' WHERE id = $e2" >/dev/null
"$ABIN" audit verify --db "$db" >/dev/null
sql "$db" "DELETE FROM audit_log WHERE id = $e4" >/dev/null
set +e
"$ABIN" audit verify --db "$db" >"$T/v3.out" 2>"$T/v3.err"; rc=$?
set -e
expect_eq "$rc" 1 "deleted row: exit code"
expect_grep "^tampered $e4$" "$T/v3.out"
echo "test_cases ($BACKEND): $n_ok checks ok"
