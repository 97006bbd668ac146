// api.js: calls to /api/v1 — JSON in and out, the CSRF token on every state-changing request,
// one error type carrying the server's {code, message_zh, message_en, details}.

import { pick, t } from './i18n.js';

export const BASE = '/api/v1';

export const session = {
  user: null,
  csrf: null,
};

let onUnauthenticated = () => {};
export function setUnauthenticatedHandler(fn) {
  onUnauthenticated = fn;
}

export class ApiError extends Error {
  constructor(status, body, path) {
    super((body && (body.message_en || body.message_zh)) || 'HTTP ' + status);
    this.status = status;
    this.code = (body && body.code) || (status === 0 ? 'network' : 'http_' + status);
    this.body = body || {};
    this.details = (body && body.details) || [];
    this.path = path;
  }
  // The message in the current language.
  text() {
    if (this.status === 0) return t('c.network');
    const m = pick(this.body, 'message');
    if (m) return m;
    if (this.status === 404 && this.code !== 'not_found') return t('c.api_missing', { path: this.path });
    if (this.status === 404) return t('c.not_found');
    if (this.status === 403) return t('c.forbidden');
    return t('c.error') + ' (HTTP ' + this.status + ')';
  }
}

export function qs(params) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    u.set(k, String(v));
  }
  const s = u.toString();
  return s ? '?' + s : '';
}

function isWrite(method) {
  return method !== 'GET' && method !== 'HEAD';
}

export async function request(method, path, { query, body, headers, noAuthRedirect } = {}) {
  const url = BASE + path + qs(query);
  const h = Object.assign({ Accept: 'application/json' }, headers || {});
  let payload;
  if (body !== undefined) {
    h['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (isWrite(method) && session.csrf) h['X-CSRF-Token'] = session.csrf;
  let res;
  try {
    res = await fetch(url, { method, headers: h, body: payload, credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, null, path);
  }
  if (res.status === 204) return null;
  let data = null;
  const ct = res.headers.get('Content-Type') || '';
  if (ct.includes('json')) {
    try {
      data = await res.json();
    } catch (_) {
      data = null;
    }
  } else {
    try {
      const txt = await res.text();
      data = txt ? { message_zh: '', message_en: '', raw: txt } : null;
    } catch (_) {
      data = null;
    }
  }
  if (!res.ok) {
    const err = new ApiError(res.status, data, path);
    if (res.status === 401 && !noAuthRedirect) {
      session.user = null;
      session.csrf = null;
      onUnauthenticated(err);
    }
    throw err;
  }
  return data;
}

export const get = (path, query, opts) => request('GET', path, Object.assign({ query }, opts || {}));
export const post = (path, body, opts) => request('POST', path, Object.assign({ body }, opts || {}));
export const patch = (path, body, opts) => request('PATCH', path, Object.assign({ body }, opts || {}));
export const del = (path, opts) => request('DELETE', path, opts || {});

export async function login(username, password) {
  const r = await request('POST', '/session', { body: { username, password }, noAuthRedirect: true });
  session.user = r.user;
  session.csrf = r.csrf_token;
  return r;
}

export async function restore() {
  const r = await request('GET', '/session', { noAuthRedirect: true });
  session.user = r.user;
  session.csrf = r.csrf_token;
  return r;
}

export async function logout() {
  try {
    await request('DELETE', '/session', { noAuthRedirect: true });
  } finally {
    session.user = null;
    session.csrf = null;
  }
}

// Upload raw bytes with XMLHttpRequest (for upload progress). Resolves with {status, data}.
export function upload(path, query, file, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', BASE + path + qs(query));
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.setRequestHeader('Accept', 'application/json');
    if (session.csrf) xhr.setRequestHeader('X-CSRF-Token', session.csrf);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(e.loaded, e.total);
    };
    xhr.upload.onload = () => onProgress && onProgress(file.size, file.size, true);
    xhr.onerror = () => reject(new ApiError(0, null, path));
    xhr.onload = () => {
      let data = null;
      try {
        data = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch (_) {
        data = null;
      }
      if (xhr.status === 401) {
        session.user = null;
        session.csrf = null;
        onUnauthenticated();
      }
      resolve({ status: xhr.status, data });
    };
    xhr.send(file);
  });
}

// Small cache for the lookup lists (districts, industries).
const cache = new Map();
export async function cached(path, query) {
  const key = path + qs(query);
  if (!cache.has(key)) {
    const p = get(path, query).catch((e) => {
      cache.delete(key);
      throw e;
    });
    cache.set(key, p);
  }
  return cache.get(key);
}
export function clearCache() {
  cache.clear();
}

// Fetch every page of a list (bounded) — for lookups such as districts and industries.
export async function all(path, query, max = 2000) {
  const out = [];
  let page = 1;
  for (;;) {
    const r = await get(path, Object.assign({}, query, { page, per_page: 500 }));
    const items = (r && r.items) || (Array.isArray(r) ? r : []);
    out.push(...items);
    if (!r || Array.isArray(r) || out.length >= (r.total || 0) || items.length === 0 || out.length >= max) break;
    page++;
  }
  return out;
}

export function hasRole(...rs) {
  const mine = (session.user && session.user.roles) || [];
  return rs.some((r) => mine.includes(r));
}

// A permission of the server's table (core/authz.c): read_registry, import, run_eval, open_case,
// act_case, edit_plan, read_audit, manage_users, manage_ref, read_credit. Falls back to roles
// when the session does not carry permissions.
const PERM_ROLES = {
  run_eval: ['city', 'drc', 'energy', 'eco_env', 'emergency', 'market'],
  open_case: ['city', 'drc', 'energy', 'eco_env', 'emergency', 'market', 'district'],
  act_case: ['city', 'drc', 'energy', 'eco_env', 'emergency', 'market', 'district', 'government'],
  edit_plan: ['city', 'district'],
  import: ['city', 'district', 'sysadmin'],
  manage_users: ['secadmin'],
  read_audit: ['auditor', 'auditadmin'],
  manage_ref: ['sysadmin'],
  read_credit: ['city', 'drc', 'energy', 'eco_env', 'emergency', 'market', 'auditor', 'bank', 'natres', 'finance', 'tax'],
  manage_credit: ['city'],
  joint: ['city', 'drc', 'emergency', 'market', 'natres', 'finance', 'tax'],
  publish: ['city'],
  handle_reports: ['city', 'district'],
  issue_notice: ['city'],
};
export function can(perm) {
  const u = session.user;
  if (!u) return false;
  if (Array.isArray(u.permissions)) return u.permissions.includes(perm);
  return hasRole(...(PERM_ROLES[perm] || []));
}

// POST a JSON body and save the file the server answers (a PDF notice): the browser's download,
// named by the server's Content-Disposition or fallback.  Returns the X-Document-Number header.
export async function download(path, body, fallback) {
  const h = { Accept: 'application/pdf, application/json', 'Content-Type': 'application/json' };
  if (session.csrf) h['X-CSRF-Token'] = session.csrf;
  let res;
  try {
    res = await fetch(BASE + path, { method: 'POST', headers: h, body: JSON.stringify(body || {}), credentials: 'same-origin' });
  } catch (e) {
    throw new ApiError(0, null, path);
  }
  if (!res.ok) {
    let data = null;
    try {
      data = await res.json();
    } catch (_) {
      data = null;
    }
    throw new ApiError(res.status, data, path);
  }
  const blob = await res.blob();
  const number = decodeURIComponent(res.headers.get('X-Document-Number') || '');
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = (number ? number.replace(/[\\/:*?"<>|]/g, '_') : fallback || 'document') + '.pdf';
  document.body.appendChild(a);
  a.click();
  setTimeout(() => (URL.revokeObjectURL(a.href), a.remove()), 1000);
  return number;
}
