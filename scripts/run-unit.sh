#!/usr/bin/env bash
# run-unit.sh BUILDDIR: run every cmocka test binary under BUILDDIR/tests and
# print "N passed, N failed" (binaries) at the end.  Exit 1 if any failed.
set -u
dir=${1:-build/asan}
pass=0; fail=0; failed=()
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
while IFS= read -r t; do
    if "$t"; then pass=$((pass+1)); else fail=$((fail+1)); failed+=("$t"); fi
done < <(find "$dir/tests" -type f -name 'test_*' -perm -u+x | sort)
for f in "${failed[@]+"${failed[@]}"}"; do echo "FAILED: $f"; done
echo "unit: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
