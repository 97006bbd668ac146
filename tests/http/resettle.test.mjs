// resettle.test.mjs: worker resettlement over HTTP (issue 15 §5) on the demo city with its
// activity — a case's headcount, plans and outcomes; the list and the totals, scoped to a
// district officer's district; steps refused with their reason; exact amounts as text; only
// those who act on cases record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, isError, sql, cli } from './lib.mjs';

let db, srv, city, district, bank;
before(async () => {
  db = demoDb('resettle');
  cli(['demo', '--db', db.dsn, '--activity', '--as-of', '2026-06-15']);
  srv = await startServer(db.dsn);
  city = await as(srv.url, 'city');
  district = await as(srv.url, 'district');
  bank = await as(srv.url, 'bank');
});
after(async () => { await srv?.stop(); db?.drop(); });

test('the list and the totals: the city is the sum of its districts; a district sees its own', async () => {
  const all = await city.get('/api/v1/resettlement?per_page=200');
  assert.equal(all.status, 200);
  assert.ok(all.body.items.length > 0);
  for (const s of ['draft', 'submitted', 'approved', 'executing', 'done'])
    assert.ok(all.body.items.some((r) => r.resettlement === s), s);
  const t = (await city.get('/api/v1/resettlement/totals')).body;
  const sum = (k) => t.districts.reduce((n, d) => n + d[k], 0);
  assert.equal(sum('amount_fen'), t.city.amount_fen);
  assert.equal(sum('cases'), t.city.cases);
  assert.match(t.city.amount, /^\d+\.\d\d$/);
  const mine = await district.get('/api/v1/resettlement?per_page=200');
  assert.ok(mine.body.items.length > 0);
  assert.ok(mine.body.items.every((r) => r.district_code === '150302'));
  const dt = (await district.get('/api/v1/resettlement/totals')).body;
  assert.deepEqual(dt.districts.map((d) => d.district_code), ['150302']);
  const other = all.body.items.find((r) => r.district_code !== '150302');
  assert.equal((await district.get(`/api/v1/cases/${other.case_id}/resettlement`)).status, 404);
});

test('a case: plan steps checked, outcomes exact, recorded only by those who act on cases', async () => {
  const id = Number(sql(db.dsn, `SELECT min(c.id) FROM case_file c JOIN enterprise e ON e.uscc = c.uscc
    WHERE e.district_code = '150302' AND NOT EXISTS (SELECT 1 FROM resettlement_plan_event p WHERE p.case_id = c.id)`));
  const base = `/api/v1/cases/${id}/resettlement`;
  let r = await district.get(base);
  assert.equal(r.status, 200);
  assert.equal(r.body.plans.resettlement.status, 'none');
  assert.equal(r.body.plans.resettlement.name_zh, '职工安置方案');
  assert.equal((await bank.post(`${base}/steps`, { kind: 'resettlement', status: 'draft', on: '2026-06-01' })).status, 403);
  assert.equal((await district.post(`${base}/steps`, { kind: 'resettlement', status: 'draft', on: '2026-06-01' })).status, 201);
  r = await district.post(`${base}/steps`, { kind: 'resettlement', status: 'submitted', on: '2026-06-02' });
  assert.equal(r.status, 422);
  assert.ok(isError(r.body, 'invalid'));
  assert.match(r.body.message_en, /document/);
  r = await district.post(`${base}/steps`, { kind: 'resettlement', status: 'approved', on: '2026-06-02', approved_by: 'congress', document: '决议' });
  assert.equal(r.status, 422);
  assert.match(r.body.message_zh, /职工安置方案当前为“草案”/);
  assert.equal((await district.post(`${base}/steps`, { kind: 'resettlement', status: 'submitted', on: '2026-06-02', document: '送审稿' })).status, 201);
  r = await district.post(`${base}/steps`, { kind: 'resettlement', status: 'approved', on: '2026-06-03', approved_by: 'district', document: '区政府批复' });
  assert.equal(r.status, 201);
  assert.equal(r.body.plans.resettlement.status, 'approved');
  assert.equal(r.body.plans.resettlement.approved_by, 'district');
  assert.equal(r.body.plans.resettlement.steps.length, 3);
  assert.equal((await district.post(`${base}/headcount`, { contract: 30, dispatched: 4, near_retirement: 2, on: '2026-06-01' })).status, 201);
  r = await district.post(`${base}/outcomes`, { worker_group: 'contract', outcome: 'compensated', workers: 3, amount: 1234.5, on: '2026-06-04' });
  assert.equal(r.status, 422, 'a JSON number is not money');
  r = await district.post(`${base}/outcomes`, { worker_group: 'contract', outcome: 'compensated', workers: 3, amount: '1234.567', on: '2026-06-04' });
  assert.equal(r.status, 422);
  r = await district.post(`${base}/outcomes`, { worker_group: 'contract', outcome: 'compensated', workers: 3, amount: '1234.50', on: '2026-06-04' });
  assert.equal(r.status, 201);
  assert.equal(r.body.amount, '1234.50');
  assert.equal(r.body.headcount.total, 36);
  assert.deepEqual(r.body.outcomes.map((o) => [o.worker_group, o.outcome, o.workers, o.amount]), [['contract', 'compensated', 3, '1234.50']]);
  assert.equal(Number(sql(db.dsn, `SELECT count(*) FROM audit_log WHERE object = 'case/${id}' AND action LIKE 'resettle.%'`)), 5);
});
