// case.test.mjs: cases opened from findings, taken to closure with documents, refusals, scope.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, isError, sql } from './lib.mjs';

let db, srv, city, eco, run;
before(async () => {
  db = demoDb('case');
  srv = await startServer(db.dsn);
  city = await as(srv.url, 'city');
  eco = await as(srv.url, 'eco_env');
  run = (await city.post('/api/v1/evaluations', { year: 2025 })).body;
});
after(async () => { await srv?.stop(); db?.drop(); });

const count = q => Number(sql(db.dsn, q));
const b64 = s => Buffer.from(s, 'latin1').toString('base64');
const pdf = tag => ({ name: `${tag}.pdf`, mime: 'application/pdf', content_base64: b64(`%PDF-1.4\n% ${tag}\n`) });
const doc = (kind, tag = kind) => ({ doc: kind, ...pdf(tag) });

// An environment finding of district 150302 (the `district` account's) from the run.
function envFinding() {
  const [fid, uscc] = sql(db.dsn, `SELECT f.finding_id || '|' || f.uscc FROM evaluation_finding f JOIN enterprise e ON e.uscc = f.uscc WHERE f.run_id = ${run.id} AND f.criterion = 'environment' AND f.status = 'caught' AND e.district_code = '150302' ORDER BY f.seq LIMIT 1`).split('|');
  return { fid, uscc };
}

const act = (c, id, body) => c.post(`/api/v1/cases/${id}/actions`, body);

let envCase;

test('a department opens a case from a finding; what it may do next is listed', async () => {
  const { fid, uscc } = envFinding();
  const r = await eco.post('/api/v1/cases', { case_type: 'environment', uscc, finding_id: fid });
  assert.equal(r.status, 201, JSON.stringify(r.body));
  envCase = r.body;
  assert.equal(envCase.state, 'open');
  assert.equal(envCase.finding_id, fid);
  assert.equal(envCase.opened_by, 'web:eco_env');
  assert.equal(envCase.district_code, '150302');
  assert.deepEqual(envCase.events, []);
  const evs = envCase.allowed.map(a => a.event).sort();
  assert.deepEqual(evs, ['order_limit', 'order_suspend']);
  const s = envCase.allowed.find(a => a.event === 'order_suspend');
  assert.deepEqual(s.required_documents, ['order', 'inspection']);
  assert.equal(s.to_state, 'restricted');
  assert.match(s.legal_basis, /三\(四\)/);
  assert.ok(s.label_zh && s.label_en);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'case.open' AND actor = 'web:eco_env'`), 1);
  // the finding now names the case
  const f = await city.get(`/api/v1/findings/${fid}`);
  assert.deepEqual(f.body.cases.map(c => c.id), [envCase.id]);
  // the city reads it but casefsm gives it no environment transition
  const c = await city.get(`/api/v1/cases/${envCase.id}`);
  assert.equal(c.status, 200);
  assert.deepEqual(c.body.allowed, []);
});

test('opening is refused for types the department does not act on, bad bodies, other districts', async () => {
  const { uscc } = envFinding();
  const market = await as(srv.url, 'market');
  const r = await market.post('/api/v1/cases', { case_type: 'environment', uscc });
  assert.equal(r.status, 403);
  assert.ok(isError(r.body, 'forbidden'));
  const auditor = await as(srv.url, 'auditor');
  assert.equal((await auditor.post('/api/v1/cases', { case_type: 'environment', uscc })).status, 403);
  const bad = await eco.post('/api/v1/cases', { case_type: 'pollution', uscc });
  assert.equal(bad.status, 422);
  assert.equal(bad.body.details[0].field, 'case_type');
  assert.equal((await eco.post('/api/v1/cases', { case_type: 'environment' })).body.details[0].field, 'uscc');
  assert.equal((await eco.post('/api/v1/cases', { case_type: 'environment', uscc: 'X' })).status, 404);
  assert.equal((await eco.post('/api/v1/cases', { case_type: 'environment', uscc, finding_id: 'nosuch' })).status, 404);
  const d2 = await as(srv.url, 'district2');
  const other = await d2.post('/api/v1/cases', { case_type: 'environment', uscc });
  assert.equal(other.status, 404, 'a 150303 officer cannot see a 150302 enterprise');
  assert.equal(count(`SELECT count(*) FROM case_file`), 1, 'nothing opened');
});

test('a role casefsm does not allow is 403; missing documents are 422 naming each', async () => {
  const forbidden = await act(city, envCase.id, { event: 'order_suspend', documents: [doc('order'), doc('inspection')] });
  assert.equal(forbidden.status, 403);
  assert.ok(isError(forbidden.body, 'forbidden'));
  const missing = await act(eco, envCase.id, { event: 'order_suspend', documents: [doc('order')] });
  assert.equal(missing.status, 422);
  assert.ok(isError(missing.body, 'invalid'));
  assert.deepEqual(missing.body.details.map(d => d.field), ['documents.inspection']);
  const none = await act(eco, envCase.id, { event: 'order_suspend' });
  assert.deepEqual(none.body.details.map(d => d.field), ['documents.order', 'documents.inspection']);
  const state = await act(eco, envCase.id, { event: 'close', documents: [doc('decision')] });
  assert.equal(state.status, 409, 'no such transition from open');
  const exe = await act(eco, envCase.id, { event: 'order_suspend', documents: [doc('order'), { doc: 'inspection', name: 'x.pdf', content_base64: b64('\x7fELF\x02\x01\x01') }] });
  assert.equal(exe.status, 422, 'an executable is refused by its content');
  assert.equal(exe.body.details[0].field, 'documents[1]');
  const junk = await act(eco, envCase.id, { event: 'order_suspend', documents: [{ doc: 'order', content_base64: '%%%' }] });
  assert.equal(junk.status, 422);
  assert.equal(count(`SELECT count(*) FROM case_event`), 0, 'no refused action was recorded');
});

test('the case goes to closure through actions with documents', async () => {
  const uscc = envCase.uscc;
  const r1 = await act(eco, envCase.id, { event: 'order_suspend', on_date: '2026-11-02', reason: '超标排放', documents: [doc('order', 'order-1'), doc('inspection', 'insp-1')] });
  assert.equal(r1.status, 200, JSON.stringify(r1.body));
  assert.equal(r1.body.state, 'restricted');
  assert.equal(sql(db.dsn, `SELECT status FROM enterprise WHERE uscc = '${uscc}'`), 'suspended');
  const ev = r1.body.events[0];
  assert.equal(ev.event, 'order_suspend');
  assert.equal(ev.actor, 'web:eco_env');
  assert.equal(ev.role, 'eco_env');
  assert.equal(ev.reason, '超标排放');
  assert.deepEqual(ev.attachments.map(a => [a.doc, a.name, a.mime]), [['order', 'order-1.pdf', 'application/pdf'], ['inspection', 'insp-1.pdf', 'application/pdf']]);
  // the attachment comes back byte for byte with its type
  const file = await eco.get(ev.attachments[0].url);
  assert.equal(file.status, 200);
  assert.equal(file.headers.get('content-type'), 'application/pdf');
  assert.equal(file.bytes.toString('latin1'), '%PDF-1.4\n% order-1\n');
  assert.equal((await eco.get(`/api/v1/cases/${envCase.id}/attachments/${'0'.repeat(64)}`)).status, 404);
  // propose_closure is destructive: reason required
  const pc = r1.body.allowed.find(a => a.event === 'propose_closure');
  assert.equal(pc.destructive, true);
  assert.ok(pc.required_fields.includes('reason'));
  const r2 = await act(eco, envCase.id, { event: 'reinspect_pass', on_date: '2026-11-20', documents: [doc('inspection', 'insp-2')] });
  assert.equal(r2.body.state, 'passed');
  assert.equal(sql(db.dsn, `SELECT status FROM enterprise WHERE uscc = '${uscc}'`), 'operating');
  const r3 = await act(eco, envCase.id, { event: 'close', on_date: '2026-11-25', documents: [doc('decision')] });
  assert.equal(r3.status, 200);
  assert.equal(r3.body.state, 'closed');
  assert.deepEqual(r3.body.events.map(e => e.event), ['order_suspend', 'reinspect_pass', 'close']);
  assert.deepEqual(r3.body.allowed, []);
  assert.equal(count(`SELECT count(*) FROM audit_log WHERE action = 'case.act' AND object = 'case/${envCase.id}'`), 3);
  const closed = await city.get('/api/v1/cases?state=closed');
  assert.deepEqual(closed.body.items.map(c => c.id), [envCase.id]);
});

test('missing fields are 422 with a detail each; deadlines give days_left and due_within', async () => {
  const uscc = sql(db.dsn, "SELECT uscc FROM enterprise WHERE district_code = '150303' AND status = 'operating' ORDER BY uscc LIMIT 1");
  const open = await city.post('/api/v1/cases', { case_type: 'energy_quota', uscc, opened_on: '2026-11-01' });
  assert.equal(open.status, 201);
  const id = open.body.id;
  const r = await act(city, id, { event: 'order_rectification', on_date: '2026-03-02', documents: [doc('order'), doc('inspection')] });
  assert.equal(r.status, 200);
  assert.equal(r.body.state, 'rectifying');
  const deadline = r.body.deadline;
  assert.equal(deadline, sql(db.dsn, `SELECT deadline FROM case_file WHERE id = ${id}`));
  const asOf = '2026-07-01';
  const left = Math.round((Date.parse(deadline) - Date.parse(asOf)) / 86400000);
  const list = await city.get(`/api/v1/cases?as_of=${asOf}&due_within=${left}`);
  assert.deepEqual(list.body.items.map(c => [c.id, c.days_left]), [[id, left]]);
  assert.equal((await city.get(`/api/v1/cases?as_of=${asOf}&due_within=${left - 1}`)).body.total, 0);
  assert.equal((await city.get(`/api/v1/cases/${id}?as_of=${asOf}`)).body.days_left, left);
  // request_extension needs months and the application
  const ext = await act(city, id, { event: 'request_extension' });
  assert.equal(ext.status, 422);
  assert.deepEqual(ext.body.details.map(d => d.field), ['fields.months', 'documents.application']);
  const ok = await act(city, id, { event: 'request_extension', fields: { months: 2 }, documents: [doc('application')] });
  assert.equal(ok.status, 200);
  assert.equal(ok.body.state, 'extension_requested');
  assert.deepEqual(ok.body.events[1].fields, { months: '2' });
  assert.equal((await act(city, id, { event: 'request_extension', fields: { colour: 'red' } })).status, 422);
});

test('district scope: another district\'s case, its actions and attachments are 404', async () => {
  const d2 = await as(srv.url, 'district2');
  const d = await as(srv.url, 'district');
  assert.equal((await d2.get(`/api/v1/cases/${envCase.id}`)).status, 404);
  assert.equal((await d.get(`/api/v1/cases/${envCase.id}`)).status, 200);
  const url = (await d.get(`/api/v1/cases/${envCase.id}`)).body.events[0].attachments[0].url;
  assert.equal((await d.get(url)).status, 200);
  assert.equal((await d2.get(url)).status, 404);
  assert.equal((await act(d2, envCase.id, { event: 'close' })).status, 404);
  const list = await d.get('/api/v1/cases?per_page=500');
  assert.equal(list.body.total, count("SELECT count(*) FROM case_file c JOIN enterprise e ON e.uscc = c.uscc WHERE e.district_code = '150302'"));
  assert.ok(list.body.items.every(c => c.district_code === '150302'));
  assert.equal((await city.get('/api/v1/cases/999')).status, 404);
  const bank = await as(srv.url, 'bank');
  assert.equal((await bank.get('/api/v1/cases')).status, 403);
});

test('the enterprise detail lists its cases', async () => {
  const r = await city.get(`/api/v1/enterprises/${envCase.uscc}`);
  assert.deepEqual(r.body.cases.map(c => [c.id, c.state]), [[envCase.id, 'closed']]);
});

test('destructive events need a reason; sealing names each checklist item missing', async () => {
  const uscc = sql(db.dsn, "SELECT e.uscc FROM enterprise e JOIN equipment q ON q.enterprise_id = e.id WHERE e.district_code = '150304' AND e.status = 'operating' ORDER BY e.uscc LIMIT 1");
  const eq = sql(db.dsn, `SELECT q.equipment_id FROM equipment q JOIN enterprise e ON e.id = q.enterprise_id WHERE e.uscc = '${uscc}' ORDER BY q.equipment_id LIMIT 1`);
  const open = await city.post('/api/v1/cases', { case_type: 'industrial_policy', uscc, equipment_id: eq, opened_on: '2026-03-01' });
  assert.equal(open.status, 201, JSON.stringify(open.body));
  const id = open.body.id;
  const shut = open.body.allowed.find(a => a.event === 'order_shutdown');
  assert.equal(shut.destructive, true);
  assert.deepEqual(shut.required_fields, ['reason']);
  const docs = [doc('order'), doc('inspection')];
  const noReason = await act(city, id, { event: 'order_shutdown', on_date: '2026-03-02', documents: docs });
  assert.equal(noReason.status, 422);
  assert.deepEqual(noReason.body.details.map(d => d.field), ['reason']);
  const r = await act(city, id, { event: 'order_shutdown', on_date: '2026-03-02', reason: '淘汰类装置', documents: docs });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(r.body.state, 'shutdown_ordered');
  assert.equal(sql(db.dsn, `SELECT q.status FROM equipment q JOIN enterprise e ON e.id = q.enterprise_id WHERE e.uscc = '${uscc}' AND q.equipment_id = '${eq}'`), 'suspended');
  const seal = r.body.allowed.find(a => a.event === 'seal');
  assert.equal(seal.required_checklist.length, 6);
  const partial = await act(city, id, { event: 'seal', on_date: '2026-03-10', reason: '查封', fields: { months: 6, checklist: ['water_cut', 'power_cut'] }, documents: [doc('photos'), doc('commitment'), doc('announcement')] });
  assert.equal(partial.status, 422);
  assert.deepEqual(partial.body.details.map(d => [d.field, d.message_en.split(' ').pop()]),
    [['fields.checklist', 'power_units_removed'], ['fields.checklist', 'equipment_sealed'], ['fields.checklist', 'commitment'], ['fields.checklist', 'announcement']]);
  const sealed = await act(city, id, { event: 'seal', on_date: '2026-03-10', reason: '查封', fields: { months: 6, checklist: 'all' }, documents: [doc('photos'), doc('commitment'), doc('announcement')] });
  assert.equal(sealed.status, 200, JSON.stringify(sealed.body));
  assert.equal(sealed.body.state, 'sealed');
  assert.equal(sealed.body.checklist.length, 6);
  assert.ok(sealed.body.deadline, 'the dismantling deadline runs');
});
