// harness.mjs: what the browser tests share — a free loopback port, waiting for `phaseout serve`,
// chromium's flags, and the rule that nothing leaves the machine.

import { spawn } from 'node:child_process';
import net from 'node:net';

// --name VALUE or --name=VALUE on the command line, else def
export function arg(name, def) {
  const i = process.argv.indexOf('--' + name);
  if (i > 0 && process.argv[i + 1]) return process.argv[i + 1];
  const eq = process.argv.find((a) => a.startsWith('--' + name + '='));
  return eq ? eq.slice(name.length + 3) : def;
}

// Debian's chromium, headless, quiet, in Chinese (test_ui.mjs and walk.mjs)
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--lang=zh-CN',
];

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const p = s.address().port;
      s.close(() => resolve(p));
    });
    s.on('error', reject);
  });
}

// Until the server answers GET /api/v1/session (401 or 200), for at most ms.
export async function waitHealthy(url, ms) {
  const end = Date.now() + ms;
  for (;;) {
    try {
      const r = await fetch(url + '/api/v1/session');
      if (r.status === 401 || r.status === 200) return;
    } catch (_) {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error('server did not answer on ' + url);
    await new Promise((r) => setTimeout(r, 100));
  }
}

// Nothing may leave the machine: every request goes to the server under test; others are
// aborted and noted in errors (prefixed with who).
export function keepLocal(context, base, errors, who = '') {
  return context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(base) || u.startsWith('data:') || u.startsWith('blob:')) return route.continue();
    errors.push(who + 'external request blocked: ' + u);
    return route.abort();
  });
}

// `phaseout serve` over db on a free loopback port, the web UI from web; resolves when it
// answers, with {server, base}.  Its output is printed if it exits with an error.
export async function serve(bin, db, web, cwd) {
  const port = await freePort();
  const base = 'http://127.0.0.1:' + port;
  const server = spawn(bin, ['serve', '--db', db, '--listen', '127.0.0.1:' + port, '--web', web], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d) => (log += d));
  server.stderr.on('data', (d) => (log += d));
  server.on('exit', (code) => {
    if (code !== null && code !== 0) console.error('server exited with ' + code + '\n' + log);
  });
  await waitHealthy(base, 15000);
  return { server, base };
}
