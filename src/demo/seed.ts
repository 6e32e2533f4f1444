import type { ProgramConfig } from '../config.js';
import type { Database, Sql } from '../db/client.js';
import { DomainError } from '../errors.js';
import { matureDueLots } from '../modules/ledger/jobs.js';
import { redeemPoints } from '../modules/ledger/service.js';
import { createMember } from '../modules/members/service.js';
import { refundOrder } from '../modules/orders/refunds.js';
import { recordOrder } from '../modules/orders/service.js';
import { generateMembers, generateOrders, seededRandom, type DemoOrder } from './generate.js';

const DAY = 86_400_000;
const ORDERS_PER_TRANSACTION = 500;
const actor = { id: 'demo-seed' };

type TimelineEvent =
  | { at: Date; kind: 'order'; order: DemoOrder; index: number }
  | { at: Date; kind: 'refund'; orderIndex: number; lineId: string }
  | { at: Date; kind: 'redeem'; memberIndex: number; points: number };

/**
 * Seeds a demo merchant through the real services, in time order, so the ledger holds what the API
 * would have produced: earnings, returns with clawbacks, redemptions and expiries.
 */
export async function seedDemo(
  db: Database,
  program: ProgramConfig,
  options: { members: number; orders: number; now: Date; progress?: (done: number, total: number) => void },
): Promise<{ members: number; orders: number; refunds: number; redemptions: number }> {
  const random = seededRandom(20261124);
  const members = generateMembers(options.members, options.now, random);
  const memberIds: string[] = [];
  await db.transaction(async (tx) => {
    for (const member of members) {
      const { joinedAt, visitsPerMonth: _v, leftAt: _l, ...profile } = member;
      memberIds.push((await createMember(tx, profile, joinedAt)).id);
    }
  });
  const orders = generateOrders(members, options.orders, options.now, random);
  const timeline = buildTimeline(orders, options.now, random);
  const orderIds: string[] = [];
  const counts = { members: memberIds.length, orders: 0, refunds: 0, redemptions: 0 };
  let batch: Extract<TimelineEvent, { kind: 'order' }>[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const events = batch;
    batch = [];
    await db.transaction(async (tx) => {
      for (const event of events) orderIds[event.index] = await recordDemoOrder(tx, program, event.order, memberIds);
    });
    counts.orders += events.length;
  };
  for (const [position, event] of timeline.entries()) {
    if (event.kind === 'order') {
      batch.push(event);
      if (batch.length >= ORDERS_PER_TRANSACTION) await flush();
    } else {
      await flush();
      if (await applyOccasionalEvent(db, program, event, memberIds, orderIds)) counts[event.kind === 'refund' ? 'refunds' : 'redemptions'] += 1;
    }
    if (position % 1000 === 0) options.progress?.(position, timeline.length);
  }
  await flush();
  await matureDueLots(db, options.now);
  options.progress?.(timeline.length, timeline.length);
  return counts;
}

async function recordDemoOrder(tx: Sql, program: ProgramConfig, order: DemoOrder, memberIds: readonly string[]): Promise<string> {
  const recorded = await recordOrder(
    tx,
    program,
    {
      memberId: memberIds[order.memberIndex]!,
      currency: program.currencies[0]!,
      occurredAt: order.occurredAt.toISOString(),
      storeId: order.storeId,
      staffId: order.staffId,
      channel: 'store',
      lines: order.lines,
    },
    { now: order.occurredAt, claim: null },
  );
  return recorded.id;
}

/** A refund or redemption the member could not make (points still pending) is simply skipped. */
async function applyOccasionalEvent(
  db: Database,
  program: ProgramConfig,
  event: Exclude<TimelineEvent, { kind: 'order' }>,
  memberIds: readonly string[],
  orderIds: readonly string[],
): Promise<boolean> {
  try {
    await db.transaction(async (tx) => {
      if (event.kind === 'refund') {
        const lines = [{ lineId: event.lineId, quantity: 1 }];
        await refundOrder(tx, program, { orderId: orderIds[event.orderIndex]!, lines, reason: 'returned' }, { now: event.at, actor });
      } else {
        await redeemPoints(tx, { memberId: memberIds[event.memberIndex]!, points: event.points, reason: 'reward', occurredAt: event.at }, actor);
      }
    });
    return true;
  } catch (error) {
    if (error instanceof DomainError) return false;
    throw error;
  }
}

function buildTimeline(orders: readonly DemoOrder[], now: Date, random: () => number): TimelineEvent[] {
  const events: TimelineEvent[] = orders.map((order, index) => ({ at: order.occurredAt, kind: 'order', order, index }));
  const ordersPerMember = new Map<number, number>();
  orders.forEach((order, index) => {
    const seen = (ordersPerMember.get(order.memberIndex) ?? 0) + 1;
    ordersPerMember.set(order.memberIndex, seen);
    const refundAt = new Date(order.occurredAt.getTime() + (1 + random() * 20) * DAY);
    if (random() < 0.03 && refundAt < now) events.push({ at: refundAt, kind: 'refund', orderIndex: index, lineId: 'L1' });
    const redeemAt = new Date(order.occurredAt.getTime() + (35 + random() * 30) * DAY);
    if (seen % 8 === 0 && redeemAt < now) events.push({ at: redeemAt, kind: 'redeem', memberIndex: order.memberIndex, points: 50 + 50 * Math.floor(random() * 3) });
  });
  return events.sort((a, b) => a.at.getTime() - b.at.getTime());
}
