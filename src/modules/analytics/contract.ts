import { z } from 'zod';
import { currencyCode, timestamp } from '../../http/schemas.js';
import { P_ALIVE_BAND_FROM, P_ALIVE_BANDS, P_ALIVE_BANDS_TEXT, UNSCORED } from './p-alive.js';
import { RFM_SEGMENTS } from './rfm.js';

const ratio = z.number().nullable().meta({ description: 'A share 0–1 (4 decimals); null when its base is empty.' });

export const periodQuery = z
  .object({
    from: timestamp.optional().meta({ description: 'Start, inclusive. Default: 30 days before `to`.' }),
    to: timestamp.optional().meta({ description: 'End, exclusive. Default: now.' }),
    currency: currencyCode.optional().meta({ description: "Default: the program's first currency." }),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });
export type PeriodQuery = z.infer<typeof periodQuery>;

export const BREAKDOWNS = ['store', 'tier', 'cohort', 'segment'] as const;
export const overviewQuery = periodQuery.and(
  z.object({
    by: z
      .enum(BREAKDOWNS)
      .optional()
      .meta({ description: 'store (where they bought), tier (now), cohort (month of first order), segment (RFM segment now, as `GET /v1/analytics/rfm` scores it)' }),
  }),
);
export type OverviewQuery = z.infer<typeof overviewQuery>;

export const activityFigures = z.object({
  buyers: z.number().int().meta({ description: 'Members who bought in the period.' }),
  newBuyers: z.number().int().meta({ description: 'Buyers whose first order ever falls in the period.' }),
  returningBuyers: z.number().int(),
  previousBuyers: z.number().int().meta({ description: 'Members who bought in the previous period of the same length.' }),
  retained: z.number().int().meta({ description: 'Previous buyers who bought again in this period.' }),
  churnRate: ratio,
  retentionRate: ratio,
  repeatPurchaseRate: ratio.meta({ description: 'Share of buyers with two or more orders to date.' }),
  orders: z.number().int(),
  revenue: z.number().int().meta({ description: 'Order totals in minor units (before refunds).' }),
  averageOrderValue: z.number().int().nullable(),
  revenuePerBuyer: z.number().int().nullable(),
  purchaseFrequency: z.number().nullable().meta({ description: 'Orders per buyer in the period.' }),
  interPurchaseDays: z.number().nullable().meta({
    description: 'Mean days between orders, over buyers with two or more orders in the period (each buyer’s (last − first) / (orders − 1)); gaps reaching outside the period are not seen.',
  }),
});

const period = z.object({ from: z.string(), to: z.string() });

export const overview = z
  .object({
    period,
    previous: period,
    currency: z.string(),
    members: z.number().int().meta({ description: 'Active members enrolled.' }),
    overall: activityFigures,
    groups: z
      .array(activityFigures.extend({ key: z.string(), name: z.string().optional().meta({ description: 'By segment: the segment as people read it ("Can’t lose them").' }) }))
      .optional(),
  })
  .meta({ id: 'AnalyticsOverview' });
export type Overview = z.infer<typeof overview>;

export const brandQuery = periodQuery.and(
  z.object({ category: z.string().min(1).max(200).optional().meta({ description: 'Only this category (as order lines name it).' }) }),
);
export type BrandQuery = z.infer<typeof brandQuery>;

const purchases = z.number().int().meta({ description: 'Orders in the period with at least one line of it.' });
const buyers = z.number().int().meta({ description: 'Members who made those purchases.' });
export const brandRepurchase = z
  .object({
    period,
    currency: z.string(),
    categories: z.array(
      z.object({
        category: z.string(),
        purchases,
        buyers,
        brands: z
          .array(
            z.object({
              brand: z.string(),
              purchases,
              buyers,
              repurchaseRate: z.number().nullable().meta({
                description: 'Purchases of the brand per 10 purchases in its category (1 decimal). An order with two brands of one category counts for both.',
              }),
              repeatBuyers: z.number().int().meta({ description: 'Buyers who bought the brand in two or more orders of the period.' }),
            }),
          )
          .meta({ description: 'Most purchased first; lines without a brand count for the category only.' }),
      }),
    ),
  })
  .meta({ id: 'BrandRepurchase' });
export type BrandRepurchase = z.infer<typeof brandRepurchase>;

const sales = z.object({
  orders: z.number().int(),
  revenue: z.number().int().meta({ description: 'Order totals in minor units (before refunds).' }),
  averageOrderValue: z.number().int().nullable(),
});
const membersVsNonMembersFigures = z.object({
  members: sales.meta({ description: "Members' orders (recorded, or imported with a member_external_id)." }),
  nonMembers: sales.meta({ description: 'Sales to customers who are not members (imported with an empty member_external_id).' }),
  memberOrderShare: ratio.meta({ description: 'Members’ orders ÷ all orders.' }),
  memberRevenueShare: ratio.meta({ description: 'Members’ revenue ÷ all revenue.' }),
  averageOrderValueRatio: z.number().nullable().meta({
    description: 'A member’s average order ÷ a non-member’s (2 decimals): 1.25 means members spend 25% more per order. Null if either side has no orders.',
  }),
});
export const membersVsNonMembers = z
  .object({
    period,
    currency: z.string(),
    overall: membersVsNonMembersFigures,
    stores: z
      .array(membersVsNonMembersFigures.extend({ storeId: z.string().nullable().meta({ description: 'Null: orders that name no store.' }) }))
      .meta({ description: 'Per store, most orders first.' }),
  })
  .meta({ id: 'MembersVsNonMembers' });
export type MembersVsNonMembers = z.infer<typeof membersVsNonMembers>;

export const rfmQuery = z.object({ currency: currencyCode.optional(), asOf: timestamp.optional().meta({ description: 'Default: now.' }) });
export const rfmReport = z
  .object({
    asOf: z.string(),
    currency: z.string(),
    members: z.number().int(),
    cuts: z.object({ recencyDays: z.array(z.number()), orders: z.array(z.number()), spend: z.array(z.number()) }).meta({ description: 'The 20/40/60/80th percentiles the scores are cut at.' }),
    segments: z.array(
      z.object({
        segment: z.enum(RFM_SEGMENTS),
        name: z.string(),
        members: z.number().int(),
        share: ratio,
        spend: z.number().int(),
        averageSpend: z.number().int().nullable(),
        averageOrders: z.number().nullable(),
        averageRecencyDays: z.number().nullable(),
      }),
    ),
    grid: z.array(z.object({ r: z.number().int(), f: z.number().int(), members: z.number().int() })).meta({ description: 'Members per recency × frequency score (for the segment map).' }),
  })
  .meta({ id: 'RfmReport' });
export type RfmReport = z.infer<typeof rfmReport>;

export const cohortQuery = z
  .object({
    from: timestamp.optional().meta({ description: 'First cohort month (by first order). Default: 12 months before `to`.' }),
    to: timestamp.optional(),
    months: z.coerce.number().int().min(1).max(36).default(12),
    currency: currencyCode.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });
export const cohortMatrix = z
  .object({
    currency: z.string(),
    cohorts: z.array(
      z.object({
        cohort: z.string().meta({ example: '2026-01' }),
        members: z.number().int(),
        retention: z.array(ratio).meta({ description: 'Index k: share of the cohort buying in month k after their first (k = 0 is 1).' }),
      }),
    ),
  })
  .meta({ id: 'CohortMatrix' });
export type CohortMatrix = z.infer<typeof cohortMatrix>;

export const economicsQuery = periodQuery.and(
  z.object({ interval: z.enum(['week', 'month']).optional().meta({ description: 'Adds a trend: one row per UTC week (from Monday) or month.' }) }),
);
export type EconomicsQuery = z.infer<typeof economicsQuery>;

export const economics = z
  .object({
    period,
    currency: z.string(),
    pointValueMinor: z.number(),
    liability: z.object({ availablePoints: z.number().int(), pendingPoints: z.number().int(), valueMinor: z.number().int() }),
    lifetime: z.object({ earned: z.number().int(), spent: z.number().int(), expired: z.number().int(), redemptionRate: ratio, breakageRate: ratio }),
    inPeriod: z.object({
      pointsEarned: z.number().int(),
      pointsSpent: z.number().int(),
      pointsExpired: z.number().int(),
      rewardCostMinor: z.number().int().meta({ description: 'Points spent × point value.' }),
      lineDiscountsMinor: z.number().int(),
      couponDiscountsMinor: z.number().int(),
      revenue: z.number().int(),
      repeatRevenue: z.number().int().meta({ description: 'Revenue from members who had bought before the period: the most the program can claim as incremental.' }),
      costShareOfRepeatRevenue: ratio,
    }),
    discountDependence: z
      .array(z.object({ band: z.string(), members: z.number().int() }))
      .meta({ description: 'Members by the share of their list price paid as discounts (0%, under 10%, 10–30%, 30–50%, over 50%).' }),
    trend: z
      .array(
        z.object({
          period: z.string().meta({ example: '2026-11-23', description: 'First day of the week or month (UTC); the first may start before `from`.' }),
          pointsEarned: z.number().int(),
          pointsSpent: z.number().int(),
          pointsExpired: z.number().int(),
          outstandingPoints: z.number().int().meta({ description: 'Points held (available and pending, net of debts) at the end of the week or month, or at `to`.' }),
        }),
      )
      .optional()
      .meta({ description: 'With `interval` only. Within the period, counting only entries from `from` on.' }),
  })
  .meta({ id: 'ProgramEconomics' });
export type Economics = z.infer<typeof economics>;

export const memberGrowthQuery = z
  .object({
    from: timestamp.optional().meta({ description: 'Start, inclusive. Default: 30 days before `to`.' }),
    to: timestamp.optional().meta({ description: 'End, exclusive. Default: now.' }),
    interval: z.enum(['week', 'month']).default('week').meta({ description: 'One trend row per UTC week (from Monday) or month.' }),
  })
  .refine((q) => !q.from || !q.to || q.from < q.to, { message: 'from must be before to', path: ['from'] });
export type MemberGrowthQuery = z.infer<typeof memberGrowthQuery>;

export const memberGrowth = z
  .object({
    period,
    membersAtStart: z.number().int().meta({ description: 'Members at `from`: joined before it and not erased before it.' }),
    membersAtEnd: z.number().int().meta({ description: 'Members at `to`.' }),
    joined: z.number().int().meta({ description: 'Members who joined in the period (enrolled or imported).' }),
    left: z.number().int().meta({ description: 'Members erased in the period.' }),
    trend: z.array(
      z.object({
        period: z.string().meta({ example: '2026-11-23', description: 'First day of the week or month (UTC); the first may start before `from`.' }),
        joined: z.number().int(),
        left: z.number().int(),
        members: z.number().int().meta({ description: 'Members at the end of the week or month, or at `to`.' }),
      }),
    ),
  })
  .meta({ id: 'MemberGrowth' });
export type MemberGrowth = z.infer<typeof memberGrowth>;

export const atRiskQuery = z.object({
  minOverdue: z.coerce.number().min(1).max(100).default(1.5).meta({ description: 'Days since last order ÷ usual interval, at least.' }),
  maxPAlive: z.coerce.number().min(0).max(1).default(P_ALIVE_BAND_FROM.uncertain).meta({ description: 'Or P(alive) from the last scoring at most this (default: where the `uncertain` band starts).' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  currency: currencyCode.optional(),
});
export const atRiskList = z
  .object({
    asOf: z.string(),
    data: z.array(
      z.object({
        memberId: z.string(),
        name: z.string().nullable(),
        orders: z.number().int(),
        spend: z.number().int(),
        lastOrderAt: z.string(),
        usualIntervalDays: z.number(),
        overdue: z.number().meta({ description: '2 means twice their usual gap since the last order.' }),
        annualValueAtRisk: z.number().int().meta({ description: 'Average order value × their usual orders per year, in minor units.' }),
        pAlive: z.number().nullable(),
      }),
    ),
  })
  .meta({ id: 'AtRiskList' });
export type AtRiskList = z.infer<typeof atRiskList>;

export const memberScores = z
  .object({
    memberId: z.string(),
    scoredAt: z.string().nullable().meta({ description: 'When the member-scores job last scored them; null before their first order is scored.' }),
    clv: z
      .object({
        pAlive: z.number().meta({
          description:
            'Probability the member is still a customer, the raw BG/NBD figure. The model assumes nobody drops out before a first repeat purchase, ' +
            'so it is 1 for every one-time buyer whatever their age: read `pAliveBand` for what it means.',
        }),
        expectedPurchases90d: z.number(),
        expectedClv365d: z.number().int().meta({ description: 'Expected spend over the next year, discounted, in minor units.' }),
        currency: z.string(),
      })
      .nullable()
      .meta({ description: 'Null until the base has enough repeat buyers for the models to fit.' }),
    pAliveBand: z.enum([...P_ALIVE_BANDS, UNSCORED]).meta({
      description: `P(alive) in words, as segment filters use it: ${P_ALIVE_BANDS_TEXT}; \`${UNSCORED}\` when the models say nothing about the member (no scores, no fit, or no repeat purchase yet).`,
    }),
    trueLoyalty: z
      .object({ score: z.number().int(), band: z.string(), parts: z.record(z.string(), z.number()) })
      .nullable()
      .meta({ description: 'Pays full price (30) + recommends: promoter or referrals (35) + engaged: tenure and frequency (35).' }),
    rhythm: z
      .object({ usualIntervalDays: z.number(), overdue: z.number() })
      .nullable()
      .meta({ description: 'Live from their aggregates: usual days between orders, and days since the last ÷ that.' }),
  })
  .meta({ id: 'MemberScores' });
export type MemberScores = z.infer<typeof memberScores>;

export const loyaltyDistribution = z
  .object({
    scoredAt: z.string().nullable(),
    members: z.number().int(),
    bands: z.array(z.object({ band: z.string(), members: z.number().int(), share: ratio, averageScore: z.number().nullable() })),
    histogram: z.array(z.object({ from: z.number().int(), to: z.number().int(), members: z.number().int() })).meta({ description: 'Members per 10 points of score.' }),
  })
  .meta({ id: 'TrueLoyaltyDistribution' });
export type LoyaltyDistribution = z.infer<typeof loyaltyDistribution>;

export const clvDistributionQuery = z.object({
  currency: currencyCode.optional(),
  buckets: z.coerce.number().int().min(2).max(50).default(10).meta({ description: 'Histogram buckets of expected CLV (round widths from 0).' }),
});
const clvGroup = { members: z.number().int(), clv: z.number().int().meta({ description: 'Their expected CLV summed, minor units.' }) };
export const clvDistribution = z
  .object({
    scoredAt: z.string().nullable(),
    currency: z.string(),
    members: z.number().int().meta({ description: 'Members with a CLV from the last scoring.' }),
    unmodelled: z.number().int().meta({ description: 'Members scored without a CLV (the models could not fit or read them).' }),
    totalClv: z.number().int(),
    histogram: z.array(z.object({ from: z.number().int(), to: z.number().int().meta({ description: 'Exclusive, except the last bucket, which holds the maximum.' }), ...clvGroup })),
    pAliveBands: z
      .array(z.object({ band: z.string().meta({ example: '50–75%' }), from: z.number(), to: z.number(), ...clvGroup }))
      .meta({ description: 'Members by P(alive) in quarters, with the value each quarter holds.' }),
  })
  .meta({ id: 'ClvDistribution' });
export type ClvDistribution = z.infer<typeof clvDistribution>;

export const tierDistribution = z
  .object({
    members: z.number().int().meta({ description: 'Active members.' }),
    tiers: z.array(z.object({ tierId: z.string(), name: z.string(), members: z.number().int(), share: ratio })).meta({ description: 'In ladder order; a member not yet placed counts in the first tier.' }),
  })
  .meta({ id: 'TierDistribution' });
export type TierDistribution = z.infer<typeof tierDistribution>;
