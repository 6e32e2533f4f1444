import { z } from 'zod';
import { currencyCode, idOf, minorUnits, pointsAmount, storedCount } from '../../http/schemas.js';

const rewardFields = {
  name: z.string().trim().min(1).max(200).meta({ example: 'Free flat white' }),
  description: z.string().trim().max(2000).nullable(),
  kind: z.enum(['product', 'voucher', 'free_shipping', 'gift']),
  pointsCost: pointsAmount.max(10_000_000),
  valueMinor: minorUnits.nullable().meta({ description: 'what it is worth, so point cost and value can be compared' }),
  currency: currencyCode.nullable(),
  stock: storedCount.min(0).nullable().meta({ description: 'total that can be issued; null = unlimited' }),
  perMemberLimit: storedCount.min(1).nullable(),
  tiers: z.array(z.string().max(40)).max(10).meta({ description: 'tier ids allowed to redeem; empty = everyone' }),
  active: z.boolean(),
};

export const createRewardBody = z
  .object({
    ...rewardFields,
    description: rewardFields.description.optional(),
    valueMinor: rewardFields.valueMinor.optional(),
    currency: rewardFields.currency.optional(),
    stock: rewardFields.stock.optional(),
    perMemberLimit: rewardFields.perMemberLimit.optional(),
    tiers: rewardFields.tiers.default([]),
    active: z.boolean().default(true),
  })
  .strict()
  .refine((r) => (r.valueMinor == null) === (r.currency == null), { message: 'give valueMinor and currency together', path: ['currency'] })
  .meta({ id: 'CreateReward' });
export type CreateRewardInput = z.infer<typeof createRewardBody>;

export const updateRewardBody = z.object(rewardFields).partial().strict().meta({ id: 'UpdateReward' });
export type UpdateRewardInput = z.infer<typeof updateRewardBody>;

export const reward = z
  .object({ id: idOf('rwd'), ...rewardFields, issued: z.number().int(), available: z.number().int().nullable(), createdAt: z.string() })
  .meta({ id: 'Reward' });
export type Reward = z.infer<typeof reward>;

export const rewardIdParams = z.object({ id: idOf('rwd') });
export const redeemRewardBody = z.object({ rewardId: idOf('rwd') }).strict().meta({ id: 'RedeemReward' });

export const rewardCode = z
  .object({
    id: idOf('rcd'),
    code: z.string(),
    rewardId: z.string(),
    rewardName: z.string(),
    memberId: z.string(),
    status: z.enum(['issued', 'used', 'cancelled']),
    pointsCost: z.number().int(),
    entryId: z.string().nullable().meta({ description: 'the redemption that paid for it; null for a code won as a prize' }),
    reversalEntryId: z.string().nullable(),
    issuedAt: z.string(),
    usedAt: z.string().nullable(),
    cancelledAt: z.string().nullable(),
  })
  .meta({ id: 'RewardCode' });
export type RewardCode = z.infer<typeof rewardCode>;
export const rewardCodeParams = z.object({ code: z.string().min(4).max(40) });
