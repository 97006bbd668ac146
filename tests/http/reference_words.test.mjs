// reference_words.test.mjs: reference data in words (issue 12 §2, "a source is the standard's number
// and title, not a file name").  Every table and document of data/ has its title and basis in
// data/reference_titles.csv; GET /api/v1/reference names each table in force by its title and
// basis; a table's rows carry their source with the files it names replaced by their titles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { demoDb, startServer, as, sql, root } from './lib.mjs';

let db, srv;
before(async () => { db = demoDb('refwords'); srv = await startServer(db.dsn); });
after(async () => { await srv?.stop(); db?.drop(); });

const FILE = /[A-Za-z0-9_]+\.(csv|md)\b/g;

test('every file of data/ has a title and a basis in data/reference_titles.csv', () => {
  const lines = readFileSync(path.join(root, 'data/reference_titles.csv'), 'utf8').trim().split('\n').slice(1);
  const named = new Set(lines.map((l) => l.split(',')[0]));
  const files = readdirSync(path.join(root, 'data')).filter((f) => /\.(csv|md)$/.test(f));
  assert.deepEqual(files.filter((f) => !named.has(f)), [], 'files without a title');
});

test('the reference tables in force, each by its title and basis, in every role that reads them', async () => {
  const names = sql(db.dsn, 'SELECT DISTINCT name FROM ref_table ORDER BY name').split('\n');
  for (const user of ['city', 'auditor', 'sysadmin']) {
    const r = await (await as(srv.url, user)).get('/api/v1/reference');
    assert.equal(r.status, 200, user);
    assert.deepEqual(r.body.items.map((x) => x.name), names);
    for (const x of r.body.items) {
      assert.match(x.title_zh, /\p{Script=Han}/u, x.name);
      assert.match(x.title_en, /^[A-Z]/, x.name);
      assert.ok(x.basis && !x.basis.match(FILE), `${x.name}: basis ${x.basis}`);
      assert.ok(['high', 'medium', 'low'].includes(x.title_confidence), x.name);
    }
  }
  const q = (await (await as(srv.url, 'city')).get('/api/v1/reference')).body.items.find((x) => x.name === 'energy_quota_standards');
  assert.equal(q.title_zh, '单位产品能源消耗限额标准');
  assert.match(q.basis, /GB 21256/);
});

test('a table\'s sources in words: the files they name by their titles, the stored text kept', async () => {
  const c = await as(srv.url, 'city');
  const r = await c.get('/api/v1/reference/emission_factor_map');
  assert.equal(r.status, 200);
  assert.equal(r.body.title_zh, '能源品种二氧化碳排放因子对照');
  const row = r.body.rows.find((x) => /emission_factors\.csv/.test(x.source));
  assert.ok(row, 'a row whose source names emission_factors.csv');
  assert.match(row.source_zh, /《二氧化碳排放因子》/);
  assert.match(row.source_en, /"CO2 emission factors"/);
  const bad = [];
  for (const name of sql(db.dsn, 'SELECT DISTINCT name FROM ref_table ORDER BY name').split('\n')) {
    const t = await c.get('/api/v1/reference/' + name);
    for (const x of t.body.rows) for (const m of (x.source_zh || '').matchAll(FILE)) bad.push(`${name} row ${x.rowno}: ${m[0]}`);
  }
  assert.deepEqual(bad, [], 'file names left in the sources');
});
