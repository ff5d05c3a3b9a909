// Per-client rate limits and the per-client connection cap, with small configured limits so a
// handful of requests reach them. Each kind of request has its own bucket; a client over one gets
// 429, Retry-After and a plain page (JSON for the APIs), and other kinds still work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';

let data;
let server;

function settings(name, text) {
  const file = join(data, name);
  writeFileSync(file, text);
  return file;
}

before(async () => {
  data = tempDir();
  const load = cli(['demo', 'load', '--data', data]);
  assert.equal(load.status, 0, load.stderr);
  const config = settings('rates.conf', 'rate_limit_public_posts = 2\nrate_limit_sign_in = 3\n' +
    'rate_limit_search = 3\nrate_limit_api = 3\nmax_connections_per_client = 0\n');
  server = await startServer({ data, args: ['--config', config] });
});
after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

const post = (path, fields) => fetch(server.base + path, {
  method: 'POST', redirect: 'manual',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});
const get = (path) => fetch(server.base + path, { redirect: 'manual' });

test('Limits: the third feedback post in a minute gets 429, Retry-After and a plain page', async () => {
  for (let i = 0; i < 2; i++) {
    const ok = await post('/feedback', { page: '/', useful: 'no', comment: `rate test ${i}` });
    assert.equal(ok.status, 303);
  }
  const refused = await post('/feedback', { page: '/', useful: 'no', comment: 'rate test 2' });
  assert.equal(refused.status, 429);
  const wait = Number(refused.headers.get('retry-after'));
  assert.ok(wait >= 1 && wait <= 30, `Retry-After ${wait}`);
  assert.match(refused.headers.get('content-type'), /^text\/html/);
  const html = await refused.text();
  assert.match(html, /You have sent this form too many times in a short time\. Wait \d+ seconds, then try again\./);
  // Other kinds of request have their own limits.
  assert.equal((await get('/')).status, 200);
});

test('Limits: sign-in attempts are limited per client', async () => {
  const statuses = [];
  for (let i = 0; i < 4; i++)
    statuses.push((await post('/admin/sign-in', { email: 'nobody@example.org', password: 'wrong' })).status);
  assert.ok(statuses.slice(0, 3).every((s) => s !== 429), statuses.join());
  assert.equal(statuses[3], 429);
  assert.equal((await post('/admin/forgot-password', { email: 'nobody@example.org' })).status, 429);
});

test('Limits: search answers 429 as a page for people and as JSON for /api/search', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await get(`/search?q=autism${i}`)).status, 200);
  const page = await get('/search?q=autism');
  assert.equal(page.status, 429);
  assert.match(await page.text(), /You have searched too many times in a short time/);
  const api = await get('/api/search?q=autism');
  assert.equal(api.status, 429);
  assert.ok(Number(api.headers.get('retry-after')) >= 1);
  const body = await api.json();
  assert.match(body.error.message, /You have searched too many times in a short time\. Wait \d+ seconds, then try again\./);
});

test('Limits: the ORUK API answers 429 in JSON with CORS', async () => {
  for (let i = 0; i < 3; i++) assert.equal((await get('/openreferral/services')).status, 200);
  const refused = await get('/openreferral/services');
  assert.equal(refused.status, 429);
  assert.equal(refused.headers.get('access-control-allow-origin'), '*');
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  assert.match((await refused.json()).error.message, /You have made too many requests to the API/);
});

// Opens a connection and resolves once it is open; the socket keeps what the server sends.
function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.received = '';
    socket.ended = new Promise((r) => socket.on('close', r));
    socket.on('data', (chunk) => { socket.received += chunk.toString('latin1'); });
    socket.on('connect', () => resolve(socket));
    socket.on('error', (e) => { if (socket.connecting) reject(e); });
  });
}

test('Limits: a client over its connection cap is answered 429 and closed; others are not', async () => {
  const config = settings('connections.conf', 'max_connections_per_client = 4\n');
  // A server of its own, on a data folder of its own (one server per folder).
  const own = tempDir();
  assert.equal(cli(['migrate', '--data', own]).status, 0);
  const capped = await startServer({ data: own, args: ['--config', config] });
  const held = [];
  try {
    for (let i = 0; i < 4; i++) held.push(await connect(capped.port));
    const extra = await connect(capped.port);
    // Refused at once; if it is still open after a long while, ask it for a page instead, so
    // a server without the cap fails here rather than hanging the test.
    const open = await Promise.race([extra.ended, new Promise((r) => setTimeout(() => r('open'), 10_000))]);
    if (open === 'open') {
      extra.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await extra.ended;
    }
    assert.match(extra.received, /^HTTP\/1\.1 429 Too Many Requests\r\n/);
    assert.match(extra.received, /\r\nRetry-After: \d+\r\n/);
    assert.match(extra.received, /Too many open connections from your address\. Close some, then try again/);
    // The held connections still work.
    held[0].write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    while (!held[0].received.includes('\r\n\r\n')) await new Promise((r) => setTimeout(r, 20));
    assert.match(held[0].received, /^HTTP\/1\.1 200 /);
    // Once one is closed, a new one is let in (the server notices the close as it happens).
    held[1].destroy();
    let status = '';
    for (let attempt = 0; attempt < 100 && !status.startsWith('HTTP/1.1 200'); attempt++) {
      const again = await connect(capped.port);
      again.write('GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      await again.ended;
      status = again.received;
      if (!status.startsWith('HTTP/1.1 200')) await new Promise((r) => setTimeout(r, 50));
    }
    assert.match(status, /^HTTP\/1\.1 200 /);
  } finally {
    held.forEach((s) => s.destroy());
    await stopServer(capped);
    removeDir(own);
  }
});
