#!/usr/bin/env bash
# test_credit.sh: issue 15 §1-3 on the real binary — the credit platform's records derived from
# the demo's cases that missed their deadline (export as json, csv and xlsx, every record checked
# against data/credit_fields.csv, incomplete ones reported and not exported), the repair flow
# (too early, no proof, approved: exported as a withdrawal), the public period ending (tick
# flags it; the record leaves the export), joint punishment per department and the banks' lists.
. "$(dirname "$0")/lib.sh"

db=$(newdb credit)
"$BIN" db init --db "$db" >/dev/null
"$BIN" demo --db "$db" >/dev/null
"$BIN" demo --db "$db" --activity --as-of 2026-12-07 >"$T/demo.out"
expect_grep "信用 / credit: 5 条信用记录 / records (4 完整 / complete), 1 条已修复撤下" "$T/demo.out"

js() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# --- the Done-when command ---
"$ABIN" credit export --db "$db" --as-of 2027-12-31 --format json --out "$T/c.json" 2>"$T/c.err"
expect_eq "$(js "$T/c.json" "len(d['records'])")" 4 "records exported"
expect_eq "$(js "$T/c.json" "sorted(r['op'] for r in d['records'])")" "['add', 'add', 'add', 'withdraw']" "ops"
expect_eq "$(js "$T/c.json" "len(d['fields'])")" "$(($(grep -c . "$root/data/credit_fields.csv") - 1))" "every field of the standard"
# every exported record carries a valid USCC, its name, a decision number and the authority's code
for u in $(js "$T/c.json" "' '.join(r['fields']['uscc'] for r in d['records'])"); do
    "$BIN" uscc "$u" | grep -q " OK" || fail "exported USCC $u does not verify"
    ok
done
expect_eq "$(js "$T/c.json" "all(r['fields']['decision_number'] and r['fields']['authority_uscc'] and r['fields']['legal_representative'] for r in d['records'])")" True "required fields filled"
"$BIN" uscc "$(js "$T/c.json" "d['records'][0]['fields']['authority_uscc']")" | grep -q " OK" || fail "authority code"
ok
# the incomplete record: reported with the field, not exported
expect_eq "$(js "$T/c.json" "[p['field'] for r in d['incomplete'] for p in r['problems']]")" "['decision_number']" "incomplete reported"
expect_grep "行政处罚决定书文号（decision_number）：必填，未记录" "$T/c.err"
expect_grep "4 records exported, 1 incomplete not exported" "$T/c.err"
inc=$(js "$T/c.json" "d['incomplete'][0]['record_id']")
expect_eq "$(js "$T/c.json" "'$inc' in [r['record_id'] for r in d['records']]")" False "incomplete record not exported"

# the withdrawal is the demo's approved repair; its record's facts, basis and period
wd=$(js "$T/c.json" "[r['record_id'] for r in d['records'] if r['op'] == 'withdraw'][0]")
"$BIN" credit show --db "$db" --as-of 2027-12-31 "$wd" >"$T/show.out"
expect_grep "已修复撤下" "$T/show.out"
expect_grep "repair_approve" "$T/show.out"
expect_grep "penalty_category       责令停产停业" "$T/show.out"
expect_grep "节约能源法" "$T/show.out"

# csv and xlsx: the same records, the standard's Chinese names as the header
"$ABIN" credit export --db "$db" --as-of 2027-12-31 --format csv --out "$T/c.csv" 2>/dev/null
expect_eq "$(head -c 3 "$T/c.csv" | od -An -tx1 | tr -d ' ')" efbbbf "CSV BOM"
expect_grep "操作,记录编号,撤下日期,行政相对人名称,行政相对人类别,统一社会信用代码" "$T/c.csv"
expect_eq "$(grep -c . "$T/c.csv")" 5 "CSV header + 4 records"
expect_eq "$(grep -c "^撤下," "$T/c.csv")" 1 "one withdrawal row"
"$ABIN" credit export --db "$db" --as-of 2027-12-31 --format xlsx --out "$T/c.xlsx" 2>/dev/null
expect_eq "$(head -c 2 "$T/c.xlsx")" PK "XLSX is a zip"

# --- repair: refused too early, without proof, when nothing waits; then approved ---
rec=$(js "$T/c.json" "[r['record_id'] for r in d['records'] if r['op'] == 'add'][0]")
from=$("$BIN" credit list --db "$db" --as-of 2027-12-31 --format json | python3 -c "import json,sys; print([r['repair_from'] for r in json.load(sys.stdin) if r['id'] == '$rec'][0])")
early=$(date -d "$from - 1 day" +%F)
if "$BIN" credit repair --db "$db" "$rec" --step repair_apply --on "$early" --note 已整改 --proof 验收报告 --actor 企业 2>"$T/e.err"; then
    fail "repair asked for before the shortest period ended"
fi
expect_grep "最短公示期未满：$from 起方可申请信用修复" "$T/e.err"
if "$BIN" credit repair --db "$db" "$rec" --step repair_apply --on "$from" --note 已整改 --actor 企业 2>"$T/e.err"; then
    fail "repair asked for without proof"
fi
expect_grep "proof of rectification" "$T/e.err"
if "$BIN" credit repair --db "$db" "$rec" --step repair_approve --on "$from" --note 同意 --actor 工信局 2>"$T/e.err"; then
    fail "approved with no request waiting"
fi
expect_grep "no repair request is waiting" "$T/e.err"
expect_eq "$(sql "$db" "SELECT count(*) FROM credit_event")" 4 "refusals wrote nothing"
"$ABIN" credit repair --db "$db" "$rec" --step repair_apply --on "$from" --note 已整改 --proof 验收报告 --actor 企业 >/dev/null
"$BIN" credit list --db "$db" --as-of "$from" --status repair_requested >"$T/l.out"
expect_grep "^$rec .*信用修复申请中" "$T/l.out"
"$ABIN" credit repair --db "$db" "$rec" --step repair_approve --on "$from" --note 整改到位 --actor 工信局 >/dev/null
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'credit.repair' AND object = 'credit/$rec'")" 2 "repair audited"
"$ABIN" credit export --db "$db" --as-of 2027-12-31 --format json --out "$T/c2.json" 2>/dev/null
expect_eq "$(js "$T/c2.json" "[r['op'] for r in d['records'] if r['record_id'] == '$rec']")" "['withdraw']" "repaired: exported as a withdrawal"
expect_eq "$(js "$T/c2.json" "[r['withdrawn_on'] for r in d['records'] if r['record_id'] == '$rec']")" "['$from']" "withdrawal day"

# --- the public period: tick flags it once; after it the record is not exported ---
last=$(js "$T/c2.json" "max(r['fields']['public_until'] for r in d['records'] if r['op'] == 'add')")
"$BIN" tick --db "$db" --as-of "$(date -d "$last - 10 days" +%F)" >"$T/t.out"
expect_grep "credit records whose public period ends or ended: [1-9]" "$T/t.out"
n1=$(sql "$db" "SELECT count(*) FROM credit_flag")
"$BIN" tick --db "$db" --as-of "$(date -d "$last - 10 days" +%F)" >"$T/t.out"
expect_grep "credit records whose public period ends or ended: 0" "$T/t.out"
expect_eq "$(sql "$db" "SELECT count(*) FROM credit_flag")" "$n1" "tick is idempotent"
after=$(date -d "$last + 1 day" +%F)
"$ABIN" credit export --db "$db" --as-of "$after" --format json --out "$T/c3.json" 2>/dev/null
expect_eq "$(js "$T/c3.json" "[r['op'] for r in d['records'] if r['op'] == 'add']")" "[]" "expired records are not exported"

# --- joint punishment: each department its own measures; recording by the right role only ---
"$BIN" credit joint --db "$db" --as-of 2026-12-07 --department market --format json >"$T/j.json"
expect_eq "$(js "$T/j.json" "sorted(set(r['measure'] for r in d))")" "['production_licence']" "market's measures"
jr=$(js "$T/j.json" "d[0]['record']")
if "$BIN" credit joint-record --db "$db" "$jr" --measure land_supply --on 2026-12-07 --document X号 --role market --actor 市场监管局 2>"$T/e.err"; then
    fail "a department recorded another department's measure"
fi
expect_grep "is applied by natres" "$T/e.err"
"$ABIN" credit joint-record --db "$db" "$jr" --measure production_licence --on 2026-12-07 --document 乌市监许字〔2026〕99号 --role market --actor 市场监管局 >/dev/null
"$BIN" credit joint --db "$db" --as-of 2026-12-07 --department market --format json >"$T/j2.json"
expect_eq "$(js "$T/j2.json" "[len(r['actions']) for r in d if r['record'] == '$jr'][0] >= 1")" True "action recorded"
if "$BIN" credit joint-record --db "$db" "$wd" --measure production_licence --on 2026-12-07 --document Y号 --role market --actor 市场监管局 2>"$T/e.err"; then
    fail "a measure recorded on a withdrawn record"
fi
expect_grep "joint-punishment measures have ended" "$T/e.err"
if "$BIN" credit joint --db "$db" --as-of 2026-12-07 --department auditor 2>"$T/e.err"; then fail "unknown department"; fi
expect_grep "applies no joint-punishment measure" "$T/e.err"

# --- bank lists: restrict (records in force), support (recorded by the city) ---
"$ABIN" credit bank --db "$db" --list restrict --as-of 2026-12-07 --format csv --out "$T/b.csv" 2>/dev/null
expect_eq "$(head -c 3 "$T/b.csv" | od -An -tx1 | tr -d ' ')" efbbbf "bank CSV BOM"
expect_grep "序号,企业名称,统一社会信用代码,区县,原因,起始日期,依据" "$T/b.csv"
wdu=$(js "$T/c.json" "[r['uscc'] for r in d['records'] if r['op'] == 'withdraw'][0]")
if grep -q "$wdu" "$T/b.csv"; then fail "a repaired enterprise is on the restrict list"; fi
ok
expect_grep "严控新增授信" "$T/b.csv"
# a case past its deadline with no measure yet is on the restrict list too, with its reason
expect_grep "整改期限届满未完成整改（案件 [0-9]*）" "$T/b.csv"
"$BIN" credit bank --db "$db" --list support --as-of 2026-12-07 --format json --out "$T/s.json" 2>/dev/null
expect_eq "$(js "$T/s.json" "len(d['rows'])")" 2 "support list"
"$ABIN" credit support --db "$db" --uscc "$wdu" --kind transformation --on 2026-12-07 --document 乌工信发〔2026〕40号 --actor 工信局 >/dev/null
"$BIN" credit bank --db "$db" --list support --as-of 2026-12-07 --format xlsx --out "$T/s.xlsx" 2>/dev/null
expect_eq "$(head -c 2 "$T/s.xlsx")" PK "support XLSX"
if "$BIN" credit support --db "$db" --uscc "$wdu" --kind gift --on 2026-12-07 --document D --actor x 2>"$T/e.err"; then fail "unknown support kind"; fi
expect_grep "kind must be voluntary_exit" "$T/e.err"

# --- the authority's code is checked ---
if "$BIN" credit authority --db "$db" --code miit --uscc 11150300MB0123456X --actor x 2>"$T/e.err"; then fail "bad authority code"; fi
expect_grep "is not valid" "$T/e.err"

# records cannot be changed behind the flow's back
if sql "$db" "UPDATE credit_event SET kind = 'repair_approve'" 2>/dev/null; then fail "credit_event was updated"; fi
ok
echo "ok ($BACKEND) test_credit.sh: $n_ok checks"
