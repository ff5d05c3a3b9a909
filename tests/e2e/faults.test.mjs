// Faults never kill the server or lose data (docs/reliability.md): a full disk or a read-only
// folder under the search index or the database, and the database file deleted while serving.
// The faults are real: small tmpfs file systems this test mounts, so it runs only as root and
// skips with one line otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { cli, startServer, stopServer, tempDir, removeDir, indexCaughtUp } from './harness.mjs';

function canMount() {
  if (process.getuid?.() !== 0) return 'not running as root (mounting a small tmpfs needs root)';
  const probe = tempDir();
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', probe]);
  if (r.status !== 0) {
    removeDir(probe);
    return `cannot mount a tmpfs here (${(r.stderr ?? '').toString().trim()})`;
  }
  spawnSync('umount', [probe]);
  removeDir(probe);
  return '';
}
const skip = canMount();
if (skip) console.log(`# faults.test.mjs skipped: ${skip}`);

// A temporary data folder; the file systems mounted in it are unmounted before it is removed.
function dataFolder(t) {
  const dir = tempDir();
  const mounts = [];
  t.after(() => {
    for (const m of mounts.reverse()) spawnSync('umount', ['-l', m]);
    removeDir(dir);
  });
  return {
    dir,
    mountTmpfs(path, size) {
      mkdirSync(path, { recursive: true });
      const r = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', path], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      mounts.push(path);
    },
  };
}

// Fills the file system holding dir to the last byte; returns the filler's path.
function fill(dir) {
  const filler = join(dir, 'filler');
  spawnSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=64k'], { encoding: 'utf8' });
  return filler;
}

function remount(dir, mode) {
  const r = spawnSync('mount', ['-o', `remount,${mode}`, dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

async function health(server) {
  const r = await fetch(`${server.base}/healthz`);
  return { status: r.status, body: await r.json() };
}

// Polls /healthz until want(body) holds, for at most a minute and a half (the indexer's longest
// back-off is 30 s): the deadline only stops a broken server from hanging the test.
async function healthUntil(server, want, what) {
  const deadline = Date.now() + 90_000;
  let last;
  while (Date.now() < deadline) {
    last = await health(server);
    if (want(last.body)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`/healthz never showed ${what}; last: ${JSON.stringify(last?.body)}`);
}

async function searchTotal(server, q) {
  const r = await fetch(`${server.base}/api/search?q=${encodeURIComponent(q)}`);
  assert.equal(r.status, 200);
  return (await r.json()).total;
}

function loggedBehind(server) {
  return server.output().stderr.split('\n').filter((l) => l.includes('The search index is behind')).length;
}

test('a full disk under the search index: the server starts, answers, says so, and catches up',
  { skip: skip || false }, async (t) => {
    const folder = dataFolder(t);
    const data = folder.dir;
    folder.mountTmpfs(join(data, 'search'), '8m');
    assert.equal(cli(['migrate', '--data', data]).status, 0);
    const first = await startServer({ data });  // makes the (empty) index
    await stopServer(first);

    const filler = fill(join(data, 'search'));
    assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
    // A restart while the disk is full: the server listens and answers at once.
    const server = await startServer({ data, waitForIndex: false });
    try {
    const behind = await healthUntil(server, (b) => b.search === 'search index behind: disk full',
      'the disk-full state');
    assert.equal(behind.status, 200);
    assert.equal(behind.body.database, 'ok');
    const page = await fetch(`${server.base}/search?q=autism`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /The search is being updated, so recent changes may not show yet/);
    assert.equal(await searchTotal(server, 'autism'), 0, 'search answers from the last good index');

    rmSync(filler);
    await healthUntil(server, (b) => b.search === 'ok', 'the index catching up');
    assert.ok(await searchTotal(server, 'autism') > 0);
    assert.equal(loggedBehind(server), 1, 'the cause is logged once, not at every retry');
    assert.match(server.output().stderr, /The search index is up to date again/);
    } finally {
      assert.equal(await stopServer(server), 0);
    }
  });

test('a read-only search index folder: the server starts, answers, and catches up once it is writable',
  { skip: skip || false }, async (t) => {
    const folder = dataFolder(t);
    const data = folder.dir;
    const search = join(data, 'search');
    folder.mountTmpfs(search, '16m');
    assert.equal(cli(['migrate', '--data', data]).status, 0);
    await stopServer(await startServer({ data }));  // makes the (empty) index

    // (A tmpfs cannot be remounted read-only while a server holds files open on it for writing,
    // so the folder turns read-only between runs and becomes writable again while serving.)
    remount(search, 'ro');
    assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
    const server = await startServer({ data, waitForIndex: false });
    try {
      await healthUntil(server, (b) => b.search === 'search index behind: the data folder is read-only',
        'the read-only state');
      assert.equal((await fetch(`${server.base}/`)).status, 200);
      assert.equal((await fetch(`${server.base}/search?q=autism`)).status, 200);
      remount(search, 'rw');
      await indexCaughtUp(server);
      assert.ok(await searchTotal(server, 'autism') > 0);
    } finally {
      assert.equal(await stopServer(server), 0);
    }
  });

test('a full disk under the database: a clear 503, nothing acknowledged is lost, and it recovers',
  { skip: skip || false }, async (t) => {
    const folder = dataFolder(t);
    const data = folder.dir;
    folder.mountTmpfs(data, '48m');
    assert.equal(cli(['migrate', '--data', data]).status, 0);
    const server = await startServer({ data });
    let stopped = false;
    t.after(async () => { if (!stopped) await stopServer(server); });
    const filler = fill(data);
    const acknowledged = [];
    let refused = null;
    // SQLite reuses its write-ahead log's space, so some writes still fit: keep going until one
    // is refused (bounded).
    for (let i = 0; i < 5000 && !refused; i++) {
      const comment = `disk-full-${i} ` + 'x'.repeat(900);
      const body = new URLSearchParams({ page: '/', useful: 'no', comment });
      const r = await fetch(`${server.base}/feedback`, { method: 'POST', body, redirect: 'manual' });
      if (r.status === 303) acknowledged.push(`disk-full-${i} `);
      else refused = { status: r.status, text: await r.text() };
    }
    assert.ok(refused, 'no write was refused on a full disk');
    assert.equal(refused.status, 503);
    assert.match(refused.text, /the server(&apos;|')s disk is full\. Nothing you sent was saved\. Please try again later/);
    assert.equal((await health(server)).status, 200, 'reading still works');

    rmSync(filler);
    const again = await fetch(`${server.base}/feedback`, {
      method: 'POST', body: new URLSearchParams({ page: '/', useful: 'no', comment: 'after-space-returned' }),
      redirect: 'manual',
    });
    assert.equal(again.status, 303, 'writes work again by themselves once space returns');
    stopped = true;
    assert.equal(await stopServer(server), 0);

    const rows = spawnSync('sqlite3', [join(data, 'localoffer.db'), 'SELECT comment FROM feedback'], { encoding: 'utf8' });
    const stored = rows.stdout;
    const lost = acknowledged.filter((m) => !stored.includes(m));
    assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes were lost`);
    assert.match(stored, /after-space-returned/);
    console.log(`# disk full under the database: ${acknowledged.length} writes acknowledged before one ` +
      `was refused with ${refused.status}; ${lost.length} lost`);
    assert.equal(cli(['check', '--data', data]).status, 0);
  });

test('a database deleted while serving shows on /healthz, and the folder is not served empty',
  async (t) => {
    const data = tempDir();
    t.after(() => removeDir(data));
    assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
    const server = await startServer({ data });
    try {
    assert.equal((await health(server)).status, 200);
    for (const f of ['localoffer.db', 'localoffer.db-wal', 'localoffer.db-shm'])
      rmSync(join(data, f), { force: true });
    const gone = await health(server);
    assert.equal(gone.status, 503);
    assert.equal(gone.body.status, 'error');
    assert.match(gone.body.database, /^database file deleted while the server runs: restore it from a backup/);
    // SQLite would keep writing to the deleted file; every commit is refused instead, so no
    // write is acknowledged and then lost with it.
    const write = await fetch(`${server.base}/feedback`, {
      method: 'POST', redirect: 'manual',
      body: new URLSearchParams({ page: '/', useful: 'no', comment: 'after-the-file-was-deleted' }),
    });
    assert.equal(write.status, 503, 'a write to a deleted database is refused, not acknowledged');
    assert.match(await write.text(), /not available just now/);
    assert.ok(!existsSync(join(data, 'localoffer.db')), 'the refused write made no new file');
    assert.equal((await fetch(`${server.base}/search?q=autism`)).status, 200, 'reading still answers');
    } finally {
      await stopServer(server);
    }

    for (const args of [['serve', '--data', data], ['serve', '--init', '--data', data]]) {
      const r = cli([...args, '--port', '0']);
      assert.equal(r.status, 1);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /The database .*localoffer\.db is missing, but this folder has held one\. If the data folder is on a disk that is not mounted, mount it; otherwise restore the database from a backup\./);
    }
    assert.ok(!existsSync(join(data, 'localoffer.db')), 'no empty database was made in its place');
  });

test('serve makes a database only with --init, and only in a folder that never held one', (t) => {
  const data = tempDir();
  t.after(() => removeDir(data));
  const r = cli(['serve', '--data', data, '--port', '0']);
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim(),
    `localoffer: There is no database in ${data}. To start a new, empty Local Offer there, run: localoffer migrate --data ${data} (or serve --init).`);
  assert.ok(!existsSync(join(data, 'localoffer.db')));
});

test('check works on a read-only folder and writes nothing', { skip: skip || false }, async (t) => {
  const folder = dataFolder(t);
  const data = folder.dir;
  folder.mountTmpfs(data, '48m');
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  remount(data, 'ro');
  const r = cli(['check', '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /is healthy: integrity and foreign keys checked, schema version \d+ \(read-only folder: nothing was written\)\./);
});
