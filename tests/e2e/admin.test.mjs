// The first administrator is created on the command line, sets a password from the one-time
// link and signs in over real HTTP; an editor edits a service and the public page changes.
// Nothing secret reaches the server's logs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';

let server;
let data;
const PASSWORD = 'purple monkey dishwasher';

before(async () => {
  data = tempDir();
  const load = cli(['demo', 'load', '--data', data]);
  assert.equal(load.status, 0, load.stderr);
  server = await startServer({ data });
});

after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

function sessionFrom(res) {
  const cookie = res.headers.get('set-cookie') ?? '';
  const m = cookie.match(/lo_session=([0-9a-f]{64})/);
  return m ? m[1] : '';
}

function csrfIn(html) {
  const m = html.match(/name="csrf_token" value="([0-9a-f]{64})"/);
  assert.ok(m, 'the form has a CSRF token');
  return m[1];
}

async function postForm(path, fields, session) {
  return fetch(`${server.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `lo_session=${session}` },
    body: new URLSearchParams(fields).toString(),
  });
}

async function get(path, session) {
  return fetch(`${server.base}${path}`, { redirect: 'manual', headers: session ? { cookie: `lo_session=${session}` } : {} });
}

// Sets a password from a link printed by the CLI, then signs in; returns the signed-in session.
async function setPasswordAndSignIn(stdout, email) {
  const link = stdout.match(/\/admin\/set-password\?token=[0-9a-f]{64}/);
  assert.ok(link, stdout);
  const form = await get(link[0]);
  assert.equal(form.status, 200);
  const anon = sessionFrom(form);
  const set = await postForm('/admin/set-password', {
    token: link[0].split('=')[1], password: PASSWORD, password_confirmation: PASSWORD, csrf_token: csrfIn(await form.text()),
  }, anon);
  assert.equal(set.status, 303);
  assert.equal((await get(link[0])).status, 410, 'the link works once');

  const page = await get('/admin/sign-in');
  const pre = sessionFrom(page);
  const signIn = await postForm('/admin/sign-in', { email, password: PASSWORD, next: '/admin', csrf_token: csrfIn(await page.text()) }, pre);
  assert.equal(signIn.status, 303);
  const session = sessionFrom(signIn);
  assert.ok(session && session !== pre, 'a new session id at sign-in');
  assert.match(signIn.headers.get('set-cookie'), /HttpOnly; SameSite=Lax/);
  return session;
}

test('the first administrator signs in from the command-line link', async () => {
  const add = cli(['users', 'add', '--role', 'admin', '--data', data, 'first.admin@example.org']);
  assert.equal(add.status, 0, add.stderr);
  assert.match(add.stdout, /Added Administrator first.admin@example.org/);
  const session = await setPasswordAndSignIn(add.stdout, 'first.admin@example.org');
  const users = await get('/admin/users', session);
  assert.equal(users.status, 200);
  assert.equal(users.headers.get('cache-control'), 'no-store');
  assert.match(users.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.match(await users.text(), /first.admin@example.org/);
});

test('an editor edits a service and the public page changes; signed-out visitors are sent to sign in', async () => {
  assert.equal((await get('/admin/services')).headers.get('location'), '/admin/sign-in?next=%2Fadmin%2Fservices');
  const add = cli(['users', 'add', '--role', 'editor', '--data', data, 'editor@example.org']);
  assert.equal(add.status, 0, add.stderr);
  const session = await setPasswordAndSignIn(add.stdout, 'editor@example.org');
  assert.equal((await get('/admin/users', session)).status, 403, 'editors cannot manage users');

  const list = await (await get('/admin/services', session)).text();
  const edit = list.match(/href="\/admin\/services\/([0-9a-f-]{36})\/edit"/);
  assert.ok(edit);
  const id = edit[1];
  const formHtml = await (await get(`/admin/services/${id}/edit`, session)).text();
  const org = formHtml.match(/<option value="([0-9a-f-]{36})" selected>/);
  assert.ok(org, 'the form shows the current organisation');
  const saved = await postForm(`/admin/services/${id}`, {
    csrf_token: csrfIn(formHtml), name: 'Renamed by the editor', organisation_id: org[1], status: 'active',
  }, session);
  assert.equal(saved.status, 303);
  assert.match(await (await get(`/services/${id}`)).text(), /Renamed by the editor/);

  const forged = await postForm(`/admin/services/${id}`, { name: 'Forged', organisation_id: org[1], status: 'active' }, session);
  assert.equal(forged.status, 403, 'no CSRF token, no change');
});

test('no passwords, tokens or session ids in the logs', () => {
  const { stdout, stderr } = server.output();
  const logs = stdout + stderr;
  assert.doesNotMatch(logs, /purple monkey/);
  assert.doesNotMatch(logs, /token=/);
  assert.doesNotMatch(logs, /[0-9a-f]{64}/);
});
