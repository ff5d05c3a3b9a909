// Starts the real localoffer binary on 127.0.0.1 with a free port and a temporary data folder,
// and stops it after. Traffic only ever goes to loopback.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import net from 'node:net';

export const BIN = process.env.LOCALOFFER_BIN ?? new URL('../../build/localoffer', import.meta.url).pathname;

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'localoffer-e2e-'));
}

export function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
}

// Runs a CLI command to completion.
export function cli(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// The per-client rate limits and connection cap (README "Limits") are for the public: a test's
// own traffic all comes from 127.0.0.1 and would trip them. Unless a test brings its own settings
// file (the limits tests do, with small limits), the server gets this one, which turns them off.
const NO_LIMITS = join(mkdtempSync(join(tmpdir(), 'localoffer-e2e-conf-')), 'no-limits.conf');
writeFileSync(NO_LIMITS, 'rate_limit_public_posts = 0\nrate_limit_sign_in = 0\nrate_limit_search = 0\n' +
  'rate_limit_api = 0\nmax_connections_per_client = 0\n');
process.on('exit', () => rmSync(dirname(NO_LIMITS), { recursive: true, force: true }));

// Starts `localoffer serve` and resolves once it prints the address it is serving on and (unless
// waitForIndex is false) its search index has caught up, so tests that search see every record.
// --init: serve makes a new database only when asked, and tests start on fresh folders.
// env adds environment variables (settings as LOCALOFFER_<SETTING>, docs/configuration.md).
// port: a fixed port (from freePort) for a test whose settings must name the address first.
export async function startServer({ data, args = [], env = {}, waitForIndex = true, port = 0 } = {}) {
  const settings = args.includes('--config') ? [] : ['--config', NO_LIMITS];
  const child = await spawnServer({ data, args: ['--init', ...settings, ...args], env, port });
  if (waitForIndex) await indexCaughtUp(child);
  return child;
}

// A server on a new data folder holding the demo Local Offer, for tests that only read it.
// stopDemoServer stops it and removes the folder.
export async function startDemoServer() {
  const data = tempDir();
  const load = cli(['demo', 'load', '--data', data]);
  if (load.status !== 0) {
    removeDir(data);
    throw new Error(`demo load failed: ${load.stderr}`);
  }
  const server = await startServer({ data });
  server.dataDir = data;
  return server;
}

export async function stopDemoServer(server) {
  if (!server) return;
  await stopServer(server);
  removeDir(server.dataDir);
}

// Polls /healthz until search is no longer "being updated" (bounded: a broken indexer fails the
// test rather than hanging it).
export async function indexCaughtUp(child, { timeoutMs = 120_000 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const body = await (await fetch(`${child.base}/healthz`)).json().catch(() => ({}));
    if (body.search === undefined || body.search === 'ok') return body;
    if (Date.now() > deadline) throw new Error(`search index still "${body.search}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

// A port nothing listens on just now, on 127.0.0.1.
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function spawnServer({ data, args, env = {}, port = 0 }) {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ['serve', '--data', data, '--port', String(port), '--bind', '127.0.0.1', ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...env },
    });
    let stdout = '';
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 20_000);
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const m = stdout.match(/at http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m && !child.port) {
        clearTimeout(timer);
        child.port = Number(m[1]);
        child.base = `http://127.0.0.1:${child.port}`;
        resolve(child);
      }
    });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.output = () => ({ stdout, stderr });
    child.on('exit', (code) => {
      child.exitCode_ = code;
      clearTimeout(timer);
      if (!child.port) reject(new Error(`server exited with ${code}: ${stderr}`));
    });
  });
}

export function stopServer(child, signal = 'SIGTERM') {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve(child.exitCode);
    child.once('exit', (code) => resolve(code));
    child.kill(signal);
  });
}

// Sends raw bytes over a socket and resolves with everything the server sent back.
export function rawRequest(port, bytes, { timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let data = '';
    const timer = setTimeout(() => { socket.destroy(); resolve(data); }, timeoutMs);
    socket.on('connect', () => socket.write(bytes));
    socket.on('data', (chunk) => { data += chunk.toString('latin1'); });
    socket.on('end', () => { clearTimeout(timer); resolve(data); });
    socket.on('error', (e) => { clearTimeout(timer); if (data) resolve(data); else reject(e); });
  });
}
