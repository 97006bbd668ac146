// template.test.mjs: GET /api/v1/imports/templates/{kind} — the XLSX a bureau user fills in, with a
// Chinese file name (RFC 5987 filename*), for those who may import; the downloaded bytes import
// unchanged through POST /api/v1/imports; an unknown kind is 404 in both languages; a bank may not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, isError, sql } from './lib.mjs';

let db, srv;
before(async () => {
  db = demoDb('template');
  srv = await startServer(db.dsn);
});
after(async () => { await srv?.stop(); db?.drop(); });

test('the inspections template downloads as XLSX with a Chinese file name and imports back', async () => {
  const c = await as(srv.url, 'city');
  const r = await c.get('/api/v1/imports/templates/inspections');
  assert.equal(r.status, 200);
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const cd = r.headers.get('content-disposition');
  assert.match(cd, /filename="inspections-template\.xlsx"/);
  assert.ok(cd.includes("filename*=UTF-8''" + encodeURIComponent('检查记录导入模板.xlsx')), cd);
  assert.equal(r.bytes.subarray(0, 2).toString('latin1'), 'PK');
  // the example row's enterprise is examples/'s 卓峰焦化, which the demo city does not hold: add it
  // through the enterprises template first, the way a user would
  const e = await c.get('/api/v1/imports/templates/enterprises');
  const q = (kind, name) => `/api/v1/imports?${new URLSearchParams({ kind, file_name: name })}`;
  const before = Number(sql(db.dsn, "SELECT count(*) FROM inspection WHERE document_no = '乌环罚〔2024〕12号'"));
  assert.equal(before, 0);
  const ie = await c.req('POST', q('enterprises', '企业导入模板.xlsx'), undefined, { raw: e.bytes });
  assert.equal(ie.status, 200, JSON.stringify(ie.body));
  const ii = await c.req('POST', q('inspections', '检查记录导入模板.xlsx'), undefined, { raw: r.bytes });
  assert.equal(ii.status, 200, JSON.stringify(ii.body));
  assert.equal(Number(sql(db.dsn, "SELECT count(*) FROM inspection WHERE document_no = '乌环罚〔2024〕12号'")), 1);
});

test('an unknown kind is 404 in Chinese and English; a bank may not download templates', async () => {
  const c = await as(srv.url, 'city');
  const r = await c.get('/api/v1/imports/templates/nope');
  assert.equal(r.status, 404);
  assert.ok(isError(r.body, 'not_found'), JSON.stringify(r.body));
  assert.match(r.body.message_zh, /没有导入类别/);
  const b = await as(srv.url, 'bank');
  assert.equal((await b.get('/api/v1/imports/templates/energy')).status, 403);
});
