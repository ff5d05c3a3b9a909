// Settings from the file and the environment, through the real binary (docs/configuration.md):
// a '#' inside a value is kept, LOCALOFFER_<SETTING> wins over the file, and a bad value from
// either is refused in one line that says where it came from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, tempDir, removeDir, startServer, stopServer } from './harness.mjs';

const run = (args, env = {}) =>
  spawnSync(BIN, args, { encoding: 'utf8', timeout: 60_000, env: { ...process.env, ...env } });

test('a colour after "=" is a value, a "#" after a space is a comment, and the environment wins over the file', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const conf = join(dir, 'localoffer.conf');
  writeFileSync(conf, '# Our council\nbrand_colour = #1d70b8   # GOV.UK blue\ncouncil_name = From The File\n');
  const server = await startServer({ data: dir, args: ['--config', conf],
    env: { LOCALOFFER_COUNCIL_NAME: 'Team #1 Council' } });
  try {
    const home = await (await fetch(`${server.base}/`)).text();
    assert.match(home, /Team #1 Council/);
    assert.doesNotMatch(home, /From The File/);
    const css = await (await fetch(`${server.base}/branding.css`)).text();
    assert.match(css, /#1d70b8/);
  } finally {
    await stopServer(server);
  }
});

test('a bad value in the environment or the file is refused in one line naming where it is', (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const env = run(['check', '--data', dir], { LOCALOFFER_THREADS: 'lots' });
  assert.equal(env.status, 1);
  assert.equal(env.stderr, 'localoffer: The environment variable LOCALOFFER_THREADS: The setting threads ' +
    'must be a whole number from 1 to 256, not "lots".\n');
  const conf = join(dir, 'bad.conf');
  writeFileSync(conf, 'port = 8080\nbrand_colour = #ffcc00  # too light\n');
  const file = run(['check', '--data', dir, '--config', conf]);
  assert.equal(file.status, 1);
  assert.equal(file.stderr, `localoffer: ${conf} line 2: The brand colour #ffcc00 gives the white header ` +
    'text a contrast of only 1.5:1; WCAG AA needs at least 4.5:1. Choose a darker colour.\n');
  const proxies = run(['check', '--data', dir], { LOCALOFFER_TRUSTED_PROXIES: '127.0.0.1, proxy.example' });
  assert.equal(proxies.status, 1);
  assert.match(proxies.stderr, /^localoffer: The environment variable LOCALOFFER_TRUSTED_PROXIES: The setting trusted_proxies: "proxy\.example" is not an address or network\. .*\n$/);
});
