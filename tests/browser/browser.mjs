// Shared set-up for the browser tests: the real localoffer binary with the demo Local Offer
// (tests/e2e/harness.mjs), and Debian's chromium driven by playwright-core, headless, with a
// fresh profile and no background networking. Traffic only ever goes to loopback.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { cli, startServer, stopServer, tempDir, removeDir } from '../e2e/harness.mjs';

export const CHROMIUM = process.env.LOCALOFFER_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = new URL('../../test-results/screenshots/', import.meta.url).pathname;
const AXE_SOURCE = readFileSync(
  new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');

// WCAG 2.2 A and AA, as axe tags them.
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

// Starts the server on the demo data and the browser. Call stop() in after(). Options: env adds
// settings (LOCALOFFER_<SETTING>); demoShare loads the demo from another share folder (a changed
// copy of demo/); browser reuses one already running (stop() then leaves it open); port fixes the
// server's port (from freePort in ../e2e/harness.mjs) for settings that must name it first.
export async function startSite({ env = {}, demoShare, browser: shared, port = 0 } = {}) {
  const data = tempDir();
  const load = cli(['demo', 'load', '--data', data, ...(demoShare ? ['--share', demoShare] : [])]);
  assert.equal(load.status, 0, load.stderr);
  const server = await startServer({ data, env, port });
  // launch() gives the browser a fresh, temporary user-data-dir of its own every time (and
  // deletes it on close), so no profile, cache or cookie carries over between runs.
  const browser = shared ?? await withinTime(() => chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  }), 'start');
  return {
    base: server.base,
    data,  // the data folder, for CLI commands such as `users add`
    server,
    browser,
    async stop() {
      if (!shared) await browser.close().catch(() => {});
      await stopServer(server);
      removeDir(data);
    },
  };
}

// Chromium has, now and then on these shared machines, never answered a new page, and once never
// answered a new context (the test then hung until CI's limit, with the server idle). Starting
// the browser, opening a context and opening a page each get 30 s: longer is a browser start-up
// fault, not the site's, and fails with this message instead of hanging.
const BROWSER_STEP_MS = 30_000;

async function withinTime(step, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Chromium did not ${what} within ${BROWSER_STEP_MS / 1000} s`)), BROWSER_STEP_MS);
  });
  try {
    return await Promise.race([step(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// A new page in its own context. Options: width, height, javaScriptEnabled. A context or page
// that does not open in time is closed and one more is tried; a second failure fails the test.
export async function newPage(site, { width = 1280, height = 900, javaScriptEnabled = true } = {}) {
  for (let attempt = 1; ; attempt += 1) {
    let context;
    try {
      context = await withinTime(() => site.browser.newContext({
        viewport: { width, height },
        javaScriptEnabled,
        baseURL: site.base,
      }), 'open a browser context');
      const page = await withinTime(() => context.newPage(), 'open a page');
      page.on('close', () => context.close().catch(() => {}));
      return page;
    } catch (error) {
      await context?.close().catch(() => {});
      if (attempt >= 2) throw error;
    }
  }
}

// Runs axe-core in the page for WCAG 2.2 A/AA and returns the violations as readable lines.
// axe is evaluated through the DevTools protocol, which the site's CSP does not apply to.
export async function axeViolations(page) {
  const results = await page.evaluate(async ([source, tags]) => {
    if (!window.axe) (0, eval)(source);
    return window.axe.run(document, { runOnly: { type: 'tag', values: tags } });
  }, [AXE_SOURCE, WCAG_TAGS]);
  return results.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n` +
    v.nodes.slice(0, 5).map((n) => `    ${n.target.join(' ')}: ${n.failureSummary?.split('\n').join(' ')}`).join('\n'));
}

export async function screenshot(page, name) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

// Finds the demo content the tests visit: one service (with its organisation) and a need, a
// category and an advice page that exist.
export async function demoPaths(base) {
  const html = await (await fetch(`${base}/categories/health`)).text();
  const service = html.match(/href="(\/services\/[0-9a-f-]{36})"/)[1];
  const serviceHtml = await (await fetch(base + service)).text();
  const organisation = serviceHtml.match(/href="(\/organisations\/[0-9a-f-]{36})"/)[1];
  // A service with urgent help (crisis numbers in a warning before everything else).
  const camhs = (await (await fetch(`${base}/search?q=CAMHS+Oxfordshire`)).text())
    .match(/href="(\/services\/[0-9a-f-]{36})"[^>]*>Child and Adolescent Mental Health Service \(CAMHS\) \(Oxfordshire\)/);
  return {
    service,
    urgentService: camhs ? camhs[1] : service,
    organisation,
    category: '/categories/health',
    need: '/needs/autism',
    advice: '/advice/ehc-plans',
  };
}

// Presses Tab until the focused element matches `test` (a function run in the page on
// document.activeElement), up to `limit` presses. Returns how many presses it took.
export async function tabTo(page, predicate, arg, { limit = 300, shift = false } = {}) {
  for (let i = 1; i <= limit; i++) {
    await page.keyboard.press(shift ? 'Shift+Tab' : 'Tab');
    if (await page.evaluate(predicate, arg)) return i;
  }
  throw new Error(`Tab never reached the element (${predicate.toString()} ${JSON.stringify(arg)})`);
}

// Every page type, as [name, path, expected status]. `only` limits it to names starting with
// one of the given prefixes (handy while working on one page: LOCALOFFER_PAGES=checker).
export function pageTypes(p, only = process.env.LOCALOFFER_PAGES) {
  const id = p.service.split('/').pop();
  const all = [
    ['home', '/', 200],
    ['search-results', '/search?q=speech+therapy&location=OX26', 200],
    ['search-no-results', '/search?q=xylophonezzz', 200],
    ['search-empty', '/search', 200],
    ['service', p.service, 200],
    ['service-urgent-help', p.urgentService, 200],
    ['organisation', p.organisation, 200],
    ['categories', '/categories', 200],
    ['category', p.category, 200],
    ['needs', '/needs', 200],
    ['need', p.need, 200],
    ['advice-index', '/advice', 200],
    ['advice-page', p.advice, 200],
    ['not-found', '/no-such-page', 404],
    ['checker-start', '/check', 200],
    ['checker-age', '/check/age', 200],
    ['checker-age-error', '/check/age?age=abc&answer=1', 400],
    ['checker-needs', '/check/needs?age=4', 200],
    ['checker-needs-error', '/check/needs?age=4&answer=1', 400],
    ['checker-place', '/check/place?age=4&need=autism', 200],
    ['checker-ehc', '/check/ehc-plan?age=4&need=autism&place=OX26', 200],
    ['checker-answers', '/check/answers?age=4&need=autism&place=OX26&ehc=no', 200],
    ['checker-result', '/check/result?age=4&need=autism&place=OX26&ehc=no', 200],
    ['shortlist-empty', '/shortlist', 200],
    ['shortlist', `/shortlist?ids=${id}`, 200],
    ['shortlist-shared', `/shortlist?shared=${id}`, 200],
    ['shortlist-print', `/shortlist/print?ids=${id}`, 200],
    ['feedback', '/feedback?page=%2F', 200],
    ['accessibility-statement', '/accessibility', 200],
    ['privacy', '/privacy', 200],
    ['cookies', '/cookies', 200],
    ['forgot-password', '/admin/forgot-password', 200],
    ['still-accurate-bad-link', '/still-accurate?token=0123', 404],
    ['developers', '/developers', 200],
    ['need-without-services', '/needs/down-syndrome', 200],
  ];
  if (!only) return all;
  const prefixes = only.split(',');
  return all.filter(([name]) => prefixes.some((x) => name.startsWith(x)));
}
