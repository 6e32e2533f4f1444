import { REFUND_STATS_STATEMENT } from './stats.js';
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import type { ProgramConfig } from '../../config.js';
import type { FieldProblem } from '../../errors.js';
import { recordEvent } from '../events/service.js';
import { clawbackForLine, shareOf } from '../ledger/arithmetic.js';
import { findOrderLot } from '../ledger/queries.js';
import { takeBackPoints, type Actor } from '../ledger/service.js';
import type { CreateRefundInput, Refund } from './contract.js';
import { InvalidOrder, OrderNotFound, OrderRejected } from './errors.js';

export interface LineState {
  line_id: string;
  quantity: number;
  amount: number;
  points: number;
  refunded_quantity: number;
  clawed_back_points: number;
}

export interface RefundLinePlan {
  lineId: string;
  quantity: number;
  amount: number;
  points: number;
}

/**
 * Pure: what refunding `requested` units gives back in money and takes back in points. Both are taken
 * on the cumulative refunded quantity, so a line refunded in steps returns exactly its amount and points.
 */
export function planRefund(lines: readonly LineState[], requested: CreateRefundInput['lines']): RefundLinePlan[] {
  const byId = new Map(lines.map((line) => [line.line_id, line]));
  const problems: FieldProblem[] = [];
  const seen = new Set<string>();
  requested.forEach((item, index) => {
    const line = byId.get(item.lineId);
    if (seen.has(item.lineId)) problems.push({ path: `body.lines.${index}.lineId`, message: `duplicate lineId ${item.lineId}` });
    else if (!line) problems.push({ path: `body.lines.${index}.lineId`, message: `the order has no line ${item.lineId}` });
    else if (item.quantity > line.quantity - line.refunded_quantity) {
      problems.push({ path: `body.lines.${index}.quantity`, message: `only ${line.quantity - line.refunded_quantity} left to refund` });
    }
    seen.add(item.lineId);
  });
  if (problems.some((p) => p.message.startsWith('duplicate'))) throw new InvalidOrder('duplicate_line_id', 'Name each line once.', problems);
  if (problems.length > 0) throw new OrderRejected('refund_exceeds_order', 'The refund does not match what is left on the order.', problems);
  return requested.map((item) => {
    const line = byId.get(item.lineId)!;
    const refunded = line.refunded_quantity;
    const amountBefore = shareOf(line.amount, refunded, line.quantity);
    const amountAfter = shareOf(line.amount, refunded + item.quantity, line.quantity);
    return {
      lineId: item.lineId,
      quantity: item.quantity,
      amount: amountAfter - amountBefore,
      points: clawbackForLine(
        { points: line.points, quantity: line.quantity, refundedQuantity: refunded, clawedBack: line.clawed_back_points },
        item.quantity,
      ),
    };
  });
}

/** Refunds lines of an order and claws back exactly their points, in the caller's transaction. */
export async function refundOrder(
  tx: Sql,
  program: ProgramConfig,
  input: CreateRefundInput & { orderId: string },
  context: { now: Date; actor: Actor },
): Promise<Refund> {
  const [order] = await tx.query<{ member_id: string }>('select member_id from orders where id = $1', [input.orderId]);
  if (!order) throw new OrderNotFound(input.orderId);
  const lines = await tx.query<LineState>(
    `select line_id, quantity, amount, points, refunded_quantity, clawed_back_points
     from order_lines where order_id = $1 for update`,
    [input.orderId],
  );
  const planned = planRefund(lines, input.lines);
  const refundId = newId('ref');
  const occurredAt = input.occurredAt ? new Date(input.occurredAt) : context.now;
  const amount = planned.reduce((sum, line) => sum + line.amount, 0);
  const points = planned.reduce((sum, line) => sum + line.points, 0);
  const rows = JSON.stringify(planned.map((l) => ({ line_id: l.lineId, quantity: l.quantity, amount: l.amount, points: l.points })));
  await tx.query(
    `insert into refunds (id, order_id, member_id, amount, points, reason, occurred_at) values ($1, $2, $3, $4, $5, $6, $7)`,
    [refundId, input.orderId, order.member_id, amount, points, input.reason ?? null, occurredAt],
  );
  await tx.query(
    `insert into refund_lines (refund_id, line_id, quantity, amount, points)
     select $1, r.line_id, r.quantity, r.amount, r.points from jsonb_to_recordset($2::jsonb) as r(line_id text, quantity int, amount int8, points int8)`,
    [refundId, rows],
  );
  await tx.query(
    `update order_lines l set refunded_quantity = l.refunded_quantity + r.quantity, clawed_back_points = l.clawed_back_points + r.points
     from jsonb_to_recordset($2::jsonb) as r(line_id text, quantity int, points int8)
     where l.order_id = $1 and l.line_id = r.line_id`,
    [input.orderId, rows],
  );
  await tx.query(REFUND_STATS_STATEMENT, [input.orderId, rows]);
  const change =
    points > 0
      ? await takeBackPoints(
          tx,
          program,
          {
            memberId: order.member_id,
            points,
            kind: 'clawback',
            preferredLotId: await findOrderLot(tx, input.orderId),
            occurredAt,
            asOf: context.now,
            orderId: input.orderId,
            refundId,
            details: { lines: planned.map((l) => ({ lineId: l.lineId, quantity: l.quantity, points: l.points })) },
          },
          context.actor,
        )
      : null;
  const clawedBack = change ? -change.points : 0;
  await recordEvent(tx, {
    type: 'order.refunded',
    memberId: order.member_id,
    payload: { orderId: input.orderId, refundId, amount, points: clawedBack },
    occurredAt,
  });
  return {
    id: refundId,
    orderId: input.orderId,
    memberId: order.member_id,
    amount,
    points: clawedBack,
    debt: change?.debt ?? 0,
    forgiven: points - clawedBack,
    entryId: change?.entryId ?? null,
    lines: planned,
    reason: input.reason ?? null,
    occurredAt: occurredAt.toISOString(),
  };
}
