// Issue 14, item 7: the API can be found. /developers (linked from every page's footer) explains
// the Open Referral UK feed with live examples that all work; /openreferral links to it; and the
// names older clients send are understood or refused, never silently ignored.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, stopDemoServer } from './harness.mjs';

let server;

before(async () => { server = await startDemoServer(); });
after(async () => { await stopDemoServer(server); });

const get = (path) => fetch(server.base + path);
const json = async (path) => (await get(path)).json();

test('every page links to /developers from its footer', async () => {
  for (const path of ['/', '/search?q=autism', '/needs']) {
    const html = await (await get(path)).text();
    assert.match(html, /<a class="govuk-footer__link" href="\/developers">Use our data<\/a>/, path);
  }
});

test('/developers explains the feed, and every example link on it answers with JSON', async () => {
  const r = await get('/developers');
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /<h1 class="govuk-heading-l">Use our data: the Open Referral UK feed<\/h1>/);
  assert.match(html, /How to harvest the whole directory/);
  const links = [...html.matchAll(/href="(\/openreferral[^"]*)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  assert.ok(links.length >= 10, `at least 10 live examples, found ${links.length}`);
  for (const link of new Set(links)) {
    const answer = await get(link);
    assert.equal(answer.status, 200, link);
    assert.match(answer.headers.get('content-type'), /application\/(x-nd)?json/, link);
  }
});

test('the API root gives the documentation link', async () => {
  const root = await json('/openreferral');
  assert.equal(root.version, 'HSDS-UK-3.0');
  assert.match(root.documentation_url, /^https?:\/\/[^/]+\/developers$/);
});

test('?text= is the older name of ?search=, never a silent "all services"', async () => {
  const all = await json('/openreferral/services');
  const search = await json('/openreferral/services?search=autism');
  const text = await json('/openreferral/services?text=autism');
  assert.ok(search.total_items > 0 && search.total_items < all.total_items);
  assert.equal(text.total_items, search.total_items);
  assert.deepEqual(text.contents.map((s) => s.id), search.contents.map((s) => s.id));
  const orgs = await json('/openreferral/organizations?text=oxford');
  assert.equal(orgs.total_items, (await json('/openreferral/organizations?search=oxford')).total_items);
});

test('conflicting or unsupported older parameters are refused with the reason', async () => {
  const both = await get('/openreferral/services?search=autism&text=speech');
  assert.equal(both.status, 400);
  assert.deepEqual((await both.json()).error, {
    code: 'bad_request',
    parameter: 'text',
    message: 'Send the search words as search or as text (its older name), not both. You sent search="autism" and text="speech".',
  });
  for (const name of ['day', 'start_time', 'end_time', 'coverage']) {
    const r = await get(`/openreferral/services?${name}=x`);
    assert.equal(r.status, 400, name);
    const body = await r.json();
    assert.equal(body.error.parameter, name);
    assert.match(body.error.message, new RegExp(`^The ${name} parameter, from an older Open Referral UK version, is not supported by this feed`));
  }
  // The age names of the older profile keep working.
  const older = await json('/openreferral/services?minimum_age=5&maximum_age=19');
  assert.ok(older.total_items > 0);
});
