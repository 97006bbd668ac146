// 职工安置 (issue 15 §5): the exit cases with their workers, the resettlement plan (职工安置方案)
// and the risk-handling plan (风险处置预案) and the outcomes per worker group, the district and
// city totals, and one case's page where those who act on cases record a plan's next step, the
// headcount and an outcome.  The final exit of a case is refused until its resettlement plan is
// approved: the page says so next to the plan.  Amounts are the server's exact decimal text.

import * as api from '../api.js';
import { t } from '../i18n.js';
import { listView } from '../list.js';
import { districtName } from '../lookups.js';
import { caseState, clear, date, dialog, dl, errorBox, field, h, loading, num, pageHead, section, select, table, tag, today, toast } from '../ui.js';

const STATUSES = ['none', 'draft', 'submitted', 'approved', 'executing', 'done'];
const TONE = { none: 'red', draft: 'orange', submitted: 'orange', approved: 'green', executing: 'blue', done: 'gray' };
const NEXT = { none: ['draft'], draft: ['submitted'], submitted: ['approved', 'draft'], approved: ['executing'], executing: ['done'], done: [] };
const GROUPS = ['contract', 'dispatched', 'near_retirement'];
const OUTCOMES = ['reemployed_internal', 'reemployed_external', 'retired_early', 'insurance_transferred', 'trained', 'compensated'];

const planTag = (s) => tag(t('rs.s.' + (s || 'none')), TONE[s] || 'gray', { 'data-testid': 'rs-status', 'data-status': s || 'none' });
const yuan = (s) => (s == null ? '—' : h('span.num', s));
const workers = (n) => (n == null ? h('span.muted', t('rs.unrecorded')) : num(n));

// ---- the list and the totals ---------------------------------------------------------------------

function totalsTable(tot) {
  const rows = [...tot.districts, { ...tot.city, district_code: null, district_name: t('rs.city') }];
  return table([
    { key: 'district_code', label: t('c.district'), render: (r) => (r.district_code ? districtName(r.district_code) : h('strong', r.district_name)) },
    { key: 'cases', label: t('rs.cases'), render: (r) => num(r.cases) },
    { key: 'workers', label: t('rs.workers_total'), render: (r) => h('span', num(r.workers.total), r.headcount_missing ? h('span.muted', t('rs.uncounted', { n: r.headcount_missing })) : null) },
    { key: 'approved', label: t('rs.approved_plans'), render: (r) => num(r.plans.approved + r.plans.executing + r.plans.done) },
    { key: 'pending', label: t('rs.pending_plans'), render: (r) => num(r.plans.none + r.plans.draft + r.plans.submitted) },
    ...OUTCOMES.map((o) => ({ key: o, label: t('rs.o.' + o), render: (r) => num(r.outcomes[o].workers) })),
    { key: 'amount', label: t('rs.amount'), render: (r) => yuan(r.amount) },
  ], rows, { testid: 'rs-totals' });
}

export async function renderList(ctx) {
  const totals = h('div', loading());
  const body = h('div');
  clear(ctx.root).append(pageHead(t('rs.title')), h('p.note', t('rs.intro')), section(t('rs.totals'), totals), body);
  api.get('/resettlement/totals').then((tot) => clear(totals).appendChild(totalsTable(tot)), (e) => clear(totals).appendChild(errorBox(e)));
  await listView(body, {
    query: ctx.query,
    endpoint: '/resettlement',
    testid: 'rs-list',
    empty: t('rs.none'),
    columns: [
      { key: 'case_id', label: t('rs.case'), render: (r) => h('a', { href: '#/resettlement/' + r.case_id, 'data-testid': 'rs-open' }, String(r.case_id)) },
      { key: 'enterprise_name', label: t('c.enterprise_name'), render: (r) => r.enterprise_name },
      { key: 'district_code', label: t('c.district'), render: (r) => districtName(r.district_code) },
      { key: 'state', label: t('rs.case_state'), render: (r) => caseState(r.state) },
      { key: 'exit_on', label: t('rs.exit_on'), render: (r) => (r.exit_on ? date(r.exit_on) : '—') },
      { key: 'workers', label: t('rs.workers_total'), render: (r) => workers(r.workers) },
      { key: 'resettlement', label: t('rs.plan.resettlement'), render: (r) => planTag(r.resettlement) },
      { key: 'risk', label: t('rs.plan.risk'), render: (r) => planTag(r.risk) },
      { key: 'amount', label: t('rs.amount'), render: (r) => yuan(r.amount) },
    ],
  });
}

// ---- one case ------------------------------------------------------------------------------------

function planSection(kind, p) {
  const approved = p.approved_by ? t('rs.approved_by', { by: p.approved_by_zh, on: p.approved_on }) : null;
  return section(
    t('rs.plan.' + kind),
    h('p', planTag(p.status), ' ', approved || '', kind === 'resettlement' && !p.approved ? h('span.alert-inline', { 'data-testid': 'rs-exit-blocked' }, ' ' + t('rs.exit_blocked')) : null),
    table([
      { key: 'seq', label: '#', render: (s) => String(s.seq) },
      { key: 'on_date', label: t('c.date'), render: (s) => date(s.on_date) },
      { key: 'status', label: t('c.status'), render: (s) => planTag(s.status) },
      { key: 'approved_by', label: t('rs.by'), render: (s) => (s.approved_by ? t('rs.a.' + s.approved_by) : '—') },
      { key: 'document', label: t('rs.document'), render: (s) => s.document || '—' },
      { key: 'actor', label: t('rs.actor'), render: (s) => s.actor },
    ], p.steps, { testid: 'rs-steps-' + kind, empty: t('rs.no_steps') }),
  );
}

export async function renderCase(ctx) {
  const id = ctx.params[0];
  clear(ctx.root).appendChild(loading());
  let c;
  try {
    c = await api.get(`/cases/${id}/resettlement`);
  } catch (e) {
    if (e.status === 401) throw e;
    clear(ctx.root).appendChild(errorBox(e));
    return;
  }
  const reload = () => renderCase(ctx);
  const act = api.can('act_case');
  const hc = c.headcount;
  clear(ctx.root).append(
    pageHead(t('rs.case_title', { id }), h('a.btn', { href: '#/cases/' + id }, t('rs.to_case')), h('a.btn', { href: '#/resettlement' }, t('c.back'))),
    dl([
      [t('c.enterprise_name'), c.enterprise_name],
      [t('c.uscc'), h('span.mono', c.uscc)],
      [t('c.district'), districtName(c.district_code)],
      [t('rs.case_state'), caseState(c.state)],
      [t('rs.exit_on'), c.exit_on ? date(c.exit_on) : '—'],
    ]),
    act ? h('div.toolbar',
      h('button.btn.btn-primary', { type: 'button', 'data-testid': 'rs-step-btn', onclick: () => stepDialog(c, reload) }, t('rs.record_step')),
      h('button.btn', { type: 'button', 'data-testid': 'rs-headcount-btn', onclick: () => headcountDialog(c, reload) }, t('rs.record_headcount')),
      h('button.btn', { type: 'button', 'data-testid': 'rs-outcome-btn', onclick: () => outcomeDialog(c, reload) }, t('rs.record_outcome'))) : null,
    section(t('rs.headcount'), hc
      ? h('p', { 'data-testid': 'rs-headcount' }, GROUPS.map((g) => t('rs.g.' + g) + ' ' + hc[g]).join('，') + '，' + t('rs.total_n', { n: hc.total }) + '（' + hc.on_date + '）')
      : h('p.muted', { 'data-testid': 'rs-headcount' }, t('rs.unrecorded'))),
    planSection('resettlement', c.plans.resettlement),
    planSection('risk', c.plans.risk),
    section(t('rs.outcomes'), table([
      { key: 'worker_group', label: t('rs.group'), render: (o) => t('rs.g.' + o.worker_group) },
      { key: 'outcome', label: t('rs.outcome'), render: (o) => t('rs.o.' + o.outcome) },
      { key: 'workers', label: t('rs.workers'), render: (o) => num(o.workers) },
      { key: 'amount', label: t('rs.amount'), render: (o) => yuan(o.amount) },
      { key: 'on_date', label: t('c.date'), render: (o) => date(o.on_date) },
      { key: 'document', label: t('rs.document'), render: (o) => o.document || '—' },
    ], c.outcomes, { testid: 'rs-outcomes', empty: t('rs.no_outcomes') }), h('p', t('rs.amount_total') + '：', yuan(c.amount))),
  );
}

// A dialog whose save posts body() to path and reloads; errors shown in the dialog.
function formDialog(title, testid, controls, path, body, reload) {
  const err = h('div');
  dialog({
    title,
    testid,
    body: h('div.form-grid', ...controls, err),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: t('c.save'), kind: 'primary', testid: testid + '-save',
        onClick: async () => {
          clear(err);
          try {
            await api.post(path, body());
          } catch (e) {
            err.appendChild(errorBox(e));
            return false;
          }
          toast(t('c.saved'));
          reload();
          return true;
        },
      },
    ],
  });
}

const opt = (prefix) => (v) => ({ value: v, label: t(prefix + v) });
const text = (testid) => h('input', { type: 'text', 'data-testid': testid });
const day = (testid) => h('input', { type: 'date', value: today(), 'data-testid': testid });
const count = (testid) => h('input', { type: 'number', min: 0, step: 1, value: 0, 'data-testid': testid });

function stepDialog(c, reload) {
  const kinds = ['resettlement', 'risk'];
  const kind = select(kinds.map(opt('rs.plan.')), 'resettlement', { 'data-testid': 'rs-kind' });
  const status = select([], '', { 'data-testid': 'rs-next' });
  const by = select([{ value: '', label: '—' }, { value: 'congress', label: t('rs.a.congress') }, { value: 'district', label: t('rs.a.district') }], '', { 'data-testid': 'rs-by' });
  const fill = () => {
    clear(status);
    for (const s of NEXT[c.plans[kind.value].status] || []) status.appendChild(h('option', { value: s }, t('rs.s.' + s)));
  };
  kind.addEventListener('change', fill);
  fill();
  const on = day('rs-on'), doc = text('rs-document'), note = text('rs-note');
  formDialog(t('rs.record_step'), 'rs-step', [
    field(t('rs.plan_kind'), kind, { required: true }), field(t('rs.next'), status, { required: true }),
    field(t('c.date'), on, { required: true }), field(t('rs.by'), by, { hint: t('rs.by_hint') }),
    field(t('rs.document'), doc, { hint: t('rs.document_hint') }), field(t('rs.note'), note),
  ], `/cases/${c.case_id}/resettlement/steps`, () => ({
    kind: kind.value, status: status.value, on: on.value, approved_by: by.value || undefined,
    document: doc.value.trim() || undefined, note: note.value.trim() || undefined,
  }), reload);
}

function headcountDialog(c, reload) {
  const n = Object.fromEntries(GROUPS.map((g) => [g, count('rs-n-' + g)]));
  const on = day('rs-hc-on'), doc = text('rs-hc-document');
  formDialog(t('rs.record_headcount'), 'rs-headcount-dlg', [
    ...GROUPS.map((g) => field(t('rs.g.' + g), n[g], { required: true })),
    field(t('c.date'), on, { required: true }), field(t('rs.document'), doc),
  ], `/cases/${c.case_id}/resettlement/headcount`, () => ({
    ...Object.fromEntries(GROUPS.map((g) => [g, Number(n[g].value)])), on: on.value, document: doc.value.trim() || undefined,
  }), reload);
}

function outcomeDialog(c, reload) {
  const group = select(GROUPS.map(opt('rs.g.')), 'contract', { 'data-testid': 'rs-group' });
  const outcome = select(OUTCOMES.map(opt('rs.o.')), 'compensated', { 'data-testid': 'rs-outcome' });
  const n = count('rs-workers');
  const amount = h('input', { type: 'text', inputmode: 'decimal', placeholder: '0.00', 'data-testid': 'rs-amount' });
  const on = day('rs-o-on'), doc = text('rs-o-document');
  formDialog(t('rs.record_outcome'), 'rs-outcome-dlg', [
    field(t('rs.group'), group, { required: true }), field(t('rs.outcome'), outcome, { required: true }),
    field(t('rs.workers'), n, { required: true }), field(t('rs.amount'), amount, { hint: t('rs.amount_hint') }),
    field(t('c.date'), on, { required: true }), field(t('rs.document'), doc),
  ], `/cases/${c.case_id}/resettlement/outcomes`, () => ({
    worker_group: group.value, outcome: outcome.value, workers: Number(n.value),
    amount: amount.value.trim() || undefined, on: on.value, document: doc.value.trim() || undefined,
  }), reload);
}

export { STATUSES };
