// The weight of a page as a phone downloads it: the HTML plus every stylesheet and script it
// links, each as the server sends it with "Accept-Encoding: gzip" (bytes on the wire, headers
// left out), and the caching headers on each. Used by tests/browser/performance.test.mjs and,
// on its own, to print the figures in bench/README.md:
//
//   LOCALOFFER_BIN=build/localoffer node bench/web-weight.mjs
import http from 'node:http';
import { fileURLToPath } from 'node:url';

// GET with gzip accepted; resolves with status, headers and the raw (still compressed) bytes.
export function getRaw(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers: { 'Accept-Encoding': 'gzip', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, bytes: Buffer.concat(chunks).length }));
      res.on('error', reject);
    }).on('error', reject);
  });
}

// Every part of the page at `url`: [{kind, url, bytes, encoding, etag, cacheControl}].
export async function pageWeight(url) {
  const page = await getRaw(url);
  const html = await (await fetch(url)).text();
  const parts = [{ kind: 'html', url, bytes: page.bytes, encoding: page.headers['content-encoding'], etag: page.headers.etag, cacheControl: page.headers['cache-control'] }];
  const links = [
    ...[...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => ['css', m[1]]),
    ...[...html.matchAll(/<script[^>]+src="([^"]+)"/g)].map((m) => ['js', m[1]]),
  ];
  for (const [kind, href] of links) {
    const asset = new URL(href, url).href;
    const r = await getRaw(asset);
    parts.push({ kind, url: asset, bytes: r.bytes, encoding: r.headers['content-encoding'], etag: r.headers.etag, cacheControl: r.headers['cache-control'] });
  }
  return parts;
}

export function summary(parts) {
  const sum = (k) => parts.filter((p) => p.kind === k).reduce((n, p) => n + p.bytes, 0);
  const total = parts.reduce((n, p) => n + p.bytes, 0);
  const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
  return { html: sum('html'), css: sum('css'), js: sum('js'), total,
    text: `HTML ${kb(sum('html'))} + CSS ${kb(sum('css'))} + JS ${kb(sum('js'))} = ${kb(total)} gzip` };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { cli, startServer, stopServer, tempDir, removeDir } = await import('../tests/e2e/harness.mjs');
  const data = tempDir();
  cli(['demo', 'load', '--data', data]);
  const server = await startServer({ data });
  try {
    const health = await (await fetch(`${server.base}/categories/health`)).text();
    const service = health.match(/href="(\/services\/[0-9a-f-]{36})"/)[1];
    // The biggest service page in the demo is the fairest figure: try every one linked here.
    let worst = null;
    for (const m of health.matchAll(/href="(\/services\/[0-9a-f-]{36})"/g)) {
      const parts = await pageWeight(server.base + m[1]);
      if (!worst || summary(parts).total > summary(worst.parts).total) worst = { path: m[1], parts };
    }
    for (const [name, path] of [['home', '/'], ['service (first)', service], ['service (largest in /categories/health)', worst.path], ['search', '/search?q=speech+therapy&location=OX26']]) {
      const parts = name.startsWith('service (largest') ? worst.parts : await pageWeight(server.base + path);
      console.log(`${name.padEnd(40)} ${summary(parts).text}`);
      for (const p of parts)
        console.log(`    ${p.kind.padEnd(4)} ${String(p.bytes).padStart(6)} B  encoding=${p.encoding ?? 'none'}  etag=${p.etag ?? 'none'}  cache-control=${p.cacheControl ?? 'none'}`);
    }
  } finally {
    await stopServer(server);
    removeDir(data);
  }
}
