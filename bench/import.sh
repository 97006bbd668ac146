#!/usr/bin/env bash
# import.sh [SCALE]: time `phaseout import --kind energy` of the benchmark's energy.csv into SQLite
# against sqlite3's own .import of the same file, in the same run.  Prints both and the ratio.
#
# Two baselines: .import into a plain table of the same columns (no key: the floor of what
# SQLite can do), and into a table of the same shape as phaseout's (same columns and primary
# key, WITHOUT ROWID), which is the like-for-like comparison.  phaseout also parses and checks
# every cell, looks every USCC up, detects duplicate keys, hashes the file for the import log
# and keeps the revision history, and runs in WAL mode with synchronous=FULL.
set -euo pipefail
cd "$(dirname "$0")/.."
scale=${1:-M}
data=bench/data/$scale
out=bench/out
mkdir -p "$out"
[ -f "$data/energy.csv" ] || python3 ../shared/bench/gen.py annual "$data" --scale "$scale" >/dev/null
make -s >/dev/null
bin=build/rel/phaseout
db=$out/import.db
rm -f "$db" "$db"-wal "$db"-shm
$bin db init --db "$db" >/dev/null
for k in districts industries enterprises; do $bin import --quiet --db "$db" --kind $k "$data/$k.csv" >/dev/null; done
sync
rows=$(($(wc -l <"$data/energy.csv") - 1))
bytes=$(stat -c %s "$data/energy.csv")

now() { date +%s.%N; }
t0=$(now)
PHASEOUT_TIMING=1 $bin import --quiet --db "$db" --kind energy "$data/energy.csv" >/dev/null 2>"$out/import.timing"
t1=$(now)
po=$(echo "$t1 - $t0" | bc)

rm -f "$out/plain.db" "$out/shape.db"
t0=$(now)
sqlite3 "$out/plain.db" "CREATE TABLE energy(uscc TEXT, year INTEGER, month INTEGER, energy_type TEXT, quantity REAL, unit TEXT)" \
    ".import --csv --skip 1 $data/energy.csv energy"
t1=$(now)
plain=$(echo "$t1 - $t0" | bc)
t0=$(now)
sqlite3 "$out/shape.db" "PRAGMA journal_mode=WAL" "PRAGMA synchronous=FULL" \
    "CREATE TABLE energy(uscc TEXT NOT NULL, year INTEGER NOT NULL, month INTEGER NOT NULL,
       energy_type TEXT NOT NULL, quantity REAL NOT NULL, unit TEXT NOT NULL,
       PRIMARY KEY (uscc, year, month, energy_type)) WITHOUT ROWID" \
    ".import --csv --skip 1 $data/energy.csv energy" >/dev/null
t1=$(now)
shape=$(echo "$t1 - $t0" | bc)

printf 'import of %s energy.csv: %d rows, %d bytes\n' "$scale" "$rows" "$bytes"
printf '  phaseout import (checked, WAL, synchronous=FULL)   %7.2f s  %9.0f rows/s\n' "$po" "$(echo "$rows / $po" | bc -l)"
sed 's/^timing: /      /' "$out/import.timing"
printf '  sqlite3 .import, plain table                        %7.2f s  ratio %.2f\n' "$plain" "$(echo "$po / $plain" | bc -l)"
printf '  sqlite3 .import, same shape (key, WAL, FULL)        %7.2f s  ratio %.2f\n' "$shape" "$(echo "$po / $shape" | bc -l)"
$bin import --quiet --db "$db" --kind economics "$data/value_added.csv" >/dev/null
t0=$(now)
$bin rank --db "$db" --year 2023 --policy benchmark --out "$out/rank-sqlite" 2>/dev/null
t1=$(now)
rank_sqlite=$(echo "$t1 - $t0" | bc)

# The same import into PostgreSQL (issue 3): a throwaway cluster from scripts/pg.sh (loopback,
# fsync off: the figures show the work, not the disk), beside the SQLite figure above.
if [ "${PHASEOUT_BENCH_PG:-1}" = 1 ] && ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    export PHASEOUT_PG_STATE=$PWD/$out/pg.state
    eval "$(scripts/pg.sh start 2>/dev/null)"
    trap 'scripts/pg.sh stop >/dev/null 2>&1' EXIT
    pgdb=${PHASEOUT_TEST_PG_DSN%/*}/phaseout_bench
    psql -q "$PHASEOUT_TEST_PG_DSN" -c "DROP DATABASE IF EXISTS phaseout_bench" 2>/dev/null
    psql -q "$PHASEOUT_TEST_PG_DSN" -c "CREATE DATABASE phaseout_bench TEMPLATE template0 ENCODING 'UTF8'"
    $bin db init --db "$pgdb" >/dev/null
    for k in districts industries enterprises; do $bin import --quiet --db "$pgdb" --kind $k "$data/$k.csv" >/dev/null; done
    t0=$(now)
    PHASEOUT_TIMING=1 $bin import --quiet --db "$pgdb" --kind energy "$data/energy.csv" >/dev/null 2>"$out/import-pg.timing"
    t1=$(now)
    pg=$(echo "$t1 - $t0" | bc)
    printf '  phaseout import into PostgreSQL (COPY + one upsert) %7.2f s  %9.0f rows/s  (SQLite %.2f s)\n' \
        "$pg" "$(echo "$rows / $pg" | bc -l)" "$po"
    sed 's/^timing: /      /' "$out/import-pg.timing"
    t0=$(now)
    $bin import --quiet --db "$pgdb" --kind energy "$data/energy.csv" >/dev/null
    t1=$(now)
    printf '  the same file again (all unchanged): PostgreSQL %.2f s\n' "$(echo "$t1 - $t0" | bc)"
    $bin import --quiet --db "$pgdb" --kind economics "$data/value_added.csv" >/dev/null
    t0=$(now)
    $bin rank --db "$pgdb" --year 2023 --policy benchmark --out "$out/rank-pg" 2>/dev/null
    t1=$(now)
    printf '  phaseout rank --db, %s, year 2023: SQLite %.2f s, PostgreSQL %.2f s' "$scale" "$rank_sqlite" "$(echo "$t1 - $t0" | bc)"
    cmp -s "$out/rank-sqlite/result.csv" "$out/rank-pg/result.csv" && echo " (same result.csv)" || echo " (result.csv DIFFERS)"
else
    printf '  phaseout rank --db, %s, year 2023: SQLite %.2f s\n' "$scale" "$rank_sqlite"
fi
