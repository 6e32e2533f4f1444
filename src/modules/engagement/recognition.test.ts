import { describe, expect, it } from 'vitest';
import type { Reward } from '../program/rewards-contract.js';
import { suggestGreeting, suggestReward, upcomingBirthday, type GreetingFacts } from './recognition.js';

const now = new Date('2026-06-01T12:00:00Z');

describe('upcomingBirthday', () => {
  it.each<[string | null, Date, ReturnType<typeof upcomingBirthday>]>([
    [null, now, null],
    ['1990-06-01', now, { date: '2026-06-01', inDays: 0 }],
    ['1990-06-03', now, { date: '2026-06-03', inDays: 2 }],
    ['1990-06-08', now, { date: '2026-06-08', inDays: 7 }],
    ['1990-06-09', now, null],
    ['1990-05-31', now, null],
    ['1990-01-02', new Date('2026-12-28T23:59:00Z'), { date: '2027-01-02', inDays: 5 }],
    ['2000-02-29', new Date('2027-02-25T08:00:00Z'), { date: '2027-02-28', inDays: 3 }],
    ['2000-02-29', new Date('2028-02-25T08:00:00Z'), { date: '2028-02-29', inDays: 4 }],
  ])('%s on %s', (birthday, at, expected) => {
    expect(upcomingBirthday(birthday, at)).toEqual(expected);
  });
});

describe('suggestGreeting', () => {
  const regular: GreetingFacts = { name: 'Ada Lovelace', birthday: null, tierName: 'Gold', upgradedAt: null, lastOrderAt: new Date('2026-05-20T12:00:00Z') };
  it.each<[string, Partial<GreetingFacts>, string, string]>([
    ['birthday today', { birthday: { date: '2026-06-01', inDays: 0 } }, 'birthday', 'Happy birthday, Ada!'],
    ['birthday tomorrow', { birthday: { date: '2026-06-02', inDays: 1 } }, 'birthday', "Happy early birthday, Ada — it's tomorrow!"],
    ['birthday beats an upgrade', { birthday: { date: '2026-06-04', inDays: 3 }, upgradedAt: new Date('2026-05-30T00:00:00Z') }, 'birthday', "Happy early birthday, Ada — it's in 3 days!"],
    ['recent upgrade', { upgradedAt: new Date('2026-05-30T00:00:00Z') }, 'tier_upgrade', 'Congratulations on reaching Gold, Ada!'],
    ['upgrade beats a long absence', { upgradedAt: new Date('2026-05-30T00:00:00Z'), lastOrderAt: new Date('2025-01-01T00:00:00Z') }, 'tier_upgrade', 'Congratulations on reaching Gold, Ada!'],
    ['old upgrade is no news', { upgradedAt: new Date('2026-04-01T00:00:00Z') }, 'regular', 'Good to see you, Ada!'],
    ['back after 90 days', { lastOrderAt: new Date('2026-03-03T12:00:00Z') }, 'returning', 'Welcome back, Ada — lovely to see you again!'],
    ['89 days is regular', { lastOrderAt: new Date('2026-03-04T12:00:00Z') }, 'regular', 'Good to see you, Ada!'],
    ['never ordered', { lastOrderAt: null }, 'regular', 'Good to see you, Ada!'],
    ['no name', { name: null }, 'regular', 'Good to see you!'],
  ])('%s', (_name, facts, kind, text) => {
    expect(suggestGreeting({ ...regular, ...facts }, now)).toEqual({ kind, text });
  });
});

describe('suggestReward', () => {
  const reward = (id: string, pointsCost: number, extra: Partial<Reward> = {}): Reward => ({
    id,
    name: id,
    description: null,
    kind: 'gift',
    pointsCost,
    valueMinor: null,
    currency: null,
    stock: null,
    perMemberLimit: null,
    tiers: [],
    active: true,
    issued: 0,
    available: null,
    createdAt: '2026-01-01T00:00:00Z',
    ...extra,
  });
  it.each<[string, Reward[], { available: number; tierId: string | null }, string | null]>([
    ['cheapest affordable', [reward('a', 100), reward('b', 200)], { available: 250, tierId: null }, 'a'],
    ['none affordable', [reward('a', 100)], { available: 99, tierId: null }, null],
    ['out of stock skipped', [reward('a', 100, { stock: 1, available: 0 }), reward('b', 200)], { available: 250, tierId: null }, 'b'],
    ['other tier skipped', [reward('a', 100, { tiers: ['gold'] }), reward('b', 200)], { available: 250, tierId: 'silver' }, 'b'],
    ['own tier allowed', [reward('a', 100, { tiers: ['gold'] })], { available: 250, tierId: 'gold' }, 'a'],
    ['inactive skipped', [reward('a', 100, { active: false })], { available: 250, tierId: null }, null],
  ])('%s', (_name, rewards, member, expected) => {
    expect(suggestReward(rewards, member)?.id ?? null).toBe(expected);
  });
});
