#!/usr/bin/env bash
# test_import.sh: import/export through the real binary, on the backend in TEST_BACKEND.
. "$(dirname "$0")/lib.sh"

db=$(newdb imp)
"$ABIN" db init --db "$db" >"$T/init.out"
expect_grep "schema version [0-9]" "$T/init.out"
"$ABIN" db init --db "$db" >"$T/init2.out"
expect_grep "0 new versions" "$T/init2.out"
"$ABIN" ref list --db "$db" >"$T/ref.out"
expect_grep "catalog_items" "$T/ref.out"
"$ABIN" ref show --db "$db" energy_conversion_coefficients >"$T/refshow.out"
expect_grep "raw_coal,原煤,kg" "$T/refshow.out"

# the benchmark generator's files import as they are
if gen "$T/s" S; then
    for kf in districts:districts industries:industries enterprises:enterprises energy:energy \
              economics:value_added output:output; do
        PHASEOUT_DB=$db "$ABIN" import --kind "${kf%%:*}" "$T/s/${kf##*:}.csv" >"$T/imp.out" \
            || fail "import of ${kf##*:}.csv"
    done
    expect_eq "$(sql "$db" 'SELECT count(*) FROM enterprise')" 500 "enterprises from gen.py"
    expect_eq "$(sql "$db" 'SELECT count(*) FROM energy')" 44651 "energy rows from gen.py"
    "$ABIN" import --db "$db" --kind energy "$T/s/energy.csv" >"$T/re.out"
    expect_grep "0 inserted, 0 updated, 44651 unchanged" "$T/re.out"

    # a bad last row: exit 1, row/column/value named in both languages, database unchanged
    cp "$T/s/energy.csv" "$T/bad.csv"
    echo "911401073363319035,2023,12,diesel,-1.000,t" >>"$T/bad.csv"
    before=$(dbhash "$db")
    if "$ABIN" import --db "$db" --kind energy "$T/bad.csv" 2>"$T/bad.err"; then fail "bad file accepted"; fi
    expect_grep 'bad.csv row 44653, column "quantity", value "-1.000": must not be negative' "$T/bad.err"
    expect_grep 'bad.csv 第44653行 列“quantity” 值“-1.000”：不能为负数' "$T/bad.err"
    expect_grep "nothing imported" "$T/bad.err"
    expect_eq "$(dbhash "$db")" "$before" "database after a bad file"

    # export: CSV with a BOM, imports back unchanged into a fresh database
    "$ABIN" export --db "$db" --kind enterprises --format csv --out "$T/ent.csv" 2>/dev/null
    expect_eq "$(head -c 3 "$T/ent.csv" | od -An -tx1 | tr -d ' ')" "efbbbf" "BOM"
    "$ABIN" export --db "$db" --kind energy --format xlsx --out "$T/energy.xlsx" 2>/dev/null
    "$ABIN" export --db "$db" --kind districts --format csv >"$T/dist.csv"
    "$ABIN" export --db "$db" --kind industries --format csv >"$T/ind.csv"
    db2=$(newdb imp2)
    "$ABIN" import --db "$db2" --kind districts "$T/dist.csv" >/dev/null
    "$ABIN" import --db "$db2" --kind industries "$T/ind.csv" >/dev/null
    "$ABIN" import --db "$db2" --kind enterprises "$T/ent.csv" >/dev/null
    "$BIN" import --db "$db2" --kind energy "$T/energy.xlsx" >"$T/x.out"
    expect_grep "(xlsx): 44651 rows: 44651 inserted" "$T/x.out"
    "$ABIN" export --db "$db2" --kind enterprises --format csv --out "$T/ent2.csv" 2>/dev/null
    cmp -s "$T/ent.csv" "$T/ent2.csv" || fail "enterprises export differs after a round trip"; ok
fi

# a whole-year energy row (month left empty) exports with an empty month and imports back unchanged
dby=$(newdb year)
for k in districts industries enterprises; do
    "$ABIN" import --db "$dby" --kind $k --quiet "$root/examples/$k.csv" >/dev/null
done
printf 'uscc,year,month,energy_type,quantity,unit\n91150302692158377F,2024,,electricity,4120.5,10^4kWh\n91150302692158377F,2024,3,electricity,400,10^4kWh\n' >"$T/year.csv"
"$ABIN" import --db "$dby" --kind energy --quiet "$T/year.csv" >/dev/null
"$ABIN" export --db "$dby" --kind energy --format csv --out "$T/year-out.csv" >/dev/null
expect_grep "^91150302692158377F,2024,,electricity,4120.5" "$T/year-out.csv"
"$ABIN" import --db "$dby" --kind energy --quiet "$T/year-out.csv" >"$T/year.out"
expect_grep "未变 2" "$T/year.out"

# formula injection (issue 16 §0): a name Excel would run is written guarded (a leading ') and
# reads back as it was entered
printf 'uscc,name,district_code,industry_code,status\n91150302692158377F,"=cmd|'"'"' /C calc'"'"'!A0",150302,2521,operating\n' >"$T/formula.csv"
"$ABIN" import --db "$dby" --kind enterprises --quiet "$T/formula.csv" >/dev/null
expect_eq "$(sql "$dby" "SELECT name FROM enterprise WHERE uscc = '91150302692158377F'")" "=cmd|' /C calc'!A0" "stored as entered"
"$ABIN" export --db "$dby" --kind enterprises --format csv --out "$T/formula-out.csv" >/dev/null
expect_grep "^91150302692158377F,\"'=cmd|' /C calc'!A0\"," "$T/formula-out.csv"
"$ABIN" import --db "$dby" --kind enterprises --quiet "$T/formula-out.csv" >"$T/formula.out"
expect_grep "更新 0" "$T/formula.out"
expect_eq "$(sql "$dby" "SELECT name FROM enterprise WHERE uscc = '91150302692158377F'")" "=cmd|' /C calc'!A0" "reads back unchanged"

# usage errors exit 2; unknown kind exits 1
set +e
"$ABIN" import --db "$db" >/dev/null 2>&1; expect_eq $? 2 "usage"
"$ABIN" import --db "$db" --kind nonsense /dev/null >/dev/null 2>&1; expect_eq $? 1 "unknown kind"
"$ABIN" uscc 914403001922038216 91440300708461136U >"$T/uscc.out"; expect_eq $? 1 "uscc exit"
set -e
expect_grep "91440300708461136U INVALID" "$T/uscc.out"

# the sample files import in the documented order; the GBK copy then changes nothing
db3=$(newdb examples)
for k in districts industries enterprises equipment energy output economics inspections licences; do
    "$ABIN" import --db "$db3" --kind $k "$root/examples/$k.csv" >"$T/ex.out" || fail "examples/$k.csv"
done
"$ABIN" import --db "$db3" --kind enterprises "$root/examples/enterprises_gbk.csv" >"$T/gbk.out"
expect_grep "(csv gb18030): 9 rows: 0 inserted, 0 updated, 9 unchanged" "$T/gbk.out"
"$ABIN" export --db "$db3" --kind equipment --format csv >"$T/eq.csv"
expect_grep "chamber_height_m" "$T/eq.csv"

# the demo city loads through the same importer; a second run changes nothing
db4=$(newdb demo)
"$ABIN" demo --db "$db4" >"$T/demo.out"
expect_grep "demo city loaded" "$T/demo.out"
n=$(sql "$db4" "SELECT count(*) FROM enterprise")
[ "$n" -ge 250 ] && [ "$n" -le 350 ] || fail "demo enterprises: $n"; ok
"$ABIN" demo --db "$db4" >"$T/demo2.out"
expect_eq "$(grep -c "新增/inserted 0  更新/updated 0 " "$T/demo2.out")" 9 "second demo run: all unchanged"
echo "test_import.sh ($BACKEND): $n_ok checks ok (with examples and demo)"
