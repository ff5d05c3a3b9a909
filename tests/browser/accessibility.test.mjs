// Every page type has no axe-core violations for WCAG 2.2 A and AA, and is photographed at the
// narrowest width WCAG reflow asks for (320 px), a phone (375 px) and a desktop (1280 px) into
// test-results/screenshots/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, newPage, axeViolations, screenshot, demoPaths, pageTypes } from './browser.mjs';

let site;
let pages;

before(async () => {
  site = await startSite();
  const p = await demoPaths(site.base);
  pages = pageTypes(p);
});

after(async () => {
  if (site) await site.stop();
});

test('every page type has no WCAG 2.2 A or AA violations, at 320, 375 and 1280 px', async () => {
  const problems = [];
  for (const width of [320, 375, 1280]) {
    const page = await newPage(site, { width, height: 800 });
    for (const [name, path, status] of pages) {
      const response = await page.goto(path);
      assert.equal(response.status(), status, `${path} answers ${status}`);
      const violations = await axeViolations(page);
      if (violations.length) problems.push(`${path} at ${width} px:\n  ${violations.join('\n  ')}`);
      await screenshot(page, `${name}-${width}`);
    }
    await page.close();
  }
  assert.deepEqual(problems, [], problems.join('\n\n'));
});

test('every page has one h1, a title naming the page, a skip link and a main landmark', async () => {
  const page = await newPage(site);
  for (const [, path] of pages) {
    await page.goto(path);
    const facts = await page.evaluate(() => ({
      h1: document.querySelectorAll('h1').length,
      title: document.title,
      skip: document.querySelector('a.govuk-skip-link')?.getAttribute('href'),
      main: document.querySelectorAll('main#main-content').length,
      lang: document.documentElement.lang,
    }));
    assert.equal(facts.h1, 1, `${path} has one h1`);
    assert.match(facts.title, /SEND Local Offer/, path);
    assert.equal(facts.skip, '#main-content', path);
    assert.equal(facts.main, 1, path);
    assert.equal(facts.lang, 'en', path);
  }
  await page.close();
});

test('the skip link is the first thing Tab reaches and moves focus to the main content', async () => {
  const page = await newPage(site);
  await page.goto('/');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()),
    'Skip to main content');
  assert.ok(await page.evaluate(() => {
    const r = document.activeElement.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.top >= 0;
  }), 'the focused skip link is visible');
  await page.keyboard.press('Enter');
  // Following an in-page link updates the address a moment after the key press: wait for it
  // (up to Playwright's 30 s), rather than reading it at once (which failed once in CI).
  await page.waitForURL((url) => url.hash === '#main-content');
  assert.equal(new URL(page.url()).hash, '#main-content');
  await page.close();
});
