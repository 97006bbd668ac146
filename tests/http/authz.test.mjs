// authz.test.mjs: the authorization matrix — every account of ACCOUNTS × every route of
// openapi.json, the expected answer derived from the policy written out below (an independent
// statement of src/core/authz.c's table, not read from the server) and the route's
// x-permission.  Writes carry an invalid body, so nothing is created: a refused role gets 403
// before the body is looked at, an allowed one 400/422.  Then the cases the issue names:
// district scope by id and USCC, the bank's credit lists, the auditor's read-only log, the
// security administrator's blindness to the registry, and 三权分立.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { routeWalk, ACCOUNTS, PASSWORD, Client, cli, sql, isError, OWN_DISTRICT, OTHER_DISTRICT } from './lib.mjs';

// enum po_perm of src/core/authz.h, in order: x-permission is the index.
const PERMS = ['read_registry', 'import', 'run_eval', 'open_case', 'act_case', 'edit_plan', 'read_audit',
  'manage_users', 'manage_ref', 'read_credit', 'run_tick', 'publish', 'handle_reports', 'issue_notice',
  'manage_credit', 'joint'];

// The policy: what each role may do (issue 7 item 2, docs/api.md "Roles").
const DEPARTMENT = ['read_registry', 'run_eval', 'open_case', 'act_case', 'read_credit'];
const POLICY = {
  city: ['read_registry', 'import', 'run_eval', 'open_case', 'act_case', 'edit_plan', 'read_credit', 'run_tick', 'publish', 'handle_reports', 'issue_notice',
    'manage_credit', 'joint'],
  // the departments that apply joint punishment (data/joint_measures.csv) see their own list (issue 15 §2)
  drc: [...DEPARTMENT, 'joint'], energy: DEPARTMENT, eco_env: DEPARTMENT, emergency: [...DEPARTMENT, 'joint'],
  market: [...DEPARTMENT, 'joint'],
  government: ['read_registry', 'act_case'],
  district: ['read_registry', 'import', 'open_case', 'act_case', 'edit_plan', 'handle_reports'],
  auditor: ['read_registry', 'read_audit', 'read_credit'],
  bank: ['read_credit'], // its lists only: the restrict list is how banks apply 融资授信
  natres: ['read_credit', 'joint'], finance: ['read_credit', 'joint'], tax: ['read_credit', 'joint'],
  sysadmin: ['manage_ref', 'import', 'read_registry', 'run_tick'],
  secadmin: ['manage_users'],
  auditadmin: ['read_audit'],
};
const rolesOf = user => ACCOUNTS[user].roles.split(',');
const may = (user, o) => o.isPublic || o.perm === undefined || rolesOf(user).some(r => POLICY[r].includes(PERMS[o.perm]));
const WRITES = ['POST', 'PATCH', 'PUT'];
const ok2xx = s => s >= 200 && s < 300;
const show = r => `${r.status} ${typeof r.body === 'object' ? JSON.stringify(r.body).slice(0, 160) : String(r.body).slice(0, 60)}`;

let w;
before(async () => { w = await routeWalk('authz'); });
after(async () => { await w?.stop(); });

const invalidWrite = (c, o, p) => o.op.requestBody?.content?.['application/octet-stream']
  ? c.req(o.method, p, undefined, { raw: 'not a file' }) : c.req(o.method, p, []);
const hasQuery = o => o.query.some(q => !['page', 'per_page', 'sort'].includes(q));
// district2 reaches a route naming a record of OWN_DISTRICT: that record is not there for it
const outOfScope = (user, o) => ACCOUNTS[user].district === OTHER_DISTRICT && w.scoped(o.path);

test('the policy above is what every account is told it may do', async () => {
  for (const user of Object.keys(ACCOUNTS)) {
    const me = await w.clients[user].get('/api/v1/session');
    const want = PERMS.filter(p => rolesOf(user).some(r => POLICY[r].includes(p)));
    assert.deepEqual([...me.body.user.permissions].sort(), want.sort(), user);
  }
});

test('matrix: every account × every GET route', async () => {
  const bad = [];
  for (const user of Object.keys(ACCOUNTS))
    for (const o of w.ops.filter(o => o.method === 'GET' && !o.isPublic)) {
      const p = w.params.fill(o.path);
      const r = await w.clients[user].get(p);
      const good = !may(user, o) ? r.status === 403 && isError(r.body, 'forbidden')
        : outOfScope(user, o) ? r.status === 404 && isError(r.body, 'not_found')
          : ok2xx(r.status) || (hasQuery(o) && [400, 422].includes(r.status) && isError(r.body, 'invalid'));
      if (!good) bad.push(`${user} GET ${p} (x-permission ${PERMS[o.perm] ?? '-'}): ${show(r)}`);
    }
  assert.deepEqual(bad, []);
});

test('matrix: every account × every write route (invalid body): 403 before validation, else 400/422', async () => {
  const bad = [];
  for (const user of Object.keys(ACCOUNTS))
    for (const o of w.ops.filter(o => WRITES.includes(o.method))) {
      const p = w.params.fill(o.path);
      const r = await invalidWrite(w.clients[user], o, p);
      const refused = [400, 422].includes(r.status) && isError(r.body, 'invalid');
      const good = !may(user, o) ? r.status === 403 && isError(r.body, 'forbidden')
        : refused || (outOfScope(user, o) && r.status === 404 && isError(r.body, 'not_found'));
      if (!good) bad.push(`${user} ${o.method} ${p} (x-permission ${PERMS[o.perm] ?? '-'}): ${show(r)}`);
    }
  assert.deepEqual(bad, []);
});

test('matrix: every account × every DELETE of a record that does not exist: 403 or 404', async () => {
  const bad = [];
  for (const user of Object.keys(ACCOUNTS))
    for (const o of w.ops.filter(o => o.method === 'DELETE' && o.params.length)) {
      const p = o.path.replace(/\{[^}]+\}/g, 'no-such-0');
      const r = await w.clients[user].del(p);
      if (r.status !== (may(user, o) ? 404 : 403)) bad.push(`${user} DELETE ${p}: ${show(r)}`);
    }
  assert.deepEqual(bad, []);
});

test('district officer: another district\'s enterprise is 404 by id and by USCC, its own 200', async () => {
  const pick = d => sql(w.db.dsn, `SELECT id || ' ' || uscc FROM enterprise WHERE district_code = '${d}' ORDER BY uscc LIMIT 1`).split(' ');
  const [ownId, ownUscc] = pick(OWN_DISTRICT);
  const [otherId, otherUscc] = pick(OTHER_DISTRICT);
  const c = w.clients.district;
  for (const key of [otherId, otherUscc]) {
    const r = await c.get(`/api/v1/enterprises/${key}`);
    assert.equal(r.status, 404, `other district's ${key}`);
    assert.ok(isError(r.body, 'not_found'));
    const none = await c.get(`/api/v1/enterprises/nosuch${key}`);
    assert.deepEqual(r.body, none.body, 'the same answer as for a record that does not exist');
  }
  for (const key of [ownId, ownUscc]) {
    const r = await c.get(`/api/v1/enterprises/${key}`);
    assert.equal(r.status, 200, `own ${key}`);
    assert.equal(r.body.uscc, ownUscc);
  }
  assert.equal((await w.clients.district2.get(`/api/v1/enterprises/${otherId}`)).status, 200, 'district2 sees its own');
  assert.equal((await w.clients.district2.get(`/api/v1/enterprises/${ownUscc}`)).status, 404);
  assert.equal((await w.clients.city.get(`/api/v1/enterprises/${otherUscc}`)).status, 200, 'the city sees every district');
});

test('district officer: the enterprise list holds only its district, whatever the filters', async () => {
  const c = w.clients.district;
  const count = Number(sql(w.db.dsn, `SELECT count(*) FROM enterprise WHERE district_code = '${OWN_DISTRICT}'`));
  const r = await c.get('/api/v1/enterprises?per_page=500');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, count);
  assert.ok(r.body.items.every(e => e.district_code === OWN_DISTRICT));
  assert.equal((await c.get(`/api/v1/enterprises?district=${OTHER_DISTRICT}`)).body.total, 0);
  const otherUscc = sql(w.db.dsn, `SELECT uscc FROM enterprise WHERE district_code = '${OTHER_DISTRICT}' LIMIT 1`);
  assert.equal((await c.get(`/api/v1/enterprises?q=${otherUscc}`)).body.total, 0);
  const city = await w.clients.city.get('/api/v1/enterprises');
  assert.equal(city.body.total, Number(sql(w.db.dsn, 'SELECT count(*) FROM enterprise')));
});

test('district officer: every paged list holds only records of its district', async () => {
  const districtOf = new Map(sql(w.db.dsn, 'SELECT uscc, district_code FROM enterprise').split('\n').map(l => l.split('|')));
  const bad = [];
  for (const user of ['district', 'district2'])
    for (const o of w.ops.filter(o => o.isList && o.method === 'GET' && may(user, o))) {
      const p = w.params.fill(o.path);
      if (outOfScope(user, o)) continue;
      const r = await w.clients[user].get(`${p}${p.includes('?') ? '&' : '?'}per_page=500`);
      if (r.status !== 200) { bad.push(`${user} ${p}: ${show(r)}`); continue; }
      const own = ACCOUNTS[user].district;
      const foreign = r.body.items.filter(i => (i.district_code ?? districtOf.get(i.uscc) ?? own) !== own);
      if (foreign.length) bad.push(`${user} ${p}: ${foreign.length} of ${r.body.items.length} items of other districts, e.g. ${JSON.stringify(foreign[0]).slice(0, 120)}`);
    }
  assert.deepEqual(bad, []);
});

// The names behind codes (issue 12 §2): every signed-in account reads them — a bank's credit list and
// a security administrator's user list show district names, not bare codes.  Nothing more than names.
const NAME_LISTS = ['/api/v1/districts', '/api/v1/industries'];
test('names of codes: every account reads the districts and industries, the anonymous one does not', async () => {
  const districts = sql(w.db.dsn, "SELECT code || '=' || name FROM district ORDER BY code").split('\n');
  const industries = Number(sql(w.db.dsn, 'SELECT count(*) FROM industry'));
  assert.ok(districts.length > 1 && industries > 0, 'the test database has districts and industries');
  for (const user of Object.keys(ACCOUNTS)) {
    const d = await w.clients[user].get('/api/v1/districts');
    assert.equal(d.status, 200, `${user} GET /districts: ${show(d)}`);
    assert.deepEqual(d.body.items.map(x => x.code + '=' + x.name), districts, user);
    assert.deepEqual(Object.keys(d.body.items[0]).sort(), ['code', 'level', 'name', 'parent_code'], 'names and levels only');
    const i = await w.clients[user].get('/api/v1/industries');
    assert.equal(i.status, 200, `${user} GET /industries: ${show(i)}`);
    assert.equal(i.body.items.length, industries, user);
    assert.ok(i.body.items.every(x => x.name && x.code), 'every industry with its name');
  }
  for (const p of NAME_LISTS) assert.equal((await fetch(w.srv.url + p)).status, 401, 'anonymous ' + p);
});

test('bank: the credit lists only — 403 on everything else', async () => {
  const credit = w.ops.filter(o => o.perm === PERMS.indexOf('read_credit') && o.method === 'GET');
  assert.ok(credit.length >= 1, 'a credit list route (GET /api/v1/credit-lists) is in openapi.json');
  for (const o of credit) assert.ok(ok2xx((await w.clients.bank.get(w.params.fill(o.path))).status), o.path);
  const bad = [];
  for (const o of w.ops.filter(o => !o.isPublic && o.perm !== PERMS.indexOf('read_credit'))) {
    if (o.perm === undefined) { // any signed-in user may call it: only the session itself and the names of codes
      if (o.op.tags[0] !== 'session' && !NAME_LISTS.includes(o.path)) bad.push(`bank ${o.method} ${o.path}: open to every signed-in user`);
      continue;
    }
    const r = await w.clients.bank.req(o.method, w.params.fill(o.path), WRITES.includes(o.method) ? {} : undefined);
    if (r.status !== 403) bad.push(`bank ${o.method} ${o.path}: ${show(r)}`);
  }
  assert.deepEqual(bad, [], 'a route any signed-in user may call shows the bank more than credit lists');
});

test('auditor: reads the audit log and verifies it; every write is 403, even a well-formed one', async () => {
  const a = w.clients.auditor;
  const log = await a.get('/api/v1/audit');
  assert.equal(log.status, 200);
  assert.equal(log.body.total, Number(sql(w.db.dsn, 'SELECT count(*) FROM audit_log')));
  assert.equal((await a.get('/api/v1/audit/verify')).status, 200);
  const before = sql(w.db.dsn, 'SELECT count(*) FROM audit_log');
  const bad = [];
  for (const o of w.ops.filter(o => WRITES.includes(o.method) || (o.method === 'DELETE' && o.params.length))) {
    if (o.op.tags[0] === 'session') continue; // logging in and out are not writes of the business
    if (o.isPublic) continue; // the public's report form (issue 14) is anyone's, signed in or not
    const body = { year: 2025, uscc: w.seeded.own.uscc, event: 'close', username: 'x', case_type: 'energy_quota', roles: ['city'] };
    const r = await a.req(o.method, w.params.fill(o.path), o.method === 'DELETE' ? undefined : body);
    if (r.status !== 403 || !isError(r.body, 'forbidden')) bad.push(`auditor ${o.method} ${o.path}: ${show(r)}`);
  }
  assert.deepEqual(bad, []);
  assert.equal(sql(w.db.dsn, 'SELECT count(*) FROM audit_log'), before, 'nothing written');
});

test('security administrator: no registry at all; the users, yes', async () => {
  const s = w.clients.secadmin;
  for (const p of ['/api/v1/enterprises', `/api/v1/enterprises/${w.seeded.own.uscc}`, '/api/v1/enterprises/export', '/api/v1/equipment'])
    assert.equal((await s.get(p)).status, 403, p);
  assert.equal((await s.get('/api/v1/users')).status, 200);
  assert.equal((await w.clients.city.get('/api/v1/users')).status, 403, 'the city administrator manages no accounts');
});

test('三权分立: no account holds two of sysadmin, secadmin, auditadmin', async () => {
  const users = () => sql(w.db.dsn, 'SELECT username FROM app_user ORDER BY username');
  const before = users();
  for (const roles of ['sysadmin,secadmin', 'secadmin,auditadmin', 'sysadmin,auditadmin', 'city,sysadmin,secadmin'])
    assert.throws(() => cli(['user', 'add', 'twohats', '--role', roles, '--password-stdin', '--db', w.db.dsn], PASSWORD + '\n'),
      e => /separat|三权分立|different accounts/.test(String(e.stderr)), `user add --role ${roles}`);
  assert.throws(() => cli(['user', 'role', 'sysadmin', '--role', 'sysadmin,secadmin', '--db', w.db.dsn]), `user role sysadmin → +secadmin`);
  assert.equal(users(), before, 'no account created');
  const s = w.clients.secadmin;
  const add = await s.post('/api/v1/users', { username: 'twohats', display_name: '两顶帽子', password: PASSWORD, roles: ['sysadmin', 'secadmin'] });
  assert.ok([400, 422].includes(add.status) && isError(add.body, 'invalid'), `POST /api/v1/users: ${show(add)}`);
  const patch = await s.patch('/api/v1/users/sysadmin', { roles: ['sysadmin', 'auditadmin'] });
  assert.ok([400, 422].includes(patch.status) && isError(patch.body, 'invalid'), `PATCH /api/v1/users/sysadmin: ${show(patch)}`);
  assert.equal(users(), before, 'no account created');
  const sys = await new Client(w.srv.url).login('sysadmin');
  assert.deepEqual(sys.body.user.roles, ['sysadmin'], 'sysadmin keeps its one role');
});
