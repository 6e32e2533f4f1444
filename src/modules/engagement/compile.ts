// A segment filter → one parameterized SQL statement. Pure: the caller supplies the evaluation time and
// the default currency, so the same filter and inputs always give the same SQL and parameters.
import { joinSql, sql, SqlFragment } from '../../db/statement.js';
import { memberScoresJoinSql, pAliveBandSql } from '../analytics/p-alive.js';
import { rfmScoredCtes } from '../analytics/segments.js';
import { latestNpsClassSql } from '../feedback/responses.js';
import { orderStatsJoinSql } from '../orders/stats.js';
import { onTiersSql } from '../program/tier-service.js';
import type { Moment, SegmentFilter } from './filter.js';

const DAY_MS = 86_400_000;
const MEMBER_ID = new SqlFragment(['m.id'], []);
const P_ALIVE = new SqlFragment(['pa.p_alive'], []);

export interface CompileContext {
  now: Date;
  /** Used when the filter names no currency. */
  currency: string;
}

/** The instant a `Moment` stands for at evaluation time `now`. */
export function resolveMoment(moment: Moment, now: Date): Date {
  return 'at' in moment ? new Date(moment.at) : new Date(now.getTime() - moment.daysAgo * DAY_MS);
}

function conditions(filter: SegmentFilter, now: Date): SqlFragment[] {
  const where: SqlFragment[] = [sql`m.status = 'active'`];
  if (filter.tiers) where.push(onTiersSql(MEMBER_ID, filter.tiers));
  if (filter.rfmSegments) where.push(sql`exists (select 1 from rfm_scored r where r.member_id = m.id and r.segment = any(${filter.rfmSegments}::text[]))`);
  if (filter.lastOrderBefore) where.push(sql`s.last_order_at < ${resolveMoment(filter.lastOrderBefore, now)}::timestamptz`);
  if (filter.lastOrderAfter) where.push(sql`s.last_order_at >= ${resolveMoment(filter.lastOrderAfter, now)}::timestamptz`);
  if (filter.ordersAtLeast !== undefined) where.push(sql`coalesce(s.orders, 0) >= ${filter.ordersAtLeast}::int`);
  if (filter.ordersAtMost !== undefined) where.push(sql`coalesce(s.orders, 0) <= ${filter.ordersAtMost}::int`);
  if (filter.spendAtLeast !== undefined) where.push(sql`coalesce(s.spend, 0) >= ${filter.spendAtLeast}::int8`);
  if (filter.pAliveBands) where.push(sql`${pAliveBandSql(P_ALIVE)} = any(${filter.pAliveBands}::text[])`);
  if (filter.pAliveAtLeast !== undefined) where.push(sql`pa.p_alive >= ${filter.pAliveAtLeast}::float8`);
  if (filter.pAliveAtMost !== undefined) where.push(sql`pa.p_alive <= ${filter.pAliveAtMost}::float8`);
  if (filter.loyaltyBands) where.push(sql`pa.loyalty_band = any(${filter.loyaltyBands}::text[])`);
  if (filter.npsClass) where.push(sql`${latestNpsClassSql(MEMBER_ID)} = ${filter.npsClass}::text`);
  if (filter.marketingConsent !== undefined) where.push(sql`m.marketing_consent = ${filter.marketingConsent}::boolean`);
  if (filter.tags) where.push(sql`m.tags && ${filter.tags}::text[]`);
  return where;
}

const usesScores = (filter: SegmentFilter) =>
  filter.pAliveBands !== undefined || filter.pAliveAtLeast !== undefined || filter.pAliveAtMost !== undefined || filter.loyaltyBands !== undefined;

/**
 * `select m.id as member_id from members m … where …`: the active members matching the filter, as one
 * statement to wrap (page, count, export). RFM cut points are computed once, in a CTE, and only when
 * the filter asks for RFM segments; the scores are joined once, and only when asked for;
 * every user value is a parameter.
 * @example render(compileSegment({ marketingConsent: true }, { now, currency: 'EUR' }))
 */
export function compileSegment(filter: SegmentFilter, context: CompileContext): SqlFragment {
  const currency = filter.currency ?? context.currency;
  const ctes = filter.rfmSegments ? sql`with ${rfmScoredCtes(context.now, currency)} ` : sql``;
  const scores = usesScores(filter) ? sql` ${memberScoresJoinSql(MEMBER_ID)}` : sql``;
  return sql`${ctes}select m.id as member_id from members m ${orderStatsJoinSql(MEMBER_ID, currency)}${scores}
    where ${joinSql(conditions(filter, context.now), ' and ')}`;
}
