// Smaller findings of issue 15, over HTTP against the real binary: long non-ASCII parameter
// values are answered with a 400 that echoes whole characters (never a 500), on the ORUK API and
// on search.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';

let server;
let data;
before(async () => {
  data = tempDir();
  const load = cli(['demo', 'load', '--data', data]);
  assert.equal(load.status, 0, load.stderr);
  server = await startServer({ data });
});
after(async () => {
  await stopServer(server);
  removeDir(data);
});

// 63 ASCII letters then "é" (two bytes): a 64-byte cut lands inside the "é".
const straddling = 'a'.repeat(63) + 'é'.repeat(40);
const longAccented = 'é'.repeat(300);

test('a long non-ASCII value on the ORUK API is a 400 echoing whole characters', async () => {
  for (const [name, value] of [['modified_after', straddling], ['organization_id', straddling],
    ['page', longAccented], ['full', longAccented]]) {
    const r = await fetch(`${server.base}/openreferral/services?${name}=${encodeURIComponent(value)}`);
    assert.equal(r.status, 400, `${name}: ${r.status}`);
    const body = await r.json();
    assert.ok(JSON.stringify(body).includes('a'.repeat(63) + 'é...') || JSON.stringify(body).includes('é...'),
      `${name}: ${JSON.stringify(body)}`);
  }
  const missing = await fetch(`${server.base}/openreferral/services/${encodeURIComponent(straddling)}`);
  assert.ok(missing.status === 404 || missing.status === 400, `service id: ${missing.status}`);
});

test('a long non-ASCII value on search is answered, never a 500', async () => {
  for (const qs of [`location=${encodeURIComponent(longAccented)}`,
    `location=${encodeURIComponent(straddling)}`,
    `q=autism&location=${encodeURIComponent('ö'.repeat(120))}`,
    `category=${encodeURIComponent(straddling)}`, `need=${encodeURIComponent(longAccented)}`,
    `age=${encodeURIComponent(straddling)}`, `radius=${encodeURIComponent(longAccented)}`]) {
    for (const path of ['/search', '/api/search']) {
      const r = await fetch(`${server.base}${path}?${qs}`);
      assert.ok(r.status === 200 || r.status === 400, `${path}?${qs.slice(0, 40)}: ${r.status}`);
      await r.text();
    }
  }
});
