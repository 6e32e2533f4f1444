import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { Config } from '../config.js';
import type { Database, Sql } from '../db/client.js';
import { atRiskQuery, brandQuery, cohortQuery, overviewQuery, periodQuery, rfmQuery } from '../modules/analytics/contract.js';
import { isoInstant, parseOptions } from './options.js';

type WithDatabase = <T>(fn: (db: Database, config: Config) => Promise<T>) => Promise<T>;

interface AnalyticsOptions {
  from?: string;
  to?: string;
  by?: string;
  category?: string;
  currency?: string;
  months?: string;
  minOverdue?: string;
  maxPAlive?: string;
  limit?: string;
  json?: boolean;
}

// Each metric loads its module when asked for, so the CLI starts without all of the analytics.
const METRICS: Record<string, (db: Sql, config: Config, o: AnalyticsOptions, now: Date) => Promise<unknown>> = {
  overview: async (db, config, o, now) =>
    (await import('../modules/analytics/activity.js')).analyticsOverview(db, config, parseOptions(overviewQuery, { ...period(o), by: o.by }), now),
  rfm: async (db, config, o, now) =>
    (await import('../modules/analytics/segments.js')).rfmReport(db, config, parseOptions(rfmQuery, { currency: o.currency, asOf: o.to && isoInstant(o.to, '--to') }), now),
  cohorts: async (db, config, o, now) =>
    (await import('../modules/analytics/activity.js')).cohortRetention(db, config, parseOptions(cohortQuery, { ...period(o), months: o.months }), now),
  brands: async (db, config, o, now) =>
    (await import('../modules/analytics/brands.js')).brandRepurchaseReport(db, config, parseOptions(brandQuery, { ...period(o), category: o.category }), now),
  'members-vs-non-members': async (db, config, o, now) =>
    (await import('../modules/analytics/membership.js')).membersVsNonMembersReport(db, config, parseOptions(periodQuery, period(o)), now),
  economics: async (db, config, o, now) => (await import('../modules/analytics/economics.js')).programEconomics(db, config, parseOptions(periodQuery, period(o)), now),
  'true-loyalty': async (db) => (await import('../modules/analytics/scores.js')).loyaltyDistributionView(db),
  'at-risk': async (db, config, o, now) =>
    (await import('../modules/analytics/segments.js')).atRiskMembers(
      db,
      config,
      parseOptions(atRiskQuery, { minOverdue: o.minOverdue, maxPAlive: o.maxPAlive, limit: o.limit, currency: o.currency }),
      now,
    ),
};

function period(options: AnalyticsOptions) {
  return { from: options.from && isoInstant(options.from, '--from'), to: options.to && isoInstant(options.to, '--to'), currency: options.currency };
}

/** `fidelis analytics <metric>`: the same figures as `GET /v1/analytics/<metric>`, from the local database. */
export function registerAnalytics(program: Command, withDatabase: WithDatabase): void {
  program
    .command('analytics <metric>')
    .description(
      `retention analytics: ${Object.keys(METRICS).join(', ')}\n` +
        '  example: fidelis analytics overview --from 2026-10-01 --to 2026-11-01 --by store --json\n' +
        '  example: fidelis analytics rfm --json\n' +
        '  example: fidelis analytics brands --from 2026-10-01 --category coffee --json\n' +
        '  example: fidelis analytics members-vs-non-members --from 2026-10-01 --to 2026-11-01',
    )
    .option('--from <date>', 'start, inclusive (ISO date or time)')
    .option('--to <date>', 'end, exclusive (rfm: as of)')
    .option('--by <breakdown>', 'overview: store, tier, cohort or segment (RFM, now)')
    .option('--category <name>', 'brands: only this category')
    .option('--currency <code>', "default: the program's first currency")
    .option('--months <n>', 'cohorts: months to follow each cohort (default 12)')
    .option('--min-overdue <ratio>', 'at-risk: days since last order ÷ usual interval (default 1.5)')
    .option('--max-p-alive <p>', 'at-risk: or P(alive) at most this (default 0.3)')
    .option('--limit <n>', 'at-risk: how many members (default 50)')
    .option('--json', 'print one line of JSON')
    .action(async (metric: string, options: AnalyticsOptions) => {
      if (!Object.hasOwn(METRICS, metric)) throw new InvalidArgumentError(`unknown metric ${metric}; one of ${Object.keys(METRICS).join(', ')}`);
      const compute = METRICS[metric]!;
      const { withReportMemory } = await import('../modules/analytics/period.js');
      const result = await withDatabase((db, config) => withReportMemory(db, (tx) => compute(tx, config, options, new Date())));
      console.log(options.json ? JSON.stringify(result) : JSON.stringify(result, null, 2));
    });
}
