// fuzz_regress.test.mjs: the findings of fuzz/fuzz_api.c against the real server (issue 16 §1).
// A query or path parameter that is not UTF-8 text (district=%FF) made the handlers' JSON fail
// and the answer a 500 "out of memory"; it is a 400 naming the parameter, for every route, and
// the same parameter as text still works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { demoDb, startServer, as } from './lib.mjs';

let db, srv, city;
before(async () => {
  db = demoDb('fuzz_regress');
  srv = await startServer(db.dsn);
  city = await as(srv.url, 'city');
});
after(async () => { await srv?.stop(); db?.drop(); });

test('a query parameter that is not UTF-8 is a 400 naming it, not a 500', async () => {
  for (const p of ['/api/v1/data-gaps?district=15030%FF', '/api/v1/enterprises?q=%C3%28',
                   '/api/v1/cases?status=%ED%A0%80', '/api/v1/energy?uscc=%FF%FE']) {
    const r = await city.get(p);
    assert.equal(r.status, 400, p);
    assert.equal(r.body.code, 'invalid', p);
    assert.match(r.body.message_en, /is not valid UTF-8 text/, p);
    assert.ok(r.body.details[0].field.length > 0, p);
  }
  const bad = await city.get('/api/v1/data-gaps?district=15030%FF');
  assert.equal(bad.body.details[0].field, 'district');
  assert.match(bad.body.message_zh, /不是有效的 UTF-8/);
  assert.equal((await city.get('/api/v1/data-gaps?district=150302')).status, 200);
  assert.equal((await city.get('/api/v1/enterprises?q=%E7%84%A6%E5%8C%96')).status, 200, 'UTF-8 焦化');
});

test('a path parameter that is not UTF-8 is a 400 too', async () => {
  const r = await city.get('/api/v1/enterprises/%FF');
  assert.equal(r.status, 400);
  assert.equal(r.body.details[0].field, 'id');
  const pub = await fetch(srv.url + '/api/v1/public/reports/%C0%AF');
  assert.equal(pub.status, 400);
});
