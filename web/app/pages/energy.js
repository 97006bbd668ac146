// 能耗数据: two views — the accounting per enterprise (综合能耗 in 吨标准煤, CO2, value added,
// intensity, rank; GET /accounts) and the energy records by energy type (monthly or annual, fuel
// or feedstock, reported or metered; GET /energy).

import { t, tv } from '../i18n.js';
import { href } from '../router.js';
import { enterpriseLink } from '../links.js';
import { listView } from '../list.js';
import { rankCell, confidenceTag, fill, h, intensity, num, pageHead, tag, tce, yearOptions } from '../ui.js';
import { districtName, districtOptions } from '../lookups.js';

const NOTE_KEYS = ['no_energy_data', 'value_added_missing', 'excluded_by_policy', 'low_confidence', 'low_confidence_co2'];

export async function render(ctx) {
  const q = ctx.query;
  const view = q.view === 'records' ? 'records' : 'accounts';
  const tabs = h(
    'div.tabs',
    { role: 'tablist' },
    h('a.tab' + (view === 'accounts' ? '.active' : ''), { href: href('/energy', { view: 'accounts', year: q.year }), role: 'tab', 'aria-selected': String(view === 'accounts'), 'data-testid': 'tab-accounts' }, t('en.tab_accounts')),
    h('a.tab' + (view === 'records' ? '.active' : ''), { href: href('/energy', { view: 'records', year: q.year }), role: 'tab', 'aria-selected': String(view === 'records'), 'data-testid': 'tab-records' }, t('en.tab_records')),
  );
  const body = h('div');
  fill(ctx.root, pageHead(t('en.title'), h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))), tabs, body);
  if (view === 'accounts') return accounts(ctx, body);
  return records(ctx, body);
}

async function accounts(ctx, body) {
  await listView(body, {
    query: ctx.query,
    endpoint: '/accounts',
    testid: 'accounts-table',
    defaultSort: '-tce',
    filters: [
      { key: 'year', label: t('c.year'), type: 'select', options: [{ value: '', label: t('c.latest') }, ...yearOptions()] },
      { key: 'district', label: t('c.district'), type: 'select', options: districtOptions },
      { key: 'q', label: t('c.keyword'), type: 'text', placeholder: t('c.keyword_ph'), width: '16em' },
    ],
    columns: [
      { key: 'uscc', label: t('c.uscc'), render: (r) => h('span.mono', r.uscc) },
      { key: 'name', label: t('c.enterprise_name'), sort: true, render: (r) => enterpriseLink(r.uscc, r.name || r.uscc) },
      { key: 'district_code', label: t('c.district'), render: (r) => districtName(r.district_code) },
      { key: 'year', label: t('c.year') },
      { key: 'tce', label: t('en.tce'), sort: true, align: 'num', render: (r) => tce(r.tce) },
      { key: 'co2_t', label: t('en.co2'), sort: true, align: 'num', render: (r) => num(r.co2_t, 2) },
      { key: 'value_added_wan', label: t('en.value_added'), sort: true, align: 'num', render: (r) => num(r.value_added_wan, 2) },
      { key: 'intensity', label: t('en.intensity'), sort: true, align: 'num', render: (r) => intensity(r.intensity) },
      { key: 'rank', label: t('dc.rank'), sort: true, align: 'num', render: rankCell },
      {
        key: 'notes',
        label: t('en.notes'),
        render: (r) =>
          h(
            'span.tags',
            (r.notes || []).filter((n) => !n.startsWith('low_confidence')).map((n) => tag(NOTE_KEYS.includes(n) ? t('en.note.' + n) : n, 'gray')),
            r.confidence === 'low' || (r.notes || []).some((n) => n.startsWith('low_confidence')) ? confidenceTag('low', t('en.note.low_confidence')) : null,
          ),
      },
    ],
  });
}

async function records(ctx, body) {
  await listView(body, {
    query: ctx.query,
    endpoint: '/energy',
    testid: 'energy-table',
    filters: [
      { key: 'year', label: t('c.year'), type: 'select', options: [{ value: '', label: t('c.latest') }, ...yearOptions()] },
      { key: 'district', label: t('c.district'), type: 'select', options: districtOptions },
      { key: 'uscc', label: t('c.uscc'), type: 'text', width: '14em' },
    ],
    columns: [
      { key: 'uscc', label: t('c.uscc'), sort: true, render: (r) => h('span.mono', r.uscc) },
      { key: 'name', label: t('c.enterprise_name'), render: (r) => enterpriseLink(r.uscc, r.name || r.uscc) },
      { key: 'year', label: t('c.year'), sort: true },
      { key: 'month', label: t('en.month'), sort: true, render: (r) => (r.month ? String(r.month) : t('en.annual')) },
      { key: 'energy_type', label: t('en.energy_type'), sort: true, render: (r) => tv('et', r.energy_type) },
      { key: 'purpose', label: t('en.purpose'), render: (r) => tv('purpose', r.purpose) },
      { key: 'product', label: t('eq.product'), render: (r) => tv('prod', r.product) },
      { key: 'source', label: t('en.source'), render: (r) => tv('source', r.source) },
      { key: 'quantity', label: t('en.quantity'), align: 'num', sort: true, render: (r) => num(r.quantity, 2) },
      { key: 'unit', label: t('c.unit') },
    ],
  });
}

