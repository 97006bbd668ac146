// import.test.mjs: file uploads (all or nothing, row diagnostics, GBK, re-import unchanged), district
// officers confined to their district, batches, kinds.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoDb, startServer, as, isError, sql, cli, OWN_DISTRICT, OTHER_DISTRICT } from './lib.mjs';

let db, srv, dir, lines;
const count = (table) => Number(sql(db.dsn, `SELECT count(*) FROM ${table}`));
const upload = (c, q, bytes) => c.req('POST', `/api/v1/imports?${new URLSearchParams(q)}`, undefined, { raw: bytes });

before(async () => {
  db = demoDb('import');
  srv = await startServer(db.dsn);
  dir = mkdtempSync(path.join(tmpdir(), 'phaseout-import-test-'));
  const out = path.join(dir, 'licences.csv');
  cli(['export', '--db', db.dsn, '--kind', 'licences', '--format', 'csv', '--out', out]);
  lines = readFileSync(out, 'utf8').replace(/^\ufeff/, '').trimEnd().split(/\r?\n/);
});
after(async () => { await srv?.stop(); db?.drop(); if (dir) rmSync(dir, { recursive: true, force: true }); });

// The export with one more licence: the last row again under a new number (and issuer).
function withNewRow(number, issuer) {
  const f = lines[lines.length - 1].split(',');
  f[2] = number;
  f[3] = issuer;
  return [...lines, f.join(',')].join('\n') + '\n';
}

test('a file with errors in its last row: 422 with row/column details, nothing written', async () => {
  const c = await as(srv.url, 'city');
  const before = { lic: count('licence'), batches: count('import_batch'), audit: count('audit_log') };
  const f = lines[lines.length - 1].split(',');
  f[4] = '2025-13-45'; // valid_from
  f[6] = 'bogus'; // status
  const bad = [...lines.slice(0, -1), f.join(',')].join('\n') + '\n';
  const r = await upload(c, { kind: 'licences', file_name: 'uploads/坏文件.csv' }, Buffer.from(bad));
  assert.equal(r.status, 422);
  assert.ok(isError(r.body, 'invalid'));
  assert.equal(r.body.total_errors, 2);
  assert.match(r.body.message_en, /2 error/);
  assert.equal(r.body.details.length, 2);
  for (const d of r.body.details) {
    assert.equal(d.file, '坏文件.csv', 'the user\'s file name, not the temporary path');
    assert.equal(d.row, lines.length, 'the last row (the header is row 1)');
    assert.ok(d.message_zh && d.message_en);
  }
  assert.deepEqual(r.body.details.map((d) => [d.column, d.value]).sort(), [['status', 'bogus'], ['valid_from', '2025-13-45']]);
  assert.deepEqual({ lic: count('licence'), batches: count('import_batch'), audit: count('audit_log') }, before);
});

test('a good file: counts from the database; the same file again: all unchanged', async () => {
  const c = await as(srv.url, 'sysadmin');
  const n = count('licence');
  const body = Buffer.from(withNewRow('TEST-UTF8-001', '乌海市应急管理局'));
  const r = await upload(c, { kind: 'licences', file_name: 'licences.csv' }, body);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.kind, 'licences');
  assert.equal(r.body.file_name, 'licences.csv');
  assert.equal(r.body.rows, lines.length);
  assert.equal(r.body.inserted, 1);
  assert.equal(r.body.updated, 0);
  assert.equal(r.body.unchanged, lines.length - 1);
  assert.equal(count('licence'), n + 1);
  const again = await upload(c, { kind: 'licences', file_name: 'licences.csv' }, body);
  assert.equal(again.status, 200);
  assert.deepEqual([again.body.inserted, again.body.updated, again.body.unchanged], [0, 0, lines.length]);
  assert.equal(count('licence'), n + 1);
  // the batch and its audit row name the user and the file
  const list = await c.get('/api/v1/imports?per_page=2');
  assert.equal(list.status, 200);
  assert.equal(list.body.total, count('import_batch'));
  const [last, prev] = list.body.items;
  assert.ok(last.id > prev.id, 'newest first');
  assert.equal(last.actor, 'web:sysadmin');
  assert.equal(last.file_name, 'licences.csv');
  assert.equal(last.unchanged, lines.length);
  assert.equal(sql(db.dsn, "SELECT actor || ' ' || object FROM audit_log WHERE action = 'import' ORDER BY id DESC LIMIT 1"),
    'web:sysadmin licences:licences.csv');
});

test('a GBK-encoded CSV imports with its Chinese text intact', async () => {
  const c = await as(srv.url, 'city');
  const gbk = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GBK'], { input: withNewRow('TEST-GBK-001', '乌海市市场监督管理局') });
  for (const q of [{ encoding: 'gbk' }, {}]) { // given, then sniffed
    const r = await upload(c, { kind: 'licences', file_name: '许可证.csv', ...q }, gbk);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.body.format, /gb/);
  }
  assert.equal(sql(db.dsn, "SELECT issuer FROM licence WHERE number = 'TEST-GBK-001'"), '乌海市市场监督管理局');
});

test('an XLSX upload is read as XLSX by its file name', async () => {
  const c = await as(srv.url, 'city');
  const out = path.join(dir, 'licences.xlsx');
  cli(['export', '--db', db.dsn, '--kind', 'licences', '--format', 'xlsx', '--out', out]);
  const r = await upload(c, { kind: 'licences', file_name: 'licences.xlsx' }, readFileSync(out));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.format, 'xlsx');
  assert.equal(r.body.unchanged, count('licence'));
});

test('bad requests: unknown kind, no file name', async () => {
  const c = await as(srv.url, 'city');
  const a = await upload(c, { kind: 'nope', file_name: 'x.csv' }, Buffer.from('a\n'));
  assert.equal(a.status, 400);
  assert.equal(a.body.details[0].field, 'kind');
  const b = await upload(c, { kind: 'licences' }, Buffer.from('a\n'));
  assert.equal(b.status, 400);
  assert.equal(b.body.details[0].field, 'file_name');
});

// The export's rows whose enterprise is registered in district (the header first).
function rowsOf(district) {
  const own = new Set(sql(db.dsn, `SELECT uscc FROM enterprise WHERE district_code = '${district}'`).split('\n'));
  const col = lines[0].split(',').indexOf('uscc');
  return [lines[0], ...lines.slice(1).filter((l) => own.has(l.split(',')[col]))];
}

test('a district officer imports its own district\'s enterprises\' rows', async () => {
  const c = await as(srv.url, 'district');
  const own = rowsOf(OWN_DISTRICT);
  assert.ok(own.length > 2, 'the demo has licences in the district');
  const r = await upload(c, { kind: 'licences', file_name: '本区许可证.csv' }, Buffer.from(own.join('\n') + '\n'));
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.rows, own.length - 1);
  assert.equal(r.body.unchanged, own.length - 1);
  const last = (await c.get('/api/v1/imports?per_page=1')).body.items[0];
  assert.deepEqual([last.actor, last.file_name], ['web:district', '本区许可证.csv']);
});

test('a district officer\'s file with one other district\'s row: 422 naming the row, nothing written', async () => {
  const c = await as(srv.url, 'district');
  const before = { lic: count('licence'), batches: count('import_batch'), audit: count('audit_log') };
  // the district's own rows, each under a new number (so a wrong write would show), and one of
  // OTHER_DISTRICT's in the middle
  const own = rowsOf(OWN_DISTRICT).slice(0, 4).map((l, i) => {
    if (i === 0) return l;
    const f = l.split(',');
    f[2] = `TEST-SCOPE-${i}`;
    return f.join(',');
  });
  const other = rowsOf(OTHER_DISTRICT)[1];
  const file = [...own.slice(0, 2), other, ...own.slice(2)];
  const uscc = other.split(',')[lines[0].split(',').indexOf('uscc')];
  const r = await upload(c, { kind: 'licences', file_name: 'mixed.csv' }, Buffer.from(file.join('\n') + '\n'));
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.ok(isError(r.body, 'invalid'));
  assert.equal(r.body.total_errors, 1);
  const [d] = r.body.details;
  assert.deepEqual([d.file, d.row, d.column, d.value], ['mixed.csv', 3, 'uscc', uscc]);
  assert.equal(d.message_zh, `该企业不属于您的辖区 ${OWN_DISTRICT}`);
  assert.equal(d.message_en, `this enterprise is not in your district ${OWN_DISTRICT}`);
  assert.deepEqual({ lic: count('licence'), batches: count('import_batch'), audit: count('audit_log') }, before);
  assert.equal(count("licence WHERE number LIKE 'TEST-SCOPE-%'"), 0);
  // the same file from the city bureau goes in: the scope is the officer's, not the file's
  const city = await as(srv.url, 'city');
  const ok = await upload(city, { kind: 'licences', file_name: 'mixed.csv' }, Buffer.from(file.join('\n') + '\n'));
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(count("licence WHERE number LIKE 'TEST-SCOPE-%'"), 3);
});

test('a district officer cannot move an enterprise across the district\'s border, nor import city-wide kinds', async () => {
  const c = await as(srv.url, 'district');
  const row = sql(db.dsn, `SELECT uscc || ',' || name || ',' || industry_code FROM enterprise WHERE district_code = '${OTHER_DISTRICT}' AND uscc_override_reason IS NULL ORDER BY uscc LIMIT 1`).split(',');
  const file = `uscc,name,district_code,industry_code\n${row[0]},${row[1]},${OWN_DISTRICT},${row[2]}\n`;
  const r = await upload(c, { kind: 'enterprises', file_name: 'e.csv' }, Buffer.from(file));
  assert.equal(r.status, 422, JSON.stringify(r.body));
  assert.deepEqual(r.body.details.map((d) => [d.row, d.column, d.value]), [[2, 'uscc', row[0]]]);
  assert.equal(sql(db.dsn, `SELECT district_code FROM enterprise WHERE uscc = '${row[0]}'`), OTHER_DISTRICT);
  const kinds = (await c.get('/api/v1/imports/kinds')).body.items;
  for (const k of kinds.filter((x) => !x.per_enterprise).map((x) => x.kind)) {
    const t = await upload(c, { kind: k, file_name: `${k}.csv` }, Buffer.from('code,name\n1,x\n'));
    assert.equal(t.status, 403, k);
    assert.ok(isError(t.body, 'forbidden'));
    assert.match(t.body.message_en, new RegExp(k));
  }
  assert.deepEqual(kinds.filter((x) => !x.per_enterprise).map((x) => x.kind).sort(), ['districts', 'industries', 'resettlement', 'targets']);
});

test('roles without the import permission cannot import', async () => {
  const n = count('import_batch');
  for (const user of ['bank', 'auditor', 'secadmin']) {
    const c = await as(srv.url, user);
    const r = await upload(c, { kind: 'licences', file_name: 'l.csv' }, Buffer.from(lines.join('\n')));
    assert.equal(r.status, 403, user);
    assert.ok(isError(r.body, 'forbidden'));
  }
  assert.equal(count('import_batch'), n);
});

test('kinds: every kind the importer accepts, with its columns', async () => {
  const c = await as(srv.url, 'sysadmin');
  const r = await c.get('/api/v1/imports/kinds');
  assert.equal(r.status, 200);
  const kinds = Object.fromEntries(r.body.items.map((k) => [k.kind, k]));
  for (const k of ['districts', 'enterprises', 'equipment', 'energy', 'licences', 'targets', 'meter'])
    assert.ok(kinds[k], k);
  const header = lines[0].split(',');
  assert.deepEqual(kinds.licences.columns.map((x) => x.name), header, 'the export\'s columns');
  const uscc = kinds.licences.columns.find((x) => x.name === 'uscc');
  assert.equal(uscc.required, true);
  assert.ok(kinds.licences.columns.find((x) => x.name === 'status').values.includes('revoked'));
  assert.equal(kinds.equipment.parameter_columns, true);
});
