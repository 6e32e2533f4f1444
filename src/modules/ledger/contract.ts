import { z } from 'zod';
import { idOf, pointsAmount, timestamp } from '../../http/schemas.js';

export const balance = z
  .object({
    memberId: idOf('mem'),
    available: z.number().int().meta({ description: 'Spendable now. Negative only while a clawback debt is owed.' }),
    pending: z.number().int().meta({ description: 'Earned but still inside the return window.' }),
    debt: z.number().int().meta({ description: 'Clawed-back points already spent; paid from points as they unlock.' }),
    lifetime: z.object({
      earned: z.number().int(),
      spent: z.number().int(),
      expired: z.number().int(),
      clawedBack: z.number().int(),
      adjusted: z.number().int(),
    }),
    nextLots: z
      .array(
        z.object({
          lotId: idOf('lot'),
          points: z.number().int(),
          status: z.enum(['pending', 'available']),
          availableAt: z.string(),
          expiresAt: z.string().nullable(),
        }),
      )
      .meta({ description: 'Up to five lots with points left, soonest-expiring first.' }),
    asOf: z.string(),
  })
  .meta({ id: 'Balance' });

export const ledgerEntry = z
  .object({
    id: idOf('txn'),
    kind: z.enum(['earn', 'redeem', 'expire', 'adjust', 'clawback', 'reversal']),
    points: z.number().int(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    orderId: z.string().nullable(),
    refundId: z.string().nullable(),
    reversesEntryId: z.string().nullable(),
    reason: z.string().nullable(),
    actor: z.string().nullable(),
    details: z.record(z.string(), z.unknown()),
    lot: z
      .object({
        id: z.string(),
        points: z.number().int(),
        remaining: z.number().int(),
        status: z.string(),
        availableAt: z.string(),
        expiresAt: z.string().nullable(),
      })
      .nullable()
      .meta({ description: 'The lot this entry created (inflows).' }),
    allocations: z.array(z.object({ lotId: z.string(), points: z.number().int() })).meta({ description: 'Lots this entry consumed (outflows).' }),
    explanation: z.string(),
  })
  .meta({ id: 'LedgerEntry' });

export const redemptionBody = z
  .object({
    points: pointsAmount,
    reason: z.string().max(500).optional(),
    reference: z.string().max(128).optional().meta({ description: 'Your reference, e.g. the reward or order it paid for.' }),
    occurredAt: timestamp.optional(),
  })
  .meta({ id: 'CreateRedemption' });

export const adjustmentBody = z
  .object({
    points: z
      .number()
      .int()
      .min(-1_000_000_000_000)
      .max(1_000_000_000_000)
      .refine((points) => points !== 0, 'must not be zero'),
    reason: z.string().trim().min(3).max(500),
  })
  .meta({ id: 'CreateAdjustment' });

export const reversalBody = z.object({ reason: z.string().trim().min(3).max(500) }).meta({ id: 'CreateReversal' });

export const ledgerChange = z
  .object({
    entryId: idOf('txn'),
    memberId: idOf('mem'),
    points: z.number().int(),
    balance: z.object({ available: z.number().int(), pending: z.number().int() }),
    debt: z.number().int().optional().meta({ description: 'When points are taken back: the part already spent, now owed.' }),
    forgiven: z.number().int().optional().meta({ description: 'When points are taken back: the part already spent and forgiven (policy floor).' }),
  })
  .meta({ id: 'LedgerChange' });

export const entryParams = z.object({ id: idOf('mem'), entryId: idOf('txn') });
