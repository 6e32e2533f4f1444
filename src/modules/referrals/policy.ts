// Pure: the referral program's decisions — deadlines, the referrer cap, refunds — and their words.
import { currencyDigits } from '../ledger/arithmetic.js';
import type { Referral, ReferralProgram, ReferralTerms } from './contract.js';

const DAY_MS = 86_400_000;

/** What a referral attributed now is promised, frozen from the program. */
export function termsOf(program: ReferralProgram): ReferralTerms {
  return {
    referrerPoints: program.referrerReward.points,
    refereePoints: program.refereeReward.points,
    minTotal: program.qualifyingPurchase.minTotal,
    currency: program.qualifyingPurchase.currency,
    withinDays: program.qualifyingPurchase.withinDays,
  };
}

/** The last moment a purchase qualifies: `withinDays` after the new member signed up. */
export function qualifyBy(signedUpAt: Date, withinDays: number): Date {
  return new Date(signedUpAt.getTime() + withinDays * DAY_MS);
}

export type CapPeriod = NonNullable<ReferralProgram['referrerCap']>['period'];

/** Where the cap's current period began (UTC calendar month or year); the epoch for a lifetime cap. */
export function capPeriodStart(period: CapPeriod, now: Date): Date {
  if (period === 'month') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  if (period === 'year') return new Date(Date.UTC(now.getUTCFullYear(), 0, 1));
  return new Date(0);
}

export interface ReferrerReward {
  points: number;
  skipped: 'cap_reached' | null;
}

/**
 * The referrer's reward for one more completion, given how many of their referrals were already
 * rewarded in the cap's period: the promised points, or nothing once the cap is reached.
 * @example referrerReward(500, { limit: 3, period: 'year' }, 3) // { points: 0, skipped: 'cap_reached' }
 */
export function referrerReward(points: number, cap: ReferralProgram['referrerCap'], rewardedInPeriod: number): ReferrerReward {
  if (points === 0) return { points: 0, skipped: null };
  if (cap && rewardedInPeriod >= cap.limit) return { points: 0, skipped: 'cap_reached' };
  return { points, skipped: null };
}

/**
 * A refund takes the referral bonuses back when it comes within the return window of the qualifying
 * order and leaves less than the qualifying amount: the purchase that earned them is undone. After the
 * window, as with the order's own points, what was earned stays.
 */
export function refundReversesBonus(order: { net: number; occurredAt: Date }, terms: Pick<ReferralTerms, 'minTotal'>, returnWindowDays: number, now: Date): boolean {
  const windowEnds = order.occurredAt.getTime() + returnWindowDays * DAY_MS;
  return now.getTime() < windowEnds && order.net < terms.minTotal;
}

const day = (iso: string) => iso.slice(0, 10);

/** One sentence on where a referral stands, for support and the wallet. */
export function describeReferral(r: Pick<Referral, 'status' | 'terms' | 'qualifyBy' | 'orderId' | 'completedAt' | 'rewards' | 'reason'>): string {
  const { terms } = r;
  const digits = currencyDigits(terms.currency);
  const amount = `${(terms.minTotal / 10 ** digits).toFixed(digits)} ${terms.currency}`;
  switch (r.status) {
    case 'pending':
      return `Waiting for a first purchase of at least ${amount} by ${day(r.qualifyBy)}.`;
    case 'completed': {
      const referrer = r.rewards.referrer.skipped === 'cap_reached' ? 'nothing to the referrer (cap reached)' : `${r.rewards.referrer.points} points to the referrer`;
      return `Completed on ${day(r.completedAt!)} with order ${r.orderId}: ${referrer}, ${r.rewards.referee.points} to the new member.`;
    }
    case 'rejected':
      return 'Rejected: the new member paid with the same card or wallet as the referrer.';
    case 'expired':
      return `Expired: no purchase of at least ${amount} by ${day(r.qualifyBy)}.`;
    case 'reversed':
      return `Reversed: order ${r.orderId} was refunded within the return window, so both bonuses were taken back.`;
  }
}
