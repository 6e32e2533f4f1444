import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import { apiKeyRoutes } from '../modules/auth/routes.js';
import { createApiKeyResolver } from '../modules/auth/service.js';
import { ledgerRoutes } from '../modules/ledger/routes.js';
import { memberRoutes } from '../modules/members/routes.js';
import { orderRoutes } from '../modules/orders/routes.js';
import { feedbackRoutes } from '../modules/feedback/routes.js';
import { programRoutes } from '../modules/program/routes.js';
import { tierRoutes } from '../modules/program/tier-routes.js';
import { catalogRoutes } from '../modules/program/catalog-routes.js';
import { dropRoutes } from '../modules/program/drop-routes.js';
import { referralRoutes } from '../modules/referrals/routes.js';
import { drawRoutes } from '../modules/draws/routes.js';
import { RuleBook } from '../modules/program/rulebook.js';
import { publicFeedbackRoutes } from '../modules/feedback/public-routes.js';
import { analyticsRoutes } from '../modules/analytics/routes.js';
import { importRoutes } from '../modules/imports/routes.js';
import { webhookRoutes } from '../modules/webhooks/routes.js';
import { segmentRoutes } from '../modules/engagement/segment-routes.js';
import { engagementRoutes } from '../modules/engagement/routes.js';
import { journeyRoutes } from '../modules/journeys/routes.js';
import { publicMessageRoutes } from '../modules/messages/public-routes.js';
import { walletRoutes } from '../modules/wallet/routes.js';
import { walletMemberOf } from '../modules/wallet/service.js';
import { registerAuth } from './auth.js';
import type { App } from './context.js';
import { handleError } from './problem.js';
import { registerNotFound } from './not-found.js';
import { registerMetrics } from './metrics.js';
import { registerWebApp } from './web-app.js';
import { refuseUnstorableBody, registerUnstorableTextCheck } from './unstorable-text.js';
import { createRateLimiter } from './rate-limit.js';
import { markOptionalBodies } from './optional-bodies.js';
import { withRoles } from './openapi-roles.js';
import { responseSerializer } from './serializer.js';

export interface BuildAppOptions {
  config: Config;
  db: Database;
  clock?: () => Date;
  logger?: FastifyServerOptions['logger'];
  /** A built web app (web/dist) to serve at `/`; without it the server is the API alone. */
  webRoot?: string;
}

/**
 * JSON is the only body type. An empty body sent as JSON counts as no body (`curl -X POST … /erase` with a
 * JSON content-type header is common); routes that need a body then refuse it by validation. text/plain is
 * refused with 415 rather than reaching a validator as a string. Text the database cannot store is refused
 * here, for every route at once.
 */
function acceptJsonOnly(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') return done(null, undefined);
    parseJson(request, text, (error, parsed) => {
      if (error) return done(error, undefined);
      try {
        if (!request.routeOptions.config.checksTextPerRow) refuseUnstorableBody(text, parsed);
        done(null, parsed);
      } catch (refusal) {
        done(refusal as Error, undefined);
      }
    });
  });
}

/** The whole HTTP API, with no network: tests call `app.inject()`, `serve` calls `listen()`. */
export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { config, db } = options;
  const app = Fastify({
    logger: options.logger ?? { level: config.logLevel },
    bodyLimit: config.bodyLimitBytes,
    // Request ids for logs without trusting client headers.
    requestIdHeader: false,
    // Errors the router raises before any route runs (a malformed %-escape) get problem+json too.
    frameworkErrors: handleError,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializer(config.checkResponses));
  const apiKeys = createApiKeyResolver(db);
  app.decorate('fidelis', { db, config, clock: options.clock ?? (() => new Date()), apiKeys, rules: new RuleBook(db) });
  acceptJsonOnly(app);
  app.setErrorHandler(handleError);
  registerNotFound(app);
  registerUnstorableTextCheck(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Fidelis API',
        version: '0.1.0',
        description:
          'Customer loyalty and retention: members, an exact points ledger, orders and refunds.\n\n' +
          'Authenticate with `Authorization: Bearer <api key>`. Errors are RFC 9457 problem+json with a stable `code`; ' +
          'a method a path does not serve is 405 `method_not_allowed` with an `Allow` header listing the ones it does. ' +
          'State-changing POSTs accept an `Idempotency-Key` header: a retry with the same key and body replays the stored answer.',
        license: { name: 'MIT' },
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer' },
          walletToken: { type: 'http', scheme: 'bearer', description: 'A member token from `POST /v1/members/{id}/wallet-link`.' },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: (input) => withRoles(input.route, jsonSchemaTransform(input)),
    transformObject: (input) => markOptionalBodies(jsonSchemaTransformObject(input)),
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
  app.get('/health', { schema: { hide: true } }, async () => {
    await db.query('select 1');
    return { status: 'ok', database: db.kind };
  });

  const clock = app.fidelis.clock;
  registerAuth(app, apiKeys, (token) => walletMemberOf(db, config, token, clock()), createRateLimiter(config.rateLimitPerMinute));
  registerMetrics(app);
  await app.register(apiKeyRoutes);
  await app.register(memberRoutes);
  await app.register(ledgerRoutes);
  await app.register(orderRoutes);
  await app.register(feedbackRoutes);
  await app.register(programRoutes);
  await app.register(tierRoutes);
  await app.register(catalogRoutes);
  await app.register(analyticsRoutes);
  await app.register(dropRoutes);
  await app.register(referralRoutes);
  await app.register(drawRoutes);
  await app.register(importRoutes);
  await app.register(webhookRoutes);
  await app.register(segmentRoutes);
  await app.register(engagementRoutes);
  await app.register(journeyRoutes);
  await app.register(publicFeedbackRoutes);
  await app.register(publicMessageRoutes);
  await app.register(walletRoutes);
  if (options.webRoot) registerWebApp(app, options.webRoot);
  return app;
}
