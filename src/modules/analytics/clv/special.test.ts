import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ClvError } from './errors.js';
import { digamma, hyp2f1Excess, logGamma } from './special.js';

const EULER_GAMMA = 0.5772156649015329;

function expectRelative(actual: number, expected: number, tolerance: number) {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(tolerance * Math.abs(expected));
}

describe('logGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [0.5, 0.5 * Math.log(Math.PI)],
    [10, Math.log(362880)],
    [0.1, 2.252712651734206],
    [100.5, 361.4355404677776],
    [1e-8, 18.420680738180209],
  ])('ln Γ(%d)', (x, expected) => {
    expect(logGamma(x)).toBeCloseTo(expected, 12);
  });

  it('satisfies ln Γ(x+1) = ln Γ(x) + ln x', () => {
    fc.assert(fc.property(fc.double({ min: 1e-6, max: 1e6, noNaN: true }), (x) => Math.abs(logGamma(x + 1) - logGamma(x) - Math.log(x)) < 1e-12 * Math.max(1, Math.abs(logGamma(x + 1)))));
  });
});

describe('digamma', () => {
  it.each([
    [1, -EULER_GAMMA],
    [0.5, -EULER_GAMMA - 2 * Math.LN2],
    [2, 1 - EULER_GAMMA],
    [50, 3.901989673427892],
  ])('ψ(%d)', (x, expected) => {
    expect(digamma(x)).toBeCloseTo(expected, 13);
  });

  it('is the derivative of logGamma', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.05, max: 1e4, noNaN: true }), (x) => {
        const h = 1e-5 * x;
        const numeric = (logGamma(x + h) - logGamma(x - h)) / (2 * h);
        return Math.abs(numeric - digamma(x)) < 1e-6 * Math.max(1, Math.abs(digamma(x)));
      }),
    );
  });
});

describe('hyp2f1Excess = (₂F₁(a,b;c;z) − 1)/b', () => {
  const f21 = (a: number, b: number, c: number, z: number) => 1 + b * hyp2f1Excess(a, b, c, z);

  it.each([0.1, 0.5, 0.9, 0.99, 0.999])('matches closed forms at z = %d', (z) => {
    expectRelative(f21(1, 1, 2, z), -Math.log1p(-z) / z, 1e-13);
    expectRelative(f21(2.5, 1.5, 1.5, z), (1 - z) ** -2.5, 1e-12);
    const s = Math.sqrt(z);
    expectRelative(f21(0.5, 0.5, 1.5, z), Math.asin(s) / s, 1e-13);
  });

  it('keeps its precision as b → 0, where the excess tends to Σ (a)ₖ/((c)ₖ k) zᵏ', () => {
    // With a = c that limit is −ln(1 − z).
    for (const z of [0.2, 0.7, 0.95]) {
      expect(hyp2f1Excess(3.2, 0, 3.2, z)).toBeCloseTo(-Math.log1p(-z), 12);
      expect(hyp2f1Excess(3.2, 1e-12, 3.2, z)).toBeCloseTo(-Math.log1p(-z), 10);
    }
  });

  it('is zero at z = 0 and refuses arguments outside [0, 1) or a pole in c', () => {
    expect(hyp2f1Excess(1, 2, 3, 0)).toBe(0);
    expect(() => hyp2f1Excess(1, 1, 2, 1)).toThrow(ClvError);
    expect(() => hyp2f1Excess(1, 1, 2, -0.5)).toThrow(ClvError);
    expect(() => hyp2f1Excess(1, 1, -2, 0.5)).toThrow(ClvError);
  });
});
