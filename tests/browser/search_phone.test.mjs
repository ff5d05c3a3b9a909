// The search results page on a phone (issue 14, item 1 and 2): at 375 x 740, with JavaScript on
// and off, the result count and the first result are on the first screen; a keyboard user
// reaches the first result in at most 10 Tab presses from the search box; the filters sit behind
// one "Filter results" disclosure, applied ones show as tags that remove them; a place search
// puts services outside the area under their own heading. Positions are measured, not eyeballed;
// each test prints its figures.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, newPage, axeViolations, screenshot, tabTo } from './browser.mjs';

const SEARCH = '/search?q=speech+therapy&location=OX26';
const SCREEN = { width: 375, height: 740 };

let site;

before(async () => {
  site = await startSite();
});

after(async () => {
  if (site) await site.stop();
});

// In the page: where the result count and the first result sit, in CSS px from the top.
function positions() {
  const top = (el) => (el ? Math.round(el.getBoundingClientRect().top + scrollY) : null);
  const bottom = (el) => (el ? Math.round(el.getBoundingClientRect().bottom + scrollY) : null);
  const heading = document.querySelector('#results') ??
    [...document.querySelectorAll('h2')].find((h) => /\d+ services?/.test(h.textContent));
  const first = document.querySelector('.lo-service-list__item');
  return {
    countBottom: bottom(heading),
    firstTop: top(first),
    firstNameBottom: bottom(first?.querySelector('.lo-service-list__name')),
    page: document.documentElement.scrollHeight,
  };
}

for (const javaScriptEnabled of [false, true]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`at 375 x 740 ${label}, the count and the first result are on the first screen`, async () => {
    const page = await newPage(site, { ...SCREEN, javaScriptEnabled });
    const response = await page.goto(SEARCH);
    assert.equal(response.status(), 200);
    const at = await page.evaluate(positions);
    console.log(`# ${label}: count heading ends at ${at.countBottom} px, first result starts at ` +
      `${at.firstTop} px and its name ends at ${at.firstNameBottom} px, page ${at.page} px`);
    await screenshot(page, `search-phone-${javaScriptEnabled ? 'js' : 'nojs'}`);
    assert.ok(at.countBottom !== null && at.countBottom <= SCREEN.height,
      `the result count ends within the first screen (at ${at.countBottom} px)`);
    assert.ok(at.firstTop !== null && at.firstNameBottom <= SCREEN.height,
      `the first result's name is within the first screen (its top at ${at.firstTop} px)`);
    await page.close();
  });

  test(`${label}: at most 10 Tab presses from the search box to the first result`, async () => {
    const page = await newPage(site, { ...SCREEN, javaScriptEnabled });
    await page.goto(SEARCH);
    await page.focus('input#q');
    const presses = await tabTo(page, () => document.activeElement?.matches('.lo-service-list__name a'));
    console.log(`# ${label}: ${presses} Tab presses from the search box to the first result`);
    assert.ok(presses <= 10, `${presses} Tab presses is more than 10`);
    await page.close();
  });
}

test('the search page has no WCAG 2.2 A or AA violations at 320, 375 and 1280 px', async () => {
  const problems = [];
  const paths = [SEARCH, `${SEARCH}&age=4&free=yes&sort=name`, '/search?q=speech&location=Atlantis'];
  for (const width of [320, 375, 1280]) {
    const page = await newPage(site, { width, height: 740 });
    for (const path of paths) {
      await page.goto(path);
      for (const open of [false, true]) {
        if (open) await page.click('.lo-filters summary');
        const violations = await axeViolations(page);
        if (violations.length)
          problems.push(`${path} at ${width} px${open ? ', filters open' : ''}:\n  ${violations.join('\n  ')}`);
      }
    }
    await page.goto(SEARCH);
    await screenshot(page, `search-results-phone-layout-${width}`);
    await page.close();
  }
  assert.deepEqual(problems, [], problems.join('\n\n'));
});

test('one place box; the filters are one disclosure that says how many are chosen, and works without JavaScript', async () => {
  const page = await newPage(site, { ...SCREEN, javaScriptEnabled: false });
  await page.goto(`${SEARCH}&age=4&free=yes`);
  assert.equal(await page.locator('input[name="location"]:not([type="hidden"])').count(), 1, 'one place box');
  assert.equal((await page.textContent('.lo-filters summary')).replace(/\s+/g, ' ').trim(),
    'Filter results (2 selected)');
  assert.equal(await page.isVisible('input#age'), false, 'the filters start closed');
  await page.click('.lo-filters summary');
  assert.equal(await page.isVisible('input#age'), true, 'the summary opens them, without JavaScript');
  // No option that would find nothing is offered, unless it is ticked.
  const zero = await page.$$eval('.lo-filters .govuk-checkboxes__item', (items) => items
    .filter((i) => /\(0\)/.test(i.textContent) && !i.querySelector('input').checked)
    .map((i) => i.textContent.trim()));
  assert.deepEqual(zero, []);
  // "Skip to results" goes to the count.
  assert.equal(await page.getAttribute('a.lo-skip-to-results', 'href'), '#results');
  assert.match(await page.textContent('#results'), /\d+ services? near/);
  await page.close();
});

test('applied filters are tags that remove themselves', async () => {
  const page = await newPage(site, { ...SCREEN, javaScriptEnabled: false });
  await page.goto(`${SEARCH}&age=4&free=yes`);
  const tags = (await page.$$eval('.lo-filter-tags a', (as) => as.map((a) => a.textContent.replace(/\s+/g, ' ').trim())));
  assert.deepEqual(tags, ['Age 4 Remove this filter', 'Free Remove this filter']);
  await Promise.all([page.waitForNavigation(), page.click('.lo-filter-tags a >> nth=0')]);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get('age'), null);
  assert.equal(url.searchParams.get('free'), 'yes');
  assert.equal(url.searchParams.get('q'), 'speech therapy');
  assert.equal(url.searchParams.get('location'), 'OX26');
  assert.equal((await page.textContent('.lo-filters summary')).replace(/\s+/g, ' ').trim(),
    'Filter results (1 selected)');
  await page.close();
});

test('the sort control orders the results A to Z, without JavaScript', async () => {
  const page = await newPage(site, { width: 1280, height: 800, javaScriptEnabled: false });
  await page.goto(SEARCH);
  const choices = await page.$$eval('select#sort option', (os) => os.map((o) => [o.value, o.textContent.trim(), o.selected]));
  assert.deepEqual(choices, [
    ['relevance', 'Best match', false], ['distance', 'Nearest first', true], ['name', 'A to Z', false]]);
  await page.selectOption('select#sort', 'name');
  await Promise.all([page.waitForNavigation(), page.click('.lo-sort button')]);
  assert.equal(new URL(page.url()).searchParams.get('sort'), 'name');
  const names = await page.$$eval('.lo-service-list__name a', (as) => as.map((a) => a.textContent.trim()));
  assert.ok(names.length > 1);
  const sorted = [...names].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
  assert.deepEqual(names, sorted);
  await page.close();
});

test('a place search puts services outside the area under their own heading, not counted as near it', async () => {
  const page = await newPage(site, { width: 1280, height: 800, javaScriptEnabled: false });
  await page.goto('/search?q=autism&location=OX26&per_page=50');
  const api = await (await fetch(`${site.base}/api/search?q=autism&location=OX26&per_page=50`)).json();
  const near = api.results.filter((r) => r.in_area).length;
  const outside = api.results.length - near;
  assert.ok(near > 0 && outside > 0, `the demo has autism services in and outside Oxfordshire (${near}, ${outside})`);
  assert.equal(api.in_area_total, near);
  assert.match(await page.textContent('#results'), new RegExp(`^\\s*${near} services? near OX26\\s*$`));
  const sections = await page.evaluate(() => ({
    local: document.querySelectorAll('#local-results .lo-service-list__item').length,
    outside: document.querySelectorAll('#outside-results .lo-service-list__item').length,
    heading: document.querySelector('#outside-heading')?.textContent.trim(),
    order: [...document.querySelectorAll('#results, #outside-heading')].map((h) => h.id),
  }));
  assert.deepEqual(sections, {
    local: near, outside, heading: 'Services outside your area', order: ['results', 'outside-heading'],
  });
  const outsideNames = await page.$$eval('#outside-results .lo-service-list__name a', (as) => as.map((a) => a.textContent.trim()));
  assert.deepEqual(outsideNames, api.results.filter((r) => !r.in_area).map((r) => r.name));
  await screenshot(page, 'search-outside-area');

  // A place that is not found: the heading does not claim "near" it.
  await page.goto('/search?q=autism&location=Atlantis');
  const heading = (await page.textContent('#results')).trim();
  assert.match(heading, /^\d+ services?$/);
  assert.equal(await page.locator('#outside-heading').count(), 0);
  await page.close();
});
