// Checkout lookup: everything a cashier needs about the member in front of them, in one answer.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { quietPeriodAllowsAsking } from '../feedback/invitations.js';
import { openFollowUpCount } from '../feedback/follow-ups.js';
import { getBalance } from '../ledger/queries.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember, latestNotes, listMembers } from '../members/service.js';
import type { Member } from '../members/contract.js';
import { lastOrderAt } from '../orders/stats.js';
import { listRewards } from '../program/rewards.js';
import { getLadder, tierStanding } from '../program/tier-service.js';
import type { CheckoutLookup } from './checkout-contract.js';
import { parseLookupQuery, type LookupKey } from './lookup-query.js';
import { suggestGreeting, suggestReward, upcomingBirthday } from './recognition.js';

const NOTES_AT_THE_TILL = 5;

async function findMember(db: Sql, key: LookupKey): Promise<Member> {
  const found =
    key.by === 'id'
      ? await getMember(db, key.id)
      : (await listMembers(db, { limit: 1, ...(key.by === 'email' ? { email: key.email } : { phone: key.phone }) })).data[0];
  if (!found || found.status !== 'active') throw new MemberNotFound(key.by === 'id' ? key.id : key.by === 'email' ? key.email : key.phone);
  return found;
}

/**
 * One round of independent reads after the member is found (balance, tier, notes, follow-ups, last
 * order, rewards, feedback quiet period), so the answer costs two round trips whatever it holds.
 */
export async function checkoutLookup(db: Sql, config: Config, q: string, now: Date): Promise<CheckoutLookup> {
  const member = await findMember(db, parseLookupQuery(q));
  const [balance, standing, ladder, notes, openFollowUps, lastOrder, rewards, quietAllows] = await Promise.all([
    getBalance(db, member.id, now),
    tierStanding(db, member.id),
    getLadder(db),
    latestNotes(db, member.id, NOTES_AT_THE_TILL),
    openFollowUpCount(db, member.id),
    lastOrderAt(db, member.id),
    listRewards(db, true),
    quietPeriodAllowsAsking(db, config, member.id, now),
  ]);
  // Before their first tier refresh (no qualifying activity yet) a member stands on the entry tier.
  const tier = (standing.tierId === null ? ladder?.tiers[0] : ladder?.tiers.find((t) => t.id === standing.tierId)) ?? null;
  const birthdaySoon = upcomingBirthday(member.birthday, now);
  const reward = suggestReward(rewards, { available: balance.available, tierId: tier?.id ?? null });
  return {
    member: { id: member.id, name: member.name, locale: member.locale },
    tier: tier && { id: tier.id, name: tier.name },
    balance: { available: balance.available, pending: balance.pending },
    preferences: member.preferences,
    notes,
    birthdaySoon,
    openFollowUps,
    greeting: suggestGreeting({ name: member.name, birthday: birthdaySoon, tierName: tier?.name ?? null, upgradedAt: standing.upgradedAt, lastOrderAt: lastOrder }, now),
    suggestedReward: reward && { id: reward.id, name: reward.name, pointsCost: reward.pointsCost },
    // The same two conditions an invitation checks: consent, and nobody asked them recently.
    askForStaffRating: member.marketingConsent && quietAllows,
  };
}
