// The admin forms in a real browser. An editor, with JavaScript switched off, adds a contact and
// opening times to a service through the "Add another" buttons, saves, and the public service
// page shows them. The service form (with its errors showing), the taxonomy pages, the search
// words pages, the advice pages and the places pages have no axe-core violations for WCAG 2.2 A
// and AA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../e2e/harness.mjs';
import { startSite, newPage, axeViolations, screenshot, demoPaths } from './browser.mjs';

const PASSWORD = 'purple monkey dishwasher';
const EMAIL = 'forms.editor@example.org';
let site;
let serviceId;
let setPasswordPath;

before(async () => {
  site = await startSite();
  serviceId = (await demoPaths(site.base)).service.split('/').pop();
  const add = cli(['users', 'add', '--role', 'editor', '--data', site.data, EMAIL]);
  assert.equal(add.status, 0, add.stderr);
  setPasswordPath = add.stdout.match(/\/admin\/set-password\?token=[0-9a-f]{64}/)[0];
});

after(async () => {
  if (site) await site.stop();
});

// Sets the password from the link (first time only) and signs in, in this page's context.
let passwordSet = false;
async function signIn(page) {
  if (!passwordSet) {
    await page.goto(setPasswordPath);
    await page.fill('#password', PASSWORD);
    await page.fill('#password_confirmation', PASSWORD);
    await page.click('form button[type=submit]');
    passwordSet = true;
  }
  await page.goto('/admin/sign-in');
  await page.fill('#email', EMAIL);
  await page.fill('#password', PASSWORD);
  await page.click('form button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/admin');
}

async function assertNoViolations(page, name) {
  const violations = await axeViolations(page);
  await screenshot(page, `admin-${name}`);
  assert.deepEqual(violations, [], `${page.url()}:\n  ${violations.join('\n  ')}`);
}

test('without JavaScript, an editor adds a contact and opening times and the public page shows them', async () => {
  const page = await newPage(site, { javaScriptEnabled: false });
  await signIn(page);
  await page.goto(`/admin/services/${serviceId}/edit`);

  // The blank contact row is the last one; "Add another contact" gives one more, keeping what was typed.
  const contactRows = () => page.locator('input[id^="contacts-"][id$="-name"]');
  const before = await contactRows().count();
  await contactRows().last().fill('Parent liaison officer');
  await page.click('button:has-text("Add another contact")');
  assert.equal(new URL(page.url()).pathname, `/admin/services/${serviceId}/rows`);
  assert.equal(await contactRows().count(), before + 1);
  assert.equal(await contactRows().nth(before - 1).inputValue(), 'Parent liaison officer');
  await page.fill(`#contacts-${before - 1}-phone`, '01865 555123');

  const scheduleRows = () => page.locator('input[id^="schedules-"][id$="-opens"]');
  const schedules = await scheduleRows().count();
  await page.click('button:has-text("Add more opening times")');
  assert.equal(await scheduleRows().count(), schedules + 1);
  const row = schedules - 1;  // the blank row there was before
  await page.check(`#schedules-${row}-days-SA`);
  await page.fill(`#schedules-${row}-opens`, '10:00');
  await page.fill(`#schedules-${row}-closes`, '12:30');
  await page.fill(`#schedules-${row}-notes`, 'Saturday drop-in');
  assert.equal(await contactRows().nth(before - 1).inputValue(), 'Parent liaison officer');

  await page.click('form button.govuk-button:not(.govuk-button--secondary)');
  assert.match(new URL(page.url()).pathname, /^\/admin\/services/);
  assert.equal(await page.locator('.govuk-error-summary').count(), 0, await page.content());

  await page.goto(`/services/${serviceId}`);
  const text = await page.locator('main').innerText();
  assert.match(text, /Parent liaison officer/);
  assert.match(text, /01865 555123/);
  assert.match(text, /Saturday/);
  assert.match(text, /Saturday drop-in/);

  // Enter in a field saves the form, rather than pressing the first "Add another" button.
  await page.goto(`/admin/services/${serviceId}/edit`);
  await page.press('#waiting_time', 'Enter');
  assert.equal(new URL(page.url()).pathname, '/admin/services');
  await page.close();
});

test('the service form with errors showing has no WCAG 2.2 A or AA violations', async () => {
  const page = await newPage(site);
  await signIn(page);
  await page.goto(`/admin/services/${serviceId}/edit`);
  await assertNoViolations(page, 'service-form');
  const blank = await page.locator('input[id^="contacts-"][id$="-email"]').last().getAttribute('id');
  await page.fill(`#${blank}`, 'not an email');
  const closes = await page.locator('input[id^="schedules-"][id$="-closes"]').last().getAttribute('id');
  await page.fill(`#${closes}`, '25:00');
  await page.click('form button.govuk-button:not(.govuk-button--secondary)');
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes(`#${blank}`), links.join(' '));
  for (const href of links) assert.equal(await page.locator(href).count(), 1, `${href} has a target`);
  await assertNoViolations(page, 'service-form-errors');
  await page.close();
});

test('the taxonomy and advice pages have no WCAG 2.2 A or AA violations', async () => {
  const page = await newPage(site);
  await signIn(page);
  await page.goto('/admin/taxonomies');
  await assertNoViolations(page, 'taxonomies');
  await page.click('a:has-text("Categories")');
  await assertNoViolations(page, 'taxonomy');
  await page.click('a.govuk-button:has-text("Add a term")');
  await page.click('form button.govuk-button:not(.govuk-button--secondary)');
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  await assertNoViolations(page, 'term-form-errors');

  await page.goto('/admin/advice');
  await assertNoViolations(page, 'advice');
  await page.click('a.govuk-button:has-text("Add an advice page")');
  await page.fill('#title', 'Short breaks for carers');
  await page.fill('#body_markdown', '## What a short break is\n\nTime off for you.\n\n* Day care\n* Overnight stays');
  await page.click('button:has-text("Preview")');
  assert.equal(await page.locator('#preview').count(), 1);
  await assertNoViolations(page, 'advice-preview');
  await page.fill('#title', '');
  await page.click('form button.govuk-button:not(.govuk-button--secondary)');
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  await assertNoViolations(page, 'advice-form-errors');
  await page.close();
});

test('the search words pages have no WCAG 2.2 A or AA violations, and every error links to its field', async () => {
  const page = await newPage(site);
  await signIn(page);
  await page.goto('/admin/search-words');
  await assertNoViolations(page, 'search-words');
  await page.click('a.govuk-button:has-text("Add a search word")');
  await assertNoViolations(page, 'search-word-form');
  await page.fill('#term', '');
  await page.fill('#expansions', 'support');
  await page.click('button:has-text("Add search word")');
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['#term', '#expansions']);
  for (const href of links) assert.equal(await page.locator(href).count(), 1, `${href} has a target`);
  await assertNoViolations(page, 'search-word-form-errors');

  await page.goto('/admin/search-words?q=squint');
  await page.click('td a:has-text("squint")');
  await page.click('a.govuk-button:has-text("Remove")');
  await assertNoViolations(page, 'search-word-remove');
  await page.click('button:has-text("Remove")');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /"squint" has been removed/);
  await page.close();
});

test('the places pages have no WCAG 2.2 A or AA violations, and a wrong latitude opens its details and is linked', async () => {
  const page = await newPage(site);
  await signIn(page);
  await page.goto('/admin/places');
  await assertNoViolations(page, 'places');
  await page.click('a.govuk-list a, ul.govuk-list a >> nth=0');
  assert.match(new URL(page.url()).pathname, /^\/admin\/places\/[0-9a-f-]{36}\/edit$/);
  await assertNoViolations(page, 'place-form');
  await page.goto('/admin/places/new');
  await page.fill('#name', 'Bicester Children\'s Centre');
  await page.click('summary:has-text("Latitude and longitude")');
  await page.fill('#latitude', 'north');
  await page.fill('#postcode', 'not a postcode');
  await page.click('button:has-text("Add place")');
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['#postcode', '#latitude']);
  assert.equal(await page.locator('details[open] #latitude').count(), 1, 'the field with the error is showing');
  await assertNoViolations(page, 'place-form-errors');
  await page.close();
});

test('the reviews page, with a checkbox for each service and buttons for the ticked ones, has no WCAG 2.2 A or AA violations, with a date error too', async () => {
  const page = await newPage(site);
  await signIn(page);
  await page.goto('/admin/reviews');
  const rows = await page.locator('table.govuk-table tbody tr').count();
  assert.equal(await page.locator('input[name="ids"][form="checked-selected"]').count(), rows);
  if (rows > 0) assert.equal(await page.locator('#checked-selected button').count(), 2);
  await assertNoViolations(page, 'reviews');
  if (rows > 0) {
    // A review date that is not a real date: the error is listed, linked and marked.
    await page.locator('input[name="ids"]').first().check();
    await page.fill('#review_due-day', '31');
    await page.fill('#review_due-month', '2');
    await page.fill('#review_due-year', '2030');
    await page.click('button:has-text("Set the next review date")');
    assert.equal(await page.locator('.govuk-error-summary a[href="#review_due"]').count(), 1);
    assert.equal(await page.locator('#review_due').count(), 1);
    await assertNoViolations(page, 'reviews-date-error');
  }
  await page.close();
});
