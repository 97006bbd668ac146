#!/usr/bin/env bash
# test_resettle.sh: worker resettlement (issue 15 §5) on the backend in TEST_BACKEND — on the
# demo city with its activity: plans in every state, the final exit of a case refused until its
# resettlement plan (职工安置方案) is approved (not recorded, draft, submitted), each step checked
# (who approved, the document, dates in order), outcomes with exact amounts, district and city
# totals, the tick's alert for an exit near without an approved plan (once), append-only rows.
. "$(dirname "$0")/lib.sh"

db=$(newdb resettle)
"$BIN" demo --db "$db" >/dev/null 2>&1
"$BIN" demo --db "$db" --activity --as-of 2026-06-15 >"$T/act.out" 2>"$T/act.err" ||
    { cat "$T/act.err" >&2; fail "demo --activity failed"; }
expect_grep "职工安置 / resettlement" "$T/act.out"

# the demo: plans in every state; every final exit it took has an approved plan
for s in draft submitted approved executing done; do
    n=$(sql "$db" "SELECT count(*) FROM resettlement_plan_event p WHERE kind = 'resettlement'
        AND status = '$s' AND seq = (SELECT max(seq) FROM resettlement_plan_event q
        WHERE q.case_id = p.case_id AND q.kind = p.kind)")
    [ "$n" -gt 0 ] || fail "no demo plan now $s"; ok
done
n=$(sql "$db" "SELECT count(*) FROM case_event e WHERE e.event IN ('confirm_exit', 'dismantle',
    'approve_closure') AND NOT EXISTS (SELECT 1 FROM resettlement_plan_event p
    WHERE p.case_id = e.case_id AND p.kind = 'resettlement' AND p.status = 'approved'
    AND p.on_date <= e.on_date)")
expect_eq "$n" 0 "final exits without a plan approved before them"
n=$(sql "$db" "SELECT count(*) FROM resettlement_alert WHERE kind = 'exit_without_plan'")
[ "$n" -gt 0 ] || fail "the demo's tick made no resettlement alert"; ok

# list and totals: the city is the sum of its districts
"$ABIN" resettle list --db "$db" --format json >"$T/list.json" || fail "resettle list"
"$ABIN" resettle totals --db "$db" --format json >"$T/tot.json" || fail "resettle totals"
expect_eq "$(jq '[.districts[].amount_fen] | add' "$T/tot.json")" "$(jq '.city.amount_fen' "$T/tot.json")" \
    "city amount is the districts' sum"
expect_eq "$(jq '[.districts[].workers.total] | add' "$T/tot.json")" \
    "$(jq '[.[] | .workers // 0] | add' "$T/list.json")" "city workers are the cases'"
"$ABIN" resettle totals --db "$db" --district 150304 --format json >"$T/t4.json"
expect_eq "$(jq -r '[.districts[].district_code] | unique | join(",")' "$T/t4.json")" 150304 \
    "a district's totals are its own"

# a line shut down or sealed, not dismantled, whose plan is a draft
id=$(sql "$db" "SELECT min(c.id) FROM case_file c WHERE c.state IN ('shutdown_ordered', 'sealed')
    AND (SELECT p.status FROM resettlement_plan_event p WHERE p.case_id = c.id
         AND p.kind = 'resettlement' ORDER BY p.seq DESC LIMIT 1) = 'draft'")
[ -n "$id" ] || fail "the demo has no line before dismantling with a draft plan"; ok
echo '%PDF-1.4 photos' >"$T/photos.pdf"
dismantle() {
    "$ABIN" case act --db "$db" "$id" --event dismantle --actor 王五 --role miit --on 2026-06-14 \
        --attach "photos=$T/photos.pdf"
}
if dismantle >"$T/d1.out" 2>"$T/d1.err"; then fail "dismantled with a draft plan"; fi
expect_grep "职工安置方案尚未批准（当前：草案）" "$T/d1.err"
expect_grep "resettlement plan" "$T/d1.err"
step() { "$ABIN" resettle plan-step --db "$db" --case "$id" --kind resettlement --actor 李四 "$@"; }
if step --status approved --on 2026-06-10 --approved-by congress --document 决议 2>"$T/s.err"; then
    fail "approved a draft"; fi
expect_grep "不能改为" "$T/s.err"
if step --status submitted --on 2026-06-10 2>"$T/s.err"; then fail "submitted without a document"; fi
expect_grep "document" "$T/s.err"
step --status submitted --on 2026-06-10 --document 职工安置方案（送审稿） >/dev/null || fail "submit"
if step --status approved --on 2026-06-12 --document 决议 2>"$T/s.err"; then
    fail "approved without who approved"; fi
expect_grep "congress or district" "$T/s.err"
if step --status approved --on 2026-05-01 --approved-by congress --document 决议 2>"$T/s.err"; then
    fail "approved before it was submitted"; fi
expect_grep "before its last step" "$T/s.err"
if dismantle >/dev/null 2>"$T/d2.err"; then fail "dismantled with a submitted plan"; fi
expect_grep "当前：已提交" "$T/d2.err"
step --status approved --on 2026-06-12 --approved-by congress --document 职代会决议〔2026〕3号 \
    >/dev/null || fail "approve"
dismantle >/dev/null 2>"$T/d3.err" || { cat "$T/d3.err" >&2; fail "dismantle after approval"; }
expect_eq "$(sql "$db" "SELECT state FROM case_file WHERE id = $id")" dismantled "the case exited"
n=$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'case.act' AND object = 'case/$id'
    AND detail LIKE '%->dismantled%resettlement_plan=approved%'")
expect_eq "$n" 1 "the exit's audit row names the plan's status"
n=$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'resettle.plan' AND object = 'case/$id'
    AND detail LIKE '%submitted->approved%approved_by=congress%'")
expect_eq "$n" 1 "the approval is audited with who approved"

# a case without any plan: 未记录职工安置方案
nid=$(sql "$db" "SELECT min(c.id) FROM case_file c WHERE c.state = 'closure_proposed'")
sql "$db" "DELETE FROM resettlement_plan_event WHERE case_id = $nid" >/dev/null 2>&1 &&
    fail "a plan step was deleted"
ok

# headcount and outcomes: exact amounts, the last figure of a group and outcome counts
"$ABIN" resettle headcount --db "$db" --case "$id" --on 2026-06-13 --contract 30 --dispatched 4 \
    --near-retirement 2 --document 职工花名册 >/dev/null || fail "headcount"
out() { "$ABIN" resettle outcome --db "$db" --case "$id" --on 2026-06-14 "$@"; }
if out --group contract --outcome compensated --workers 3 --amount 100.005 2>"$T/o.err"; then
    fail "an amount with three decimals"; fi
expect_grep "two decimals" "$T/o.err"
if out --group contract --outcome paid --workers 3 2>/dev/null; then fail "an unknown outcome"; fi
ok
out --group contract --outcome compensated --workers 3 --amount 100000 >/dev/null || fail "outcome"
out --group contract --outcome compensated --workers 4 --amount 154000.10 >/dev/null || fail "again"
out --group near_retirement --outcome retired_early --workers 2 >/dev/null || fail "retired"
"$ABIN" resettle show --db "$db" --case "$id" --format json >"$T/show.json" || fail "show"
expect_eq "$(jq -r '.plans.resettlement.status + " " + .plans.resettlement.approved_by' "$T/show.json")" \
    "approved congress" "the plan as shown"
expect_eq "$(jq -r '.headcount.total' "$T/show.json")" 36 "the last headcount"
expect_eq "$(jq -r '.outcomes[] | select(.outcome == "compensated") | "\(.workers) \(.amount)"' \
    "$T/show.json")" "4 154000.10" "an outcome's last figure replaces the earlier one"
expect_eq "$(jq -r '.amount' "$T/show.json")" "154000.10" "the case's amount"
expect_eq "$(jq -r '.outcome_history | length' "$T/show.json")" 3 "the history is kept"
"$ABIN" resettle show --db "$db" --case "$id" >"$T/show.txt"
expect_grep "approved by congress" "$T/show.txt"

# tick: idempotent; an approved plan ends the alerts of its case
"$ABIN" tick --db "$db" --as-of 2026-06-15 >"$T/tick.out" || fail "tick"
expect_grep "new alerts: 0 exiting within 60 days" "$T/tick.out"
sid=$(sql "$db" "SELECT min(id) FROM case_file WHERE state = 'sealed' AND id <> $id")
expect_eq "$(sql "$db" "SELECT count(*) FROM resettlement_alert WHERE case_id = $sid")" 1 \
    "a sealed line without an approved plan is alerted once"
expect_grep "职工安置方案" <(sql "$db" "SELECT message FROM resettlement_alert WHERE case_id = $sid")

# the alert's window: resettlement_alert_days (60) before the unit's planned exit, not 61
read -r pu pe <<<"$(sql "$db" "SELECT e.uscc || ' ' || q.equipment_id FROM equipment q
    JOIN enterprise e ON e.id = q.enterprise_id WHERE q.status = 'running' AND e.status = 'operating'
    AND NOT EXISTS (SELECT 1 FROM case_file c WHERE c.uscc = e.uscc)
    AND NOT EXISTS (SELECT 1 FROM exit_plan p WHERE p.uscc = e.uscc)
    ORDER BY e.uscc, q.equipment_id LIMIT 1")"
[ -n "$pe" ] || fail "no running unit without a case"; ok
"$ABIN" plan add --db "$db" --year 2026 --uscc "$pu" --equipment "$pe" --planned 2026-10-31 \
    --measure dismantle --actor 李四 >/dev/null || fail "plan add"
pid=$("$ABIN" case open --db "$db" --type industrial_policy --uscc "$pu" --equipment "$pe" \
    --actor 王五 --role miit --on 2026-06-01 | sed -n 's/^case \([0-9]*\) opened.*/\1/p')
[ -n "$pid" ] || fail "case open"; ok
alerts() { sql "$db" "SELECT count(*) FROM resettlement_alert WHERE case_id = $pid"; }
"$ABIN" tick --db "$db" --as-of 2026-08-31 >/dev/null || fail "tick 61 days before"
expect_eq "$(alerts)" 0 "61 days before the exit: no alert yet"
"$ABIN" tick --db "$db" --as-of 2026-09-01 >"$T/t60.out" || fail "tick 60 days before"
expect_eq "$(alerts)" 1 "60 days before the exit: alerted"
expect_grep "还有 60 天" <(sql "$db" "SELECT message FROM resettlement_alert WHERE case_id = $pid")
expect_grep "未记录职工安置方案" <(sql "$db" "SELECT message FROM resettlement_alert WHERE case_id = $pid")
"$ABIN" tick --db "$db" --as-of 2026-09-02 >/dev/null
expect_eq "$(alerts)" 1 "alerted once per exit date"

# refusals of the command line
"$ABIN" resettle show --db "$db" --case 99999 2>"$T/nf.err" && fail "showed a missing case"
expect_grep "no case 99999" "$T/nf.err"
rc=0
"$ABIN" resettle plan-step --db "$db" --case "$id" 2>/dev/null || rc=$?
expect_eq "$rc" 2 "a usage error"
# import --kind resettlement: all or nothing, errors naming file, row and column
oid=$(sql "$db" "SELECT min(c.id) FROM case_file c WHERE NOT EXISTS (SELECT 1
    FROM resettlement_plan_event p WHERE p.case_id = c.id)")
[ -n "$oid" ] || fail "no case without a plan"; ok
hdr=case_id,record,on_date,plan,status,approved_by,contract,dispatched,near_retirement,worker_group,outcome,workers,amount_yuan,document,note
before=$(sql "$db" "SELECT count(*) FROM resettlement_plan_event")
printf '%s\n%s,plan,2026-06-02,resettlement,draft,,,,,,,,,,\n%s,plan,2026-06-03,职工安置方案,已批准,职代会,,,,,,,,决议,\n' \
    "$hdr" "$oid" "$oid" >"$T/bad.csv"
if "$ABIN" import --db "$db" --kind resettlement "$T/bad.csv" >"$T/bad.out" 2>&1; then
    fail "a plan approved from draft was imported"; fi
expect_grep 'bad.csv row 3, column "status", value "approved"' "$T/bad.out"
printf '%s\n%s,outcome,2026-06-04,,,,,,,contract,compensated,2,1.001,,\n' "$hdr" "$oid" >"$T/bad2.csv"
if "$ABIN" import --db "$db" --kind resettlement "$T/bad2.csv" >"$T/bad2.out" 2>&1; then
    fail "an amount of three decimals was imported"; fi
expect_grep 'bad2.csv 第2行 列“amount_yuan”' "$T/bad2.out"
expect_eq "$(sql "$db" "SELECT count(*) FROM resettlement_plan_event")" "$before" "nothing imported"
printf '%s\n%s,headcount,2026-06-01,,,,50,6,3,,,,,花名册,\n%s,plan,2026-06-02,resettlement,draft,,,,,,,,,,\n%s,plan,2026-06-03,resettlement,submitted,,,,,,,,,方案,\n%s,plan,2026-06-05,职工安置方案,已批准,职代会,,,,,,,,决议,\n%s,outcome,2026-06-06,,,,,,,合同制职工,经济补偿,10,385000.5,协议,\n' \
    "$hdr" "$oid" "$oid" "$oid" "$oid" "$oid" >"$T/good.csv"
"$ABIN" import --db "$db" --kind resettlement "$T/good.csv" >"$T/good.out" 2>&1 ||
    { cat "$T/good.out" >&2; fail "import resettlement"; }
"$ABIN" resettle show --db "$db" --case "$oid" --format json >"$T/imp.json"
expect_eq "$(jq -r '.plans.resettlement.status + " " + .plans.resettlement.approved_by + " " + .amount' \
    "$T/imp.json")" "approved congress 385000.50" "the imported records"
expect_eq "$(jq -r '.headcount.total' "$T/imp.json")" 59 "the imported headcount"
echo "test_resettle ($BACKEND): $n_ok checks ok"
