// Which members are which: RFM segments over the member base, and the at-risk call list.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import type { AtRiskList, RfmReport } from './contract.js';
import { share } from './definitions.js';
import { RFM_SEGMENTS, rfmSegmentSql, SEGMENT_NAMES, type RfmSegment } from './rfm.js';

const score = (column: string, cut: string, better: 'higher' | 'lower') => {
  const below = [1, 2, 3, 4].map((i) => `(${column} > ${cut}[${i}])::int`).join(' + ');
  return better === 'higher' ? `(1 + ${below})` : `(5 - (${below}))`;
};

/**
 * One scan of the per-member aggregates: quintile cut points by percentile, then every member scored
 * against them and counted per segment and per R×F cell. Never touches orders.
 */
const RFM_STATEMENT = `with base as (
    select member_id, greatest(0, extract(epoch from ($1::timestamptz - last_order_at)) / 86400)::float8 as days, orders, spend
    from member_order_stats where currency = $2 and first_order_at <= $1),
  cuts as (
    select percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by days) as r,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by orders) as f,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by spend) as m
    from base),
  scored as (
    select b.*, ${score('b.days', 'c.r', 'lower')} as rs, ${score('b.orders', 'c.f', 'higher')} as fs from base b, cuts c)
  select rs, fs, ${rfmSegmentSql('rs', 'fs')} as segment, count(*)::int as members, sum(spend)::int8 as spend,
    sum(orders)::int8 as orders, sum(days)::float8 as days,
    (select jsonb_build_object('r', r, 'f', f, 'm', m) from cuts) as cuts
  from scored group by rs, fs`;

interface RfmRow {
  rs: number;
  fs: number;
  segment: RfmSegment;
  members: number;
  spend: number;
  orders: number;
  days: number;
  cuts: { r: number[] | null; f: number[] | null; m: number[] | null };
}

export async function rfmReport(db: Sql, config: Config, query: { currency?: string; asOf?: string }, now: Date): Promise<RfmReport> {
  const asOf = query.asOf ? new Date(query.asOf) : now;
  const currency = query.currency ?? config.program.currencies[0]!;
  const rows = await db.query<RfmRow>(RFM_STATEMENT, [asOf, currency]);
  const total = rows.reduce((sum, row) => sum + row.members, 0);
  const segments = RFM_SEGMENTS.map((segment) => {
    const cells = rows.filter((row) => row.segment === segment);
    const members = cells.reduce((sum, row) => sum + row.members, 0);
    const spend = cells.reduce((sum, row) => sum + Number(row.spend), 0);
    const orders = cells.reduce((sum, row) => sum + Number(row.orders), 0);
    const days = cells.reduce((sum, row) => sum + row.days, 0);
    return {
      segment,
      name: SEGMENT_NAMES[segment],
      members,
      share: share(members, total),
      spend,
      averageSpend: members > 0 ? Math.round(spend / members) : null,
      averageOrders: members > 0 ? Math.round((orders / members) * 100) / 100 : null,
      averageRecencyDays: members > 0 ? Math.round((days / members) * 10) / 10 : null,
    };
  });
  const cuts = rows[0]?.cuts;
  const round = (values: number[] | null | undefined) => (values ?? []).map((v) => Math.round(Number(v) * 10) / 10);
  return {
    asOf: asOf.toISOString(),
    currency,
    members: total,
    cuts: { recencyDays: round(cuts?.r), orders: round(cuts?.f), spend: round(cuts?.m) },
    segments,
    grid: rows.map((row) => ({ r: row.rs, f: row.fs, members: row.members })).sort((a, b) => b.r - a.r || a.f - b.f),
  };
}

/** A member's usual days between orders (≥ 1), over a member_order_stats row with at least two orders. */
export const USUAL_INTERVAL_DAYS_SQL = 'greatest(1, extract(epoch from (last_order_at - first_order_at))::float8 / 86400 / (orders - 1))';

/**
 * Members overdue against their own rhythm (days since last order ÷ usual interval ≥ `minOverdue`),
 * ranked by the yearly spend their rhythm would bring: who is worth a call first.
 */
export async function atRiskMembers(db: Sql, config: Config, query: { minOverdue: number; limit: number; currency?: string }, now: Date): Promise<AtRiskList> {
  const currency = query.currency ?? config.program.currencies[0]!;
  const rows = await db.query<{ member_id: string; name: string | null; orders: number; spend: number; last_order_at: Date; usual_days: number; overdue: number; annual_value: number }>(
    `with rhythm as (
       select member_id, orders, spend, last_order_at,
         ${USUAL_INTERVAL_DAYS_SQL} as usual_days
       from member_order_stats where currency = $2 and orders >= 2),
     scored as (
       select *, extract(epoch from ($1::timestamptz - last_order_at)) / 86400 / usual_days as overdue,
         (spend::float8 / orders) * (365 / usual_days) as annual_value
       from rhythm)
     select s.member_id, m.name, s.orders, s.spend, s.last_order_at, s.usual_days::float8 as usual_days, s.overdue::float8 as overdue, s.annual_value::float8 as annual_value
     from scored s join members m on m.id = s.member_id and m.status = 'active'
     where s.overdue >= $3 order by s.annual_value desc, s.member_id limit $4`,
    [now, currency, query.minOverdue, query.limit],
  );
  return {
    asOf: now.toISOString(),
    data: rows.map((row) => ({
      memberId: row.member_id,
      name: row.name,
      orders: row.orders,
      spend: Number(row.spend),
      lastOrderAt: row.last_order_at.toISOString(),
      usualIntervalDays: Math.round(row.usual_days * 10) / 10,
      overdue: Math.round(row.overdue * 100) / 100,
      annualValueAtRisk: Math.round(row.annual_value),
    })),
  };
}
