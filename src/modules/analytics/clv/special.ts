// Special functions the CLV likelihoods and expectations need; written here because the project
// takes no numeric dependency for a handful of well-known series.
import { ClvError } from './errors.js';

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905,
  -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0 (Lanczos, g = 7: about 15 significant digits).
 * @example logGamma(5) // ln 24
 */
export function logGamma(x: number): number {
  if (x < 0.5) return logGamma(x + 1) - Math.log(x);
  const z = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (z + i);
  const t = z + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ψ(x) = d/dx ln Γ(x) for x > 0: shifted up to x ≥ 10 by ψ(x) = ψ(x + 1) − 1/x, then the
 * asymptotic series (error below 1e-15 there).
 */
export function digamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const tail = inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return shift + Math.log(x) - 0.5 / x - tail;
}

const MAX_TERMS = 1_000_000;

/**
 * (₂F₁(a, b; c; z) − 1) / b for 0 ≤ z < 1, summed as Σₖ≥₁ (a)ₖ (b + 1)ₖ₋₁ / ((c)ₖ k!) zᵏ.
 *
 * Dividing by b analytically (rather than subtracting 1 from ₂F₁ and dividing) keeps full precision
 * when b is near 0, which is where the BG/NBD expectation, written with Euler's transformation,
 * puts its b = a − 1. The sum stops when the remaining tail, bounded by the current term over
 * (1 − ratio), is below 1e-16 of the sum; it throws a ClvError rather than return a truncated value.
 *
 * @example 1 + 1 * hyp2f1Excess(1, 1, 2, 0.5) // ₂F₁(1,1;2;½) = 2 ln 2
 */
export function hyp2f1Excess(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) throw new ClvError('clv_numeric', `hypergeometric argument must be in [0, 1), got ${z}`);
  if (c <= 0 && Number.isInteger(c)) throw new ClvError('clv_numeric', `hypergeometric parameter c must not be a non-positive integer, got ${c}`);
  if (z === 0) return 0;
  let term = (a / c) * z;
  let sum = term;
  for (let k = 1; k < MAX_TERMS; k++) {
    const ratio = (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    term *= ratio;
    sum += term;
    const settled = Math.abs(ratio) < 1 && (k > Math.abs(a) + Math.abs(b) + Math.abs(c) || term === 0);
    if (settled && Math.abs(term) <= 1e-16 * Math.abs(sum) * Math.min(1 - Math.abs(ratio), 1 - z)) return sum;
  }
  throw new ClvError('clv_numeric', `hypergeometric series did not converge (a=${a}, b=${b}, c=${c}, z=${z}); the horizon is too long for this member's age`);
}
