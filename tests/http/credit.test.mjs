// credit.test.mjs: issue 15 §1-3 against the real server on the demo city with its activity —
// credit records scoped like the registry, the repair flow (city bureau only; refused too
// early; approved: withdrawn), the file for the credit platform (audited), each department's
// joint-punishment list (its own measures only; recording another's refused), and the banks'
// two lists with an audit entry per download.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, cli, sql, isError, OWN_DISTRICT } from './lib.mjs';

let db, srv, c = {};
const AS_OF = '2027-12-31';
before(async () => {
  db = demoDb('credit');
  cli(['demo', '--db', db.dsn, '--activity', '--as-of', '2026-12-07']);
  srv = await startServer(db.dsn);
  for (const u of ['city', 'district', 'bank', 'market', 'natres', 'auditor', 'drc']) c[u] = await as(srv.url, u);
});
after(async () => { await srv?.stop(); db?.drop(); });

const audits = action => Number(sql(db.dsn, `SELECT count(*) FROM audit_log WHERE action = '${action}'`));

test('credit records: every field of the standard, scoped like the registry; the bank sees none', async () => {
  const r = await c.city.get(`/api/v1/credit/records?as_of=${AS_OF}&per_page=100`);
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 5);
  const f = await c.city.get('/api/v1/credit/fields');
  const keys = f.body.fields.map(x => x.key);
  for (const rec of r.body.items) assert.deepEqual(Object.keys(rec.fields), keys, rec.id);
  assert.deepEqual(r.body.items.map(x => x.status).sort(), ['public', 'public', 'public', 'public', 'withdrawn']);
  const incomplete = r.body.items.filter(x => !x.complete);
  assert.equal(incomplete.length, 1);
  assert.deepEqual(incomplete[0].problems.map(p => p.field), ['decision_number']);
  const d = await c.district.get(`/api/v1/credit/records?as_of=${AS_OF}&per_page=100`);
  assert.equal(d.status, 200);
  assert.ok(d.body.items.every(x => x.district_code === OWN_DISTRICT));
  assert.equal(d.body.total, r.body.items.filter(x => x.district_code === OWN_DISTRICT).length);
  assert.equal((await c.bank.get('/api/v1/credit/records')).status, 403);
  const bad = await c.city.get('/api/v1/credit/records?as_of=2027-02-30');
  assert.equal(bad.status, 422);
  assert.ok(isError(bad.body, 'invalid'));
});

test('repair: the city bureau only; too early refused; approved, the record is withdrawn and exported so', async () => {
  const all = (await c.city.get(`/api/v1/credit/records?as_of=${AS_OF}&status=public&per_page=100`)).body.items;
  const rec = all.find(x => x.complete);
  const early = new Date(Date.parse(rec.repair_from) - 86400000).toISOString().slice(0, 10);
  const body = { record: rec.id, step: 'repair_apply', on: early, note: '已整改', proof: '验收报告' };
  const no = await c.auditor.post('/api/v1/credit/repairs', body);
  assert.equal(no.status, 403);
  const tooEarly = await c.city.post('/api/v1/credit/repairs', body);
  assert.equal(tooEarly.status, 422);
  assert.match(tooEarly.body.message_zh, new RegExp(`最短公示期未满：${rec.repair_from}`));
  const applied = await c.city.post('/api/v1/credit/repairs', { ...body, on: rec.repair_from });
  assert.equal(applied.status, 200);
  assert.equal(applied.body.status, 'repair_requested');
  const approved = await c.city.post('/api/v1/credit/repairs', { record: rec.id, step: 'repair_approve', on: rec.repair_from, note: '整改到位' });
  assert.equal(approved.status, 200);
  assert.equal(approved.body.status, 'withdrawn');
  assert.equal(approved.body.withdrawn_on, rec.repair_from);

  const before = audits('credit.export');
  const ex = await c.city.get(`/api/v1/credit/export?as_of=${AS_OF}&format=json`);
  assert.equal(ex.status, 200);
  const doc = JSON.parse(ex.bytes.toString('utf8'));
  assert.deepEqual(doc.records.filter(x => x.record_id === rec.id).map(x => x.op), ['withdraw']);
  assert.equal(doc.incomplete.length, 1);
  assert.equal(audits('credit.export'), before + 1, 'the export is audited');
  const csv = await c.city.get(`/api/v1/credit/export?as_of=${AS_OF}&format=csv`);
  assert.match(csv.headers.get('content-type'), /text\/csv/);
  assert.equal(csv.bytes.subarray(0, 3).toString('hex'), 'efbbbf');
  assert.equal((await c.market.get('/api/v1/credit/export')).status, 403);
});

test('joint punishment: each department its own measures and records what it did', async () => {
  const m = await c.market.get(`/api/v1/credit/joint?as_of=2026-12-07&per_page=100`);
  assert.equal(m.status, 200);
  assert.ok(m.body.total > 0);
  assert.deepEqual([...new Set(m.body.items.map(x => x.measure))], ['production_licence']);
  assert.equal((await c.market.get('/api/v1/credit/joint?department=natres')).status, 403);
  const n = await c.natres.get(`/api/v1/credit/joint?as_of=2026-12-07&per_page=100`);
  assert.deepEqual([...new Set(n.body.items.map(x => x.measure))], ['land_supply']);
  const all = await c.city.get(`/api/v1/credit/joint?as_of=2026-12-07&per_page=100`);
  assert.equal(new Set(all.body.items.map(x => x.measure)).size, 9, 'the city sees every measure');
  const rec = n.body.items[0].record;
  const other = await c.natres.post('/api/v1/credit/joint-actions', { record: rec, measure: 'production_licence', on: '2026-12-07', document: 'X' });
  assert.equal(other.status, 403);
  const done = await c.natres.post('/api/v1/credit/joint-actions', { record: rec, measure: 'land_supply', on: '2026-12-07', document: '乌自然资函〔2026〕5号' });
  assert.equal(done.status, 200, JSON.stringify(done.body));
  const again = await c.natres.get(`/api/v1/credit/joint?as_of=2026-12-07&per_page=100`);
  assert.equal(again.body.items.find(x => x.record === rec).actions[0].document, '乌自然资函〔2026〕5号');
  assert.equal(sql(db.dsn, `SELECT role FROM joint_action WHERE document = '乌自然资函〔2026〕5号'`), 'natres');
  const before = audits('credit.joint_download');
  const x = await c.natres.get('/api/v1/credit/joint/download?as_of=2026-12-07&format=xlsx');
  assert.equal(x.status, 200);
  assert.equal(x.bytes.subarray(0, 2).toString(), 'PK');
  assert.equal(audits('credit.joint_download'), before + 1);
  assert.equal((await c.bank.get('/api/v1/credit/joint')).status, 403);
});

test('bank lists: restrict and support with reason and date; every download audited', async () => {
  const r = await c.bank.get('/api/v1/credit/bank-lists?list=restrict&as_of=2026-12-07');
  assert.equal(r.status, 200);
  assert.ok(r.body.total >= 2);
  for (const row of r.body.items) { assert.match(row.uscc, /^[0-9A-Z]{18}$/); assert.ok(row.reason_zh && row.since); }
  const s = await c.bank.get('/api/v1/credit/bank-lists?list=support&as_of=2026-12-07');
  assert.equal(s.body.total, 2);
  assert.ok(s.body.items.every(x => x.reason_zh.length > 0 && /^\d{4}-\d\d-\d\d$/.test(x.since)));
  const before = audits('credit.bank_download');
  const csv = await c.bank.get('/api/v1/credit/bank-lists/download?list=restrict&as_of=2026-12-07&format=csv');
  assert.equal(csv.status, 200);
  const text = csv.bytes.toString('utf8');
  assert.match(text, /^\ufeff序号,企业名称,统一社会信用代码/);
  assert.equal(text.trim().split('\r\n').length, r.body.total + 1);
  const xlsx = await c.bank.get('/api/v1/credit/bank-lists/download?list=support&format=xlsx');
  assert.equal(xlsx.bytes.subarray(0, 2).toString(), 'PK');
  assert.equal(audits('credit.bank_download'), before + 2);
  assert.equal(sql(db.dsn, "SELECT actor FROM audit_log WHERE action = 'credit.bank_download' ORDER BY id DESC LIMIT 1"), 'web:bank');
  const bad = await c.bank.get('/api/v1/credit/bank-lists?list=everyone');
  assert.equal(bad.status, 400);
});
