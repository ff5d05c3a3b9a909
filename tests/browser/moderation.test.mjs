// Moderation and history, end to end in a real browser: a provider edits a service and submits
// it; an editor sees the diff and approves; the public page changes; the history shows both
// versions and restoring the first puts the old text back. A provider proposes a new service and
// an editor approves it from the queue. axe checks every admin page visited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli } from '../e2e/harness.mjs';
import { startSite, newPage, axeViolations, screenshot, demoPaths } from './browser.mjs';

const PASSWORD = 'correct horse battery staple';
let site;
let paths;
const problems = [];

before(async () => {
  site = await startSite();
  paths = await demoPaths(site.base);
});

after(async () => {
  if (site) await site.stop();
});

// Adds an account with the CLI and returns its one-time set-password path.
function addUser(email, role, organisation) {
  const args = ['users', 'add', '--role', role, '--data', site.data];
  if (organisation) args.push('--organisation', organisation);
  const add = cli([...args, email]);
  assert.equal(add.status, 0, add.stderr);
  const link = add.stdout.match(/\/admin\/set-password\?token=[0-9a-f]{64}/);
  assert.ok(link, add.stdout);
  return link[0];
}

// Runs axe on the page and remembers any violation with the page's path.
async function checkAxe(page, name) {
  const violations = await axeViolations(page);
  const path = new URL(page.url()).pathname;
  if (violations.length) problems.push(`${path}:\n  ${violations.join('\n  ')}`);
  await screenshot(page, `moderation-${name}`);
}

async function setPasswordAndSignIn(page, link, email) {
  await page.goto(link);
  await page.fill('#password', PASSWORD);
  await page.fill('#password_confirmation', PASSWORD);
  await page.getByRole('button', { name: 'Save password' }).click();
  await page.goto('/admin/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', PASSWORD);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  await page.waitForURL(/\/admin$/);
}

test('a provider submits a change, an editor approves it, and history restores the old text', async () => {
  const serviceId = paths.service.split('/').pop();
  const organisationId = paths.organisation.split('/').pop();
  const provider = await newPage(site);
  await setPasswordAndSignIn(provider,
    addUser('provider@example.org', 'provider', organisationId), 'provider@example.org');

  // The provider edits the summary and submits it for approval.
  await provider.goto(`/admin/services/${serviceId}/edit`);
  await checkAxe(provider, 'provider-form');
  const oldSummary = await provider.inputValue('#summary');
  const newSummary = 'Changed by the provider in the moderation browser test.';
  await provider.fill('#summary', newSummary);
  await provider.fill('#change_note', 'Our new summary');
  await provider.getByRole('button', { name: 'Submit for approval' }).click();
  await provider.waitForURL(/\/admin\/changes\/\d+\?kept=submitted$/);
  assert.equal(await provider.locator('h1').textContent(), 'Submitted for approval');
  await checkAxe(provider, 'submitted');
  const changePath = new URL(provider.url()).pathname;

  const publicBefore = await (await fetch(site.base + paths.service)).text();
  assert.ok(!publicBefore.includes(newSummary), 'nothing reaches the public site before approval');

  // The editor sees the change in the queue, with its diff, and approves it.
  const editor = await newPage(site);
  await setPasswordAndSignIn(editor, addUser('editor@example.org', 'editor'), 'editor@example.org');
  await editor.goto('/admin/changes');
  await checkAxe(editor, 'queue');
  // Ticked and checked on one page (bulk work), without JavaScript's help.
  await editor.locator('input[name="ids"]').first().check();
  await editor.getByRole('button', { name: 'Check the selected changes on one page' }).click();
  await editor.waitForURL((url) => url.pathname === '/admin/changes/review-selected');
  assert.match(await editor.locator('table.lo-diff').first().textContent(), /Summary/);
  await checkAxe(editor, 'review-selected');
  await editor.goto('/admin/changes');
  await editor.locator(`a[href="${changePath}"]`).click();
  await editor.waitForURL((url) => url.pathname === changePath);
  const diff = editor.locator('table.lo-diff');
  assert.match(await diff.textContent(), /Summary/);
  assert.equal(await diff.locator('ins').first().textContent(), newSummary);
  await checkAxe(editor, 'change');
  await editor.getByRole('button', { name: 'Approve and publish' }).click();
  await editor.waitForURL(/decided=approved$/);
  await checkAxe(editor, 'approved');

  const publicAfter = await newPage(site);
  await publicAfter.goto(paths.service);
  assert.ok((await publicAfter.content()).includes(newSummary), 'the public page shows the change');

  // The history shows both versions; restoring version 1 brings the old summary back.
  await editor.goto(`/admin/services/${serviceId}/history`);
  await checkAxe(editor, 'history');
  const versions = editor.locator('#versions tbody tr');
  assert.equal(await versions.count(), 2);
  assert.match(await versions.nth(0).textContent(), /Version 2[\s\S]*Change request approved: Summary/);
  assert.match(await versions.nth(1).textContent(), /Version 1/);
  await editor.getByRole('link', { name: /Compare with version before/ }).click();
  await checkAxe(editor, 'compare');
  await editor.goto(`/admin/services/${serviceId}/versions/1`);
  await checkAxe(editor, 'version');
  await editor.goto(`/admin/services/${serviceId}/history`);
  await editor.getByRole('button', { name: 'Restore version 1' }).click();
  await editor.waitForURL(/restored=1$/);
  await checkAxe(editor, 'restored');
  assert.equal(await editor.locator('#versions tbody tr').count(), 3);

  await publicAfter.goto(paths.service);
  const restored = await publicAfter.content();
  assert.ok(!restored.includes(newSummary), 'the restored page no longer shows the change');
  if (oldSummary) assert.ok(restored.includes(oldSummary.replace(/'/g, '&#39;')) || restored.includes(oldSummary));

  // The provider sees the decision on their list.
  await provider.goto('/admin/changes');
  assert.match(await provider.locator('main').textContent(), /Approved and published/);
  await checkAxe(provider, 'provider-queue');

  // The editor's services list, filtered by status.
  await editor.goto('/admin/services?status=review_overdue');
  await checkAxe(editor, 'services-filtered');

  assert.deepEqual(problems, [], problems.join('\n\n'));
});

// Issue 18: a provider proposes a new service; an editor ticks it in the queue, approves it with
// "Approve selected changes", and the public site lists it.
test('a provider proposes a new service and an editor approves it from the queue', async () => {
  const organisationId = paths.organisation.split('/').pop();
  const provider = await newPage(site);
  await setPasswordAndSignIn(provider,
    addUser('proposer@example.org', 'provider', organisationId), 'proposer@example.org');
  await provider.goto('/admin/services');
  await provider.getByRole('link', { name: 'Propose a new service' }).click();
  assert.equal(await provider.locator('h1').textContent(), 'Propose a new service');
  assert.equal(await provider.inputValue('#organisation_id'), organisationId, 'their one organisation is chosen');
  await checkAxe(provider, 'propose-form');
  const name = 'Makaton for families, proposed in the browser test';
  await provider.fill('#name', name);
  await provider.fill('#summary', 'Signing and symbols for parents and carers.');
  await provider.fill('#change_note', 'Starts next term');
  await provider.getByRole('button', { name: 'Send for approval' }).click();
  await provider.waitForLoadState();
  const summary = provider.locator('.govuk-error-summary');
  if (await summary.count()) assert.fail(`the form was refused: ${await summary.textContent()}`);
  await provider.waitForURL(/\/admin\/changes\/\d+\?kept=submitted$/);
  await checkAxe(provider, 'proposed');
  const changePath = new URL(provider.url()).pathname;
  const search = await (await fetch(`${site.base}/search?q=makaton%20families%20proposed`)).text();
  assert.ok(!search.includes(name), 'nothing is public before approval');

  const editor = await newPage(site);
  await setPasswordAndSignIn(editor, addUser('approver@example.org', 'editor'), 'approver@example.org');
  await editor.goto('/admin');
  assert.match(await editor.locator('main').textContent(), /waiting for approval/);
  await checkAxe(editor, 'dashboard');
  await editor.goto('/admin/changes');
  await editor.check(`input[name="ids"][value="${changePath.split('/').pop()}"]`);
  await editor.getByRole('button', { name: 'Approve selected changes' }).click();
  await editor.waitForURL(/\/admin\/changes\?approved=1$/);
  assert.match(await editor.locator('.govuk-notification-banner').textContent(), /1 change was approved and published/);
  await checkAxe(editor, 'approved-selected');

  const listed = await (await fetch(`${site.base}/search?q=makaton%20families%20proposed`)).text();
  assert.ok(listed.includes(name), 'the approved service is on the public site');
  assert.deepEqual(problems, [], problems.join('\n\n'));
});
