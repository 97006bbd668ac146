// gaps.test.mjs: the 数据待补 work list, GET /api/v1/data-gaps (issue 12): built from the
// cannot-decide findings of the latest run, per enterprise and data item, with what is missing
// in Chinese, since which run, who must supply it and the rules waiting on it; a district
// officer sees their own district only, whatever ?district says; the findings list names what a
// cannot-decide finding waits for; the route is in the OpenAPI document.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, sql, cli, OWN_DISTRICT, OTHER_DISTRICT } from './lib.mjs';

let db, srv, city;
before(async () => {
  db = demoDb('gaps');
  // nobody asked these lime works about their downstream processing
  sql(db.dsn, `UPDATE enterprise SET has_downstream = NULL WHERE id IN (SELECT q.enterprise_id
    FROM equipment q WHERE q.equipment_type IN ('lime_kiln', 'carbide_furnace', 'ferroalloy_sae_furnace'))`);
  srv = await startServer(db.dsn);
  city = await as(srv.url, 'city');
});
after(async () => { await srv?.stop(); db?.drop(); });

const count = q => Number(sql(db.dsn, q));

test('before any evaluation: no run, no items', async () => {
  const r = await city.get('/api/v1/data-gaps');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.run, null);
  assert.equal(r.body.total, 0);
  assert.deepEqual(r.body.items, []);
});

test('the items of the latest run: what, since when, who, the rules waiting', async () => {
  cli(['evaluate', '--db', db.dsn, '--year', '2024', '--out', '/dev/null']);
  const r1 = await city.post('/api/v1/evaluations', { year: 2025 });
  assert.equal(r1.status, 201);
  const r = await city.get('/api/v1/data-gaps');
  assert.equal(r.status, 200);
  assert.equal(r.body.run.id, r1.body.id);
  assert.equal(r.body.run.year, 2025);
  assert.equal(r.body.total, r.body.items.length);
  assert.ok(r.body.total > 0);
  const keys = new Set(sql(db.dsn, `SELECT f.uscc || ' ' || f.missing FROM evaluation_finding f
    WHERE f.run_id = ${r1.body.id} AND f.status = 'cannot_decide' AND f.missing IS NOT NULL`)
    .split('\n').filter(Boolean).flatMap(l => { const [u, m] = l.split(' '); return m.split('|').map(t => `${u} ${t}`); }));
  assert.deepEqual(new Set(r.body.items.map(i => `${i.uscc} ${i.missing}`)), keys, 'one item per enterprise and data item');
  const down = r.body.items.filter(i => i.missing === 'has_downstream');
  assert.ok(down.length > 0, 'the lime / carbide / ferroalloy plants without a recorded downstream');
  for (const i of down) {
    assert.equal(i.missing_zh, '是否有下游产业配套');
    assert.equal(i.supplier_department, 'miit');
    assert.equal(i.supplier_zh, '市工业和信息化局');
    assert.equal(i.since_run, r1.body.id - 1, 'missing since the 2024 run');
    assert.equal(i.since_year, 2024);
    assert.ok(i.rules.some(x => /^PF-INDEP-/.test(x.rule_id)), JSON.stringify(i.rules));
    assert.ok(i.rules.every(x => /^PF-(INDEP-|LOW-END)/.test(x.rule_id)), JSON.stringify(i.rules));
    assert.ok(i.rules.every(x => x.rule_title_zh && x.finding_id));
    assert.ok(i.district_name, 'the district by name');
  }
  // ordered by district, and the per-district counts add up
  const ds = r.body.items.map(i => i.district_code);
  assert.deepEqual(ds, [...ds].sort());
  assert.equal(r.body.districts.reduce((s, d) => s + d.total, 0), r.body.total);
  // each item carries its fact_sources row's source and confidence, so a low one is flagged (待核实)
  assert.ok(r.body.items.every(i => ['high', 'medium', 'low'].includes(i.confidence) && i.source.length > 0));
  assert.ok(r.body.items.filter(i => i.missing === 'loss_review').every(i => i.confidence === 'low'));
  // none of them could open a case
  const f = down[0].rules.find(x => /^PF-INDEP-/.test(x.rule_id)).finding_id;
  const open = await city.post('/api/v1/cases', { type: 'industrial_policy', uscc: down[0].uscc, finding_id: f, reason: 'x' });
  assert.equal(open.status, 422, JSON.stringify(open.body));
  assert.equal(count(`SELECT count(*) FROM case_file WHERE finding_id = '${f}'`), 0);
});

test('?district for the city; a district officer sees their own district only', async () => {
  const all = await city.get('/api/v1/data-gaps');
  const other = await city.get(`/api/v1/data-gaps?district=${OTHER_DISTRICT}`);
  assert.equal(other.status, 200);
  assert.equal(other.body.district, OTHER_DISTRICT);
  assert.ok(other.body.total > 0);
  assert.ok(other.body.items.every(i => i.district_code === OTHER_DISTRICT));
  assert.equal(other.body.total, all.body.items.filter(i => i.district_code === OTHER_DISTRICT).length);
  const officer = await as(srv.url, 'district');
  for (const q of ['', `?district=${OTHER_DISTRICT}`]) {
    const r = await officer.get('/api/v1/data-gaps' + q);
    assert.equal(r.status, 200);
    assert.equal(r.body.district, OWN_DISTRICT);
    assert.ok(r.body.total > 0);
    assert.ok(r.body.items.every(i => i.district_code === OWN_DISTRICT), `district officer ${q}`);
  }
  const bank = await as(srv.url, 'bank');
  assert.equal((await bank.get('/api/v1/data-gaps')).status, 403);
});

test('findings name what a cannot-decide finding waits for; the route is documented', async () => {
  const runs = await city.get('/api/v1/evaluations');
  const id = runs.body.items[0].id;
  const r = await city.get(`/api/v1/evaluations/${id}/findings?rule_id=PF-INDEP-LIME&status=cannot_decide`);
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length > 0);
  for (const f of r.body.items) {
    assert.equal(f.missing, 'has_downstream');
    assert.equal(f.missing_zh, '是否有下游产业配套');
    assert.equal(f.missing_suppliers, 'miit');
  }
  const caught = await city.get(`/api/v1/evaluations/${id}/findings?status=caught&per_page=5`);
  assert.ok(caught.body.items.every(f => f.missing === null && f.missing_zh === null));
  const one = await city.get(`/api/v1/findings/${r.body.items[0].finding_id}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.missing, 'has_downstream');
  assert.match(one.body.explanation_zh ?? JSON.stringify(one.body), /待补数据：是否有下游产业配套；应由市工业和信息化局补录/);
  const doc = await city.get('/api/v1/openapi.json');
  assert.ok(doc.body.paths['/api/v1/data-gaps']?.get, 'GET /api/v1/data-gaps in the OpenAPI document');
});

test('an industry whose two-high flag is not recorded is neither two-high nor not (?two_high)', async () => {
  sql(db.dsn, `UPDATE industry SET two_high = NULL WHERE code = '3012'`);
  const n = count(`SELECT count(*) FROM enterprise WHERE industry_code = '3012'`);
  assert.ok(n > 0, 'the demo has lime works');
  for (const v of ['0', '1']) {
    const r = await city.get(`/api/v1/enterprises?two_high=${v}&per_page=500`);
    assert.equal(r.status, 200);
    assert.ok(r.body.items.every(e => e.industry_code !== '3012'), `two_high=${v} lists a class not recorded`);
  }
  const one = await city.get(`/api/v1/enterprises?industry=3012&per_page=1`);
  assert.equal(one.body.items[0].two_high, null, 'shown as not recorded, not as false');
});
