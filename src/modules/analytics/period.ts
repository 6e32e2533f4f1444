import type { Config } from '../../config.js';

const DAY_MS = 86_400_000;

/** A query's period and currency with their defaults filled in: the last 30 days, the program's first currency. */
export function resolvePeriod(query: { from?: string; to?: string; currency?: string }, config: Config, now: Date, defaultDays = 30) {
  const to = query.to ? new Date(query.to) : now;
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultDays * DAY_MS);
  return { from, to, currency: query.currency ?? config.program.currencies[0]! };
}
