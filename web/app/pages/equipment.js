// 设备台账: production lines and main equipment, with the same list screen as the enterprises.

import { t, tv } from '../i18n.js';
import { enterpriseLink } from '../links.js';
import { listView } from '../list.js';
import { capUnit, fill, date, eqStatus, h, num, pageHead } from '../ui.js';
import { districtOptions } from '../lookups.js';

const TYPES = [
  'coke_oven', 'semicoke_furnace', 'carbide_furnace', 'ferroalloy_sae_furnace', 'ferroalloy_refining_furnace',
  'induction_furnace', 'blast_furnace', 'converter', 'electric_arc_furnace', 'caustic_soda_cell', 'pvc_unit',
  'cement_kiln', 'cement_clinker_line', 'cement_grinding', 'lime_kiln', 'flat_glass_line', 'brick_kiln',
  'coal_power_unit', 'coal_washing_plant', 'aluminium_cell', 'other',
];

export async function render(ctx) {
  const body = h('div');
  fill(ctx.root, pageHead(t('eq.title'), h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))), body);
  await listView(body, {
    query: ctx.query,
    endpoint: '/equipment',
    testid: 'equipment-table',
    filters: [
      { key: 'district', label: t('c.district'), type: 'select', options: districtOptions },
      { key: 'type', label: t('eq.type'), type: 'select', options: [{ value: '', label: t('c.all') }, ...TYPES.map((x) => ({ value: x, label: tv('eqt', x) }))] },
      {
        key: 'status',
        label: t('c.status'),
        type: 'select',
        options: [{ value: '', label: t('c.all') }, ...['running', 'limited', 'suspended', 'sealed', 'dismantled'].map((s) => ({ value: s, label: tv('qs', s) }))],
      },
      { key: 'uscc', label: t('c.uscc'), type: 'text', width: '13em' },
      { key: 'q', label: t('c.keyword'), type: 'text', placeholder: t('eq.name') + ' / ' + t('c.enterprise_name') },
    ],
    columns: [
      { key: 'equipment_id', label: t('eq.id'), sort: true, render: (r) => h('span.mono', r.equipment_id) },
      { key: 'name', label: t('eq.name') },
      { key: 'enterprise_name', label: t('c.enterprise'), sort: 'uscc', render: (r) => (r.enterprise_id ? enterpriseLink(r.enterprise_id, r.enterprise_name) : r.enterprise_name) },
      { key: 'equipment_type', label: t('eq.type'), sort: true, render: (r) => tv('eqt', r.equipment_type) },
      { key: 'capacity', label: t('eq.capacity'), sort: true, align: 'num', render: (r) => [num(r.capacity, 2), ' ', h('span.unit', capUnit(r.capacity_unit))] },
      { key: 'product', label: t('eq.product'), render: (r) => tv('prod', r.product) },
      { key: 'commissioned', label: t('eq.commissioned'), sort: true, render: (r) => date(r.commissioned) },
      { key: 'status', label: t('c.status'), sort: true, render: (r) => eqStatus(r.status) },
      { key: 'act', label: t('c.actions'), align: 'center', render: (r) => (r.enterprise_id ? enterpriseLink(r.enterprise_id, t('c.view'), 'a.btn.btn-sm') : null) },
    ],
  });
}
