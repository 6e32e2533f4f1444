import type { FastifyInstance } from 'fastify';
import { createMethodIndex, listMethods } from './allowed-methods.js';
import { problem, sendProblem } from './problem.js';

/**
 * Answers a request no route handled: 405 with `Allow` when the path is served for other methods
 * (`DELETE /v1/members/{id}/balance`), 404 `route_not_found` when it is served for none. Register before
 * any route: the index learns routes as they are added. Like the 404, the 405 needs no API key: it
 * tells only what the OpenAPI document already publishes.
 */
export function registerNotFound(app: FastifyInstance): void {
  // buildApp passes no routerOptions, so the flat settings are the ones Fastify's router runs with.
  const { caseSensitive, ignoreTrailingSlash, ignoreDuplicateSlashes, maxParamLength, allowUnsafeRegex } = app.initialConfig;
  const index = createMethodIndex({ caseSensitive, ignoreTrailingSlash, ignoreDuplicateSlashes, maxParamLength, allowUnsafeRegex });
  app.addHook('onRoute', (route) => {
    // The web app's catch-all answers any GET; counting it would make every unknown path a 405.
    if (route.config?.spaFallback) return;
    for (const method of [route.method].flat()) index.add(method, route.url);
  });
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    const allowed = index.methodsFor(request.url);
    // A route of this very method that handed over to not-found (a missing file, say) means the thing is absent.
    if (allowed.length === 0 || allowed.includes(request.method)) {
      return sendProblem(reply, { ...problem(404, 'route_not_found', `No route ${request.method} ${path}.`), instance: request.url });
    }
    reply.header('allow', allowed.join(', '));
    const detail = `${request.method} is not allowed on ${path}; it accepts ${listMethods(allowed)}.`;
    return sendProblem(reply, { ...problem(405, 'method_not_allowed', detail), instance: request.url });
  });
}
