// What the program costs and what it holds: points liability, breakage, redemption and the cost of
// discounts and rewards against the revenue of returning members.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import type { Economics, EconomicsQuery } from './contract.js';
import { share } from './definitions.js';
import { periodStarts, resolvePeriod } from './period.js';

const DEPENDENCE_BANDS = ['0%', 'under 10%', '10–30%', '30–50%', 'over 50%'] as const;

interface PointsRow {
  part: 'in' | 'after';
  period: string | null;
  earned: number;
  spent: number;
  expired: number;
  net: number;
}

/**
 * Points earned, spent and expired in [from, to) in one scan of the ledger; with an interval, per week or
 * month, plus the net of entries after `to` so the outstanding points at each period's end can be
 * worked back from today's accounts (cached = Σ entries, the ledger invariant) without reading the
 * entries before `from`.
 */
async function pointsInPeriod(db: Sql, from: Date, to: Date, interval: EconomicsQuery['interval']): Promise<PointsRow[]> {
  return db.query<PointsRow>(
    `select case when occurred_at >= $2 then 'after' else 'in' end as part,
       case when occurred_at < $2 and $3::text is not null then to_char(date_trunc($3::text, occurred_at at time zone 'UTC'), 'YYYY-MM-DD') end as period,
       coalesce(sum(points) filter (where kind = 'earn'), 0)::int8 as earned, coalesce(-sum(points) filter (where kind = 'redeem'), 0)::int8 as spent,
       coalesce(-sum(points) filter (where kind = 'expire'), 0)::int8 as expired, coalesce(sum(points), 0)::int8 as net
     from ledger_entries where occurred_at >= $1 and ($3::text is not null or occurred_at < $2)
     group by 1, 2`,
    [from, to, interval ?? null],
  );
}

/** Per week or month, oldest first, every period present; outstanding points at each one's end. */
function pointsTrend(rows: readonly PointsRow[], outstandingNow: number, from: Date, to: Date, interval: 'week' | 'month'): NonNullable<Economics['trend']> {
  const after = rows.filter((row) => row.part === 'after').reduce((sum, row) => sum + row.net, 0);
  let outstanding = outstandingNow - after;
  const trend = periodStarts(from, to, interval)
    .reverse()
    .map((period) => {
      const row = rows.find((r) => r.part === 'in' && r.period === period);
      const point = { period, pointsEarned: row?.earned ?? 0, pointsSpent: row?.spent ?? 0, pointsExpired: row?.expired ?? 0, outstandingPoints: outstanding };
      outstanding -= row?.net ?? 0;
      return point;
    });
  return trend.reverse();
}

export async function programEconomics(db: Sql, config: Config, query: EconomicsQuery, now: Date): Promise<Economics> {
  const { from, to, currency } = resolvePeriod(query, config, now);
  const pointValue = config.program.pointValueMinor;
  const [accounts] = await db.query<{ available: number; pending: number; net: number; earned: number; spent: number; expired: number }>(
    `select coalesce(sum(greatest(available, 0)), 0)::int8 as available, coalesce(sum(pending), 0)::int8 as pending,
       coalesce(sum(available + pending), 0)::int8 as net,
       coalesce(sum(lifetime_earned), 0)::int8 as earned, coalesce(sum(lifetime_spent), 0)::int8 as spent, coalesce(sum(lifetime_expired), 0)::int8 as expired
     from accounts`,
  );
  const pointRows = await pointsInPeriod(db, from, to, query.interval);
  const inPeriod = pointRows.filter((row) => row.part === 'in');
  const points = {
    earned: inPeriod.reduce((sum, row) => sum + row.earned, 0),
    spent: inPeriod.reduce((sum, row) => sum + row.spent, 0),
    expired: inPeriod.reduce((sum, row) => sum + row.expired, 0),
  };
  const [sales] = await db.query<{ revenue: number; repeat_revenue: number; line_discounts: number; coupon_discounts: number }>(
    `select coalesce(sum(o.total), 0)::int8 as revenue,
       coalesce(sum(o.total) filter (where s.first_order_at < $1), 0)::int8 as repeat_revenue,
       coalesce((select sum(l.discount) from order_lines l join orders x on x.id = l.order_id
                 where x.occurred_at >= $1 and x.occurred_at < $2 and x.currency = $3), 0)::int8 as line_discounts,
       coalesce((select sum(discount) from coupon_redemptions where redeemed_at >= $1 and redeemed_at < $2), 0)::int8 as coupon_discounts
     from orders o left join member_order_stats s on s.member_id = o.member_id and s.currency = o.currency
     where o.occurred_at >= $1 and o.occurred_at < $2 and o.currency = $3`,
    [from, to, currency],
  );
  const dependence = await db.query<{ band: number; members: number }>(
    `select case when discount = 0 then 0 when discount * 10 < spend + discount then 1 when discount * 10 < (spend + discount) * 3 then 2
              when discount * 2 < spend + discount then 3 else 4 end as band, count(*)::int as members
     from member_order_stats where currency = $1 group by 1 order by 1`,
    [currency],
  );
  const rewardCost = Number(points.spent) * pointValue;
  const cost = rewardCost + Number(sales!.line_discounts) + Number(sales!.coupon_discounts);
  return {
    period: { from: from.toISOString(), to: to.toISOString() },
    currency,
    pointValueMinor: pointValue,
    liability: { availablePoints: Number(accounts!.available), pendingPoints: Number(accounts!.pending), valueMinor: Math.round(Number(accounts!.available) * pointValue) },
    lifetime: {
      earned: Number(accounts!.earned),
      spent: Number(accounts!.spent),
      expired: Number(accounts!.expired),
      redemptionRate: share(Number(accounts!.spent), Number(accounts!.earned)),
      breakageRate: share(Number(accounts!.expired), Number(accounts!.earned)),
    },
    inPeriod: {
      pointsEarned: Number(points.earned),
      pointsSpent: Number(points.spent),
      pointsExpired: Number(points.expired),
      rewardCostMinor: Math.round(rewardCost),
      lineDiscountsMinor: Number(sales!.line_discounts),
      couponDiscountsMinor: Number(sales!.coupon_discounts),
      revenue: Number(sales!.revenue),
      repeatRevenue: Number(sales!.repeat_revenue),
      costShareOfRepeatRevenue: share(cost, Number(sales!.repeat_revenue)),
    },
    discountDependence: DEPENDENCE_BANDS.map((band, i) => ({ band, members: dependence.find((row) => row.band === i)?.members ?? 0 })),
    ...(query.interval ? { trend: pointsTrend(pointRows, Number(accounts!.net), from, to, query.interval) } : {}),
  };
}
