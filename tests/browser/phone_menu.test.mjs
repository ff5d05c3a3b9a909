// Issue 14, item 8, in a real browser: the header menu is collapsed behind "Menu" on a phone and
// opens without JavaScript; the desktop shows the full list; and the report-a-problem form's
// error summary takes focus and asks the form's own question.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, newPage, axeViolations, screenshot } from './browser.mjs';

let site;

before(async () => {
  site = await startSite();
});

after(async () => {
  if (site) await site.stop();
});

// The header's menu links a person can see, by their text. (A closed <details> keeps its
// content's boxes, so size alone cannot tell; checkVisibility() knows what is rendered.)
const visibleMenuLinks = () => [...document.querySelectorAll('nav[aria-label="Menu"] a')]
  .filter((a) => a.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }) &&
    a.getBoundingClientRect().height > 0)
  .map((a) => a.textContent.trim());

for (const javaScriptEnabled of [false, true]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`on a phone ${label}, the menu is collapsed until "Menu" is pressed`, async () => {
    const page = await newPage(site, { width: 375, height: 740, javaScriptEnabled });
    await page.goto('/');
    assert.deepEqual(await page.evaluate(visibleMenuLinks), [], 'no menu links before it is opened');
    const toggle = page.locator('summary.lo-menu__toggle');
    assert.equal(await toggle.textContent(), 'Menu');
    await toggle.focus();
    await page.keyboard.press('Enter');
    const links = await page.evaluate(visibleMenuLinks);
    assert.ok(links.length >= 3, `the menu opens with its links: ${links}`);
    assert.equal(await page.evaluate(() => document.querySelectorAll('#navigation').length), 1);
    if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, `menu-open-375-${javaScriptEnabled ? 'js' : 'nojs'}`);
    await page.close();
  });
}

test('on a desktop the menu is a plain list with no "Menu" button', async () => {
  const page = await newPage(site, { width: 1280, height: 800 });
  await page.goto('/');
  assert.equal(await page.locator('summary.lo-menu__toggle').isVisible(), false);
  const links = await page.evaluate(visibleMenuLinks);
  assert.ok(links.length >= 3, `menu links are visible: ${links}`);
  await page.close();
});

for (const javaScriptEnabled of [false, true]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`reporting a problem with nothing typed, ${label}, focuses the error summary`, async () => {
    const page = await newPage(site, { width: 375, height: 740, javaScriptEnabled });
    await page.goto('/feedback?page=%2Fadvice&problem=1');
    await Promise.all([page.waitForNavigation(), page.click('button[type="submit"]')]);
    const facts = await page.evaluate(() => ({
      focused: document.activeElement?.classList.contains('govuk-error-summary'),
      link: document.querySelector('.govuk-error-summary a')?.textContent.trim(),
      inline: document.querySelector('#comment-error')?.textContent.replace(/\s+/g, ' ').trim(),
      label: document.querySelector('label[for="comment"]').textContent.trim(),
    }));
    assert.ok(facts.focused, 'focus is on the error summary');
    assert.equal(facts.label, 'What is wrong with the page?');
    assert.equal(facts.link, 'Tell us what is wrong with the page');
    assert.equal(facts.inline, 'Error: Tell us what is wrong with the page');
    await page.close();
  });
}
