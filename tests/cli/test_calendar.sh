#!/usr/bin/env bash
# test_calendar.sh: provisional deadlines and `phaseout calendar import` on the backend in
# TEST_BACKEND.  2027 has no holiday calendar compiled in: `deadline` stays an error for it
# unless --provisional; a case ordered to rectify works anyway, with a provisional deadline that
# case show / list / tick report; importing a 2027 calendar (a TEST file, not the State
# Council's notice: its 端午节 on 2027-06-09 is what moves the deadline) recomputes the case
# without a rebuild; a bad file changes nothing.
. "$(dirname "$0")/lib.sh"

# deadline: first line the date; the default still refuses an uncovered year
"$ABIN" deadline --from 2026-11-27 --months 6 --provisional >"$T/d.out"
expect_eq "$(head -1 "$T/d.out")" 2027-05-27 "provisional deadline, weekday"
expect_eq "$(sed -n 2p "$T/d.out" | cut -c1-11)" "PROVISIONAL" "second line PROVISIONAL"
expect_grep "2027 年节假日安排尚未载入，期限按周末推算，待国务院办公厅通知发布后重算" "$T/d.out"
expect_grep "no holiday calendar for 2027 yet: counted with weekends only" "$T/d.out"
"$ABIN" deadline --from 2026-11-29 --months 6 --provisional >"$T/d.out"
expect_eq "$(head -1 "$T/d.out")" 2027-05-31 "Saturday 2027-05-29 -> Monday"
"$ABIN" deadline --from 2024-07-01 --months 3 --provisional >"$T/d.out"
expect_eq "$(head -1 "$T/d.out")" 2024-10-08 "covered year unchanged"
if grep -q PROVISIONAL "$T/d.out"; then fail "covered year marked provisional"; fi; ok
set +e; "$ABIN" deadline --from 2026-11-27 --months 6 >"$T/d.out" 2>"$T/d.err"; rc=$?; set -e
expect_eq "$rc" 1 "uncovered year without --provisional"
expect_grep "2027" "$T/d.err"
"$ABIN" deadline --from 2026-11-27 --months 6 --provisional --format json >"$T/d.json"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["last_day"], d["provisional"], d["uncovered_year"])' "$T/d.json")" \
    "2027-05-27 True 2027" "json provisional"

db=$(newdb calendar)
"$BIN" demo --db "$db" >/dev/null 2>&1
uscc=$(sql "$db" "SELECT uscc FROM enterprise ORDER BY uscc LIMIT 1")
printf '%%PDF-1.4 order\n' >"$T/order.pdf"
"$ABIN" case open --db "$db" --type energy_quota --uscc "$uscc" --actor 王五 --role miit \
    --on 2026-11-27 >"$T/open.out"
id=$(sed -n 's/^case \([0-9]*\) opened.*/\1/p' "$T/open.out")
act() { "$ABIN" case act --db "$db" "$id" --actor 王五 --role miit "$@"; }
# served 2026-12-09: 6 months to Wed 2027-06-09, provisional
act --event order_rectification --on 2026-12-09 --attach order="$T/order.pdf" \
    --attach inspection="$T/order.pdf" >"$T/o.out"
expect_grep "rectifying, deadline 2027-06-09" "$T/o.out"
expect_grep "^PROVISIONAL 暂定：2027 年节假日安排尚未载入" "$T/o.out"
"$ABIN" case show --db "$db" "$id" --as-of 2026-12-09 >"$T/show.out"
expect_grep "deadline 2027-06-09" "$T/show.out"
expect_grep "PROVISIONAL" "$T/show.out"
"$ABIN" case list --db "$db" >"$T/list.out"
expect_grep "^$id,energy_quota,$uscc,,rectifying,2027-06-09,provisional$" "$T/list.out"
"$ABIN" tick --db "$db" --as-of 2027-05-20 >"$T/t.out"
expect_grep "1 due within 30 days" "$T/t.out"
expect_grep "PROVISIONAL" <(sql "$db" "SELECT message FROM notification WHERE case_id = $id")
# overdue is not for a provisional deadline
if "$ABIN" case act --db "$db" "$id" --event overdue --actor tick --role system \
    --on 2027-07-01 >/dev/null 2>"$T/over.err"; then fail "overdue on a provisional deadline"; fi
expect_grep "provisional" "$T/over.err"

# a bad file changes nothing: a makeup working day on a Wednesday (row 3)
cat >"$T/bad.csv" <<'CSV'
date,kind,name,source
2027-06-09,holiday,端午节,TEST fixture
2027-06-16,workday,端午节,TEST fixture
CSV
set +e; "$ABIN" calendar import --db "$db" --actor 王五 "$T/bad.csv" >/dev/null 2>"$T/bad.err"; rc=$?; set -e
expect_eq "$rc" 1 "bad calendar file"
expect_grep "bad.csv row 3" "$T/bad.err"
expect_grep "调休上班日" "$T/bad.err"
expect_eq "$(sql "$db" "SELECT count(*) FROM calendar_import")" 0 "nothing imported"

# the 2027 rows (TEST data): the deadline moves to Thu 06-10 and is final
cat >"$T/cn_holidays_2027.csv" <<'CSV'
date,kind,name,source
2027-01-01,holiday,元旦,TEST fixture (not a State Council notice)
2027-06-09,holiday,端午节,TEST fixture (not a State Council notice)
CSV
audit0=$(sql "$db" "SELECT count(*) FROM audit_log")
"$ABIN" calendar import --db "$db" --actor 王五 "$T/cn_holidays_2027.csv" >"$T/imp.out"
expect_grep "covers 2020-2027 now" "$T/imp.out"
expect_grep "changed: 1" "$T/imp.out"
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'calendar.import'")" 1 "audit row"
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log")" $((audit0 + 1)) "one audit row"
"$ABIN" case show --db "$db" "$id" --as-of 2026-12-09 >"$T/show.out"
expect_grep "deadline 2027-06-10" "$T/show.out"
if grep -q PROVISIONAL "$T/show.out"; then fail "still provisional after the import"; fi; ok
"$ABIN" case list --db "$db" >"$T/list.out"
expect_grep "^$id,energy_quota,$uscc,,rectifying,2027-06-10,$" "$T/list.out"
# every deadline computation uses it: deadline --db, without --provisional
"$ABIN" deadline --db "$db" --from 2026-12-09 --months 6 >"$T/d.out"
expect_eq "$(head -1 "$T/d.out")" 2027-06-10 "deadline --db uses the imported year"
expect_grep "端午节" "$T/d.out"
"$ABIN" calendar show --db "$db" >"$T/cal.out"
expect_grep "covers 2020-2027" "$T/cal.out"
expect_grep "cn_holidays_2027.csv,\"2027\",2," "$T/cal.out"
"$ABIN" audit verify --db "$db" >/dev/null
ok
echo "test_calendar.sh ($BACKEND): $n_ok checks ok"
