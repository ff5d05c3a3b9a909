// Two-factor set-up in a real browser: the QR code the page draws is read back from a screenshot
// by a real scanner (zbarimg, from Debian's zbar-tools) and must be exactly the otpauth:// link
// the page prints, which holds the key shown for typing. The page has no axe-core violations for
// WCAG 2.2 A and AA, and the code fits a 320 px wide screen.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli } from '../e2e/harness.mjs';
import { startSite, newPage, axeViolations, screenshot } from './browser.mjs';

const PASSWORD = 'correct horse battery staple';
const EMAIL = 'two.factor.editor@example.org';
let site;
let setPasswordPath;
const scratch = mkdtempSync(join(tmpdir(), 'lo-qr-'));

before(async () => {
  site = await startSite();
  const add = cli(['users', 'add', '--role', 'editor', '--data', site.data, EMAIL]);
  assert.equal(add.status, 0, add.stderr);
  setPasswordPath = add.stdout.match(/\/admin\/set-password\?token=[0-9a-f]{64}/)[0];
});

after(async () => {
  if (site) await site.stop();
  rmSync(scratch, { recursive: true, force: true });
});

function scan(png) {
  const out = spawnSync('zbarimg', ['--raw', '-q', '-Sdisable', '-Sqrcode.enable', png], { encoding: 'utf8' });
  assert.equal(out.status, 0, `zbarimg found no QR code in ${png}: ${out.stderr}`);
  return out.stdout.trim();
}

test('the two-factor QR code scans to the link and key the page shows, and the page passes axe', async () => {
  // JavaScript stays on for axe (it needs timers); the site sends none.
  const page = await newPage(site);
  await page.goto(setPasswordPath);
  await page.fill('#password', PASSWORD);
  await page.fill('#password_confirmation', PASSWORD);
  await page.click('form button[type=submit]');
  await page.goto('/admin/sign-in');
  await page.fill('#email', EMAIL);
  await page.fill('#password', PASSWORD);
  await page.click('form button[type=submit]');
  await page.goto('/admin/account/two-factor');
  await page.click('button:has-text("Set up two-factor sign-in")');
  assert.equal(new URL(page.url()).pathname, '/admin/account/two-factor');

  const uri = (await page.locator('code').first().textContent()).trim();
  const key = (await page.locator('#secret').textContent()).replace(/\s+/g, '');
  assert.match(uri, /^otpauth:\/\/totp\//);
  assert.equal(new URL(uri).searchParams.get('secret'), key);
  const qr = page.locator('#qr-code svg');
  assert.equal(await qr.getAttribute('role'), 'img');
  assert.ok((await qr.getAttribute('aria-label')).length > 0);

  const png = join(scratch, 'qr.png');
  await qr.screenshot({ path: png });
  assert.equal(scan(png), uri);

  // At 320 px wide the code is still whole on screen and still scans.
  const phone = await newPage(site, { width: 320, height: 640, javaScriptEnabled: false });
  await phone.context().addCookies(await page.context().cookies());
  await phone.goto('/admin/account/two-factor');
  const box = await phone.locator('#qr-code svg').boundingBox();
  assert.ok(box.x >= 0 && box.x + box.width <= 320, `QR code at ${JSON.stringify(box)}`);
  assert.ok(box.width >= 150, `QR code only ${box.width} px wide`);
  const small = join(scratch, 'qr-320.png');
  await phone.locator('#qr-code svg').screenshot({ path: small });
  assert.equal(scan(small), uri);

  const violations = await axeViolations(page);
  await screenshot(page, 'admin-two-factor-set-up');
  assert.deepEqual(violations, [], `${page.url()}:\n  ${violations.join('\n  ')}`);
});
