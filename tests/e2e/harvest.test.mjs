// localoffer harvest URL: a second localoffer instance with the demo data serves its ORUK feed on
// loopback; the first instance harvests it, page by page, re-harvests it (no duplicates, nothing
// changed), and follows changes and archiving at the source. Broken feeds (a bad address, a host
// that refuses, a server answering 500 or invalid JSON, a record with problems) each give their
// exact message and leave the database unchanged.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { BIN, cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';

const dirs = [];
const servers = [];
after(async () => {
  for (const s of servers) await (s.stopServer ? stopServer(s) : new Promise((r) => s.close(r)));
  dirs.forEach(removeDir);
});
function fresh() {
  const d = tempDir();
  dirs.push(d);
  return d;
}
function exportNdjson(data) {
  const r = spawnSync(BIN, ['export', 'oruk', '--data', data], { encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
function byId(ndjson) {
  return new Map(ndjson.trim().split('\n').filter(Boolean).map((l) => { const j = JSON.parse(l); return [j.id, j]; }));
}
// The audit log's harvest entries (exports by this test are audited too, as "export").
function auditLog(data, action = 'harvest') {
  const r = spawnSync('sqlite3', [join(data, 'localoffer.db'), `SELECT action, actor_email, subject, detail FROM audit_log WHERE action = '${action}' ORDER BY id`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').filter(Boolean);
}
// Runs the CLI without blocking this process, so the feed servers below can answer it.
function cliAsync(args) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}
// A tiny feed server answering every request with handler(req, res).
function feedServer(handler) {
  return new Promise((resolve) => {
    const server = http.createServer(handler);
    server.listen(0, '127.0.0.1', () => {
      servers.push(server);
      resolve(`http://127.0.0.1:${server.address().port}`);
    });
  });
}
function closedPort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

const SERVICE = '6a3e1c52-0d4b-4f0e-9a57-2b8f4c1d7e01';

test('Harvest: another instance\'s feed is copied in page by page, marked with its source, and a re-harvest changes nothing', async () => {
  const source = fresh();
  assert.equal(cli(['demo', 'load', '--data', source]).status, 0);
  const server = await startServer({ data: source });
  server.stopServer = true;
  servers.push(server);
  const feed = `${server.base}/openreferral`;

  const target = fresh();
  const first = cli(['harvest', feed, '--as-source', 'Sandford Council', '--per-page', '10', '--data', target]);
  assert.equal(first.stderr, '');
  assert.equal(first.status, 0);
  assert.equal(first.stdout, `Harvested ${feed} as Sandford Council: 62 services, 19 organisations, 11 locations, 0 taxonomies, 0 taxonomy terms.\n`);

  // Every service arrives exactly as the source publishes it.
  const theirs = byId(exportNdjson(source));
  const ours = byId(exportNdjson(target));
  assert.equal(ours.size, 62);
  for (const [id, s] of theirs) assert.deepEqual(ours.get(id), s, id);

  // Harvesting again adds nothing and changes nothing.
  const before = exportNdjson(target);
  const again = cli(['harvest', `${feed}/`, '--as-source', 'Sandford Council', '--data', target]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, `Already up to date: ${feed} (as Sandford Council) holds 62 services, 19 organisations, 11 locations, 0 taxonomies, 0 taxonomy terms, and nothing changed.\n`);
  assert.equal(exportNdjson(target), before);

  // A dry run reports and writes nothing.
  const dry = cli(['harvest', feed, '--as-source', 'Sandford Council', '--dry-run', '--data', target]);
  assert.equal(dry.stdout, `Dry run: ${feed} (as Sandford Council) would give 62 services, 19 organisations, 11 locations, 0 taxonomies, 0 taxonomy terms. Nothing was written.\n`);

  // The source changes one service and archives another; the next harvest follows both.
  const [changedId, archivedId] = [...theirs.keys()].sort();
  const changed = { ...theirs.get(changedId), name: 'Renamed at the source' };
  const archived = { ...theirs.get(archivedId), status: 'defunct' };
  const edits = join(fresh(), 'edits.ndjson');
  writeFileSync(edits, `${JSON.stringify(changed)}\n${JSON.stringify(archived)}\n`);
  const edit = cli(['import', 'oruk', edits, '--data', source]);
  assert.equal(edit.status, 0, edit.stderr);
  const third = cli(['harvest', feed, '--as-source', 'Sandford Council', '--data', target]);
  assert.equal(third.status, 0, third.stderr);
  assert.equal(third.stdout, `Harvested ${feed} as Sandford Council: 61 services, 19 organisations, 11 locations, 0 taxonomies, 0 taxonomy terms; 1 service no longer in the feed was archived.\n`);
  const now = byId(exportNdjson(target));
  assert.equal(now.size, 62);
  assert.equal(now.get(changedId).name, 'Renamed at the source');
  assert.equal(now.get(archivedId).status, 'defunct');

  assert.deepEqual(auditLog(target).map((l) => l.split('|').slice(0, 3).join('|')), [
    `harvest|command line|${feed}`, `harvest|command line|${feed}`, `harvest|command line|${feed}`]);
  assert.match(auditLog(target)[1], /\|as Sandford Council: 62 services in the feed; nothing changed$/);
  // Imports and exports from the command line are audited as well.
  assert.match(auditLog(source, 'import').at(-1), /^import\|command line\|oruk .*edits\.ndjson\|Imported /);
  assert.match(auditLog(target, 'export').at(-1), /^export\|command line\|oruk to standard output\|written$/);

  // A feed that ignores full=true: each service is then fetched from /services/{id}.
  let detailRequests = 0;
  const proxy = await feedServer(async (req, res) => {
    if (/^\/openreferral\/services\/[0-9a-f-]+$/.test(req.url)) detailRequests += 1;
    const r = await fetch(server.base + req.url.replace('&full=true', ''));
    res.writeHead(r.status, { 'content-type': 'application/json' });
    res.end(await r.text());
  });
  const other = fresh();
  const viaProxy = await cliAsync(['harvest', `${proxy}/openreferral`, '--as-source', 'Sandford Council', '--data', other]);
  assert.equal(viaProxy.status, 0, viaProxy.stderr);
  assert.equal(detailRequests, 61);
  const expected = byId(exportNdjson(target));
  expected.delete(archivedId);
  assert.deepEqual(byId(exportNdjson(other)), expected);

  // The public page says where the information comes from.
  const site = await startServer({ data: target });
  try {
    const html = await (await fetch(`${site.base}/services/${changedId}`)).text();
    assert.match(html, /This information comes from Sandford Council's Local Offer, not ours\. They last updated it on \d+ \w+ \d{4}\./);
  } finally {
    await stopServer(site);
  }
});

test('Harvest: a bad address, a host that refuses, a 500, invalid JSON or a broken record each say so and change nothing', async () => {
  const target = fresh();
  assert.equal(cli(['demo', 'load', '--data', target]).status, 0);
  const before = exportNdjson(target);
  const refused = await closedPort();
  const failing = await feedServer((req, res) => { res.writeHead(500, { 'content-type': 'text/plain' }); res.end('boom'); });
  const garbled = await feedServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"contents": [{"id": '); });
  const notPage = await feedServer((req, res) => { res.writeHead(200, { 'content-type': 'application/json' }); res.end('{"hello":"world"}'); });
  const missing = await feedServer((req, res) => { res.writeHead(404); res.end(); });
  const broken = await feedServer((req, res) => {
    if (!req.url.startsWith('/openreferral/services?')) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ total_items: 1, total_pages: 1, page_number: 1, contents: [
      { id: SERVICE, status: 'active', organization: { id: '7b1f0e22-5c3a-4d8e-b6f1-0a9c2e4d8f10', name: 'Org', description: 'd' }, contacts: [] }] }));
  });
  const redirecting = await feedServer((req, res) => { res.writeHead(302, { location: req.url }); res.end(); });
  const cases = [
    ['ftp://example.org/openreferral',
      'localoffer: "ftp://example.org/openreferral" is not a feed address I can harvest: it must start with http:// or https://, like https://example.org/openreferral. Nothing was changed.\n'],
    [`http://127.0.0.1:${refused}/openreferral`,
      `localoffer: Could not connect to 127.0.0.1:${refused}: Connection refused. Check the address and that the server is running. Nothing was changed.\n`],
    [`${failing}/openreferral`,
      `localoffer: The feed answered 500 for ${failing}/openreferral/services?page=1&per_page=100&full=true. The feed's server has a problem: try again later, or tell its publisher. Nothing was changed.\n`],
    [`${missing}/openreferral`,
      `localoffer: The feed answered 404 for ${missing}/openreferral/services?page=1&per_page=100&full=true. Check the address is the feed's base, the part before /services. Nothing was changed.\n`],
    [`${garbled}/openreferral`,
      `localoffer: The feed's answer for ${garbled}/openreferral/services?page=1&per_page=100&full=true is not valid JSON (at byte 22). It may be broken, or the address may not be an Open Referral UK feed. Nothing was changed.\n`],
    [`${notPage}/openreferral`,
      `localoffer: The feed's answer for ${notPage}/openreferral/services?page=1&per_page=100&full=true is not an Open Referral UK list page: it has no "contents" list. Check the address is the feed's base. Nothing was changed.\n`],
    [`${redirecting}/openreferral`,
      `localoffer: ${redirecting}/openreferral/services?page=1&per_page=100&full=true redirected more than 5 times, so I stopped following it. Check the address. Nothing was changed.\n`],
    [`${broken}/openreferral`,
      `localoffer: the feed at ${broken}/openreferral has 1 problem, so nothing was written:\n` +
      `  services: record 1 (id ${SERVICE}): name: Enter the service name\n` +
      'Ask the feed\'s publisher to fix it, then harvest again.\n'],
  ];
  for (const [url, expected] of cases) {
    const r = await cliAsync(['harvest', url, '--data', target]);
    assert.equal(r.stderr, expected, url);
    assert.equal(r.status, 1, url);
    assert.equal(r.stdout, '', url);
  }
  assert.equal(exportNdjson(target), before);
  assert.deepEqual(auditLog(target), []);
});

test('Harvest: a feed with a fixable e-mail and a hopeless web address is harvested whole, with each repair and drop said and counted', async () => {
  const target = fresh();
  assert.equal(cli(['migrate', '--data', target]).status, 0);
  const ORG = '7b1f0e22-5c3a-4d8e-b6f1-0a9c2e4d8f10';
  const feed = await feedServer((req, res) => {
    if (!req.url.startsWith('/openreferral/services?')) { res.writeHead(404); res.end(); return; }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ total_items: 1, total_pages: 1, page_number: 1, contents: [
      { id: SERVICE, name: 'Play', status: 'active', email: 'play@example.org.', contacts: [],
        organization: { id: ORG, name: 'Org', website: 'Call the office', description: 'd' } }] }));
  });
  const base = `${feed}/openreferral`;
  const w = `  warning: services: record 1 (id ${SERVICE}): `;
  const warnings = [
    w + 'organization.url: "Call the office" is not a web address and cannot be repaired safely, so it was left out and the rest of the record kept. Correct it at the source and import again',
    w + 'email: "play@example.org." ends with a dot after the domain; it was repaired to "play@example.org"',
  ];
  const changes = 'Repaired 1 value: 1 service.email (trailing dot removed). Dropped 1 value: 1 organization.url (not a web address).';
  const counts = '1 services, 1 organisations, 0 locations, 0 taxonomies, 0 taxonomy terms';
  const first = await cliAsync(['harvest', base, '--as-source', 'Feed', '--data', target]);
  assert.equal(first.stderr, '');
  assert.equal(first.status, 0);
  assert.equal(first.stdout, [...warnings, `Harvested ${base} as Feed: ${counts}.`, changes, ''].join('\n'));
  const s = byId(exportNdjson(target)).get(SERVICE);
  assert.equal(s.email, 'play@example.org');
  assert.equal(s.organization.website, undefined);
  const again = await cliAsync(['harvest', base, '--as-source', 'Feed', '--data', target]);
  assert.equal(again.stdout, [...warnings, `Already up to date: ${base} (as Feed) holds ${counts}, and nothing changed.`, changes, ''].join('\n'));
  assert.match(auditLog(target)[0], new RegExp(`\\|as Feed: 1 services in the feed; ${counts}\\. Repaired 1 value: .*\\(not a web address\\)\\.$`));
});
