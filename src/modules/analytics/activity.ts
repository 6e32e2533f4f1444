// Who bought, who came back and who did not: period activity, churn and cohort retention.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import type { CohortMatrix, Overview, OverviewQuery } from './contract.js';
import { averageOrderValue, churnRate, interPurchaseDays, previousPeriod, repeatPurchaseRate, retentionRate, share } from './definitions.js';
import { resolvePeriod } from './period.js';
import { RFM_SEGMENTS, SEGMENT_NAMES, type RfmSegment } from './rfm.js';
import { recencyDays, rfmCutsCtes, rfmSegmentOf } from './segments.js';
import { render, SqlFragment } from '../../db/statement.js';

/**
 * How each breakdown groups a buyer: by the store of each order (a member may count at several), or,
 * once per member, by their tier now, the month of their first order, or their RFM segment now (scored
 * against the RFM report's cut points, `$5` being now).
 */
const ORDER_KEY: Record<Breakdown, string> = { none: `'all'`, store: `coalesce(o.store_id, '(none)')`, tier: `''`, cohort: `''`, segment: `''` };
const MEMBER_KEY: Record<Breakdown, string> = {
  none: 'p.key',
  store: 'p.key',
  tier: `coalesce((select tier_id from member_tiers t where t.member_id = p.member_id), '(none)')`,
  cohort: `coalesce((select to_char(first_order_at at time zone 'UTC', 'YYYY-MM') from member_order_stats s where s.member_id = p.member_id and s.currency = $4), '(none)')`,
  segment: `coalesce(${rfmSegmentOf(render(recencyDays(new SqlFragment(['$5'], []), 'rs.last_order_at')).text, 'rs.orders')}, '(none)')`,
};

type Breakdown = 'none' | NonNullable<OverviewQuery['by']>;

interface ActivityRow {
  key: string;
  buyers: number;
  new_buyers: number;
  repeaters: number;
  previous_buyers: number;
  retained: number;
  orders: number;
  revenue: number;
  /** Buyers with two or more orders in the period, and the sum of their mean gaps between them. */
  multi_buyers: number;
  gap_seconds: number;
}

/**
 * One pass over the orders of this period and the previous one (an index-only scan of the occurred_at
 * index), grouped per member. The period's newcomers come from the aggregates' first-order index: a
 * buyer is new when their first order falls in the period, and a repeater unless that first order is
 * also their only one, so no buyer needs a lookup of their own.
 */
function activityStatement(by: Breakdown, now: Date, currency: string): { text: string; params: unknown[] } {
  // The cut points need every buyer; scoring only this period's buyers against them (by the aggregates'
  // primary key) costs a fraction of scoring all. The CTEs' parameters are numbered after the period's.
  const rfm = by === 'segment' ? render(rfmCutsCtes(now, currency), PERIOD_PARAMS) : null;
  const text = `with ${rfm ? `${rfm.text}, ` : ''}per_member as (
    select ${ORDER_KEY[by]} as key, o.member_id, bool_or(o.occurred_at >= $1) as bought_now, bool_or(o.occurred_at < $1) as bought_before,
      count(*) filter (where o.occurred_at >= $1) as orders, coalesce(sum(o.total) filter (where o.occurred_at >= $1), 0) as revenue,
      extract(epoch from max(o.occurred_at) filter (where o.occurred_at >= $1) - min(o.occurred_at) filter (where o.occurred_at >= $1)) as span_seconds
    from orders o where o.occurred_at >= $3 and o.occurred_at < $2 and o.currency = $4
    group by 1, 2),
  newcomers as materialized (
    select member_id, orders = 1 as one_timer from member_order_stats where currency = $4 and first_order_at >= $1 and first_order_at < $2)
  select ${MEMBER_KEY[by]} as key,
    count(*) filter (where bought_now)::int as buyers,
    count(*) filter (where bought_now and n.member_id is not null)::int as new_buyers,
    count(*) filter (where bought_now and not coalesce(n.one_timer, false))::int as repeaters,
    count(*) filter (where bought_before)::int as previous_buyers,
    count(*) filter (where bought_before and bought_now)::int as retained,
    sum(p.orders)::int8 as orders, sum(p.revenue)::int8 as revenue,
    count(*) filter (where p.orders >= 2)::int as multi_buyers,
    coalesce(sum(p.span_seconds / (p.orders - 1)) filter (where p.orders >= 2), 0)::float8 as gap_seconds
  from per_member p left join newcomers n on n.member_id = p.member_id${
    rfm ? ' left join member_order_stats rs on rs.member_id = p.member_id and rs.currency = $4 cross join rfm_cuts c' : ''
  }
  group by 1 order by 1`;
  return { text, params: rfm ? [now, ...rfm.params] : [] };
}

/** The statement's own parameters: from, to, the previous period's from, currency, and (by segment) now. */
const PERIOD_PARAMS = 5;

function figures(row: ActivityRow) {
  const counts = { previousBuyers: row.previous_buyers, retained: row.retained };
  return {
    buyers: row.buyers,
    newBuyers: row.new_buyers,
    returningBuyers: row.buyers - row.new_buyers,
    previousBuyers: row.previous_buyers,
    retained: row.retained,
    churnRate: churnRate(counts),
    retentionRate: retentionRate(counts),
    repeatPurchaseRate: repeatPurchaseRate({ buyers: row.buyers, repeaters: row.repeaters }),
    orders: row.orders,
    revenue: row.revenue,
    averageOrderValue: averageOrderValue(row),
    revenuePerBuyer: row.buyers > 0 ? Math.round(row.revenue / row.buyers) : null,
    purchaseFrequency: row.buyers > 0 ? Math.round((row.orders / row.buyers) * 100) / 100 : null,
    interPurchaseDays: interPurchaseDays({ buyers: row.multi_buyers, gapSeconds: row.gap_seconds }),
  };
}

const EMPTY: ActivityRow = { key: 'all', buyers: 0, new_buyers: 0, repeaters: 0, previous_buyers: 0, retained: 0, orders: 0, revenue: 0, multi_buyers: 0, gap_seconds: 0 };

const segmentName = (key: string) => (RFM_SEGMENTS.includes(key as RfmSegment) ? SEGMENT_NAMES[key as RfmSegment] : key);

function sumRows(rows: readonly ActivityRow[]): ActivityRow {
  const sum = (field: Exclude<keyof ActivityRow, 'key'>) => rows.reduce((total, row) => total + Number(row[field]), 0);
  return {
    key: 'all',
    buyers: sum('buyers'),
    new_buyers: sum('new_buyers'),
    repeaters: sum('repeaters'),
    previous_buyers: sum('previous_buyers'),
    retained: sum('retained'),
    orders: sum('orders'),
    revenue: sum('revenue'),
    multi_buyers: sum('multi_buyers'),
    gap_seconds: sum('gap_seconds'),
  };
}

export async function analyticsOverview(db: Sql, config: Config, query: OverviewQuery, now: Date): Promise<Overview> {
  const { from, to, currency } = resolvePeriod(query, config, now);
  const previous = previousPeriod(from, to);
  const activity = (by: Breakdown) => {
    const statement = activityStatement(by, now, currency);
    return db.query<ActivityRow>(statement.text, [from, to, previous.from, currency, ...statement.params]);
  };
  const groups = query.by ? await activity(query.by) : undefined;
  // A breakdown that puts each member in one group partitions the buyers, so the overall figures are the
  // groups' sums, and the period's orders need not be read twice; by store a member may count at several.
  const [overall] = groups && query.by !== 'store' ? [sumRows(groups)] : await activity('none');
  const [members] = await db.query<{ n: number }>(`select count(*)::int as n from members where status = 'active'`);
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    previous: { from: previous.from.toISOString(), to: previous.to.toISOString() },
    currency,
    members: members!.n,
    overall: figures(overall ?? EMPTY),
    ...(groups ? { groups: groups.map((row) => ({ key: row.key, ...(query.by === 'segment' ? { name: segmentName(row.key) } : {}), ...figures(row) })) } : {}),
  };
}

/**
 * Cohort retention: members grouped by the month of their first order; for each later month k, the
 * share of the cohort who bought in it. Months are calendar months in UTC.
 */
export async function cohortRetention(db: Sql, config: Config, query: { from?: string; to?: string; months: number; currency?: string }, now: Date): Promise<CohortMatrix> {
  const { from, to, currency } = resolvePeriod(query, config, now, 365);
  const rows = await db.query<{ cohort: string; k: number; members: number }>(
    `with firsts as (
       select member_id, date_trunc('month', first_order_at at time zone 'UTC') as cohort from member_order_stats
       where currency = $3 and first_order_at >= $1 and first_order_at < $2),
     months as (
       select distinct f.member_id, f.cohort,
         ((extract(year from o.occurred_at at time zone 'UTC') - extract(year from f.cohort)) * 12
           + extract(month from o.occurred_at at time zone 'UTC') - extract(month from f.cohort))::int as k
       from firsts f join orders o on o.member_id = f.member_id and o.currency = $3
       where o.occurred_at < (f.cohort + make_interval(months => $4 + 1)) at time zone 'UTC')
     select to_char(cohort, 'YYYY-MM') as cohort, k, count(*)::int as members from months group by cohort, k order by cohort, k`,
    [from, to, currency, query.months],
  );
  const cohorts = new Map<string, Map<number, number>>();
  for (const row of rows) {
    if (!cohorts.has(row.cohort)) cohorts.set(row.cohort, new Map());
    cohorts.get(row.cohort)!.set(row.k, row.members);
  }
  return {
    currency,
    cohorts: [...cohorts].map(([cohort, byMonth]) => {
      const size = byMonth.get(0) ?? 0;
      return { cohort, members: size, retention: Array.from({ length: query.months + 1 }, (_, k) => share(byMonth.get(k) ?? 0, size)) };
    }),
  };
}
