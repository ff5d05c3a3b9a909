// kill -9 while feedback is being written, then restart: the database checks clean and every
// write the server acknowledged is still there.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';

test('no acknowledged write is lost when the server is killed', async (t) => {
  const data = tempDir();
  t.after(() => removeDir(data));
  assert.equal(cli(['migrate', '--data', data]).status, 0);
  const server = await startServer({ data, args: ['--threads', '4'] });

  const acknowledged = [];
  let stop = false;
  const writer = async (worker) => {
    for (let i = 0; !stop && i < 2000; i++) {
      const marker = `crash-test-${worker}-${i}`;
      const body = new URLSearchParams({ page: '/', useful: 'no', comment: marker });
      try {
        const r = await fetch(`${server.base}/feedback`, { method: 'POST', body, redirect: 'manual' });
        if (r.status === 303) acknowledged.push(marker);
        else assert.fail(`feedback was refused with ${r.status}`);
      } catch {
        return;  // the server has gone
      }
    }
  };
  let running = 8;
  const writers = Array.from({ length: 8 }, (_, w) => writer(w).finally(() => { running -= 1; }));
  // Let writes flow, then kill without warning (bounded, so a broken server fails the test
  // instead of hanging it).
  const deadline = Date.now() + 60_000;
  while (acknowledged.length < 200 && running > 0 && Date.now() < deadline)
    await new Promise((r) => setTimeout(r, 20));
  assert.ok(acknowledged.length > 0, 'the server acknowledged no writes before the kill');
  server.kill('SIGKILL');
  stop = true;
  await Promise.all(writers);
  await stopServer(server);

  const check = cli(['check', '--data', data]);
  assert.equal(check.status, 0, check.stderr);

  const rows = spawnSync('sqlite3', [join(data, 'localoffer.db'), 'SELECT comment FROM feedback'], { encoding: 'utf8' });
  const stored = new Set(rows.stdout.trim().split('\n'));
  const lost = acknowledged.filter((m) => !stored.has(m));
  assert.deepEqual(lost, [], `${lost.length} of ${acknowledged.length} acknowledged writes were lost`);

  // And the server starts again on the same data.
  const again = await startServer({ data });
  assert.equal((await fetch(`${again.base}/healthz`)).status, 200);
  await stopServer(again);
});
