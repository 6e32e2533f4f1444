import { sql } from 'drizzle-orm';
import { bigint, boolean, check, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Where events are sent. The secret is kept in clear because signing needs it; after a rotation the
 * previous one signs too until `previous_secret_expires_at`, so receivers can switch without a gap.
 */
export const webhookEndpoints = pgTable('webhook_endpoints', {
  id: text('id').primaryKey(),
  url: text('url').notNull(),
  description: text('description'),
  /** Exact event types or `domain.*`; empty means every event. */
  eventTypes: jsonb('event_types').$type<string[]>().notNull(),
  enabled: boolean('enabled').notNull(),
  secret: text('secret').notNull(),
  previousSecret: text('previous_secret'),
  previousSecretExpiresAt: at('previous_secret_expires_at'),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});

/**
 * One row per (endpoint, outbox event): the unique pair makes enqueueing exactly-once, and the row id is
 * the `webhook-id` every attempt carries, so a resend after a crash is a duplicate the receiver can drop.
 * `lease_token` names the worker currently sending it; `next_attempt_at` is both the retry time and the
 * lease's end, so a crashed worker's claims come due again by themselves.
 */
export const webhookDeliveries = pgTable(
  'webhook_deliveries',
  {
    id: text('id').primaryKey(),
    endpointId: text('endpoint_id')
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: 'cascade' }),
    eventId: text('event_id').notNull(),
    memberId: text('member_id'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: at('next_attempt_at').notNull(),
    leaseToken: text('lease_token'),
    createdAt: at('created_at').notNull(),
    deliveredAt: at('delivered_at'),
  },
  (t) => [
    unique('webhook_deliveries_endpoint_event_unique').on(t.endpointId, t.eventId),
    check('webhook_deliveries_status_check', sql`${t.status} in ('pending', 'delivered', 'dead')`),
    index('webhook_deliveries_due_idx').on(t.nextAttemptAt).where(sql`${t.status} = 'pending'`),
    // The per-member ordering check: is there an earlier pending delivery for this endpoint and member?
    index('webhook_deliveries_member_queue_idx').on(t.endpointId, t.memberId, t.eventId).where(sql`${t.status} = 'pending'`),
    index('webhook_deliveries_endpoint_idx').on(t.endpointId, t.id),
  ],
);

/** Every HTTP attempt of a delivery, for the delivery log. */
export const webhookAttempts = pgTable(
  'webhook_attempts',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
    deliveryId: text('delivery_id')
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: 'cascade' }),
    attemptedAt: at('attempted_at').notNull(),
    statusCode: integer('status_code'),
    latencyMs: integer('latency_ms').notNull(),
    error: text('error'),
  },
  (t) => [index('webhook_attempts_delivery_idx').on(t.deliveryId, t.id)],
);
