// attacks.test.mjs: the attack checklist of issue 16 §6 against the real server (docs/security.md
// names this file per row) — SQL injection in every query parameter of every GET route and in
// the JSON fields of every write route, the security headers on every kind of answer, session
// fixation and another session's CSRF token, IDOR by incrementing ids, path traversal on static
// files, deeply nested JSON, invalid UTF-8, huge headers, hostile uploads (a ZIP named .csv, an
// XLSX zip bomb). Nothing may answer 500, nothing may change, the server keeps answering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import zlib from 'node:zlib';
import { routeWalk, Client, as, sql, PASSWORD, WALKERS, OWN_DISTRICT } from './lib.mjs';

let w;
before(async () => { w = await routeWalk('attacks'); });
after(async () => { await w?.stop(); });

const PAYLOADS = ["' OR '1'='1", "1; DROP TABLE enterprise; --", "%' UNION SELECT name, 1 FROM sqlite_master --",
  "\\'; SELECT pg_sleep(5); --", '"><img src=x onerror=alert(1)>', '../../etc/passwd'];
const census = () => sql(w.db.dsn, 'SELECT (SELECT count(*) FROM enterprise) || \' \' || (SELECT count(*) FROM case_file) || \' \' || (SELECT count(*) FROM app_user)');
const client = async (o) => { for (const u of WALKERS) { const c = w.clients[u]; const r = await c.get(w.params.fill(o.path)); if (r.status !== 403) return c; } return w.clients.city; };

test('SQL injection in every query parameter of every GET route: no 500, nothing changes', async () => {
  const before = census();
  const bad = [];
  let n = 0;
  for (const o of w.ops.filter((o) => o.method === 'GET' && !o.isPublic && o.query.length)) {
    const c = await client(o);
    for (const q of o.query)
      for (const p of PAYLOADS) {
        const r = await c.get(w.params.fill(o.path) + '?' + new URLSearchParams({ [q]: p }));
        n++;
        if (r.status >= 500) bad.push(`${o.path}?${q}=${p}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
      }
  }
  assert.ok(n > 200, `only ${n} requests`);
  assert.deepEqual(bad, []);
  assert.equal(census(), before, 'the tables are as they were');
  assert.equal(sql(w.db.dsn, 'SELECT count(*) FROM enterprise') > 0, true);
});

test('SQL injection in the JSON fields of every write route: refused or stored as text, never run', async () => {
  const before = census();
  const bad = [];
  const keys = ['uscc', 'name', 'note', 'reason', 'document', 'record', 'measure', 'kind', 'list', 'on', 'month', 'event',
    'step', 'username', 'password', 'display_name', 'district_code', 'text', 'action', 'enterprise', 'code', 'as_of'];
  for (const o of w.ops.filter((o) => ['POST', 'PATCH', 'PUT'].includes(o.method) && !o.op.requestBody?.content?.['application/octet-stream'])) {
    if (o.path === '/api/v1/session') continue; // the login: tested in session.test.mjs
    const c = o.isPublic ? new Client(w.srv.url) : await client(o);
    for (const p of PAYLOADS.slice(0, 3)) {
      const r = await c.req(o.method, w.params.fill(o.path), Object.fromEntries(keys.map((k) => [k, p])));
      if (r.status >= 500) bad.push(`${o.method} ${o.path}: ${r.status} ${JSON.stringify(r.body).slice(0, 120)}`);
    }
  }
  assert.deepEqual(bad, []);
  assert.equal(census(), before);
});

test('every kind of answer carries the security headers; the CSP allows no inline script or style', async () => {
  const c = w.clients.city;
  const answers = [
    await c.get('/api/v1/enterprises'), await c.get('/api/v1/no-such-route'), await new Client(w.srv.url).get('/api/v1/enterprises'),
    await c.get('/'), await c.get('/app/main.js'), await c.get('/no-such-file.js'), await c.get('/public/'),
    await c.get('/public/portal.css'), await c.req('POST', '/api/v1/enterprises', { bad: 1 }),
  ];
  for (const r of answers) {
    assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
    const csp = r.headers.get('content-security-policy') || '';
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /default-src 'self'/);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    assert.ok(r.headers.get('referrer-policy'));
    assert.equal(r.headers.get('x-frame-options'), 'DENY');
  }
});

test('session fixation: a cookie offered before login is never the session; logout and another session\'s CSRF token', async () => {
  const planted = 'A'.repeat(43);
  const c = new Client(w.srv.url);
  c.cookie = 'po_session=' + planted;
  assert.equal((await c.get('/api/v1/session')).status, 401);
  assert.equal((await c.login('city')).status, 200);
  assert.notEqual(c.cookie, 'po_session=' + planted, 'a new session id at login');
  assert.equal((await c.get('/api/v1/session')).status, 200);
  const stale = new Client(w.srv.url);
  stale.cookie = 'po_session=' + planted;
  assert.equal((await stale.get('/api/v1/session')).status, 401, 'the planted id is not logged in');
  // another session's token is no token
  const other = await as(w.srv.url, 'drc');
  const body = { record: '1-1', step: 'repair_apply', on: '2026-01-01', note: 'x' };
  const r = await c.req('POST', '/api/v1/credit/repairs', body, { headers: { 'x-csrf-token': other.csrf }, csrf: false });
  assert.equal(r.status, 403);
  assert.match(r.body.message_en, /CSRF/);
  // logout ends it on the server: the old cookie is refused
  const cookie = c.cookie;
  assert.equal((await c.del('/api/v1/session')).status, 204);
  const again = new Client(w.srv.url);
  again.cookie = cookie;
  assert.equal((await again.get('/api/v1/session')).status, 401);
});

test('IDOR: a district officer walking the ids of cases and reports sees its own district\'s only', async () => {
  const d = w.clients.district;
  const max = Number(sql(w.db.dsn, 'SELECT max(id) FROM case_file'));
  assert.ok(max >= 2);
  for (let id = 1; id <= max + 2; id++) {
    const own = sql(w.db.dsn, `SELECT count(*) FROM case_file c JOIN enterprise e ON e.uscc = c.uscc WHERE c.id = ${id} AND e.district_code = '${OWN_DISTRICT}'`) === '1';
    for (const p of [`/api/v1/cases/${id}`, `/api/v1/cases/${id}/resettlement`]) {
      const r = await d.get(p);
      assert.equal(r.status, own ? 200 : 404, `${p}: ${r.status}`);
    }
  }
  const reports = Number(sql(w.db.dsn, 'SELECT coalesce(max(id), 0) FROM public_report'));
  for (let id = 1; id <= reports + 2; id++) {
    const own = sql(w.db.dsn, `SELECT count(*) FROM public_report WHERE id = ${id} AND district_code = '${OWN_DISTRICT}'`) === '1';
    assert.equal((await w.clients.district2.get(`/api/v1/reports/${id}`)).status, !own && sql(w.db.dsn, `SELECT count(*) FROM public_report WHERE id = ${id} AND district_code = '150303'`) === '1' ? 200 : 404);
  }
});

// One raw request; the whole answer as text.
function raw(text) {
  return new Promise((resolve) => {
    const s = net.connect(w.srv.port, '127.0.0.1');
    let out = '';
    s.on('data', (d) => { out += d; });
    s.on('error', () => resolve(out));
    s.on('close', () => resolve(out));
    s.on('connect', () => s.write(text));
    setTimeout(() => s.destroy(), 10000);
  });
}

test('path traversal on static files and the API: encoded, double-encoded, backslashes, NUL', async () => {
  const paths = ['/../../../../etc/passwd', '/%2e%2e/%2e%2e/%2e%2e/etc/passwd', '/%252e%252e/%252e%252e/etc/passwd',
    '/app/..%2f..%2f..%2fetc/passwd', '/app/..\\..\\..\\etc\\passwd', '/app/%5c..%5c..%5cREADME.md', '/app/main.js%00.png',
    '/README.md', '/package.json', '/web/index.html', '/node_modules/echarts/package.json', '/vendor/echarts/../../package.json',
    '/api/v1/../../etc/passwd', '/public/../README.md'];
  for (const p of paths) {
    const out = await raw(`GET ${p} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    const status = Number(/^HTTP\/1\.1 (\d+)/.exec(out)?.[1]);
    assert.ok([400, 404].includes(status), `${p}: ${out.slice(0, 40)}`);
    assert.doesNotMatch(out, /root:x:0:0|"name": "phaseout|# phaseout/, p);
  }
});

test('malformed bodies: deeply nested JSON, invalid UTF-8, huge headers, a short body — 4xx, the server keeps answering', async () => {
  const c = w.clients.city;
  const deep = await c.req('POST', '/api/v1/credit/repairs', undefined, { raw: '['.repeat(100000) + ']'.repeat(100000), headers: { 'content-type': 'application/json' } });
  assert.ok(deep.status >= 400 && deep.status < 500, `nested: ${deep.status}`);
  const utf = await c.req('POST', '/api/v1/credit/repairs', undefined, { raw: Buffer.from([0x7b, 0x22, 0x6e, 0x6f, 0x74, 0x65, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]), headers: { 'content-type': 'application/json' } });
  assert.ok(utf.status >= 400 && utf.status < 500, `invalid UTF-8: ${utf.status}`);
  const huge = await raw(`GET /api/v1/health HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(200000)}\r\nConnection: close\r\n\r\n`);
  assert.doesNotMatch(huge, /^HTTP\/1\.1 200/, 'a 200 KB header is not served');
  const short = await raw('POST /api/v1/session HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5\r\nConnection: close\r\n\r\n{}');
  assert.ok(short === '' || /^HTTP\/1\.1 4\d\d/.test(short) || /^HTTP\/1\.1 (401|400)/.test(short), short.slice(0, 40));
  assert.equal((await c.get('/api/v1/health')).status, 200, 'still serving');
});

test('hostile uploads: a ZIP named .csv, an XLSX zip bomb, a file named like markup — refused or stored as text, nothing written', async () => {
  const c = w.clients.city;
  const before = census();
  const up = (name, bytes) => c.req('POST', `/api/v1/imports?${new URLSearchParams({ kind: 'enterprises', file_name: name })}`, undefined, { raw: bytes });
  // a ZIP (a real one: local file header + data) named .csv
  const zipped = Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(26), Buffer.from('x.csv'), zlib.deflateRawSync(Buffer.from('uscc\n'))]);
  const z = await up('enterprises.csv', zipped);
  assert.ok(z.status >= 400 && z.status < 500, `zip as csv: ${z.status}`);
  // an XLSX whose sheet inflates to 1 GiB of zeros: refused quickly, not inflated
  const bomb = zlib.deflateRawSync(Buffer.alloc(64 << 20), { level: 9 });
  const name = 'xl/worksheets/sheet1.xml';
  const lfh = Buffer.alloc(30);
  lfh.writeUInt32LE(0x04034b50, 0); lfh.writeUInt16LE(20, 4); lfh.writeUInt16LE(8, 8);
  lfh.writeUInt32LE(bomb.length, 18); lfh.writeUInt32LE(1 << 30, 22); lfh.writeUInt16LE(name.length, 26);
  const cdh = Buffer.alloc(46);
  cdh.writeUInt32LE(0x02014b50, 0); cdh.writeUInt16LE(20, 4); cdh.writeUInt16LE(20, 6); cdh.writeUInt16LE(8, 10);
  cdh.writeUInt32LE(bomb.length, 20); cdh.writeUInt32LE(1 << 30, 24); cdh.writeUInt16LE(name.length, 28);
  const body = Buffer.concat([lfh, Buffer.from(name), bomb]);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0); eocd.writeUInt16LE(1, 8); eocd.writeUInt16LE(1, 10);
  eocd.writeUInt32LE(46 + name.length, 12); eocd.writeUInt32LE(body.length, 16);
  const t0 = Date.now();
  const b = await up('bomb.xlsx', Buffer.concat([body, cdh, Buffer.from(name), eocd]));
  assert.ok(b.status >= 400 && b.status < 500, `bomb: ${b.status} ${JSON.stringify(b.body).slice(0, 200)}`);
  assert.ok(Date.now() - t0 < 10000, 'refused without inflating it');
  // markup in a file name: stored as text, shown as text (the browser test checks the page)
  const m = await up('<img src=x onerror=alert(1)>.csv', Buffer.from('uscc,name\n'));
  assert.ok(m.status >= 400 && m.status < 500);
  assert.equal(census(), before, 'nothing written');
  assert.equal((await c.get('/api/v1/health')).status, 200);
});
