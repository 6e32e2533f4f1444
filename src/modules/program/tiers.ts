// Pure: which tier a qualifying figure earns, when status is reviewed, and how to say the next step.
import type { Tier, TierLadder } from './tiers-contract.js';

const DAY_MS = 86_400_000;

/** The window the figure is measured over, as of `now`: the last N days, or the calendar year so far. */
export function qualifyingWindow(ladder: TierLadder, now: Date): { from: Date; to: Date } {
  if (ladder.window.type === 'rolling') return { from: new Date(now.getTime() - ladder.window.days * DAY_MS), to: now };
  return { from: new Date(Date.UTC(now.getUTCFullYear(), 0, 1)), to: now };
}

/** The highest tier whose threshold the figure reaches. */
export function tierFor(ladder: TierLadder, measure: number): Tier {
  let reached = ladder.tiers[0]!;
  for (const tier of ladder.tiers) if (measure >= tier.threshold) reached = tier;
  return reached;
}

export function rankOf(ladder: TierLadder, tierId: string): number {
  const rank = ladder.tiers.findIndex((t) => t.id === tierId);
  return rank === -1 ? 0 : rank; // a tier removed from the ladder counts as the first
}

/**
 * When status reached at `since` is next reviewed: one window later (rolling) or at the end of the
 * following calendar year, plus the grace period. Downgrades happen only then.
 */
export function reviewDate(ladder: TierLadder, since: Date): Date {
  const end = ladder.window.type === 'rolling' ? new Date(since.getTime() + ladder.window.days * DAY_MS) : new Date(Date.UTC(since.getUTCFullYear() + 2, 0, 1));
  return new Date(end.getTime() + ladder.graceDays * DAY_MS);
}

export type TierDecision = { change: 'none' } | { change: 'upgrade' | 'downgrade'; to: Tier };

/** Upgrade at once; downgrade only when the review date has passed, to the tier the figure still earns. */
export function decideTier(ladder: TierLadder, current: { tierId: string; reviewAt: Date | null } | null, measure: number, now: Date): TierDecision {
  const earned = tierFor(ladder, measure);
  const currentRank = current ? rankOf(ladder, current.tierId) : -1;
  const earnedRank = rankOf(ladder, earned.id);
  if (earnedRank > currentRank) return { change: 'upgrade', to: earned };
  if (earnedRank < currentRank && current?.reviewAt && current.reviewAt.getTime() <= now.getTime()) return { change: 'downgrade', to: earned };
  return { change: 'none' };
}

function amount(ladder: TierLadder, value: number, currencyDigits = 2): string {
  if (ladder.basis === 'visits') return `${value} more ${value === 1 ? 'visit' : 'visits'}`;
  if (ladder.basis === 'points') return `${value.toLocaleString('en-US')} more points`;
  return `${(value / 10 ** currencyDigits).toLocaleString('en-US', { minimumFractionDigits: currencyDigits, maximumFractionDigits: currencyDigits })} more`;
}

/**
 * @example progressSentence(goldLadder, 'silver', 375_000, now) // 'Spend 1,250.00 more by 2026-12-31 to reach Gold.'
 */
export function progressSentence(ladder: TierLadder, currentTierId: string, measure: number, now: Date): { next: { tier: Tier; remaining: number; by: Date | null } | null; text: string } {
  const current = ladder.tiers[rankOf(ladder, currentTierId)]!;
  const next = ladder.tiers[rankOf(ladder, currentTierId) + 1];
  if (!next) return { next: null, text: `${current.name} is the highest tier.` };
  const remaining = Math.max(0, next.threshold - measure);
  const by = ladder.window.type === 'calendar_year' ? new Date(Date.UTC(now.getUTCFullYear(), 11, 31)) : null;
  const verb = ladder.basis === 'spend' ? 'Spend' : ladder.basis === 'points' ? 'Earn' : 'Make';
  const when = by ? ` by ${by.toISOString().slice(0, 10)}` : ` within ${ladder.window.type === 'rolling' ? ladder.window.days : 365} days`;
  return { next: { tier: next, remaining, by }, text: `${verb} ${amount(ladder, remaining)}${when} to reach ${next.name}.` };
}
