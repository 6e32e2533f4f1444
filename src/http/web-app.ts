// Serves the built web app (web/dist) from memory: hashed assets cached for a year, everything else
// revalidated, and any other GET path that is not the API answered with index.html so the app's own
// router can take it. No @fastify/static: the dist is a few files, read once at start.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { App } from './context.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};
/** Paths the API owns: an unknown one there is a 404 problem, never the app's index.html. */
const API_PREFIXES = ['/v1', '/docs', '/s', '/u', '/health', '/openapi.json', '/metrics'];
const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

interface WebFile {
  body: Buffer;
  gzipped: Buffer | null;
  type: string;
  cacheControl: string;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

/** URL path → file, for every file in the dist (the build manifest under .vite/ excepted). */
export function loadWebFiles(root: string): Map<string, WebFile> {
  const files = new Map<string, WebFile>();
  for (const path of listFiles(root)) {
    const url = `/${relative(root, path).split(sep).join('/')}`;
    if (url.startsWith('/.vite/')) continue;
    const body = readFileSync(path);
    const type = TYPES[extname(path)] ?? 'application/octet-stream';
    const compressible = /^(text|application\/(json|manifest)|image\/svg)/.test(type) && body.length > 1024;
    files.set(url, { body, gzipped: compressible ? gzipSync(body) : null, type, cacheControl: url.startsWith('/assets/') ? IMMUTABLE : REVALIDATE });
  }
  return files;
}

export function isApiPath(path: string): boolean {
  return API_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

export function registerWebApp(app: App, root: string): void {
  const files = loadWebFiles(root);
  const index = files.get('/index.html');
  if (!index) throw new Error(`${root} has no index.html; build the web app with npm run web:build`);
  app.get('/*', { schema: { hide: true }, config: { spaFallback: true } }, (request, reply) => {
    const path = request.url.split('?')[0]!;
    if (isApiPath(path)) return reply.callNotFound();
    // A missing asset is a 404, not the index page: a stale hashed URL must not be cached as HTML.
    const file = files.get(path) ?? (path.startsWith('/assets/') ? undefined : index);
    if (!file) return reply.callNotFound();
    const gzip = file.gzipped && /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''));
    reply.header('content-type', file.type).header('cache-control', file.cacheControl).header('vary', 'accept-encoding');
    if (gzip) reply.header('content-encoding', 'gzip');
    return reply.send(gzip ? file.gzipped : file.body);
  });
}
