import { z } from 'zod';

const unlockId = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/, 'must be lower-case letters, digits and _');

export const unlockBenefit = z.discriminatedUnion('type', [
  z.object({ type: z.literal('free_shipping') }).strict(),
  z.object({ type: z.literal('discount_percent'), percent: z.number().min(0.5).max(100) }).strict(),
  z.object({ type: z.literal('custom'), description: z.string().trim().min(1).max(200) }).strict(),
]);
export type UnlockBenefit = z.infer<typeof unlockBenefit>;

export const unlockDefinition = z
  .object({
    id: unlockId,
    name: z.string().trim().min(1).max(100).meta({ example: 'Free shipping' }),
    basis: z.enum(['spend', 'visits']).meta({ description: 'net spend in minor units, or number of orders' }),
    threshold: z.number().int().min(1),
    windowDays: z.number().int().min(1).max(1095),
    benefit: unlockBenefit,
  })
  .strict();
export type UnlockDefinition = z.infer<typeof unlockDefinition>;

export const unlockSet = z
  .object({ unlocks: z.array(unlockDefinition).max(50) })
  .strict()
  .superRefine((set, ctx) => {
    set.unlocks.forEach((u, i) => {
      if (set.unlocks.findIndex((other) => other.id === u.id) !== i) ctx.addIssue({ code: 'custom', path: ['unlocks', i, 'id'], message: `duplicate unlock id ${u.id}` });
    });
  })
  .meta({ id: 'UnlockSet', description: 'Spend thresholds independent of tiers, e.g. free shipping after 500.00 in 90 days.' });
export type UnlockSet = z.infer<typeof unlockSet>;

export const unlockProgress = z.object({
  id: z.string(),
  name: z.string(),
  benefit: unlockBenefit,
  unlocked: z.boolean(),
  measure: z.number().int(),
  threshold: z.number().int(),
  remaining: z.number().int(),
  explanation: z.string(),
});
export type UnlockProgress = z.infer<typeof unlockProgress>;

export const memberUnlocks = z.object({ memberId: z.string(), data: z.array(unlockProgress) }).meta({ id: 'MemberUnlocks' });
