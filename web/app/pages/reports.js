// 举报处理: public reports (四(四) 接受社会监督) for the city bureau and the handling district
// (permission handle_reports): each is a task with a reply deadline; verify, reply and close (the
// reply is public, by receipt), assign a district (city only), link a case.  The reporter's
// contact is shown here and nowhere else.

import * as api from '../api.js';
import { pick, t } from '../i18n.js';
import { href } from '../router.js';
import { enterpriseLink } from '../links.js';
import { clear, date, datetime, dialog, dl, errorBox, field, fill, h, pageHead, section, select, table, tag, toast } from '../ui.js';
import { districtName, districtOptions } from '../lookups.js';

const STATUS_TONE = { received: 'orange', verifying: 'blue', closed: 'green' };

export async function render(ctx) {
  const out = h('div');
  const stSel = select([{ value: '', label: t('c.all') }, ...['received', 'verifying', 'closed'].map((s) => ({ value: s, label: t('rp.s.' + s) }))], ctx.query.status || '', { 'data-testid': 'report-status' });
  fill(ctx.root, pageHead(t('rp.title')), h('p.note', t('rp.note')),
    h('div.filterbar', field(t('rp.status'), stSel), h('div.filter-actions', h('button.btn', { type: 'button', onclick: () => load() }, t('c.search')))),
    out);
  const load = async () => {
    let r;
    try {
      r = await api.get('/reports', { status: stSel.value || undefined });
    } catch (e) {
      if (e.status !== 401) clear(out).appendChild(errorBox(e));
      return;
    }
    clear(out).appendChild(table([
      { key: 'receipt', label: t('rp.receipt'), render: (x) => h('a.mono', { href: href('/reports/' + x.id) }, x.receipt) },
      { key: 'enterprise_text', label: t('c.enterprise_name'), render: (x) => (x.uscc ? enterpriseLink(x.uscc, x.enterprise_text) : x.enterprise_text) },
      { key: 'category', label: t('rp.category'), render: (x) => pick(x, 'category') },
      { key: 'district', label: t('c.district'), render: (x) => x.district_name || (x.district_code ? districtName(x.district_code) : tag(t('rp.triage'), 'orange')) },
      { key: 'filed_at', label: t('rp.filed'), render: (x) => date(x.filed_at) },
      { key: 'reply_due', label: t('rp.due'), render: (x) => h('span', date(x.reply_due), x.overdue && x.status !== 'closed' ? tag(t('rp.overdue'), 'red') : null) },
      { key: 'status', label: t('rp.status'), render: (x) => tag(pick(x, 'status'), STATUS_TONE[x.status] || 'gray') },
    ], r.items || [], { testid: 'reports-table', empty: t('rp.none') }));
  };
  await load();
}

export async function renderOne(ctx) {
  const id = ctx.params[0];
  let r;
  try {
    r = await api.get('/reports/' + id);
  } catch (e) {
    if (e.status !== 401) fill(ctx.root, errorBox(e));
    return;
  }
  const act = async (body) => {
    try {
      await api.post('/reports/' + id + '/actions', body);
      toast(t('rp.saved'));
      await renderOne(ctx);
    } catch (e) {
      toast(pick(e.data || {}, 'message') || t('c.error'), 'error');
    }
  };
  const buttons = [];
  if (r.status === 'received') buttons.push(h('button.btn', { type: 'button', 'data-testid': 'report-verify', onclick: () => act({ action: 'verify' }) }, t('rp.verify')));
  if (r.status !== 'closed') {
    buttons.push(h('button.btn.btn-primary', {
      type: 'button',
      'data-testid': 'report-reply',
      onclick: () => {
        const text = h('textarea', { rows: '6', 'data-testid': 'report-reply-text', maxlength: '1000' });
        dialog({ title: t('rp.reply'), body: h('div', h('p.hint', t('rp.reply_hint')), text), actions: [
          { label: t('c.cancel'), onClick: () => true },
          { label: t('rp.reply'), kind: 'primary', testid: 'report-reply-ok', onClick: async () => (await act({ action: 'reply', text: text.value }), true) },
        ] });
      },
    }, t('rp.reply')));
    if (api.hasRole('city')) {
      const dSel = select(districtOptions().slice(1), r.district_code || '', { 'data-testid': 'report-district' });
      buttons.push(h('span', dSel, h('button.btn', { type: 'button', onclick: () => act({ action: 'assign', district_code: dSel.value }) }, t('rp.assign'))));
    }
    const cIn = h('input', { type: 'number', min: '1', 'data-testid': 'report-case', placeholder: t('rp.case_id') });
    if (r.uscc) buttons.push(h('span', cIn, h('button.btn', { type: 'button', onclick: () => act({ action: 'link_case', case_id: Number(cIn.value) }) }, t('rp.link_case'))));
  }
  fill(ctx.root,
    h('nav.crumbs', h('a', { href: href('/reports') }, t('rp.title')), ' › ', r.receipt),
    pageHead(t('rp.report') + ' ' + r.receipt, tag(pick(r, 'status'), STATUS_TONE[r.status] || 'gray')),
    section(t('c.details'), dl([
      [t('c.enterprise_name'), r.uscc ? enterpriseLink(r.uscc, r.enterprise_text) : r.enterprise_text],
      [t('rp.category'), pick(r, 'category')],
      [t('rp.seen'), r.seen],
      [t('rp.place'), r.place],
      [t('rp.seen_on'), date(r.seen_on)],
      [t('rp.contact'), h('span', { 'data-testid': 'report-contact' }, r.contact || '—')],
      [t('c.district'), r.district_name || t('rp.triage')],
      [t('rp.due'), date(r.reply_due)],
      [t('rp.case'), r.case_id ? h('a', { href: href('/cases/' + r.case_id) }, '#' + r.case_id) : '—'],
      [t('rp.public_reply'), r.public_reply || '—'],
    ])),
    h('div.no-print', ...buttons),
    section(t('cs.events'), table([
      { key: 'at', label: t('rp.at'), render: (x) => datetime(x.at) },
      { key: 'actor', label: t('pb.actor') },
      { key: 'event', label: t('rp.event'), render: (x) => t('rp.e.' + x.event) },
      { key: 'detail', label: t('c.details'), render: (x) => h('span.small', x.detail) },
    ], r.events || [], { testid: 'report-events' })),
  );
}
