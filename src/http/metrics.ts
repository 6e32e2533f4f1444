import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';
import { ACCESS } from '../modules/auth/roles.js';

/**
 * Prometheus metrics at `/metrics`: request latency by route and status, plus Node's process
 * figures. Scrapers authenticate like any client (`authorization: credentials: fid_…`).
 */
export function registerMetrics(app: FastifyInstance): void {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'fidelis_' });
  const duration = new Histogram({
    name: 'fidelis_http_request_duration_seconds',
    help: 'HTTP request latency by route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  // One labelled child per (method, route, status), found by a flat key: prom-client would otherwise
  // hash the label object on every request, on the hottest path there is (the balance read).
  const series = new Map<string, ReturnType<typeof duration.labels>>();
  app.addHook('onResponse', (request, reply, done) => {
    // Route patterns, never raw URLs: ids in paths would make every member a new time series.
    const route = request.routeOptions.url ?? 'unmatched';
    const key = `${request.method} ${route} ${reply.statusCode}`;
    let child = series.get(key);
    if (!child) series.set(key, (child = duration.labels(request.method, route, String(reply.statusCode))));
    child.observe(reply.elapsedTime / 1000);
    done();
  });
  app.get('/metrics', {
    config: { roles: [...ACCESS.admin, 'analyst'] },
    schema: { hide: true },
    handler: async (_request, reply) => {
      reply.type(registry.contentType);
      return registry.metrics();
    },
  });
}
