// test_ui.mjs: browser tests of the web UI — playwright-core driving Debian's /usr/bin/chromium
// headless against a real `phaseout serve` on a free loopback port over a fresh demo database.
//
//   node tests/web/test_ui.mjs [--bin build/rel/phaseout] [--chromium /usr/bin/chromium]
//                              [--artifacts build/test-artifacts/web] [--web web]
//
// Needs: the built binary, `npm ci` in web/ (playwright-core; no browser is downloaded) and the
// chromium package. Steps: log in (a wrong password first), import a file with errors and read
// the row errors, import a good one, run an evaluation, open a finding's explanation, take a case
// to closure, see the dashboard charts drawn, run the deadline check and find its reminder behind
// the bell, switch to English, log out. A screenshot of every step is kept under the artifacts
// directory. node:test prints the summary; the exit code is non-zero when a step fails.

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync, readFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { arg, CHROMIUM_ARGS, keepLocal, serve } from './harness.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const BIN = path.resolve(root, arg('bin', process.env.PHASEOUT_BIN || 'build/rel/phaseout'));
const WEB = path.resolve(root, arg('web', 'web'));
const CHROMIUM = arg('chromium', process.env.CHROMIUM || '/usr/bin/chromium');
const ART = path.resolve(root, arg('artifacts', 'build/test-artifacts/web'));
const USER = 'uitester';
const PASSWORD = 'Ui-test-pass-2026!';
const TIMEOUT = 20000;

let tmp, server, browser, context, page, base;
let shotNo = 0;
const consoleErrors = [];

function cli(args, input) {
  return execFileSync(BIN, args, { input, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'], cwd: root });
}

async function shot(name) {
  const file = path.join(ART, String(++shotNo).padStart(2, '0') + '-' + name + '.png');
  await page.screenshot({ path: file, fullPage: false });
  return file;
}

// A tiny valid PDF for the case documents (the server judges attachments by content).
function pdfBytes(title) {
  const body = `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${title}\ntrailer<</Root 1 0 R>>\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

before(async () => {
  assert.ok(existsSync(BIN), 'no binary at ' + BIN + ' (run make first)');
  assert.ok(existsSync(CHROMIUM), 'no browser at ' + CHROMIUM + ' (apt-get install -y chromium)');
  const pwPath = path.join(WEB, 'node_modules/playwright-core/index.mjs');
  assert.ok(existsSync(pwPath), 'playwright-core missing: run `npm ci` in web/');
  assert.ok(existsSync(path.join(WEB, 'node_modules/echarts/dist/echarts.min.js')), 'echarts missing: run `npm ci` in web/');
  // this run's screenshots only
  rmSync(ART, { recursive: true, force: true });
  mkdirSync(ART, { recursive: true });
  tmp = mkdtempSync(path.join(tmpdir(), 'phaseout-web-'));
  const db = path.join(tmp, 'ui.db');
  cli(['db', 'init', '--db', db]);
  cli(['demo', '--db', db, '--seed', '1']);
  cli(['user', 'add', USER, '--role', 'city', '--name', '界面测试员', '--password-stdin', '--db', db], PASSWORD + '\n');
  cli(['user', 'add', 'uisecadmin', '--role', 'secadmin', '--name', '界面安全管理员', '--password-stdin', '--db', db], PASSWORD + '\n');
  cli(['user', 'add', 'uisecadmin2', '--role', 'secadmin', '--name', '第二安全管理员', '--password-stdin', '--db', db], PASSWORD + '\n');
  cli(['user', 'add', 'uidistrict', '--role', 'district', '--district', '150303', '--name', '界面区级用户', '--password-stdin', '--db', db], PASSWORD + '\n');

  ({ server, base } = await serve(BIN, db, WEB, root));

  const { chromium } = await import(pathToFileURL(pwPath).href);
  context = await chromium.launchPersistentContext(path.join(tmp, 'profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1366, height: 768 },
    locale: 'zh-CN',
    acceptDownloads: true,
  });
  browser = context;
  page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(TIMEOUT);
  page.on('pageerror', (e) => consoleErrors.push('pageerror: ' + e.message));
  // a Content-Security-Policy violation (an inline style or script the server's policy refuses)
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) consoleErrors.push('csp: ' + m.text()); });
  // Nothing may leave the machine: every request goes to the server under test.
  await keepLocal(context, base, consoleErrors);
});

after(async () => {
  try {
    if (page && !page.isClosed()) await shot('final').catch(() => {});
    if (browser) await browser.close();
  } finally {
    if (server) server.kill('SIGTERM');
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  }
});

test('login: a wrong password is refused next to the form, the right one opens the frame', async () => {
  await page.goto(base + '/');
  await page.waitForSelector('#login-username');
  assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
  assert.equal(await page.textContent('#login-submit'), '登录');
  await page.fill('#login-username', USER);
  await page.fill('#login-password', 'wrong-password');
  await page.click('#login-submit');
  await page.waitForFunction(() => document.querySelector('#login-error').textContent.trim().length > 0);
  await shot('login-refused');
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('.sidemenu');
  assert.match(await page.textContent('.topbar'), /落后产能退出管理系统/);
  assert.match(await page.textContent('[data-testid=user-name]'), /界面测试员/);
  // the city officer's menu: the business entries, no user administration
  assert.ok(await page.isVisible('[data-testid=menu-enterprises]'));
  assert.ok(await page.isVisible('[data-testid=menu-imports]'));
  assert.equal(await page.locator('[data-testid=menu-users]').count(), 0);
  await shot('logged-in');
});

test('enterprise list: filters live in the URL, the export link carries them', async () => {
  await page.goto(base + '/#/enterprises?district=150302&status=operating');
  await page.waitForSelector('[data-testid=enterprise-table] tbody tr');
  const total = await page.textContent('[data-testid=total]');
  assert.match(total, /共 [\d,]+ 条/);
  assert.equal(await page.inputValue('[data-testid=filter-district]'), '150302');
  const href = await page.getAttribute('[data-testid=export-xlsx]', 'href');
  assert.match(href, /\/api\/v1\/enterprises\/export\?format=xlsx&district=150302&status=operating/);
  const tags = await page.locator('[data-testid=enterprise-table] .tag[data-status]').allTextContents();
  assert.ok(tags.length > 0 && tags.every((x) => x === '正常生产'), 'status tags with text: ' + tags.join(','));
  await shot('enterprises-filtered');
});

test('import: a file with errors shows the row errors and nothing is imported', async () => {
  await page.goto(base + '/#/imports');
  await page.waitForSelector('#import-kind option[value=enterprises]', { state: 'attached' });
  await page.selectOption('#import-kind', 'enterprises');
  const good = readFileSync(path.join(root, 'examples/enterprises.csv'), 'utf8');
  const lines = good.split(/\r?\n/);
  lines[2] = lines[2].replace(/^[^,]*/, '91150300XXXX'); // a USCC of the wrong length on row 3
  await page.setInputFiles('#import-file', { name: 'enterprises-bad.csv', mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n'), 'utf8') });
  assert.match(await page.textContent('[data-testid=import-chosen]'), /enterprises-bad\.csv/);
  await page.click('#import-submit');
  await page.waitForSelector('[data-testid=import-errors] tbody tr');
  assert.match(await page.textContent('[data-testid=import-failed]'), /未导入任何数据/);
  const row = await page.locator('[data-testid=import-errors] tbody tr').first().locator('td').allTextContents();
  assert.equal(row[0], 'enterprises-bad.csv');
  assert.equal(row[1], '3');
  assert.match(row[2], /uscc/);
  assert.match(row[3], /91150300XXXX/);
  assert.ok(row[4].length > 0, 'a reason');
  assert.ok(await page.isVisible('[data-testid=import-progress]'), 'progress bar shown');
  // the error report, generated in the page
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=download-errors]')]);
  const file = path.join(tmp, 'errors.csv');
  await dl.saveAs(file);
  const csv = readFileSync(file, 'utf8');
  assert.match(csv, /文件,行,列,值,原因/);
  assert.match(csv, /enterprises-bad\.csv,3,uscc,91150300XXXX,/);
  await shot('import-errors');
});

test('import: a good file is imported with its counts', async () => {
  await page.setInputFiles('#import-file', path.join(root, 'examples/enterprises.csv'));
  await page.click('#import-submit');
  await page.waitForSelector('[data-testid=import-ok]');
  const text = await page.textContent('[data-testid=import-counts]');
  assert.match(text, /共 \d+ 行：新增 \d+，更新 \d+，未变 \d+/);
  assert.equal(await page.locator('[data-testid=import-errors]').count(), 0);
  await page.waitForFunction(() => /enterprises\.csv/.test(document.querySelector('[data-testid=import-history]').textContent));
  await shot('import-ok');
});

test('import: each kind\'s template downloads from the import page, Chinese file name, two sheets', async () => {
  await page.goto(base + '/#/imports');
  await page.waitForSelector('[data-testid=template-energy]');
  assert.match(await page.textContent('[data-testid=template-energy]'), /能源.*下载模板/);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=template-energy]')]);
  assert.equal(dl.suggestedFilename(), '能源消费导入模板.xlsx');
  const file = path.join(tmp, 'energy-template.xlsx');
  await dl.saveAs(file);
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(0, 2).toString('latin1'), 'PK');
  assert.ok(bytes.includes(Buffer.from('xl/worksheets/sheet2.xml')), 'a second sheet (填写说明)');
  await shot('import-templates');
});

let runUrl;
test('evaluation: start a run with confirmation, its findings are listed', async () => {
  await page.goto(base + '/#/evaluations');
  await page.click('#start-eval');
  await page.waitForSelector('[data-testid=start-eval-dialog]');
  await page.selectOption('#eval-year', '2025');
  await page.fill('#eval-as-of', '2025-12-31');
  await page.click('[data-testid=eval-submit]');
  await page.waitForSelector('[data-testid=confirm]');
  await shot('evaluation-confirm');
  await page.click('[data-testid=confirm-ok]');
  await page.waitForURL(/#\/evaluations\/\d+$/);
  runUrl = page.url();
  await page.waitForSelector('[data-testid=findings-table] tbody tr [data-testid=explain]');
  assert.match(await page.textContent('[data-testid=total]'), /共 [\d,]+ 条/);
  // the rule by its Chinese name, the id in small print; every column explained by a note
  const ruleCell = await page.locator('[data-testid=findings-table] tbody tr .rule-name').first().textContent();
  assert.match(ruleCell, /[\u4e00-\u9fff]{4,}.*[A-Z]+-[A-Z0-9-]+ v\d+/, 'rule cell: ' + ruleCell);
  const notes = await page.locator('[data-testid=findings-table] thead [data-testid=col-note]').evaluateAll((els) => els.map((e) => e.getAttribute('title')));
  assert.ok(notes.length >= 8 && notes.every((x) => /[\u4e00-\u9fff]/.test(x)), 'column notes: ' + notes.join(' | '));
  assert.ok(notes.some((x) => x.includes('无法判定') && x.includes('数据待补')), 'the status note says what cannot decide means');
  // 导出: the rows as filtered, Chinese headers, the rule by its name beside its id
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=findings-export]')]);
  const csv = readFileSync(await dl.path(), 'utf8');
  const lines = csv.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(lines[0], '企业,统一社会信用代码,行政区,设备,情形,规则,规则编号,状态,未记录的数据,措施,责任部门,可信度,结论编号');
  assert.match(await page.textContent('[data-testid=total]'), new RegExp('共 ' + (lines.length - 1).toLocaleString('en-US') + ' 条'));
  assert.match(lines[1], /[\u4e00-\u9fff]+（\d{6}）/, 'the district by name: ' + lines[1]);
  // a cannot-decide row says what is not recorded and who must supply it
  await page.goto(runUrl + '?status=cannot_decide');
  await page.waitForSelector('[data-testid=findings-table] tbody tr [data-testid=finding-missing]');
  assert.match(await page.locator('[data-testid=finding-missing]').first().textContent(), /^未记录：[\u4e00-\u9fff].*（由.+补充）.*数据待补$/);
  await page.goto(runUrl);
  await page.waitForSelector('[data-testid=findings-table] tbody tr [data-testid=explain]');
  await shot('evaluation-findings');
});

test('finding: the explanation shows evidence, legal basis, rule version, source and confidence', async () => {
  await page.locator('[data-testid=findings-table] [data-testid=explain]').first().click();
  await page.waitForSelector('[data-testid=finding-explanation]');
  const legal = await page.textContent('[data-testid=legal-basis]');
  assert.ok(legal.trim().length > 2, 'legal basis: ' + legal);
  const ev = await page.textContent('[data-testid=evidence]');
  assert.ok(ev.trim().length > 2, 'evidence: ' + ev);
  const body = await page.textContent('[data-testid=finding-explanation]');
  assert.match(body, /规则/);
  assert.match(body, /v\d+/);
  const rn = await page.textContent('[data-testid=finding-explanation] [data-testid=rule-name]');
  assert.match(rn, /^[^A-Z]*[\u4e00-\u9fff]{4,}/, 'the rule by its Chinese name first: ' + rn);
  assert.match(body, /来源/);
  assert.match(body, /可信度/);
  await shot('finding-explanation');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=finding-dialog]', { state: 'detached' });
});

let caseUrl;
test('case: open one from an energy-quota finding and take it to closure', async () => {
  // an EN-QUOTA-LIMIT finding: a 三(二) energy-quota case the city bureau may act on
  await page.goto(runUrl + '?criterion=energy&status=caught&per_page=100');
  await page.waitForSelector('[data-testid=findings-table] tbody tr');
  const row = page.locator('[data-testid=findings-table] tbody tr', { hasText: 'EN-QUOTA-LIMIT' }).first();
  assert.ok((await row.count()) > 0, 'an EN-QUOTA-LIMIT finding in the demo run');
  await row.locator('[data-testid=open-case]').click();
  await page.waitForSelector('[data-testid=open-case-dialog]');
  assert.equal(await page.inputValue('#case-type'), 'energy_quota');
  // dates inside the holiday calendar the server knows
  await page.fill('#case-opened-on', '2026-03-02');
  await shot('case-open');
  await page.click('[data-testid=open-case-submit]');
  await page.waitForURL(/#\/cases\/\d+$/);
  caseUrl = page.url();

  const act = async (event, onDate, docs, extra) => {
    await page.waitForSelector(`[data-testid=action-${event}]`);
    // only the allowed transitions are offered, each with its legal basis
    assert.ok((await page.locator('[data-testid=action-basis]').count()) > 0);
    await page.click(`[data-testid=action-${event}]`);
    await page.waitForSelector('[data-testid=action-dialog]');
    await page.fill('#act-on-date', onDate);
    for (const d of docs) await page.setInputFiles(`[data-testid=doc-${d}]`, { name: d + '.pdf', mimeType: 'application/pdf', buffer: pdfBytes(d) });
    if (extra) await extra();
    await shot('case-' + event);
    await page.click('[data-testid=action-submit]');
    await page.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });
  };

  await page.waitForSelector('[data-testid=allowed-actions]');
  const offered = await page.locator('[data-testid=allowed-actions] button').evaluateAll((bs) => bs.map((b) => b.dataset.event));
  assert.deepEqual(offered, ['order_rectification'], 'an open quota case offers only the order to rectify');
  // a missing document is refused next to the field, nothing is sent
  await page.click('[data-testid=action-order_rectification]');
  await page.waitForSelector('[data-testid=action-dialog]');
  await page.click('[data-testid=action-submit]');
  await page.waitForFunction(() => document.querySelector('#doc-order-err').textContent.length > 0);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=action-dialog]', { state: 'detached' });

  await act('order_rectification', '2026-03-03', ['order', 'inspection']);
  await page.waitForSelector('[data-testid=action-reinspect_pass]');
  assert.match(await page.textContent('.kv'), /2026-09-0\d/); // six months to rectify
  await act('reinspect_pass', '2026-06-01', ['inspection']);
  await act('close', '2026-06-05', ['decision']);
  await page.waitForFunction(() => document.querySelector('.page-head .tag[data-state]')?.dataset.state === 'closed');
  assert.equal(await page.locator('[data-testid=allowed-actions] button').count(), 0);
  const history = await page.locator('[data-testid=case-events] tbody tr').evaluateAll((rs) => rs.map((r) => r.dataset.event));
  assert.deepEqual(history, ['open', 'order_rectification', 'reinspect_pass', 'close'], 'the opening, then three events in the history');
  await shot('case-closed');
});

// issue 12 §3: 立案 from a finding's own page — refused (with the reason, no button) for a
// cannot-decide finding; for a caught one the type is proposed, a reason and a confirmation are
// asked, and the new case opens with the opening first in its history and who must act now.
test('case: 立案 from a finding\'s page, never from a cannot-decide one', async () => {
  const findingOf = async (query) => {
    await page.goto(runUrl + query);
    await page.waitForSelector('[data-testid=findings-table] tbody tr [data-testid=explain]');
    return page.locator('[data-testid=findings-table] [data-testid=explain]').first().getAttribute('data-finding');
  };
  const unknown = await findingOf('?status=cannot_decide&per_page=20');
  await page.goto(base + '/#/findings/' + unknown);
  await page.waitForSelector('[data-testid=open-refused]');
  assert.match(await page.textContent('[data-testid=open-refused]'), /该研判结论为无法判定（数据待补），不能据此立案/);
  assert.equal(await page.locator('[data-testid=open-case-from-finding]').count(), 0, 'no 立案 button');
  await shot('finding-cannot-decide');

  const caught = await findingOf('?criterion=environment&status=caught&per_page=20');
  await page.goto(base + '/#/findings/' + caught);
  await page.click('[data-testid=open-case-from-finding]');
  await page.waitForSelector('[data-testid=open-from-finding-dialog]');
  assert.equal(await page.inputValue('#open-case-type'), 'environment', 'the type proposed from the finding');
  await page.fill('#open-case-on', '2026-03-02');
  // no reason, no confirmation: refused in the form, nothing sent
  await page.click('[data-testid=open-from-finding-submit]');
  await page.waitForFunction(() => document.querySelector('#open-case-reason-err').textContent.length > 0);
  await page.fill('#open-case-reason', '排污许可证失效，依研判结论立案');
  await page.check('#open-case-confirm');
  await shot('finding-open-case');
  await page.click('[data-testid=open-from-finding-submit]');
  await page.waitForURL(/#\/cases\/\d+$/);
  await page.waitForSelector('[data-testid=case-events] tbody tr[data-event=open]');
  const first = await page.textContent('[data-testid=case-events] tbody tr:first-child');
  assert.match(first, /立案/);
  assert.match(first, /排污许可证失效/);
  assert.match(first, /以 市工业和信息化局 身份/);
  // the city bureau takes no environment step: it is told who must
  assert.match(await page.textContent('[data-testid=waiting-on]'), /本案当前待 市生态环境局/);
  assert.equal(await page.locator('[data-testid=allowed-actions] button').count(), 0);
  await shot('case-from-finding');
});

test('数据待补: the latest run\'s data to complete per district, with who supplies it and the rules waiting', async () => {
  await page.goto(base + '/#/data-gaps');
  await page.waitForSelector('[data-testid=gaps-table] tbody tr');
  assert.match(await page.textContent('[data-testid=gap-summary]'), /依据评估批次 #\d+.*共 \d+ 项待补/);
  const row = page.locator('[data-testid=gaps-table] tbody tr').first();
  const cells = await row.locator('td').allTextContents();
  assert.match(cells[1], /[\u4e00-\u9fff]{2,}.*未记录/, 'what is missing, in Chinese: ' + cells[1]);
  assert.match(cells[2], /\d{4} 年评估/, 'since when: ' + cells[2]);
  assert.match(cells[3], /市.+(局|委)/, 'who supplies it: ' + cells[3]);
  assert.match(cells[4], /[\u4e00-\u9fff]{4,}/, 'the rules waiting by name: ' + cells[4]);
  const notes = await page.locator('[data-testid=gaps-table] thead [data-testid=col-note]').first().getAttribute('title');
  assert.match(notes, /统一社会信用代码/);
  // nothing on the list is the ground of a case
  assert.equal(await page.locator('[data-testid=gaps-table] [data-testid=open-case]').count(), 0);
  // the menu entry under 监测研判
  assert.equal(await page.locator('[data-testid=menu-datagaps]').textContent().then((x) => x.includes('数据待补')), true);
  await shot('data-gaps');
  // one page at a time (50 by default), the total over the whole list
  assert.ok((await page.locator('[data-testid=gaps-table] tbody tr').count()) <= 50);
  assert.match(await page.textContent('[data-testid=total]'), /共 [\d,]+ 条/);
  // the summary by data item, and a filter by data item kept in the URL
  assert.ok((await page.locator('[data-testid=gaps-summary] tbody tr').count()) > 0);
  const tagOpt = await page.locator('[data-testid=gap-filter-missing] option').nth(1).getAttribute('value');
  await page.selectOption('[data-testid=gap-filter-missing]', tagOpt);
  await page.waitForURL(new RegExp('missing=' + tagOpt));
  await page.waitForSelector('[data-testid=gaps-table] tbody tr');
  const tags = await page.locator('[data-testid=gaps-table] tbody tr td:nth-child(2) .mono').allTextContents();
  assert.ok(tags.length > 0 && tags.every((x) => x === tagOpt), 'filtered by ' + tagOpt);
  await page.goto(base + '/#/data-gaps');
  await page.waitForSelector('[data-testid=gaps-table] tbody tr');
  // a waiting rule opens its finding's explanation: cannot decide, what is not recorded
  await row.locator('[data-testid=gap-finding]').first().click();
  await page.waitForSelector('[data-testid=finding-explanation]');
  assert.match(await page.textContent('[data-testid=evidence]'), /无法判定：.+未记录/);
  assert.match(await page.textContent('[data-testid=finding-waits]'), /^未记录：[\u4e00-\u9fff].*（由.+补充）/);
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=finding-dialog]', { state: 'detached' });
});

test('dashboard: the charts are drawn and click through to their lists', async () => {
  await page.goto(base + '/#/dashboard');
  for (const id of ['chart-intensity', 'chart-cases']) {
    await page.waitForSelector(`[data-testid=${id}][data-drawn="1"] canvas`);
  }
  await page.waitForTimeout(600); // the animation
  const painted = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=chart-intensity] canvas');
    const g = c.getContext('2d');
    const d = g.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  });
  assert.ok(painted > 2000, 'the intensity histogram has pixels: ' + painted);
  assert.ok((await page.locator('[data-testid=barometer] .baro-card').count()) > 0, 'barometer cards');
  const lv = await page.locator('[data-testid=barometer] .tag[data-level]').allTextContents();
  assert.ok(lv.every((x) => /（.+）/.test(x)), 'levels in words: ' + lv.join(','));
  await shot('dashboard');
  // the cases pie: a click on the ring opens the case list filtered by that state
  const pie = page.locator('[data-testid=chart-cases]');
  await pie.scrollIntoViewIfNeeded();
  const box = await pie.boundingBox();
  const r = Math.min(box.width, box.height) / 2;
  await page.mouse.click(box.x + box.width * 0.36 + r * 0.53, box.y + box.height * 0.52);
  await page.waitForURL(/#\/cases\?state=\w+/);
  const state = new URL(page.url().replace('#/', '')).searchParams.get('state');
  await page.waitForSelector(`[data-testid=cases-table] [data-state=${state}]`);
  const states = await page.locator('[data-testid=cases-table] tbody [data-state]').evaluateAll((els) => els.map((e) => e.dataset.state));
  assert.ok(states.length > 0 && states.every((x) => x === state), 'the list behind the slice: ' + states.join(','));
  await shot('dashboard-click-through');
});

test('barometer and ranking: both levels with the worse as the colour; who is left out of the ranking and why; one unit per exited-capacity chart', async () => {
  await page.goto(base + '/#/dashboard');
  await page.waitForSelector('[data-testid=barometer] .baro-card');
  // every card: both levels, coloured by the worse — the API's warning_level, which is the CLI's
  // (a district over its cap is red even when its intensity is green, as 海南区 in 2025)
  const dash = await page.evaluate(async () => (await (await fetch('/api/v1/dashboard')).json()));
  const order = { red: 1, yellow: 2, green: 3 };
  const cards = await page.locator('[data-testid=barometer] .baro-card').all();
  assert.equal(cards.length, dash.barometer.filter((b) => b.area_level === 'district').length);
  for (const card of cards) {
    const code = await card.getAttribute('data-district');
    const b = dash.barometer.find((x) => x.district_code === code);
    const lv = await card.locator('.baro-line .tag[data-level]').evaluateAll((els) => els.map((e) => e.dataset.level));
    assert.deepEqual(lv, [b.total_level, b.intensity_level].filter(Boolean), 'both levels on the card');
    assert.equal(await card.getAttribute('data-warning'), b.warning_level);
    assert.equal(b.warning_level, [...lv].sort((x, y) => order[x] - order[y])[0]);
    assert.equal(await card.locator('.baro-head .tag').getAttribute('data-level'), b.warning_level);
  }
  // capacity exited: one chart per unit, the unit in the value axis's name
  await page.waitForSelector('[data-testid=chart-exited] [data-drawn="1"]');
  const charts = await page.evaluate(() =>
    [...document.querySelectorAll('[data-testid=chart-exited] .chart')].map((el) => {
      const o = window.echarts.getInstanceByDom(el).getOption();
      return { unit: el.dataset.unit, axis: o.xAxis[0].name, cats: o.yAxis[0].data };
    }),
  );
  assert.ok(charts.length >= 1);
  assert.equal(new Set(charts.map((c) => c.unit)).size, charts.length, 'one chart per unit');
  for (const c of charts) {
    assert.match(c.axis, /^退出产能（.+）$/, c.axis);
    assert.ok(c.cats.every((x) => !/（/.test(x)), 'no unit in the category labels: ' + c.cats.join(','));
  }
  await shot('dashboard-barometer');
  // the ranking: how many were left out and why, the link to 数据待补, notes on the columns
  await page.goto(base + '/#/dual-control?tab=ranking');
  await page.waitForSelector('[data-testid=rank-excluded]');
  const note = await page.textContent('[data-testid=rank-excluded]');
  assert.match(note, /依法未参加排名 \d+ 家（(增加值未记录|能耗未报送|能耗为零|亏损企业待审) \d+/);
  assert.match(note, /亏损企业：不参加排名，列入待审（城市参数，自 2021-01-01 起）/);
  assert.equal(await page.getAttribute('[data-testid=rank-gaps-link]', 'href'), '#/data-gaps');
  const api = await page.evaluate(async () => (await (await fetch('/api/v1/ranking?per_page=1')).json()));
  assert.ok(api.summary.excluded > 0);
  assert.match(note, new RegExp('依法未参加排名 ' + api.summary.excluded + ' 家'));
  await page.click('[data-testid=rank-excluded-list] summary');
  const reasons = await page.locator('[data-testid=excluded-table] [data-reason]').allTextContents();
  assert.equal(reasons.length, api.excluded.length);
  assert.ok(reasons.every((x) => ['增加值未记录', '能耗未报送', '能耗为零', '亏损企业待审'].includes(x)), reasons.join(','));
  const notes = await page.locator('[data-testid=ranking-table] thead [data-testid=col-note]').evaluateAll((els) => els.map((e) => e.title));
  assert.ok(notes.some((x) => /单位增加值能耗/.test(x) && /吨标准煤\/万元/.test(x)), notes.join(' | '));
  assert.ok(notes.some((x) => /20%/.test(x) && /向上取整/.test(x)), notes.join(' | '));
  // the enterprise's own page says why it has no rank (in the year's row of its energy table: one
  // with energy records that year)
  const left = api.excluded.find((x) => !/energy_use/.test(x.missing));
  assert.ok(left, 'an enterprise with energy left out of the ranking');
  await page.goto(base + '/#/enterprises/' + left.uscc);
  await page.waitForSelector('[data-testid=rank-reason]');
  assert.equal(await page.textContent('[data-testid=rank-reason]'), '未参加排名：' + left.label_zh);
  await shot('ranking-excluded');
});

test('plans: a unit entered into the year\'s plan; supervision shows the district with its flag', async () => {
  // a running unit of the registry, read through the API the page itself uses
  const unit = await page.evaluate(async () => {
    const r = await (await fetch('/api/v1/equipment?status=running&per_page=1')).json();
    return r.items[0];
  });
  assert.ok(unit && unit.uscc && unit.equipment_id, 'a running unit');
  await page.goto(base + '/#/plans?year=2026');
  await page.click('#plan-add');
  await page.waitForSelector('[data-testid=plan-dialog]');
  await page.selectOption('#plan-year', '2026');
  await page.fill('#plan-uscc', unit.uscc);
  await page.fill('#plan-equipment', unit.equipment_id);
  await page.fill('#plan-planned-on', '2026-06-30');
  await page.click('[data-testid=plan-submit]');
  await page.waitForSelector('[data-testid=plan-dialog]', { state: 'detached' });
  await page.waitForSelector(`[data-testid=plans-table] tbody tr:has-text("${unit.equipment_id}")`);
  await page.waitForSelector('[data-testid=whatif-areas] tbody tr');
  await shot('plans');
  await page.goto(base + '/#/supervision?year=2026&as_of=2026-11-30');
  await page.waitForSelector('[data-testid=supervision-table] tbody tr [data-flag]');
  const flag = await page.getAttribute('[data-testid=supervision-table] [data-flag]', 'data-flag');
  assert.ok(['on_track', 'notice', 'interview'].includes(flag), 'flag ' + flag);
  if (flag !== 'on_track') {
    await page.click(`[data-testid=draft-${flag}]`);
    assert.match(await page.inputValue('[data-testid=draft-text]'), /实施意见》四（三）/);
  }
  await shot('supervision');
  await page.keyboard.press('Escape');
});

test('reminders: after the deadline check the bell counts the overdue case and the page lists it', async () => {
  // a rectification ordered on 2026-03-03 (deadline 2026-09-03), entered as the CLI does it
  const uscc = await page.evaluate(async () => (await (await fetch('/api/v1/enterprises?per_page=1&status=operating')).json()).items[0].uscc);
  const order = path.join(tmp, 'order.pdf');
  writeFileSync(order, pdfBytes('order'));
  const id = /case (\d+) opened/.exec(cli(['case', 'open', '--db', path.join(tmp, 'ui.db'), '--type', 'energy_quota', '--uscc', uscc, '--actor', 'seed', '--role', 'miit', '--on', '2026-03-02']))[1];
  cli(['case', 'act', '--db', path.join(tmp, 'ui.db'), id, '--event', 'order_rectification', '--actor', 'seed', '--role', 'miit', '--on', '2026-03-03', '--attach', 'order=' + order, '--attach', 'inspection=' + order]);
  await page.goto(base + '/#/notifications');
  await page.waitForSelector('[data-testid=notifications-table]');
  assert.equal(await page.locator('[data-testid=notifications-table] tbody tr[data-kind]').count(), 0, 'no reminders before the check');
  // the city bureau runs the check by hand, after a confirmation
  await page.click('#tick-run');
  await page.waitForSelector('[data-testid=tick-dialog]');
  await page.fill('#tick-as-of', '2026-09-10');
  await shot('reminders-run-check');
  await page.click('[data-testid=tick-submit]');
  await page.waitForSelector('[data-testid=tick-dialog]', { state: 'detached' });
  const row = page.locator(`[data-testid=notifications-table] tbody tr[data-case="${id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-kind'), 'overdue');
  assert.match(await row.textContent(), /已逾期/);
  assert.match(await row.locator('.deadline').textContent(), /2026-09-0\d 逾期 \d+ 天/);
  assert.match(await row.locator('[data-testid=notification-followup]').textContent(), /逾期未整改（转为“整改不合格”）；随后 责令停产退出/);
  assert.equal(await row.locator('[data-testid=notification-case]').getAttribute('href'), '#/cases/' + id);
  // the bell counts it and leads back to the urgent ones
  await page.waitForSelector('[data-testid=bell][data-count]');
  assert.ok(Number(await page.getAttribute('[data-testid=bell]', 'data-count')) >= 1);
  assert.equal(await page.textContent('[data-testid=bell-count]'), await page.getAttribute('[data-testid=bell]', 'data-count'));
  await shot('reminders');
  await page.click('[data-testid=bell]');
  await page.waitForURL(/#\/notifications\?kind=overdue%2Cdue_7&pending=true/);
  await page.waitForSelector(`[data-testid=notifications-table] tbody tr[data-case="${id}"]`);
  await row.locator('[data-testid=notification-case]').click();
  await page.waitForURL(new RegExp('#/cases/' + id + '$'));
  await page.waitForSelector('[data-testid=action-overdue]');
});

test('language: switch to English, remembered after a reload', async () => {
  await page.goto(base + '/#/dashboard');
  await page.waitForSelector('#lang-switch');
  await page.click('#lang-switch');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.match(await page.textContent('[data-testid=menu-dashboard]'), /Dashboard/);
  await page.reload();
  await page.waitForSelector('.sidemenu');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('.topbar'), /Backward Capacity Phase-out System/);
  await page.goto(caseUrl);
  await page.waitForSelector('[data-testid=case-events]');
  assert.match(await page.textContent('[data-testid=case-events]'), /Close the case|Re-inspection passed/);
  await shot('english-case');
  await page.click('#lang-switch'); // back to Chinese for whoever looks next
  await page.waitForFunction(() => document.documentElement.lang === 'zh-CN');
});

test('session: an ended session (any 401) leads to the login page, then back to the page asked for', async () => {
  await page.goto(base + '/#/cases');
  await page.waitForSelector('[data-testid=cases-table]');
  await context.clearCookies(); // as after the 30-minute idle timeout
  await page.click('[data-testid=menu-enterprises]');
  await page.waitForSelector('#login-username');
  assert.match(await page.textContent('#login-error'), /会话已失效/);
  await shot('session-ended');
  await page.fill('#login-username', USER);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('[data-testid=enterprise-table]');
  assert.match(page.url(), /#\/enterprises$/);
});

test('logout: back to the login page; the API refuses the old session', async () => {
  await page.click('[data-testid=logout]');
  await page.waitForSelector('#login-username');
  const r = await page.evaluate(async () => (await fetch('/api/v1/enterprises')).status);
  assert.equal(r, 401);
  await shot('logged-out');
});

test('a district officer\'s dashboard shows the own district, not 全市合计 and not 暂无数据', async () => {
  // the logout step left the login page: sign in there (a goto would render it again and race)
  await page.waitForSelector('#login-username');
  await page.fill('#login-username', 'uidistrict');
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  // signed in, or the login page's reason why not (the machine may be slow: a longer wait)
  await page.waitForSelector('nav.sidemenu, #login-error:not(:empty)', { timeout: 3 * TIMEOUT });
  assert.equal(await page.locator('#login-error:not(:empty)').count(), 0, 'login refused: ' + (await page.textContent('#login-error').catch(() => '')));
  await page.goto(base + '/#/dashboard');
  await page.waitForSelector('[data-testid=barometer] .baro-card[data-district="150303"]');
  assert.match(await page.textContent('#totals-h'), /^海南区合计/);
  assert.doesNotMatch(await page.textContent('#totals-h'), /全市合计/);
  assert.equal(await page.locator('[data-testid=barometer] p.muted').count(), 0, 'no 暂无数据 in the barometer');
  assert.equal(await page.locator('[data-testid=barometer] .baro-card').count(), 1, 'the own district only');
  await shot('district-dashboard');
  await page.click('[data-testid=logout]');
  await page.waitForSelector('#login-username');
});

test('administration: the security administrator adds an account; the auditor verifies the audit chain', async () => {
  await page.fill('#login-username', 'uisecadmin');
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('[data-testid=users-table] tbody tr');
  // 三权分立: the security administrator sees users and roles, no business entries
  assert.equal(await page.locator('[data-testid=menu-enterprises]').count(), 0);
  await page.click('#user-add');
  await page.waitForSelector('[data-testid=user-dialog]');
  await page.fill('#u-username', 'uiauditor');
  await page.fill('#u-display', '界面审计员');
  await page.fill('#u-password', PASSWORD);
  await page.check('#u-role-auditor');
  await shot('user-add');
  await page.click('[data-testid=user-save]');
  await page.waitForSelector('[data-testid=user-dialog]', { state: 'detached' });
  await page.waitForSelector('[data-testid=users-table] tbody tr:has-text("uiauditor")');
  // a business role: waiting for a second administrator; the one who asked cannot approve it
  const req = page.locator('[data-testid=user-changes] tbody tr:has-text("uiauditor")');
  await req.waitFor();
  assert.match(await req.textContent(), /待审批/);
  assert.equal(await req.locator('[data-testid=uc-approve]').count(), 0);
  await shot('users');
  await page.click('[data-testid=logout]');
  await page.waitForSelector('#login-username');
  await page.fill('#login-username', 'uiauditor');
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('[data-testid=login-error]:not(:empty)'); // not before the approval
  await page.fill('#login-username', 'uisecadmin2');
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.click('[data-testid=user-changes] tbody tr:has-text("uiauditor") [data-testid=uc-approve]');
  await page.waitForSelector('[data-testid=user-changes] tbody tr:has-text("uiauditor"):has-text("已批准")');
  await page.click('[data-testid=logout]');
  await page.waitForSelector('#login-username');
  // the password the administrator set is changed first
  await page.fill('#login-username', 'uiauditor');
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('[data-testid=pw-form]');
  await shot('password-change');
  await page.fill('#pw-current', PASSWORD);
  await page.fill('#pw-new', PASSWORD + 'n');
  await page.fill('#pw-again', PASSWORD + 'n');
  await page.click('#pw-submit');
  await page.waitForSelector('#login-username');
  await page.fill('#login-username', 'uiauditor');
  await page.fill('#login-password', PASSWORD + 'n');
  await page.click('#login-submit');
  await page.waitForSelector('.sidemenu');
  await page.goto(base + '/#/admin/audit');
  await page.waitForSelector('[data-testid=audit-table] tbody tr');
  await page.click('#audit-verify');
  await page.waitForSelector('[data-testid=audit-verify-result] .alert-ok');
  assert.match(await page.textContent('[data-testid=audit-verify-result]'), /哈希链完整/);
  assert.match(await page.textContent('[data-testid=audit-table]'), /case\.act/);
  await shot('audit-verified');
  await page.click('[data-testid=logout]');
  await page.waitForSelector('#login-username');
});

// The public portal (issue 14 §2) as a member of the public sees it: a browser with JavaScript
// off and no cookie ever stored, on a demo city whose activity published a list and filed a report.
test('public portal: the lists, a publication, search and the report form work without script or cookie', async () => {
  const pdb = path.join(tmp, 'public.db');
  cli(['db', 'init', '--db', pdb]);
  cli(['demo', '--db', pdb, '--seed', '1']);
  cli(['demo', '--db', pdb, '--activity', '--as-of', '2026-12-07']);
  cli(['publish', '--db', pdb, '--list', 'exits', '--year', '2025', '--actor', '演示']);
  const pub = await serve(BIN, pdb, WEB, root);
  const { chromium } = await import(pathToFileURL(path.join(WEB, 'node_modules/playwright-core/index.mjs')).href);
  const b = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const ctx = await b.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    const errs = [];
    await keepLocal(ctx, pub.base, errs, 'public');
    const p = await ctx.newPage();
    await p.goto(pub.base + '/public/');
    assert.match(await p.textContent('main'), /年度落后产能退出企业名单/);
    assert.match(await p.textContent('main'), /封存拆除生产线名单/);
    await p.click('text=乌工信公〔2026〕2号');
    await p.waitForURL(/\/public\/publications\/2$/);
    assert.match(await p.textContent('main'), /SHA-256/);
    assert.ok((await p.locator('main table tr').count()) > 5, 'the rows of the list');
    await p.screenshot({ path: path.join(ART, 'public-publication.png') });
    await p.goto(pub.base + '/public/search');
    await p.fill('#q', '电石');
    await p.click('button[type=submit]');
    await p.waitForURL(/q=/);
    assert.match(await p.textContent('main'), /共 \d+ 条/);
    await p.goto(pub.base + '/public/report');
    await p.fill('#enterprise', '某无名小厂');
    await p.selectOption('#category', 'unlicensed');
    await p.fill('#seen', '夜间无证生产');
    await p.fill('#place', '乌达区');
    await p.fill('#seen_on', '2026-12-01');
    await p.click('button[type=submit]');
    await p.waitForURL(/\/public\/report\/[2-9A-HJ-NP-Z]{12}$/);
    assert.match(await p.textContent('#receipt-no'), /^[2-9A-HJ-NP-Z]{12}$/);
    assert.match(await p.textContent('main'), /收到/);
    await p.screenshot({ path: path.join(ART, 'public-receipt.png') });
    assert.deepEqual(await ctx.cookies(), [], 'no cookie was set');
    assert.deepEqual(errs, []);
    await ctx.close();
  } finally {
    await b.close();
    pub.server.kill('SIGTERM');
  }
});

test('credit: a record incomplete until the bureau\'s code is set, repaired and withdrawn; joint measure recorded; bank list downloads', async () => {
  // a case that missed its deadline and was ordered to exit, entered as the CLI does it
  const db = path.join(tmp, 'ui.db');
  const uscc = execFileSync('sqlite3', [db, "SELECT uscc FROM enterprise WHERE status = 'operating' AND legal_representative IS NOT NULL ORDER BY uscc LIMIT 1"], { encoding: 'utf8' }).trim();
  const order = path.join(tmp, 'credit-order.pdf');
  writeFileSync(order, pdfBytes('order'));
  const id = /case (\d+) opened/.exec(cli(['case', 'open', '--db', db, '--type', 'energy_quota', '--uscc', uscc, '--actor', 'seed', '--role', 'miit', '--on', '2025-01-02']))[1];
  cli(['case', 'act', '--db', db, id, '--event', 'order_rectification', '--actor', 'seed', '--role', 'miit', '--on', '2025-01-02', '--attach', 'order=' + order, '--attach', 'inspection=' + order]);
  cli(['case', 'act', '--db', db, id, '--event', 'overdue', '--actor', 'seed', '--role', 'system', '--on', '2025-07-20']);
  cli(['case', 'act', '--db', db, id, '--event', 'order_exit', '--actor', 'seed', '--role', 'miit', '--on', '2025-07-25', '--field', 'decision_no=乌工信罚决字〔2025〕9号', '--reason', '逾期未整改', '--attach', 'order=' + order]);
  const rec = `${id}-3`;
  // the earlier steps end signed in as someone else, or signed out: the city officer signs in
  await context.clearCookies();
  await page.goto(base + '/#/credit?as_of=2026-12-07');
  await page.waitForSelector('#login-username');
  await page.fill('#login-username', USER);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('[data-testid=menu-credit]');
  const row = page.locator(`[data-testid=credit-records] tbody tr:has-text("${rec}")`);
  await row.waitFor();
  assert.match(await row.textContent(), /公示中/);
  assert.match(await row.textContent(), /责令停产停业/);
  // incomplete: no code of the authority yet — it says which field, and the record is not exported
  await row.locator('[data-testid=credit-incomplete]').waitFor();
  await row.locator('[data-testid=credit-open]').click();
  await page.waitForSelector('[data-testid=credit-problems]');
  assert.match(await page.textContent('[data-testid=credit-problems]'), /处罚机关统一社会信用代码：必填，未记录/);
  await shot('credit-incomplete');
  await page.keyboard.press('Escape');
  await page.click('[data-testid=credit-authority]');
  await page.fill('[data-testid=authority-uscc]', '11150300MB0123456X'); // a wrong check character
  await page.click('[data-testid=authority-save]');
  await page.waitForSelector('[data-testid=authority-dialog] .alert');
  assert.match(await page.textContent('[data-testid=authority-dialog]'), /无效/);
  await page.fill('[data-testid=authority-uscc]', '11150300MB01234562');
  await page.click('[data-testid=authority-save]');
  await page.waitForSelector('[data-testid=authority-dialog]', { state: 'detached' });
  await row.locator('text=完整').waitFor();
  // repair: the enterprise's request, then the bureau's approval; the record is withdrawn
  await row.locator('[data-testid=credit-open]').click();
  await page.waitForSelector('[data-testid=credit-repair-form]');
  await page.fill('[data-testid=credit-step-on]', '2026-11-01');
  await page.fill('[data-testid=credit-step-note]', '已拆除主体设备并经验收');
  await page.click('[data-testid=credit-step-submit]');
  await page.waitForSelector('[data-testid=credit-record] .alert-error');
  assert.match(await page.textContent('[data-testid=credit-record]'), /整改完成的证明材料/);
  await page.fill('[data-testid=credit-step-proof]', '拆除验收报告');
  await page.click('[data-testid=credit-step-submit]');
  await page.waitForSelector('[data-testid=credit-record]', { state: 'detached' });
  await row.locator('text=信用修复申请中').waitFor();
  await row.locator('[data-testid=credit-open]').click();
  await page.selectOption('[data-testid=credit-step]', 'repair_approve');
  await page.fill('[data-testid=credit-step-on]', '2026-11-10');
  await page.fill('[data-testid=credit-step-note]', '整改到位，同意修复');
  await shot('credit-approve');
  await page.click('[data-testid=credit-step-submit]');
  await page.waitForSelector('[data-testid=credit-record]', { state: 'detached' });
  await row.locator('text=已修复撤下').waitFor();
  // the export for the credit platform carries it as a withdrawal
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=credit-export-json]')]);
  const doc = JSON.parse(readFileSync(await dl.path(), 'utf8'));
  assert.deepEqual(doc.records.filter((r) => r.record_id === rec).map((r) => r.op), ['withdraw']);

  // joint punishment and bank lists on a day the record was still in force
  await page.goto(base + '/#/joint?as_of=2025-08-01&department=natres');
  const jrow = page.locator(`[data-testid=joint-table] tbody tr:has-text("${rec}")`);
  await jrow.waitFor();
  assert.match(await jrow.textContent(), /土地供应/);
  await jrow.locator('[data-testid=joint-record]').click();
  await page.fill('[data-testid=joint-on]', '2025-08-01');
  await page.fill('[data-testid=joint-document]', '乌自然资函〔2025〕3号');
  await page.click('[data-testid=joint-save]');
  await page.waitForSelector('[data-testid=joint-dialog]', { state: 'detached' });
  await jrow.locator('text=乌自然资函〔2025〕3号').waitFor();
  await shot('joint');
  await page.goto(base + '/#/bank-lists?list=restrict&as_of=2025-08-01');
  await page.waitForSelector(`[data-testid=bank-table] tbody tr:has-text("${uscc}")`);
  const [csv] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=bank-csv]')]);
  assert.match(readFileSync(await csv.path(), 'utf8'), new RegExp(uscc));
  await shot('bank-lists');
});

test('resettlement: a shut-down line\'s plan drafted, submitted and approved by the congress, workers and an exact amount recorded; totals and the dashboard', async () => {
  const db = path.join(tmp, 'ui.db');
  const uscc = execFileSync('sqlite3', [db, "SELECT uscc FROM enterprise WHERE status = 'operating' AND district_code = '150302' ORDER BY uscc DESC LIMIT 1"], { encoding: 'utf8' }).trim();
  const order = path.join(tmp, 'rs-order.pdf');
  writeFileSync(order, pdfBytes('order'));
  const id = /case (\d+) opened/.exec(cli(['case', 'open', '--db', db, '--type', 'industrial_policy', '--uscc', uscc, '--actor', 'seed', '--role', 'miit', '--on', '2026-03-02']))[1];
  cli(['case', 'act', '--db', db, id, '--event', 'order_shutdown', '--actor', 'seed', '--role', 'miit', '--on', '2026-03-03', '--attach', 'order=' + order, '--attach', 'inspection=' + order]);
  // the earlier steps end signed in as someone else, or signed out: the city officer signs in
  await context.clearCookies();
  await page.goto(base + '/#/resettlement?per_page=100');
  await page.waitForSelector('#login-username');
  await page.fill('#login-username', USER);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('[data-testid=menu-resettlement]');
  await page.waitForSelector('[data-testid=rs-totals] tbody tr');
  const row = page.locator('[data-testid=rs-list] tbody tr').filter({ has: page.locator(`a[href="#/resettlement/${id}"]`) });
  await row.waitFor();
  assert.match(await row.textContent(), /未记录/);
  await shot('resettlement-list');
  await row.locator('[data-testid=rs-open]').click();
  await page.waitForSelector('[data-testid=rs-exit-blocked]');
  assert.match(await page.textContent('[data-testid=rs-exit-blocked]'), /不能最终退出/);
  const step = async (status, doc, by) => {
    await page.click('[data-testid=rs-step-btn]');
    await page.waitForSelector('[data-testid=rs-step]');
    await page.selectOption('[data-testid=rs-next]', status);
    await page.fill('[data-testid=rs-on]', '2026-03-10');
    if (doc) await page.fill('[data-testid=rs-document]', doc);
    if (by) await page.selectOption('[data-testid=rs-by]', by);
    await page.click('[data-testid=rs-step-save]');
  };
  await step('draft');
  await page.waitForSelector('[data-testid=rs-step]', { state: 'detached' });
  // submitted without its document: refused in the dialog with the reason
  await step('submitted');
  await page.waitForSelector('[data-testid=rs-step] .alert-error, [data-testid=rs-step] [role=alert]:not(:empty)');
  assert.match(await page.textContent('[data-testid=rs-step]'), /须附文件/);
  await page.fill('[data-testid=rs-document]', '职工安置方案（送审稿）');
  await page.click('[data-testid=rs-step-save]');
  await page.waitForSelector('[data-testid=rs-step]', { state: 'detached' });
  await step('approved', '职代会决议〔2026〕2号', 'congress');
  await page.waitForSelector('[data-testid=rs-step]', { state: 'detached' });
  await page.waitForSelector('[data-testid=rs-steps-resettlement] tbody tr:nth-child(3)');
  assert.equal(await page.locator('[data-testid=rs-exit-blocked]').count(), 0);
  assert.match(await page.textContent('main, #app'), /由职工代表大会于 2026-03-10 批准/);
  await page.click('[data-testid=rs-headcount-btn]');
  await page.fill('[data-testid=rs-n-contract]', '30');
  await page.fill('[data-testid=rs-n-dispatched]', '4');
  await page.fill('[data-testid=rs-n-near_retirement]', '2');
  await page.fill('[data-testid=rs-hc-on]', '2026-03-09');
  await page.click('[data-testid=rs-headcount-dlg-save]');
  await page.waitForSelector('[data-testid=rs-headcount-dlg]', { state: 'detached' });
  assert.match(await page.textContent('[data-testid=rs-headcount]'), /合计 36 人/);
  await page.click('[data-testid=rs-outcome-btn]');
  await page.fill('[data-testid=rs-workers]', '3');
  await page.fill('[data-testid=rs-amount]', '1234.50');
  await page.fill('[data-testid=rs-o-on]', '2026-03-11');
  await page.click('[data-testid=rs-outcome-dlg-save]');
  await page.waitForSelector('[data-testid=rs-outcome-dlg]', { state: 'detached' });
  await page.waitForSelector('[data-testid=rs-outcomes] tbody tr:has-text("经济补偿")');
  assert.match(await page.textContent('[data-testid=rs-outcomes]'), /1234\.50/);
  await shot('resettlement-case');
  await page.goto(base + '/#/dashboard');
  await page.waitForSelector('[data-testid=dash-resettlement]');
  assert.match(await page.textContent('[data-testid=dash-resettlement]'), /职工安置方案已批准 1 个/);
});

test('surcharges: the city computes June; the amounts add up to the total, cannot-compute rows say why, the explanation shows the formula, the statement downloads', async () => {
  // the 2024 evaluation (as of 2024-12-31) is the latest one before June 2025's end
  cli(['evaluate', '--db', path.join(tmp, 'ui.db'), '--year', '2024', '--out', '/dev/null']);
  await page.goto(base + '/#/surcharges?month=2025-06');
  await page.waitForSelector('#login-username, .sidemenu');
  if (await page.locator('#login-username').isVisible()) { // the steps before may have signed out
    await page.fill('#login-username', USER);
    await page.fill('#login-password', PASSWORD);
    await page.click('#login-submit');
    await page.waitForSelector('.sidemenu');
    await page.goto(base + '/#/surcharges?month=2025-06');
  }
  await page.waitForSelector('[data-testid=surcharge-empty]');
  assert.match(await page.textContent('[data-testid=menu-surcharges]'), /电价水价加价/);
  await page.click('[data-testid=surcharge-compute]');
  await page.waitForSelector('[data-testid=surcharge-table] tbody tr');
  const summary = await page.textContent('[data-testid=surcharge-summary]');
  const m = /核算批次 #\d+（2025-06）：\d+ 家企业，\d+ 行已计算，\d+ 行无法计算或判定，合计 ([\d.]+) 元/.exec(summary);
  assert.ok(m, summary);
  const cents = (x) => Math.round(Number(x) * 100);
  const amounts = await page.locator('[data-testid=surcharge-amount]').allTextContents();
  assert.ok(amounts.length >= 10, 'non-zero amounts: ' + amounts.length);
  assert.ok(amounts.every((x) => /^\d+\.\d{2}$/.test(x)), 'two decimals: ' + amounts.slice(0, 3));
  assert.equal(amounts.reduce((s, x) => s + cents(x), 0), cents(m[1]), 'the rows add up to the total');
  const text = await page.textContent('[data-testid=surcharge-table]');
  assert.match(text, /限制类差别电价/);
  assert.match(text, /NMG-DIFF-RESTRICTED v1/);
  assert.match(text, /无法计算/, 'a row that cannot be computed');
  assert.match(text, /规则未给出加价标准|用电量未记录/, 'and why');
  assert.match(await page.textContent('[data-testid=surcharge-no-diff]'), /上月尚无核算/);
  await shot('surcharges');
  await page.locator('[data-testid=surcharge-explain-btn]').first().click();
  await page.waitForFunction(() => /公式 \/ formula: .+ kWh × .+ = /.test(document.querySelector('[data-testid=surcharge-explain]')?.textContent || ''));
  const ex = await page.textContent('[data-testid=surcharge-explain]');
  assert.match(ex, /四舍五入到 0\.01 元/);
  assert.match(ex, /依据 \/ legal basis: /);
  await shot('surcharge-explain');
  await page.keyboard.press('Escape');
  await page.waitForSelector('[data-testid=surcharge-explain-dialog]', { state: 'detached' });
  const href = await page.getAttribute('[data-testid=surcharge-csv]', 'href');
  assert.match(href, /\/api\/v1\/surcharges\/statement\?month=2025-06$/);
  const head = await page.evaluate(async (u) => [...new Uint8Array(await (await fetch(u)).arrayBuffer()).slice(0, 3)], href);
  assert.deepEqual(head, [0xef, 0xbb, 0xbf]);
});

test('stored XSS: markup in an enterprise name, a case reason and an import file name is shown as text, never run', async () => {
  const db = path.join(tmp, 'ui.db');
  const uscc = execFileSync('sqlite3', [db, "SELECT uscc FROM enterprise WHERE status = 'operating' ORDER BY uscc DESC LIMIT 1"], { encoding: 'utf8' }).trim();
  const evil = '<img src=x onerror="window.__xss=1">';
  execFileSync('sqlite3', [db, `UPDATE enterprise SET name = '${evil.replace(/'/g, "''")}' WHERE uscc = '${uscc}'`]);
  const id = /case (\d+) opened/.exec(cli(['case', 'open', '--db', db, '--type', 'energy_quota', '--uscc', uscc, '--actor', 'seed', '--role', 'miit', '--on', '2026-03-02', '--reason', '<script>window.__xss=2</script><b onmouseover="window.__xss=3">立案</b>']))[1];
  execFileSync('sqlite3', [db, "INSERT INTO import_batch(id, kind, file_name, sha256, format, nrows, inserted, updated, unchanged, imported_at, actor) SELECT max(id) + 1, 'energy', '<svg onload=\"window.__xss=4\">.csv', 'x', 'csv', 1, 0, 0, 1, '2026-12-07T00:00:00Z', 'web:" + USER + "' FROM import_batch"]);
  await context.clearCookies();
  await page.goto(base + '/#/enterprises?q=' + uscc);
  await page.waitForSelector('#login-username');
  await page.fill('#login-username', USER);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector(`[data-testid=enterprise-table] tbody tr:has-text("${uscc}")`);
  assert.match(await page.textContent('[data-testid=enterprise-table]'), /<img src=x onerror=/);
  await page.goto(base + '/#/enterprises/' + uscc);
  await page.waitForSelector('text=<img src=x');
  await page.goto(base + '/#/cases/' + id);
  await page.waitForSelector('text=<script>window.__xss=2</script>');
  await page.goto(base + '/#/imports');
  await page.waitForSelector('text=<svg onload="window.__xss=4">.csv');
  await page.hover('text=<script>window.__xss=2</script>').catch(() => {});
  await shot('xss-as-text');
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no markup ran');
  assert.equal(await page.locator('img[src="x"], svg[onload]').count(), 0, 'no element made from the text');
});

test('no page errors and no requests leaving the machine', () => {
  assert.deepEqual(consoleErrors, []);
});
