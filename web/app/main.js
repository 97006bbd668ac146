// main.js: the frame (top bar, left menu by role), the login page and the route table.

import * as api from './api.js';
import { session } from './api.js';
import { configure, getLang, setLang, t, tv } from './i18n.js';
import { current, go, href } from './router.js';
import { clear, fill, errorBox, h, loading, setPrintUser } from './ui.js';
import { districtName, loadLookups, cityName } from './lookups.js';
import { loadPolicy } from './policy.js';

import * as dashboard from './pages/dashboard.js';
import * as enterprises from './pages/enterprises.js';
import * as equipment from './pages/equipment.js';
import * as energy from './pages/energy.js';
import * as dualcontrol from './pages/dualcontrol.js';
import * as evaluations from './pages/evaluations.js';
import * as gaps from './pages/gaps.js';
import * as cases from './pages/cases.js';
import * as notifications from './pages/notifications.js';
import * as plans from './pages/plans.js';
import * as disclosure from './pages/disclosure.js';
import * as credit from './pages/credit.js';
import * as resettlement from './pages/resettlement.js';
import * as reports from './pages/reports.js';
import * as surcharges from './pages/surcharges.js';
import * as imports from './pages/imports.js';
import * as admin from './pages/admin.js';

import { MENU, allows } from './menu.js';

// Routes: [regexp over the path, menu key, render(ctx)]
const ROUTES = [
  [/^\/dashboard$/, 'dashboard', dashboard.render],
  [/^\/enterprises$/, 'enterprises', enterprises.renderList],
  [/^\/enterprises\/([^/]+)$/, 'enterprises', enterprises.renderDetail],
  [/^\/equipment$/, 'equipment', equipment.render],
  [/^\/energy$/, 'energy', energy.render],
  [/^\/dual-control$/, 'dualcontrol', dualcontrol.render],
  [/^\/evaluations$/, 'evaluations', evaluations.renderRuns],
  [/^\/evaluations\/(\d+)$/, 'evaluations', evaluations.renderFindings],
  [/^\/evaluations\/(\d+)\/diff$/, 'evaluations', evaluations.renderDiff],
  [/^\/findings\/([^/]+)$/, 'evaluations', evaluations.renderFinding],
  [/^\/data-gaps$/, 'datagaps', gaps.render],
  [/^\/cases$/, 'cases', cases.renderList],
  [/^\/cases\/(\d+)$/, 'cases', cases.renderDetail],
  [/^\/notifications$/, 'notifications', notifications.render],
  [/^\/plans$/, 'plans', plans.renderPlans],
  [/^\/supervision$/, 'supervision', plans.renderSupervision],
  [/^\/resettlement$/, 'resettlement', resettlement.renderList],
  [/^\/resettlement\/(\d+)$/, 'resettlement', resettlement.renderCase],
  [/^\/disclosure$/, 'disclosure', disclosure.render],
  [/^\/credit$/, 'credit', credit.renderRecords],
  [/^\/joint$/, 'joint', credit.renderJoint],
  [/^\/bank-lists$/, 'banklists', credit.renderBank],
  [/^\/surcharges$/, 'surcharges', surcharges.render],
  [/^\/reports$/, 'reports', reports.render],
  [/^\/reports\/(\d+)$/, 'reports', reports.renderOne],
  [/^\/imports$/, 'imports', imports.render],
  [/^\/admin\/users$/, 'users', admin.renderUsers],
  [/^\/admin\/roles$/, 'roles', admin.renderRoles],
  [/^\/admin\/audit$/, 'audit', admin.renderAudit],
  [/^\/admin\/reference$/, 'reference', admin.renderReference],
  [/^\/admin\/reference\/([^/]+)$/, 'reference', admin.renderReferenceTable],
];

function allowedItems() {
  return MENU.map((g) => ({ group: g.group, items: g.items.filter((i) => allows(i, session.user)) })).filter((g) => g.items.length);
}
function homePath() {
  const g = allowedItems();
  return g.length ? g[0].items[0].path : '/dashboard';
}

const root = document.getElementById('app');
let leaveFns = [];
let loginNotice = '';

function runLeave() {
  for (const d of document.querySelectorAll('dialog.dlg')) {
    d.close();
    d.remove();
  }
  for (const f of leaveFns) {
    try {
      f();
    } catch (_) {
      /* ignore */
    }
  }
  leaveFns = [];
}

// The city's policy numbers the labels name (policy.js, i18n.js {pol_*}), for the accounts that
// may read them (GET /api/v1/policy wants read_registry); loaded once, before any page renders.
function sessionPolicy() {
  return api.can('read_registry') ? loadPolicy().catch(() => {}) : Promise.resolve();
}

// ---- login ---------------------------------------------------------------------------------

function renderLogin() {
  runLeave();
  document.title = t('login.title') + ' - ' + t('app.name');
  const user = h('input#login-username', { name: 'username', autocomplete: 'username', required: true, autofocus: true });
  const pass = h('input#login-password', { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('div#login-error.login-error', { role: 'alert', 'aria-live': 'assertive', 'data-testid': 'login-error' }, loginNotice);
  const submit = h('button#login-submit.btn.btn-primary.btn-block', { type: 'submit' }, t('login.submit'));
  const form = h(
    'form.login-form',
    { novalidate: true, 'aria-labelledby': 'login-title' },
    h('h2#login-title', t('login.title')),
    h('div.field', h('label', { for: 'login-username' }, t('login.username')), user),
    h('div.field', h('label', { for: 'login-password' }, t('login.password')), pass),
    msg,
    submit,
  );
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    msg.textContent = '';
    if (!user.value.trim() || !pass.value) {
      msg.textContent = t('login.need');
      (user.value.trim() ? pass : user).focus();
      return;
    }
    submit.disabled = true;
    submit.textContent = t('login.busy');
    try {
      await api.login(user.value.trim(), pass.value);
      loginNotice = '';
      await Promise.all([loadLookups().catch(() => {}), sessionPolicy()]);
      const want = sessionStorage.getItem('phaseout.after_login');
      sessionStorage.removeItem('phaseout.after_login');
      if (want && want !== '#/login' && want !== '#/') location.hash = want;
      else go(homePath());
      route();
    } catch (err) {
      msg.textContent = err.text ? err.text() : String(err);
      pass.value = '';
      pass.focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('login.submit');
    }
  });
  clear(root).appendChild(
    h(
      'div.login-page',
      h(
        'div.login-top',
        h('div.brand', h('span.emblem', { 'aria-hidden': 'true' }, '能'), h('span', t('app.name'))),
        langButton(),
      ),
      h(
        'main.login-main',
        h(
          'div.login-card',
          h('div.login-intro', h('h1', t('app.name')), h('p', t('login.subtitle')), h('p.small', t('login.notice'))),
          form,
        ),
      ),
      h('footer.login-foot', t('app.name') + ' · phaseout'),
    ),
  );
}

// An administrator set this account's password: it must be changed before anything else (the
// server answers 403 password_change_required to every other request). Changing it ends the
// session: sign in again with the new password.
function renderPasswordChange() {
  runLeave();
  document.title = t('pw.title') + ' - ' + t('app.name');
  const cur = h('input#pw-current', { type: 'password', autocomplete: 'current-password', required: true });
  const fresh = h('input#pw-new', { type: 'password', autocomplete: 'new-password', required: true });
  const again = h('input#pw-again', { type: 'password', autocomplete: 'new-password', required: true });
  const msg = h('div.login-error', { role: 'alert', 'data-testid': 'pw-error' });
  const submit = h('button#pw-submit.btn.btn-primary.btn-block', { type: 'submit' }, t('pw.submit'));
  const form = h('form.login-form', { novalidate: true, 'data-testid': 'pw-form' },
    h('h2', t('pw.title')), h('p.small', t('pw.why')),
    h('div.field', h('label', { for: 'pw-current' }, t('pw.current')), cur),
    h('div.field', h('label', { for: 'pw-new' }, t('pw.new')), fresh),
    h('div.field', h('label', { for: 'pw-again' }, t('pw.again')), again),
    msg, submit);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    msg.textContent = '';
    if (!cur.value || !fresh.value) return void (msg.textContent = t('login.need'));
    if (fresh.value !== again.value) return void (msg.textContent = t('pw.mismatch'));
    submit.disabled = true;
    try {
      await api.post('/session/password', { current_password: cur.value, new_password: fresh.value });
      session.user = null;
      session.csrf = null;
      loginNotice = t('pw.done');
      go('/login');
    } catch (err) {
      msg.textContent = err.text ? err.text() : String(err);
    } finally {
      submit.disabled = false;
    }
  });
  clear(root).appendChild(h('div.login-page',
    h('div.login-top', h('div.brand', h('span.emblem', { 'aria-hidden': 'true' }, '能'), h('span', t('app.name'))), langButton()),
    h('main.login-main', h('div.login-card', h('div.login-intro', h('h1', t('app.name'))), form))));
}

function langButton() {
  return h(
    'button#lang-switch.btn-lang',
    {
      type: 'button',
      lang: getLang() === 'en' ? 'zh-CN' : 'en',
      title: t('top.lang_switch_title'),
      'data-testid': 'lang-switch',
      onclick: () => {
        setLang(getLang() === 'en' ? 'zh' : 'en');
        route();
      },
    },
    h('span.lang-cur', getLang() === 'en' ? 'EN' : '中'),
    ' / ',
    t('top.lang_switch'),
  );
}

// ---- frame ---------------------------------------------------------------------------------

const BELL_SVG =
  '<svg viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false"><path fill="currentColor" d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1z"/></svg>';

// The bell: pending overdue and 7-day reminders (pages/notifications.js), filled in when the
// count arrives; a link to the 提醒事项 page filtered to them.
function bell() {
  if (!api.can('read_registry')) return null;
  const count = h('span.bell-count', { 'data-testid': 'bell-count', hidden: true });
  const icon = h('span.bell-icon');
  icon.innerHTML = BELL_SVG;
  const a = h('a#bell.btn-top.bell', { href: href('/notifications', notifications.BELL_QUERY), 'data-testid': 'bell', title: t('menu.notifications') }, icon, count);
  notifications
    .bellCount()
    .then((n) => {
      if (n === null) return;
      count.textContent = n > 99 ? '99+' : String(n);
      count.hidden = n === 0;
      a.dataset.count = String(n);
      a.title = t('top.bell', { n });
      a.setAttribute('aria-label', t('top.bell', { n }));
    })
    .catch(() => {});
  return a;
}

function frame(activeKey) {
  const u = session.user;
  const roleText = (u.roles || []).map((r) => tv('role', r)).join(t('c.list_sep'));
  const distText = u.district_code ? districtName(u.district_code) : t('top.district_all');
  const top = h(
    'header.topbar',
    h('a.skip', { href: '#main' , onclick: (e) => { e.preventDefault(); document.getElementById('main').focus(); } }, t('top.skip')),
    h('div.brand', h('span.emblem', { 'aria-hidden': 'true' }, '能'), h('span.sysname', t('app.name')), h('span.city', cityName())),
    h('div.spacer'),
    bell(),
    h(
      'div.userbox',
      { 'data-testid': 'userbox' },
      h('span.uname', { 'data-testid': 'user-name' }, u.display_name || u.username),
      h('span.urole', roleText),
      h('span.udist', distText),
    ),
    langButton(),
    h(
      'button#logout.btn-top',
      {
        type: 'button',
        'data-testid': 'logout',
        onclick: async () => {
          await api.logout().catch(() => {});
          go('/login');
        },
      },
      t('top.logout'),
    ),
  );
  const nav = h('nav.sidemenu', { 'aria-label': t('menu.label') });
  for (const g of allowedItems()) {
    nav.appendChild(h('div.menu-group', t(g.group)));
    const ul = h('ul');
    for (const i of g.items) {
      ul.appendChild(
        h(
          'li',
          h(
            'a.menu-item' + (i.key === activeKey ? '.active' : ''),
            { href: href(i.path), 'data-testid': 'menu-' + i.key, 'aria-current': i.key === activeKey ? 'page' : null },
            h('span.micon', { 'aria-hidden': 'true' }, i.icon),
            t(i.label),
          ),
        ),
      );
    }
    nav.appendChild(ul);
  }
  const main = h('main#main.content', { tabindex: '-1' });
  fill(root, top, h('div.body', nav, main));
  return main;
}

// ---- routing -------------------------------------------------------------------------------

let routing = 0;
let navigated = false;
async function route() {
  const seq = ++routing;
  document.documentElement.lang = getLang() === 'en' ? 'en' : 'zh-CN';
  const { path, query } = current();
  if (path === '/login') {
    if (session.user) {
      // a logged-in user landing on #/login: log in again (keeps the old session harmless)
    }
    return renderLogin();
  }
  if (!session.user) {
    try {
      await api.restore();
      await Promise.all([loadLookups().catch(() => {}), sessionPolicy()]);
    } catch (e) {
      if (seq !== routing) return;
      if (e.status !== 401 && e.status !== 0 && e.status !== 404) {
        // server error: still show the login page, with the message
        loginNotice = e.text();
      }
      if (path !== '/' && path !== '/login') sessionStorage.setItem('phaseout.after_login', location.hash);
      return go('/login');
    }
  }
  if (seq !== routing) return;
  if (session.user && session.user.must_change_password) return renderPasswordChange();
  if (path === '/' || path === '') return go(homePath());
  runLeave();
  let match = null;
  for (const [re, key, fn] of ROUTES) {
    const m = re.exec(path);
    if (m) {
      match = { key, fn, params: m.slice(1).map(decodeURIComponent) };
      break;
    }
  }
  const main = frame(match ? match.key : '');
  if (!match) {
    main.appendChild(h('div.alert.alert-error', t('c.not_found')));
    return;
  }
  const item = MENU.flatMap((g) => g.items).find((i) => i.key === match.key);
  document.title = (item ? t(item.label) + ' - ' : '') + t('app.name');
  if (item && !allows(item, session.user)) {
    main.appendChild(h('div.alert.alert-error', { role: 'alert' }, t('c.forbidden')));
    return;
  }
  main.appendChild(loading());
  const ctx = {
    root: main,
    params: match.params,
    query,
    path,
    user: session.user,
    onLeave: (f) => leaveFns.push(f),
    isCurrent: () => seq === routing,
  };
  // keyboard and screen-reader users land on the new page's content after a navigation
  if (navigated && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
  navigated = true;
  try {
    await match.fn(ctx);
  } catch (e) {
    if (seq !== routing) return;
    if (e && e.status === 401) return;
    console.error(e);
    clear(main).appendChild(errorBox(e, () => route()));
  }
}

api.setUnauthenticatedHandler(() => {
  if (current().path !== '/login') {
    loginNotice = t('login.expired');
    sessionStorage.setItem('phaseout.after_login', location.hash);
    go('/login');
  }
});

setPrintUser(() => (session.user ? session.user.display_name || session.user.username : ''));
window.addEventListener('hashchange', route);
setLang(getLang());
// app/config.json: the deployment's system name and city (optional)
fetch('/app/config.json', { headers: { Accept: 'application/json' } })
  .then((r) => (r.ok ? r.json() : null))
  .catch(() => null)
  .then((cfg) => {
    configure(cfg);
    route();
  });
