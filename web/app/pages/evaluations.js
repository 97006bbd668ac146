// 评估研判: evaluation runs, starting a run (year, as-of date) with confirmation, a run's
// findings with filters, a finding's explanation (evidence, legal basis, rule version, source,
// confidence), the diff of two runs, and opening a case from a finding.

import * as api from '../api.js';
import { getLang, pick, t, tv } from '../i18n.js';
import { go, href } from '../router.js';
import { enterpriseLink } from '../links.js';
import { listView } from '../list.js';
import {
  clear, fill, confidenceTag, confLabel, confirmDialog, csvCell, datetime, dialog, download, errorBox, field, h, loading, num, pageHead,
  section, select, setFieldError, table, tag, toast, yearOptions, showDetails,
} from '../ui.js';
import { districtName } from '../lookups.js';
import { caseOpenBlock, depts, findingBody, findingStatus, measureName, missingNote, openCaseDialog, ruleName, showFinding } from '../findings.js';

const CRITERIA = ['industrial_policy', 'energy', 'production_factor', 'environment', 'safety', 'quality'];

function runsOf(resp) {
  return (resp && resp.items) || (Array.isArray(resp) ? resp : []);
}

export async function renderRuns(ctx) {
  const body = h('div');
  const canRun = api.can('run_eval');
  fill(ctx.root, 
    pageHead(
      t('ev.title'),
      canRun ? h('button#start-eval.btn.btn-primary', { type: 'button', 'data-testid': 'start-eval', onclick: startRunDialog }, '＋ ' + t('ev.start')) : null,
    ),
    body,
  );
  const resp = await listView(body, {
    query: ctx.query,
    endpoint: '/evaluations',
    testid: 'runs-table',
    defaultSort: '-id',
    empty: t('ev.no_runs'),
    columns: [
      { key: 'id', label: t('c.id'), render: (r) => h('a', { href: href('/evaluations/' + r.id), 'data-testid': 'run-link' }, '#' + r.id) },
      { key: 'year', label: t('c.year') },
      { key: 'as_of', label: t('ev.as_of') },
      { key: 'nfindings', label: t('ev.nfindings'), align: 'num', render: (r) => num(r.nfindings) },
      { key: 'rules_sha256', label: t('ev.rules_sha'), render: (r) => h('span.mono.small', { title: r.rules_sha256 }, String(r.rules_sha256 || '').slice(0, 12)) },
      { key: 'created_at', label: t('ev.created_at'), render: (r) => datetime(r.created_at) },
      {
        key: 'act',
        label: t('c.actions'),
        render: (r) =>
          h(
            'div.row-actions',
            h('a.btn.btn-sm', { href: href('/evaluations/' + r.id) }, t('ev.findings')),
            h('button.btn.btn-sm', { type: 'button', onclick: () => diffDialog(r, runsOf(resp)) }, t('ev.diff')),
          ),
      },
    ],
  });
}

function startRunDialog() {
  const y = new Date().getFullYear() - 1;
  const year = select(yearOptions(2019, y + 1), String(y), { id: 'eval-year', 'data-testid': 'eval-year' });
  const asOf = h('input#eval-as-of', { type: 'date', value: y + '-12-31', 'data-testid': 'eval-as-of' });
  year.addEventListener('change', () => (asOf.value = year.value + '-12-31'));
  // the latest year with energy data, as the barometer takes it (issue 12 §5), once it is known
  api.get('/barometer').then((b) => {
    if (b && b.year && [...year.options].some((o) => o.value === String(b.year))) {
      year.value = String(b.year);
      asOf.value = b.year + '-12-31';
    }
  }).catch(() => {});
  const err = h('div.form-err', { role: 'alert' });
  dialog({
    title: t('ev.start'),
    testid: 'start-eval-dialog',
    body: h('div.form-grid', field(t('c.year'), year, { required: true }), field(t('ev.as_of'), asOf, { required: true }), err),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: t('ev.start'),
        kind: 'primary',
        testid: 'eval-submit',
        onClick: async () => {
          if (!asOf.value) {
            setFieldError(asOf, t('c.field_required', { f: t('ev.as_of') }));
            return false;
          }
          const ok = await confirmDialog(t('ev.start'), t('ev.confirm_start', { y: year.value, d: asOf.value }));
          if (!ok) return false;
          try {
            const run = await api.post('/evaluations', { year: Number(year.value), as_of: asOf.value });
            toast(t('ev.started', { id: run.id, n: num(run.nfindings) }));
            go('/evaluations/' + run.id);
            return true;
          } catch (e) {
            const rest = showDetails(e, { year, as_of: asOf });
            err.textContent = [e.text(), ...rest].join(' ');
            return false;
          }
        },
      },
    ],
  });
}

function diffDialog(run, runs) {
  const others = runs.filter((r) => r.id !== run.id);
  const sel = select(
    others.map((r) => ({ value: r.id, label: '#' + r.id + ' · ' + r.year + ' · ' + r.as_of })),
    others.length ? others.find((r) => r.id < run.id)?.id ?? others[0].id : '',
    { id: 'diff-against' },
  );
  dialog({
    title: t('ev.diff'),
    body: others.length ? field(t('ev.diff_against'), sel) : h('p.muted', t('c.empty')),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      { label: t('ev.diff'), kind: 'primary', onClick: () => (others.length ? go('/evaluations/' + run.id + '/diff', { against: sel.value }) : null, true) },
    ],
  });
}

export async function renderFindings(ctx) {
  const id = ctx.params[0];
  const body = h('div');
  fill(ctx.root, 
    h('nav.crumbs', h('a', { href: href('/evaluations') }, t('ev.runs')), ' › ', t('ev.run', { id })),
    pageHead(
      t('ev.run', { id }) + ' · ' + t('ev.findings'),
      h('button.btn.no-print', { type: 'button', 'data-testid': 'findings-export', onclick: () => exportFindings(id, ctx.query) }, t('c.export_csv')),
      h('a.btn', { href: href('/evaluations/' + id + '/diff', { against: Number(id) > 1 ? Number(id) - 1 : '' }) }, t('ev.diff')),
      h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print')),
    ),
    body,
  );
  const canOpen = api.can('open_case');
  await listView(body, {
    query: ctx.query,
    endpoint: '/evaluations/' + id + '/findings',
    testid: 'findings-table',
    filters: [
      { key: 'criterion', label: t('ev.criterion'), type: 'select', options: [{ value: '', label: t('c.all') }, ...CRITERIA.map((c) => ({ value: c, label: tv('cr', c) }))] },
      { key: 'status', label: t('c.status'), type: 'select', options: [{ value: '', label: t('c.all') }, { value: 'caught', label: tv('fs', 'caught') }, { value: 'cannot_decide', label: tv('fs', 'cannot_decide') }] },
      { key: 'uscc', label: t('c.uscc'), type: 'text', width: '13em' },
      { key: 'q', label: t('c.keyword'), type: 'text', placeholder: t('c.keyword_ph') },
    ],
    columns: [
      { key: 'enterprise_name', label: t('c.enterprise'), note: t('evn.enterprise'), sort: true, render: (r) => [enterpriseLink(r.uscc, r.enterprise_name || r.uscc), h('div.mono.small.muted', r.uscc)] },
      { key: 'equipment_id', label: t('ev.equipment'), note: t('evn.equipment'), render: (r) => (r.equipment_id ? h('span.mono.small', r.equipment_id) : '—') },
      { key: 'criterion', label: t('ev.criterion'), note: t('evn.criterion'), sort: true, render: (r) => tv('cr', r.criterion) },
      { key: 'rule_id', label: t('ev.rule'), note: t('evn.rule'), sort: true, wrap: true, render: (r) => [ruleName(r), h('div.mono.small.muted', { title: t('ev.finding_id') }, r.finding_id)] },
      { key: 'status', label: t('c.status'), note: t('evn.status'), sort: true, wrap: true, render: (r) => [findingStatus(r.status), missingNote(r)] },
      { key: 'measure', label: t('ev.measure'), note: t('evn.measure'), render: (r) => measureName(r.measure, r.criterion) },
      { key: 'departments', label: t('ev.departments'), note: t('evn.departments'), wrap: true, render: (r) => depts(r.departments) },
      { key: 'confidence', label: t('c.confidence'), note: t('evn.confidence'), render: (r) => confidenceTag(r.confidence, r.source || r.legal_basis) },
      {
        key: 'act',
        label: t('c.actions'),
        render: (r) =>
          h(
            'div.row-actions',
            h('button.btn.btn-sm', { type: 'button', 'data-testid': 'explain', 'data-finding': r.finding_id, onclick: () => showFinding(r.finding_id, id) }, t('ev.explanation')),
            canOpen && r.status === 'caught'
              ? h('button.btn.btn-sm', { type: 'button', 'data-testid': 'open-case', onclick: () => openCaseDialog(r) }, t('ev.open_case'))
              : null,
          ),
      },
    ],
  });
}

// The findings as filtered, every page, as CSV (UTF-8 with BOM, as Excel reads it): Chinese headers,
// the rule by its name beside its id, the status, criterion, measure and departments in words.
async function exportFindings(id, query) {
  const q = {};
  for (const k of ['criterion', 'status', 'uscc', 'q', 'district', 'measure', 'rule_id', 'sort']) if (query[k]) q[k] = query[k];
  const rows = await api.all('/evaluations/' + id + '/findings', q, 100000);
  const head = [t('c.enterprise'), t('c.uscc'), t('c.district'), t('ev.equipment'), t('ev.criterion'), t('ev.rule'), t('ev.rule_id'), t('c.status'), t('ev.missing_col'), t('ev.measure'), t('ev.departments'), t('c.confidence'), t('ev.finding_id')];
  const body = rows.map((r) => [
    r.enterprise_name,
    r.uscc,
    r.district_code ? districtName(r.district_code) + '（' + r.district_code + '）' : '',
    r.equipment_id,
    tv('cr', r.criterion),
    pick(r, 'rule_title') || r.rule_id,
    r.rule_id + ' v' + r.rule_version,
    tv('fs', r.status),
    r.status === 'cannot_decide' ? pick(r, 'missing') || r.missing || '' : '',
    measureName(r.measure, r.criterion),
    depts(r.departments),
    confLabel(r.confidence),
    r.finding_id,
  ]);
  download('findings-run' + id + '.csv', '\ufeff' + [head, ...body].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n');
}

export async function renderFinding(ctx) {
  const f = await api.get('/findings/' + encodeURIComponent(ctx.params[0]), { run: ctx.query.run });
  fill(ctx.root, pageHead([t('ev.explain_title_plain'), ' ', h('span.mono.small.muted', { title: t('ev.finding_id') }, ctx.params[0])], h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))), section(null, findingBody(f)),
    caseOpenBlock(f.finding_id || ctx.params[0])); // 立案 from here (cases.js): refused for a cannot-decide finding
}

export async function renderDiff(ctx) {
  const id = ctx.params[0];
  const against = ctx.query.against;
  const runs = runsOf(await api.get('/evaluations', { per_page: 100 }).catch(() => ({ items: [] })));
  const sel = select(
    [{ value: '', label: t('c.choose') }, ...runs.filter((r) => String(r.id) !== id).map((r) => ({ value: r.id, label: '#' + r.id + ' · ' + r.year + ' · ' + r.as_of }))],
    against || '',
    { id: 'diff-against', onchange: (e) => go('/evaluations/' + id + '/diff', { against: e.target.value }) },
  );
  const out = h('div');
  fill(ctx.root, 
    h('nav.crumbs', h('a', { href: href('/evaluations') }, t('ev.runs')), ' › ', h('a', { href: href('/evaluations/' + id) }, t('ev.run', { id })), ' › ', t('ev.diff')),
    pageHead(t('ev.diff_title', { a: id, b: against || '?' })),
    h('div.filterbar', field(t('ev.diff_against'), sel)),
    out,
  );
  if (!against) return;
  out.appendChild(loading());
  let d;
  try {
    d = await api.get('/evaluations/' + id + '/diff', { against });
  } catch (e) {
    if (e.status === 401) return;
    clear(out).appendChild(errorBox(e));
    return;
  }
  const cols = [
    { key: 'finding_id', label: t('ev.finding_id'), render: (r) => h('button.btn-link.mono.small', { type: 'button', onclick: () => showFinding(r.finding_id, r.run_id) }, r.finding_id) },
    { key: 'criterion', label: t('ev.criterion'), note: t('evn.criterion'), render: (r) => tv('cr', r.criterion) },
    { key: 'enterprise_name', label: t('c.enterprise'), render: (r) => r.enterprise_name || r.uscc },
    { key: 'equipment_id', label: t('ev.equipment'), note: t('evn.equipment'), render: (r) => (r.equipment_id ? h('span.mono.small', r.equipment_id) : '—') },
    { key: 'rule_id', label: t('ev.rule'), note: t('evn.rule'), wrap: true, render: (r) => ruleName(r) },
    { key: 'status', label: t('c.status'), note: t('evn.status'), wrap: true, render: (r) => (r.status ? [findingStatus(r.status), missingNote(r)] : '—') },
    { key: 'measure', label: t('ev.measure'), note: t('evn.measure'), render: (r) => measureName(r.measure, r.criterion) },
  ];
  const evid = (x) => (getLang() === 'en' ? x.evidence ?? x.evidence_zh : x.evidence_zh ?? x.evidence) || '';
  const summ = (x) =>
    x
      ? h(
          'div.small',
          h('div', [x.status ? tv('fs', x.status) : '', x.measure ? ' · ' + measureName(x.measure, x.criterion) : '', x.rule_version !== undefined ? ' · v' + x.rule_version : ''].join('')),
          evid(x) ? h('div.muted.clip-2', { title: evid(x) }, evid(x)) : null,
        )
      : '—';
  fill(out, 
    section([t('ev.added'), ' ', tag(String((d.added || []).length), 'green')], table(cols, d.added || [], { testid: 'diff-added' })),
    section([t('ev.removed'), ' ', tag(String((d.removed || []).length), 'gray')], table(cols, d.removed || [], { testid: 'diff-removed' })),
    section(
      [t('ev.changed'), ' ', tag(String((d.changed || []).length), 'orange')],
      table(
        [
          { key: 'finding_id', label: t('ev.finding_id'), render: (r) => h('button.btn-link.mono.small', { type: 'button', onclick: () => showFinding(r.finding_id, id) }, r.finding_id) },
          { key: 'who', label: t('c.enterprise'), render: (r) => (r.after && (r.after.enterprise_name || r.after.uscc)) || (r.before && (r.before.enterprise_name || r.before.uscc)) },
          { key: 'before', label: t('ev.before'), render: (r) => summ(r.before) },
          { key: 'after', label: t('ev.after'), render: (r) => summ(r.after) },
        ],
        d.changed || [],
        { testid: 'diff-changed' },
      ),
    ),
  );
}

