import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { Role } from '../modules/auth/roles.js';
import type { ApiKeyPrincipal, ApiKeyResolver } from '../modules/auth/service.js';
import type { RuleBook } from '../modules/program/rulebook.js';

/** What every route needs, decorated onto the app once. */
export interface AppContext {
  db: Database;
  config: Config;
  /** Injected so tests can move time (return windows, expiry) without waiting. */
  clock: () => Date;
  /** The app's cached API key lookup; revoking a key through the API evicts it here. */
  apiKeys: ApiKeyResolver;
  /** The active earning rules, cached; rule changes through this app invalidate it. */
  rules: RuleBook;
}

declare module 'fastify' {
  interface FastifyInstance {
    fidelis: AppContext;
  }
  interface FastifyContextConfig {
    /** Roles allowed to call the route; every /v1 route must declare them. */
    roles?: readonly Role[];
    /** Instead of roles: the route is the member's own, authenticated by a signed wallet token. */
    memberToken?: true;
    /** The route checks its rows one by one and rejects a row with unstorable text itself, rather than the whole request. */
    checksTextPerRow?: true;
    /** The web app's catch-all GET: not a route of its own when telling a wrong method from an unknown path. */
    spaFallback?: true;
  }
  interface FastifyRequest {
    principal: ApiKeyPrincipal;
    /** On memberToken routes: the member the wallet token was issued to. */
    walletMemberId: string;
  }
}

export type App = FastifyInstance<
  import('fastify').RawServerDefault,
  import('fastify').RawRequestDefaultExpression,
  import('fastify').RawReplyDefaultExpression,
  import('fastify').FastifyBaseLogger,
  ZodTypeProvider
>;
