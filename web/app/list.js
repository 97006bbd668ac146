// list.js: the one list screen (台账) — a filter bar whose values live in the URL, a sortable
// table, a total count and pagination 20 / 50 / 100.

import * as api from './api.js';
import { t } from './i18n.js';
import { setQuery, go } from './router.js';
import { clear, fill, errorBox, field, h, loading, pager, select, table } from './ui.js';

// filters: [{key, label, type: 'select'|'text'|'date'|'number', options: [] | () => [], placeholder, width}]
export function filterBar(filters, query, { onSubmit, onReset } = {}) {
  const controls = {};
  const form = h('form.filterbar', { role: 'search', 'data-testid': 'filter-bar' });
  for (const f of filters) {
    let c;
    const id = 'flt-' + f.key;
    if (f.type === 'select') {
      const opts = typeof f.options === 'function' ? f.options() : f.options;
      c = select(opts, query[f.key] ?? f.default ?? '', { id, name: f.key, 'data-testid': 'filter-' + f.key });
      c.addEventListener('change', () => form.requestSubmit());
    } else {
      c = h('input', {
        id,
        name: f.key,
        type: f.type === 'date' ? 'date' : f.type === 'number' ? 'number' : 'search',
        value: query[f.key] ?? f.default ?? '',
        placeholder: f.placeholder || '',
        min: f.min,
        max: f.max,
        'data-testid': 'filter-' + f.key,
      });
      if (f.width) c.style.width = f.width;
    }
    controls[f.key] = c;
    form.appendChild(field(f.label, c));
  }
  form.appendChild(
    h(
      'div.filter-actions',
      h('button.btn.btn-primary', { type: 'submit', 'data-testid': 'filter-submit' }, t('c.search')),
      h('button.btn', { type: 'button', 'data-testid': 'filter-reset', onclick: () => (onReset ? onReset() : setQuery(Object.fromEntries(filters.map((f) => [f.key, ''])))) }, t('c.reset')),
    ),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const patch = {};
    for (const f of filters) patch[f.key] = controls[f.key].value.trim();
    if (onSubmit) onSubmit(patch);
    else setQuery(patch);
  });
  return { form, controls };
}

// A complete list screen inside `container`.
// opts: {endpoint, filters, columns, defaultSort, testid, query (route query), apiQuery(q) -> extra,
//        toolbar(q) -> nodes, transform(resp) -> items, empty}
export async function listView(container, opts) {
  const q = opts.query;
  const page = Math.max(1, parseInt(q.page || '1', 10) || 1);
  const perPage = [20, 50, 100].includes(Number(q.per_page)) ? Number(q.per_page) : 20;
  const sort = q.sort || opts.defaultSort || '';
  const { form } = filterBar(opts.filters || [], q, { onReset: opts.onReset });
  const toolbar = h('div.toolbar', opts.toolbar ? opts.toolbar(q) : null);
  const out = h('div.list-body', loading());
  fill(container, opts.filters && opts.filters.length ? form : h('span'), toolbar, out);
  const apiQuery = { page, per_page: perPage };
  if (sort) apiQuery.sort = sort;
  for (const f of opts.filters || []) if (q[f.key]) apiQuery[f.apiKey || f.key] = q[f.key];
  Object.assign(apiQuery, opts.apiQuery ? opts.apiQuery(q) : {});
  let resp;
  try {
    resp = await api.get(opts.endpoint, apiQuery);
  } catch (e) {
    if (e.status === 401) throw e;
    clear(out).appendChild(errorBox(e, () => listView(container, opts)));
    return null;
  }
  const items = opts.transform ? opts.transform(resp) : (resp && resp.items) || (Array.isArray(resp) ? resp : []);
  const total = resp && typeof resp.total === 'number' ? resp.total : items.length;
  fill(out, 
    opts.before ? opts.before(resp) : null,
    table(opts.columns, items, {
      sort,
      testid: opts.testid,
      empty: opts.empty,
      rowAttrs: opts.rowAttrs,
      onSort: (s) => setQuery({ sort: s }, { keepPage: false }),
    }),
    pager({
      total,
      page,
      perPage,
      onPage: (p) => setQuery({ page: p }, { keepPage: true }),
      onPerPage: (n) => setQuery({ per_page: n }),
    }),
  );
  return resp;
}

export function linkTo(path, label, attrs) {
  return h('a', Object.assign({ href: '#' + path }, attrs || {}), label);
}
export { go };
