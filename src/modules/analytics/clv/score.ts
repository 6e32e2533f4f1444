// Per-member scores from a fitted model: P(alive), expected purchases and expected CLV.
import { conditionalExpectedPurchases, probabilityAlive } from './bgnbd.js';
import { ClvError } from './errors.js';
import type { ClvFit } from './fit.js';
import { conditionalExpectedSpend } from './gamma-gamma.js';
import { summaryProblem, TIME_UNIT_DAYS, type CustomerSummary } from './summary.js';

export interface MemberScore {
  pAlive: number;
  /** Expected purchases in the next `horizonDays`. */
  expectedPurchases: number;
  /** Expected spend over the horizon, discounted to today; in the unit of the monetary values. */
  expectedClv: number;
}

const DAYS_PER_YEAR = 365.25;
const DAYS_PER_MONTH = DAYS_PER_YEAR / 12;

/**
 * Scores one member. Discounting convention (lifetimes' `customer_lifetime_value`): the horizon is
 * cut into months (the last one possibly shorter); the purchases expected within a month are
 * valued at the member's expected spend and discounted from the end of that month, at the annual
 * `discountRate` (0.1 = 10 % a year) compounded yearly: factor (1 + rate)^(−days/365.25).
 * Counting a month's purchases at its end slightly understates CLV, never overstates it.
 *
 * @example scoreMember(fit, { customerId: 'c1', frequency: 2, recency: 30.43, T: 38.86, monetaryValue: 22.35 }, 365, 0.1)
 */
export function scoreMember(fit: ClvFit, summary: CustomerSummary, horizonDays: number, discountRate: number): MemberScore {
  if (!(Number.isFinite(horizonDays) && horizonDays >= 0)) throw new ClvError('clv_invalid_option', `horizon must be a non-negative number of days, got ${horizonDays}`);
  if (!(Number.isFinite(discountRate) && discountRate >= 0)) throw new ClvError('clv_invalid_option', `discount rate must be a non-negative annual rate, got ${discountRate}`);
  const problem = summaryProblem(summary);
  if (problem) throw new ClvError('clv_invalid_row', `customer ${summary.customerId}: ${problem}`);
  const { frequency, recency, T, monetaryValue } = summary;
  const unitDays = TIME_UNIT_DAYS[fit.timeUnit];
  const expectedBy = (days: number) => conditionalExpectedPurchases(fit.bgnbd, days / unitDays, frequency, recency, T);
  const spend = conditionalExpectedSpend(fit.gammaGamma, frequency, monetaryValue);
  let purchases = 0;
  let discountedPurchases = 0;
  const months = Math.ceil(horizonDays / DAYS_PER_MONTH);
  for (let month = 1; month <= months; month++) {
    const end = Math.min(month * DAYS_PER_MONTH, horizonDays);
    const byEnd = expectedBy(end);
    discountedPurchases += (byEnd - purchases) * (1 + discountRate) ** (-end / DAYS_PER_YEAR);
    purchases = byEnd;
  }
  return { pAlive: probabilityAlive(fit.bgnbd, frequency, recency, T), expectedPurchases: purchases, expectedClv: discountedPurchases * spend };
}
