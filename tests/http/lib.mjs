// lib.mjs: the harness of the HTTP API tests (node --test tests/http/).
//
// Each test file starts its own real server (build/rel/phaseout serve) on a
// free loopback port over a fresh demo database — a SQLite file, or a new
// database on the throwaway PostgreSQL when TEST_BACKEND=pg (DSN in
// PHASEOUT_TEST_PG_DSN) — creates one account per role, and talks to it
// with Node's own fetch.  Nothing is mocked.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const BIN = process.env.PHASEOUT_BIN
  ? path.resolve(root, process.env.PHASEOUT_BIN) : path.join(root, 'build/rel/phaseout');
export const BACKEND = process.env.TEST_BACKEND || 'sqlite';
export const PASSWORD = 'Test-pass-2026!';

// One account per role (district officers of two districts).
export const ACCOUNTS = {
  city: { roles: 'city' },
  drc: { roles: 'drc' },
  energy: { roles: 'energy' },
  eco_env: { roles: 'eco_env' },
  emergency: { roles: 'emergency' },
  market: { roles: 'market' },
  government: { roles: 'government' },
  district: { roles: 'district', district: '150302' },
  district2: { roles: 'district', district: '150303' },
  auditor: { roles: 'auditor' },
  bank: { roles: 'bank' },
  sysadmin: { roles: 'sysadmin' },
  secadmin: { roles: 'secadmin' },
  secadmin2: { roles: 'secadmin' }, // the second administrator who approves (issue 16 §0)
  auditadmin: { roles: 'auditadmin' },
  natres: { roles: 'natres' },
  finance: { roles: 'finance' },
  tax: { roles: 'tax' },
};

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
    s.on('error', reject);
  });
}

function psql(dsn, sql) {
  execFileSync('psql', ['-qAt', dsn, '-c', sql], {
    env: { ...process.env, PGOPTIONS: '-c client_min_messages=warning' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
}

let dbCounter = 0;
// A fresh empty database for the backend: { dsn, drop() }.
export function newDb(name) {
  if (BACKEND === 'pg') {
    const base = process.env.PHASEOUT_TEST_PG_DSN;
    if (!base) throw new Error('TEST_BACKEND=pg needs PHASEOUT_TEST_PG_DSN');
    const db = `po_http_${process.pid}_${dbCounter++}_${name}`.toLowerCase().replace(/[^a-z0-9_]/g, '_');
    psql(base, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`);
    psql(base, `CREATE DATABASE ${db} TEMPLATE template0 ENCODING 'UTF8'`);
    const dsn = base.replace(/\/[^/]*$/, `/${db}`);
    return { dsn, drop: () => { try { psql(base, `DROP DATABASE IF EXISTS ${db} WITH (FORCE)`); } catch { } } };
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'phaseout-http-'));
  return { dsn: path.join(dir, `${name}.db`), drop: () => rmSync(dir, { recursive: true, force: true }) };
}

// Run the CLI; returns stdout.  input: text for stdin.
export function cli(args, input) {
  return execFileSync(BIN, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], cwd: root });
}

// The SQL client of the backend: one query, rows as text lines.
export function sql(dsn, query) {
  if (BACKEND === 'pg')
    return execFileSync('psql', ['-qAt', dsn, '-c', query], { encoding: 'utf8' }).trim();
  return execFileSync('sqlite3', [dsn, query], { encoding: 'utf8' }).trim();
}

// A fresh demo database with one account per role: { dsn, drop }.
export function demoDb(name = 'demo') {
  const db = newDb(name);
  cli(['demo', '--db', db.dsn]);
  for (const [user, a] of Object.entries(ACCOUNTS)) {
    const args = ['user', 'add', user, '--role', a.roles, '--password-stdin', '--db', db.dsn];
    if (a.district) args.push('--district', a.district);
    cli(args, PASSWORD + '\n');
  }
  return db;
}

// Start `phaseout serve` on a free port: { url, stop(), log() }.
export async function startServer(dsn, extraArgs = []) {
  const port = await freePort();
  // the per-address limit of the public routes is tested in public.test.mjs; the other tests
  // send many requests from one address and run with it out of reach
  if (!extraArgs.includes('--public-burst')) extraArgs = [...extraArgs, '--public-burst', '1000000'];
  const child = spawn(BIN, ['serve', '--db', dsn, '--listen', `127.0.0.1:${port}`, '--threads', '4',
    ...(existsSync(path.join(root, 'web/index.html')) ? ['--web', path.join(root, 'web')] : []),
    ...extraArgs], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', d => { out += d; });
  child.stderr.on('data', d => { out += d; });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${out}`);
    try { const r = await fetch(`${url}/api/v1/health`); if (r.ok) break; } catch { }
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    url, port, child,
    log: () => out,
    stop: () => new Promise(resolve => {
      if (child.exitCode !== null) return resolve();
      child.on('exit', resolve); child.kill('SIGTERM');
    }),
  };
}

// A signed-in client: keeps the cookie and sends the CSRF token on writes.
export class Client {
  constructor(url) { this.url = url; this.cookie = null; this.csrf = null; this.user = null; }

  async login(username, password = PASSWORD) {
    const r = await this.req('POST', '/api/v1/session', { username, password });
    if (r.status === 200) { this.csrf = r.body.csrf_token; this.user = r.body.user; }
    return r;
  }

  // req(method, path, body?, {headers, raw, csrf:false}) → {status, headers, body (JSON or text), bytes}
  async req(method, p, body, opts = {}) {
    const headers = { ...(opts.headers || {}) };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && opts.csrf !== false && !['GET', 'HEAD'].includes(method)) headers['x-csrf-token'] = this.csrf;
    let payload;
    if (opts.raw !== undefined) {
      payload = opts.raw;
      headers['content-type'] = headers['content-type'] || 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const r = await fetch(this.url + p, { method, headers, body: payload, redirect: 'manual' });
    const set = r.headers.get('set-cookie');
    if (set) {
      const m = /po_session=([^;]*)/.exec(set);
      if (m) this.cookie = m[1] ? `po_session=${m[1]}` : null;
    }
    const bytes = Buffer.from(await r.arrayBuffer());
    let parsed = bytes.toString('utf8');
    if ((r.headers.get('content-type') || '').startsWith('application/json') && bytes.length) parsed = JSON.parse(parsed);
    return { status: r.status, headers: r.headers, body: parsed, bytes };
  }

  get(p, opts) { return this.req('GET', p, undefined, opts); }
  post(p, body, opts) { return this.req('POST', p, body, opts); }
  patch(p, body, opts) { return this.req('PATCH', p, body, opts); }
  del(p, opts) { return this.req('DELETE', p, undefined, opts); }
}

// Log in as one of ACCOUNTS.
export async function as(url, user) {
  const c = new Client(url);
  const r = await c.login(user);
  if (r.status !== 200) throw new Error(`login ${user}: ${r.status} ${JSON.stringify(r.body)}`);
  return c;
}

// Assert the error shape of docs/api.md.
export function isError(body, code) {
  return body && typeof body === 'object' && body.code === code && typeof body.message_zh === 'string' &&
    body.message_zh.length > 0 && typeof body.message_en === 'string' && Array.isArray(body.details);
}

// ---- work on top of the demo, and walking the routes of openapi.json ----

// The district of the `district` account, and the one of `district2`.
export const OWN_DISTRICT = '150302';
export const OTHER_DISTRICT = '150303';

function seedCase(dsn, dir, district, attach) {
  const row = sql(dsn, `SELECT f.finding_id || ' ' || f.uscc FROM evaluation_finding f
    JOIN enterprise e ON e.uscc = f.uscc WHERE f.run_id = (SELECT min(id) FROM evaluation_run)
    AND f.rule_id = 'EN-QUOTA-LIMIT' AND f.status = 'caught' AND e.district_code = '${district}'
    ORDER BY f.finding_id LIMIT 1`);
  const [fid, uscc] = row.split(' ');
  if (!uscc) throw new Error(`seedWork: the demo has no energy-quota finding in ${district}`);
  const out = cli(['case', 'open', '--db', dsn, '--type', 'energy_quota', '--uscc', uscc, '--finding', fid,
    '--actor', 'seed', '--role', 'miit', '--on', '2024-08-31']);
  const id = /case (\d+) opened/.exec(out)[1];
  if (attach)
    cli(['case', 'act', '--db', dsn, id, '--event', 'order_rectification', '--actor', 'seed', '--role', 'miit',
      '--on', '2024-08-31', '--attach', `order=${path.join(dir, 'order.pdf')}`,
      '--attach', `inspection=${path.join(dir, 'insp.png')}`]);
  return { id, uscc, finding_id: fid };
}

function seedPlan(dsn, district) {
  const [uscc, unit] = sql(dsn, `SELECT e.uscc || ' ' || q.equipment_id FROM equipment q
    JOIN enterprise e ON e.id = q.enterprise_id WHERE q.equipment_type = 'coke_oven'
    AND e.district_code = '${district}' AND q.status = 'running' AND e.status = 'operating'
    AND q.capacity_micro IS NOT NULL ORDER BY e.uscc, q.equipment_id LIMIT 1`).split(' ');
  if (!unit) throw new Error(`seedWork: the demo has no running coke oven in ${district}`);
  cli(['plan', 'add', '--db', dsn, '--year', '2025', '--uscc', uscc, '--equipment', unit, '--planned',
    '2025-06-30', '--measure', 'dismantle', '--actor', 'seed']);
}

// Records for every route with a path parameter to name, made through the CLI before the
// server starts: two evaluation runs of 2024, a case in OWN_DISTRICT with two
// attachments and one in OTHER_DISTRICT, an exit plan row in each.  Returns the two cases.
export function seedWork(dsn) {
  const dir = mkdtempSync(path.join(tmpdir(), 'phaseout-seed-'));
  try {
    writeFileSync(path.join(dir, 'order.pdf'), '%PDF-1.4 rectification order\n');
    writeFileSync(path.join(dir, 'insp.png'), Buffer.from('\x89PNG\r\n\x1a\ninspection photo', 'latin1'));
    for (const n of [1, 2]) // the same data twice: every finding id is in both runs
      cli(['evaluate', '--db', dsn, '--year', '2024', '--out', path.join(dir, `run${n}.csv`)]);
    const own = seedCase(dsn, dir, OWN_DISTRICT, true);
    const other = seedCase(dsn, dir, OTHER_DISTRICT, false);
    seedPlan(dsn, OWN_DISTRICT);
    seedPlan(dsn, OTHER_DISTRICT);
    seedDisclosure(dsn);
    return { own, other };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// A publication and a public report in OWN_DISTRICT (issue 14), for the routes that name them.
// The publication is frozen straight into the tables (as po_pubdb_publish stores it), since
// the seeded data need not make a publishable list.
function seedDisclosure(dsn) {
  const uscc = sql(dsn, `SELECT uscc FROM enterprise WHERE district_code = '${OWN_DISTRICT}' ORDER BY uscc LIMIT 1`);
  sql(dsn, "INSERT INTO publication(id, number, list, year, district_code, published_at, actor, nrows, canonical, sha256)" +
    " VALUES (1, '乌工信公〔2026〕1号', 'exits', 2024, NULL, '2026-12-07T00:00:00Z', 'cli:seed', 1, 'seed', 'seed')");
  sql(dsn, "INSERT INTO publication_row(publication_id, seq, enterprise_name, uscc, district_code, district_name, equipment," +
    ` capacity, capacity_unit, measure_zh, deadline, basis_zh) VALUES (1, 1, '种子企业', '${uscc}', '${OWN_DISTRICT}', '海勃湾区',` +
    " 'K1', '10', 't/a', '拆除主体设备', '2024-06-30', '依据')");
  sql(dsn, "INSERT INTO public_report(id, receipt, uscc, enterprise_text, category, seen, place, seen_on, contact, filed_at," +
    ` filed_on, reply_due, district_code, status) VALUES (1, 'SEEDRECEIPT2', '${uscc}', '种子企业', 'other', '冒烟', '海勃湾',` +
    ` '2026-12-01', '13900000000', '2026-12-02T00:00:00Z', '2026-12-02', '2026-12-23', '${OWN_DISTRICT}', 'received')`);
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

// Every operation of the OpenAPI document: { method, path, op, perm (x-permission or
// undefined), isPublic, isList, params (path parameter names), query (query parameter names) }.
export function operations(doc) {
  const ops = [];
  for (const [p, item] of Object.entries(doc.paths))
    for (const m of METHODS) {
      const op = item[m];
      if (!op) continue;
      const all = op.parameters || [];
      ops.push({
        method: m.toUpperCase(), path: p, op, perm: op['x-permission'],
        isPublic: Array.isArray(op.security) && op.security.length === 0,
        isList: all.some(x => x.in === 'query' && x.name === 'per_page'),
        params: [...p.matchAll(/\{([^}]+)\}/g)].map(x => x[1]),
        query: all.filter(x => x.in === 'query').map(x => x.name),
      });
    }
  return ops;
}

// The methods of one path in the document (upper case).
export function methodsOf(doc, p) {
  return METHODS.filter(m => doc.paths[p]?.[m]).map(m => m.toUpperCase());
}

// The objects of an answer: a list's items, an array, or the object itself and every
// object nested in it (depth first).
function objectsIn(body, out = []) {
  if (Array.isArray(body)) body.forEach(x => objectsIn(x, out));
  else if (body && typeof body === 'object') {
    out.push(body);
    Object.values(body).forEach(x => objectsIn(x, out));
  }
  return out;
}

// Values for every path parameter, found through the API itself.  A parameter is named by the
// pattern up to it ("/api/v1/cases/{id}"); its value comes from the list at the pattern's
// collection ("/api/v1/cases": items[].id, or items[].<name>), else from any answer already
// read that has a field of its name (answers under the parent route first: a case's
// attachments' sha256).  prefer(obj) picks among candidates (a record of the own district).
// get(op, concretePath) reads one GET route (as an account that may).  Returns { values: Map(prefix → {value, scoped}),
// fill(path) → concrete path, missing: [prefix] }.
export async function findParams(ops, get, prefer = () => false) {
  const values = new Map();
  const answers = []; // { pattern, body }, in the order read
  const done = new Set();
  const prefixes = new Set();
  for (const o of ops)
    for (const m of o.path.matchAll(/\{[^}]+\}/g)) prefixes.add(o.path.slice(0, m.index + m[0].length));
  const fill = p => p.replace(/\{[^}]+\}/g, (m, idx) => {
    const v = values.get(p.slice(0, idx + m.length));
    return v === undefined ? m : encodeURIComponent(v.value);
  });
  const itemsOf = body => body?.items || (Array.isArray(body) ? body : []);
  const harvest = async () => {
    let called = false;
    for (const o of ops) {
      const concrete = fill(o.path);
      if (o.method !== 'GET' || done.has(o.path) || concrete.includes('{')) continue;
      done.add(o.path);
      called = true;
      if (o.op.responses?.['200']?.description === 'the file') continue;
      const r = await get(o, concrete + (o.isList ? '?per_page=100' : ''));
      if (r.status === 200 && typeof r.body === 'object') answers.push({ pattern: o.path, body: r.body });
    }
    return called;
  };
  // broad: also any answer read so far with a field of the parameter's name
  const resolve = broad => {
    let found = false;
    for (const pre of prefixes) {
      const name = /\{([^}]+)\}$/.exec(pre)[1];
      const coll = pre.slice(0, pre.lastIndexOf('/'));
      if (values.has(pre) || fill(coll).includes('{')) continue;
      const parent = coll.slice(0, coll.lastIndexOf('/'));
      const listed = answers.filter(a => a.pattern === coll).flatMap(a => itemsOf(a.body));
      const field = o => (o[name] ?? (name === 'id' && listed.includes(o) ? o.id : undefined));
      const pools = [listed, answers.filter(a => a.pattern === parent).flatMap(a => objectsIn(a.body))];
      if (broad && name !== 'id')
        pools.push(answers.flatMap(a => itemsOf(a.body)), answers.flatMap(a => objectsIn(a.body)));
      for (const pool of pools) {
        const cands = pool.filter(o => ['string', 'number'].includes(typeof field(o)));
        if (!cands.length) continue;
        const pick = cands.find(prefer) || cands[0];
        values.set(pre, { value: String(field(pick)), scoped: !!prefer(pick) });
        found = true;
        break;
      }
    }
    return found;
  };
  for (;;) {
    const called = await harvest();
    if (!resolve(false) && !called && !resolve(true)) break;
  }
  return { values, fill, missing: [...prefixes].filter(p => !values.has(p)) };
}

// Log every account of ACCOUNTS in: { username: Client }.
export async function loginAll(url) {
  const clients = {};
  for (const user of Object.keys(ACCOUNTS)) clients[user] = await as(url, user);
  return clients;
}

// The accounts a route walk reads as: city, else the administrators for what city may not do.
export const WALKERS = ['city', 'secadmin', 'auditadmin', 'sysadmin'];

// The fixture of the route walks (openapi.test.mjs, authz.test.mjs): a demo database with
// seedWork, a server, every account signed in, the document's operations, and a value for
// every path parameter (records of OWN_DISTRICT preferred: `scoped` values).
export async function routeWalk(name) {
  const db = demoDb(name);
  const seeded = seedWork(db.dsn);
  const srv = await startServer(db.dsn);
  const clients = await loginAll(srv.url);
  const doc = (await new Client(srv.url).get('/api/v1/openapi.json')).body;
  const ops = operations(doc);
  const own = new Set(sql(db.dsn, `SELECT uscc FROM enterprise WHERE district_code = '${OWN_DISTRICT}'`).split('\n'));
  const prefer = o => o.district_code === OWN_DISTRICT || own.has(o.uscc);
  const get = async (o, p) => {
    let r;
    for (const u of WALKERS) if ((r = await clients[u].get(p)).status !== 403) break;
    return r;
  };
  const params = await findParams(ops, get, prefer);
  // a route names an own-district record when any of its parameters does
  const scoped = p => [...p.matchAll(/\{[^}]+\}/g)].some(m => params.values.get(p.slice(0, m.index + m[0].length))?.scoped);
  return { db, srv, doc, ops, params, clients, seeded, scoped, stop: async () => { await srv?.stop(); db?.drop(); } };
}
