// The eligibility checker in a real browser, with and without JavaScript: one question per page,
// the GOV.UK error summary (focus moves to it, each error links to its field), "Check your
// answers" with Change links, and a result with reasons.
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

async function submit(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(locator)]);
}

// On an error page: the summary is first in <main>, has focus, says what is wrong, and its link
// moves focus to the field.
async function checkErrorSummary(page, { fieldId, message, axe = true }) {
  const facts = await page.evaluate(() => {
    const summary = document.querySelector('.govuk-error-summary');
    const main = document.querySelector('main');
    return {
      first: main.firstElementChild === summary,
      focused: document.activeElement === summary,
      alert: !!summary?.querySelector('[role="alert"]'),
      title: document.title,
      links: [...(summary?.querySelectorAll('a') ?? [])].map((a) => ({ href: a.getAttribute('href'), text: a.textContent.trim() })),
    };
  });
  assert.ok(facts.first, 'the error summary is first in main');
  assert.ok(facts.focused, 'focus is on the error summary when the page opens');
  assert.ok(facts.alert, 'the error summary is announced (role="alert")');
  assert.match(facts.title, /^Error: /);
  assert.deepEqual(facts.links, [{ href: `#${fieldId}`, text: message }]);
  assert.equal(await page.evaluate((id) => document.querySelectorAll(`#${id}`).length, fieldId), 1,
    `the link target #${fieldId} exists`);
  // The field shows the same message, tied to it for screen readers.
  const described = await page.evaluate((id) => {
    const field = document.getElementById(id);
    const owner = field.closest('fieldset') ?? field;
    return (owner.getAttribute('aria-describedby') ?? '').split(' ')
      .map((x) => document.getElementById(x)?.textContent.trim()).join(' | ');
  }, fieldId);
  assert.match(described, new RegExp(`Error: ${message.replace(/[()‘’']/g, '.')}`));
  // Following the link with the keyboard: Tab reaches it first, Enter takes focus to the field.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), `#${fieldId}`);
  await page.keyboard.press('Enter');
  // (Polled from here: with JavaScript off nothing can run a timer in the page.)
  for (let i = 0; i < 50 && new URL(page.url()).hash !== `#${fieldId}`; i++) await page.waitForTimeout(20);
  assert.equal(new URL(page.url()).hash, `#${fieldId}`);
  // With or without JavaScript the next Tab lands on the field (or the field already has focus).
  const focused = await page.evaluate(() => document.activeElement.id);
  if (focused !== fieldId) {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), fieldId);
  }
  // (axe-core needs scripting in the page, so it runs on the JavaScript journey only.)
  if (axe) assert.deepEqual(await axeViolations(page), []);
}

for (const javaScriptEnabled of [true, false]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';

  test(`the checker, ${label}: errors, answers, change, result`, { timeout: 120_000 }, async () => {
    const page = await newPage(site, { width: 375, height: 800, javaScriptEnabled });
    page.setDefaultTimeout(15_000);
    await page.goto('/');
    await Promise.all([page.waitForNavigation(), page.click('a[href="/check"]')]);
    assert.match(await page.textContent('h1'), /Check what support your child could get/);
    await submit(page, 'a.govuk-button--start');

    // Age: nothing, then words, then too old, then right.
    assert.match(page.url(), /\/check\/age$/);
    await submit(page, 'button[type=submit]');
    await checkErrorSummary(page, { axe: javaScriptEnabled, fieldId: 'age', message: "Enter your child's age" });
    if (!javaScriptEnabled) await screenshot(page, 'checker-error-375');
    await page.fill('#age', 'four');
    await submit(page, 'button[type=submit]');
    await checkErrorSummary(page, { axe: javaScriptEnabled, fieldId: 'age', message: "Enter your child's age in years using numbers, like 4" });
    assert.equal(await page.inputValue('#age'), 'four', 'the wrong answer is kept to correct');
    await page.fill('#age', '26');
    await submit(page, 'button[type=submit]');
    await checkErrorSummary(page, { axe: javaScriptEnabled, fieldId: 'age', message: 'Enter an age from 0 to 25. The Local Offer is for children and young people up to 25' });
    await page.fill('#age', '4');
    await submit(page, 'button[type=submit]');

    // Needs: nothing, then autism.
    assert.match(page.url(), /\/check\/needs\?age=4$/);
    await submit(page, 'button[type=submit]');
    await checkErrorSummary(page, { axe: javaScriptEnabled, fieldId: 'need', message: "Select your child's needs, or select ‘I'm not sure’" });
    await page.check('#need-autism');
    await submit(page, 'button[type=submit]');

    // Place: a place that is not there, then OX26.
    assert.match(page.url(), /\/check\/place\?age=4&need=autism$/);
    await page.fill('#place', 'Nowhere-on-Sea');
    await submit(page, 'button[type=submit]');
    await checkErrorSummary(page, { axe: javaScriptEnabled, fieldId: 'place', message: 'We could not find that place. Check the spelling, or enter a postcode like OX26 6BL' });
    await page.fill('#place', 'OX26');
    await submit(page, 'button[type=submit]');

    // EHC plan: nothing, then no.
    assert.match(page.url(), /\/check\/ehc-plan\?/);
    await submit(page, 'button[type=submit]');
    await checkErrorSummary(page, { axe: javaScriptEnabled, fieldId: 'ehc', message: "Select yes if your child has an EHC plan, no if they do not, or ‘I'm not sure’" });
    await page.check('#ehc-no');
    await submit(page, 'button[type=submit]');

    // Check your answers, and change the age.
    assert.match(page.url(), /\/check\/answers\?age=4&need=autism&place=OX26&ehc=no$/);
    const rows = await page.$$eval('.govuk-summary-list__row', (rs) => rs.map((r) =>
      [r.querySelector('dt').textContent.trim(), r.querySelector('.govuk-summary-list__value').textContent.trim()]));
    assert.deepEqual(rows, [['Child\'s age', '4'], ['Needs', 'Autism'], ['Postcode or place', 'OX26'], ['EHC plan', 'No']]);
    await submit(page, 'a[href*="/check/age"][href*="change=1"]');
    assert.equal(await page.inputValue('#age'), '4');
    await page.fill('#age', '7');
    await submit(page, 'button[type=submit]');
    assert.match(page.url(), /\/check\/answers\?age=7&/, 'a change goes back to the answers');

    // The result: services with reasons, and close ones with why not.
    await submit(page, 'form[action="/check/result"] button');
    assert.match(page.url(), /\/check\/result\?age=7&need=autism&place=OX26&ehc=no$/);
    const main = await page.textContent('main');
    assert.match(main, /Services your child is likely to be able to get: \d+ services?/);
    assert.match(main, /Age 7 is within 0 to \d+/);
    assert.match(main, /Covers OX26 \(Oxfordshire\)/);
    assert.match(main, /You can refer yourself/);
    assert.match(main, /Services your child may not be able to get yet/);
    assert.match(main, /Needs a (GP referral|referral from)/);
    assert.doesNotMatch(main, /Only covers Waltham Forest/, 'services elsewhere are not "close"');
    if (javaScriptEnabled) assert.deepEqual(await axeViolations(page), []);
    else await screenshot(page, 'checker-result-375');
    await page.close();
  });
}

test('the checker result explains an EHC plan and an age limit', async () => {
  const page = await newPage(site, { javaScriptEnabled: false });
  await page.goto('/check/result?age=24&need=not-sure&place=OX26&ehc=not-sure');
  const main = await page.textContent('main');
  assert.match(main, /For a child aged 24, with needs: Not sure, living in OX26, EHC plan: Not sure/);
  assert.match(main, /Ages \d+ to \d+ only/);
  await page.close();
});

test('a result address with a missing or wrong answer goes to that question', async () => {
  const page = await newPage(site, { javaScriptEnabled: false });
  const r = await page.goto('/check/result?age=4&need=autism&ehc=no');
  assert.equal(r.status(), 200);
  assert.match(page.url(), /\/check\/place\?age=4&need=autism&ehc=no$/);
  assert.equal(await page.$('.govuk-error-summary'), null, 'a missing answer is a question, not an error');
  const wrong = await page.goto('/check/answers?age=400&need=autism&place=OX26&ehc=no');
  assert.equal(wrong.status(), 400);
  assert.match(page.url(), /\/check\/age\?age=400&.*answer=1$/);
  assert.match(await page.textContent('.govuk-error-summary'), /Enter an age from 0 to 25/);
  await page.close();
});
