// import oruk / export oruk against the real binary: round trips, the Bristol v1 feed, idempotent
// re-imports, --dry-run and --skip-invalid, and bad inputs that must leave the database unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';
import { checkFeed } from '../../tools/oruk-check/check.mjs';

const SHARED = new URL('../../../shared/data/', import.meta.url).pathname;
function requireShared(path) {
  if (!existsSync(SHARED + path))
    throw new Error(`The shared test data is missing: ${SHARED + path} does not exist. Clone the ` +
      'shared/ folder next to the repository (see README "Tests").');
  return SHARED + path;
}
const BRISTOL = () => requireShared('oruk-bristol-services-2024/services.json');

const dirs = [];
after(() => dirs.forEach(removeDir));
function fresh() {
  const d = tempDir();
  dirs.push(d);
  return d;
}
function exportNdjson(data) {
  const r = spawnSync(BIN, ['export', 'oruk', '--data', data], { encoding: 'utf8', maxBuffer: 1 << 30 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

const ORG = '11111111-1111-4111-8111-111111111111';
const SVC = '22222222-2222-4222-8222-222222222222';

test('ImportingOpenReferral: export, import into an empty instance and export again gives identical output', () => {
  const a = fresh();
  assert.equal(cli(['demo', 'load', '--data', a]).status, 0);
  const dir1 = join(fresh(), 'export');
  assert.equal(cli(['export', 'oruk', '--dir', dir1, '--data', a]).status, 0);
  const b = fresh();
  const imported = cli(['import', 'oruk', dir1, '--data', b]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(imported.stdout, 'Imported export: 62 services, 19 organisations, 11 locations, 2 taxonomies, 62 taxonomy terms.\n');
  const dir2 = join(fresh(), 'export');
  assert.equal(cli(['export', 'oruk', '--dir', dir2, '--data', b]).status, 0);
  for (const f of readdirSync(dir1)) assert.equal(readFileSync(join(dir2, f), 'utf8'), readFileSync(join(dir1, f), 'utf8'), f);
  // The single ndjson file round-trips too.
  const ndjson = exportNdjson(a);
  const file = join(fresh(), 'services.ndjson');
  writeFileSync(file, ndjson);
  const c = fresh();
  assert.equal(cli(['import', 'oruk', file, '--data', c]).status, 0);
  assert.equal(exportNdjson(c), ndjson);
  // And importing it again changes nothing.
  const again = cli(['import', 'oruk', dir1, '--data', b]);
  assert.equal(again.stdout, 'Already up to date: export holds 62 services, 19 organisations, 11 locations, 2 taxonomies, 62 taxonomy terms, and nothing changed.\n');
});

test('ImportingOpenReferral: the Bristol v1 feed is checked in full, and nothing is written while it has problems', () => {
  const data = fresh();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const before = exportNdjson(data);
  const r = cli(['import', 'oruk', BRISTOL(), '--data', data]);
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines[0], 'localoffer: services.json has 15 problems, so nothing was written:');
  assert.equal(lines[1], "  services.json: record 1 (id def5ccd4-f121-df4d-60d2-4dc0d69ff555): organization_id: is missing. Give the service's organisation as organization_id (a UUID) or an organization object");
  assert.equal(lines[2], '  services.json: record 1 (id def5ccd4-f121-df4d-60d2-4dc0d69ff555): name: Enter the service name');
  assert.ok(lines.includes('  services.json: record 186 (id 90616b65-bf71-fc1b-9623-6d0891731019): organization.url: Enter a web address that starts with https:// or http://, like https://www.example.org.uk'));
  assert.ok(lines.includes('  services.json: record 811 (id 2af617e5-4532-bebe-1036-ffdf2e93ce55): id: is used by more than one service in this input (first at record 374). Ids must be unique'));
  assert.equal(lines.at(-1), 'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.');
  assert.equal(exportNdjson(data), before);

  const dry = cli(['import', 'oruk', BRISTOL(), '--data', data, '--dry-run', '--skip-invalid']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /^Dry run: services.json would import 806 services, 591 organisations, 0 locations, 4 taxonomies, 43 taxonomy terms. Nothing was written.\n$/);
  assert.equal(exportNdjson(data), before);
});

test('ImportingOpenReferral: --skip-invalid imports the valid Bristol services, a re-import changes nothing, and the feed stays conformant', async () => {
  const data = fresh();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const r = cli(['import', 'oruk', BRISTOL(), '--data', data, '--skip-invalid']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^localoffer: services.json has 15 problems; the records with them were left out:\n/);
  assert.equal(r.stdout.trim().split('\n').at(-1), 'Imported services.json: 806 services, 591 organisations, 0 locations, 4 taxonomies, 43 taxonomy terms.');
  const after1 = exportNdjson(data);
  const again = cli(['import', 'oruk', BRISTOL(), '--data', data, '--skip-invalid']);
  assert.equal(again.stdout.trim().split('\n').at(-1), 'Already up to date: services.json holds 806 services, 591 organisations, 0 locations, 4 taxonomies, 43 taxonomy terms, and nothing changed.');
  assert.equal(exportNdjson(data), after1);

  const server = await startServer({ data });
  try {
    const api = `${server.base}/openreferral`;
    const result = await checkFeed(api, { perPage: 200 });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.warnings, []);
    // HTML became text with paragraphs and lists; audiences became taxonomy terms; provenance kept.
    const s = await (await fetch(`${api}/services/891ad974-3710-4dee-9076-eaccbc85cc9b`)).json();
    assert.ok(!/<[a-z/]/i.test(s.description));
    assert.match(s.description, /\n\n/);
    assert.match(s.description, /\n- Call 0117 927 9551/);
    assert.ok(s.attributes.some((a) => a.taxonomy_term.taxonomy === 'Target audience' && a.taxonomy_term.name === 'Long Term Health Conditions'));
    assert.equal(s.last_modified, '2023-01-18T00:00:00Z');
  } finally {
    await stopServer(server);
  }
});

test('ImportingOpenReferral: every bad input gives its exact message and leaves the database unchanged', () => {
  const data = fresh();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const before = exportNdjson(data);
  const dir = fresh();
  const cases = {
    'malformed.json': [`{"id":"${SVC}","name":"A","status":"active",\n"organization_id":"${ORG}" "x":1}`,
      'localoffer: malformed.json: the JSON is malformed at line 2, column 60. Check for a missing comma, quote or bracket there. Nothing was imported.\n'],
    'truncated.json': [`[{"id":"${SVC}","name":"Play","status":"active","organization":{"id":"${ORG}","name":"Org","description":"d"}`,
      'localoffer: truncated.json: the JSON ends unexpectedly at line 1, column 170. The file looks truncated: download or export it again. Nothing was imported.\n'],
    'missing.json': [`{"id":"${SVC}","organization":{"id":"${ORG}","name":"Org","description":"d"}}`,
      'localoffer: missing.json has 2 problems, so nothing was written:\n' +
      `  missing.json (id ${SVC}): status: is missing. Use active, inactive, defunct or temporarily closed\n` +
      `  missing.json (id ${SVC}): name: Enter the service name\n` +
      'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'baduuid.json': ['{"id":"svc-1","name":"Play","status":"active","organization":{"id":"org-1","name":"Org","description":"d"}}',
      'localoffer: baduuid.json has 3 problems, so nothing was written:\n' +
      '  baduuid.json (id svc-1): organization.id: The id must be a UUID, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301\n' +
      '  baduuid.json (id svc-1): id: The id must be a UUID, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301\n' +
      '  baduuid.json (id svc-1): organisation_id: The id must be a UUID, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301\n' +
      'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'dup.json': [`[{"id":"${SVC}","name":"Play","status":"active","organization":{"id":"${ORG}","name":"Org","description":"d"}},{"id":"${SVC}","name":"Play 2","status":"active","organization_id":"${ORG}"}]`,
      'localoffer: dup.json has 1 problem, so nothing was written:\n' +
      `  dup.json: record 2 (id ${SVC}): id: is used by more than one service in this input (first at record 1). Ids must be unique\n` +
      'Fix it and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'dangling.json': [`{"id":"${SVC}","name":"Play","status":"active","organization_id":"${ORG}","service_at_locations":[{"id":"33333333-3333-4333-8333-333333333333","location_id":"44444444-4444-4444-8444-444444444444"}]}`,
      'localoffer: dangling.json has 2 problems, so nothing was written:\n' +
      `  dangling.json (id ${SVC}): organization_id: no organisation has the id ${ORG} in this input or in the directory\n` +
      `  dangling.json (id ${SVC}): service_at_locations: no location has the id 44444444-4444-4444-8444-444444444444 in this input or in the directory\n` +
      'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'types.json': [`{"id":"${SVC}","name":42,"status":"active","minimum_age":"five","organization":{"id":"${ORG}","name":"Org","description":"d"},"contacts":{}}`,
      'localoffer: types.json has 4 problems, so nothing was written:\n' +
      `  types.json (id ${SVC}): name: must be text, not a number\n` +
      `  types.json (id ${SVC}): minimum_age: must be a number, not text\n` +
      `  types.json (id ${SVC}): contacts: must be a list, not an object\n` +
      `  types.json (id ${SVC}): name: Enter the service name\n` +
      'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'trunc.ndjson': [`{"id":"${SVC}","name":"Play","status":"active","organization":{"id":"${ORG}","name":"Org","description":"d"}}\n{"id":"55555555-5555-4555-8555-555555555555","name":"Two","status":"active","organization_id":"${ORG}"\n`,
      'localoffer: trunc.ndjson has 1 problem, so nothing was written:\n' +
      '  trunc.ndjson:2: the line ends in the middle of a record. The file looks truncated: export it again\n' +
      'Fix it and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'huge.json': [JSON.stringify({ id: SVC, name: 'Play', status: 'active', organization: { id: ORG, name: 'Org', description: 'd' }, description: 'x'.repeat(50 * 1024 * 1024) }),
      'localoffer: huge.json has 1 problem, so nothing was written:\n' +
      `  huge.json (id ${SVC}): description: The description must be 20000 characters or fewer\n` +
      'Fix it and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
  };
  for (const [name, [content, expected]] of Object.entries(cases)) {
    const file = join(dir, name);
    writeFileSync(file, content);
    const r = cli(['import', 'oruk', file, '--data', data]);
    assert.equal(r.status, 1, name);
    assert.equal(r.stderr, expected, name);
  }
  assert.equal(cli(['import', 'oruk', join(dir, 'nothere.json'), '--data', data]).stderr,
    `localoffer: There is no file at ${join(dir, 'nothere.json')}. Check the path and try again.\n`);
  assert.equal(exportNdjson(data), before);
});

test('ImportingOpenReferral: a list page read from standard input imports like a file', () => {
  const data = fresh();
  const page = { total_items: 1, contents: [{ id: SVC, name: 'Play', status: 'active', organization: { id: ORG, name: 'Org', description: 'd' } }] };
  const r = spawnSync(BIN, ['import', 'oruk', '-', '--data', data], { input: JSON.stringify(page), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'Imported standard input: 1 services, 1 organisations, 0 locations, 0 taxonomies, 0 taxonomy terms.\n');
});

test('ImportingOpenReferral: more bad inputs (50 MB lines, empty files, wrong types, dangling references, duplicates) say exactly what is wrong and change nothing', () => {
  const data = fresh();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const before = exportNdjson(data);
  const dir = fresh();
  const TERM = '66666666-6666-4666-8666-666666666666';
  const LOC = '44444444-4444-4444-8444-444444444444';
  const org = { id: ORG, name: 'Org', description: 'd' };
  const ok = { id: SVC, name: 'Play', status: 'active', organization: org };
  const big = 50 * 1024 * 1024;
  const cases = {
    // A 50 MB single line that is not JSON at all, and one that stops in the middle of a string.
    'huge-garbage.json': ['x'.repeat(big), 
      'localoffer: huge-garbage.json: the JSON is malformed at line 1, column 1. Check for a missing comma, quote or bracket there. Nothing was imported.\n'],
    'huge-truncated.ndjson': [`${JSON.stringify(ok)}\n{"id":"55555555-5555-4555-8555-555555555555","name":"Two","description":"${'y'.repeat(big)}`, 
      'localoffer: huge-truncated.ndjson has 1 problem, so nothing was written:\n' +
      '  huge-truncated.ndjson:2: the line ends in the middle of a record. The file looks truncated: export it again\n' +
      'Fix it and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'empty.json': ['', 'localoffer: empty.json is empty: there is nothing to import. Check you gave the right file.\n'],
    'blank.ndjson': ['\n\n  \n', 'localoffer: blank.ndjson is empty: there is nothing to import. Check you gave the right file.\n'],
    'number.json': ['42', 
      'localoffer: number.json: holds a number, not ORUK records. Give a JSON object, a list of objects, a list page or ndjson. Nothing was imported.\n'],
    'strings.json': ['["a", "b"]', 
      'localoffer: strings.json has 2 problems, so nothing was written:\n' +
      '  strings.json: record 1: must be a JSON object, not text\n' +
      '  strings.json: record 2: must be a JSON object, not text\n' +
      'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'binary.json': [Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0xff, 0xfe, 0x00, 0x01]), 
      'localoffer: binary.json is gzip-compressed. Decompress it first (gunzip binary.json), then import the file inside. Nothing was imported.\n'],
    'latin1.json': [Buffer.concat([Buffer.from(`{"id":"${SVC}","name":"Caf`), Buffer.from([0xe9]), Buffer.from(`","status":"active","organization":${JSON.stringify(org)}}`)]), 
      'localoffer: latin1.json: the text is not UTF-8 at line 1, column 58. Save the file as UTF-8 and import it again. Nothing was imported.\n'],
    'nested-types.json': [JSON.stringify({ ...ok, free: 'yes', referral_routes: 'self', organization: { ...org, name: 5 },
      service_at_locations: [{ id: '33333333-3333-4333-8333-333333333333', location: { id: LOC, name: 'Hall', latitude: 'north', addresses: {} } }] }), 
      'localoffer: nested-types.json has 6 problems, so nothing was written:\n' +
      `  nested-types.json (id ${SVC}): referral_routes: must be a list, not text\n` +
      `  nested-types.json (id ${SVC}): organization.name: must be text, not a number\n` +
      `  nested-types.json (id ${SVC}): service_at_locations[0].location.latitude: must be a number, not text\n` +
      `  nested-types.json (id ${SVC}): service_at_locations[0].location.addresses: must be a list, not an object\n` +
      `  nested-types.json (id ${SVC}): free: must be true or false, not text\n` +
      `  nested-types.json (id ${SVC}): organization.name: Enter the organisation's name\n` +
      'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'bad-values.json': [JSON.stringify({ ...ok, status: 'open', last_modified: 'yesterday', minimum_age: 4.5, delivery_modes: ['by post'], organization_id: 'org-1' }), 
      'localoffer: bad-values.json has 5 problems, so nothing was written:\n' +
      `  bad-values.json (id ${SVC}): status: "open" is not allowed. Use active, inactive, defunct or temporarily closed\n` +
      `  bad-values.json (id ${SVC}): minimum_age: must be a whole number of years\n` +
      `  bad-values.json (id ${SVC}): delivery_modes: "by post" is not a delivery mode (use in_person, online, phone or home_visit)\n` +
      `  bad-values.json (id ${SVC}): last_modified: "yesterday" is not an RFC 3339 date-time, like 2025-01-31T09:30:00Z\n` +
      `  bad-values.json (id ${SVC}): organisation_id: The id must be a UUID, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301\n` +
      'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'dangling-term.json': [JSON.stringify({ ...ok, attributes: [{ id: '77777777-7777-4777-8777-777777777777', taxonomy_term_id: TERM }] }), 
      'localoffer: dangling-term.json has 1 problem, so nothing was written:\n' +
      `  dangling-term.json (id ${SVC}): attributes: no taxonomy term has the id ${TERM} in this input or in the directory\n` +
      'Fix it and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'dangling-parent.ndjson': [`${JSON.stringify({ id: TERM, name: 'Child', taxonomy_id: '6c1f4c8e-2d6a-4a4b-9a7e-1f0d3a5b7c21', parent_id: '88888888-8888-4888-8888-888888888888' })}\n`, 
      'localoffer: dangling-parent.ndjson has 1 problem, so nothing was written:\n' +
      `  dangling-parent.ndjson (id ${TERM}): parent_id: no taxonomy term has the id 88888888-8888-4888-8888-888888888888\n` +
      'Fix it and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
    'dup-ndjson.ndjson': [`${JSON.stringify(ok)}\n${JSON.stringify({ ...ok, name: 'Again' })}\n`, 
      'localoffer: dup-ndjson.ndjson has 1 problem, so nothing was written:\n' +
      `  dup-ndjson.ndjson:2 (id ${SVC}): id: is used by more than one service in this input (first at dup-ndjson.ndjson:1). Ids must be unique\n` +
      'Fix it and import again, or add --skip-invalid to import the valid records and leave these out.\n'],
  };
  for (const [name, [content, expected]] of Object.entries(cases)) {
    const file = join(dir, name);
    writeFileSync(file, content);
    const r = cli(['import', 'oruk', file, '--data', data]);
    assert.equal(r.status, 1, name);
    assert.equal(r.stderr, expected, name);
  }
  assert.equal(exportNdjson(data), before);
});
