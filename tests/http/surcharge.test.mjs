// surcharge.test.mjs: the month's surcharges over HTTP (issue 15 §4): before any run the month
// has none; POST /surcharges computes the demo city's June (the restricted carbide and ferroalloy
// plants at 0.10 yuan/kWh) as the city bureau, and the answer's amounts are exact decimal text that
// add up to the run's total and match kWh x rate x days / days in month; a district officer sees
// the own district's rows only and may not start a run; the diff names the month before; the
// explanation gives the formula; the statement downloads as CSV with a BOM; a bad month is 422.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, sql, cli, isError, OWN_DISTRICT } from './lib.mjs';

let db, srv, city, district;
before(async () => {
  db = demoDb('surcharge');
  cli(['evaluate', '--db', db.dsn, '--year', '2024', '--out', '/dev/null']);
  srv = await startServer(db.dsn);
  city = await as(srv.url, 'city');
  district = await as(srv.url, 'district');
});
after(async () => { await srv?.stop(); db?.drop(); });

// cents of a decimal text "123.45"
const cents = s => { const [i, f = ''] = s.split('.'); return BigInt(i) * 100n + BigInt((f + '00').slice(0, 2)); };

test('no run yet: the month answers with none', async () => {
  const r = await city.get('/api/v1/surcharges?month=2025-06');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.run, null);
  assert.deepEqual(r.body.items, []);
});

test('a bad month is refused', async () => {
  const r = await city.get('/api/v1/surcharges?month=2025-13');
  assert.equal(r.status, 422);
  assert.ok(isError(r.body, 'invalid'));
  const p = await city.post('/api/v1/surcharges', { month: '06/2025' });
  assert.equal(p.status, 422);
});

test('the city computes June: exact amounts that add up, restricted plants at 0.10', async () => {
  const d = await district.post('/api/v1/surcharges', { month: '2025-06' });
  assert.equal(d.status, 403, 'a district officer may not start a run');
  const may = await city.post('/api/v1/surcharges', { month: '2025-05' });
  assert.equal(may.status, 201);
  assert.equal(may.body.diff, null, 'no run of April');
  const r = await city.post('/api/v1/surcharges', { month: '2025-06' });
  assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 300));
  assert.equal(r.body.run.year, 2025);
  assert.equal(r.body.run.month, 6);
  assert.ok(r.body.run.evaluation_run_id > 0);
  assert.equal(r.body.run.actor, 'web:city');
  const ok = r.body.items.filter(x => x.status === 'ok');
  assert.ok(ok.length >= 10, 'non-zero amounts for the demo city');
  const sum = ok.reduce((s, x) => s + cents(x.amount), 0n);
  assert.equal(sum, cents(r.body.run.total));
  for (const x of ok) {
    // amount = kWh x rate x days / days_in_month, half up to 0.01 (rates of 0.1 x whole kWh: exact)
    if (x.family !== 'differential') continue;
    const q = Number(x.quantity), rate = Number(x.rate);
    assert.equal(Math.round(q * rate * x.days / x.days_in_month * 100), Number(cents(x.amount)), JSON.stringify(x));
  }
  assert.ok(ok.some(x => x.rule_id === 'NMG-DIFF-RESTRICTED' && x.rate === '0.1' && x.kind === 'restricted'));
  for (const x of r.body.items.filter(y => y.status !== 'ok')) {
    assert.equal(x.amount, null, 'no amount unless computed');
    assert.ok(x.reason_zh && x.reason_en);
  }
  assert.equal(r.body.diff.month, 5);
  assert.equal(r.body.diff.run, may.body.run.id);
  const stored = Number(sql(db.dsn, `SELECT count(*) FROM surcharge_row WHERE run_id = ${r.body.run.id}`));
  assert.equal(stored, r.body.items.length);
});

test('GET: the latest run; a district officer sees the own district only', async () => {
  const all = await city.get('/api/v1/surcharges?month=2025-06');
  assert.equal(all.status, 200);
  const mine = await district.get('/api/v1/surcharges?month=2025-06');
  assert.equal(mine.status, 200);
  assert.ok(mine.body.items.length > 0);
  assert.ok(mine.body.items.every(x => x.district_code === OWN_DISTRICT));
  assert.equal(mine.body.items.length, all.body.items.filter(x => x.district_code === OWN_DISTRICT).length);
  const sum = mine.body.items.filter(x => x.amount).reduce((s, x) => s + cents(x.amount), 0n);
  assert.equal(sum, cents(mine.body.run.total), 'the totals are the own rows\'');
  const other = all.body.items.find(x => x.district_code !== OWN_DISTRICT);
  if (other) {
    const x = await district.get(`/api/v1/surcharges/explain?month=2025-06&uscc=${other.uscc}`);
    assert.equal(x.status, 404, 'another district\'s enterprise');
  }
});

test('explain: figures, formula, rounding, legal basis', async () => {
  const all = await city.get('/api/v1/surcharges?month=2025-06');
  const row = all.body.items.find(x => x.status === 'ok' && x.family === 'differential');
  const r = await city.get(`/api/v1/surcharges/explain?month=2025-06&uscc=${row.uscc}`);
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length >= 1);
  assert.match(r.body.text, new RegExp(`公式 / formula: ${row.quantity} kWh × ${row.rate} × ${row.days} / ${row.days_in_month} = `));
  assert.match(r.body.text, new RegExp(`→ ${row.amount.replace('.', '\\.')} 元`));
  assert.match(r.body.text, /依据 \/ legal basis: /);
  const none = await city.get('/api/v1/surcharges/explain?month=2025-06&uscc=91150302692158377F');
  assert.ok([404].includes(none.status));
});

test('statement: CSV with a BOM, one line per row', async () => {
  const all = await city.get('/api/v1/surcharges?month=2025-06');
  const r = await city.get('/api/v1/surcharges/statement?month=2025-06');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-type'), /text\/csv/);
  assert.deepEqual([...r.bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
  const lines = r.bytes.toString('utf8').split('\r\n').filter(Boolean);
  assert.equal(lines.length, all.body.items.length + 1);
  const none = await city.get('/api/v1/surcharges/statement?month=2024-01');
  assert.equal(none.status, 404);
});
