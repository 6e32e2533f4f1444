// Reads of orders that other modules need (feedback, later analytics): they call these, never the tables.
import type { Sql } from '../../db/client.js';
import { OrderNotFound } from './errors.js';

export interface OrderContext {
  orderId: string;
  memberId: string;
  storeId: string | null;
  staffId: string | null;
  channel: string | null;
  occurredAt: Date;
  /** Distinct categories of its lines, sorted. */
  categories: string[];
}

export async function orderContext(db: Sql, orderId: string): Promise<OrderContext> {
  const [row] = await db.query<{ member_id: string; store_id: string | null; staff_id: string | null; channel: string | null; occurred_at: Date; categories: string[] }>(
    `select o.member_id, o.store_id, o.staff_id, o.channel, o.occurred_at,
       array(select distinct category from order_lines where order_id = o.id and category is not null order by 1) as categories
     from orders o where o.id = $1`,
    [orderId],
  );
  if (!row) throw new OrderNotFound(orderId);
  return { orderId, memberId: row.member_id, storeId: row.store_id, staffId: row.staff_id, channel: row.channel, occurredAt: row.occurred_at, categories: row.categories };
}

/** Orders that occurred in [from, to), oldest first. */
export async function ordersOccurredBetween(db: Sql, from: Date, to: Date, limit: number): Promise<{ orderId: string; memberId: string }[]> {
  const rows = await db.query<{ id: string; member_id: string }>(
    'select id, member_id from orders where occurred_at >= $1 and occurred_at < $2 order by occurred_at, id limit $3',
    [from, to, limit],
  );
  return rows.map((row) => ({ orderId: row.id, memberId: row.member_id }));
}

/** Members who ordered since `since` (optionally at one store), for campaigns. */
export async function membersWhoOrderedSince(db: Sql, since: Date, storeId: string | undefined, limit: number): Promise<string[]> {
  const rows = await db.query<{ member_id: string }>(
    `select distinct member_id from orders where occurred_at >= $1 and ($2::text is null or store_id = $2) order by member_id limit $3`,
    [since, storeId ?? null, limit],
  );
  return rows.map((row) => row.member_id);
}

export interface PurchaseBehaviour {
  memberId: string;
  orders: number;
  ordersLast90Days: number;
  ordersLast365Days: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

/** How each member buys, as of `now`; members without orders are returned with zeros. */
export async function purchaseBehaviour(db: Sql, memberIds: readonly string[], now: Date): Promise<PurchaseBehaviour[]> {
  const rows = await db.query<{ member_id: string; orders: number; last90: number; last365: number; first_at: Date | null; last_at: Date | null }>(
    `select m.member_id, count(o.id)::int8 as orders,
       count(o.id) filter (where o.occurred_at > $2::timestamptz - interval '90 days')::int8 as last90,
       count(o.id) filter (where o.occurred_at > $2::timestamptz - interval '365 days')::int8 as last365,
       min(o.occurred_at) as first_at, max(o.occurred_at) as last_at
     from unnest($1::text[]) as m(member_id) left join orders o on o.member_id = m.member_id and o.occurred_at <= $2
     group by m.member_id`,
    [memberIds, now],
  );
  return rows.map((r) => ({ memberId: r.member_id, orders: r.orders, ordersLast90Days: r.last90, ordersLast365Days: r.last365, firstOrderAt: r.first_at, lastOrderAt: r.last_at }));
}

export interface OrderForReplay {
  orderId: string;
  memberId: string;
  occurredAt: Date;
  currency: string;
  total: number;
  points: number;
  storeId: string | null;
  channel: string | null;
  lines: { lineId: string; sku: string; category: string | null; quantity: number; amount: number }[];
}

/** Orders in [from, to) with their lines in time order, after the keyset `after` — for replays such as backtests. */
export async function ordersWithLines(db: Sql, from: Date, to: Date, after: { occurredAt: Date; orderId: string } | null, limit: number): Promise<OrderForReplay[]> {
  // Two texts, not one with "$3 is null or …": the row comparison alone lets the planner walk orders_occurred_idx.
  const keyset = after ? 'and (o.occurred_at, o.id) > ($4::timestamptz, $5::text)' : '';
  const rows = await db.query<{ id: string; member_id: string; occurred_at: Date; currency: string; total: number; points: number; store_id: string | null; channel: string | null; lines: OrderForReplay['lines'] }>(
    `select o.id, o.member_id, o.occurred_at, o.currency, o.total, o.points, o.store_id, o.channel,
       (select jsonb_agg(jsonb_build_object('lineId', l.line_id, 'sku', l.sku, 'category', l.category, 'quantity', l.quantity, 'amount', l.amount) order by l.position)
        from order_lines l where l.order_id = o.id) as lines
     from orders o where o.occurred_at >= $1 and o.occurred_at < $2 ${keyset}
     order by o.occurred_at, o.id limit $3`,
    after ? [from, to, limit, after.occurredAt, after.orderId] : [from, to, limit],
  );
  return rows.map((r) => ({ orderId: r.id, memberId: r.member_id, occurredAt: r.occurred_at, currency: r.currency, total: r.total, points: r.points, storeId: r.store_id, channel: r.channel, lines: r.lines ?? [] }));
}

/** A member's net spend (orders minus refunds, minor units) and number of orders in [from, to). */
export async function spendAndVisits(db: Sql, memberId: string, from: Date, to: Date): Promise<{ spend: number; visits: number }> {
  const [row] = await db.query<{ spend: number; visits: number }>(
    `select (coalesce(sum(o.total), 0) - coalesce((select sum(r.amount) from refunds r join orders ro on ro.id = r.order_id
        where ro.member_id = $1 and ro.occurred_at >= $2 and ro.occurred_at < $3), 0))::int8 as spend,
       count(*)::int8 as visits
     from orders o where o.member_id = $1 and o.occurred_at >= $2 and o.occurred_at < $3`,
    [memberId, from, to],
  );
  return row!;
}

/** Whether the member has any order yet (a referral may only be attributed before the first). */
export async function hasOrdered(db: Sql, memberId: string): Promise<boolean> {
  const [row] = await db.query<{ ordered: boolean }>('select exists (select 1 from orders where member_id = $1) as ordered', [memberId]);
  return row!.ordered;
}

/** Of `memberIds`, those with at least one order. */
export async function membersWithOrders(db: Sql, memberIds: readonly string[]): Promise<Set<string>> {
  const rows = await db.query<{ member_id: string }>(
    'select m.member_id from unnest($1::text[]) as m(member_id) where exists (select 1 from orders o where o.member_id = m.member_id)',
    [memberIds],
  );
  return new Set(rows.map((row) => row.member_id));
}

/** The id of the member's earliest order in `currency` of at least `minTotal` that occurred by `until`, if any. */
export async function firstQualifyingOrder(db: Sql, memberId: string, purchase: { currency: string; minTotal: number; until: Date }): Promise<string | null> {
  const [row] = await db.query<{ id: string }>(
    `select id from orders where member_id = $1 and currency = $2 and total >= $3 and occurred_at <= $4 order by occurred_at, id limit 1`,
    [memberId, purchase.currency, purchase.minTotal, purchase.until],
  );
  return row?.id ?? null;
}

/** Whether two members ever paid with the same card or wallet (same `paymentFingerprint`). */
export async function sharePaymentFingerprint(db: Sql, memberId: string, otherMemberId: string): Promise<boolean> {
  const [row] = await db.query<{ shared: boolean }>(
    `select exists (select 1 from orders a join orders b on b.payment_fingerprint = a.payment_fingerprint and b.member_id = $2
       where a.member_id = $1 and a.payment_fingerprint is not null) as shared`,
    [memberId, otherMemberId],
  );
  return row!.shared;
}

/** What is left of an order after its refunds, in minor units, and when it occurred. */
export async function orderNetTotal(db: Sql, orderId: string): Promise<{ net: number; occurredAt: Date }> {
  const [row] = await db.query<{ net: number; occurred_at: Date }>(
    `select (o.total - coalesce((select sum(r.amount) from refunds r where r.order_id = o.id), 0))::int8 as net, o.occurred_at
     from orders o where o.id = $1`,
    [orderId],
  );
  if (!row) throw new OrderNotFound(orderId);
  return { net: row.net, occurredAt: row.occurred_at };
}
