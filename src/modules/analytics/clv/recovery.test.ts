// Parameter recovery: fit data simulated from known parameters and check each estimate lies within
// four standard errors of the truth. The standard errors come from the data themselves (inverse of
// the observed information, a finite-difference Hessian of the log-likelihood in log-parameters):
// at 20,000 customers they are about 2 % (r), 3 % (α), 7 % (a), 9 % (b), 6 % (p), 3 % (q), 8 % (v),
// so four of them is a tight test that still fails by chance less than once in 10,000 per estimate.
import { describe, expect, it } from 'vitest';
import { bgnbdLogLikelihood } from './bgnbd.js';
import { fitClv } from './fit.js';
import { gammaGammaLogLikelihood } from './gamma-gamma.js';
import { simulateCustomers } from './simulate.js';
import { compressSummaries } from './summary.js';

const TRUTH = { bgnbd: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, gammaGamma: { p: 6, q: 4, v: 15 } };

/** Square roots of the diagonal of the inverse Hessian of −f at `x` (Gauss–Jordan on a 3×3 or 4×4). */
function standardErrors(f: (x: number[]) => number, x: number[]): number[] {
  const n = x.length;
  const h = 1e-4;
  const at = (i: number, di: number, j: number, dj: number) => f(x.map((v, k) => v + (k === i ? di : 0) + (k === j ? dj : 0)));
  const m = Array.from({ length: n }, (_, i) =>
    Array.from({ length: 2 * n }, (_, j) => (j < n ? -(at(i, h, j, h) - at(i, h, j, -h) - at(i, -h, j, h) + at(i, -h, j, -h)) / (4 * h * h) : j - n === i ? 1 : 0)),
  );
  for (let i = 0; i < n; i++) {
    const pivot = m[i]![i]!;
    for (let j = 0; j < 2 * n; j++) m[i]![j]! /= pivot;
    for (let k = 0; k < n; k++) {
      if (k === i) continue;
      const factor = m[k]![i]!;
      for (let j = 0; j < 2 * n; j++) m[k]![j]! -= factor * m[i]![j]!;
    }
  }
  return m.map((row, i) => Math.sqrt(row[n + i]!));
}

describe('parameter recovery from simulated customers', () => {
  it.each([11, 12, 13])('seed %d: every estimate within 4 standard errors of the truth', (seed) => {
    const customers = simulateCustomers({ customers: 20_000, ...TRUTH, maxT: 78, seed });
    const fit = fitClv(customers, 'week');
    const data = compressSummaries(customers);

    const bg = [fit.bgnbd.r, fit.bgnbd.alpha, fit.bgnbd.a, fit.bgnbd.b].map(Math.log);
    const bgErrors = standardErrors(([r = 0, alpha = 0, a = 0, b = 0]) => bgnbdLogLikelihood({ r: Math.exp(r), alpha: Math.exp(alpha), a: Math.exp(a), b: Math.exp(b) }, data), bg);
    const bgTruth = [TRUTH.bgnbd.r, TRUTH.bgnbd.alpha, TRUTH.bgnbd.a, TRUTH.bgnbd.b].map(Math.log);

    const gg = [fit.gammaGamma.p, fit.gammaGamma.q, fit.gammaGamma.v].map(Math.log);
    const ggErrors = standardErrors(([p = 0, q = 0, v = 0]) => gammaGammaLogLikelihood({ p: Math.exp(p), q: Math.exp(q), v: Math.exp(v) }, customers), gg);
    const ggTruth = [TRUTH.gammaGamma.p, TRUTH.gammaGamma.q, TRUTH.gammaGamma.v].map(Math.log);

    for (const [estimates, errors, truth] of [
      [bg, bgErrors, bgTruth],
      [gg, ggErrors, ggTruth],
    ] as const) {
      errors.forEach((se, i) => {
        expect(se).toBeLessThan(0.1);
        expect(Math.abs(estimates[i]! - truth[i]!)).toBeLessThan(4 * se);
      });
    }
  });
});
