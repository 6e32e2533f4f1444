import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { beta, expectedRepeats, gamma, solveScale } from './distributions.js';
import { seededRandom } from './generate.js';

function mean(draw: () => number, n = 20_000): number {
  let sum = 0;
  for (let i = 0; i < n; i++) sum += draw();
  return sum / n;
}

describe('samplers', () => {
  it.each([0.25, 0.75, 1, 3])('gamma(%d) has mean = shape and is positive', (shape) => {
    const random = seededRandom(7);
    expect(mean(() => gamma(shape, random))).toBeCloseTo(shape, 1);
    expect(Array.from({ length: 1000 }, () => gamma(shape, random)).every((x) => x > 0)).toBe(true);
  });

  it.each([
    [0.8, 2.4],
    [2, 2],
  ])('beta(%d, %d) has mean a / (a + b) and stays in (0, 1)', (a, b) => {
    const random = seededRandom(11);
    expect(mean(() => beta(a, b, random))).toBeCloseTo(a / (a + b), 2);
  });
});

describe('expectedRepeats', () => {
  it.each([
    { lambda: 0.1, p: 0.5, t: 30, expected: (1 - Math.exp(-1.5)) / 0.5 },
    { lambda: 0, p: 0.5, t: 30, expected: 0 },
    { lambda: 1, p: 0.25, t: 1000, expected: 4 },
  ])('λ=$lambda p=$p t=$t → $expected', ({ lambda, p, t, expected }) => {
    expect(expectedRepeats(lambda, p, t)).toBeCloseTo(expected, 6);
  });

  it('matches a simulation of Poisson purchases with drop-out after each', () => {
    const random = seededRandom(3);
    const simulate = () => {
      let t = 0;
      let n = 0;
      for (;;) {
        t += -Math.log(1 - random()) / 0.2;
        if (t > 40) return n;
        n += 1;
        if (random() < 0.3) return n;
      }
    };
    expect(mean(simulate, 40_000)).toBeCloseTo(expectedRepeats(0.2, 0.3, 40), 1);
  });
});

describe('solveScale', () => {
  it('finds k with f(k) = target for increasing f (property)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.01, max: 100, noNaN: true }), fc.double({ min: 1, max: 1e6, noNaN: true }), (slope, target) => {
        const k = solveScale((x) => slope * x, target);
        expect(Math.abs(slope * k - target) / target).toBeLessThan(1e-5);
      }),
    );
  });

  it('is 0 for a target of 0', () => {
    expect(solveScale((x) => x, 0)).toBe(0);
  });
});
