#!/usr/bin/env bash
# run-unit.sh BUILDDIR: run every cmocka test binary under BUILDDIR/tests and
# print "unit: N passed, N failed, N skipped" (binaries) at the end.  Exit 1 if any failed.
#
# A binary skipped part of itself (PostgreSQL off: its pg group, listed by cmocka as SKIPPED)
# when it exits 77 (automake's convention, tests/store/testdb.h) or says "SKIP: what: why" on
# stdout; it counts as skipped, not passed, and is listed with the reason as "SKIP: binary: why".
# A skip does not fail this script; scripts/test.sh decides (it fails on one in CI).
set -u
dir=${1:-build/asan}
pass=0; fail=0; skip=0; failed=(); skipped=()
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
log=$(mktemp /tmp/phaseout-unit.XXXXXX)
trap 'rm -f "$log"' EXIT
while IFS= read -r t; do
    "$t" 2>&1 | tee "$log"
    rc=${PIPESTATUS[0]}
    why=$(sed -n 's/^SKIP: //p' "$log" | paste -sd';' | sed 's/;/; /g')
    if [ "$rc" -eq 0 ] && [ -z "$why" ]; then
        pass=$((pass+1))
    elif [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
        skip=$((skip+1)); skipped+=("$t: ${why:-exit status 77}")
    else
        fail=$((fail+1)); failed+=("$t")
    fi
done < <(find "$dir/tests" -type f -name 'test_*' -perm -u+x | sort)
for f in "${skipped[@]+"${skipped[@]}"}"; do echo "SKIP: $f"; done
for f in "${failed[@]+"${failed[@]}"}"; do echo "FAILED: $f"; done
echo "unit: $pass passed, $fail failed, $skip skipped"
[ "$fail" -eq 0 ]
