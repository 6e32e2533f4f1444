import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionalExpectedPurchases, probabilityAlive } from './bgnbd.js';
import type { ClvFit } from './fit.js';
import { conditionalExpectedSpend } from './gamma-gamma.js';
import { scoreMember } from './score.js';

/** The CDNOW fit (weeks). */
const FIT: ClvFit = {
  customers: 2357,
  timeUnit: 'week',
  bgnbd: { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426, logLikelihood: -9582.4 },
  gammaGamma: { p: 6.25, q: 3.74, v: 15.44 },
};
const MEMBER = { customerId: 'c1', frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 };

const member = fc
  .record({ frequency: fc.integer({ min: 0, max: 50 }), T: fc.double({ min: 0, max: 80, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }), spend: fc.double({ min: 0.01, max: 1000, noNaN: true }) })
  .map(({ frequency, T, share, spend }) => ({ customerId: 'm', frequency, T, recency: frequency === 0 ? 0 : share * T, monetaryValue: frequency === 0 ? 0 : spend }));

describe('scoreMember', () => {
  it('gives P(alive), purchases over the horizon in days, and undiscounted CLV = purchases × expected spend', () => {
    const score = scoreMember(FIT, MEMBER, 273, 0);
    expect(score.pAlive).toBe(probabilityAlive(FIT.bgnbd, 2, 30.43, 38.86));
    expect(score.expectedPurchases).toBeCloseTo(conditionalExpectedPurchases(FIT.bgnbd, 39, 2, 30.43, 38.86), 12);
    expect(score.expectedPurchases).toBeCloseTo(1.226, 3);
    expect(score.expectedClv).toBeCloseTo(score.expectedPurchases * conditionalExpectedSpend(FIT.gammaGamma, 2, 22.35), 10);
  });

  it('discounts each month from its end at the annual rate', () => {
    const oneMonth = 365.25 / 12;
    const score = scoreMember(FIT, MEMBER, oneMonth, 0.1);
    expect(score.expectedClv / scoreMember(FIT, MEMBER, oneMonth, 0).expectedClv).toBeCloseTo(1.1 ** (-1 / 12), 12);
  });

  it('is zero over an empty horizon', () => {
    expect(scoreMember(FIT, MEMBER, 0, 0.1)).toEqual({ pAlive: probabilityAlive(FIT.bgnbd, 2, 30.43, 38.86), expectedPurchases: 0, expectedClv: 0 });
  });

  it('always answers finite, non-negative numbers; CLV falls as the discount rate rises and grows with the horizon', () => {
    fc.assert(
      fc.property(member, fc.double({ min: 1, max: 3650, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (m, horizon, rate) => {
        const score = scoreMember(FIT, m, horizon, rate);
        for (const value of Object.values(score)) {
          expect(Number.isFinite(value)).toBe(true);
          expect(value).toBeGreaterThanOrEqual(0);
        }
        expect(scoreMember(FIT, m, horizon, rate + 0.05).expectedClv).toBeLessThanOrEqual(score.expectedClv);
        expect(scoreMember(FIT, m, horizon + 30, rate).expectedClv).toBeGreaterThanOrEqual(score.expectedClv);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    [-1, 0.1, 'clv_invalid_option'],
    [Number.NaN, 0.1, 'clv_invalid_option'],
    [365, -0.1, 'clv_invalid_option'],
    [365, Infinity, 'clv_invalid_option'],
  ])('refuses horizon %d days at rate %d', (horizon, rate, code) => {
    expect(() => scoreMember(FIT, MEMBER, horizon, rate)).toThrow(expect.objectContaining({ code }));
  });

  it('refuses an invalid member summary', () => {
    expect(() => scoreMember(FIT, { ...MEMBER, recency: 50 }, 365, 0.1)).toThrow(expect.objectContaining({ code: 'clv_invalid_row' }));
  });
});
