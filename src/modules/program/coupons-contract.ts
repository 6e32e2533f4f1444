import { z } from 'zod';
import { currencyCode, idOf, minorUnits, pageQuery, storedCount, timestamp } from '../../http/schemas.js';

const code = z
  .string()
  .min(3)
  .max(40)
  .regex(/^[A-Za-z0-9][A-Za-z0-9 -]*$/, 'letters, digits, spaces and dashes')
  .meta({ example: 'SPRING-10' });

export const couponDiscount = z.discriminatedUnion('type', [
  z.object({ type: z.literal('percent'), percent: z.number().min(0.5).max(100) }).strict(),
  z.object({ type: z.literal('amount'), amount: minorUnits.min(1), currency: currencyCode }).strict(),
]);
export type CouponDiscount = z.infer<typeof couponDiscount>;

const terms = {
  discount: couponDiscount,
  maxRedemptions: storedCount.min(1).nullable().default(1).meta({ description: 'in total; 1 = single use, null = unlimited' }),
  perMemberLimit: storedCount.min(1).default(1),
  memberId: idOf('mem').optional().meta({ description: 'only this member may use it' }),
  minOrder: minorUnits.default(0).meta({ description: 'minimum order total in minor units' }),
  startsAt: timestamp.optional(),
  expiresAt: timestamp.optional(),
  campaign: z.string().trim().min(1).max(100).optional(),
};

export const createCouponsBody = z
  .object({
    ...terms,
    codes: z.array(code).min(1).max(10_000).optional().meta({ description: 'import these codes' }),
    generate: z
      .object({ count: z.number().int().min(1).max(10_000), prefix: z.string().regex(/^[A-Z0-9]{0,10}$/).default(''), length: z.number().int().min(6).max(20).default(8) })
      .strict()
      .optional(),
  })
  .strict()
  .refine((b) => (b.codes === undefined) !== (b.generate === undefined), { message: 'give codes or generate, not both', path: ['codes'] })
  .refine((b) => !b.startsAt || !b.expiresAt || b.startsAt < b.expiresAt, { message: 'must be after startsAt', path: ['expiresAt'] })
  .meta({ id: 'CreateCoupons' });
export type CreateCouponsInput = z.infer<typeof createCouponsBody>;

export const coupon = z
  .object({
    id: idOf('cpn'),
    code: z.string(),
    discount: couponDiscount,
    maxRedemptions: z.number().int().nullable(),
    redemptions: z.number().int(),
    perMemberLimit: z.number().int(),
    memberId: z.string().nullable(),
    minOrder: z.number().int(),
    startsAt: z.string().nullable(),
    expiresAt: z.string().nullable(),
    campaign: z.string().nullable(),
    createdAt: z.string(),
    status: z.enum(['active', 'scheduled', 'used', 'expired']).meta({
      description: 'now: used up (a member’s own coupon: by that member), expired, not started yet, or active',
    }),
  })
  .meta({ id: 'Coupon' });
export type Coupon = z.infer<typeof coupon>;

export const listCouponsQuery = pageQuery.extend({
  cursor: idOf('cpn').optional(),
  campaign: z.string().trim().min(1).max(100).optional().meta({ description: 'only the coupons of this campaign' }),
  memberId: idOf('mem').optional().meta({ description: 'only the coupons issued to this member (shared codes have none)' }),
});

export const couponUseBody = z
  .object({
    code,
    memberId: idOf('mem'),
    orderTotal: minorUnits,
    currency: currencyCode,
    orderRef: z.string().min(1).max(128).optional().meta({ description: 'your order number, kept with the redemption' }),
  })
  .strict()
  .meta({ id: 'CouponUse' });
export type CouponUseInput = z.infer<typeof couponUseBody>;

export const couponCheck = z
  .object({ code: z.string(), couponId: z.string(), discount: z.number().int().meta({ description: 'minor units off this order' }), redemptionId: z.string().optional() })
  .meta({ id: 'CouponCheck' });
