// findings.js: a finding shown the same way on every page (enterprise, evaluation run, case,
// data gaps): its status tag, rule name, what a cannot-decide finding waits for, the explanation
// dialog, and opening a case from it.  Pages import these from here, never from another page, so
// no page module depends on another.

import * as api from './api.js';
import { getLang, pick, t, tv } from './i18n.js';
import { policyNow } from './policy.js';
import { go, href } from './router.js';
import { clear, confidenceTag, confLabel, dialog, dl, errorBox, field, fill, h, jsonView, loading, section, select, setFieldError, showDetails, tag, today, toast } from './ui.js';

// The case types a case may be opened as (the case list filters by them too).
export const CASE_TYPES = ['energy_quota', 'energy_intensity', 'industrial_policy', 'environment', 'safety', 'quality'];

export function findingStatus(s) {
  return tag(tv('fs', s), s === 'caught' ? 'red' : 'yellow', { 'data-status': s });
}

// A rule by its Chinese title, its id and version in small print (never a bare id).
export function ruleName(x) {
  if (!x || !x.rule_id) return '—';
  const id = x.rule_id + (x.rule_version !== undefined && x.rule_version !== null ? ' v' + x.rule_version : '');
  return h('span.rule-name', pick(x, 'rule_title') || t('cs.rule'), ' ', h('span.small.muted.mono', { title: id }, id));
}

// A finding's measure in words; rectify_6_months names the city's period for its criterion
// (quality_rectify_months for quality, quota_rectify_months for the energy quota).
export function measureName(measure, criterion) {
  const p = policyNow();
  const months = p ? (criterion === 'quality' ? p.quality_rectify_months : p.quota_rectify_months) : undefined;
  return tv('ms', measure, { months });
}

export function depts(d) {
  if (!d) return '—';
  const list = Array.isArray(d) ? d : String(d).split(/[|,;]/);
  return list.filter(Boolean).map((x) => tv('dep', x.trim())).join(t('c.list_sep'));
}

// What a cannot-decide finding waits for, and who must supply it; a link to the 数据待补 list.
export function missingNote(r) {
  if (r.status !== 'cannot_decide' || !r.missing) return null;
  const what = pick(r, 'missing') || r.missing;
  const who = r.missing_suppliers ? depts(r.missing_suppliers) : '';
  return h(
    'div.small',
    { 'data-testid': 'finding-missing' },
    t('ev.missing_what', { x: what }),
    who ? ' ' + t('ev.missing_who', { d: who }) : null,
    ' ',
    h('a', { href: href('/data-gaps', { district: r.district_code || undefined }) }, t('ev.to_gaps')),
  );
}

// The explanation panel of one finding.
export function findingBody(f) {
  const lang = getLang();
  const expl = lang === 'en' ? f.explanation_en || f.explanation_zh : f.explanation_zh || f.explanation_en;
  const conf = String(f.confidence || '');
  const run = f.run || {};
  const rulesSha = run.rules_sha256 || f.rules_sha256;
  const dataSha = run.data_sha256 || f.data_fingerprint || f.data_sha256;
  const evidence = lang === 'en' ? f.evidence ?? f.evidence_zh : f.evidence_zh ?? f.evidence;
  return h(
    'div.finding',
    { 'data-testid': 'finding-explanation' },
    h('div.finding-head', findingStatus(f.status), ' ', h('strong', f.enterprise_name || f.uscc || ''), ' ', h('span.mono.small', f.uscc || ''), f.equipment_id ? [' · ', t('ev.equipment'), ' ', h('span.mono', f.equipment_id)] : null),
    dl([
      [t('ev.criterion'), tv('cr', f.criterion)],
      [t('ev.rule'), h('span', { 'data-testid': 'rule-name' }, ruleName(f))],
      f.status === 'cannot_decide' && f.missing
        ? [t('ev.waits_for'), h('span', { 'data-testid': 'finding-waits' }, missingNote(f))]
        : null,
      [t('ev.finding_id'), h('span.mono.small', f.finding_id || '')],
      [t('ev.measure'), measureName(f.measure, f.criterion)],
      [t('ev.departments'), depts(f.departments)],
      [t('ev.legal_basis'), h('span', { 'data-testid': 'legal-basis' }, typeof f.legal_basis === 'object' ? jsonView(f.legal_basis) : f.legal_basis || '—')],
      [t('ev.measure_basis'), f.measure_basis || '—'],
      [t('c.confidence'), [confLabel(conf), ' ', String(conf).startsWith('low') ? confidenceTag(conf, f.source) : null]],
      [t('ev.run_of'), run.id ? h('a', { href: href('/evaluations/' + run.id) }, t('ev.run', { id: run.id }) + (run.as_of ? ' · ' + t('ev.as_of') + ' ' + run.as_of : '')) : null],
      [t('ev.rules_sha'), rulesSha ? h('span.mono.small.break', rulesSha) : null],
      [t('ev.fingerprint'), dataSha ? h('span.mono.small.break', dataSha) : null],
    ]),
    h('h3', t('ev.evidence')),
    h('div.evidence', { 'data-testid': 'evidence' }, typeof evidence === 'string' ? evidence : jsonView(evidence)),
    // the curator's note names files and sources in English: kept, one click away, for checking
    f.source ? h('details.explain-full', h('summary', t('ev.source_note')), h('p.small.muted', { 'data-testid': 'rule-source' }, f.source)) : null,
    expl ? h('details.explain-full', h('summary', t('ev.explanation_full')), h('pre.explain', { 'data-testid': 'explanation-text' }, expl)) : null,
  );
}

export async function showFinding(findingId, runId) {
  const body = h('div', loading());
  dialog({ title: t('ev.explain_title_plain'), body, wide: true, testid: 'finding-dialog' });
  try {
    const f = await api.get('/findings/' + encodeURIComponent(findingId), { run: runId || undefined });
    clear(body).appendChild(findingBody(f));
    if (api.can('open_case') && f.status === 'caught')
      body.appendChild(h('div.dlg-inline-actions', h('button.btn', { type: 'button', onclick: () => openCaseDialog(f) }, t('ev.open_case'))));
  } catch (e) {
    if (e.status !== 401) clear(body).appendChild(errorBox(e));
  }
}

export function caseTypeFor(f) {
  const rule = String(f.rule_id || '');
  switch (f.criterion) {
    case 'industrial_policy':
    case 'environment':
    case 'safety':
    case 'quality':
      return f.criterion;
    case 'energy':
      return /INTENSITY/i.test(rule) ? 'energy_intensity' : 'energy_quota';
    case 'production_factor':
      return 'energy_intensity';
    default:
      return 'industrial_policy';
  }
}

// Open a case from a finding (or from an enterprise).
export function openCaseDialog(f) {
  const type = select(CASE_TYPES.map((c) => ({ value: c, label: tv('ct', c) })), caseTypeFor(f), { id: 'case-type', 'data-testid': 'case-type' });
  const on = h('input#case-opened-on', { type: 'date', value: today(), 'data-testid': 'case-opened-on' });
  const err = h('div.form-err', { role: 'alert' });
  dialog({
    title: t('ev.open_case_title'),
    testid: 'open-case-dialog',
    body: h(
      'div',
      dl([
        [t('c.enterprise'), (f.enterprise_name || '') + ' ' + (f.uscc || '')],
        [t('ev.equipment'), f.equipment_id || '—'],
        [t('ev.finding_id'), f.finding_id ? h('span.mono', f.finding_id) : '—'],
        [t('ev.rule'), ruleName(f)],
      ]),
      h('div.form-grid', field(t('ev.case_type'), type, { required: true }), field(t('ev.opened_on'), on, { required: true })),
      err,
    ),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: t('ev.open_case'),
        kind: 'primary',
        testid: 'open-case-submit',
        onClick: async () => {
          const body = { case_type: type.value, uscc: f.uscc, opened_on: on.value || undefined };
          if (f.equipment_id) body.equipment_id = f.equipment_id;
          if (f.finding_id) body.finding_id = f.finding_id;
          try {
            const c = await api.post('/cases', body);
            toast(t('ev.case_opened', { id: c.id }));
            document.querySelectorAll('dialog').forEach((d) => (d.close(), d.remove()));
            go('/cases/' + c.id);
            return true;
          } catch (e) {
            const rest = showDetails(e, { case_type: type, opened_on: on });
            err.textContent = [e.text(), ...rest].join(' ');
            return false;
          }
        },
      },
    ],
  });
}

// ---- opening a case from a finding (its proposal) ----

// The 立案 block of a finding's page: the case type proposed, the refusal (a cannot-decide
// finding, one the latest run no longer makes, a role that may not) or the button.
export function caseOpenBlock(findingId) {
  const box = h('div.finding-case', { 'data-testid': 'finding-case' }, loading());
  api
    .get('/cases/proposal', { finding_id: findingId })
    .then((p) => fill(box, proposalView(p)))
    .catch((e) => (e.status === 401 ? null : fill(box, errorBox(e))));
  return section(t('cs.open_title'), box);
}

function proposalView(p) {
  const parts = [];
  if ((p.cases || []).length)
    parts.push(h('p.small', { 'data-testid': 'finding-cases' }, t('cs.already_opened'), ...p.cases.map((c) => [' ', h('a', { href: href('/cases/' + c.id) }, t('cs.case', { id: c.id })), '（', tv('cs', c.state), '）'])));
  const refusal = p.refusal;
  if (refusal && (refusal.code !== 'forbidden' || api.can('open_case'))) parts.push(h('div.alert.alert-warn', { 'data-testid': 'open-refused', role: 'note' }, pick(refusal, 'message')));
  else if (p.may_open) {
    parts.push(h('p.small', t('cs.open_proposed', { t: tv('ct', p.case_type) })));
    parts.push(h('button.btn.btn-primary', { type: 'button', 'data-testid': 'open-case-from-finding', onclick: () => openFromFinding(p) }, t('cs.open_from_finding')));
  }
  return parts.length ? h('div', ...parts) : h('p.muted', t('c.empty'));
}

// Open a case from a finding (its proposal, GET /cases/proposal), with confirmation and reason.
export async function openCaseForFinding(findingId) {
  try {
    const p = await api.get('/cases/proposal', { finding_id: findingId });
    if (p.may_open) return openFromFinding(p);
    toast(pick(p.refusal, 'message'), 'error');
  } catch (e) {
    if (e.status !== 401) toast(e.text(), 'error');
  }
}

function openFromFinding(p) {
  const f = p.finding;
  const type = select(CASE_TYPES.map((c) => ({ value: c, label: tv('ct', c) })), p.case_type, { id: 'open-case-type', 'data-testid': 'open-case-type' });
  const on = h('input', { type: 'date', value: today(), id: 'open-case-on', 'data-testid': 'open-case-on' });
  const reason = h('textarea', { rows: '3', id: 'open-case-reason', 'data-testid': 'open-case-reason' });
  const confirm = h('input', { type: 'checkbox', id: 'open-case-confirm', 'data-testid': 'open-case-confirm' });
  const err = h('div.form-err', { role: 'alert', 'data-testid': 'open-case-error' });
  reason.addEventListener('input', () => setFieldError(reason, ''));
  confirm.addEventListener('change', () => (err.textContent = ''));
  const evidence = getLang() === 'en' ? f.evidence || f.evidence_zh : f.evidence_zh || f.evidence;
  dialog({
    title: t('cs.open_from_finding'),
    wide: true,
    testid: 'open-from-finding-dialog',
    body: h(
      'div',
      dl([
        [t('c.enterprise'), [f.enterprise_name || '', ' ', h('span.mono.small', f.uscc)]],
        [t('ev.equipment'), f.equipment_id ? h('span.mono', f.equipment_id) : '—'],
        [t('cs.rule'), ruleName(f)],
        [t('cs.finding_status'), [tv('cr', f.criterion), ' · ', tv('fs', f.status), ' · ', measureName(f.measure, f.criterion)]],
        [t('cs.evidence'), evidence || '—'],
        [t('ev.legal_basis'), f.legal_basis || '—'],
      ]),
      h('p.small', t('cs.open_proposed', { t: tv('ct', p.case_type) })),
      h('div.form-grid', field(t('ev.case_type'), type, { required: true }), field(t('ev.opened_on'), on, { required: true }), field(t('cs.open_reason'), reason, { required: true, wide: true })),
      h('label.inline-check.confirm-line', { for: 'open-case-confirm' }, confirm, t('cs.open_confirm')),
      err,
    ),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: t('ev.open_case'),
        kind: 'primary',
        testid: 'open-from-finding-submit',
        onClick: async () => {
          err.textContent = '';
          let bad = false;
          if (!reason.value.trim()) {
            setFieldError(reason, t('c.field_required', { f: t('cs.open_reason') }));
            bad = true;
          } else setFieldError(reason, '');
          if (!confirm.checked) {
            err.textContent = t('cs.open_confirm');
            bad = true;
          }
          if (bad) return false;
          try {
            const c = await api.post('/cases', { finding_id: f.finding_id, uscc: f.uscc, case_type: type.value, opened_on: on.value || undefined, reason: reason.value.trim() });
            toast(t('ev.case_opened', { id: c.id }));
            document.querySelectorAll('dialog').forEach((d) => (d.close(), d.remove()));
            go('/cases/' + c.id);
            return true;
          } catch (e) {
            if (e.status === 401) return true;
            const rest = showDetails(e, { case_type: type, opened_on: on, reason });
            err.textContent = [e.text(), ...rest].join(' ');
            return false;
          }
        },
      },
    ],
  });
}
