#!/usr/bin/env bash
# run.sh [SECONDS] [table|fastcsv|all]: build the fuzzers and run each for SECONDS
# (default 60) on a seed corpus made on the fly: CSV in UTF-8, UTF-8 with
# BOM, GBK and with awkward quoting, and small hand-made XLSX workbooks
# whose parts are stored uncompressed, so mutations reach the XML parser.
#   table    fuzz_table: po_table_read() (CSV in every encoding, XLSX)
#   fastcsv  fuzz_fastcsv: the fast CSV reader, differential against po_table_read()
#            and against itself in 1, 2 and 3 threads
# Crashes land in build/fuzz/artifacts/; the grown corpora in build/fuzz/corpus/
# (table) and build/fuzz/corpus-fastcsv/.
set -euo pipefail
cd "$(dirname "$0")/.."
secs=${1:-60}
which=${2:-all}
make -s fuzz
corpus=build/fuzz/corpus
seeds=build/fuzz/seeds
mkdir -p "$corpus" "$seeds" build/fuzz/artifacts
printf 'uscc,year,quantity\n91150300MA0N2XYZ12,2023,1234.5\n' >"$seeds/utf8.csv"
printf '\xef\xbb\xbf统一社会信用代码,企业名称\r\n1,乌海焦化\r\n' >"$seeds/bom.csv"
printf '统一社会信用代码,企业名称\n1,"内蒙古 ""乌海"",焦化"\n' | iconv -f UTF-8 -t GBK >"$seeds/gbk.csv"
printf 'a,"multi\nline",c\r\n\r\n,,\n"x""y",  z  \n"open' >"$seeds/quotes.csv"
printf 'uscc,year,month,energy_type,quantity,unit\n911401053363319035,2023,1,raw_coal,1234.567,t\n911401053363319035,2023,1,electricity,"1,5",MWh\r\n\r  \n  "a" ,b\r"c\r\nd",e\n' >"$seeds/energy.csv"
python3 - "$seeds" <<'PY'
import sys, zipfile
d = sys.argv[1]
ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
rels = ('<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>'
        '<Relationship Id="rId2" Type="x/worksheet" Target="/xl/worksheets/sheet2.xml"/>'
        '<Relationship Id="rId3" Type="x/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId4" Type="x/styles" Target="styles.xml"/></Relationships>')
book = ('<workbook %s xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<workbookPr date1904="0"/><sheets><sheet name="能耗" sheetId="1" r:id="rId1"/>'
        '<sheet name="2023" sheetId="2" r:id="rId2"/></sheets></workbook>' % ns)
sst = ('<sst %s><si><t>统一社会信用代码</t></si><si><r><t>rich</t></r><r><t xml:space="preserve"> run_x000D_</t></r>'
       '<rPh><t>ph</t></rPh></si></sst>' % ns)
styles = ('<styleSheet %s><numFmts><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
          '<cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>' % ns)
sheet1 = ('<worksheet %s><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="C1" t="s"><v>1</v></c></row>'
          '<row r="3"><c r="A3" s="1"><v>45366.5</v></c><c r="B3"><v>0.30000000000000004</v></c>'
          '<c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#N/A</v></c><c r="E3" t="inlineStr"><is><t>in</t></is></c>'
          '<c r="F3" t="str"><f>A1</f><v>f</v></c><c r="AB3" s="2"><v>60</v></c></row></sheetData></worksheet>' % ns)
sheet2 = '<worksheet %s><sheetData><row><c><v>1E-3</v></c><c><v>12345678901</v></c></row></sheetData></worksheet>' % ns
parts = {'xl/_rels/workbook.xml.rels': rels, 'xl/workbook.xml': book, 'xl/sharedStrings.xml': sst,
         'xl/styles.xml': styles, 'xl/worksheets/sheet1.xml': sheet1, 'xl/worksheets/sheet2.xml': sheet2}
with zipfile.ZipFile(d + '/book.xlsx', 'w', zipfile.ZIP_STORED) as z:
    for k, v in parts.items():
        z.writestr(k, v)
with zipfile.ZipFile(d + '/deflated.xlsx', 'w', zipfile.ZIP_DEFLATED) as z:
    for k, v in parts.items():
        z.writestr(k, v)
PY
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
if [ "$which" = table ] || [ "$which" = all ]; then
    build/fuzz/fuzz_table -max_total_time="$secs" -max_len=65536 -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 "$corpus" "$seeds"
fi
if [ "$which" = fastcsv ] || [ "$which" = all ]; then
    mkdir -p build/fuzz/corpus-fastcsv
    build/fuzz/fuzz_fastcsv -max_total_time="$secs" -max_len=4096 -timeout=20 -rss_limit_mb=2048 \
        -artifact_prefix=build/fuzz/artifacts/ -print_final_stats=1 build/fuzz/corpus-fastcsv "$seeds"
fi
