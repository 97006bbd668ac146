// audit.test.mjs: the audit log list and the hash chain's verification, before and after tampering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, isError, sql, BACKEND } from './lib.mjs';

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
  assert.deepEqual(Object.keys(r.body.items[0]).sort(), ['action', 'actor', 'at', 'detail', 'hash', 'id', 'object']);
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

test('verify: the intact chain holds, then an edited row is named', async () => {
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
