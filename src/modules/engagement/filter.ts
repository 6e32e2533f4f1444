import { z } from 'zod';
import { currencyCode, minorUnits, timestamp } from '../../http/schemas.js';
import { RFM_SEGMENTS } from '../analytics/rfm.js';

/** A point in time given absolutely or relative to when the segment is evaluated. */
const moment = z
  .union([z.object({ at: timestamp }).strict(), z.object({ daysAgo: z.number().int().min(0).max(3650) }).strict()])
  .meta({ description: '`{ "at": "2026-01-01T00:00:00Z" }` or `{ "daysAgo": 60 }` (counted back from the moment the segment is evaluated)' });
export type Moment = z.infer<typeof moment>;

/** Tags compare as members store them: trimmed and lower-cased. */
const tagName = z.string().trim().toLowerCase().min(1).max(40);

/**
 * A segment: members matching every given field (fields AND together; list fields match any of their
 * values). Purchase fields read the member's figures in `currency` (default: the program's first).
 */
export const segmentFilter = z
  .object({
    tiers: z.array(z.string().min(1).max(40)).min(1).max(20).optional().meta({ description: 'current tier ids' }),
    rfmSegments: z.array(z.enum(RFM_SEGMENTS)).min(1).optional().meta({ description: 'RFM segments as in GET /v1/analytics/rfm' }),
    lastOrderBefore: moment.optional().meta({ description: 'last order strictly before; members who never ordered do not match' }),
    lastOrderAfter: moment.optional().meta({ description: 'last order at or after' }),
    ordersAtLeast: z.number().int().min(0).max(1_000_000).optional(),
    ordersAtMost: z.number().int().min(0).max(1_000_000).optional().meta({ description: 'members who never ordered count as 0 orders' }),
    spendAtLeast: minorUnits.optional().meta({ description: 'net spend in minor units' }),
    npsClass: z.enum(['promoter', 'passive', 'detractor']).optional().meta({ description: 'class of the member’s latest NPS answer' }),
    marketingConsent: z.boolean().optional(),
    tags: z.array(tagName).min(1).max(20).optional().meta({ description: 'members carrying any of these tags' }),
    currency: currencyCode.optional(),
  })
  .strict()
  .meta({ id: 'SegmentFilter', example: { tiers: ['gold'], lastOrderBefore: { daysAgo: 60 }, marketingConsent: true } });
export type SegmentFilter = z.infer<typeof segmentFilter>;
