import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { sql, type SqlFragment } from '../../db/statement.js';

/** Event names are `domain.past_tense`. */
export type EventType =
  | 'member.created'
  | 'member.updated'
  | 'member.erased'
  | 'order.recorded'
  | 'orders.imported'
  | 'order.refunded'
  | 'points.earned'
  | 'points.redeemed'
  | 'points.adjusted'
  | 'points.clawed_back'
  | 'points.expired'
  | 'points.reversed'
  | 'feedback.invited'
  | 'feedback.received'
  | 'feedback.detractor'
  | 'tier.upgraded'
  | 'tier.downgraded'
  | 'reward.redeemed'
  | 'reward.cancelled';

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

/** The same, as a CTE for single-statement writes; `source` gates it (no row, no event). */
export function recordEventCte(event: DomainEvent, source: SqlFragment): SqlFragment {
  return sql`insert into outbox (id, type, member_id, payload, occurred_at)
    select ${newId('evt')}, ${event.type}, ${event.memberId}, ${JSON.stringify(event.payload)}::jsonb, ${event.occurredAt}
    from ${source}`;
}
