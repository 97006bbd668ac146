#!/usr/bin/env bash
# test_copy.sh: phaseout db copy moves a deployment between backends without loss.
# sqlite backend: SQLite -> SQLite.  pg backend: SQLite -> PostgreSQL -> SQLite.
. "$(dirname "$0")/lib.sh"

src=$T/src.db
"$ABIN" demo --db "$src" >/dev/null
mid=$(newdb copy)
"$ABIN" db copy --from "$src" --to "$mid" >"$T/copy1.out"
expect_grep "copy done and verified" "$T/copy1.out"
expect_grep "^energy .* ok$" "$T/copy1.out"
if grep -q MISMATCH "$T/copy1.out"; then fail "mismatch in $T/copy1.out"; fi; ok

back=$T/back.db
"$ABIN" db copy --from "$mid" --to "$back" >"$T/copy2.out"
expect_grep "copy done and verified" "$T/copy2.out"
# the same content hash per table on all three
h1=$(awk '$NF == "ok" {print $1, $2, $4}' "$T/copy1.out")
h2=$(awk '$NF == "ok" {print $1, $2, $4}' "$T/copy2.out")
expect_eq "$h2" "$h1" "per-table rows and hashes after the round trip"
for k in enterprises equipment energy economics inspections licences; do
    "$BIN" export --db "$src" --kind $k --format csv >"$T/a.csv"
    "$BIN" export --db "$back" --kind $k --format csv >"$T/b.csv"
    cmp -s "$T/a.csv" "$T/b.csv" || fail "export of $k differs after the round trip"; ok
done

# a non-empty target is refused and left alone
set +e
"$ABIN" db copy --from "$src" --to "$back" >"$T/copy3.out" 2>"$T/copy3.err"
rc=$?
set -e
expect_eq "$rc" 1 "copy into a non-empty database"
expect_grep "not empty" "$T/copy3.err"
echo "test_copy.sh ($BACKEND): $n_ok checks ok"
