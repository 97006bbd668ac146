// 企业台账: the enterprise list (filters in the URL, sortable, paged, 导出 Excel of exactly what
// is filtered) and the enterprise detail (equipment, energy history chart, findings with their
// explanations, cases, timeline).

import * as api from '../api.js';
import { has, t, tv, pick } from '../i18n.js';
import { href } from '../router.js';
import { enterpriseLink } from '../links.js';
import { listView } from '../list.js';
import { chartBox, FONT } from '../charts.js';
import { rankCell, capUnit, fill, confidenceTag, confLabel, date, deadline, dl, entStatus, eqStatus, h, intensity, num, pageHead, section, table, tag, tce, caseState } from '../ui.js';
import { districtName, districtOptions, industryOptions } from '../lookups.js';
import { findingStatus, measureName, missingNote, openCaseForFinding, ruleName, showFinding } from '../findings.js';

export function enterpriseFilters() {
  return [
    { key: 'district', label: t('c.district'), type: 'select', options: districtOptions },
    { key: 'industry', label: t('c.industry'), type: 'select', options: industryOptions },
    {
      key: 'status',
      label: t('c.status'),
      type: 'select',
      options: [{ value: '', label: t('c.all') }, ...['operating', 'limited', 'suspended', 'closed', 'exited'].map((s) => ({ value: s, label: tv('es', s) }))],
    },
    {
      key: 'two_high',
      label: t('c.two_high'),
      type: 'select',
      options: [
        { value: '', label: t('c.all') },
        { value: '1', label: t('c.two_high_yes') },
        { value: '0', label: t('c.two_high_no') },
      ],
    },
    { key: 'q', label: t('c.keyword'), type: 'text', placeholder: t('c.keyword_ph'), width: '16em' },
  ];
}

export async function renderList(ctx) {
  const q = ctx.query;
  const filters = enterpriseFilters();
  const exportQuery = (fmt) => {
    const u = new URLSearchParams({ format: fmt });
    for (const f of filters) if (q[f.key]) u.set(f.key, q[f.key]);
    if (q.sort) u.set('sort', q.sort);
    return '/api/v1/enterprises/export?' + u.toString();
  };
  const body = h('div');
  fill(ctx.root, 
    pageHead(
      t('ent.title'),
      h('a.btn#export-xlsx', { href: exportQuery('xlsx'), 'data-testid': 'export-xlsx', download: '' }, '⤓ ' + t('c.export_xlsx')),
      h('a.btn', { href: exportQuery('csv'), 'data-testid': 'export-csv', download: '' }, t('c.export_csv')),
      h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print')),
    ),
    body,
  );
  await listView(body, {
    query: q,
    endpoint: '/enterprises',
    testid: 'enterprise-table',
    filters,
    defaultSort: 'uscc',
    columns: [
      { key: 'uscc', label: t('c.uscc'), sort: true, render: (r) => h('span.mono', r.uscc) },
      { key: 'name', label: t('c.enterprise_name'), sort: true, render: (r) => enterpriseLink(r.id, r.name) },
      { key: 'district_code', label: t('c.district'), sort: true, render: (r) => r.district_name || districtName(r.district_code) },
      { key: 'industry_code', label: t('c.industry'), sort: true, render: (r) => [r.industry_name || r.industry_code, r.two_high ? h('span.tag.tag-orange.tag-sm', { title: t('c.two_high_yes') }, t('c.two_high')) : null] },
      { key: 'status', label: t('c.status'), sort: true, render: (r) => entStatus(r.status) },
      { key: 'employees', label: t('ent.employees'), unit: t('u.persons'), sort: true, align: 'num', render: (r) => num(r.employees) },
      { key: 'act', label: t('c.actions'), align: 'center', render: (r) => enterpriseLink(r.id, t('c.view'), 'a.btn.btn-sm', { 'data-testid': 'view-enterprise' }) },
    ],
  });
}

export async function renderDetail(ctx) {
  const id = ctx.params[0];
  const e = await api.get('/enterprises/' + encodeURIComponent(id));
  if (!ctx.isCurrent()) return;
  // public reports (举报) on this enterprise: the city bureau's and the handling district's only
  if (api.can('handle_reports')) {
    try {
      e.reports = (await api.get('/reports', { uscc: e.uscc })).items || [];
    } catch (_) {
      e.reports = [];
    }
    if (!ctx.isCurrent()) return;
  }
  const info = dl([
    [t('c.enterprise_name'), e.name],
    [t('c.uscc'), h('span.mono', e.uscc)],
    [t('c.district'), e.district_name || districtName(e.district_code)],
    [t('ent.park'), e.park_code ? districtName(e.park_code) + '（' + e.park_code + '）' : null],
    [t('c.industry'), [(e.industry_code || '') + ' ' + (e.industry_name || ''), e.two_high ? h('span.tag.tag-orange.tag-sm', t('c.two_high')) : e.two_high === null ? h('span.muted.small', ' ' + t('ent.two_high_unrecorded')) : null]],
    [t('c.status'), entStatus(e.status)],
    [t('ent.employees'), num(e.employees) + ' ' + t('u.persons')],
    [t('ent.downstream'), e.has_downstream === null || e.has_downstream === undefined ? h('span.muted', t('ent.not_recorded')) : e.has_downstream ? t('c.yes') : t('c.no')],
    [t('ent.founded'), e.founded],
    [t('ent.address'), e.address],
  ]);

  const eqTable = table(
    [
      { key: 'equipment_id', label: t('eq.id'), render: (r) => h('span.mono', r.equipment_id) },
      { key: 'name', label: t('eq.name') },
      { key: 'equipment_type', label: t('eq.type'), render: (r) => tv('eqt', r.equipment_type) },
      { key: 'capacity', label: t('eq.capacity'), align: 'num', render: (r) => num(r.capacity, 2) + ' ' + capUnit(r.capacity_unit) },
      { key: 'product', label: t('eq.product'), render: (r) => tv('prod', r.product) },
      { key: 'params', label: t('eq.params'), render: (r) => paramsText(r.params) },
      { key: 'commissioned', label: t('eq.commissioned'), render: (r) => date(r.commissioned) },
      { key: 'status', label: t('c.status'), render: (r) => eqStatus(r.status) },
    ],
    e.equipment || [],
    { testid: 'equipment-table' },
  );

  const energy = (e.energy || []).slice().sort((a, b) => a.year - b.year);
  const chart = chartBox(ctx, 'chart-energy', 240, {
    grid: { left: 70, right: 70, top: 58, bottom: 28 },
    legend: { top: 0, textStyle: { fontFamily: FONT } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: energy.map((r) => String(r.year)) },
    yAxis: [
      { type: 'value', name: t('u.tce'), axisLabel: { formatter: (v) => num(v, 0) } },
      { type: 'value', name: t('u.intensity'), splitLine: { show: false } },
    ],
    series: [
      { type: 'bar', name: t('db.energy_total') + '（' + t('u.tce') + '）', data: energy.map((r) => r.tce), barMaxWidth: 36 },
      { type: 'line', name: t('db.intensity') + '（' + t('u.intensity') + '）', yAxisIndex: 1, data: energy.map((r) => r.intensity), symbolSize: 7 },
    ],
  });
  const energyTable = table(
    [
      { key: 'year', label: t('c.year') },
      { key: 'tce', label: t('en.tce'), align: 'num', render: (r) => tce(r.tce) },
      { key: 'co2_t', label: t('en.co2'), align: 'num', render: (r) => num(r.co2_t, 2) },
      { key: 'value_added_wan', label: t('en.value_added'), align: 'num', render: (r) => num(r.value_added_wan, 2) },
      { key: 'intensity', label: t('en.intensity'), align: 'num', render: (r) => intensity(r.intensity) },
      { key: 'rank', label: t('dc.rank'), align: 'num', render: rankCell },
      {
        key: 'confidence',
        label: t('c.confidence'),
        render: (r) =>
          r.confidence === 'low' || (r.low_confidence || []).length
            ? confidenceTag('low', (r.low_confidence || []).map((x) => (x.name || x.what) + '：' + x.source).join('\n') || r.source)
            : confLabel(r.confidence || 'normal'),
      },
    ],
    energy,
    { testid: 'energy-history' },
  );

  const findings = table(
    [
      { key: 'criterion', label: t('ev.criterion'), note: t('evn.criterion'), render: (r) => tv('cr', r.criterion) },
      { key: 'rule_id', label: t('ev.rule'), note: t('evn.rule'), wrap: true, render: (r) => ruleName(r) },
      { key: 'equipment_id', label: t('ev.equipment'), note: t('evn.equipment'), render: (r) => r.equipment_id || '—' },
      { key: 'status', label: t('c.status'), note: t('evn.status'), wrap: true, render: (r) => [findingStatus(r.status), missingNote(Object.assign({ district_code: e.district_code }, r))] },
      { key: 'measure', label: t('ev.measure'), note: t('evn.measure'), render: (r) => measureName(r.measure, r.criterion) },
      { key: 'confidence', label: t('c.confidence'), note: t('evn.confidence'), render: (r) => confidenceTag(r.confidence, r.source) },
      {
        key: 'act',
        label: t('c.actions'),
        render: (r) =>
          h(
            'div.row-actions',
            h('button.btn.btn-sm', { type: 'button', 'data-testid': 'explain', onclick: () => showFinding(r.finding_id, r.run_id) }, t('ent.explain')),
            // a cannot-decide finding (data to complete) is never the ground of a case
            api.can('open_case') && r.status === 'caught'
              ? h('button.btn.btn-sm', { type: 'button', 'data-testid': 'open-case', onclick: () => openCaseForFinding(r.finding_id) }, t('ev.open_case'))
              : null,
          ),
      },
    ],
    e.findings || [],
    { testid: 'enterprise-findings' },
  );

  const casesT = table(
    [
      { key: 'id', label: t('c.id'), render: (r) => h('a', { href: href('/cases/' + r.id) }, '#' + r.id) },
      { key: 'case_type', label: t('cs.type'), render: (r) => tv('ct', r.case_type) },
      { key: 'equipment_id', label: t('cs.equipment') },
      { key: 'state', label: t('cs.state'), render: (r) => caseState(r.state) },
      { key: 'deadline', label: t('cs.deadline'), render: (r) => deadline(r.deadline, r.days_left, r) },
      { key: 'opened_on', label: t('cs.opened_on'), render: (r) => date(r.opened_on) },
    ],
    e.cases || [],
    { testid: 'enterprise-cases' },
  );

  // 证照: type in Chinese, number, issuer, validity, status as a coloured tag with text; a
  // valid licence past its valid_to reads expired (effective_status); none on file: 未记录
  const LIC_TONE = { valid: 'green', expired: 'orange', suspended: 'orange', revoked: 'red' };
  const licT = table(
    [
      { key: 'licence_type', label: t('ent.lic_type'), render: (r) => tv('lic', r.licence_type) },
      { key: 'number', label: t('ent.lic_no'), render: (r) => h('span.mono.small', r.number) },
      { key: 'issuer', label: t('ent.issuer'), render: (r) => r.issuer || h('span.muted', t('ent.not_recorded')) },
      { key: 'valid_from', label: t('ent.valid_from'), render: (r) => (r.valid_from ? date(r.valid_from) : h('span.muted', t('ent.not_recorded'))) },
      { key: 'valid_to', label: t('ent.valid_to'), render: (r) => (r.valid_to ? date(r.valid_to) : h('span.muted', t('ent.not_recorded'))) },
      {
        key: 'status',
        label: t('c.status'),
        render: (r) => {
          const st = r.effective_status || r.status;
          const title = st !== r.status ? t('ent.lic_expired_by_date') : r.revocation_reason || null;
          return tag(tv('lic', st) + (r.revoked_on ? ' ' + date(r.revoked_on) : ''), LIC_TONE[st] || 'gray', { 'data-status': st, title });
        },
      },
    ],
    e.licences || [],
    { testid: 'enterprise-licences', empty: t('ent.lic_none') },
  );
  const insT = table(
    [
      { key: 'date', label: t('ins.date'), render: (r) => date(r.date) },
      { key: 'department', label: t('ev.departments'), render: (r) => tv('dep', r.department) },
      { key: 'subject', label: t('ins.kind'), render: (r) => tv('ins.kind', r.subject) },
      { key: 'severity', label: t('ins.severity'), render: (r) => tag(tv('ins.sev', r.severity), r.severity === 'serious' ? 'red' : r.severity === 'major' ? 'orange' : r.severity === 'none' ? 'green' : 'yellow') },
      { key: 'document_no', label: t('c.id'), render: (r) => h('span.mono.small', r.document_no || '—') },
      { key: 'violation', label: t('c.details'), render: (r) => tv('ins.vio', r.violation) || '—' },
      { key: 'legal_basis', label: t('ev.legal_basis'), render: (r) => h('span.small', r.legal_basis || '—') },
    ],
    e.inspections || [],
    { testid: 'enterprise-inspections' },
  );

  const tl = h('ol.timeline', { 'data-testid': 'timeline' });
  const events = timelineOf(e);
  for (const ev of events) tl.appendChild(h('li', h('span.tl-date', date(ev.date)), h('span.tl-kind', ev.kind ? tag(ev.kindLabel || ev.kind, ev.tone || 'blue') : null), h('span.tl-text', ev.text || pick(ev, 'text'))));
  if (!events.length) tl.appendChild(h('li.muted', t('c.empty')));

  fill(ctx.root, 
    h('nav.crumbs', { 'aria-label': 'breadcrumb' }, h('a', { href: href('/enterprises') }, t('ent.title')), ' › ', e.name),
    pageHead(e.name, entStatus(e.status), h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))),
    h('div.grid-2', section(t('ent.basic'), info), section(t('ent.energy'), energy.length ? chart.el : h('p.muted', t('c.empty')))),
    section(t('ent.energy') + '（' + t('c.year') + '）', energyTable),
    section(t('ent.equipment'), eqTable),
    section(t('ent.findings'), findings),
    section(t('ent.cases'), casesT),
    section(t('ent.licences'), licT),
    section(t('ent.inspections'), insT),
    section(t('ent.timeline'), tl),
  );
}

const BOOL_PARAMS = new Set(['stamp_charged', 'has_byproduct_recovery', 'heat_recovery_meets_entry_conditions', 'open_type', 'semi_closed', 'special_alloy_product', 'high_alloy', 'used_for_steelmaking', 'product_is_ditiao_steel', 'is_new_capacity']);
function paramsText(ps) {
  if (!ps || !ps.length) return '—';
  const one = (p) => {
    const name = has('prm.' + p.param) ? t('prm.' + p.param) : p.param;
    let v;
    if (p.value_text !== null && p.value_text !== undefined) v = p.value_text;
    else if (p.value === null || p.value === undefined) v = '—';
    else if (BOOL_PARAMS.has(p.param)) v = Number(p.value) ? t('c.yes') : t('c.no');
    else v = num(p.value, Number.isInteger(p.value) ? 0 : 2) + (p.unit ? ' ' + p.unit : '');
    return name + t('c.colon') + v;
  };
  return h('span.small', { title: ps.map((p) => p.param).join(', ') }, ps.map(one).join('；'));
}

// The server's timeline[] when it sends one, else one built from the records it does send
// (commissioning, licences, inspections, cases).
function timelineOf(e) {
  if (Array.isArray(e.timeline) && e.timeline.length) return e.timeline;
  const out = [];
  for (const q of e.equipment || []) if (q.commissioned) out.push({ date: q.commissioned, kind: 'equipment', kindLabel: t('ent.equipment').slice(0, 3), text: (q.name || q.equipment_id) + ' · ' + t('eq.commissioned') });
  for (const l of e.licences || []) {
    if (l.valid_from) out.push({ date: l.valid_from, kind: 'licence', kindLabel: t('ent.licences'), text: tv('lic', l.licence_type) + ' ' + (l.number || '') });
    if (l.effective_status === 'expired' && l.valid_to) out.push({ date: l.valid_to, kind: 'licence', kindLabel: t('ent.licences'), tone: 'orange', text: tv('lic', l.licence_type) + ' · ' + tv('lic', 'expired') });
    if (l.revoked_on) out.push({ date: l.revoked_on, kind: 'licence', kindLabel: t('ent.licences'), tone: 'red', text: tv('lic', l.licence_type) + ' · ' + tv('lic', 'revoked') });
  }
  for (const i of e.inspections || []) out.push({ date: i.date, kind: 'inspection', kindLabel: t('ent.inspections').slice(0, 2), tone: i.severity === 'serious' ? 'red' : 'orange', text: [tv('dep', i.department), tv('ins.kind', i.subject), tv('ins.sev', i.severity), tv('ins.vio', i.violation)].filter(Boolean).join(' · ') });
  for (const r of e.reports || []) out.push({ date: String(r.filed_at || '').slice(0, 10), kind: 'report', kindLabel: t('rp.report'), tone: 'red', text: r.receipt + ' · ' + pick(r, 'category') + ' · ' + pick(r, 'status') });
  for (const c of e.cases || []) out.push({ date: c.opened_on, kind: 'case', kindLabel: t('ent.cases'), tone: 'purple', text: '#' + c.id + ' ' + tv('ct', c.case_type) + ' · ' + tv('cs', c.state) });
  return out.filter((x) => x.date).sort((a, b) => String(b.date).localeCompare(String(a.date)));
}
