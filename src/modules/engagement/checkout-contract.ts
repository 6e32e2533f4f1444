import { z } from 'zod';
import { idOf } from '../../http/schemas.js';
import { note } from '../members/contract.js';

export const checkoutLookupQuery = z.object({
  q: z.string().trim().min(1).max(254).meta({
    description: 'a member id, the wallet QR payload `fidelis:mem_…`, an email or a phone number',
    example: 'fidelis:mem_01jd3x8k2q9v7c4m5n6p7r8s9t',
  }),
});

export const checkoutLookup = z
  .object({
    member: z.object({ id: idOf('mem'), name: z.string().nullable(), locale: z.string().nullable() }),
    tier: z.object({ id: z.string(), name: z.string() }).nullable(),
    balance: z.object({ available: z.number().int(), pending: z.number().int() }),
    preferences: z.record(z.string(), z.string()).meta({ description: 'the member’s stored preferences (PATCH /v1/members/{id})' }),
    notes: z.array(note).meta({ description: 'the latest 5, newest first' }),
    birthdaySoon: z.object({ date: z.iso.date(), inDays: z.number().int().min(0).max(7) }).nullable(),
    openFollowUps: z.number().int(),
    greeting: z.object({ kind: z.enum(['birthday', 'tier_upgrade', 'returning', 'regular']), text: z.string() }),
    suggestedReward: z.object({ id: idOf('rwd'), name: z.string(), pointsCost: z.number().int() }).nullable(),
    askForStaffRating: z.boolean().meta({ description: 'the member consented and the feedback quiet period allows asking now' }),
  })
  .meta({
    id: 'CheckoutLookup',
    example: {
      member: { id: 'mem_01jd3x8k2q9v7c4m5n6p7r8s9t', name: 'Ada Lovelace', locale: 'en' },
      tier: { id: 'gold', name: 'Gold' },
      balance: { available: 1250, pending: 80 },
      preferences: { milk: 'oat', size: 'large' },
      notes: [],
      birthdaySoon: { date: '2026-06-03', inDays: 2 },
      openFollowUps: 0,
      greeting: { kind: 'birthday', text: "Happy early birthday, Ada — it's in 2 days!" },
      suggestedReward: { id: 'rwd_01jd3x8k2q9v7c4m5n6p7r8s9t', name: 'Free flat white', pointsCost: 300 },
      askForStaffRating: true,
    },
  });
export type CheckoutLookup = z.infer<typeof checkoutLookup>;
