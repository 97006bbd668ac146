// ui.js: DOM helpers, number and date formats, status tags, tables with sorting, pagination,
// filter bars, dialogs and notices — shared by every page.

import { getLang, t, tv } from './i18n.js';
import { policyNow } from './policy.js';

// h('div.card#x', {attrs}, children...) — small hyperscript.
export function h(sel, attrs, ...kids) {
  const m = /^([a-z0-9-]+)?((?:[.#][\w-]+)*)$/i.exec(sel) || [];
  const el = document.createElement(m[1] || 'div');
  for (const part of (m[2] || '').match(/[.#][\w-]+/g) || []) {
    if (part[0] === '.') el.classList.add(part.slice(1));
    else el.id = part.slice(1);
  }
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    kids.unshift(attrs);
    attrs = null;
  }
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className += (el.className ? ' ' : '') + v;
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k === 'value' && 'value' in el) el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected' || k === 'required') el[k] = !!v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, kids);
  return el;
}

function append(el, kids) {
  for (const k of kids) {
    if (k === null || k === undefined || k === false) continue;
    if (Array.isArray(k)) append(el, k);
    else el.appendChild(k instanceof Node ? k : document.createTextNode(String(k)));
  }
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Replace el's children (null / false / arrays allowed, unlike Element.append).
export function fill(el, ...kids) {
  clear(el);
  append(el, kids);
  return el;
}

// ---- numbers and dates -------------------------------------------------------------------

const nfCache = new Map();
function nf(dec) {
  const key = getLang() + dec;
  if (!nfCache.has(key)) {
    nfCache.set(
      key,
      new Intl.NumberFormat(getLang() === 'en' ? 'en-US' : 'zh-CN', {
        minimumFractionDigits: dec,
        maximumFractionDigits: dec,
      }),
    );
  }
  return nfCache.get(key);
}

export function isNum(v) {
  return v !== null && v !== undefined && v !== '' && !Number.isNaN(Number(v));
}

// Thousands separators, fixed decimals; '—' for missing.
export function num(v, dec = 0) {
  if (!isNum(v)) return '—';
  return nf(dec).format(Number(v));
}
export const tce = (v) => num(v, 2); // enterprise figures, tce
export const wanTce = (v) => (isNum(v) ? num(Number(v) / 10000, 2) : '—'); // large totals
export const intensity = (v) => num(v, 4);
export const pct = (v, dec = 1) => num(v, dec);

// Capacity units: 10^4t/a shown as 万吨/年; t/a converted to it so that one industry is one bar.
export function normCap(v, unit) {
  if (unit === 't/a' && isNum(v)) return { value: Number(v) / 10000, unit: '10^4t/a' };
  return { value: isNum(v) ? Number(v) : 0, unit: unit || '' };
}
const CAP_UNITS = {
  '10^4t/a': ['万吨/年', '10k t/a'],
  't/a': ['吨/年', 't/a'],
  't/d': ['吨/日', 't/d'],
  MW: ['兆瓦', 'MW'],
  MVA: ['兆伏安', 'MVA'],
  kVA: ['千伏安', 'kVA'],
  'm3/a': ['立方米/年', 'm³/a'],
};
export function capUnit(u) {
  const e = CAP_UNITS[u];
  return e ? e[getLang() === 'en' ? 1 : 0] : u || '';
}

export function date(v) {
  if (!v) return '—';
  const s = String(v);
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : s;
}
export function datetime(v) {
  if (!v) return '—';
  const s = String(v);
  const m = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})(:\d{2})?/.exec(s);
  return m ? m[1] + ' ' + m[2] + (m[3] || '') : s;
}
export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return d.getFullYear() + '-' + p(d.getMonth() + 1) + '-' + p(d.getDate());
}
export function bytes(n) {
  if (n < 1024) return n + ' B';
  if (n < 1024 * 1024) return (n / 1024).toFixed(1) + ' KiB';
  return (n / 1024 / 1024).toFixed(1) + ' MiB';
}

// ---- tags ----------------------------------------------------------------------------------

const ENT_TONE = { operating: 'green', limited: 'orange', suspended: 'red', closed: 'gray', exited: 'gray' };
const EQ_TONE = { running: 'green', limited: 'orange', suspended: 'red', sealed: 'purple', dismantled: 'gray' };

export function tag(text, tone, attrs) {
  return h('span.tag', Object.assign({ class: 'tag-' + (tone || 'gray') }, attrs || {}), text);
}
export function entStatus(s) {
  return tag(tv('es', s), ENT_TONE[s], { 'data-status': s });
}
export function eqStatus(s) {
  return tag(tv('qs', s), EQ_TONE[s], { 'data-status': s });
}
// An account row's rank: the place and the worst-20 % tag, or why the legal ranking left it out
// (rank_reason: 增加值未记录 / 能耗未报送 / 能耗为零 / 亏损企业待审), or — (closed, exited).
export function rankCell(r) {
  if (r.rank) return [num(r.rank), r.worst20 ? [' ', tag(t('dc.worst20'), 'red')] : null];
  if (r.rank_reason) return h('span.muted.small', { 'data-testid': 'rank-reason', 'data-reason': r.rank_reason }, t('rr.not_ranked', { r: tv('rr', r.rank_reason) }));
  return '—';
}

export function levelTag(level) {
  const tone = { red: 'red', yellow: 'yellow', green: 'green' }[level] || 'gray';
  return tag(tv('lv', level), tone, { 'data-level': level });
}
const CASE_TONE = {
  open: 'blue',
  rectifying: 'orange',
  extension_requested: 'orange',
  passed: 'green',
  failed: 'red',
  exit_ordered: 'red',
  exited: 'gray',
  closed: 'gray',
  supply_controlled: 'orange',
  production_limited: 'orange',
  shutdown_ordered: 'red',
  sealed: 'purple',
  dismantled: 'gray',
  reported: 'gray',
  restricted: 'orange',
  closure_proposed: 'red',
  closed_down: 'gray',
  suspended: 'red',
  resumed: 'green',
  licence_revoked: 'gray',
};
export function caseState(s) {
  return tag(tv('cs', s), CASE_TONE[s] || 'blue', { 'data-state': s });
}
// Low confidence: a small 待核实 tag with the source on hover.
export function confidenceTag(conf, source) {
  const c = String(conf || '').toLowerCase();
  if (c.startsWith('low')) {
    const tip = t('c.to_verify_title', { s: source || '—' });
    return h('span.tag.tag-verify', { title: tip, 'aria-label': t('c.to_verify') + ': ' + tip, tabindex: '0', 'data-testid': 'to-verify' }, t('c.to_verify'));
  }
  return c ? h('span.muted.small', confLabel(c)) : null;
}
export function confLabel(c) {
  const k = String(c || '').split(/[\s(]/)[0].toLowerCase();
  return { low: t('conf.low'), medium: t('conf.medium'), high: t('conf.high'), normal: t('conf.normal') }[k] || String(c || '—');
}
// Deadline with days left / overdue.
// A deadline with the days left; row (optional) is the case row: a provisional deadline (its
// year's holiday calendar not loaded yet, counted with weekends only) gets a 暂定 tag with
// the server's reason on hover.
export function deadline(d, daysLeft, row) {
  if (!d) return h('span.muted', '—');
  let n = daysLeft;
  if (!isNum(n)) {
    const ms = Date.parse(d + 'T00:00:00') - Date.parse(today() + 'T00:00:00');
    n = Math.round(ms / 86400000);
  }
  n = Number(n);
  const badge =
    n < 0
      ? h('span.due.due-over', { 'data-testid': 'overdue' }, t('c.overdue', { n: -n }))
      : n === 0
        ? h('span.due.due-soon', t('c.due_today'))
        : h('span.due' + (policyNow() && n <= policyNow().reminder_late_days ? '.due-soon' : ''), t('c.days_left', { n }));
  const prov = row && row.deadline_provisional
    ? tag(t('c.provisional'), 'orange', {
        'data-testid': 'deadline-provisional',
        title: getLang() === 'en' ? row.deadline_note_en || row.deadline_note_zh : row.deadline_note_zh || row.deadline_note_en,
      })
    : null;
  return h('span.deadline', date(d), ' ', badge, prov ? ' ' : null, prov);
}

// ---- notices -------------------------------------------------------------------------------

export function toast(text, tone = 'ok') {
  let box = document.getElementById('toasts');
  if (!box) {
    box = h('div#toasts', { 'aria-live': 'polite', role: 'status' });
    document.body.appendChild(box);
  }
  const el = h('div.toast.toast-' + tone, text);
  box.appendChild(el);
  while (box.children.length > 3) box.firstChild.remove(); // the newest three; older ones are in the page
  setTimeout(() => el.remove(), 5000);
}

export function errorBox(err, retry) {
  const msg = err && err.text ? err.text() : String((err && err.message) || err);
  return h(
    'div.alert.alert-error',
    { role: 'alert', 'data-testid': 'error' },
    h('strong', t('c.error') + '：'),
    msg,
    retry ? h('button.btn.btn-link', { type: 'button', onclick: retry }, t('c.retry')) : null,
  );
}

export function loading() {
  return h('div.loading', { 'aria-busy': 'true' }, t('c.loading'));
}

// ---- dialogs -------------------------------------------------------------------------------

// Open a modal <dialog>. body: a node; actions: [{label, kind, onClick(close) -> bool|Promise}].
export function dialog({ title, body, actions, wide, testid }) {
  const dlg = h('dialog.dlg' + (wide ? '.dlg-wide' : ''), { 'aria-labelledby': 'dlg-title', 'data-testid': testid || 'dialog' });
  const close = () => {
    dlg.close();
    dlg.remove();
  };
  const foot = h('div.dlg-foot');
  for (const a of actions || [{ label: t('c.close'), kind: 'default', onClick: () => true }]) {
    const b = h(
      'button.btn' + (a.kind === 'primary' ? '.btn-primary' : a.kind === 'danger' ? '.btn-danger' : ''),
      { type: 'button', 'data-testid': a.testid },
      a.label,
    );
    b.addEventListener('click', async () => {
      b.disabled = true;
      try {
        const r = await a.onClick(close, b);
        if (r !== false) close();
      } finally {
        b.disabled = false;
      }
    });
    foot.appendChild(b);
  }
  dlg.append(
    h('div.dlg-head', h('h2#dlg-title', title), h('button.dlg-x', { type: 'button', 'aria-label': t('c.close'), onclick: close }, '×')),
    h('div.dlg-body', body),
    foot,
  );
  dlg.addEventListener('cancel', (e) => {
    e.preventDefault();
    close();
  });
  document.body.appendChild(dlg);
  dlg.showModal();
  return { dlg, close };
}

export function confirmDialog(title, text, { danger, label } = {}) {
  return new Promise((resolve) => {
    let done = false;
    const { dlg } = dialog({
      title,
      body: h('p', text),
      testid: 'confirm',
      actions: [
        { label: t('c.cancel'), onClick: () => ((done = true), resolve(false), true) },
        { label: label || t('c.confirm'), kind: danger ? 'danger' : 'primary', testid: 'confirm-ok', onClick: () => ((done = true), resolve(true), true) },
      ],
    });
    dlg.addEventListener('close', () => {
      if (!done) resolve(false);
    });
  });
}

// ---- forms -------------------------------------------------------------------------------

let fieldSeq = 0;
// A labelled field: field(label, control, {hint, required})
export function field(label, control, opts = {}) {
  if (!control.id) control.id = 'f' + ++fieldSeq;
  const err = h('div.field-err', { id: control.id + '-err', role: 'alert' });
  control.setAttribute('aria-describedby', control.id + '-err');
  return h(
    'div.field' + (opts.wide ? '.field-wide' : ''),
    h('label', { for: control.id }, label, opts.required ? h('span.req', { 'aria-hidden': 'true' }, ' *') : null),
    control,
    opts.hint ? h('div.hint', opts.hint) : null,
    err,
  );
}
export function setFieldError(control, msg) {
  const e = document.getElementById(control.id + '-err');
  if (e) e.textContent = msg || '';
  control.classList.toggle('invalid', !!msg);
  if (msg) control.setAttribute('aria-invalid', 'true');
  else control.removeAttribute('aria-invalid');
}
export function select(options, value, attrs) {
  const s = h('select', attrs || {});
  for (const o of options) {
    const opt = h('option', { value: o.value }, o.label);
    if (String(o.value) === String(value ?? '')) opt.selected = true;
    s.appendChild(opt);
  }
  return s;
}
export function yearOptions(from = 2019, to = new Date().getFullYear()) {
  const out = [];
  for (let y = to; y >= from; y--) out.push({ value: String(y), label: String(y) });
  return out;
}

// Show the server's field details next to the matching controls; returns the unmatched ones.
export function showDetails(err, controls) {
  const rest = [];
  for (const d of (err && err.details) || []) {
    const c = d.field && controls[d.field];
    const m = getLang() === 'en' ? d.message_en || d.message_zh : d.message_zh || d.message_en;
    if (c) setFieldError(c, m);
    else rest.push(m);
  }
  return rest;
}

// ---- tables --------------------------------------------------------------------------------

// columns: [{key, label, unit, note, sort (field name or true), align:'num'|'center', render(row), width}]
// note: what the column means (its unit, how it is decided), a ⓘ beside the heading with the text
// as its tooltip, readable by keyboard and screen reader.
export function colNote(text) {
  return h('span.col-note', { title: text, 'aria-label': text, tabindex: '0', role: 'note', 'data-testid': 'col-note' }, 'ⓘ');
}

export function table(columns, rows, { sort, onSort, testid, rowAttrs, empty, caption } = {}) {
  const thead = h('thead');
  const tr = h('tr');
  const cur = sort || '';
  const curKey = cur.replace(/^-/, '');
  for (const c of columns) {
    const label = [c.label, c.unit ? h('span.unit', '（' + c.unit + '）') : null];
    const th = h('th', { scope: 'col', class: cellClass(c), style: c.width ? { width: c.width } : null });
    const sk = c.sort === true ? c.key : c.sort;
    if (sk && onSort) {
      const dir = curKey === sk ? (cur.startsWith('-') ? 'descending' : 'ascending') : 'none';
      th.setAttribute('aria-sort', dir);
      const b = h(
        'button.th-sort',
        {
          type: 'button',
          title: t('c.sort_by'),
          'data-sort': sk,
          onclick: () => onSort(curKey === sk && !cur.startsWith('-') ? '-' + sk : sk),
        },
        label,
        h('span.sort-ind', { 'aria-hidden': 'true' }, dir === 'ascending' ? '▲' : dir === 'descending' ? '▼' : '↕'),
      );
      th.appendChild(b);
    } else th.append(...label.filter(Boolean));
    if (c.note) th.appendChild(colNote(c.note)); // outside the sort button: reading it does not sort
    tr.appendChild(th);
  }
  thead.appendChild(tr);
  const tbody = h('tbody');
  if (!rows || rows.length === 0) {
    tbody.appendChild(h('tr.empty', h('td', { colspan: columns.length }, empty || t('c.empty'))));
  } else {
    for (const r of rows) {
      const row = h('tr', rowAttrs ? rowAttrs(r) : null);
      for (const c of columns) {
        const v = c.render ? c.render(r) : r[c.key];
        const td = h('td', { class: cellClass(c) }, v === undefined || v === null || v === '' ? '—' : v);
        // short values stay on one line; long texts (reasons, details, legal basis) wrap
        if (c.wrap || td.textContent.length > 22) td.classList.add('wrap');
        row.appendChild(td);
      }
      tbody.appendChild(row);
    }
  }
  return h('div.table-wrap', h('table.grid', { 'data-testid': testid }, caption ? h('caption', caption) : null, thead, tbody));
}

function cellClass(c) {
  const cls = [c.align === 'num' ? 'num' : c.align === 'center' ? 'center' : '', c.key === 'act' ? 'no-print' : ''].filter(Boolean).join(' ');
  return cls || null;
}

// Pagination: total count, page size 20/50/100, first/prev/next/last.
export function pager({ total, page, perPage, onPage, onPerPage }) {
  const pages = Math.max(1, Math.ceil((total || 0) / perPage));
  const sizeSel = select(
    [20, 50, 100].map((n) => ({ value: n, label: String(n) })),
    perPage,
    { id: 'per-page', 'data-testid': 'per-page', onchange: (e) => onPerPage(Number(e.target.value)) },
  );
  const btn = (label, p, dis) => h('button.btn.btn-sm', { type: 'button', disabled: dis, onclick: () => onPage(p) }, label);
  return h(
    'nav.pager',
    { 'aria-label': t('c.page', { p: page, n: pages }) },
    h('span.total', { 'data-testid': 'total' }, t('c.total', { n: num(total || 0) })),
    h('span.spacer'),
    h('label', { for: 'per-page' }, t('c.per_page')),
    sizeSel,
    btn(t('c.first'), 1, page <= 1),
    btn(t('c.prev'), page - 1, page <= 1),
    h('span.pageno', t('c.page', { p: page, n: pages })),
    btn(t('c.next'), page + 1, page >= pages),
    btn(t('c.last'), pages, page >= pages),
  );
}

// A page header: title, optional subtitle and actions on the right.
export function pageHead(title, ...actions) {
  const now = new Date();
  const p = (n) => String(n).padStart(2, '0');
  const stamp = today() + ' ' + p(now.getHours()) + ':' + p(now.getMinutes());
  return h(
    'div.page-head',
    h('h1', title),
    h('div.page-actions', ...actions),
    h('div.print-only.print-stamp', t('c.printed_at', { d: stamp, u: printUser ? printUser() : '' }), ' · ', location.hash),
  );
}
let printUser = null;
export function setPrintUser(fn) {
  printUser = fn;
}

export function section(title, ...body) {
  return h('section.panel', title ? h('h2.panel-title', title) : null, h('div.panel-body', ...body));
}

// Definition list from [[label, value], ...]
export function dl(pairs) {
  return h(
    'dl.kv',
    pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', k), h('dd', v === undefined || v === null || v === '' ? '—' : v)]),
  );
}

// Render a free-form JSON value (evidence, details) readably.
export function jsonView(v) {
  if (v === null || v === undefined) return h('span.muted', '—');
  if (typeof v === 'string') return h('span', v);
  if (typeof v !== 'object') return h('span', String(v));
  if (Array.isArray(v)) {
    if (v.length === 0) return h('span.muted', '—');
    if (v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
      const keys = [...new Set(v.flatMap((x) => Object.keys(x)))];
      return h(
        'div.table-wrap',
        h(
          'table.grid.grid-compact',
          h('thead', h('tr', keys.map((k) => h('th', k)))),
          h('tbody', v.map((x) => h('tr', keys.map((k) => h('td', fmtCell(x[k])))))),
        ),
      );
    }
    return h('ul.plain', v.map((x) => h('li', jsonView(x))));
  }
  return dl(Object.entries(v).map(([k, x]) => [k, jsonView(x)]));
}
function fmtCell(x) {
  if (x === null || x === undefined) return '—';
  if (typeof x === 'object') return JSON.stringify(x);
  return String(x);
}

// Download text as a file (client-side).
export function download(name, text, mime = 'text/csv;charset=utf-8') {
  const blob = new Blob([text], { type: mime });
  const a = h('a', { href: URL.createObjectURL(blob), download: name });
  document.body.appendChild(a);
  a.click();
  setTimeout(() => {
    URL.revokeObjectURL(a.href);
    a.remove();
  }, 1000);
}
export function csvCell(v) {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
}
