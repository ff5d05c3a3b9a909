// The relevance regression set (issue 13): must-find and must-not-find cases taken from the
// judged queries of bench/relevance (tests/e2e/relevance_cases.tsv, made by
// bench/relevance/regression.py), on the demo and on the real Bristol feed, through the real
// binary over HTTP. A change that quietly undoes the gains fails here; no timing is checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';
import { SHARED_DATA, sharedDataOrSkip } from './shared_data.mjs';

// The Bristol collection is real data read from ../shared/data; without it those cases skip.
const BRISTOL_DATA = ['oruk-bristol-services-2024/services.json', 'uk-towns/uk-towns.csv'];
const [BRISTOL, TOWNS] = BRISTOL_DATA.map((p) => SHARED_DATA + p);

const cases = readFileSync(new URL('./relevance_cases.tsv', import.meta.url), 'utf8')
  .split('\n')
  .filter((line) => line && !line.startsWith('#') && !line.startsWith('case\t'))
  .map((line) => {
    const [kind, id, collection, queryKind, query, service] = line.split('\t');
    return { kind, id, collection, queryKind, query, service };
  });

const servers = {};
const dirs = [];

function run(args) {
  const r = cli(args);
  assert.equal(r.status, 0, `localoffer ${args.join(' ')}: ${r.stderr}`);
}

async function collection(name) {
  const data = tempDir();
  dirs.push(data);
  if (name === 'demo') {
    run(['demo', 'load', '--data', data]);
  } else {
    run(['migrate', '--data', data]);
    run(['import', 'oruk', BRISTOL, '--skip-invalid', '--data', data]);
    // A council loads its area's gazetteer; here the shared UK place names.
    run(['gazetteer', 'import', TOWNS, '--data', data]);
  }
  run(['reindex', '--data', data]);
  return startServer({ data });
}

before(async () => {
  servers.demo = await collection('demo');
  if (existsSync(BRISTOL) && existsSync(TOWNS)) servers.bristol = await collection('bristol');
});

after(async () => {
  for (const s of Object.values(servers)) await stopServer(s);
  dirs.forEach(removeDir);
});

async function top(server, q) {
  const res = await fetch(`${server.base}/api/search?per_page=10&q=${encodeURIComponent(q)}`);
  assert.equal(res.status, 200);
  return (await res.json()).results.map((r) => r.id);
}

for (const collectionName of ['demo', 'bristol']) {
  for (const kind of ['find', 'not']) {
    const mine = cases.filter((c) => c.collection === collectionName && c.kind === kind);
    const what = kind === 'find' ? 'finds the services judged exactly right (top 10)'
                                 : 'keeps the unrelated services it used to show out of the top 5';
    test(`relevance on the ${collectionName} collection: search ${what}, ${mine.length} queries`, async (t) => {
      if (collectionName === 'bristol' && !sharedDataOrSkip(t, ...BRISTOL_DATA)) return;
      assert.ok(mine.length >= 3, 'the regression set has cases for this collection');
      const failures = [];
      for (const c of mine) {
        const ids = await top(servers[collectionName], c.query);
        const at = ids.indexOf(c.service);
        if (kind === 'find' && at < 0) failures.push(`${c.id} "${c.query}" (${c.queryKind}): ${c.service} is not in the top 10`);
        if (kind === 'not' && at >= 0 && at < 5) failures.push(`${c.id} "${c.query}" (${c.queryKind}): ${c.service} is back at ${at + 1}`);
      }
      assert.deepEqual(failures, []);
    });
  }
}
