// Pure rules for recognising a member at the till: birthdays, the greeting, the reward to offer.
import type { Reward } from '../program/rewards-contract.js';

const DAY_MS = 86_400_000;
/** A birthday this close (days ahead, today included) is worth mentioning. */
export const BIRTHDAY_WINDOW_DAYS = 7;
/** An upgrade this recent is still news. */
export const RECENT_UPGRADE_DAYS = 30;
/** A gap this long since the last order makes the visit a return. */
export const LONG_ABSENCE_DAYS = 90;

export interface UpcomingBirthday {
  /** The coming birthday, YYYY-MM-DD. */
  date: string;
  inDays: number;
}

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;

function birthdayIn(year: number, month: number, day: number): number {
  // 29 February is celebrated on the 28th in common years.
  const actualDay = month === 2 && day === 29 && !isLeap(year) ? 28 : day;
  return Date.UTC(year, month - 1, actualDay);
}

/**
 * The member's next birthday (UTC calendar days) if it falls within `BIRTHDAY_WINDOW_DAYS`, else null.
 * @example upcomingBirthday('1990-06-03', new Date('2026-06-01T12:00:00Z')) // { date: '2026-06-03', inDays: 2 }
 */
export function upcomingBirthday(birthday: string | null, now: Date): UpcomingBirthday | null {
  if (!birthday) return null;
  const [, month, day] = birthday.split('-').map(Number) as [number, number, number];
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  let next = birthdayIn(now.getUTCFullYear(), month, day);
  if (next < today) next = birthdayIn(now.getUTCFullYear() + 1, month, day);
  const inDays = Math.round((next - today) / DAY_MS);
  return inDays <= BIRTHDAY_WINDOW_DAYS ? { date: new Date(next).toISOString().slice(0, 10), inDays } : null;
}

export interface GreetingFacts {
  name: string | null;
  birthday: UpcomingBirthday | null;
  tierName: string | null;
  upgradedAt: Date | null;
  lastOrderAt: Date | null;
}

export interface Greeting {
  kind: 'birthday' | 'tier_upgrade' | 'returning' | 'regular';
  text: string;
}

/**
 * What the cashier says first, by precedence: a birthday this week, then a recent tier upgrade, then a
 * return after a long absence, else a regular hello.
 * @example suggestGreeting({ name: 'Ada Lovelace', birthday: { date: '2026-06-01', inDays: 0 }, tierName: null, upgradedAt: null, lastOrderAt: null }, now).text // 'Happy birthday, Ada!'
 */
export function suggestGreeting(facts: GreetingFacts, now: Date): Greeting {
  const first = facts.name?.trim().split(/\s+/)[0];
  const to = first ? `, ${first}` : '';
  if (facts.birthday) {
    const when = facts.birthday.inDays === 1 ? 'tomorrow' : `in ${facts.birthday.inDays} days`;
    return { kind: 'birthday', text: facts.birthday.inDays === 0 ? `Happy birthday${to}!` : `Happy early birthday${to} — it's ${when}!` };
  }
  const daysSince = (at: Date) => (now.getTime() - at.getTime()) / DAY_MS;
  if (facts.tierName && facts.upgradedAt && daysSince(facts.upgradedAt) <= RECENT_UPGRADE_DAYS) {
    return { kind: 'tier_upgrade', text: `Congratulations on reaching ${facts.tierName}${to}!` };
  }
  if (facts.lastOrderAt && daysSince(facts.lastOrderAt) >= LONG_ABSENCE_DAYS) {
    return { kind: 'returning', text: `Welcome back${to} — lovely to see you again!` };
  }
  return { kind: 'regular', text: `Good to see you${to}!` };
}

/**
 * The cheapest active reward the member can take now: affordable, in stock and open to their tier.
 * `rewards` come cheapest first (as `listRewards` returns them).
 */
export function suggestReward(rewards: readonly Reward[], member: { available: number; tierId: string | null }): Reward | null {
  return (
    rewards.find(
      (reward) =>
        reward.active &&
        reward.pointsCost <= member.available &&
        (reward.available === null || reward.available > 0) &&
        (reward.tiers.length === 0 || (member.tierId !== null && reward.tiers.includes(member.tierId))),
    ) ?? null
  );
}
