// The page cache over real HTTP (docs/architecture.md, "The page cache"): a search page asked
// again is the same bytes, sent compressed, and every search is still counted for the insights
// pages. What writes do to kept pages is tested in tests/http/page_cache_test.cpp.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { startDemoServer, stopServer, removeDir } from './harness.mjs';

let server;

before(async () => { server = await startDemoServer(); });
after(async () => { if (server) { await stopServer(server); removeDir(server.dataDir); } });

const today = () => new Date().toISOString().slice(0, 10);
const count = (data, metric) => {
  const r = spawnSync('sqlite3', [join(data, 'localoffer.db'),
    `SELECT COALESCE(SUM(count), 0) FROM search_daily_counts WHERE day = '${today()}' AND metric = '${metric}'`],
  { encoding: 'utf8' });
  return Number(r.stdout.trim());
};

test('a search page asked again is the same page, compressed, and every search is counted', async () => {
  const url = `${server.base}/search?q=autism+assessment`;
  const first = await fetch(url);
  const body = await first.text();
  assert.equal(first.status, 200);
  for (let i = 0; i < 4; i++) {
    const again = await fetch(url, { headers: { 'Accept-Encoding': 'gzip' } });
    assert.equal(again.headers.get('content-encoding'), 'gzip');
    assert.equal(await again.text(), body);  // fetch inflates it
  }
  const etag = first.headers.get('etag');
  assert.ok(etag);
  const unchanged = await fetch(url, { headers: { 'If-None-Match': etag } });
  assert.equal(unchanged.status, 304);
  // A family with a shortlist gets their own page, never the one above.
  const id = body.match(/href="\/services\/([0-9a-f-]{36})/)[1];
  const listed = await (await fetch(url, { headers: { Cookie: `lo_shortlist=${id}` } })).text();
  assert.notEqual(listed, body);
  assert.match(listed, /Shortlist \(1\)|1 service/);

  // The counts are written when the server stops: 7 searches (the 304 too).
  await stopServer(server);
  const data = server.dataDir;
  server = null;
  try {
    assert.equal(count(data, 'searches'), 7);
  } finally {
    removeDir(data);
  }
});
