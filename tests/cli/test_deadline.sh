#!/usr/bin/env bash
# test_deadline.sh: `phaseout deadline` prints the last day alone on its first line, explains it
# in both languages, and refuses bad input (exit 2 usage, exit 1 with a bilingual message).
# Needs no database, so both backend runs do the same checks.
. "$(dirname "$0")/lib.sh"

# first line exactly the date (rows of tests/core/test_deadline.c, with their holidays)
while read -r want args; do
    # shellcheck disable=SC2086
    "$ABIN" deadline $args >"$T/out" 2>"$T/err" || fail "deadline $args exited $?"
    expect_eq "$(head -1 "$T/out")" "$want" "deadline $args"
done <<'ROWS'
2022-02-28 --from 2021-08-31 --months 6
2024-02-29 --from 2023-08-31 --months 6
2023-02-28 --from 2022-08-31 --months 6
2024-10-08 --from 2024-07-01 --months 3
2025-02-05 --from 2024-07-29 --months 6
2024-09-29 --from 2024-09-14 --days 15
2022-05-30 --from 2022-02-28 --months 3
2022-05-30 --from 2021-08-31 --months 6 --extension-months 3
2025-01-02 --from 2024-07-01 --months 3 --extension-months 3
ROWS

# the explanation: articles, the holiday moved over, the other reading, the calendar's source
"$ABIN" deadline --from 2024-07-01 --months 3 >"$T/out"
expect_grep "第二百零一条" "$T/out"
expect_grep "art. 203" "$T/out"
expect_grep "国庆节" "$T/out"
expect_grep "cn_holidays.csv" "$T/out"
"$ABIN" deadline --from 2024-09-14 --days 15 >"$T/out"
expect_grep "Other reading.*2024-09-30" "$T/out"
"$ABIN" deadline --from 2024-07-01 --months 3 --extension-months 3 >"$T/out"
expect_grep "2025-01-08" "$T/out"

# JSON
"$ABIN" deadline --from 2021-08-31 --months 6 --format json >"$T/out.json"
expect_eq "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["last_day"], d["period"]["no_corresponding_day"])' "$T/out.json")" \
    "2022-02-28 True" "json last_day"

# errors: usage (2) and failures (1) with a bilingual message
for args in "" "--from 2024-01-01" "--from 2024-01-01 --months 1 --days 3" \
            "--from 2024-01-01 --months x" "--from 2024-01-01 --months 1 --format xml" \
            "--from 2024-01-01 --months 1 extra"; do
    set +e
    # shellcheck disable=SC2086
    "$ABIN" deadline $args >/dev/null 2>"$T/err"; rc=$?
    set -e
    expect_eq "$rc" 2 "usage error for '$args'"
done
check_fail() { # check_fail GREP ARGS...
    local want=$1; shift
    set +e; "$ABIN" deadline "$@" >"$T/out" 2>"$T/err"; local rc=$?; set -e
    expect_eq "$rc" 1 "exit status for $*"
    expect_grep "$want" "$T/err"
    expect_grep "错误" "$T/err"
    [ -s "$T/out" ] && fail "output on failure for $*"; ok
}
check_fail "2027" --from 2026-12-01 --months 1
check_fail "2019" --from 2019-06-01 --days 10
check_fail "invalid date" --from 2023-02-29 --months 1
check_fail "out of range" --from 2024-01-01 --months 0
check_fail "not allowed" --from 2024-01-01 --months 6 --extension-months 4
echo "test_deadline.sh ($BACKEND): $n_ok checks ok"
