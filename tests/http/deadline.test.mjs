// deadline.test.mjs: provisional deadlines over HTTP.  On 2026-11-27 the compiled-in holiday
// calendar ends with 2026 (the State Council's notice for 2027 is not loaded), yet the bureau
// must be able to order a 6-month rectification: the order is taken and its deadline answered
// as provisional with the reason in both languages; loading the 2027 calendar (a TEST file
// here, not the real notice) with `phaseout calendar import` makes it final, without a restart.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { demoDb, startServer, as, sql, cli } from './lib.mjs';

let db, srv, city;
before(async () => {
  db = demoDb('deadline');
  srv = await startServer(db.dsn);
  city = await as(srv.url, 'city');
});
after(async () => { await srv?.stop(); db?.drop(); });

const b64 = s => Buffer.from(s, 'latin1').toString('base64');
const doc = kind => ({ doc: kind, name: `${kind}.pdf`, content_base64: b64(`%PDF-1.4\n% ${kind}\n`) });

test('ordering rectification on 2026-11-27 works and answers a provisional deadline', async () => {
  const uscc = sql(db.dsn, "SELECT uscc FROM enterprise WHERE status = 'operating' ORDER BY uscc LIMIT 1");
  const open = await city.post('/api/v1/cases', { case_type: 'energy_quota', uscc, opened_on: '2026-11-27' });
  assert.equal(open.status, 201, JSON.stringify(open.body));
  const id = open.body.id;
  assert.equal(open.body.deadline_provisional, false);
  const r = await city.post(`/api/v1/cases/${id}/actions`, { event: 'order_rectification', on_date: '2026-11-27', documents: [doc('order'), doc('inspection')] });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.state, 'rectifying');
  // 2026-11-27 + 6 months = Thu 2027-05-27, counted with weekends only
  assert.equal(r.body.deadline, '2027-05-27');
  assert.equal(r.body.deadline_provisional, true);
  assert.equal(r.body.deadline_note_zh, '2027 年节假日安排尚未载入，期限按周末推算，待国务院办公厅通知发布后重算');
  assert.equal(r.body.deadline_note_en, "no holiday calendar for 2027 yet: counted with weekends only; recomputed when the State Council's notice is loaded");
  const list = await city.get(`/api/v1/cases?as_of=2026-11-27&uscc=${uscc}`);
  const row = list.body.items.find(c => c.id === id);
  assert.equal(row.deadline_provisional, true);
  assert.match(row.deadline_note_en, /2027/);
  assert.equal(row.deadline_uncovered_year, undefined);

  // a TEST 2027 calendar (its 2027-05-27 made a holiday only to see the deadline move)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'po-cal-'));
  const file = path.join(dir, 'cn_holidays_2027.csv');
  fs.writeFileSync(file, 'date,kind,name,source\n2027-01-01,holiday,元旦,TEST fixture\n2027-05-27,holiday,测试假日,TEST fixture\n');
  try {
    cli(['calendar', 'import', '--db', db.dsn, '--actor', 'test', file]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const after = await city.get(`/api/v1/cases/${id}?as_of=2026-11-27`);
  assert.equal(after.body.deadline, '2027-05-28');
  assert.equal(after.body.deadline_provisional, false);
  assert.equal(after.body.deadline_note_zh, null);
});
