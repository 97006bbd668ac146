#!/usr/bin/env bash
# test_rank.sh: `phaseout rank --from` and `phaseout meter` give the oracle's bytes
# (../shared/bench/oracle.py) on the generator's data, and malformed input exits 1 naming
# file, row and column in both languages.  No database: the backend does not matter.
. "$(dirname "$0")/lib.sh"

need_shared bench/oracle.py bench/coefficients.csv
gen "$T/s" S
python3 "$SHARED/bench/oracle.py" annual "$T/s" "$T/oracle" --year 2023 >/dev/null

# the project's own coefficients, the benchmark's file, 1 and 2 threads: the same bytes
"$ABIN" rank --from "$T/s" --year 2023 --out "$T/own" --threads 1 2>"$T/own.err"
[ -s "$T/own.err" ] && { cat "$T/own.err" >&2; fail "warnings on clean data"; }
"$ABIN" rank --from "$T/s" --year 2023 --out "$T/file" --threads 2 \
    --coefficients "$SHARED/bench/coefficients.csv"
for f in result.csv district.csv industry.csv; do
    cmp -s "$T/oracle/$f" "$T/own/$f" || fail "rank $f differs from the oracle"; ok
    cmp -s "$T/oracle/$f" "$T/file/$f" || fail "rank --coefficients $f differs from the oracle"; ok
done
python3 "$SHARED/bench/oracle.py" annual "$T/s" "$T/oracle22" --year 2022 >/dev/null
"$BIN" rank --from "$T/s" --year 2022 --out "$T/y22"
cmp -s "$T/oracle22/result.csv" "$T/y22/result.csv" || fail "rank --year 2022 differs"; ok

# meter at a small size
python3 "$SHARED/bench/gen.py" meter "$T/m" --enterprises 5 --days 3 >/dev/null
python3 "$SHARED/bench/oracle.py" meter "$T/m" "$T/moracle" >/dev/null
for th in 1 2; do
    "$ABIN" meter --from "$T/m/meter_readings.csv" --out "$T/mout$th" --threads $th
    for f in meter_daily.csv meter_monthly.csv; do
        cmp -s "$T/moracle/$f" "$T/mout$th/$f" || fail "meter $f differs ($th threads)"; ok
    done
done

# an unknown (energy_type, unit) pair counts for nothing, with a warning; the rest is unchanged
cp -r "$T/s" "$T/unk"
u=$(sed -n 2p "$T/s/enterprises.csv" | cut -d, -f1)
echo "$u,2023,1,unobtainium,5.000,t" >>"$T/unk/energy.csv"
"$BIN" rank --from "$T/unk" --year 2023 --out "$T/unkout" 2>"$T/unk.err"
expect_grep "unobtainium, t: 1" "$T/unk.err"
expect_grep "warning: 1 energy.csv rows of 2023" "$T/unk.err"
cmp -s "$T/oracle/result.csv" "$T/unkout/result.csv" || fail "an unknown pair changed the result"; ok

# malformed input: exit 1, file, row, column and value in Chinese and English
bad() { # bad NAME FILE LINE WANT_EN WANT_ZH: append LINE to FILE of a copy of the data
    rm -rf "$T/$1" && cp -r "$T/s" "$T/$1"
    printf '%s\n' "$3" >>"$T/$1/$2"
    if "$ABIN" rank --from "$T/$1" --year 2023 --out "$T/$1.out" 2>"$T/$1.err"; then
        fail "$1: accepted"
    fi
    expect_grep "$4" "$T/$1.err"
    expect_grep "$5" "$T/$1.err"
}
bad negative energy.csv "$u,2023,12,diesel,-1.000,t" \
    'energy.csv row 44653, column 5 "quantity", value "-1.000": a quantity cannot be negative' \
    'energy.csv 第44653行第5列“quantity”，值“-1.000”：能耗量不能为负数'
bad decimals energy.csv "$u,2023,12,diesel,1.0001,t" \
    'energy.csv row 44653, column 5 "quantity", value "1.0001": at most 3 decimals' '至多3位小数'
bad month energy.csv "$u,2023,13,diesel,1.000,t" 'energy.csv row 44653, column 3 "month"' '月份'
bad quote energy.csv "$u,2023,1,die\"sel,1.000,t" 'energy.csv row 44653, column 4 (byte' '引号'
bad district enterprises.csv "91140105832974086T,名,149999,3011,2001" \
    'enterprises.csv row 502, column 3 "district_code", value "149999": unknown code' '没有此代码'
bad uscc enterprises.csv "91140105MA0000000Z,名,140105,3011,2001" \
    'enterprises.csv row 502, column 1 "uscc"' '统一社会信用代码'
bad dupva value_added.csv "$u,2023,1.00" 'value_added.csv row' 'a second row for this enterprise'
bad va value_added.csv "$u,2023,abc" 'value_added.csv' '不是'
rm -f "$T/va/value_added.csv"
if "$ABIN" rank --from "$T/va" --year 2023 --out "$T/x" 2>"$T/missing.err"; then fail "missing file"; fi
expect_grep "cannot open value_added.csv" "$T/missing.err"
expect_grep "无法打开 value_added.csv" "$T/missing.err"

printf 'uscc,meter_id,timestamp,energy_type,value\nU1,M1,2023-02-30 00:00:00,steam,1.000\n' \
    >"$T/badm.csv"
if "$ABIN" meter --from "$T/badm.csv" --out "$T/badm" 2>"$T/badm.err"; then fail "bad time"; fi
expect_grep 'badm.csv row 2, column 3 "timestamp", value "2023-02-30 00:00:00"' "$T/badm.err"
expect_grep '第2行第3列' "$T/badm.err"

# import --kind meter: the monthly totals become energy rows (source metered), all or nothing
db=$(newdb meter)
"$BIN" db init --db "$db" >/dev/null
for k in districts industries; do "$BIN" import --quiet --db "$db" --kind $k "$T/s/$k.csv" >/dev/null; done
{ echo "uscc,name,district_code,industry_code,founded"
  tail -n +2 "$T/m/meter_readings.csv" | cut -d, -f1 | sort -u |
      awk '{ print $1 ",计量企业" NR "," substr($1, 3, 6) ",3011,2000" }'; } >"$T/ment.csv"
"$BIN" import --quiet --db "$db" --kind enterprises "$T/ment.csv" >/dev/null
"$ABIN" import --quiet --db "$db" --kind meter "$T/m/meter_readings.csv" >"$T/mimp.out"
expect_grep "14400 rows: 12 inserted" "$T/mimp.out"
sql "$db" "SELECT e.uscc, g.year, g.month, g.energy_type, g.quantity_micro
             FROM energy g JOIN enterprise e ON e.id = g.enterprise_id
            WHERE g.source = 'metered' AND g.purpose = 'fuel' AND g.product = ''
            ORDER BY e.uscc, g.energy_type" |
    awk -F'|' '{ printf "%s,%d-%02d,%s,%d.%03d\n", $1, $2, $3, $4, $5 / 1000000, $5 / 1000 % 1000 }' \
    >"$T/mdb.txt"
cut -d, -f1-3,5 "$T/moracle/meter_monthly.csv" | tail -n +2 >"$T/mwant.txt"
cmp -s "$T/mwant.txt" "$T/mdb.txt" || { diff "$T/mwant.txt" "$T/mdb.txt" >&2; fail "metered totals"; }; ok
expect_eq "$(sql "$db" "SELECT count(*) FROM energy WHERE unit NOT IN ('kWh', 'm3', 'GJ')")" 0 "meter units"
"$BIN" import --quiet --db "$db" --kind meter "$T/m/meter_readings.csv" >"$T/mimp2.out"
expect_grep "12 unchanged" "$T/mimp2.out"
head -2 "$T/m/meter_readings.csv" >"$T/mdup.csv"
sed -n 2p "$T/m/meter_readings.csv" >>"$T/mdup.csv"
if "$ABIN" import --db "$db" --kind meter "$T/mdup.csv" 2>"$T/mdup.err"; then fail "duplicate reading"; fi
expect_grep 'mdup.csv row 3, column "timestamp"' "$T/mdup.err"
expect_grep "nothing imported" "$T/mdup.err"

# usage errors exit 2
set +e
"$BIN" rank --from "$T/s" --out "$T/x" 2>/dev/null; expect_eq $? 2 "rank without --year"
"$BIN" meter --out "$T/x" 2>/dev/null; expect_eq $? 2 "meter without --from"
set -e
echo "test_rank.sh ($BACKEND): $n_ok checks ok"
