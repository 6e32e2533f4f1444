import { bigint, doublePrecision, index, integer, jsonb, pgTable, serial, smallint, text, timestamp } from 'drizzle-orm/pg-core';

/** Per-member model scores, refreshed by the `member-scores` job (never on a request path). */
export const memberScores = pgTable(
  'member_scores',
  {
    memberId: text('member_id').primaryKey(),
    currency: text('currency').notNull(),
    /** Null when no CLV model could be fitted (too few repeat buyers). */
    pAlive: doublePrecision('p_alive'),
    expectedPurchases90d: doublePrecision('expected_purchases_90d'),
    expectedClv365d: bigint('expected_clv_365d', { mode: 'number' }),
    loyaltyScore: smallint('loyalty_score').notNull(),
    loyaltyBand: text('loyalty_band').notNull(),
    loyaltyParts: jsonb('loyalty_parts').notNull(),
    scoredAt: timestamp('scored_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('member_scores_band_idx').on(t.loyaltyBand)],
);

/** Each CLV fit the scores job made: what today's P(alive) and CLV figures stand on. */
export const clvFits = pgTable('clv_fits', {
  id: serial('id').primaryKey(),
  currency: text('currency').notNull(),
  customers: integer('customers').notNull(),
  params: jsonb('params').notNull(),
  fittedAt: timestamp('fitted_at', { withTimezone: true }).notNull(),
});
