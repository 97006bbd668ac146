#!/usr/bin/env bash
# run.sh [SECONDS] [TARGET...]: run the libFuzzer targets (fuzz/fuzz_TARGET.c), each for SECONDS
# (default 30), at most FUZZ_JOBS (default 2) at a time.  make fuzz / make fuzz-long call it;
# fuzz/README.md says what each target checks.
#
# For each target, in order:
#   1. replay fuzz/regress/TARGET/* (inputs that once crashed it) and the committed seed corpus
#      fuzz/corpus/TARGET/ once: any crash fails the run before fuzzing starts;
#   2. fuzz for SECONDS from the seeds, with the dictionary fuzz/TARGET.dict when there is one
#      (fastcsv shares table.dict);
#      new inputs go to build/fuzz/corpus/TARGET/ (the committed corpus stays as it is), a crash
#      to build/fuzz/artifacts/TARGET/ (copy it to fuzz/regress/TARGET/ once the bug is fixed).
# The log of each is build/fuzz/logs/TARGET.log; a line per target sums it up:
#   fuzz: TARGET: ok, 123456 runs in 30 s, cov: 812 ft: 2301, corpus 340
# Exits 1 when a target crashed, leaked, timed out or could not be built.
set -uo pipefail
cd "$(dirname "$0")/.."
secs=${1:-30}
[ $# -gt 0 ] && shift
jobs=${FUZZ_JOBS:-2}
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in fuzz/fuzz_*.c; do t=${f#fuzz/fuzz_}; targets+=("${t%.c}"); done
fi
mkdir -p build/fuzz/logs
if ! make -s -j"$jobs" $(printf 'build/fuzz/fuzz_%s ' "${targets[@]}") >build/fuzz/logs/build.log 2>&1; then
    grep -E 'error|Error' build/fuzz/logs/build.log | head -20
    echo "fuzz: build failed (log: build/fuzz/logs/build.log)"
    exit 1
fi
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$PWD/tests/lsan.supp:print_suppressions=0} # the PDF libraries' caches

# the longest input worth trying, per target (libFuzzer's default follows the largest seed)
max_len() {
    case $1 in
    table | xlsx) echo 65536 ;;
    api) echo 16384 ;;
    fastcsv | encoding | refdata | calendar) echo 8192 ;;
    *) echo 4096 ;;
    esac
}

run_one() {
    local t=$1 bin=build/fuzz/fuzz_$1 log=build/fuzz/logs/$1.log
    local seeds=fuzz/corpus/$t corpus=build/fuzz/corpus/$t art=build/fuzz/artifacts/$t/
    mkdir -p "$corpus" "$art" "$seeds"
    local opts=(-timeout=20 -rss_limit_mb=2048 -max_len="$(max_len "$t")" -artifact_prefix="$art")
    local dict=fuzz/$t.dict
    [ "$t" = fastcsv ] && dict=fuzz/table.dict # the same CSV
    [ -f "$dict" ] && opts+=(-dict="$dict")
    # FUZZ_SEED fixes libFuzzer's random seed: the test command's short runs then try the same
    # inputs on every machine (a slower one tries a prefix of them), so a run that passed here
    # passes in CI; make fuzz-long explores with a fresh seed each time
    [ -n "${FUZZ_SEED:-}" ] && opts+=(-seed="$FUZZ_SEED")
    : >"$log"
    local replay=()
    [ -d "fuzz/regress/$t" ] && while IFS= read -r f; do replay+=("$f"); done \
        < <(find "fuzz/regress/$t" -type f ! -name '*.md' | sort)
    if [ ${#replay[@]} -gt 0 ] && ! "$bin" "${opts[@]}" "${replay[@]}" >>"$log" 2>&1; then
        echo "fuzz: $t: FAILED replaying fuzz/regress/$t (log: $log)"; return 1
    fi
    if ! "$bin" "${opts[@]}" -runs=0 "$seeds" >>"$log" 2>&1; then
        echo "fuzz: $t: FAILED replaying the seed corpus $seeds (log: $log)"; return 1
    fi
    if ! "$bin" "${opts[@]}" -max_total_time="$secs" -print_final_stats=1 "$corpus" "$seeds" \
        >>"$log" 2>&1; then
        echo "fuzz: $t: FAILED (crash input in $art, log: $log)"
        grep -E '^(==[0-9]+==ERROR|SUMMARY|.*runtime error)' "$log" | head -5
        return 1
    fi
    local last runs cov ft n
    last=$(grep -E '^#[0-9]+' "$log" | grep 'cov:' | tail -1)
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    cov=$(echo "$last" | sed -nE 's/.* cov: ([0-9]+).*/\1/p')
    ft=$(echo "$last" | sed -nE 's/.* ft: ([0-9]+).*/\1/p')
    n=$(find "$corpus" -type f | wc -l)
    echo "fuzz: $t: ok, ${runs:-?} runs in $secs s, cov: ${cov:-?} ft: ${ft:-?}, corpus $n"
}

failed=0
for t in "${targets[@]}"; do
    if [ ! -x "build/fuzz/fuzz_$t" ]; then echo "fuzz: $t: no such target"; failed=1; continue; fi
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n; done
    rm -f "build/fuzz/logs/$t.ok"
    (run_one "$t" && touch "build/fuzz/logs/$t.ok") &
done
wait
for t in "${targets[@]}"; do [ -f "build/fuzz/logs/$t.ok" ] || failed=1; done
[ "$failed" -eq 0 ] && echo "fuzz: ${#targets[@]} targets passed, $secs s each" || echo "fuzz: FAILED"
exit "$failed"
