// soak.mjs: the load of bench/soak.sh — readers and writers together against one server for
// some minutes, figures per minute (issue 16 §5).  Not a test; run through soak.sh.
//
//   node bench/soak.mjs --url URL --pid PID --minutes N --energy FILE --password PW
//
// Readers (PHASEOUT_SOAK_READERS, default 4) loop over the enterprise list (pages, a district, a
// search), the dashboard, an enterprise's page and the case list, as the city and as a district
// officer.  One writer takes cases of the city through their actions (open, order rectification,
// an extension requested and refused three times, re-inspection passed, closed: ten writes,
// each action with its documents), another imports 100 energy rows through the API every
// second with new quantities (revisions).  Each loop pauses PHASEOUT_SOAK_PAUSE_MS (default 20)
// between requests.  Every answer other than the one expected is an error.  At the end of each
// minute the server's RSS is read from /proc/PID/status.  Prints a table per minute and the
// verdict (0 errors, RSS growth after the first minute under 5 %: a minute's RSS is the median
// of samples every 2 s); exits 1 when it fails.
import { readFileSync } from 'node:fs';

const arg = name => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? process.argv[i + 1] : undefined; };
const URL0 = arg('url'), PID = arg('pid'), MINUTES = Number(arg('minutes') || 10);
const PASSWORD = arg('password'), ENERGY = arg('energy');
const READERS = Number(process.env.PHASEOUT_SOAK_READERS || 4);
const PAUSE = Number(process.env.PHASEOUT_SOAK_PAUSE_MS || 20);
const sleep = ms => new Promise(r => setTimeout(r, ms));

const t0 = performance.now();
const end = t0 + MINUTES * 60000;
const minutes = Array.from({ length: MINUTES }, () => ({ lat: [], reads: 0, writes: 0, errors: 0, rss: 0, anon: 0, max: 0, samples: [] }));
const firstErrors = [];
const bucket = () => minutes[Math.min(MINUTES - 1, Math.floor((performance.now() - t0) / 60000))];

class Client {
  constructor(name) { this.name = name; this.cookie = null; this.csrf = null; }
  async login() {
    const r = await this.send('POST', '/api/v1/session', { username: this.name, password: PASSWORD }, [200], false);
    this.csrf = r.body.csrf_token;
  }
  // send(...) → {status, body}; an answer not in want counts as an error
  async send(method, path, body, want = [200], count = true, raw) {
    const headers = {};
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let payload;
    if (raw !== undefined) { payload = raw; headers['content-type'] = 'text/csv'; }
    else if (body !== undefined) { payload = JSON.stringify(body); headers['content-type'] = 'application/json'; }
    const b = bucket(), s = performance.now();
    let status = 0, parsed = null, text = '';
    try {
      const r = await fetch(URL0 + path, { method, headers, body: payload });
      status = r.status;
      const set = r.headers.get('set-cookie');
      const m = set && /po_session=([^;]*)/.exec(set);
      if (m) this.cookie = `po_session=${m[1]}`;
      text = await r.text();
      if ((r.headers.get('content-type') || '').startsWith('application/json')) parsed = JSON.parse(text);
    } catch (e) { text = String(e); }
    if (count) {
      b.lat.push(performance.now() - s);
      if (method === 'GET') b.reads++; else b.writes++;
    }
    if (!want.includes(status)) {
      b.errors++;
      if (firstErrors.length < 5) firstErrors.push(`${this.name} ${method} ${path}: ${status} ${text.slice(0, 200)}`);
      throw new Error(`${method} ${path}: ${status}`);
    }
    return { status, body: parsed };
  }
}

const pdf = (tag) => ({ name: `${tag}.pdf`, mime: 'application/pdf', content_base64: Buffer.from(`%PDF-1.4\n% soak ${tag}\n`).toString('base64') });
let docSeq = 0;
const doc = kind => ({ doc: kind, ...pdf(`${kind}-${process.pid}-${docSeq++}`) });

async function reader(i, city, district, ids) {
  const pick = a => a[Math.floor(Math.random() * a.length)];
  const reads = [
    () => city.send('GET', `/api/v1/enterprises?per_page=20&page=${1 + Math.floor(Math.random() * 15)}`),
    () => city.send('GET', '/api/v1/enterprises?per_page=20&district=150303&sort=name'),
    () => city.send('GET', `/api/v1/enterprises?q=${encodeURIComponent(pick(['化工', '硅', '焦', '9115']))}`),
    () => city.send('GET', '/api/v1/dashboard'),
    () => city.send('GET', `/api/v1/enterprises/${pick(ids)}`),
    () => city.send('GET', '/api/v1/cases?per_page=20'),
    () => district.send('GET', '/api/v1/enterprises?per_page=20'),
    () => district.send('GET', '/api/v1/dashboard'),
  ];
  while (performance.now() < end) {
    try { await reads[(i + Math.floor(Math.random() * 1000)) % reads.length](); } catch { }
    await sleep(PAUSE);
  }
}

async function caseWriter(city, usccs) {
  let k = 0;
  while (performance.now() < end) {
    const uscc = usccs[k++ % usccs.length];
    try {
      const open = await city.send('POST', '/api/v1/cases', { case_type: 'energy_quota', uscc, reason: 'soak' }, [201]);
      const id = open.body.id;
      const act = (body) => city.send('POST', `/api/v1/cases/${id}/actions`, body);
      await act({ event: 'order_rectification', documents: [doc('order'), doc('inspection')] });
      for (let j = 0; j < 3 && performance.now() < end; j++) {
        await sleep(PAUSE);
        await act({ event: 'request_extension', fields: { months: 2 }, documents: [doc('application')] });
        await sleep(PAUSE);
        await act({ event: 'refuse_extension', reason: 'soak: refused', documents: [doc('decision')] });
      }
      await act({ event: 'reinspect_pass', documents: [doc('inspection')] });
      await act({ event: 'close', documents: [doc('decision')] });
    } catch { await sleep(1000); }
    await sleep(PAUSE);
  }
}

async function importer(sys, rows, header) {
  while (performance.now() < end) {
    const lines = [header];
    const start = Math.floor(Math.random() * (rows.length - 100));
    for (const r of rows.slice(start, start + 100)) {
      const f = r.split(',');
      f[4] = (Number(f[4]) * (0.9 + Math.random() * 0.2)).toFixed(2);
      lines.push(f.join(','));
    }
    try {
      await sys.send('POST', '/api/v1/imports?kind=energy&file_name=soak-energy.csv', undefined, [200], true,
        Buffer.from(lines.join('\n') + '\n'));
    } catch { }
    await sleep(1000);
  }
}

// [RSS, of which anonymous] in KiB
function rssKiB() {
  try {
    const st = readFileSync(`/proc/${PID}/status`, 'utf8');
    return [Number(/VmRSS:\s+(\d+)/.exec(st)[1]), Number(/RssAnon:\s+(\d+)/.exec(st)[1])];
  } catch { return [0, 0]; }
}

const pct = (a, p) => {
  if (!a.length) return 0;
  const s = Float64Array.from(a).sort();
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
};

async function main() {
  const city = new Client('city'), district = new Client('district'), sys = new Client('sysadmin');
  await city.login(); await district.login(); await sys.login();
  const ents = (await city.send('GET', '/api/v1/enterprises?per_page=100&status=operating', undefined, [200], false)).body.items;
  const ids = ents.map(e => e.id);
  const usccs = ents.map(e => e.uscc);
  const text = readFileSync(ENERGY, 'utf8').replace(/^\ufeff/, '').trimEnd().split(/\r?\n/);
  const header = text[0], rows = text.slice(1);
  // RSS every 2 s; a minute's figure is the median of its samples (a single sample may catch
  // a dashboard being computed), its max is shown beside it
  const rssTimer = setInterval(() => {
    const m = Math.floor((performance.now() - t0) / 60000);
    if (m < MINUTES) minutes[m].samples.push(rssKiB());
  }, 2000);
  const loops = [caseWriter(city, usccs), importer(sys, rows, header)];
  for (let i = 0; i < READERS; i++) loops.push(reader(i, city, district, ids));
  await Promise.all(loops);
  clearInterval(rssTimer);
  for (const m of minutes) {
    if (!m.samples.length) m.samples.push(rssKiB());
    m.rss = pct(m.samples.map(x => x[0]), 0.5);
    m.anon = pct(m.samples.map(x => x[1]), 0.5);
    m.max = Math.max(...m.samples.map(x => x[0]));
  }

  const mb = k => (k / 1024).toFixed(1);
  console.log(`minute  requests  reads  writes  errors  p50 ms  p99 ms  RSS MB  anon MB  max MB`);
  let errors = 0, total = 0;
  for (const [i, m] of minutes.entries()) {
    errors += m.errors;
    total += m.lat.length;
    console.log(`${String(i + 1).padStart(6)}  ${String(m.lat.length).padStart(8)}  ${String(m.reads).padStart(5)}  ` +
      `${String(m.writes).padStart(6)}  ${String(m.errors).padStart(6)}  ${pct(m.lat, 0.5).toFixed(1).padStart(6)}  ` +
      `${pct(m.lat, 0.99).toFixed(1).padStart(6)}  ${mb(m.rss).padStart(6)}  ${mb(m.anon).padStart(7)}  ${mb(m.max).padStart(6)}`);
  }
  const all = minutes.flatMap(m => m.lat);
  const first = minutes[0].rss, later = Math.max(...minutes.slice(1).map(m => m.rss), first);
  const growth = first ? (later - first) / first * 100 : 0;
  console.log(`all     ${String(total).padStart(8)}  ${' '.repeat(5)}  ${' '.repeat(6)}  ${String(errors).padStart(6)}  ` +
    `${pct(all, 0.5).toFixed(1).padStart(6)}  ${pct(all, 0.99).toFixed(1).padStart(6)}`);
  for (const e of firstErrors) console.log(`error: ${e}`);
  const ok = errors === 0 && growth < 5;
  console.log(`verdict: ${ok ? 'PASS' : 'FAIL'} — ${errors} errors (must be 0); median RSS ${mb(first)} MB in the first minute, ` +
    `${mb(later)} MB at most later: ${growth >= 0 ? '+' : ''}${growth.toFixed(1)} % (must be under 5 %)`);
  process.exit(ok ? 0 : 1);
}

main().catch(e => { console.error(`soak: ${e.stack || e}`); for (const x of firstErrors) console.error(`error: ${x}`); process.exit(1); });
