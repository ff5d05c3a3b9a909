// A keyboard-only journey, with JavaScript on and with it off: search from the home page, filter
// by age, open a service, add it to the shortlist, open the shortlist and its print view. Only Tab,
// Shift+Tab and Enter move between things (and typing, to fill in a box); every element that
// gets focus shows it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, newPage, tabTo, screenshot } from './browser.mjs';

let site;

before(async () => {
  site = await startSite();
});

after(async () => {
  if (site) await site.stop();
});

// In the page: is the focused element the one described, and can it be seen to have focus?
function focusedIs({ selector, text }) {
  const el = document.activeElement;
  if (!el || el === document.body) return false;
  if (selector && !el.matches(selector)) return false;
  if (text && !el.textContent.replace(/\s+/g, ' ').includes(text)) return false;
  return true;
}

function focusIndicator() {
  const el = document.activeElement;
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  const yellow = s.backgroundColor === 'rgb(255, 221, 0)';
  const r = el.getBoundingClientRect();
  return { visible: outline || shadow || yellow, inView: r.bottom > 0 && r.top < innerHeight, tag: el.tagName, text: el.textContent.trim().slice(0, 40) };
}

async function tabAndCheck(page, target) {
  await tabTo(page, focusedIs, target);
  const f = await page.evaluate(focusIndicator);
  assert.ok(f.visible, `the focused ${f.tag} "${f.text}" shows that it has focus`);
  assert.ok(f.inView, `the focused ${f.tag} "${f.text}" is scrolled into view`);
}

// Presses a key that follows a link or submits a form, and waits for the new page.
async function press(page, key) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.keyboard.press(key)]);
}

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`keyboard only, ${label}: search, filter, open a service, shortlist it, print the list`, async () => {
    const page = await newPage(site, { width: 1280, height: 800, javaScriptEnabled });
    await page.goto('/');

    // Search from the home page.
    await tabAndCheck(page, { selector: 'input#q' });
    await page.keyboard.type('speech therapy');
    await press(page, 'Enter');
    assert.match(page.url(), /\/search\?q=speech\+therapy/);
    assert.match(await page.textContent('h1'), /Search the Local Offer/);

    // Filter by the child's age: open "Filter results" with Enter, then the age box, then Enter.
    await tabAndCheck(page, { selector: '.lo-filters summary' });
    await page.keyboard.press('Enter');
    await tabAndCheck(page, { selector: 'input#age' });
    await page.keyboard.type('4');
    await press(page, 'Enter');
    assert.match(page.url(), /age=4/);

    // Open the first service in the results.
    await tabAndCheck(page, { selector: '.lo-service-list__name a' });
    const name = (await page.evaluate(() => document.activeElement.textContent)).trim();
    await press(page, 'Enter');
    assert.match(page.url(), /\/services\/[0-9a-f-]{36}/);
    assert.equal((await page.textContent('h1')).trim(), name);

    // Add it to the shortlist: the page comes back with the service on the list.
    await tabAndCheck(page, { selector: 'button', text: 'Add to shortlist' });
    await press(page, 'Enter');
    assert.match(page.url(), /[?&]shortlist=[0-9a-f-]{36}#shortlist$/);
    assert.match(await page.textContent('#shortlist'), /On your shortlist/);

    // The next Tab after landing on #shortlist goes into the shortlist box, not back to the top.
    await tabAndCheck(page, { selector: 'a', text: 'View your shortlist (1 service)' });
    await press(page, 'Enter');
    assert.match(page.url(), /\/shortlist\?ids=[0-9a-f-]{36}$/);
    assert.match(await page.textContent('main'), new RegExp(name.replace(/[()]/g, '\\$&')));

    // The print view.
    await tabAndCheck(page, { selector: 'a', text: 'Open a printable version of your shortlist' });
    await press(page, 'Enter');
    assert.match(page.url(), /\/shortlist\/print\?ids=[0-9a-f-]{36}$/);
    assert.match(await page.textContent('h1'), /Your shortlist: 1 service/);
    assert.match(await page.textContent('main'), /How to get it/);
    await screenshot(page, `journey-print-${javaScriptEnabled ? 'js' : 'nojs'}`);

    // Printed, the page keeps the content and drops the navigation and buttons.
    await page.emulateMedia({ media: 'print' });
    const hidden = await page.evaluate(() =>
      ['.govuk-service-navigation__wrapper', '.govuk-footer', '.lo-print__hint']
        .map((s) => document.querySelector(s))
        .filter((el) => el && getComputedStyle(el).display !== 'none')
        .map((el) => el.className));
    assert.deepEqual(hidden, [], 'navigation, footer and hints are not printed');
    await page.close();
  });
}

test('keyboard only: remove a service from the shortlist', async () => {
  const page = await newPage(site, { width: 1280, height: 800, javaScriptEnabled: false });
  const html = await (await fetch(`${site.base}/categories/health`)).text();
  const ids = [...html.matchAll(/href="\/services\/([0-9a-f-]{36})"/g)].map((m) => m[1]).slice(0, 2);
  await page.goto(`/shortlist?ids=${ids.join(',')}`);
  assert.match(await page.textContent('main'), /You have 2 services on your shortlist/);
  await tabAndCheck(page, { selector: 'button', text: 'Remove' });
  await press(page, 'Enter');
  assert.equal(new URL(page.url()).searchParams.get('ids'), ids[1]);
  assert.match(await page.textContent('main'), /You have 1 service on your shortlist/);
  await page.close();
});
