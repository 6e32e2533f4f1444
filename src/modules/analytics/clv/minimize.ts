// Quasi-Newton (BFGS) minimisation of a smooth function with an analytic gradient. The CLV models
// optimise 3–4 log-parameters over up to millions of customers, so every evaluation is costly:
// BFGS with a gradient needs a few dozen of them where a derivative-free simplex needs hundreds.

/** The value and gradient at a point; a non-finite value means "outside the usable region". */
export type Objective = (point: Float64Array) => { value: number; gradient: Float64Array };

export interface Minimum {
  point: Float64Array;
  value: number;
  gradient: Float64Array;
  iterations: number;
  converged: boolean;
}

export interface MinimizeOptions {
  /** Stop when every gradient component is below this. */
  gradientTolerance?: number;
  /** When no step makes progress any more (rounding noise), a gradient below this still counts as converged. */
  stuckGradientTolerance?: number;
  maxIterations?: number;
  /** Longest step, per coordinate; on log-parameters 3 means a factor of e³ at most. */
  maxStep?: number;
}

const ARMIJO = 1e-4;
/** Hager & Zhang's approximate Wolfe condition (2005): σ·φ'(0) ≤ φ'(α) ≤ (2δ − 1)·φ'(0). */
const WOLFE_SIGMA = 0.9;
const WOLFE_DELTA = 0.1;
/**
 * How much worse than f(0), relative, a step accepted on its slope alone may be: above the rounding
 * noise of a sum over millions of customers (about 1e-13), far below any real change (Hager & Zhang
 * allow 1e-6).
 */
const VALUE_NOISE = 1e-10;

function dot(u: Float64Array, v: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < u.length; i++) sum += u[i]! * v[i]!;
  return sum;
}

function largest(v: Float64Array): number {
  let max = 0;
  for (const value of v) max = Math.max(max, Math.abs(value));
  return max;
}

function identity(n: number): Float64Array[] {
  return Array.from({ length: n }, (_, i) => Float64Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** H ← (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ, the BFGS update of the inverse Hessian. */
function updateInverseHessian(h: Float64Array[], s: Float64Array, y: Float64Array, sy: number): void {
  const n = s.length;
  const rho = 1 / sy;
  const hy = new Float64Array(n);
  for (let i = 0; i < n; i++) hy[i] = dot(h[i]!, y);
  const yhy = dot(y, hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      h[i]![j] = h[i]![j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + (rho * rho * yhy + rho) * s[i]! * s[j]!;
    }
  }
}

/**
 * Sufficient decrease (Armijo), or, once the value changes by less than its rounding, a slope that
 * has flattened enough: near the optimum of a sum over a million customers the value stops
 * resolving progress long before the gradient does.
 */
function acceptable(trial: { value: number; gradient: Float64Array }, value: number, step: number, slope: number, direction: Float64Array): boolean {
  if (!Number.isFinite(trial.value)) return false;
  // Written as a difference so that a step too small to move the point is never "sufficient".
  if (trial.value - value <= ARMIJO * step * slope) return true;
  const trialSlope = dot(trial.gradient, direction);
  return trial.value <= value + VALUE_NOISE * Math.abs(value) && WOLFE_SIGMA * slope <= trialSlope && trialSlope <= (2 * WOLFE_DELTA - 1) * slope;
}

/**
 * Backtracks from the full step along `direction` (slope: the directional derivative there) to the
 * first acceptable point, each retry at the minimum of the quadratic through f(0), f'(0) and the
 * last trial, kept within [0.1, 0.5] of that trial. Undefined when none is found.
 */
function searchLine(objective: Objective, point: Float64Array, value: number, direction: Float64Array, slope: number) {
  let step = 1;
  for (let tries = 0; tries < 30; tries++) {
    const candidate = point.map((p, i) => p + step * direction[i]!);
    const trial = objective(candidate);
    if (acceptable(trial, value, step, slope, direction)) return { point: candidate, ...trial };
    const quadratic = (-slope * step * step) / (2 * (trial.value - value - slope * step));
    step = Number.isFinite(quadratic) ? Math.min(0.5 * step, Math.max(0.1 * step, quadratic)) : 0.1 * step;
  }
  return undefined;
}

/**
 * Minimises `objective` from `start` by BFGS with a backtracking line search. Steps that
 * land where the objective is not finite are shortened, so the objective may refuse regions.
 * `converged` is false when the iteration budget ran out or no step could make progress.
 *
 * @example minimizeBfgs((p) => ({ value: p[0]! ** 2, gradient: Float64Array.of(2 * p[0]!) }), [3]).point[0] // ≈ 0
 */
export function minimizeBfgs(objective: Objective, start: ArrayLike<number>, options: MinimizeOptions = {}): Minimum {
  const { gradientTolerance = 1e-9, stuckGradientTolerance = 1e-6, maxIterations = 500, maxStep = 3 } = options;
  const n = start.length;
  let point = Float64Array.from(start);
  let { value, gradient } = objective(point);
  if (!Number.isFinite(value)) return { point, value, gradient, iterations: 0, converged: false };
  let h = identity(n);
  let fresh = true;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (largest(gradient) < gradientTolerance) return { point, value, gradient, iterations: iteration, converged: true };
    let direction = new Float64Array(n);
    for (let i = 0; i < n; i++) direction[i] = -dot(h[i]!, gradient);
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      h = identity(n);
      fresh = true;
      direction = gradient.map((g) => -g);
      slope = dot(gradient, direction);
    }
    // Until curvature is known (fresh approximation) the first trial moves no coordinate by more than 1.
    const limit = fresh ? Math.min(1, maxStep) : maxStep;
    const scale = limit / Math.max(largest(direction), limit);
    for (let i = 0; i < n; i++) direction[i] = direction[i]! * scale;
    slope *= scale;
    const next = searchLine(objective, point, value, direction, slope);
    if (!next) {
      // No descent along this direction: a stale Hessian gets one more chance as steepest descent.
      if (fresh) return { point, value, gradient, iterations: iteration, converged: largest(gradient) < stuckGradientTolerance };
      h = identity(n);
      fresh = true;
      continue;
    }
    const s = next.point.map((p, i) => p - point[i]!);
    const y = next.gradient.map((g, i) => g - gradient[i]!);
    const sy = dot(s, y);
    if (sy > 1e-18) {
      if (fresh) {
        // Scale the identity to the observed curvature before the first update (Nocedal & Wright 6.20).
        const curvature = sy / dot(y, y);
        for (let i = 0; i < n; i++) h[i]![i] = curvature;
      }
      updateInverseHessian(h, s, y, sy);
      fresh = false;
    }
    point = next.point;
    value = next.value;
    gradient = next.gradient;
  }
  return { point, value, gradient, iterations: maxIterations, converged: largest(gradient) < gradientTolerance };
}
