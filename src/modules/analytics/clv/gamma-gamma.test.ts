import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { conditionalExpectedSpend, fitGammaGamma, gammaGammaLogLikelihood } from './gamma-gamma.js';
import { simulateCustomers } from './simulate.js';

const CDNOW = { p: 6.25, q: 3.74, v: 15.44 };

describe('conditionalExpectedSpend', () => {
  it.each([
    // x = 0: the population mean pγ/(q − 1).
    [0, 0, (6.25 * 15.44) / 2.74],
    [1, 20, (6.25 * (15.44 + 20)) / (6.25 + 2.74)],
    [10, 35, (6.25 * (15.44 + 350)) / (62.5 + 2.74)],
  ])('x = %d, m̄ = %d', (x, m, expected) => {
    expect(conditionalExpectedSpend(CDNOW, x, m)).toBeCloseTo(expected, 10);
  });

  it('shrinks the observed mean towards the population mean, less as purchases accumulate', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0.01, max: 1e4, noNaN: true }), (x, m) => {
        const population = conditionalExpectedSpend(CDNOW, 0, 0);
        const expected = conditionalExpectedSpend(CDNOW, x, m);
        expect(expected).toBeGreaterThanOrEqual(Math.min(m, population) * (1 - 1e-12));
        expect(expected).toBeLessThanOrEqual(Math.max(m, population) * (1 + 1e-12));
        expect(Math.abs(conditionalExpectedSpend(CDNOW, 10 * x, m) - m)).toBeLessThanOrEqual(Math.abs(expected - m) + 1e-9);
      }),
    );
  });

  it('refuses an infinite population mean (q ≤ 1) for a customer without repeat purchases', () => {
    expect(() => conditionalExpectedSpend({ p: 2, q: 0.9, v: 10 }, 0, 0)).toThrow(expect.objectContaining({ code: 'clv_numeric' }));
    expect(conditionalExpectedSpend({ p: 2, q: 0.9, v: 10 }, 1, 5)).toBeCloseTo((2 * 15) / 1.9, 12);
  });
});

describe('fitGammaGamma', () => {
  it('reaches a maximum: every nearby point is less likely', () => {
    const customers = simulateCustomers({ customers: 3000, bgnbd: { r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, gammaGamma: CDNOW, maxT: 40, seed: 7 });
    const fitted = fitGammaGamma(customers);
    const best = gammaGammaLogLikelihood(fitted, customers);
    for (const [name, factor] of [['p', 1.001], ['p', 0.999], ['q', 1.001], ['q', 0.999], ['v', 1.001], ['v', 0.999]] as const) {
      expect(gammaGammaLogLikelihood({ ...fitted, [name]: fitted[name] * factor }, customers)).toBeLessThan(best);
    }
  });

  it('needs repeat customers, and enough of them to identify three parameters', () => {
    expect(() => fitGammaGamma([{ frequency: 0, monetaryValue: 0 }])).toThrow(expect.objectContaining({ code: 'clv_no_repeat_customers' }));
    expect(() => fitGammaGamma([{ frequency: 2, monetaryValue: 10 }])).toThrow(expect.objectContaining({ code: 'clv_fit_failed' }));
  });
});
