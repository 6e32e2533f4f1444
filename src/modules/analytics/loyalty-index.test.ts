import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bandOf, ordersPerYear, trueLoyaltyIndex } from './loyalty-index.js';

const base = { fullPriceShare: 0, npsClass: null, referrals: 0, tenureDays: 0, ordersPerYear: 0 } as const;

describe('true-loyalty index', () => {
  it.each([
    [base, 0, 'detached'],
    [{ ...base, fullPriceShare: 1, npsClass: 'promoter' as const, referrals: 3, tenureDays: 1095, ordersPerYear: 12 }, 100, 'advocate'],
    [{ ...base, fullPriceShare: 0.5, tenureDays: 365, ordersPerYear: 6 }, 15 + 5 + 10, 'transactional'],
    [{ ...base, npsClass: 'promoter' as const, referrals: 1 }, 25, 'transactional'],
    [{ ...base, npsClass: 'detractor' as const, referrals: 9, fullPriceShare: 1, ordersPerYear: 24 }, 30 + 15 + 20, 'loyal'],
  ])('%j scores %i (%s)', (signals, score, band) => {
    expect(trueLoyaltyIndex(signals)).toMatchObject({ score, band });
  });

  it('stays within 0–100, its parts add up, and more of any signal never lowers it', () => {
    const signals = fc.record({
      fullPriceShare: fc.double({ min: 0, max: 1, noNaN: true }),
      npsClass: fc.constantFrom(null, 'promoter' as const, 'passive' as const, 'detractor' as const),
      referrals: fc.nat({ max: 20 }),
      tenureDays: fc.nat({ max: 5000 }),
      ordersPerYear: fc.double({ min: 0, max: 100, noNaN: true }),
    });
    fc.assert(
      fc.property(signals, fc.nat({ max: 5 }), (s, extra) => {
        const index = trueLoyaltyIndex(s);
        expect(index.score).toBeGreaterThanOrEqual(0);
        expect(index.score).toBeLessThanOrEqual(100);
        expect(index.parts.paysFullPrice + index.parts.recommends + index.parts.engaged).toBe(index.score);
        expect(index.band).toBe(bandOf(index.score));
        expect(trueLoyaltyIndex({ ...s, referrals: s.referrals + extra, tenureDays: s.tenureDays + extra }).score).toBeGreaterThanOrEqual(index.score);
      }),
    );
  });

  it('orders per year count at least 90 days, so a first order is not 365 a year', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    expect(ordersPerYear(1, new Date('2026-11-30T00:00:00Z'), now)).toBeCloseTo(365 / 90);
    expect(ordersPerYear(24, new Date('2025-12-01T00:00:00Z'), now)).toBeCloseTo(24);
  });
});
