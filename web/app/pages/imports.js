// 数据导入: choose the kind, drop or choose a CSV / XLSX file, upload with a progress bar
// (XMLHttpRequest), then the result (inserted / updated / unchanged) or the row-level error table
// with "下载错误报告" — and a clear "未导入任何数据" (all rows or none). A district officer imports
// too, but only its own district's enterprises' data (the server refuses a file with any row of
// another district's enterprise): the page says so and offers only the per-enterprise kinds.

import * as api from '../api.js';
import { getLang, has, pick, t } from '../i18n.js';
import { bytes, clear, fill, csvCell, datetime, download, errorBox, field, h, num, pageHead, section, select, setFieldError, table } from '../ui.js';
import { districtName, resetLookups, loadLookups } from '../lookups.js';

const DEFAULT_KINDS = ['districts', 'industries', 'enterprises', 'equipment', 'energy', 'output', 'economics', 'inspections', 'licences', 'targets', 'meter'];
const MAX = 64 * 1024 * 1024;
// The kinds whose rows are not about one enterprise: city-wide data a district officer cannot import
// (the fallback when the server's kinds do not say per_enterprise).
const CITY_WIDE = ['districts', 'industries', 'targets'];
const SCOPE_NOTE = {
  text_zh: '区县账号只能导入本辖区（{d}）企业的数据：文件中只要有一行的企业不属于本辖区（或会把企业移入、移出本辖区），整个文件都不会导入。行政区划、行业和双控目标由市工业和信息化局导入。',
  text_en: 'As a district officer you import only the data of enterprises in your district ({d}): if any row of the file concerns an enterprise of another district (or would move one into or out of yours), nothing in the file is imported. Districts, industries and dual-control targets are imported by the city bureau.',
};

// The district a district officer's imports are confined to, or null.
function scopeDistrict() {
  const u = api.session.user;
  return u && u.district_code && api.hasRole('district') ? u.district_code : null;
}

function kindLabel(k) {
  return has('ik.' + k) ? t('ik.' + k) : k;
}

export async function render(ctx) {
  const scope = scopeDistrict();
  let kinds = DEFAULT_KINDS;
  const kindColumns = {};
  try {
    const r = await api.get('/imports/kinds');
    const list = (r && r.items) || (Array.isArray(r) ? r : null) || (r && r.kinds);
    if (list && list.length) {
      kinds = list.filter((x) => !scope || !x || x.per_enterprise !== false).map((x) => (typeof x === 'string' ? x : x.kind || x.name));
      for (const x of list) if (x && typeof x === 'object' && x.columns) kindColumns[x.kind || x.name] = x.columns;
    }
  } catch (e) {
    if (e.status === 401) throw e;
  }
  if (scope) kinds = kinds.filter((k) => !CITY_WIDE.includes(k));
  if (!ctx.isCurrent()) return;
  const kindSel = select([{ value: '', label: t('c.choose') }, ...kinds.map((k) => ({ value: k, label: kindLabel(k) }))], ctx.query.kind || '', {
    id: 'import-kind',
    'data-testid': 'import-kind',
  });
  const colsBox = h('div.kind-columns', { 'data-testid': 'kind-columns', 'aria-live': 'polite' });
  const showColumns = () => {
    const cols = kindColumns[kindSel.value];
    fill(
      colsBox,
      cols && cols.length
        ? [
            h('span.muted', t('im.columns')),
            ...cols.map((c) =>
              h(
                'span.colchip' + (c.required ? '.colchip-req' : ''),
                { title: [(c.aliases || []).join(' / '), c.values ? t('im.values') + (c.values || []).join(', ') : ''].filter(Boolean).join('\n') },
                c.name,
                c.aliases && c.aliases.length ? h('span.colalias', c.aliases[0]) : null,
                c.required ? h('span.req', '*') : null,
              ),
            ),
          ]
        : null,
    );
  };
  kindSel.addEventListener('change', showColumns);
  const enc = select(
    [
      { value: '', label: t('im.encoding_auto') },
      { value: 'utf-8', label: 'UTF-8' },
      { value: 'gbk', label: 'GBK' },
      { value: 'gb18030', label: 'GB18030' },
    ],
    '',
    { id: 'import-encoding' },
  );
  const sheet = h('input#import-sheet', { type: 'text', placeholder: 'Sheet1' });
  const fileInput = h('input#import-file.visually-hidden', { type: 'file', accept: '.csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'data-testid': 'import-file' });
  const chosen = h('div.drop-chosen', { 'data-testid': 'import-chosen' });
  let file = null;
  const setFile = (f) => {
    file = f || null;
    chosen.textContent = file ? t('im.selected', { name: file.name, size: bytes(file.size) }) : '';
    setFieldError(fileInput, '');
  };
  fileInput.addEventListener('change', () => setFile(fileInput.files[0]));
  const drop = h(
    'div.dropzone',
    { 'data-testid': 'dropzone' },
    h('div.drop-icon', { 'aria-hidden': 'true' }, '⇪'),
    h('div', t('im.drop'), ' ', h('label.btn.btn-sm', { for: 'import-file', tabindex: '0', role: 'button', onkeydown: (e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), fileInput.click()) }, t('im.choose'))),
    fileInput,
    chosen,
    h('div.field-err', { id: 'import-file-err', role: 'alert' }),
  );
  fileInput.id = 'import-file';
  for (const ev of ['dragenter', 'dragover']) drop.addEventListener(ev, (e) => (e.preventDefault(), drop.classList.add('drag')));
  for (const ev of ['dragleave', 'drop']) drop.addEventListener(ev, () => drop.classList.remove('drag'));
  drop.addEventListener('drop', (e) => {
    e.preventDefault();
    const f = e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files[0];
    if (f) setFile(f);
  });

  const bar = h('div.progress-bar', { style: { width: '0%' } });
  const progress = h('div.progress.progress-lg', { role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100', 'aria-valuenow': '0', 'data-testid': 'import-progress', hidden: true }, bar);
  const progressText = h('div.small', { 'aria-live': 'polite' });
  const result = h('div', { 'data-testid': 'import-result', 'aria-live': 'polite' });
  const submit = h('button#import-submit.btn.btn-primary', { type: 'submit', 'data-testid': 'import-submit' }, t('im.upload'));

  const form = h(
    'form.import-form',
    { novalidate: true },
    h('div.form-grid', field(t('im.kind'), kindSel, { required: true }), field(t('im.encoding'), enc), field(t('im.sheet'), sheet)),
    colsBox,
    drop,
    h('p.hint', t('im.help')),
    h('div.form-actions', submit),
    progress,
    progressText,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clear(result);
    setFieldError(kindSel, '');
    if (!kindSel.value) return setFieldError(kindSel, t('im.no_kind')), kindSel.focus();
    const errEl = document.getElementById('import-file-err');
    const fileErr = (m) => ((errEl.textContent = m), fileInput.focus());
    errEl.textContent = '';
    if (!file) return fileErr(t('im.no_file'));
    if (!/\.(csv|xlsx|txt)$/i.test(file.name)) return fileErr(t('im.bad_ext'));
    if (file.size > MAX) return fileErr(t('im.too_large'));
    submit.disabled = true;
    progress.hidden = false;
    bar.style.width = '0%';
    progressText.textContent = t('im.uploading', { p: 0 });
    try {
      const q = { kind: kindSel.value, file_name: file.name };
      if (enc.value) q.encoding = enc.value;
      if (sheet.value.trim()) q.sheet = sheet.value.trim();
      const { status, data } = await api.upload('/imports', q, file, (loaded, total, done) => {
        const p = total ? Math.round((loaded * 100) / total) : 100;
        bar.style.width = p + '%';
        progress.setAttribute('aria-valuenow', String(p));
        progressText.textContent = done || p >= 100 ? t('im.processing') : t('im.uploading', { p });
      });
      bar.style.width = '100%';
      progressText.textContent = '';
      if (status === 401) return;
      if (status >= 200 && status < 300) {
        showOk(result, data || {});
        resetLookups();
        loadLookups();
        loadHistory(history);
      } else if (data && data.details && data.details.length) showErrors(result, data, file.name);
      else result.appendChild(errorBox(new api.ApiError(status, data, '/imports')));
    } catch (err) {
      result.appendChild(errorBox(err));
    } finally {
      submit.disabled = false;
    }
  });

  const history = h('div');
  const scopeNote = scope ? h('p.note', { 'data-testid': 'import-scope' }, pick(SCOPE_NOTE, 'text').replace('{d}', districtName(scope) + ' ' + scope)) : null;
  // one template per kind (GET /imports/templates/{kind}): Chinese headers, an example row, 填写说明
  const templates = h(
    'div',
    h('p.note', t('im.templates_note')),
    h(
      'ul.template-links',
      { 'data-testid': 'import-templates' },
      ...kinds.map((k) =>
        h(
          'li',
          h('a', { href: '/api/v1/imports/templates/' + encodeURIComponent(k), download: '', 'data-testid': 'template-' + k }, (has('ik.' + k) ? t('ik.' + k) : k) + ' · ' + t('im.template_link')),
        ),
      ),
    ),
  );
  fill(ctx.root, pageHead(t('im.title')), scopeNote, section(null, form), result, section(t('im.templates'), templates), section(t('im.history'), history));
  showColumns();
  loadHistory(history);
}

function showOk(box, r) {
  clear(box).appendChild(
    h(
      'div.alert.alert-ok',
      { role: 'status', 'data-testid': 'import-ok' },
      h('strong', '✔ ' + t('im.ok') + '：'),
      h('span.mono.small', r.file_name || ''), ' — ',
      h('span', { 'data-testid': 'import-counts' }, t('im.ok_detail', { rows: num(r.rows), ins: num(r.inserted), upd: num(r.updated), unc: num(r.unchanged) })),
    ),
  );
}

function msg(d) {
  return pick(d, 'message');
}

function showErrors(box, data, fileName) {
  const details = data.details || [];
  const total = data.total_errors || details.length;
  const rows = details.map((d) => ({ file: d.file || fileName, row: d.row, column: d.column, value: d.value, reason: msg(d) }));
  const csv = () => {
    const head = [t('im.err_file'), t('im.err_row'), t('im.err_col'), t('im.err_value'), t('im.err_reason')];
    const lines = [head, ...rows.map((r) => [r.file, r.row, r.column, r.value, r.reason])].map((l) => l.map(csvCell).join(','));
    // BOM so that Excel opens the UTF-8 file with Chinese text correctly
    download((fileName || 'import').replace(/\.[^.]*$/, '') + (getLang() === 'en' ? '-errors.csv' : '-错误报告.csv'), '\ufeff' + lines.join('\r\n') + '\r\n');
  };
  fill(box, 
    h(
      'div.alert.alert-error',
      { role: 'alert', 'data-testid': 'import-failed' },
      h('strong', '✖ ' + t('im.failed')),
      h('div', msg(data)),
      h('div', t('im.failed_detail', { n: num(total) })),
      total > details.length ? h('div.small', t('im.failed_more', { k: details.length })) : null,
      h('div.alert-actions', h('button.btn', { type: 'button', 'data-testid': 'download-errors', onclick: csv }, '⤓ ' + t('im.download_errors'))),
    ),
    section(
      null,
      table(
      [
        { key: 'file', label: t('im.err_file') },
        { key: 'row', label: t('im.err_row'), align: 'num' },
        { key: 'column', label: t('im.err_col'), render: (r) => h('span.mono', r.column || '—') },
        { key: 'value', label: t('im.err_value'), render: (r) => h('span.mono.errval', r.value === '' || r.value == null ? t('im.empty_value') : String(r.value)) },
        { key: 'reason', label: t('im.err_reason') },
      ],
      rows,
      { testid: 'import-errors' },
      ),
    ),
  );
}

async function loadHistory(box) {
  try {
    const r = await api.get('/imports', { per_page: 20 });
    clear(box).appendChild(
      table(
        [
          { key: 'id', label: t('c.id') },
          { key: 'kind', label: t('im.kind'), render: (x) => kindLabel(x.kind) },
          // the user's own file name: an identifier, in small print
          { key: 'file_name', label: t('im.file'), render: (x) => h('span.mono.small', x.file_name || '') },
          { key: 'rows', label: t('im.rows'), align: 'num', render: (x) => num(x.rows) },
          { key: 'inserted', label: t('im.inserted'), align: 'num', render: (x) => num(x.inserted) },
          { key: 'updated', label: t('im.updated'), align: 'num', render: (x) => num(x.updated) },
          { key: 'unchanged', label: t('im.unchanged'), align: 'num', render: (x) => num(x.unchanged) },
          { key: 'imported_at', label: t('im.at'), render: (x) => datetime(x.imported_at) },
          { key: 'actor', label: t('im.actor') },
        ],
        (r && r.items) || (Array.isArray(r) ? r : []),
        { testid: 'import-history' },
      ),
    );
  } catch (e) {
    if (e.status !== 401) clear(box).appendChild(errorBox(e));
  }
}
