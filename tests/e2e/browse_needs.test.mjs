// Issue 14, item 5: browsing in families' words. /needs starts with what parents say, the four
// formal areas of need second; need and category pages take the same place and age filters as
// search; a need with no services points to its broader need and to SENDIASS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer, stopDemoServer } from './harness.mjs';

let server;

before(async () => { server = await startDemoServer(); });
after(async () => { await stopDemoServer(server); });

const text = async (path) => (await fetch(server.base + path)).text();

test('browse by need starts with the needs in parents\' words, the formal areas second', async () => {
  const html = await text('/needs');
  const words = [...html.matchAll(/<li><a class="govuk-link govuk-!-font-weight-bold" href="\/needs\/([a-z-]+)">([^<]+)<\/a>/g)]
    .map((m) => `${m[2]}=${m[1]}`);
  assert.deepEqual(words, [
    'Autism=autism', 'ADHD=adhd', 'Speech and talking=speech-language-communication',
    'Hearing=hearing', 'Sight=vision', 'Physical disability=physical',
    'Learning disability=learning-disability', 'Mental health=mental-health',
    'Medical needs=medical-conditions',
  ]);
  const common = html.indexOf('What your child needs help with');
  const formal = html.indexOf('The four areas of special educational need');
  assert.ok(common > 0 && formal > common, 'parents\' words come first, the formal areas second');
  assert.ok(html.indexOf('href="/needs/communication-interaction"') > formal);
  // Each has its count of services, as the formal areas do.
  assert.match(html, /href="\/needs\/autism">Autism<\/a> <span class="lo-count">\(\d+ services\)<\/span>/);
});

test('a need or category page searches by place and age with the term as its filter', async () => {
  const need = await text('/needs/autism');
  assert.match(need, /<form action="\/search" method="get" class="lo-browse-filter"/);
  assert.match(need, /<input type="hidden" name="need" value="autism">/);
  assert.match(need, /name="location"/);
  assert.match(need, /name="age"/);
  const category = await text('/categories/health');
  assert.match(category, /<input type="hidden" name="category" value="health">/);

  for (const [path, target] of [
    ['/needs/autism?location=OX4&age=6', '/search?need=autism&location=OX4&age=6'],
    ['/categories/health?age=4', '/search?category=health&age=4'],
    ['/needs/autism?location=OX4+1AA', '/search?need=autism&location=OX4%201AA'],
  ]) {
    const r = await fetch(server.base + path, { redirect: 'manual' });
    assert.equal(r.status, 303, path);
    assert.equal(r.headers.get('location'), target, path);
  }
  const results = await fetch(`${server.base}/search?need=autism&location=OX4&age=6`);
  assert.equal(results.status, 200);
});

test('a need with no services points to its broader need and to SENDIASS', async () => {
  const r = await fetch(`${server.base}/needs/down-syndrome`);
  assert.equal(r.status, 200);
  const html = await r.text();
  assert.match(html, /There are no services for this need yet\./);
  assert.match(html, /<a class="govuk-link" href="\/needs\/cognition-learning">See services for Cognition and learning<\/a>/);
  assert.match(html, /href="\/advice\/sendiass">SEND information, advice and support service \(SENDIASS\)<\/a>/);
});
