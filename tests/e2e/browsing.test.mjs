// A family browses the demo Local Offer over real HTTP, and bad requests get the right 4xx
// while the server keeps serving everyone else.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { cli, startServer, stopServer, tempDir, removeDir, rawRequest } from './harness.mjs';

let server;
let data;

before(async () => {
  data = tempDir();
  const load = cli(['demo', 'load', '--data', data]);
  assert.equal(load.status, 0, load.stderr);
  assert.match(load.stdout, /Demo Local Offer loaded: \d+ services/);
  server = await startServer({ data });
});

after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

test('loading the demo twice changes nothing', () => {
  const again = cli(['demo', 'load', '--data', data]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /already loaded, nothing changed/);
});

test('a parent finds a service from the home page through a category', async () => {
  const home = await fetch(`${server.base}/`);
  assert.equal(home.status, 200);
  assert.match(home.headers.get('content-type'), /text\/html/);
  const homeHtml = await home.text();
  assert.match(homeHtml, /SEND Local Offer/);
  assert.match(homeHtml, /href="\/categories\/health"/);

  const category = await (await fetch(`${server.base}/categories/health`)).text();
  const link = category.match(/href="(\/services\/[0-9a-f-]{36})"/);
  assert.ok(link, 'the health category links to at least one service');

  const service = await fetch(server.base + link[1]);
  assert.equal(service.status, 200);
  const html = await service.text();
  assert.match(html, /How to get it/);
  assert.match(html, /Last checked/);
});

test('advice pages and need pages are served', async () => {
  for (const path of ['/advice', '/advice/ehc-plans', '/needs', '/needs/autism', '/categories']) {
    const r = await fetch(server.base + path);
    assert.equal(r.status, 200, path);
  }
});

test('healthz reports the database', async () => {
  const r = await fetch(`${server.base}/healthz`);
  assert.equal(r.status, 200);
  const body = await r.json();
  assert.equal(body.status, 'ok');
  assert.equal(body.database, 'ok');
});

test('every response carries the security headers', async () => {
  const r = await fetch(`${server.base}/`);
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
});

test('an unknown page gets a plain-English 404 page', async () => {
  const r = await fetch(`${server.base}/no-such-page`);
  assert.equal(r.status, 404);
  assert.match(await r.text(), /Page not found/);
  const missing = await fetch(`${server.base}/services/00000000-0000-4000-8000-000000000000`);
  assert.equal(missing.status, 404);
});

test('malformed percent-encoding gets 400', async () => {
  const reply = await rawRequest(server.port, 'GET /categories/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.match(reply, /^HTTP\/1\.1 400/);
});

test('oversized headers get 431 and oversized bodies 413', async () => {
  const big = 'GET / HTTP/1.1\r\nHost: x\r\nX-Big: ' + 'a'.repeat(64 * 1024) + '\r\nConnection: close\r\n\r\n';
  assert.match(await rawRequest(server.port, big), /^HTTP\/1\.1 431/);
  const body = 'POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
    `Content-Length: ${2 * 1024 * 1024}\r\nConnection: close\r\n\r\n` + 'a'.repeat(1024);
  assert.match(await rawRequest(server.port, body), /^HTTP\/1\.1 413/);
  assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
});

test('a slow client does not hold up anyone else', async () => {
  const slow = net.connect(server.port, '127.0.0.1');
  await new Promise((r) => slow.on('connect', r));
  slow.write('GET / HTTP/1.1\r\nHost: x\r\n');  // and never finishes the request
  const started = Date.now();
  const r = await fetch(`${server.base}/healthz`);
  assert.equal(r.status, 200);
  assert.ok(Date.now() - started < 2000);
  slow.destroy();
});

test('the server answers many requests at once', async () => {
  const replies = await Promise.all(Array.from({ length: 40 }, () => fetch(`${server.base}/healthz`)));
  assert.ok(replies.every((r) => r.status === 200));
});

test('SIGTERM stops the server cleanly', async (t) => {
  // One server per data folder (it owns the search index), so this one gets its own.
  const ownData = tempDir();
  t.after(() => removeDir(ownData));
  const own = await startServer({ data: ownData });
  const code = await stopServer(own, 'SIGTERM');
  assert.equal(code, 0);
  assert.match(own.output().stdout, /localoffer stopped\./);
  assert.match(own.output().stdout, /"GET \/|localoffer is serving/);
});
