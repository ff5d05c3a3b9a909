// Over real HTTP, against the real binary with the demo Local Offer: an editor writes an advice
// page, adds a category and adds a search word, and search uses each without a restart.
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

// Search runs in the background after a save; this waits for it, generously, and fails if it
// never happens. How fast is a benchmark's question, not this test's.
async function eventually(check) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
}

before(async () => {
  data = tempDir();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  server = await startServer({ data });
  const add = cli(['users', 'add', '--role', 'editor', '--data', data, 'forms@example.org']);
  assert.equal(add.status, 0, add.stderr);
  const link = add.stdout.match(/\/admin\/set-password\?token=([0-9a-f]{64})/);
  const form = await get(link[0], '');
  const set = await postForm('/admin/set-password', {
    token: link[1], password: PASSWORD, password_confirmation: PASSWORD, csrf_token: csrfIn(await form.text()),
  }, sessionFrom(form));
  assert.equal(set.status, 303);
  const page = await get('/admin/sign-in', '');
  const signIn = await postForm('/admin/sign-in', {
    email: 'forms@example.org', password: PASSWORD, csrf_token: csrfIn(await page.text()),
  }, sessionFrom(page));
  assert.equal(signIn.status, 303);
  session = sessionFrom(signIn);
});

after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

test('an advice page written in the admin is published and search finds it', async () => {
  const form = await (await get('/admin/advice/new')).text();
  const saved = await postForm('/admin/advice', {
    csrf_token: csrfIn(form),
    title: 'Quokkaberry holiday clubs',
    slug: '',
    summary: 'Holiday clubs for disabled children.',
    body_markdown: '## Booking\n\nBook a **quokkaberry** place early.',
    position: '20',
  });
  assert.equal(saved.status, 303);
  const page = await (await get('/advice/quokkaberry-holiday-clubs', '')).text();
  assert.match(page, /<strong>quokkaberry<\/strong>/);
  assert.ok(await eventually(async () => {
    const body = await (await get('/api/search?q=quokkaberry', '')).json();
    return body.advice.some((a) => /Quokkaberry holiday clubs/.test(JSON.stringify(a)));
  }), 'search finds the new advice page');
});

test('a category added in the admin can be filtered by in search at once', async () => {
  const list = await (await get('/admin/taxonomies')).text();
  const categories = list.match(/href="(\/admin\/taxonomies\/[0-9a-f-]{36})">Categories</)[1];
  const form = await (await get(`${categories}/terms/new`)).text();
  const saved = await postForm(`${categories}/terms`, {
    csrf_token: csrfIn(form), name: 'Zebracorn therapy', code: '', description: '', parent_id: '',
  });
  assert.equal(saved.status, 303);
  assert.match(await (await get(categories)).text(), /Zebracorn therapy/);
  assert.ok(await eventually(async () => (await get('/api/search?category=zebracorn-therapy', '')).status === 200),
    'search knows the new category');
  const body = await (await get('/api/search?category=zebracorn-therapy', '')).json();
  assert.equal(body.total, 0, 'no service uses it yet');
});

test('the shipped everyday words are searched, and a search word added in the admin is used by the next search', async () => {
  const search = async (q) => (await (await get(`/api/search?q=${encodeURIComponent(q)}`, '')).json());
  const names = (answer) => answer.results.map((r) => r.name).join(' | ');
  // From db/seeds/everyday-words.tsv, loaded into the database by `demo load`.
  assert.match(names(await search('squint')), /Orthoptics/);
  assert.match(names(await search('late talker')), /Speech and Language Therapy/);
  assert.equal((await search('quokkaclinic')).total, 0);

  const form = await (await get('/admin/search-words/new')).text();
  const saved = await postForm('/admin/search-words', {
    csrf_token: csrfIn(form), list: 'everyday', term: 'quokkaclinic', expansions: 'orthoptics\neye clinic', category: 'health',
  });
  assert.equal(saved.status, 303);
  const list = await (await get(saved.headers.get('location'))).text();
  assert.match(list, /"quokkaclinic" has been saved\. The next search uses it\./);
  // No wait: the very next search uses the new word.
  assert.match(names(await search('quokkaclinic')), /Orthoptics/);
});

test('a new place gets its latitude and longitude from the postcode, and contact ids stay the same in the API', async () => {
  const list = await (await get('/admin/services')).text();
  const id = list.match(/href="\/admin\/services\/([0-9a-f-]{36})\/edit"/)[1];
  const form = await (await get(`/admin/services/${id}/edit`)).text();
  const org = form.match(/<option value="([0-9a-f-]{36})" selected>/)[1];
  const fields = {
    csrf_token: csrfIn(form), name: 'Place test service', organisation_id: org, status: 'active', free: 'yes',
    form_parts: 'all',
    'contacts-0-name': 'Front desk', 'contacts-0-phone': '01865 000111',
    'new_locations-0-name': 'Headington Hub', 'new_locations-0-address_1': '1 London Road',
    'new_locations-0-town': 'Oxford', 'new_locations-0-postcode': 'ox3 9du',
  };
  assert.equal((await postForm(`/admin/services/${id}`, fields)).status, 303);
  const first = await (await get(`/openreferral/services/${id}`, '')).json();
  const place = first.service_at_locations.map((sal) => sal.location).find((l) => l.name === 'Headington Hub');
  assert.ok(place, JSON.stringify(first.service_at_locations));
  assert.equal(place.latitude, 51.76387);
  assert.equal(place.longitude, -1.21981);
  assert.equal(first.contacts.length, 1);
  const contactId = first.contacts[0].id;

  // Saved again from the form as it now stands: the contact keeps its id.
  const again = await (await get(`/admin/services/${id}/edit`)).text();
  assert.match(again, new RegExp(`name="contacts-0-id" value="${contactId}"`));
  const { ['new_locations-0-name']: _n, ['new_locations-0-address_1']: _a, ['new_locations-0-town']: _t,
    ['new_locations-0-postcode']: _p, ...rest } = fields;
  assert.equal((await postForm(`/admin/services/${id}`, {
    ...rest, csrf_token: csrfIn(again), 'contacts-0-id': contactId, 'contacts-0-name': 'Reception desk',
    location_ids: place.id,
  })).status, 303);
  const second = await (await get(`/openreferral/services/${id}`, '')).json();
  assert.equal(second.contacts[0].id, contactId);
  assert.equal(second.contacts[0].name, 'Reception desk');
  assert.deepEqual(second.service_at_locations.map((sal) => sal.location.id), [place.id]);
});
