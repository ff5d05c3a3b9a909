// Fuzz: seeded, bounded mutation runs over the HTTP request parser, the search and ORUK API
// parameters, public form posts, and the ORUK, CSV and HSDS importers and harvest input. Every
// run must end with 0 crashes (a CLI killed by a signal or aborting) and 0 5xx answers.
// `make test` runs a short smoke run (FUZZ_ITERATIONS unset: a few seconds); `make fuzz` runs a
// long one. The same FUZZ_SEED gives the same inputs, so a failure can be replayed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import http from 'node:http';
import { mkdirSync, readdirSync, readFileSync, writeFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, cli, tempDir, removeDir, startServer, stopServer, rawRequest } from './harness.mjs';

const SEED = Number(process.env.FUZZ_SEED ?? 20261207);
const N = Number(process.env.FUZZ_ITERATIONS ?? 0);  // 0: the smoke run's small counts
const count = (smoke) => (N > 0 ? N : smoke);
// Each importer run starts a process, so long runs do a fiftieth as many of them.
const countRuns = (smoke) => (N > 0 ? Math.max(smoke, Math.floor(N / 50)) : smoke);

// mulberry32: small, fast, and the same sequence for the same seed on every machine.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rng = prng(SEED);
const pick = (list) => list[Math.floor(rng() * list.length)];
// Percent-encodes every UTF-8 byte (a lone surrogate becomes U+FFFD), so any string can be sent.
const enc = (s) => [...Buffer.from(s, 'utf8')].map((b) => '%' + b.toString(16).padStart(2, '0')).join('');
const int = (n) => Math.floor(rng() * n);

// Fragments that have broken parsers before: percent signs, half characters, quotes, control
// characters, very long runs.
const TOKENS = ['%', '%zz', '%00', '%C3', '%E2%82', '\u00e9', '\u{1F600}', '"', "'", '\\', '<', '>', '&',
  '\r\n', '\n', '\t', '\0', ' ', ',', ';', '=', '?', '#', '/', '..', '-1', '0', '99999999999999999999',
  'NaN', '1e999', 'null', '{}', '[]', '\u00e9'.repeat(200), 'a'.repeat(5000), '\xff', '\ufeff'];

function mutate(text) {
  let s = text;
  const edits = 1 + int(4);
  for (let e = 0; e < edits; e++) {
    const at = int(s.length + 1);
    switch (int(6)) {
      case 0: s = s.slice(0, at) + pick(TOKENS) + s.slice(at); break;
      case 1: s = s.slice(0, at) + s.slice(at + 1 + int(20)); break;
      case 2: s = s.slice(0, at) + String.fromCharCode(int(256)) + s.slice(at + 1); break;
      case 3: { const len = int(30); s = s.slice(0, at) + s.slice(at, at + len).repeat(2 + int(3)) + s.slice(at + len); break; }
      case 4: s = s.slice(0, at); break;
      default: s = s.slice(0, at) + String.fromCharCode(int(0x3000)) + s.slice(at); break;
    }
  }
  return s;
}

let server;
let data;
let work;
const tally = { requests: 0, fiveHundreds: [], importerRuns: 0, crashes: [] };

before(async () => {
  data = tempDir();
  work = tempDir();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  server = await startServer({ data });
});
after(async () => {
  await stopServer(server);
  console.log(`# fuzz (seed ${SEED}): ${tally.requests} HTTP requests, ${tally.fiveHundreds.length} 5xx; ` +
    `${tally.importerRuns} importer and harvest runs, ${tally.crashes.length} crashes`);
  removeDir(data);
  removeDir(work);
});

function note5xx(status, what) {
  tally.requests += 1;
  if (status >= 500) tally.fiveHundreds.push(`${status} ${what.slice(0, 200)}`);
}

test('fuzz: raw HTTP requests never get a 5xx or stop the server', async () => {
  const seeds = [
    'GET /search?q=autism&age=4 HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n',
    'GET /openreferral/services?page=2&per_page=5 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    'POST /feedback HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n' +
      'Content-Length: 33\r\nConnection: close\r\n\r\npage=%2F&useful=no&comment=hello',
    'HEAD /services HTTP/1.1\r\nHost: x\r\nCookie: lo_session=abc\r\nConnection: close\r\n\r\n',
  ];
  const batch = 8;
  for (let i = 0; i < count(40); i += batch) {
    const requests = Array.from({ length: batch }, () => Buffer.from(mutate(pick(seeds)), 'latin1'));
    const replies = await Promise.all(requests.map((r) => rawRequest(server.port, r, { timeoutMs: 1000 }).catch(() => '')));
    replies.forEach((reply, k) => {
      const m = reply.match(/^HTTP\/1\.[01] (\d{3})/);
      note5xx(m ? Number(m[1]) : 0, requests[k].toString('latin1'));
    });
  }
  assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
  assert.deepEqual(tally.fiveHundreds, []);
});

test('fuzz: search, ORUK API and form parameters never get a 5xx', async () => {
  const keys = ['q', 'location', 'age', 'category', 'need', 'radius', 'page', 'free', 'mode', 'day',
    'access', 'sort', 'shortlist', 'per_page', 'full', 'format', 'modified_after', 'organization_id',
    'taxonomy_term_id', 'postcode', 'proximity', 'text', 'id'];
  const values = ['autism', 'OX4 1XD', '4', 'health', 'speech-and-language-therapy', '5', '2', 'true',
    'online', 'MO', 'ndjson', '2025-01-31T09:30:00Z', '3f2504e0-4f89-41d3-9a0c-0305e82c3301'];
  const paths = ['/search', '/api/search', '/openreferral/services', '/openreferral/taxonomy_terms',
    '/openreferral/services/3f2504e0-4f89-41d3-9a0c-0305e82c3301', '/services', '/feedback',
    '/feedback/thanks', '/shortlist', '/checker'];
  for (let i = 0; i < count(150); i++) {
    const params = Array.from({ length: 1 + int(4) }, () =>
      `${enc(rng() < 0.2 ? mutate(pick(keys)) : pick(keys))}=${enc(mutate(pick(values)))}`);
    const path = pick(paths) + '?' + params.join('&');
    const r = await fetch(server.base + path).catch(() => null);
    if (r) { note5xx(r.status, 'GET ' + path); await r.arrayBuffer(); }
    if (i % 5 === 0) {
      const body = `page=${enc(mutate('/services'))}&useful=${enc(mutate('no'))}&comment=${enc(mutate('It was hard to find'))}`;
      const p = await fetch(`${server.base}/feedback`, {
        method: 'POST', body, redirect: 'manual', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      }).catch(() => null);
      if (p) { note5xx(p.status, 'POST /feedback ' + body); await p.arrayBuffer(); }
    }
  }
  assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
  assert.deepEqual(tally.fiveHundreds, []);
});

// Runs the CLI without blocking the event loop (the harvest feed is served from this process).
function run(args) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => { if (stderr.length < 4000) stderr += c; });
    child.on('exit', (status, signal) => resolve({ status, signal, stderr }));
  });
}

function noteRun(r, what) {
  tally.importerRuns += 1;
  const crashed = r.signal !== null || ![0, 1, 2].includes(r.status) || /terminate called|Aborted|Segmentation/.test(r.stderr);
  if (crashed) tally.crashes.push(`${what}: status ${r.status} signal ${r.signal} ${r.stderr.slice(0, 300)}`);
}

test('fuzz: the ORUK, CSV and HSDS importers never crash and leave the database sound', async () => {
  const target = join(work, 'target');
  assert.equal(cli(['migrate', '--data', target]).status, 0);
  const feed = cli(['export', 'oruk', '--data', data]).stdout.split('\n').filter(Boolean).slice(0, 4).join('\n');
  const csvDir = join(work, 'csv');
  assert.equal(cli(['export', 'csv', csvDir, '--data', data]).status, 0);
  const csvFiles = readdirSync(csvDir);
  const hsds = join(work, 'hsds');
  mkdirSync(hsds);
  const pkg = JSON.stringify({ name: 'fuzz', resources: [
    { name: 'organizations', path: 'organizations.csv' }, { name: 'services', path: 'services.csv' }] });
  const orgs = 'id,name,description\n1,Fuzz Org,"A ""quoted"" org"\n';
  const services = 'id,organization_id,name,status,description\n10,1,Fuzz service,active,Help\n';

  for (let i = 0; i < countRuns(2); i++) {
    const file = join(work, `feed-${i}.ndjson`);
    writeFileSync(file, mutate(feed), 'latin1');
    noteRun(await run(['import', 'oruk', file, '--data', target]), `import oruk ${file}`);

    const dir = join(work, `csv-${i}`);
    cpSync(csvDir, dir, { recursive: true });
    const victim = join(dir, pick(csvFiles));
    writeFileSync(victim, mutate(readFileSync(victim, 'latin1')), 'latin1');
    noteRun(await run(['import', 'csv', dir, '--dry-run', '--data', target]), `import csv ${victim}`);

    writeFileSync(join(hsds, 'datapackage.json'), rng() < 0.3 ? mutate(pkg) : pkg, 'latin1');
    writeFileSync(join(hsds, 'organizations.csv'), mutate(orgs), 'latin1');
    writeFileSync(join(hsds, 'services.csv'), mutate(services), 'latin1');
    noteRun(await run(['import', 'hsds', hsds, '--data', target]), 'import hsds');
  }
  assert.deepEqual(tally.crashes, []);
  const check = cli(['check', '--data', target]);
  assert.equal(check.status, 0, check.stderr);
});

test('fuzz: harvesting a feed that answers garbage never crashes', async () => {
  const target = join(work, 'harvest-target');
  assert.equal(cli(['migrate', '--data', target]).status, 0);
  const page = cli(['export', 'oruk', '--data', data]).stdout.split('\n').filter(Boolean).slice(0, 3);
  const body = JSON.stringify({ total_items: 3, total_pages: 1, page_number: 1, size: 3, first_page: true,
    last_page: true, empty: false, contents: page.map((l) => JSON.parse(l)) });
  let answer = body;
  const feed = http.createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(answer, 'latin1');
  });
  await new Promise((r) => feed.listen(0, '127.0.0.1', r));
  try {
    const url = `http://127.0.0.1:${feed.address().port}/openreferral`;
    for (let i = 0; i < countRuns(2); i++) {
      answer = mutate(body);
      noteRun(await run(['harvest', url, '--as-source', 'Fuzz Council', '--data', target]), 'harvest');
    }
  } finally {
    feed.close();
  }
  assert.deepEqual(tally.crashes, []);
  const check = cli(['check', '--data', target]);
  assert.equal(check.status, 0, check.stderr);
});
