// eval.test.mjs: evaluation runs, their findings, one finding's explanation, the diff of two runs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, isError, sql, cli } from './lib.mjs';

let db, srv, city, run1, run2;
before(async () => {
  db = demoDb('eval');
  srv = await startServer(db.dsn);
  city = await as(srv.url, 'city');
});
after(async () => { await srv?.stop(); db?.drop(); });

const count = q => Number(sql(db.dsn, q));

test('POST /evaluations runs the rules and stores the run', async () => {
  const r1 = await city.post('/api/v1/evaluations', { year: 2024 });
  assert.equal(r1.status, 201, JSON.stringify(r1.body));
  run1 = r1.body;
  assert.equal(run1.year, 2024);
  assert.equal(run1.as_of, '2024-12-31');
  assert.match(run1.rules_sha256, /^[0-9a-f]{64}$/);
  assert.equal(run1.nfindings, count(`SELECT count(*) FROM evaluation_finding WHERE run_id = ${run1.id}`));
  const r2 = await city.post('/api/v1/evaluations', { year: 2025, as_of: '2026-06-30' });
  assert.equal(r2.status, 201);
  run2 = r2.body;
  assert.equal(run2.as_of, '2026-06-30');
  assert.ok(run2.id > run1.id);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'evaluation.run' AND actor = 'web:city'`), 2);
  // each written with its run (one transaction, one clock reading)
  assert.equal(count(`SELECT count(*) FROM audit_log a JOIN evaluation_run r ON a.object = 'evaluation_run/' || r.id
    AND a.at = r.created_at WHERE a.actor = 'web:city' AND r.id IN (${run1.id}, ${run2.id})`), 2);
});

test('bad bodies are 422 naming the field; roles without run_eval get 403', async () => {
  const bad = await city.post('/api/v1/evaluations', { year: 'x' });
  assert.equal(bad.status, 422);
  assert.ok(isError(bad.body, 'invalid'));
  assert.equal(bad.body.details[0].field, 'year');
  const date = await city.post('/api/v1/evaluations', { year: 2025, as_of: '2025-02-30' });
  assert.equal(date.status, 422);
  assert.equal(date.body.details[0].field, 'as_of');
  const auditor = await as(srv.url, 'auditor');
  assert.equal((await auditor.post('/api/v1/evaluations', { year: 2025 })).status, 403);
  assert.equal((await auditor.get('/api/v1/evaluations')).status, 200, 'auditors read runs');
  const bank = await as(srv.url, 'bank');
  assert.equal((await bank.get('/api/v1/evaluations')).status, 403);
});

test('GET /evaluations lists runs newest first', async () => {
  const r = await city.get('/api/v1/evaluations');
  assert.equal(r.status, 200);
  assert.equal(r.body.total, count('SELECT count(*) FROM evaluation_run'));
  assert.deepEqual(r.body.items.map(x => x.id), [run2.id, run1.id]);
  const y = await city.get('/api/v1/evaluations?year=2024');
  assert.deepEqual(y.body.items.map(x => x.id), [run1.id]);
});

test('findings of a run: filters, paging, 404 for an unknown run', async () => {
  const all = await city.get(`/api/v1/evaluations/${run2.id}/findings?per_page=5`);
  assert.equal(all.status, 200);
  assert.equal(all.body.total, run2.nfindings);
  assert.equal(all.body.items.length, 5);
  const first = sql(db.dsn, `SELECT finding_id FROM evaluation_finding WHERE run_id = ${run2.id} ORDER BY seq LIMIT 1`);
  assert.equal(all.body.items[0].finding_id, first, 'in the run\'s order');
  const env = await city.get(`/api/v1/evaluations/${run2.id}/findings?criterion=environment&status=caught&per_page=500`);
  assert.equal(env.body.total, count(`SELECT count(*) FROM evaluation_finding WHERE run_id = ${run2.id} AND criterion = 'environment' AND status = 'caught'`));
  assert.ok(env.body.items.every(f => f.criterion === 'environment' && f.status === 'caught'));
  // every row names its rule in Chinese (data/rules.csv title_zh), not only by id
  assert.ok(all.body.items.concat(env.body.items).every(f => /[\u4e00-\u9fff]/.test(f.rule_title_zh) && f.rule_title_zh !== f.rule_id && f.rule_title_en.length > 0), 'rule_title_zh');
  const limit = env.body.items.find(f => f.rule_id === 'ENV-LIMIT');
  if (limit) assert.equal(limit.rule_title_zh, '超标、超总量排污：限制生产或停产整治');
  const uscc = env.body.items[0].uscc;
  const one = await city.get(`/api/v1/evaluations/${run2.id}/findings?uscc=${uscc}&per_page=500`);
  assert.equal(one.body.total, count(`SELECT count(*) FROM evaluation_finding WHERE run_id = ${run2.id} AND uscc = '${uscc}'`));
  const q = await city.get(`/api/v1/evaluations/${run2.id}/findings?q=ENV-&per_page=500`);
  assert.equal(q.body.total, count(`SELECT count(*) FROM evaluation_finding WHERE run_id = ${run2.id} AND rule_id LIKE 'ENV-%'`));
  const none = await city.get('/api/v1/evaluations/999/findings');
  assert.equal(none.status, 404);
  assert.ok(isError(none.body, 'not_found'));
});

test('a district officer sees only its district\'s findings', async () => {
  const d = await as(srv.url, 'district');
  const r = await d.get(`/api/v1/evaluations/${run2.id}/findings?per_page=500`);
  assert.equal(r.status, 200);
  assert.equal(r.body.total, count(`SELECT count(*) FROM evaluation_finding f JOIN enterprise e ON e.uscc = f.uscc WHERE f.run_id = ${run2.id} AND e.district_code = '150302'`));
  assert.ok(r.body.total > 0);
  assert.ok(r.body.items.every(f => f.district_code === '150302'));
  const other = await d.get(`/api/v1/evaluations/${run2.id}/findings?district=150303`);
  assert.equal(other.body.total, 0);
});

test('one finding with its evidence and explanation in both languages; district scope', async () => {
  const [fid, uscc] = sql(db.dsn, `SELECT f.finding_id || '|' || f.uscc FROM evaluation_finding f JOIN enterprise e ON e.uscc = f.uscc WHERE f.run_id = ${run2.id} AND e.district_code = '150303' AND f.status = 'caught' ORDER BY f.seq LIMIT 1`).split('|');
  const r = await city.get(`/api/v1/findings/${fid}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.run.id, run2.id, 'the latest run that has it');
  assert.equal(r.body.uscc, uscc);
  assert.equal(r.body.district_code, '150303');
  assert.equal(r.body.evidence, sql(db.dsn, `SELECT evidence FROM evaluation_finding WHERE run_id = ${run2.id} AND finding_id = '${fid}'`));
  for (const k of ['legal_basis', 'measure_basis', 'source', 'confidence', 'evidence_zh'])
    assert.ok(r.body[k].length > 0, k);
  assert.ok(r.body.explanation_zh.includes(fid) && /[\u4e00-\u9fff]/.test(r.body.explanation_zh));
  assert.ok(r.body.explanation_en.includes(`Finding ${fid}`));
  assert.equal(r.body.explanation_zh, cli(['explain', '--db', db.dsn, fid, '--lang', 'zh']));
  assert.equal(r.body.explanation_en, cli(['explain', '--db', db.dsn, fid, '--lang', 'en']));
  assert.deepEqual(r.body.cases, []);
  assert.ok(/[\u4e00-\u9fff]/.test(r.body.rule_title_zh) && r.body.rule_title_zh !== r.body.rule_id);
  assert.ok(r.body.explanation_zh.includes(`规则：${r.body.rule_title_zh}（${r.body.rule_id} 第 ${r.body.rule_version} 版`));
  assert.ok(r.body.explanation_en.includes(`Rule: ${r.body.rule_title_en} (${r.body.rule_id} version ${r.body.rule_version}`));
  const inRun1 = count(`SELECT count(*) FROM evaluation_finding WHERE run_id = ${run1.id} AND finding_id = '${fid}'`);
  assert.equal((await city.get(`/api/v1/findings/${fid}?run=${run1.id}`)).status, inRun1 ? 200 : 404);
  assert.equal((await (await as(srv.url, 'district')).get(`/api/v1/findings/${fid}`)).status, 404, 'another district');
  assert.equal((await (await as(srv.url, 'district2')).get(`/api/v1/findings/${fid}`)).status, 200, 'own district');
  assert.equal((await city.get('/api/v1/findings/nosuchfinding')).status, 404);
  // a cannot-decide finding names what it waits for in words, and who supplies it
  const cd = sql(db.dsn, `SELECT finding_id FROM evaluation_finding WHERE run_id = ${run2.id} AND status = 'cannot_decide' AND missing IS NOT NULL ORDER BY seq LIMIT 1`);
  const c = await city.get(`/api/v1/findings/${cd}?run=${run2.id}`);
  assert.ok(c.body.missing && /[\u4e00-\u9fff]/.test(c.body.missing_zh) && c.body.missing_suppliers, JSON.stringify(c.body).slice(0, 300));
});

// The CLI's diff: change,finding_id,... rows.
function cliDiff(a, b) {
  const out = cli(['evaluate', '--db', db.dsn, '--diff', String(a), String(b)]);
  const n = { added: 0, removed: 0, changed: 0 };
  for (const line of out.split('\n')) {
    const m = /^(added|removed|changed),([0-9a-f]+),/.exec(line);
    if (m) n[m[1]]++;
  }
  return n;
}

test('the diff of two runs is evaluate --diff', async () => {
  const r = await city.get(`/api/v1/evaluations/${run2.id}/diff?against=${run1.id}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.run, run2.id);
  assert.equal(r.body.against, run1.id);
  const n = cliDiff(run1.id, run2.id);
  assert.equal(r.body.added.length, n.added);
  assert.equal(r.body.removed.length, n.removed);
  assert.equal(r.body.changed.length, n.changed);
  assert.ok(n.added + n.removed + n.changed > 0, 'the two runs differ');
  for (const c of r.body.changed) {
    assert.equal(c.before.finding_id, c.finding_id);
    assert.ok(['status', 'measure', 'evidence', 'legal_basis'].some(k => c.before[k] !== c.after[k]));
  }
  // a cannot-decide finding on either side names what it waits for in words
  const sides = [...r.body.added, ...r.body.removed, ...r.body.changed.flatMap(c => [c.before, c.after])];
  assert.ok(sides.filter(f => f.missing).every(f => /[\u4e00-\u9fff]/.test(f.missing_zh)));
  const same = await city.get(`/api/v1/evaluations/${run2.id}/diff?against=${run2.id}`);
  assert.deepEqual([same.body.added, same.body.removed, same.body.changed], [[], [], []]);
  assert.equal((await city.get(`/api/v1/evaluations/${run2.id}/diff`)).status, 400);
  assert.equal((await city.get(`/api/v1/evaluations/${run2.id}/diff?against=999`)).status, 404);
  // a district officer's diff holds its district's findings only
  const d = await (await as(srv.url, 'district')).get(`/api/v1/evaluations/${run2.id}/diff?against=${run1.id}`);
  const own = new Set(sql(db.dsn, "SELECT uscc FROM enterprise WHERE district_code = '150302'").split('\n'));
  const items = [...d.body.added, ...d.body.removed, ...d.body.changed.map(c => c.after)];
  assert.ok(items.every(f => own.has(f.uscc)));
  assert.equal(d.body.added.length, r.body.added.filter(f => own.has(f.uscc)).length);
});

test('the enterprise detail carries the latest run\'s findings', async () => {
  const uscc = sql(db.dsn, `SELECT uscc FROM evaluation_finding WHERE run_id = ${run2.id} ORDER BY seq LIMIT 1`);
  const r = await city.get(`/api/v1/enterprises/${uscc}`);
  assert.equal(r.status, 200);
  assert.equal(r.body.findings.length, count(`SELECT count(*) FROM evaluation_finding WHERE run_id = ${run2.id} AND uscc = '${uscc}'`));
  assert.ok(r.body.findings.every(f => f.run_id === run2.id));
  assert.ok(r.body.findings.every(f => /[\u4e00-\u9fff]/.test(f.rule_title_zh)), 'rule_title_zh');
  // a cannot-decide finding says what is not recorded, in words, and who supplies it
  const u2 = sql(db.dsn, `SELECT uscc FROM evaluation_finding WHERE run_id = ${run2.id} AND status = 'cannot_decide' AND missing IS NOT NULL ORDER BY seq LIMIT 1`);
  const r2 = await city.get(`/api/v1/enterprises/${u2}`);
  const cd = r2.body.findings.filter(f => f.status === 'cannot_decide' && f.missing);
  assert.ok(cd.length > 0);
  assert.ok(cd.every(f => /[\u4e00-\u9fff]/.test(f.missing_zh) && f.missing_en && f.missing_suppliers), JSON.stringify(cd[0]));
});
