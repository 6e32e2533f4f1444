// Writes a batch of imported orders in ONE statement: orders, their lines and the per-member purchase
// aggregates, all or nothing. Columns travel as typed arrays (unnest): no key names repeated per row,
// and no JSON to build in Node or to take apart in the database.
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { orderStatsCtes } from '../orders/stats.js';
import type { ImportOrder } from './order-groups.js';
import type { RejectedRow, SourceRow } from './rows.js';

/** What deciding a written order's outcome takes: who, when, which lines, and its rows for the reject file. */
export interface OrderKey {
  externalId: string;
  /** Null: a non-member's order. */
  memberRef: string | null;
  occurredAt: Date;
  total: number;
  lineIds: readonly string[];
  rows: readonly SourceRow[];
}

export interface BatchOutcome<T extends OrderKey = OrderKey> {
  imported: T[];
  /** Already recorded with the same member, time and lines: an earlier run (or the API) has them. */
  skipped: T[];
  rejected: RejectedRow[];
}

/**
 * Where the statement reads its batch: `orders` as i(id, external_id, member_ref, currency, total,
 * store_id, staff_id, occurred_at), `lines` as l(order_id, line_id, position, sku, category, brand,
 * quantity, unit_price, discount, amount), and the parameters holding the import time and event id.
 */
export interface ImportInput {
  orders: string;
  lines: string;
  now: string;
  eventId: string;
}

const IMPORT_ORDERS_STATEMENT = importOrdersStatement({
  orders: `unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::int8[], $6::text[], $7::text[], $8::timestamptz[])
    as i(id, external_id, member_ref, currency, total, store_id, staff_id, occurred_at)`,
  lines: `unnest($9::text[], $10::text[], $11::int4[], $12::text[], $13::text[], $14::text[], $15::int4[], $16::int8[], $17::int8[], $18::int8[])
    as l(order_id, line_id, position, sku, category, brand, quantity, unit_price, discount, amount)`,
  now: '$19',
  eventId: '$20',
});

/**
 * Orders whose member is unknown (or erased) are not written; an order whose external id is already
 * recorded is left as it is (`on conflict do nothing`, so a re-run or a concurrent import skips it
 * rather than failing the batch). Historical orders earn no points: no ledger entry, lot or account
 * change. The outbox gets one `orders.imported` event per batch rather than one `order.recorded` per
 * order: subscribers learn what arrived without a webhook for every year-old purchase.
 * Members are looked up by index once per distinct reference (a batch names a few thousand), never
 * by hashing the whole members table, and locked FOR KEY SHARE so none can be deleted before the
 * batch commits: with the lines joined to the orders just inserted, the foreign keys hold by
 * construction (the COPY path relies on it). An order with no member reference is a non-member's:
 * it goes to \`non_member_orders\` (totals only) and touches nothing else. One order number is one sale,
 * so an order is written to neither table if the other already holds its number (POST /v1/orders checks
 * the same; a check, not a constraint: two writers racing with one number as a member's and a
 * non-member's could both write it). Answers the input orders that were not written: `member_unknown`,
 * or already recorded. (As joins, not \`not in (subquery)\`: the staging tables have no statistics, and
 * on an overestimate the planner would test each order against the whole subquery list — measured: a
 * 100k-order batch ran for minutes.)
 */
export function importOrdersStatement(input: ImportInput): string {
  return `with input_orders as materialized (
  select * from ${input.orders}),
member_refs as materialized (
  select r.member_ref, m.id as member_id from (select distinct member_ref from input_orders where member_ref is not null) r
  cross join lateral (select id from members where external_id = r.member_ref and status = 'active' for key share) m),
found as materialized (
  select i.id, r.member_id from input_orders i join member_refs r using (member_ref)),
new_orders as (
  insert into orders (id, member_id, external_id, currency, total, points, store_id, staff_id, occurred_at, recorded_at)
  select i.id, f.member_id, i.external_id, i.currency, i.total, 0, i.store_id, i.staff_id, i.occurred_at, ${input.now}
  from input_orders i join found f using (id)
  where not exists (select from non_member_orders n where n.external_id = i.external_id)
  on conflict (external_id) do nothing
  returning id, member_id, currency, total, occurred_at),
new_non_member_orders as (
  insert into non_member_orders (id, external_id, currency, total, store_id, staff_id, occurred_at, recorded_at)
  select i.id, i.external_id, i.currency, i.total, i.store_id, i.staff_id, i.occurred_at, ${input.now}
  from input_orders i
  where i.member_ref is null and not exists (select from orders o where o.external_id = i.external_id)
  on conflict (external_id) do nothing
  returning id),
imported_lines as materialized (
  select o.member_id, o.currency, l.*
  from ${input.lines}
  join new_orders o on o.id = l.order_id),
new_lines as (
  insert into order_lines (order_id, line_id, member_id, position, sku, category, brand, quantity, unit_price, discount, amount, points)
  select order_id, line_id, member_id, position, sku, category, brand, quantity, unit_price, discount, amount, 0 from imported_lines),
${orderStatsCtes('new_orders', 'imported_lines')},
import_event as (
  insert into outbox (id, type, member_id, payload, occurred_at)
  select ${input.eventId}, 'orders.imported', null, jsonb_build_object('orders', count(*), 'firstOccurredAt', min(occurred_at), 'lastOccurredAt', max(occurred_at)), ${input.now}
  from new_orders having count(*) > 0)
select i.external_id, (i.member_ref is not null and f.id is null) as member_unknown
from input_orders i left join found f using (id) left join new_orders n on n.id = i.id left join new_non_member_orders g on g.id = i.id
where n.id is null and g.id is null`;
}

export async function writeOrderBatch(tx: Sql, orders: readonly ImportOrder[], now: Date): Promise<BatchOutcome<ImportOrder>> {
  const notWritten = await tx.query<NotWritten>(IMPORT_ORDERS_STATEMENT, [...columns(orders), now, newId('evt')]);
  return batchOutcome(tx, orders, notWritten);
}

export interface NotWritten {
  external_id: string;
  member_unknown: boolean;
}

/** Sorts the batch by what the statement answered: imported, skipped as already there, or rejected. */
export async function batchOutcome<T extends OrderKey>(tx: Sql, orders: readonly T[], notWritten: readonly NotWritten[]): Promise<BatchOutcome<T>> {
  const unknown = new Set(notWritten.filter((row) => row.member_unknown).map((row) => row.external_id));
  const existing = new Set(notWritten.filter((row) => !row.member_unknown).map((row) => row.external_id));
  const imported = orders.filter((order) => !unknown.has(order.externalId) && !existing.has(order.externalId));
  const conflicts = await compareWithRecorded(tx, orders.filter((order) => existing.has(order.externalId)));
  const rejected = orders
    .filter((order) => unknown.has(order.externalId))
    .flatMap((order) => rejectOrder(order, unknownMember(order)));
  return { imported, skipped: conflicts.same, rejected: [...rejected, ...conflicts.rejected] };
}

/** The batch as one array per column (orders, then lines), in the statement's parameter order. */
function columns(orders: readonly ImportOrder[]): unknown[][] {
  const o: unknown[][] = [[], [], [], [], [], [], [], []];
  const l: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
  for (const order of orders) {
    const id = newId('ord');
    const { input, plan } = order;
    o[0]!.push(id);
    o[1]!.push(order.externalId);
    o[2]!.push(order.memberRef);
    o[3]!.push(input.currency);
    o[4]!.push(plan.total);
    o[5]!.push(input.storeId ?? null);
    o[6]!.push(input.staffId ?? null);
    o[7]!.push(input.occurredAt);
    if (order.memberRef === null) continue; // a non-member's order is kept as its total alone
    for (const line of plan.lines) {
      l[0]!.push(id);
      l[1]!.push(line.lineId);
      l[2]!.push(line.position);
      l[3]!.push(line.sku);
      l[4]!.push(line.category);
      l[5]!.push(line.brand);
      l[6]!.push(line.quantity);
      l[7]!.push(line.unitPrice);
      l[8]!.push(line.discount);
      l[9]!.push(line.amount);
    }
  }
  return [...o, ...l];
}

export function unknownMember(order: OrderKey): string {
  return `no member with external_id ${order.memberRef} (import members first)`;
}

export function rejectOrder(order: OrderKey, reason: string): RejectedRow[] {
  return order.rows.map((row) => ({ line: row.line, fields: row.fields, reason }));
}

/**
 * Orders whose external id is already recorded are skipped when the recorded order is the same one
 * (a re-run): for a member's order the same member, time and line ids; for a non-member's, the same
 * time and total. They are rejected when it is not — most often because the lines of one order were
 * not contiguous in the file, so a later group reused an imported order_id — or when the number is
 * recorded as the other kind of sale.
 */
export async function compareWithRecorded<T extends OrderKey>(db: Sql, orders: readonly T[]): Promise<{ same: T[]; rejected: RejectedRow[] }> {
  if (orders.length === 0) return { same: [], rejected: [] };
  const ofMembers = orders.filter((order) => order.memberRef !== null);
  const ofNonMembers = orders.filter((order) => order.memberRef === null);
  const members = await recordedMemberOrders(db, ofMembers);
  const nonMembers = await recordedNonMemberOrders(db, ofNonMembers);
  const same: T[] = [];
  const rejected: RejectedRow[] = [];
  for (const order of orders) {
    const matches =
      order.memberRef === null
        ? sameNonMemberOrder(nonMembers.get(order.externalId), order)
        : sameMemberOrder(members.get(order.externalId), order);
    if (matches) same.push(order);
    else rejected.push(...rejectOrder(order, alreadyRecorded(order)));
  }
  return { same, rejected };
}

function alreadyRecorded(order: OrderKey): string {
  return order.memberRef === null
    ? `order ${order.externalId} is already recorded as a member's order, or with a different time or total`
    : `order ${order.externalId} is already recorded as a non-member's order, or with a different member, time or lines (are its lines contiguous in the file?)`;
}

interface RecordedMemberOrder {
  member_ref: string | null;
  occurred_at: Date;
  line_ids: string[];
}

async function recordedMemberOrders(db: Sql, orders: readonly OrderKey[]): Promise<Map<string, RecordedMemberOrder>> {
  if (orders.length === 0) return new Map();
  const rows = await db.query<RecordedMemberOrder & { external_id: string }>(
    `select o.external_id, m.external_id as member_ref, o.occurred_at, array_agg(l.line_id) as line_ids
     from orders o join members m on m.id = o.member_id join order_lines l on l.order_id = o.id
     where o.external_id = any($1::text[]) group by o.id, m.external_id`,
    [orders.map((order) => order.externalId)],
  );
  return new Map(rows.map((row) => [row.external_id, row]));
}

async function recordedNonMemberOrders(db: Sql, orders: readonly OrderKey[]): Promise<Map<string, { occurred_at: Date; total: number }>> {
  if (orders.length === 0) return new Map();
  const rows = await db.query<{ external_id: string; occurred_at: Date; total: string }>(
    'select external_id, occurred_at, total from non_member_orders where external_id = any($1::text[])',
    [orders.map((order) => order.externalId)],
  );
  return new Map(rows.map((row) => [row.external_id, { occurred_at: row.occurred_at, total: Number(row.total) }]));
}

function sameMemberOrder(stored: RecordedMemberOrder | undefined, order: OrderKey): boolean {
  return (
    stored !== undefined &&
    stored.member_ref === order.memberRef &&
    stored.occurred_at.getTime() === order.occurredAt.getTime() &&
    sameSet(stored.line_ids, order.lineIds)
  );
}

function sameNonMemberOrder(stored: { occurred_at: Date; total: number } | undefined, order: OrderKey): boolean {
  return stored !== undefined && stored.occurred_at.getTime() === order.occurredAt.getTime() && stored.total === order.total;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((item) => set.has(item));
}
