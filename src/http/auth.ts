import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationRequired, RoleForbidden } from '../modules/auth/errors.js';
import type { ApiKeyResolver } from '../modules/auth/service.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/**
 * Every /v1 route must declare its roles (checked at startup, so a route cannot ship unprotected);
 * each request to such a route must carry a live API key whose role is listed, and is charged to
 * that key's rate limit.
 */
export function registerAuth(
  app: FastifyInstance,
  resolveApiKey: ApiKeyResolver,
  charge: (keyId: string, reply: FastifyReply) => void,
): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/v1') && !route.config?.roles) {
      throw new Error(`Route ${route.method} ${route.url} declares no roles`);
    }
  });
  app.decorateRequest('principal', null as unknown as FastifyRequest['principal']);
  app.addHook('onRequest', async (request, reply) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    const match = BEARER.exec(request.headers.authorization ?? '');
    if (!match) throw new AuthenticationRequired();
    const principal = await resolveApiKey(match[1]!);
    if (!principal) throw new AuthenticationRequired('The API key is unknown or revoked.');
    charge(principal.id, reply);
    if (!roles.includes(principal.role)) throw new RoleForbidden(principal.role, roles);
    request.principal = principal;
  });
}
