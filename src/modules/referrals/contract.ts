import { z } from 'zod';
import { currencyCode, idOf, minorUnits, pageQuery } from '../../http/schemas.js';

const rewardPoints = z.number().int().min(0).max(1_000_000).meta({ description: 'points granted through the ledger; 0 = none' });

export const referralProgram = z
  .object({
    enabled: z.boolean().meta({ description: 'off: no new attributions and no completions; pending referrals wait' }),
    referrerReward: z.object({ points: rewardPoints }).strict(),
    refereeReward: z.object({ points: rewardPoints }).strict(),
    qualifyingPurchase: z
      .object({
        minTotal: minorUnits.meta({ description: 'order total in minor units, at least' }),
        currency: currencyCode,
        withinDays: z.number().int().min(1).max(365).meta({ description: 'days after the new member signed up' }),
      })
      .strict(),
    referrerCap: z
      .object({ limit: z.number().int().min(1).max(100_000), period: z.enum(['lifetime', 'month', 'year']).meta({ description: 'month and year are UTC calendar periods' }) })
      .strict()
      .nullable()
      .default(null)
      .meta({ description: 'rewarded referrals per referrer; beyond it referrals still complete but the referrer gets nothing' }),
  })
  .strict()
  .meta({
    id: 'ReferralProgram',
    example: {
      enabled: true,
      referrerReward: { points: 500 },
      refereeReward: { points: 300 },
      qualifyingPurchase: { minTotal: 2000, currency: 'EUR', withinDays: 30 },
      referrerCap: { limit: 10, period: 'year' },
    },
  });
export type ReferralProgram = z.infer<typeof referralProgram>;

/** What a referral was promised at attribution (the program may change later). */
export const referralTerms = z.object({
  referrerPoints: z.number().int(),
  refereePoints: z.number().int(),
  minTotal: z.number().int(),
  currency: z.string(),
  withinDays: z.number().int(),
});
export type ReferralTerms = z.infer<typeof referralTerms>;

export const referralCode = z
  .object({
    memberId: idOf('mem'),
    code: z.string().meta({ example: 'K7Q2M9XH' }),
    link: z.string().meta({ example: 'https://loyalty.example/join?ref=K7Q2M9XH' }),
    createdAt: z.string(),
  })
  .meta({ id: 'ReferralCode' });
export type ReferralCode = z.infer<typeof referralCode>;

export const attributeReferralBody = z
  .object({
    code: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9 -]{3,39}$/, 'must be 4–40 letters or digits (spaces and dashes are ignored)')
      .meta({ example: 'K7Q2-M9XH' }),
    memberId: idOf('mem').meta({ description: 'the new member who signed up with the code' }),
  })
  .strict()
  .meta({ id: 'AttributeReferral', example: { code: 'K7Q2M9XH', memberId: 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t' } });
export type AttributeReferralInput = z.infer<typeof attributeReferralBody>;

export const REFERRAL_STATUSES = ['pending', 'completed', 'rejected', 'expired', 'reversed'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Why a referral ended other than completed, or why a completed one rewarded only one side. */
export const REFERRAL_REASONS = ['payment_shared', 'window_passed', 'order_refunded'] as const;
export type ReferralReason = (typeof REFERRAL_REASONS)[number];

export const referral = z
  .object({
    id: idOf('rfl'),
    referrerId: idOf('mem'),
    refereeId: idOf('mem'),
    code: z.string(),
    status: z.enum(REFERRAL_STATUSES),
    terms: referralTerms,
    attributedAt: z.string(),
    qualifyBy: z.string(),
    orderId: z.string().nullable().meta({ description: 'the qualifying purchase' }),
    completedAt: z.string().nullable(),
    rewards: z.object({
      referrer: z.object({ points: z.number().int(), entryId: z.string().nullable(), skipped: z.enum(['cap_reached']).nullable() }),
      referee: z.object({ points: z.number().int(), entryId: z.string().nullable() }),
    }),
    reason: z.enum(REFERRAL_REASONS).nullable(),
    explanation: z.string().meta({ example: 'Completed on 2026-06-03 with order ord_01jd…: 500 points to the referrer, 300 to the new member.' }),
  })
  .meta({ id: 'Referral' });
export type Referral = z.infer<typeof referral>;

export const referralCounts = z
  .object({ total: z.number().int(), pending: z.number().int(), completed: z.number().int(), rejected: z.number().int(), expired: z.number().int(), reversed: z.number().int() })
  .meta({ id: 'ReferralCounts' });
export type ReferralCounts = z.infer<typeof referralCounts>;

export const memberReferrals = z
  .object({
    memberId: idOf('mem'),
    counts: referralCounts,
    referredBy: referral.nullable().meta({ description: 'the referral that brought this member in, if any' }),
    data: z.array(referral).meta({ description: 'members this member referred, oldest first' }),
    hasMore: z.boolean(),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'MemberReferrals' });

export const listReferralsQuery = pageQuery.extend({ cursor: idOf('rfl').optional(), status: z.enum(REFERRAL_STATUSES).optional() });
export const memberReferralsQuery = pageQuery.extend({ cursor: idOf('rfl').optional() });
