// Issue 14, item 3: the service page answers a parent's first questions on the first screen of a
// phone. At 375 x 740, with JavaScript off and on, "At a glance" with the age, how to get it, the
// cost and "last checked" is measured to lie within the first screen; a desktop uses its width
// (two columns); printing shows full web addresses; and axe finds no WCAG 2.2 A or AA violations
// at 320, 375 and 1280 px.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startSite, newPage, axeViolations, screenshot } from './browser.mjs';

const demo = JSON.parse(readFileSync(new URL('../../demo/localoffer.json', import.meta.url), 'utf8'));
const path = (name) => `/services/${demo.services.find((s) => s.name === name).id}`;
// A health service with many fields, a mental health service, and one needing an EHC plan.
const SERVICES = {
  speech: path("Children's Speech and Language Therapy (Oxfordshire)"),
  camhs: path('Child and Adolescent Mental Health Service (CAMHS) (Oxfordshire)'),
  transport: path('Supported Transport for children with SEND (Oxfordshire)'),
};
const FIRST_SCREEN = { width: 375, height: 740 };

let site;

before(async () => {
  site = await startSite();
});

after(async () => {
  if (site) await site.stop();
});

// Where each "At a glance" row is, measured from the top of the page as it opens, and the height
// of the urgent-help box above it (0 when the service has none).
function glancePositions() {
  const out = {};
  const urgent = document.querySelector('[data-urgent-help]');
  out.urgentHeight = urgent ? Math.round(urgent.getBoundingClientRect().height + parseFloat(getComputedStyle(urgent).marginBottom)) : 0;
  for (const row of document.querySelectorAll('[data-glance]')) {
    const r = row.getBoundingClientRect();
    out[row.dataset.glance] = { top: Math.round(r.top + scrollY), bottom: Math.round(r.bottom + scrollY) };
  }
  return out;
}

for (const javaScriptEnabled of [false, true]) {
  const label = javaScriptEnabled ? 'with JavaScript' : 'without JavaScript';
  test(`at 375 x 740 ${label}, age, how to get it, cost and last checked are on the first screen`, async () => {
    const page = await newPage(site, { ...FIRST_SCREEN, javaScriptEnabled });
    const problems = [];
    for (const [name, service] of Object.entries(SERVICES)) {
      await page.goto(service);
      const at = await page.evaluate(glancePositions);
      // Urgent help (crisis lines, 999, 111) comes first by design (docs/design-decisions.md):
      // it is the only thing allowed to push the glance rows down, and by no more than its height.
      const screen = FIRST_SCREEN.height + at.urgentHeight;
      for (const key of ['age', 'how', 'cost', 'checked']) {
        if (!at[key]) problems.push(`${name}: no "${key}" row in At a glance`);
        else if (at[key].bottom > screen)
          problems.push(`${name}: "${key}" ends at ${at[key].bottom} px, below the first screen (${FIRST_SCREEN.height} px` +
            (at.urgentHeight ? ` + ${at.urgentHeight} px of urgent help)` : ')'));
      }
      console.log(`${name} ${label}: ${JSON.stringify(at)}`);
      await screenshot(page, `service-first-screen-${name}-${javaScriptEnabled ? 'js' : 'nojs'}`);
    }
    await page.close();
    assert.deepEqual(problems, [], problems.join('\n'));
  });
}

test('urgent help comes first, on the first screen, with 999 and NHS 111 as tap-to-call links', async () => {
  const page = await newPage(site, FIRST_SCREEN);
  await page.goto(SERVICES.camhs);
  const box = await page.evaluate(() => {
    const el = document.querySelector('[data-urgent-help]');
    if (!el) return null;
    const r = el.getBoundingClientRect();
    const glance = document.querySelector('.lo-glance').getBoundingClientRect();
    return { top: Math.round(r.top + scrollY), bottom: Math.round(r.bottom + scrollY), glance: Math.round(glance.top + scrollY),
      links: [...el.querySelectorAll('a')].map((a) => a.getAttribute('href')) };
  });
  console.log(`urgent help at 375 px: ${JSON.stringify(box)}`);
  assert.ok(box, 'the CAMHS page has its urgent help box');
  assert.ok(box.bottom <= FIRST_SCREEN.height, `the box ends at ${box.bottom} px, below the first screen`);
  assert.ok(box.top < box.glance, 'it comes before At a glance');
  assert.deepEqual(box.links, ['tel:999', 'tel:999', 'tel:111']);
  await page.close();
});

test('the contact row has tap-to-call and e-mail links', async () => {
  const page = await newPage(site, FIRST_SCREEN);
  await page.goto(SERVICES.camhs);
  const links = await page.$$eval('[data-glance="contact"] a', (as) => as.map((a) => a.getAttribute('href')));
  assert.ok(links.some((h) => /^tel:\d+$/.test(h)), `a tel: link in ${links}`);
  assert.ok(links.some((h) => h.startsWith('mailto:')), `a mailto: link in ${links}`);
  await page.close();
});

test('a desktop shows At a glance in a right-hand column beside the full sections', async () => {
  const page = await newPage(site, { width: 1280, height: 900 });
  await page.goto(SERVICES.speech);
  const box = await page.evaluate(() => {
    const rect = (el) => el.getBoundingClientRect().toJSON();
    return {
      glance: rect(document.querySelector('.lo-glance')),
      main: rect(document.querySelector('.lo-service-main')),
      container: rect(document.querySelector('.govuk-width-container')),
    };
  });
  assert.ok(box.glance.left >= box.main.right - 1, `At a glance (left ${box.glance.left}) is right of the sections (right ${box.main.right})`);
  assert.ok(Math.abs(box.glance.top - box.main.top) < 40, 'both columns start together');
  assert.ok(box.glance.right > box.container.right - 40, 'the right-hand column reaches the right edge');
  await screenshot(page, 'service-desktop-1280');
  await page.close();
});

test('printed, links to our own pages show full web addresses, not bare paths', async () => {
  const page = await newPage(site, { width: 1280, height: 900 });
  await page.goto(SERVICES.speech);
  await page.emulateMedia({ media: 'print' });
  const printed = await page.evaluate(() => {
    const after = [...document.querySelectorAll('main a.govuk-link[href^="/"]')]
      .map((a) => getComputedStyle(a, '::after').content)
      .filter((c) => c && c !== 'none' && c !== 'normal');
    return {
      after,
      pageUrl: getComputedStyle(document.querySelector('.lo-print-only')).display,
      pageText: document.querySelector('.lo-print-only').textContent,
    };
  });
  assert.ok(printed.after.length > 0, 'some links print their address');
  // Chrome gives the resolved text: " (http://host/needs/autism)", never " (/needs/autism)".
  for (const content of printed.after) assert.match(content, /^" \(https?:\/\/[^/ ]+\/[^ ]*\)"$/, `printed as ${content}`);
  assert.equal(printed.pageUrl, 'block');
  assert.match(printed.pageText, /^This page: https?:\/\/[^ ]+\/services\/[0-9a-f-]{36}$/);
  await page.close();
});

test('the service page has no WCAG 2.2 A or AA violations at 320, 375 and 1280 px', async () => {
  const problems = [];
  for (const width of [320, 375, 1280]) {
    const page = await newPage(site, { width, height: 800 });
    for (const [name, service] of Object.entries(SERVICES)) {
      await page.goto(service);
      const violations = await axeViolations(page);
      if (violations.length) problems.push(`${name} at ${width} px:\n  ${violations.join('\n  ')}`);
      await screenshot(page, `service-${name}-${width}`);
    }
    await page.close();
  }
  assert.deepEqual(problems, [], problems.join('\n\n'));
});
