import { sql } from 'drizzle-orm';
import { bigint, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

const at = (name: string) => timestamp(name, { withTimezone: true });

/**
 * Earning rules as data, one row per version. A change is a new version; the old one is retired,
 * never edited, so every point ever issued can name the exact rule text that earned it.
 */
export const programRules = pgTable(
  'program_rules',
  {
    id: text('id').notNull(),
    version: integer('version').notNull(),
    status: text('status').notNull(),
    definition: jsonb('definition').notNull(),
    createdAt: at('created_at').notNull(),
    retiredAt: at('retired_at'),
  },
  (t) => [
    primaryKey({ columns: [t.id, t.version] }),
    index('program_rules_active_idx').on(t.status).where(sql`${t.status} = 'active'`),
    check('program_rules_status_check', sql`${t.status} in ('active', 'retired')`),
  ],
);

/** Points each rule issued per member and day: what caps and budgets are checked against. */
export const ruleUsage = pgTable(
  'rule_usage',
  {
    ruleId: text('rule_id').notNull(),
    memberId: text('member_id').notNull(),
    /** UTC day of the event the points were issued for. */
    day: date('day', { mode: 'string' }).notNull(),
    points: bigint('points', { mode: 'number' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.ruleId, t.memberId, t.day] }), index('rule_usage_rule_idx').on(t.ruleId)],
);

/**
 * Non-purchase acts a member did (a review, a share, a gym visit), each once: the merchant's own
 * event id is unique, so a retried POST cannot earn twice.
 */
export const memberActivities = pgTable(
  'member_activities',
  {
    id: text('id').primaryKey(),
    eventId: text('event_id').notNull().unique('member_activities_event_id_unique'),
    memberId: text('member_id').notNull(),
    type: text('type').notNull(),
    properties: jsonb('properties').notNull(),
    occurredAt: at('occurred_at').notNull(),
    recordedAt: at('recorded_at').notNull(),
    points: integer('points').notNull().default(0),
    entryId: text('entry_id'),
    evaluation: jsonb('evaluation'),
  },
  (t) => [index('member_activities_member_idx').on(t.memberId, t.occurredAt)],
);

/** The tier ladder: one document, replaced as a whole (each replacement kept, latest wins). */
export const tierLadders = pgTable('tier_ladders', {
  version: integer('version').primaryKey(),
  definition: jsonb('definition').notNull(),
  createdAt: at('created_at').notNull(),
});

/** Each member's current tier and when it is next reviewed (downgrades happen only then). */
export const memberTiers = pgTable('member_tiers', {
  memberId: text('member_id').primaryKey(),
  tierId: text('tier_id').notNull(),
  since: at('since').notNull(),
  reviewAt: at('review_at'),
  updatedAt: at('updated_at').notNull(),
});

export const memberTierHistory = pgTable(
  'member_tier_history',
  {
    id: text('id').primaryKey(),
    memberId: text('member_id').notNull(),
    fromTier: text('from_tier'),
    toTier: text('to_tier').notNull(),
    reason: text('reason').notNull(),
    /** The qualifying figure (spend in minor units, points or visits) at the change. */
    measure: bigint('measure', { mode: 'number' }).notNull(),
    at: at('at').notNull(),
  },
  (t) => [index('member_tier_history_member_idx').on(t.memberId, t.at)],
);

/** Spend thresholds independent of tiers: one document, replaced as a whole (each replacement kept). */
export const unlockSets = pgTable('unlock_sets', {
  version: integer('version').primaryKey(),
  definition: jsonb('definition').notNull(),
  createdAt: at('created_at').notNull(),
});

/** Coupons: the redemption count is only ever changed under the coupon's row lock, so codes are never overspent. */
export const coupons = pgTable(
  'coupons',
  {
    id: text('id').primaryKey(),
    code: text('code').notNull().unique('coupons_code_unique'),
    discount: jsonb('discount').notNull(),
    maxRedemptions: integer('max_redemptions'),
    redemptions: integer('redemptions').notNull().default(0),
    perMemberLimit: integer('per_member_limit').notNull(),
    memberId: text('member_id'),
    minOrder: bigint('min_order', { mode: 'number' }).notNull(),
    startsAt: at('starts_at'),
    expiresAt: at('expires_at'),
    campaign: text('campaign'),
    createdAt: at('created_at').notNull(),
  },
  (t) => [
    index('coupons_campaign_idx').on(t.campaign),
    // A member's coupons newest first, a page at a time (ids sort by creation): one range of this index.
    index('coupons_member_idx').on(t.memberId, t.id),
    check('coupons_not_overspent', sql`${t.maxRedemptions} is null or ${t.redemptions} <= ${t.maxRedemptions}`),
  ],
);

export const couponRedemptions = pgTable(
  'coupon_redemptions',
  {
    id: text('id').primaryKey(),
    couponId: text('coupon_id')
      .notNull()
      .references(() => coupons.id),
    memberId: text('member_id').notNull(),
    orderRef: text('order_ref'),
    discount: bigint('discount', { mode: 'number' }).notNull(),
    redeemedAt: at('redeemed_at').notNull(),
  },
  (t) => [index('coupon_redemptions_coupon_member_idx').on(t.couponId, t.memberId)],
);

/** The rewards catalog: what points buy. `issued` only changes under the reward's row lock, so stock holds. */
export const rewards = pgTable(
  'rewards',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    description: text('description'),
    kind: text('kind').notNull(),
    pointsCost: integer('points_cost').notNull(),
    valueMinor: bigint('value_minor', { mode: 'number' }),
    currency: text('currency'),
    stock: integer('stock'),
    issued: integer('issued').notNull().default(0),
    perMemberLimit: integer('per_member_limit'),
    tiers: text('tiers').array().notNull().default(sql`'{}'`),
    active: boolean('active').notNull().default(true),
    createdAt: at('created_at').notNull(),
  },
  (t) => [check('rewards_stock_holds', sql`${t.stock} is null or ${t.issued} <= ${t.stock}`)],
);

/** A single-use code issued for a redeemed reward; cancelling an unused one gives the points back. */
export const rewardCodes = pgTable(
  'reward_codes',
  {
    id: text('id').primaryKey(),
    rewardId: text('reward_id')
      .notNull()
      .references(() => rewards.id),
    memberId: text('member_id').notNull(),
    code: text('code').notNull().unique('reward_codes_code_unique'),
    status: text('status').notNull(),
    /** The redemption that paid for it; null for a code given as a prize (nothing to give back on cancel). */
    entryId: text('entry_id'),
    reversalEntryId: text('reversal_entry_id'),
    issuedAt: at('issued_at').notNull(),
    usedAt: at('used_at'),
    cancelledAt: at('cancelled_at'),
  },
  (t) => [index('reward_codes_member_idx').on(t.memberId, t.issuedAt), check('reward_codes_status_check', sql`${t.status} in ('issued', 'used', 'cancelled')`)],
);

/**
 * Product drops with early access: everyone may buy from `public_starts_at`; `early_access` holds
 * earlier windows (`[{ tier, startsAt }]`), a list so audiences other than tiers can join it later.
 */
export const drops = pgTable('drops', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  skus: text('skus').array().notNull().default(sql`'{}'`),
  publicStartsAt: at('public_starts_at').notNull(),
  endsAt: at('ends_at'),
  earlyAccess: jsonb('early_access').notNull(),
  createdAt: at('created_at').notNull(),
  updatedAt: at('updated_at').notNull(),
});
