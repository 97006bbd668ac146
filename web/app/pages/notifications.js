// 提醒事项: the reminders of the daily deadline check (`phaseout tick`, run by cron) — due within
// 30 / 7 days and overdue, each linking to its case, the deadline with the days left (red when
// overdue, 暂定 when provisional), the follow-up the check proposes in words, and whether the
// reminder is still pending. The city bureau and the system administrator may run the check by
// hand ("运行到期检查", POST /tick, after a confirmation). The top bar's bell (main.js) counts the
// pending overdue and 7-day ones through bellCount().

import * as api from '../api.js';
import { t, tv } from '../i18n.js';
import { href } from '../router.js';
import { enterpriseLink } from '../links.js';
import { listView } from '../list.js';
import { caseState, date, deadline, dialog, field, fill, h, pageHead, setFieldError, tag, today, toast } from '../ui.js';
import { districtName } from '../lookups.js';

const KIND_TONE = { overdue: 'red', due_7: 'orange', due_30: 'blue' };
// the bell: what needs acting on now
export const BELL_QUERY = { kind: 'overdue,due_7', pending: 'true' };

// The number of pending overdue and 7-day reminders the user may see, or null.
export async function bellCount() {
  if (!api.can('read_registry')) return null;
  const r = await api.get('/notifications', Object.assign({ per_page: 1 }, BELL_QUERY));
  return r && typeof r.total === 'number' ? r.total : null;
}

// POST /tick is the city bureau's and the system administrator's (permission run_tick).
export function mayTick() {
  return api.can('run_tick');
}

// The stored follow-up ("overdue -> failed, then order_exit", "a | b", "calendar import 2027,
// then ...") in words.
export function followupWords(f) {
  if (!f) return '—';
  return f
    .split(', then ')
    .map((step) => {
      const cal = /^calendar import (\d{4})$/.exec(step);
      if (cal) return t('nt.fu_calendar', { y: cal[1] });
      const move = /^(\w+) -> (\w+)$/.exec(step);
      if (move) return t('nt.fu_move', { e: tv('ev', move[1]), s: tv('cs', move[2]) });
      return step.split(' | ').map((e) => tv('ev', e)).join(t('nt.or'));
    })
    .join(t('nt.then'));
}

function kindTag(k) {
  return tag(tv('nk', k), KIND_TONE[k], { 'data-kind': k });
}

function runTick() {
  const asOf = h('input', { type: 'date', id: 'tick-as-of', value: today(), required: true, 'data-testid': 'tick-as-of' });
  const err = h('div.form-err', { role: 'alert', 'data-testid': 'tick-error' });
  dialog({
    title: t('nt.run'),
    testid: 'tick-dialog',
    body: h('div', h('p', t('nt.run_explain')), field(t('nt.as_of'), asOf, { required: true }), h('div.alert.alert-warn', { role: 'note' }, t('nt.run_confirm')), err),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: t('nt.run_ok'),
        kind: 'primary',
        testid: 'tick-submit',
        onClick: async () => {
          err.textContent = '';
          if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf.value)) {
            setFieldError(asOf, t('c.field_required', { f: t('nt.as_of') }));
            return false;
          }
          setFieldError(asOf, '');
          try {
            const r = await api.post('/tick', { as_of: asOf.value });
            toast(t('nt.run_done', { d: r.as_of, a: r.due_30, b: r.due_7, c: r.overdue }));
            window.dispatchEvent(new HashChangeEvent('hashchange'));
            return true;
          } catch (e) {
            if (e.status === 401) return true;
            err.textContent = e.text ? e.text() : String(e);
            return false;
          }
        },
      },
    ],
  });
}

export async function render(ctx) {
  const body = h('div');
  fill(
    ctx.root,
    pageHead(
      t('nt.title'),
      mayTick(ctx.user) ? h('button#tick-run.btn.btn-primary.no-print', { type: 'button', 'data-testid': 'tick-run', onclick: runTick }, t('nt.run')) : null,
      h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print')),
    ),
    h('p.muted.small', t('nt.intro')),
    body,
  );
  await listView(body, {
    query: ctx.query,
    endpoint: '/notifications',
    testid: 'notifications-table',
    defaultSort: '',
    filters: [
      {
        key: 'kind',
        label: t('nt.kind'),
        type: 'select',
        options: [
          { value: '', label: t('c.all') },
          { value: 'overdue,due_7', label: t('nt.kind_urgent') },
          ...['overdue', 'due_7', 'due_30'].map((k) => ({ value: k, label: tv('nk', k) })),
        ],
      },
      {
        key: 'pending',
        label: t('nt.pending'),
        type: 'select',
        options: [
          { value: '', label: t('c.all') },
          { value: 'true', label: t('nt.pending_yes') },
          { value: 'false', label: t('nt.pending_no') },
        ],
      },
      { key: 'since', label: t('nt.since'), type: 'date' },
    ],
    rowAttrs: (r) => ({ 'data-kind': r.kind, 'data-case': r.case_id }),
    columns: [
      { key: 'kind', label: t('nt.kind'), sort: true, render: (r) => [kindTag(r.kind), h('div.small.muted', { title: t('nt.made_on') }, t('nt.made_on_d', { d: date(r.as_of) }))] },
      {
        key: 'case_id',
        label: t('nt.case'),
        sort: true,
        render: (r) => [h('a', { href: href('/cases/' + r.case_id), 'data-testid': 'notification-case' }, '#' + r.case_id), h('div.small.muted', tv('ct', r.case_type))],
      },
      { key: 'enterprise_name', label: t('c.enterprise'), wrap: true, render: (r) => [enterpriseLink(r.uscc, r.enterprise_name || r.uscc), h('div.mono.small.muted', r.uscc)] },
      { key: 'district_code', label: t('c.district'), render: (r) => r.district_name || districtName(r.district_code) },
      { key: 'state', label: t('cs.state'), render: (r) => caseState(r.state) },
      { key: 'deadline', label: t('cs.deadline'), sort: true, render: (r) => deadline(r.deadline, r.days_left, r) },
      { key: 'followup', label: t('nt.followup'), wrap: true, render: (r) => h('span', { title: r.message, 'data-testid': 'notification-followup' }, followupWords(r.followup)) },
      { key: 'pending', label: t('nt.pending'), render: (r) => (r.pending ? tag(t('nt.pending_yes'), 'orange') : tag(t('nt.pending_no'), 'gray', { title: t('nt.pending_no_title') })) },
      { key: 'act', label: t('c.actions'), align: 'center', render: (r) => h('a.btn.btn-sm', { href: href('/cases/' + r.case_id) }, t('nt.open_case')) },
    ],
    empty: t('nt.empty'),
  });
}
