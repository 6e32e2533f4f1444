// Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Colombo & Jiang 1999): each
// purchase amount is Gamma(p, ν) with ν ~ Gamma(q, γ) across customers, independent of the
// purchase process. Fitted on repeat customers only, from their number of repeat purchases x and
// the mean m̄ of those amounts.
import { ClvError } from './errors.js';
import { fitLogParameters } from './fit-guard.js';
import { digamma, logGamma } from './special.js';
import type { CustomerSummary } from './summary.js';

/** `v` is γ, the scale of the spend heterogeneity (lifetimes calls it v). */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

type Spend = Pick<CustomerSummary, 'frequency' | 'monetaryValue'>;

/**
 * ℓ(p, q, γ) and its gradient in log-parameters. Per repeat customer,
 *   ℓ = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln γ + (px−1) ln m̄ + px ln x − (px+q) ln(γ + x m̄).
 */
function gammaGammaEvaluator(repeaters: readonly Spend[]) {
  const n = repeaters.length;
  const x = Float64Array.from(repeaters, (s) => s.frequency);
  const total = Float64Array.from(repeaters, (s) => s.frequency * s.monetaryValue);
  const logMean = Float64Array.from(repeaters, (s) => Math.log(s.monetaryValue));
  const logX = Float64Array.from(x, Math.log);
  return ({ p, q, v }: GammaGammaParams) => {
    const logV = Math.log(v);
    const psiQ = digamma(q);
    const lgQ = logGamma(q);
    let ll = 0;
    let dp = 0;
    let dq = 0;
    let dv = 0;
    // Customers come in runs of few distinct x; the gamma functions of px are cached per x.
    let lastX = NaN;
    let lg = 0;
    let psiPxq = 0;
    let psiPx = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      if (xi !== lastX) {
        lastX = xi;
        lg = logGamma(p * xi + q) - logGamma(p * xi) - lgQ;
        psiPxq = digamma(p * xi + q);
        psiPx = digamma(p * xi);
      }
      const px = p * xi;
      const logSum = Math.log(v + total[i]!);
      ll += lg + q * logV + (px - 1) * logMean[i]! + px * logX[i]! - (px + q) * logSum;
      dp += xi * (psiPxq - psiPx + logMean[i]! + logX[i]! - logSum);
      dq += psiPxq - psiQ + logV - logSum;
      dv += q / v - (px + q) / (v + total[i]!);
    }
    return { logLikelihood: ll, gradient: Float64Array.of(p * dp, q * dq, v * dv) };
  };
}

/** The Gamma-Gamma log-likelihood of the repeat customers among `summaries`. */
export function gammaGammaLogLikelihood(params: GammaGammaParams, summaries: readonly Spend[]): number {
  return gammaGammaEvaluator(summaries.filter((s) => s.frequency > 0))(params).logLikelihood;
}

/** Maximum-likelihood Gamma-Gamma parameters from the repeat customers among `summaries`. */
export function fitGammaGamma(summaries: readonly Spend[]): GammaGammaParams {
  const repeaters = summaries.filter((s) => s.frequency > 0).sort((l, r) => l.frequency - r.frequency);
  if (repeaters.length === 0) {
    throw new ClvError('clv_no_repeat_customers', 'no customer purchased more than once; Gamma-Gamma is fitted on repeat customers');
  }
  const evaluate = gammaGammaEvaluator(repeaters);
  const objective = (point: Float64Array) => {
    const [p, q, v] = Array.from(point, Math.exp) as [number, number, number];
    const { logLikelihood, gradient } = evaluate({ p, q, v });
    return { value: -logLikelihood / repeaters.length, gradient: gradient.map((g) => -g / repeaters.length) };
  };
  // E[M] = pγ/(q−1): start from shapes whose mean matches the observed mean spend.
  const meanSpend = repeaters.reduce((sum, s) => sum + s.monetaryValue, 0) / repeaters.length;
  const start = (p: number, q: number) => [Math.log(p), Math.log(q), Math.log((meanSpend * (q - 1)) / p)];
  const found = fitLogParameters('Gamma-Gamma', objective, [start(1, 2), start(5, 5), start(0.5, 10)]);
  const [p, q, v] = Array.from(found.point, Math.exp) as [number, number, number];
  return { p, q, v };
}

/**
 * E[mean spend | x, m̄] = p(γ + x m̄) / (px + q − 1): the customer's own mean shrunk towards the
 * population's, more so the fewer purchases it rests on. With x = 0 it is the population mean
 * pγ/(q − 1), which only exists for q > 1.
 */
export function conditionalExpectedSpend({ p, q, v }: GammaGammaParams, frequency: number, monetaryValue: number): number {
  const denominator = p * frequency + q - 1;
  if (!(denominator > 0)) {
    throw new ClvError('clv_numeric', `expected spend is unbounded for frequency ${frequency} (q = ${q} ≤ 1 makes the population mean infinite)`);
  }
  return (p * (v + frequency * monetaryValue)) / denominator;
}
