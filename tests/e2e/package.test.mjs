// The Debian package (issue 16, item 1): `make package` builds it with CPack, dpkg installs it into a
// throwaway root (never into this machine, even as root: other work shares it), the installed
// binary starts exactly as the systemd unit's ExecStart says (paths under that root, a free port
// from LOCALOFFER_PORT=0, as the localoffer user when this test runs as root), answers /healthz,
// stops cleanly on SIGTERM, and dpkg removes it again. An install under another prefix names that
// prefix in its unit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { BIN, tempDir, removeDir } from './harness.mjs';

const BUILD = dirname(BIN);
const run = (cmd, args, opts = {}) => spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000, ...opts });
const have = (cmd) => run('sh', ['-c', `command -v ${cmd}`]).status === 0;

// What is missing for this test, or '' when it can run.
function missingTools() {
  for (const cmd of ['cpack', 'dpkg', 'dpkg-deb', 'systemd-sysusers', 'systemd-analyze'])
    if (!have(cmd)) return `${cmd} is not installed (scripts/setup.sh installs it)`;
  if (!existsSync(join(BUILD, 'CPackConfig.cmake')))
    return `${BUILD} has no CPackConfig.cmake (build with scripts/build.sh first)`;
  return '';
}

// A root folder dpkg can install into: its own status database and empty user files.
function throwawayRoot() {
  const root = tempDir();
  chmodSync(root, 0o755);  // the service's user must reach the binary inside it
  for (const d of ['var/lib/dpkg/info', 'var/lib/dpkg/updates', 'etc']) mkdirSync(join(root, d), { recursive: true });
  writeFileSync(join(root, 'var/lib/dpkg/status'), '');
  for (const f of ['passwd', 'group']) writeFileSync(join(root, 'etc', f), '');
  for (const f of ['shadow', 'gshadow']) writeFileSync(join(root, 'etc', f), '', { mode: 0o640 });
  return root;
}

const asRoot = process.getuid() === 0;
const dpkg = (root, args) => run('dpkg', [`--root=${root}`, '--force-script-chrootless', '--force-depends',
  ...(asRoot ? [] : ['--force-not-root']), '--log=/dev/null', ...args], { env: { ...process.env, PATH: `${process.env.PATH}:/usr/sbin:/sbin` } });

// ExecStart's words, with every absolute path moved under root.
function execStart(root) {
  const unit = readFileSync(join(root, 'lib/systemd/system/localoffer.service'), 'utf8');
  const line = unit.split('\n').find((l) => l.startsWith('ExecStart='));
  return line.slice('ExecStart='.length).trim().split(/\s+/).map((w) => (w.startsWith('/') ? root + w : w));
}

function startInstalled(root, words, user) {
  const [cmd, ...args] = user ? ['setpriv', `--reuid=${user.uid}`, `--regid=${user.gid}`, '--clear-groups', ...words] : words;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, {
      cwd: join(root, 'var/lib/localoffer'),
      env: { ...process.env, LOCALOFFER_PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => {
      out += c;
      const m = out.match(/at http:\/\/127\.0\.0\.1:(\d+)\//);
      if (m && !child.base) { child.base = `http://127.0.0.1:${m[1]}`; resolve(child); }
    });
    child.stderr.on('data', (c) => { err += c; });
    child.on('exit', (code) => { if (!child.base) reject(new Error(`the installed server exited with ${code}: ${err}`)); });
  });
}

test('the Debian package installs into a throwaway root, runs as its unit says, answers /healthz and is removed', async (t) => {
  const why = missingTools();
  if (why) { t.skip(why); return; }
  const work = tempDir();
  const root = throwawayRoot();
  t.after(() => { removeDir(work); removeDir(root); });

  const built = run('cpack', ['-G', 'DEB', '-B', work, '--config', join(BUILD, 'CPackConfig.cmake')], { cwd: BUILD });
  assert.equal(built.status, 0, built.stdout + built.stderr);
  const deb = built.stdout.match(/package: (\S+\.deb) generated/)?.[1];
  assert.ok(deb && existsSync(deb), built.stdout);
  const depends = run('dpkg-deb', ['-f', deb, 'Depends']).stdout;
  for (const lib of ['libsqlite3-0', 'libxapian30', 'libsodium23', 'hunspell-en-gb', 'systemd'])
    assert.match(depends, new RegExp(`\\b${lib}\\b`), `Depends: ${depends}`);
  assert.equal(run('dpkg-deb', ['--ctrl-tarfile', deb]).status, 0);
  const conffiles = run('sh', ['-c', `dpkg-deb --ctrl-tarfile '${deb}' | tar -xOf - ./conffiles`]).stdout;
  assert.equal(conffiles.trim(), '/etc/localoffer/localoffer.conf');

  const installed = dpkg(root, ['-i', deb]);
  assert.equal(installed.status, 0, installed.stdout + installed.stderr);
  assert.ok(existsSync(join(root, 'usr/bin/localoffer')));
  assert.ok(existsSync(join(root, 'usr/share/localoffer/templates')));
  assert.ok(existsSync(join(root, 'usr/share/localoffer/db/seeds/taxonomies.json')));
  const passwd = readFileSync(join(root, 'etc/passwd'), 'utf8').split('\n').find((l) => l.startsWith('localoffer:'));
  assert.ok(passwd, 'postinst made the localoffer system user');
  const [, , uid, gid] = passwd.split(':').map(Number);
  if (asRoot) assert.equal(statSync(join(root, 'var/lib/localoffer')).uid, uid);
  assert.equal(statSync(join(root, 'etc/localoffer/localoffer.conf')).mode & 0o777, 0o640);

  // systemd-analyze checks that ExecStart's program exists, so it reads the unit with that path
  // moved under the throwaway root (--root would need a whole systemd tree in there).
  const words = execStart(root);
  const unit = readFileSync(join(root, 'lib/systemd/system/localoffer.service'), 'utf8')
    .replace(/^ExecStart=.*$/m, `ExecStart=${words.join(' ')}`);
  writeFileSync(join(work, 'localoffer.service'), unit);
  const verify = run('systemd-analyze', ['verify', join(work, 'localoffer.service')]);
  assert.equal(verify.stdout.trim() + verify.stderr.trim(), '', 'systemd-analyze verify is clean');
  assert.equal(verify.status, 0);

  assert.deepEqual(words.slice(1), ['serve', '--config', `${root}/etc/localoffer/localoffer.conf`, '--data', `${root}/var/lib/localoffer`]);
  const server = await startInstalled(root, words, asRoot ? { uid, gid } : null);
  try {
    const res = await fetch(`${server.base}/healthz`);
    assert.equal(res.status, 200);
    const page = await (await fetch(`${server.base}/`)).text();
    assert.match(page, /\/static\/dist\/app\.[0-9a-f]+\.css/, 'the installed stylesheet is linked');
  } finally {
    const code = await new Promise((resolve) => { server.once('exit', resolve); server.kill('SIGTERM'); });
    assert.equal(code, 0, 'SIGTERM stops it cleanly');
  }
  assert.ok(existsSync(join(root, 'var/lib/localoffer/localoffer.db')));

  const purged = dpkg(root, ['--purge', 'localoffer']);
  assert.equal(purged.status, 0, purged.stdout + purged.stderr);
  assert.ok(!existsSync(join(root, 'usr/bin/localoffer')));
  assert.ok(!existsSync(join(root, 'etc/localoffer')));
  assert.ok(existsSync(join(root, 'var/lib/localoffer/localoffer.db')), 'a purge keeps the council\'s database');
  assert.match(purged.stdout, /the database is kept in \/var\/lib\/localoffer/);
});

test('an install under another prefix names that prefix in its unit, and the binary finds its files there', async (t) => {
  if (!have('cmake')) { t.skip('cmake is not installed (scripts/setup.sh installs it)'); return; }
  const root = tempDir();
  chmodSync(root, 0o755);
  t.after(() => removeDir(root));
  // DESTDIR keeps the absolute files (the unit, /etc) inside the throwaway root too.
  const installed = run('cmake', ['--install', BUILD, '--prefix', '/opt/localoffer'], { env: { ...process.env, DESTDIR: root } });
  assert.equal(installed.status, 0, installed.stdout + installed.stderr);
  assert.ok(existsSync(join(root, 'opt/localoffer/bin/localoffer')));
  assert.ok(existsSync(join(root, 'opt/localoffer/share/localoffer/templates')));
  const words = execStart(root);
  assert.equal(words[0], `${root}/opt/localoffer/bin/localoffer`, 'the unit names the binary where it was installed');

  // What the package's postinst does: a new, empty database for the unit to serve.
  const migrated = run(words[0], ['migrate', '--data', join(root, 'var/lib/localoffer')]);
  assert.equal(migrated.status, 0, migrated.stdout + migrated.stderr);
  const server = await startInstalled(root, words, null);
  try {
    assert.equal((await fetch(`${server.base}/healthz`)).status, 200);
    const page = await (await fetch(`${server.base}/`)).text();
    assert.match(page, /<h1[^>]*>/, 'the installed templates are found without --share');
  } finally {
    await new Promise((resolve) => { server.once('exit', resolve); server.kill('SIGTERM'); });
  }
});
