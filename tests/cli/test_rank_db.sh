#!/usr/bin/env bash
# test_rank_db.sh: `phaseout rank --db --policy benchmark` gives the same bytes as `rank --from`
# and the oracle on the same data; the default legal policy leaves out (excluded.csv) the
# enterprises without value added or energy, ranks the rest and cuts 20 % of those; loss-making
# firms follow --loss-making or the city's parameter; on the backend in TEST_BACKEND; closed/exited
# enterprises are not ranked.
. "$(dirname "$0")/lib.sh"

need_shared bench/oracle.py bench/coefficients.csv
gen "$T/s" S
db=$(newdb rankdb)
for kf in districts:districts industries:industries enterprises:enterprises energy:energy \
          economics:value_added; do
    "$BIN" import --quiet --db "$db" --kind "${kf%%:*}" "$T/s/${kf##*:}.csv" >/dev/null
done
python3 "$SHARED/bench/oracle.py" annual "$T/s" "$T/oracle" --year 2023 >/dev/null
"$ABIN" rank --db "$db" --year 2023 --policy benchmark --out "$T/db" >"$T/rank.out" 2>"$T/rank.err"
expect_grep "ranked 500 production enterprises" "$T/rank.err"
[ -e "$T/db/excluded.csv" ] && fail "the benchmark policy writes no excluded.csv"; ok
"$ABIN" rank --from "$T/s" --year 2023 --out "$T/from" >/dev/null
for f in result.csv district.csv industry.csv; do
    cmp -s "$T/oracle/$f" "$T/db/$f" || fail "rank --db $f differs from the oracle"; ok
    cmp -s "$T/from/$f" "$T/db/$f" || fail "rank --db $f differs from rank --from"; ok
done
"$ABIN" rank --db "$db" --year 2023 --policy benchmark --out "$T/db2" --coefficients "$SHARED/bench/coefficients.csv" >/dev/null 2>&1
cmp -s "$T/oracle/result.csv" "$T/db2/result.csv" || fail "rank --db --coefficients differs"; ok

# phaseout account with the benchmark's coefficients gives the oracle's tce for every enterprise
"$ABIN" account --db "$db" --year 2023 --coefficients "$SHARED/bench/coefficients.csv" >"$T/acct.csv"
sed '1s/^\xEF\xBB\xBF//' "$T/acct.csv" | awk -F, 'NR > 1 {print $1 "," $8}' | sort >"$T/acct.tce"
awk -F, 'NR > 1 {print $1 "," $2}' "$T/oracle/result.csv" | sort >"$T/oracle.tce"
cmp -s "$T/acct.tce" "$T/oracle.tce" || fail "account --coefficients tce differs from the oracle"; ok

# an exited enterprise leaves the ranking
u=$(sed -n 2p "$T/s/enterprises.csv" | cut -d, -f1)
if [ "$BACKEND" = pg ]; then psql -q "$db" -c "UPDATE enterprise SET status = 'exited' WHERE uscc = '$u'"
else sqlite3 "$db" "UPDATE enterprise SET status = 'exited' WHERE uscc = '$u'"; fi
"$ABIN" rank --db "$db" --year 2023 --policy benchmark --out "$T/db3" >/dev/null 2>&1
expect_eq "$(($(wc -l <"$T/db3/result.csv") - 1))" 499 "ranked after one exit"
if grep -q "^$u," "$T/db3/result.csv"; then fail "exited enterprise still ranked"; fi; ok

# the legal policy (the default): one enterprise of each kind the policy leaves out
ents=$(awk -F, 'NR > 1 && NR <= 40 {print $1}' "$T/oracle/result.csv" | grep -v "^$u$")
va_gone=$(echo "$ents" | sed -n 1p); e_zero=$(echo "$ents" | sed -n 2p)
e_gone=$(echo "$ents" | sed -n 3p); loss=$(echo "$ents" | sed -n 4p)
id() { echo "(SELECT id FROM enterprise WHERE uscc = '$1')"; }
sql "$db" "DELETE FROM economics WHERE enterprise_id = $(id "$va_gone")"
sql "$db" "UPDATE energy SET quantity_micro = 0 WHERE enterprise_id = $(id "$e_zero")"
sql "$db" "DELETE FROM energy WHERE enterprise_id = $(id "$e_gone")"
sql "$db" "UPDATE economics SET value_added_micro = -5000000 WHERE enterprise_id = $(id "$loss") AND year = 2023"
"$ABIN" rank --db "$db" --year 2023 --out "$T/legal" >/dev/null 2>"$T/legal.err"
expect_grep "not ranked, see excluded.csv" "$T/legal.err"
expect_grep "legal policy, loss-making: review" "$T/legal.err"
head -1 "$T/legal/excluded.csv" >"$T/x.head"
expect_grep "^uscc,name,district_code,reason,reason_zh,missing$" "$T/x.head"
reason() { awk -F, -v u="$1" '$1 == u {print $4 "," $5 "," $6}' "$T/legal/excluded.csv"; }
expect_eq "$(reason "$va_gone")" "value_added_missing,增加值未记录,value_added" "value added missing"
expect_eq "$(reason "$e_zero")" "energy_zero,能耗为零,energy_use" "energy zero"
expect_eq "$(reason "$e_gone")" "energy_not_reported,能耗未报送,energy_use" "energy not reported"
expect_eq "$(reason "$loss")" "loss_review,亏损企业待审,loss_review" "loss-making for review"
nx=$(($(wc -l <"$T/legal/excluded.csv") - 1))
nr=$(($(wc -l <"$T/legal/result.csv") - 1))
expect_eq "$((nr + nx))" 499 "ranked + excluded = production enterprises"
for x in $(awk -F, 'NR > 1 {print $1}' "$T/legal/excluded.csv"); do
    grep -q "^$x," "$T/legal/result.csv" && fail "excluded $x is ranked"
done; ok
# nobody ranked without an intensity; the cut is ceil(ranked / 5) of the ranked
expect_eq "$(awk -F, 'NR > 1 && $3 == ""' "$T/legal/result.csv" | wc -l)" 0 "ranked without intensity"
expect_eq "$(awk -F, 'NR > 1 && $5 == 1' "$T/legal/result.csv" | wc -l)" $(((nr + 4) / 5)) "20 % of the ranked"
expect_eq "$(awk -F, 'NR > 1 {s += $2} END {print s}' "$T/legal/district.csv")" "$nr" "district totals count the ranked"
# --loss-making ranked_worst: the loss-making firm ranks first, flagged, without intensity
"$ABIN" rank --db "$db" --year 2023 --loss-making ranked_worst --out "$T/worst" >/dev/null 2>"$T/worst.err"
expect_grep "loss-making: ranked_worst" "$T/worst.err"
expect_eq "$(sed -n 2p "$T/worst/result.csv" | cut -d, -f1,3,5)" "$loss,,1" "loss-making ranked worst"
expect_eq "$(reason "$loss")" "loss_review,亏损企业待审,loss_review" "the first run unchanged"
grep -q "^$loss," "$T/worst/excluded.csv" && fail "ranked_worst still excludes the loss-making firm"; ok
# a benchmark run into the same folder leaves no list of the legal run behind
"$ABIN" rank --db "$db" --year 2023 --policy benchmark --out "$T/worst" >/dev/null 2>&1
[ -e "$T/worst/excluded.csv" ] && fail "a stale excluded.csv beside a benchmark ranking"; ok
# flags that make no sense are refused (exit 2)
rc=0; "$ABIN" rank --from "$T/s" --year 2023 --policy legal --out "$T/bad" >/dev/null 2>&1 || rc=$?
expect_eq $rc 2 "--from --policy legal"
rc=0; "$ABIN" rank --db "$db" --year 2023 --policy benchmark --loss-making review --out "$T/bad" \
    >/dev/null 2>&1 || rc=$?
expect_eq $rc 2 "--loss-making with the benchmark policy"
rc=0; "$ABIN" rank --db "$db" --year 2023 --policy oracle --out "$T/bad" >/dev/null 2>&1 || rc=$?
expect_eq $rc 2 "--policy oracle"
echo "test_rank_db.sh ($BACKEND): $n_ok checks ok"
