// Which members are which: RFM segments over the member base, and the at-risk call list.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import type { AtRiskList, RfmReport } from './contract.js';
import { share } from './definitions.js';
import { RFM_SEGMENTS, rfmSegmentSql, SEGMENT_NAMES, type RfmSegment } from './rfm.js';
import { render, sql, SqlFragment } from '../../db/statement.js';

const score = (column: string, cut: string, better: 'higher' | 'lower') => {
  const below = [1, 2, 3, 4].map((i) => `(${column} > ${cut}[${i}])::int`).join(' + ');
  return better === 'higher' ? `(1 + ${below})` : `(5 - (${below}))`;
};

/** Days since `lastOrderAt` as of `asOf` (a parameter, or an SQL expression), never negative: RFM recency. */
export function recencyDays(asOf: Date | SqlFragment, lastOrderAt: string): SqlFragment {
  return sql`greatest(0, extract(epoch from (${asOf}::timestamptz - ${raw(lastOrderAt)})) / 86400)::float8`;
}

/**
 * CTEs `rfm_base` (member_id, days, orders, spend: every buyer as of `asOf`) and `rfm_cuts` (r, f, m): the
 * quintile cut points by percentile, computed once per statement.
 */
export function rfmCutsCtes(asOf: Date, currency: string): SqlFragment {
  return sql`rfm_base as (
    select member_id, ${recencyDays(asOf, 'last_order_at')} as days, orders, spend
    from member_order_stats where currency = ${currency} and first_order_at <= ${asOf}::timestamptz),
  rfm_cuts as (
    select percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by days) as r,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by orders) as f,
      percentile_disc(array[0.2, 0.4, 0.6, 0.8]) within group (order by spend) as m
    from rfm_base)`;
}

/** The segment of a member with these days since the last order and orders, against `rfm_cuts` joined as `c`. */
export function rfmSegmentOf(days: string, orders: string): string {
  return rfmSegmentSql(score(days, 'c.r', 'lower'), score(orders, 'c.f', 'higher'));
}

/**
 * CTEs `rfm_base`, `rfm_cuts` and `rfm_scored` (member_id, days, orders, spend, rs, fs, segment): every
 * buyer scored against the cuts. Shared by the RFM report and segment filters, so a segment's "at risk"
 * is the report's "at risk".
 */
export function rfmScoredCtes(asOf: Date, currency: string): SqlFragment {
  return sql`${rfmCutsCtes(asOf, currency)},
  rfm_scored as (
    select s.*, ${raw(rfmSegmentSql('s.rs', 's.fs'))} as segment
    from (select b.*, ${raw(score('b.days', 'c.r', 'lower'))} as rs, ${raw(score('b.orders', 'c.f', 'higher'))} as fs from rfm_base b, rfm_cuts c) s)`;
}

const raw = (text: string) => new SqlFragment([text], []);

/** One scan of the per-member aggregates, scored and counted per segment and per R×F cell. Never touches orders. */
function rfmStatement(asOf: Date, currency: string) {
  return render(sql`with ${rfmScoredCtes(asOf, currency)}
  select rs, fs, segment, count(*)::int as members, sum(spend)::int8 as spend,
    sum(orders)::int8 as orders, sum(days)::float8 as days,
    (select jsonb_build_object('r', r, 'f', f, 'm', m) from rfm_cuts) as cuts
  from rfm_scored group by rs, fs, segment`);
}

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
  const statement = rfmStatement(asOf, currency);
  const rows = await db.query<RfmRow>(statement.text, statement.params);
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
 * Members overdue against their own rhythm (days since last order ÷ usual interval ≥ `minOverdue`) or
 * whose P(alive) from the last scoring fell to `maxPAlive`, ranked by the yearly spend their rhythm would
 * bring: who is worth a call first. `minAnnualValue` (minor units) keeps only members worth at least
 * that much a year.
 */
export async function atRiskMembers(
  db: Sql,
  config: Config,
  query: { minOverdue: number; maxPAlive?: number; limit: number; currency?: string; minAnnualValue?: number },
  now: Date,
): Promise<AtRiskList> {
  const currency = query.currency ?? config.program.currencies[0]!;
  const rows = await db.query<{ member_id: string; name: string | null; orders: number; spend: number; last_order_at: Date; usual_days: number; overdue: number; annual_value: number; p_alive: number | null }>(
    `with rhythm as (
       select member_id, orders, spend, last_order_at,
         ${USUAL_INTERVAL_DAYS_SQL} as usual_days
       from member_order_stats where currency = $2 and orders >= 2),
     scored as (
       select *, extract(epoch from ($1::timestamptz - last_order_at)) / 86400 / usual_days as overdue,
         (spend::float8 / orders) * (365 / usual_days) as annual_value
       from rhythm)
     select s.member_id, m.name, s.orders, s.spend, s.last_order_at, s.usual_days::float8 as usual_days, s.overdue::float8 as overdue,
       s.annual_value::float8 as annual_value, sc.p_alive
     from scored s join members m on m.id = s.member_id and m.status = 'active'
     left join member_scores sc on sc.member_id = s.member_id
     where (s.overdue >= $3 or sc.p_alive <= $5) and s.annual_value >= $6 order by s.annual_value desc, s.member_id limit $4`,
    [now, currency, query.minOverdue, query.limit, query.maxPAlive ?? -1, query.minAnnualValue ?? 0],
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
      pAlive: row.p_alive === null ? null : Math.round(row.p_alive * 10_000) / 10_000,
    })),
  };
}
