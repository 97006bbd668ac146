// export_words.test.mjs: the enterprise list's export in words (issue 12 §2, "no raw identifier
// reaches a bureau user's screen or export"): Chinese headers, each district, park and industry
// code beside its name, the status as the UI says it, for exactly the filtered rows.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, sql, OWN_DISTRICT } from './lib.mjs';

let db, srv;
before(async () => { db = demoDb('exportwords'); srv = await startServer(db.dsn); });
after(async () => { await srv?.stop(); db?.drop(); });

const STATUS_ZH = { operating: '正常生产', limited: '限产', suspended: '停产整改', closed: '已关闭', exited: '已退出' };

async function csv(user, query) {
  const c = await as(srv.url, user);
  const r = await fetch(srv.url + '/api/v1/enterprises/export?format=csv' + query, { headers: { Cookie: c.cookie } });
  assert.equal(r.status, 200);
  return (await r.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/).map((l) => l.split(','));
}

test('headers in Chinese, codes beside their names, the status in words', async () => {
  const [head, ...rows] = await csv('city', '');
  assert.deepEqual(head, ['统一社会信用代码', '企业名称', '区县代码', '区县', '园区代码', '园区', '行业代码', '行业', '状态', '职工人数', '地址']);
  assert.equal(rows.length, Number(sql(db.dsn, 'SELECT count(*) FROM enterprise')));
  const names = new Map(sql(db.dsn, 'SELECT code, name FROM district').split('\n').map((l) => l.split('|')));
  const status = new Map(sql(db.dsn, 'SELECT uscc, status FROM enterprise').split('\n').map((l) => l.split('|')));
  const bad = [];
  for (const r of rows) {
    if (names.get(r[2]) !== r[3]) bad.push(`${r[0]}: district ${r[2]} named ${r[3]}`);
    if (r[4] && names.get(r[4]) !== r[5]) bad.push(`${r[0]}: park ${r[4]} named ${r[5]}`);
    if (!r[7]) bad.push(`${r[0]}: industry ${r[6]} without a name`);
    if (r[8] !== STATUS_ZH[status.get(r[0])]) bad.push(`${r[0]}: status ${status.get(r[0])} as ${r[8]}`);
  }
  assert.deepEqual(bad, []);
});

test('exactly the filtered rows: a status filter, and a district officer\'s own district', async () => {
  const [, ...ops] = await csv('city', '&status=operating');
  assert.equal(ops.length, Number(sql(db.dsn, "SELECT count(*) FROM enterprise WHERE status = 'operating'")));
  assert.ok(ops.every((r) => r[8] === '正常生产'));
  const [, ...own] = await csv('district', '');
  assert.equal(own.length, Number(sql(db.dsn, `SELECT count(*) FROM enterprise WHERE district_code = '${OWN_DISTRICT}'`)));
  assert.ok(own.every((r) => r[2] === OWN_DISTRICT && r[3] === '海勃湾区'));
});

test('formula injection: a name Excel would run is guarded in the CSV, as text in the XLSX (issue 16 §0)', async () => {
  const uscc = sql(db.dsn, "SELECT uscc FROM enterprise ORDER BY uscc LIMIT 1");
  const evil = "=cmd|' /C calc'!A0";
  sql(db.dsn, `UPDATE enterprise SET name = '${evil.replace(/'/g, "''")}' WHERE uscc = '${uscc}'`);
  const c = await as(srv.url, 'city');
  const r = await fetch(srv.url + '/api/v1/enterprises/export?format=csv&q=' + uscc, { headers: { Cookie: c.cookie } });
  const text = await r.text();
  assert.ok(text.includes(`${uscc},"'${evil}",`), text.slice(0, 300));
  for (const lead of ['+', '-', '@']) {
    sql(db.dsn, `UPDATE enterprise SET name = '${lead}SUM(1)' WHERE uscc = '${uscc}'`);
    const t = await (await fetch(srv.url + '/api/v1/enterprises/export?format=csv&q=' + uscc, { headers: { Cookie: c.cookie } })).text();
    assert.ok(t.includes(`,"'${lead}SUM(1)",`), lead + ': ' + t.slice(0, 200));
  }
});
