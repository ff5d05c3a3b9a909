// Deleting taxonomy terms and advice pages in a real browser (docs/admin.md, "Deleting terms and
// advice pages"): an editor finds a term in use refused with a way to move its services, moves
// them and deletes it; deletes a term nobody uses; deletes an advice page and its old address
// leads to the page chosen. Every confirmation page, and the error on one, has no axe-core
// violations for WCAG 2.2 A and AA.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../e2e/harness.mjs';
import { startSite, newPage, axeViolations, screenshot } from './browser.mjs';

const PASSWORD = 'purple monkey dishwasher';
const EMAIL = 'deletion.editor@example.org';
let site;
let setPasswordPath;

before(async () => {
  site = await startSite();
  const add = cli(['users', 'add', '--role', 'editor', '--data', site.data, EMAIL]);
  assert.equal(add.status, 0, add.stderr);
  setPasswordPath = add.stdout.match(/\/admin\/set-password\?token=[0-9a-f]{64}/)[0];
});

after(async () => {
  if (site) await site.stop();
});

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

test('an editor moves a term\'s services, deletes it, and deletes a term nobody uses', async () => {
  const page = await newPage(site);
  await signIn(page);
  await page.goto('/admin/taxonomies');
  await page.click('a:has-text("Categories")');
  const categories = new URL(page.url()).pathname;
  await page.click('a.govuk-link:has-text("Physiotherapy")');
  await page.click('a.govuk-button:has-text("Delete this term")');
  assert.match(await page.locator('h1').innerText(), /You cannot delete Physiotherapy yet/);
  assert.match(await page.locator('main').innerText(), /services? uses? this term/);
  assert.equal(await page.locator('a:has-text("See the")').count(), 1);
  await assertNoViolations(page, 'term-delete-in-use');

  await page.click('button:has-text("and delete Physiotherapy")');
  assert.equal(await page.locator('.govuk-error-summary').count(), 1);
  const links = await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links, ['#move_to']);
  await assertNoViolations(page, 'term-delete-in-use-error');

  await page.selectOption('#move_to', { label: 'Health: Occupational therapy' });
  await page.click('button:has-text("and delete Physiotherapy")');
  assert.equal(new URL(page.url()).pathname, categories);
  assert.match(await page.locator('.govuk-notification-banner').innerText(),
    /Physiotherapy has been deleted\. Its services were moved to Occupational therapy\./);

  await page.click('a.govuk-button:has-text("Add a term")');
  await page.fill('#name', 'Zebracorn therapy');
  await page.click('button:has-text("Add term")');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /The term has been saved\./);
  await page.click('a.govuk-link:has-text("Zebracorn therapy")');
  await page.click('a.govuk-button:has-text("Delete this term")');
  assert.match(await page.locator('h1').innerText(), /Are you sure you want to delete Zebracorn therapy\?/);
  await assertNoViolations(page, 'term-delete-confirm');
  await page.click('button:has-text("Delete Zebracorn therapy")');
  assert.match(await page.locator('.govuk-notification-banner').innerText(), /Zebracorn therapy has been deleted\./);
  assert.equal(await page.locator('a.govuk-link:has-text("Zebracorn therapy")').count(), 0);
  await page.close();
});

test('an editor deletes an advice page and its old address leads to the page chosen', async () => {
  const page = await newPage(site);
  await signIn(page);
  await page.goto('/admin/advice');
  const rows = page.locator('table.govuk-table tbody tr');
  assert.ok(await rows.count() >= 2, 'the demo has advice pages');
  const oldAddress = await rows.nth(0).locator('td:nth-child(2) a').innerText();
  const target = await rows.nth(1).locator('td:nth-child(2) a').innerText();
  await rows.nth(0).locator('td:nth-child(1) a').click();
  await page.click('a.govuk-button:has-text("Delete this page")');
  assert.match(await page.locator('h1').innerText(), /Are you sure you want to delete/);
  await assertNoViolations(page, 'advice-delete-confirm');
  const option = await page.locator(`#redirect_to option:has-text("(${target})")`).getAttribute('value');
  await page.selectOption('#redirect_to', option);
  await page.click('form button.govuk-button--warning');
  assert.equal(new URL(page.url()).pathname, '/admin/advice');
  assert.match(await page.locator('.govuk-notification-banner').innerText(),
    new RegExp(`has been deleted\\. Its address ${oldAddress} now leads to ${target}\\.`));

  const visit = await page.goto(oldAddress);
  assert.equal(new URL(page.url()).pathname, target);
  assert.equal(visit.status(), 200);
  assert.equal(visit.request().redirectedFrom()?.url(), new URL(oldAddress, site.base).href);
  await page.close();
});
