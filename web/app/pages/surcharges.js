// 电价加价: the month's differential, punitive and tiered electricity prices and the progressive
// over-quota water price per enterprise and rule (GET /surcharges, issue 15 §4): the month's
// latest run, its totals, the change against the month before, each row's explanation
// (formula, rounding, legal basis) and the statement for the grid company (CSV). A row that
// cannot be computed or decided has no amount and says why; a low-confidence rule says 待核实.
// Whoever may start an evaluation may compute the month (POST /surcharges: a new immutable run).

import * as api from '../api.js';
import { has, pick, t } from '../i18n.js';
import { go } from '../router.js';
import { enterpriseLink } from '../links.js';
import { dialog, errorBox, field, fill, h, loading, pageHead, section, table, tag, toast } from '../ui.js';

const STATUS_TONE = { ok: 'green', cannot_compute: 'orange', cannot_decide: 'orange' };

// The month asked (?month=YYYY-MM), else the month before this one.
function monthOf(q) {
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(q.month || '')) return q.month;
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - 1);
  return d.toISOString().slice(0, 7);
}

// The sector (an equipment type or a product tag), the band and where the quantity came from, in
// words: the identifiers the rules use are not for the page.
const sectorName = (s) => (has('eqt.' + s) ? t('eqt.' + s) : has('prod.' + s) ? t('prod.' + s) : s);
const bandName = (b) => {
  const m = /^(-?[\d.]+)% over quota$/.exec(b || '');
  return m ? t('sc.over_quota', { p: m[1] }) : b;
};
const sourceName = (s) => (has('sc.src.' + s) ? t('sc.src.' + s) : s);

const kindLabel = (r) => t('sc.k.' + (r.kind || r.family));

function explain(month, uscc) {
  const pre = h('pre.explain', { 'data-testid': 'surcharge-explain' }, loading());
  dialog({ title: t('sc.explain_title', { u: uscc }), body: pre, wide: true, testid: 'surcharge-explain-dialog', actions: [{ label: t('c.close'), onClick: () => true }] });
  api.get('/surcharges/explain', { month, uscc }).then(
    (r) => fill(pre, r.text),
    (e) => fill(pre, errorBox(e)),
  );
}

const columns = (month) => [
  { key: 'name', label: t('c.enterprise'), render: (r) => [enterpriseLink(r.uscc, r.name), h('div.mono.small.muted', r.uscc)] },
  { key: 'rule', label: t('sc.rule'), render: (r) => [h('div', kindLabel(r)), r.rule_id ? h('div.mono.small', r.rule_id + ' v' + r.rule_version) : null] },
  { key: 'basis', label: t('sc.basis'), wrap: true, render: (r) => [r.family === 'differential' && r.basis ? t('sc.cat.' + r.basis) : bandName(r.basis) || '—', r.sector ? h('div.small.muted', sectorName(r.sector)) : null] },
  { key: 'quantity', label: t('sc.quantity'), align: 'num', render: (r) => (r.quantity === null ? t('sc.not_recorded') : [r.quantity + ' ' + r.quantity_unit, r.quantity_source ? h('div.small.muted', sourceName(r.quantity_source)) : null]) },
  { key: 'rate', label: t('sc.rate'), align: 'num', render: (r) => (r.rate === null ? '—' : r.rate) },
  { key: 'days', label: t('sc.days'), align: 'num', render: (r) => r.days + '/' + r.days_in_month },
  { key: 'amount', label: t('sc.amount'), align: 'num', render: (r) => (r.amount === null ? '—' : h('strong', { 'data-testid': 'surcharge-amount' }, r.amount)) },
  {
    key: 'status',
    label: t('c.status'),
    wrap: true,
    render: (r) => [tag(t('sc.s.' + r.status), STATUS_TONE[r.status] || 'gray'), r.low_confidence ? [' ', tag(t('sc.verify'), 'orange', { 'data-testid': 'surcharge-verify' })] : null, r.status === 'ok' ? null : h('div.small', pick(r, 'reason'))],
  },
  { key: 'document', label: t('sc.document'), wrap: true, render: (r) => h('span.small', [r.document, r.article].filter(Boolean).join(' ') || '—') },
  { key: 'explain', label: '', render: (r) => h('button.btn-link', { type: 'button', 'data-testid': 'surcharge-explain-btn', onclick: () => explain(month, r.uscc) }, t('sc.explain')) },
];

function diffSection(d) {
  if (!d) return h('p.muted', { 'data-testid': 'surcharge-no-diff' }, t('sc.no_prev'));
  return section(
    t('sc.diff_title', { m: d.year + '-' + String(d.month).padStart(2, '0'), id: d.run }),
    table(
      [
        { key: 'name', label: t('c.enterprise'), render: (x) => [enterpriseLink(x.uscc, x.name), h('div.mono.small.muted', x.uscc)] },
        { key: 'before', label: t('sc.before'), align: 'num', render: (x) => x.before },
        { key: 'after', label: t('sc.after'), align: 'num', render: (x) => x.after },
        { key: 'new_rows', label: t('sc.new_rows'), wrap: true, render: (x) => h('span.small', x.new_rows || '—') },
        { key: 'gone_rows', label: t('sc.gone_rows'), wrap: true, render: (x) => h('span.small', x.gone_rows || '—') },
      ],
      d.items,
      { testid: 'surcharge-diff', empty: t('sc.no_change') },
    ),
  );
}

export async function render(ctx) {
  if (!ctx.query.month) {
    // no month asked: the month of the latest run, else the month before this one
    let last = null;
    try {
      last = await api.get('/surcharges');
    } catch (e) {
      if (e.status === 401) throw e;
    }
    if (last && last.run && last.run.year) {
      ctx.query.month = last.run.year + '-' + String(last.run.month).padStart(2, '0');
    }
  }
  const month = monthOf(ctx.query);
  const body = h('div', loading());
  const input = h('input', { type: 'month', value: month, 'data-testid': 'surcharge-month', onchange: (e) => go('/surcharges', { month: e.target.value || undefined }) });
  const compute = async () => {
    try {
      await api.post('/surcharges', { month });
      toast(t('sc.computed'));
      await render(ctx);
    } catch (e) {
      toast(pick(e.data || {}, 'message') || t('c.error'), 'error');
    }
  };
  const actions = [
    api.can('run_eval') ? h('button.btn.btn-primary', { type: 'button', 'data-testid': 'surcharge-compute', onclick: compute }, t('sc.compute')) : null,
    h('a.btn', { href: api.BASE + '/surcharges/statement' + api.qs({ month }), download: '', 'data-testid': 'surcharge-csv' }, t('sc.statement')),
  ];
  fill(ctx.root, pageHead(t('sc.title'), ...actions), h('p.note', t('sc.note')), h('div.filterbar', field(t('sc.month'), input)), body);
  let r;
  try {
    r = await api.get('/surcharges', { month });
  } catch (e) {
    if (e.status !== 401) fill(body, errorBox(e, () => render(ctx)));
    return;
  }
  if (!r.run) {
    fill(body, h('div.empty-state', { 'data-testid': 'surcharge-empty' }, h('p', t('sc.no_run', { m: month }))));
    return;
  }
  const run = r.run;
  fill(
    body,
    h('div.gap-head', { 'data-testid': 'surcharge-summary' },
      t('sc.summary', { id: run.id, m: month, n: run.enterprises, ok: run.computed, no: run.cannot, total: run.total }), ' ',
      h('span.small.muted', t('sc.made', { at: run.created_at, by: run.actor, ev: run.evaluation_run_id || '—' }))),
    table(columns(month), r.items, { testid: 'surcharge-table', empty: t('sc.none') }),
    h('p.small.muted', t('sc.rounding')),
    diffSection(r.diff),
  );
}
