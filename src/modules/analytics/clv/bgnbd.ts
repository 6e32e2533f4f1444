// BG/NBD (Fader, Hardie & Lee 2005, "Counting your customers the easy way"): while alive a customer
// buys at a Poisson rate λ ~ Gamma(r, α); after each purchase they drop out with probability
// p ~ Beta(a, b). Fitted by maximum likelihood on log-parameters, in log space throughout.
import { ClvError } from './errors.js';
import { fitLogParameters } from './fit-guard.js';
import { digamma, hyp2f1Excess, logGamma } from './special.js';
import type { CompressedSummaries } from './summary.js';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit extends BgNbdParams {
  logLikelihood: number;
}

interface Distinct {
  values: Float64Array;
  index: Int32Array;
}

/** The distinct values of a column and, per row, which one it holds: transcendental functions of T or t_x are then paid once per value. */
function distinct(column: Float64Array): Distinct {
  const positions = new Map<number, number>();
  const values: number[] = [];
  const index = new Int32Array(column.length);
  for (let i = 0; i < column.length; i++) {
    const value = column[i]!;
    let at = positions.get(value);
    if (at === undefined) {
      at = values.length;
      positions.set(value, at);
      values.push(value);
    }
    index[i] = at;
  }
  return { values: Float64Array.from(values), index };
}

interface Evaluation {
  logLikelihood: number;
  /** ∂ℓ/∂(ln r, ln α, ln a, ln b) */
  gradient: Float64Array;
}

/** ℓ and ∂ℓ/∂(r, α, a, b), accumulated. */
type Sums = [number, number, number, number, number];

/**
 * The terms that depend on x only (ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)), once
 * per distinct x times its customers; also fills, per x, r + x and ln(a/(b+x−1)) for the group loop.
 */
function frequencyTerms({ r, alpha, a, b }: BgNbdParams, xs: Float64Array, weights: Float64Array, rx: Float64Array, dropTerm: Float64Array): Sums {
  const sums: Sums = [0, 0, 0, 0, 0];
  const logAlpha = Math.log(alpha);
  const [psiR, psiB, psiAB] = [digamma(r), digamma(b), digamma(a + b)];
  const constant = -logGamma(r) + r * logAlpha + logGamma(a + b) - logGamma(b);
  for (let j = 0; j < xs.length; j++) {
    const x = xs[j]!;
    const w = weights[j]!;
    rx[j] = r + x;
    dropTerm[j] = x > 0 ? Math.log(a) - Math.log(b + x - 1) : -Infinity;
    const psiABX = digamma(a + b + x);
    sums[0] += w * (constant + logGamma(r + x) + logGamma(b + x) - logGamma(a + b + x));
    sums[1] += w * (digamma(r + x) - psiR + logAlpha);
    sums[2] += w * (r / alpha);
    sums[3] += w * (psiAB - psiABX);
    sums[4] += w * (psiAB + digamma(b + x) - psiB - psiABX);
  }
  return sums;
}

function fillLogAndInverse(values: Float64Array, alpha: number, logs: Float64Array, inverses: Float64Array): void {
  for (let k = 0; k < values.length; k++) {
    logs[k] = Math.log(alpha + values[k]!);
    inverses[k] = 1 / (alpha + values[k]!);
  }
}

/**
 * Prepares the data once and returns ℓ(r, α, a, b) with its gradient. Per customer,
 *   ℓ = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *       + ln[ (α+T)^−(r+x) + 1{x>0} · a/(b+x−1) · (α+t_x)^−(r+x) ]
 * and each group of identical (x, t_x, T) counts with its weight.
 */
function bgnbdEvaluator(data: CompressedSummaries): (params: BgNbdParams) => Evaluation {
  const xs = distinct(data.frequency);
  const ages = distinct(data.T);
  const recencies = distinct(data.recency);
  const weightPerX = new Float64Array(xs.values.length);
  for (let i = 0; i < data.count.length; i++) weightPerX[xs.index[i]!]! += data.count[i]!;
  const [logAge, invAge] = [new Float64Array(ages.values.length), new Float64Array(ages.values.length)];
  const [logRecency, invRecency] = [new Float64Array(recencies.values.length), new Float64Array(recencies.values.length)];
  const [rx, dropTerm] = [new Float64Array(xs.values.length), new Float64Array(xs.values.length)];

  return (params) => {
    let [ll, dr, dalpha, da, db] = frequencyTerms(params, xs.values, weightPerX, rx, dropTerm);
    fillLogAndInverse(ages.values, params.alpha, logAge, invAge);
    fillLogAndInverse(recencies.values, params.alpha, logRecency, invRecency);
    for (let i = 0; i < data.count.length; i++) {
      const j = xs.index[i]!;
      const w = data.count[i]!;
      const ti = ages.index[i]!;
      const power = rx[j]!;
      const survive = -power * logAge[ti]!;
      if (dropTerm[j] === -Infinity) {
        ll += w * survive;
        dr -= w * logAge[ti]!;
        dalpha -= w * power * invAge[ti]!;
        continue;
      }
      const ri = recencies.index[i]!;
      const dropped = dropTerm[j]! - power * logRecency[ri]!;
      // log-sum-exp of the two terms, and p, the share of "dropped out after the last purchase",
      // from the same exponential (the gradient needs it).
      const e = Math.exp(-Math.abs(dropped - survive));
      const p = dropped > survive ? 1 / (1 + e) : e / (1 + e);
      ll += w * (Math.max(dropped, survive) + Math.log1p(e));
      dr -= w * ((1 - p) * logAge[ti]! + p * logRecency[ri]!);
      dalpha -= w * power * ((1 - p) * invAge[ti]! + p * invRecency[ri]!);
      da += (w * p) / params.a;
      db -= (w * p) / (params.b + xs.values[j]! - 1);
    }
    const { r, alpha, a, b } = params;
    return { logLikelihood: ll, gradient: Float64Array.of(r * dr, alpha * dalpha, a * da, b * db) };
  };
}

/** The BG/NBD log-likelihood of all customers at the given parameters. */
export function bgnbdLogLikelihood(params: BgNbdParams, data: CompressedSummaries): number {
  return bgnbdEvaluator(data)(params).logLikelihood;
}

/**
 * Maximum-likelihood BG/NBD parameters. Needs at least one repeat customer: without one the
 * likelihood rises without bound as r → 0 and nothing about drop-out can be learned.
 */
export function fitBgNbd(data: CompressedSummaries): BgNbdFit {
  if (data.customers === 0) throw new ClvError('clv_no_customers', 'there are no customers to fit');
  let repeats = 0;
  let ageSum = 0;
  for (let i = 0; i < data.count.length; i++) {
    repeats += data.count[i]! * data.frequency[i]!;
    ageSum += data.count[i]! * data.T[i]!;
  }
  if (repeats === 0) {
    throw new ClvError('clv_no_repeat_customers', 'no customer purchased more than once; BG/NBD and Gamma-Gamma need repeat customers');
  }
  const evaluate = bgnbdEvaluator(data);
  const objective = (point: Float64Array) => {
    const [r, alpha, a, b] = Array.from(point, Math.exp) as [number, number, number, number];
    const { logLikelihood, gradient } = evaluate({ r, alpha, a, b });
    return { value: -logLikelihood / data.customers, gradient: gradient.map((g) => -g / data.customers) };
  };
  // Start where the population purchase rate r/α matches the observed one, then from a spread of shapes.
  const logAlpha = Math.log(Math.max(ageSum, 1e-9) / repeats);
  const found = fitLogParameters('BG/NBD', objective, [
    [0, logAlpha, 0, 0],
    [Math.log(0.25), logAlpha + Math.log(0.25), Math.log(0.5), Math.log(2)],
    [Math.log(4), logAlpha + Math.log(4), Math.log(2), Math.log(8)],
  ]);
  const [r, alpha, a, b] = Array.from(found.point, Math.exp) as [number, number, number, number];
  return { r, alpha, a, b, logLikelihood: -found.value * data.customers };
}

/**
 * P(alive | x, t_x, T) = 1 / (1 + 1{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)). A customer without
 * repeat purchases is alive with probability 1: in this model drop-out can only follow a purchase.
 */
export function probabilityAlive({ r, alpha, a, b }: BgNbdParams, frequency: number, recency: number, T: number): number {
  if (frequency === 0) return 1;
  const logOdds = Math.log(a) - Math.log(b + frequency - 1) + (r + frequency) * (Math.log(alpha + T) - Math.log(alpha + recency));
  return logOdds > 0 ? Math.exp(-logOdds) / (1 + Math.exp(-logOdds)) : 1 / (1 + Math.exp(logOdds));
}

/**
 * E[purchases in (T, T+t] | x, t_x, T] (FHL 2005 eq. 10):
 *   (a+b+x−1)/(a−1) · [1 − ((α+T)/(α+T+t))^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)] · P(alive),  z = t/(α+T+t).
 * Euler's transformation ₂F₁(A,B;C;z) = (1−z)^(C−A−B) ₂F₁(C−A, C−B; C; z) turns the bracket into
 *   [1 − (1−z)^(a−1) (1 + (a−1)·S)] with S = (₂F₁(a+b−1−r, a−1; C; z) − 1)/(a−1),
 * whose division by a−1 is done analytically (expm1 and `hyp2f1Excess`), so a near 1 (where the
 * textbook form is 0/0) costs no precision. A new customer (x = t_x = T = 0) gives E[X(t)].
 */
export function conditionalExpectedPurchases(params: BgNbdParams, t: number, frequency: number, recency: number, T: number): number {
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const c = a + b + frequency - 1;
  const logSurvival = -Math.log1p(t / (alpha + T));
  const z = t / (alpha + T + t);
  const shift = (a - 1) * logSurvival;
  const bracket = (a === 1 ? -logSurvival : -Math.expm1(shift) / (a - 1)) - Math.exp(shift) * hyp2f1Excess(a + b - 1 - r, a - 1, c, z);
  const expected = c * bracket * probabilityAlive(params, frequency, recency, T);
  if (!Number.isFinite(expected)) {
    throw new ClvError('clv_numeric', `expected purchases are not finite for frequency ${frequency}, recency ${recency}, T ${T}, t ${t}`);
  }
  // For a horizon near 0 the bracket is a difference of nearly equal numbers and may round below 0.
  return Math.max(0, expected);
}
