// public.test.mjs: the public side of issue 14 against the real server — only what was
// published is public (every public route's JSON keys against an allow-list), anonymous
// requests reach nothing else (every other route of the OpenAPI document answers 401 without a
// session), publications never change (ETag/304, identical bytes, no route to alter them),
// no cookie on any public answer, the per-address limit, and a public report's way: filed
// through the API and through the HTML form → the district's task → verification → reply,
// visible by receipt without a session; the reporter's contact seen only by the city bureau and
// the handling district.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, cli, sql, BACKEND } from './lib.mjs';

let db, srv;
before(async () => {
  db = demoDb('public');
  cli(['demo', '--db', db.dsn, '--activity', '--as-of', '2026-12-07']);
  cli(['publish', '--db', db.dsn, '--list', 'exits', '--year', '2025', '--actor', '演示']);
  cli(['publish', '--db', db.dsn, '--list', 'exits', '--year', '2025', '--actor', '演示', '--supersedes', '2', '--reason', '更正']);
  // 1: the demo's sealed list of 2026; 2: the exit list, corrected by 3
  srv = await startServer(db.dsn, ['--public-burst', '120']); // the shipped default
});
after(async () => { if (process.env.PO_DEBUG) console.log(srv?.log()); await srv?.stop(); });

const get = (p, headers = {}) => fetch(srv.url + p, { headers, redirect: 'manual' });

// The allow-list: every key a public answer may carry, per kind of object.
const PUBLICATION = ['id', 'number', 'list', 'list_zh', 'year', 'scope', 'district_name', 'published_at', 'sha256',
  'supersedes', 'superseded_by', 'reason', 'nrows', 'status', 'downloads', 'rows'];
const DOWNLOADS = ['csv', 'xlsx', 'pdf', 'canonical'];
const ROW = ['enterprise_name', 'uscc', 'district_code', 'district_name', 'equipment', 'capacity', 'capacity_unit',
  'measure', 'deadline', 'basis'];
const HIT = [...ROW, 'publication'];
const REPORT = ['receipt', 'category', 'category_zh', 'category_en', 'status', 'status_zh', 'status_en', 'filed_on',
  'reply_due', 'closed_on', 'public_reply'];
const FILED = ['receipt', 'status', 'reply_due', 'status_url'];
const LIST = ['items', 'total', 'q'];

function keysWithin(obj, allowed, where) {
  for (const k of Object.keys(obj)) assert.ok(allowed.includes(k), `${where}: key "${k}" is not on the public allow-list`);
}
function checkPublication(p, where) {
  keysWithin(p, PUBLICATION, where);
  keysWithin(p.downloads, DOWNLOADS, where + '.downloads');
  for (const r of p.rows || []) keysWithin(r, ROW, where + '.rows[]');
  assert.ok(!JSON.stringify(p).includes('cli:'), where + ': the actor is not public');
}

test('every public route answers only allow-listed fields, and no cookie', async () => {
  const doc = await (await get('/api/v1/openapi.json')).json();
  const pub = Object.entries(doc.paths).flatMap(([p, item]) => Object.entries(item)
    .filter(([, op]) => Array.isArray(op.security) && op.security.length === 0).map(([m]) => [m, p]));
  for (const want of ['/api/v1/public/publications', '/api/v1/public/publications/{id}', '/api/v1/public/search',
    '/api/v1/public/reports', '/api/v1/public/reports/{receipt}'])
    assert.ok(pub.some(([, p]) => p === want), want + ' is in the OpenAPI document as needing no session');
  const list = await get('/api/v1/public/publications');
  assert.equal(list.status, 200);
  assert.equal(list.headers.get('set-cookie'), null);
  const lb = await list.json();
  keysWithin(lb, LIST, 'list');
  assert.equal(lb.items.length, 3);
  for (const p of lb.items) checkPublication(p, 'list item');
  for (const p of lb.items) {
    const r = await get('/api/v1/public/publications/' + p.id);
    assert.equal(r.status, 200);
    assert.equal(r.headers.get('set-cookie'), null);
    const b = await r.json();
    checkPublication(b, 'publication ' + p.id);
    assert.equal(b.rows.length, b.nrows);
  }
  const s = await get('/api/v1/public/search?q=' + encodeURIComponent('电石'));
  assert.equal(s.status, 200);
  const sb = await s.json();
  keysWithin(sb, LIST, 'search');
  assert.ok(sb.items.length > 0, 'search finds published rows');
  for (const h of sb.items) {
    keysWithin(h, HIT, 'hit');
    checkPublication(h.publication, 'hit.publication');
  }
  // search finds only what was published: an enterprise in no publication is not found
  const unpublished = sql(db.dsn, "SELECT uscc FROM enterprise WHERE uscc NOT IN (SELECT uscc FROM publication_row) ORDER BY uscc LIMIT 1");
  assert.equal((await (await get('/api/v1/public/search?q=' + unpublished)).json()).items.length, 0);
  assert.equal((await get('/api/v1/public/search?q=')).status, 400);
  assert.equal((await get('/api/v1/public/search?q=' + 'x'.repeat(61))).status, 400);
});

test('anonymous requests reach no route that is not public', async () => {
  const doc = await (await get('/api/v1/openapi.json')).json();
  let n = 0;
  for (const [p, item] of Object.entries(doc.paths))
    for (const [m, op] of Object.entries(item)) {
      if (Array.isArray(op.security) && op.security.length === 0) continue;
      const concrete = p.replace(/\{[^}]+\}/g, '1');
      const r = await fetch(srv.url + concrete, { method: m.toUpperCase(), headers: { 'content-type': 'application/json' },
        body: ['get', 'head'].includes(m) ? undefined : '{}' });
      assert.ok([401, 403].includes(r.status), `${m.toUpperCase()} ${concrete} answered ${r.status} without a session`);
      n++;
    }
  assert.ok(n > 50, 'walked the document');
});

test('a publication never changes: immutable caching, ETag, identical bytes, no write route', async () => {
  for (const ext of ['', '.csv', '.xlsx', '.pdf', '.txt']) {
    const a = await get('/api/v1/public/publications/2' + ext);
    assert.equal(a.status, 200, ext);
    assert.match(a.headers.get('cache-control'), /immutable/);
    const etag = a.headers.get('etag');
    assert.ok(etag && etag.startsWith('"'), 'strong ETag ' + ext);
    const bytes = Buffer.from(await a.arrayBuffer());
    const b = Buffer.from(await (await get('/api/v1/public/publications/2' + ext)).arrayBuffer());
    assert.ok(bytes.equals(b), 'same bytes twice ' + ext);
    assert.equal((await get('/api/v1/public/publications/2' + ext, { 'if-none-match': etag })).status, 304);
    if (ext === '.csv') assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    if (ext === '.pdf') assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
    if (ext === '.txt') {
      const { createHash } = await import('node:crypto');
      const pub = await (await get('/api/v1/public/publications/2')).json();
      assert.equal(createHash('sha256').update(bytes).digest('hex'), pub.sha256, 'the hash is of the canonical text');
    }
  }
  // the corrected one stays readable, marked, and names its correction
  const old = await (await get('/api/v1/public/publications/2')).json();
  assert.equal(old.status, 'corrected');
  assert.equal(old.superseded_by, 3);
  const cur = await (await get('/api/v1/public/publications/3')).json();
  assert.equal(cur.supersedes, 2);
  assert.equal(cur.reason, '更正');
  for (const m of ['PUT', 'PATCH', 'DELETE', 'POST'])
    assert.ok([404, 405].includes((await fetch(srv.url + '/api/v1/public/publications/1', { method: m })).status), m);
  const city = await as(srv.url, 'city');
  for (const m of ['PUT', 'PATCH', 'DELETE'])
    assert.ok([404, 405].includes((await city.req(m, '/api/v1/publications/1', {})).status), 'staff ' + m);
  assert.equal((await get('/api/v1/public/publications/999')).status, 404);
  assert.equal((await get('/api/v1/public/publications/1.exe')).status, 404);
});

test('the portal pages: no login, no cookie, no script', async () => {
  for (const p of ['/public/', '/public', '/public/publications/1', '/public/publications/2', '/public/publications/3', '/public/search?q=' + encodeURIComponent('电石'),
    '/public/progress', '/public/report', '/public/report/status']) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.match(r.headers.get('content-type'), /text\/html/);
    assert.equal(r.headers.get('set-cookie'), null, p);
    const html = await r.text();
    assert.ok(!/<script/i.test(html), p + ' has no script');
  }
  const idx = await (await get('/public/')).text();
  assert.match(idx, /乌工信公〔2026〕1号/);
  assert.match(idx, /已更正/);
  const one = await (await get('/public/publications/2')).text();
  assert.match(one, /本公示已更正/);
  const prog = await (await get('/public/progress')).text();
  assert.match(prog, /<svg/);
  assert.equal((await get('/public/publications/abc')).status, 404);
});

test('a report: filed in public, the district task, the reply by receipt; the contact is scoped', async () => {
  const uscc = sql(db.dsn, "SELECT uscc FROM publication_row r WHERE publication_id = 3 AND district_code = '150302' ORDER BY seq LIMIT 1");
  const name = sql(db.dsn, `SELECT enterprise_name FROM publication_row WHERE uscc = '${uscc}' LIMIT 1`);
  const filed = await fetch(srv.url + '/api/v1/public/reports', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ enterprise: name, uscc, category: 'sealed_running', seen: '夜间烟囱冒烟，疑似恢复生产', place: '海勃湾区',
      seen_on: '2026-12-01', contact: '13800000000' }) });
  assert.equal(filed.status, 201);
  assert.equal(filed.headers.get('set-cookie'), null);
  const f = await filed.json();
  keysWithin(f, FILED, 'filed');
  assert.match(f.receipt, /^[2-9A-HJ-NP-Z]{12}$/);
  const st = await (await get('/api/v1/public/reports/' + f.receipt)).json();
  keysWithin(st, REPORT, 'report status');
  assert.equal(st.status, 'received');
  assert.ok(!JSON.stringify(st).includes('13800000000'), 'no contact in public');

  // bad fields: 422 naming the field, nothing stored
  const before = sql(db.dsn, 'SELECT count(*) FROM public_report');
  for (const [body, field] of [[{ enterprise: 'x', category: 'nope', seen: 'x', place: 'y', seen_on: '2026-12-01' }, 'category'],
    [{ enterprise: 'x', category: 'other', seen: 'x'.repeat(4000), place: 'y', seen_on: '2026-12-01' }, 'seen'],
    [{ enterprise: 'x', category: 'other', seen: 'x', place: 'y', seen_on: '2999-01-01' }, 'seen_on'],
    [{ enterprise: '', category: 'other', seen: 'x', place: 'y', seen_on: '2026-12-01' }, 'enterprise'],
    [{ enterprise: 'x', uscc: '911111111111111111', category: 'other', seen: 'x', place: 'y', seen_on: '2026-12-01' }, 'uscc']]) {
    const r = await fetch(srv.url + '/api/v1/public/reports', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.equal(r.status, 422, field);
    const e = await r.json();
    assert.ok(e.message_zh.includes(field) && e.message_en.includes(field), 'names ' + field + ': ' + e.message_en);
  }
  assert.equal(sql(db.dsn, 'SELECT count(*) FROM public_report'), before, 'nothing stored');

  // through the HTML form, without script: 303 to the receipt page
  const form = new URLSearchParams({ enterprise: '某无名小厂', category: 'unlicensed', seen: '无证生产', place: '乌达区', seen_on: '2026-12-02', website: '' });
  const fr = await fetch(srv.url + '/public/report', { method: 'POST', body: form, headers: { 'content-type': 'application/x-www-form-urlencoded' }, redirect: 'manual' });
  assert.equal(fr.status, 303);
  const loc = fr.headers.get('location');
  assert.match(loc, /^\/public\/report\/[2-9A-HJ-NP-Z]{12}$/);
  assert.match(await (await get(loc)).text(), /收到/);

  // the district's task: its own district sees it with the contact; others do not
  const district = await as(srv.url, 'district');
  const mine = (await district.get('/api/v1/reports')).body.items;
  const task = mine.find((x) => x.receipt === f.receipt);
  assert.ok(task, 'the handling district has the task');
  assert.equal(task.contact, '13800000000');
  assert.ok(task.reply_due > '2026-12-07');
  assert.ok(!mine.some((x) => x.enterprise_text === '某无名小厂'), 'a report without a district is the city\'s to assign');
  const other = await as(srv.url, 'district2');
  assert.ok(!(await other.get('/api/v1/reports')).body.items.some((x) => x.receipt === f.receipt));
  assert.equal((await other.get('/api/v1/reports/' + task.id)).status, 404);
  for (const u of ['drc', 'bank', 'auditor', 'eco_env']) {
    const c = await as(srv.url, u);
    assert.equal((await c.get('/api/v1/reports')).status, 403, u);
    assert.equal((await c.get('/api/v1/reports/' + task.id)).status, 403, u);
  }
  const city = await as(srv.url, 'city');
  const all = (await city.get('/api/v1/reports')).body.items;
  assert.equal(all.find((x) => x.receipt === f.receipt).contact, '13800000000');
  // the enterprise's timeline source
  assert.ok((await district.get('/api/v1/reports?uscc=' + uscc)).body.items.some((x) => x.receipt === f.receipt));

  // verify, then reply: the reply is public by receipt
  assert.equal((await other.post(`/api/v1/reports/${task.id}/actions`, { action: 'verify' })).status, 404);
  assert.equal((await district.post(`/api/v1/reports/${task.id}/actions`, { action: 'verify' })).status, 200);
  assert.equal((await get('/api/v1/public/reports/' + f.receipt).then((r) => r.json())).status, 'verifying');
  assert.equal((await district.post(`/api/v1/reports/${task.id}/actions`, { action: 'reply', text: '' })).status, 422);
  const done = await district.post(`/api/v1/reports/${task.id}/actions`, { action: 'reply', text: '经现场核查，该生产线封存完好，未发现生产。' });
  assert.equal(done.status, 200);
  const pubst = await (await get('/api/v1/public/reports/' + f.receipt)).json();
  assert.equal(pubst.status, 'closed');
  assert.equal(pubst.status_zh, '已办结');
  assert.equal(pubst.public_reply, '经现场核查，该生产线封存完好，未发现生产。');
  assert.match(await (await get('/public/report/' + f.receipt)).text(), /封存完好/);
  assert.equal((await district.post(`/api/v1/reports/${task.id}/actions`, { action: 'verify' })).status, 422, 'closed stays closed');
  assert.ok(Number(sql(db.dsn, "SELECT count(*) FROM audit_log WHERE action IN ('report.file', 'report.act')")) >= 4);
  assert.equal((await get('/api/v1/public/reports/NOSUCHRECEIPT')).status, 404);
});

test('staff publish through the API: preview with refusals, the city bureau only', async () => {
  const city = await as(srv.url, 'city');
  const pv = await city.get('/api/v1/publications/preview?list=rectifying&year=2026');
  assert.equal(pv.status, 200);
  assert.equal(pv.body.publishable, false);
  assert.ok(pv.body.refusals.some((r) => r.zh.includes('数据待补')));
  assert.equal((await city.post('/api/v1/publications', { list: 'rectifying', year: 2026 })).status, 422);
  const district = await as(srv.url, 'district');
  assert.equal((await district.post('/api/v1/publications', { list: 'exits', year: 2025 })).status, 403);
  const n = await city.post('/api/v1/cases/2/notices', { kind: 'rectification' });
  assert.equal(n.status, 200);
  assert.equal(n.bytes.subarray(0, 5).toString(), '%PDF-');
  assert.match(decodeURIComponent(n.headers.get('x-document-number')), /^乌工信发〔\d{4}〕\d+号$/);
  assert.equal((await district.post('/api/v1/cases/2/notices', { kind: 'rectification' })).status, 403);
});

test('the per-address limit answers 429 with Retry-After', async () => {
  let limited = null;
  for (let i = 0; i < 400 && !limited; i++) {
    const r = await get('/api/v1/public/publications');
    if (r.status === 429) limited = r;
    else await r.arrayBuffer();
  }
  assert.ok(limited, 'a flood from one address is limited');
  assert.ok(Number(limited.headers.get('retry-after')) >= 1);
  const body = await limited.json();
  assert.ok(body.message_zh && body.message_en);
  // the staff API is not limited by it
  const city = await as(srv.url, 'city');
  assert.equal((await city.get('/api/v1/publications')).status, 200);
});

test('the web root serves the app only: not README.md, package.json or the rest of node_modules', async () => {
  const { existsSync } = await import('node:fs');
  const { root } = await import('./lib.mjs');
  for (const p of ['/', '/index.html', '/app/main.js', '/app/app.css']) assert.equal((await get(p)).status, 200, p);
  if (existsSync(root + '/web/node_modules/echarts/dist/echarts.min.js'))
    assert.equal((await get('/vendor/echarts/dist/echarts.min.js')).status, 200);
  for (const p of ['/README.md', '/package.json', '/package-lock.json', '/vendor/playwright-core/package.json',
    '/node_modules/echarts/package.json', '/app/../package.json'])
    assert.equal((await get(p)).status, 404, p);
});
