// Serves one of the official validator's mock feeds (shared/data/oruk-examples/validator-mocks)
// the way its MockController does, on 127.0.0.1, so the checker can be tested against them.
import http from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export function serveMock(dir) {
  const file = (name) => JSON.parse(readFileSync(join(dir, name), 'utf8'));
  const pick = (...names) => names.find((n) => existsSync(join(dir, n)));
  const routes = [
    [/^\/?$/, 'api_details.json'],
    [/^\/services$/, 'service_list.json'],
    [/^\/services\/[^/]+$/, 'service_full.json'],
    [/^\/taxonomies$/, 'taxonomy_list.json'],
    [/^\/taxonomies\/[^/]+$/, 'taxonomy.json'],
    [/^\/taxonomy_terms$/, 'taxonomy_term_list.json'],
    [/^\/taxonomy_terms\/[^/]+$/, 'taxonomy_term.json'],
    [/^\/service_at_locations$/, 'service_at_location_list.json'],
    [/^\/service_at_locations\/[^/]+$/, 'service_at_location_full.json'],
    [/^\/organizations$/, 'organization_list.json'],
    [/^\/organizations\/[^/]+$/, pick('organization_full.json', 'organization.json')],
  ];
  const server = http.createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const route = routes.find(([re]) => re.test(path));
    if (!route) { res.writeHead(404, { 'Content-Type': 'application/json' }); res.end('{}'); return; }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
    res.end(JSON.stringify(file(route[1])));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    server.base = `http://127.0.0.1:${server.address().port}`;
    resolve(server);
  }));
}
