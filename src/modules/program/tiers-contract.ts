import { z } from 'zod';
import { minorUnits } from '../../http/schemas.js';

const tierId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _');

export const tierBenefits = z
  .object({
    earnMultiplier: z.number().min(1).max(10).multipleOf(0.01).default(1).meta({ description: 'scales everything an order earns (rules or base rate), per line, rounded down' }),
    discountPercent: z.number().min(0).max(100).default(0),
    freeShippingThreshold: minorUnits.nullable().default(null),
    earlyAccess: z.boolean().default(false),
    extraDrawEntries: z.number().int().min(0).max(100).default(0),
  })
  .strict();

export const tierLadder = z
  .object({
    basis: z.enum(['spend', 'points', 'visits']).meta({ description: 'spend in minor units, points earned, or number of orders' }),
    window: z.discriminatedUnion('type', [
      z.object({ type: z.literal('rolling'), days: z.number().int().min(30).max(1095) }).strict(),
      z.object({ type: z.literal('calendar_year') }).strict(),
    ]),
    graceDays: z.number().int().min(0).max(365).default(30).meta({ description: 'after the review date, before a downgrade takes effect' }),
    tiers: z
      .array(z.object({ id: tierId, name: z.string().trim().min(1).max(60), threshold: z.number().int().min(0), benefits: tierBenefits.default(tierBenefits.parse({})) }).strict())
      .min(1)
      .max(10),
  })
  .strict()
  .superRefine((ladder, ctx) => {
    // Zod runs this even when `.min(1)` has refused an empty ladder, so the first tier may not exist.
    const [first] = ladder.tiers;
    if (first && first.threshold !== 0) ctx.addIssue({ code: 'custom', path: ['tiers', 0, 'threshold'], message: 'the first tier must start at 0' });
    ladder.tiers.forEach((tier, i) => {
      if (i > 0 && tier.threshold <= ladder.tiers[i - 1]!.threshold) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'threshold'], message: 'thresholds must rise' });
      if (ladder.tiers.findIndex((t) => t.id === tier.id) !== i) ctx.addIssue({ code: 'custom', path: ['tiers', i, 'id'], message: `duplicate tier id ${tier.id}` });
    });
  })
  .meta({ id: 'TierLadder' });
export type TierLadder = z.infer<typeof tierLadder>;
export type Tier = TierLadder['tiers'][number];

export const memberTierStatus = z
  .object({
    memberId: z.string(),
    tier: z.object({ id: z.string(), name: z.string(), benefits: tierBenefits }),
    since: z.string(),
    reviewAt: z.string().nullable(),
    basis: z.enum(['spend', 'points', 'visits']),
    measure: z.number().int().meta({ description: 'the qualifying figure in the current window' }),
    next: z.object({ id: z.string(), name: z.string(), threshold: z.number().int(), remaining: z.number().int(), by: z.string().nullable() }).nullable(),
    explanation: z.string(),
    history: z.array(z.object({ from: z.string().nullable(), to: z.string(), reason: z.string(), measure: z.number().int(), at: z.string() })),
  })
  .meta({ id: 'MemberTier' });
export type MemberTierStatus = z.infer<typeof memberTierStatus>;
