// The Open Referral UK 3.0 API, driven over HTTP against the real binary with the demo Local
// Offer loaded: conformance (tools/oruk-check), parameters, envelopes, errors and CORS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { BIN, cli, tempDir, removeDir, startServer, stopServer } from './harness.mjs';
import { checkFeed } from '../../tools/oruk-check/check.mjs';
import { serveMock } from '../../tools/oruk-check/mock-server.mjs';
import { sharedDataOrSkip } from './shared_data.mjs';


let server;
let data;
let api;
before(async () => {
  data = tempDir();
  const load = cli(['demo', 'load', '--data', data]);
  assert.equal(load.status, 0, load.stderr);
  server = await startServer({ data });
  api = `${server.base}/openreferral`;
});
after(async () => {
  if (server) await stopServer(server);
  removeDir(data);
});

const getJson = async (path) => {
  const res = await fetch(`${api}${path}`);
  return { status: res.status, headers: res.headers, body: await res.json() };
};

test('OpenReferralFeed: the demo Local Offer passes the ORUK 3.0 conformance checks with no errors or warnings', async (t) => {
  if (!sharedDataOrSkip(t, 'oruk-schema/openapi.json')) return;
  const result = await checkFeed(api, { perPage: 20 });
  assert.deepEqual(result.errors, []);
  assert.deepEqual(result.warnings, []);
  assert.equal(result.verdict, 'pass');
});

test('OpenReferralFeed: the checker flags the validator mock feeds as the official validator does', async (t) => {
  const found = sharedDataOrSkip(t, 'oruk-examples/validator-mocks', 'oruk-schema/openapi.json');
  if (!found) return;
  const [mocks] = found;
  const expected = {
    'V3.0-UK-Default': ['pass', {}],
    'V3.0-UK-Warn': ['warn', { '/taxonomy_terms/{id}': 'PassedWithWarnings' }],
    'V3.0-UK-Fail': ['fail', { '/': 'FailedValidation', '/services': 'FailedValidation', '/services/{id}': 'FailedValidation', '/taxonomy_terms/{id}': 'PassedWithWarnings' }],
  };
  for (const [name, [verdict, notPassed]] of Object.entries(expected)) {
    const mock = await serveMock(`${mocks}/${name}`);
    try {
      const result = await checkFeed(mock.base, { validatorOnly: true });
      assert.equal(result.verdict, verdict, name);
      const actual = Object.fromEntries(Object.entries(result.endpoints).filter(([, s]) => s !== 'PassedValidation'));
      assert.deepEqual(actual, notPassed, name);
    } finally {
      mock.close();
    }
  }
});

test('OpenReferralFeed: GET /openreferral and /openreferral/ describe the API with absolute URIs', async () => {
  for (const path of ['', '/']) {
    const { status, headers, body } = await getJson(path);
    assert.equal(status, 200);
    assert.equal(headers.get('access-control-allow-origin'), '*');
    assert.match(headers.get('content-type'), /^application\/json/);
    assert.equal(body.version, 'HSDS-UK-3.0');
    assert.match(body.profile, /^https:\/\//);
    assert.match(body.openapi_url, /^https:\/\//);
  }
});

test('OpenReferralFeed: the page envelope is consistent on every page', async () => {
  const first = await getJson('/services?per_page=25');
  assert.equal(first.body.total_items, 62);
  assert.equal(first.body.total_pages, 3);
  assert.equal(first.body.size, 25);
  assert.equal(first.body.first_page, true);
  assert.equal(first.body.last_page, false);
  const last = await getJson('/services?per_page=25&page=3');
  assert.equal(last.body.size, 12);
  assert.equal(last.body.last_page, true);
  assert.equal(last.body.first_page, false);
  const beyond = await getJson('/services?per_page=25&page=9');
  assert.equal(beyond.status, 200);
  assert.deepEqual(beyond.body.contents, []);
  assert.equal(beyond.body.empty, false);
  const none = await getJson('/services?search=zzzznotaword');
  assert.deepEqual({ ...none.body }, { total_items: 0, total_pages: 0, page_number: 1, size: 0, first_page: true, last_page: true, empty: true, contents: [] });
});

test('OpenReferralFeed: filters combine with AND', async () => {
  const all = (await getJson('/services?full=true&per_page=200')).body.contents;
  const s = all.find((x) => x.attributes.length && x.minimum_age !== undefined);
  const term = s.attributes[0].taxonomy_term_id;
  const ids = async (q) => (await getJson(`/services?per_page=200&${q}`)).body.contents.map((x) => x.id);
  const byOrg = await ids(`organization_id=${s.organization_id}`);
  const byTerm = await ids(`taxonomy_term_id=${term}`);
  const both = await ids(`organization_id=${s.organization_id}&taxonomy_term_id=${term}`);
  assert.deepEqual(both, byOrg.filter((id) => byTerm.includes(id)));
  assert.ok(both.includes(s.id));
  const byAge = await ids(`age=${s.minimum_age}`);
  assert.ok(byAge.includes(s.id));
  for (const x of all.filter((y) => byAge.includes(y.id)))
    assert.ok((x.minimum_age ?? 0) <= s.minimum_age && (x.maximum_age ?? 99) >= s.minimum_age);
  const search = await ids(`search=${encodeURIComponent(s.name.split(' ')[0])}`);
  assert.ok(search.includes(s.id));
  const future = await ids('modified_after=2999-01-01T00:00:00Z');
  assert.deepEqual(future, []);
  const past = await ids('modified_after=2000-01-01T00:00:00%2B01:00');
  assert.equal(past.length, 62);
  const taxonomy = s.attributes[0].taxonomy_term.taxonomy_id;
  const byTaxonomy = await ids(`taxonomy_id=${taxonomy}`);
  assert.ok(byTaxonomy.includes(s.id));
});

test('OpenReferralFeed: minimal, full and ndjson change what a service list holds', async () => {
  const minimal = (await getJson('/services?minimal=true&per_page=200')).body.contents;
  assert.deepEqual(Object.keys(minimal[0]).sort(), ['id', 'last_modified']);
  const full = (await getJson('/services?full=true&per_page=1')).body.contents[0];
  assert.ok(Array.isArray(full.service_at_locations) && Array.isArray(full.contacts));
  const res = await fetch(`${api}/services?format=ndjson`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.length, 62);
});

test('OpenReferralFeed: SEND fields are published as HSDS extras and attributes', async () => {
  const all = (await getJson('/services?full=true&per_page=200')).body.contents;
  const s = all.find((x) => x.attributes.some((a) => a.link_type === 'eligibility'));
  assert.ok(s, 'a service linked to a SEND need');
  assert.equal(typeof s.eligibility_description, 'string');
  assert.ok(Array.isArray(s.referral_routes));
  const a = s.attributes.find((x) => x.link_type === 'eligibility');
  assert.equal(a.link_id, s.id);
  const term = await getJson(`/taxonomy_terms/${a.taxonomy_term_id}`);
  assert.equal(term.status, 200);
  assert.equal(term.body.name, a.taxonomy_term.name);
});

test('OpenReferralFeed: taxonomy terms filter by taxonomy, parent and top level', async () => {
  const taxonomies = (await getJson('/taxonomies')).body.contents;
  assert.equal(taxonomies.length, 2);
  const terms = (await getJson(`/taxonomy_terms?taxonomy_id=${taxonomies[0].id}&per_page=200`)).body.contents;
  assert.ok(terms.every((t) => t.taxonomy_id === taxonomies[0].id));
  const top = (await getJson(`/taxonomy_terms?taxonomy_id=${taxonomies[0].id}&top_only=true&per_page=200`)).body.contents;
  assert.ok(top.length > 0 && top.every((t) => t.parent_id === undefined));
  const child = terms.find((t) => t.parent_id);
  if (child) {
    const siblings = (await getJson(`/taxonomy_terms?parent_id=${child.parent_id}&per_page=200`)).body.contents;
    assert.ok(siblings.some((t) => t.id === child.id) && siblings.every((t) => t.parent_id === child.parent_id));
  }
});

test('OpenReferralFeed: organisations nest their services with full_service', async () => {
  const orgs = (await getJson('/organizations?per_page=200')).body.contents;
  assert.equal(orgs.length, 19);
  const org = await getJson(`/organizations/${orgs[0].id}?full_service=true`);
  assert.equal(org.status, 200);
  assert.ok(Array.isArray(org.body.services));
});

test('OpenReferralFeed: service at locations filter by postcode and proximity', async () => {
  const sals = (await getJson('/service_at_locations?per_page=200')).body.contents;
  const located = sals.find((x) => x.location?.addresses?.[0]?.postal_code && x.location.latitude !== undefined);
  assert.ok(located);
  const postcode = located.location.addresses[0].postal_code;
  const near = (await getJson(`/service_at_locations?per_page=200&postcode=${encodeURIComponent(postcode)}&proximity=1000`)).body.contents;
  assert.ok(near.some((x) => x.id === located.id));
  const district = (await getJson(`/service_at_locations?per_page=200&postcode=${encodeURIComponent(postcode.split(' ')[0])}`)).body.contents;
  assert.ok(district.some((x) => x.id === located.id));
  const one = await getJson(`/service_at_locations/${located.id}`);
  assert.equal(one.status, 200);
  assert.equal(one.body.location.id, located.location_id);
});

// With proximity, the centre is the gazetteer's point (db/seeds/gazetteer) for the postcode or,
// for a district, the district's: even a district none of our places is in (where the mean of our
// own places, the fallback, has nothing to go on) gives exactly the places within the distance.
test('OpenReferralFeed: postcode and proximity measure from the gazetteer\'s point', async () => {
  const rows = readFileSync(new URL('../../db/seeds/gazetteer/outcodes.csv', import.meta.url), 'utf8')
    .trim().split('\n').slice(1).map((l) => l.split(','));
  const sals = (await getJson('/service_at_locations?per_page=200&full=true')).body.contents;
  const placed = sals.filter((x) => x.location?.latitude !== undefined);
  const metres = (a, b) => {
    const r = (d) => (d * Math.PI) / 180;
    const h = Math.sin(r(b[0] - a[0]) / 2) ** 2 +
      Math.cos(r(a[0])) * Math.cos(r(b[0])) * Math.sin(r(b[1] - a[1]) / 2) ** 2;
    return 2 * 6371000 * Math.asin(Math.min(1, Math.sqrt(h)));
  };
  const away = (at, x) => metres(at, [x.location.latitude, x.location.longitude]);
  const district = (x) => (x.location.addresses?.[0]?.postal_code ?? '').split(' ')[0];
  // Districts none of our places is in, with places both within 4 km and further away.
  const usable = rows.map(([outcode, lat, lon]) => ({ outcode, at: [Number(lat), Number(lon)] }))
    .filter(({ outcode, at }) => !placed.some((x) => district(x) === outcode) &&
      placed.some((x) => away(at, x) < 3500) && placed.some((x) => away(at, x) > 6000));
  assert.ok(usable.length > 0, 'the demo data has no gazetteer district to test with');
  const hidden = new Set(sals.filter((x) => x.location?.latitude === undefined).map((x) => x.id));
  for (const { outcode, at } of usable) {
    const want = placed.filter((x) => away(at, x) <= 4000).map((x) => x.id).sort();
    const got = (await getJson(`/service_at_locations?per_page=200&postcode=${outcode}&proximity=4000`))
      .body.contents.map((x) => x.id);
    // Places that hide their address (home-based providers) publish no coordinates, so the
    // test cannot measure them: the answer may hold them, and must hold every place it can.
    assert.deepEqual(got.filter((id) => !hidden.has(id)).sort(), want, outcode);
  }
});

test('OpenReferralFeed: bad parameters get a 400 that names the parameter and what is allowed', async () => {
  const cases = [
    ['/services?page=0', 'page', 'The page parameter must be a whole number of 1 or more, like page=1. You sent "0".'],
    ['/services?per_page=500', 'per_page', 'The per_page parameter must be a whole number from 1 to 200. You sent "500".'],
    ['/services?organization_id=abc', 'organization_id', 'The organization_id parameter must be a UUID, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301. You sent "abc".'],
    ['/services?modified_after=yesterday', 'modified_after', 'The modified_after parameter must be an RFC 3339 date-time, like 2025-01-31T09:30:00Z (or a date, like 2025-01-31). You sent "yesterday".'],
    ['/taxonomies?format=xml', 'format', 'The format parameter must be json or ndjson. You sent "xml".'],
    ['/services?full=yes', 'full', 'The full parameter must be true or false. You sent "yes".'],
    ['/service_at_locations?postcode=nowhere', 'postcode', 'The postcode parameter must be a UK postcode or postcode district, like OX1 1AA or OX1. You sent "nowhere".'],
    ['/service_at_locations?proximity=100', 'proximity', 'The proximity parameter needs a postcode as well, like postcode=OX1 1AA&proximity=5000.'],
    ['/taxonomy_terms?parent_id=1', 'parent_id', 'The parent_id parameter must be a UUID, like 3f2504e0-4f89-41d3-9a0c-0305e82c3301. You sent "1".'],
  ];
  for (const [path, parameter, message] of cases) {
    const { status, headers, body } = await getJson(path);
    assert.equal(status, 400, path);
    assert.equal(headers.get('access-control-allow-origin'), '*');
    assert.deepEqual(body, { error: { code: 'bad_request', parameter, message } }, path);
  }
});

test('OpenReferralFeed: unknown ids and paths get a 404 JSON error with CORS', async () => {
  const id = '00000000-0000-4000-8000-000000000000';
  const { status, headers, body } = await getJson(`/services/${id}`);
  assert.equal(status, 404);
  assert.equal(headers.get('access-control-allow-origin'), '*');
  assert.deepEqual(body, { error: { code: 'not_found', message: `There is no service with the id ${id}. It may have been removed. See /openreferral/services for the list.` } });
  const other = await getJson('/nothing-here');
  assert.equal(other.status, 404);
  assert.equal(other.headers.get('access-control-allow-origin'), '*');
  assert.equal(other.body.error.code, 'not_found');
});

test('OpenReferralFeed: BIN is the binary under test', () => { assert.ok(existsSync(BIN)); });
