// Search engines: /sitemap.xml lists the public pages from the store and follows its changes,
// /robots.txt keeps crawlers out of the admin and the search results, and every public page has
// a meta description and a canonical link on base_url.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';

const BASE = 'https://localoffer.example.gov.uk';
let dir;
let data;
let server;

before(async () => {
  dir = tempDir();
  data = join(dir, 'data');
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const conf = join(dir, 'localoffer.conf');
  writeFileSync(conf, `base_url = ${BASE}\n`);
  server = await startServer({ data, args: ['--config', conf] });
});

after(async () => {
  if (server) await stopServer(server);
  removeDir(dir);
});

async function sitemapLocs() {
  const res = await fetch(`${server.base}/sitemap.xml`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/xml; charset=utf-8');
  const xml = await res.text();
  assert.match(xml, /^<\?xml version="1.0" encoding="UTF-8"\?>\n<urlset xmlns="http:\/\/www.sitemaps.org\/schemas\/sitemap\/0.9">\n/);
  return [...xml.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
}

test('the sitemap lists services, organisations, advice, categories and needs', async () => {
  const locs = await sitemapLocs();
  const demo = JSON.parse(readFileSync(new URL('../../demo/localoffer.json', import.meta.url), 'utf8'));
  for (const s of demo.services) assert.ok(locs.includes(`${BASE}/services/${s.id}`), s.name);
  for (const o of demo.organisations) assert.ok(locs.includes(`${BASE}/organisations/${o.id}`), o.name);
  assert.ok(locs.includes(`${BASE}/`));
  assert.ok(locs.some((l) => l.startsWith(`${BASE}/advice/`)));
  assert.ok(locs.some((l) => l.startsWith(`${BASE}/categories/`)));
  assert.ok(locs.some((l) => l.startsWith(`${BASE}/needs/`)));
  assert.ok(!locs.some((l) => l.includes('/admin') || l.includes('/search')));
  assert.equal(new Set(locs).size, locs.length, 'no address twice');
  // Each listed page is there (a few, to keep the test quick).
  for (const loc of [locs[0], locs.find((l) => l.includes('/services/')), locs.find((l) => l.includes('/needs/'))]) {
    const res = await fetch(loc.replace(BASE, server.base));
    assert.equal(res.status, 200, loc);
  }
});

test('the sitemap follows the store: services loaded while the server runs appear in it', async (t) => {
  const empty = tempDir();
  t.after(() => removeDir(empty));
  const conf = join(empty, 'localoffer.conf');
  writeFileSync(conf, `base_url = ${BASE}\n`);
  const fresh = await startServer({ data: empty, args: ['--config', conf] });
  try {
    const get = async () => [...(await (await fetch(`${fresh.base}/sitemap.xml`)).text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    const before = await get();
    assert.ok(before.includes(`${BASE}/`));
    assert.ok(!before.some((l) => l.includes('/services/')), 'no services yet');
    assert.equal(cli(['demo', 'load', '--data', empty]).status, 0);
    let after = [];
    for (let i = 0; i < 100 && !after.some((l) => l.includes('/services/')); i++) {
      after = await get();
      await sleep(100);
    }
    assert.ok(after.filter((l) => l.includes('/services/')).length > 10, 'the loaded services are listed');
  } finally {
    await stopServer(fresh);
  }
});

test('robots.txt keeps crawlers out of the admin and the search results, and names the sitemap', async () => {
  const res = await fetch(`${server.base}/robots.txt`);
  assert.equal(res.status, 200);
  const text = await res.text();
  for (const path of ['/admin', '/search', '/api/', '/check', '/shortlist']) assert.match(text, new RegExp(`^Disallow: ${path}$`, 'm'));
  assert.match(text, /^User-agent: \*$/m);
  assert.match(text, new RegExp(`^Sitemap: ${BASE}/sitemap.xml$`, 'm'));
});

test('every public page has a meta description and a canonical link on base_url', async () => {
  const locs = await sitemapLocs();
  const service = locs.find((l) => l.includes('/services/'));
  for (const loc of [`${BASE}/`, `${BASE}/categories`, `${BASE}/advice`, service, locs.find((l) => l.includes('/advice/'))]) {
    const path = loc.slice(BASE.length);
    const html = await (await fetch(`${server.base}${path}?utm_source=x`)).text();
    const canonical = html.match(/<link rel="canonical" href="([^"]+)">/);
    assert.ok(canonical, path);
    assert.equal(canonical[1], loc, 'without the query');
    const description = html.match(/<meta name="description" content="([^"]+)">/);
    assert.ok(description, path);
    const text = description[1].replace(/&(amp|quot|apos|lt|gt);/g, 'x');
    // Search engines show about 160 characters; the site's own description may run a little over.
    assert.ok(text.length >= 20 && text.length <= 200, `${path}: ${text}`);
  }
  const home = await (await fetch(`${server.base}/`)).text();
  assert.match(home, /<meta name="description" content="Support for children and young people aged 0 to 25 with special educational needs and disabilities \(SEND\) in /);
});
