// session.test.mjs: log in and out, cookie flags, CSRF, idle timeout, throttling, error shape.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, Client, as, isError, sql, PASSWORD } from './lib.mjs';

let db, srv;
before(async () => { db = demoDb('session'); srv = await startServer(db.dsn); });
after(async () => { await srv?.stop(); db?.drop(); });

test('login sets an HttpOnly SameSite=Strict cookie and answers the CSRF token', async () => {
  const c = new Client(srv.url);
  const r = await c.login('city');
  assert.equal(r.status, 200);
  const set = r.headers.get('set-cookie');
  assert.match(set, /po_session=[A-Za-z0-9_-]{40,}/);
  assert.match(set, /HttpOnly/);
  assert.match(set, /SameSite=Strict/);
  assert.equal(r.body.user.username, 'city');
  assert.deepEqual(r.body.user.roles, ['city']);
  assert.ok(r.body.csrf_token.length >= 40);
  const me = await c.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.body.csrf_token, r.body.csrf_token);
});

test('wrong password and unknown user get the same 401', async () => {
  const a = await new Client(srv.url).login('city', 'Wrong-pass-2026!');
  const b = await new Client(srv.url).login('nobody', 'Wrong-pass-2026!');
  assert.equal(a.status, 401);
  assert.equal(b.status, 401);
  assert.ok(isError(a.body, 'unauthenticated'));
  assert.equal(a.body.message_en, b.body.message_en);
});

test('no session: 401 with the error shape; the login page is public', async () => {
  const r = await new Client(srv.url).get('/api/v1/enterprises');
  assert.equal(r.status, 401);
  assert.ok(isError(r.body, 'unauthenticated'));
});

test('a write without the CSRF token is refused and changes nothing', async () => {
  const c = await as(srv.url, 'city');
  const r = await c.del('/api/v1/session', { csrf: false });
  assert.equal(r.status, 403);
  assert.ok(isError(r.body, 'forbidden'));
  assert.equal((await c.get('/api/v1/session')).status, 200, 'still logged in');
  const wrong = await c.req('DELETE', '/api/v1/session', undefined, { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
  assert.equal(wrong.status, 403);
});

test('logout ends the session on the server', async () => {
  const c = await as(srv.url, 'city');
  const cookie = c.cookie;
  assert.equal((await c.del('/api/v1/session')).status, 204);
  const again = new Client(srv.url);
  again.cookie = cookie;
  assert.equal((await again.get('/api/v1/session')).status, 401);
});

test('30 minutes idle ends the session', async () => {
  const c = await as(srv.url, 'energy');
  assert.equal((await c.get('/api/v1/session')).status, 200);
  sql(db.dsn, "UPDATE user_session SET last_seen = last_seen - 1801");
  const r = await c.get('/api/v1/session');
  assert.equal(r.status, 401);
  const c2 = await as(srv.url, 'market');
  sql(db.dsn, "UPDATE user_session SET last_seen = last_seen - 1700");
  assert.equal((await c2.get('/api/v1/session')).status, 200, '28 minutes idle is still fine');
});

test('three failures free, then a growing delay (429 with Retry-After), never a lock; audited for the security administrator', async () => {
  for (let i = 0; i < 3; i++)
    assert.equal((await new Client(srv.url).login('bank', 'Wrong-pass-2026!')).status, 401);
  // three more right away: refused without looking at the password, each counted
  for (let i = 0; i < 3; i++)
    assert.ok([401, 429].includes((await new Client(srv.url).login('bank', 'Wrong-pass-2026!')).status));
  const r = await new Client(srv.url).login('bank', PASSWORD);
  assert.equal(r.status, 429);
  assert.ok(isError(r.body, 'too_many_requests'));
  assert.match(r.body.message_en, /try again in \d+ seconds/);
  const wait = Number(r.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 64, `Retry-After ${wait}`);
  // other accounts are not affected
  assert.equal((await new Client(srv.url).login('auditor')).status, 200);
  const sec = await as(srv.url, 'secadmin');
  const t = await sec.get('/api/v1/login-throttles');
  assert.equal(t.status, 200);
  assert.ok(t.body.items.some((x) => /scope=account_address ip=127\.0\.0\.1 failures=3/.test(x.detail)), JSON.stringify(t.body));
  assert.equal((await (await as(srv.url, 'auditor')).get('/api/v1/login-throttles')).status, 403);
});

test('broken JSON, wrong method, unknown route and oversized bodies get the error shape', async () => {
  const c = new Client(srv.url);
  const bad = await c.req('POST', '/api/v1/session', undefined, { raw: '{"username": "city", ', headers: { 'content-type': 'application/json' } });
  assert.equal(bad.status, 400);
  assert.ok(isError(bad.body, 'invalid'));
  assert.match(bad.body.message_en, /malformed JSON/);
  const m = await c.req('PUT', '/api/v1/session');
  assert.equal(m.status, 405);
  assert.ok(isError(m.body, 'method_not_allowed'));
  const nf = await c.get('/api/v1/no-such-thing');
  assert.equal(nf.status, 404);
  assert.ok(isError(nf.body, 'not_found'));
  const big = await c.req('POST', '/api/v1/session', undefined, { raw: '{"a":"' + 'x'.repeat(2 << 20) + '"}', headers: { 'content-type': 'application/json' } });
  assert.equal(big.status, 413);
  assert.ok(isError(big.body, 'too_large'));
});

test('the UI is served at / in Chinese', async () => {
  const r = await fetch(srv.url + '/');
  assert.equal(r.status, 200);
  assert.match(await r.text(), /<html lang="zh-CN"/);
});
