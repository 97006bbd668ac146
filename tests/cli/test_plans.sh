#!/usr/bin/env bash
# test_plans.sh: district exit plans on the backend in TEST_BACKEND — units planned in two
# districts of the demo city, progress read from the registry pro rata through the year, the
# slow district flagged for an interview with a draft, a sealed unit counting as exited.
. "$(dirname "$0")/lib.sh"

db=$(newdb plans)
"$BIN" demo --db "$db" >/dev/null 2>&1

# unit DISTRICT STATUS N: "uscc equipment_id" of the N-th coke oven with that status there
unit() {
    sql "$db" "SELECT e.uscc || ' ' || q.equipment_id FROM equipment q
        JOIN enterprise e ON e.id = q.enterprise_id
        WHERE q.equipment_type = 'coke_oven' AND e.district_code = '$1' AND q.status = '$2'
          AND e.status = 'operating' AND q.capacity_micro IS NOT NULL
        ORDER BY e.uscc, q.equipment_id LIMIT 1 OFFSET $3"
}
plan() {
    "$ABIN" plan add --db "$db" --year 2025 --uscc "$1" --equipment "$2" --planned "$3" \
        --measure dismantle --actor 李四 >/dev/null
}
read -r ua ea <<<"$(unit 150302 running 0)"
read -r ub eb <<<"$(unit 150302 running 1)"
read -r uc ec <<<"$(unit 150303 dismantled 0)"
[ -n "$ua" ] && [ -n "$ub" ] && [ -n "$uc" ] || fail "demo lacks the coke ovens"; ok
plan "$ua" "$ea" 2025-06-30
plan "$ub" "$eb" 2025-09-30
plan "$uc" "$ec" 2025-03-31
if "$ABIN" plan add --db "$db" --year 2025 --uscc "$ua" --equipment NOSUCH --planned 2025-05-01 \
    --measure seal --actor x 2>"$T/nf.err"; then fail "unknown unit planned"; fi
expect_grep "no unit NOSUCH" "$T/nf.err"
if "$ABIN" plan add --db "$db" --year 2025 --uscc "$ua" --equipment "$ea" --planned 2026-01-01 \
    --measure seal --actor x 2>/dev/null; then fail "planned day outside the year accepted"; fi
ok

"$ABIN" plan report --db "$db" --year 2025 --as-of 2025-07-01 >"$T/r1.out"
expect_grep "^1,150302,.*,0,2,0,0.0,interview$" "$T/r1.out"
expect_grep "^2,150303,.*,1,1,.*,on_track$" "$T/r1.out"
expect_grep "约谈通知（草稿）" "$T/r1.out"
# on 1 January only a day of the year is due: the thresholds are pro rata
"$ABIN" plan report --db "$db" --year 2025 --as-of 2025-01-01 --notice-below 0 \
    --interview-below 0 >"$T/r0.out"
expect_eq "$(grep -c ',on_track$' "$T/r0.out")" 2 "zero thresholds flag nothing"

# the unit is sealed (as a case would do): it counts as exited, the district is on track
sql "$db" "UPDATE equipment SET status = 'sealed' WHERE equipment_id = '$ea'
    AND enterprise_id = (SELECT id FROM enterprise WHERE uscc = '$ua')" >/dev/null
"$ABIN" plan report --db "$db" --year 2025 --as-of 2025-07-01 >"$T/r2.out"
expect_grep "^[12],150302,.*,2,1,.*,on_track$" "$T/r2.out"

# import, all or nothing: a file with an unknown unit in row 3 adds nothing
read -r ud ed <<<"$(unit 150304 running 0)"
read -r ue ee <<<"$(unit 150304 running 1)"
printf 'uscc,equipment_id,planned_on,measure,capacity\n%s,%s,2025-05-31,dismantle,\n%s,NOSUCH,2025-06-30,seal,\n' \
    "$ud" "$ed" "$ue" >"$T/bad.csv"
if "$ABIN" plan import --db "$db" --year 2025 --actor 李四 "$T/bad.csv" 2>"$T/bad.err"; then
    fail "bad plan file imported"; fi
expect_grep "row 3" "$T/bad.err"
expect_eq "$(sql "$db" "SELECT count(*) FROM exit_plan")" 3 "bad file added rows"
# every row is checked before anything is written: rows 2 and 5 (the LAST) are bad, rows 3 and 4
# good; both bad rows are reported, in both languages, and nothing is written
printf 'uscc,equipment_id,planned_on,measure,capacity
%s,%s,2025-13-01,dismantle,
%s,%s,2025-05-31,dismantle,
%s,%s,2025-06-30,seal,30
%s,%s,2025-07-31,seal,
' \
    "$ud" "$ed" "$ud" "$ed" "$ue" "$ee" "$ue" "$ee" >"$T/last.csv"
if "$ABIN" plan import --db "$db" --year 2025 --actor 李四 "$T/last.csv" 2>"$T/last.err"; then
    fail "plan file with a bad last row imported"; fi
expect_grep "^error: row 2: " "$T/last.err"
expect_grep "^error: row 5: unit $ee is already planned in row 4" "$T/last.err"
expect_grep "^错误：row 5：设备 $ee 已在第 4 行列入计划" "$T/last.err"
expect_grep "2 rows of the plan file are bad; nothing was written" "$T/last.err"
expect_eq "$(grep -c '^error: row' "$T/last.err")" 2 "only the bad rows reported"
expect_eq "$(sql "$db" "SELECT count(*) FROM exit_plan")" 3 "a bad last row let rows through"
printf 'uscc,equipment_id,planned_on,measure,capacity\n%s,%s,2025-05-31,dismantle,\n%s,%s,2025-06-30,seal,30\n' \
    "$ud" "$ed" "$ue" "$ee" >"$T/good.csv"
"$ABIN" plan import --db "$db" --year 2025 --actor 李四 "$T/good.csv" >"$T/good.out"
expect_grep "imported 2 plan rows" "$T/good.out"
expect_eq "$(sql "$db" "SELECT capacity_micro FROM exit_plan WHERE equipment_id = '$ee' AND uscc = '$ue'")" \
    30000000 "capacity given in the file"
"$ABIN" plan report --db "$db" --year 2025 --as-of 2025-07-01 >"$T/r3.out"
expect_grep ",150304,.*,0,2,0,0.0,interview$" "$T/r3.out"
"$ABIN" audit verify --db "$db" >"$T/v.out"
imp=$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'import'")
expect_grep "^ok $((imp + 5)) rows" "$T/v.out"
echo "test_plans ($BACKEND): $n_ok checks ok"
