#!/usr/bin/env bash
# test.sh: every test, on SQLite and on a throwaway PostgreSQL.  The README's test command.
#
#   1. install missing Debian packages (scripts/deps.sh)
#   2. build the release binary and the sanitized (ASan+UBSan) binary and unit tests
#   3. start a PostgreSQL cluster on loopback (scripts/pg.sh), stopped on exit whatever happens
#   4. unit tests (cmocka, sanitized), then CLI tests (tests/cli/*.sh) on both backends
#   5. print "N passed, N failed" and exit non-zero if anything failed
set -uo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh || exit 1
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" >/dev/null || { echo "build failed"; make; exit 1; }
make -j"$jobs" MODE=asan build/asan/phaseout $(find tests -name 'test_*.c' | sed 's|^|build/asan/|; s|\.c$||') >/dev/null \
    || { echo "sanitized build failed"; exit 1; }

pgout=$(scripts/pg.sh start) || { echo "could not start PostgreSQL"; exit 1; }
eval "$pgout"
trap 'scripts/pg.sh stop >/dev/null 2>&1' EXIT INT TERM
export PHASEOUT_TEST_PG_DSN

pass=0; fail=0
out=$(scripts/run-unit.sh build/asan 2>&1); status=$?
echo "$out"
line=$(echo "$out" | grep -E '^unit: [0-9]+ passed, [0-9]+ failed' | tail -1)
p=$(echo "$line" | sed -E 's/^unit: ([0-9]+) passed.*/\1/'); f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed$/\1/')
pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
[ "$status" -ne 0 ] && [ "${f:-0}" -eq 0 ] && fail=$((fail + 1))

# static checks of the tree itself (layers, no SQL outside the use cases, policy numbers as data):
# tests/static/test_*.sh, once each, no backend
for t in tests/static/test_*.sh; do
    [ -e "$t" ] || continue
    if bash "$t"; then pass=$((pass + 1)); echo "ok: $t"; else fail=$((fail + 1)); echo "FAILED: $t"; fi
done
for t in tests/cli/test_*.sh; do
    for backend in sqlite pg; do
        if PHASEOUT_BIN=build/rel/phaseout PHASEOUT_ASAN_BIN=build/asan/phaseout \
           TEST_BACKEND=$backend bash "$t"; then
            pass=$((pass + 1)); echo "ok: $t ($backend)"
        else
            fail=$((fail + 1)); echo "FAILED: $t ($backend)"
        fi
    done
done
# HTTP API tests (tests/http/*.test.mjs, Node's test runner and fetch) against the real server
for backend in sqlite pg; do
    if TEST_BACKEND=$backend PHASEOUT_BIN=build/rel/phaseout node --test --test-concurrency=1 tests/http/ \
        >"build/http-$backend.log" 2>&1; then
        pass=$((pass + 1)); echo "ok: tests/http ($backend)"
    else
        fail=$((fail + 1)); echo "FAILED: tests/http ($backend)"; grep -E '^not ok|Error|error' -A12 "build/http-$backend.log" | head -80
    fi
done
# browser tests: playwright-core (web/package-lock.json) driving Debian's chromium against the real UI;
# screenshots of every step stay in build/test-artifacts/web
if (cd web && npm ci --no-audit --no-fund --loglevel=error) >build/npm-ci.log 2>&1 &&
   node tests/web/test_ui.mjs --bin build/rel/phaseout >build/web-test.log 2>&1; then
    pass=$((pass + 1)); echo "ok: tests/web (chromium)"
else
    fail=$((fail + 1)); echo "FAILED: tests/web (chromium)"; tail -40 build/npm-ci.log build/web-test.log
fi
# the browser walk: every demo account opens every page of its menu — no empty page, no raw
# identifier, one unit per chart axis; a summary line per page and account, screenshots in
# build/test-artifacts/walk
if [ -d web/node_modules/playwright-core ] &&
   node tests/web/walk.mjs --bin build/rel/phaseout >build/web-walk.log 2>&1; then
    pass=$((pass + 1)); echo "ok: tests/web/walk.mjs (chromium)"
else
    fail=$((fail + 1)); echo "FAILED: tests/web/walk.mjs (chromium)"
fi
sed -n '/^walk summary/,/^walk: /p' build/web-walk.log
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
