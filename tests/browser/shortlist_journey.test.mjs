// A shortlist that survives browsing (issue 14, item 6): a service added from the search results
// is still on the shortlist after visiting home, a category and another service, with
// "Shortlist (1)" in the header on each; its share link uses the address the family is using.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSite, newPage, demoPaths, screenshot } from './browser.mjs';

let site;
let paths;

before(async () => {
  site = await startSite();
  paths = await demoPaths(site.base);
});

after(async () => {
  if (site) await site.stop();
});

const header = async (page) => (await page.textContent('.lo-header__shortlist')).replace(/\s+/g, ' ').trim();

for (const javaScriptEnabled of [false, true]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`${label}: a shortlist survives visiting home, a category and another service`, async () => {
    const page = await newPage(site, { width: 375, height: 740, javaScriptEnabled });
    await page.goto('/search?q=speech+therapy');
    assert.equal(await header(page), 'Shortlist');
    const name = (await page.textContent('.lo-service-list__name a')).trim();
    await Promise.all([page.waitForNavigation(), page.click('.lo-service-list__item >> nth=0 >> button:has-text("Add to shortlist")')]);
    assert.equal(await header(page), 'Shortlist (1)');

    const other = paths.service;
    for (const path of ['/', paths.category, other]) {
      await page.goto(path);
      assert.equal(await header(page), 'Shortlist (1)', `the header on ${path}`);
    }
    await screenshot(page, `shortlist-header-${javaScriptEnabled ? 'js' : 'nojs'}`);
    await Promise.all([page.waitForNavigation(), page.click('.lo-header__shortlist')]);
    assert.equal(new URL(page.url()).pathname, '/shortlist');
    assert.match(await page.textContent('main'), /You have 1 service on your shortlist/);
    assert.match(await page.textContent('main'), new RegExp(name.replace(/[()]/g, '\\$&')));
    const share = await page.inputValue('#share-link');
    assert.match(share, new RegExp(`^${site.base.replace(/[.]/g, '\\.')}/shortlist\\?shared=[0-9a-f-]{36}$`));

    // The cookie holds ids only.
    const cookies = await page.context().cookies();
    const cookie = cookies.find((c) => c.name === 'lo_shortlist');
    assert.match(cookie.value, /^[0-9a-f-]{36}$/);
    assert.equal(cookie.httpOnly, true);
    assert.equal(cookie.sameSite, 'Lax');

    // Removing the last one empties the list and the header.
    await Promise.all([page.waitForNavigation(), page.click('button:has-text("Remove")')]);
    assert.match(await page.textContent('main'), /Your shortlist is empty/);
    await page.goto('/');
    assert.equal(await header(page), 'Shortlist');
    await page.close();
  });
}

test('a broken or huge shortlist cookie is trimmed without an error page', async () => {
  const page = await newPage(site, { width: 375, height: 740 });
  const id = paths.service.split('/').pop();
  const junk = Array.from({ length: 60 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
  await page.context().addCookies([{
    name: 'lo_shortlist', value: ['<garbage>', id, ...junk].join('.').replace(/[<>]/g, 'x'), url: site.base,
  }]);
  const response = await page.goto('/');
  assert.equal(response.status(), 200);
  assert.equal(await header(page), 'Shortlist (1)');
  let cookie = (await page.context().cookies()).find((c) => c.name === 'lo_shortlist');
  assert.equal(cookie.value, id);

  // A link with hundreds of values (as many as fit in the server's 16 KB request limit): the
  // page says what it left out and keeps the one known service.
  const link = [junk[0], id, ...Array.from({ length: 300 }, (_, i) => `x${i}`), ...junk.slice(1)].join(',');
  const shared = await page.goto(`/shortlist?ids=${link}`);
  assert.equal(shared.status(), 200);
  const main = (await page.textContent('main')).replace(/\s+/g, ' ');
  assert.match(main, /You have 1 service on your shortlist/);
  assert.match(main, /A shortlist can hold up to 50 services/);
  assert.match(main, /Part of this link is not right, so we have left it out/);
  cookie = (await page.context().cookies()).find((c) => c.name === 'lo_shortlist');
  assert.equal(cookie.value, id);
  await page.close();
});
