#!/usr/bin/env bash
# test_evaluate.sh: `phaseout evaluate` over the demo city on the backend in TEST_BACKEND —
# the 4.3 m coke oven caught and the 4.4 m one not, the stamp-charged 3.8 m exception,
# byte-identical findings on a second run, immutable runs, bad rule files refused.
. "$(dirname "$0")/lib.sh"

db=$(newdb evaluate)
"$BIN" demo --db "$db" >/dev/null 2>&1

# has FILE USCC EQUIPMENT RULE STATUS: is that finding in the CSV? (prints yes/no)
has() {
    python3 - "$@" <<'PY'
import csv, sys
path, uscc, eq, rule, status = sys.argv[1:]
rows = csv.DictReader(open(path, encoding="utf-8-sig"))
print("yes" if any(r["uscc"] == uscc and r["equipment_id"] == eq and r["rule_id"] == rule
                   and r["status"] == status for r in rows) else "no")
PY
}

# unit KIND-SQL: "uscc equipment_id" of the first running coke oven matching the condition
oven() {
    sql "$db" "SELECT e.uscc || ' ' || q.equipment_id FROM equipment q
        JOIN enterprise e ON e.id = q.enterprise_id
        JOIN equipment_param h ON h.equipment_pk = q.id AND h.param = 'chamber_height_m'
        JOIN equipment_param s ON s.equipment_pk = q.id AND s.param = 'stamp_charged'
        WHERE q.equipment_type = 'coke_oven' AND q.status = 'running'
          AND e.status NOT IN ('closed', 'exited') AND $1
        ORDER BY e.uscc, q.equipment_id LIMIT 1"
}
read -r u43 e43 <<<"$(oven "h.value_micro = 4300000 AND s.value_micro = 0")"
read -r u44 e44 <<<"$(oven "h.value_micro = 4400000")"
read -r u38 e38 <<<"$(oven "h.value_micro = 3800000 AND s.value_micro = 1000000")"
[ -n "$u43" ] && [ -n "$u44" ] && [ -n "$u38" ] || fail "demo lacks the anchor coke ovens"; ok

"$ABIN" evaluate --db "$db" --year 2024 --out "$T/f1.csv" 2>"$T/e1.err"
expect_grep "run 1: " "$T/e1.err"
head -c 200 "$T/f1.csv" | grep -q "finding_id,uscc,enterprise_name,equipment_id,criterion,rule_id,rule_version,status,measure,departments,evidence,legal_basis" || fail "CSV header"; ok
expect_eq "$(has "$T/f1.csv" "$u43" "$e43" NMG-COKE-43 caught)" yes "4.3 m oven under the Inner Mongolia rule"
expect_eq "$(has "$T/f1.csv" "$u43" "$e43" IP-COKE-43 caught)" no "4.3 m is not below 4.3 m"
expect_eq "$(has "$T/f1.csv" "$u44" "$e44" NMG-COKE-43 caught)" no "4.4 m oven"
grep -q ",$e44,.*COKE" "$T/f1.csv" && grep "$u44" "$T/f1.csv" | grep -q ",$e44,.*COKE" && fail "4.4 m oven has a coke finding"; ok
expect_eq "$(has "$T/f1.csv" "$u38" "$e38" IP-COKE-43 caught)" no "stamp-charged 3.8 m: national exception"
expect_eq "$(has "$T/f1.csv" "$u38" "$e38" NMG-COKE-43 caught)" yes "stamp-charged 3.8 m: no exception in Inner Mongolia"
expect_grep "chamber_height_m = 4.3 m (rule: <= 4.3 m)" "$T/f1.csv"
expect_grep "内发改环资字〔2021〕209号" "$T/f1.csv"
expect_grep "low (verify before acting)" "$T/f1.csv"
expect_grep "cannot_decide" "$T/f1.csv"

# energy (三(二)): quota limits, NDRC baseline, the worst 20 % of the intensity ranking
expect_grep ",EN-QUOTA-LIMIT,1,caught,rectify_6_months,miit|drc,.*quota_over_limit = 1 (rule: = 1) \[.* > limit .*(GB " "$T/f1.csv"
expect_grep ",EN-BASELINE,1,caught,phase_out_plan,.*> baseline " "$T/f1.csv"
expect_grep ",EN-INTENSITY-20,1,caught,factor_supply_control,.*rank [0-9]* of [0-9]* ranked (worst [0-9]* flagged)" "$T/f1.csv"
expect_grep ",EN-INTENSITY-20,1,cannot_decide,.*cannot decide: intensity_worst_20pct (not ranked: value added not recorded for 2024) not recorded" "$T/f1.csv"
# the legal ranking (rank --db's default) decides the worst 20 %: whoever it leaves out
# (excluded.csv: value added missing, energy zero or not reported, loss-making for review) is
# never caught, and every one of them with energy data has a cannot-decide finding instead
"$BIN" rank --db "$db" --year 2024 --out "$T/rank24" 2>/dev/null
python3 - "$T/f1.csv" "$T/rank24/excluded.csv" "$T/rank24/result.csv" <<'PY' || fail "worst 20 % not from the legal ranking"
import csv, sys
f = [r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")) if r["rule_id"] == "EN-INTENSITY-20"]
ex = {r["uscc"]: r for r in csv.DictReader(open(sys.argv[2], encoding="utf-8-sig"))}
ranked = {r["uscc"]: r for r in csv.DictReader(open(sys.argv[3]))}
assert ex, "the demo city has enterprises the legal ranking leaves out"
caught = {r["uscc"] for r in f if r["status"] == "caught"}
assert not caught & set(ex), sorted(caught & set(ex))[:3]
assert caught <= {u for u, r in ranked.items() if r["flagged"] == "1"}
undecided = {r["uscc"] for r in f if r["status"] == "cannot_decide"}
for u, r in ex.items():
    if r["reason"] != "energy_not_reported" and u not in undecided and u in {x["uscc"] for x in f}:
        raise SystemExit("excluded %s without a cannot-decide finding" % u)
PY
ok

# environment, safety, quality (三(四)…三(六)) from inspections and licences, judged on the as-of date
expect_grep ",ENV-CLOSE,1,caught,closure_with_approval,eco_env,environment_severity = 3 (rule: >= 3) \[serious " "$T/f1.csv"
expect_grep ",ENV-LIMIT,1,caught,limit_or_suspend,eco_env,environment_severity = 2 (rule: = 2) \[major " "$T/f1.csv"
expect_grep ",SAFETY-SUSPEND,1,caught,suspend,emergency,.*安全生产法" "$T/f1.csv"
expect_grep ",QUALITY-RECTIFY,1,caught,rectify_6_months,market," "$T/f1.csv"
expect_grep ",ENV-PERMIT,1,caught,limit_or_suspend,eco_env,.*discharge_permit_lapsed = 1 (rule: = 1) \[pollutant_discharge .* to 2024-" "$T/f1.csv"
# a licence whose term ended before the as-of date is lapsed then, even though valid before
lic=$(sql "$db" "SELECT e.uscc FROM licence l JOIN enterprise e ON e.id = l.enterprise_id
    WHERE l.licence_type = 'pollutant_discharge' AND l.valid_to BETWEEN '2024-01-01' AND '2024-06-30'
      AND e.status NOT IN ('closed', 'exited') AND NOT EXISTS (SELECT 1 FROM licence m
      WHERE m.enterprise_id = l.enterprise_id AND m.licence_type = l.licence_type AND m.id <> l.id)
    ORDER BY e.uscc LIMIT 1")

# without the exception clause the 3.8 m stamp-charged oven is caught by the national rule
sed 's/,stamp_charged=1 & chamber_height_m>=3.8,/,,/' "$root/data/rules.csv" >"$T/noexc.csv"
"$ABIN" evaluate --db "$db" --year 2024 --rules "$T/noexc.csv" --out "$T/noexc.out" 2>/dev/null
expect_eq "$(has "$T/noexc.out" "$u38" "$e38" IP-COKE-43 caught)" yes "3.8 m caught without the exception"

# the 2019 edition on 2024-01-31, the 2024 edition from 2024-02-01
"$ABIN" evaluate --db "$db" --year 2023 --as-of 2024-01-31 --format json --out "$T/j1.json" 2>/dev/null
"$ABIN" evaluate --db "$db" --year 2023 --as-of 2024-02-01 --format json --out "$T/j2.json" 2>/dev/null
v() { python3 -c "import json,sys; print(sorted({f['rule_version'] for f in json.load(open(sys.argv[1])) if f['rule_id'] == 'IP-CARBIDE-12500'}))" "$1"; }
expect_eq "$(v "$T/j1.json")" "[1]" "2019 edition on 2024-01-31"
expect_eq "$(v "$T/j2.json")" "[2]" "2024 edition on 2024-02-01"

# determinism: the same data and rules give byte-identical findings
"$ABIN" evaluate --db "$db" --year 2024 --out "$T/f2.csv" 2>"$T/e2.err"
cmp -s "$T/f1.csv" "$T/f2.csv" || fail "second run differs"; ok
expect_grep "run 5: " "$T/e2.err"
h1=$(sql "$db" "SELECT findings_sha256 || data_sha256 || rules_sha256 FROM evaluation_run WHERE id = 1")
h5=$(sql "$db" "SELECT findings_sha256 || data_sha256 || rules_sha256 FROM evaluation_run WHERE id = 5")
expect_eq "$h5" "$h1" "run fingerprints"
expect_eq "$(sql "$db" "SELECT count(*) FROM evaluation_finding WHERE run_id = 5")" \
    "$(($(python3 -c "import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], encoding='utf-8-sig'))))" "$T/f1.csv") - 1))" \
    "findings stored"

# every run has its audit row, as cli, naming the run, the as-of date and the count of findings
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'evaluation.run' AND actor = 'cli'")" 5 \
    "one audit row per run"
expect_eq "$(sql "$db" "SELECT object || ' ' || detail FROM audit_log WHERE object = 'evaluation_run/5'")" \
    "evaluation_run/5 year=2024 as_of=2024-12-31 findings=$(sql "$db" "SELECT nfindings FROM evaluation_run WHERE id = 5") rules_sha256=$(sql "$db" "SELECT rules_sha256 FROM evaluation_run WHERE id = 5") role=cli" \
    "audit row of run 5"

# runs are immutable
if sql "$db" "UPDATE evaluation_run SET year = 2000 WHERE id = 1" >/dev/null 2>&1; then fail "run updated"; fi; ok
if sql "$db" "DELETE FROM evaluation_finding WHERE run_id = 1" >/dev/null 2>&1; then fail "finding deleted"; fi; ok

# bad rule data is refused, naming file, row and column; no run is stored
sed '3s/,shutdown_dismantle_or_seal,/,shutdown,/' "$root/data/rules.csv" >"$T/bad.csv"
set +e
"$ABIN" evaluate --db "$db" --year 2024 --rules "$T/bad.csv" >/dev/null 2>"$T/bad.err"
rc=$?
set -e
expect_eq "$rc" 1 "bad rules exit status"
expect_grep "bad.csv row 2 column measure: unknown measure" "$T/bad.err"
expect_grep "第 2 行 measure 列：未知措施" "$T/bad.err"
expect_eq "$(sql "$db" "SELECT count(*) FROM evaluation_run")" 5 "no run for bad rules"
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'evaluation.run'")" 5 "no audit row for bad rules"
sed '2s/chamber_height_m<4.3/chamber_height<4.3/' "$root/data/rules.csv" >"$T/bad2.csv"
"$ABIN" evaluate --db "$db" --year 2024 --rules "$T/bad2.csv" >/dev/null 2>"$T/bad2.err" && fail "bad tag accepted"; ok
expect_grep "row 1 column when: unknown parameter tag" "$T/bad2.err"
# explain: the evidence chain of a stored finding, in Chinese and English
fid=$(python3 -c "
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')):
    if r['uscc'] == sys.argv[2] and r['equipment_id'] == sys.argv[3] and r['rule_id'] == 'NMG-COKE-43':
        print(r['finding_id']); break" "$T/f1.csv" "$u43" "$e43")
"$ABIN" explain --db "$db" "$fid" >"$T/x.zh"
expect_grep "规则：炭化室高度4.3米及以下焦炉按限制类产能退出（内蒙古）（NMG-COKE-43 第 1 版，三（一）产业政策方面）" "$T/x.zh"
expect_grep "比对的数据与阈值：炭化室高度 4.3 米，不超过 4.3 米" "$T/x.zh"
expect_grep "措施：制定计划逐步退出；" "$T/x.zh"
expect_grep "可信度：高" "$T/x.zh"
# the Chinese evidence line has no English words (rule tags and units are rendered)
grep "^比对的数据与阈值" "$T/x.zh" | grep -q "[a-z][a-z]" && fail "English in the Chinese evidence"; ok
expect_grep "法律依据：内发改环资字〔2021〕209号 限制类产能退出（焦炉炭化室高度4.3米及以下）（内蒙古自治区发展和改革委员会 工业和信息化厅 能源局）" "$T/x.zh"
expect_grep "责任部门：市工业和信息化局" "$T/x.zh"
expect_grep "评估批次 5" "$T/x.zh"
"$ABIN" explain --db "$db" "$fid" --lang en --run 1 >"$T/x.en"
expect_grep "Finding $fid (run 1, as of 2024-12-31" "$T/x.en"
expect_grep "Measure: phase_out_plan" "$T/x.en"
expect_grep "Figures compared with the thresholds: chamber_height_m = 4.3 m (rule: <= 4.3 m)" "$T/x.en"
"$ABIN" explain --db "$db" 0000000000000000 >/dev/null 2>"$T/x.err" && fail "unknown finding explained"; ok
expect_grep "no finding 0000000000000000" "$T/x.err"

# diff: identical runs differ in nothing; 2023 vs 2024 data lists the edition switch
"$ABIN" evaluate --db "$db" --diff 1 5 --out "$T/d15.csv"
expect_eq "$(wc -l <"$T/d15.csv")" 1 "diff of identical runs"
"$ABIN" evaluate --db "$db" --diff 3 4 --out "$T/d34.csv"
expect_grep "^removed,.*,IP-CARBIDE-12500,1," "$T/d34.csv"
expect_grep "^added,.*,IP-CARBIDE-12500,2," "$T/d34.csv"
"$ABIN" evaluate --db "$db" --diff 1 99 >/dev/null 2>"$T/d.err" && fail "diff with a missing run"; ok
expect_grep "no evaluation run 99" "$T/d.err"

# usage errors (exit 2, nothing stored): --year outside 1991-2100 or not a number, an unknown
# format, a diff in JSON or in an unknown format, a run id that is not a positive integer
nruns=$(sql "$db" "SELECT count(*) FROM evaluation_run")
for args in "--year 1990" "--year 2101" "--year 2024x" "--year 2024 --format pdf" \
    "--diff 1 5 --format json" "--diff 1 5 --format pdf" "--diff 0 5" "--diff 1 5x" \
    "--diff 1 5 --year 2024" "--diff 1"; do
    set +e
    # shellcheck disable=SC2086
    "$BIN" evaluate --db "$db" $args >/dev/null 2>"$T/u.err"; rc=$?
    set -e
    expect_eq "$rc" 2 "usage error: $args"
    expect_grep "^usage: phaseout evaluate" "$T/u.err"
done
expect_eq "$(sql "$db" "SELECT count(*) FROM evaluation_run")" "$nruns" "no run stored by a usage error"
"$BIN" evaluate --db "$db" --diff 1 5 --format xlsx --out "$T/d15.xlsx"
[ -s "$T/d15.xlsx" ] || fail "xlsx diff"; ok
[ -n "$lic" ] || fail "demo lacks a discharge permit ending in the first half of 2024"; ok
expect_eq "$(has "$T/f1.csv" "$lic" "" ENV-PERMIT caught)" yes "permit lapsed on 2024-12-31"
"$ABIN" evaluate --db "$db" --year 2023 --out "$T/f23.csv" 2>/dev/null
expect_eq "$(has "$T/f23.csv" "$lic" "" ENV-PERMIT caught)" no "permit still valid on 2023-12-31"
# a figure recorded in a unit the rule cannot compare is missing, and the finding says why
read -r ku ke <<<"$(sql "$db" "SELECT e.uscc || ' ' || q.equipment_id FROM equipment q
    JOIN enterprise e ON e.id = q.enterprise_id
    JOIN equipment_param p ON p.equipment_pk = q.id AND p.param = 'capacity_kva'
    WHERE q.equipment_type = 'carbide_furnace' AND q.status = 'running'
      AND e.status NOT IN ('closed', 'exited') AND p.value_micro = 9000000000
    ORDER BY e.uscc, q.equipment_id LIMIT 1")"
[ -n "$ku" ] || fail "demo lacks a running 9 000 kVA carbide furnace"; ok
expect_eq "$(has "$T/f1.csv" "$ku" "$ke" IP-CARBIDE-12500 caught)" yes "9 000 kVA caught"
sql "$db" "UPDATE equipment_param SET unit = 'MVA' WHERE param = 'capacity_kva' AND equipment_pk =
    (SELECT q.id FROM equipment q JOIN enterprise e ON e.id = q.enterprise_id
     WHERE e.uscc = '$ku' AND q.equipment_id = '$ke')" >/dev/null
"$ABIN" evaluate --db "$db" --year 2024 --out "$T/mva.csv" 2>/dev/null
expect_eq "$(has "$T/mva.csv" "$ku" "$ke" IP-CARBIDE-12500 cannot_decide)" yes "unit mismatch undecided"
expect_grep "cannot decide: capacity_kva (recorded in MVA, the rule's unit is kVA) not recorded" "$T/mva.csv"

# safety, second stage (三(五), Work Safety Law art. 113): a safety case whose suspension failed on
# re-inspection gives closure and licence revocation instead of another suspension
su=$(python3 -c "
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')):
    if r['rule_id'] == 'SAFETY-SUSPEND' and r['status'] == 'caught':
        print(r['uscc']); break" "$T/f1.csv")
[ -n "$su" ] || fail "demo lacks a safety suspension finding"; ok
printf '%%PDF-1.4 order\n' >"$T/order.pdf"
printf '%%PDF-1.4 inspection\n' >"$T/insp.pdf"
"$BIN" case open --db "$db" --type safety --uscc "$su" --actor wang --role emergency \
    --on 2024-06-01 >"$T/case.out"
cid=$(grep -oE '[0-9]+' "$T/case.out" | head -1)
"$BIN" case act --db "$db" "$cid" --event order_suspend --actor wang --role emergency \
    --on 2024-06-02 --attach order="$T/order.pdf" --attach inspection="$T/insp.pdf" >/dev/null
"$ABIN" evaluate --db "$db" --year 2024 --out "$T/s1.csv" 2>/dev/null
expect_eq "$(has "$T/s1.csv" "$su" "" SAFETY-SUSPEND caught)" yes "suspended, not yet re-inspected"
expect_eq "$(has "$T/s1.csv" "$su" "" SAFETY-CLOSE caught)" no "no closure before a failed re-inspection"
"$BIN" case act --db "$db" "$cid" --event reinspect_fail --actor wang --role emergency \
    --on 2024-09-01 --attach inspection="$T/insp.pdf" >/dev/null
"$ABIN" evaluate --db "$db" --year 2024 --out "$T/s2.csv" 2>/dev/null
expect_eq "$(has "$T/s2.csv" "$su" "" SAFETY-CLOSE caught)" yes "closure after the failed re-inspection"
expect_eq "$(has "$T/s2.csv" "$su" "" SAFETY-SUSPEND caught)" no "no second suspension"
expect_grep ",SAFETY-CLOSE,1,caught,closure_and_licence_revocation,emergency,safety_suspension_failed = 1 (rule: = 1) \[safety case $cid: re-inspection failed on 2024-09-01 (state failed)\]" "$T/s2.csv"
# judged on the as-of date: on 2024-08-31 the re-inspection had not happened
"$ABIN" evaluate --db "$db" --year 2024 --as-of 2024-08-31 --out "$T/s3.csv" 2>/dev/null
expect_eq "$(has "$T/s3.csv" "$su" "" SAFETY-CLOSE caught)" no "closure not before the re-inspection day"
sfid=$(python3 -c "
import csv, sys
for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')):
    if r['rule_id'] == 'SAFETY-CLOSE': print(r['finding_id']); break" "$T/s2.csv")
"$ABIN" explain --db "$db" "$sfid" >"$T/sx.zh"
expect_grep "措施：予以关闭，并由有关部门吊销相关证照" "$T/sx.zh"
expect_grep "停产停业整顿后仍不具备安全生产条件：是（安全生产案件 $cid：2024-09-01 复查仍不具备安全生产条件" "$T/sx.zh"

# coal-washing balance (三(三)): the smallest plants covering the city's surplus, the balance shown
expect_grep ",PF-WASHING-SURPLUS,1,caught,phase_out_plan,.*washing_surplus_candidate = 1 (rule: = 1) \[city balance 2024: washing capacity [0-9]* t/a of [0-9]* plants; need [0-9.]* t (coke ovens [0-9]* t/a of coke x 1.37 t washed coal per t" "$T/s2.csv"
expect_grep "洗煤能力过剩的退出候选：是（2024 年全市洗煤平衡：洗煤能力 [0-9]* 吨/年" "$T/s2.csv"
python3 - "$T/s2.csv" <<'PY' || fail "washing candidates are not the smallest plants"
import csv, re, sys
caps = {}
for r in csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")):
    if r["rule_id"] == "PF-WASHING-SURPLUS":
        caps[(r["uscc"], r["equipment_id"])] = float(re.search(r"this plant ([0-9.]+) t/a", r["evidence"]).group(1))
assert caps, "no candidates"
PY
ok
# a washing plant whose capacity cannot be read in t/a leaves the balance undecided, for every plant
sql "$db" "UPDATE equipment_param SET unit = 't/d' WHERE param = 'washing_capacity_10kt_per_year'
    AND equipment_pk = (SELECT min(equipment_pk) FROM equipment_param WHERE param = 'washing_capacity_10kt_per_year')" >/dev/null
"$ABIN" evaluate --db "$db" --year 2024 --out "$T/w1.csv" 2>/dev/null
expect_grep ",PF-WASHING-SURPLUS,1,cannot_decide,.*cannot decide: washing_surplus_candidate (capacity of .* unknown in t/a) not recorded" "$T/w1.csv"
grep -q ",PF-WASHING-SURPLUS,1,caught," "$T/w1.csv" && fail "washing candidates without a balance"; ok
echo "test_evaluate.sh ($BACKEND): $n_ok checks ok"
