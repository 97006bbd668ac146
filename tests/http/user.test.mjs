// user.test.mjs: accounts and roles by the security administrator (create, patch, refusals, 403 for others).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, isError, sql, Client, ACCOUNTS } from './lib.mjs';

let db, srv;
const NEWPASS = 'Haibo-wan-2026!';
const users = () => Number(sql(db.dsn, 'SELECT count(*) FROM app_user'));
before(async () => { db = demoDb('user'); srv = await startServer(db.dsn); });
after(async () => { await srv?.stop(); db?.drop(); });

test('the list: every account with its roles and district', async () => {
  const c = await as(srv.url, 'secadmin');
  const r = await c.get('/api/v1/users');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, users());
  const byName = Object.fromEntries(r.body.items.map((u) => [u.username, u]));
  for (const [name, a] of Object.entries(ACCOUNTS)) {
    assert.deepEqual(byName[name].roles, [a.roles], name);
    assert.equal(byName[name].district_code, a.district || null, name);
    assert.equal(byName[name].disabled, false);
  }
});

// approve request id as the second security administrator
const approve = async (id) => {
  const r = await (await as(srv.url, 'secadmin2')).post('/api/v1/user-changes/decisions', { id, decision: 'approve' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
};

test('secadmin creates a business account: held until a second administrator approves, then its password changed first', async () => {
  const c = await as(srv.url, 'secadmin');
  const r = await c.post('/api/v1/users', { username: 'wang.li', display_name: '王丽', password: NEWPASS, roles: ['district'], district_code: '150303' });
  assert.equal(r.status, 202, JSON.stringify(r.body));
  assert.deepEqual([r.body.username, r.body.display_name, r.body.roles, r.body.district_code, r.body.disabled], ['wang.li', '王丽', ['district'], '150303', true]);
  assert.equal(r.body.pending.length, 1);
  assert.equal((await new Client(srv.url).login('wang.li', NEWPASS)).status, 401, 'not before the approval');
  const own = await c.post('/api/v1/user-changes/decisions', { id: r.body.pending[0], decision: 'approve' });
  assert.equal(own.status, 403, 'the one who asked cannot approve');
  assert.match(own.body.message_en, /another security administrator/);
  await approve(r.body.pending[0]);
  const me = new Client(srv.url);
  const login = await me.login('wang.li', NEWPASS);
  assert.equal(login.status, 200);
  assert.equal(login.body.user.district_code, '150303');
  assert.equal(login.body.user.must_change_password, true);
  const blocked = await me.get('/api/v1/enterprises');
  assert.equal(blocked.status, 403);
  assert.equal(blocked.body.code, 'password_change_required');
  assert.equal((await me.post('/api/v1/session/password', { current_password: 'wrong', new_password: 'Wuhai-new-2026!' })).status, 422);
  assert.equal((await me.post('/api/v1/session/password', { current_password: NEWPASS, new_password: 'Wuhai-new-2026!' })).status, 204);
  assert.equal((await me.get('/api/v1/session')).status, 401, 'changing it ends the session');
  const again = new Client(srv.url);
  assert.equal((await again.login('wang.li', 'Wuhai-new-2026!')).body.user.must_change_password, false);
  assert.equal((await again.get('/api/v1/enterprises')).status, 200);
  const log = (await c.get('/api/v1/user-changes')).body.items.find((x) => x.id === r.body.pending[0]);
  assert.deepEqual([log.kind, log.decision, log.requested_by, log.decided_by], ['create', 'approved', 'web:secadmin', 'web:secadmin2']);
  assert.equal(sql(db.dsn, "SELECT count(*) FROM audit_log WHERE action IN ('user.request', 'user.approve') AND object LIKE '%wang.li%'"), '2');
  // an administrator's account (no business role) needs no second approval
  const admin = await c.post('/api/v1/users', { username: 'sys.two', password: NEWPASS, roles: ['sysadmin'] });
  assert.equal(admin.status, 201);
  assert.equal(sql(db.dsn, "SELECT actor FROM audit_log WHERE action = 'user.add' AND object LIKE '%wang.li%'"), 'web:secadmin');
  const dup = await c.post('/api/v1/users', { username: 'wang.li', password: NEWPASS, roles: ['city'] });
  assert.equal(dup.status, 409);
  assert.ok(isError(dup.body, 'conflict'));
});

test('refusals name the field and create nothing', async () => {
  const c = await as(srv.url, 'secadmin');
  const n = users();
  const cases = [
    [{ username: 'weak', password: 'abc12345', roles: ['city'] }, 'password'],
    [{ username: 'weak', roles: ['city'] }, 'password'],
    [{ username: 'both', password: NEWPASS, roles: ['sysadmin', 'secadmin'] }, 'roles'],
    [{ username: 'three', password: NEWPASS, roles: ['auditadmin', 'sysadmin'] }, 'roles'],
    [{ username: 'wiz', password: NEWPASS, roles: ['wizard'] }, 'roles'],
    [{ username: 'nocode', password: NEWPASS, roles: ['district'] }, 'district_code'],
    [{ username: 'extra', password: NEWPASS, roles: ['city'], district_code: '150302' }, 'district_code'],
    [{ username: 'nowhere', password: NEWPASS, roles: ['district'], district_code: '999999' }, 'district_code'],
    [{ username: 'bad name', password: NEWPASS, roles: ['city'] }, 'username'],
  ];
  for (const [body, field] of cases) {
    const r = await c.post('/api/v1/users', body);
    assert.equal(r.status, 422, JSON.stringify(body));
    assert.ok(isError(r.body, 'invalid'));
    assert.equal(r.body.details[0].field, field, JSON.stringify(body));
    assert.ok(r.body.details[0].message_zh && r.body.details[0].message_en);
  }
  assert.equal(users(), n);
});

test('patch: roles, district, display name, password, disabled — each ends the sessions it must', async () => {
  const c = await as(srv.url, 'secadmin');
  const made = await c.post('/api/v1/users', { username: 'zhao', password: NEWPASS, roles: ['drc'] });
  assert.equal(made.status, 202);
  await approve(made.body.pending[0]);
  sql(db.dsn, "UPDATE app_user SET must_change_password = 0 WHERE username = 'zhao'"); // as if changed
  const zhao = new Client(srv.url);
  assert.equal((await zhao.login('zhao', NEWPASS)).status, 200);

  // a business role added is only asked for; the display name changes at once
  let r = await c.patch('/api/v1/users/zhao', { roles: ['district'], district_code: '150302', display_name: '赵' });
  assert.equal(r.status, 202);
  assert.deepEqual([r.body.roles, r.body.display_name], [['drc'], '赵']);
  assert.equal((await zhao.get('/api/v1/session')).status, 200, 'nothing granted yet');
  await approve(r.body.pending[0]);
  r = await c.get('/api/v1/users');
  const z = r.body.items.find((u) => u.username === 'zhao');
  assert.deepEqual([z.roles, z.district_code], [['district'], '150302']);
  assert.equal((await zhao.get('/api/v1/session')).status, 401, 'a role change ends the sessions');

  r = await c.patch('/api/v1/users/zhao', { roles: ['district'] });
  assert.equal(r.body.district_code, '150302', 'the district stays with the district role');
  r = await c.patch('/api/v1/users/zhao', { roles: ['city'] });
  assert.equal(r.status, 202, 'city is a business role added');
  await approve(r.body.pending[0]);
  assert.equal(sql(db.dsn, "SELECT coalesce(district_code, 'null') FROM app_user WHERE username = 'zhao'"), 'null', 'and goes without it');

  const refused = await c.patch('/api/v1/users/zhao', { display_name: 'changed', password: 'short' });
  assert.equal(refused.status, 422);
  assert.equal(refused.body.details[0].field, 'password');
  assert.equal(sql(db.dsn, "SELECT display_name FROM app_user WHERE username = 'zhao'"), '赵', 'a refused patch changes nothing');

  // a business account's password reset: asked, approved by another, then to be changed at login
  const other = 'Wuda-qu-2027#';
  r = await c.patch('/api/v1/users/zhao', { password: other });
  assert.equal(r.status, 202);
  assert.equal((await new Client(srv.url).login('zhao', other)).status, 401, 'not before the approval');
  await approve(r.body.pending[0]);
  assert.equal((await new Client(srv.url).login('zhao', NEWPASS)).status, 401);
  const after = await new Client(srv.url).login('zhao', other);
  assert.equal(after.status, 200);
  assert.equal(after.body.user.must_change_password, true);

  r = await c.patch('/api/v1/users/zhao', { disabled: true });
  assert.equal(r.body.disabled, true);
  assert.equal((await new Client(srv.url).login('zhao', other)).status, 401);
  assert.equal((await c.patch('/api/v1/users/zhao', { disabled: false })).body.disabled, false);

  assert.equal((await c.patch('/api/v1/users/nobody', { disabled: true })).status, 404);
  const two = await c.patch('/api/v1/users/sysadmin', { roles: ['sysadmin', 'auditadmin'] });
  assert.equal(two.status, 422);
  assert.equal(two.body.details[0].field, 'roles');
});

test('a security administrator cannot lock itself out', async () => {
  const c = await as(srv.url, 'secadmin');
  const a = await c.patch('/api/v1/users/secadmin', { disabled: true });
  assert.equal(a.status, 422);
  assert.equal(a.body.details[0].field, 'disabled');
  const b = await c.patch('/api/v1/users/secadmin', { roles: ['city'] });
  assert.equal(b.status, 422);
  assert.equal((await c.get('/api/v1/users')).status, 200, 'still secadmin, still signed in');
});

test('nobody else manages users: 403', async () => {
  const n = users();
  for (const user of ['city', 'sysadmin', 'auditadmin', 'district']) {
    const c = await as(srv.url, user);
    assert.equal((await c.get('/api/v1/users')).status, 403, user);
    const r = await c.post('/api/v1/users', { username: 'x' + user, password: NEWPASS, roles: ['city'] });
    assert.equal(r.status, 403, user);
    assert.ok(isError(r.body, 'forbidden'));
    assert.equal((await c.patch('/api/v1/users/city', { disabled: true })).status, 403, user);
  }
  assert.equal(users(), n);
  assert.equal(sql(db.dsn, "SELECT disabled FROM app_user WHERE username = 'city'").replace('f', '0'), '0');
});
