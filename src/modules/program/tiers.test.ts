import fc from 'fast-check';
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

describe('tier transitions (property)', () => {
  const ladders = fc
    .uniqueArray(fc.integer({ min: 1, max: 1_000_000 }), { minLength: 1, maxLength: 4 })
    .chain((thresholds) =>
      fc.record({
        rolling: fc.boolean(),
        days: fc.integer({ min: 30, max: 1095 }),
        graceDays: fc.integer({ min: 0, max: 365 }),
      }).map(({ rolling, days, graceDays }) =>
        tierLadder.parse({
          basis: 'spend',
          window: rolling ? { type: 'rolling', days } : { type: 'calendar_year' },
          graceDays,
          tiers: [0, ...thresholds.sort((a, b) => a - b)].map((threshold, i) => ({ id: `t${i}`, name: `T${i}`, threshold })),
        }),
      ),
    );
  const instants = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2035, 0, 1) }).map((ms) => new Date(ms));

  it('never moves down before the review date, never moves up to less than the figure earns, and lands on the earned tier', () => {
    fc.assert(
      fc.property(ladders, fc.nat({ max: 2_000_000 }), instants, instants, (ladder, measure, since, now) => {
        const current = { tierId: ladder.tiers[ladder.tiers.length - 1]!.id, reviewAt: reviewDate(ladder, since) };
        const decision = decideTier(ladder, current, measure, now);
        const earned = tierFor(ladder, measure);
        if (decision.change === 'downgrade') {
          expect(now.getTime()).toBeGreaterThanOrEqual(current.reviewAt.getTime());
          expect(decision.to.id).toBe(earned.id);
        }
        if (now.getTime() < current.reviewAt.getTime()) expect(decision.change).toBe('none');
        const fromBottom = decideTier(ladder, { tierId: 't0', reviewAt: null }, measure, now);
        expect(fromBottom.change === 'none' ? 't0' : fromBottom.to.id).toBe(earned.id);
      }),
    );
  });

  it('the review date is at least one window plus grace after status was reached', () => {
    fc.assert(
      fc.property(ladders, instants, (ladder, since) => {
        const minimumDays = (ladder.window.type === 'rolling' ? ladder.window.days : 365) + ladder.graceDays;
        expect(reviewDate(ladder, since).getTime() - since.getTime()).toBeGreaterThanOrEqual(minimumDays * 86_400_000);
      }),
    );
  });
});
