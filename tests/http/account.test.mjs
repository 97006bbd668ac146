// account.test.mjs: accounts, ranking, barometer, dashboard and credit lists against the CLI's
// own figures (`phaseout account`, `rank --db`, `barometer`) and the database; district scope,
// permissions, and the cache following every write (two servers on one database).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { demoDb, startServer, as, cli, sql, isError, OWN_DISTRICT, OTHER_DISTRICT } from './lib.mjs';

let db, srv, srv2, dir, city, year;
before(async () => {
  db = demoDb('account');
  dir = mkdtempSync(path.join(tmpdir(), 'phaseout-acct-'));
  writeFileSync(path.join(dir, 'doc.pdf'), '%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
  srv = await startServer(db.dsn);
  srv2 = await startServer(db.dsn);
  city = await as(srv.url, 'city');
  year = Number(sql(db.dsn, 'SELECT max(year) FROM energy'));
});
after(async () => {
  await srv?.stop();
  await srv2?.stop();
  db?.drop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

// RFC 4180 rows (the CLI's CSV: UTF-8 with BOM).
function csv(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; i < text.length; i++) {
    const ch = text[i];
    if (q) {
      if (ch === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (ch === '"') q = false; else cell += ch;
    } else if (ch === '"') q = true;
    else if (ch === ',') { row.push(cell); cell = ''; }
    else if (ch === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else if (ch !== '\r') cell += ch;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  const [head, ...body] = rows;
  return body.map(r => Object.fromEntries(head.map((h, k) => [h, r[k]])));
}

const num = s => (s === '' || s === undefined || s === null ? null : Number(s));

async function all(client, p) {
  const sep = p.includes('?') ? '&' : '?';
  const first = await client.get(`${p}${sep}per_page=500`);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  let items = first.body.items;
  for (let page = 2; items.length < first.body.total; page++)
    items = items.concat((await client.get(`${p}${sep}per_page=500&page=${page}`)).body.items);
  return { ...first.body, items };
}

function rankCsv(y) {
  const out = path.join(dir, `rank${y}-${Date.now()}`);
  cli(['rank', '--db', db.dsn, '--year', String(y), '--out', out]);
  return csv(readFileSync(path.join(out, 'result.csv'), 'utf8'));
}

test('accounts: every enterprise, figures of `phaseout account`, default year the latest with energy data', async () => {
  const r = await all(city, '/api/v1/accounts');
  assert.equal(r.total, Number(sql(db.dsn, 'SELECT count(*) FROM enterprise')));
  const want = new Map(csv(cli(['account', '--db', db.dsn, '--year', String(year), '--format', 'csv'])).map(x => [x.uscc, x]));
  for (const a of r.items) {
    const w = want.get(a.uscc);
    assert.ok(w, a.uscc);
    assert.equal(a.year, year);
    assert.equal(a.tce, num(w.tce), `tce ${a.uscc}`);
    assert.equal(a.co2_t, num(w.co2_t), `co2 ${a.uscc}`);
    assert.equal(a.value_added_wan, num(w.value_added_10k_yuan), `va ${a.uscc}`);
    assert.equal(a.intensity, num(w.intensity), `intensity ${a.uscc}`);
    assert.deepEqual(a.notes, w.notes ? w.notes.split(';') : []);
    const low = a.notes.some(n => n.startsWith('low_confidence'));
    assert.equal(a.confidence, low ? 'low' : 'normal');
    if (low) {
      assert.ok(a.low_confidence.length > 0);
      for (const f of a.low_confidence) { assert.equal(f.confidence, 'low'); assert.ok(f.source.length > 0); }
    }
  }
  assert.ok(r.items.some(a => a.confidence === 'low'), 'the demo uses low-confidence factors');
});

test('accounts: filters and sorts', async () => {
  const d = await all(city, `/api/v1/accounts?district=${OTHER_DISTRICT}&sort=-tce`);
  assert.equal(d.total, Number(sql(db.dsn, `SELECT count(*) FROM enterprise WHERE district_code = '${OTHER_DISTRICT}'`)));
  const tces = d.items.map(a => a.tce).filter(t => t !== null);
  assert.deepEqual(tces, [...tces].sort((a, b) => b - a));
  assert.ok(d.items.findIndex(a => a.tce === null) === -1 || d.items.slice(d.items.findIndex(a => a.tce === null)).every(a => a.tce === null),
    'enterprises without a figure come last');
  const name = sql(db.dsn, 'SELECT name FROM enterprise ORDER BY uscc LIMIT 1');
  const q = await city.get(`/api/v1/accounts?q=${encodeURIComponent(name)}`);
  assert.ok(q.body.items.some(a => a.name === name));
  const old = await city.get(`/api/v1/accounts?year=${year - 1}&per_page=1`);
  assert.equal(old.body.items[0].year, year - 1);
  const bad = await city.get('/api/v1/accounts?sort=bogus');
  assert.equal(bad.status, 400);
  assert.ok(isError(bad.body, 'invalid'));
  assert.equal((await city.get('/api/v1/accounts?year=abc')).status, 400);
});

test('ranking: the order, intensities and worst 20% of `phaseout rank --db`', async () => {
  const r = await all(city, '/api/v1/ranking');
  const want = rankCsv(year);
  assert.equal(r.year, year);
  assert.equal(r.n_ranked, want.length);
  assert.equal(r.total, want.length);
  assert.equal(r.n_worst20, Math.ceil(want.length / 5));
  assert.deepEqual(r.items.map(x => x.uscc), want.map(x => x.uscc));
  r.items.forEach((x, k) => {
    assert.equal(x.rank, k + 1);
    assert.equal(x.intensity, num(want[k].intensity));
    assert.equal(x.tce, num(want[k].tce));
    assert.equal(x.worst20, want[k].flagged === '1');
  });
  assert.equal(r.cut_line_intensity, num(want[r.n_worst20 - 1].intensity));
  const acc = new Map((await all(city, '/api/v1/accounts')).items.map(a => [a.uscc, a]));
  for (const x of r.items) assert.equal(acc.get(x.uscc).rank, x.rank);
  const closed = sql(db.dsn, "SELECT uscc FROM enterprise WHERE status IN ('closed', 'exited') LIMIT 1");
  assert.equal(acc.get(closed).rank, null, 'closed enterprises are not ranked');
});

test('ranking summary: the legal policy, who is left out and why (excluded.csv of rank --db), the loss-making parameter', async () => {
  const r = (await city.get('/api/v1/ranking?per_page=1')).body;
  const out = path.join(dir, `rankx-${Date.now()}`);
  cli(['rank', '--db', db.dsn, '--year', String(year), '--out', out]);
  const ex = csv(readFileSync(path.join(out, 'excluded.csv'), 'utf8'));
  const res = csv(readFileSync(path.join(out, 'result.csv'), 'utf8'));
  const s = r.summary;
  assert.equal(s.policy, 'legal');
  assert.equal(s.ranked, res.length);
  assert.equal(s.ranked, r.n_ranked);
  assert.equal(s.cut_rank, Math.ceil(res.length / 5));
  assert.equal(s.cut_intensity, r.cut_line_intensity);
  assert.ok(ex.length > 0, 'the demo city has enterprises left out');
  assert.equal(s.excluded, ex.length);
  const labels = { value_added_missing: '增加值未记录', energy_not_reported: '能耗未报送', energy_zero: '能耗为零', loss_review: '亏损企业待审' };
  for (const b of s.excluded_by_reason) {
    assert.equal(b.label_zh, labels[b.reason], b.reason);
    assert.equal(b.count, ex.filter(x => x.reason === b.reason).length, b.reason);
    assert.ok(['value_added', 'energy_use', 'loss_review', 'value_added|energy_use'].includes(b.missing), b.missing);
  }
  assert.deepEqual(s.excluded_by_reason.map(b => b.reason), Object.keys(labels));
  assert.deepEqual(s.loss_making, { param: 'loss_making_ranking', value: 'review', effective_from: '2021-01-01', confidence: 'low' });
  assert.deepEqual(r.excluded.map(x => x.uscc), ex.map(x => x.uscc));
  assert.deepEqual(r.excluded.map(x => x.reason), ex.map(x => x.reason));
  // nobody left out is ranked or flagged, in the ranking or in the accounts
  const acc = new Map((await all(city, '/api/v1/accounts')).items.map(a => [a.uscc, a]));
  for (const x of ex) {
    assert.equal(acc.get(x.uscc).rank, null, x.uscc);
    assert.equal(acc.get(x.uscc).worst20, false, x.uscc);
    assert.equal(acc.get(x.uscc).rank_reason, x.reason, x.uscc);
  }
  // a district officer sees the counts of the district's own
  const dist = await as(srv.url, 'district');
  const ds = (await dist.get('/api/v1/ranking?per_page=1')).body;
  assert.equal(ds.summary.excluded, ex.filter(x => x.district_code === OWN_DISTRICT).length);
  assert.ok(ds.excluded.every(x => x.district_code === OWN_DISTRICT));
  assert.equal(ds.summary.ranked, s.ranked, 'the ranking is the city\'s');
});

test('barometer: the levels and figures of `phaseout barometer`', async () => {
  const r = await city.get('/api/v1/barometer');
  assert.equal(r.status, 200);
  const want = JSON.parse(cli(['barometer', '--db', db.dsn, '--year', String(year), '--format', 'json'])).areas;
  assert.equal(r.body.items.length, want.length);
  for (const [k, b] of r.body.items.entries()) {
    const w = want[k];
    assert.equal(b.district_code, w.district_code);
    assert.equal(b.district_name, w.name);
    assert.equal(b.level, w.intensity_level);
    assert.equal(b.total_level, w.total_level);
    assert.equal(b.warning_level, w.warning_level, 'the card: the worse of the two levels');
    assert.equal(b.warning_basis, w.warning_basis);
    assert.equal(b.energy_tce, num(w.tce));
    assert.equal(b.energy_cap_tce, num(w.energy_cap_tce));
    assert.equal(b.intensity_reduction_pct, num(w.intensity_reduction_pct));
    assert.equal(b.intensity_target_pct, num(w.intensity_target_pct));
    if (b.intensity_target_pct > 0)
      assert.ok(Math.abs(b.progress_pct - 100 * b.intensity_reduction_pct / b.intensity_target_pct) < 1e-3);
  }
  assert.ok(r.body.policy.low_confidence.some(x => x.name === 'barometer_total_warning_pct'),
    'the total-consumption warning band is flagged low confidence');
});

test('dashboard: totals, barometer, histogram with the cut line, cases; ETag', async () => {
  const r = await city.get('/api/v1/dashboard');
  assert.equal(r.status, 200);
  const d = r.body;
  const baro = (await city.get('/api/v1/barometer')).body.items;
  const cityArea = baro.find(b => b.area_level === 'city');
  assert.equal(d.year, year);
  assert.equal(d.city.district_code, cityArea.district_code);
  assert.equal(d.city.energy_tce, cityArea.energy_tce);
  assert.equal(d.city.intensity, cityArea.intensity);
  assert.equal(d.city.enterprises, Number(sql(db.dsn, 'SELECT count(*) FROM enterprise')));
  assert.deepEqual(d.barometer.map(b => [b.district_code, b.level]), baro.map(b => [b.district_code, b.level]));
  // the cards: both levels and the worse of them, as GET /barometer and the CLI have them
  const cards = b => [b.district_code, b.intensity_level, b.total_level, b.warning_level, b.warning_basis];
  assert.deepEqual(d.barometer.map(cards), baro.map(cards));
  assert.ok(d.barometer.some(b => b.warning_level), 'a rated card');
  const rk = (await city.get('/api/v1/ranking?per_page=1')).body;
  assert.equal(d.intensity_hist.cut_line, rk.cut_line_intensity);
  const binned = d.intensity_hist.bins.reduce((s, b) => s + b.count, 0);
  assert.equal(binned + d.intensity_hist.undefined, rk.n_ranked);
  const exited = Number(sql(db.dsn, `SELECT count(*) FROM equipment q JOIN enterprise e ON e.id = q.enterprise_id
    WHERE q.status IN ('sealed', 'dismantled') OR e.status IN ('closed', 'exited')`));
  assert.equal(d.exited_capacity.reduce((s, x) => s + x.units, 0), exited);
  const again = await city.get('/api/v1/dashboard', { headers: { 'if-none-match': r.headers.get('etag') } });
  assert.equal(again.status, 304);
});

test('a case that seals a unit past its deadline: exits dated, overdue, missed-exit list; both servers see it', async () => {
  const other = await as(srv2.url, 'city');
  const before2 = (await other.get('/api/v1/ranking?per_page=1')).body.n_ranked;
  const [uscc, unit] = sql(db.dsn, `SELECT e.uscc || ' ' || q.equipment_id FROM equipment q
    JOIN enterprise e ON e.id = q.enterprise_id WHERE q.status = 'running' AND e.status = 'operating'
    AND e.district_code = '${OWN_DISTRICT}' AND q.capacity_micro IS NOT NULL
    AND e.uscc IN (SELECT e2.uscc FROM enterprise e2 JOIN energy n ON n.enterprise_id = e2.id WHERE n.year = ${year})
    ORDER BY e.uscc, q.equipment_id LIMIT 1`).split(' ');
  const doc = path.join(dir, 'doc.pdf');
  const id = /case (\d+) opened/.exec(cli(['case', 'open', '--db', db.dsn, '--type', 'industrial_policy', '--uscc', uscc,
    '--equipment', unit, '--actor', 't', '--role', 'miit', '--on', '2025-01-06']))[1];
  cli(['case', 'act', '--db', db.dsn, id, '--event', 'order_shutdown', '--actor', 't', '--role', 'miit', '--on', '2025-01-06',
    '--attach', `order=${doc}`, '--attach', `inspection=${doc}`]);
  cli(['case', 'act', '--db', db.dsn, id, '--event', 'seal', '--actor', 't', '--role', 'miit', '--on', '2025-02-03',
    '--field', 'months=2', '--field', 'checklist=all', '--attach', `photos=${doc}`, '--attach', `commitment=${doc}`,
    '--attach', `announcement=${doc}`]);
  const deadline = sql(db.dsn, `SELECT deadline FROM case_file WHERE id = ${id}`);

  // the enterprise is closed now: one fewer ranked, on both servers
  const after2 = (await other.get('/api/v1/ranking?per_page=1')).body.n_ranked;
  assert.equal(after2, before2 - 1);
  assert.equal((await city.get('/api/v1/ranking?per_page=1')).body.n_ranked, after2);

  const d = (await city.get('/api/v1/dashboard')).body;
  const units = Number(sql(db.dsn, `SELECT count(*) FROM equipment q JOIN enterprise e ON e.id = q.enterprise_id WHERE e.uscc = '${uscc}'`));
  assert.equal(d.exited_capacity.filter(x => x.year === 2025).reduce((s, x) => s + x.units, 0), units);
  assert.deepEqual(d.cases_by_state, sql(db.dsn, 'SELECT state, count(*) FROM case_file GROUP BY state ORDER BY state')
    .split('\n').map(l => { const [state, n] = l.split('|'); return { state, count: Number(n) }; }));
  const o = d.overdue.find(x => x.case_id === Number(id));
  assert.ok(o, 'the case is overdue');
  assert.equal(o.deadline, deadline);
  assert.ok(o.days_left < 0);

  const bank = await as(srv.url, 'bank');
  const missed = await all(bank, '/api/v1/credit-lists?list=missed_exit');
  const m = missed.items.find(x => x.uscc === uscc);
  assert.ok(m, 'in the missed-exit list');
  assert.equal(m.list, 'missed_exit');
  assert.equal(m.since, deadline);
  assert.ok(m.reason_zh.length && m.reason_en.length);
  const closed = await all(bank, '/api/v1/credit-lists?list=closed');
  assert.equal(closed.total, Number(sql(db.dsn, "SELECT count(*) FROM enterprise WHERE status IN ('closed', 'exited')")));
  assert.equal(closed.items.find(x => x.uscc === uscc).since, '2025-01-06');
});

test('an import of value added is seen by the next request (the cache follows the import batch)', async () => {
  const uscc = sql(db.dsn, `SELECT e.uscc FROM enterprise e JOIN economics x ON x.enterprise_id = e.id
    WHERE x.year = ${year} AND x.value_added_micro > 0 ORDER BY e.uscc LIMIT 1`);
  const va = (await city.get(`/api/v1/accounts?q=${uscc}`)).body.items[0].value_added_wan;
  const file = path.join(dir, 'economics.csv');
  writeFileSync(file, `uscc,year,value_added_10k_yuan\n${uscc},${year},${va * 2}\n`);
  cli(['import', '--db', db.dsn, '--kind', 'economics', file]);
  const after = (await city.get(`/api/v1/accounts?q=${uscc}`)).body.items[0];
  assert.equal(after.value_added_wan, va * 2);
  const want = csv(cli(['account', '--db', db.dsn, '--year', String(year), '--format', 'csv'])).find(x => x.uscc === uscc);
  assert.equal(after.intensity, num(want.intensity));
});

test('credit lists: the worst 20% of the ranking; all three lists; a bad list is 400', async () => {
  const bank = await as(srv.url, 'bank');
  const w = await all(bank, '/api/v1/credit-lists?list=worst20');
  const rk = await all(city, '/api/v1/ranking');
  assert.deepEqual(w.items.map(x => x.uscc), rk.items.filter(x => x.worst20).map(x => x.uscc));
  assert.ok(w.items.every(x => x.list === 'worst20' && x.since === `${year}-12-31`));
  const everything = await all(bank, '/api/v1/credit-lists');
  const parts = await Promise.all(['missed_exit', 'closed'].map(l => all(bank, `/api/v1/credit-lists?list=${l}`)));
  assert.equal(everything.total, w.total + parts[0].total + parts[1].total);
  const bad = await bank.get('/api/v1/credit-lists?list=nope');
  assert.equal(bad.status, 400);
  assert.ok(isError(bad.body, 'invalid'));
});

test('permissions: banks read only the credit lists; others without the permission get 403', async () => {
  const bank = await as(srv.url, 'bank');
  for (const p of ['/api/v1/accounts', '/api/v1/ranking', '/api/v1/barometer', '/api/v1/dashboard']) {
    const r = await bank.get(p);
    assert.equal(r.status, 403, p);
    assert.ok(isError(r.body, 'forbidden'));
  }
  const sec = await as(srv.url, 'secadmin');
  assert.equal((await sec.get('/api/v1/dashboard')).status, 403);
  assert.equal((await sec.get('/api/v1/credit-lists')).status, 403);
  for (const u of ['auditor', 'city']) assert.equal((await (await as(srv.url, u)).get('/api/v1/credit-lists')).status, 200, u);
});

test('district scope: own enterprises with their city-wide rank, own barometer and totals', async () => {
  const dist = await as(srv.url, 'district');
  const a = await all(dist, '/api/v1/accounts');
  assert.equal(a.total, Number(sql(db.dsn, `SELECT count(*) FROM enterprise WHERE district_code = '${OWN_DISTRICT}'`)));
  assert.ok(a.items.every(x => x.district_code === OWN_DISTRICT));
  assert.equal((await dist.get(`/api/v1/accounts?district=${OTHER_DISTRICT}`)).body.total, 0);
  const cityRank = new Map((await all(city, '/api/v1/ranking')).items.map(x => [x.uscc, x.rank]));
  const r = await all(dist, '/api/v1/ranking');
  assert.ok(r.items.length > 0 && r.items.every(x => x.district_code === OWN_DISTRICT && x.rank === cityRank.get(x.uscc)));
  const b = (await dist.get('/api/v1/barometer')).body.items;
  assert.ok(b.length > 0 && b.every(x => x.district_code.startsWith(OWN_DISTRICT)));
  const d = (await dist.get('/api/v1/dashboard')).body;
  assert.equal(d.city.district_code, OWN_DISTRICT);
  assert.equal(d.city.energy_tce, b.find(x => x.district_code === OWN_DISTRICT).energy_tce);
  assert.ok(d.overdue.every(x => x.district_code === OWN_DISTRICT));
  assert.equal(d.cases_by_state.reduce((s, x) => s + x.count, 0), Number(sql(db.dsn,
    `SELECT count(*) FROM case_file c JOIN enterprise e ON e.uscc = c.uscc WHERE e.district_code = '${OWN_DISTRICT}'`)));
});

test('enterprise detail: energy per year with the rank of each year', async () => {
  const [id, uscc] = sql(db.dsn, `SELECT e.id || ' ' || e.uscc FROM enterprise e WHERE e.status = 'operating'
    AND EXISTS (SELECT 1 FROM energy n WHERE n.enterprise_id = e.id) ORDER BY e.uscc LIMIT 1`).split(' ');
  const r = await city.get(`/api/v1/enterprises/${id}`);
  assert.equal(r.status, 200);
  const years = sql(db.dsn, `SELECT DISTINCT year FROM energy WHERE enterprise_id = ${id} ORDER BY year`).split('\n').map(Number);
  assert.deepEqual(r.body.energy.map(x => x.year), years);
  for (const e of r.body.energy) {
    const row = rankCsv(e.year).findIndex(x => x.uscc === uscc);
    assert.equal(e.rank, row + 1);
  }
});
