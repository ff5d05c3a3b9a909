// import oruk / export oruk against the real binary: round trips, the Bristol v1 feed, idempotent
// re-imports, --dry-run and --skip-invalid, repairs and drops of bad contact values, and bad
// inputs that must leave the database unchanged.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';
import { checkFeed } from '../../tools/oruk-check/check.mjs';
import { sharedDataOrSkip } from './shared_data.mjs';

// Bristol's real feed and the ORUK schemas are read from ../shared/data (shared_data.mjs).
const BRISTOL = 'oruk-bristol-services-2024/services.json';
// What import oruk repairs and drops in Bristol's Dec 2024 snapshot, counted by field.
const BRISTOL_CHANGES = '89 values: 53 service.url (scheme added), 25 organization.url (scheme added), ' +
  '5 service.url (// added after the scheme), 4 service.email (spaces removed), 1 organization.url ' +
  '(// added after the scheme), 1 service.email (trailing dot removed).';
const BRISTOL_DROPS = '3 values: 2 organization.url (not a web address), 1 service.url (not a web address).';
const BRISTOL_COUNTS = '810 services, 594 organisations, 0 locations, 4 taxonomies, 43 taxonomy terms';

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

test('ImportingOpenReferral: the Bristol v1 feed is checked in full, and nothing is written while it has problems', (t) => {
  const file = sharedDataOrSkip(t, BRISTOL);
  if (!file) return;
  const data = fresh();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const before = exportNdjson(data);
  const r = cli(['import', 'oruk', file, '--data', data]);
  assert.equal(r.status, 1);
  // Only records that cannot be stored are problems: 7 services without any organisation (one
  // also without a name) and the id used twice. Bad web and e-mail addresses are warnings.
  const serviceWithout = (n, id) => `  services.json: record ${n} (id ${id}): organization_id: is missing. Give the service's organisation as organization_id (a UUID) or an organization object`;
  assert.deepEqual(r.stderr.split('\n'), [
    'localoffer: services.json has 9 problems, so nothing was written:',
    serviceWithout(1, 'def5ccd4-f121-df4d-60d2-4dc0d69ff555'),
    '  services.json: record 1 (id def5ccd4-f121-df4d-60d2-4dc0d69ff555): name: Enter the service name',
    serviceWithout(234, 'e045c1f4-3366-e138-a2dd-07235214cfec'),
    serviceWithout(424, 'e92b0f7d-9651-4ec3-9f17-162d017a57f2'),
    serviceWithout(676, '45b14612-8287-4487-b911-9e0f9eab281b'),
    serviceWithout(754, '01b2c8b0-08ca-4af2-9f84-21eb1a4cfcae'),
    serviceWithout(797, '1801d635-b829-22a6-6262-b1331fb32fe8'),
    serviceWithout(808, '3de36c73-422b-42d4-a7d8-6f539678f935'),
    '  services.json: record 811 (id 2af617e5-4532-bebe-1036-ffdf2e93ce55): id: is used by more than one service in this input (first at record 374). Ids must be unique',
    'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.',
    '']);
  assert.ok(r.stdout.includes('  warning: services.json: record 186 (id 90616b65-bf71-fc1b-9623-6d0891731019): organization.url: "Warmley Community Centre" is not a web address and cannot be repaired safely, so it was left out and the rest of the record kept. Correct it at the source and import again\n'));
  assert.equal(exportNdjson(data), before);

  const dry = cli(['import', 'oruk', file, '--data', data, '--dry-run', '--skip-invalid']);
  assert.equal(dry.status, 0, dry.stderr);
  const lines = dry.stdout.trimEnd().split('\n');
  assert.equal(lines.filter((l) => l.startsWith('  warning: ')).length, 92);
  assert.deepEqual(lines.slice(-2), [
    `Dry run: services.json would import ${BRISTOL_COUNTS}. Nothing was written.`,
    `Would repair ${BRISTOL_CHANGES} Would drop ${BRISTOL_DROPS}`]);
  assert.equal(exportNdjson(data), before);
});

test('ImportingOpenReferral: --skip-invalid imports the valid Bristol services, a re-import changes nothing, and the feed stays conformant', async (t) => {
  const found = sharedDataOrSkip(t, BRISTOL, 'oruk-schema/openapi.json');
  if (!found) return;
  const [file] = found;
  const data = fresh();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const r = cli(['import', 'oruk', file, '--data', data, '--skip-invalid']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /^localoffer: services.json has 9 problems; the records with them were left out:\n/);
  assert.deepEqual(r.stdout.trim().split('\n').slice(-2), [
    `Imported services.json: ${BRISTOL_COUNTS}.`,
    `Repaired ${BRISTOL_CHANGES} Dropped ${BRISTOL_DROPS}`]);
  const after1 = exportNdjson(data);
  const again = cli(['import', 'oruk', file, '--data', data, '--skip-invalid']);
  assert.deepEqual(again.stdout.trim().split('\n').slice(-2), [
    `Already up to date: services.json holds ${BRISTOL_COUNTS}, and nothing changed.`,
    `Repaired ${BRISTOL_CHANGES} Dropped ${BRISTOL_DROPS}`]);
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
    // Kept whole, with what could be repaired repaired and what could not left out.
    const mencap = await (await fetch(`${api}/services/91155bf5-5d60-477a-8947-c75a6c5ab30c`)).json();
    assert.equal(mencap.email, 'employment.support@mencap.org.uk');
    const yate = await (await fetch(`${api}/services/6e5236ae-117e-884f-56de-d374d5527d66`)).json();
    assert.equal(yate.url, 'http://www.yateandsodburydc.co.uk');
    const warmley = await (await fetch(`${api}/services/90616b65-bf71-fc1b-9623-6d0891731019`)).json();
    assert.equal(warmley.url ?? '', '');
    assert.equal(warmley.organization.website ?? '', '');
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

test('ImportingOpenReferral: a feed with fixable and hopeless contact values imports whole, says what was repaired and dropped, and a re-import changes nothing', () => {
  const data = fresh();
  assert.equal(cli(['migrate', '--data', data]).status, 0);
  const ORG2 = '77777777-7777-4777-8777-777777777777';
  const SVC2 = '88888888-8888-4888-8888-888888888888';
  const feed = [
    { id: SVC, name: 'Play', status: 'active', url: 'www.play.example.org',
      referral_url: 'Http://refer.example.org/form|1', email: ' play@example.org.uk.',
      contacts: [{ id: '99999999-9999-4999-8999-999999999999', name: 'Sam',
        emails: ['mailto:sam@example.org'], phones: [{ number: 'ring reception' }] }],
      organization: { id: ORG, name: 'Org', website: 'HTTPS://Org.example.org/', email: 'info@org.example.org\u00a0' } },
    { id: SVC2, name: 'Swim', status: 'active', url: 'https://swim.example.org.',
      referral_url: 'http:swim.example.org/join', email: 'swim at example dot org',
      organization: { id: ORG2, name: 'Pool', website: 'Swimming Pool', email: ' pool@example.org ' } },
  ];
  const file = join(fresh(), 'feed.json');
  writeFileSync(file, JSON.stringify(feed));
  const w1 = `  warning: feed.json: record 1 (id ${SVC}): `;
  const w2 = `  warning: feed.json: record 2 (id ${SVC2}): `;
  const leftOut = ', so it was left out and the rest of the record kept. Correct it at the source and import again';
  const warnings = [
    w1 + 'organization.url: "HTTPS://Org.example.org/" has its scheme in capitals; it was repaired to "https://Org.example.org/"',
    w1 + 'organization.email: "info@org.example.org\u00a0" has spaces around it; it was repaired to "info@org.example.org"',
    w1 + 'url: "www.play.example.org" has no https:// or http:// at the start; it was repaired to "https://www.play.example.org"',
    w1 + 'referral_url: "Http://refer.example.org/form|1" has its scheme in capitals and has characters a web address cannot hold ({, }, |, \\, ^ or `); it was repaired to "http://refer.example.org/form%7C1"',
    w1 + 'email: " play@example.org.uk." has spaces around it and ends with a dot after the domain; it was repaired to "play@example.org.uk"',
    w1 + 'contacts[0].emails[0]: "mailto:sam@example.org" starts with mailto:; it was repaired to "sam@example.org"',
    w1 + 'contacts[0].phones[0].number: "ring reception" is not a phone number' + leftOut,
    w2 + 'organization.url: "Swimming Pool" is not a web address and cannot be repaired safely' + leftOut,
    w2 + 'organization.email: " pool@example.org " has spaces around it; it was repaired to "pool@example.org"',
    w2 + 'url: "https://swim.example.org." ends with a dot; it was repaired to "https://swim.example.org"',
    w2 + 'referral_url: "http:swim.example.org/join" is missing the // after http:; it was repaired to "http://swim.example.org/join"',
    w2 + 'email: "swim at example dot org" is not an e-mail address and cannot be repaired safely' + leftOut,
  ];
  const changes = (would) => `${would ? 'Would repair' : 'Repaired'} 9 values: 2 organization.email (spaces removed), ` +
    '1 organization.url (scheme made lowercase), 1 service.contact.email (mailto: removed), ' +
    '1 service.email (spaces removed, trailing dot removed), 1 service.referral_url (// added after the scheme), ' +
    '1 service.referral_url (scheme made lowercase, characters percent-encoded), 1 service.url (scheme added), ' +
    `1 service.url (trailing dot removed). ${would ? 'Would drop' : 'Dropped'} 3 values: 1 organization.url (not a web address), ` +
    '1 service.contact.phone (not a phone number), 1 service.email (not an e-mail address).';
  const counts = '2 services, 2 organisations, 0 locations, 0 taxonomies, 0 taxonomy terms';

  const dry = cli(['import', 'oruk', file, '--data', data, '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.equal(dry.stderr, '');
  assert.equal(dry.stdout, [...warnings, `Dry run: feed.json would import ${counts}. Nothing was written.`, changes(true), ''].join('\n'));
  assert.equal(exportNdjson(data), '');

  const r = cli(['import', 'oruk', file, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.equal(r.stdout, [...warnings, `Imported feed.json: ${counts}.`, changes(false), ''].join('\n'));
  const stored = Object.fromEntries(exportNdjson(data).trim().split('\n').map((l) => JSON.parse(l)).map((s) => [s.id, s]));
  assert.equal(stored[SVC].url, 'https://www.play.example.org');
  assert.equal(stored[SVC].email, 'play@example.org.uk');
  assert.equal(stored[SVC].organization.website, 'https://Org.example.org/');
  assert.equal(stored[SVC].organization.email, 'info@org.example.org');
  assert.deepEqual(stored[SVC].contacts.map((c) => [c.name, c.phones ?? [], c.email]), [['Sam', [], 'sam@example.org']]);
  assert.equal(stored[SVC2].url, 'https://swim.example.org');
  assert.equal(stored[SVC2].email, undefined);
  assert.equal(stored[SVC2].organization.website, undefined);
  assert.equal(stored[SVC2].organization.email, 'pool@example.org');

  const before = exportNdjson(data);
  const again = cli(['import', 'oruk', file, '--data', data]);
  assert.equal(again.status, 0, again.stderr);
  assert.equal(again.stdout, [...warnings, `Already up to date: feed.json holds ${counts}, and nothing changed.`, changes(false), ''].join('\n'));
  assert.equal(exportNdjson(data), before);
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
