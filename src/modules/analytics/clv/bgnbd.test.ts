import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bgnbdLogLikelihood, conditionalExpectedPurchases, fitBgNbd, probabilityAlive, type BgNbdParams } from './bgnbd.js';
import { ClvError } from './errors.js';
import { hyp2f1Excess, logGamma } from './special.js';
import { compressSummaries } from './summary.js';

/** The published CDNOW maximum (Fader, Hardie & Lee 2005). */
const CDNOW: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

const params = fc.record({
  r: fc.double({ min: 0.05, max: 5, noNaN: true }),
  alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
  a: fc.double({ min: 0.1, max: 5, noNaN: true }),
  b: fc.double({ min: 0.1, max: 10, noNaN: true }),
});

/** A customer as the model sees them: recency ≤ T, and 0 without repeat purchases. */
const customer = fc
  .record({ frequency: fc.integer({ min: 0, max: 30 }), T: fc.double({ min: 0, max: 100, noNaN: true }), share: fc.double({ min: 0, max: 1, noNaN: true }) })
  .map(({ frequency, T, share }) => ({ frequency, T, recency: frequency === 0 ? 0 : share * T }));

const logBeta = (x: number, y: number) => logGamma(x) + logGamma(y) - logGamma(x + y);

/** FHL 2005 eq. 6 term by term, in ordinary space: a reference for the log-space, grouped implementation. */
function textbookLogLikelihood({ r, alpha, a, b }: BgNbdParams, x: number, tx: number, T: number): number {
  const common = logGamma(r + x) - logGamma(r) + r * Math.log(alpha) - logBeta(a, b);
  const alive = Math.exp(common + logBeta(a, b + x) - (r + x) * Math.log(alpha + T));
  const dropped = x > 0 ? Math.exp(common + logBeta(a + 1, b + x - 1) - (r + x) * Math.log(alpha + tx)) : 0;
  return Math.log(alive + dropped);
}

/** FHL 2005 eq. 10 as printed, with ₂F₁ summed directly (no Euler transformation). */
function textbookExpected(p: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = p;
  const z = t / (alpha + T + t);
  const f21 = 1 + (b + x) * hyp2f1Excess(r + x, b + x, a + b + x - 1, z);
  return (((a + b + x - 1) / (a - 1)) * (1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * f21)) * probabilityAlive(p, x, tx, T);
}

describe('BG/NBD log-likelihood', () => {
  it('equals the textbook per-customer sum, whatever the grouping', () => {
    fc.assert(
      fc.property(params, fc.array(customer, { minLength: 1, maxLength: 40 }), (p, customers) => {
        const repeated = [...customers, ...customers.slice(0, 5)];
        const expected = repeated.reduce((sum, c) => sum + textbookLogLikelihood(p, c.frequency, c.recency, c.T), 0);
        const actual = bgnbdLogLikelihood(p, compressSummaries(repeated));
        expect(Math.abs(actual - expected)).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
      }),
    );
  });

  it('is finite where the ordinary-space formula underflows', () => {
    const data = compressSummaries([{ frequency: 400, recency: 900, T: 1000 }]);
    expect(Math.exp(-(0.2 + 400) * Math.log(5 + 1000))).toBe(0);
    expect(Number.isFinite(bgnbdLogLikelihood({ r: 0.2, alpha: 5, a: 0.8, b: 2.4 }, data))).toBe(true);
  });
});

describe('P(alive)', () => {
  it('is 1 without repeat purchases (drop-out only follows a purchase) and in [0, 1] otherwise', () => {
    fc.assert(
      fc.property(params, customer, (p, c) => {
        const alive = probabilityAlive(p, c.frequency, c.recency, c.T);
        if (c.frequency === 0) expect(alive).toBe(1);
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
      }),
    );
  });

  it('rises with recency and falls with time since the last purchase', () => {
    fc.assert(
      fc.property(params, fc.integer({ min: 1, max: 30 }), fc.double({ min: 1, max: 100, noNaN: true }), (p, x, T) => {
        expect(probabilityAlive(p, x, 0.8 * T, T)).toBeGreaterThanOrEqual(probabilityAlive(p, x, 0.2 * T, T));
        expect(probabilityAlive(p, x, 0.2 * T, 2 * T)).toBeLessThanOrEqual(probabilityAlive(p, x, 0.2 * T, T));
      }),
    );
  });
});

describe('conditional expected purchases', () => {
  it('matches the worked CDNOW example: x = 2, t_x = 30.43, T = 38.86 buys 1.226 times in the next 39 weeks', () => {
    expect(conditionalExpectedPurchases(CDNOW, 39, 2, 30.43, 38.86)).toBeCloseTo(1.226, 3);
  });

  it('agrees with the untransformed textbook formula', () => {
    const awayFromOne = params.filter((p) => Math.abs(p.a - 1) > 0.05);
    fc.assert(
      fc.property(awayFromOne, customer, fc.double({ min: 0.01, max: 100, noNaN: true }), (p, c, t) => {
        fc.pre(t / (p.alpha + c.T + t) < 0.9);
        const expected = textbookExpected(p, t, c.frequency, c.recency, c.T);
        expect(Math.abs(conditionalExpectedPurchases(p, t, c.frequency, c.recency, c.T) - expected)).toBeLessThan(1e-8 * Math.max(1, expected));
      }),
    );
  });

  it('is continuous through a = 1, where the textbook form is 0/0', () => {
    const at = (a: number) => conditionalExpectedPurchases({ ...CDNOW, a }, 52, 3, 20, 38);
    expect(at(1)).toBeCloseTo(at(1 + 1e-9), 7);
    expect(at(1)).toBeCloseTo(at(1 - 1e-9), 7);
  });

  it('starts at 0, grows with the horizon, at first at rate (r+x)/(α+T)·P(alive)', () => {
    fc.assert(
      fc.property(params, customer, fc.double({ min: 0.01, max: 200, noNaN: true }), fc.double({ min: 0.01, max: 200, noNaN: true }), (p, c, t1, t2) => {
        const at = (t: number) => conditionalExpectedPurchases(p, t, c.frequency, c.recency, c.T);
        expect(at(0)).toBe(0);
        if (t1 < t2) expect(at(t1)).toBeLessThanOrEqual(at(t2) * (1 + 1e-12));
        const rate = ((p.r + c.frequency) / (p.alpha + c.T)) * probabilityAlive(p, c.frequency, c.recency, c.T);
        expect(Math.abs(at(1e-7) / 1e-7 - rate)).toBeLessThan(1e-4 * rate);
      }),
    );
  });
});

describe('fitBgNbd', () => {
  it('refuses a cohort without customers or without repeat customers', () => {
    expect(() => fitBgNbd(compressSummaries([]))).toThrow(expect.objectContaining({ code: 'clv_no_customers' }));
    const once = compressSummaries([{ frequency: 0, recency: 0, T: 10 }, { frequency: 0, recency: 0, T: 20 }]);
    expect(() => fitBgNbd(once)).toThrow(ClvError);
    expect(() => fitBgNbd(once)).toThrow(expect.objectContaining({ code: 'clv_no_repeat_customers' }));
  });
});
