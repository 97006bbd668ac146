// 退出计划 (district yearly exit plans, 四(二)) and 督查督办 (progress against the plan, with the
// 通报 / 约谈 flags of 四(三)).

import * as api from '../api.js';
import { getLang, pick, t } from '../i18n.js';
import { href, setQuery } from '../router.js';
import { enterpriseLink } from '../links.js';
import { listView } from '../list.js';
import { capUnit, clear, fill, date, intensity, levelTag, tce, wanTce, dialog, errorBox, field, h, loading, num, pageHead, pct, section, select, setFieldError, showDetails, table, tag, today, toast, yearOptions } from '../ui.js';
import { districtName, districtOptions } from '../lookups.js';

const MEASURES = ['dismantle', 'seal', 'close', 'exit'];

// The year a plan page opens on without ?year=: the latest year with plan rows, else this year
// (GET /plans/default-year; issue 12 §5).
async function defaultYear(q) {
  if (q.year) return q.year;
  try {
    return String((await api.get('/plans/default-year')).year);
  } catch (e) {
    return String(new Date().getFullYear());
  }
}

export async function renderPlans(ctx) {
  const q = ctx.query;
  const year = await defaultYear(q);
  const canAdd = api.can('edit_plan');
  const body = h('div');
  const whatifBox = h('section.panel', h('h2.panel-title', t('wi.title', { y: year })), h('div.panel-body', { 'data-testid': 'whatif' }, loading()));
  fill(ctx.root, 
    pageHead(
      t('pl.title'),
      canAdd ? h('button#plan-add.btn.btn-primary', { type: 'button', 'data-testid': 'plan-add', onclick: () => addPlanDialog(year) }, '＋ ' + t('pl.add')) : null,
      h('a.btn', { href: href('/supervision', { year }) }, t('sv.title') + ' ›'),
      h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print')),
    ),
    body,
    whatifBox,
  );
  loadWhatif(whatifBox, year, q.district);
  await listView(body, {
    query: Object.assign({ year }, q),
    endpoint: '/plans',
    testid: 'plans-table',
    filters: [
      { key: 'year', label: t('c.year'), type: 'select', options: yearOptions(2019, new Date().getFullYear() + 1), default: year },
      { key: 'district', label: t('c.district'), type: 'select', options: districtOptions },
    ],
    columns: [
      { key: 'year', label: t('c.year') },
      { key: 'district_code', label: t('c.district'), render: (r) => districtName(r.district_code) },
      { key: 'enterprise_name', label: t('c.enterprise'), render: (r) => [enterpriseLink(r.uscc, r.enterprise_name || r.uscc), h('div.mono.small.muted', r.uscc)] },
      { key: 'equipment_id', label: t('eq.id'), render: (r) => h('span.mono', r.equipment_id) },
      { key: 'capacity', label: t('pl.capacity'), align: 'num', render: (r) => [num(r.capacity, 2), ' ', h('span.unit', capUnit(r.capacity_unit))] },
      { key: 'planned_on', label: t('pl.planned_on'), render: (r) => date(r.planned_on) },
      { key: 'measure', label: t('pl.measure'), render: (r) => (MEASURES.includes(r.measure) ? t('pl.m.' + r.measure) : r.measure) },
      { key: 'exited', label: t('pl.exited'), align: 'center', render: (r) => (r.exited ? tag(t('pl.exited'), 'green') : tag(t('c.no'), 'gray')) },
    ],
  });
}

function addPlanDialog(year) {
  const c = {
    year: select(yearOptions(2019, new Date().getFullYear() + 1), year, { id: 'plan-year' }),
    uscc: h('input#plan-uscc', { type: 'text', maxlength: '18', 'data-testid': 'plan-uscc', class: 'mono' }),
    equipment_id: h('input#plan-equipment', { type: 'text', 'data-testid': 'plan-equipment' }),
    planned_on: h('input#plan-planned-on', { type: 'date', value: today(), 'data-testid': 'plan-planned-on' }),
    measure: select(MEASURES.map((m) => ({ value: m, label: t('pl.m.' + m) })), 'dismantle', { id: 'plan-measure' }),
    capacity: h('input#plan-capacity', { type: 'number', min: '0', step: 'any' }),
  };
  const err = h('div.form-err', { role: 'alert' });
  dialog({
    title: t('pl.add'),
    testid: 'plan-dialog',
    body: h(
      'div.form-grid',
      field(t('c.year'), c.year, { required: true }),
      field(t('c.uscc'), c.uscc, { required: true }),
      field(t('eq.id'), c.equipment_id, { required: true }),
      field(t('pl.planned_on'), c.planned_on, { required: true }),
      field(t('pl.measure'), c.measure, { required: true }),
      field(t('pl.capacity'), c.capacity, { hint: t('pl.capacity_hint') }),
      err,
    ),
    actions: [
      { label: t('c.cancel'), onClick: () => true },
      {
        label: t('c.save'),
        kind: 'primary',
        testid: 'plan-submit',
        onClick: async () => {
          let bad = false;
          for (const k of ['uscc', 'equipment_id', 'planned_on']) {
            if (!c[k].value.trim()) {
              setFieldError(c[k], t('c.field_required', { f: k === 'uscc' ? t('c.uscc') : k === 'equipment_id' ? t('eq.id') : t('pl.planned_on') }));
              bad = true;
            } else setFieldError(c[k], '');
          }
          if (bad) return false;
          const body = {
            year: Number(c.year.value),
            uscc: c.uscc.value.trim().toUpperCase(),
            equipment_id: c.equipment_id.value.trim(),
            planned_on: c.planned_on.value,
            measure: c.measure.value,
          };
          if (c.capacity.value) body.capacity = Number(c.capacity.value);
          try {
            await api.post('/plans', body);
            toast(t('pl.added', { y: body.year }));
            setQuery({ year: body.year });
            return true;
          } catch (e) {
            const rest = showDetails(e, c);
            err.textContent = [e.text(), ...rest].join(' ');
            return false;
          }
        },
      },
    ],
  });
}

export async function renderSupervision(ctx) {
  const q = ctx.query;
  const year = await defaultYear(q);
  const asOf = q.as_of || (Number(year) < new Date().getFullYear() ? year + '-12-31' : today());
  const ySel = select(yearOptions(2019, new Date().getFullYear() + 1), year, { id: 'sv-year' });
  const dIn = h('input#sv-as-of', { type: 'date', value: asOf });
  const form = h(
    'form.filterbar',
    { onsubmit: (e) => (e.preventDefault(), setQuery({ year: ySel.value, as_of: dIn.value })) },
    field(t('c.year'), ySel),
    field(t('ev.as_of'), dIn),
    h('div.filter-actions', h('button.btn.btn-primary', { type: 'submit' }, t('c.search'))),
  );
  const out = h('div', loading());
  const note = h('p.note', t('sv.note', { n: 80, i: 50 }));
  fill(ctx.root, 
    pageHead(t('sv.title'), h('button.btn.no-print', { type: 'button', onclick: () => window.print() }, t('c.print'))),
    form,
    note,
    section(t('sv.report') + '（' + year + '，' + asOf + '）', out),
  );
  let r;
  try {
    r = await api.get('/plans/report', { year, as_of: asOf });
  } catch (e) {
    if (e.status === 401) return;
    clear(out).appendChild(errorBox(e));
    return;
  }
  note.textContent = t('sv.note', { n: num(r.notice_below_pct ?? 80), i: num(r.interview_below_pct ?? 50) });
  const flagTag = (f) => tag(t('sv.f.' + f), f === 'interview' ? 'red' : f === 'notice' ? 'orange' : 'green', { 'data-flag': f });
  clear(out).appendChild(
    table(
      [
        { key: 'district_name', label: t('c.district'), render: (x) => h('a', { href: href('/plans', { year, district: x.district_code }) }, x.district_name || districtName(x.district_code)) },
        { key: 'capacity_unit', label: t('c.unit'), render: (x) => capUnit(x.capacity_unit) },
        { key: 'planned', label: t('sv.planned'), align: 'num', render: (x) => num(x.planned) },
        { key: 'due', label: t('sv.due'), align: 'num', render: (x) => num(x.due) },
        { key: 'exited', label: t('sv.exited'), align: 'num', render: (x) => num(x.exited) },
        {
          key: 'progress_pct',
          label: t('sv.progress'),
          align: 'num',
          render: (x) => h('div.pbar-cell', h('div.progress.progress-sm', h('div.progress-bar', { style: { width: Math.min(100, Math.max(0, Number(x.progress_pct) || 0)) + '%' } })), pct(x.progress_pct)),
        },
        { key: 'units', label: t('sv.units'), align: 'num', render: (x) => (x.units_planned !== undefined ? num(x.units_exited) + ' / ' + num(x.units_planned) : '—') },
        { key: 'flag', label: t('sv.flag'), align: 'center', render: (x) => flagTag(x.flag) },
        {
          key: 'act',
          label: t('c.actions'),
          render: (x) =>
            (x.flag === 'notice' || x.flag === 'interview') && x.draft_zh
              ? h('span',
                h('button.btn.btn-sm', { type: 'button', 'data-testid': 'draft-' + x.flag, onclick: () => draftDialog(x) }, t('sv.draft_' + x.flag)),
                api.can('issue_notice')
                  ? h('button.btn.btn-sm', {
                    type: 'button',
                    'data-testid': 'notice-' + x.flag,
                    onclick: async () => {
                      try {
                        const n = await api.download('/plans/notices', { kind: x.flag === 'interview' ? 'district-interview' : 'district-notice', district: x.district_code, as_of: asOf, year: Number(year) }, 'notice-' + x.district_code);
                        toast(t('nt.done', { n }));
                      } catch (e) {
                        toast(pick(e.data || {}, 'message') || t('c.error'), 'error');
                      }
                    },
                  }, t('nt.button'))
                  : null)
              : null,
        },
      ],
      r.items || [],
      { testid: 'supervision-table', rowAttrs: (x) => ({ class: 'flag-' + x.flag }) },
    ),
  );
}

// A draft 通报 / 约谈 notice for a slow district (四(三)), to be edited and printed: the server's
// text (GET /plans/report draft_zh, the same that `phaseout plan report` prints; draft_en in English).
function draftDialog(x) {
  const draft = (getLang() === 'en' && x.draft_en) || x.draft_zh || '';
  const title = draft.split('\n')[0] || t('sv.draft_' + x.flag);
  const text = h('textarea.draft', { rows: '14', 'data-testid': 'draft-text' }, draft);
  dialog({
    title,
    wide: true,
    testid: 'draft-dialog',
    body: h('div', h('p.hint', t('sv.draft_hint')), text),
    actions: [
      { label: t('c.close'), onClick: () => true },
      {
        label: t('c.print'),
        kind: 'primary',
        onClick: () => {
          const w = window.open('', '_blank');
          if (!w) return false;
          w.document.write('<!doctype html><meta charset="utf-8"><title></title><pre></pre>');
          w.document.title = title;
          const pre = w.document.querySelector('pre');
          // styled through the CSSOM: the CSP allows no inline style attribute
          Object.assign(pre.style, { fontFamily: "'Microsoft YaHei','PingFang SC','Noto Sans CJK SC',sans-serif", whiteSpace: 'pre-wrap', fontSize: '14pt', lineHeight: '1.8' });
          pre.textContent = text.value;
          w.print();
          return false;
        },
      },
    ],
  });
}

// What if the year's plan is carried out: energy, intensity, barometer level and room freed per
// area (GET /plans/whatif), and how each unit's energy was attributed.
async function loadWhatif(box, year, district) {
  const body = box.querySelector('.panel-body');
  let r;
  try {
    r = await api.get('/plans/whatif', { year, district: district || undefined });
  } catch (e) {
    if (e.status === 401) return;
    fill(body, errorBox(e));
    return;
  }
  const lv = (x) => (x && (x.intensity_level || x.total_level) ? [x.intensity_level ? levelTag(x.intensity_level) : null, ' ', x.total_level ? levelTag(x.total_level) : null] : h('span.muted.small', t('wi.no_target')));
  const areas = (r.areas || []).filter((a) => a.units_planned > 0 || a.level === 'city');
  fill(
    body,
    h('p.hint', t('wi.note')),
    table(
      [
        { key: 'district_name', label: t('c.district'), render: (a) => (a.level === 'city' ? h('strong', a.district_name) : a.district_name) },
        { key: 'units', label: t('wi.units'), align: 'num', render: (a) => num(a.units_attributed) + ' / ' + num(a.units_planned) },
        { key: 'before', label: t('wi.before_tce'), align: 'num', render: (a) => wanTce(a.before && a.before.tce) },
        { key: 'after', label: t('wi.after_tce'), align: 'num', render: (a) => wanTce(a.after && a.after.tce) },
        { key: 'freed', label: t('wi.freed'), align: 'num', render: (a) => wanTce(a.room && a.room.freed_tce) },
        { key: 'bi', label: t('wi.before_int'), align: 'num', render: (a) => intensity(a.before && a.before.intensity) },
        { key: 'ai', label: t('wi.after_int'), align: 'num', render: (a) => intensity(a.after && a.after.intensity) },
        { key: 'bl', label: t('wi.before_level'), render: (a) => lv(a.before) },
        { key: 'al', label: t('wi.after_level'), render: (a) => lv(a.after) },
      ],
      areas,
      { testid: 'whatif-areas' },
    ),
    (r.units || []).length
      ? h(
          'details.whatif-units',
          h('summary', t('wi.units_detail', { n: (r.units || []).length })),
          table(
            [
              { key: 'enterprise_name', label: t('c.enterprise'), render: (u) => [u.enterprise_name || u.uscc, h('div.mono.small.muted', u.uscc)] },
              { key: 'equipment_id', label: t('eq.id'), render: (u) => h('span.mono', u.equipment_id) },
              { key: 'capacity', label: t('pl.capacity'), align: 'num', render: (u) => [num(u.capacity, 2), ' ', h('span.unit', capUnit(u.capacity_unit))] },
              { key: 'method', label: t('wi.method'), render: (u) => (getLang() === 'en' ? u.method : u.method_zh || u.method) },
              { key: 'removed_tce', label: t('wi.removed'), align: 'num', render: (u) => tce(u.removed_tce) },
              { key: 'reason', label: t('c.reason'), render: (u) => pick(u, 'reason') || (u.counted_with ? t('wi.counted_with', { c: u.counted_with }) : '—') },
            ],
            r.units,
            { testid: 'whatif-units' },
          ),
        )
      : null,
  );
}
