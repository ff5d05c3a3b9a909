// Monitoring: /metrics in the Prometheus text format on its own address (metrics_bind), or on
// the public port only with the bearer token (metrics_token), never openly; and the JSON log.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { cli, startServer, stopServer, tempDir, removeDir } from './harness.mjs';

// Parses the text format (version 0.0.4): every sample line is NAME{LABELS} VALUE, every family
// has HELP and TYPE lines before its samples. Returns a list of {name, labels, value}.
function parseMetrics(text) {
  const samples = [];
  const typed = new Set();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const meta = line.match(/^# (HELP|TYPE) ([a-zA-Z_:][a-zA-Z0-9_:]*) (.+)$/);
    if (meta) {
      if (meta[1] === 'TYPE') {
        assert.match(meta[3], /^(counter|gauge|histogram)$/, line);
        typed.add(meta[2]);
      }
      continue;
    }
    const m = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.]+(?:e[+-]?\d+)?|\+Inf|NaN)$/);
    assert.ok(m, `not a sample line: ${line}`);
    const labels = {};
    for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k] = v;
    const family = m[1].replace(/_(bucket|sum|count)$/, '');
    assert.ok(typed.has(m[1]) || typed.has(family), `no TYPE line before ${m[1]}`);
    samples.push({ name: m[1], labels, value: Number(m[3]) });
  }
  return samples;
}

function one(samples, name, labels = {}) {
  const found = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  assert.equal(found.length, 1, `${name} ${JSON.stringify(labels)}`);
  return found[0].value;
}

test('metrics are scraped from their own address and count what the public port answered', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const data = join(dir, 'data');
  assert.equal(cli(['demo', 'load', '--data', data]).status, 0);
  const conf = join(dir, 'localoffer.conf');
  writeFileSync(conf, `metrics_bind = 127.0.0.1:0\nbackup_dir = ${join(dir, 'backups')}\nbackup_time = 00:00\nlog_format = json\n`);
  const server = await startServer({ data, args: ['--config', conf] });
  try {
    const found = server.output().stdout.match(/Serving \/metrics on (127\.0\.0\.1:\d+) \(metrics_bind\)\./);
    assert.ok(found, server.output().stdout);
    const where = [found[0], `http://${found[1]}/metrics`];
    assert.equal((await fetch(`${server.base}/metrics`)).status, 404, 'not on the public port');
    assert.equal((await fetch(`${server.base}/`)).status, 200);
    assert.equal((await fetch(`${server.base}/search?q=speech`)).status, 200);
    assert.equal((await fetch(`${server.base}/api/search?q=speech`)).status, 200);
    assert.equal((await fetch(`${server.base}/services/no-such-service`)).status, 404);
    // The same pages again: from the page cache (search is still run, and counted).
    assert.equal((await fetch(`${server.base}/`)).status, 200);
    assert.equal((await fetch(`${server.base}/search?q=speech`)).status, 200);

    const res = await fetch(where[1]);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('content-type'), 'text/plain; version=0.0.4; charset=utf-8');
    const samples = parseMetrics(await res.text());
    assert.equal(one(samples, 'localoffer_http_requests_total', { route: '/', status: '200' }), 2);
    assert.equal(one(samples, 'localoffer_http_requests_total', { route: '/search', status: '200' }), 2);
    assert.equal(one(samples, 'localoffer_http_requests_total', { route: '/api/search', status: '200' }), 1);
    assert.equal(one(samples, 'localoffer_http_requests_total', { route: '(none)', status: '404' }), 2, 'the 404s');
    for (const group of ['page', 'search']) {
      const count = one(samples, 'localoffer_http_request_duration_seconds_count', { group });
      assert.equal(one(samples, 'localoffer_http_request_duration_seconds_bucket', { group, le: '+Inf' }), count);
      assert.ok(one(samples, 'localoffer_http_request_duration_seconds_bucket', { group, le: '0.005' }) <= count);
    }
    assert.equal(one(samples, 'localoffer_http_request_duration_seconds_count', { group: 'search' }), 3);
    assert.equal(one(samples, 'localoffer_page_cache_hits_total'), 2, 'the home and search pages, asked again');
    assert.ok(one(samples, 'localoffer_page_cache_misses_total') >= 2);
    assert.ok(one(samples, 'localoffer_page_cache_pages') >= 2);
    assert.ok(one(samples, 'localoffer_page_cache_bytes') > 10000);
    assert.ok(one(samples, 'localoffer_store_generation') > 0);
    assert.ok(one(samples, 'localoffer_search_index_lag') >= 0);
    assert.ok(one(samples, 'localoffer_store_size_bytes', { file: 'database' }) > 100000);
    assert.equal(one(samples, 'localoffer_outbox_queue_length'), 0);
    assert.equal(one(samples, 'localoffer_outbox_oldest_item_age_seconds'), 0);
    assert.equal(one(samples, 'localoffer_backup_enabled'), 1);
    assert.ok(one(samples, 'localoffer_reminders_last_run_timestamp_seconds') >= 0);
    assert.equal((await fetch(where[1].replace('/metrics', '/'))).status, 404);

    // One JSON object per access-log line, with the fields of the text line.
    const lines = server.output().stdout.split('\n').filter((l) => l.startsWith('{'));
    const access = lines.map((l) => JSON.parse(l)).find((o) => o.path === '/search');
    assert.ok(access, lines.join('\n'));
    assert.equal(access.method, 'GET');
    assert.equal(access.status, 200);
    assert.equal(access.remote, '127.0.0.0');  // truncated by default (access_log_address)
    assert.match(access.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    assert.equal(typeof access.duration_ms, 'number');
    assert.ok(!lines.some((l) => l.includes('q=speech')), 'no query strings in the log');
  } finally {
    await stopServer(server);
  }
});

test('with metrics_token, /metrics is on the public port behind the bearer token', async (t) => {
  const dir = tempDir();
  t.after(() => removeDir(dir));
  const conf = join(dir, 'localoffer.conf');
  writeFileSync(conf, 'metrics_token = s3cret-scrape-token\n');
  const server = await startServer({ data: join(dir, 'data'), args: ['--config', conf] });
  try {
    const none = await fetch(`${server.base}/metrics`);
    assert.equal(none.status, 401);
    assert.equal(none.headers.get('www-authenticate'), 'Bearer');
    assert.equal(await none.text(), 'The metrics need a bearer token: send the header "Authorization: Bearer" followed by the metrics_token setting.\n');
    const wrong = await fetch(`${server.base}/metrics`, { headers: { authorization: 'Bearer nope' } });
    assert.equal(wrong.status, 401);
    const ok = await fetch(`${server.base}/metrics`, { headers: { authorization: 'Bearer s3cret-scrape-token' } });
    assert.equal(ok.status, 200);
    const samples = parseMetrics(await ok.text());
    assert.equal(one(samples, 'localoffer_http_requests_total', { route: '/metrics', status: '401' }), 2);
    assert.equal(one(samples, 'localoffer_backup_enabled'), 0);
  } finally {
    await stopServer(server);
  }
});

test('a metrics_bind that does not parse is refused in one line', () => {
  const dir = tempDir();
  try {
    const conf = join(dir, 'localoffer.conf');
    writeFileSync(conf, 'metrics_bind = localhost\n');
    const r = cli(['check', '--data', dir, '--config', conf]);
    assert.equal(r.status, 1);
    assert.equal(r.stderr, `localoffer: ${conf} line 1: The setting metrics_bind must be an address and port like 127.0.0.1:9100, not "localhost". Leave it empty to serve no metrics.\n`);
  } finally {
    removeDir(dir);
  }
});
