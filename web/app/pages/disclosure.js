// 信息公开: the public lists (四(四)) and the credit lists for banks (四(七)).

import * as api from '../api.js';
import { pick, t } from '../i18n.js';
import { listView } from '../list.js';
import { enterpriseLink } from '../links.js';
import { fill, date, h, pageHead, tag, yearOptions } from '../ui.js';
import { districtName } from '../lookups.js';

const LISTS = ['missed_exit', 'worst20', 'closed'];

export async function render(ctx) {
  const body = h('div');
  fill(ctx.root, 
    pageHead(t('dl.title'), h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))),
    h('p.note', t('dl.note')),
    body,
  );
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
