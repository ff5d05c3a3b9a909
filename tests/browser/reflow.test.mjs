// WCAG 1.4.10 Reflow and 1.4.4 Resize text: at 320 CSS px wide no page scrolls sideways, and with
// the text at 200% every page still fits, and its heading, links and form controls can be read.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, newPage, demoPaths, pageTypes, screenshot } from './browser.mjs';

let site;
let pages;

before(async () => {
  site = await startSite();
  pages = pageTypes(await demoPaths(site.base));
});

after(async () => {
  if (site) await site.stop();
});

// What goes wrong on the page, as readable lines: sideways scrolling, and text or controls that
// stick out past the right edge of the window (and so would be cut off or need scrolling).
function layoutProblems() {
  const width = document.documentElement.clientWidth;
  const problems = [];
  if (document.documentElement.scrollWidth > width)
    problems.push(`scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`);
  const selector = 'h1, h2, h3, p, li, a, label, legend, input, select, textarea, button, dt, dd, th, td';
  for (const el of document.querySelectorAll(selector)) {
    if (el.closest('.govuk-visually-hidden, .govuk-skip-link')) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > width + 1 || r.left < -1)
      problems.push(`${el.tagName.toLowerCase()} "${el.textContent.trim().slice(0, 40)}" spans ${Math.round(r.left)}..${Math.round(r.right)}`);
  }
  return problems.slice(0, 10);
}

test('at 320 px wide no page scrolls horizontally', async () => {
  const page = await newPage(site, { width: 320, height: 640 });
  const problems = [];
  for (const [name, path] of pages) {
    await page.goto(path);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    if (scrollWidth > 320) problems.push(`${path}: scrollWidth ${scrollWidth} > 320`);
    const more = await page.evaluate(layoutProblems);
    if (more.length) problems.push(`${path}:\n    ${more.join('\n    ')}`);
    if (name === 'service' || name === 'search-results') await screenshot(page, `${name}-320`);
  }
  await page.close();
  assert.deepEqual(problems, [], problems.join('\n'));
});

test('with text zoomed to 200% every page fits and stays usable', async () => {
  // Text-only zoom, as a browser's "font size" setting does it: the root font size doubles and
  // everything sized in rem (all of govuk-frontend's type) doubles with it. At 1280 px wide
  // this is WCAG's 200% resize-text check; at 640 px it is the same page zoomed to 200%.
  for (const width of [1280, 640]) {
    const page = await newPage(site, { width, height: 800 });
    const problems = [];
    for (const [name, path] of pages) {
      await page.goto(path);
      const before = await page.evaluate(() =>
        parseFloat(getComputedStyle(document.querySelector('h1')).fontSize));
      await page.evaluate(() => { document.documentElement.style.fontSize = '200%'; });
      const after = await page.evaluate(() =>
        parseFloat(getComputedStyle(document.querySelector('h1')).fontSize));
      if (after < before * 1.9) problems.push(`${path}: the heading did not grow (${before}px to ${after}px)`);
      const more = await page.evaluate(layoutProblems);
      if (more.length) problems.push(`${path} at ${width} px:\n    ${more.join('\n    ')}`);
      // The main content can still be reached and read: the h1 is in view from the top.
      const h1Visible = await page.evaluate(() => {
        const r = document.querySelector('h1').getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      });
      if (!h1Visible) problems.push(`${path}: the heading is hidden at 200% text`);
      if (width === 1280 && (name === 'service' || name === 'checker-age-error'))
        await screenshot(page, `${name}-text-200pc`);
    }
    await page.close();
    assert.deepEqual(problems, [], problems.join('\n'));
  }
});
