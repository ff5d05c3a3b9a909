// Single sign-on in a real browser: Chromium presses "Sign in with …", goes through a real OpenID
// provider on loopback (tests/e2e/oidc_provider.mjs) and lands signed in on the admin page it
// asked for, with the browser's own cookies and redirects. The sign-in page with the button and
// the page for an address with no account pass axe (WCAG 2.2 A and AA).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, freePort } from '../e2e/harness.mjs';
import { CLIENT_ID, CLIENT_SECRET, startProvider } from '../e2e/oidc_provider.mjs';
import { startSite, newPage, axeViolations, screenshot } from './browser.mjs';

const NAME = 'Demo Council account';
let provider;
let site;

before(async () => {
  const port = await freePort();
  provider = await startProvider({ redirectUris: [`http://127.0.0.1:${port}/admin/sign-in/sso/callback`] });
  site = await startSite({
    port,
    env: {
      LOCALOFFER_BASE_URL: `http://127.0.0.1:${port}`,
      LOCALOFFER_SSO_ISSUER: provider.issuer,
      LOCALOFFER_SSO_CLIENT_ID: CLIENT_ID,
      LOCALOFFER_SSO_CLIENT_SECRET: CLIENT_SECRET,
      LOCALOFFER_SSO_NAME: NAME,
    },
  });
  const add = cli(['users', 'add', '--role', 'editor', '--data', site.data, 'sso.editor@example.org']);
  assert.equal(add.status, 0, add.stderr);
  provider.addAccount('sso.editor@example.org', { email: 'sso.editor@example.org', email_verified: true });
  provider.addAccount('nobody@example.org', { email: 'nobody@example.org', email_verified: true });
});

after(async () => {
  if (site) await site.stop();
  if (provider) await provider.stop();
});

test('the button signs an editor in through the provider, and both pages pass axe', async () => {
  const page = await newPage(site);
  try {
    await page.goto('/admin/services');  // signed out: sent to sign in, to come back here
    assert.match(page.url(), /\/admin\/sign-in\?next=%2Fadmin%2Fservices/);
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'sso-sign-in');

    provider.signInAs('sso.editor@example.org');
    await Promise.all([page.waitForURL(/\/admin\/services$/), page.getByRole('link', { name: `Sign in with ${NAME}` }).click()]);
    assert.match(await page.locator('body').innerText(), /sso\.editor@example\.org/);

    await page.context().clearCookies();
    await page.goto('/admin/sign-in');
    provider.signInAs('nobody@example.org');
    await Promise.all([page.waitForURL(/\/admin\/sign-in\/sso\/callback/), page.getByRole('link', { name: `Sign in with ${NAME}` }).click()]);
    assert.equal(await page.locator('h1').innerText(), 'You do not have an account here');
    assert.deepEqual(await axeViolations(page), []);
    await screenshot(page, 'sso-no-account');
  } finally {
    await page.close();
  }
});
