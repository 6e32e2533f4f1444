import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { sql, type SqlFragment } from '../../db/statement.js';

/** Every event the outbox carries; names are `domain.past_tense` (webhook filters are checked against this list). */
export const EVENT_TYPES = [
  'member.created',
  'member.updated',
  'member.erased',
  'order.recorded',
  'orders.imported',
  'order.refunded',
  'points.earned',
  'points.redeemed',
  'points.adjusted',
  'points.clawed_back',
  'points.expired',
  'points.reversed',
  'feedback.invited',
  'feedback.received',
  'feedback.detractor',
  'tier.upgraded',
  'tier.downgraded',
  'reward.redeemed',
  'reward.cancelled',
  'referral.attributed',
  'referral.completed',
  'referral.rejected',
  'referral.expired',
  'referral.reversed',
  'reward.granted',
  'draw.sealed',
  'draw.drawn',
  'draw.prize_awarded',
  'member.contacted',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

export interface DomainEvent {
  type: EventType;
  memberId: string | null;
  payload: Record<string, unknown>;
  occurredAt: Date;
}

/** Writes the event to the outbox; call it inside the transaction that makes the change. */
export async function recordEvent(tx: Sql, event: DomainEvent): Promise<void> {
  await tx.query('insert into outbox (id, type, member_id, payload, occurred_at) values ($1, $2, $3, $4, $5)', [
    newId('evt'),
    event.type,
    event.memberId,
    JSON.stringify(event.payload),
    event.occurredAt,
  ]);
}

/** Many events in one statement (a draw announces every prize it awards). */
export async function recordEvents(tx: Sql, events: readonly DomainEvent[]): Promise<void> {
  if (events.length === 0) return;
  await tx.query(
    `insert into outbox (id, type, member_id, payload, occurred_at)
     select * from unnest($1::text[], $2::text[], $3::text[], $4::jsonb[], $5::timestamptz[])`,
    [events.map(() => newId('evt')), events.map((e) => e.type), events.map((e) => e.memberId), events.map((e) => JSON.stringify(e.payload)), events.map((e) => e.occurredAt)],
  );
}

/** The same, as a CTE for single-statement writes; `source` gates it (no row, no event). */
export function recordEventCte(event: DomainEvent, source: SqlFragment): SqlFragment {
  return sql`insert into outbox (id, type, member_id, payload, occurred_at)
    select ${newId('evt')}, ${event.type}, ${event.memberId}, ${JSON.stringify(event.payload)}::jsonb, ${event.occurredAt}
    from ${source}`;
}
