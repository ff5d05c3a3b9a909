// Full exports (format=ndjson) are streamed page by page and only export_limit of them run at
// once: the server's peak memory while 16 clients ask for a full export and then stop reading
// stays close to what one export costs, /healthz still answers, and the rest are told to retry.
// Memory is compared with a baseline measured in the same run, never with a fixed figure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import net from 'node:net';
import { cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';

const SERVICES = 3000;
const CLIENTS = 16;
const EXPORT_LIMIT = 4;
const FULL = '/openreferral/services?format=ndjson&full=true';

let data;
let server;

// A few thousand services, each with a long description so one full export is several MB.
function writeServices(file) {
  const org = '11111111-1111-4111-8111-111111111111';
  const lines = [];
  for (let i = 0; i < SERVICES; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    lines.push(JSON.stringify({
      id, name: `Service ${i}`, status: 'active',
      description: `Support number ${i}. `.repeat(120),
      organization: { id: org, name: 'Big organisation', description: 'Runs many services.' },
    }));
  }
  writeFileSync(file, lines.join('\n') + '\n');
}

function peakMemoryKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/^VmHWM:\s+(\d+) kB/m)[1]);
}

// Sends the request and resolves with the status line and headers once they have arrived; the
// socket is then paused, so the client reads nothing more and the server cannot finish sending.
function askAndStopReading(port, path) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let head = '';
    socket.on('connect', () => socket.write(`GET ${path} HTTP/1.1\r\nHost: localhost\r\n\r\n`));
    socket.on('data', (chunk) => {
      if (head.includes('\r\n\r\n')) return;
      head += chunk.toString('latin1');
      if (head.includes('\r\n\r\n')) {
        socket.pause();
        resolve({ socket, head: head.slice(0, head.indexOf('\r\n\r\n')), rest: head.slice(head.indexOf('\r\n\r\n') + 4) });
      }
    });
    socket.on('error', reject);
  });
}

before(async () => {
  data = tempDir();
  const file = join(data, 'services.ndjson');
  writeServices(file);
  const load = cli(['import', 'oruk', file, '--data', data]);
  assert.equal(load.status, 0, load.stderr);
  // Indexed now, so the server does not index 3,000 services before it starts listening.
  const index = cli(['reindex', '--data', data]);
  assert.equal(index.status, 0, index.stderr);
  const config = join(data, 'limits.conf');
  writeFileSync(config, `export_limit = ${EXPORT_LIMIT}\n`);
  server = await startServer({ data, args: ['--config', config] });
});
after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

test('Limits: 16 full exports held open by slow readers add less memory than three exports', async () => {
  // Baseline: one full export read to the end, so the peak already includes what one costs.
  const one = await fetch(server.base + FULL);
  assert.equal(one.status, 200);
  const body = await one.text();
  assert.equal(body.trim().split('\n').length, SERVICES);
  assert.equal(JSON.parse(body.split('\n')[0]).description.length > 1000, true);
  const exportBytes = Buffer.byteLength(body);
  const baseline = peakMemoryKb(server.pid);

  const answers = [];
  for (let i = 0; i < CLIENTS; i++) answers.push(await askAndStopReading(server.port, FULL));
  try {
    const health = await fetch(server.base + '/healthz');
    assert.equal(health.status, 200, 'healthz answers while the exports wait for their readers');
    const peak = peakMemoryKb(server.pid);

    const growthKb = peak - baseline;
    console.log(`one full export: ${(exportBytes / 1e6).toFixed(1)} MB; peak memory ${baseline} kB after it, ` +
      `${peak} kB with ${CLIENTS} held open (+${growthKb} kB)`);
    // Held in memory, 16 answers add 16 exports' worth; streamed, the growth is a page or two
    // per running export plus the allocator's per-thread arenas, which vary from run to run
    // (1 to 6 MB here). The bound, three exports' size, leaves room for that noise and is still
    // far below what holding the answers costs.
    assert.ok(growthKb * 1024 < 3 * exportBytes,
      `peak memory grew by ${growthKb} kB, more than three exports (${3 * exportBytes} bytes)`);

    const statuses = answers.map((a) => Number(a.head.split(' ')[1]));
    assert.equal(statuses.filter((s) => s === 200).length, EXPORT_LIMIT);
    assert.equal(statuses.filter((s) => s === 503).length, CLIENTS - EXPORT_LIMIT);
    const busy = answers.find((a) => a.head.includes(' 503 '));
    assert.match(busy.head, /\r\nRetry-After: \d+/i);
    assert.match(busy.rest, /Too many full exports are running at once\. Try again in \d+ seconds/);
  } finally {
    answers.forEach((a) => a.socket.destroy());
  }

  // The slots come back when the readers go away; the server notices as its writes fail.
  let status = 0;
  for (let attempt = 0; attempt < 200 && status !== 200; attempt++) {
    const res = await fetch(server.base + FULL);
    status = res.status;
    await res.arrayBuffer();
    if (status !== 200) await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(status, 200, 'a full export is served again once the held ones are gone');
});

test('Limits: a streamed export is the same records as the pages, and HEAD sends no body', async () => {
  const ndjson = await (await fetch(server.base + '/openreferral/services?format=ndjson')).text();
  const ids = ndjson.trim().split('\n').map((l) => JSON.parse(l).id);
  assert.equal(new Set(ids).size, SERVICES);
  const head = await fetch(server.base + '/openreferral/services?format=ndjson', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('content-type'), 'application/x-ndjson');
  assert.equal(head.headers.get('content-length'), null, 'no length: GET sends it chunked');
  assert.equal(await head.text(), '');
});
