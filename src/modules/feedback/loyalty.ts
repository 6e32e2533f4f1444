// Pure: what a member says beside what they do. The dangerous quadrant is "satisfied but drifting":
// most customers who leave call themselves satisfied.
import type { Quadrant } from './contract.js';

const DAY_MS = 86_400_000;
/** Drifting once the gap since the last order exceeds this many usual intervals… */
const DRIFT_FACTOR = 2;
/** …but never before this many days (weekly buyers taking a holiday are not drifting)… */
const MIN_DRIFT_DAYS = 30;
/** …and, with too few orders to know their rhythm, after this many. */
const DEFAULT_DRIFT_DAYS = 90;

export interface Behaviour {
  orders: number;
  firstOrderAt: Date | null;
  lastOrderAt: Date | null;
}

/** Mean days between orders, or null with fewer than two orders. */
export function usualIntervalDays(b: Behaviour): number | null {
  if (b.orders < 2 || !b.firstOrderAt || !b.lastOrderAt) return null;
  return (b.lastOrderAt.getTime() - b.firstOrderAt.getTime()) / DAY_MS / (b.orders - 1);
}

export function isDrifting(b: Behaviour, now: Date): boolean {
  if (!b.lastOrderAt) return true;
  const daysSince = (now.getTime() - b.lastOrderAt.getTime()) / DAY_MS;
  const usual = usualIntervalDays(b);
  const threshold = usual === null ? DEFAULT_DRIFT_DAYS : Math.max(MIN_DRIFT_DAYS, DRIFT_FACTOR * usual);
  return daysSince > threshold;
}

/** Satisfied: not a detractor on NPS (7+ on the standard scale), else CSAT 4–5. */
export function isSatisfied(score: { npsClass: string | null; csat: number | null }): boolean {
  if (score.npsClass !== null) return score.npsClass !== 'detractor';
  return score.csat !== null && score.csat >= 4;
}

/**
 * @example quadrantOf(true, { orders: 8, firstOrderAt: jan, lastOrderAt: tenDaysAgo }, now) // 'loyal_satisfied'
 */
export function quadrantOf(satisfied: boolean, behaviour: Behaviour, now: Date): Quadrant {
  const drifting = isDrifting(behaviour, now);
  if (satisfied) return drifting ? 'satisfied_drifting' : 'loyal_satisfied';
  return drifting ? 'lost' : 'loyal_unhappy';
}

export const QUADRANT_LABELS: Record<Quadrant, string> = {
  loyal_satisfied: 'Loyal & satisfied',
  satisfied_drifting: 'Satisfied but drifting',
  loyal_unhappy: 'Loyal but unhappy',
  lost: 'Lost',
};
