// slowclients.test.mjs: slow clients do not take the server down (issue 16 §0, src/http/conns.h).
//
// Real sockets on loopback, from several source addresses (loopback answers any 127/8
// address): idle connections from one address, a slowloris from four, a request whose headers
// or body stop half way.  The server runs with --max-connections 1024, the limit it used to
// have, so that the attack reaches it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { newDb, startServer } from './lib.mjs';

const LIMIT = 1024;
let db, srv;

before(async () => {
  db = newDb('slow');
  srv = await startServer(db.dsn, ['--max-connections', String(LIMIT)]);
});
after(async () => { await srv?.stop(); db?.drop(); });

const sleep = ms => new Promise(r => setTimeout(r, ms));

// A connection from localAddress; resolves once connected (or failed: then null).
function open(localAddress, onClose) {
  return new Promise(resolve => {
    const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress });
    s.on('connect', () => resolve(s));
    s.on('error', () => resolve(null));
    s.on('close', () => onClose && onClose(s));
    s.on('data', () => { });
  });
}

// One request on a new connection from localAddress: { status, ms } (status 0: no answer in
// time, or the connection was reset).
function get(localAddress, p = '/api/v1/health', timeout = 5000) {
  return new Promise(resolve => {
    const t0 = performance.now();
    let buf = '', done = false;
    const finish = status => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      s.destroy();
      resolve({ status, ms: performance.now() - t0 });
    };
    const s = net.connect({ host: '127.0.0.1', port: srv.port, localAddress });
    const timer = setTimeout(() => finish(0), timeout);
    s.on('connect', () => s.write(`GET ${p} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`));
    s.on('data', d => {
      buf += d;
      const m = /^HTTP\/1\.1 (\d{3})/.exec(buf);
      if (m && buf.includes('\r\n\r\n')) finish(Number(m[1]));
    });
    s.on('error', () => finish(0));
    s.on('close', () => finish(0));
  });
}

// Resolves with the seconds until the server closes s.
function closedAfter(s, t0 = performance.now()) {
  return new Promise(resolve => s.on('close', () => resolve((performance.now() - t0) / 1000)));
}

test('256 idle connections from one address: 50 normal requests from it are all answered', async () => {
  const idle = (await Promise.all(Array.from({ length: 256 }, () => open('127.0.0.1')))).filter(Boolean);
  assert.equal(idle.length, 256);
  await sleep(300);
  const res = [];
  for (let i = 0; i < 5; i++)
    res.push(...await Promise.all(Array.from({ length: 10 }, () => get('127.0.0.1'))));
  assert.deepEqual(res.map(r => r.status), Array(50).fill(200));
  assert.equal(idle.filter(s => !s.destroyed).length, 256, 'the idle connections were left alone');
  for (const s of idle) s.destroy();
});

test('more idle connections than one address may hold: its oldest are closed, its requests answered', async () => {
  // the per-address limit is half the connection limit (512); above 3/4 of it (384) the
  // address's oldest idle connections are closed, so a new one always finds room
  let closed = 0;
  const idle = [];
  for (let i = 0; i < 6; i++) {
    idle.push(...await Promise.all(Array.from({ length: 100 }, () => open('127.0.0.1', () => closed++))));
    await sleep(50);
  }
  await sleep(500);
  const res = [];
  for (let i = 0; i < 5; i++)
    res.push(...await Promise.all(Array.from({ length: 10 }, () => get('127.0.0.1'))));
  assert.deepEqual(res.map(r => r.status), Array(50).fill(200));
  assert.ok(closed >= 600 - 384 - 10, `the oldest idle connections were closed (${closed})`);
  const first = idle.slice(0, 100).filter(s => s && !s.destroyed).length;
  const last = idle.slice(500).filter(s => s && !s.destroyed).length;
  assert.ok(first < last, `oldest first: ${first} of the first 100 open, ${last} of the last 100`);
  for (const s of idle) s?.destroy();
});

test('slowloris from four addresses over the connection limit: a normal request is answered within 1 s', async () => {
  // 1,100 connections from 127.0.0.2-5, each sending one more header byte a second and
  // reconnecting when closed, as an attacker would; a request from 127.0.0.6 every 1.5 s
  const N = 1100, addrs = ['127.0.0.2', '127.0.0.3', '127.0.0.4', '127.0.0.5'];
  const live = new Set();
  let stopping = false, reconnects = 0;
  const attack = async i => {
    const s = await open(addrs[i % addrs.length], sock => {
      live.delete(sock);
      if (!stopping) { reconnects++; setTimeout(() => attack(i), 20); }
    });
    if (!s) { if (!stopping) setTimeout(() => attack(i), 100); return; }
    if (stopping) { s.destroy(); return; }
    live.add(s);
    s.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  };
  const drip = setInterval(() => { for (const s of live) s.write('X'); }, 1000);
  try {
    await Promise.all(Array.from({ length: N }, (_, i) => attack(i)));
    await sleep(1000);
    const probes = [];
    for (let t = 0; t < 10; t++) {
      const r = await get('127.0.0.6');
      probes.push({ ...r, attackers: live.size });
      await sleep(1500);
    }
    const slow = probes.filter(p => p.status !== 200 || p.ms > 1000);
    assert.deepEqual(slow, [], `every probe answered within 1 s: ${JSON.stringify(probes.map(p => [p.status, Math.round(p.ms), p.attackers]))}`);
    const held = probes.map(p => p.attackers).sort((a, b) => a - b);
    // the server keeps them between 3/4 and 7/8 of its limit (768-896 here)
    assert.ok(held[5] > 700, `the attack held its connections (median ${held[5]} open)`);
    console.log(`# probes (status, ms, attackers connected): ${JSON.stringify(probes.map(p => [p.status, Math.round(p.ms), p.attackers]))}; ${reconnects} reconnects`);
    assert.ok(reconnects > N, `the server closed slow connections (${reconnects} reconnects)`);
  } finally {
    stopping = true;
    clearInterval(drip);
    for (const s of live) s.destroy();
  }
  await sleep(500);
  assert.equal((await get('127.0.0.6')).status, 200);
});

test('header deadline 10 s, trickled bytes do not extend it; a body slower than 1 KiB/s is cut', async () => {
  const t0 = performance.now();
  // half a header, then nothing
  const half = await open('127.0.0.7');
  half.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Half: ');
  // a header byte every second
  const drip = await open('127.0.0.8');
  drip.write('GET /api/v1/health HTTP/1.1\r\n');
  const dripT = setInterval(() => drip.destroyed || drip.write('X'), 1000);
  // an idle keep-alive connection after one answered request
  const keep = await open('127.0.0.9');
  let keepAnswered = null;
  keep.on('data', () => { keepAnswered ??= performance.now(); });
  keep.write('GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n');
  // a body of 100 000 bytes announced, a byte a second sent
  const body = await open('127.0.0.10');
  body.write('POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n' +
    'Content-Length: 100000\r\n\r\n{');
  const bodyT = setInterval(() => body.destroyed || body.write(' '), 1000);
  // a body at 2 KiB/s for 12 s: slow but above the minimum, answered
  const fair = await open('127.0.0.11');
  let fairAnswer = '';
  fair.on('data', d => { fairAnswer += d; });
  const fairLen = 24 * 1024;
  fair.write(`POST /api/v1/session HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n` +
    `Content-Length: ${fairLen}\r\nConnection: close\r\n\r\n`);
  let sent = 0;
  const fairT = setInterval(() => {
    const n = Math.min(1024, fairLen - sent);
    if (n > 0 && !fair.destroyed) fair.write(' '.repeat(n));
    sent += n;
  }, 500);
  try {
    const [tHalf, tDrip, tKeep, tBody, tFair] = await Promise.all(
      [half, drip, keep, body, fair].map(s => closedAfter(s, t0)));
    assert.ok(tHalf > 9.5 && tHalf < 11.5, `half a header: closed after ${tHalf.toFixed(1)} s`);
    assert.ok(tDrip > 9.5 && tDrip < 11.5, `a byte a second: closed after ${tDrip.toFixed(1)} s`);
    const idle = tKeep - (keepAnswered - t0) / 1000;
    assert.ok(keepAnswered && idle > 9.5 && idle < 11.5, `idle keep-alive: closed ${idle.toFixed(1)} s after its answer`);
    assert.ok(tBody > 9.5 && tBody < 11.5, `a body at a byte a second: closed after ${tBody.toFixed(1)} s`);
    assert.match(fairAnswer, /^HTTP\/1\.1 (400|401|415) /, `the fair body was answered (after ${tFair.toFixed(1)} s)`);
    assert.ok(tFair > 11, 'the fair body took its 12 s');
  } finally {
    clearInterval(dripT);
    clearInterval(bodyT);
    clearInterval(fairT);
  }
});
