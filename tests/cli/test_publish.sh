#!/usr/bin/env bash
# test_publish.sh: issue 14 on the real binary — publications frozen and hashed (publish,
# list, show, verify; refused lists; corrections; the store refuses any change; tampering is
# found), official notices as PDF (document number, legal basis, deadline, remedy; the same
# step gives the same document; numbers gap-free and unique under concurrent processes), and
# public reports flagged overdue by tick.
. "$(dirname "$0")/lib.sh"
command -v pdftotext >/dev/null || fail "pdftotext (poppler-utils) is missing: scripts/deps.sh installs it"

db=$(newdb publish)
"$BIN" db init --db "$db" >/dev/null
"$BIN" demo --db "$db" >/dev/null
"$BIN" demo --db "$db" --activity --as-of 2026-12-07 >/dev/null
export PHASEOUT_NOW=2026-12-07T09:00:00Z

# the demo published its sealed list (publication 1) and filed one public report
expect_eq "$(sql "$db" "SELECT list FROM publication WHERE id = 1")" sealed "the demo's publication"
expect_eq "$(sql "$db" "SELECT count(*) FROM public_report")" 1 "the demo's report"

# --- publish: the Done-when command ---
"$ABIN" publish --db "$db" --list exits --year 2025 --actor 演示 >"$T/p1.out"
expect_grep "乌工信公〔2026〕2号  exits 2025  city  12 rows" "$T/p1.out"
expect_eq "$(sql "$db" "SELECT count(*) FROM publication_row WHERE publication_id = 2")" 12 "rows frozen"
expect_eq "$(sql "$db" "SELECT actor FROM publication WHERE id = 2")" "cli:演示" "actor"
expect_eq "$(sql "$db" "SELECT count(*) FROM audit_log WHERE action = 'publication.publish' AND object = 'publication/2'")" 1 "audited"

# the hash is of the canonical text, recomputable by anyone
"$ABIN" publish show --db "$db" 2 --format canonical --out "$T/c1.txt"
expect_eq "$(sha256sum <"$T/c1.txt" | cut -d' ' -f1)" "$(sql "$db" "SELECT sha256 FROM publication WHERE id = 2")" "sha256 of canonical"
expect_eq "$(head -1 "$T/c1.txt")" "phaseout-publication 1" "canonical header"
"$ABIN" publish verify --db "$db" >"$T/v.out"
expect_grep "2 份公示校验通过" "$T/v.out"

# downloads: CSV with BOM, XLSX, the announcement PDF; the same bytes every time
"$ABIN" publish show --db "$db" 2 --format csv --out "$T/p1.csv"
expect_eq "$(head -c 3 "$T/p1.csv" | od -An -tx1 | tr -d ' ')" efbbbf "CSV BOM"
expect_eq "$(grep -c . "$T/p1.csv")" 13 "CSV header + 12 rows"
"$ABIN" publish show --db "$db" 2 --format xlsx --out "$T/p1.xlsx"
expect_eq "$(head -c 2 "$T/p1.xlsx")" PK "XLSX is a zip"
sleep 1.1 # a second later: the workbook's time is the publication's, not the clock's
"$ABIN" publish show --db "$db" 2 --format xlsx --out "$T/p1b.xlsx"
cmp -s "$T/p1.xlsx" "$T/p1b.xlsx" || fail "the XLSX download differs between two renderings"
ok
"$ABIN" publish show --db "$db" 2 --format pdf --out "$T/p1.pdf"
"$ABIN" publish show --db "$db" 2 --format pdf --out "$T/p1b.pdf"
cmp -s "$T/p1.pdf" "$T/p1b.pdf" || fail "the announcement PDF differs between two renderings"
ok
pdftotext "$T/p1.pdf" "$T/p1.txt"
expect_grep "乌工信公〔2026〕2号" "$T/p1.txt"
expect_grep "落后产能退出企业名单" "$T/p1.txt"
expect_grep "$(sql "$db" "SELECT sha256 FROM publication WHERE id = 2" | cut -c1-20)" "$T/p1.txt"

# once published, the same list again is a correction, not a second current publication
if "$ABIN" publish --db "$db" --list exits --year 2025 --actor 演示 2>"$T/r.err"; then fail "published twice"; fi
expect_grep "already has current publication 2" "$T/r.err"

# --- refused: a firm on the 数据待补 list bearing on the row, an empty list; nothing written ---
if "$ABIN" publish --db "$db" --list rectifying --year 2026 --actor 演示 >"$T/r.out" 2>"$T/r.err"; then
    fail "a list with a firm on the 数据待补 list was published"
fi
expect_grep "数据待补" "$T/r.err"
expect_grep "data-to-complete" "$T/r.err"
if "$ABIN" publish --db "$db" --list closed --year 2019 --actor 演示 >"$T/r.out" 2>"$T/r.err"; then
    fail "an empty list was published"
fi
expect_grep "没有可公布的行" "$T/r.err"
expect_eq "$(sql "$db" "SELECT count(*) FROM publication")" 2 "refusals write nothing"
if "$ABIN" publish --db "$db" --list bogus --year 2025 --actor x 2>"$T/r.err"; then fail "bad list accepted"; fi
expect_grep "exits、rectifying、closed 或 sealed" "$T/r.err"

# --- a correction supersedes; the old one stays readable, marked 已更正 ---
if "$ABIN" publish --db "$db" --list exits --year 2025 --actor 演示 --supersedes 2 2>"$T/r.err"; then
    fail "a correction without a reason"
fi
expect_grep "原因" "$T/r.err"
if "$ABIN" publish --db "$db" --list sealed --year 2026 --actor 演示 --supersedes 2 --reason x 2>"$T/r.err"; then
    fail "a correction of another list"
fi
expect_grep "同一名单" "$T/r.err"
"$ABIN" publish --db "$db" --list exits --year 2025 --actor 演示 --supersedes 2 --reason "更正产能单位" >"$T/p2.out"
expect_grep "乌工信公〔2026〕3号" "$T/p2.out"
"$ABIN" publish show --db "$db" 2 >"$T/s1.out"
expect_grep "已更正 / corrected" "$T/s1.out"
expect_grep "superseded by 3" "$T/s1.out"
if "$ABIN" publish --db "$db" --list exits --year 2025 --actor 演示 --supersedes 2 --reason again 2>"$T/r.err"; then
    fail "a superseded publication corrected twice"
fi
expect_grep "已被第 3 号更正" "$T/r.err"
"$ABIN" publish list --db "$db" >"$T/l.out"
expect_eq "$(grep -c '^publication ' "$T/l.out")" 3 "all three listed (the demo's sealed list too)"

# --- the store refuses change; tampering behind the triggers is found by verify ---
if sql "$db" "UPDATE publication_row SET enterprise_name = 'x' WHERE publication_id = 2" >/dev/null 2>&1; then
    fail "a publication row was updated"
fi
ok
if sql "$db" "DELETE FROM publication WHERE id = 3" >/dev/null 2>&1; then fail "a publication was deleted"; fi
ok
if [ "$BACKEND" = pg ]; then
    sql "$db" "ALTER TABLE publication_row DISABLE TRIGGER publication_row_no_ud; UPDATE publication_row SET capacity = '1' WHERE publication_id = 3 AND seq = 1; ALTER TABLE publication_row ENABLE ALWAYS TRIGGER publication_row_no_ud" >/dev/null
else
    sql "$db" "DROP TRIGGER publication_row_no_u; UPDATE publication_row SET capacity = '1' WHERE publication_id = 3 AND seq = 1" >/dev/null
fi
if "$ABIN" publish verify --db "$db" >"$T/v.out" 2>"$T/v.err"; then fail "verify missed a tampered row"; fi
expect_grep "publication 3 does not match its hash" "$T/v.err"

# --- notices ---
"$ABIN" notice --db "$db" --kind rectification --case 2 --out "$T/n2.pdf" --actor 演示 >"$T/n.out"
expect_grep "乌工信发〔2026〕1号" "$T/n.out"
pdftotext "$T/n2.pdf" - | tr -d '\n' >"$T/n2.txt"
expect_grep "乌工信发〔2026〕1号" "$T/n2.txt"
expect_grep "责令限期整改通知书" "$T/n2.txt"
expect_grep "节约能源法" "$T/n2.txt"                 # the legal basis of the case's finding
expect_grep "2026年12月10日" "$T/n2.txt"             # the deadline
expect_grep "民法典" "$T/n2.txt"                     # how it was counted
expect_grep "60日内" "$T/n2.txt"                     # the remedy: reconsideration
expect_grep "6个月内" "$T/n2.txt"                    # and the lawsuit
expect_grep "行政复议" "$T/n2.txt"
# the same step again: the same document, no number spent
"$ABIN" notice --db "$db" --kind rectification --case 2 --out "$T/n2b.pdf" >"$T/n.out"
cmp -s "$T/n2.pdf" "$T/n2b.pdf" || fail "the same notice came out different"
ok
expect_grep "issued before" "$T/n.out"
expect_eq "$(sql "$db" "SELECT last FROM doc_number WHERE authority = 'miit'")" 1 "no number spent twice"
if "$ABIN" notice --db "$db" --kind seal --case 2 --out "$T/x.pdf" 2>"$T/x.err"; then fail "a seal notice for a case never sealed"; fi
expect_grep "no step seal" "$T/x.err"
if "$ABIN" notice --db "$db" --kind bogus --case 2 --out "$T/x.pdf" 2>"$T/x.err"; then fail "bad kind accepted"; fi
expect_grep "district-interview" "$T/x.err"
"$ABIN" notice --db "$db" --kind district-notice --district 150304 --as-of 2025-09-30 --out "$T/d.pdf" >"$T/d.out"
pdftotext "$T/d.pdf" - | tr -d '\n' >"$T/d.txt"
expect_grep "乌工信发〔2026〕2号" "$T/d.txt"
expect_grep "乌达区" "$T/d.txt"

# numbers under concurrency: 8 processes, 8 cases, gap-free and unique
ids=$(sql "$db" "SELECT id FROM case_file WHERE state IN ('rectifying', 'extension_requested', 'failed', 'exited', 'closed') AND id <> 2 ORDER BY id LIMIT 8")
pids=()
for id in $ids; do
    "$BIN" notice --db "$db" --kind rectification --case "$id" --out "$T/c$id.pdf" >"$T/c$id.out" 2>&1 &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || true; done
n=$(echo "$ids" | wc -w)
issued=$(sql "$db" "SELECT count(*) FROM issued_document WHERE authority = 'miit'")
expect_eq "$(sql "$db" "SELECT count(DISTINCT seq) FROM issued_document WHERE authority = 'miit'")" "$issued" "numbers unique"
expect_eq "$(sql "$db" "SELECT max(seq) FROM issued_document WHERE authority = 'miit'")" "$issued" "numbers gap-free"
expect_eq "$(sql "$db" "SELECT last FROM doc_number WHERE authority = 'miit'")" "$issued" "counter = documents"
[ "$issued" -ge $((2 + n / 2)) ] || fail "only $issued notices issued of $((n + 2))"
ok

# --- reports: tick flags the overdue ones, once ---
sql "$db" "INSERT INTO public_report(id, receipt, enterprise_text, category, seen, place, seen_on, filed_at, filed_on, reply_due, status) VALUES (99, 'TESTRECEIPT1', '某厂', 'other', 'x', 'y', '2026-11-01', '2026-11-01T00:00:00Z', '2026-11-01', '2026-11-20', 'received')" >/dev/null
"$ABIN" tick --db "$db" --as-of 2026-12-07 >"$T/t.out"
expect_grep "public reports newly overdue: 1" "$T/t.out"
"$ABIN" tick --db "$db" --as-of 2026-12-07 >"$T/t.out"
expect_grep "public reports newly overdue: 0" "$T/t.out"
expect_eq "$(sql "$db" "SELECT overdue_on FROM public_report WHERE id = 99")" 2026-12-07 "flagged"

"$ABIN" audit verify --db "$db" >/dev/null
ok
echo "test_publish ($BACKEND): $n_ok checks ok"
