import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averageOrderValue, brandRepurchaseRate, churnRate, interPurchaseDays, membersVsNonMembers, niceBucketWidth, overdueness, previousPeriod, repeatPurchaseRate, retentionRate, share } from './definitions.js';
import { quintileScore, RFM_SEGMENTS, rfmSegment } from './rfm.js';

describe('retention definitions (hand-computed)', () => {
  it.each([
    [{ previousBuyers: 200, retained: 150 }, 0.25, 0.75],
    [{ previousBuyers: 3, retained: 1 }, 0.6667, 0.3333],
    [{ previousBuyers: 10, retained: 10 }, 0, 1],
    [{ previousBuyers: 0, retained: 0 }, null, null],
  ])('%j → churn %s, retention %s', (counts, churn, retention) => {
    expect(churnRate(counts)).toBe(churn);
    expect(retentionRate(counts)).toBe(retention);
  });

  it('repeat purchase and brand repurchase', () => {
    expect(repeatPurchaseRate({ buyers: 40, repeaters: 14 })).toBe(0.35);
    expect(repeatPurchaseRate({ buyers: 0, repeaters: 0 })).toBeNull();
    expect(brandRepurchaseRate({ brandPurchases: 30, categoryPurchases: 120 })).toBe(2.5);
    expect(brandRepurchaseRate({ brandPurchases: 7, categoryPurchases: 7 })).toBe(10);
    expect(brandRepurchaseRate({ brandPurchases: 0, categoryPurchases: 0 })).toBeNull();
  });

  it.each([
    // members 60 orders for 900.00, non-members 40 for 480.00: AOV 15.00 vs 12.00
    [{ orders: 60, revenue: 90_000 }, { orders: 40, revenue: 48_000 }, { memberOrderShare: 0.6, memberRevenueShare: 0.6522, averageOrderValueRatio: 1.25 }],
    // members spend less per order than everyone else
    [{ orders: 1, revenue: 300 }, { orders: 3, revenue: 1_800 }, { memberOrderShare: 0.25, memberRevenueShare: 0.1429, averageOrderValueRatio: 0.5 }],
    // no non-member sales recorded: the program is all of the business, and no AOV to compare with
    [{ orders: 5, revenue: 2_000 }, { orders: 0, revenue: 0 }, { memberOrderShare: 1, memberRevenueShare: 1, averageOrderValueRatio: null }],
    // only free non-member orders: nothing to divide by
    [{ orders: 2, revenue: 800 }, { orders: 2, revenue: 0 }, { memberOrderShare: 0.5, memberRevenueShare: 1, averageOrderValueRatio: null }],
    [{ orders: 0, revenue: 0 }, { orders: 0, revenue: 0 }, { memberOrderShare: null, memberRevenueShare: null, averageOrderValueRatio: null }],
  ])('members %j vs non-members %j → %j', (members, nonMembers, expected) => {
    expect(membersVsNonMembers({ members, nonMembers })).toEqual(expected);
  });

  it('average order value rounds to the minor unit and is null with no orders', () => {
    expect(averageOrderValue({ orders: 3, revenue: 1_700 })).toBe(567);
    expect(averageOrderValue({ orders: 2, revenue: 5 })).toBe(3);
    expect(averageOrderValue({ orders: 0, revenue: 0 })).toBeNull();
  });

  it.each([
    [{ buyers: 2, gapSeconds: 30 * 86_400 }, 15], // e.g. one buyer 10 days apart, one 20
    [{ buyers: 3, gapSeconds: 86_400 }, 0.3],
    [{ buyers: 1, gapSeconds: 0 }, 0], // two orders on the same instant
    [{ buyers: 0, gapSeconds: 0 }, null],
  ])('inter-purchase time of %j → %s days', (sums, days) => {
    expect(interPurchaseDays(sums)).toBe(days);
  });

  it.each([
    [9_730, 10, 1_000],
    [10_000, 10, 1_000],
    [420, 10, 50],
    [1_500, 10, 200],
    [0, 10, 1],
    [7, 10, 1],
    [250_000, 8, 50_000],
  ])('histogram of 0…%i in %i buckets: width %i', (max, buckets, width) => {
    expect(niceBucketWidth(max, buckets)).toBe(width);
  });

  it('a nice bucket width always covers the range in the buckets asked for', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.integer({ min: 2, max: 50 }), (max, buckets) => {
        const width = niceBucketWidth(max, buckets);
        expect(width * buckets).toBeGreaterThanOrEqual(max);
        expect(width).toBeGreaterThanOrEqual(1);
      }),
    );
  });

  it('the previous period has the same length and ends where this one starts', () => {
    const prev = previousPeriod(new Date('2026-10-01T00:00:00Z'), new Date('2026-11-01T00:00:00Z'));
    expect(prev).toEqual({ from: new Date('2026-08-31T00:00:00Z'), to: new Date('2026-10-01T00:00:00Z') });
  });

  it('overdueness against the member’s own rhythm', () => {
    const stats = { orders: 4, firstOrderAt: new Date('2026-01-01T00:00:00Z'), lastOrderAt: new Date('2026-03-02T00:00:00Z') };
    expect(overdueness(stats, new Date('2026-04-11T00:00:00Z'))).toEqual({ usualDays: 20, overdue: 2 });
    expect(overdueness({ ...stats, orders: 1 }, new Date())).toBeNull();
  });

  it('churn + retention = 1 whenever defined, and both lie in [0, 1]', () => {
    fc.assert(
      fc.property(fc.nat({ max: 10_000 }).chain((base) => fc.tuple(fc.constant(base), fc.nat({ max: base }))), ([previousBuyers, retained]) => {
        const churn = churnRate({ previousBuyers, retained });
        const retention = retentionRate({ previousBuyers, retained });
        if (previousBuyers === 0) {
          expect([churn, retention]).toEqual([null, null]);
          return;
        }
        expect(churn!).toBeGreaterThanOrEqual(0);
        expect(Math.abs(churn! + retention! - 1)).toBeLessThanOrEqual(0.0001);
        expect(share(retained, previousBuyers)).toBe(retention);
      }),
    );
  });
});

describe('RFM', () => {
  it.each([
    [0, 'higher', 1],
    [1, 'higher', 1],
    [2, 'higher', 2],
    [7, 'higher', 4],
    [9, 'higher', 5],
    [0, 'lower', 5],
    [3, 'lower', 3],
    [100, 'lower', 1],
  ] as const)('%i scores %s-is-better %i against cuts 1, 2, 4, 8', (value, better, expected) => {
    expect(quintileScore(value, [1, 2, 4, 8], better)).toBe(expected);
  });

  it('the documented grid', () => {
    const grid = [5, 4, 3, 2, 1].map((r) => [1, 2, 3, 4, 5].map((f) => rfmSegment(r, f)));
    expect(grid).toEqual([
      ['new', 'potential_loyalists', 'loyal', 'champions', 'champions'],
      ['new', 'potential_loyalists', 'loyal', 'champions', 'champions'],
      ['hibernating', 'potential_loyalists', 'loyal', 'loyal', 'loyal'],
      ['hibernating', 'hibernating', 'at_risk', 'at_risk', 'cant_lose_them'],
      ['lost', 'lost', 'at_risk', 'at_risk', 'cant_lose_them'],
    ]);
    expect(new Set(grid.flat())).toEqual(new Set(RFM_SEGMENTS));
  });
});
