// The built web app as the server hands it out: the wallet's first load within its budget, caching
// headers, the single-page fallback, and the API's own 404s untouched.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './harness.js';
import { ensureWebBuild, WEB_DIST } from './web-harness.js';

interface Chunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

const WALLET_BUDGET_BYTES = 200 * 1024;
let manifest: Record<string, Chunk>;
let t: TestApp;

beforeAll(async () => {
  await ensureWebBuild();
  manifest = JSON.parse(readFileSync(join(WEB_DIST, '.vite', 'manifest.json'), 'utf8'));
  t = await createTestApp({}, {}, { webRoot: WEB_DIST });
});
afterAll(() => t?.drop());

/** A chunk and everything it imports statically: what the browser fetches before it can run it. */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key]!.imports ?? []) closure(imported, seen);
  return seen;
}

describe('web build', () => {
  it('keeps the wallet’s first load under 200 kB of gzipped JavaScript, without the other areas', () => {
    const wallet = closure('src/wallet/wallet-app.tsx', closure('index.html'));
    const files = [...wallet].map((key) => manifest[key]!.file).filter((file) => file.endsWith('.js'));
    const gzipped = files.reduce((sum, file) => sum + gzipSync(readFileSync(join(WEB_DIST, file))).length, 0);
    expect(gzipped, `${files.join(', ')}: ${gzipped} bytes gzipped`).toBeLessThan(WALLET_BUDGET_BYTES);
    expect(wallet.has('src/admin/admin-app.tsx')).toBe(false);
    expect(wallet.has('src/checkout/checkout-app.tsx')).toBe(false);
    expect(manifest['index.html']!.dynamicImports).toEqual(expect.arrayContaining(['src/admin/admin-app.tsx', 'src/wallet/wallet-app.tsx', 'src/checkout/checkout-app.tsx']));
    // The program editor is fetched when an admin opens it, not with the admin's first page.
    expect(wallet.has('src/admin/program/program-app.tsx')).toBe(false);
    expect(closure('src/admin/admin-app.tsx').has('src/admin/program/program-app.tsx')).toBe(false);
    expect(manifest['src/admin/admin-app.tsx']!.dynamicImports).toContain('src/admin/program/program-app.tsx');
  });
});

describe('serving web/dist', () => {
  const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

  it.each(['/', '/wallet', '/admin/members/mem_01jd3x8k2q9v7c4m5n6p7r8s9t', '/checkout?x=1'])('%s is the app, revalidated on every visit', async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.headers['cache-control']).toBe('no-cache');
    expect(response.body).toContain('<div id="root">');
  });

  it('serves hashed assets as immutable, gzipped when the browser accepts it', async () => {
    const entry = manifest['index.html']!.file;
    const plain = await get(`/${entry}`);
    expect(plain.statusCode).toBe(200);
    expect(plain.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(plain.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(plain.headers['content-encoding']).toBeUndefined();
    const zipped = await get(`/${entry}`, { 'accept-encoding': 'gzip, br' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(zipped.rawPayload.length).toBeLessThan(plain.rawPayload.length);
    expect((await get('/manifest.webmanifest')).headers['content-type']).toBe('application/manifest+json');
  });

  it.each([
    ['/assets/gone-123.js', 'route_not_found'],
    ['/v1/nothing-here', 'route_not_found'],
    ['/v1', 'route_not_found'],
    ['/.vite/manifest.json', null],
  ])('%s is not the app', async (url, code) => {
    const response = await get(url);
    if (code) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json().code).toBe(code);
    } else {
      expect(response.body).not.toContain('"isEntry"');
    }
  });

  it('leaves the API, its documents and survey links alone', async () => {
    expect((await get('/health')).json()).toMatchObject({ status: 'ok' });
    expect((await get('/openapi.json')).json()).toMatchObject({ openapi: '3.1.0' });
    expect((await get('/v1/members')).statusCode).toBe(401);
    expect((await get('/s/not-a-valid-token')).headers['content-type']).toMatch(/json/);
  });
});
