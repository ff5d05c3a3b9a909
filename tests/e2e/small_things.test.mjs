// Issue 14, item 8: small things. HEAD answers carry GET's headers; "Is this page useful?" is not
// on admin pages; "Recently updated" is newest first whatever time zone a feed wrote; advice
// pages link phone numbers, e-mail addresses and cross-references, and spell acronyms out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, startServer, stopServer, tempDir, removeDir, startDemoServer, stopDemoServer } from './harness.mjs';

let server;

before(async () => { server = await startDemoServer(); });
after(async () => { await stopDemoServer(server); });

// One request with exactly these headers (fetch would add and strip some).
function request(method, path, headers = {}) {
  const { hostname, port } = new URL(server.base);
  return new Promise((resolve, reject) => {
    const req = http.request({ hostname, port, path, method, headers }, (res) => {
      let length = 0;
      res.on('data', (chunk) => { length += chunk.length; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, length }));
    });
    req.on('error', reject);
    req.end();
  });
}

const html = async (path) => (await fetch(server.base + path)).text();

test('HEAD answers carry the same headers as GET, compressed or not', async () => {
  const page = (await html('/categories/health')).match(/href="(\/services\/[0-9a-f-]{36})"/)[1];
  for (const path of ['/', page, '/advice/sendiass']) {
    for (const encoding of ['gzip', 'identity']) {
      const headers = { 'Accept-Encoding': encoding };
      const get = await request('GET', path, headers);
      const head = await request('HEAD', path, headers);
      assert.equal(head.status, get.status, path);
      assert.equal(head.length, 0, `${path}: HEAD has no body`);
      for (const name of ['content-type', 'content-encoding', 'content-length', 'etag', 'vary', 'cache-control'])
        assert.equal(head.headers[name], get.headers[name], `${path} (${encoding}): ${name}`);
      if (encoding === 'gzip') assert.equal(head.headers['content-encoding'], 'gzip', path);
      assert.ok(head.headers.etag, `${path} has an ETag`);
    }
  }
});

test('"Is this page useful?" is on public pages and not on admin pages', async () => {
  assert.match(await html('/advice'), /Is this page useful\?/);
  for (const path of ['/admin/login', '/admin/forgot-password']) {
    const body = await html(path);
    assert.match(body, /<main/, path);
    assert.doesNotMatch(body, /Is this page useful\?/, path);
    assert.doesNotMatch(body, /Report a problem with this page/, path);
  }
});

test('advice pages make phone numbers, e-mail addresses and cross-references into links', async () => {
  const sendiass = await html('/advice/sendiass');
  assert.match(sendiass, /<a class="govuk-link" href="tel:01865810516">01865 810516<\/a>/);
  const ehc = await html('/advice/ehc-plans');
  assert.match(ehc, /<a class="govuk-link" href="tel:02084966503">020 8496 6503<\/a>/);
  assert.match(ehc, /<a class="govuk-link" href="mailto:senteam@walthamforest\.gov\.uk">senteam@walthamforest\.gov\.uk<\/a>/);
  assert.match(ehc, /<a class="govuk-link" href="\/advice\/complaints-mediation-and-tribunal">complaints, mediation and the tribunal<\/a>/);
  const nhs = await html('/advice/who-commissions-health-services');
  assert.match(nhs, /<a class="govuk-link" href="tel:03003112233">0300 311 22 33<\/a>/);
  assert.match(nhs, /<a class="govuk-link" href="\/advice\/personal-health-budgets">personal health budgets<\/a>/);
});

test('advice pages spell out each acronym at its first use only', async () => {
  const page = await html('/advice/who-commissions-health-services');
  const main = page.slice(page.indexOf('<main'), page.indexOf('</main>'));
  assert.equal((main.match(/integrated care board \(ICB\)/gi) ?? []).length, 1, 'ICB spelled out once');
  assert.equal((main.match(/clinical commissioning group \(CCG\)|clinical commissioning groups \(CCGs\)/gi) ?? []).length >= 1, true);
  const early = await html('/advice/health-early-notification');
  const body = early.slice(early.indexOf('<main'), early.indexOf('</main>'));
  const first = body.search(/\bSEND\b/);
  assert.ok(first > 0);
  assert.match(body.slice(first - 50, first + 6), /special educational needs and disabilities \(SEND\)/);
});

test('"Recently updated" on the home page is newest first, whatever the time zone', async () => {
  // A feed whose times are in different zones: by the clock, B is newest, then C, then A.
  const dir = tempDir();
  try {
    const org = { id: '11111111-1111-4111-8111-111111111111', name: 'Org', description: 'd' };
    const service = (id, name, last_modified) => ({ id, name, status: 'active', organization: org, last_modified });
    const file = join(dir, 'feed.json');
    writeFileSync(file, JSON.stringify([
      service('22222222-2222-4222-8222-22222222222a', 'A at 04:00 UTC', '2026-03-01T09:00:00+05:00'),
      service('22222222-2222-4222-8222-22222222222b', 'B at 08:00 UTC', '2026-03-01T08:00:00Z'),
      service('22222222-2222-4222-8222-22222222222c', 'C at 06:00 UTC', '2026-03-01T06:00:00+00:00'),
    ]));
    const data2 = join(dir, 'data');
    const imported = cli(['import', 'oruk', file, '--data', data2]);
    assert.equal(imported.status, 0, imported.stderr);
    const other = await startServer({ data: data2 });
    try {
      const home = await (await fetch(`${other.base}/`)).text();
      const names = [...home.matchAll(/>([ABC]) at \d\d:00 UTC</g)].map((m) => m[1]);
      assert.deepEqual(names, ['B', 'C', 'A']);
    } finally {
      await stopServer(other);
    }
  } finally {
    removeDir(dir);
  }
});
