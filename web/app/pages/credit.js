// 信用与联合惩戒 (issue 15 §1-3): the credit platform's records with their repair flow, each
// department's joint-punishment list, and the banks' two lists.  Records come from the cases that
// missed their deadline; a record that cannot be completed says which field is missing and is
// never exported.  Files are plain GET downloads (the server audits each one).

import * as api from '../api.js';
import { pick, t } from '../i18n.js';
import { listView } from '../list.js';
import { enterpriseLink } from '../links.js';
import { clear, date, dialog, dl, errorBox, field, h, pageHead, section, select, setFieldError, table, tag, today, toast } from '../ui.js';
import { districtName } from '../lookups.js';

const STATUSES = ['public', 'repair_requested', 'withdrawn', 'expired'];
const TONE = { public: 'red', repair_requested: 'orange', withdrawn: 'green', expired: 'gray' };
const DEPARTMENTS = ['drc', 'market', 'emergency', 'natres', 'finance', 'tax', 'bank'];

const statusTag = (s) => tag(t('cr.s.' + s), TONE[s] || 'gray', { 'data-testid': 'credit-status' });
const fileLink = (path, q, label, testid) =>
  h('a.btn', { href: api.BASE + path + api.qs(q), download: '', 'data-testid': testid }, label);
const enterprise = (r) => (api.can('read_registry') ? enterpriseLink(r.uscc, r.name || r.uscc) : r.name || r.uscc);

// ---- credit records ----------------------------------------------------------------------------

export async function renderRecords(ctx) {
  const body = h('div');
  const asOf = ctx.query.as_of || today();
  clear(ctx.root).append(
    pageHead(t('cr.title')),
    h('p.note', t('cr.note')),
    body,
  );
  let fields = [];
  try {
    fields = (await api.get('/credit/fields')).fields || [];
  } catch (e) {
    if (e.status === 401) throw e;
  }
  const reload = () => renderRecords(ctx);
  await listView(body, {
    query: ctx.query,
    endpoint: '/credit/records',
    testid: 'credit-records',
    empty: t('cr.none'),
    apiQuery: () => ({ as_of: asOf }),
    filters: [
      { key: 'as_of', label: t('cr.as_of'), type: 'date', default: asOf },
      { key: 'status', label: t('c.status'), type: 'select', options: [{ value: '', label: t('c.all') }, ...STATUSES.map((s) => ({ value: s, label: t('cr.s.' + s) }))] },
      { key: 'uscc', label: t('c.uscc'), type: 'text', width: '14em' },
    ],
    toolbar: () => api.can('manage_credit')
      ? [h('button.btn', { type: 'button', 'data-testid': 'credit-authority', onclick: () => authorityDialog(reload) }, t('cr.authority')),
        h('span.small', t('cr.export') + '：'),
        fileLink('/credit/export', { as_of: asOf, format: 'json' }, 'JSON', 'credit-export-json'),
        fileLink('/credit/export', { as_of: asOf, format: 'csv' }, 'CSV', 'credit-export-csv'),
        fileLink('/credit/export', { as_of: asOf, format: 'xlsx' }, 'XLSX', 'credit-export-xlsx')]
      : null,
    columns: [
      { key: 'id', label: t('cr.id'), render: (r) => h('a', { href: '#/cases/' + r.case_id }, r.id) },
      { key: 'name', label: t('c.enterprise_name'), render: enterprise },
      { key: 'uscc', label: t('c.uscc'), render: (r) => h('span.mono', r.uscc) },
      { key: 'district_code', label: t('c.district'), render: (r) => districtName(r.district_code) },
      { key: 'penalty', label: t('cr.category'), render: (r) => r.fields.penalty_category || '—' },
      { key: 'decided_on', label: t('cr.decided'), render: (r) => date(r.decided_on) },
      { key: 'status', label: t('c.status'), render: (r) => statusTag(r.status) },
      { key: 'public_until', label: t('cr.public_until'), render: (r) => date(r.public_until) },
      { key: 'complete', label: t('cr.complete'), render: (r) => (r.complete ? tag(t('cr.ok'), 'green') : tag(t('cr.incomplete', { n: r.problems.length }), 'orange', { title: r.problems.map((p) => p.name_zh + '：' + pick(p, 'why')).join('；'), 'data-testid': 'credit-incomplete' })) },
      { key: 'actions', label: t('c.actions'), render: (r) => h('button.btn.btn-sm', { type: 'button', 'data-testid': 'credit-open', onclick: () => openRecord(r, fields, asOf, reload) }, t('cr.open')) },
    ],
  });
}

function openRecord(r, fields, asOf, reload) {
  const rows = fields.map((f) => [f.name_zh, r.fields[f.key] == null ? h('span.muted', t('cr.unrecorded')) : r.fields[f.key]]);
  const probs = r.problems.length
    ? h('div.alert.alert-error', { 'data-testid': 'credit-problems' }, h('strong', t('cr.problems')),
      h('ul', ...r.problems.map((p) => h('li', p.name_zh + '：' + pick(p, 'why')))))
    : h('div.alert.alert-ok', t('cr.exportable'));
  const steps = table([
    { key: 'on_date', label: t('c.date'), render: (e) => date(e.on_date) },
    { key: 'kind', label: t('cr.step'), render: (e) => t('cr.k.' + e.kind) },
    { key: 'actor', label: t('cr.actor') },
    { key: 'note', label: t('cr.note_label') },
    { key: 'proof', label: t('cr.proof'), render: (e) => e.proof || '—' },
  ], r.events || [], { testid: 'credit-steps', empty: t('cr.no_steps') });
  const acts = table([
    { key: 'taken_on', label: t('c.date'), render: (a) => date(a.taken_on) },
    { key: 'measure', label: t('cr.measure'), render: (a) => t('cr.m.' + a.measure) },
    { key: 'document', label: t('cr.document') },
    { key: 'role', label: t('cr.department'), render: (a) => t('role.' + a.role) },
  ], r.actions || [], { testid: 'credit-actions', empty: t('cr.no_actions') });
  const form = api.can('manage_credit') && ['public', 'repair_requested'].includes(r.status) ? repairForm(r) : null;
  const { close } = dialog({
    title: t('cr.record', { id: r.id }),
    wide: true,
    testid: 'credit-record',
    body: h('div',
      dl([[t('c.status'), statusTag(r.status)], [t('cr.repair_from'), date(r.repair_from)], [t('cr.public_until'), date(r.public_until)],
        ...(r.withdrawn_on ? [[t('cr.withdrawn_on'), date(r.withdrawn_on)]] : [])]),
      probs,
      section(t('cr.fields'), dl(rows)),
      section(t('cr.repair'), steps, form ? form.el : null),
      section(t('cr.joint'), acts)),
    actions: form
      ? [{ label: t('c.cancel'), onClick: () => true },
        { label: t('cr.submit_step'), kind: 'primary', testid: 'credit-step-submit', onClick: async () => { if (await form.submit()) { close(); reload(); } return false; } }]
      : undefined,
  });
}

// The bureau's unified social credit code (处罚机关 / 数据来源单位 of every record).
function authorityDialog(reload) {
  const code = h('input.mono', { type: 'text', maxlength: 18, 'data-testid': 'authority-uscc' });
  const err = h('div');
  dialog({
    title: t('cr.authority'),
    testid: 'authority-dialog',
    body: h('div', h('p.note', t('cr.authority_note')), field(t('c.uscc'), code, { required: true }), err),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: t('c.save'), kind: 'primary', testid: 'authority-save',
        onClick: async () => {
          clear(err);
          try {
            await api.post('/credit/authority', { code: 'miit', uscc: code.value.trim() });
          } catch (e) {
            err.appendChild(errorBox(e));
            return false;
          }
          toast(t('cr.recorded'));
          reload();
          return true;
        },
      },
    ],
  });
}

function repairForm(r) {
  const steps = r.status === 'repair_requested' ? ['repair_approve', 'repair_refuse'] : ['repair_apply'];
  const step = select(steps.map((s) => ({ value: s, label: t('cr.k.' + s) })), steps[0], { 'data-testid': 'credit-step' });
  const on = h('input', { type: 'date', value: today(), 'data-testid': 'credit-step-on' });
  const note = h('input', { type: 'text', 'data-testid': 'credit-step-note' });
  const proof = h('input', { type: 'text', 'data-testid': 'credit-step-proof' });
  const err = h('div');
  const el = h('div.form-grid', { 'data-testid': 'credit-repair-form' },
    field(t('cr.step'), step, { required: true }), field(t('c.date'), on, { required: true }),
    field(t('cr.note_label'), note, { required: true, hint: t('cr.note_hint') }),
    field(t('cr.proof'), proof, { hint: t('cr.proof_hint') }), err);
  const submit = async () => {
    clear(err);
    setFieldError(note, note.value.trim() ? '' : t('cr.need_note'));
    if (!note.value.trim()) return false;
    try {
      await api.post('/credit/repairs', { record: r.id, step: step.value, on: on.value, note: note.value.trim(), proof: proof.value.trim() || undefined });
      toast(t('cr.recorded'));
      return true;
    } catch (e) {
      err.appendChild(errorBox(e));
      return false;
    }
  };
  return { el, submit };
}

// ---- joint punishment --------------------------------------------------------------------------

export async function renderJoint(ctx) {
  const body = h('div');
  const asOf = ctx.query.as_of || today();
  const city = api.can('manage_credit');
  clear(ctx.root).append(pageHead(t('jp.title')), h('p.note', t('jp.note')), body);
  const reload = () => renderJoint(ctx);
  const q = () => ({ as_of: asOf, department: ctx.query.department || undefined });
  await listView(body, {
    query: ctx.query,
    endpoint: '/credit/joint',
    testid: 'joint-table',
    empty: t('jp.none'),
    apiQuery: () => ({ as_of: asOf }),
    filters: [
      { key: 'as_of', label: t('cr.as_of'), type: 'date', default: asOf },
      ...(city ? [{ key: 'department', label: t('cr.department'), type: 'select', options: [{ value: '', label: t('c.all') }, ...DEPARTMENTS.map((d) => ({ value: d, label: t('role.' + d) }))] }] : []),
    ],
    toolbar: () => [h('span.small', t('cr.download') + '：'),
      fileLink('/credit/joint/download', { ...q(), format: 'csv' }, 'CSV', 'joint-csv'),
      fileLink('/credit/joint/download', { ...q(), format: 'xlsx' }, 'XLSX', 'joint-xlsx')],
    columns: [
      { key: 'record', label: t('cr.id') },
      { key: 'name', label: t('c.enterprise_name'), render: enterprise },
      { key: 'uscc', label: t('c.uscc'), render: (r) => h('span.mono', r.uscc) },
      { key: 'area_zh', label: t('jp.area'), render: (r) => t('cr.m.' + r.measure) },
      { key: 'department_zh', label: t('cr.department'), render: (r) => t('role.' + r.department) },
      { key: 'measure_zh', label: t('cr.measure'), render: (r) => h('span', { title: r.basis_zh }, r.measure_zh) },
      { key: 'since', label: t('jp.since'), render: (r) => date(r.since) + ' — ' + date(r.until) },
      { key: 'actions', label: t('jp.done'), render: (r) => (r.actions.length ? r.actions.map((a) => date(a.taken_on) + ' ' + a.document).join('；') : h('span.muted', t('jp.not_yet'))) },
      { key: 'record_btn', label: t('c.actions'), render: (r) => h('button.btn.btn-sm', { type: 'button', 'data-testid': 'joint-record', onclick: () => recordAction(r, reload) }, t('jp.record')) },
    ],
  });
}

function recordAction(r, reload) {
  const on = h('input', { type: 'date', value: today(), 'data-testid': 'joint-on' });
  const doc = h('input', { type: 'text', 'data-testid': 'joint-document' });
  const note = h('input', { type: 'text', 'data-testid': 'joint-note' });
  const err = h('div');
  dialog({
    title: t('jp.record_title', { m: r.measure_zh }),
    testid: 'joint-dialog',
    body: h('div', dl([[t('c.enterprise_name'), r.name], [t('cr.measure'), r.measure_zh], [t('jp.basis'), r.basis_zh]]),
      h('div.form-grid', field(t('c.date'), on, { required: true }), field(t('cr.document'), doc, { required: true, hint: t('jp.document_hint') }), field(t('cr.note_label'), note)), err),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: t('c.save'), kind: 'primary', testid: 'joint-save',
        onClick: async () => {
          clear(err);
          setFieldError(doc, doc.value.trim() ? '' : t('jp.need_document'));
          if (!doc.value.trim()) return false;
          try {
            await api.post('/credit/joint-actions', { record: r.record, measure: r.measure, on: on.value, document: doc.value.trim(), note: note.value.trim() || undefined });
          } catch (e) {
            err.appendChild(errorBox(e));
            return false;
          }
          toast(t('cr.recorded'));
          reload();
          return true;
        },
      },
    ],
  });
}

// ---- bank lists --------------------------------------------------------------------------------

export async function renderBank(ctx) {
  const body = h('div');
  const asOf = ctx.query.as_of || today();
  const list = ctx.query.list === 'support' ? 'support' : 'restrict';
  clear(ctx.root).append(pageHead(t('bk.title')), h('p.note', t('bk.note')), body);
  await listView(body, {
    query: ctx.query,
    endpoint: '/credit/bank-lists',
    testid: 'bank-table',
    empty: t('bk.none'),
    apiQuery: () => ({ as_of: asOf, list }),
    filters: [
      { key: 'list', label: t('dl.list'), type: 'select', options: [{ value: 'restrict', label: t('bk.restrict') }, { value: 'support', label: t('bk.support') }] },
      { key: 'as_of', label: t('cr.as_of'), type: 'date', default: asOf },
    ],
    toolbar: () => [h('span.small', t('cr.download') + '：'),
      fileLink('/credit/bank-lists/download', { list, as_of: asOf, format: 'csv' }, 'CSV', 'bank-csv'),
      fileLink('/credit/bank-lists/download', { list, as_of: asOf, format: 'xlsx' }, 'XLSX', 'bank-xlsx')],
    columns: [
      { key: 'name', label: t('c.enterprise_name'), render: enterprise },
      { key: 'uscc', label: t('c.uscc'), render: (r) => h('span.mono', r.uscc) },
      { key: 'district_code', label: t('c.district'), render: (r) => districtName(r.district_code) },
      { key: 'reason', label: t('dl.reason'), render: (r) => pick(r, 'reason') },
      { key: 'since', label: t('dl.since'), render: (r) => date(r.since) },
      { key: 'basis_zh', label: t('jp.basis'), render: (r) => h('span.small', r.basis_zh) },
    ],
  });
}
