#!/usr/bin/env bash
# test_account.sh: account and barometer over the demo city, on the backend in TEST_BACKEND:
# sane figures, deterministic bytes, the same bytes on SQLite and PostgreSQL, explanations,
# targets edited through the import kind.
. "$(dirname "$0")/lib.sh"

db=$(newdb acct)
"$BIN" demo --db "$db" >"$T/demo.out"

# account: one row per enterprise, CSV with BOM, deterministic
"$ABIN" account --db "$db" --year 2024 >"$T/a.csv"
expect_eq "$(wc -l <"$T/a.csv" | tr -d ' ')" 299 "account rows (header + 298 enterprises)"
expect_eq "$(head -c 3 "$T/a.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "BOM"
"$BIN" account --db "$db" --year 2024 >"$T/a2.csv"
cmp -s "$T/a.csv" "$T/a2.csv" || fail "account output differs between two runs"; ok

python3 - "$T/a.csv" <<'EOF' || fail "account CSV not sane"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
assert len(rows) == 298, len(rows)
for r in rows:
    notes = r['notes'].split(';') if r['notes'] else []
    if 'no_energy_data' in notes:          # missing, not zero
        assert r['tce'] == '' and r['intensity'] == '', r
        continue
    gross, excl, tce = (float(r[k]) for k in ('gross_tce', 'excluded_tce', 'tce'))
    assert abs(gross - excl - tce) < 0.00015, r
    if excl > 0:
        assert 'excluded_by_policy' in notes, r
    va = r['value_added_10k_yuan']
    if va == '' or float(va) <= 0:          # missing / zero / negative: no intensity
        assert r['intensity'] == '', r
    else:
        assert abs(float(r['intensity']) - tce / float(va)) <= 0.000001 * max(1, tce / float(va)), r
# coking plants exclude their coking coal (feedstock, 803号)
assert any(r['industry_code'] == '2521' and float(r['excluded_tce'] or 0) > 0 for r in rows)
assert any('over_limit' in r['quota'] or 'meets' in r['quota'] for r in rows)
EOF
ok

# JSON: the full breakdown, valid, with the policy and its citations
"$ABIN" account --db "$db" --year 2025 --format json --out "$T/a.json" 2>/dev/null
python3 - "$T/a.json" <<'EOF' || fail "account JSON not sane"
import json, sys
d = json.load(open(sys.argv[1]))
assert d['year'] == 2025
rules = {r['rule']: r for r in d['policy']['rules']}
assert '803号' in rules['feedstock_excluded']['document']
assert '113号' in rules['renewable_excluded']['document']
assert len(d['enterprises']) == 298
e = next(e for e in d['enterprises'] if e['energy_data'] and e['records'])
assert all('tce_per_unit' in r and 'factor_source' in r for r in e['records'] if r['status'] == 'counted')
EOF
ok

# --explain: the arithmetic of one coking plant, Chinese then English
coke=$(python3 -c "
import csv,sys
r=[x for x in csv.DictReader(open('$T/a.csv',encoding='utf-8-sig')) if x['industry_code']=='2521' and float(x['excluded_tce'] or 0)>0]
print(r[0]['uscc'])")
"$ABIN" account --db "$db" --year 2024 --explain "$coke" >"$T/explain.txt"
expect_grep "能耗核算" "$T/explain.txt"
expect_grep "energy account for 2024" "$T/explain.txt"
expect_grep "发改环资〔2022〕803号" "$T/explain.txt"
expect_grep "excluded from the total and intensity" "$T/explain.txt"
expect_grep "standard coal: .* × .* tce per .* = .* tce" "$T/explain.txt"
expect_grep "energy intensity = " "$T/explain.txt"
"$ABIN" account --db "$db" --year 2024 --explain "$coke" --lang en >"$T/explain_en.txt"
if grep -q "能耗核算" "$T/explain_en.txt"; then fail "--lang en printed Chinese lines"; fi; ok

# the equal-value convention raises every electricity user's figure
carb=$(grep -m1 "calcium_carbide" "$T/a.csv" | cut -d, -f1)
eqv=$(grep "^$carb," "$T/a.csv" | cut -d, -f8)
"$ABIN" account --db "$db" --year 2024 --electricity equal >"$T/eq.csv"
eq=$(grep "^$carb," "$T/eq.csv" | cut -d, -f8)
python3 -c "import sys; sys.exit(0 if float('$eq') > float('$eqv') else 1)" \
    || fail "equal value $eq not above equivalent $eqv"; ok
expect_grep "electricity_equal_value" "$T/eq.csv"

# errors: unknown enterprise exit 1, usage exit 2
set +e
"$ABIN" account --db "$db" --year 2024 --explain 911111111111111111 >/dev/null 2>"$T/err.txt"
expect_eq $? 1 "unknown enterprise"
"$ABIN" account --db "$db" >/dev/null 2>&1; expect_eq $? 2 "no --year"
"$ABIN" account --db "$db" --year 2024 --format pdf >/dev/null 2>&1; expect_eq $? 2 "bad format"
"$ABIN" barometer --db "$db" --year 2025 --by park >/dev/null 2>&1; expect_eq $? 2 "bad --by"
set -e
expect_grep "not registered" "$T/err.txt"

# barometer: the demo seeded the targets (so barometer seeds nothing), every level appears,
# city = sum of districts
expect_grep "demo target values" "$T/demo.out"
expect_eq "$(sql "$db" "SELECT count(*) FROM dual_control_target")" 8 "seeded target rows"
"$ABIN" barometer --db "$db" --year 2025 >"$T/b.csv" 2>"$T/b.err"
"$ABIN" barometer --db "$db" --year 2025 >"$T/b2.csv" 2>"$T/b2.err"
[ ! -s "$T/b.err" ] && [ ! -s "$T/b2.err" ] || fail "targets seeded again"; ok
cmp -s "$T/b.csv" "$T/b2.csv" || fail "barometer output differs between two runs"; ok
python3 - "$T/b.csv" <<'EOF' || fail "barometer CSV not sane"
import csv, sys
rows = {r['district_code']: r for r in csv.DictReader(open(sys.argv[1], encoding='utf-8-sig'))}
assert set(rows) == {'150300', '150302', '150303', '150304'}, rows.keys()
city = float(rows['150300']['tce'])
parts = sum(float(rows[c]['tce']) for c in ('150302', '150303', '150304'))
assert abs(city - parts) <= 0.0003, (city, parts)
levels = {r['intensity_level'] for r in rows.values()} | {r['total_level'] for r in rows.values()}
assert {'red', 'green'} <= levels, levels
worse = {'red': 1, 'yellow': 2, 'green': 3}
for r in rows.values():
    assert r['intensity_level'] in ('red', 'yellow', 'green'), r
    if r['intensity_level'] == 'red':
        assert float(r['intensity']) >= float(r['prev_intensity']), r
    # the card's level is the worse of the two, and says which
    rated = [l for l in (r['intensity_level'], r['total_level']) if l]
    assert r['warning_level'] == min(rated, key=worse.get), r
    assert r['warning_level_zh'].endswith({'red': '（红）', 'yellow': '（黄）', 'green': '（绿）'}[r['warning_level']]), r
    assert r['warning_basis'] == ('intensity+total' if r['intensity_level'] == r['total_level'] else
        'intensity' if r['warning_level'] == r['intensity_level'] else 'total'), r
# 海南区 2025: 602.38 10k tce against a cap of 600 is red, whatever its intensity did
h = rows['150303']
assert float(h['tce']) > float(h['energy_cap_tce']) and h['total_level'] == 'red', h
assert h['warning_level'] == 'red', h
EOF
ok
"$ABIN" barometer --db "$db" --year 2025 --format json >"$T/b.json"
python3 -c "import json; d=json.load(open('$T/b.json')); assert len(d['areas'])==4 and d['industries']" \
    || fail "barometer JSON"; ok
"$ABIN" barometer --db "$db" --year 2025 --by industry >"$T/ind.csv"
expect_eq "$(wc -l <"$T/ind.csv" | tr -d ' ')" 18 "industry rows (header + 17)"

# targets are data: export, raise Hainan's 2025 cap, import; its total level turns green
expect_grep "150303,海南区,district,2025,2023" "$T/b.csv"
before=$(grep "^150303," "$T/b.csv" | cut -d, -f24)
expect_eq "$before" "red" "Hainan 2025 total level with the demo cap"
"$ABIN" export --db "$db" --kind targets --format csv --out "$T/targets.csv" 2>/dev/null
python3 - "$T/targets.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
for r in rows:
    if r['district_code'] == '150303' and r['year'] == '2025':
        r['energy_cap_tce'] = '7000000'
w = csv.DictWriter(open(sys.argv[1], 'w', encoding='utf-8', newline=''), fieldnames=rows[0].keys())
w.writeheader(); w.writerows(rows)
EOF
"$ABIN" import --db "$db" --kind targets "$T/targets.csv" >"$T/imp.out"
expect_grep "1 updated" "$T/imp.out"
"$ABIN" barometer --db "$db" --year 2025 >"$T/b3.csv" 2>/dev/null
expect_eq "$(grep "^150303," "$T/b3.csv" | cut -d, -f24)" "green" "Hainan 2025 total level, cap raised"

# the same bytes on both backends: on the PostgreSQL run, compare with a SQLite copy
if [ "$BACKEND" = pg ]; then
    "$BIN" demo --db "$T/same.db" >/dev/null
    "$BIN" account --db "$T/same.db" --year 2024 >"$T/sq.csv"
    cmp -s "$T/a.csv" "$T/sq.csv" || fail "account CSV differs between PostgreSQL and SQLite"; ok
    "$BIN" account --db "$T/same.db" --year 2025 --format json --out "$T/sq.json" 2>/dev/null
    cmp -s "$T/a.json" "$T/sq.json" || fail "account JSON differs between PostgreSQL and SQLite"; ok
fi
echo "test_account.sh ($BACKEND): $n_ok checks ok"
