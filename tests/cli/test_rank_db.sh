#!/usr/bin/env bash
# test_rank_db.sh: `phaseout rank --db` gives the same bytes as `rank --from` and the oracle
# on the same data, on the backend in TEST_BACKEND; closed/exited enterprises are not ranked.
. "$(dirname "$0")/lib.sh"

gen "$T/s" S || exit 0
db=$(newdb rankdb)
for kf in districts:districts industries:industries enterprises:enterprises energy:energy \
          economics:value_added; do
    "$BIN" import --quiet --db "$db" --kind "${kf%%:*}" "$T/s/${kf##*:}.csv" >/dev/null
done
python3 "$SHARED/bench/oracle.py" annual "$T/s" "$T/oracle" --year 2023 >/dev/null
"$ABIN" rank --db "$db" --year 2023 --out "$T/db" >"$T/rank.out" 2>"$T/rank.err"
expect_grep "ranked 500 production enterprises" "$T/rank.err"
"$ABIN" rank --from "$T/s" --year 2023 --out "$T/from" >/dev/null
for f in result.csv district.csv industry.csv; do
    cmp -s "$T/oracle/$f" "$T/db/$f" || fail "rank --db $f differs from the oracle"; ok
    cmp -s "$T/from/$f" "$T/db/$f" || fail "rank --db $f differs from rank --from"; ok
done
"$ABIN" rank --db "$db" --year 2023 --out "$T/db2" --coefficients "$SHARED/bench/coefficients.csv" >/dev/null 2>&1
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
"$ABIN" rank --db "$db" --year 2023 --out "$T/db3" >/dev/null 2>&1
expect_eq "$(($(wc -l <"$T/db3/result.csv") - 1))" 499 "ranked after one exit"
if grep -q "^$u," "$T/db3/result.csv"; then fail "exited enterprise still ranked"; fi; ok
echo "test_rank_db.sh ($BACKEND): $n_ok checks ok"
