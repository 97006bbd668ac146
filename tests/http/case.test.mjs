// case.test.mjs: cases opened from findings, taken to closure with documents, refusals, scope;
// the case screen of issue 12 §3: each role's next actions as casefsm gives them, who must act,
// the deadline's reasoning, the opening in the history, the actor's own role in the audit, and
// no case on a cannot-decide finding.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as, isError, sql, cli } from './lib.mjs';

let db, srv, city, eco, run, coke;
before(async () => {
  db = demoDb('case');
  srv = await startServer(db.dsn);
  city = await as(srv.url, 'city');
  eco = await as(srv.url, 'eco_env');
  // a coke oven whose chamber height is not recorded: its height rules cannot decide (issue 12)
  coke = sql(db.dsn, "SELECT e.uscc || '|' || q.equipment_id || '|' || q.id FROM equipment q JOIN enterprise e ON e.id = q.enterprise_id WHERE q.equipment_type = 'coke_oven' AND e.district_code = '150302' ORDER BY q.id LIMIT 1").split('|');
  sql(db.dsn, `DELETE FROM equipment_param WHERE param = 'chamber_height_m' AND equipment_pk = ${coke[2]}`);
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
  // the history starts with the opening: who, in which role, when, on which finding, why
  assert.deepEqual(envCase.events.map(e => e.event), ['open']);
  const o = envCase.events[0];
  assert.equal(o.actor, 'web:eco_env');
  assert.deepEqual(o.actor_roles, ['eco_env']);
  assert.equal(o.role, 'eco_env');
  assert.equal(o.label_zh, '立案');
  assert.equal(o.on_date, envCase.opened_on);
  assert.equal(o.new_state, 'open');
  assert.equal(o.finding.finding_id, fid);
  assert.ok(o.finding.rule_title_zh && o.finding.rule_id, 'the rule by its title, with its id');
  assert.ok(o.legal_basis, 'the legal basis of the opening');
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
  const ev = r1.body.events[1];
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
  assert.deepEqual(r3.body.events.map(e => e.event), ['open', 'order_suspend', 'reinspect_pass', 'close']);
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
  assert.deepEqual(ok.body.events[2].fields, { months: '2' });
  assert.equal((await act(city, id, { event: 'request_extension', fields: { colour: 'red' } })).status, 422);
});

test('district scope: another district\'s case, its actions and attachments are 404', async () => {
  const d2 = await as(srv.url, 'district2');
  const d = await as(srv.url, 'district');
  assert.equal((await d2.get(`/api/v1/cases/${envCase.id}`)).status, 404);
  assert.equal((await d.get(`/api/v1/cases/${envCase.id}`)).status, 200);
  const url = (await d.get(`/api/v1/cases/${envCase.id}`)).body.events[1].attachments[0].url;
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

// ---- issue 12 §3: what happens next, for whom ----

const evs = c => (c.allowed || []).map(a => a.event).sort();

// A safety case seen by five roles at three states; each list is casefsm's rows from that state
// (src/core/casefsm.c, safety: SAFETY_ROLES = emergency | district; closure approved by the
// government; the licence revoked by emergency, district or market).
test('the same case gives each role the actions casefsm gives it, and says who must act', async () => {
  const users = { city, emergency: await as(srv.url, 'emergency'), market: await as(srv.url, 'market'), government: await as(srv.url, 'government'), district: await as(srv.url, 'district') };
  const uscc = sql(db.dsn, "SELECT uscc FROM enterprise WHERE district_code = '150302' AND status = 'operating' ORDER BY uscc DESC LIMIT 1");
  const name = sql(db.dsn, "SELECT name FROM district WHERE code = '150302'");
  const open = await city.post('/api/v1/cases', { case_type: 'safety', uscc, opened_on: '2026-05-06', reason: '安全生产许可证失效' });
  assert.equal(open.status, 201, JSON.stringify(open.body));
  const id = open.body.id;
  const seen = async () => Object.fromEntries(await Promise.all(Object.entries(users).map(async ([k, u]) => [k, (await u.get(`/api/v1/cases/${id}`)).body])));
  const expect = async (want) => {
    const got = await seen();
    for (const [k, events] of Object.entries(want)) assert.deepEqual(evs(got[k]), events, `${k} in ${got[k].state}`);
    return got;
  };
  let v = await expect({ city: [], emergency: ['order_suspend'], market: [], government: [], district: ['order_suspend'] });
  // a role that may act on nothing is told who must
  assert.equal(v.city.waiting_on.message_zh, `本案当前待 市应急管理局、${name}人民政府 办理`);
  assert.equal(v.city.waiting_on.you_may_act, false);
  assert.deepEqual(v.city.waiting_on.actors.map(a => a.role), ['emergency', 'district']);
  const step = v.city.next_steps.find(x => x.event === 'order_suspend');
  assert.equal(step.you_may, false);
  assert.equal(step.why_not_zh, `由 市应急管理局、${name}人民政府 办理`);
  assert.deepEqual(v.city.acting_as.roles, ['city']);
  assert.equal(v.emergency.allowed[0].acting_as, 'emergency');
  assert.equal(v.district.allowed[0].acting_as, 'district');
  assert.equal(v.emergency.waiting_on.you_may_act, true);
  // what the list does not offer is refused
  assert.equal((await act(users.market, id, { event: 'order_suspend', documents: [doc('order'), doc('inspection')] })).status, 403);
  const e = users.emergency;
  assert.equal((await act(e, id, { event: 'order_suspend', on_date: '2026-05-07', documents: [doc('order'), doc('inspection')] })).status, 200);
  v = await expect({ city: [], emergency: ['reinspect_fail', 'resume'], market: [], government: [], district: ['reinspect_fail', 'resume'] });
  assert.equal((await act(e, id, { event: 'reinspect_fail', on_date: '2026-06-01', documents: [doc('inspection')] })).status, 200);
  assert.equal((await act(e, id, { event: 'propose_closure', on_date: '2026-06-02', reason: '复查仍不具备安全生产条件', documents: [doc('inspection')] })).status, 200);
  v = await expect({ city: [], emergency: [], market: [], government: ['approve_closure', 'reject_closure'], district: [] });
  assert.equal(v.emergency.waiting_on.message_zh, '本案当前待 有批准权的人民政府 办理');
  // 实施意见 四(六): not before the resettlement plan (职工安置方案) is approved
  const closure = { event: 'approve_closure', on_date: '2026-06-20', reason: '批准关闭', documents: [doc('approval')] };
  const early = await act(users.government, id, closure);
  assert.equal(early.status, 422, JSON.stringify(early.body));
  assert.match(early.body.message_zh, /未记录职工安置方案/);
  for (const [status, ...extra] of [['draft'], ['submitted', '--document', '职工安置方案'], ['approved', '--document', '职代会决议', '--approved-by', 'congress']])
    cli(['resettle', 'plan-step', '--db', db.dsn, '--case', String(id), '--kind', 'resettlement', '--status', status, '--on', '2026-06-10', ...extra]);
  assert.equal((await act(users.government, id, closure)).status, 200);
  v = await expect({ city: [], emergency: ['revoke_licence'], market: ['revoke_licence'], government: [], district: ['revoke_licence'] });
  assert.equal((await act(users.market, id, { event: 'revoke_licence', on_date: '2026-06-25', reason: '吊销', fields: { licence: 'x' }, documents: [doc('decision')] })).status, 200);
  v = await expect({ city: [], emergency: [], market: [], government: [], district: [] });
  assert.equal(v.city.waiting_on.terminal, true);
  assert.equal(v.city.waiting_on.message_zh, '本案已无后续办理事项');
});

// 三(二) and Civil Code arts. 201-203: 6 months from 2026-04-04 end on 2026-10-04, in the
// National Day holiday (国庆节 2026-10-01..07), so the last day is Thu 2026-10-08.
test('the deadline comes with its legal reasoning; overdue is offered only after it', async () => {
  const uscc = sql(db.dsn, "SELECT uscc FROM enterprise WHERE district_code = '150302' AND status = 'operating' ORDER BY uscc LIMIT 1 OFFSET 3");
  const open = await city.post('/api/v1/cases', { case_type: 'energy_quota', uscc, opened_on: '2026-04-03' });
  const id = open.body.id;
  assert.equal(open.body.deadline_explanation, null, 'no deadline runs before the order');
  const r = await act(city, id, { event: 'order_rectification', on_date: '2026-04-04', documents: [doc('order'), doc('inspection')] });
  assert.equal(r.status, 200);
  assert.equal(r.body.deadline, '2026-10-08');
  const x = r.body.deadline_explanation;
  assert.equal(x.start, '2026-04-04');
  assert.equal(x.unit, 'months');
  assert.equal(x.n, 6);
  assert.equal(x.nominal_last_day, '2026-10-04');
  assert.equal(x.last_day, '2026-10-08');
  assert.equal(x.moved_over, '国庆节');
  assert.ok(x.moved_source, 'the State Council notice is named');
  assert.equal(x.provisional, false);
  assert.deepEqual(x.steps.map(s => s.article).filter(Boolean), ['201', '202', '203', '203']);
  assert.match(x.steps[0].zh, /开始的当日（2026-04-04）不计入/);
  assert.match(x.steps[2].zh, /国庆节.*2026-10-08/);
  assert.match(x.steps[2].en, /statutory holiday/);
  assert.deepEqual(x.articles.map(a => a.title_zh), ['民法典第二百零一条', '民法典第二百零二条', '民法典第二百零三条']);
  assert.match(x.articles[2].text_zh, /以法定休假日结束的次日为期间的最后一日/);
  // the city may record a missed deadline (the tick's follow-up) only once it has passed
  const before = await city.get(`/api/v1/cases/${id}?as_of=2026-10-08`);
  assert.deepEqual(evs(before.body), ['reinspect_fail', 'reinspect_pass', 'request_extension']);
  assert.match(before.body.next_steps.find(s => s.event === 'overdue').why_not_en, /has not passed/);
  const after = await city.get(`/api/v1/cases/${id}?as_of=2026-10-09`);
  assert.deepEqual(evs(after.body), ['overdue', 'reinspect_fail', 'reinspect_pass', 'request_extension']);
  const d = await as(srv.url, 'district');
  assert.ok(!evs((await d.get(`/api/v1/cases/${id}?as_of=2026-10-09`)).body).includes('overdue'), 'the district does not record it');
  // a second extension is not offered
  await act(city, id, { event: 'request_extension', on_date: '2026-09-01', fields: { months: 1 }, documents: [doc('application')] });
  await act(city, id, { event: 'approve_extension', on_date: '2026-09-02', documents: [doc('decision')] });
  const ext = await city.get(`/api/v1/cases/${id}?as_of=2026-09-03`);
  assert.equal(ext.body.extensions, 1);
  assert.ok(!evs(ext.body).includes('request_extension'));
  assert.ok(ext.body.deadline_explanation.steps.some(s => /已批准延期一次/.test(s.zh)));
});

test('the audit row and the history name the actor\'s own role (city: acting as miit)', async () => {
  const row = id => sql(db.dsn, `SELECT detail FROM audit_log WHERE action = 'case.open' AND object = 'case/${id}'`);
  const uscc = sql(db.dsn, "SELECT uscc FROM enterprise WHERE district_code = '150302' AND status = 'operating' ORDER BY uscc LIMIT 1 OFFSET 5");
  const c = await city.post('/api/v1/cases', { case_type: 'industrial_policy', uscc, opened_on: '2026-02-02', reason: '淘汰类' });
  assert.match(row(c.body.id), / role=city acting_as=miit on=2026-02-02 reason=淘汰类$/);
  assert.doesNotMatch(row(c.body.id), /role=miit/);
  assert.deepEqual(c.body.opened_roles, ['city']);
  assert.equal(c.body.opened_as, 'miit');
  const d = await as(srv.url, 'district');
  const dc = await d.post('/api/v1/cases', { case_type: 'environment', uscc, opened_on: '2026-02-03' });
  assert.match(row(dc.body.id), / role=district on=2026-02-03$/);
  assert.match(row(envCase.id), / role=eco_env on=/);
  const a = await act(city, c.body.id, { event: 'order_shutdown', on_date: '2026-02-04', reason: '淘汰类', documents: [doc('order'), doc('inspection')] });
  assert.equal(a.status, 200);
  const ev = a.body.events[1];
  assert.deepEqual(ev.actor_roles, ['city']);
  assert.equal(ev.role, 'miit');
  assert.equal(ev.role_name_zh, '市工业和信息化局');
  assert.equal(sql(db.dsn, `SELECT actor_roles || ' ' || role FROM case_event WHERE case_id = ${c.body.id}`), 'city miit');
  assert.match(sql(db.dsn, `SELECT detail FROM audit_log WHERE action = 'case.act' AND object = 'case/${c.body.id}'`), /shutdown_ordered role=city acting_as=miit /);
});

test('a cannot-decide finding is never the ground of a case: 422 on the API, no button, proposal says why', async () => {
  const fid = sql(db.dsn, `SELECT finding_id FROM evaluation_finding WHERE run_id = ${run.id} AND uscc = '${coke[0]}' AND equipment_id = '${coke[1]}' AND status = 'cannot_decide' ORDER BY seq LIMIT 1`);
  assert.ok(fid, 'the coke oven without a chamber height gives a cannot-decide finding');
  const cases = count('SELECT count(*) FROM case_file');
  const audit = count('SELECT count(*) FROM audit_log');
  const r = await city.post('/api/v1/cases', { finding_id: fid, case_type: 'industrial_policy', reason: 'x' });
  assert.equal(r.status, 422);
  assert.ok(isError(r.body, 'cannot_decide'));
  assert.equal(r.body.message_zh, '该研判结论为无法判定（数据待补），不能据此立案');
  assert.equal(r.body.message_en, 'the finding is cannot-decide (data to complete): no case can be opened on it');
  assert.equal(r.body.details[0].field, 'finding_id');
  const p = await city.get(`/api/v1/cases/proposal?finding_id=${fid}`);
  assert.equal(p.status, 200);
  assert.equal(p.body.may_open, false);
  assert.equal(p.body.refusal.code, 'cannot_decide');
  assert.equal(count('SELECT count(*) FROM case_file'), cases, 'nothing opened');
  assert.equal(count('SELECT count(*) FROM audit_log'), audit, 'nothing audited');
  // a caught finding: the type proposed from its criterion and measure, then opened without one
  const caught = sql(db.dsn, `SELECT finding_id FROM evaluation_finding WHERE run_id = ${run.id} AND rule_id = 'EN-QUOTA-LIMIT' AND status = 'caught' ORDER BY seq LIMIT 1`);
  const q = await city.get(`/api/v1/cases/proposal?finding_id=${caught}`);
  assert.equal(q.body.case_type, 'energy_quota');
  assert.equal(q.body.may_open, true);
  assert.ok(q.body.finding.rule_title_zh);
  const o = await city.post('/api/v1/cases', { finding_id: caught, reason: '超限额' });
  assert.equal(o.status, 201, JSON.stringify(o.body));
  assert.equal(o.body.case_type, 'energy_quota');
  assert.equal(o.body.uscc, q.body.finding.uscc);
  assert.equal(o.body.events[0].reason, '超限额');
  assert.deepEqual((await city.get(`/api/v1/cases/proposal?finding_id=${caught}`)).body.cases.map(c => c.id), [o.body.id]);
  assert.equal((await eco.get('/api/v1/cases/proposal?finding_id=nosuch')).status, 404);
  assert.equal((await city.get('/api/v1/cases/proposal')).status, 400);
});

test('the enterprise page gives its licences with the status in force today', async () => {
  const today = new Date().toISOString().slice(0, 10);
  const uscc = sql(db.dsn, `SELECT e.uscc FROM licence l JOIN enterprise e ON e.id = l.enterprise_id WHERE l.status = 'valid' AND l.valid_to < '${today}' ORDER BY e.uscc LIMIT 1`);
  assert.ok(uscc, 'the demo has a licence past its validity still recorded as valid');
  const r = await city.get(`/api/v1/enterprises/${uscc}`);
  const lapsed = r.body.licences.filter(l => l.valid_to < today && l.status === 'valid');
  assert.ok(lapsed.length && lapsed.every(l => l.effective_status === 'expired'));
  assert.ok(r.body.licences.every(l => 'issuer' in l && 'valid_from' in l && 'revocation_reason' in l));
  assert.ok(r.body.findings.every(f => 'rule_title_zh' in f), 'findings by rule title');
});
