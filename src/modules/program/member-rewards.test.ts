import { describe, expect, it } from 'vitest';
import { offerableRewards } from './member-rewards.js';
import type { Reward } from './rewards-contract.js';

const reward = (id: string, over: Partial<Reward> = {}): Reward => ({
  id,
  name: id,
  description: null,
  kind: 'gift',
  pointsCost: 100,
  valueMinor: null,
  currency: null,
  stock: null,
  perMemberLimit: null,
  tiers: [],
  active: true,
  issued: 0,
  available: null,
  createdAt: '2026-06-01T00:00:00.000Z',
  ...over,
});

describe('offerableRewards', () => {
  const member = { tierId: 'silver', available: 40, taken: new Map([['limited', 1]]) };

  it.each([
    ['open to all, 60 points short', reward('mug'), 60],
    ['affordable', reward('pin', { pointsCost: 40 }), 0],
    ['for the member’s tier', reward('silver', { tiers: ['silver', 'gold'] }), 60],
    ['inactive', reward('old', { active: false }), null],
    ['out of stock', reward('gone', { stock: 3, issued: 3, available: 0 }), null],
    ['for another tier', reward('gold', { tiers: ['gold'] }), null],
    ['taken up to the limit', reward('limited', { perMemberLimit: 1 }), null],
    ['under the limit', reward('limited', { perMemberLimit: 2 }), 60],
  ])('%s', (_, r, short) => {
    const offers = offerableRewards([r], member);
    expect(offers.map((o) => o.pointsShort)).toEqual(short === null ? [] : [short]);
  });

  it('offers tier-restricted rewards to nobody without a tier', () => {
    expect(offerableRewards([reward('silver', { tiers: ['silver'] })], { ...member, tierId: null })).toEqual([]);
  });
});
