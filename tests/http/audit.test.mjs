// audit.test.mjs: the audit log list and the hash chain's verification, before and after tampering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, isError, sql, cli, PASSWORD, BACKEND } from './lib.mjs';

let db, srv;
before(async () => { db = demoDb('audit'); srv = await startServer(db.dsn); });
after(async () => { await srv?.stop(); db?.drop(); });

test('the log, newest first, with filters; totals from the database', async () => {
  const c = await as(srv.url, 'auditadmin');
  const r = await c.get('/api/v1/audit?per_page=5');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, Number(sql(db.dsn, 'SELECT count(*) FROM audit_log')));
  assert.equal(r.body.items[0].id, Number(sql(db.dsn, 'SELECT max(id) FROM audit_log')));
  for (let i = 1; i < r.body.items.length; i++) assert.ok(r.body.items[i - 1].id > r.body.items[i].id);
  assert.deepEqual(Object.keys(r.body.items[0]).sort(), ['action', 'action_en', 'action_zh', 'actor', 'at', 'detail', 'hash', 'id', 'object']);
  const logins = await c.get('/api/v1/audit?action=session.login&actor=auditadmin&per_page=500');
  assert.equal(logins.body.total,
    Number(sql(db.dsn, "SELECT count(*) FROM audit_log WHERE action = 'session.login' AND actor = 'auditadmin'")));
  assert.ok(logins.body.total >= 1);
  assert.ok(logins.body.items.every((x) => x.action === 'session.login' && x.actor === 'auditadmin'));
  const obj = await c.get('/api/v1/audit?object=user/city');
  assert.ok(obj.body.total >= 1);
  assert.ok(obj.body.items.every((x) => x.object.includes('user/city')));
  const asc = await c.get('/api/v1/audit?sort=id&per_page=1');
  assert.equal(asc.body.items[0].id, 1);
});

test('who may read it: auditors and the audit administrator; others 403', async () => {
  assert.equal((await (await as(srv.url, 'auditor')).get('/api/v1/audit/verify')).status, 200);
  for (const user of ['city', 'secadmin', 'sysadmin', 'district', 'bank']) {
    const c = await as(srv.url, user);
    const r = await c.get('/api/v1/audit');
    assert.equal(r.status, 403, user);
    assert.ok(isError(r.body, 'forbidden'));
    assert.equal((await c.get('/api/v1/audit/verify')).status, 403, user);
  }
});

// The detail of the newest row of action (by actor when given).
const lastDetail = (action, actor) => sql(db.dsn, `SELECT detail FROM audit_log WHERE action = '${action}'` +
  (actor ? ` AND actor = '${actor}'` : '') + ' ORDER BY id DESC LIMIT 1');
// The role the row names: the text after its last " role=" (or a leading "role="), up to a space.
const roleOf = (detail) => (/(?:^| )role=(\S*)(?!.* role=)/.exec(detail) || [])[1];

test('every audited write names the role its actor really holds, web and command line', async () => {
  // logins: each account's own role, whatever it is
  for (const user of ['city', 'district', 'secadmin', 'bank', 'auditor']) {
    await as(srv.url, user);
    assert.equal(roleOf(lastDetail('session.login', user)), user, 'session.login of ' + user);
  }
  // the city officer's writes: evaluation.run, plan.add, import — role=city, never another department
  const city = await as(srv.url, 'city');
  const run = await city.post('/api/v1/evaluations', { year: 2025 });
  assert.equal(run.status, 201, JSON.stringify(run.body));
  assert.equal(roleOf(lastDetail('evaluation.run', 'web:city')), 'city');
  const unit = sql(db.dsn, `SELECT e.uscc || '|' || q.equipment_id FROM equipment q JOIN enterprise e
    ON e.id = q.enterprise_id WHERE q.status = 'running' AND e.status = 'operating' AND e.district_code = '150302'
    AND q.capacity_micro IS NOT NULL ORDER BY e.uscc, q.equipment_id LIMIT 1`).split('|');
  const plan = await city.post('/api/v1/plans', { year: 2026, uscc: unit[0], equipment_id: unit[1], planned_on: '2026-06-30', measure: 'dismantle' });
  assert.equal(plan.status, 201, JSON.stringify(plan.body));
  assert.equal(roleOf(lastDetail('plan.add', 'web:city')), 'city');
  const csv = cli(['export', '--db', db.dsn, '--kind', 'districts', '--format', 'csv']);
  const imp = await city.req('POST', '/api/v1/imports?kind=districts&file_name=districts.csv', undefined, { raw: Buffer.from(csv) });
  assert.equal(imp.status, 200, JSON.stringify(imp.body));
  assert.equal(roleOf(lastDetail('import', 'web:city')), 'city');
  // a district officer's import: role=district
  const district = await as(srv.url, 'district');
  const all = cli(['export', '--db', db.dsn, '--kind', 'enterprises', '--format', 'csv']).split(/\r?\n/);
  const dcsv = [all[0], ...all.slice(1).filter((l) => l.split(',')[2] === '150302')].join('\n') + '\n';
  const dimp = await district.req('POST', '/api/v1/imports?kind=enterprises&file_name=e.csv', undefined, { raw: Buffer.from(dcsv) });
  assert.equal(dimp.status, 200, JSON.stringify(dimp.body));
  assert.equal(roleOf(lastDetail('import', 'web:district')), 'district');
  // the security administrator's user.* rows: role=secadmin (the roles given to the account stay roles=)
  const sec = await as(srv.url, 'secadmin');
  const add = await sec.post('/api/v1/users', { username: 'zhangsan', display_name: '张三', password: PASSWORD, roles: ['drc'] });
  assert.equal(add.status, 202, JSON.stringify(add.body)); // a business role: held for a second administrator
  const added = lastDetail('user.add', 'web:secadmin');
  assert.match(added, /^roles=drc /);
  assert.equal(roleOf(added), 'secadmin');
  assert.equal((await sec.patch('/api/v1/users/zhangsan', { disabled: true })).status, 200);
  const changed = sql(db.dsn, "SELECT action || ' ' || detail FROM audit_log WHERE actor = 'web:secadmin' AND object = 'user/zhangsan' ORDER BY id DESC LIMIT 1");
  assert.match(changed, /^user\./);
  assert.equal(roleOf(changed), 'secadmin');
  // logging out: the account's role
  assert.equal((await district.del('/api/v1/session')).status, 204);
  assert.equal(roleOf(lastDetail('session.logout', 'web:district')), 'district');
  // the command line holds no account role: role=cli (the demo's own imports too)
  cli(['user', 'add', 'lisi', '--role', 'energy', '--password-stdin', '--db', db.dsn], PASSWORD + '\n');
  assert.equal(roleOf(sql(db.dsn, "SELECT detail FROM audit_log WHERE action = 'user.add' AND object = 'user/lisi'")), 'cli');
  assert.equal(roleOf(sql(db.dsn, "SELECT detail FROM audit_log WHERE action = 'import' AND actor = 'demo' ORDER BY id LIMIT 1")), 'cli');
  // and no row without one
  const none = sql(db.dsn, "SELECT count(*) FROM audit_log WHERE detail NOT LIKE 'role=%' AND detail NOT LIKE '% role=%'");
  assert.equal(Number(none), 0, sql(db.dsn, "SELECT action || ' ' || detail FROM audit_log WHERE detail NOT LIKE 'role=%' AND detail NOT LIKE '% role=%' LIMIT 5"));
  // the chain still holds over the new rows, the keyed one too (issue 16 §0)
  const v = (await (await as(srv.url, 'auditadmin')).get('/api/v1/audit/verify')).body;
  assert.equal(v.ok, true);
  assert.equal(v.keyed, true);
  assert.equal(v.keyed_from, 1);
  assert.match(v.mac_head, /^[0-9a-f]{64}$/);
  assert.equal(v.mac_head, sql(db.dsn, 'SELECT mac FROM audit_log ORDER BY id DESC LIMIT 1'));
});

test('verify: the intact chain holds, then an edited row is named'
, async () => {
  const c = await as(srv.url, 'auditadmin');
  const ok = await c.get('/api/v1/audit/verify');
  assert.equal(ok.status, 200);
  assert.equal(ok.body.ok, true);
  assert.equal(ok.body.first_bad_id, null);
  // rows and the head as the database has them right now (the verify itself writes nothing)
  assert.equal(ok.body.rows, Number(sql(db.dsn, 'SELECT count(*) FROM audit_log')));
  assert.equal(ok.body.head_hash, sql(db.dsn, 'SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1'));

  const victim = 3;
  const edit = `UPDATE audit_log SET detail = detail || ' (edited)' WHERE id = ${victim}`;
  sql(db.dsn, BACKEND === 'pg'
    ? `ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_ud; ${edit}; ALTER TABLE audit_log ENABLE ALWAYS TRIGGER audit_log_no_ud`
    : `DROP TRIGGER audit_log_no_u; ${edit}`);
  const bad = await c.get('/api/v1/audit/verify');
  assert.equal(bad.status, 200);
  assert.equal(bad.body.ok, false);
  assert.equal(bad.body.first_bad_id, victim);
  assert.ok(bad.body.reason.length > 0 && bad.body.reason_zh.length > 0);
});
