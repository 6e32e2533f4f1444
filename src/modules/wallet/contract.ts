import { z } from 'zod';
import { idOf } from '../../http/schemas.js';

export const walletLinkBody = z
  .object({
    ttlMinutes: z
      .number()
      .int()
      .min(5)
      .max(10_080)
      .optional()
      .meta({ description: 'How long the link (and the wallet session it opens) lasts: 5 minutes to 7 days. Default one day.', example: 60 }),
  })
  .strict()
  .nullish()
  .meta({ id: 'CreateWalletLink', description: 'Optional: without a body the link lasts a day.' });

export const DEFAULT_LINK_MINUTES = 1440;

export const walletLink = z
  .object({
    memberId: idOf('mem'),
    token: z.string().meta({ description: 'The member token; the wallet sends it as `Authorization: Bearer <token>`.' }),
    url: z.string().meta({ example: 'http://localhost:3000/wallet#token=mem_01jd3x8k2q9v7c4m5n6p7r8s9t.1764150000.q1w2e3r4t5y6u7i8o9p0aa' }),
    expiresAt: z.string(),
  })
  .meta({ id: 'WalletLink' });

const walletEntry = z.object({
  id: idOf('txn'),
  kind: z.enum(['earn', 'redeem', 'expire', 'adjust', 'clawback', 'reversal']),
  points: z.number().int(),
  occurredAt: z.string(),
  orderId: z.string().nullable(),
  explanation: z.string(),
});

export const walletMe = z
  .object({
    member: z.object({ id: idOf('mem'), name: z.string().nullable(), locale: z.string().nullable() }),
    qr: z.string().meta({ description: 'What the membership card QR code holds: `fidelis:<member id>`.', example: 'fidelis:mem_01jd3x8k2q9v7c4m5n6p7r8s9t' }),
    balance: z.object({ available: z.number().int(), pending: z.number().int() }),
    expiring: z
      .object({ points: z.number().int(), on: z.string() })
      .nullable()
      .meta({ description: 'The points that expire first and the day they do; null when none expire.' }),
    tier: z
      .object({
        name: z.string(),
        basis: z.enum(['spend', 'points', 'visits']),
        measure: z.number().int().meta({ description: 'what the member has on the basis so far (spend in minor units, points or visits)' }),
        next: z.object({ name: z.string(), threshold: z.number().int(), remaining: z.number().int(), by: z.string().nullable() }).nullable(),
        explanation: z.string().meta({ example: 'Spend 120.00 more within 365 days to reach Gold.' }),
      })
      .nullable()
      .meta({ description: 'Null when the program has no tiers.' }),
    history: z.array(walletEntry).meta({ description: 'The 20 latest ledger entries, newest first, each explained in plain words.' }),
  })
  .meta({ id: 'WalletMe' });
export type WalletMe = z.infer<typeof walletMe>;
