#!/usr/bin/env node
// ORUK 3.0 conformance checker: the official validator's checks (docs/oruk.md, C1-C5) against
// the official schemas in ../shared/data/oruk-schema, plus our stricter checks (page envelope
// arithmetic, no nulls, CORS, JSON content type, unique ids, resolvable organisations, AND-ed
// filters, 404 for unknown ids). Usage:
//   node tools/oruk-check/check.mjs http://127.0.0.1:8080/openreferral [--validator-only]
//        [--schema-dir DIR] [--id-limit N] [--json]
// Exit status: 0 pass (no errors, no warnings), 1 errors, 2 warnings only, 3 cannot run.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';

const here = dirname(fileURLToPath(import.meta.url));
export const DEFAULT_SCHEMA_DIR = resolve(here, '../../../shared/data/oruk-schema');
const SCHEMA_PREFIX = 'https://openreferraluk.org/specifications/3.0/schema/';

// Formats as Newtonsoft.Json.Schema 4.0.1 asserts them (docs/oruk.md §4.1 step 9).
const FORMATS = {
  uuid: (v) => /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(v),
  // Uri.IsWellFormedUriString(v, Absolute): a scheme, no spaces or unescaped specials.
  uri: (v) => /^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>"{}|\\^`]*$/.test(v) && !/%(?![0-9A-Fa-f]{2})/.test(v) &&
    (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(v) || /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#\s]+/.test(v)),
  email: (v) => /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@([A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$/.test(v),
  'date-time': (v) => {
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}(:?\d{2})?)?$/.exec(v);
    if (!m) return false;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
    const days = new Date(Date.UTC(y, mo, 0)).getUTCDate();
    return mo >= 1 && mo <= 12 && d >= 1 && d <= days && h <= 23 && mi <= 59 && s <= 59;
  },
  date: (v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`)),
};

export function loadSpec(schemaDir = DEFAULT_SCHEMA_DIR) {
  if (!existsSync(join(schemaDir, 'openapi.json')))
    throw new Error(`The ORUK schemas are not at ${schemaDir}. Clone the shared data folder next to ` +
      'the repository (../shared/data/oruk-schema) or pass --schema-dir.');
  const openapi = JSON.parse(readFileSync(join(schemaDir, 'openapi.json'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  for (const [name, fn] of Object.entries(FORMATS)) ajv.addFormat(name, { type: 'string', validate: fn });
  for (const file of readdirSync(join(schemaDir, 'schema')).filter((f) => f.endsWith('.json'))) {
    const schema = JSON.parse(readFileSync(join(schemaDir, 'schema', file), 'utf8'));
    delete schema.$schema;
    delete schema.$id;
    ajv.addSchema(schema, SCHEMA_PREFIX + file);
  }
  const endpoints = [];
  for (const [path, item] of Object.entries(openapi.paths)) {
    const op = item.get;
    if (!op) continue;
    const ref = op.responses?.['200']?.content?.['application/json']?.schema?.$ref;
    const params = (op.parameters ?? []).map((p) => (typeof p === 'string' ? p : p.name ?? p.$ref?.split('/').pop()));
    endpoints.push({
      path,
      optional: (op.tags ?? []).some((t) => String(t).toLowerCase() === 'optional'),
      paged: params.includes('page'),
      validate: ref ? ajv.getSchema(ref) : null,
      schemaName: ref ? ref.split('/').pop() : '(none)',
    });
  }
  return { endpoints };
}

function schemaMessages(validate, body) {
  if (!validate || validate(body)) return [];
  return validate.errors.map((e) => `${e.instancePath || '(root)'} ${e.message}${e.params?.format ? '' : ''}`);
}

function findNulls(value, path = '', out = []) {
  if (value === null) out.push(path || '(root)');
  else if (Array.isArray(value)) value.forEach((v, i) => findNulls(v, `${path}/${i}`, out));
  else if (typeof value === 'object') for (const [k, v] of Object.entries(value)) findNulls(v, `${path}/${k}`, out);
  return out;
}

async function get(url, timeoutMs = 30_000) {
  const started = Date.now();
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { 'User-Agent': 'localoffer-oruk-check' } });
    const text = await res.text();
    let body;
    try { body = JSON.parse(text); } catch { body = undefined; }
    return { status: res.status, headers: res.headers, body, text, ms: Date.now() - started };
  } catch (e) {
    return { status: 0, error: String(e.message ?? e), ms: Date.now() - started };
  }
}

const ok = (r) => r.status >= 200 && r.status < 300;

// Checks a feed. base is the API root (no trailing slash needed). Returns
// { verdict: 'pass'|'warn'|'fail', errors: [...], warnings: [...], endpoints: {path: status} }.
// validatorOnly: only what the official validator checks (for its mock feeds); otherwise every
// page, every id (up to idLimit per collection) and our stricter checks too.
export async function checkFeed(base, { schemaDir, validatorOnly = false, idLimit = Infinity, perPage = 200 } = {}) {
  const spec = loadSpec(schemaDir);
  base = base.replace(/\/+$/, '');
  const errors = [];
  const warnings = [];
  const status = {};
  const issue = (list, endpoint, message) => list.push(`${endpoint}: ${message}`);
  const ids = {};
  const byPath = Object.fromEntries(spec.endpoints.map((e) => [e.path, e]));

  const extraChecks = (endpoint, url, r) => {
    if (validatorOnly) return;
    if (r.headers?.get('access-control-allow-origin') !== '*')
      issue(errors, endpoint, `${url} has no "Access-Control-Allow-Origin: *" header`);
    if (!/^application\/json\b/.test(r.headers?.get('content-type') ?? ''))
      issue(errors, endpoint, `${url} is not sent as application/json (Content-Type: ${r.headers?.get('content-type')})`);
    for (const p of findNulls(r.body).slice(0, 5)) issue(errors, endpoint, `${url} has null at ${p}; omit empty fields instead`);
  };

  // C1: the root, with and without the trailing slash.
  {
    const ep = byPath['/'];
    let failed = false;
    for (const url of [base, `${base}/`]) {
      if (validatorOnly && url === base) continue;
      const r = await get(url);
      if (!ok(r)) { issue(errors, '/', `${url} answered ${r.status || r.error}`); failed = true; continue; }
      for (const m of schemaMessages(ep.validate, r.body)) { issue(errors, '/', `${url} ${m}`); failed = true; }
      const version = String(r.body?.version ?? '').replace('HSDS-UK-', '').replace(/[vV]/g, '');
      if (!(parseFloat(version) === 3)) { issue(errors, '/', `version ${JSON.stringify(r.body?.version)} does not select ORUK 3.0; send "HSDS-UK-3.0"`); failed = true; }
      extraChecks('/', url, r);
    }
    status['/'] = failed ? 'FailedValidation' : 'PassedValidation';
  }

  // C2: list endpoints.
  const lists = spec.endpoints.filter((e) => e.paged);
  for (const ep of lists) {
    const found = [];
    const problem = (msg, severity) => issue(severity === 'warn' ? warnings : errors, ep.path, msg);
    const fetchPage = async (page) => {
      const url = `${base}${ep.path}?page=${page}${validatorOnly ? '' : `&per_page=${perPage}`}`;
      const r = await get(url);
      if (!ok(r)) return { r, url, fail: true };
      const messages = schemaMessages(ep.validate, r.body);
      for (const m of messages.slice(0, 20)) problem(`${url} ${m}`);
      if (messages.length > 20) problem(`${url} ${messages.length - 20} more schema errors`);
      extraChecks(ep.path, url, r);
      return { r, url, fail: false, schemaErrors: messages.length };
    };
    const first = await fetchPage(1);
    if (first.fail) {
      problem(`${first.url} answered ${first.r.status || first.r.error}`, ep.optional ? 'warn' : 'error');
      status[ep.path] = ep.optional ? 'PassedWithWarnings' : 'FailedValidation';
      continue;
    }
    const body = first.r.body ?? {};
    const items = Array.isArray(body.contents) ? body.contents : [];
    const totalPages = Number.isInteger(body.total_pages) ? body.total_pages : 1;
    let schemaErrors = first.schemaErrors;
    if (items.length === 0) {
      problem(`${first.url} has no items (EMPTY_FEED_WARNING), so ${ep.path}/{id} cannot be tested`, 'warn');
      status[ep.path] = schemaErrors ? 'FailedValidation' : 'PassedWithWarnings';
      continue;
    }
    const pages = [first];
    const wanted = new Set();
    if (validatorOnly) {
      if (totalPages > 2) wanted.add(Math.floor(totalPages / 2));
      if (totalPages > 1) wanted.add(totalPages);
    } else {
      for (let p = 2; p <= totalPages; p++) wanted.add(p);
    }
    let nonOk = false;
    for (const p of wanted) {
      const page = await fetchPage(p);
      if (page.fail) { problem(`${page.url} answered ${page.r.status || page.r.error}`, ep.optional ? 'warn' : 'error'); nonOk = true; continue; }
      schemaErrors += page.schemaErrors;
      pages.push({ ...page, number: p });
    }
    pages[0].number = 1;
    if (!validatorOnly) {
      // Our envelope rules, on every page.
      for (const { r, url, number } of pages) {
        const b = r.body ?? {};
        for (const [k, t] of [['total_items', 'integer'], ['total_pages', 'integer'], ['page_number', 'integer'], ['size', 'integer'], ['first_page', 'boolean'], ['last_page', 'boolean'], ['empty', 'boolean']]) {
          if (t === 'integer' ? !Number.isInteger(b[k]) : typeof b[k] !== 'boolean') problem(`${url} page field ${k} is missing or not ${t === 'integer' ? 'a whole number' : 'true/false'}`);
        }
        const c = Array.isArray(b.contents) ? b.contents : [];
        if (b.page_number !== number) problem(`${url} page_number is ${b.page_number}, expected ${number}`);
        if (b.size !== c.length) problem(`${url} size is ${b.size} but contents has ${c.length} items`);
        if (b.first_page !== (number === 1)) problem(`${url} first_page is ${b.first_page}`);
        if (b.last_page !== (number >= b.total_pages)) problem(`${url} last_page is ${b.last_page} on page ${number} of ${b.total_pages}`);
        if (b.empty !== (b.total_items === 0)) problem(`${url} empty is ${b.empty} with total_items ${b.total_items}`);
        if (b.total_pages !== Math.ceil(b.total_items / perPage)) problem(`${url} total_pages ${b.total_pages} is not ceil(${b.total_items}/${perPage})`);
        for (const item of c) found.push(item);
      }
      if (found.length !== body.total_items) problem(`the pages hold ${found.length} items but total_items is ${body.total_items}`);
      const seen = new Set();
      for (const item of found) {
        if (seen.has(item.id)) problem(`id ${item.id} appears more than once`);
        seen.add(item.id);
      }
      const beyond = await get(`${base}${ep.path}?page=${totalPages + 1}&per_page=${perPage}`);
      if (!ok(beyond) || !Array.isArray(beyond.body?.contents) || beyond.body.contents.length !== 0)
        problem(`page ${totalPages + 1} (past the end) should be 200 with no items, got ${beyond.status}`);
    } else {
      for (const item of items) found.push(item);
    }
    ids[ep.path] = (validatorOnly ? items : found).map((i) => i?.id).filter((i) => typeof i === 'string' && i);
    if (nonOk && !ep.optional) status[ep.path] = 'FailedValidation';
    else if (schemaErrors) status[ep.path] = 'FailedValidation';
    else if (nonOk) status[ep.path] = 'PassedWithWarnings';
    else status[ep.path] = 'PassedValidation';
  }

  // C3: detail endpoints.
  for (const ep of spec.endpoints.filter((e) => e.path.endsWith('/{id}'))) {
    const root = ep.path.replace('/{id}', '');
    const list = ids[root] ?? [];
    if (list.length === 0) {
      issue(warnings, ep.path, 'not tested: no ids were available from the list (NO_IDS_AVAILABLE)');
      status[ep.path] = 'NotTested';
      continue;
    }
    const sample = validatorOnly ? list.slice(0, 10) : list.slice(0, idLimit);
    let worst = 'PassedValidation';
    for (const id of sample) {
      const url = `${base}${root}/${id}`;
      const r = await get(url);
      if (!ok(r)) {
        issue(ep.optional ? warnings : errors, ep.path, `${url} answered ${r.status || r.error}`);
        worst = ep.optional ? (worst === 'FailedValidation' ? worst : 'PassedWithWarnings') : 'FailedValidation';
        continue;
      }
      const messages = schemaMessages(ep.validate, r.body);
      for (const m of messages.slice(0, 10)) issue(ep.optional ? warnings : errors, ep.path, `${url} ${m}`);
      if (messages.length) worst = ep.optional ? (worst === 'FailedValidation' ? worst : 'PassedWithWarnings') : 'FailedValidation';
      if (!validatorOnly && r.body?.id !== id) issue(errors, ep.path, `${url} returned id ${r.body?.id}`);
      extraChecks(ep.path, url, r);
    }
    status[ep.path] = worst;
    if (!validatorOnly) {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const r = await get(`${base}${root}/${unknown}`);
      if (r.status !== 404 || typeof r.body?.error?.message !== 'string')
        issue(errors, ep.path, `an unknown id should give 404 with a JSON error, got ${r.status}`);
      else extraChecks(ep.path, `${base}${root}/${unknown}`, r);
    }
  }

  // C6 extras: organisations resolve; filters combine with AND.
  if (!validatorOnly && ids['/services']?.length) {
    const services = await collect(`${base}/services?full=true`, perPage);
    const orgCache = new Map();
    for (const s of services) {
      if (!s.organization_id) { issue(errors, '/services', `service ${s.id} has no organization_id`); continue; }
      if (!orgCache.has(s.organization_id)) orgCache.set(s.organization_id, (await get(`${base}/organizations/${s.organization_id}`)).status);
      if (orgCache.get(s.organization_id) !== 200) issue(errors, '/services', `service ${s.id}: organization ${s.organization_id} does not resolve (${orgCache.get(s.organization_id)})`);
    }
    const withTerm = services.find((s) => (s.attributes ?? []).some((a) => a.taxonomy_term_id));
    if (withTerm) {
      const term = withTerm.attributes.find((a) => a.taxonomy_term_id).taxonomy_term_id;
      const byOrg = new Set((await collect(`${base}/services?organization_id=${withTerm.organization_id}`, perPage)).map((s) => s.id));
      const byTerm = new Set((await collect(`${base}/services?taxonomy_term_id=${term}`, perPage)).map((s) => s.id));
      const both = (await collect(`${base}/services?organization_id=${withTerm.organization_id}&taxonomy_term_id=${term}`, perPage)).map((s) => s.id);
      const expected = [...byOrg].filter((id) => byTerm.has(id));
      if (both.length !== expected.length || !both.every((id) => byOrg.has(id) && byTerm.has(id)) || !both.includes(withTerm.id))
        issue(errors, '/services', `organization_id and taxonomy_term_id do not combine with AND (${both.length} results, expected ${expected.length})`);
    }
  }

  const requiredFailed = spec.endpoints.some((e) => !e.optional && status[e.path] === 'FailedValidation');
  const anyFailed = Object.values(status).includes('FailedValidation');
  const verdict = requiredFailed || anyFailed || errors.length ? 'fail' : warnings.length ? 'warn' : 'pass';
  return { verdict, errors, warnings, endpoints: status };
}

async function collect(url, perPage) {
  const out = [];
  for (let page = 1; ; page++) {
    const r = await get(`${url}&page=${page}&per_page=${perPage}`);
    if (!ok(r) || !Array.isArray(r.body?.contents)) break;
    out.push(...r.body.contents);
    if (r.body.last_page !== false) break;
  }
  return out;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const base = args.find((a) => !a.startsWith('--'));
  const opt = (name) => { const i = args.indexOf(name); return i >= 0 ? args[i + 1] : undefined; };
  if (!base) { console.error('usage: check.mjs BASE_URL [--validator-only] [--schema-dir DIR] [--id-limit N] [--json]'); process.exit(3); }
  try {
    const result = await checkFeed(base, {
      schemaDir: opt('--schema-dir'), validatorOnly: args.includes('--validator-only'),
      idLimit: opt('--id-limit') ? Number(opt('--id-limit')) : Infinity,
    });
    if (args.includes('--json')) console.log(JSON.stringify(result, null, 2));
    else {
      for (const [path, s] of Object.entries(result.endpoints)) console.log(`${s.padEnd(20)} ${path}`);
      for (const e of result.errors) console.log(`ERROR   ${e}`);
      for (const w of result.warnings) console.log(`WARNING ${w}`);
      console.log(`ORUK 3.0 conformance: ${result.verdict.toUpperCase()}, ${result.errors.length} errors, ${result.warnings.length} warnings`);
    }
    process.exit(result.verdict === 'pass' ? 0 : result.verdict === 'warn' ? 2 : 1);
  } catch (e) {
    console.error(`oruk-check: ${e.message}`);
    process.exit(3);
  }
}
