import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { DomainError } from '../errors.js';

export class RateLimited extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 429, `Too many requests for this API key; retry in ${retryAfterSeconds} s.`);
  }
}

/**
 * Per API key, after authentication (so a key is what is counted, not an IP shared by a whole
 * shop's tills). Answers carry the IETF draft `RateLimit-*` headers; a 429 also `Retry-After`.
 */
export async function registerRateLimit(app: FastifyInstance, perMinute: number): Promise<void> {
  if (perMinute === 0) return;
  await app.register(rateLimit, {
    global: true,
    hook: 'preHandler',
    max: perMinute,
    timeWindow: 60_000,
    enableDraftSpec: true,
    allowList: (request) => !request.routeOptions.config.roles,
    keyGenerator: (request) => request.principal?.id ?? request.ip,
    errorResponseBuilder: (_request, context) => new RateLimited(Math.ceil(context.ttl / 1000)),
  });
}
