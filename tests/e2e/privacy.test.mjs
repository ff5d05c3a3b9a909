// Staff turnover and personal data on the real binary: `account deactivate` ends a signed-in
// session at once, the last administrator cannot be removed, `privacy export` and `privacy
// erase` find and remove an address, `privacy purge` runs, and the access log records exactly
// what the generated privacy notice says (by default, no full client address).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';

let server;
let data;
const PASSWORD = 'purple monkey dishwasher';

before(async () => {
  data = tempDir();
  server = await startServer({ data });
});

after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

function sessionFrom(res) {
  const m = (res.headers.get('set-cookie') ?? '').match(/lo_session=([0-9a-f]{64})/);
  return m ? m[1] : '';
}

function csrfIn(html) {
  const m = html.match(/name="csrf_token" value="([0-9a-f]{64})"/);
  assert.ok(m, 'the form has a CSRF token');
  return m[1];
}

async function get(path, session) {
  return fetch(`${server.base}${path}`, { redirect: 'manual', headers: session ? { cookie: `lo_session=${session}` } : {} });
}

async function postForm(path, fields, session) {
  return fetch(`${server.base}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `lo_session=${session}` },
    body: new URLSearchParams(fields).toString(),
  });
}

// The access-log lines of GET /privacy. The line is written once the response has gone, so
// wait for it to reach our end of the pipe (no pass/fail depends on how long that takes).
async function privacyLogLines(child) {
  for (let i = 0; i < 200; i += 1) {
    const lines = child.output().stdout.split('\n').filter((l) => l.includes('"GET /privacy'));
    if (lines.length > 0) return lines;
    await new Promise((r) => setTimeout(r, 50));
  }
  return [];
}

// Adds an account on the command line, sets its password from the link and signs in.
async function addAndSignIn(role, email) {
  const add = cli(['users', 'add', '--role', role, '--data', data, email]);
  assert.equal(add.status, 0, add.stderr);
  const link = add.stdout.match(/\/admin\/set-password\?token=([0-9a-f]{64})/);
  const form = await get(link[0]);
  const set = await postForm('/admin/set-password', {
    token: link[1], password: PASSWORD, password_confirmation: PASSWORD, csrf_token: csrfIn(await form.text()),
  }, sessionFrom(form));
  assert.equal(set.status, 303);
  const page = await get('/admin/sign-in');
  const signIn = await postForm('/admin/sign-in', {
    email, password: PASSWORD, next: '/admin', csrf_token: csrfIn(await page.text()),
  }, sessionFrom(page));
  assert.equal(signIn.status, 303);
  return sessionFrom(signIn);
}

test('account deactivate on the command line ends a signed-in session at once', async () => {
  await addAndSignIn('admin', 'admin@example.org');
  const session = await addAndSignIn('editor', 'leaver@example.org');
  assert.equal((await get('/admin/services', session)).status, 200);

  const off = cli(['account', 'deactivate', '--data', data, 'Leaver@Example.org']);
  assert.equal(off.status, 0, off.stderr);
  assert.match(off.stdout, /Deactivated leaver@example.org: every session has ended/);
  assert.equal((await get('/admin/services', session)).status, 303, 'signed out at once');

  const on = cli(['account', 'reactivate', '--data', data, 'leaver@example.org']);
  assert.equal(on.status, 0, on.stderr);
  assert.match(on.stdout, /Reactivated leaver@example.org/);
});

test('the last administrator cannot be deleted or deactivated', () => {
  for (const action of ['delete', 'deactivate']) {
    const r = cli(['account', action, '--data', data, 'admin@example.org']);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim(), 'localoffer: admin@example.org is the only active administrator. Make another account an administrator first, so someone can still manage accounts.');
  }
  const unknown = cli(['account', 'delete', '--data', data, 'nobody@example.org']);
  assert.equal(unknown.status, 1);
  assert.match(unknown.stderr, /There is no account for nobody@example.org/);
});

test('privacy export lists what is held about an address, and privacy erase removes it', () => {
  const exported = cli(['privacy', 'export', '--data', data, 'leaver@example.org']);
  assert.equal(exported.status, 0, exported.stderr);
  const held = JSON.parse(exported.stdout);
  assert.equal(held.email, 'leaver@example.org');
  assert.equal(held.held.account[0].role, 'editor');
  assert.ok(held.held.audit_log.some((e) => e.action === 'user_deactivated'));
  assert.ok(held.held.audit_log.some((e) => e.action === 'sign_in'));

  const erased = cli(['privacy', 'erase', '--data', data, 'leaver@example.org']);
  assert.equal(erased.status, 0, erased.stderr);
  assert.match(erased.stdout, /the account was deleted and its history now shows "Former editor \d+"/);
  const after = JSON.parse(cli(['privacy', 'export', '--data', data, 'leaver@example.org']).stdout);
  assert.deepEqual(after.held, {});
});

test('privacy purge runs at once and says what it removed', () => {
  const r = cli(['privacy', 'purge', '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Privacy purge: \d+ feedback comments, \d+ e-mail messages, \d+ one-time links, \d+ audit log addresses and \d+ sessions past their retention period removed\.$/m);
});

test('the access log keeps no full client address, as the privacy notice says', async () => {
  const notice = await (await get('/privacy')).text();
  assert.match(notice, /It records only the first part of your IP address/);
  assert.match(notice, /We delete the words of comments and problem reports 365 days after you send them/);
  const lines = await privacyLogLines(server);
  assert.ok(lines.length > 0, 'the request is logged');
  for (const line of lines) {
    assert.doesNotMatch(line, /127\.0\.0\.1/);
    assert.match(line, / 127\.0\.0\.0 "GET/);
  }
});

test('with access_log_address = none the log and the notice both say no address', async () => {
  const other = tempDir();
  const settings = join(other, 'settings.conf');
  writeFileSync(settings, 'access_log_address = none\nretention_feedback_days = 90\n');
  const s = await startServer({ data: other, args: ['--config', settings] });
  try {
    const notice = await (await fetch(`${s.base}/privacy`)).text();
    assert.match(notice, /It does not record your IP address or who you are/);
    assert.match(notice, /comments and problem reports 90 days after/);
    const lines = await privacyLogLines(s);
    assert.ok(lines.length > 0);
    for (const line of lines) assert.match(line, /Z - "GET/);
  } finally {
    await stopServer(s);
    removeDir(other);
  }
});
