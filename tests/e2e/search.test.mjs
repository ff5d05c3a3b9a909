// A family searches the demo Local Offer over real HTTP: keywords, acronyms, spelling, places,
// filters, and bad input that gets a clear 400 and never a 500.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import zlib from 'node:zlib';
import { startDemoServer, stopDemoServer } from './harness.mjs';

let server;

before(async () => { server = await startDemoServer(); });
after(async () => { await stopDemoServer(server); });

const api = async (qs) => {
  const res = await fetch(`${server.base}/api/search?${qs}`);
  return { status: res.status, body: await res.json() };
};

test('a parent finds speech therapy for a 4 year old by typing SALT', async () => {
  const { status, body } = await api('q=SALT+for+my+4+year+old');
  assert.equal(status, 200);
  assert.equal(body.interpreted.age, 4);
  assert.ok(body.results.some((r) => /Speech and Language Therapy/.test(r.name)));
});

test('a misspelling shows the suggestion and its results on the HTML page', async () => {
  const html = await (await fetch(`${server.base}/search?q=fysio`)).text();
  assert.match(html, /Showing results for &quot;physio&quot;\./);
  assert.match(html, /Physiotherapy/);
  // "Search instead for" searches the words as typed, and then offers the correction.
  const link = html.match(/Search instead for <a class="govuk-link" href="([^"]+)">fysio<\/a>/);
  assert.ok(link, 'a "Search instead for fysio" link');
  const typed = await (await fetch(server.base + link[1].replaceAll('&amp;', '&'))).text();
  assert.match(typed, /Did you mean <a class="govuk-link" href="[^"]*q=physio[^"]*">physio<\/a>\?/);
  assert.doesNotMatch(typed, /Showing results for/);
});

test('each misspelt word of a longer search is corrected, and the JSON says so', async () => {
  const { body } = await api('q=' + encodeURIComponent('ocupational therapy for my son'));
  assert.deepEqual(body.interpreted.corrections, [{ from: 'ocupational', to: 'occupational' }]);
  assert.equal(body.suggestion, 'occupational therapy for my son');
  assert.equal(body.showing_suggestion, true);
  assert.ok(body.results[0].name.includes('Occupational Therapy'), body.results[0].name);
  assert.equal(body.match_quality, 'good');
});

test('when nothing matches well the page says so and offers broader places to look', async () => {
  const { body } = await api('q=' + encodeURIComponent('hydrotherapy pool for autism'));
  assert.equal(body.match_quality, 'weak');
  assert.ok(body.messages.includes('Nothing matched your search well. The services below match only part of it.'));
  assert.ok(body.broader.some((b) => b.href === '/feedback?page=/search'));
  const html = await (await fetch(`${server.base}/search?q=hydrotherapy+pool+for+autism`)).text();
  assert.match(html, /Nothing matched your search well\./);
  assert.match(html, /Tell the Local Offer team what you were looking for/);
});

test('an outcode in the search box sorts by place and labels area-wide services', async () => {
  const { body } = await api('q=autism+assessment+OX26');
  assert.equal(body.location.status, 'found');
  assert.ok(body.results.some((r) => r.place_label === 'Covers all of Oxfordshire'));
});

test('an ambiguous place offers a choice and an unknown postcode says what to do', async () => {
  const html = await (await fetch(`${server.base}/search?location=Kensington&q=salt`)).text();
  assert.match(html, /Did you mean another place\?/);
  const { body } = await api('location=OX99+9ZZ');
  assert.equal(body.location.message, 'We could not find OX99 9ZZ. Check the postcode, or try a town name.');
});

test('advice pages come back as their own group', async () => {
  const html = await (await fetch(`${server.base}/search?q=tribunal`)).text();
  assert.match(html, /Advice and information/);
});

test('bad parameters get a 400 naming the parameter, never a 500', async () => {
  for (const qs of ['age=-3', 'age=banana', 'radius=99999', 'page=0', 'page=999999', 'per_page=0',
    'mode=teleport', 'category=nope']) {
    const { status, body } = await api(qs);
    assert.equal(status, 400, qs);
    assert.match(body.error.message, new RegExp(qs.split('=')[0]), qs);
  }
  for (const q of ['%22autism', '(speech+AND', 'NOT+OR', 'title%3Afoo', 'x'.repeat(10000)]) {
    const res = await fetch(`${server.base}/search?q=${q}`);
    assert.equal(res.status, 200, q.slice(0, 20));
  }
  const past = await api('page=500');
  assert.equal(past.status, 200);
  assert.equal(past.body.results.length, 0);
});

test('"Clear filters" keeps the words typed, encoded, and the shortlist', async () => {
  const { body } = await api('q=speech');
  const id = body.results[0].id;
  const html = await (await fetch(
    `${server.base}/search?q=speech+%26+language&free=1&age=4&shortlist=${id}`)).text();
  const link = html.match(/href="([^"]*)">Clear filters/);
  assert.ok(link, 'the page has a Clear filters link');
  const href = link[1].replaceAll('&amp;', '&');
  const url = new URL(href, server.base);
  assert.equal(url.searchParams.get('q'), 'speech & language');
  assert.equal(url.searchParams.get('shortlist'), id);
  assert.equal(url.searchParams.get('free'), null);
  assert.equal(url.searchParams.get('age'), null);
});

// A raw GET (fetch would decompress for us), to see the bytes and headers as sent.
const rawGet = (path, headers) => new Promise((resolve, reject) => {
  const url = new URL(path, server.base);
  http.get(url, { headers }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
  }).on('error', reject);
});

test('/api/search is the same answer plain or gzip-compressed, asked once or again', async () => {
  const path = '/api/search?q=autism&age=6';
  const plain = await rawGet(path, {});
  assert.equal(plain.status, 200);
  assert.equal(plain.headers['content-encoding'], undefined);
  assert.equal(plain.headers.vary, 'Accept-Encoding');
  for (let i = 0; i < 2; i++) {  // the second is answered from the answer cache
    const zipped = await rawGet(path, { 'Accept-Encoding': 'gzip' });
    assert.equal(zipped.headers['content-encoding'], 'gzip');
    assert.equal(zipped.headers.vary, 'Accept-Encoding');
    assert.ok(zipped.body.length < plain.body.length / 2);
    assert.equal(zlib.gunzipSync(zipped.body).toString(), plain.body.toString());
  }
  const refused = await rawGet(path, { 'Accept-Encoding': 'gzip;q=0' });
  assert.equal(refused.headers['content-encoding'], undefined);
  assert.equal(refused.body.toString(), plain.body.toString());
});
