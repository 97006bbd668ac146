// 案件管理: the case list (state, type, due filter; deadline with the days left, red when overdue)
// and the case screen — what happens next (who must act now, in words; ONLY the transitions
// this user may take now, allowed[], each a button opening a form with the fields and documents
// the law requires, the legal basis beside it; the other steps with who takes them), the
// deadline with its legal reasoning one click away, and the history from the opening on; legal
// acts ask for confirmation and a reason.  Also the 立案 block of a finding's page.

import * as api from '../api.js';
import { getLang, pick, t, tv, has } from '../i18n.js';
import { href } from '../router.js';
import { enterpriseLink } from '../links.js';
import { listView } from '../list.js';
import { caseState, fill, date, datetime, deadline, dialog, dl, field, h, jsonView, pageHead, section, select, setFieldError, showDetails, table, today, toast, bytes } from '../ui.js';
import { districtOptions, districtName } from '../lookups.js';
import { CASE_TYPES, ruleName, showFinding } from '../findings.js';
import { loadPolicy, policyNow } from '../policy.js';

const STATES = [
  'open', 'rectifying', 'extension_requested', 'passed', 'failed', 'exit_ordered', 'exited', 'closed', 'supply_controlled',
  'production_limited', 'shutdown_ordered', 'sealed', 'dismantled', 'reported', 'restricted', 'closure_proposed',
  'closed_down', 'suspended', 'resumed', 'licence_revoked',
];
// Legal acts: confirmation and a reason before they are taken.
const DESTRUCTIVE = new Set([
  'order_exit', 'confirm_exit', 'order_shutdown', 'seal', 'dismantle', 'order_limit', 'order_suspend',
  'propose_closure', 'approve_closure', 'revoke_licence', 'limit_production', 'control_supply',
]);
const SEAL_ITEMS = ['water_cut', 'power_cut', 'power_units_removed', 'equipment_sealed', 'commitment', 'announcement'];

export async function renderList(ctx) {
  const pol = await loadPolicy(); // the reminder windows are the city's (reminder_*_days)
  const body = h('div');
  fill(ctx.root, pageHead(t('cs.title'), h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))), body);
  await listView(body, {
    query: ctx.query,
    endpoint: '/cases',
    testid: 'cases-table',
    defaultSort: '',
    filters: [
      { key: 'state', label: t('cs.state'), type: 'select', options: [{ value: '', label: t('c.all') }, ...STATES.map((s) => ({ value: s, label: tv('cs', s) }))] },
      { key: 'type', label: t('cs.type'), type: 'select', options: [{ value: '', label: t('c.all') }, ...CASE_TYPES.map((s) => ({ value: s, label: tv('ct', s) }))] },
      {
        key: 'due_within',
        label: t('cs.due_within'),
        type: 'select',
        options: [
          { value: '', label: t('c.all') },
          { value: '0', label: t('db.overdue') },
          { value: String(pol.reminder_late_days), label: t('cs.due_7', { d: pol.reminder_late_days }) },
          { value: String(pol.reminder_early_days), label: t('cs.due_30', { d: pol.reminder_early_days }) },
        ],
      },
      { key: 'district', label: t('c.district'), type: 'select', options: districtOptions },
      { key: 'uscc', label: t('c.uscc'), type: 'text', width: '13em' },
    ],
    columns: [
      { key: 'id', label: t('c.id'), sort: true, render: (r) => h('a', { href: href('/cases/' + r.id), 'data-testid': 'case-link' }, '#' + r.id) },
      { key: 'case_type', label: t('cs.type'), sort: true, render: (r) => tv('ct', r.case_type) },
      { key: 'enterprise_name', label: t('c.enterprise'), sort: 'uscc', render: (r) => [enterpriseLink(r.uscc, r.enterprise_name || r.uscc), h('div.mono.small.muted', r.uscc)] },
      { key: 'district_code', label: t('c.district'), render: (r) => r.district_name || districtName(r.district_code) },
      { key: 'equipment_id', label: t('cs.equipment'), render: (r) => (r.equipment_id ? h('span.mono', r.equipment_id) : '—') },
      { key: 'state', label: t('cs.state'), sort: true, render: (r) => caseState(r.state) },
      { key: 'deadline', label: t('cs.deadline'), sort: true, render: (r) => deadline(r.deadline, r.days_left, r) },
      { key: 'opened_on', label: t('cs.opened_on'), sort: true, render: (r) => date(r.opened_on) },
      { key: 'act', label: t('c.actions'), align: 'center', render: (r) => h('a.btn.btn-sm', { href: href('/cases/' + r.id) }, t('c.view')) },
    ],
  });
}

function isDestructive(a) {
  return typeof a.destructive === 'boolean' ? a.destructive : DESTRUCTIVE.has(a.event);
}

function evLabel(a) {
  const l = pick(a, 'label');
  return l || tv('ev', a.event);
}

// The account roles ("city") as words; the history of commands names casefsm roles ("miit").
function ownRoles(list) {
  if (!Array.isArray(list)) return t('cs.roles_unrecorded');
  return list.map((x) => (has('role.' + x) ? t('role.' + x) : has('dep.' + x) ? t('dep.' + x) : x)).join(t('c.list_sep'));
}

function actorCell(r) {
  const who = String(r.actor || '').replace(/^web:/, '');
  const as = pick(r, 'role_name');
  return [who, h('div.small.muted', ownRoles(r.actor_roles), as ? ' · ' + t('cs.acting_dep', { d: as }) : null)];
}

// The deadline's legal reasoning, one click away: each step with its article, the articles' text.
function deadlineWhy(x) {
  if (!x) return null;
  const en = getLang() === 'en';
  return h(
    'details.explain-full',
    { 'data-testid': 'deadline-why' },
    h('summary', t('cs.deadline_why')),
    h('ol.small', (x.steps || []).map((s) => h('li', en ? s.en : s.zh))),
    h('h4.small', t('cs.articles')),
    ...(x.articles || []).map((a) => h('p.basis', h('strong', en ? a.title_en : a.title_zh), t('c.colon'), en ? a.text_en : a.text_zh)),
  );
}

function findingCell(f) {
  if (!f) return '—';
  return h(
    'div',
    h('button.btn-link', { type: 'button', 'data-testid': 'case-finding', onclick: () => showFinding(f.finding_id, f.run_id) }, ruleName(f)),
    h('div.small.muted', tv('cr', f.criterion), ' · ', tv('fs', f.status), ' · ', t('ev.run', { id: f.run_id })),
  );
}

// 下一步: who must act now in a sentence, this user's actions as buttons (each with the
// department it is taken as and its legal basis), the other steps with who takes them or why
// not yet.
function nextPanel(c) {
  const wait = c.waiting_on || {};
  const me = c.acting_as || {};
  const asNames = (me.case_roles || []).map((x) => pick(x, 'name')).join(t('c.list_sep'));
  const box = h('div.next-steps', { 'data-testid': 'next-steps' });
  box.appendChild(h('div.alert' + (wait.you_may_act ? '.alert-ok' : wait.terminal ? '' : '.alert-warn'), { 'data-testid': 'waiting-on', role: 'note' }, pick(wait, 'message')));
  box.appendChild(h('p.small.muted', { 'data-testid': 'acting-as' }, asNames ? t('cs.acting_as', { r: ownRoles(me.roles), a: asNames }) : t('cs.acting_none', { r: ownRoles(me.roles) })));
  const actions = h('div.actions-list', { 'data-testid': 'allowed-actions' });
  for (const a of c.allowed || []) {
    const destructive = isDestructive(a);
    const as = (c.next_steps || []).find((s) => s.event === a.event);
    const dep = as && (as.actors || []).find((x) => x.role === a.acting_as);
    actions.appendChild(
      h(
        'div.action-row',
        h(
          'button.btn' + (destructive ? '.btn-danger' : '.btn-primary'),
          { type: 'button', 'data-event': a.event, 'data-testid': 'action-' + a.event, onclick: () => actionForm(c, a) },
          evLabel(a),
        ),
        h(
          'div.action-meta',
          a.to_state ? h('div.small', t('cs.to_state', { s: tv('cs', a.to_state) }), dep ? ' · ' + t('cs.act_as', { d: pick(dep, 'name') }) : null) : null,
          a.legal_basis ? h('div.basis', { 'data-testid': 'action-basis' }, t('cs.basis', { b: a.legal_basis })) : null,
        ),
      ),
    );
  }
  if (!(c.allowed || []).length) actions.appendChild(h('p.muted', t('cs.no_allowed')));
  box.appendChild(actions);
  const others = (c.next_steps || []).filter((s) => !s.you_may);
  if (others.length)
    box.appendChild(
      h(
        'div.small',
        h('h4.small', t('cs.others')),
        h('ul.plain', others.map((s) => h('li', { 'data-testid': 'step-' + s.event }, h('strong', pick(s, 'label')), t('c.colon'), pick(s, 'why_not')))),
      ),
    );
  return box;
}

function detailsCell(r) {
  if (r.event === 'open') return h('div.small', r.finding ? [t('cs.rule'), t('c.colon'), ruleName(r.finding)] : null, r.legal_basis ? h('div.basis', t('cs.basis', { b: r.legal_basis })) : null);
  const f = r.fields || r.fields_json;
  if (!f || (typeof f === 'object' && !Object.keys(f).length)) return '—';
  if (typeof f === 'string') {
    try {
      return jsonView(JSON.parse(f));
    } catch (_) {
      return f;
    }
  }
  return h('div.small', Object.entries(f).map(([k, v]) => h('div', (has('fld.' + k) ? t('fld.' + k) : k) + '：' + v)));
}

export async function renderDetail(ctx) {
  const id = ctx.params[0];
  const [c] = await Promise.all([api.get('/cases/' + id), loadPolicy()]); // policyNow() in the forms
  if (!ctx.isCurrent()) return;
  const info = dl([
    [t('cs.type'), tv('ct', c.case_type)],
    [t('c.enterprise'), [enterpriseLink(c.enterprise_id || c.uscc, c.enterprise_name || c.uscc), ' ', h('span.mono.small', c.uscc)]],
    [t('c.district'), c.district_name || districtName(c.district_code)],
    [t('cs.equipment'), c.equipment_id ? h('span.mono', c.equipment_id) : '—'],
    [t('cs.finding'), findingCell(c.finding)],
    [t('cs.opened_on'), [date(c.opened_on), ' ', h('span.small.muted', String(c.opened_by || '').replace(/^web:/, ''))]],
    [t('cs.state'), caseState(c.state)],
    [
      t('cs.deadline'),
      c.deadline
        ? [deadline(c.deadline, c.days_left, c), c.deadline_alt && c.deadline_alt !== c.deadline ? h('div.small.muted', t('cs.deadline_alt', { d: c.deadline_alt })) : null, deadlineWhy(c.deadline_explanation)]
        : '—',
    ],
  ]);

  const events = table(
    [
      { key: 'on_date', label: t('cs.ev_on'), render: (r) => date(r.on_date || r.on) },
      { key: 'event', label: t('cs.ev_event'), render: (r) => h('strong', pick(r, 'label') || tv('ev', r.event)) },
      { key: 'state', label: t('cs.ev_from_to'), render: (r) => [r.prev_state ? [tv('cs', r.prev_state), ' → '] : null, h('strong', tv('cs', r.new_state || r.to_state || r.state))] },
      { key: 'actor', label: t('cs.ev_actor'), render: actorCell },
      { key: 'reason', label: t('c.reason'), render: (r) => r.reason || '—' },
      { key: 'fields', label: t('c.details'), render: detailsCell },
      {
        key: 'documents',
        label: t('cs.ev_docs'),
        render: (r) =>
          (r.documents || r.attachments || []).length
            ? h(
                'ul.plain.small',
                (r.documents || r.attachments).map((d) =>
                  h('li', h('a', { href: d.url || '/api/v1/cases/' + id + '/attachments/' + d.sha256, target: '_blank', rel: 'noopener' }, (has('doc.' + d.doc) ? t('doc.' + d.doc) : d.doc) + (d.name ? t('c.colon') + d.name : ''))),
                ),
              )
            : '—',
      },
      { key: 'at', label: t('au.at'), render: (r) => h('span.small', datetime(r.at || r.created_at)) },
    ],
    c.events || [],
    { testid: 'case-events', rowAttrs: (r) => ({ 'data-event': r.event }) },
  );

  fill(ctx.root, 
    h('nav.crumbs', h('a', { href: href('/cases') }, t('cs.title')), ' › ', t('cs.case', { id })),
    pageHead(t('cs.case', { id }) + ' · ' + (c.enterprise_name || c.uscc), caseState(c.state), api.can('issue_notice') ? noticeButton(id) : null, h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))),
    h('div.grid-2', section(t('c.details'), info), h('section.panel.no-print', h('h2.panel-title', t('cs.next')), h('div.panel-body', nextPanel(c)))),
    section(t('cs.events'), events),
  );
}

// ---- opening a case from a finding ----

function readBase64(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

function actionForm(c, a) {
  const label = evLabel(a);
  const destructive = isDestructive(a);
  const reqFields = a.required_fields || [];
  const reqDocs = a.required_documents || [];
  const controls = {};
  const grid = h('div.form-grid');

  controls.on_date = h('input', { type: 'date', value: today(), id: 'act-on-date', 'data-testid': 'act-on-date' });
  grid.appendChild(field(t('cs.on_date'), controls.on_date, { required: true }));

  for (const f of reqFields) {
    if (f === 'reason') continue;
    let ctl;
    if (f === 'months') ctl = h('input', { type: 'number', min: '1', max: '36', step: '1', id: 'act-months', 'data-testid': 'act-months' });
    else if (f === 'limit_level') ctl = h('input', { type: 'number', min: '1', max: '100', step: '1', id: 'act-limit-level', 'data-testid': 'act-limit-level' });
    else if (f === 'years_worst') ctl = h('input', { type: 'number', min: '1', max: '10', step: '1', id: 'act-years-worst', 'data-testid': 'act-years-worst' });
    else if (f === 'checklist') continue;
    else ctl = h('input', { type: 'text', id: 'act-' + f, 'data-testid': 'act-' + f });
    controls[f] = ctl;
    grid.appendChild(field(has('fld.' + f) ? t('fld.' + f) : f, ctl, { required: true, hint: f === 'months' && a.event === 'request_extension' ? '≤ 3' : null }));
  }

  // the sealing checklist (三(一)): all six before `seal`
  let checklist = null;
  const sealNeed = Array.isArray(a.required_checklist) ? a.required_checklist : a.event === 'seal' || reqFields.includes('checklist') ? SEAL_ITEMS : [];
  if (sealNeed.length) {
    checklist = sealNeed.map((k) => h('input', { type: 'checkbox', value: k, id: 'seal-' + k, 'data-testid': 'seal-' + k }));
    grid.appendChild(
      h(
        'fieldset.field.field-wide',
        h('legend', t('fld.checklist'), h('span.req', ' *')),
        h('div.checks', checklist.map((cb) => h('label.inline-check', { for: cb.id }, cb, t('seal.' + cb.value)))),
        h('div.hint', t('cs.checklist_all')),
      ),
    );
  }

  const needReason = reqFields.includes('reason') || destructive;
  controls.reason = h('textarea', { rows: '3', id: 'act-reason', 'data-testid': 'act-reason' });
  grid.appendChild(field(t('c.reason'), controls.reason, { required: needReason, wide: true }));

  const docInputs = [];
  if (reqDocs.length) {
    const fs = h('fieldset.field.field-wide', h('legend', t('cs.documents')), h('div.hint', t('cs.doc_hint', { m: policyNow().attachment_max_mib })));
    for (const d of reqDocs) {
      const inp = h('input', { type: 'file', id: 'doc-' + d, 'data-doc': d, 'data-testid': 'doc-' + d, accept: '.pdf,.jpg,.jpeg,.png,.ofd,.docx,.xlsx,application/pdf,image/jpeg,image/png' });
      docInputs.push(inp);
      fs.appendChild(field((has('doc.' + d) ? t('doc.' + d) : d), inp, { required: true }));
    }
    grid.appendChild(fs);
  }

  let confirmBox = null;
  const warn = [];
  if (destructive) {
    confirmBox = h('input', { type: 'checkbox', id: 'act-confirm', 'data-testid': 'act-confirm' });
    warn.push(
      h('div.alert.alert-warn', { role: 'note' }, t('cs.destructive')),
      h('label.inline-check.confirm-line', { for: 'act-confirm' }, confirmBox, t('cs.confirm_check', { e: label })),
    );
  }
  const err = h('div.form-err', { role: 'alert', 'data-testid': 'action-error' });

  dialog({
    title: label,
    wide: true,
    testid: 'action-dialog',
    body: h('div', a.legal_basis ? h('p.basis', t('cs.basis', { b: a.legal_basis })) : null, a.to_state ? h('p.small', t('cs.to_state', { s: tv('cs', a.to_state) })) : null, grid, ...warn, err),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: label,
        kind: destructive ? 'danger' : 'primary',
        testid: 'action-submit',
        onClick: async () => {
          err.textContent = '';
          let bad = false;
          for (const [k, ctl] of Object.entries(controls)) {
            const need = k === 'reason' ? needReason : true;
            if (need && !ctl.value.trim()) {
              setFieldError(ctl, t('c.field_required', { f: k === 'on_date' ? t('cs.on_date') : has('fld.' + k) ? t('fld.' + k) : k }));
              bad = true;
            } else setFieldError(ctl, '');
          }
          for (const inp of docInputs) {
            const f = inp.files && inp.files[0];
            if (!f) {
              setFieldError(inp, t('c.field_required', { f: t('doc.' + inp.dataset.doc) }));
              bad = true;
            } else if (f.size > policyNow().attachment_max_mib * 1024 * 1024) {
              setFieldError(inp, t('cs.file_too_large', { n: f.name, m: policyNow().attachment_max_mib }) + ' (' + bytes(f.size) + ')');
              bad = true;
            } else setFieldError(inp, '');
          }
          if (checklist && !checklist.every((cb) => cb.checked)) {
            err.textContent = t('cs.checklist_all');
            bad = true;
          }
          if (confirmBox && !confirmBox.checked) {
            err.textContent = (err.textContent ? err.textContent + ' ' : '') + t('cs.confirm_check', { e: label });
            confirmBox.focus();
            bad = true;
          }
          if (bad) return false;
          const fields = {};
          for (const f of reqFields) {
            if (f === 'reason' || f === 'checklist') continue;
            const v = controls[f].value.trim();
            fields[f] = controls[f].type === 'number' ? Number(v) : v;
          }
          if (checklist) fields.checklist = checklist.filter((cb) => cb.checked).map((cb) => cb.value);
          const documents = [];
          for (const inp of docInputs) {
            const f = inp.files[0];
            documents.push({ doc: inp.dataset.doc, name: f.name, mime: f.type || 'application/octet-stream', content_base64: await readBase64(f) });
          }
          const body = { event: a.event, on_date: controls.on_date.value, fields, documents };
          if (controls.reason.value.trim()) body.reason = controls.reason.value.trim();
          try {
            await api.post('/cases/' + c.id + '/actions', body);
            toast(t('cs.done', { e: label }));
            window.dispatchEvent(new HashChangeEvent('hashchange'));
            return true;
          } catch (e) {
            if (e.status === 401) return true;
            // details name "reason", "fields.months", "documents.order", "fields.checklist"
            const map = { reason: controls.reason, on_date: controls.on_date };
            for (const [k, v] of Object.entries(controls)) map['fields.' + k] = v;
            for (const inp of docInputs) map['documents.' + inp.dataset.doc] = inp;
            const rest = showDetails(e, map);
            err.textContent = [e.text(), ...rest].join(' ');
            return false;
          }
        },
      },
    ],
  });
}


// 下载文书: the case's official notice as PDF with its document number (POST /cases/{id}/notices).
// The same kind at the same step gives the stored document again, so the number is not spent twice.
const NOTICE_KINDS = ['rectification', 'suspension', 'shutdown', 'seal'];
function noticeButton(id) {
  return h('button.btn.no-print', {
    type: 'button',
    'data-testid': 'notice-button',
    onclick: () => {
      const kind = select(NOTICE_KINDS.map((k) => ({ value: k, label: t('nt.k.' + k) })), 'rectification', { 'data-testid': 'notice-kind' });
      dialog({
        title: t('nt.title'),
        testid: 'notice-dialog',
        body: h('div', h('p.hint', t('nt.hint')), field(t('nt.kind'), kind)),
        actions: [
          { label: t('c.close'), onClick: () => true },
          {
            label: t('nt.download'),
            kind: 'primary',
            testid: 'notice-download',
            onClick: async () => {
              try {
                const n = await api.download('/cases/' + id + '/notices', { kind: kind.value }, 'notice-' + id);
                toast(t('nt.done', { n }));
                return true;
              } catch (e) {
                toast(pick(e.data || {}, 'message') || t('c.error'), 'error');
                return false;
              }
            },
          },
        ],
      });
    },
  }, t('nt.button'));
}
