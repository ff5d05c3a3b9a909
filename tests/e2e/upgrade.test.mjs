// Upgrading from the oldest supported schema (docs/upgrade.md): a database built here from the
// first migration alone and filled as that version would have, opened by this binary. Every
// record is still there, check is clean, migrate --dry-run changes nothing, and the upgrade
// leaves a pre-upgrade backup that restores to the old schema (the rollback).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';

const MIGRATIONS = new URL('../../db/migrations/sqlite/', import.meta.url).pathname;
const ORG = '0b9c7a1e-0000-4000-8000-000000000001';
const LOC = '0b9c7a1e-0000-4000-8000-000000000002';
const TAX = '0b9c7a1e-0000-4000-8000-000000000003';
const TERM = '0b9c7a1e-0000-4000-8000-000000000004';
const SERVICES = [
  ['0b9c7a1e-0000-4000-8000-000000000011', 'Sensory play sessions (old schema)'],
  ['0b9c7a1e-0000-4000-8000-000000000012', 'Parent carer forum (old schema)'],
  ['0b9c7a1e-0000-4000-8000-000000000013', 'Short breaks club (old schema)'],
];

// The records a council had at schema 1, written as that version wrote them.
function schemaOneData() {
  const rows = [
    `INSERT INTO organisations (id, name, description, url, email, last_modified) VALUES ('${ORG}', 'Old Town Family Support', 'A charity for families.', 'https://example.org', 'hello@example.org', '2024-01-10T09:00:00Z');`,
    `INSERT INTO locations (id, name, address_1, city, postcode, latitude, longitude, last_modified) VALUES ('${LOC}', 'Old Town Centre', '1 High Street', 'Bicester', 'OX26 6BL', 51.9, -1.15, '2024-01-10T09:00:00Z');`,
    `INSERT INTO taxonomies (id, code, name) VALUES ('${TAX}', 'old-categories', 'Old categories');`,
    `INSERT INTO taxonomy_terms (id, taxonomy_id, code, name) VALUES ('${TERM}', '${TAX}', 'play', 'Play');`,
    `INSERT INTO advice_pages (id, slug, title, summary, body_markdown, last_modified) VALUES ('0b9c7a1e-0000-4000-8000-000000000005', 'old-advice', 'Advice from the old schema', 'Still here.', 'Text of the advice.', '2024-01-10T09:00:00Z');`,
  ];
  SERVICES.forEach(([id, name], i) => {
    rows.push(
      `INSERT INTO services (id, organisation_id, name, summary, description, min_age, max_age, last_modified, last_checked, review_due) VALUES ('${id}', '${ORG}', '${name}', 'Summary ${i}.', 'Description ${i}.', 0, 18, '2024-01-10T09:00:00Z', '2024-01-10', '2025-01-10');`,
      `INSERT INTO service_referral_routes (service_id, route, position) VALUES ('${id}', 'self', 0);`,
      `INSERT INTO service_access_steps (service_id, position, step) VALUES ('${id}', 0, 'Phone us.');`,
      `INSERT INTO service_delivery_modes (service_id, mode, position) VALUES ('${id}', 'in_person', 0);`,
      `INSERT INTO service_at_locations (id, service_id, location_id, position) VALUES ('${id.slice(0, -2)}a${i}', '${id}', '${LOC}', 0);`,
      `INSERT INTO contacts (id, service_id, position, name) VALUES ('${id.slice(0, -2)}c${i}', '${id}', 0, 'Office');`,
      `INSERT INTO contact_phones (id, contact_id, position, number) VALUES ('${id.slice(0, -2)}p${i}', '${id.slice(0, -2)}c${i}', 0, '01869 000 00${i}');`,
      `INSERT INTO schedules (id, service_id, position, byday, opens_at, closes_at) VALUES ('${id.slice(0, -2)}s${i}', '${id}', 0, 'MO,TU', '09:00', '17:00');`,
      `INSERT INTO service_areas (id, service_id, position, name) VALUES ('${id.slice(0, -2)}r${i}', '${id}', 0, 'Oxfordshire');`,
      `INSERT INTO service_taxonomy_terms (service_id, term_id) VALUES ('${id}', '${TERM}');`,
    );
  });
  return rows.join('\n');
}

function sqlite(db, sql) {
  const r = spawnSync('sqlite3', ['-bail', db], { input: sql, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim();
}

test('a database at the oldest supported schema upgrades with every record kept', async (t) => {
  if (spawnSync('sqlite3', ['-version']).status !== 0) {
    t.skip('the sqlite3 command is not installed (apt-get install sqlite3), so the old database cannot be built');
    return;
  }
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const data = join(dir, 'data');
  mkdirSync(data);
  const db = join(data, 'localoffer.db');
  sqlite(db, `.read ${join(MIGRATIONS, '0001_initial.sql')}\n${schemaOneData()}\nPRAGMA user_version = 1;`);

  const dry = cli(['migrate', '--dry-run', '--data', data]);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stdout, /is at schema 1; this version of localoffer needs schema \d+\. localoffer migrate \(and serve\) would:\n  1\. back it up to .*backups\/pre-upgrade-schema-1-to-\d+-\d{4}-\d\d-\d\d-\d{6}\.db\n  2\. apply 0002_feedback: /);
  assert.match(dry.stdout, /\. apply 0003_search: Search support/);
  assert.match(dry.stdout, /Nothing was changed\.\n$/);
  assert.equal(sqlite(db, 'PRAGMA user_version;'), '1', 'the dry run changed nothing');
  assert.ok(!existsSync(join(data, 'backups')));

  const up = cli(['migrate', '--data', data]);
  assert.equal(up.status, 0, up.stderr);
  assert.match(up.stdout, /^Backed up the database at schema 1 to .*pre-upgrade-schema-1-to-\d+-.*\.db before upgrading it to schema \d+ \(to roll back, see docs\/upgrade\.md\)\.\n/);
  const [preUpgrade] = readdirSync(join(data, 'backups'));
  assert.equal(sqlite(join(data, 'backups', preUpgrade), 'PRAGMA user_version;'), '1');

  const check = cli(['check', '--data', data]);
  assert.equal(check.status, 0, check.stderr);
  assert.match(check.stdout, /is healthy: integrity and foreign keys checked, schema version \d+, 3 services\./);
  const again = cli(['migrate', '--dry-run', '--data', data]);
  assert.match(again.stdout, /localoffer migrate has nothing to do\./);

  const server = await startServer({ data });
  try {
    for (const [id, name] of SERVICES) {
      const res = await fetch(`${server.base}/services/${id}`);
      assert.equal(res.status, 200, name);
      const html = await res.text();
      assert.ok(html.includes(name), name);
      assert.ok(html.includes('Old Town Family Support'));
    }
    const org = await fetch(`${server.base}/openreferral/organizations/${ORG}`);
    assert.equal(org.status, 200);
    const advice = await fetch(`${server.base}/advice/old-advice`);
    assert.match(await advice.text(), /Advice from the old schema/);
    const search = await (await fetch(`${server.base}/api/search?q=sensory+play`)).json();
    assert.ok(search.results.some((r) => r.id === SERVICES[0][0]), 'the upgraded records are searchable');
  } finally {
    await stopServer(server);
  }

  // Rolling back: the pre-upgrade backup restores the database as it was before the upgrade.
  const back = cli(['restore', '--data', data, join(data, 'backups', preUpgrade)]);
  assert.equal(back.status, 0, back.stderr);
  assert.equal(sqlite(db, 'PRAGMA user_version;'), '1');
  assert.equal(sqlite(db, 'SELECT COUNT(*) FROM services;'), '3');
});
