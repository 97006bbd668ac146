// plan.test.mjs: exit plans (add, list with exited from the registry), the supervision report with
// its drafts, district scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, isError, sql, cli } from './lib.mjs';

const YEAR = 2026;
let db, srv;
// units of the registry: [uscc, equipment_id, district, capacity, unit]
const units = (where) => sql(db.dsn,
  `SELECT e.uscc, q.equipment_id, e.district_code, q.capacity_micro, q.capacity_unit FROM equipment q
   JOIN enterprise e ON e.id = q.enterprise_id WHERE q.capacity_micro IS NOT NULL AND ${where}
   ORDER BY e.uscc, q.equipment_id LIMIT 1`).split('\n').filter(Boolean)
  .map((l) => { const f = l.split('|'); return { uscc: f[0], equipment_id: f[1], district: f[2], capacity: Number(f[3]) / 1e6, unit: f[4] }; })[0];

let running, dismantled, other;
before(async () => {
  db = demoDb('plan');
  srv = await startServer(db.dsn);
  const live = "q.status = 'running' AND e.status = 'operating'";
  running = units(`e.district_code = '150302' AND ${live}`);
  dismantled = units(`e.district_code = '150302' AND q.status = 'dismantled' AND q.capacity_unit = '${running.unit}'`);
  other = units(`e.district_code <> '150302' AND ${live}`);
  assert.ok(running && dismantled && other, 'the demo has the units the tests plan');
});
after(async () => { await srv?.stop(); db?.drop(); });

const plan = (u, planned_on = `${YEAR}-06-30`, extra = {}) =>
  ({ year: YEAR, uscc: u.uscc, equipment_id: u.equipment_id, planned_on, measure: 'dismantle', ...extra });

test('city adds plan rows; the list shows exited from the registry', async () => {
  const c = await as(srv.url, 'city');
  const a = await c.post('/api/v1/plans', plan(running));
  assert.equal(a.status, 201, JSON.stringify(a.body));
  assert.equal(a.body.capacity, running.capacity, 'the registry capacity when none is given');
  assert.equal(a.body.capacity_unit, running.unit);
  assert.equal(a.body.district_code, '150302');
  assert.equal(a.body.exited, false);
  assert.equal(a.body.entered_by, 'web:city');
  const b = await c.post('/api/v1/plans', plan(dismantled, `${YEAR}-03-31`));
  assert.equal(b.status, 201);
  assert.equal(b.body.exited, true);
  const o = await c.post('/api/v1/plans', plan(other, `${YEAR}-09-30`, { capacity: 12.5 }));
  assert.equal(o.status, 201);
  assert.equal(o.body.capacity, 12.5);
  const list = await c.get(`/api/v1/plans?year=${YEAR}&per_page=100`);
  assert.equal(list.status, 200);
  assert.equal(list.body.total, Number(sql(db.dsn, `SELECT count(*) FROM exit_plan WHERE year = ${YEAR}`)));
  assert.equal(list.body.items.filter((x) => x.exited).length, 1);
  const only = await c.get(`/api/v1/plans?year=${YEAR}&district=${other.district}`);
  assert.ok(only.body.items.every((x) => x.district_code === other.district));
  assert.equal(sql(db.dsn, `SELECT actor FROM audit_log WHERE action = 'plan.add' ORDER BY id DESC LIMIT 1`), 'web:city');
});

test('bad plan rows: 422 outside the year or bad fields, 404 for an unknown unit', async () => {
  const c = await as(srv.url, 'city');
  const n = sql(db.dsn, 'SELECT count(*) FROM exit_plan');
  const late = await c.post('/api/v1/plans', plan(running, `${YEAR + 1}-01-05`));
  assert.equal(late.status, 422);
  assert.ok(isError(late.body, 'invalid'));
  const nodate = await c.post('/api/v1/plans', { ...plan(running), planned_on: 'soon' });
  assert.equal(nodate.status, 422);
  assert.equal(nodate.body.details[0].field, 'planned_on');
  const neg = await c.post('/api/v1/plans', plan(running, undefined, { capacity: -1 }));
  assert.equal(neg.body.details[0].field, 'capacity');
  const unit = await c.post('/api/v1/plans', { ...plan(running), equipment_id: 'NO-SUCH-UNIT' });
  assert.equal(unit.status, 404);
  assert.equal(sql(db.dsn, 'SELECT count(*) FROM exit_plan'), n);
});

test('the report: planned, due pro rata, exited and flags as the registry has them', async () => {
  const c = await as(srv.url, 'city');
  const r = await c.get(`/api/v1/plans/report?year=${YEAR}&as_of=${YEAR}-07-01`);
  assert.equal(r.status, 200);
  assert.equal(r.body.as_of, `${YEAR}-07-01`);
  const { notice_below_pct: notice, interview_below_pct: interview } = r.body;
  assert.ok(interview <= notice);
  const elapsed = 182, days = 365; // 1 January .. 1 July 2026, both counted
  const row = r.body.items.find((x) => x.district_code === '150302' && x.capacity_unit === running.unit);
  const planned = running.capacity + dismantled.capacity;
  assert.ok(Math.abs(row.planned - planned) < 1e-6);
  assert.ok(Math.abs(row.due - planned * elapsed / days) < 1e-5);
  assert.ok(Math.abs(row.exited - dismantled.capacity) < 1e-6);
  assert.deepEqual([row.units_planned, row.units_exited], [2, 1]);
  const pct = 100 * row.exited / row.due;
  assert.ok(Math.abs(row.progress_pct - pct) < 0.06);
  assert.equal(row.flag, pct < interview ? 'interview' : pct < notice ? 'notice' : 'on_track');
  const far = r.body.items.find((x) => x.district_code === other.district);
  assert.equal(far.exited, 0);
  assert.equal(far.flag, 'interview', 'nothing exited of what was due');
  // the draft the CLI prints (app/plandb.h po_plandb_draft), per flagged row; none when on track
  const out = cli(['plan', 'report', '--db', db.dsn, '--year', String(YEAR), '--as-of', `${YEAR}-07-01`]);
  const drafts = out.split('\n\n').slice(1).map((x) => x.trim());
  const flagged = r.body.items.filter((x) => x.flag !== 'on_track');
  assert.deepEqual(flagged.map((x) => x.draft_zh), drafts);
  assert.match(far.draft_zh, new RegExp(`^关于${far.district_name}落后产能退出进度滞后的约谈通知（草稿）\n截至 ${YEAR}-07-01，`));
  assert.match(far.draft_zh, /实施意见》四（三）/);
  assert.match(far.draft_en, new RegExp(`^Interview notice on .*\\(draft\\)\\nAs of ${YEAR}-07-01, `));
  for (const x of r.body.items.filter((i) => i.flag === 'on_track'))
    assert.deepEqual([x.draft_zh, x.draft_en], [null, null]);
  for (let i = 1; i < r.body.items.length; i++)
    assert.ok(r.body.items[i - 1].progress_pct <= r.body.items[i].progress_pct, 'slowest first');
  const early = await c.get(`/api/v1/plans/report?year=${YEAR}&as_of=${YEAR - 1}-12-31`);
  assert.ok(early.body.items.every((x) => x.flag === 'on_track'), 'nothing due before the year');
  assert.equal((await c.get(`/api/v1/plans/report?year=${YEAR}&as_of=tomorrow`)).status, 400);
});

test('district officers see and plan their own district only (404 otherwise)', async () => {
  const d = await as(srv.url, 'district');
  const list = await d.get(`/api/v1/plans?year=${YEAR}&per_page=100`);
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length > 0);
  assert.ok(list.body.items.every((x) => x.district_code === '150302'));
  const none = await d.get(`/api/v1/plans?year=${YEAR}&district=${other.district}`);
  assert.equal(none.body.total, 0);
  const rep = await d.get(`/api/v1/plans/report?year=${YEAR}&as_of=${YEAR}-07-01`);
  assert.ok(rep.body.items.length > 0 && rep.body.items.every((x) => x.district_code === '150302'));
  const theirs = await d.post('/api/v1/plans', plan(other, `${YEAR}-10-01`));
  assert.equal(theirs.status, 404);
  assert.ok(isError(theirs.body, 'not_found'));
  const own = await d.post('/api/v1/plans', plan(running, `${YEAR}-08-01`));
  assert.equal(own.status, 201);
  assert.equal(own.body.planned_on, `${YEAR}-08-01`, 'replaces the unit\'s row of the year');
});

test('roles without the plan permission: 403', async () => {
  for (const user of ['auditor', 'drc', 'sysadmin']) {
    const c = await as(srv.url, user);
    const r = await c.post('/api/v1/plans', plan(running));
    assert.equal(r.status, 403, user);
  }
  const bank = await as(srv.url, 'bank');
  assert.equal((await bank.get('/api/v1/plans')).status, 403);
  assert.equal((await bank.get('/api/v1/plans/report')).status, 403);
});

test('what-if: the plan\'s exits taken out of the year, per area; district officers see their own', async () => {
  const c = await as(srv.url, 'city');
  const y = Number(sql(db.dsn, 'SELECT max(year) FROM energy'));
  assert.equal((await c.post('/api/v1/plans', { ...plan(other, `${y}-06-30`), year: y })).status, 201);
  const r = await c.get(`/api/v1/plans/whatif?year=${y}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.year, y);
  const unit = r.body.units.find((u) => u.uscc === other.uscc && u.equipment_id === other.equipment_id);
  assert.ok(unit, 'the planned unit is listed');
  assert.ok(unit.method === 'none' ? unit.reason : unit.removed_tce !== undefined);
  const area = r.body.areas.find((a) => a.district_code === other.district);
  assert.ok(area && area.units_planned >= 1);
  const eps = 1e-3;
  for (const a of r.body.areas) {
    assert.ok(Math.abs(a.room.freed_tce - (a.before.tce - a.after.tce)) < eps, a.district_code);
    assert.ok(a.after.tce <= a.before.tce + eps);
    if (a.room.cap_tce !== null) assert.ok(Math.abs(a.room.after_tce - a.room.before_tce - a.room.freed_tce) < eps);
  }
  const d = await as(srv.url, 'district');
  assert.equal((await d.get(`/api/v1/plans/whatif?year=${y}&district=${other.district}`)).status, 404);
  const own = await d.get(`/api/v1/plans/whatif?year=${y}`);
  assert.equal(own.status, 200);
  assert.ok(own.body.areas.every((a) => a.district_code === '150302'));
  assert.ok(own.body.units.every((u) => u.district_code === '150302'));
});
