// The public feedback form's defences against automated posting: a honeypot field people never
// see, and duplicate suppression (the same comment from the same client within a short window is
// stored once). Rows are counted in the database itself.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';

let data;
let server;

before(async () => {
  data = tempDir();
  assert.equal(cli(['migrate', '--data', data]).status, 0);
  server = await startServer({ data });
});
after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

function storedComments(marker) {
  const r = spawnSync('sqlite3', [join(data, 'localoffer.db'),
    `SELECT count(*) FROM feedback WHERE comment LIKE '%${marker}%'`], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return Number(r.stdout.trim());
}

// A form post over a socket whose source address is chosen (anything in 127.0.0.0/8 reaches a
// server listening on 127.0.0.1), so a test can be two different clients.
function postFrom(localAddress, path, fields) {
  return new Promise((resolve, reject) => {
    const body = new URLSearchParams(fields).toString();
    const socket = net.connect({ port: server.port, host: '127.0.0.1', localAddress });
    let reply = '';
    socket.on('connect', () => socket.write(`POST ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n` +
      `Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`));
    socket.on('data', (c) => { reply += c.toString('latin1'); });
    socket.on('end', () => resolve(reply));
    socket.on('error', reject);
  });
}

test('Forms: the feedback form has a honeypot hidden from people and screen readers', async () => {
  const html = await (await fetch(`${server.base}/feedback`)).text();
  const field = html.match(/<div class="govuk-form-group" hidden>\s*<label[^>]*for="website"[^>]*>Leave this box empty<\/label>\s*<input[^>]*name="website"[^>]*>/);
  assert.ok(field, 'a hidden group holds the labelled honeypot input');
  assert.match(field[0], /tabindex="-1"/);
});

test('Forms: a post that fills in the honeypot is thanked but not stored', async () => {
  const reply = await postFrom('127.0.0.1', '/feedback',
    { page: '/', comment: 'honeypot-marker buy now', website: 'http://spam.example' });
  assert.match(reply, /^HTTP\/1\.1 303 /);
  assert.match(reply, /\r\nLocation: \/feedback\/thanks\?page=%2F\r\n/i);
  assert.equal(storedComments('honeypot-marker'), 0);
  // The same post without the honeypot is stored.
  await postFrom('127.0.0.1', '/feedback', { page: '/', comment: 'honeypot-marker real person', website: '' });
  assert.equal(storedComments('honeypot-marker'), 1);
});

test('Forms: the same comment from the same client is stored once; from another client it is stored', async () => {
  const fields = { page: '/', kind: 'problem', comment: 'duplicate-marker the phone number is wrong' };
  for (let i = 0; i < 5; i++) {
    const reply = await postFrom('127.0.0.1', '/feedback', fields);
    assert.match(reply, /^HTTP\/1\.1 303 /, 'every repeat is answered as usual');
  }
  assert.equal(storedComments('duplicate-marker'), 1);
  await postFrom('127.0.0.1', '/feedback', { ...fields, comment: 'duplicate-marker and the address too' });
  assert.equal(storedComments('duplicate-marker'), 2, 'a different comment is stored');
  await postFrom('127.0.0.2', '/feedback', fields);
  assert.equal(storedComments('duplicate-marker'), 3, 'another client sending the same comment is stored');
});
