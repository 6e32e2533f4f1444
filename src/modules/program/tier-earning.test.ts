import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OrderEarner } from '../orders/plan.js';
import { ladderScalesEarning, tierIn, withTierMultiplier } from './tier-earning.js';
import { tierLadder } from './tiers-contract.js';

const ladder = tierLadder.parse({
  basis: 'spend',
  window: { type: 'calendar_year' },
  tiers: [
    { id: 'member', name: 'Member', threshold: 0 },
    { id: 'gold', name: 'Gold', threshold: 500_000, benefits: { earnMultiplier: 1.5 } },
  ],
});
const gold = ladder.tiers[1]!;
const fixed = (linePoints: number[]): OrderEarner => () => ({ points: linePoints.reduce((a, b) => a + b, 0), linePoints, rules: ['base rate'] });

describe('tier earn multiplier', () => {
  it.each([
    [[11], [16]],
    [[11, 3, 0], [16, 4, 0]],
    [[1], [1]],
  ])('scales lines %j to %j, each rounded down', (base, scaled) => {
    const earned = withTierMultiplier(fixed(base), gold)([], 0);
    expect(earned.linePoints).toEqual(scaled);
    expect(earned.points).toBe(scaled.reduce((a, b) => a + b, 0));
    expect(earned.rules.at(-1)).toMatch(/^Gold tier: 1.5× points \(\+\d+\)$/);
  });

  it('leaves earning alone without a ladder, on a 1× tier, or on a tier since removed', () => {
    const earn = fixed([10]);
    expect(withTierMultiplier(earn, null)).toBe(earn);
    expect(withTierMultiplier(earn, tierIn(ladder, 'member'))).toBe(earn);
    expect(tierIn(ladder, 'platinum')).toBeNull();
    expect(tierIn(ladder, null)?.id).toBe('member'); // not yet placed: the entry tier
    expect(ladderScalesEarning(ladder)).toBe(true);
    expect(ladderScalesEarning(null)).toBe(false);
  });

  it('the lines always add up to the total, never earn less than before, nor more than the multiplier allows', () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 1_000_000_000 }), { maxLength: 20 }), fc.integer({ min: 100, max: 1000 }), (base, hundredths) => {
        const tier = { ...gold, benefits: { ...gold.benefits, earnMultiplier: hundredths / 100 } };
        const earned = withTierMultiplier(fixed(base), tier)([], 0);
        expect(earned.points).toBe(earned.linePoints.reduce((a, b) => a + b, 0));
        earned.linePoints.forEach((points, i) => {
          expect(points).toBeGreaterThanOrEqual(base[i]!);
          expect(points * 100).toBeLessThanOrEqual(base[i]! * hundredths);
          expect((points + 1) * 100).toBeGreaterThan(base[i]! * hundredths);
        });
      }),
    );
  });
});
