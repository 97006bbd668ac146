// notify.test.mjs: the reminders of the tick — run through the API and through the CLI (as cron
// does), listed with the kinds the deadlines call for (checked against the database), a second
// tick adding nothing, district scope, and who may run it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoDb, startServer, as, cli, sql, isError, OWN_DISTRICT, OTHER_DISTRICT } from './lib.mjs';

let db, srv, city, cases;
const count = q => Number(sql(db.dsn, q));
const daysBetween = (a, b) => Math.round((Date.parse(b) - Date.parse(a)) / 86400000);

// An energy-quota case of the district with a rectification ordered on `on` (six months to run).
function rectifying(dir, district, on) {
  const uscc = sql(db.dsn, `SELECT uscc FROM enterprise WHERE district_code = '${district}' ORDER BY uscc LIMIT 1`);
  const id = /case (\d+) opened/.exec(cli(['case', 'open', '--db', db.dsn, '--type', 'energy_quota', '--uscc', uscc,
    '--actor', 'seed', '--role', 'miit', '--on', on]))[1];
  cli(['case', 'act', '--db', db.dsn, id, '--event', 'order_rectification', '--actor', 'seed', '--role', 'miit',
    '--on', on, '--attach', `order=${path.join(dir, 'order.pdf')}`, '--attach', `inspection=${path.join(dir, 'insp.png')}`]);
  const [deadline, alt] = sql(db.dsn, `SELECT deadline || '|' || deadline_alt FROM case_file WHERE id = ${id}`).split('|');
  return { id: Number(id), uscc, district, deadline, alt };
}

// The kind the tick of asOf gives a case (app/casedb.h): overdue after the later reading,
// due_7 with 0..7 days left, due_30 with 8..30, none otherwise.
function kindOf(c, asOf) {
  const later = c.alt > c.deadline ? c.alt : c.deadline;
  if (asOf > later) return 'overdue';
  const left = daysBetween(asOf, c.deadline);
  return left < 0 ? null : left <= 7 ? 'due_7' : left <= 30 ? 'due_30' : null;
}

before(async () => {
  db = demoDb('notify');
  const dir = mkdtempSync(path.join(tmpdir(), 'phaseout-notify-'));
  try {
    writeFileSync(path.join(dir, 'order.pdf'), '%PDF-1.4 rectification order\n');
    writeFileSync(path.join(dir, 'insp.png'), Buffer.from('\x89PNG\r\n\x1a\ninspection photo', 'latin1'));
    // three deadlines in early September 2026, inside the holiday calendar: one per district
    // due soon, one of OWN_DISTRICT a fortnight later
    cases = [rectifying(dir, OWN_DISTRICT, '2026-03-03'), rectifying(dir, OTHER_DISTRICT, '2026-03-04'),
      rectifying(dir, OWN_DISTRICT, '2026-03-17')];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  srv = await startServer(db.dsn);
  city = await as(srv.url, 'city');
});
after(async () => { await srv?.stop(); db?.drop(); });

const all = async (c, q = '') => (await c.get(`/api/v1/notifications?per_page=500${q}`)).body;

test('before any tick the list is empty', async () => {
  const r = await city.get('/api/v1/notifications');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, 0);
  assert.ok(r.headers.get('etag'));
});

test('POST /tick as the city bureau: the counts of the kinds the deadlines call for, listed with the case', async () => {
  const asOf = '2026-08-30';
  const want = cases.map(c => kindOf(c, asOf));
  assert.ok(want.includes('due_7') && want.includes('due_30'), `the fixture gives both kinds: ${want}`);
  const r = await city.post('/api/v1/tick', { as_of: asOf });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  const n = k => want.filter(x => x === k).length;
  assert.deepEqual(r.body, { as_of: asOf, cases: 3, due_30: n('due_30'), due_7: n('due_7'), overdue: 0, added: 3 - n(null), reports_overdue: 0 });
  // the list is the table, newest first
  const list = await all(city);
  assert.equal(list.total, count('SELECT count(*) FROM notification'));
  const rows = sql(db.dsn, 'SELECT id, case_id, kind, deadline, as_of FROM notification ORDER BY id DESC').split('\n');
  assert.deepEqual(list.items.map(i => [i.id, i.case_id, i.kind, i.deadline, i.as_of].join('|')), rows);
  for (const i of list.items) {
    const c = cases.find(x => x.id === i.case_id);
    assert.equal(i.kind, kindOf(c, asOf), `case ${c.id}`);
    assert.equal(i.case_type, 'energy_quota');
    assert.equal(i.state, 'rectifying');
    assert.equal(i.uscc, c.uscc);
    assert.ok(i.enterprise_name && i.district_name, 'enterprise and district named');
    assert.equal(i.district_code, c.district);
    assert.equal(i.deadline, c.deadline);
    assert.equal(i.deadline_provisional, false);
    assert.equal(i.pending, true);
    assert.equal(i.days_left, daysBetween(new Date().toISOString().slice(0, 10), c.deadline), 'days left from today');
    assert.match(i.followup, /reinspect_pass/);
    assert.match(i.message, /案件 \d+ 距期限 .* 还有 \d+ 天 \/ case \d+: \d+ days left/);
  }
  // days_left from another day
  const then = await all(city, `&as_of=${asOf}`);
  assert.deepEqual(then.items.map(i => i.days_left), then.items.map(i => daysBetween(asOf, i.deadline)));
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'tick.run' AND actor = 'web:city' AND detail LIKE 'as_of=${asOf} %'`), 1);
  // the audit row names the user's own role (issue 12)
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'tick.run' AND detail LIKE 'as_of=${asOf} % role=city'`), 1);
});

test('a second tick of the same day adds nothing, and writes no audit row', async () => {
  const before = [count('SELECT count(*) FROM notification'), count('SELECT count(*) FROM audit_log')];
  const r = await city.post('/api/v1/tick', { as_of: '2026-08-30' });
  assert.equal(r.status, 200);
  assert.equal(r.body.added, 0);
  assert.deepEqual([r.body.due_30, r.body.due_7, r.body.overdue], [0, 0, 0]);
  assert.deepEqual([count('SELECT count(*) FROM notification'), count('SELECT count(*) FROM audit_log')], before);
});

test('the CLI tick (cron) adds the overdue ones; the older reminders of a case are no longer pending', async () => {
  const asOf = '2026-09-25';
  const out = cli(['tick', '--db', db.dsn, '--as-of', asOf]);
  const over = cases.filter(c => kindOf(c, asOf) === 'overdue');
  assert.ok(over.length >= 2, 'two cases overdue');
  assert.match(out, new RegExp(`${over.length} overdue`));
  const list = await all(city, '&kind=overdue');
  assert.deepEqual(list.items.map(i => i.case_id).sort(), over.map(c => c.id).sort());
  for (const i of list.items) {
    assert.equal(i.pending, true);
    assert.ok(i.days_left < 0);
    assert.match(i.followup, /^overdue -> failed, then order_exit/);
  }
  const stale = await all(city, '&pending=false');
  assert.ok(stale.items.length >= 1 && stale.items.every(i => i.kind !== 'overdue'), 'the earlier reminders of overdue cases');
  assert.equal(stale.total + (await all(city, '&pending=true')).total, count('SELECT count(*) FROM notification'));
  // the bell's count: pending overdue and due_7
  const bell = await all(city, '&kind=overdue,due_7&pending=true');
  assert.ok(bell.items.every(i => ['overdue', 'due_7'].includes(i.kind) && i.pending));
  assert.equal(bell.total, new Set(bell.items.map(i => i.case_id)).size, 'one pending reminder a case');
  // the API's tick of the same day now adds nothing
  assert.equal((await city.post('/api/v1/tick', { as_of: asOf })).body.added, 0);
});

test('filters: kind, case_id, uscc, since; bad values are 400 naming the parameter', async () => {
  const c = cases[0];
  const byCase = await all(city, `&case_id=${c.id}`);
  assert.equal(byCase.total, count(`SELECT count(*) FROM notification WHERE case_id = ${c.id}`));
  assert.ok(byCase.items.every(i => i.case_id === c.id));
  assert.ok((await all(city, `&uscc=${c.uscc}`)).items.every(i => i.uscc === c.uscc));
  const since = await all(city, '&since=2026-09-01');
  assert.equal(since.total, count(`SELECT count(*) FROM notification WHERE as_of >= '2026-09-01'`));
  assert.ok((await all(city, '&kind=due_30')).items.every(i => i.kind === 'due_30'));
  for (const [q, field] of [['kind=soon', 'kind'], ['since=2026-02-30', 'since'], ['case_id=x', 'case_id'], ['pending=yes', 'pending'], ['as_of=today', 'as_of']]) {
    const r = await city.get(`/api/v1/notifications?${q}`);
    assert.equal(r.status, 400, q);
    assert.ok(isError(r.body, 'invalid'));
    assert.equal(r.body.details[0].field, field);
  }
  const bad = await city.post('/api/v1/tick', { as_of: '2026-13-01' });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.details[0].field, 'as_of');
});

test('district officers see their own district\'s notifications only', async () => {
  for (const [user, district] of [['district', OWN_DISTRICT], ['district2', OTHER_DISTRICT]]) {
    const c = await as(srv.url, user);
    const list = await all(c);
    assert.equal(list.total, count(`SELECT count(*) FROM notification n JOIN case_file c ON c.id = n.case_id
      JOIN enterprise e ON e.uscc = c.uscc WHERE e.district_code = '${district}'`), user);
    assert.ok(list.total > 0 && list.items.every(i => i.district_code === district), user);
    const foreign = cases.find(x => x.district !== district);
    assert.equal((await all(c, `&case_id=${foreign.id}`)).total, 0, `${user}: another district's case is not listed`);
    assert.equal((await all(c, `&district=${foreign.district}`)).total, 0);
  }
});

test('running the tick: the city bureau and the system administrator; everyone else 403', async () => {
  const writes = `SELECT count(*) FROM audit_log WHERE action NOT LIKE 'session.%'`;
  const before = count(writes);
  for (const user of ['drc', 'energy', 'eco_env', 'emergency', 'market', 'government', 'district', 'district2', 'auditor', 'bank', 'secadmin', 'auditadmin']) {
    const c = await as(srv.url, user);
    const r = await c.post('/api/v1/tick', { as_of: '2026-12-31' });
    assert.equal(r.status, 403, `${user}: ${JSON.stringify(r.body)}`);
    assert.ok(isError(r.body, 'forbidden'));
  }
  assert.equal(count(writes), before, 'nothing written');
  for (const user of ['bank', 'secadmin', 'auditadmin']) {
    const r = await (await as(srv.url, user)).get('/api/v1/notifications');
    assert.equal(r.status, 403, user);
  }
  const sys = await as(srv.url, 'sysadmin');
  assert.ok(sys.user.permissions.includes('read_registry'));
  const r = await sys.post('/api/v1/tick', {});
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.as_of, new Date().toISOString().slice(0, 10), 'as_of defaults to today (UTC)');
  assert.equal((await city.post('/api/v1/tick', { as_of: null })).status, 200);
});
