#!/usr/bin/env bash
# test_surcharge.sh: issue 15 §4 on the real binary — `phaseout surcharge` over a small imported
# city (examples/ plus the months' electricity and water below) with hand-computed amounts: the
# metered figure taken over the reported one for the same part, a product-tagged part summed,
# 10^4kWh and MWh converted, half-up rounding to 0.01 yuan, a missing kWh as cannot_compute (never
# 0), progressive water bands shown 待核实; the statement (CSV with BOM, XLSX), a PDF notice only
# for a non-zero amount, the diff against the month before, --explain, immutable runs, and
# `import --kind water` all or nothing.  Then the demo city gives non-zero amounts for 2025-06.
. "$(dirname "$0")/lib.sh"
command -v pdfinfo >/dev/null || fail "pdfinfo (poppler-utils) is missing: scripts/deps.sh installs it"

G=91150304MA0N4R7K16 # 内蒙古甘德化工: carbide furnaces of 27 000 kVA (NMG-CARBIDE-30000: restricted)
L=9115030375130462XC # 乌海市澜湖铁合金: a 25 000 kVA ferroalloy furnace (NMG-FERRO-25000: restricted)
export PHASEOUT_NOW=2025-07-02T08:00:00Z

db=$(newdb surcharge)
for k in districts industries enterprises equipment; do
    "$BIN" import --db "$db" --kind $k --quiet "$root/examples/$k.csv" >/dev/null
done
# two aluminium smelters (tiered, 发改价格〔2021〕1239号 as curated, AL-TIER-2021 v3 from 2025-01-01:
# above 13 300 kWh/t, 0.01 yuan per 20 kWh/t or part of it): A1 at 13 345 kWh/t in 2024, A2 exactly
# at 13 300 (the bound is exclusive: no surcharge)
A1=91150302MA0ALU0019
A2=91150302MA0ALU002C
A3=91150302MA0ALU003F # one unit over: 13 301 kWh/t, a part of a step is a whole step: 0.01
cat >"$T/ents.csv" <<EOF
uscc,name,district_code,industry_code,status
$A1,乌海市甲铝业有限公司,150302,3140,operating
$A2,乌海市乙铝业有限公司,150302,3140,operating
$A3,乌海市丙铝业有限公司,150302,3140,operating
EOF
cat >"$T/eq.csv" <<EOF
uscc,equipment_id,equipment_type,name,status
$A1,DJ01,aluminium_cell,1#电解系列,running
$A2,DJ01,aluminium_cell,1#电解系列,running
$A3,DJ01,aluminium_cell,1#电解系列,running
EOF
cat >"$T/out.csv" <<EOF
uscc,year,product,quantity_t
$A1,2024,aluminium_liquid,1000
$A2,2024,aluminium_liquid,1000
$A3,2024,aluminium_liquid,1000
EOF
"$BIN" import --db "$db" --kind enterprises --quiet "$T/ents.csv" >/dev/null
"$BIN" import --db "$db" --kind equipment --quiet "$T/eq.csv" >/dev/null
"$BIN" import --db "$db" --kind output --quiet "$T/out.csv" >/dev/null
"$BIN" evaluate --db "$db" --year 2025 --as-of 2025-05-31 --out "$T/f.csv" 2>/dev/null
expect_grep "$G,内蒙古甘德化工有限公司,DSL01,industrial_policy,NMG-CARBIDE-30000,1,caught" "$T/f.csv"
expect_grep "$L,乌海市澜湖铁合金有限责任公司,KRL01,industrial_policy,NMG-FERRO-25000,1,caught" "$T/f.csv"

cat >"$T/energy.csv" <<EOF
uscc,year,month,energy_type,quantity,unit,purpose,product,source
$G,2025,5,electricity,100,10^4kWh,fuel,,reported
$L,2025,5,electricity,50,10^4kWh,fuel,,reported
$G,2025,6,electricity,120,10^4kWh,fuel,,reported
$G,2025,6,electricity,1234567.85,kWh,fuel,,metered
$G,2025,6,electricity,100,MWh,fuel,calcium_carbide,reported
$A1,2024,,electricity,1334.5,10^4kWh,fuel,aluminium_liquid,reported
$A2,2024,,electricity,1330,10^4kWh,fuel,aluminium_liquid,reported
$A1,2025,6,electricity,100,10^4kWh,fuel,,reported
$A2,2025,6,electricity,100,10^4kWh,fuel,,reported
$A3,2024,,electricity,1330.1,10^4kWh,fuel,aluminium_liquid,reported
$A3,2025,5,electricity,100,10^4kWh,fuel,,reported
$A3,2025,6,electricity,100,10^4kWh,fuel,,reported
EOF
"$BIN" import --db "$db" --kind energy --quiet "$T/energy.csv" >/dev/null

# import --kind water: all or nothing, a bad row named with its column in both languages
cat >"$T/water_bad.csv" <<EOF
uscc,year,month,use_m3,quota_m3,price_yuan_per_m3
$G,2025,6,1300,1000,4.5
$G,2025,13,1300,1000,4.5
EOF
if "$BIN" import --db "$db" --kind water "$T/water_bad.csv" >"$T/wb.out" 2>&1; then fail "month 13 imported"; fi
expect_grep "month" "$T/wb.out"
expect_grep "月份应为1至12" "$T/wb.out"
expect_eq "$(sql "$db" "SELECT count(*) FROM water_use")" 0 "nothing imported from a bad file"
cat >"$T/water.csv" <<EOF
统一社会信用代码,年份,月份,用水量(立方米),用水定额(立方米),水价(元/立方米)
$G,2025,6,1300,1000,4.5
EOF
"$BIN" import --db "$db" --kind water --quiet "$T/water.csv" >/dev/null
expect_eq "$(sql "$db" "SELECT use_m3_micro, quota_m3_micro, price_micro FROM water_use" | tr '|' ' ')" \
    "1300000000 1000000000 4500000" "water row"

# May: 1 000 000 kWh x 0.10 x 31/31 = 100 000.00; 500 000 kWh x 0.10 = 50 000.00; A3 1 000 000 kWh x
# 0.01 = 10 000.00; A1 has no May electricity: its tiered row cannot be computed
"$ABIN" surcharge --db "$db" --month 2025-05 --out "$T/m5" >"$T/m5.out"
expect_grep "run 1: 2025-05, 4 家企业 / enterprises, 4 行 / rows (3 已计算 / ok, 1 " "$T/m5.out"
expect_grep "合计 / total 160000.00 元" "$T/m5.out"
expect_grep "上月无核算 / no run of that month" "$T/m5.out"

# June: G's electricity = metered 1 234 567.85 (the reported 120 x 10^4 kWh of the same part set
# aside) + the calcium_carbide part 100 MWh = 100 000 kWh: 1 334 567.85 kWh x 0.10 x 30/30 =
# 133 456.785 -> 133 456.79 (half up).  Water 1300 m3 against a quota of 1000 (30 % over):
# band (0, 20 %]: 200 m3 x 4.5 x 0.5 = 450.00; band (20, 40 %]: 100 m3 x 4.5 x 1 = 450.00.
# L has no electricity in June: cannot compute, no amount.  A1: 13 345 kWh/t is 45 over 13 300:
# ceil(45 / 20) = 3 steps, 0.03 yuan/kWh x 1 000 000 kWh = 30 000.00 (a low-confidence version:
# 待核实).  A2 at exactly 13 300: no row; A3 at 13 301: one step, 10 000.00.  Total 133 456.79 + 900
# + 30 000 + 10 000 = 174 356.79.
"$ABIN" surcharge --db "$db" --month 2025-06 --out "$T/m6" --actor 核算员 >"$T/m6.out"
expect_grep "run 2: 2025-06, 4 家企业 / enterprises, 6 行 / rows (5 已计算 / ok, 1 " "$T/m6.out"
expect_grep "合计 / total 174356.79 元" "$T/m6.out"
csv="$T/m6/statement.csv"
expect_eq "$(head -c 3 "$csv" | od -An -tx1 | tr -d ' ')" efbbbf "statement BOM"
expect_grep "^$G,内蒙古甘德化工有限公司,150304,NMG-DIFF-RESTRICTED v1,限制类差别电价,restricted,1334567.85,kWh,metered+reported,0.1,30/30,133456.79,ok,," "$csv"
expect_grep "^$G,.*,WATER-OVER-20 v1,超定额累进加价水价,.*,200,m3,water_use,2.25,30/30,450.00,ok,.*,待核实" "$csv"
expect_grep "^$G,.*,WATER-OVER-40 v1,超定额累进加价水价,.*,100,m3,water_use,4.5,30/30,450.00,ok,.*,待核实" "$csv"
expect_grep "^$L,乌海市澜湖铁合金有限责任公司,150303,NMG-DIFF-RESTRICTED v1,限制类差别电价,restricted,,kWh,,0.1,30/30,,cannot_compute,无法计算：用电量未记录," "$csv"
expect_grep "^$A1,乌海市甲铝业有限公司,150302,AL-TIER-2021 v3,阶梯电价,13345 kWh/t (2024),1000000,kWh,reported,0.03,30/30,30000.00,ok,.*待核实" "$csv"
grep -q "^$A2," "$csv" && fail "A2 at exactly the bound has a row"; ok
expect_grep "^$A3,乌海市丙铝业有限公司,150302,AL-TIER-2021 v3,阶梯电价,13301 kWh/t (2024),1000000,kWh,reported,0.01,30/30,10000.00,ok," "$csv"
expect_eq "$(grep -c . "$csv")" 7 "header + 6 rows"
python3 - "$csv" <<'PY' || fail "the statement's amounts do not add up to the total"
import csv, sys
from decimal import Decimal
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
total = sum(Decimal(r["金额（元）"]) for r in rows if r["金额（元）"])
assert total == Decimal("174356.79"), total
PY
ok
expect_eq "$(sql "$db" "SELECT amount_micro FROM surcharge_row WHERE run_id = 2 AND uscc = '$G' AND rule_id = 'NMG-DIFF-RESTRICTED'")" 133456790000 "exact integer money"
expect_eq "$(sql "$db" "SELECT count(*) FROM surcharge_row WHERE run_id = 2 AND amount_micro IS NULL AND status = 'cannot_compute'")" 1 "no amount, never 0"
expect_eq "$(sql "$db" "SELECT actor || ' ' || evaluation_run_id || ' ' || total_micro FROM surcharge_run WHERE id = 2")" "cli:核算员 1 174356790000" "the run"

# the XLSX and the notices: one per enterprise with a non-zero amount
expect_eq "$(head -c 2 "$T/m6/statement.xlsx")" PK "XLSX is a zip"
# the workbook carries the run's time (PHASEOUT_NOW here), not the clock's
python3 - "$T/m6/statement.xlsx" <<'PY' || fail "the workbook's creation time is not the run's"
import sys, zipfile
core = zipfile.ZipFile(sys.argv[1]).read("docProps/core.xml").decode()
assert "2025-07-02T08:00:00Z" in core, core
PY
ok
[ -f "$T/m6/notice-$G.pdf" ] || fail "no notice for $G"; ok
[ ! -e "$T/m6/notice-$L.pdf" ] && ok || fail "a notice for a zero amount"
pages=$(pdfinfo "$T/m6/notice-$G.pdf" | sed -n 's/^Pages: *//p')
[ "${pages:-0}" -ge 1 ] || fail "the notice has no pages"; ok
if command -v pdftotext >/dev/null; then
    pdftotext "$T/m6/notice-$G.pdf" "$T/n.txt"
    expect_grep "2025年6月电价加价（附加费）核算告知书" "$T/n.txt"
    expect_grep "134356.79" "$T/n.txt"
fi

# the diff against May, per enterprise
d="$T/m6/diff.csv"
expect_grep "^$G,内蒙古甘德化工有限公司,100000.00,134356.79,WATER-OVER-20 v1 ok; WATER-OVER-40 v1 ok,.\?$" "$d"
expect_grep "^$L,乌海市澜湖铁合金有限责任公司,50000.00,0.00,NMG-DIFF-RESTRICTED v1 cannot_compute,NMG-DIFF-RESTRICTED v1 ok" "$d"
expect_grep "^$A1,乌海市甲铝业有限公司,0.00,30000.00,AL-TIER-2021 v3 ok,AL-TIER-2021 v3 cannot_compute" "$d"
expect_grep "against 2025-05 (run 1): 3 家企业有变化" "$T/m6.out"
"$ABIN" surcharge --db "$db" --month 2025-06 --explain "$A1" >"$T/xa.out"
expect_grep "阶梯 / steps: 3" "$T/xa.out"
expect_grep "公式 / formula: 1000000 kWh × 0.03 × 30 / 30 = 30000 元" "$T/xa.out"

# --explain: figures, formula, rounding and basis, of the month's latest run (no new run)
"$ABIN" surcharge --db "$db" --month 2025-06 --explain "$G" >"$T/x.out"
expect_grep "核算批次 / run 2" "$T/x.out"
expect_grep "公式 / formula: 1334567.85 kWh × 0.1 × 30 / 30 = 133456.785 元" "$T/x.out"
expect_grep "→ 133456.79 元" "$T/x.out"
expect_grep "依据 / legal basis: 内蒙古自治区2021年差别电价政策" "$T/x.out"
expect_grep "WATER-OVER-20 v1.*待核实" "$T/x.out"
expect_grep "合计 / total: 134356.79 元" "$T/x.out"
expect_eq "$(sql "$db" "SELECT count(*) FROM surcharge_run")" 2 "explain made no run"
if "$ABIN" surcharge --db "$db" --month 2025-06 --explain 91150302692158377F 2>"$T/x.err"; then fail "explained an enterprise without surcharge"; fi
expect_grep "no surcharge in the run of 2025-06 for enterprise 91150302692158377F" "$T/x.err"
if "$BIN" surcharge --db "$db" --month 2025-13 --out "$T/bad" 2>/dev/null; then fail "month 13"; fi; ok

# each run is audited, in its transaction
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'surcharge.run'")" 2 "two runs audited"
expect_eq "$(sql "$db" "SELECT object || ' ' || actor FROM audit_log WHERE action = 'surcharge.run' ORDER BY id DESC LIMIT 1")" "surcharge_run/2 cli:核算员" "the audit row"
expect_grep "month=2025-06 rows=6 computed=5 total_yuan=174356.79" <(sql "$db" "SELECT detail FROM audit_log WHERE action = 'surcharge.run' ORDER BY id DESC LIMIT 1")
"$BIN" audit verify --db "$db" >/dev/null || fail "the audit chain"; ok

# runs are immutable
if sql "$db" "UPDATE surcharge_row SET amount_micro = 0 WHERE run_id = 2" 2>/dev/null; then fail "a row was changed"; fi; ok
if sql "$db" "DELETE FROM surcharge_run WHERE id = 1" 2>/dev/null; then fail "a run was deleted"; fi; ok
expect_eq "$(sql "$db" "SELECT amount_micro FROM surcharge_row WHERE run_id = 2 AND uscc = '$G' AND rule_id = 'NMG-DIFF-RESTRICTED'")" 133456790000 "unchanged"

# the demo city: monthly electricity for 2025-06 gives non-zero amounts
demo=$(newdb surcharge_demo)
"$BIN" demo --db "$demo" >/dev/null 2>&1
# no evaluation yet: every carbide / ferroalloy plant's category cannot be decided, nothing billed
"$BIN" surcharge --db "$demo" --month 2025-06 --out "$T/demo0" >"$T/demo0.out" 2>/dev/null
expect_grep "合计 / total 0.00 元" "$T/demo0.out"
expect_grep "无评估" "$T/demo0.out"
expect_grep ",cannot_decide,无法判定：所需事实未记录或评估无法判定," "$T/demo0/statement.csv"
# only an evaluation dated after June (2025, as of 2025-12-31): billed, every such row 待核实
"$BIN" evaluate --db "$demo" --year 2025 --out "$T/df25.csv" 2>/dev/null
"$BIN" surcharge --db "$demo" --month 2025-06 --out "$T/demo1" >/dev/null 2>&1
expect_grep ",NMG-DIFF-RESTRICTED v1,.*,ok,待核实：所依据的评估基准日为 2025-12-31，晚于本月,.*,待核实" "$T/demo1/statement.csv"
# the 2024 evaluation (as of 2024-12-31) is the one of the month: no flag on a medium rule
"$BIN" evaluate --db "$demo" --year 2024 --out "$T/df.csv" 2>/dev/null
"$BIN" surcharge --db "$demo" --month 2025-06 --out "$T/demo" >"$T/demo.out" 2>/dev/null
python3 - "$T/demo/statement.csv" <<'PY' || fail "the demo's June statement has no non-zero amount"
import csv, sys
from decimal import Decimal
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8-sig")))
ok = [r for r in rows if r["状态"] == "ok" and Decimal(r["金额（元）"]) > 0]
assert len(ok) >= 10, len(ok)
assert any(r["规则及版本"] == "NMG-DIFF-RESTRICTED v1" and r["加价标准（元/单位）"] == "0.1" for r in ok)
assert all(r["核实情况"] == "" for r in ok if r["规则及版本"] == "NMG-DIFF-RESTRICTED v1")
PY
ok
ls "$T/demo"/notice-*.pdf >/dev/null || fail "no demo notices"; ok

echo "ok ($BACKEND): test_surcharge.sh, $n_ok checks"
