import { sql } from 'drizzle-orm';
import { bigint, check, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true });

/** The referral program's settings: one document, replaced as a whole (each replacement kept, latest wins). */
export const referralPrograms = pgTable('referral_programs', {
  version: integer('version').primaryKey(),
  definition: jsonb('definition').notNull(),
  createdAt: at('created_at').notNull(),
});

/** Each member's one stable code, made on first request. */
export const referralCodes = pgTable('referral_codes', {
  memberId: text('member_id').primaryKey(),
  code: text('code').notNull().unique('referral_codes_code_unique'),
  createdAt: at('created_at').notNull(),
});

/**
 * A new member attributed to a referrer. The unique referee makes "referred once" hold under races;
 * `terms` are the rewards and qualifying purchase promised at attribution, so a later change of the
 * program does not change what was promised. Status only leaves `pending` under the row's lock.
 */
export const referrals = pgTable(
  'referrals',
  {
    id: text('id').primaryKey(),
    referrerId: text('referrer_id').notNull(),
    refereeId: text('referee_id').notNull().unique('referrals_referee_unique'),
    code: text('code').notNull(),
    status: text('status').notNull(),
    terms: jsonb('terms').notNull(),
    attributedAt: at('attributed_at').notNull(),
    /** The last moment a purchase can qualify: the referee's signup plus the program's days. */
    qualifyBy: at('qualify_by').notNull(),
    orderId: text('order_id'),
    completedAt: at('completed_at'),
    referrerPoints: bigint('referrer_points', { mode: 'number' }).notNull().default(0),
    refereePoints: bigint('referee_points', { mode: 'number' }).notNull().default(0),
    referrerEntryId: text('referrer_entry_id'),
    refereeEntryId: text('referee_entry_id'),
    /** Why the referrer got nothing on a completed referral (the cap). */
    referrerSkipped: text('referrer_skipped'),
    /** Why a referral was rejected, expired or reversed. */
    reason: text('reason'),
    updatedAt: at('updated_at').notNull(),
  },
  (t) => [
    index('referrals_referrer_idx').on(t.referrerId, t.id),
    // What the referrer cap counts: rewarded completions in a period.
    index('referrals_referrer_completed_idx').on(t.referrerId, t.completedAt),
    index('referrals_status_idx').on(t.status, t.id),
    index('referrals_order_idx').on(t.orderId).where(sql`${t.orderId} is not null`),
    check('referrals_status_check', sql`${t.status} in ('pending', 'completed', 'rejected', 'expired', 'reversed')`),
    check('referrals_not_self', sql`${t.referrerId} <> ${t.refereeId}`),
  ],
);
