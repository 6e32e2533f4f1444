import { sql } from 'drizzle-orm';
import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Transactional outbox: written in the same transaction as the change it announces. */
export const outbox = pgTable(
  'outbox',
  {
    id: text('id').primaryKey(),
    type: text('type').notNull(),
    memberId: text('member_id'),
    payload: jsonb('payload').notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
    dispatchedAt: timestamp('dispatched_at', { withTimezone: true }),
  },
  (t) => [index('outbox_undispatched_idx').on(t.id).where(sql`${t.dispatchedAt} is null`)],
);
