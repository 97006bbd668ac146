#!/usr/bin/env bash
# test_template.sh: `phaseout import --template KIND --out FILE [--format xlsx|md]` on the backend
# in TEST_BACKEND.  Every kind's template is a real XLSX (sheet 1 named after the kind in Chinese
# with the Chinese headers, sheet 2 填写说明 with one explained row per column); filled in as it
# comes (its example row), it imports unchanged into a registry holding examples/'s districts,
# industries and enterprises, and the example values are then in the database; an unknown kind is
# refused in both languages and writes nothing; --format md gives the same explanation.
. "$(dirname "$0")/lib.sh"

kinds="districts industries enterprises equipment energy output economics inspections licences targets meter"
db=$(newdb template)
for k in districts industries enterprises; do
    "$ABIN" import --db "$db" --kind $k --quiet "$root/examples/$k.csv" >/dev/null
done

# the sheets of an xlsx and the cells of a sheet's rows, read with Python's zipfile (no openpyxl)
cat >"$T/xl.py" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
wb = z.read("xl/workbook.xml").decode()
names = re.findall(r'<sheet [^>]*name="([^"]+)"', wb)
ss = []
if "xl/sharedStrings.xml" in z.namelist():
    for si in re.findall(r"<si>(.*?)</si>", z.read("xl/sharedStrings.xml").decode(), re.S):
        ss.append("".join(re.findall(r"<t[^>]*>(.*?)</t>", si, re.S)))
def rows(n):
    x = z.read("xl/worksheets/sheet%d.xml" % n).decode()
    out = []
    for r in re.findall(r"<row [^>]*>(.*?)</row>", x, re.S):
        cells = []
        for c in re.findall(r"<c ([^>]*?)(?:/>|>(.*?)</c>)", r, re.S):
            v = re.search(r"<v>(.*?)</v>", c[1] or "")
            v = v.group(1) if v else ""
            cells.append(ss[int(v)] if 't="s"' in c[0] and v else v)
        out.append(cells)
    return out
what = sys.argv[2]
if what == "sheets": print("|".join(names))
elif what == "header": print("|".join(rows(1)[0]))
elif what == "example": print("|".join(rows(1)[1]))
elif what == "help": print(len(rows(2)))
PY

for k in $kinds; do
    out=$("$ABIN" import --template $k --out "$T/$k.xlsx")
    expect_grep "已写出导入模板" <(echo "$out")
    sheets=$(python3 "$T/xl.py" "$T/$k.xlsx" sheets)
    expect_eq "${sheets#*|}" "填写说明" "$k: second sheet"
    header=$(python3 "$T/xl.py" "$T/$k.xlsx" header)
    if echo "$header" | grep -qE '(^|\|)[a-z_]+(\||$)'; then fail "$k: an English header in the template: $header"; fi; ok
    ncols=$(echo "$header" | tr '|' '\n' | wc -l)
    nhelp=$(python3 "$T/xl.py" "$T/$k.xlsx" help)
    # 填写说明: a title, two lines of how to fill in, a blank row, the table header, one row per column
    expect_eq "$nhelp" $((ncols + 4)) "$k: 填写说明 explains every column"
    "$ABIN" import --db "$db" --kind $k --quiet "$T/$k.xlsx" >"$T/$k.out"
    expect_grep "共 1 行" "$T/$k.out"
done
expect_eq "$(python3 "$T/xl.py" "$T/enterprises.xlsx" header | cut -d'|' -f1-3)" "统一社会信用代码|企业名称|行政区划代码" "enterprise headers in Chinese"
expect_grep "有下游配套" <(python3 "$T/xl.py" "$T/enterprises.xlsx" header)
# the example rows are now data
expect_eq "$(sql "$db" "SELECT count(*) FROM equipment WHERE equipment_id = 'JL01'")" 1 "equipment example imported"
expect_eq "$(sql "$db" "SELECT count(*) FROM inspection WHERE document_no = '乌环罚〔2024〕12号'")" 1 "inspection example imported"
expect_eq "$(sql "$db" "SELECT count(*) FROM dual_control_target WHERE district_code = '150302' AND year = 2025")" 1 "target example imported"
# a second import of the same template changes nothing
"$ABIN" import --db "$db" --kind inspections --quiet "$T/inspections.xlsx" >"$T/again.out"
expect_grep "未变 1" "$T/again.out"

# unknown kind: both languages, exit 1, no file
set +e
"$ABIN" import --template nope --out "$T/nope.xlsx" >"$T/nope.out" 2>"$T/nope.err"; rc=$?
set -e
expect_eq "$rc" 1 "unknown kind exit status"
expect_grep "未知的导入类别“nope”" "$T/nope.err"
expect_grep 'unknown import kind "nope"' "$T/nope.err"
[ ! -e "$T/nope.xlsx" ] || fail "a file was written for an unknown kind"; ok

# Markdown: one table row per column, the three-state explanation of a yes/no fact
"$ABIN" import --template enterprises --format md --out "$T/e.md" >/dev/null
expect_grep "^#### enterprises — 企业" "$T/e.md"
expect_grep "| 有下游配套 | has_downstream |.*留空 = 未记录" "$T/e.md"
expect_eq "$(grep -c '^| ' "$T/e.md")" $((1 + $(python3 "$T/xl.py" "$T/enterprises.xlsx" header | tr '|' '\n' | wc -l))) "md rows"
# docs/import.md's column reference is the same docs (scripts/import-docs.sh --check)
"$root/scripts/import-docs.sh" --check "$BIN" || fail "docs/import.md is out of date: run scripts/import-docs.sh"; ok
echo "test_template.sh ($BACKEND): $n_ok checks ok"
