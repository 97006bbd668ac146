// router.js: hash routes — '#/enterprises?district=150302&page=2'. The filters live in the URL,
// so any list can be bookmarked and shared.

export function current() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const i = raw.indexOf('?');
  const path = i < 0 ? raw : raw.slice(0, i);
  const query = {};
  for (const [k, v] of new URLSearchParams(i < 0 ? '' : raw.slice(i + 1))) query[k] = v;
  return { path: path || '/', query };
}

export function href(path, query) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) {
    if (v === undefined || v === null || v === '') continue;
    u.set(k, String(v));
  }
  const s = u.toString();
  return '#' + path + (s ? '?' + s : '');
}

export function go(path, query) {
  const target = href(path, query);
  if (location.hash === target) window.dispatchEvent(new HashChangeEvent('hashchange'));
  else location.hash = target;
}

// Replace the query of the current route (keeps the path). Setting a filter resets the page.
export function setQuery(patch, { keepPage } = {}) {
  const { path, query } = current();
  const q = Object.assign({}, query, patch);
  if (!keepPage && !('page' in patch)) delete q.page;
  go(path, q);
}
