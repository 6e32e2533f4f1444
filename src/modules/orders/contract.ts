import { z } from 'zod';
import { currencyCode, idOf, minorUnits, pageQuery, timestamp } from '../../http/schemas.js';

const reference = z.string().min(1).max(128);

export const orderLineInput = z.object({
  lineId: z.string().min(1).max(64).meta({ description: 'Unique within the order; refunds name lines by it.' }),
  sku: reference,
  category: reference.optional(),
  brand: reference.optional().meta({ description: 'For brand repurchase rates in analytics.' }),
  quantity: z.number().int().min(1).max(10_000),
  unitPrice: minorUnits.meta({ description: 'Price of one unit in minor units (cents).' }),
  discount: minorUnits.optional().meta({ description: 'Discount on the whole line in minor units.' }),
  currency: currencyCode.optional().meta({ description: 'If given, must equal the order currency.' }),
});

export const createOrderBody = z
  .object({
    memberId: idOf('mem'),
    externalId: reference.optional().meta({ description: "The merchant's own order number; unique." }),
    currency: currencyCode,
    occurredAt: timestamp,
    storeId: reference.optional(),
    staffId: reference.optional(),
    channel: z.enum(['store', 'online', 'app', 'phone']).optional(),
    paymentFingerprint: reference.optional().meta({
      description: "Your payment provider's token for the card or wallet used (never the card number); a referee paying like their referrer is not rewarded.",
      example: 'fp_8f14e45fceea167a',
    }),
    lines: z.array(orderLineInput).min(1).max(500),
  })
  .meta({ id: 'CreateOrder' });

export type CreateOrderInput = z.infer<typeof createOrderBody>;

export const orderLine = z.object({
  lineId: z.string(),
  sku: z.string(),
  category: z.string().nullable(),
  brand: z.string().nullable(),
  quantity: z.number().int(),
  unitPrice: z.number().int(),
  discount: z.number().int(),
  amount: z.number().int(),
  points: z.number().int().meta({ description: 'Points this line earned; a refund of it claws back exactly these.' }),
  refundedQuantity: z.number().int(),
});

export const earning = z
  .object({
    entryId: idOf('txn'),
    lotId: idOf('lot'),
    points: z.number().int(),
    availableAt: z.string(),
    expiresAt: z.string().nullable(),
    explanation: z.string(),
  })
  .nullable();

export const order = z
  .object({
    id: idOf('ord'),
    externalId: z.string().nullable(),
    memberId: idOf('mem'),
    currency: z.string(),
    total: z.number().int(),
    points: z.number().int(),
    occurredAt: z.string(),
    recordedAt: z.string(),
    storeId: z.string().nullable(),
    staffId: z.string().nullable(),
    channel: z.string().nullable(),
    lines: z.array(orderLine),
    earned: earning,
  })
  .meta({ id: 'Order' });

export type Order = z.infer<typeof order>;

export const orderIdParams = z.object({ id: idOf('ord') });

export const createRefundBody = z
  .object({
    lines: z.array(z.object({ lineId: z.string().min(1).max(64), quantity: z.number().int().min(1).max(10_000) })).min(1).max(500),
    reason: z.string().max(500).optional(),
    occurredAt: timestamp.optional(),
  })
  .meta({ id: 'CreateRefund' });

export type CreateRefundInput = z.infer<typeof createRefundBody>;

export const refund = z
  .object({
    id: idOf('ref'),
    orderId: idOf('ord'),
    memberId: idOf('mem'),
    amount: z.number().int(),
    points: z.number().int().meta({ description: 'Points clawed back (including any now owed as debt).' }),
    debt: z.number().int().meta({ description: 'Part of `points` the member had already spent and now owes.' }),
    forgiven: z.number().int().meta({ description: 'Points already spent and forgiven (clawback policy `floor`).' }),
    entryId: idOf('txn').nullable(),
    lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int(), amount: z.number().int(), points: z.number().int() })),
    reason: z.string().nullable(),
    occurredAt: z.string(),
  })
  .meta({ id: 'Refund' });

export type Refund = z.infer<typeof refund>;

export const memberOrdersQuery = pageQuery.extend({ cursor: idOf('ord').optional() });

/** An order in a member's list: its lines and refunds, without the earning's lot (that is on GET /v1/orders/{id}). */
export const memberOrder = order
  .omit({ earned: true })
  .extend({
    refunds: z.array(
      z.object({
        id: idOf('ref'),
        amount: z.number().int(),
        points: z.number().int().meta({ description: 'Points clawed back.' }),
        reason: z.string().nullable(),
        occurredAt: z.string(),
        lines: z.array(z.object({ lineId: z.string(), quantity: z.number().int(), amount: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'MemberOrder' });

export type MemberOrder = z.infer<typeof memberOrder>;
