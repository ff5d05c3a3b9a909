// Script and HTML typed into any field or query string the site shows again is shown as text and
// never run: classic payloads in search, the checker, the shortlist and a 404 address, in a real
// browser that would open a dialog if any of them ran. Over-long input is refused, saying why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, newPage, demoPaths } from './browser.mjs';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  "'><svg onload=alert(1)>",
  'javascript:alert(1)',
];

let site;
let paths;

before(async () => {
  site = await startSite();
  paths = await demoPaths(site.base);
});

after(async () => {
  if (site) await site.stop();
});

const q = encodeURIComponent;

function addresses(payload) {
  const id = paths.service.split('/').pop();
  return [
    `/search?q=${q(payload)}`,
    `/search?q=speech&location=${q(payload)}`,
    `/search?q=${q(payload)}&shortlist=${id}`,
    `/check/age?age=${q(payload)}&answer=1`,
    `/check/needs?age=4&need=${q(payload)}&answer=1`,
    `/check/place?age=4&need=autism&place=${q(payload)}&answer=1`,
    `/check/ehc-plan?age=4&need=autism&place=OX26&ehc=${q(payload)}&answer=1`,
    `/check/age?age=4&place=${q(payload)}&need=${q(payload)}`,
    `/shortlist?ids=${q(payload)}`,
    `/shortlist?ids=${id},${q(payload)}`,
    `/shortlist/print?ids=${q(payload)}`,
    `${paths.service}?shortlist=${q(payload)}`,
    `/no-such-page/${q(payload)}`,
    `/services/${q(payload)}`,
  ];
}

test('classic XSS payloads are shown as text and never run', async () => {
  const page = await newPage(site);
  const dialogs = [];
  page.on('dialog', async (d) => { dialogs.push(`${page.url()}: ${d.message()}`); await d.dismiss(); });
  const problems = [];
  for (const payload of PAYLOADS) {
    for (const path of addresses(payload)) {
      await page.goto(path);
      const found = await page.evaluate(() => ({
        scripts: [...document.scripts].filter((s) => s.type !== 'application/ld+json').length,
        handlers: [...document.querySelectorAll('*')].filter((el) => [...el.attributes].some((a) => a.name.startsWith('on'))).length,
        jsLinks: [...document.querySelectorAll('a[href], form[action]')].filter((el) => /^\s*javascript:/i.test(el.getAttribute('href') ?? el.getAttribute('action'))).length,
        injected: document.querySelectorAll('img[src="x"], svg[onload], main script').length,
      }));
      if (found.scripts || found.handlers || found.jsLinks || found.injected)
        problems.push(`${path}: ${JSON.stringify(found)}`);
    }
  }
  assert.deepEqual(dialogs, [], 'no payload opened a dialog');
  assert.deepEqual(problems, []);
  await page.close();
});

test('an echoed payload comes back escaped, as the text that was typed', async () => {
  const payload = '"><img src=x onerror=alert(1)>';
  for (const [path, where] of [
    [`/search?q=${q(payload)}`, 'input#q'],
    [`/check/age?age=${q(payload)}&answer=1`, 'input#age'],
    [`/check/place?age=4&need=autism&place=${q(payload)}&answer=1`, 'input#place'],
  ]) {
    const html = await (await fetch(site.base + path)).text();
    assert.ok(!html.includes('<img src=x'), `${path} does not contain the raw tag`);
    assert.match(html, /&quot;&gt;&lt;img src=x onerror=alert\(1\)&gt;/, `${path} escapes it`);
    const page = await newPage(site);
    await page.goto(path);
    assert.equal(await page.inputValue(where), payload, `${path}: the box holds exactly what was typed`);
    await page.close();
  }
  const search = await newPage(site);
  await search.goto(`/search?q=${q('<script>alert(1)</script>')}`);
  assert.match(await search.textContent('h1, title'), /Search/);
  assert.match(await search.title(), /<script>alert\(1\)<\/script>/, 'the title shows the words as text');
  await search.close();
});

test('over-long input is refused with a clear message', async () => {
  const long = 'a'.repeat(150);
  const page = await newPage(site);
  let r = await page.goto(`/check/place?age=4&need=autism&place=${long}&answer=1`);
  assert.equal(r.status(), 400);
  assert.match(await page.textContent('.govuk-error-summary'), /Postcode or place must be 100 characters or fewer/);
  r = await page.goto(`/check/age?age=${'9'.repeat(40)}&answer=1`);
  assert.equal(r.status(), 400);
  assert.match(await page.textContent('.govuk-error-summary'), /Enter your child's age in years using numbers, like 4/);
  r = await page.goto(`/search?q=speech&need=${'x'.repeat(150)}`);
  assert.equal(r.status(), 400);
  assert.match(await page.textContent('main'), /too long/);
  // The shortlist keeps its first 50 services and says so.
  const ids = Array.from({ length: 51 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  r = await page.goto(`/shortlist?ids=${ids.join(',')}`);
  assert.equal(r.status(), 200);
  assert.match(await page.textContent('main'), /A shortlist can hold up to 50 services/);
  await page.close();
});
