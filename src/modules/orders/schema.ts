import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { members } from '../members/schema.js';

const minor = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    /** The merchant's own order number; recording the same one twice is refused. */
    externalId: text('external_id').unique('orders_external_id_unique'),
    currency: text('currency').notNull(),
    total: minor('total').notNull(),
    points: minor('points').notNull(),
    storeId: text('store_id'),
    staffId: text('staff_id'),
    channel: text('channel'),
    /** A token for the card or wallet paid with (never the number): referrals compare it to catch self-referral. */
    paymentFingerprint: text('payment_fingerprint'),
    occurredAt: at('occurred_at').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  // By time for replays (backtests) and period analytics. Migration 0013 adds INCLUDE (member_id, currency,
  // total, store_id) to orders_occurred_idx, which drizzle cannot declare, so period figures read the index alone.
  (t) => [
    index('orders_member_idx').on(t.memberId, t.occurredAt),
    index('orders_occurred_idx').on(t.occurredAt, t.id),
    index('orders_payment_fingerprint_idx').on(t.paymentFingerprint, t.memberId).where(sql`${t.paymentFingerprint} is not null`),
  ],
);

/**
 * Sales to customers who are not members (a till's or web shop's whole takings, imported with an empty
 * member_external_id), kept apart from `orders` so that nothing which acts on a member (points,
 * refunds' clawbacks, aggregates, journeys, referrals) can ever meet one. They exist for one question:
 * how members buy compared with everyone else. Totals only: no member means no lines worth keeping.
 */
export const nonMemberOrders = pgTable(
  'non_member_orders',
  {
    id: text('id').primaryKey(),
    /** The merchant's order number, unique here; an order number recorded as a member's order is refused here too. */
    externalId: text('external_id').notNull().unique('non_member_orders_external_id_unique'),
    currency: text('currency').notNull(),
    total: minor('total').notNull(),
    storeId: text('store_id'),
    staffId: text('staff_id'),
    occurredAt: at('occurred_at').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  // A period's sales by store from the index alone. Migration 0024 adds INCLUDE (currency, total, store_id).
  (t) => [index('non_member_orders_occurred_idx').on(t.occurredAt)],
);

/** Points are attributed per line so a partial refund claws back exactly the refunded lines' points. */
export const orderLines = pgTable(
  'order_lines',
  {
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    lineId: text('line_id').notNull(),
    memberId: text('member_id').notNull(),
    position: integer('position').notNull(),
    sku: text('sku').notNull(),
    category: text('category'),
    brand: text('brand'),
    quantity: integer('quantity').notNull(),
    unitPrice: minor('unit_price').notNull(),
    discount: minor('discount').notNull().default(0),
    amount: minor('amount').notNull(),
    points: minor('points').notNull(),
    refundedQuantity: integer('refunded_quantity').notNull().default(0),
    clawedBackPoints: minor('clawed_back_points').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.orderId, t.lineId] }),
    check('order_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('order_lines_refund_within_quantity', sql`${t.refundedQuantity} between 0 and ${t.quantity}`),
    check('order_lines_clawback_within_points', sql`${t.clawedBackPoints} between 0 and ${t.points}`),
  ],
);

export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    memberId: text('member_id').notNull(),
    amount: minor('amount').notNull(),
    points: minor('points').notNull(),
    reason: text('reason'),
    occurredAt: at('occurred_at').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  (t) => [index('refunds_order_idx').on(t.orderId)],
);

export const refundLines = pgTable(
  'refund_lines',
  {
    refundId: text('refund_id')
      .notNull()
      .references(() => refunds.id),
    lineId: text('line_id').notNull(),
    quantity: integer('quantity').notNull(),
    amount: minor('amount').notNull(),
    points: minor('points').notNull(),
  },
  (t) => [primaryKey({ columns: [t.refundId, t.lineId] }), check('refund_lines_quantity_positive', sql`${t.quantity} > 0`)],
);

/**
 * Per member and currency, kept in the same statement or transaction as every order and refund, so
 * analytics read one row per member instead of scanning orders. `spend` is net of refunds; `discount`
 * is what lines were discounted at purchase; `full_price_spend` is net spend on undiscounted lines.
 */
export const memberOrderStats = pgTable(
  'member_order_stats',
  {
    memberId: text('member_id').notNull(),
    currency: text('currency').notNull(),
    orders: integer('orders').notNull(),
    spend: minor('spend').notNull(),
    refunded: minor('refunded').notNull().default(0),
    discount: minor('discount').notNull(),
    fullPriceSpend: minor('full_price_spend').notNull(),
    firstOrderAt: at('first_order_at').notNull(),
    lastOrderAt: at('last_order_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.memberId, t.currency] }),
    index('member_order_stats_last_idx').on(t.lastOrderAt),
    // A period's newcomers, without touching anyone else.
    index('member_order_stats_first_idx').on(t.currency, t.firstOrderAt),
  ],
);

/** What each member buys, by category and brand ('' when a line names none): for repurchase rates and affinity. */
export const memberProductStats = pgTable(
  'member_product_stats',
  {
    memberId: text('member_id').notNull(),
    category: text('category').notNull(),
    brand: text('brand').notNull(),
    purchases: integer('purchases').notNull(),
    quantity: integer('quantity').notNull(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.category, t.brand] })],
);
