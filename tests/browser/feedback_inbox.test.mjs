// "Report a problem" to "You said, we did" in a real browser: a parent reports a problem on a
// service page; an editor finds it in the feedback inbox, responds and publishes it with the
// personal details taken out; the public page shows it under the month it was sent. The inbox,
// the item page and the public page have no axe violations.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, newPage, axeViolations, screenshot, demoPaths } from './browser.mjs';
import { cli } from '../e2e/harness.mjs';

let site;
const PASSWORD = 'purple monkey dishwasher';

before(async () => {
  site = await startSite();
});

after(async () => {
  if (site) await site.stop();
});

async function submit(page, locator) {
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click(locator)]);
}

async function assertNoAxeViolations(page, name) {
  const violations = await axeViolations(page);
  if (violations.length) await screenshot(page, `feedback-${name}`);
  assert.deepEqual(violations, [], `${name}: ${violations.join('\n')}`);
}

function monthOf(date) {
  return `${date.toLocaleString('en-GB', { month: 'long', timeZone: 'UTC' })} ${date.getUTCFullYear()}`;
}

test('a problem reported by a parent is answered and published on You said, we did', async () => {
  const paths = await demoPaths(site.base);
  const monthBefore = monthOf(new Date());

  // A parent reports a problem on a service page, without JavaScript.
  const parent = await newPage(site, { javaScriptEnabled: false });
  await parent.goto(paths.service);
  const serviceName = (await parent.textContent('h1')).trim();
  await submit(parent, 'text=Report a problem with this page');
  assert.equal(await parent.textContent('h1'), 'Report a problem with this page');
  await parent.fill('#comment', 'The phone number is wrong. My daughter Amy needs this, call me on 07700 900123');
  await submit(parent, 'button:has-text("Send feedback")');
  assert.match(await parent.textContent('h1'), /Thank you for your feedback/);
  await parent.close();

  // An editor signs in and finds it in the inbox.
  const add = cli(['users', 'add', '--role', 'editor', '--data', site.data, 'editor@example.org']);
  assert.equal(add.status, 0, add.stderr);
  const link = add.stdout.match(/\/admin\/set-password\?token=[0-9a-f]{64}/)[0];
  const editor = await newPage(site);
  await editor.goto(link);
  await editor.fill('#password', PASSWORD);
  await editor.fill('#password_confirmation', PASSWORD);
  await submit(editor, 'button[type="submit"]');
  await editor.fill('#email', 'editor@example.org');
  await editor.fill('#password', PASSWORD);
  await submit(editor, 'button:has-text("Sign in")');
  await editor.goto('/admin/feedback?kind=problem');
  assert.equal(await editor.textContent('h1'), 'Feedback');
  const row = editor.locator('tbody tr', { hasText: 'The phone number is wrong' });
  assert.equal(await row.count(), 1);
  assert.match(await row.textContent(), new RegExp(serviceName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
  assert.match(await row.textContent(), /New/);
  assert.doesNotMatch(await row.textContent(), /07700/, 'the phone number was removed before saving');
  await assertNoAxeViolations(editor, 'inbox');

  await submit(editor, 'tbody a:has-text("The phone number is wrong")');
  assert.equal(await editor.textContent('h1'), 'Problem reported');
  assert.equal(await editor.getAttribute('dd a[href^="/services/"]', 'href'), paths.service);
  await assertNoAxeViolations(editor, 'item');

  // Publishing without confirming is refused, with an error summary that passes axe too.
  await editor.fill('#response', 'We checked with the service and corrected the phone number.');
  await editor.selectOption('#theme', 'wrong_information');
  await editor.check('#fixed');
  await editor.check('#state-published');
  await submit(editor, 'button:has-text("Save response")');
  assert.match(await editor.textContent('.govuk-error-summary'), /Confirm you have removed names/);
  await assertNoAxeViolations(editor, 'item-error');

  await editor.fill('#public_comment', 'The phone number on this service was wrong.');
  await editor.check('#personal_details_removed');
  await submit(editor, 'button:has-text("Save response")');
  assert.match(await editor.textContent('.govuk-notification-banner'), /Your response has been saved/);
  await editor.close();

  // The public page shows it under the month it was sent.
  const visitor = await newPage(site, { javaScriptEnabled: false });
  await visitor.goto('/');
  await submit(visitor, 'footer a:has-text("You said, we did")');
  assert.equal(await visitor.textContent('h1'), 'You said, we did');
  const monthAfter = monthOf(new Date());
  const section = visitor.locator('section', { hasText: 'The phone number on this service was wrong.' });
  assert.equal(await section.count(), 1);
  const month = (await section.locator('h3').textContent()).trim();
  assert.ok([monthBefore, monthAfter].includes(month), `month heading ${month}`);
  assert.match(await section.textContent(), /We checked with the service and corrected the phone number\./);
  const body = await visitor.textContent('main');
  assert.doesNotMatch(body, /Amy|07700/);
  assert.match(body, /Problems put right\s*1/);
  await visitor.close();
  // axe needs JavaScript in the page, so the public page is checked in a page that has it.
  const checker = await newPage(site);
  await checker.goto('/you-said-we-did');
  await assertNoAxeViolations(checker, 'you-said-we-did');
  await checker.close();
});
