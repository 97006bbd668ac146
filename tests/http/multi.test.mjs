// multi.test.mjs: two servers on two ports over ONE database behave as one (issue 7 item 5):
// a session made on A reads and writes on B, logging out on B ends it on A, login throttling
// counts failures on both, and lists answer the same ETag on both and see each other's writes.
// On PostgreSQL (TEST_BACKEND=pg) as deployed; on SQLite too (WAL: several processes, one file).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, Client, as, isError, sql, PASSWORD } from './lib.mjs';

let db, a, b;
before(async () => {
  db = demoDb('multi');
  a = await startServer(db.dsn);
  b = await startServer(db.dsn);
});
after(async () => { await a?.stop(); await b?.stop(); db?.drop(); });

// A client of server `srv` holding another client's session (cookie and CSRF token).
function sameSession(srv, c) {
  const o = new Client(srv.url);
  o.cookie = c.cookie;
  o.csrf = c.csrf;
  return o;
}

test('two servers, two ports', () => {
  assert.notEqual(a.port, b.port);
});

test('a session made on A reads on B', async () => {
  const onA = await as(a.url, 'city');
  const onB = sameSession(b, onA);
  const me = await onB.get('/api/v1/session');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.username, 'city');
  assert.equal(me.body.csrf_token, onA.csrf);
  const list = await onB.get('/api/v1/enterprises');
  assert.equal(list.status, 200);
  assert.equal(list.body.total, Number(sql(db.dsn, 'SELECT count(*) FROM enterprise')));
});

test('a session made on A writes on B with its CSRF token; A sees the write at once', async () => {
  const onA = await as(a.url, 'city');
  const onB = sameSession(b, onA);
  const before = await onA.get('/api/v1/evaluations');
  assert.equal(before.status, 200);
  const etagB = (await onB.get('/api/v1/evaluations')).headers.get('etag');
  assert.equal(before.headers.get('etag'), etagB, 'the same list has the same ETag on both servers');
  assert.equal((await onB.get('/api/v1/evaluations', { headers: { 'if-none-match': etagB } })).status, 304);

  const refused = await onB.post('/api/v1/evaluations', { year: 2024 }, { csrf: false });
  assert.equal(refused.status, 403, 'no CSRF token: refused on B too');
  assert.ok(isError(refused.body, 'forbidden'));
  const run = await onB.post('/api/v1/evaluations', { year: 2024 });
  assert.equal(run.status, 201, JSON.stringify(run.body));
  const after = await onA.get('/api/v1/evaluations', { headers: { 'if-none-match': before.headers.get('etag') } });
  assert.equal(after.status, 200, 'the ETag A gave before the write on B is stale on A');
  assert.equal(after.body.total, before.body.total + 1);
  assert.ok(after.body.items.some(r => r.id === run.body.id));
  assert.equal(sql(db.dsn, `SELECT actor FROM audit_log WHERE action LIKE '%evaluat%' ORDER BY id DESC LIMIT 1`), 'web:city',
    'the audit row names the user');
});

test('logging out on B ends the session on A', async () => {
  const onA = await as(a.url, 'energy');
  const onB = sameSession(b, onA);
  assert.equal((await onB.del('/api/v1/session')).status, 204);
  const r = await onA.get('/api/v1/session');
  assert.equal(r.status, 401);
  assert.ok(isError(r.body, 'unauthenticated'));
});

test('a session made on B is known to A', async () => {
  const onB = await as(b.url, 'auditor');
  assert.equal((await sameSession(a, onB).get('/api/v1/audit')).status, 200);
});

test('login throttling is shared: 3 failures on A and 3 on B, then 429 on either', async () => {
  const wrong = 'Wrong-pass-2026!';
  for (let i = 0; i < 3; i++) assert.equal((await new Client(a.url).login('bank', wrong)).status, 401);
  for (let i = 0; i < 3; i++) assert.ok([401, 429].includes((await new Client(b.url).login('bank', wrong)).status));
  for (const srv of [a, b]) {
    const r = await new Client(srv.url).login('bank', PASSWORD);
    assert.equal(r.status, 429, `the 6th attempt on ${srv === a ? 'A' : 'B'}`);
    assert.ok(isError(r.body, 'too_many_requests'));
    assert.ok(r.headers.get('retry-after'));
  }
  assert.equal((await new Client(b.url).login('market')).status, 200, 'another account is not locked');
});
