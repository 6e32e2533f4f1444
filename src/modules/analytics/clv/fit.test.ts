import { describe, expect, it } from 'vitest';
import { fitClv, fitReport } from './fit.js';
import { simulateCustomers } from './simulate.js';

describe('fitClv', () => {
  it('fits both models and reports them in the published shape, all numbers finite', () => {
    const customers = simulateCustomers({ customers: 2000, bgnbd: { r: 0.5, alpha: 5, a: 0.8, b: 2.5 }, gammaGamma: { p: 6, q: 4, v: 15 }, maxT: 52, seed: 3 });
    const report = fitReport(fitClv(customers, 'week'));
    expect(Object.keys(report)).toEqual(['customers', 'bgnbd', 'gammaGamma']);
    expect(Object.keys(report.bgnbd)).toEqual(['r', 'alpha', 'a', 'b', 'logLikelihood']);
    expect(Object.keys(report.gammaGamma)).toEqual(['p', 'q', 'v']);
    expect(report.customers).toBe(2000);
    for (const value of [...Object.values(report.bgnbd), ...Object.values(report.gammaGamma)]) expect(Number.isFinite(value)).toBe(true);
  });

  it.each([
    ['no customers', [], 'clv_no_customers'],
    ['nobody came back', [{ customerId: 'a', frequency: 0, recency: 0, T: 10, monetaryValue: 0 }], 'clv_no_repeat_customers'],
    ['an invalid row', [{ customerId: 'a', frequency: 1, recency: 11, T: 10, monetaryValue: 5 }], 'clv_invalid_row'],
    ['one repeat customer', [{ customerId: 'a', frequency: 1, recency: 5, T: 10, monetaryValue: 3 }, { customerId: 'b', frequency: 0, recency: 0, T: 10, monetaryValue: 0 }], 'clv_fit_failed'],
  ])('refuses %s', (_, summaries, code) => {
    expect(() => fitClv(summaries, 'week')).toThrow(expect.objectContaining({ code }));
  });
});
