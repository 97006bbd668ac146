#!/usr/bin/env bash
# test_kill.sh: kill -9 of an import halfway through a large file leaves the database as it was.
. "$(dirname "$0")/lib.sh"

gen "$T/m" M
db=$(newdb kill)
for kf in districts:districts industries:industries enterprises:enterprises; do
    "$BIN" import --quiet --db "$db" --kind "${kf%%:*}" "$T/m/${kf##*:}.csv" >/dev/null
done
head -n 5001 "$T/m/energy.csv" >"$T/first.csv"
"$BIN" import --quiet --db "$db" --kind energy "$T/first.csv" >/dev/null
want=$(sql "$db" "SELECT count(*) FROM energy")
expect_eq "$want" 5000 "energy rows before"

main_hash() { if [ "$BACKEND" = sqlite ]; then sha256sum "$db" | cut -d' ' -f1; else dbhash "$db"; fi; }
h0=$(main_hash)

# kill_at PATTERN DELAY: start the full import, wait for PATTERN on its stderr, wait DELAY, kill -9
kill_at() {
    : >"$T/timing.err"
    PHASEOUT_TIMING=1 "$BIN" import --quiet --db "$db" --kind energy "$T/m/energy.csv" \
        >/dev/null 2>"$T/timing.err" &
    local pid=$! i=0
    while [ -n "$1" ] && ! grep -q "$1" "$T/timing.err" 2>/dev/null; do
        sleep 0.05; i=$((i + 1))
        kill -0 $pid 2>/dev/null || fail "import ended before '$1'"
        [ $i -lt 1200 ] || fail "no '$1' within 60 s"
    done
    sleep "$2"
    kill -0 $pid 2>/dev/null || fail "import already finished: nothing was killed halfway"
    kill -9 $pid
    wait $pid 2>/dev/null || true
}

# PHASEOUT_TIMING prints "timing: read" when the file has been read and "timing: check" when
# the checks are done and the write transaction begins.
kill_at "" 0.5                    # while reading
kill_at "timing: read" 0          # between reading and writing
kill_at "timing: check" 0.4       # inside the write transaction
expect_eq "$(sql "$db" "SELECT count(*) FROM energy")" "$want" "energy rows after kill -9"
if [ "$BACKEND" = sqlite ]; then
    expect_eq "$(main_hash)" "$h0" "main database file after kill -9"
    expect_eq "$(sqlite3 "$db" 'PRAGMA integrity_check')" ok "integrity after kill -9"
fi
expect_eq "$(sql "$db" "SELECT count(*) FROM import_batch WHERE kind = 'energy'")" 1 "batches"

# and the database still takes the whole file afterwards
"$BIN" import --quiet --db "$db" --kind energy "$T/m/energy.csv" >"$T/full.out"
expect_grep "1782336 rows: 1777336 inserted, 0 updated, 5000 unchanged" "$T/full.out"
echo "test_kill.sh ($BACKEND): $n_ok checks ok"
