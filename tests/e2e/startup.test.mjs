// The program refuses to start on bad configuration or a bad database, with one precise line
// and a non-zero exit; the check and backup commands tell the truth about the database.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';

function oneLine(stderr) {
  const lines = stderr.trim().split('\n');
  assert.equal(lines.length, 1, `expected one line, got: ${stderr}`);
  return lines[0];
}

test('a port already in use is refused in one line', async (t) => {
  const data = tempDir();
  t.after(() => removeDir(data));
  const other = tempDir();
  t.after(() => removeDir(other));
  const first = await startServer({ data });
  try {
    const r = cli(['serve', '--init', '--data', other, '--port', String(first.port)]);
    assert.notEqual(r.status, 0);
    assert.match(oneLine(r.stderr), new RegExp(`127\\.0\\.0\\.1:${first.port}.*already in use.*--port`));
  } finally {
    await stopServer(first);
  }
});

test('a data folder that cannot be created is refused', (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  writeFileSync(join(dir, 'file'), 'x');
  const r = cli(['serve', '--init', '--data', join(dir, 'file', 'data')]);
  assert.equal(r.status, 1);
  assert.match(oneLine(r.stderr), /^localoffer: Could not create the data folder .*Choose another folder with --data/);
});

test('a corrupt database is refused', (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  writeFileSync(join(dir, 'localoffer.db'), 'x'.repeat(8192));
  const r = cli(['serve', '--data', dir]);
  assert.equal(r.status, 1);
  assert.match(oneLine(r.stderr), /is not a readable localoffer database.*Restore it from a backup/);
});

test('a database from a newer version is refused', (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  assert.equal(cli(['migrate', '--data', dir]).status, 0);
  spawnSync('sqlite3', [join(dir, 'localoffer.db'), 'PRAGMA user_version = 99']);
  const r = cli(['serve', '--data', dir]);
  assert.equal(r.status, 1);
  assert.match(oneLine(r.stderr), /was made by a newer version of localoffer \(schema 99/);
});

test('bad settings are refused with the file, the line and what to do', (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const conf = join(dir, 'localoffer.conf');
  writeFileSync(conf, 'port = 8080\nthreads = lots\n');
  const r = cli(['serve', '--data', dir, '--config', conf]);
  assert.equal(r.status, 1);
  assert.equal(oneLine(r.stderr),
    `localoffer: ${conf} line 2: The setting threads must be a whole number from 1 to 256, not "lots".`);
  const port = cli(['serve', '--data', dir, '--port', '70000']);
  assert.notEqual(port.status, 0);
  assert.match(port.stderr, /--port/);
});

test('check is clean on a fresh database and precise on a broken one', (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const none = cli(['check', '--data', dir]);
  assert.equal(none.status, 1);
  assert.match(none.stderr, /There is no database at/);
  assert.equal(cli(['demo', 'load', '--data', dir]).status, 0);
  const ok = cli(['check', '--data', dir]);
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /is healthy: integrity and foreign keys checked/);
  spawnSync('sqlite3', [join(dir, 'localoffer.db'),
    "PRAGMA foreign_keys=OFF; UPDATE services SET organisation_id = 'gone' WHERE rowid = 1"]);
  const bad = cli(['check', '--data', dir]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /Table services row 1 refers to a record in organisations that does not exist/);
});

test('backup makes a consistent copy while the server runs', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  assert.equal(cli(['demo', 'load', '--data', dir]).status, 0);
  const server = await startServer({ data: dir });
  try {
    const target = join(dir, 'backup.db');
    const r = cli(['backup', '--data', dir, target]);
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(target));
    const again = cli(['backup', '--data', dir, target]);
    assert.equal(again.status, 1);
    assert.match(again.stderr, /already exists/);
    const restored = tempDir();
    t.after(() => removeDir(restored));
    spawnSync('cp', [target, join(restored, 'localoffer.db')]);
    const check = cli(['check', '--data', restored]);
    assert.equal(check.status, 0, check.stderr);
  } finally {
    await stopServer(server);
  }
});
