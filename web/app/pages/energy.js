// 能耗数据: energy use by energy type (monthly or annual, fuel or feedstock, reported or metered).

import { t, tv } from '../i18n.js';
import { listView } from '../list.js';
import { clear, fill, h, num, pageHead, yearOptions } from '../ui.js';
import { districtOptions } from '../lookups.js';

export async function render(ctx) {
  const body = h('div');
  fill(ctx.root, pageHead(t('en.title'), h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))), body);
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
      { key: 'name', label: t('c.enterprise_name') },
      { key: 'year', label: t('c.year'), sort: true },
      { key: 'month', label: t('en.month'), sort: true, render: (r) => (r.month ? String(r.month) : t('en.annual')) },
      { key: 'energy_type', label: t('en.energy_type'), sort: true, render: (r) => tv('et', r.energy_type) },
      { key: 'purpose', label: t('en.purpose'), render: (r) => tv('purpose', r.purpose) },
      { key: 'source', label: t('en.source'), render: (r) => tv('source', r.source) },
      { key: 'quantity', label: t('en.quantity'), align: 'num', sort: true, render: (r) => num(r.quantity, 2) },
      { key: 'unit', label: t('c.unit') },
    ],
  });
}
