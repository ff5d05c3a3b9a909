// Backups that happen by themselves, and the restore drill: write, back up, write more, restore,
// and see exactly the first state. A backup that fails is logged and shown on the dashboard, and
// restore refuses while a server runs and refuses files that are not localoffer databases.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { BIN, cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';

const RENAMED = 'Respite Nursing for Children (renamed after the backup)';

function exportOruk(dir) {
  const r = cli(['export', 'oruk', '--data', dir]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

// Waits (polling, with a generous limit for a loaded machine) until the folder has a backup.
async function backupsIn(folder) {
  for (let i = 0; i < 600; i++) {
    const names = existsSync(folder) ? readdirSync(folder).filter((n) => /^localoffer-\d{4}-\d\d-\d\d-\d{6}\.db$/.test(n)) : [];
    if (names.length) return names;
    await sleep(100);
  }
  return [];
}

async function logLine(server, pattern) {
  for (let i = 0; i < 600; i++) {
    const line = server.output().stdout.split('\n').find((l) => pattern.test(l));
    if (line) return line;
    await sleep(100);
  }
  return '';
}

// Renames one demo service through the spreadsheet round trip: an ordinary write.
function renameAService(dir) {
  const csv = join(dir, 'csv');
  assert.equal(cli(['export', 'csv', '--data', dir, csv]).status, 0);
  const file = join(csv, 'services.csv');
  const text = readFileSync(file, 'utf8');
  assert.ok(text.includes('Respite Nursing for Children (Oxfordshire)'));
  writeFileSync(file, text.replace('Respite Nursing for Children (Oxfordshire)', RENAMED));
  const r = cli(['import', 'csv', '--data', dir, csv]);
  assert.equal(r.status, 0, r.stderr);
}

test('restore drill: the server backs up by itself, and a restore brings back exactly that state', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const data = join(dir, 'data');
  const backups = join(dir, 'backups');
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const first = exportOruk(data);

  // 00:00 UTC has always passed, so a server started without today's backup makes it at once.
  const conf = join(dir, 'localoffer.conf');
  writeFileSync(conf, `backup_dir = ${backups}\nbackup_time = 00:00\nbackup_keep_daily = 3\n`);
  const server = await startServer({ data, args: ['--config', conf] });
  let names;
  try {
    names = await backupsIn(backups);
    assert.equal(names.length, 1, 'one backup, made by the server itself');
    assert.match(await logLine(server, /^Backup: wrote /), /integrity checked/);

    renameAService(data);
    assert.equal(cli(['users', 'add', '--role', 'editor', '--data', data, 'later@example.org']).status, 0);
    assert.notEqual(exportOruk(data), first);

    const refused = cli(['restore', '--data', data, join(backups, names[0])]);
    assert.equal(refused.status, 1);
    assert.match(refused.stderr, /^localoffer: A localoffer server is running on the data folder .* \(process \d+\)\. Stop it first \(for example: systemctl stop localoffer\), then run the restore again\. Nothing was changed\.\n$/);
  } finally {
    await stopServer(server);
  }

  const r = cli(['restore', '--data', data, join(backups, names[0])]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Restored .*localoffer\.db from .*localoffer-.*\.db \(schema \d+\)\. The database it replaced is kept as .*localoffer\.db\.before-restore-\d{8}-\d{6}\. The search index is rebuilt when the server next starts\. Start the server again\.\n$/);
  assert.equal(exportOruk(data), first, 'exactly the state that was backed up');
  const gone = cli(['users', 'reset-link', '--data', data, 'later@example.org']);
  assert.equal(gone.status, 1, 'the account added after the backup is gone');
  assert.equal(cli(['check', '--data', data]).status, 0);
  const aside = readdirSync(data).find((n) => n.startsWith('localoffer.db.before-restore-') && !n.endsWith('-wal'));
  assert.ok(aside, 'the replaced database is kept');

  const again = await startServer({ data });
  try {
    assert.match(again.output().stdout, /Rebuilt the search index/);
    const page = await (await fetch(`${again.base}/search?q=respite+nursing`)).text();
    assert.ok(!page.includes(RENAMED), 'search shows the restored names');
  } finally {
    await stopServer(again);
  }
});

test('localoffer backup without a file writes a dated backup into backup_dir and rotates', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const data = join(dir, 'data');
  const backups = join(dir, 'backups');
  assert.equal(cli(['migrate', '--data', data]).status, 0);
  mkdirSync(backups);
  // Older backups, named as the server names them: two days, and one kept only as a weekly.
  for (const name of ['localoffer-2020-01-06-020000.db', 'localoffer-2020-01-07-020000.db', 'localoffer-2020-01-08-020000.db', 'notes.txt'])
    writeFileSync(join(backups, name), 'old');
  const conf = join(dir, 'localoffer.conf');
  writeFileSync(conf, `backup_dir = ${backups}\nbackup_keep_daily = 2\nbackup_keep_weekly = 1\n`);
  const r = cli(['backup', '--data', data, '--config', conf]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Backed up .* to .*localoffer-\d{4}-\d\d-\d\d-\d{6}\.db \(integrity checked\); removed 2 older backup\(s\) by the backup_keep_daily and backup_keep_weekly settings\.\n$/);
  const left = readdirSync(backups).sort();
  assert.equal(left.length, 3);
  assert.equal(left[0], 'localoffer-2020-01-08-020000.db', 'the second newest day is kept');
  assert.equal(left[2], 'notes.txt', 'files it did not make are never touched');

  const none = cli(['backup', '--data', data]);
  assert.equal(none.status, 1);
  assert.equal(none.stderr, 'localoffer: Say where the backup goes: localoffer backup --to FILE, or set backup_dir in the settings file.\n');
  const to = join(dir, 'one.db');
  assert.equal(cli(['backup', '--data', data, '--to', to]).status, 0);
  assert.ok(existsSync(to));
});

test('a backup that cannot be written keeps the old backups and says so in one line', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const data = join(dir, 'data');
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const backups = join(dir, 'backups');
  mkdirSync(backups);
  const old = join(backups, 'localoffer-2020-01-06-020000.db');
  assert.equal(cli(['backup', '--data', data, old]).status, 0);
  // A file size limit makes the disk "fill up" part way through the copy.
  const full = spawnSync('bash', ['-c', `trap '' XFSZ; ulimit -f 100; exec "$0" backup --data "$1" --to "$2"`, BIN, data, join(backups, 'new.db')], { encoding: 'utf8' });
  assert.equal(full.status, 1);
  assert.match(full.stderr, /^localoffer: The backup to .*new\.db failed: .*The disk may be full: free some space in .*backups or choose another folder\. Older backups were kept\.\n$/);
  assert.deepEqual(readdirSync(backups), ['localoffer-2020-01-06-020000.db']);
  assert.equal(cli(['check', '--data', data]).status, 0);
});

test('restore refuses a file that is not a localoffer database, and changes nothing', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const data = join(dir, 'data');
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const before = exportOruk(data);
  const notes = join(dir, 'notes.txt');
  writeFileSync(notes, 'These are not the droids you are looking for.');
  const r = cli(['restore', '--data', data, notes]);
  assert.equal(r.status, 1);
  assert.equal(r.stderr, `localoffer: ${notes} is not a localoffer database (it is not an SQLite file at all). Choose a file made by localoffer backup. Nothing was changed.\n`);
  const newer = join(dir, 'newer.db');
  assert.equal(cli(['backup', '--data', data, newer]).status, 0);
  spawnSync('sqlite3', [newer, 'PRAGMA user_version = 9999']);
  const n = cli(['restore', '--data', data, newer]);
  assert.equal(n.status, 1);
  assert.match(n.stderr, /was made by a newer version of localoffer \(schema 9999; this version knows up to \d+\)\. Restore it with that version, or choose an older backup\. Nothing was changed\.\n$/);
  assert.equal(exportOruk(data), before);
});

// Sets a password from the link `users add` printed and signs in; returns the session cookie.
async function signIn(base, stdout, email) {
  const password = 'purple monkey dishwasher';
  const sessionOf = (res) => (res.headers.get('set-cookie') ?? '').match(/lo_session=([0-9a-f]{64})/)?.[1] ?? '';
  const csrfOf = (html) => html.match(/name="csrf_token" value="([0-9a-f]{64})"/)[1];
  const post = (path, fields, session) => fetch(`${base}${path}`, {
    method: 'POST', redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `lo_session=${session}` },
    body: new URLSearchParams(fields).toString(),
  });
  const link = stdout.match(/\/admin\/set-password\?token=([0-9a-f]{64})/);
  const form = await fetch(`${base}${link[0]}`, { redirect: 'manual' });
  const set = await post('/admin/set-password', { token: link[1], password, password_confirmation: password, csrf_token: csrfOf(await form.text()) }, sessionOf(form));
  assert.equal(set.status, 303);
  const page = await fetch(`${base}/admin/sign-in`, { redirect: 'manual' });
  const signedIn = await post('/admin/sign-in', { email, password, next: '/admin', csrf_token: csrfOf(await page.text()) }, sessionOf(page));
  assert.equal(signedIn.status, 303);
  return sessionOf(signedIn);
}

test('a backup folder that cannot be written is logged and shown on the admin dashboard', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const data = join(dir, 'data');
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const add = cli(['users', 'add', '--role', 'admin', '--data', data, 'it.team@example.org']);
  assert.equal(add.status, 0, add.stderr);
  // A folder inside a file can never be created, whoever runs the test (root included).
  writeFileSync(join(dir, 'a-file'), 'not a folder');
  const backups = join(dir, 'a-file', 'backups');
  const conf = join(dir, 'localoffer.conf');
  writeFileSync(conf, `backup_dir = ${backups}\nbackup_time = 00:00\n`);
  const server = await startServer({ data, args: ['--config', conf] });
  try {
    const line = await logLine(server, /^Backup failed/);
    assert.equal(line, `Backup failed, will try again in an hour: Could not create the backup folder ${backups} (backup_dir). Create it, or choose a folder this user can write to. Older backups were kept.`);
    const session = await signIn(server.base, add.stdout, 'it.team@example.org');
    const html = await (await fetch(`${server.base}/admin`, { headers: { cookie: `lo_session=${session}` } })).text();
    assert.match(html, /<h3 class="govuk-error-summary__title">The latest backup failed<\/h3>/);
    assert.ok(html.includes(`Could not create the backup folder ${backups} (backup_dir).`), html);
    assert.match(html, /No backup has been made yet\./);
  } finally {
    await stopServer(server);
  }
});

test('the admin dashboard warns when automatic backups are off', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const add = cli(['users', 'add', '--role', 'admin', '--data', dir, 'it.team@example.org']);
  const server = await startServer({ data: dir });
  try {
    const session = await signIn(server.base, add.stdout, 'it.team@example.org');
    const html = await (await fetch(`${server.base}/admin`, { headers: { cookie: `lo_session=${session}` } })).text();
    assert.match(html, /Automatic backups are off\. Set backup_dir in the settings file so the server backs up the database every day\./);
  } finally {
    await stopServer(server);
  }
});

test('a second server on the same data folder is refused in one line', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const server = await startServer({ data: dir });
  try {
    const second = cli(['serve', '--data', dir, '--port', '0']);
    assert.equal(second.status, 1);
    assert.match(second.stderr, /^localoffer: Another localoffer server is already running on the data folder .* \(process \d+\)\. Stop it first, or give this one another --data folder\.\n$/);
  } finally {
    await stopServer(server);
  }
});
