// lookups.js: districts and industries (for filter bars and names), loaded once per session.

import * as api from './api.js';
import { getLang, has, t } from './i18n.js';

let districts = [];
let industries = [];
let loaded = null;
let loadedFor = null; // the account they were loaded for: another login loads them again

// Every signed-in account may read both lists (GET /districts and /industries need no
// permission), so every role sees names, never bare codes.
export function loadLookups() {
  const who = (api.session.user && api.session.user.username) || '';
  if (loaded && loadedFor !== who) loaded = null;
  if (!loaded) {
    loadedFor = who;
    loaded = Promise.all([
      api.all('/districts').then((d) => (districts = d)).catch(() => (districts = [])),
      api.all('/industries').then((d) => (industries = d)).catch(() => (industries = [])),
    ]).catch(() => {
      loaded = null;
    });
  }
  return loaded;
}
export function resetLookups() {
  loaded = null;
  loadedFor = null;
}

export function getDistricts() {
  return districts;
}
export function districtOptions() {
  const ds = districts.filter((d) => d.level === 'district');
  return [{ value: '', label: t('c.all') }, ...(ds.length ? ds : districts).map((d) => ({ value: d.code, label: d.name + '（' + d.code + '）' }))];
}
export function districtName(code) {
  if (!code) return '';
  const d = districts.find((x) => x.code === code);
  return d ? d.name : code;
}
export function cityName() {
  if (has('app.city')) return t('app.city');
  const c = districts.find((x) => x.level === 'city');
  return c ? c.name : t('app.city_default');
}
export function industryOptions() {
  const seen = new Set();
  const out = [{ value: '', label: t('c.all') }];
  for (const i of industries) {
    if (seen.has(i.code)) continue;
    seen.add(i.code);
    out.push({ value: i.code, label: i.code + ' ' + i.name + (i.two_high ? ' ★' : '') });
  }
  return out;
}
export function industryName(code) {
  const i = industries.find((x) => x.code === code);
  return i ? i.name : code || '';
}
export function langIsEn() {
  return getLang() === 'en';
}
