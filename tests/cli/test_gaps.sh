#!/usr/bin/env bash
# test_gaps.sh: the 数据待补 work list (`phaseout gaps`) on the backend in TEST_BACKEND (issue 12).
# Two lime works imported: one whose downstream processing nobody recorded (an empty
# has_downstream cell), one recorded as without.  The first's independent-lime rule cannot decide:
# it is on the list (what: 是否有下游产业配套, who: 市工业和信息化局, the rule waiting), the case
# refuses it; the second is caught.  --district keeps to one district; csv and json carry the
# same items; the item dates from the first run that found it missing; once the fact is
# imported the item leaves the list and the rule decides.
. "$(dirname "$0")/lib.sh"

db=$(newdb gaps)
"$BIN" db init --db "$db" >/dev/null
E=$root/examples
"$BIN" import --db "$db" --kind districts --quiet "$E/districts.csv" >/dev/null
"$BIN" import --db "$db" --kind industries --quiet "$E/industries.csv" >/dev/null
A=91150303000000001W
B=911503030000000020
C=911401073363319035
cat >"$T/ent.csv" <<CSV
uscc,name,district_code,industry_code,has_downstream
$A,甲石灰有限公司,150302,3012,
$B,乙石灰有限公司,150303,3012,否
CSV
cat >"$T/eq.csv" <<CSV
uscc,equipment_id,equipment_type,kiln_type
$A,SH-1,lime_kiln,modern_shaft
$B,SH-1,lime_kiln,modern_shaft
CSV
"$BIN" import --db "$db" --kind enterprises --quiet "$T/ent.csv" >/dev/null
"$BIN" import --db "$db" --kind equipment --quiet "$T/eq.csv" >/dev/null
expect_eq "$(sql "$db" "SELECT count(*) FROM enterprise WHERE uscc = '$A' AND has_downstream IS NULL")" 1 \
    "an empty cell is not recorded"

# before any evaluation: said so, nothing listed
"$ABIN" gaps --db "$db" >"$T/g0.txt"
expect_grep "尚未评估" "$T/g0.txt"

"$ABIN" evaluate --db "$db" --year 2024 --out "$T/f1.csv" 2>"$T/e1.err"
expect_grep "其中无法判定 [0-9]* 条：数据未记录，不据此立案；待补数据见 phaseout gaps" "$T/e1.err"
expect_grep "cannot decide: data not recorded, no case is opened on them" "$T/e1.err"
status() { sql "$db" "SELECT status FROM evaluation_finding WHERE run_id = (SELECT max(id) FROM evaluation_run)
    AND uscc = '$1' AND rule_id = 'PF-INDEP-LIME'"; }
expect_eq "$(status $A)" cannot_decide "not recorded: cannot decide"
expect_eq "$(status $B)" caught "recorded as without downstream: caught"
expect_eq "$(sql "$db" "SELECT missing FROM evaluation_finding WHERE uscc = '$A' AND rule_id = 'PF-INDEP-LIME'")" \
    has_downstream "the finding names what it waits for"

"$ABIN" gaps --db "$db" >"$T/g1.txt"
expect_grep "数据待补（评估批次 1，2024 年度" "$T/g1.txt"
expect_grep "海勃湾区 150302" "$T/g1.txt"
expect_grep "$A 甲石灰有限公司：是否有下游产业配套 未记录；自第 1 批次（2024 年度）起；应由市工业和信息化局补录" "$T/g1.txt"
expect_grep "独立.*PF-INDEP-LIME/1 SH-1" "$T/g1.txt"
expect_grep "$A 甲石灰有限公司：生态环境执法检查记录（本年度） 未记录.*应由市生态环境局补录" "$T/g1.txt"
grep -q "$B 乙石灰有限公司：是否有下游产业配套" "$T/g1.txt" && fail "a recorded fact is not a gap"; ok

# one district
"$ABIN" gaps --db "$db" --district 150303 >"$T/g2.txt"
grep -q "$A" "$T/g2.txt" && fail "--district 150303 lists an enterprise of 150302"; ok
expect_grep "$B 乙石灰有限公司：安全生产检查记录（本年度） 未记录" "$T/g2.txt"

# csv and json: the same items
"$ABIN" gaps --db "$db" --format csv >"$T/g.csv"
head -1 "$T/g.csv" | grep -q "district_code,district_name,uscc,enterprise_name,missing,missing_zh,supplier_department" || fail "csv header"; ok
expect_grep "^150302,海勃湾区,$A,甲石灰有限公司,has_downstream,是否有下游产业配套,miit,市工业和信息化局,1,2024,PF-INDEP-LIME,1," "$T/g.csv"
"$ABIN" gaps --db "$db" --format json >"$T/g.json"
python3 - "$T/g.json" "$T/g.csv" "$A" <<'PY' || fail "json and csv disagree"
import csv, json, sys
j = json.load(open(sys.argv[1]))
rows = list(csv.DictReader(open(sys.argv[2], encoding="utf-8-sig")))
assert j["run"]["id"] == 1 and j["run"]["year"] == 2024, j["run"]
assert j["total"] == len(j["items"]) == len({(r["uscc"], r["missing"]) for r in rows})
assert sum(d["total"] for d in j["districts"]) == j["total"]
it = [i for i in j["items"] if i["uscc"] == sys.argv[3] and i["missing"] == "has_downstream"]
assert len(it) == 1 and it[0]["supplier_department"] == "miit", it
assert [r["rule_id"] for r in it[0]["rules"]] == ["PF-INDEP-LIME"], it[0]["rules"]
assert it[0]["rules"][0]["rule_title_zh"], it[0]["rules"]
PY
ok

# a case is never opened from it
cfid=$(sql "$db" "SELECT finding_id FROM evaluation_finding WHERE uscc = '$A' AND rule_id = 'PF-INDEP-LIME'")
set +e
"$ABIN" case open --db "$db" --type industrial_policy --uscc "$A" --finding "$cfid" \
    --actor 王五 --role miit --reason x >/dev/null 2>"$T/cd.err"; rc=$?
set -e
expect_eq "$rc" 1 "case open on a cannot-decide finding"
expect_grep "无法判定（数据待补），不能据此立案" "$T/cd.err"
expect_eq "$(sql "$db" "SELECT count(*) FROM case_file")" 0 "no case"

# since when: a second run keeps the first run's date; the fact recorded clears the item
"$ABIN" evaluate --db "$db" --year 2024 --out "$T/f2.csv" 2>/dev/null
"$ABIN" gaps --db "$db" --format json >"$T/g3.json"
python3 - "$T/g3.json" "$A" <<'PY' || fail "since_run after a second run"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["run"]["id"] == 2
it = [i for i in j["items"] if i["uscc"] == sys.argv[2] and i["missing"] == "has_downstream"]
assert len(it) == 1 and it[0]["since_run"] == 1, it
PY
ok
printf 'uscc,name,district_code,industry_code,has_downstream\n%s,甲石灰有限公司,150302,3012,是\n' "$A" >"$T/fix.csv"
"$BIN" import --db "$db" --kind enterprises --quiet "$T/fix.csv" >/dev/null
"$ABIN" evaluate --db "$db" --year 2024 --out "$T/f3.csv" 2>/dev/null
"$ABIN" gaps --db "$db" >"$T/g4.txt"
grep -q "$A 甲石灰有限公司：是否有下游产业配套" "$T/g4.txt" && fail "the recorded fact still listed"; ok
expect_eq "$(status $A)" "" "has downstream processing: the independent-lime rule does not apply"

# usage
set +e
"$BIN" gaps --db "$db" --format xml >/dev/null 2>&1; rc=$?
set -e
expect_eq "$rc" 2 "bad --format is a usage error"
echo "test_gaps ($BACKEND): $n_ok checks passed"
