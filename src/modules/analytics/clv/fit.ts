// One call from customer summaries to both models' parameters: what the CLI prints and what the
// per-member scores are computed from.
import { fitBgNbd, type BgNbdFit } from './bgnbd.js';
import { ClvError } from './errors.js';
import { fitGammaGamma, type GammaGammaParams } from './gamma-gamma.js';
import { assertValidSummaries, compressSummaries, type CustomerSummary, type TimeUnit } from './summary.js';

export interface ClvFit {
  customers: number;
  /** The unit the summaries' recency and T were in; horizons in days are converted with it. */
  timeUnit: TimeUnit;
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaParams;
}

/**
 * Fits BG/NBD on all customers (compressed over identical (x, t_x, T)) and Gamma-Gamma on the
 * repeat customers. Throws a `ClvError` for an empty cohort, a cohort without repeat customers, an
 * invalid summary or a fit that does not converge; every number it returns is finite.
 *
 * @example fitClv(summaries, 'week').bgnbd.r
 */
export function fitClv(summaries: readonly CustomerSummary[], timeUnit: TimeUnit): ClvFit {
  if (summaries.length === 0) throw new ClvError('clv_no_customers', 'there are no customers to fit');
  assertValidSummaries(summaries);
  const bgnbd = fitBgNbd(compressSummaries(summaries));
  const gammaGamma = fitGammaGamma(summaries);
  return { customers: summaries.length, timeUnit, bgnbd, gammaGamma };
}

/** The published shape of a fit: `{"customers","bgnbd":{r,alpha,a,b,logLikelihood},"gammaGamma":{p,q,v}}`. */
export function fitReport(fit: ClvFit) {
  const { r, alpha, a, b, logLikelihood } = fit.bgnbd;
  const { p, q, v } = fit.gammaGamma;
  return { customers: fit.customers, bgnbd: { r, alpha, a, b, logLikelihood }, gammaGamma: { p, q, v } };
}
