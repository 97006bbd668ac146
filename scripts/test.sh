#!/usr/bin/env bash
# test.sh: every test, on SQLite and on a throwaway PostgreSQL.  The README's test command.
#
#   1. install missing Debian packages (scripts/deps.sh)
#   2. build the release binary and the sanitized (ASan+UBSan) binary and unit tests
#   3. start a PostgreSQL cluster on loopback (scripts/pg.sh), stopped on exit whatever happens
#   4. unit tests (cmocka, sanitized), the fuzz targets (30 s each), static checks, CLI tests
#      (tests/cli/*.sh) on both backends, HTTP tests (counted per test) on both backends, browser tests
#   5. print each section's totals, every SKIP with its reason, then "N passed, N failed, N skipped";
#      exit non-zero if anything failed, or if anything was skipped and CI is set (CI has
#      ../shared and PostgreSQL: everything must be present there) or PHASEOUT_NO_SKIP=1
#
# A test says it skipped by exiting 77 (automake's convention) after a line "SKIP ...: reason":
# tests/cli/lib.sh `skip`, tests/store/testdb.h `testdb_skip`; HTTP tests by Node's `skip`.
# Each test's output is shown as it runs and kept in build/test-logs/.
set -uo pipefail
cd "$(dirname "$0")/.."
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0}  # the PDF libraries' process-wide caches (tests/lsan.supp)
scripts/deps.sh || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" >/dev/null || { echo "build failed"; make; exit 1; }
make -j"$jobs" MODE=asan build/asan/phaseout $(find tests -name 'test_*.c' | sed 's|^|build/asan/|; s|\.c$||') >/dev/null \
    || { echo "sanitized build failed"; exit 1; }

pgout=$(scripts/pg.sh start) || { echo "could not start PostgreSQL"; exit 1; }
eval "$pgout"
trap 'scripts/pg.sh stop >/dev/null 2>&1' EXIT INT TERM
export PHASEOUT_TEST_PG_DSN

pass=0; fail=0; skip=0; skips=(); totals=()
mkdir -p build/test-logs
# count SECTION P F S: add to the totals and to SECTION's line of the summary ("sec|p|f|s")
count() {
    pass=$((pass + $2)); fail=$((fail + $3)); skip=$((skip + $4))
    local i sec p f s
    for i in "${!totals[@]}"; do
        IFS='|' read -r sec p f s <<<"${totals[$i]}"
        if [ "$sec" = "$1" ]; then totals[$i]="$1|$((p + $2))|$((f + $3))|$((s + $4))"; return; fi
    done
    totals+=("$1|$2|$3|$4")
}
# run SECTION NAME CMD...: one test; its output shown and kept in build/test-logs; exit 0 passed,
# 77 skipped (the reason: its last line "SKIP...: reason"), anything else failed
run() {
    local section=$1 name=$2; shift 2
    local log="build/test-logs/$(printf '%s' "$name" | tr -c 'A-Za-z0-9._-' '_').log"
    "$@" 2>&1 | tee "$log"
    local rc=${PIPESTATUS[0]}
    if [ "$rc" -eq 0 ]; then
        count "$section" 1 0 0; echo "ok: $name"
    elif [ "$rc" -eq 77 ]; then
        local why; why=$(sed -n 's/^SKIP[^:]*: //p' "$log" | tail -1)
        count "$section" 0 0 1; skips+=("$name: ${why:-exit status 77, no reason given}")
        echo "SKIP: $name: ${why:-exit status 77, no reason given}"
    else
        count "$section" 0 1 0; echo "FAILED: $name (exit status $rc)"
    fi
}

# unit tests: binaries, as scripts/run-unit.sh counts them ("unit: N passed, N failed, N skipped");
# a skipped binary ran what it could (its SQLite half) and is listed "SKIP: build/asan/tests/...: why"
unitdir=build/asan
out=$(scripts/run-unit.sh "$unitdir" 2>&1); status=$?
echo "$out"
line=$(echo "$out" | grep -E '^unit: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped$' | tail -1)
p=$(echo "$line" | sed -E 's/^unit: ([0-9]+) passed.*/\1/')
f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
s=$(echo "$line" | sed -E 's/.* ([0-9]+) skipped$/\1/')
[ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ] && f=1
count unit "${p:-0}" "${f:-0}" "${s:-0}"
while IFS= read -r l; do skips+=("$l"); done < <(echo "$out" | sed -n "s|^SKIP: \($unitdir/tests/\)|\1|p")

# fuzzing (fuzz/README.md): every libFuzzer target replays fuzz/regress/ and its seed corpus,
# then runs 30 s, two at a time (about 3 minutes in all); a crash, leak or timeout fails it
run fuzz "make fuzz (each target 30 s)" env FUZZ_SEED="${FUZZ_SEED:-20261208}" make -s -j"$jobs" fuzz

# static checks of the tree itself (layers, no SQL outside the use cases, policy numbers as data):
# tests/static/test_*.sh, once each, no backend
for t in tests/static/test_*.sh; do
    [ -e "$t" ] || continue
    run static "$t" bash "$t"
done
for t in tests/cli/test_*.sh; do
    for backend in sqlite pg; do
        run cli "$t ($backend)" env PHASEOUT_BIN=build/rel/phaseout PHASEOUT_ASAN_BIN=build/asan/phaseout \
            TEST_BACKEND=$backend bash "$t"
    done
done
# HTTP API tests (tests/http/*.test.mjs, Node's test runner and fetch) against the real server,
# counted per test from the TAP summary ("# pass N", "# fail N", "# cancelled N", "# skipped N",
# "# todo N"); a skipped test's reason is its "# SKIP reason"
tapn() { sed -n "s/^# $1 \([0-9][0-9]*\)\$/\1/p" "$2" | tail -1; }
# The server and every CLI call of these tests are the sanitized binary (ASan, UBSan, LeakSanitizer
# at exit: issue 16 §2); a sanitizer report goes to build/sanitizer/http-<backend>.<pid> and fails
# the run, whatever the tests said.
for backend in sqlite pg; do
    log=build/http-$backend.log
    san=build/sanitizer/http-$backend
    rm -f "$san".*
    mkdir -p build/sanitizer
    TEST_BACKEND=$backend PHASEOUT_BIN=build/asan/phaseout \
        ASAN_OPTIONS="log_path=$PWD/$san:detect_leaks=1" \
        UBSAN_OPTIONS="log_path=$PWD/$san:print_stacktrace=1" \
        node --test --test-reporter=tap --test-concurrency=1 tests/http/ >"$log" 2>&1
    status=$?
    if ls "$san".* >/dev/null 2>&1; then
        echo "FAILED: tests/http ($backend): sanitizer reports in $san.*"
        head -60 "$san".*
        status=1
        echo "# fail 1" >>"$log"
    fi
    p=$(tapn pass "$log"); f=$(tapn fail "$log"); c=$(tapn cancelled "$log")
    s=$(tapn skipped "$log"); d=$(tapn todo "$log")
    f=$((${f:-0} + ${c:-0})); s=$((${s:-0} + ${d:-0}))
    [ "$status" -ne 0 ] && [ "$f" -eq 0 ] && f=1 # no summary (the runner itself failed)
    count "http ($backend)" "${p:-0}" "$f" "$s"
    while IFS= read -r l; do skips+=("tests/http ($backend): $l"); done \
        < <(sed -n 's/^ *ok [0-9][0-9]* - \(.*\) # \(SKIP\|TODO\)\(.*\)$/\1: \2\3/p' "$log")
    if [ "$f" -eq 0 ]; then
        echo "ok: tests/http ($backend): ${p:-0} passed, $s skipped"
    else
        echo "FAILED: tests/http ($backend): ${p:-0} passed, $f failed, $s skipped (log: $log)"
        grep -E '^ *not ok|Error|error' -A12 "$log" | head -80
    fi
done
# browser tests: playwright-core (web/package-lock.json) driving Debian's chromium against the real UI;
# screenshots of every step stay in build/test-artifacts/web
if (cd web && npm ci --no-audit --no-fund --loglevel=error) >build/npm-ci.log 2>&1 &&
   node tests/web/test_ui.mjs --bin build/rel/phaseout >build/web-test.log 2>&1; then
    count web 1 0 0; echo "ok: tests/web (chromium)"
else
    count web 0 1 0; echo "FAILED: tests/web (chromium)"; tail -40 build/npm-ci.log build/web-test.log
fi
# the browser walk: every demo account opens every page of its menu — no empty page, no raw
# identifier, one unit per chart axis; a summary line per page and account, screenshots in
# build/test-artifacts/walk
if [ -d web/node_modules/playwright-core ] &&
   node tests/web/walk.mjs --bin build/rel/phaseout >build/web-walk.log 2>&1; then
    count web 1 0 0; echo "ok: tests/web/walk.mjs (chromium)"
else
    count web 0 1 0; echo "FAILED: tests/web/walk.mjs (chromium)"
fi
sed -n '/^walk summary/,/^walk: /p' build/web-walk.log
echo
for t in "${totals[@]}"; do
    IFS='|' read -r sec p f s <<<"$t"
    echo "$sec: $p passed, $f failed, $s skipped"
done
for l in "${skips[@]+"${skips[@]}"}"; do echo "SKIP: $l"; done
echo "$pass passed, $fail failed, $skip skipped"
strict=
case ${CI:-} in "" | false | 0) ;; *) strict="CI is set (CI=$CI): everything must be present there" ;; esac
[ "${PHASEOUT_NO_SKIP:-}" = 1 ] && strict="PHASEOUT_NO_SKIP=1"
if [ "$skip" -gt 0 ] && [ -n "$strict" ]; then
    echo "FAILED: $skip skipped, and skips fail the run: $strict"
    exit 1
fi
[ "$fail" -eq 0 ]
