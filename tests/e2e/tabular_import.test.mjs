// import hsds / import csv / export csv against the real binary: the Open211 Miami package
// (out-of-area places kept and marked, the ORUK feed still conformant), the CSV set's golden files
// and round trips, and every bad CSV input giving its exact message with the database unchanged.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, readdirSync, cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';
import { checkFeed } from '../../tools/oruk-check/check.mjs';
import { sharedDataOrSkip } from './shared_data.mjs';

const GOLDEN = new URL('../fixtures/csv/golden/', import.meta.url).pathname;

const dirs = [];
after(() => dirs.forEach(removeDir));
function fresh() {
  const d = tempDir();
  dirs.push(d);
  return d;
}
function run(args) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
function exportNdjson(data) {
  const r = run(['export', 'oruk', '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}
function exportCsv(data) {
  const dir = join(fresh(), 'csv');
  const r = run(['export', 'csv', dir, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, `Exported the directory as CSV files to ${dir} (columns: docs/csv.md).\n`);
  return dir;
}
function files(dir) {
  return Object.fromEntries(readdirSync(dir).sort().map((f) => [f, readFileSync(join(dir, f), 'utf8')]));
}

test('TabularData: the Open211 Miami HSDS package imports with its places marked as outside the UK, and the feed stays conformant', async (t) => {
  // Real data, read from ../shared/data and never copied here (shared_data.mjs).
  const found = sharedDataOrSkip(t, 'hsds-open211-miami', 'oruk-schema/openapi.json');
  if (!found) return;
  const [miami] = found;
  const data = fresh();
  assert.equal(cli(['migrate', '--data', data]).status, 0);
  const empty = exportNdjson(data);

  // Without --country the US addresses fail the UK rules: nothing is written, and we say why.
  const uk = run(['import', 'hsds', miami, '--data', data]);
  assert.equal(uk.status, 1);
  assert.match(uk.stderr, /^localoffer: hsds-open211-miami has \d+ problems, so nothing was written:\n/);
  assert.match(uk.stderr, /\n {2}locations\.csv line 2 \(id 136\): location\.postcode: Enter a real UK postcode, like OX3 9DU\n/);
  assert.match(uk.stderr, /\nIf these places are outside the UK, give each address's country in the country column of physical_addresses\.csv, or import with --country and the two-letter code \(for example --country US\)\.\n/);
  assert.equal(exportNdjson(data), empty);

  const dry = run(['import', 'hsds', miami, '--country', 'US', '--data', data, '--dry-run', '--skip-invalid']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /\nDry run: hsds-open211-miami would import \d+ services, /);
  assert.equal(exportNdjson(data), empty);

  const r = run(['import', 'hsds', miami, '--country', 'US', '--data', data, '--skip-invalid']);
  assert.equal(r.status, 0, r.stderr);
  const [summary, changes] = r.stdout.trim().split('\n').slice(-2);
  // 447 services name organisations the package does not hold; the rest of the 492 problems are
  // times and one conflicting taxonomy id (J), each listed. Web addresses and phones that could
  // not be repaired are left out with a warning, and their services kept.
  assert.equal(summary, 'Imported hsds-open211-miami: 3495 services, 1074 organisations, 4089 locations, 1 taxonomies, 1933 taxonomy terms.');
  assert.equal(changes, 'Repaired 3035 values: 2285 service.url (scheme added), 748 organization.url (scheme added), ' +
    '1 service.url (// added after the scheme), 1 service.url (scheme added, characters percent-encoded). ' +
    'Dropped 11 values: 4 service.contact (nothing left in it), 4 service.contact.phone (not a phone number), ' +
    '2 service.url (not a web address), 1 organization.url (not a web address).');
  assert.match(r.stdout, /\n {2}warning: services\.csv line 1186 \(id 596\): contacts\[0\]\.phones\[0\]\.number: "305-891-8850 xOPT2" is not a phone number, so it was left out and the rest of the record kept\. Correct it at the source and import again\n/);
  assert.match(r.stderr, /^localoffer: hsds-open211-miami has 492 problems; the records with them were left out:\n/);
  assert.match(r.stdout, /note: eligibility\.csv: 2244 rows have no service_id, so they cannot be linked to a service and were left out/);
  const after1 = exportNdjson(data);
  const again = run(['import', 'hsds', miami, '--country', 'US', '--data', data, '--skip-invalid']);
  assert.equal(again.status, 0, again.stderr);
  assert.deepEqual(again.stdout.trim().split('\n').slice(-2), [summary.replace(/^Imported (.*): (.*)\.$/, 'Already up to date: $1 holds $2, and nothing changed.'), changes]);
  assert.equal(exportNdjson(data), after1);

  // Build the search index now, so the server does not spend its start-up time on 3,488 services.
  assert.equal(run(['reindex', '--data', data]).status, 0);
  const server = await startServer({ data });
  try {
    const api = `${server.base}/openreferral`;
    const result = await checkFeed(api, { perPage: 200 });
    assert.deepEqual(result.errors, []);
    assert.deepEqual(result.warnings, []);
    // The Girl Scouts (HSDS id 136): a stable derived UUID, US address, phones, schedules, terms.
    const page = await (await fetch(`${api}/services?search=girl%20scouts&per_page=50`)).json();
    const scouts = page.contents.find((s) => s.name === 'GIRL SCOUTS COUNCIL OF TROPICAL FLORIDA, INC.');
    assert.ok(scouts, JSON.stringify(page.contents.map((s) => s.name)));
    const s = await (await fetch(`${api}/services/${scouts.id}`)).json();
    assert.equal(s.service_at_locations[0].location.addresses[0].country, 'US');
    assert.equal(s.service_at_locations[0].location.addresses[0].postal_code, '33157');
    assert.ok(!s.description.includes('###'));
    assert.ok(s.contacts.some((c) => c.phones?.some((p) => p.number === '305-253-4841')));
    assert.ok(s.schedules.some((x) => x.byday === 'MO,TU,WE,TH,FR' && x.opens_at.startsWith('09:00')));
    // The public page marks the place as outside the UK; search and a UK place search still work.
    const html = await (await fetch(`${server.base}/services/${scouts.id}`)).text();
    assert.match(html, /This place is outside the UK \(country code US\)/);
    for (const q of ['q=girl+scouts', 'q=food&location=OX26&radius=10', 'q=special+education']) {
      const res = await fetch(`${server.base}/api/search?${q}`);
      assert.equal(res.status, 200, q);
    }
    const scoutsSearch = await (await fetch(`${server.base}/api/search?q=girl+scouts`)).json();
    assert.ok(scoutsSearch.total > 0);
    assert.equal((await fetch(`${server.base}/search?q=girl+scouts`)).status, 200);
  } finally {
    await stopServer(server);
  }
});

test('TabularData: export csv, import into an empty instance and export again gives identical files, and the same ORUK feed', () => {
  const a = fresh();
  assert.equal(cli(['demo', 'load', '--data', a]).status, 0);
  const dir1 = exportCsv(a);
  const b = fresh();
  const imported = run(['import', 'csv', dir1, '--data', b]);
  assert.equal(imported.status, 0, imported.stderr);
  assert.equal(imported.stdout, 'Imported csv: 62 services, 19 organisations, 11 locations, 2 taxonomies, 62 taxonomy terms.\n');
  const dir2 = exportCsv(b);
  assert.deepEqual(files(dir2), files(dir1));
  assert.equal(exportNdjson(b), exportNdjson(a));
  const again = run(['import', 'csv', dir1, '--data', b]);
  assert.equal(again.stdout, 'Already up to date: csv holds 62 services, 19 organisations, 11 locations, 2 taxonomies, 62 taxonomy terms, and nothing changed.\n');
});

test('TabularData: the golden CSV set imports and exports byte for byte', () => {
  const data = fresh();
  const r = run(['import', 'csv', GOLDEN, '--data', data]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, 'Imported golden: 2 services, 1 organisations, 2 locations, 1 taxonomies, 2 taxonomy terms.\n');
  const out = files(exportCsv(data));
  const golden = files(GOLDEN);
  for (const [name, text] of Object.entries(golden)) {
    if (name.startsWith('taxonom') && name !== 'taxonomy_links.csv') {
      // The instance also holds the taxonomies every install gets: the golden rows are among them.
      for (const line of text.split('\r\n').slice(1).filter(Boolean)) assert.ok(out[name].includes(`\r\n${line}\r\n`), `${name}: ${line}`);
    } else {
      assert.equal(out[name], text, name);
    }
  }
});

test('TabularData: every bad CSV input gives its exact message and leaves the database unchanged', () => {
  const data = fresh();
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const before = exportNdjson(data);
  const SVC = 'a1000000-0000-4000-8000-000000000001';
  const FIX = 'Fix it and import again, or add --skip-invalid to import the valid records and leave these out.\n';
  const FIXN = 'Fix them and import again, or add --skip-invalid to import the valid records and leave these out.\n';
  // Each case edits one file of a copy of the golden set.
  const edit = (file, f) => (dir) => {
    const p = join(dir, file);
    writeFileSync(p, f(readFileSync(p, 'utf8')));
  };
  const lines = (f) => (text) => f(text.split('\r\n')).join('\r\n');
  const cases = {
    'wrong columns': [edit('services.csv', (t) => t.replace('organisation_id,name,', 'organisation,name,')),
      'localoffer: services.csv line 1: the column organisation_id is missing; the column "organisation" is not part of the set. The header row must be: id,organisation_id,name,summary,description,status,url,email,min_age,max_age,eligibility,referral_routes,referral_url,how_to_access,free,delivery_modes,waiting_time,last_checked,review_due,last_modified,source\nNothing was imported.\n'],
    'missing file': [(dir) => rmSync(join(dir, 'contacts.csv')),
      'localoffer: contacts.csv: the file is missing. Keep all 14 files of the set together; a file with only its header row means there are none\nNothing was imported.\n'],
    'unbalanced quotes': [edit('languages.csv', (t) => t.replace(',British Sign Language', ',"British Sign Language')),
      'localoffer: languages.csv line 3: a quoted field starts here but its closing quote is missing, so the rest of the file cannot be read. Check the quotes on this line, or export the file again if it was cut short\nNothing was imported.\n'],
    'too many fields': [edit('languages.csv', lines((l) => { l[1] += ',Welsh'; return l; })),
      'localoffer: golden has 1 problem, so nothing was written:\n' +
      '  languages.csv line 2: the row has 4 fields but the header has 3. Put double quotes around any value that holds a comma; if the file was cut short, export it again\n' + FIX],
    'bad uuid': [edit('organisations.csv', (t) => t.replaceAll('b1000000-0000-4000-8000-000000000001', 'org-1')),
      'localoffer: golden has 3 problems, so nothing was written:\n' +
      '  organisations.csv line 2 (id org-1): organization.id: The id must be a UUID, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301\n' +
      `  services.csv line 2 (id ${SVC}): organization_id: no organisation has the id b1000000-0000-4000-8000-000000000001 in this input or in the directory\n` +
      '  services.csv line 6 (id a1000000-0000-4000-8000-000000000002): organization_id: no organisation has the id b1000000-0000-4000-8000-000000000001 in this input or in the directory\n' + FIXN],
    'missing required field': [edit('services.csv', (t) => t.replace(`${SVC},b1000000-0000-4000-8000-000000000001,Tabular play scheme,`, `${SVC},b1000000-0000-4000-8000-000000000001,,`)),
      'localoffer: golden has 1 problem, so nothing was written:\n' +
      `  services.csv line 2 (id ${SVC}): name: Enter the service name\n` + FIX],
    'dangling reference': [edit('contacts.csv', (t) => t + 'c9000000-0000-4000-8000-000000000009,a9000000-0000-4000-8000-000000000009,Nobody,,\r\n'),
      'localoffer: golden has 1 problem, so nothing was written:\n' +
      '  contacts.csv line 4 (id c9000000-0000-4000-8000-000000000009): service_id: no service in services.csv has the id a9000000-0000-4000-8000-000000000009. Rows in contacts.csv must belong to a service in services.csv\n' + FIX],
    'duplicate ids': [edit('locations.csv', lines((l) => { l.splice(2, 0, l[1]); return l; })),
      'localoffer: golden has 1 problem, so nothing was written:\n' +
      '  locations.csv line 4 (id d1000000-0000-4000-8000-000000000001): id: d1000000-0000-4000-8000-000000000001 is used by more than one row (first at line 2). Ids must be unique\n' + FIX],
    'truncated inside a quoted value': [edit('services.csv', (t) => t.slice(0, t.indexOf('With "'))),
      'localoffer: services.csv line 2: a quoted field starts here but its closing quote is missing, so the rest of the file cannot be read. Check the quotes on this line, or export the file again if it was cut short\nNothing was imported.\n'],
    'truncated row': [edit('services.csv', (t) => t.slice(0, t.indexOf('Tabular helpline,') + 'Tabular helpline,'.length)),
      'localoffer: golden has 3 problems, so nothing was written:\n' +
      '  contacts.csv line 3 (id c1000000-0000-4000-8000-000000000002): service_id: no service in services.csv has the id a1000000-0000-4000-8000-000000000002. Rows in contacts.csv must belong to a service in services.csv\n' +
      '  phones.csv line 3 (id ab000000-0000-4000-8000-000000000002): service_id: no service in services.csv has the id a1000000-0000-4000-8000-000000000002. Rows in phones.csv must belong to a service in services.csv\n' +
      '  services.csv line 6: the row has 4 fields but the header has 22. Put double quotes around any value that holds a comma; if the file was cut short, export it again\n' + FIXN],
  };
  for (const [name, [change, expected]] of Object.entries(cases)) {
    const dir = join(fresh(), 'golden');
    cpSync(GOLDEN, dir, { recursive: true });
    change(dir);
    const r = run(['import', 'csv', dir, '--data', data]);
    assert.equal(r.status, 1, `${name}: ${r.stdout}`);
    assert.equal(r.stderr, expected, name);
    assert.equal(exportNdjson(data), before, name);
  }
});
