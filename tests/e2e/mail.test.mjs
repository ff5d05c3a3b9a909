// E-mail over real SMTP to a test sink on 127.0.0.1 (tests/e2e/smtp_sink.mjs): plain with a
// password on loopback, STARTTLS with a certificate made here by openssl, refusals with clear
// errors; "Forgot your password?" and the review reminders through a running server, the
// reminder's "This is still accurate" link, and no tokens in the server's logs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { BIN, cli as cliSync, startServer, stopServer, tempDir, removeDir } from './harness.mjs';
import { startSink, makeCertificate } from './smtp_sink.mjs';

const ORG = '475f071f-1f47-4efe-b40d-b03763cd969e';  // a demo organisation with a review overdue
let dir;
let cert;

before(() => {
  dir = tempDir();
  cert = makeCertificate(dir);
});
after(() => removeDir(dir));

// Runs a CLI command without blocking this process: the SMTP sink answers from here meanwhile.
function cli(args) {
  return new Promise((resolve) => {
    const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function config(name, lines) {
  const file = join(dir, `${name}.conf`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function smtpConfig(name, sink, extra = []) {
  return config(name, [
    'smtp_host = 127.0.0.1', `smtp_port = ${sink.port}`, 'mail_from = localoffer@council.example',
    'smtp_timeout = 10', 'contact_email = localoffer@council.example', ...extra,
  ]);
}

test('mail test sends through a plain SMTP server on this machine, signing in with AUTH', async () => {
  const sink = await startSink({ users: { relay: 'sink secret' } });
  try {
    const data = join(dir, 'plain');
    const conf = smtpConfig('plain', sink, ['smtp_starttls = off', 'smtp_username = relay', 'smtp_password = sink secret']);
    const r = await cli(['mail', 'test', '--data', data, '--config', conf, 'someone@example.org']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /E-mail: sent 1, failed 0\./);
    const [m] = await sink.waitFor(1);
    assert.equal(m.user, 'relay');
    assert.equal(m.secure, false);
    assert.equal(m.from, 'localoffer@council.example');
    assert.deepEqual(m.to, ['someone@example.org']);
    for (const header of [/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/m,
      /^Message-ID: <[0-9a-f]{32}@council\.example>$/m, /^From: localoffer@council\.example$/m,
      /^To: someone@example\.org$/m, /^Subject: Test message from the SEND Local Offer$/m,
      /^MIME-Version: 1\.0$/m, /^Content-Type: text\/plain; charset=utf-8$/m]) {
      assert.match(m.text, header);
    }
    assert.doesNotMatch(r.stdout + r.stderr, /sink secret/);
  } finally { await sink.close(); }
});

test('mail test upgrades with STARTTLS and verifies the certificate', async () => {
  const sink = await startSink({ tls: cert, users: { relay: 'sink secret' } });
  try {
    const data = join(dir, 'tls');
    const trusted = smtpConfig('tls', sink, ['smtp_username = relay', 'smtp_password = sink secret', `smtp_ca_file = ${cert.certFile}`]);
    const ok = await cli(['mail', 'test', '--data', data, '--config', trusted, 'someone@example.org']);
    assert.equal(ok.status, 0, ok.stderr);
    const [m] = await sink.waitFor(1);
    assert.equal(m.secure, true);
    assert.equal(m.user, 'relay');

    // Without the certificate authority the self-signed certificate is refused and nothing is sent.
    const untrusted = smtpConfig('tls-untrusted', sink, ['smtp_username = relay', 'smtp_password = sink secret']);
    const refused = await cli(['mail', 'test', '--data', join(dir, 'tls2'), '--config', untrusted, 'someone@example.org']);
    assert.equal(refused.status, 2);
    assert.match(refused.stderr, /starting TLS: the server's certificate could not be verified for 127\.0\.0\.1/);
    assert.match(refused.stderr, /They stay in the outbox and are tried again by the next run/);
    assert.equal(sink.messages.length, 1);
  } finally { await sink.close(); }
});

test('a server without STARTTLS, a wrong password and a refused recipient give clear errors', async () => {
  const plain = await startSink({ users: { relay: 'right' } });
  const rejecting = await startSink({ rejectRecipients: true });
  try {
    const noTls = await cli(['mail', 'test', '--data', join(dir, 'e1'), '--config', smtpConfig('e1', plain), 'a@example.org']);
    assert.equal(noTls.status, 2);
    assert.match(noTls.stderr, /does not offer STARTTLS, so mail would travel unencrypted/);
    const wrong = await cli(['mail', 'test', '--data', join(dir, 'e2'), '--config',
      smtpConfig('e2', plain, ['smtp_starttls = off', 'smtp_username = relay', 'smtp_password = not-the-password-xyz']), 'a@example.org']);
    assert.equal(wrong.status, 2);
    assert.match(wrong.stderr, /refused the user name or password \(smtp_username, smtp_password\): 535 5\.7\.8 bad credentials/);
    assert.doesNotMatch(wrong.stderr, /not-the-password-xyz/);
    const recipient = await cli(['mail', 'test', '--data', join(dir, 'e3'), '--config',
      smtpConfig('e3', rejecting, ['smtp_starttls = off']), 'a@example.org']);
    assert.equal(recipient.status, 2);
    assert.match(recipient.stderr, /refused the recipient a@example\.org: 550 5\.1\.1 no such user here/);
    const closed = await cli(['mail', 'test', '--data', join(dir, 'e4'), '--config',
      config('e4', ['smtp_host = 127.0.0.1', 'smtp_port = 1', 'smtp_starttls = off']), 'a@example.org']);
    assert.equal(closed.status, 2);
    assert.match(closed.stderr, /Could not reach the mail server at 127\.0\.0\.1:1 while connecting/);
  } finally { await plain.close(); await rejecting.close(); }
});

test('without SMTP settings mail waits in the outbox', async () => {
  const r = await cli(['mail', 'test', '--data', join(dir, 'outbox'), 'someone@example.org']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /No mail server is set up \(smtp_host\), so messages wait in the outbox: administrators read them at \/admin\/outbox\./);
});

test('a provider resets a password and confirms an entry from e-mail; tokens stay out of the logs', async () => {
  const sink = await startSink();
  const data = join(dir, 'server');
  const conf = smtpConfig('server', sink, ['smtp_starttls = off', 'review_reminders = off']);
  assert.equal(cliSync(['demo', 'load', '--data', data]).status, 0);
  const added = await cli(['users', 'add', '--data', data, '--role', 'provider', '--organisation', ORG, 'provider@example.org']);
  assert.equal(added.status, 0, added.stderr);
  const server = await startServer({ data, args: ['--config', conf] });
  const tokens = [];
  try {
    // Forgot your password?
    const form = await fetch(`${server.base}/admin/forgot-password`);
    const session = (form.headers.get('set-cookie') ?? '').match(/lo_session=([0-9a-f]{64})/)[1];
    const csrf = (await form.text()).match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
    const asked = await fetch(`${server.base}/admin/forgot-password`, {
      method: 'POST', redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `lo_session=${session}` },
      body: new URLSearchParams({ email: 'provider@example.org', csrf_token: csrf }).toString(),
    });
    assert.equal(asked.status, 200);
    assert.match(await asked.text(), /If an account uses provider@example.org, we have sent a link/);
    const [reset] = await sink.waitFor(1);
    assert.deepEqual(reset.to, ['provider@example.org']);
    const resetLink = reset.text.match(/\/admin\/set-password\?token=([0-9a-f]{64})/);
    assert.ok(resetLink, reset.text);
    tokens.push(resetLink[1]);
    assert.equal((await fetch(`${server.base}${resetLink[0]}`)).status, 200);

    // The reminder run, twice: the second sends nothing.
    const first = await cli(['reminders', 'send', '--data', data, '--config', conf]);
    assert.equal(first.status, 0, first.stderr);
    const reminded = Number(first.stdout.match(/Review reminders: (\d+) services reminded \((\d+) messages\)/)[2]);
    assert.ok(reminded >= 1, first.stdout);
    await sink.waitFor(1 + reminded);
    const second = await cli(['reminders', 'send', '--data', data, '--config', conf]);
    assert.equal(second.status, 0, second.stderr);
    assert.match(second.stdout, /Review reminders: 0 services reminded \(0 messages\)/);
    assert.equal(sink.messages.length, 1 + reminded);

    const reminder = sink.messages[1];
    assert.match(reminder.text, /^Subject: Please check your SEND Local Offer entry: /m);
    const link = reminder.text.match(/\/still-accurate\?token=([0-9a-f]{64})/);
    assert.ok(link, reminder.text);
    tokens.push(link[1]);
    const serviceId = reminder.text.match(/\/services\/([0-9a-f-]{36})/)[1];
    const before = await (await fetch(`${server.base}/services/${serviceId}`)).text();
    const confirm = await fetch(`${server.base}${link[0]}`);
    assert.equal(confirm.status, 200);
    assert.match(await confirm.text(), /This is still accurate<\/button>/);
    assert.equal(await (await fetch(`${server.base}/services/${serviceId}`)).text(), before, 'opening the link changes nothing');
    const done = await fetch(`${server.base}/still-accurate`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: link[1] }).toString(),
    });
    assert.equal(done.status, 200);
    const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    const page = await (await fetch(`${server.base}/services/${serviceId}`)).text();
    assert.match(page, new RegExp(`Last checked: ${today}`));
    assert.doesNotMatch(page, /This information may be out of date/);
    assert.equal((await fetch(`${server.base}${link[0]}`)).status, 410);
  } finally {
    await stopServer(server);
    await sink.close();
  }
  const { stdout, stderr } = server.output();
  for (const t of tokens) {
    assert.ok(!stdout.includes(t) && !stderr.includes(t), 'no token in the server log');
  }
  assert.match(stdout, /E-mail: sent 1, failed 0\./);
});
