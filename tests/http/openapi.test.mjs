// openapi.test.mjs: /api/v1/openapi.json is true.  Every path and method in it is routed and
// answers as documented (a success, or the error shape with a 4xx that fits — never "no such
// API route", 405 or 5xx), every path parameter can be filled from the API itself, nothing
// undocumented is routed, and every list pages with an ETag.  Generic over the route table:
// routes are read from the document, so new ones are walked as they land.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { routeWalk, Client, isError, methodsOf, WALKERS } from './lib.mjs';

let w;
before(async () => { w = await routeWalk('openapi'); });
after(async () => { await w?.stop(); });

const ok2xx = s => s >= 200 && s < 300;
const show = r => `${r.status} ${typeof r.body === 'object' ? JSON.stringify(r.body).slice(0, 200) : String(r.body).slice(0, 80)}`;

// Send with the first of WALKERS the route does not refuse with 403: { user, r }.
async function send(fn) {
  let r;
  for (const user of WALKERS) if ((r = await fn(w.clients[user])).status !== 403) return { user, r };
  return { user: null, r };
}

// A minimal invalid request body for a write: not a JSON object / not a file of any kind.
function invalidWrite(c, o, p) {
  const upload = o.op.requestBody?.content?.['application/octet-stream'];
  return upload ? c.req(o.method, p, undefined, { raw: 'not a file' }) : c.req(o.method, p, []);
}

test('the document describes every operation: summary, tag, unique id, parameters, responses', () => {
  assert.equal(w.doc.openapi, '3.0.3');
  assert.ok(w.doc.components.schemas.Error, 'the error schema');
  const ids = new Set();
  for (const o of w.ops) {
    const name = `${o.method} ${o.path}`;
    assert.ok(o.path.startsWith('/api/v1/'), name);
    assert.ok(o.op.summary?.length > 3, `${name}: summary`);
    assert.ok(o.op.tags?.length === 1, `${name}: tag`);
    assert.ok(!ids.has(o.op.operationId), `${name}: operationId ${o.op.operationId} twice`);
    ids.add(o.op.operationId);
    const declared = (o.op.parameters || []).filter(x => x.in === 'path').map(x => x.name);
    assert.deepEqual(declared, o.params, `${name}: path parameters declared`);
    assert.ok(o.op.responses[o.method === 'DELETE' ? '204' : '200'], `${name}: success response`);
    assert.ok(o.op.responses.default, `${name}: error response`);
    if (o.perm !== undefined) assert.ok(Number.isInteger(o.perm) && o.perm >= 0 && o.perm < 16 /* enum po_perm: 16 permissions */, `${name}: x-permission ${o.perm}`);
    if (['POST', 'PATCH', 'PUT'].includes(o.method)) assert.ok(o.op.requestBody, `${name}: request body`);
    if (o.isList) assert.deepEqual(['page', 'per_page', 'sort'].filter(q => o.query.includes(q)), ['page', 'per_page', 'sort'], name);
  }
  const publics = w.ops.filter(o => o.isPublic).map(o => `${o.method} ${o.path}`).sort();
  assert.deepEqual(publics, ['GET /api/v1/health', 'GET /api/v1/openapi.json', 'GET /api/v1/public/publications',
    'GET /api/v1/public/publications/{id}', 'GET /api/v1/public/reports/{receipt}', 'GET /api/v1/public/search',
    'POST /api/v1/public/reports', 'POST /api/v1/session'],
    'only the login, health, this document and the public side (/api/v1/public/, issue 14) are public');
});

test('every path parameter has a value found through the API', () => {
  assert.deepEqual(w.params.missing, [], 'no list or answer of the API gives a value for these path parameters');
});

// Values for query parameters a route requires, from the API: name → async (path) → value.
const QUERY_VALUES = {
  // another evaluation run than the one in the path
  against: async p => (await w.clients.city.get('/api/v1/evaluations')).body.items.map(r => String(r.id))
    .find(id => !p.includes(`/${id}/`)),
};

// A GET answered 400/422 for a required query parameter: the same with the ones QUERY_VALUES
// knows, or null when it names none of them.
async function withQuery(o, p, r) {
  const named = o.query.filter(q => QUERY_VALUES[q] && JSON.stringify(r.body).includes(q));
  if (!named.length) return null;
  const qs = new URLSearchParams();
  for (const q of named) qs.set(q, await QUERY_VALUES[q](p));
  return `${p}?${qs}`;
}

test('every GET route answers 2xx (given the query parameters it requires)', async () => {
  const bad = [];
  for (const o of w.ops.filter(o => o.method === 'GET')) {
    let p = w.params.fill(o.path);
    if (p.includes('{')) continue; // reported by the test above
    let { user, r } = await send(c => c.get(p));
    const required = [400, 422].includes(r.status) && isError(r.body, 'invalid') && o.query.some(q => !['page', 'per_page', 'sort'].includes(q));
    const retry = required && await withQuery(o, p, r);
    if (retry) ({ user, r } = await send(c => c.get(p = retry)));
    else if (required) console.log(`# GET ${p} needs a query parameter the test cannot fill: ${r.body.message_en}`);
    if (!ok2xx(r.status) && !(required && !retry)) bad.push(`GET ${p} as ${user}: ${show(r)}`);
    else if (ok2xx(r.status) && o.op.responses['200'].description !== 'the file')
      if (!(r.headers.get('content-type') || '').startsWith('application/json')) bad.push(`GET ${p}: not JSON`);
  }
  assert.deepEqual(bad, []);
});

test('every write route refuses a minimal invalid body with 400/422 and the error shape', async () => {
  const bad = [];
  for (const o of w.ops.filter(o => ['POST', 'PATCH', 'PUT'].includes(o.method))) {
    const p = w.params.fill(o.path);
    if (p.includes('{')) continue;
    const { user, r } = o.isPublic ? { user: '-', r: await invalidWrite(new Client(w.srv.url), o, p) }
      : await send(c => invalidWrite(c, o, p));
    if (![400, 422].includes(r.status) || !isError(r.body, 'invalid')) bad.push(`${o.method} ${p} as ${user}: ${show(r)}`);
  }
  assert.deepEqual(bad, []);
});

test('DELETE routes: a record that does not exist is 404 not_found; logout is 204', async () => {
  const bad = [];
  for (const o of w.ops.filter(o => o.method === 'DELETE')) {
    if (!o.params.length) {
      const c = new Client(w.srv.url);
      await c.login('city');
      const r = await c.del(o.path);
      if (r.status !== 204) bad.push(`DELETE ${o.path}: ${show(r)}`);
      continue;
    }
    const p = o.path.replace(/\{[^}]+\}/g, 'no-such-0');
    const { user, r } = await send(c => c.del(p));
    if (r.status !== 404 || !isError(r.body, 'not_found') || r.body.message_en === 'no such API route')
      bad.push(`DELETE ${p} as ${user}: ${show(r)}`);
  }
  assert.deepEqual(bad, []);
});

test('nothing undocumented is routed: other methods 405, other paths 404', async () => {
  const c = w.clients.city;
  const bad = [];
  for (const p of Object.keys(w.doc.paths)) {
    const concrete = w.params.fill(p);
    for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter(m => !methodsOf(w.doc, p).includes(m))) {
      const r = await c.req(m, concrete, m === 'GET' || m === 'DELETE' ? undefined : []);
      if (r.status !== 405 || !isError(r.body, 'method_not_allowed')) bad.push(`${m} ${concrete}: ${show(r)}`);
    }
  }
  const probes = ['/api/v1/nosuch', '/api/v1', '/api/v1/', '/api/v2/enterprises', '/api/v1/ENTERPRISES',
    '/api/v1/enterprises/', '/api/v1/enterprises/1/nosuch', '/api/v1/openapi.yaml', '/api/v1/session/extra',
    '/api/v1/users/x/y/z', '/api/v1/cases/1/nosuch', '/api/v1/admin'];
  for (const p of probes) {
    const r = await c.get(p);
    if (r.status !== 404 || r.body?.message_en !== 'no such API route') bad.push(`GET ${p}: ${show(r)}`);
  }
  assert.deepEqual(bad, []);
});

test('no route answers "no such API route" or 405 for its own documented method', async () => {
  const bad = [];
  for (const o of w.ops) {
    const p = w.params.fill(o.path);
    const r = await new Client(w.srv.url).req(o.method, p, o.method === 'GET' || o.method === 'DELETE' ? undefined : []);
    // without a session: 401 for a private route (the route is found first), never 404/405
    const want = o.isPublic ? null : 401;
    if ([404, 405].includes(r.status) || (want && r.status !== want)) bad.push(`${o.method} ${p} signed out: ${show(r)}`);
  }
  assert.deepEqual(bad, []);
});

test('every list answers {items,total,page,per_page} with an ETag, 304 on If-None-Match, and pages', async () => {
  const lists = w.ops.filter(o => o.isList && o.method === 'GET');
  assert.ok(lists.length >= 3, 'the registry lists at least');
  const bad = [];
  const check = (cond, what) => { if (!cond) bad.push(what); return cond; };
  for (const o of lists) {
    const p = w.params.fill(o.path);
    const { user, r } = await send(c => c.get(p));
    const c = w.clients[user];
    const b = r.body;
    if (!check(r.status === 200 && b && Array.isArray(b.items), `${p} as ${user}: ${show(r)}`)) continue;
    check(Number.isInteger(b.total) && b.total >= b.items.length, `${p}: total ${b.total}`);
    check(b.page === 1 && b.per_page === 20 && b.items.length === Math.min(20, b.total), `${p}: page ${b.page} per_page ${b.per_page} items ${b.items.length} of ${b.total}`);
    const etag = r.headers.get('etag');
    if (!check(etag, `${p}: no ETag`)) continue;
    const again = await c.get(p, { headers: { 'if-none-match': etag } });
    check(again.status === 304 && again.bytes.length === 0, `${p}: If-None-Match gives ${again.status}`);
    check((await c.get(p, { headers: { 'if-none-match': '"stale"' } })).status === 200, `${p}: a stale ETag is not 304`);
    const sep = p.includes('?') ? '&' : '?';
    const one = await c.get(`${p}${sep}per_page=1`);
    check(one.status === 200 && one.body.items.length === Math.min(1, b.total) && one.body.total === b.total, `${p}: per_page=1 ${show(one)}`);
    check(one.headers.get('etag') !== etag || b.total === 0, `${p}: per_page=1 has the ETag of per_page=20`);
    if (b.total >= 2) {
      const two = await c.get(`${p}${sep}page=2&per_page=1`);
      check(two.status === 200 && two.body.page === 2 && JSON.stringify(two.body.items[0]) !== JSON.stringify(one.body.items[0]), `${p}: page 2 ${show(two)}`);
    }
    for (const q of ['per_page=0', 'per_page=501', 'page=0', 'page=x', 'sort=no_such_field', 'sort=-no_such_field']) {
      const e = await c.get(`${p}${sep}${q}`);
      check(e.status === 400 && isError(e.body, 'invalid'), `${p}${sep}${q}: ${show(e)}`);
    }
  }
  assert.deepEqual(bad, []);
});
