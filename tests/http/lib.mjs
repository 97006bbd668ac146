// lib.mjs: the harness of the HTTP API tests (node --test tests/http/).
//
// Each test file starts its own real server (build/rel/phaseout serve) on a
// free loopback port over a fresh demo database — a SQLite file, or a new
// database on the throwaway PostgreSQL when TEST_BACKEND=pg (DSN in
// PHASEOUT_TEST_PG_DSN) — creates one account per role, and talks to it
// with Node's own fetch.  Nothing is mocked.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
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
  auditadmin: { roles: 'auditadmin' },
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
