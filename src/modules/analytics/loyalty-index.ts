// The true-loyalty index: loyalty is what a member does, not what a discount buys. Three parts, 0–100:
// pays full price (30), recommends — a promoter or a referrer (35), engaged — tenure and frequency (35).

export const LOYALTY_BANDS = ['detached', 'transactional', 'loyal', 'advocate'] as const;
export type LoyaltyBand = (typeof LOYALTY_BANDS)[number];

export interface LoyaltySignals {
  /** Share of net spend on undiscounted lines, 0–1. */
  fullPriceShare: number;
  /** Latest NPS answer's class, if any. */
  npsClass: 'promoter' | 'passive' | 'detractor' | null;
  /** Referrals of theirs that completed. */
  referrals: number;
  tenureDays: number;
  /** Orders per year since their first order (over at least 90 days, so one order is not 365/year). */
  ordersPerYear: number;
}

export interface LoyaltyIndex {
  score: number;
  band: LoyaltyBand;
  parts: { paysFullPrice: number; recommends: number; engaged: number };
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * @example trueLoyaltyIndex({ fullPriceShare: 1, npsClass: 'promoter', referrals: 3, tenureDays: 1095, ordersPerYear: 12 }).score // 100
 */
export function trueLoyaltyIndex(s: LoyaltySignals): LoyaltyIndex {
  const paysFullPrice = Math.round(30 * clamp01(s.fullPriceShare));
  const recommends = (s.npsClass === 'promoter' ? 20 : 0) + 5 * Math.min(3, Math.max(0, s.referrals));
  const engaged = Math.round(15 * clamp01(s.tenureDays / 1095) + 20 * clamp01(s.ordersPerYear / 12));
  const score = paysFullPrice + recommends + engaged;
  return { score, band: bandOf(score), parts: { paysFullPrice, recommends, engaged } };
}

export function bandOf(score: number): LoyaltyBand {
  return score >= 75 ? 'advocate' : score >= 50 ? 'loyal' : score >= 25 ? 'transactional' : 'detached';
}

/** Orders per year, measured over at least 90 days of membership as a buyer. */
export function ordersPerYear(orders: number, firstOrderAt: Date, now: Date): number {
  const days = Math.max(90, (now.getTime() - firstOrderAt.getTime()) / 86_400_000);
  return (orders / days) * 365;
}
