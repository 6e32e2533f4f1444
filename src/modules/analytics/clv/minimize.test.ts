import { describe, expect, it } from 'vitest';
import { minimizeBfgs, type Objective } from './minimize.js';

const rosenbrock: Objective = ([x = 0, y = 0]) => ({
  value: (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  gradient: Float64Array.of(-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)),
});

describe('minimizeBfgs', () => {
  it('finds the minimum of the Rosenbrock valley from the classic start', () => {
    const found = minimizeBfgs(rosenbrock, [-1.2, 1]);
    expect(found.converged).toBe(true);
    expect(found.point[0]).toBeCloseTo(1, 6);
    expect(found.point[1]).toBeCloseTo(1, 6);
  });

  it('handles a badly scaled quadratic', () => {
    const scales = [1e-3, 1, 1e3, 1e4];
    const found = minimizeBfgs((p) => ({ value: scales.reduce((s, c, i) => s + c * (p[i]! - i) ** 2, 0), gradient: p.map((v, i) => 2 * scales[i]! * (v - i)) }), [5, 5, 5, 5], {
      maxIterations: 2000,
    });
    expect(found.converged).toBe(true);
    found.point.forEach((v, i) => expect(v).toBeCloseTo(i, 4));
  });

  it('stays inside the region where the objective is finite', () => {
    // −ln x + x has its minimum at x = 1 and no value for x ≤ 0.
    const found = minimizeBfgs(([x = 0]) => ({ value: x > 0 ? x - Math.log(x) : Infinity, gradient: Float64Array.of(1 - 1 / x) }), [8]);
    expect(found.converged).toBe(true);
    expect(found.point[0]).toBeCloseTo(1, 8);
  });

  it('reports no convergence for an objective without a minimum', () => {
    const found = minimizeBfgs(([x = 0]) => ({ value: -x, gradient: Float64Array.of(-1) }), [0], { maxIterations: 50 });
    expect(found.converged).toBe(false);
    expect(found.point[0]).toBeGreaterThan(10);
  });
});
