// audit_words.test.mjs: the audit log in words (issue 12 §2, "an audit action reads 登录 / 立案").
// A demo city with every kind of audited write done for real — imports, accounts, logins and
// logouts, account changes, evaluations, cases opened and acted on, exit plans, the deadline
// check from the CLI and from the web, a holiday calendar — and then every action in the log
// carries its Chinese and English name (action_zh, action_en), never the identifier; the list
// of actions names each; the stored identifier still filters.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoDb, startServer, as, cli, sql, seedWork, PASSWORD, root } from './lib.mjs';

let db, srv, dir;
before(async () => {
  db = demoDb('auditwords');
  seedWork(db.dsn); // evaluation.run, case.open, case.act, plan.add through the CLI
  dir = mkdtempSync(path.join(tmpdir(), 'phaseout-auditwords-'));
  const cal = path.join(dir, 'holidays.csv');
  // the compiled calendar's last year again, as the State Council's notice would be entered
  const rows = readFileSync(path.join(root, 'data/cn_holidays.csv'), 'utf8').trim().split('\n');
  const last = rows[rows.length - 1].slice(0, 4);
  writeFileSync(cal, [rows[0], ...rows.filter((l) => l.startsWith(last))].join('\n') + '\n');
  cli(['calendar', 'import', '--db', db.dsn, '--actor', 'seed', cal]);
  cli(['tick', '--db', db.dsn, '--as-of', '2025-02-20']); // the rectification (ordered 2024-08-31) due within 7 days
  srv = await startServer(db.dsn);
  // through the web: an account added and changed by the security administrator, a login and a
  // logout, the deadline check run by the city bureau
  const sec = await as(srv.url, 'secadmin'), sec2 = await as(srv.url, 'secadmin2');
  // a business account, its password and a role: each asked by one administrator, approved by another
  const approve = async (r) => assert.equal((await sec2.post('/api/v1/user-changes/decisions', { id: r.body.pending[0], decision: 'approve' })).status, 200);
  await approve(await sec.post('/api/v1/users', { username: 'wordsuser', display_name: '词语测试', password: PASSWORD, roles: ['city'] }));
  assert.equal((await sec.patch('/api/v1/users/wordsuser', { display_name: '词语测试二' })).status, 200);
  await approve(await sec.patch('/api/v1/users/wordsuser', { password: PASSWORD + 'x' }));
  await approve(await sec.patch('/api/v1/users/wordsuser', { roles: ['city', 'drc'] }));
  for (const body of [{ roles: ['drc'] }, { disabled: true }, { disabled: false }, { roles: ['sysadmin'] }])
    assert.equal((await sec.patch('/api/v1/users/wordsuser', body)).status, 200, JSON.stringify(body));
  assert.equal((await sec.patch('/api/v1/users/sysadmin', { password: PASSWORD + 'y' })).status, 200, 'an administrator\'s password: no second approval');
  const city = await as(srv.url, 'city');
  assert.equal((await city.post('/api/v1/tick', { as_of: '2025-03-10' })).status, 200); // overdue by then: a new reminder
  await city.del('/api/v1/session');
});
after(async () => {
  await srv?.stop();
  db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('every action of a real log has its name in Chinese and English', async () => {
  const c = await as(srv.url, 'auditor');
  const stored = sql(db.dsn, 'SELECT DISTINCT action FROM audit_log ORDER BY action').split('\n');
  // the writes above reached the log (else this test would prove little)
  for (const a of ['import', 'user.add', 'user.name', 'user.passwd', 'user.role', 'user.disable', 'user.enable',
    'session.login', 'session.logout', 'evaluation.run', 'case.open', 'case.act', 'plan.add', 'tick', 'tick.run', 'calendar.import'])
    assert.ok(stored.includes(a), `the log holds a ${a} row: ${stored.join(' ')}`);
  const total = Number(sql(db.dsn, 'SELECT count(*) FROM audit_log'));
  const seen = new Map();
  for (let page = 1; (page - 1) * 100 < total; page++) {
    const r = await c.get(`/api/v1/audit?per_page=100&page=${page}`);
    assert.equal(r.status, 200);
    for (const x of r.body.items) seen.set(x.action, x);
  }
  assert.deepEqual([...seen.keys()].sort(), stored);
  const bad = [];
  for (const [a, x] of seen) {
    if (typeof x.action_zh !== 'string' || !/\p{Script=Han}/u.test(x.action_zh)) bad.push(`${a}: action_zh ${x.action_zh}`);
    if (typeof x.action_en !== 'string' || !/^[A-Z]/.test(x.action_en) || x.action_en === a) bad.push(`${a}: action_en ${x.action_en}`);
  }
  assert.deepEqual(bad, []);
  assert.equal(seen.get('session.login').action_zh, '登录');
  assert.equal(seen.get('case.open').action_zh, '立案');
});

test('the list of actions names each one; the identifier still filters the log', async () => {
  const c = await as(srv.url, 'auditadmin');
  const r = await c.get('/api/v1/audit/actions');
  assert.equal(r.status, 200);
  const byAction = new Map(r.body.items.map((x) => [x.action, x]));
  for (const a of sql(db.dsn, 'SELECT DISTINCT action FROM audit_log').split('\n')) assert.ok(byAction.has(a), a);
  assert.equal(new Set(r.body.items.map((x) => x.action_zh)).size, r.body.items.length, 'no two actions share a Chinese name');
  assert.deepEqual(byAction.get('session.login'), { action: 'session.login', action_zh: '登录', action_en: 'Log in' });
  const f = await c.get('/api/v1/audit?action=case.open&per_page=100');
  assert.equal(f.body.total, Number(sql(db.dsn, "SELECT count(*) FROM audit_log WHERE action = 'case.open'")));
  assert.ok(f.body.items.length > 0 && f.body.items.every((x) => x.action === 'case.open' && x.action_zh === '立案'));
  for (const user of ['city', 'secadmin', 'bank']) assert.equal((await (await as(srv.url, user)).get('/api/v1/audit/actions')).status, 403, user);
});
