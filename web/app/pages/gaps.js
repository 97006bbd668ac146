// 数据待补: the data to complete found by the latest evaluation run (GET /data-gaps) — per
// district, each enterprise's data items not recorded, since which run, the department that must
// supply them and the rules that cannot decide until then (issue 12 §1). A missing fact is never
// a verdict: nothing here is caught, ranked or punished, so there is no 立案 button. A district
// officer sees their own district (the server scopes it); the others may pick one.

import * as api from '../api.js';
import { pick, t } from '../i18n.js';
import { go, href } from '../router.js';
import { enterpriseLink } from '../links.js';
import { districtOptions } from '../lookups.js';
import { confidenceTag, csvCell, download, errorBox, field, fill, h, loading, pageHead, pager, section, select, table, tag } from '../ui.js';
import { ruleName, showFinding } from '../findings.js';

function rulesCell(r) {
  return h(
    'ul.plain',
    (r.rules || []).map((x) =>
      h(
        'li',
        h('button.btn-link', { type: 'button', 'data-testid': 'gap-finding', onclick: () => showFinding(x.finding_id) }, ruleName(x)),
        x.equipment_id ? h('span.small.muted', ' · ' + t('gap.unit') + ' ', h('span.mono.small', x.equipment_id)) : null,
      ),
    ),
  );
}

const columns = () => [
  { key: 'enterprise_name', label: t('c.enterprise'), note: t('gapn.enterprise'), render: (r) => [enterpriseLink(r.uscc, r.enterprise_name || r.uscc), h('div.mono.small.muted', r.uscc)] },
  {
    key: 'missing',
    label: t('gap.missing'),
    note: t('gapn.missing'),
    wrap: true,
    render: (r) => [h('strong', { 'data-testid': 'gap-missing' }, pick(r, 'missing') || r.missing), ' ', tag(t('gap.not_recorded'), 'orange'), h('div.mono.small.muted', r.missing)],
  },
  {
    key: 'since',
    label: t('gap.since'),
    note: t('gapn.since'),
    render: (r) => [t('gap.since_year', { y: r.since_year }), h('div.small.muted', h('a', { href: href('/evaluations/' + r.since_run) }, t('ev.run', { id: r.since_run })))],
  },
  { key: 'supplier', label: t('gap.supplier'), note: t('gapn.supplier'), render: (r) => [pick(r, 'supplier') || t('gap.no_supplier'), r.confidence === 'low' ? [' ', confidenceTag('low', r.source)] : null] },
  { key: 'rules', label: t('gap.rules'), note: t('gapn.rules'), wrap: true, render: rulesCell },
];

function exportCsv(items, runId) {
  const head = [t('c.district'), t('c.uscc'), t('c.enterprise'), t('gap.missing'), t('gap.since'), t('gap.supplier'), t('gap.rules')];
  const rows = items.map((r) => [
    r.district_name + '（' + r.district_code + '）',
    r.uscc,
    r.enterprise_name,
    pick(r, 'missing') || r.missing,
    t('gap.since_year', { y: r.since_year }) + ' #' + r.since_run,
    pick(r, 'supplier'),
    (r.rules || []).map((x) => (pick(x, 'rule_title') || x.rule_id) + '（' + x.rule_id + '）').join('；'),
  ]);
  download('data-gaps-run' + runId + '.csv', '\ufeff' + [head, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
}

// The filter bar: district (not for a district officer: the server scopes them), data item and
// department, all in the URL so a list can be bookmarked and shared.
function filterBar(q, items, scoped) {
  const set = (k) => (e) => go('/data-gaps', Object.assign({}, q, { [k]: e.target.value || undefined, page: undefined }));
  const tags = new Map();
  for (const r of items) if (!tags.has(r.missing)) tags.set(r.missing, pick(r, 'missing') || r.missing);
  const sups = new Map();
  for (const r of items) if (supplierOf(r) && !sups.has(supplierOf(r))) sups.set(supplierOf(r), pick(r, 'supplier') || supplierOf(r));
  const opts = (m) => [{ value: '', label: t('c.all') }, ...[...m].sort((x, y) => x[1].localeCompare(y[1], 'zh')).map(([value, label]) => ({ value, label }))];
  return h(
    'div.filterbar',
    scoped ? null : field(t('c.district'), select(districtOptions(), q.district || '', { id: 'gap-district', 'data-testid': 'gap-district', onchange: set('district') })),
    field(t('gap.missing'), select(opts(tags), q.missing || '', { id: 'gap-missing', 'data-testid': 'gap-filter-missing', onchange: set('missing') })),
    field(t('gap.supplier'), select(opts(sups), q.supplier || '', { id: 'gap-supplier', 'data-testid': 'gap-filter-supplier', onchange: set('supplier') })),
  );
}

const supplierOf = (r) => r.supplier_department ?? r.supplier ?? '';

// How many items per data item: what to ask for first, and of which department.
function summary(items) {
  const by = new Map();
  for (const r of items) {
    const k = r.missing;
    if (!by.has(k)) by.set(k, { missing: k, name: pick(r, 'missing') || k, supplier: pick(r, 'supplier'), n: 0, ents: new Set() });
    const x = by.get(k);
    x.n++;
    x.ents.add(r.uscc);
  }
  const rows = [...by.values()].sort((a, b) => b.n - a.n);
  return table(
    [
      { key: 'name', label: t('gap.missing'), render: (x) => h('a', { href: href('/data-gaps', { missing: x.missing }) }, x.name) },
      { key: 'supplier', label: t('gap.supplier'), render: (x) => x.supplier || t('gap.no_supplier') },
      { key: 'n', label: t('gap.enterprises'), align: 'num', render: (x) => String(x.ents.size) },
    ],
    rows,
    { testid: 'gaps-summary' },
  );
}

export async function render(ctx) {
  const q = ctx.query;
  const body = h('div', loading());
  const scoped = api.hasRole('district') && !api.hasRole('city');
  const bar = h('div');
  fill(ctx.root, pageHead(t('gap.title')), h('p.muted', { 'data-testid': 'gap-intro' }, t('gap.intro')), bar, body);
  let d;
  try {
    d = await api.get('/data-gaps', { district: q.district || undefined });
  } catch (e) {
    if (e.status !== 401) fill(body, errorBox(e, () => render(ctx)));
    return;
  }
  fill(bar, filterBar(q, d.items || [], scoped));
  if (!d.run) {
    fill(
      body,
      h('div.empty-state', { 'data-testid': 'gap-empty' }, h('p', t('gap.no_run')), api.can('run_eval') ? h('a.btn.btn-primary', { href: href('/evaluations') }, t('ev.start')) : null),
    );
    return;
  }
  const items = d.items.filter((r) => (!q.missing || r.missing === q.missing) && (!q.supplier || supplierOf(r) === q.supplier));
  const head = h(
    'div.gap-head',
    { 'data-testid': 'gap-summary' },
    t('gap.summary', { id: d.run.id, y: d.run.year, d: d.run.as_of, n: d.total }),
    items.length !== d.total ? ' ' + t('gap.shown', { n: items.length }) : null,
    ' ',
    h('a', { href: href('/evaluations/' + d.run.id, { status: 'cannot_decide' }) }, t('gap.to_findings')),
    items.length ? h('button.btn.btn-sm.no-print', { type: 'button', 'data-testid': 'gap-export', onclick: () => exportCsv(items, d.run.id) }, t('gap.export')) : null,
  );
  if (!items.length) {
    fill(body, head, h('div.empty-state', { 'data-testid': 'gap-empty' }, h('p', d.total ? t('gap.none_filtered') : t('gap.none'))));
    return;
  }
  // one page of the list (20 / 50 / 100, in the URL), grouped by district; the counts are the whole list's
  const perPage = [20, 50, 100].includes(Number(q.per_page)) ? Number(q.per_page) : 50;
  const pages = Math.max(1, Math.ceil(items.length / perPage));
  const pageNo = Math.min(Math.max(1, Number(q.page) || 1), pages);
  const shown = items.slice((pageNo - 1) * perPage, pageNo * perPage);
  const count = (code) => items.filter((r) => r.district_code === code).length;
  const districts = [];
  for (const r of shown) if (!districts.some((x) => x.code === r.district_code)) districts.push({ code: r.district_code, name: r.district_name });
  const groups = districts.map((g) =>
    section(
      [h('span', (g.name || '') + '（' + g.code + '）'), ' ', tag(t('gap.count', { n: count(g.code) }), 'orange')],
      table(columns(), shown.filter((r) => r.district_code === g.code), { testid: 'gaps-table' }),
    ),
  );
  const nav = pager({
    total: items.length,
    page: pageNo,
    perPage,
    onPage: (p) => go('/data-gaps', Object.assign({}, q, { page: p > 1 ? p : undefined })),
    onPerPage: (n) => go('/data-gaps', Object.assign({}, q, { per_page: n, page: undefined })),
  });
  fill(body, head, q.missing ? null : section(t('gap.by_item'), summary(items)), ...groups, nav);
}
