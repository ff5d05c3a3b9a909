// The insights pages (issue 19) in a real browser, as a commissioner (with JavaScript off for
// the demand page; axe needs it on): the searches families made show on the demand page after the counts are written (the server writes
// them when it stops, and every minute), and every insights page, and the public "Local Offer in
// numbers" page, has no axe-core violations and no page-wide sideways scrolling at 375 px. A
// screenshot of each page at desktop and phone widths is kept in test-results/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer, stopServer, removeDir } from '../e2e/harness.mjs';
import { startSite, newPage, axeViolations, screenshot } from './browser.mjs';

const PASSWORD = 'purple monkey dishwasher';
const EMAIL = 'commissioner@example.org';
const ENV = { LOCALOFFER_PUBLIC_NUMBERS: 'on' };
let site;
let server;
let setPasswordPath;

before(async () => {
  site = await startSite({ env: ENV });
  // What families did: searches by need and place, and one that finds nothing.
  for (const q of ['/search?need=semh', '/search?q=SALT&location=Oxford', '/search?q=autism',
                   '/search?q=zzqqxx+nothing+here']) {
    const res = await fetch(site.base + q);
    assert.equal(res.status, 200, q);
  }
  // The counts are written when the server stops; the same data folder is then served again.
  await stopServer(site.server);
  server = await startServer({ data: site.data, env: ENV });
  site = { ...site, base: `http://127.0.0.1:${server.port}` };
  const add = cli(['users', 'add', '--role', 'commissioner', '--data', site.data, EMAIL]);
  assert.equal(add.status, 0, add.stderr);
  setPasswordPath = add.stdout.match(/\/admin\/set-password\?token=[0-9a-f]{64}/)[0];
});

after(async () => {
  if (server) await stopServer(server);
  if (site) {
    await site.browser.close().catch(() => {});
    removeDir(site.data);
  }
});

let passwordSet = false;
async function signIn(page) {
  if (!passwordSet) {
    await page.goto(setPasswordPath, { timeout: 30_000 });
    await page.fill('#password', PASSWORD);
    await page.fill('#password_confirmation', PASSWORD);
    await page.click('form button[type=submit]');
    passwordSet = true;
  }
  await page.goto('/admin/sign-in', { timeout: 30_000 });
  await page.fill('#email', EMAIL);
  await page.fill('#password', PASSWORD);
  await page.click('form button[type=submit]');
  // A commissioner's admin opens on the insights pages.
  assert.equal(new URL(page.url()).pathname, '/admin/insights');
}

test('the family searches show on the demand page, and a commissioner cannot open services', async () => {
  const page = await newPage(site, { javaScriptEnabled: false });
  await signIn(page);
  await page.goto('/admin/insights/demand', { timeout: 30_000 });
  const searches = await page.locator('dt:has-text("Searches") + dd').first().innerText();
  assert.equal(searches.trim(), '4');
  const needs = await page.locator('table:has(caption:text-is("Searches by need"))').innerText();
  assert.match(needs, /Social, emotional and mental health/);
  const nothing = await page.locator('dt:has-text("Found nothing that matched well") + dd').innerText();
  assert.match(nothing, /^[1-9]/);
  const services = await page.goto('/admin/services', { timeout: 30_000 });
  assert.equal(services.status(), 403);
  await page.close();
});

const PAGES = [
  ['insights', '/admin/insights'],
  ['insights-coverage', '/admin/insights/coverage'],
  ['insights-coverage-categories', '/admin/insights/coverage?view=categories'],
  ['insights-demand', '/admin/insights/demand'],
  ['insights-freshness', '/admin/insights/freshness'],
  ['insights-feedback', '/admin/insights/feedback'],
  ['insights-annual-review', '/admin/insights/annual-review'],
];

for (const [width, height, label] of [[1280, 900, 'desktop'], [375, 740, 'phone']]) {
  test(`every insights page at ${width} px: no axe violations, no sideways scrolling, a screenshot`, async () => {
    // axe-core needs JavaScript in the page (its checks wait on timers); the pages need none.
    const page = await newPage(site, { width, height });
    await signIn(page);
    // A cell of the coverage table leads to the services behind it.
    await page.goto('/admin/insights/coverage', { timeout: 30_000 });
    const cell = await page.locator('td.lo-cell a').first().getAttribute('href');
    const pages = [...PAGES, ['insights-coverage-services', cell], ['in-numbers', '/local-offer-in-numbers']];
    for (const [name, path] of pages) {
      const res = await page.goto(path, { timeout: 30_000 });
      assert.equal(res.status(), 200, path);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(wide <= 0, `${path} scrolls sideways by ${wide} px at ${width} px`);
      await screenshot(page, `${name}-${label}`);
      const violations = await axeViolations(page);
      assert.deepEqual(violations, [], `${path} at ${width} px:\n  ${violations.join('\n  ')}`);
    }
    await page.close();
  });
}
