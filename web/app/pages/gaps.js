// 数据待补: the data to complete found by the latest evaluation run (GET /data-gaps) — per
// district, each enterprise's data items not recorded, since which run, the department that must
// supply them and the rules that cannot decide until then (issue 12 §1). A missing fact is never
// a verdict: nothing here is caught, ranked or punished, so there is no 立案 button. A district
// officer sees their own district (the server scopes it); the others may pick one.

import * as api from '../api.js';
import { pick, t } from '../i18n.js';
import { go, href } from '../router.js';
import { districtOptions } from '../lookups.js';
import { confidenceTag, csvCell, download, errorBox, field, fill, h, loading, pageHead, section, select, table, tag } from '../ui.js';
import { ruleName } from './cases.js';
import { showFinding } from './evaluations.js';

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
  { key: 'enterprise_name', label: t('c.enterprise'), note: t('gapn.enterprise'), render: (r) => [h('a', { href: href('/enterprises/' + r.uscc) }, r.enterprise_name || r.uscc), h('div.mono.small.muted', r.uscc)] },
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

export async function render(ctx) {
  const body = h('div', loading());
  const district = ctx.query.district || '';
  // a district officer's list is their district's: the server scopes it, so no filter is offered
  const scoped = api.hasRole('district') && !api.hasRole('city');
  const filter = scoped
    ? null
    : h(
        'div.filterbar',
        field(t('c.district'), select(districtOptions(), district, { id: 'gap-district', 'data-testid': 'gap-district', onchange: (e) => go('/data-gaps', { district: e.target.value || undefined }) })),
      );
  fill(ctx.root, pageHead(t('gap.title')), h('p.muted', { 'data-testid': 'gap-intro' }, t('gap.intro')), filter, body);
  let d;
  try {
    d = await api.get('/data-gaps', { district: district || undefined });
  } catch (e) {
    if (e.status !== 401) fill(body, errorBox(e, () => render(ctx)));
    return;
  }
  if (!d.run) {
    fill(
      body,
      h('div.empty-state', { 'data-testid': 'gap-empty' }, h('p', t('gap.no_run')), api.can('run_eval') ? h('a.btn.btn-primary', { href: href('/evaluations') }, t('ev.start')) : null),
    );
    return;
  }
  const head = h(
    'div.gap-head',
    { 'data-testid': 'gap-summary' },
    t('gap.summary', { id: d.run.id, y: d.run.year, d: d.run.as_of, n: d.total }),
    ' ',
    h('a', { href: href('/evaluations/' + d.run.id, { status: 'cannot_decide' }) }, t('gap.to_findings')),
    d.total ? h('button.btn.btn-sm.no-print', { type: 'button', 'data-testid': 'gap-export', onclick: () => exportCsv(d.items, d.run.id) }, t('gap.export')) : null,
  );
  if (!d.total) {
    fill(body, head, h('div.empty-state', { 'data-testid': 'gap-empty' }, h('p', t('gap.none'))));
    return;
  }
  const groups = (d.districts || []).map((g) =>
    section(
      [h('span', (g.district_name || '') + '（' + g.district_code + '）'), ' ', tag(t('gap.count', { n: g.total ?? g.count }), 'orange')],
      table(columns(), d.items.filter((r) => r.district_code === g.district_code), { testid: 'gaps-table' }),
    ),
  );
  fill(body, head, ...groups);
}
