// The dates that run the directory (issue 18, item 6) in a real browser. An editor closes a
// service for a while: an end date before its start date and a reopening date in the past are
// shown in the error summary, each link reaching its field, and the form with its errors has no
// axe-core violations for WCAG 2.2 A and AA; the public page of the temporarily closed service
// says why and until when, above its name, with no violations either.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../e2e/harness.mjs';
import { startSite, newPage, axeViolations, screenshot, demoPaths } from './browser.mjs';

const PASSWORD = 'purple monkey dishwasher';
const EMAIL = 'dates.editor@example.org';
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

async function signIn(page) {
  await page.goto(setPasswordPath);
  await page.fill('#password', PASSWORD);
  await page.fill('#password_confirmation', PASSWORD);
  await page.click('form button[type=submit]');
  await page.goto('/admin/sign-in');
  await page.fill('#email', EMAIL);
  await page.fill('#password', PASSWORD);
  await page.click('form button[type=submit]');
  assert.equal(new URL(page.url()).pathname, '/admin');
}

async function assertNoViolations(page, name) {
  const violations = await axeViolations(page);
  await screenshot(page, name);
  assert.deepEqual(violations, [], `${page.url()}:\n  ${violations.join('\n  ')}`);
}

async function fillDate(page, name, [day, month, year]) {
  await page.fill(`#${name}`, String(day));
  await page.fill(`#${name}-month`, String(month));
  await page.fill(`#${name}-year`, String(year));
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
  'September', 'October', 'November', 'December'];

test('an editor closes a service for a while and families see why and until when', async () => {
  const page = await newPage(site);
  await signIn(page);
  await page.goto(`/admin/services/${serviceId}/edit`);
  await page.selectOption('#status', 'temporarily closed');
  await page.fill('#closed_reason', 'The building is being repaired');
  await fillDate(page, 'start_date', [1, 9, 2030]);
  await fillDate(page, 'end_date', [31, 8, 2030]);
  await fillDate(page, 'reopening_date', [1, 1, 2020]);
  await page.click('form button.govuk-button:not(.govuk-button--secondary)');
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.includes('#end_date'), links.join(' '));
  assert.ok(links.includes('#reopening_date'), links.join(' '));
  for (const href of links) assert.equal(await page.locator(href).count(), 1, `${href} has a target`);
  await assertNoViolations(page, 'admin-service-dates-errors');

  // A reopening date well ahead of today in any time zone.
  const reopens = new Date(Date.now() + 40 * 24 * 3600 * 1000);
  const parts = [reopens.getUTCDate(), reopens.getUTCMonth() + 1, reopens.getUTCFullYear()];
  await page.fill('#start_date', '');
  await page.fill('#start_date-month', '');
  await page.fill('#start_date-year', '');
  await page.fill('#end_date', '');
  await page.fill('#end_date-month', '');
  await page.fill('#end_date-year', '');
  await fillDate(page, 'reopening_date', parts);
  await page.click('form button.govuk-button:not(.govuk-button--secondary)');
  assert.equal(await page.locator('.govuk-error-summary').count(), 0, await page.content());

  await page.goto(`/services/${serviceId}`);
  const expected = `Closed until ${parts[0]} ${MONTHS[parts[1] - 1]} ${parts[2]}: The building is being repaired`;
  const banner = page.locator('.govuk-notification-banner');
  assert.match(await banner.innerText(), new RegExp(expected));
  const bannerTop = (await banner.boundingBox()).y;
  const headingTop = (await page.locator('h1').boundingBox()).y;
  assert.ok(bannerTop < headingTop, 'the closure is shown above the service name');
  await assertNoViolations(page, 'service-temporarily-closed');
  await page.close();
});
