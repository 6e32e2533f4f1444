// The tier benefit that changes what an order earns. It applies after the rules (or the base rate), so a
// merchant's rules and the ladder compose without anyone writing a "Gold earns 1.5×" rule by hand.
import { floorDiv } from '../ledger/arithmetic.js';
import type { OrderEarner } from '../orders/plan.js';
import type { Tier, TierLadder } from './tiers-contract.js';

/** True when some tier earns more than 1×, so an order needs its member's tier before it can be priced. */
export function ladderScalesEarning(ladder: TierLadder | null): boolean {
  return ladder?.tiers.some((tier) => tier.benefits.earnMultiplier > 1) ?? false;
}

/**
 * The tier a member holds, as the ladder defines it now. A member not yet placed (before their first
 * refresh) is on the entry tier; a tier since removed from the ladder earns nothing extra.
 */
export function tierIn(ladder: TierLadder | null, tierId: string | null): Tier | null {
  if (!ladder) return null;
  return tierId === null ? (ladder.tiers[0] ?? null) : (ladder.tiers.find((tier) => tier.id === tierId) ?? null);
}

/**
 * Scales each line's points by the tier's earn multiplier, rounded down per line: a refund of one line
 * then claws back exactly what that line earned, and the order total is the sum of its lines.
 * @example withTierMultiplier(earner, gold) // gold.benefits.earnMultiplier 1.5: a line of 11 points earns 16
 */
export function withTierMultiplier(earn: OrderEarner, tier: Tier | null): OrderEarner {
  const hundredths = tier ? Math.round(tier.benefits.earnMultiplier * 100) : 100;
  if (!tier || hundredths <= 100) return earn;
  return (lines, total) => {
    const earned = earn(lines, total);
    const linePoints = earned.linePoints.map((points) => floorDiv(points * hundredths, 100) ?? Number((BigInt(points) * BigInt(hundredths)) / 100n));
    const points = linePoints.reduce((sum, p) => sum + p, 0);
    const extra = points - earned.points;
    return { points, linePoints, rules: [...earned.rules, `${tier.name} tier: ${tier.benefits.earnMultiplier}× points (+${extra})`] };
  };
}
