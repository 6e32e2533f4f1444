import { describe, expect, it } from 'vitest';
import { decideTier, progressSentence, reviewDate, tierFor } from './tiers.js';
import { tierLadder } from './tiers-contract.js';

const ladder = tierLadder.parse({
  basis: 'spend',
  window: { type: 'calendar_year' },
  graceDays: 30,
  tiers: [
    { id: 'member', name: 'Member', threshold: 0 },
    { id: 'silver', name: 'Silver', threshold: 250_000 },
    { id: 'gold', name: 'Gold', threshold: 500_000, benefits: { earnMultiplier: 1.5, discountPercent: 10 } },
    { id: 'partner', name: 'Partner', threshold: 1_500_000 },
  ],
});
const now = new Date('2026-06-15T12:00:00Z');

describe('tiers', () => {
  it.each([
    [0, 'member'],
    [249_999, 'member'],
    [250_000, 'silver'],
    [1_499_999, 'gold'],
    [9_000_000, 'partner'],
  ])('a figure of %i earns %s', (measure, tier) => {
    expect(tierFor(ladder, measure).id).toBe(tier);
  });

  it('upgrades at once, and downgrades only once the review date has passed', () => {
    expect(decideTier(ladder, null, 0, now)).toEqual({ change: 'upgrade', to: ladder.tiers[0] });
    expect(decideTier(ladder, { tierId: 'member', reviewAt: null }, 600_000, now)).toMatchObject({ change: 'upgrade', to: { id: 'gold' } });
    const review = new Date('2026-07-01T00:00:00Z');
    expect(decideTier(ladder, { tierId: 'gold', reviewAt: review }, 10_000, now)).toEqual({ change: 'none' });
    expect(decideTier(ladder, { tierId: 'gold', reviewAt: review }, 300_000, review)).toMatchObject({ change: 'downgrade', to: { id: 'silver' } });
    expect(decideTier(ladder, { tierId: 'gold', reviewAt: review }, 500_000, review)).toEqual({ change: 'none' });
  });

  it('status earned in a calendar year holds through the next one, plus grace', () => {
    expect(reviewDate(ladder, now).toISOString()).toBe('2028-01-31T00:00:00.000Z');
    const rolling = tierLadder.parse({ ...ladder, window: { type: 'rolling', days: 365 }, graceDays: 0 });
    expect(reviewDate(rolling, now).toISOString()).toBe('2027-06-15T12:00:00.000Z');
  });

  it('says what the next tier takes', () => {
    expect(progressSentence(ladder, 'silver', 375_000, now).text).toBe('Spend 1,250.00 more by 2026-12-31 to reach Gold.');
    expect(progressSentence(ladder, 'partner', 2_000_000, now).text).toBe('Partner is the highest tier.');
    const visits = tierLadder.parse({ ...ladder, basis: 'visits', window: { type: 'rolling', days: 90 }, tiers: [{ id: 'a', name: 'A', threshold: 0 }, { id: 'b', name: 'Regular', threshold: 10 }] });
    expect(progressSentence(visits, 'a', 9, now).text).toBe('Make 1 more visit within 90 days to reach Regular.');
  });

  it('refuses ladders that do not start at 0, do not rise, or repeat an id', () => {
    const parsed = tierLadder.safeParse({
      basis: 'points',
      window: { type: 'calendar_year' },
      tiers: [{ id: 'a', name: 'A', threshold: 5 }, { id: 'a', name: 'B', threshold: 5 }],
    });
    expect(parsed.success).toBe(false);
    const messages = parsed.error!.issues.map((i) => i.message);
    expect(messages).toEqual(expect.arrayContaining(['the first tier must start at 0', 'thresholds must rise', 'duplicate tier id a']));
  });
});
