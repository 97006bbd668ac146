// hardening.test.mjs: issue 16 §0 against the real server — cross-site writes refused by Origin
// (or Referer), login accepted as application/json only, conflicting Content-Length headers
// and an encoded NUL in the path answered 400, a chunked upload past the limit answered 413
// before it is all sent, and a session's absolute lifetime.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { demoDb, startServer, as, sql, PASSWORD } from './lib.mjs';

let db, srv, srv2;
before(async () => {
  db = demoDb('hardening');
  srv = await startServer(db.dsn);
  srv2 = await startServer(db.dsn, ['--allowed-origins', 'https://phaseout.example.gov.cn, https://b.example:8443']);
});
after(async () => { await srv?.stop(); await srv2?.stop(); db?.drop(); });

// One raw HTTP exchange: the bytes sent, the answer's status line and body.
function raw(port, text, { trickle } = {}) {
  return new Promise((resolve, reject) => {
    const s = net.connect(port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('error', (e) => (out ? resolve(out) : reject(e)));
    s.on('close', () => resolve(out));
    s.on('connect', async () => {
      if (!trickle) { s.write(text); return; }
      s.write(text);
      for (let i = 0; i < trickle.chunks && !s.destroyed && !out; i++) {
        s.write(trickle.chunk);
        await new Promise((r) => setTimeout(r, trickle.ms));
      }
      if (!s.destroyed && !out) s.end();
    });
    setTimeout(() => s.destroy(), 15000);
  });
}

const login = (url, headers, body = JSON.stringify({ username: 'city', password: PASSWORD })) =>
  fetch(url + '/api/v1/session', { method: 'POST', headers, body });

test('login: application/json only; from another site refused', async () => {
  const plain = await login(srv.url, { 'Content-Type': 'text/plain' });
  assert.equal(plain.status, 415);
  const form = await login(srv.url, { 'Content-Type': 'application/x-www-form-urlencoded' }, 'username=city&password=x');
  assert.equal(form.status, 415);
  const evil = await login(srv.url, { 'Content-Type': 'application/json', Origin: 'http://evil.example' });
  assert.equal(evil.status, 403);
  assert.equal((await evil.json()).code, 'forbidden');
  const own = await login(srv.url, { 'Content-Type': 'application/json; charset=utf-8', Origin: srv.url });
  assert.equal(own.status, 200);
});

test('writes: a valid session and token from another site\'s page are refused; the own origin and allowed ones pass', async () => {
  const c = await as(srv.url, 'city');
  const body = { record: '1-1', step: 'repair_apply', on: '2026-01-01', note: 'x' };
  const evil = await c.post('/api/v1/credit/repairs', body, { headers: { Origin: 'http://evil.example' } });
  assert.equal(evil.status, 403);
  assert.match(evil.body.message_zh, /其他网站/);
  const ref = await c.post('/api/v1/credit/repairs', body, { headers: { Referer: 'http://evil.example/page.html' } });
  assert.equal(ref.status, 403, 'a Referer of another site, without Origin');
  const nul = await c.post('/api/v1/credit/repairs', body, { headers: { Origin: 'null' } });
  assert.equal(nul.status, 403, 'Origin: null (a sandboxed or file page)');
  const own = await c.post('/api/v1/credit/repairs', body, { headers: { Origin: srv.url } });
  assert.notEqual(own.status, 403, 'the own origin passes the check (the body is then judged)');
  const c2 = await as(srv2.url, 'city');
  for (const o of ['https://phaseout.example.gov.cn', 'https://b.example:8443'])
    assert.notEqual((await c2.post('/api/v1/credit/repairs', body, { headers: { Origin: o } })).status, 403, o);
  assert.equal((await c2.post('/api/v1/credit/repairs', body, { headers: { Origin: 'https://b.example' } })).status, 403, 'another port');
  assert.equal((await c2.post('/api/v1/credit/repairs', body, { headers: { Origin: 'https://phaseout.example.gov.cn.evil.example' } })).status, 403);
});

test('conflicting Content-Length headers are 400; an encoded NUL in the path is 400', async () => {
  const two = await raw(srv.port, 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Content-Length: 5\r\nContent-Length: 50\r\nConnection: close\r\n\r\n{"a":');
  assert.match(two, /^HTTP\/1\.1 400/);
  const nul = await raw(srv.port, 'GET /app/main.js%00.png HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(nul, /^HTTP\/1\.1 400/);
  const apinul = await raw(srv.port, 'GET /api/v1/health%00 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(apinul, /^HTTP\/1\.1 400/);
  const ok = await raw(srv.port, 'GET /app/main.js HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(ok, /^HTTP\/1\.1 200/);
});

test('a chunked body is answered 411 before any of it is read (it could not be stopped at the limit)', async () => {
  const chunk = (64 * 1024).toString(16) + '\r\n' + 'x'.repeat(64 * 1024) + '\r\n';
  // 1 MiB is the JSON limit; offer 8 MiB in 128 chunks of 64 KiB, 10 ms apart
  const t0 = Date.now();
  const out = await raw(srv.port, 'POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n' +
    'Transfer-Encoding: chunked\r\n\r\n', { trickle: { chunk, chunks: 128, ms: 10 } });
  assert.match(out, /^HTTP\/1\.1 411/);
  assert.ok(Date.now() - t0 < 128 * 10, `answered after ${Date.now() - t0} ms: the whole body was read`);
  // a body with its length past the limit: 413 (read and dropped up to the drain limit)
  const big = await fetch(srv.url + '/api/v1/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: 'x'.repeat(2 << 20) });
  assert.equal(big.status, 413);
});

test('a session ends 12 hours after login however active (serve --session-hours)', async () => {
  const c = await as(srv.url, 'city');
  assert.equal((await c.get('/api/v1/session')).status, 200);
  const now = Math.floor(Date.now() / 1000);
  sql(db.dsn, `UPDATE user_session SET created_at = ${now - 12 * 3600 + 60}, last_seen = ${now}`);
  assert.equal((await c.get('/api/v1/session')).status, 200, 'still inside 12 h');
  sql(db.dsn, `UPDATE user_session SET created_at = ${now - 12 * 3600 - 60}, last_seen = ${now}`);
  const r = await c.get('/api/v1/session');
  assert.equal(r.status, 401, 'past 12 h');
});

test('import batches: a district officer sees its own district\'s, the city every one', async () => {
  const city = await as(srv.url, 'city'), dist = await as(srv.url, 'district');
  const csv = (name) => Buffer.from('code,name,level,parent_code\n150302,海勃湾区,district,150300\n');
  const up = (c, name) => c.req('POST', `/api/v1/imports?${new URLSearchParams({ kind: 'districts', file_name: name })}`, undefined, { raw: csv(name) });
  assert.equal((await up(city, 'city-file.csv')).status, 200);
  // a batch of the district officer's, as its upload would record it
  sql(db.dsn, "INSERT INTO import_batch(id, kind, file_name, sha256, format, nrows, inserted, updated, unchanged, imported_at, actor)" +
    " SELECT max(id) + 1, 'energy', 'district-file.csv', 'x', 'csv', 1, 1, 0, 0, '2026-12-07T00:00:00Z', 'web:district' FROM import_batch");
  const mine = (await dist.get('/api/v1/imports?per_page=100')).body.items;
  assert.ok(mine.every((b) => b.actor === 'web:district'), JSON.stringify(mine.map((b) => b.actor)));
  assert.ok(!mine.some((b) => b.file_name === 'city-file.csv'), 'the city\'s batch is not shown to a district');
  const all = (await city.get('/api/v1/imports?per_page=100')).body.items;
  assert.ok(all.some((b) => b.file_name === 'city-file.csv'));
  assert.ok(mine.some((b) => b.file_name === 'district-file.csv'), 'its own batch');
});
