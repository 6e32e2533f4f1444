// Pure definitions of the satisfaction metrics. SQL only counts; every figure is computed here, so
// each definition is tested once against hand-computed tables and means the same everywhere.

/** Class bounds of an NPS question: scores ≤ detractorMax are detractors, ≤ passiveMax passives, the rest promoters. */
export interface NpsScale {
  min: number;
  max: number;
  detractorMax: number;
  passiveMax: number;
}

/** Bain's standard: 0–6 detractors, 7–8 passives, 9–10 promoters. */
export const STANDARD_NPS_SCALE: NpsScale = { min: 0, max: 10, detractorMax: 6, passiveMax: 8 };

export type NpsClass = 'promoter' | 'passive' | 'detractor';

export function npsClassOf(score: number, scale: NpsScale = STANDARD_NPS_SCALE): NpsClass {
  if (score <= scale.detractorMax) return 'detractor';
  if (score <= scale.passiveMax) return 'passive';
  return 'promoter';
}

export interface NpsCounts {
  promoters: number;
  passives: number;
  detractors: number;
}

export interface NpsFigure {
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** −100…100; null without responses. */
  nps: number | null;
  /** 95% confidence interval of the NPS, clamped to −100…100; null without responses. */
  ci95: { low: number; high: number } | null;
}

/** The 97.5th percentile of the standard normal distribution. */
const Z_95 = 1.959963984540054;

/**
 * NPS = %promoters − %detractors, with its 95% confidence interval from the variance of a
 * difference of two multinomial shares: var = (p_P + p_D − (p_P − p_D)²) / n.
 * @example npsFromCounts({ promoters: 50, passives: 30, detractors: 20 }).nps // 30
 */
export function npsFromCounts(counts: NpsCounts): NpsFigure {
  const responses = counts.promoters + counts.passives + counts.detractors;
  if (responses === 0) return { responses, ...counts, nps: null, ci95: null };
  const pP = counts.promoters / responses;
  const pD = counts.detractors / responses;
  const share = pP - pD;
  const margin = Z_95 * Math.sqrt((pP + pD - share * share) / responses);
  return {
    responses,
    ...counts,
    nps: round1(share * 100),
    ci95: { low: round1(Math.max(-1, share - margin) * 100), high: round1(Math.min(1, share + margin) * 100) },
  };
}

/** CSAT: the share of 1–5 answers that are 4 or 5, in percent. */
export function csatPercent(satisfied: number, answered: number): number | null {
  return answered === 0 ? null : round1((satisfied / answered) * 100);
}

/** CES: the mean of 1–7 answers (higher = easier). */
export function cesMean(sum: number, answered: number): number | null {
  return answered === 0 ? null : round2(sum / answered);
}

/** Responses per invitation actually sent, in percent. */
export function responseRatePercent(responses: number, invitations: number): number | null {
  return invitations === 0 ? null : round1((Math.min(responses, invitations) / invitations) * 100);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
