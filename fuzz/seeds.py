#!/usr/bin/env python3
"""seeds.py: write the hand-made seed inputs of fuzz/corpus/ (run from the repository root).

The committed corpus is this script's output plus real files (examples/, the import templates
`phaseout import --template KIND --out F`); rerun it after changing it and commit the result.
Each seed is small and aims at one corner: BOM, GBK bytes, CRLF, quotes, empty, huge numbers,
invalid UTF-8, odd XML.
"""
import os
import zipfile

def put(target, name, data):
    d = os.path.join('fuzz', 'corpus', target)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data)

csv = {
    'utf8.csv': 'uscc,year,quantity\n91150300MA0N2XYZ12,2023,1234.5\n',
    'bom_crlf.csv': b'\xef\xbb\xbf' + '统一社会信用代码,企业名称\r\n1,乌海焦化\r\n'.encode(),
    'gbk.csv': '统一社会信用代码,企业名称\n1,"内蒙古 ""乌海"",焦化"\n'.encode('gbk'),
    'gb18030_4byte.csv': 'name\n𠀀,€,\u00b7\n'.encode('gb18030'),
    'quotes.csv': 'a,"multi\nline",c\r\n\r\n,,\n"x""y",  z  \n"open',
    'energy.csv': 'uscc,year,month,energy_type,quantity,unit\n911401053363319035,2023,1,raw_coal,'
                  '1234.567,t\n911401053363319035,2023,1,electricity,"1,5",MWh\r\n\r  \n  "a" ,b\r"c\r\nd",e\n',
    'empty.csv': '',
    'only_bom.csv': b'\xef\xbb\xbf',
    'huge_numbers.csv': 'q,r\n99999999999999999999999.999,-0.0000000001\n1e308,NaN\n9223372036854775807.9995,'
                        '-9223372036854775808\n',
    'invalid_utf8.csv': b'a,b\n\xc3\x28,\xed\xa0\x80\n\xf4\x90\x80\x80,\xc0\xaf\n',
    'mixed_gbk_utf8.csv': 'a,b\n'.encode() + '乌海'.encode('utf-8') + b',' + '乌海'.encode('gbk') + b'\n',
    'nul.csv': b'a,b\n1,\x00\n',
    'formula.csv': 'name,q\n"=cmd|\' /C calc\'!A0",+1\n@SUM(A1),-2\n',
    'cr_only.csv': 'a,b\r1,2\r',
    'wide_row.csv': ','.join('c%d' % i for i in range(300)) + '\n',
    'long_field.csv': 'a\n"' + 'x' * 5000 + '"\n',
    'trailing.csv': 'a,b,,,\n1,,,\n',
    'utf16.csv': b'\xff\xfea\x00,\x00b\x00',
    'ole2.xls': b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\x00' * 24,
}
for k, v in csv.items():
    put('table', k, v)
    put('fastcsv', k, v)

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
os.makedirs('fuzz/corpus/table', exist_ok=True)
for name, method in (('book.xlsx', zipfile.ZIP_STORED), ('deflated.xlsx', zipfile.ZIP_DEFLATED)):
    with zipfile.ZipFile('fuzz/corpus/table/' + name, 'w', method) as z:
        for k, v in parts.items():
            z.writestr(k, v)

# fuzz_xlsx: a flags byte, then the parts in its order, separated by "\n=====\n"
order = [rels, book, styles, sst, sheet1, sheet2]
sep = '\n=====\n'
put('xlsx', 'defaults', b'\x00')
put('xlsx', 'defaults_deflated_ct', b'\x09')
put('xlsx', 'all_parts', b'\x00' + sep.join(order).encode())
put('xlsx', 'sheet_by_name', b'\x04' + sep.join(order).encode())
put('xlsx', 'sheet2', b'\x02' + sep.join(order).encode())
put('xlsx', 'nosuch_sheet', b'\x06' + sep.join(order).encode())
put('xlsx', 'date1904', b'\x00' + sep.join([rels, book.replace('date1904="0"', 'date1904="1"'), styles, sst,
    '<worksheet %s><sheetData><row r="2"><c r="XFD2" s="1"><v>-1</v></c><c r="A2" s="2"><v>2958466</v></c>'
    '<c r="B2" s="1"><v>0.999999999</v></c></row></sheetData></worksheet>' % ns]).encode())
put('xlsx', 'entities', b'\x00' + sep.join([rels, book, styles,
    '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><sst %s><si><t>&b;&b;</t></si></sst>' % ns,
    sheet1]).encode())
put('xlsx', 'bad_refs', b'\x00' + sep.join([rels, book, styles, sst,
    '<worksheet %s><sheetData><row r="0"><c r="A0"><v>1</v></c></row><row r="1048577"><c r="ZZZZ1"><v>2</v></c>'
    '</row><row r="5"><c r="B5"/><c r="A5" t="s"><v>99</v></c><c t="s"><v>-1</v></c></row></sheetData></worksheet>' % ns]).encode())
put('xlsx', 'rels_escape', b'\x00' + sep.join([rels.replace('worksheets/sheet1.xml', '../../../etc/passwd'),
    book]).encode())
put('xlsx', 'empty_parts', b'\x00' + sep.join(['', '', '', '', '', '']).encode())

# the parts of a real workbook (the energy import template, written by libxlsxwriter)
tpl = 'fuzz/corpus/table/template_energy.xlsx'
if os.path.exists(tpl):
    with zipfile.ZipFile(tpl) as z:
        names = ['xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml', 'xl/sharedStrings.xml',
                 'xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']
        got = [z.read(n).decode() if n in z.namelist() else '' for n in names]
    put('xlsx', 'template_energy', b'\x08' + sep.join(got).encode())

# fuzz_refdata: a byte picking the file (fuzz_refdata.c files[]), then the real file's bytes
ref_files = ['city_params', 'rules', 'equipment_params', 'energy_conversion_coefficients',
             'energy_type_coefficients', 'surcharge_rules', 'fact_sources', 'reference_titles',
             'accounting_policy', 'electricity_equal_value', 'energy_quota_standards',
             'efficiency_benchmark_levels', 'product_quotas', 'emission_factors', 'emission_factor_map',
             'grid_emission_factors', 'dual_control_targets', 'cn_holidays', 'authorities',
             'credit_fields', 'notice_texts']
for i, name in enumerate(ref_files):
    with open('data/%s.csv' % name, 'rb') as f:
        put('refdata', name, bytes([i]) + f.read())
with open('data/rules.csv', 'rb') as f:
    put('refdata', 'user_rules_file', bytes([len(ref_files)]) + f.read())
put('refdata', 'user_coef_file', bytes([len(ref_files) + 1]) +
    'energy_type,unit,tce_per_unit,source\nraw_coal,t,0.7143,GB/T 2589\nelectricity,MWh,0.1229\n'
    'natural_gas,km3,1.2143000001,x\n'.encode())
put('refdata', 'user_coef_gbk', bytes([len(ref_files) + 1]) +
    '能源品种,单位,折标系数\n原煤,吨,0.7143\n'.encode('gbk'))
put('refdata', 'city_params_bom_crlf', b'\x00\xef\xbb\xbf' +
    open('data/city_params.csv', 'rb').read().replace(b'\n', b'\r\n'))
put('refdata', 'rules_empty', bytes([1]))
put('refdata', 'holidays_header_only', bytes([17]) + b'date,kind,name,source\n')

# fuzz_calendar: holiday notices as a city imports them
with open('data/cn_holidays.csv', 'rb') as f:
    holidays = f.read()
put('calendar', 'cn_holidays.csv', holidays)
notice = ('date,kind,name,source\n2027-01-01,holiday,元旦,TEST fixture (not a State Council notice)\n'
          '2027-06-09,holiday,端午节,TEST fixture (not a State Council notice)\n')
put('calendar', 'notice_2027.csv', notice)
put('calendar', 'notice_2027_gbk_crlf.csv', notice.replace('\n', '\r\n').encode('gbk'))
put('calendar', 'notice_2027_bom.csv', b'\xef\xbb\xbf' + notice.encode())
put('calendar', 'bad_rows.csv', 'date,kind,name,source\n2027-06-09,holiday,端午节,TEST fixture\n'
    '2027-06-16,workday,端午节,TEST fixture\n2027-06-09,holiday,dup,x\n2027-02-30,holiday,x,y\n'
    '1999-01-01,holiday,x,y\n2027-01-02,vacation,x,y\n2027-01-03,holiday,,\n')
put('calendar', 'gap_years.csv', 'date,kind,name,source\n2027-01-01,holiday,元旦,x\n2029-01-01,holiday,元旦,x\n')
put('calendar', 'workday_only.csv', 'date,kind,name,source\n2028-01-08,workday,春节,x\n')
put('calendar', 'reordered.csv', 'source,name,kind,date\nx,元旦,holiday,2027-01-01\n')
put('calendar', 'empty.csv', '')

def inline_xlsx(rows):
    cells = []
    for r, row in enumerate(rows, 1):
        cs = ''.join('<c r="%s%d" t="inlineStr"><is><t>%s</t></is></c>' % (chr(65 + i), r, v)
                     for i, v in enumerate(row))
        cells.append('<row r="%d">%s</row>' % (r, cs))
    sheet = '<worksheet %s><sheetData>%s</sheetData></worksheet>' % (ns, ''.join(cells))
    out = {'xl/_rels/workbook.xml.rels': rels.replace(
               '<Relationship Id="rId2" Type="x/worksheet" Target="/xl/worksheets/sheet2.xml"/>', ''),
           'xl/workbook.xml': book.replace('<sheet name="2023" sheetId="2" r:id="rId2"/>', ''),
           'xl/sharedStrings.xml': '<sst %s/>' % ns, 'xl/styles.xml': styles,
           'xl/worksheets/sheet1.xml': sheet}
    import io
    b = io.BytesIO()
    with zipfile.ZipFile(b, 'w', zipfile.ZIP_STORED) as z:
        for k, v in out.items():
            z.writestr(k, v)
    return b.getvalue()

put('calendar', 'notice_2027.xlsx', inline_xlsx([l.split(',') for l in notice.strip().split('\n')]))

# fuzz_route / fuzz_api: every route of the tables (src/http/api_*.c) with its query parameters
import glob
import re
routes = []
for path in sorted(glob.glob('src/http/api_*.c')):
    src = open(path, encoding='utf-8').read()
    for m in re.finditer(r'\{\s*"(GET|POST|PUT|DELETE|PATCH)",\s*"([^"]+)"(.*?)\}\s*,', src, re.S):
        # the fields after the handler: tag, summary, query, sorts (adjacent literals joined)
        toks = re.findall(r'((?:"(?:[^"\\]|\\.)*"\s*)+|\bNULL\b)', m.group(3))
        toks = ['' if t == 'NULL' else ''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', t)) for t in toks]
        query = toks[2] if len(toks) > 2 else ''
        sorts = toks[3] if len(toks) > 3 else ''
        routes.append((m.group(1), m.group(2), query, sorts))
values = {'year': '2024', 'district': '150302', 'q': '焦化', 'uscc': '91150302692158377F',
          'as_of': '2026-12-08', 'month': '2025-06', 'status': 'open', 'page': '2', 'per_page': '50'}
params = {'id': '1', 'uscc': '91150302692158377F', 'year': '2024', 'code': '150302',
          'token': 'abc', 'kind': 'energy', 'name': 'rules.csv', 'batch': '1', 'fid': 'F-1'}
for i, (method, pattern, query, sorts) in enumerate(routes):
    path = re.sub(r'\{(\w+)\}', lambda m: params.get(m.group(1), 'x'), pattern)
    q = [k + '=' + values.get(k, '1') for k in query.split(',') if k]
    if sorts:
        q.append('sort=-' + sorts.split(',')[0])
    target = path + ('?' + '&'.join(q) if q else '')
    put('route', 'r%03d' % i, '%s %s\n' % (method, target))
for name, line in {
    'pct': 'GET /api/v1/enterprises/%39%31%31?q=%E7%84%A6%E5%8C%96+x&page=%31',
    'pct_slash': 'GET /api/v1/enterprises/a%2Fb',
    'pct_nul': 'GET /api/v1/enterprises/a%00b',
    'double': 'GET /api/v1/cases?page=1&page=2&per_page=501&sort=--x',
    'head': 'HEAD /api/v1/enterprises?per_page=0',
    'trailing': 'GET /api/v1/enterprises/?page=99999999999999999999',
    'bad_as_of': 'GET /api/v1/cases?as_of=2024-02-30',
    'empty': '',
    'odd_method': 'BREW /api/v1/session',
}.items():
    put('route', name, line + '\n')

# fuzz/route.dict: HTTP query syntax, methods, every path segment and query name of the tables
words = {'?', '&', '=', '%', '%2F', '%25', '%00', '%E7%84%A6', '+', '/', '//', '..', 'page=', 'per_page=',
         'sort=', 'sort=-', 'as_of=', 'GET ', 'POST ', 'PUT ', 'DELETE ', 'HEAD ', 'PATCH '}
for method, pattern, query, sorts in routes:
    words.update('/' + seg for seg in pattern.split('/') if seg)
    words.update(k + '=' for k in query.split(',') if k)
    words.update(sorts.split(',') if sorts else [])
with open('fuzz/route.dict', 'w') as f:
    f.write('# fuzz_route / fuzz_api: generated by fuzz/seeds.py from the route tables\n')
    for w in sorted(words):
        f.write('"%s"\n' % w.replace('\\', '\\\\').replace('"', '\\"'))

# fuzz_api: requests ("METHOD TARGET", headers, empty line, body; "=====" between requests) on
# the demo city (seed 1, evaluated for 2024): every GET route of the tables, then JSON bodies of
# each route family as the HTTP tests send them
import base64
import json
uscc, unit, fid = '91150302110261367G', 'DJ01', 'c54f5b90406ae40f'
for i, (method, pattern, query, sorts) in enumerate(routes):
    if method != 'GET':
        continue
    path = re.sub(r'\{(\w+)\}', lambda m: {'uscc': uscc, 'finding_id': fid}.get(m.group(1), params.get(m.group(1), '1')),
                  pattern)
    q = [k + '=' + values.get(k, '1') for k in query.split(',') if k]
    put('api', 'get%03d' % i, '%s %s%s\n' % (method, path, '?' + '&'.join(q) if q else ''))

def req(method, target, body=None, headers=()):
    text = '%s %s\n' % (method, target)
    for h in headers:
        text += h + '\n'
    text += '\n'
    if body is not None:
        text += body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)
    return text

def b64(s):
    return base64.b64encode(s if isinstance(s, bytes) else s.encode()).decode()

pdf = b64('%PDF-1.4 order\n')
open_case = req('POST', '/api/v1/cases', {'case_type': 'environment', 'uscc': uscc, 'opened_on': '2026-02-03'})
seqs = {
    'case_open': [open_case],
    'case_open_finding': [req('POST', '/api/v1/cases', {'case_type': 'environment', 'uscc': uscc, 'finding_id': fid})],
    'case_open_unit': [req('POST', '/api/v1/cases', {'case_type': 'industrial_policy', 'uscc': uscc,
                                                     'equipment_id': unit, 'opened_on': '2026-03-01', 'reason': '淘汰类'})],
    'case_act_docs': [open_case, req('POST', '/api/v1/cases/1/actions', {
        'event': 'order_suspend', 'on_date': '2026-11-02', 'reason': '超标排放',
        'documents': [{'doc': 'order', 'name': 'order-1.pdf', 'content_base64': pdf},
                      {'doc': 'inspection', 'name': '../../x.pdf', 'content_base64': pdf}]}),
        req('GET', '/api/v1/cases/1')],
    'case_act_elf': [open_case, req('POST', '/api/v1/cases/1/actions', {
        'event': 'order_suspend', 'documents': [{'doc': 'order', 'name': 'x.pdf', 'content_base64': b64(b'\x7fELF\x02\x01\x01')}]})],
    'case_act_badb64': [open_case, req('POST', '/api/v1/cases/1/actions', {
        'event': 'order_suspend', 'documents': [{'doc': 'order', 'content_base64': '%%%'}]})],
    'case_extension': [req('POST', '/api/v1/cases', {'case_type': 'energy_quota', 'uscc': uscc, 'opened_on': '2026-04-03'}),
                       req('POST', '/api/v1/cases/1/actions', {'event': 'order_rectification', 'on_date': '2026-04-05',
                           'documents': [{'doc': 'order', 'content_base64': pdf}, {'doc': 'inspection', 'content_base64': pdf}]}),
                       req('POST', '/api/v1/cases/1/actions', {'event': 'request_extension', 'fields': {'months': 2},
                           'documents': [{'doc': 'application', 'content_base64': pdf}]})],
    'case_notice': [open_case, req('POST', '/api/v1/cases/1/notices', {'kind': 'rectification'})],
    'case_resettle': [open_case, req('POST', '/api/v1/cases/1/resettlement/headcount', {'contract': 100, 'dispatched': 15, 'near_retirement': 5, 'on': '2026-03-01', 'document': '职工花名册'}),
                      req('POST', '/api/v1/cases/1/resettlement/steps', {'kind': 'resettlement', 'step': 'plan', 'on': '2026-03-02', 'status': 'approved', 'approved_by': '职代会', 'document': 'x'}),
                      req('POST', '/api/v1/cases/1/resettlement/outcomes', {'worker_group': 'contract', 'outcome': 'reemployed', 'count': 3, 'on': '2026-03-05'})],
    'plan': [req('POST', '/api/v1/plans', {'year': 2026, 'uscc': uscc, 'equipment_id': unit, 'planned_on': '2026-06-30',
                                           'measure': 'dismantle', 'capacity': 12.5})],
    'plan_bad': [req('POST', '/api/v1/plans', {'year': 2026, 'uscc': uscc, 'equipment_id': 'NO-SUCH', 'planned_on': 'soon'})],
    'plan_notice': [req('POST', '/api/v1/plans/notices', {'kind': 'district-notice', 'district_code': '150302', 'year': 2026})],
    'evaluation_bad': [req('POST', '/api/v1/evaluations', {'year': 'x'})],
    'evaluation_date': [req('POST', '/api/v1/evaluations', {'year': 2025, 'as_of': '2025-02-30'})],
    'surcharge': [req('POST', '/api/v1/surcharges', {'month': '06/2025'})],
    'tick': [req('POST', '/api/v1/tick', {'as_of': '2025-03-10'})],
    'publication': [req('POST', '/api/v1/publications', {'list': 'rectifying', 'year': 2026})],
    'credit_repair': [req('POST', '/api/v1/credit/repairs', {'record': '1-1', 'step': 'repair_approve', 'on': '2026-12-07', 'note': '整改到位'})],
    'credit_joint': [req('POST', '/api/v1/credit/joint-actions', {'record': '1-1', 'measure': 'land_supply', 'on': '2026-12-07',
                                                                  'document': '乌自然资函〔2026〕5号'})],
    'credit_authority': [req('POST', '/api/v1/credit/authority', {'uscc': uscc, 'kind': 'punish'})],
    'credit_support': [req('POST', '/api/v1/credit/support', {'uscc': uscc, 'category': 'voluntary_exit', 'amount': 100000, 'on': '2026-12-01', 'document': 'x'})],
    'public_report': [req('POST', '/api/v1/public/reports', {'category': 'exited_producing', 'enterprise': '内蒙古振华树脂有限责任公司', 'uscc': uscc, 'place': '海南区', 'seen_on': '2026-12-01', 'seen': '夜间偷排', 'contact': '13800000000'})],
    'public_form': [req('POST', '/public/report', 'category=sealed_running&enterprise=x&place=y&seen_on=2026-12-01&uscc=%s&seen=%%E5%%81%%B7%%E6%%8E%%92&contact=x' % uscc,
                        ['Content-Type: application/x-www-form-urlencoded'])],
    'report_act': [req('POST', '/api/v1/public/reports', {'category': 'sealed_running', 'enterprise': '振华', 'place': 'x', 'seen': 'x', 'seen_on': '2026-12-01'}),
                   req('POST', '/api/v1/reports/1/actions', {'action': 'accept', 'note': 'ok'})],
    'import_csv': [req('POST', '/api/v1/imports?kind=districts&file_name=d.csv', 'code,name,parent_code,level\n150000,内蒙古自治区,,province\n')],
    'import_energy': [req('POST', '/api/v1/imports?kind=energy&file_name=e.xlsx&encoding=gbk',
                          'uscc,year,month,energy_type,quantity,unit\n%s,2024,1,raw_coal,1234.567,t\n' % uscc)],
    'logout': [req('DELETE', '/api/v1/session')],
    'district_scope': [req('GET', '/api/v1/enterprises?district=150303', None, ['X-Fuzz-Roles: district', 'X-Fuzz-District: 150302'])],
    'etag': [req('GET', '/api/v1/districts', None, ['If-None-Match: "x"'])],
    'json_edge': [req('POST', '/api/v1/cases', '{"case_type":"environment","uscc":"%s","uscc":"dup"}' % uscc),
                  req('POST', '/api/v1/cases', '[1,2,3]'), req('POST', '/api/v1/cases', '{"case_type":1e999,"uscc":null}'),
                  req('POST', '/api/v1/cases', '{"case_type":"\\u0000environment","uscc":"\\ud800"}')],
}
for name, rs in seqs.items():
    put('api', name, '\n=====\n'.join(r.rstrip('\n') if i < len(rs) - 1 else r for i, r in enumerate(rs)))
