import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { members } from '../members/schema.js';

const points = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

/** Cached figures per member, updated in the same transaction as every entry that changes them. */
export const accounts = pgTable(
  'accounts',
  {
    memberId: text('member_id')
      .primaryKey()
      .references(() => members.id),
    /** Spendable points: available lots' remaining minus debt. Negative only under the `negative` clawback policy. */
    available: points('available').notNull().default(0),
    pending: points('pending').notNull().default(0),
    /** Clawed-back points the member had already spent, paid from the next points that become available. */
    debt: points('debt').notNull().default(0),
    lifetimeEarned: points('lifetime_earned').notNull().default(0),
    lifetimeSpent: points('lifetime_spent').notNull().default(0),
    lifetimeExpired: points('lifetime_expired').notNull().default(0),
    lifetimeClawedBack: points('lifetime_clawed_back').notNull().default(0),
    lifetimeAdjusted: points('lifetime_adjusted').notNull().default(0),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    check('accounts_pending_nonnegative', sql`${t.pending} >= 0`),
    check('accounts_debt_nonnegative', sql`${t.debt} >= 0`),
  ],
);

/** Append-only journal: every change to a member's points is one row here, never updated or deleted. */
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').notNull(),
    points: points('points').notNull(),
    orderId: text('order_id'),
    refundId: text('refund_id'),
    reversesEntryId: text('reverses_entry_id').unique('ledger_entries_reverses_unique'),
    reason: text('reason'),
    actor: text('actor'),
    /** Why the entry has its points: rule, order lines, forgiven shortfall. Shown to the member. */
    details: jsonb('details').notNull().default({}),
    occurredAt: at('occurred_at').notNull(),
    recordedAt: at('recorded_at').notNull().defaultNow(),
  },
  (t) => [
    index('ledger_entries_member_idx').on(t.memberId, t.id),
    index('ledger_entries_order_idx').on(t.orderId),
    check('ledger_entries_kind_valid', sql`${t.kind} in ('earn','redeem','expire','adjust','clawback','reversal')`),
    check('ledger_entries_points_nonzero', sql`${t.points} <> 0`),
  ],
);

/** Each inflow creates one lot; outflows consume lots through allocations. */
export const pointLots = pgTable(
  'point_lots',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id')
      .notNull()
      .references(() => members.id),
    entryId: text('entry_id')
      .notNull()
      .unique('point_lots_entry_unique')
      .references(() => ledgerEntries.id),
    orderId: text('order_id'),
    points: points('points').notNull(),
    remaining: points('remaining').notNull(),
    status: text('status').notNull(),
    availableAt: at('available_at').notNull(),
    expiresAt: at('expires_at'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    index('point_lots_member_idx').on(t.memberId, t.status, t.expiresAt),
    index('point_lots_order_idx').on(t.orderId),
    index('point_lots_pending_due_idx').on(t.availableAt).where(sql`${t.status} = 'pending'`),
    index('point_lots_expiry_due_idx').on(t.expiresAt).where(sql`${t.status} = 'available'`),
    check('point_lots_points_positive', sql`${t.points} > 0`),
    check('point_lots_remaining_range', sql`${t.remaining} >= 0 and ${t.remaining} <= ${t.points}`),
    check('point_lots_status_valid', sql`${t.status} in ('pending','available','expired','void')`),
  ],
);

export const entryAllocations = pgTable(
  'entry_allocations',
  {
    entryId: text('entry_id')
      .notNull()
      .references(() => ledgerEntries.id),
    lotId: text('lot_id')
      .notNull()
      .references(() => pointLots.id),
    memberId: text('member_id').notNull(),
    points: points('points').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.entryId, t.lotId] }),
    index('entry_allocations_lot_idx').on(t.lotId),
    check('entry_allocations_points_positive', sql`${t.points} > 0`),
  ],
);
