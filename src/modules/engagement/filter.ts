import { z } from 'zod';
import { currencyCode, minorUnits, timestamp } from '../../http/schemas.js';
import { LOYALTY_BANDS } from '../analytics/loyalty-index.js';
import { P_ALIVE_BANDS, P_ALIVE_BANDS_TEXT, UNSCORED } from '../analytics/p-alive.js';
import { RFM_SEGMENTS } from '../analytics/rfm.js';

/** A point in time given absolutely or relative to when the segment is evaluated. */
const moment = z
  .union([z.object({ at: timestamp }).strict(), z.object({ daysAgo: z.number().int().min(0).max(3650) }).strict()])
  .meta({ description: '`{ "at": "2026-01-01T00:00:00Z" }` or `{ "daysAgo": 60 }` (counted back from the moment the segment is evaluated)' });
export type Moment = z.infer<typeof moment>;

/** Tags compare as members store them: trimmed and lower-cased. */
const tagName = z.string().trim().toLowerCase().min(1).max(40);

const probability = z.number().min(0).max(1);
const SCORES_NOTE = 'from the last member-scores run, in the program’s first currency whatever `currency` says';

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
    pAliveBands: z
      .array(z.enum([...P_ALIVE_BANDS, UNSCORED]))
      .min(1)
      .optional()
      .meta({
        description:
          `P(alive) bands ${SCORES_NOTE}: ${P_ALIVE_BANDS_TEXT}. ` +
          '`unscored`: members with no P(alive) — never scored, no model fitted yet, or fewer than two orders (the model scores every one-time buyer 1)',
      }),
    pAliveAtLeast: probability.optional().meta({ description: `P(alive) ${SCORES_NOTE}, at least; unscored members do not match` }),
    pAliveAtMost: probability.optional().meta({ description: `P(alive) ${SCORES_NOTE}, at most; unscored members do not match` }),
    loyaltyBands: z.array(z.enum(LOYALTY_BANDS)).min(1).optional().meta({ description: `true-loyalty bands ${SCORES_NOTE}; members never scored do not match` }),
    npsClass: z.enum(['promoter', 'passive', 'detractor']).optional().meta({ description: 'class of the member’s latest NPS answer' }),
    marketingConsent: z.boolean().optional(),
    tags: z.array(tagName).min(1).max(20).optional().meta({ description: 'members carrying any of these tags' }),
    currency: currencyCode.optional(),
  })
  .strict()
  .meta({ id: 'SegmentFilter', example: { tiers: ['gold'], pAliveBands: ['at_risk', 'likely_lost'], marketingConsent: true } });
export type SegmentFilter = z.infer<typeof segmentFilter>;
