// Behind a reverse proxy (issue 16, item 2): the nginx configuration in docs/deploy.md, run as it
// is written (only its ports, certificate and folders changed, all on loopback, no root needed)
// in front of the real server with trusted_proxies set. Checks, end to end: the client's address
// in the access log, the scheme (Secure cookie, HSTS), gzip and ETag passed through, the
// stylesheet's long cache, the body limit, and that a visitor cannot make up an address.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import http from 'node:http';
import net from 'node:net';
import { join } from 'node:path';
import { cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';

const DOC = new URL('../../docs/deploy.md', import.meta.url).pathname;
const STATIC_DIST = new URL('../../static/dist/', import.meta.url).pathname;
// nginx reaches the app from 127.0.0.2 and the test's visitor comes from 127.0.0.3 (all of
// 127/8 is loopback), so the proxy and the visitor are told apart.
const PROXY_ADDRESS = '127.0.0.2';
const VISITOR = '127.0.0.3';

const nginxBinary = ['/usr/sbin/nginx', '/usr/bin/nginx'].find(existsSync);
let dir, data, app, nginx, ports;

function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// The documented server blocks, with this test's ports, certificate, folders and proxy_bind.
function nginxConfig() {
  const doc = readFileSync(DOC, 'utf8');
  const block = doc.split('<!-- nginx-config-start -->')[1].split('<!-- nginx-config-end -->')[0]
    .replace(/^\s*```nginx\n/, '').replace(/```\s*$/, '');
  const replace = (text, from, to) => {
    assert.ok(text.includes(from), `docs/deploy.md's nginx block has "${from}"`);
    return text.replace(from, to);
  };
  let c = block;
  c = replace(c, 'server 127.0.0.1:8080;', `server 127.0.0.1:${app.port};`);
  c = replace(c, 'listen 80;', `listen 127.0.0.1:${ports.http};`);
  c = replace(c, '    listen [::]:80;\n', '');
  c = replace(c, 'listen 443 ssl http2;', `listen 127.0.0.1:${ports.https} ssl http2;`);
  c = replace(c, '    listen [::]:443 ssl http2;\n', '');
  c = replace(c, '/etc/ssl/localoffer/fullchain.pem', join(dir, 'cert.pem'));
  c = replace(c, '/etc/ssl/localoffer/privkey.pem', join(dir, 'key.pem'));
  c = replace(c, 'alias /usr/share/localoffer/static/dist/;', `alias ${STATIC_DIST};`);
  c = replace(c, 'proxy_pass http://localoffer;', `proxy_pass http://localoffer;\n        proxy_bind ${PROXY_ADDRESS};`);
  const temp = (name) => `${name}_temp_path ${join(dir, name)};`;
  return `worker_processes 1;
pid ${join(dir, 'nginx.pid')};
error_log ${join(dir, 'error.log')};
events { worker_connections 64; }
http {
  include /etc/nginx/mime.types;
  access_log ${join(dir, 'access.log')};
  ${['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map(temp).join('\n  ')}
${c}
}
`;
}

// Resolves once nginx accepts connections on its TLS port (or rejects when it exits first).
function startNginx(conf) {
  return new Promise((resolve, reject) => {
    const child = spawn(nginxBinary, ['-e', join(dir, 'error.log'), '-p', dir, '-c', conf, '-g', 'daemon off;'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (c) => { err += c; });
    child.on('exit', (code) => reject(new Error(`nginx exited with ${code}: ${err}`)));
    const poll = () => {
      const s = net.connect(ports.https, '127.0.0.1');
      s.on('connect', () => { s.destroy(); resolve(child); });
      s.on('error', () => setTimeout(poll, 100));
    };
    poll();
  });
}

// One request from the visitor's address; resolves with status, headers and the raw body.
function visit(path, { scheme = 'https', method = 'GET', headers = {}, body } = {}) {
  const mod = scheme === 'https' ? https : http;
  const port = scheme === 'https' ? ports.https : ports.http;
  return new Promise((resolve, reject) => {
    const req = mod.request({ host: '127.0.0.1', port, path, method, headers, localAddress: VISITOR,
      rejectUnauthorized: false, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

before(async () => {
  if (!nginxBinary) return;
  dir = tempDir();
  chmodSync(dir, 0o755);  // nginx's workers (nobody, when this runs as root) read from it
  data = join(dir, 'data');
  mkdirSync(data);
  const made = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2',
    '-subj', '/CN=localoffer.example.gov.uk', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { encoding: 'utf8' });
  assert.equal(made.status, 0, made.stderr);
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const conf = join(dir, 'localoffer.conf');
  // The full address in the log, so the visitor (127.0.0.3) and the proxy (127.0.0.2) differ in it.
  writeFileSync(conf, `trusted_proxies = ${PROXY_ADDRESS}, ::1\naccess_log_address = full\n`);
  app = await startServer({ data, args: ['--config', conf] });
  ports = { http: await freePort(), https: await freePort() };
  const nginxConf = join(dir, 'nginx.conf');
  writeFileSync(nginxConf, nginxConfig());
  nginx = await startNginx(nginxConf);
});

after(async () => {
  if (nginx) await new Promise((resolve) => { nginx.removeAllListeners('exit'); nginx.once('exit', resolve); nginx.kill('SIGQUIT'); });
  if (app) await stopServer(app);
  if (dir) removeDir(dir);
});

const accessLog = () => app.output().stdout.split('\n');
// The server writes a request's log line after sending its response, so wait for it to appear.
async function logLine(request) {
  for (let i = 0; i < 600; i++) {
    const line = accessLog().find((l) => l.includes(request));
    if (line) return line;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`no access log line for ${request} in:\n${app.output().stdout}`);
}

test('behind nginx the log shows the visitor, not the proxy, and a made-up X-Forwarded-For is not believed', async (t) => {
  if (!nginxBinary) { t.skip('nginx is not installed (scripts/setup.sh installs Debian\'s nginx)'); return; }
  const res = await visit('/advice?from=nginx-test', { headers: { 'X-Forwarded-For': '198.51.100.7' } });
  assert.equal(res.status, 200);
  const line = await logLine('"GET /advice"');
  assert.match(line, new RegExp(`^\\S+ ${VISITOR.replaceAll('.', '\\.')} "GET /advice" 200 `));
  // Straight to the app (not a trusted proxy), the same header is ignored.
  const direct = await fetch(`${app.base}/needs`, { headers: { 'X-Forwarded-For': '198.51.100.7', 'X-Forwarded-Proto': 'https' } });
  assert.equal(direct.status, 200);
  assert.match(await logLine('"GET /needs"'), /^\S+ 127\.0\.0\.1 "GET \/needs" 200 /);
  assert.ok(!accessLog().some((l) => l.includes('198.51.100.7')));
  assert.equal(direct.headers.get('strict-transport-security'), null);
});

test('behind nginx over TLS the session cookie is Secure and HSTS is sent; plain http is sent to https', async (t) => {
  if (!nginxBinary) { t.skip('nginx is not installed (scripts/setup.sh installs Debian\'s nginx)'); return; }
  const res = await visit('/admin/sign-in');
  assert.equal(res.status, 200);
  const cookie = String(res.headers['set-cookie']);
  assert.match(cookie, /^__Host-lo_session=[^;]+; .*Secure/);
  assert.equal(res.headers['strict-transport-security'], 'max-age=31536000; includeSubDomains');
  const plainApp = await fetch(`${app.base}/admin/sign-in`);
  assert.match(plainApp.headers.get('set-cookie'), /^lo_session=/);
  assert.doesNotMatch(plainApp.headers.get('set-cookie'), /Secure/);
  const redirect = await visit('/search?q=salt', { scheme: 'http', headers: { Host: 'localoffer.example.gov.uk' } });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, 'https://localoffer.example.gov.uk/search?q=salt');
});

test('behind nginx the app\'s gzip, ETag and security headers pass through, the stylesheet is cached for a year, and big bodies get 413', async (t) => {
  if (!nginxBinary) { t.skip('nginx is not installed (scripts/setup.sh installs Debian\'s nginx)'); return; }
  const page = await visit('/', { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(page.status, 200);
  assert.equal(page.headers['content-encoding'], 'gzip');
  const direct = await fetch(`${app.base}/`, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(page.headers.etag, direct.headers.get('etag'));
  assert.equal(page.headers['content-security-policy'], direct.headers.get('content-security-policy'));
  const again = await visit('/', { headers: { 'Accept-Encoding': 'gzip', 'If-None-Match': page.headers.etag } });
  assert.equal(again.status, 304);

  const css = readdirSync(STATIC_DIST).find((f) => /^app\.[0-9a-f]+\.css$/.test(f));
  assert.ok(css, `a built stylesheet in ${STATIC_DIST} (scripts/build-assets.sh)`);
  const sheet = await visit(`/static/dist/${css}`, { headers: { 'Accept-Encoding': 'gzip' } });
  assert.equal(sheet.status, 200);
  assert.equal(sheet.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(sheet.headers['content-type'], 'text/css');
  assert.equal(sheet.headers['content-encoding'], 'gzip');

  const big = await visit('/feedback', { method: 'POST', body: 'x'.repeat(1100 * 1024),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(big.status, 413);
});
