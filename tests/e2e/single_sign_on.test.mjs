// Single sign-on against a real OpenID provider (tests/e2e/oidc_provider.mjs) on loopback: the
// authorisation code flow with PKCE from the sign-in page's button to a signed-in admin page, and
// each way it must refuse: an address with no account, a deactivated account, an unconfirmed
// address, an answer replayed or brought to another browser, a token with a bad signature, a
// token for another application, an earlier sign-in's token, and a provider that is down. Then
// sso_passwords = off: no password form and no password pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { BIN, cli, freePort, startServer, stopServer, tempDir, removeDir } from './harness.mjs';
import { CLIENT_ID, CLIENT_SECRET, claimsOf, startProvider } from './oidc_provider.mjs';

const NAME = 'Test Council account';
let provider;
let server;
let data;
let offPort;  // the port of the server with sso_passwords = off

// A browser's cookies, kept per host and port, and redirects followed by hand so each step can
// be seen.
class Browser {
  constructor() { this.jars = new Map(); }

  cookieHeader(url) {
    const jar = this.jars.get(new URL(url).host) ?? new Map();
    return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(url, res) {
    const host = new URL(url).host;
    if (!this.jars.has(host)) this.jars.set(host, new Map());
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const expired = attributes.some((a) => /max-age=0\b/i.test(a.trim()) || /expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired) this.jars.get(host).delete(name);
      else this.jars.get(host).set(name, pair.slice(eq + 1).trim());
    }
  }

  async request(url, { method = 'GET', form } = {}) {
    const headers = { cookie: this.cookieHeader(url) };
    if (form) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method, redirect: 'manual', headers, body: form ? new URLSearchParams(form).toString() : undefined });
    this.keep(url, res);
    return res;
  }
}

function csrfIn(html) {
  const m = html.match(/name="csrf_token" value="([0-9a-f]{64})"/);
  assert.ok(m, 'the form has a CSRF token');
  return m[1];
}

// Presses "Sign in with ..." and follows the browser through the provider, stopping at our
// callback address. Returns the browser and that address.
async function toCallback(browser = new Browser(), next = '/admin/services', base = server.base) {
  const page = await browser.request(`${base}/admin/sign-in?next=${encodeURIComponent(next)}`);
  const html = await page.text();
  const button = html.match(/<a href="([^"]+)"[^>]*id="sso">Sign in with ([^<]+)<\/a>/);
  assert.ok(button, 'the sign-in page has the button');
  assert.equal(button[2], NAME);
  const start = await browser.request(`${base}${button[1].replaceAll('&amp;', '&')}`);
  assert.equal(start.status, 303, await start.text());
  let url = start.headers.get('location');
  assert.ok(url.startsWith(`${provider.issuer}/auth?`), url);
  const query = new URL(url).searchParams;
  assert.equal(query.get('code_challenge_method'), 'S256');
  assert.equal(query.get('client_id'), CLIENT_ID);
  for (let hops = 0; hops < 10 && url.startsWith(provider.issuer); hops += 1) {
    const res = await browser.request(url);
    assert.equal(res.status, 303, `the provider answered ${res.status}: ${await res.text()}`);
    url = new URL(res.headers.get('location'), url).toString();
  }
  assert.ok(url.startsWith(`${base}/admin/sign-in/sso/callback?`), url);
  return { browser, callback: url };
}

async function signInAs(email, claims = { email, email_verified: true }) {
  provider.addAccount(email, claims);
  provider.signInAs(email);
  const { browser, callback } = await toCallback();
  const res = await browser.request(callback);
  return { browser, callback, res, body: res.status === 303 ? '' : await res.text() };
}

// `serve` with settings that must be refused before it listens.
function spawnWith(env, dir) {
  return spawnSync(BIN, ['serve', '--init', '--data', dir, '--port', '0', '--bind', '127.0.0.1'],
    { encoding: 'utf8', timeout: 20_000, env: { ...process.env, ...env } });
}

function addAccount(role, email) {
  const add = cli(['users', 'add', '--role', role, '--data', data, email]);
  assert.equal(add.status, 0, add.stderr);
}

before(async () => {
  data = tempDir();
  const port = await freePort();
  offPort = await freePort();
  provider = await startProvider({
    redirectUris: [port, offPort].map((p) => `http://127.0.0.1:${p}/admin/sign-in/sso/callback`),
  });
  server = await startServer({
    data, port, waitForIndex: false,
    env: {
      LOCALOFFER_BASE_URL: `http://127.0.0.1:${port}`,
      LOCALOFFER_SSO_ISSUER: provider.issuer,
      LOCALOFFER_SSO_CLIENT_ID: CLIENT_ID,
      LOCALOFFER_SSO_CLIENT_SECRET: CLIENT_SECRET,
      LOCALOFFER_SSO_NAME: NAME,
    },
  });
  addAccount('admin', 'chief@council.example.org');
  addAccount('editor', 'editor@council.example.org');
});

after(async () => {
  if (server) await stopServer(server);
  if (provider) await provider.stop();
  removeDir(data);
});

test('an editor signs in through the provider and lands on the page they asked for', async () => {
  const { browser, res } = await signInAs('Editor@Council.example.org',
    { email: 'Editor@Council.example.org', email_verified: true });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('location'), '/admin/services');
  const page = await browser.request(`${server.base}/admin/services`);
  assert.equal(page.status, 200, 'the session works');
  assert.match(await page.text(), /editor@council\.example\.org/);
});

test('an address with no account, or a deactivated one, is not signed in', async () => {
  const stranger = await signInAs('stranger@elsewhere.example.org');
  assert.equal(stranger.res.status, 403);
  assert.match(stranger.body, /You do not have an account here/);
  assert.match(stranger.body, /There is no active admin account for stranger@elsewhere\.example\.org/);
  assert.equal(stranger.res.headers.getSetCookie().filter((c) => /lo_session=[0-9a-f]{64};/.test(c) && !/Max-Age=0/.test(c)).length, 0);

  addAccount('editor', 'leaver@council.example.org');
  assert.equal(cli(['account', 'deactivate', '--data', data, 'leaver@council.example.org']).status, 0);
  const leaver = await signInAs('leaver@council.example.org');
  assert.equal(leaver.res.status, 403);
  assert.match(leaver.body, /You do not have an account here/);
});

test('an address the provider has not confirmed is not trusted', async () => {
  const r = await signInAs('chief@council.example.org', { email: 'chief@council.example.org', email_verified: false });
  assert.equal(r.res.status, 403);
  assert.match(r.body, /did not tell us a confirmed e-mail address/);
});

test('the provider\'s answer works once, and only in the browser that started the sign-in', async () => {
  provider.addAccount('editor@council.example.org', { email: 'editor@council.example.org', email_verified: true });
  provider.signInAs('editor@council.example.org');
  // Brought to another browser (a link sent to someone else): refused, and used up.
  const { callback } = await toCallback();
  const other = new Browser();
  await other.request(`${server.base}/admin/sign-in`);
  const elsewhere = await other.request(callback);
  assert.equal(elsewhere.status, 403);
  assert.match(await elsewhere.text(), /started in another browser/);

  // Replayed in the same browser after it worked: refused.
  const first = await toCallback();
  const ok = await first.browser.request(first.callback);
  assert.equal(ok.status, 303);
  const again = await first.browser.request(first.callback);
  assert.equal(again.status, 410);
  assert.match(await again.text(), /This sign-in has expired or was already used/);

  // A made-up state: refused.
  const made = await first.browser.request(`${server.base}/admin/sign-in/sso/callback?code=abc&state=xyz`);
  assert.equal(made.status, 410);
});

test('a token with a bad signature, for another application, or from an earlier sign-in is refused', async () => {
  const email = 'editor@council.example.org';
  const cases = {
    'a bad signature': (t) => t.slice(0, -6) + (t.slice(-6) === 'AAAAAA' ? 'BBBBBB' : 'AAAAAA'),
    'another application': (t) => provider.sign({ ...claimsOf(t), aud: 'another-application' }),
    'an earlier sign-in': () => provider.issued()[0],
    'another issuer': (t) => provider.sign({ ...claimsOf(t), iss: 'http://127.0.0.1:1' }),
    'an expired token': (t) => provider.sign({ ...claimsOf(t), exp: Math.floor(Date.now() / 1000) - 600 }),
  };
  try {
    for (const [what, tamper] of Object.entries(cases)) {
      provider.tamper(tamper);
      const r = await signInAs(email);
      assert.equal(r.res.status, 502, `${what}: ${r.res.status}`);
      assert.match(r.body, new RegExp(`${NAME} did not confirm who you are`), what);
    }
  } finally {
    provider.tamper(null);
  }
  for (const why of ['does not match the provider', 'another application \\(aud\\)', 'another sign-in \\(nonce\\)',
    'another issuer \\(iss\\)', 'has expired \\(exp\\)'])
    assert.ok(new RegExp(why).test(server.output().stderr), `the server's log says why: ${why}`);
});

test('cancelling at the provider, or a provider that is down, gives a plain page', async () => {
  const browser = new Browser();
  await browser.request(`${server.base}/admin/sign-in`);
  const cancelled = await browser.request(`${server.base}/admin/sign-in/sso/callback?error=access_denied&state=x`);
  assert.equal(cancelled.status, 403);
  assert.match(await cancelled.text(), new RegExp(`${NAME} did not sign you in`));

  // A provider nobody answers for: the button says so; password sign-in is still there.
  const dir = tempDir();
  const down = await startServer({
    data: dir, waitForIndex: false,
    env: {
      LOCALOFFER_SSO_ISSUER: `http://127.0.0.1:${await freePort()}`,
      LOCALOFFER_SSO_CLIENT_ID: CLIENT_ID,
      LOCALOFFER_SSO_CLIENT_SECRET: CLIENT_SECRET,
      LOCALOFFER_SSO_NAME: NAME,
    },
  });
  try {
    const b = new Browser();
    const html = await (await b.request(`${down.base}/admin/sign-in`)).text();
    assert.match(html, /type="password"/);
    const start = await b.request(`${down.base}/admin/sign-in/sso?next=%2Fadmin`);
    assert.equal(start.status, 502);
    assert.match(await start.text(), new RegExp(`Sign-in with ${NAME} is not working`));
  } finally {
    await stopServer(down);
    removeDir(dir);
  }
});

test('sso_passwords = off: only the provider\'s button, and no password pages', async () => {
  const dir = tempDir();
  const ssoEnv = {
    LOCALOFFER_SSO_ISSUER: provider.issuer,
    LOCALOFFER_SSO_CLIENT_ID: CLIENT_ID,
    LOCALOFFER_SSO_CLIENT_SECRET: CLIENT_SECRET,
    LOCALOFFER_SSO_NAME: NAME,
  };
  const off = await startServer({
    data: dir, waitForIndex: false, port: offPort,
    env: { ...ssoEnv, LOCALOFFER_BASE_URL: `http://127.0.0.1:${offPort}`, LOCALOFFER_SSO_PASSWORDS: 'off' },
  });
  try {
    const browser = new Browser();
    const page = await browser.request(`${off.base}/admin/sign-in`);
    const html = await page.text();
    assert.match(html, new RegExp(`Sign in with ${NAME}`));
    assert.doesNotMatch(html, /type="password"/);
    assert.doesNotMatch(html, /Forgot your password/);
    const post = await browser.request(`${off.base}/admin/sign-in`, {
      method: 'POST', form: { email: 'chief@council.example.org', password: 'anything at all' },
    });
    assert.equal(post.status, 403);
    assert.match(await post.text(), /Passwords are not used/);
    assert.equal((await browser.request(`${off.base}/admin/forgot-password`)).status, 403);

    // An administrator adds a colleague: no password link, just where to sign in.
    assert.equal(cli(['users', 'add', '--role', 'admin', '--data', dir, 'chief@council.example.org']).status, 0);
    provider.addAccount('chief@council.example.org', { email: 'chief@council.example.org', email_verified: true });
    provider.signInAs('chief@council.example.org');
    const { browser: admin, callback } = await toCallback(new Browser(), '/admin/users/new', off.base);
    assert.equal((await admin.request(callback)).status, 303);
    const form = await (await admin.request(`${off.base}/admin/users/new`)).text();
    const added = await admin.request(`${off.base}/admin/users`, {
      method: 'POST', form: { csrf_token: csrfIn(form), email: 'new.editor@council.example.org', role: 'editor' },
    });
    assert.equal(added.status, 201);
    const confirmation = await added.text();
    assert.match(confirmation, /can sign in now at/);
    assert.doesNotMatch(confirmation, /set-password\?token=/);

    // The only administrator, who has no password, is still the last one who can sign in.
    const removal = spawnSync(BIN, ['account', 'delete', '--data', dir, 'chief@council.example.org'],
      { encoding: 'utf8', env: { ...process.env, ...ssoEnv, LOCALOFFER_SSO_PASSWORDS: 'off' } });
    assert.equal(removal.status, 1);
    assert.match(removal.stderr, /is the only active administrator/);
  } finally {
    await stopServer(off);
    removeDir(dir);
  }
});

test('settings that cannot work are refused at start with one line', () => {
  const dir = tempDir();
  try {
    const bad = [
      [{ LOCALOFFER_SSO_PASSWORDS: 'off' }, /sso_passwords = off would leave nobody able to sign in/],
      [{ LOCALOFFER_SSO_ISSUER: 'http://login.example.org' }, /must be an https:\/\/ address/],
      [{ LOCALOFFER_SSO_ISSUER: 'https://login.example.org' }, /sso_client_id is not/],
      [{ LOCALOFFER_SSO_CLIENT_ID: 'x' }, /sso_issuer is not/],
    ];
    for (const [env, message] of bad) {
      const run = spawnWith(env, dir);
      assert.notEqual(run.status, 0);
      assert.match(run.stderr, message);
    }
  } finally {
    removeDir(dir);
  }
});
