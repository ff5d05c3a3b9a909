// Web performance: pages are compressed and revalidated, fingerprinted assets are cached for a
// year, a service page is well under 100 KB compressed in total, and nothing comes from another
// site. Figures: bench/README.md "Web performance" (node bench/web-weight.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, newPage, demoPaths } from './browser.mjs';
import { getRaw, pageWeight, summary } from '../../bench/web-weight.mjs';

let site;
let paths;

before(async () => {
  site = await startSite();
  paths = await demoPaths(site.base);
});

after(async () => {
  if (site) await site.stop();
});

test('a service page is gzipped, revalidated with an ETag and under 100 KB in total', async (t) => {
  const parts = await pageWeight(site.base + paths.service);
  const s = summary(parts);
  t.diagnostic(`service page: ${s.text}`);
  assert.ok(s.total < 100 * 1024, s.text);
  const [html, ...assets] = parts;
  assert.equal(html.encoding, 'gzip');
  assert.equal(html.cacheControl, 'no-cache');
  assert.match(html.etag, /^W\/"[0-9a-f]{16}"$/);
  const again = await getRaw(site.base + paths.service, { 'If-None-Match': html.etag });
  assert.equal(again.status, 304);
  assert.equal(again.bytes, 0);
  assert.ok(assets.length >= 1, 'the page links its stylesheet');
  for (const a of assets) {
    assert.match(a.url, /\/static\/dist\/app\.[0-9a-f]{8}\.(css|js)$/, 'assets are fingerprinted');
    assert.equal(a.encoding, 'gzip');
    assert.equal(a.cacheControl, 'public, max-age=31536000, immutable');
    assert.ok(a.etag);
  }
});

test('pages about one family are never cached', async () => {
  for (const path of ['/check/result?age=4&need=autism&place=OX26&ehc=no', '/shortlist', '/check/age']) {
    const r = await getRaw(site.base + path);
    assert.equal(r.headers['cache-control'], 'no-store', path);
    assert.equal(r.headers.etag, undefined, path);
  }
});

test('a page makes no request to another site and none is render-blocking from elsewhere', async () => {
  const page = await newPage(site);
  const requests = [];
  page.on('request', (r) => requests.push(r.url()));
  for (const path of ['/', paths.service, '/search?q=speech', '/check/result?age=4&need=autism&place=OX26&ehc=no'])
    await page.goto(path);
  const elsewhere = requests.filter((u) => !u.startsWith(site.base) && !u.startsWith('data:'));
  assert.deepEqual(elsewhere, []);
  await page.close();
});
