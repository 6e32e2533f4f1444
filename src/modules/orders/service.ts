import type { Sql } from '../../db/client.js';
import { orderStatsCtes } from './stats.js';
import { sqlState, violatedConstraint } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { joinSql, render, sql, SqlFragment } from '../../db/statement.js';
import type { ProgramConfig } from '../../config.js';
import { recordEventCte } from '../events/service.js';
import { earnPointsCtes, newEarningIds, type EarningIds } from '../ledger/earn.js';
import { idempotencyClaimCte, type ResponseClaim } from '../idempotency/service.js';
import { explainEntry } from '../ledger/explain.js';
import { findOrderEarning, type OrderEarning } from '../ledger/queries.js';
import type { CreateOrderInput, Order } from './contract.js';
import { MemberNotActive, OrderAlreadyRecorded, OrderNotFound } from './errors.js';
import { planOrder, type OrderEarner, type OrderPlan } from './plan.js';

/** An order checked and computed in memory, with its ids and response: ready to write alone or in a batch. */
export interface PreparedOrder {
  input: CreateOrderInput;
  plan: OrderPlan;
  orderId: string;
  ids: EarningIds | null;
  response: Order;
  now: Date;
}

export function prepareOrder(program: ProgramConfig, input: CreateOrderInput, now: Date, earn?: OrderEarner): PreparedOrder {
  const plan = planOrder(input, program, now, earn);
  const orderId = newId('ord');
  const ids = plan.points > 0 ? newEarningIds() : null;
  return { input, plan, orderId, ids, response: orderResponse(orderId, input, plan, ids, now), now };
}

export function earningDetails(plan: OrderPlan): Record<string, unknown> {
  return plan.details;
}

export function orderRecordedPayload({ orderId, plan, input }: PreparedOrder): Record<string, unknown> {
  return { orderId, total: plan.total, currency: input.currency, points: plan.points };
}

/**
 * Records a purchase and earns its points in ONE statement (order, lines, ledger entry, lot, account,
 * outbox and idempotency key as data-modifying CTEs): atomic without BEGIN/COMMIT, one round trip.
 */
export async function recordOrder(
  db: Sql,
  program: ProgramConfig,
  input: CreateOrderInput,
  context: { now: Date; claim: ResponseClaim | null },
): Promise<Order> {
  return recordPreparedOrder(db, prepareOrder(program, input, context.now), context.claim);
}

export async function recordPreparedOrder(db: Sql, prepared: PreparedOrder, claim: ResponseClaim | null): Promise<Order> {
  const { input, plan, orderId, ids, response, now } = prepared;
  // One order number is one sale: a number imported as a non-member's sale is not recorded again as a member's.
  const numberTaken = input.externalId ? sql`exists (select from non_member_orders where external_id = ${input.externalId})` : sql`false`;
  const ctes: SqlFragment[] = [
    sql`member as (select id from members where id = ${input.memberId} and status = 'active' and not ${numberTaken})`,
    sql`new_order as (
      insert into orders (id, member_id, external_id, currency, total, points, store_id, staff_id, channel, payment_fingerprint, occurred_at, recorded_at)
      select ${orderId}, id, ${input.externalId ?? null}, ${input.currency}, ${plan.total}, ${plan.points}, ${input.storeId ?? null},
        ${input.staffId ?? null}, ${input.channel ?? null}, ${input.paymentFingerprint ?? null}, ${plan.occurredAt}, ${now}
      from member returning id)`,
    sql`order_row as (
      select id as order_id, ${input.memberId}::text as member_id, ${input.currency}::text as currency, ${plan.total}::int8 as total,
        ${plan.occurredAt}::timestamptz as occurred_at from new_order)`,
    sql`order_line_rows as materialized (
      select o.order_id, o.member_id, o.currency, l.* from order_row o, jsonb_to_recordset(${JSON.stringify(plan.lines.map(lineRecord))}::jsonb) as ${LINE_RECORD})`,
    sql`new_lines as (
      insert into order_lines (order_id, line_id, member_id, position, sku, category, brand, quantity, unit_price, discount, amount, points)
      select order_id, line_id, member_id, position, sku, category, brand, quantity, unit_price, discount, amount, points from order_line_rows)`,
    new SqlFragment([orderStatsCtes('order_row', 'order_line_rows')], []),
  ];
  if (ids) {
    const { points, occurredAt, availableAt, expiresAt } = plan;
    const earning = { memberId: input.memberId, orderId, points, occurredAt, availableAt, expiresAt, details: earningDetails(plan) };
    ctes.push(...earnPointsCtes(earning, ids, 'new_order'));
  }
  ctes.push(
    sql`order_event as (${recordEventCte(
      { type: 'order.recorded', memberId: input.memberId, payload: orderRecordedPayload(prepared), occurredAt: plan.occurredAt },
      sql`new_order`,
    )})`,
  );
  if (claim) ctes.push(sql`claim as (${idempotencyClaimCte(claim.scope, { status: claim.status, body: response }, 'new_order')})`);
  const statement = render(sql`with ${joinSql(ctes, ',\n')} select count(*)::int as recorded from new_order`);
  let rows: { recorded: number }[];
  try {
    rows = await db.query<{ recorded: number }>(statement.text, statement.params);
  } catch (error) {
    throw asOrderError(error, input);
  }
  if (rows[0]?.recorded !== 1) throw await whyNotRecorded(db, input);
  return response;
}

/** Nothing was written: the number is a non-member's sale (asked only now, off the path of every recorded order), or the member is not active. */
async function whyNotRecorded(db: Sql, input: CreateOrderInput): Promise<OrderAlreadyRecorded | MemberNotActive> {
  if (input.externalId) {
    const [row] = await db.query<{ taken: boolean }>('select exists (select from non_member_orders where external_id = $1) as taken', [input.externalId]);
    if (row?.taken) return new OrderAlreadyRecorded(input.externalId, true);
  }
  return new MemberNotActive(input.memberId);
}

/** A duplicate externalId is the client's conflict, not a server error. */
function asOrderError(error: unknown, input: CreateOrderInput): unknown {
  if (sqlState(error) === '23505' && violatedConstraint(error) === 'orders_external_id_unique') {
    return new OrderAlreadyRecorded(input.externalId ?? '');
  }
  return error;
}

/** The columns `jsonb_to_recordset` reads order lines with (see `lineRecord`). */
export const LINE_RECORD_COLUMNS =
  'line_id text, position int, sku text, category text, brand text, quantity int, unit_price int8, discount int8, amount int8, points int8';
const LINE_RECORD = new SqlFragment([`l(${LINE_RECORD_COLUMNS})`], []);

export function lineRecord(line: OrderPlan['lines'][number]) {
  return {
    line_id: line.lineId,
    position: line.position,
    sku: line.sku,
    category: line.category,
    brand: line.brand,
    quantity: line.quantity,
    unit_price: line.unitPrice,
    discount: line.discount,
    amount: line.amount,
    points: line.points,
  };
}

function orderResponse(
  orderId: string,
  input: CreateOrderInput,
  plan: OrderPlan,
  ids: EarningIds | null,
  now: Date,
): Order {
  const status = plan.availableAt > now ? 'pending' : 'available';
  const earned = ids && {
    entryId: ids.entryId,
    lotId: ids.lotId,
    points: plan.points,
    availableAt: plan.availableAt.toISOString(),
    expiresAt: plan.expiresAt?.toISOString() ?? null,
    explanation: '',
  };
  if (earned) earned.explanation = explainEarning(orderId, plan.details, { ...earned, status });
  return {
    id: orderId,
    externalId: input.externalId ?? null,
    memberId: input.memberId,
    currency: input.currency,
    total: plan.total,
    points: plan.points,
    occurredAt: plan.occurredAt.toISOString(),
    recordedAt: now.toISOString(),
    storeId: input.storeId ?? null,
    staffId: input.staffId ?? null,
    channel: input.channel ?? null,
    lines: plan.lines.map(({ position: _position, ...line }) => ({ ...line, refundedQuantity: 0 })),
    earned,
  };
}

/** An order row as `select o.*` reads it; the member's order list adds its lines and refunds. */
export interface OrderRow {
  id: string;
  external_id: string | null;
  member_id: string;
  currency: string;
  total: number;
  points: number;
  occurred_at: Date;
  recorded_at: Date;
  store_id: string | null;
  staff_id: string | null;
  channel: string | null;
}

/** An order's own fields as the API shows them, shared by the single order and the member's order list. */
export function orderHeader(row: OrderRow) {
  return {
    id: row.id,
    externalId: row.external_id,
    memberId: row.member_id,
    currency: row.currency,
    total: row.total,
    points: row.points,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    storeId: row.store_id,
    staffId: row.staff_id,
    channel: row.channel,
  };
}

export async function getOrder(db: Sql, orderId: string): Promise<Order> {
  const [row] = await db.query<OrderRow & { lines: Order['lines'] | null }>(
    `select o.*,
       (select jsonb_agg(jsonb_build_object('lineId', line_id, 'sku', sku, 'category', category, 'brand', brand, 'quantity', quantity,
          'unitPrice', unit_price, 'discount', discount, 'amount', amount, 'points', points, 'refundedQuantity', refunded_quantity)
          order by position) from order_lines where order_id = o.id) as lines
     from orders o where o.id = $1`,
    [orderId],
  );
  if (!row) throw new OrderNotFound(orderId);
  const lines = row.lines ?? [];
  const lot = await findOrderEarning(db, orderId);
  return {
    ...orderHeader(row),
    lines,
    earned: lot && { ...withoutStatus(lot), explanation: explainEarning(row.id, lot.details, lot) },
  };
}

function withoutStatus({ status: _status, details: _details, ...rest }: OrderEarning) {
  return rest;
}

function explainEarning(orderId: string, details: Record<string, unknown>, lot: Pick<OrderEarning, 'points' | 'status' | 'availableAt' | 'expiresAt'>): string {
  return explainEntry({ kind: 'earn', points: lot.points, orderId, reason: null, reversesEntryId: null, details, lot, allocations: [] });
}

/** All of a member's orders with their lines and refunds, oldest first (GDPR export, support). */
export async function listMemberOrders(db: Sql, memberId: string): Promise<(Order & { refunds: unknown[] })[]> {
  const rows = await db.query<{ id: string; refunds: unknown[] }>(
    `select o.id, coalesce((select jsonb_agg(jsonb_build_object('id', r.id, 'amount', r.amount, 'points', r.points,
       'reason', r.reason, 'occurredAt', r.occurred_at) order by r.id) from refunds r where r.order_id = o.id), '[]'::jsonb) as refunds
     from orders o where o.member_id = $1 order by o.occurred_at, o.id`,
    [memberId],
  );
  return Promise.all(rows.map(async (row) => ({ ...(await getOrder(db, row.id)), refunds: row.refunds })));
}
