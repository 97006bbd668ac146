// 系统管理: users (security administrator), roles, the audit log (list + hash-chain verify) and
// the reference data (with low-confidence rows marked 待核实).

import * as api from '../api.js';
import { has, pick, t, tv } from '../i18n.js';
import { href } from '../router.js';
import { listView } from '../list.js';
import { capUnit, clear, fill, confidenceTag, confLabel, datetime, dialog, errorBox, field, h, loading, num, pageHead, section, select, setFieldError, showDetails, table, tag, toast } from '../ui.js';
import { districtName, districtOptions } from '../lookups.js';
import { measureName } from '../findings.js';
import { menuFor as MENU_FOR_ROLES } from '../menu.js';

export const ROLES = ['city', 'drc', 'energy', 'eco_env', 'emergency', 'market', 'government', 'district', 'auditor', 'bank', 'sysadmin', 'secadmin', 'auditadmin', 'natres', 'finance', 'tax'];
const ADMIN3 = ['sysadmin', 'secadmin', 'auditadmin'];

// ---- users ---------------------------------------------------------------------------------

export async function renderUsers(ctx) {
  const body = h('div');
  const requests = h('div');
  fill(ctx.root, 
    pageHead(t('us.title'), h('button#user-add.btn.btn-primary', { type: 'button', 'data-testid': 'user-add', onclick: () => userDialog(null) }, '＋ ' + t('us.add'))),
    h('p.note', t('us.sep_duties')),
    section(t('uc.title'), h('p.note', t('uc.note')), requests),
    body,
  );
  userRequests(requests);
  await listView(body, {
    query: ctx.query,
    endpoint: '/users',
    testid: 'users-table',
    columns: [
      { key: 'username', label: t('us.username'), render: (r) => h('span.mono', r.username) },
      { key: 'display_name', label: t('us.display_name') },
      { key: 'roles', label: t('us.roles'), render: (r) => h('span.tags', (r.roles || []).map((x) => tag(tv('role', x), ADMIN3.includes(x) ? 'purple' : 'blue'))) },
      { key: 'district_code', label: t('us.district'), render: (r) => (r.district_code ? districtName(r.district_code) : t('top.district_all')) },
      { key: 'disabled', label: t('c.status'), render: (r) => (r.disabled ? tag(t('us.disabled'), 'gray') : tag(t('us.active'), 'green')) },
      {
        key: 'act',
        label: t('c.actions'),
        render: (r) =>
          h(
            'div.row-actions',
            h('button.btn.btn-sm', { type: 'button', onclick: () => userDialog(r) }, t('c.edit')),
            h(
              'button.btn.btn-sm',
              {
                type: 'button',
                onclick: async () => {
                  try {
                    await api.patch('/users/' + encodeURIComponent(r.username), { disabled: !r.disabled });
                    toast(t('c.saved'));
                    window.dispatchEvent(new HashChangeEvent('hashchange'));
                  } catch (e) {
                    if (e.status !== 401) toast(e.text(), 'err');
                  }
                },
              },
              r.disabled ? t('us.enable') : t('us.disable'),
            ),
          ),
      },
    ],
  });
}

// Requests for a second security administrator (a business role, a business password): the one
// who asked sees them waiting; another administrator approves or rejects (app/userdb.h).
async function userRequests(root) {
  let r;
  try {
    r = await api.get('/user-changes');
  } catch (e) {
    if (e.status !== 401) fill(root, errorBox(e));
    return;
  }
  const me = api.session.user ? api.session.user.username : '';
  const decide = async (x, decision) => {
    try {
      await api.post('/user-changes/decisions', { id: x.id, decision });
      toast(t('c.saved'));
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      if (e.status !== 401) toast(e.text(), 'err');
    }
  };
  const items = r.items || [];
  if (!items.length) return fill(root, h('p.muted', { 'data-testid': 'user-changes-none' }, t('uc.none')));
  fill(root, table([
    { key: 'id', label: '#' },
    { key: 'username', label: t('us.username'), render: (x) => h('span.mono', x.username) },
    { key: 'kind', label: t('uc.kind'), render: (x) => t('uc.k.' + x.kind) },
    { key: 'roles', label: t('us.roles'), render: (x) => (x.roles ? x.roles.split(',').map((z) => tv('role', z)).join(t('c.list_sep')) : '—') },
    { key: 'requested_by', label: t('uc.by'), render: (x) => x.requested_by.replace(/^web:/, '') + ' ' + x.requested_at.slice(0, 16).replace('T', ' ') },
    { key: 'decision', label: t('c.status'), render: (x) => (x.decision ? h('span', tag(t('uc.d.' + x.decision), x.decision === 'approved' ? 'green' : 'gray'), ' ', (x.decided_by || '').replace(/^web:/, '')) : tag(t('uc.waiting'), 'orange')) },
    {
      key: 'act', label: t('c.actions'),
      render: (x) => (x.decision ? '' : x.requested_by === 'web:' + me ? h('span.muted', t('uc.not_yours')) :
        h('div.row-actions',
          h('button.btn.btn-sm.btn-primary', { type: 'button', 'data-testid': 'uc-approve', onclick: () => decide(x, 'approve') }, t('uc.approve')),
          h('button.btn.btn-sm', { type: 'button', 'data-testid': 'uc-reject', onclick: () => decide(x, 'reject') }, t('uc.reject')))),
    },
  ], items, { testid: 'user-changes', empty: t('uc.none') }));
}

function userDialog(u) {
  const c = {
    username: h('input#u-username', { type: 'text', value: u ? u.username : '', disabled: !!u, autocomplete: 'off', 'data-testid': 'u-username' }),
    display_name: h('input#u-display', { type: 'text', value: u ? u.display_name || '' : '' }),
    password: h('input#u-password', { type: 'password', autocomplete: 'new-password' }),
    // the security administrator may not read the registry: without the district list, a code field
    district_code:
      districtOptions().length > 1
        ? select(districtOptions().map((o) => (o.value === '' ? { value: '', label: t('top.district_all') } : o)), u ? u.district_code || '' : '', { id: 'u-district' })
        : h('input#u-district', { type: 'text', inputmode: 'numeric', pattern: '[0-9]{6}', maxlength: '6', placeholder: '150302', value: u ? u.district_code || '' : '', class: 'mono' }),
  };
  const boxes = ROLES.map((r) => h('input', { type: 'checkbox', value: r, id: 'u-role-' + r, checked: !!(u && (u.roles || []).includes(r)) }));
  const rolesFs = h(
    'fieldset.field.field-wide',
    h('legend', t('us.roles'), h('span.req', ' *')),
    h('div.checks.checks-3', boxes.map((b) => h('label.inline-check', { for: b.id }, b, tv('role', b.value)))),
    h('div.field-err', { id: 'u-roles-err', role: 'alert' }),
  );
  const err = h('div.form-err', { role: 'alert' });
  dialog({
    title: u ? t('us.edit', { u: u.username }) : t('us.add'),
    wide: true,
    testid: 'user-dialog',
    body: h(
      'div.form-grid',
      field(t('us.username'), c.username, { required: true }),
      field(t('us.display_name'), c.display_name, { required: true }),
      field(u ? t('us.new_password') : t('us.password'), c.password, { required: !u }),
      field(t('us.district'), c.district_code),
      rolesFs,
      err,
    ),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: t('c.save'),
        kind: 'primary',
        testid: 'user-save',
        onClick: async () => {
          const roles = boxes.filter((b) => b.checked).map((b) => b.value);
          const rerr = document.getElementById('u-roles-err');
          rerr.textContent = '';
          let bad = false;
          for (const k of u ? ['display_name'] : ['username', 'display_name', 'password']) {
            if (!c[k].value.trim()) {
              setFieldError(c[k], t('c.field_required', { f: t(k === 'username' ? 'us.username' : k === 'password' ? 'us.password' : 'us.display_name') }));
              bad = true;
            } else setFieldError(c[k], '');
          }
          if (!roles.length) {
            rerr.textContent = t('c.field_required', { f: t('us.roles') });
            bad = true;
          } else if (roles.filter((r) => ADMIN3.includes(r)).length > 1) {
            rerr.textContent = t('us.sep_duties');
            bad = true;
          }
          if (roles.includes('district') && !c.district_code.value) {
            setFieldError(c.district_code, t('us.district_needed'));
            bad = true;
          } else if (c.district_code.value && !/^\d{6}$/.test(c.district_code.value.trim())) {
            setFieldError(c.district_code, t('us.district_code_bad'));
            bad = true;
          } else if (c.district_code.value && !roles.includes('district')) {
            setFieldError(c.district_code, t('us.district_only'));
            bad = true;
          } else setFieldError(c.district_code, '');
          if (bad) return false;
          const body = { display_name: c.display_name.value.trim(), roles, district_code: c.district_code.value.trim() || null };
          if (c.password.value) body.password = c.password.value;
          try {
            if (u) await api.patch('/users/' + encodeURIComponent(u.username), body);
            else await api.post('/users', Object.assign({ username: c.username.value.trim() }, body));
            toast(t('c.saved'));
            window.dispatchEvent(new HashChangeEvent('hashchange'));
            return true;
          } catch (e) {
            const rest = showDetails(e, Object.assign({ roles: boxes[0] }, c));
            err.textContent = [e.text(), ...rest].join(' ');
            return false;
          }
        },
      },
    ],
  });
}

// ---- roles ---------------------------------------------------------------------------------

export async function renderRoles(ctx) {
  fill(ctx.root, 
    pageHead(t('roles.title')),
    h('p.note', t('roles.note')),
    section(
      null,
      table(
        [
          { key: 'role', label: t('roles.role'), render: (r) => [h('strong', tv('role', r.role)), h('div.mono.small.muted', r.role)] },
          { key: 'scope', label: t('roles.scope'), render: (r) => t('roledesc.' + r.role) },
          { key: 'menu', label: t('roles.menu'), render: (r) => MENU_FOR_ROLES([r.role]).map((i) => t(i.label)).join(t('c.list_sep')) || '—' },
        ],
        ROLES.map((role) => ({ role })),
        { testid: 'roles-table' },
      ),
    ),
  );
}

// ---- audit ---------------------------------------------------------------------------------

export async function renderAudit(ctx) {
  const verifyOut = h('div', { 'aria-live': 'polite', 'data-testid': 'audit-verify-result' });
  const verifyBtn = h(
    'button#audit-verify.btn.btn-primary',
    {
      type: 'button',
      'data-testid': 'audit-verify',
      onclick: async () => {
        clear(verifyOut).appendChild(loading());
        try {
          const r = await api.get('/audit/verify');
          clear(verifyOut).appendChild(
            r.ok
              ? h('div.alert.alert-ok', { role: 'status' }, '✔ ', t('au.ok', { n: num(r.rows), h: r.head_hash || '' }))
              : h('div.alert.alert-error', { role: 'alert' }, '✖ ', t('au.bad', { id: r.first_bad_id, r: r.reason || '' })),
          );
        } catch (e) {
          if (e.status !== 401) clear(verifyOut).appendChild(errorBox(e));
        }
      },
    },
    t('au.verify'),
  );
  const body = h('div');
  fill(ctx.root, pageHead(t('au.title'), verifyBtn, h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))), verifyOut, body);
  // the actions in words for the filter (GET /audit/actions); the stored identifier is the value
  const actions = await api.all('/audit/actions').catch(() => []);
  await listView(body, {
    query: ctx.query,
    endpoint: '/audit',
    testid: 'audit-table',
    filters: [
      { key: 'actor', label: t('au.actor'), type: 'text', width: '10em' },
      { key: 'action', label: t('au.action'), type: 'select', options: [{ value: '', label: t('c.all') }, ...actions.map((a) => ({ value: a.action, label: pick(a, 'action') }))] },
      { key: 'object', label: t('au.object'), type: 'text', width: '14em' },
    ],
    columns: [
      { key: 'id', label: t('c.id'), align: 'num' },
      { key: 'at', label: t('au.at'), render: (r) => h('span.nowrap', datetime(r.at)) },
      { key: 'actor', label: t('au.actor'), render: (r) => h('span.mono', r.actor) },
      // the action in words, its identifier in small print
      { key: 'action', label: t('au.action'), render: (r) => [h('strong', pick(r, 'action') || t('au.action_unnamed')), ' ', h('span.mono.small.muted', r.action)] },
      { key: 'object', label: t('au.object'), render: (r) => h('span.mono.small', r.object) },
      { key: 'detail', label: t('au.detail'), render: (r) => auditDetail(r.detail) },
    ],
  });
}

// An audit detail ("roles=district district=150302", "event=close rectifying->closed role=city
// acting_as=miit") as labelled words: names for districts, roles, case types, events and states;
// a pair without words stays, in small print.  The stored text is the tooltip.
const roleWords = (v) => v.split(',').filter(Boolean).map((r) => (has('role.' + r) ? t('role.' + r) : has('au.rv.' + r) ? t('au.rv.' + r) : r)).join(t('c.list_sep'));
const AUDIT_VALUE = {
  roles: roleWords,
  role: roleWords,
  acting_as: (v) => (has('dep.' + v) ? t('dep.' + v) : tv('role', v)),
  district: (v) => (v ? districtName(v) + (districtName(v) !== v ? '（' + v + '）' : '') : t('top.district_all')),
  type: (v) => tv('ct', v),
  event: (v) => {
    const m = /^(\S+)(?:\s+(\S+)->(\S+))?$/.exec(v);
    return m ? tv('ev', m[1]) + (m[2] ? t('au.paren', { x: tv('cs', m[2]) + ' → ' + tv('cs', m[3]) }) : '') : v;
  },
  sha256: (v) => h('span.mono.small', { title: v }, v.slice(0, 12)),
  rules_sha256: (v) => h('span.mono.small', { title: v }, v.slice(0, 12)),
  uscc: (v) => h('span.mono.small', v),
  finding: (v) => h('span.mono.small', v),
  equipment: (v) => h('span.mono.small', v),
  unit: (v) => capUnit(v),
  capacity_micro: (v) => num(Number(v) / 1e6, 2),
  format: (v) => v.toUpperCase(),
  file: (v) => h('span.mono.small', v),
  // a plan's measure (pages/plans.js pl.m.*), else a rule's (ms.*)
  measure: (v) => (has('pl.m.' + v) ? t('pl.m.' + v) : measureName(v)),
};
export function auditDetail(detail) {
  const text = typeof detail === 'object' && detail !== null ? JSON.stringify(detail) : String(detail || '');
  // key=value pairs; a value runs to the next " key="
  const pairs = [];
  const re = /(?:^|\s)([a-z][a-z0-9_]*)=/g;
  let m;
  let last = null;
  while ((m = re.exec(text))) {
    if (last) last.value = text.slice(last.from, m.index).trim();
    last = { key: m[1], from: m.index + m[0].length };
    pairs.push(last);
  }
  if (last) last.value = text.slice(last.from).trim();
  if (!pairs.length) return h('span.small.break', { title: text }, text);
  const out = h('span.small.break.audit-detail', { title: text });
  pairs.forEach((p, i) => {
    if (i) out.append(t('au.sep'));
    if (has('doc.' + p.key)) {
      // a case document (case.act): its kind in words, its fingerprint in small print
      out.append(t('doc.' + p.key) + t('c.colon'), h('span.mono.small', { title: p.value }, p.value.slice(0, 12)));
      return;
    }
    if (!has('au.k.' + p.key)) {
      out.append(h('span.mono.small', p.key + '=' + p.value));
      return;
    }
    const v = p.value === '' ? '—' : AUDIT_VALUE[p.key] ? AUDIT_VALUE[p.key](p.value) : p.value;
    out.append(t('au.k.' + p.key) + t('c.colon'), v);
  });
  return out;
}

// ---- reference data ------------------------------------------------------------------------

export async function renderReference(ctx) {
  const r = await api.get('/reference');
  const items = (r && r.items) || (Array.isArray(r) ? r : []);
  fill(ctx.root, 
    pageHead(t('rf.title')),
    section(
      null,
      table(
        [
          // the table by its title, its file name in small print; the standard or document it rests on
          { key: 'name', label: t('c.name'), render: (x) => [h('a', { href: href('/admin/reference/' + encodeURIComponent(x.name)) }, pick(x, 'title') || x.name), ' ', h('span.mono.small.muted', x.name)] },
          { key: 'basis', label: t('rf.basis'), render: (x) => (x.basis ? [h('span.small', x.basis), String(x.title_confidence || '').startsWith('low') ? [' ', confidenceTag(x.title_confidence, x.basis)] : null] : '—') },
          { key: 'version', label: t('c.version') },
          { key: 'nrows', label: t('rf.nrows'), align: 'num', render: (x) => num(x.nrows) },
          { key: 'sha256', label: t('rf.sha'), render: (x) => h('span.mono.small', { title: x.sha256 }, String(x.sha256 || '').slice(0, 16)) },
          { key: 'loaded_at', label: t('rf.loaded_at'), render: (x) => datetime(x.loaded_at) },
          { key: 'act', label: t('c.actions'), render: (x) => h('a.btn.btn-sm', { href: href('/admin/reference/' + encodeURIComponent(x.name)) }, t('c.view')) },
        ],
        items,
        { testid: 'reference-table' },
      ),
    ),
  );
}

export async function renderReferenceTable(ctx) {
  const name = ctx.params[0];
  const r = await api.get('/reference/' + encodeURIComponent(name));
  // columns: an array (docs/api.md) or one comma-separated text (as served)
  const names = Array.isArray(r.columns) ? r.columns : String(r.columns || '').split(',').filter(Boolean);
  const cols = names
    // each column by its name in words, the CSV header in small print
    .map((c, i) => ({ key: 'c' + i, label: has('rfc.' + c) ? h('span', t('rfc.' + c), h('div.mono.small.muted', c)) : h('span.mono.small', c), name: c, render: (row) => h('span.cell-clip', { title: row.data ? String(row.data[i] ?? '') : '' }, row.data ? row.data[i] : '') }))
    .filter((c) => c.name !== 'source' && c.name !== 'confidence');
  // the source in words (the files it names by their titles), as stored in the tooltip
  cols.push({ key: 'source', label: t('c.source'), render: (row) => h('span.small.cell-clip', { title: row.source || '' }, pick(row, 'source') || row.source || '—') });
  cols.push({ key: 'confidence', label: t('c.confidence'), render: (row) => [confLabel(row.confidence), ' ', String(row.confidence || '').startsWith('low') ? confidenceTag(row.confidence, row.source) : null] });
  const rows = r.rows || r.items || [];
  fill(ctx.root, 
    h('nav.crumbs', h('a', { href: href('/admin/reference') }, t('rf.title')), ' › ', pick(r, 'title') || name),
    pageHead((pick(r, 'title') || name) + (r.version ? ' · ' + t('c.version') + ' ' + r.version : ''), h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))),
    h('p.note', r.basis ? [t('rf.basis') + t('c.colon') + r.basis, ' · '] : null, t('c.total', { n: num(rows.length) }), ' ', h('span.mono.small.muted', name)),
    section(null, table(cols, rows, { testid: 'reference-rows', rowAttrs: (row) => ({ class: String(row.confidence || '').startsWith('low') ? 'row-low' : '' }) })),
  );
}
