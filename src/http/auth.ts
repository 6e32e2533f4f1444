import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AuthenticationRequired, RoleForbidden } from '../modules/auth/errors.js';
import type { ApiKeyResolver } from '../modules/auth/service.js';
import { WalletTokenRequired } from '../modules/wallet/errors.js';

const BEARER = /^Bearer\s+(\S+)$/i;

/** The member a wallet token names; throws a 401 DomainError for a forged or expired one. */
export type MemberTokenResolver = (token: string) => Promise<string>;

/**
 * Every /v1 route must declare its roles or that it is a member's own (checked at startup, so a route
 * cannot ship unprotected). A roles route needs a live API key whose role is listed, and is charged to
 * that key's rate limit; a member route needs the member's wallet token, and no API key opens it.
 */
export function registerAuth(
  app: FastifyInstance,
  resolveApiKey: ApiKeyResolver,
  resolveMemberToken: MemberTokenResolver,
  charge: (keyId: string, reply: FastifyReply) => void,
): void {
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/v1') && !route.config?.roles && !route.config?.memberToken) {
      throw new Error(`Route ${route.method} ${route.url} declares no roles`);
    }
  });
  app.decorateRequest('principal', null as unknown as FastifyRequest['principal']);
  app.decorateRequest('walletMemberId', '');
  app.addHook('onRequest', async (request, reply) => {
    if (request.routeOptions.config.memberToken) {
      const token = BEARER.exec(request.headers.authorization ?? '');
      if (!token) throw new WalletTokenRequired();
      request.walletMemberId = await resolveMemberToken(token[1]!);
      return;
    }
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
