// Issue 14, item 2: Directions links and the optional small map. Two servers on the same demo
// data (with two venues made home addresses): one without map_tiles_url, one pointing it at a
// tiny tile server on 127.0.0.1 started here. Without the setting there is no map and every
// request the page makes goes to the site itself; with it, the service page and the search page
// draw a map whose tiles come from loopback only, the map does not push the first result or
// "At a glance" down on a 375 px phone, and axe finds no WCAG 2.2 A or AA violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSite, newPage, axeViolations, screenshot } from './browser.mjs';
import { tempDir, removeDir } from '../e2e/harness.mjs';

const ROOT = new URL('../../', import.meta.url).pathname;
const demo = JSON.parse(readFileSync(join(ROOT, 'demo/localoffer.json'), 'utf8'));
const byName = (list, name) => list.find((x) => x.name === name);
const servicePath = (name) => `/services/${byName(demo.services, name).id}`;

// A service with two public venues, one whose only venue becomes a home, and one with both.
const CAMHS = 'Child and Adolescent Mental Health Service (CAMHS) (Oxfordshire)';
const WHEELCHAIR = 'Oxfordshire Wheelchair Service';
const DENTAL = 'Oxfordshire Community Dental Service';
const HOMES = ['Oxford Centre for Enablement', 'Astral House (Dental Referral Bureau)'];
const SEARCH = '/search?q=speech+therapy&location=OX26';
const PHONE = { width: 375, height: 740 };
const WAIT = 15_000;  // every page opening and wait fails fast instead of hanging

// A 1 x 1 PNG: any /{z}/{x}/{y}.png gets it, and each request is counted.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64');
const tiles = { count: 0, bad: [] };
let tileServer;
let tileOrigin;
let share;
let off;
let on;

// A share folder like the source tree, but with a copy of the demo in which HOMES hide their
// address (no home-based venue is in the demo itself).
function shareWithHomes() {
  const dir = tempDir();
  for (const name of ['templates', 'static', 'db']) symlinkSync(join(ROOT, name), join(dir, name));
  mkdirSync(join(dir, 'demo'));
  symlinkSync(join(ROOT, 'demo/advice'), join(dir, 'demo/advice'));
  const copy = structuredClone(demo);
  for (const l of copy.locations) if (HOMES.includes(l.name)) l.hide_address = true;
  writeFileSync(join(dir, 'demo/localoffer.json'), JSON.stringify(copy));
  return dir;
}

async function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took more than ${WAIT} ms`)), WAIT);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// A page that records the address of every request it makes.
async function openPage(site, options = {}) {
  const page = await withTimeout(newPage(site, options), 'opening a page');
  page.setDefaultTimeout(WAIT);
  page.setDefaultNavigationTimeout(WAIT);
  page.requested = [];
  page.on('request', (r) => page.requested.push(r.url()));
  return page;
}

async function visit(page, path) {
  const response = await page.goto(path, { timeout: WAIT, waitUntil: 'load' });
  assert.equal(response.status(), 200, path);
}

// Origins other than the allowed ones (data: URLs never leave the browser).
function strangers(page, allowed) {
  return page.requested.filter((url) => !url.startsWith('data:') &&
    !allowed.includes(new URL(url).origin));
}

// In the page: what the map drew and its accessible name.
function drawn() {
  const box = document.querySelector('[data-lo-map]');
  const region = box?.querySelector('[role="region"]');
  return {
    box: Boolean(box),
    visible: Boolean(box && !box.hidden),
    name: region ? document.getElementById(region.getAttribute('aria-labelledby'))?.textContent : null,
    markers: document.querySelectorAll('.leaflet-marker-icon').length,
    markerNames: [...document.querySelectorAll('.leaflet-marker-icon')].map((m) => m.alt),
    tiles: document.querySelectorAll('img.leaflet-tile').length,
  };
}

before(async () => {
  tileServer = http.createServer((req, res) => {
    tiles.count++;
    if (!/^\/\d+\/\d+\/\d+\.png$/.test(req.url)) tiles.bad.push(req.url);
    res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-store' });
    res.end(PNG);
  });
  await new Promise((resolve) => tileServer.listen(0, '127.0.0.1', resolve));
  tileOrigin = `http://127.0.0.1:${tileServer.address().port}`;
  share = shareWithHomes();
  off = await startSite({ demoShare: share });
  on = await startSite({
    demoShare: share,
    browser: off.browser,
    env: { LOCALOFFER_MAP_TILES_URL: `${tileOrigin}/{z}/{x}/{y}.png` },
  });
});

after(async () => {
  if (on) await on.stop();
  if (off) await off.stop();
  if (tileServer) await new Promise((resolve) => tileServer.close(resolve));
  if (share) removeDir(share);
});

test('without map_tiles_url there is no map and every request stays on the site', { timeout: 60_000 }, async () => {
  const before = tiles.count;
  const page = await openPage(off);
  for (const path of [servicePath(CAMHS), SEARCH]) {
    await visit(page, path);
    const map = await page.evaluate(drawn);
    assert.equal(map.box, false, `${path}: no map element`);
    assert.equal(await page.locator('script[src], link[href*="leaflet"]').count(), 0,
      `${path}: no script and no Leaflet stylesheet`);
  }
  console.log(`# without the setting: ${page.requested.length} requests, ` +
    `${strangers(page, [off.base]).length} to other origins`);
  assert.deepEqual(strangers(page, [off.base]), [], 'every request goes to the site itself');
  assert.equal(tiles.count, before, 'the tile server was not asked for anything');
  await page.close();
});

test('with map_tiles_url the service page and the search page draw a map from loopback tiles', { timeout: 60_000 }, async () => {
  const page = await openPage(on);
  for (const [path, heading] of [[servicePath(CAMHS), 'Map'], [SEARCH, 'Map of these results']]) {
    const before = tiles.count;
    await visit(page, path);
    await page.waitForSelector('img.leaflet-tile-loaded', { timeout: WAIT });
    const map = await page.evaluate(drawn);
    console.log(`# ${path}: ${JSON.stringify(map)}, ${tiles.count - before} tiles requested`);
    assert.ok(map.visible, `${path}: the map is shown`);
    assert.equal(map.name, heading, `${path}: the map region is named by its heading`);
    assert.ok(map.markers > 0, `${path}: the map has markers`);
    assert.ok(tiles.count > before, `${path}: tiles came from the loopback tile server`);
    await screenshot(page, `map-${path === SEARCH ? 'search' : 'service'}`);
  }
  assert.deepEqual(tiles.bad, [], 'only /{z}/{x}/{y}.png tiles were asked for');
  assert.deepEqual(strangers(page, [on.base, tileOrigin]), [],
    'every request goes to the site or the loopback tile server');
  await page.close();
});

test('Directions links carry each public venue\'s coordinates; a home gets none and no marker', { timeout: 60_000 }, async () => {
  const page = await openPage(on);
  await visit(page, servicePath(CAMHS));
  const links = await page.$$eval('.lo-directions a', (as) => as.map((a) => ({
    href: a.getAttribute('href'),
    name: a.textContent.replace(/\s+/g, ' ').trim(),
  })));
  console.log(`# CAMHS directions: ${JSON.stringify(links)}`);
  const service = byName(demo.services, CAMHS);
  for (const id of service.location_ids) {
    const venue = demo.locations.find((l) => l.id === id);
    const at = `${venue.latitude},${venue.longitude}`;
    const geo = links.find((l) => l.href.startsWith(`geo:${at}?q=${at}(`));
    assert.ok(geo, `a geo: link to ${venue.name} at ${at}`);
    assert.equal(geo.name, `Directions (opens your maps app) for ${venue.name}`);
    assert.ok(links.some((l) => l.href ===
      `https://www.openstreetmap.org/directions?to=${venue.latitude}%2C${venue.longitude}`),
      `an OpenStreetMap link to ${venue.name}`);
  }
  const names = links.map((l) => l.name);
  assert.equal(new Set(names).size, names.length, 'every link has a name of its own');

  await visit(page, servicePath(WHEELCHAIR));
  const home = await page.evaluate(() => ({
    links: [...document.querySelectorAll('a')].map((a) => a.getAttribute('href'))
      .filter((h) => /^geo:|openstreetmap/.test(h ?? '')),
    map: Boolean(document.querySelector('[data-lo-map]')),
    where: document.querySelector('.lo-address')?.textContent.replace(/\s+/g, ' ').trim(),
  }));
  console.log(`# wheelchair service (a home): ${JSON.stringify(home)}`);
  assert.deepEqual(home.links, [], 'no Directions links for a hidden address');
  assert.equal(home.map, false, 'no map when the only venue is a home');

  await visit(page, servicePath(DENTAL));
  await page.waitForSelector('.leaflet-marker-icon', { timeout: WAIT });
  const mixed = await page.evaluate(drawn);
  const geoLinks = await page.locator('.lo-directions a[href^="geo:"]').count();
  assert.deepEqual(mixed.markerNames, ['East Oxford Health Centre'], 'a marker for the public venue only');
  assert.equal(geoLinks, 1, 'Directions for the public venue only');
  await page.close();
});

test('at 375 px the map does not push the first result or "At a glance" down', { timeout: 90_000 }, async () => {
  const measure = async (site, path, selector) => {
    const page = await openPage(site, PHONE);
    await visit(page, path);
    if (site === on) await page.waitForSelector('img.leaflet-tile-loaded', { timeout: WAIT });
    const top = await page.$eval(selector, (el) => Math.round(el.getBoundingClientRect().top + scrollY));
    await page.close();
    return top;
  };
  for (const [path, selector] of [[SEARCH, '.lo-service-list__item'], [servicePath(CAMHS), '.lo-glance']]) {
    const without = await measure(off, path, selector);
    const withMap = await measure(on, path, selector);
    console.log(`# ${path} at 375 px: ${selector} at ${without} px without the map, ${withMap} px with it`);
    assert.ok(withMap <= without, `${selector} moved from ${without} px to ${withMap} px`);
  }
});

test('the map can be skipped from the keyboard, and axe finds no violations with it on', { timeout: 90_000 }, async () => {
  const page = await openPage(on);
  for (const path of [servicePath(CAMHS), SEARCH]) {
    await visit(page, path);
    await page.waitForSelector('img.leaflet-tile-loaded', { timeout: WAIT });
    await page.focus('.lo-map__skip');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'after-map',
      `${path}: "Skip the map" moves focus past the map`);
    // Tab from the map itself leaves it (through Leaflet's markers and controls), no trap.
    await page.focus('.lo-map__canvas');
    let left = false;
    for (let i = 0; i < 40 && !left; i++) {
      await page.keyboard.press('Tab');
      left = await page.evaluate(() => !document.activeElement?.closest('.lo-map__canvas'));
    }
    assert.ok(left, `${path}: Tab leaves the map`);
    const violations = await axeViolations(page);
    console.log(`# axe on ${path} with the map: ${violations.length} violations`);
    assert.deepEqual(violations, [], violations.join('\n'));
  }
  await page.close();
});
