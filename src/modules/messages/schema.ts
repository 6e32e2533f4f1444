import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Email outbox: a message is rendered and queued in the transaction that decides to send it; the
 * sender delivers it later. `source_key` (e.g. `<enrolment>:<step>`) is unique, so one decision queues
 * one message however often it is retried. `message_id` is the RFC 5322 Message-ID, fixed at queueing,
 * so a resend after a crash is recognisably the same message.
 */
export const messages = pgTable(
  'messages',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    sourceKey: text('source_key').notNull().unique('messages_source_key_unique'),
    toAddress: text('to_address').notNull(),
    locale: text('locale').notNull(),
    subject: text('subject').notNull(),
    textBody: text('text_body').notNull(),
    htmlBody: text('html_body').notNull(),
    unsubscribeUrl: text('unsubscribe_url').notNull(),
    messageId: text('message_id').notNull(),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** Queued messages are sent from this time; a claimed one is leased until it (see sender.ts). */
    nextAttemptAt: at('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: at('created_at').notNull(),
    sentAt: at('sent_at'),
  },
  (t) => [
    index('messages_queued_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'queued'`),
    index('messages_member_idx').on(t.memberId, t.createdAt),
    check('messages_status_check', sql`${t.status} in ('queued', 'sent', 'failed')`),
  ],
);
