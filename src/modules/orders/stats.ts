// Per-member purchase aggregates, written with the order or refund that changes them (never by a later
// scan), so "who bought when, how much, at what discount" is one indexed row per member for analytics.
import type { Sql } from '../../db/client.js';
import { sql, type SqlFragment } from '../../db/statement.js';

/**
 * The upserts that fold a set of orders into the aggregates, as CTEs for one statement. `ordersRel`
 * yields (member_id, currency, total, occurred_at) per order; `linesRel` yields (member_id, currency,
 * category, brand, quantity, amount, discount) per line. Rows of one member are summed first, since an
 * upsert may touch each row only once per statement, and upserted in key order, so two statements
 * writing overlapping members (concurrent orders, or import batches in flight together) lock the rows
 * in the same order and wait for each other instead of deadlocking.
 */
export function orderStatsCtes(ordersRel: string, linesRel: string): string {
  return `stats_orders as (
  select member_id, currency, count(*)::int as orders, sum(total) as spend, min(occurred_at) as first_at, max(occurred_at) as last_at
  from ${ordersRel} group by member_id, currency),
stats_lines as (
  select member_id, currency, sum(discount) as discount, coalesce(sum(amount) filter (where discount = 0), 0) as full_price
  from ${linesRel} group by member_id, currency),
new_order_stats as (
  insert into member_order_stats as s (member_id, currency, orders, spend, discount, full_price_spend, first_order_at, last_order_at)
  select o.member_id, o.currency, o.orders, o.spend, coalesce(l.discount, 0), coalesce(l.full_price, 0), o.first_at, o.last_at
  from stats_orders o left join stats_lines l using (member_id, currency)
  order by o.member_id, o.currency
  on conflict (member_id, currency) do update set orders = s.orders + excluded.orders, spend = s.spend + excluded.spend,
    discount = s.discount + excluded.discount, full_price_spend = s.full_price_spend + excluded.full_price_spend,
    first_order_at = least(s.first_order_at, excluded.first_order_at), last_order_at = greatest(s.last_order_at, excluded.last_order_at)),
new_product_stats as (
  insert into member_product_stats as s (member_id, category, brand, purchases, quantity)
  select member_id, coalesce(category, ''), coalesce(brand, ''), count(*)::int, sum(quantity)::int from ${linesRel}
  where category is not null or brand is not null
  group by member_id, coalesce(category, ''), coalesce(brand, '')
  order by 1, 2, 3
  on conflict (member_id, category, brand) do update set purchases = s.purchases + excluded.purchases, quantity = s.quantity + excluded.quantity)`;
}

/**
 * A refund takes its amount out of net spend (and out of full-price spend for undiscounted lines) and
 * its units out of the product counts; the purchase itself still happened, so `orders` stays.
 * `$1` is the order id, `$2` the refunded lines as jsonb (line_id, quantity, amount).
 */
export const REFUND_STATS_STATEMENT = `with refunded as (
  select o.member_id, o.currency, l.category, l.brand, l.discount, r.quantity, r.amount
  from orders o join order_lines l on l.order_id = o.id
  join jsonb_to_recordset($2::jsonb) as r(line_id text, quantity int, amount int8) on r.line_id = l.line_id
  where o.id = $1),
order_side as (
  update member_order_stats s set spend = s.spend - d.amount, refunded = s.refunded + d.amount, full_price_spend = s.full_price_spend - d.full_price
  from (select member_id, currency, sum(amount) as amount, coalesce(sum(amount) filter (where discount = 0), 0) as full_price from refunded group by 1, 2) d
  where s.member_id = d.member_id and s.currency = d.currency)
update member_product_stats s set quantity = greatest(0, s.quantity - d.quantity)
from (select member_id, coalesce(category, '') as category, coalesce(brand, '') as brand, sum(quantity)::int as quantity from refunded where category is not null or brand is not null group by 1, 2, 3) d
where s.member_id = d.member_id and s.category = d.category and s.brand = d.brand`;

/** Members whose stored aggregates differ from a recount over their orders, refunds and lines. */
const STATS_DRIFT_QUERY = `with truth as (
  select o.member_id, o.currency, count(*)::int as orders, sum(o.total - coalesce(r.amount, 0))::int8 as spend, coalesce(sum(r.amount), 0)::int8 as refunded,
    sum(l.discount)::int8 as discount, sum(l.full_price - coalesce(r.full_price, 0))::int8 as full_price_spend,
    min(o.occurred_at) as first_order_at, max(o.occurred_at) as last_order_at
  from orders o
  join (select order_id, sum(discount) as discount, coalesce(sum(amount) filter (where discount = 0), 0) as full_price from order_lines group by order_id) l on l.order_id = o.id
  left join (select f.order_id, sum(rl.amount) as amount, coalesce(sum(rl.amount) filter (where ol.discount = 0), 0) as full_price
    from refunds f join refund_lines rl on rl.refund_id = f.id join order_lines ol on ol.order_id = f.order_id and ol.line_id = rl.line_id
    group by f.order_id) r on r.order_id = o.id
  group by o.member_id, o.currency),
products as (
  select member_id, coalesce(category, '') as category, coalesce(brand, '') as brand, count(*)::int as purchases, sum(quantity - refunded_quantity)::int as quantity
  from order_lines where category is not null or brand is not null group by 1, 2, 3)
select distinct member_id from (
  (select member_id, currency, orders, spend, refunded, discount, full_price_spend, first_order_at, last_order_at from truth
   except select member_id, currency, orders, spend, refunded, discount, full_price_spend, first_order_at, last_order_at from member_order_stats)
  union all
  (select member_id, currency, orders, spend, refunded, discount, full_price_spend, first_order_at, last_order_at from member_order_stats
   except select member_id, currency, orders, spend, refunded, discount, full_price_spend, first_order_at, last_order_at from truth)
  union all
  (select member_id, null, null, null, null, null, null, null, null from (select * from products except select * from member_product_stats) p)
  union all
  (select member_id, null, null, null, null, null, null, null, null from (select * from member_product_stats except select * from products) p)
) drift order by member_id`;

/** Proves the aggregates equal a recount (tests and `fidelis ledger verify`); a full scan, not for request paths. */
export async function driftedOrderStats(db: Sql): Promise<string[]> {
  return (await db.query<{ member_id: string }>(STATS_DRIFT_QUERY)).map((row) => row.member_id);
}

/** When the member last ordered, in any currency (null if never). */
export async function lastOrderAt(db: Sql, memberId: string): Promise<Date | null> {
  const [row] = await db.query<{ at: Date | null }>('select max(last_order_at) as at from member_order_stats where member_id = $1', [memberId]);
  return row?.at ?? null;
}

/**
 * The members who bought most recently, the most recent last, at most `limit` (a member buying in
 * several currencies counts once). Walks `member_order_stats_last_idx` backwards: no scan of all members.
 */
export async function recentBuyers(db: Sql, limit: number): Promise<string[]> {
  const rows = await db.query<{ member_id: string }>(
    `select member_id from (select member_id, max(last_order_at) as last_at
       from (select member_id, last_order_at from member_order_stats order by last_order_at desc limit $1) s group by member_id) r
     order by last_at`,
    [limit],
  );
  return rows.map((row) => row.member_id);
}

/** SQL: `left join member_order_stats s` for the member `memberId` in `currency`; never-buyers get nulls. For segment filters. */
export function orderStatsJoinSql(memberId: SqlFragment, currency: string): SqlFragment {
  return sql`left join member_order_stats s on s.member_id = ${memberId} and s.currency = ${currency}::text`;
}
