// 信息公开: the public lists (四(四)) and the credit lists for banks (四(七)).

import * as api from '../api.js';
import { pick, t } from '../i18n.js';
import { listView } from '../list.js';
import { enterpriseLink } from '../links.js';
import { clear, confirmDialog, errorBox, fill, date, field, h, pageHead, section, select, table, tag, toast, yearOptions } from '../ui.js';
import { districtName, districtOptions } from '../lookups.js';

const LISTS = ['missed_exit', 'worst20', 'closed'];

export async function render(ctx) {
  const body = h('div');
  const pubs = h('div');
  fill(ctx.root, 
    pageHead(t('dl.title'), h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))),
    api.can('read_registry') ? section(t('pb.title'), pubs) : null,
    h('p.note', t('dl.note')),
    body,
  );
  if (api.can('read_registry')) publications(pubs);
  await listView(body, {
    query: ctx.query,
    endpoint: '/credit-lists',
    testid: 'credit-table',
    filters: [
      { key: 'year', label: t('c.year'), type: 'select', options: [{ value: '', label: t('c.latest') }, ...yearOptions()] },
      { key: 'list', label: t('dl.list'), type: 'select', options: [{ value: '', label: t('c.all') }, ...LISTS.map((l) => ({ value: l, label: t('dl.l.' + l) }))] },
    ],
    columns: [
      { key: 'list', label: t('dl.list'), render: (r) => tag(LISTS.includes(r.list) ? t('dl.l.' + r.list) : r.list, r.list === 'missed_exit' ? 'red' : r.list === 'worst20' ? 'orange' : 'gray') },
      { key: 'uscc', label: t('c.uscc'), render: (r) => h('span.mono', r.uscc) },
      { key: 'name', label: t('c.enterprise_name'), render: (r) => (api.can('read_registry') ? enterpriseLink(r.uscc, r.name || r.uscc) : r.name || r.uscc) },
      { key: 'district_code', label: t('c.district'), render: (r) => r.district_name || districtName(r.district_code) },
      { key: 'reason', label: t('dl.reason'), render: (r) => pick(r, 'reason') },
      { key: 'since', label: t('dl.since'), render: (r) => date(r.since) },
    ],
  });
}

// 公示发布 (四(四)): the publications so far, and — for the city bureau (permission publish) — a
// preview of a list as it would be frozen now, with every reason it would be refused, then 发布
// after a confirmation.  The public sees them at /public/ (no login).
const PUB_LISTS = ['exits', 'rectifying', 'closed', 'sealed'];
async function publications(root) {
  const listEl = h('div');
  const form = h('div');
  fill(root, form, listEl);
  const load = async () => {
    try {
      const r = await api.get('/publications');
      clear(listEl).appendChild(table([
        { key: 'number', label: t('pb.number'), render: (p) => h('a', { href: '/public/publications/' + p.id, target: '_blank', rel: 'noopener' }, p.number) },
        { key: 'list', label: t('dl.list'), render: (p) => t('pb.l.' + p.list) },
        { key: 'year', label: t('c.year') },
        { key: 'district_name', label: t('c.district'), render: (p) => p.district_name || t('pb.city') },
        { key: 'nrows', label: t('pb.rows'), align: 'num' },
        { key: 'published_at', label: t('pb.at'), render: (p) => date(p.published_at) },
        { key: 'actor', label: t('pb.actor') },
        { key: 'status', label: t('pb.status'), render: (p) => (p.superseded_by ? tag(t('pb.corrected'), 'orange') : tag(t('pb.current'), 'green')) },
        { key: 'sha256', label: 'SHA-256', render: (p) => h('span.mono.small', p.sha256.slice(0, 16) + '…') },
      ], r.items || [], { testid: 'publications-table', empty: t('pb.none') }));
    } catch (e) {
      if (e.status !== 401) clear(listEl).appendChild(errorBox(e));
    }
  };
  await load();
  if (!api.can('publish')) return;
  const listSel = select(PUB_LISTS.map((l) => ({ value: l, label: t('pb.l.' + l) })), 'exits', { 'data-testid': 'pub-list' });
  const yearSel = select(yearOptions(), String(new Date().getFullYear() - 1), { 'data-testid': 'pub-year' });
  const distSel = select([{ value: '', label: t('pb.city') }, ...districtOptions().slice(1)], '', { 'data-testid': 'pub-district' });
  const preview = h('div', { 'data-testid': 'pub-preview' });
  const doPreview = async () => {
    clear(preview);
    let p;
    try {
      p = await api.get('/publications/preview', { list: listSel.value, year: yearSel.value, district: distSel.value || undefined });
    } catch (e) {
      preview.appendChild(errorBox(e));
      return;
    }
    if (p.refusals.length) preview.appendChild(h('div.alert.alert-error', { 'data-testid': 'pub-refusals' }, h('strong', t('pb.refused')), h('ul', ...p.refusals.map((r) => h('li', pick({ m_zh: r.zh, m_en: r.en }, 'm'))))));
    preview.appendChild(table([
      { key: 'enterprise_name', label: t('c.enterprise_name') },
      { key: 'uscc', label: t('c.uscc'), render: (r) => h('span.mono', r.uscc) },
      { key: 'district_name', label: t('c.district') },
      { key: 'equipment', label: t('pb.equipment') },
      { key: 'capacity', label: t('pb.capacity'), render: (r) => (r.capacity ? r.capacity + ' ' + r.capacity_unit : '—') },
      { key: 'measure', label: t('pb.measure') },
      { key: 'deadline', label: t('pb.deadline'), render: (r) => r.deadline || '—' },
      { key: 'basis', label: t('pb.basis'), render: (r) => h('span.small', r.basis) },
    ], p.rows || [], { testid: 'pub-preview-rows', empty: t('c.empty') }));
    if (p.publishable) {
      preview.appendChild(h('button.btn.btn-primary', {
        type: 'button',
        'data-testid': 'pub-publish',
        onclick: async () => {
          const ok = await confirmDialog(t('pb.confirm_title'), t('pb.confirm', { n: p.rows.length, list: t('pb.l.' + p.list), year: p.year }), { label: t('pb.publish') });
          if (!ok) return;
          try {
            const r = await api.post('/publications', { list: p.list, year: p.year, district: distSel.value || undefined });
            toast(t('pb.published', { n: r.number }));
            clear(preview);
            await load();
          } catch (e) {
            preview.appendChild(errorBox(e));
          }
        },
      }, t('pb.publish')));
    }
  };
  fill(form,
    h('div.filterbar', field(t('dl.list'), listSel), field(t('c.year'), yearSel), field(t('c.district'), distSel),
      h('div.filter-actions', h('button.btn', { type: 'button', 'data-testid': 'pub-preview-button', onclick: doPreview }, t('pb.preview')))),
    preview);
}
