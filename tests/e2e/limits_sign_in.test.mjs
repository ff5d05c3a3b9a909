// Signing in without handing attackers a switch: wrong passwords slow down the address they come
// from, not the account holder elsewhere, and the holder is told by e-mail (once). Showing the
// sign-in page to a visitor without cookies writes no session row. Different sources are
// different loopback addresses (anything in 127.0.0.0/8 reaches a server on 127.0.0.1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';

const PASSWORD = 'purple monkey dishwasher';
const EMAIL = 'holder@example.org';
let data;
let server;

function sql(query) {
  const r = spawnSync('sqlite3', [join(data, 'localoffer.db'), query], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

// One request from the given source address, with an optional cookie and form body.
function request(from, method, path, { cookie, form } = {}) {
  return new Promise((resolve, reject) => {
    const body = form ? new URLSearchParams(form).toString() : '';
    const headers = {};
    if (cookie) headers.cookie = `lo_session=${cookie}`;
    if (form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      headers['content-length'] = Buffer.byteLength(body);
    }
    const req = http.request({ host: '127.0.0.1', port: server.port, localAddress: from, method, path, headers, agent: false },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c) => { text += c; });
        res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
      });
    req.on('error', reject);
    req.end(body);
  });
}

const cookieOf = (res) => (String(res.headers['set-cookie'] ?? '').match(/lo_session=([0-9a-f]{64})/) ?? [])[1];
const csrfOf = (html) => html.match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];

// Opens the sign-in page from `from` and posts the password; returns the answer.
async function signIn(from, password) {
  const page = await request(from, 'GET', '/admin/sign-in');
  const cookie = cookieOf(page);
  return request(from, 'POST', '/admin/sign-in',
    { cookie, form: { email: EMAIL, password, next: '/admin', csrf_token: csrfOf(page.body) } });
}

before(async () => {
  data = tempDir();
  assert.equal(cli(['migrate', '--data', data]).status, 0);
  const add = cli(['users', 'add', '--role', 'editor', '--data', data, EMAIL]);
  assert.equal(add.status, 0, add.stderr);
  server = await startServer({ data });
  const link = add.stdout.match(/\/admin\/set-password\?token=([0-9a-f]{64})/);
  const form = await request('127.0.0.1', 'GET', link[0]);
  const set = await request('127.0.0.1', 'POST', '/admin/set-password', {
    cookie: cookieOf(form),
    form: { token: link[1], password: PASSWORD, password_confirmation: PASSWORD, csrf_token: csrfOf(form.body) },
  });
  assert.equal(set.status, 303, set.body);
});
after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

test('Sign-in: a visitor without cookies opening the sign-in page writes no session row', async () => {
  const before = Number(sql('SELECT count(*) FROM sessions'));
  for (let i = 0; i < 3; i++) {
    const page = await request('127.0.0.1', 'GET', '/admin/sign-in');
    assert.equal(page.status, 200);
    assert.ok(cookieOf(page), 'the form still gets its cookie for the CSRF check');
  }
  for (const path of ['/admin/forgot-password'])
    assert.equal((await request('127.0.0.1', 'GET', path)).status, 200);
  assert.equal(Number(sql('SELECT count(*) FROM sessions')), before);
  // A form whose token does not match its cookie is still refused.
  const page = await request('127.0.0.1', 'GET', '/admin/sign-in');
  const forged = await request('127.0.0.1', 'POST', '/admin/sign-in', {
    cookie: 'a'.repeat(64), form: { email: EMAIL, password: PASSWORD, csrf_token: csrfOf(page.body) },
  });
  assert.equal(forged.status, 403);
  assert.equal(Number(sql('SELECT count(*) FROM sessions')), before);
});

test('Sign-in: five wrong passwords from one source do not stop the right password from another; the holder gets one e-mail', async () => {
  const statuses = [];
  for (let i = 0; i < 5; i++) statuses.push((await signIn('127.0.0.3', `wrong guess ${i}`)).status);
  assert.deepEqual(statuses, [401, 401, 401, 401, 429]);
  // The guessing address now waits, even with the right password ...
  assert.equal((await signIn('127.0.0.3', PASSWORD)).status, 429);
  // ... but the holder, somewhere else, signs in.
  const holder = await signIn('127.0.0.4', PASSWORD);
  assert.equal(holder.status, 303, holder.body);
  assert.equal(holder.headers.location, '/admin');

  const mails = sql(`SELECT to_address || '|' || subject FROM outbox WHERE kind = 'sign_in_failures'`).split('\n').filter(Boolean);
  assert.deepEqual(mails, [`${EMAIL}|Failed sign-ins to your SEND Local Offer admin account`]);
  const body = sql(`SELECT body FROM outbox WHERE kind = 'sign_in_failures'`);
  assert.match(body, /tried to sign in .* 5 times in the last 15 minutes with the wrong password/s);
  assert.match(body, /your password has not been given away/);
});
