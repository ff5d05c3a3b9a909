// Over real HTTP, against the real binary with the demo Local Offer (docs/admin.md, "Deleting
// terms and advice pages"): a term deleted in the admin leaves search's filters and facets through
// the background indexer, and stays deleted after a restart; a deleted advice page leaves search
// and the sitemap, and its address answers 301.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';

let server;
let data;
let session;
const PASSWORD = 'purple monkey dishwasher';

function sessionFrom(res) {
  return (res.headers.get('set-cookie') ?? '').match(/lo_session=([0-9a-f]{64})/)?.[1] ?? '';
}

function csrfIn(html) {
  const m = html.match(/name="csrf_token" value="([0-9a-f]{64})"/);
  assert.ok(m, 'the form has a CSRF token');
  return m[1];
}

async function get(path, cookie = session) {
  return fetch(`${server.base}${path}`, { redirect: 'manual', headers: cookie ? { cookie: `lo_session=${cookie}` } : {} });
}

async function postForm(path, fields, cookie = session) {
  return fetch(`${server.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `lo_session=${cookie}` },
    body: new URLSearchParams(fields).toString(),
  });
}

// The indexer runs in the background after a write; this waits for it, generously.
async function eventually(check) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

// Every value the search answer's category facet lists, nested ones included.
async function categoryFacets() {
  const body = await (await get('/api/search', '')).json();
  const values = [];
  for (const option of body.facets.category) {
    values.push(option.value);
    for (const child of option.children ?? []) values.push(child.value);
  }
  return values;
}

before(async () => {
  data = tempDir();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  server = await startServer({ data });
  const add = cli(['users', 'add', '--role', 'editor', '--data', data, 'deleting@example.org']);
  assert.equal(add.status, 0, add.stderr);
  const link = add.stdout.match(/\/admin\/set-password\?token=([0-9a-f]{64})/);
  const form = await get(link[0], '');
  const set = await postForm('/admin/set-password', {
    token: link[1], password: PASSWORD, password_confirmation: PASSWORD, csrf_token: csrfIn(await form.text()),
  }, sessionFrom(form));
  assert.equal(set.status, 303);
  const page = await get('/admin/sign-in', '');
  const signIn = await postForm('/admin/sign-in', {
    email: 'deleting@example.org', password: PASSWORD, csrf_token: csrfIn(await page.text()),
  }, sessionFrom(page));
  assert.equal(signIn.status, 303);
  session = sessionFrom(signIn);
});

after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

test('a deleted term leaves search\'s filters and facets, and stays deleted after a restart', async () => {
  const list = await (await get('/admin/taxonomies')).text();
  const categories = list.match(/href="(\/admin\/taxonomies\/[0-9a-f-]{36})">Categories</)[1];
  const form = await (await get(`${categories}/terms/new`)).text();
  const saved = await postForm(`${categories}/terms`, {
    csrf_token: csrfIn(form), name: 'Zebracorn therapy', code: '', description: '', parent_id: '',
  });
  assert.equal(saved.status, 303);
  assert.ok(await eventually(async () => (await categoryFacets()).includes('zebracorn-therapy')),
    'search lists the new category');
  const edit = (await (await get(categories)).text()).match(/href="([^"]+\/terms\/[0-9a-f-]{36})\/edit">Zebracorn therapy/)[1];

  const confirm = await (await get(`${edit}/delete`)).text();
  assert.match(confirm, /Are you sure you want to delete Zebracorn therapy\?/);
  const deleted = await postForm(`${edit}/delete`, { csrf_token: csrfIn(confirm) });
  assert.equal(deleted.status, 303);
  assert.ok(await eventually(async () => !(await categoryFacets()).includes('zebracorn-therapy')),
    'the facet goes');
  assert.equal((await get('/api/search?category=zebracorn-therapy', '')).status, 400, 'so does the filter');
  const feed = await (await get('/openreferral/taxonomy_terms?search=Zebracorn', '')).json();
  assert.equal(feed.total_items, 0);

  await stopServer(server);
  server = await startServer({ data });
  assert.ok(!(await categoryFacets()).includes('zebracorn-therapy'), 'still gone after a restart');
  assert.equal((await get(`${edit}/edit`)).status, 404);
});

test('a deleted advice page leaves search and the sitemap, and its address answers 301', async () => {
  const form = await (await get('/admin/advice/new')).text();
  const saved = await postForm('/admin/advice', {
    csrf_token: csrfIn(form), title: 'Quokkaberry holiday clubs', slug: '',
    summary: 'Holiday clubs.', body_markdown: 'Book a quokkaberry place early.', position: '20',
  });
  assert.equal(saved.status, 303);
  const found = async () => (await (await get('/api/search?q=quokkaberry', '')).json()).advice.length > 0;
  assert.ok(await eventually(found), 'search finds the new page');
  const admin = await (await get('/admin/advice')).text();
  const id = admin.match(/href="\/admin\/advice\/([0-9a-f-]{36})\/edit">Quokkaberry holiday clubs/)[1];

  const confirm = await (await get(`/admin/advice/${id}/delete`)).text();
  const deleted = await postForm(`/admin/advice/${id}/delete`, { csrf_token: csrfIn(confirm), redirect_to: '' });
  assert.equal(deleted.status, 303);
  assert.ok(await eventually(async () => !(await found())), 'search no longer finds it');
  const old = await get('/advice/quokkaberry-holiday-clubs', '');
  assert.equal(old.status, 301);
  assert.equal(old.headers.get('location'), '/advice');
  assert.doesNotMatch(await (await get('/sitemap.xml', '')).text(), /quokkaberry-holiday-clubs/);
});
