// demo.test.mjs: the demo city with its activity (`phaseout demo --activity`, issue 12 §5) as the
// web UI reads it — the plan pages open on the latest year with plan rows (before any plan: the
// current year), its supervision report flags the slow district, its what-if has figures, and the
// lists behind the cases, reminders, evaluations and 数据待补 pages are not empty for the roles
// that read them.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, cli } from './lib.mjs';

const AS_OF = '2026-06-15';
let db, srv;
before(async () => {
  db = demoDb('demoact');
  srv = await startServer(db.dsn);
});
after(async () => { await srv?.stop(); db?.drop(); });

test('before any plan the plan pages open on the current year', async () => {
  const c = await as(srv.url, 'city');
  const r = await c.get('/api/v1/plans/default-year');
  assert.equal(r.status, 200);
  assert.deepEqual(r.body, { year: new Date().getUTCFullYear(), basis: 'current_year' });
});

test('after the activity: the latest plan year, its report with the slow district, its what-if', async () => {
  cli(['demo', '--db', db.dsn, '--activity', '--as-of', AS_OF]);
  const c = await as(srv.url, 'city');
  assert.deepEqual((await c.get('/api/v1/plans/default-year')).body, { year: 2025, basis: 'latest_plan_year' });
  const rep = await c.get(`/api/v1/plans/report?as_of=${AS_OF}`);
  assert.equal(rep.status, 200);
  assert.equal(rep.body.year, 2025, 'the report defaults to the plan year');
  const flags = Object.fromEntries(rep.body.items.map((x) => [x.district_code, x.flag]));
  assert.deepEqual(flags, { 150302: 'on_track', 150303: 'notice', 150304: 'interview' });
  assert.ok(rep.body.items.find((x) => x.flag === 'interview').draft_zh.includes('约谈'));
  const w = await c.get('/api/v1/plans/whatif');
  assert.equal(w.body.year, 2025);
  assert.ok(w.body.areas.length >= 4 && w.body.areas.every((a) => a.has_energy), JSON.stringify(w.body.areas[0]));
  assert.ok(w.body.areas.some((a) => Number(a.room.freed_tce) > 0), 'the exits free room under the cap');
  const list = await c.get('/api/v1/plans');
  assert.equal(list.body.total, 12);
});

test('the lists behind the pages are alive for the roles that read them', async () => {
  const city = await as(srv.url, 'city');
  const cases = await city.get('/api/v1/cases?per_page=100');
  assert.ok(cases.body.total >= 30, `cases: ${cases.body.total}`);
  const states = new Set(cases.body.items.map((x) => x.state));
  for (const s of ['open', 'rectifying', 'extension_requested', 'failed', 'suspended', 'closed', 'exited'])
    assert.ok(states.has(s), `a case in state ${s}`);
  assert.ok((await city.get('/api/v1/notifications')).body.total > 0, 'reminders');
  assert.ok((await city.get('/api/v1/evaluations')).body.total > 0, 'an evaluation run');
  const gaps = await city.get('/api/v1/data-gaps');
  assert.equal(gaps.status, 200);
  assert.ok(JSON.stringify(gaps.body).includes('has_downstream'), '数据待补 lists a downstream not recorded');
  for (const who of ['district', 'eco_env', 'emergency', 'market', 'government']) {
    const u = await as(srv.url, who);
    const r = await u.get('/api/v1/cases');
    assert.equal(r.status, 200, who);
    assert.ok(r.body.total > 0, `${who} sees cases`);
  }
});
