// The catalog as one member sees it: only what they may take now (active, in stock, their tier, under
// their limit), each with the points still missing; and their codes not yet used.
import type { Sql } from '../../db/client.js';
import { listRewards, memberRewardCodes } from './rewards.js';
import type { Reward, RewardCode } from './rewards-contract.js';
import { currentTierId } from './tier-service.js';

export interface MemberReward {
  reward: Reward;
  /** 0 when the member can redeem it now. */
  pointsShort: number;
}

/**
 * Pure: which rewards a member may take and how far they are from each. The same checks
 * `redeemReward` makes under its locks; this is the preview, that is the decision.
 * @example offerableRewards([mug], { tierId: null, available: 40, taken: new Map() }) // [{ reward: mug, pointsShort: 60 }] for a 100-point mug
 */
export function offerableRewards(rewards: readonly Reward[], member: { tierId: string | null; available: number; taken: ReadonlyMap<string, number> }): MemberReward[] {
  return rewards
    .filter((r) => r.active && (r.available === null || r.available > 0))
    .filter((r) => r.tiers.length === 0 || (member.tierId !== null && r.tiers.includes(member.tierId)))
    .filter((r) => r.perMemberLimit === null || (member.taken.get(r.id) ?? 0) < r.perMemberLimit)
    .map((reward) => ({ reward, pointsShort: Math.max(0, reward.pointsCost - member.available) }));
}

export async function rewardsForMember(db: Sql, memberId: string, available: number): Promise<{ offers: MemberReward[]; codes: RewardCode[] }> {
  const [rewards, tierId, codes] = await Promise.all([listRewards(db, true), currentTierId(db, memberId), memberRewardCodes(db, memberId)]);
  const taken = new Map<string, number>();
  for (const code of codes) if (code.status !== 'cancelled') taken.set(code.rewardId, (taken.get(code.rewardId) ?? 0) + 1);
  return { offers: offerableRewards(rewards, { tierId, available, taken }), codes: codes.filter((c) => c.status === 'issued') };
}
