// The wallet's views of other modules, always for the token's member: each module's own service
// decides, the wallet only shapes the answer for the member.
import type { Config } from '../../config.js';
import type { Database, Sql } from '../../db/client.js';
import { memberDraws } from '../draws/member-draws.js';
import { openInvitationsOf } from '../feedback/invitations.js';
import { getBalance } from '../ledger/queries.js';
import type { Actor } from '../ledger/service.js';
import { openDropsForMember } from '../program/drop-service.js';
import { rewardsForMember } from '../program/member-rewards.js';
import { redeemReward } from '../program/rewards.js';
import type { RewardCode } from '../program/rewards-contract.js';
import type { TierLadder } from '../program/tiers-contract.js';
import { memberReferralCode } from '../referrals/codes.js';
import { getReferralProgram } from '../referrals/settings.js';
import type { WalletRewards } from './offers-contract.js';

function walletCode(code: RewardCode) {
  return { code: code.code, rewardId: code.rewardId, rewardName: code.rewardName, pointsCost: code.pointsCost, issuedAt: code.issuedAt };
}

export async function walletRewards(db: Sql, memberId: string, now: Date): Promise<WalletRewards> {
  const balance = await getBalance(db, memberId, now);
  const { offers, codes } = await rewardsForMember(db, memberId, balance.available);
  return {
    offers: offers.map(({ reward, pointsShort }) => ({ id: reward.id, name: reward.name, description: reward.description, kind: reward.kind, pointsCost: reward.pointsCost, pointsShort })),
    codes: codes.map(walletCode),
  };
}

/** The member spends their own points; the ledger entry names the member as the actor. */
export async function redeemForMember(tx: Sql, memberId: string, rewardId: string, now: Date) {
  const actor: Actor = { id: memberId };
  return walletCode(await redeemReward(tx, { memberId, rewardId }, { now, actor }));
}

export async function walletReferral(db: Sql, config: Config, memberId: string, now: Date) {
  const [code, program] = await Promise.all([memberReferralCode(db, config, memberId, now), getReferralProgram(db)]);
  const rewards = program?.enabled ? { referrerPoints: program.referrerReward.points, refereePoints: program.refereeReward.points } : null;
  return { code: code.code, link: code.link, rewards };
}

export async function walletDrops(db: Database, ladder: TierLadder | null, memberId: string, now: Date) {
  const drops = await openDropsForMember(db, ladder, memberId, now);
  return {
    data: drops.map(({ drop, access }) => ({
      id: drop.id,
      name: drop.name,
      publicStartsAt: drop.publicStartsAt,
      endsAt: drop.endsAt,
      from: access.from,
      allowed: access.allowed,
      early: Date.parse(access.from) < Date.parse(drop.publicStartsAt),
    })),
  };
}

export async function walletSurveys(db: Sql, config: Config, memberId: string, now: Date) {
  const open = await openInvitationsOf(db, config, memberId, now);
  return { data: open.map((i) => ({ invitationId: i.id, surveyName: i.surveyName, expiresAt: i.expiresAt, url: i.url })) };
}

export async function walletDraws(db: Sql, memberId: string, now: Date) {
  return { data: await memberDraws(db, memberId, now) };
}
