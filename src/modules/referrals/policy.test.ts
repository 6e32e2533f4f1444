import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReferralProgram } from './contract.js';
import { capPeriodStart, describeReferral, qualifyBy, referrerReward, refundReversesBonus, type CapPeriod } from './policy.js';

const DAY_MS = 86_400_000;

describe('capPeriodStart', () => {
  const now = new Date('2026-06-15T12:34:56Z');
  it.each([
    ['lifetime', '1970-01-01T00:00:00.000Z'],
    ['month', '2026-06-01T00:00:00.000Z'],
    ['year', '2026-01-01T00:00:00.000Z'],
  ] as const)('%s starts at %s', (period, start) => {
    expect(capPeriodStart(period, now).toISOString()).toBe(start);
  });
});

describe('referrerReward', () => {
  const cap = { limit: 3, period: 'year' } as const;
  it.each([
    ['no cap', null, 99, { points: 500, skipped: null }],
    ['under the cap', cap, 2, { points: 500, skipped: null }],
    ['at the cap', cap, 3, { points: 0, skipped: 'cap_reached' }],
    ['over the cap (a lowered cap)', cap, 7, { points: 0, skipped: 'cap_reached' }],
  ] as const)('%s', (_, c, rewarded, expected) => {
    expect(referrerReward(500, c, rewarded)).toEqual(expected);
  });

  it('a program without a referrer reward never reports a cap', () => {
    expect(referrerReward(0, cap, 3)).toEqual({ points: 0, skipped: null });
  });

  it('never rewards more referrals in a period than the cap allows, and each reward is whole', () => {
    const start = Date.UTC(2026, 0, 1);
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.constantFrom<CapPeriod>('lifetime', 'month', 'year'),
        fc.array(fc.integer({ min: 0, max: 730 * DAY_MS }), { maxLength: 60 }),
        (limit, period, offsets) => {
          const cap: ReferralProgram['referrerCap'] = { limit, period };
          const rewarded: Date[] = [];
          for (const offset of [...offsets].sort((a, b) => a - b)) {
            const now = new Date(start + offset);
            const from = capPeriodStart(period, now);
            const reward = referrerReward(250, cap, rewarded.filter((at) => at >= from).length);
            expect([0, 250]).toContain(reward.points);
            if (reward.points > 0) rewarded.push(now);
          }
          const perPeriod = new Map<number, number>();
          for (const at of rewarded) {
            const key = capPeriodStart(period, at).getTime();
            perPeriod.set(key, (perPeriod.get(key) ?? 0) + 1);
          }
          for (const count of perPeriod.values()) expect(count).toBeLessThanOrEqual(limit);
        },
      ),
    );
  });
});

describe('refundReversesBonus', () => {
  const occurredAt = new Date('2026-06-01T10:00:00Z');
  const terms = { minTotal: 2000 };
  it.each([
    ['a full refund within the window', 0, 5, true],
    ['a partial refund leaving less than the minimum', 1999, 5, true],
    ['a partial refund leaving the minimum', 2000, 5, false],
    ['a full refund after the window', 0, 31, false],
    ['a full refund on the last moment of the window', 0, 29.99, true],
  ])('%s', (_, net, daysLater, reverses) => {
    expect(refundReversesBonus({ net, occurredAt }, terms, 30, new Date(occurredAt.getTime() + daysLater * DAY_MS))).toBe(reverses);
  });
});

describe('qualifyBy and describeReferral', () => {
  const terms = { referrerPoints: 500, refereePoints: 300, minTotal: 2000, currency: 'EUR', withinDays: 30 };
  const base = {
    terms,
    qualifyBy: qualifyBy(new Date('2026-06-01T12:00:00Z'), 30).toISOString(),
    orderId: 'ord_1',
    completedAt: '2026-06-03T09:00:00.000Z',
    rewards: { referrer: { points: 500, entryId: 'txn_1', skipped: null }, referee: { points: 300, entryId: 'txn_2' } },
    reason: null,
  };

  it('puts the deadline withinDays after signup', () => {
    expect(base.qualifyBy).toBe('2026-07-01T12:00:00.000Z');
  });

  it.each([
    ['pending', {}, 'Waiting for a first purchase of at least 20.00 EUR by 2026-07-01.'],
    ['completed', {}, 'Completed on 2026-06-03 with order ord_1: 500 points to the referrer, 300 to the new member.'],
    ['completed', { rewards: { referrer: { points: 0, entryId: null, skipped: 'cap_reached' }, referee: { points: 300, entryId: 'txn_2' } } }, 'Completed on 2026-06-03 with order ord_1: nothing to the referrer (cap reached), 300 to the new member.'],
    ['rejected', { reason: 'payment_shared' }, 'Rejected: the new member paid with the same card or wallet as the referrer.'],
    ['expired', { reason: 'window_passed' }, 'Expired: no purchase of at least 20.00 EUR by 2026-07-01.'],
    ['reversed', { reason: 'order_refunded' }, 'Reversed: order ord_1 was refunded within the return window, so both bonuses were taken back.'],
  ] as const)('%s', (status, overrides, sentence) => {
    expect(describeReferral({ ...base, ...overrides, status })).toBe(sentence);
  });

  it('writes amounts in the currency’s own minor units', () => {
    expect(describeReferral({ ...base, terms: { ...terms, currency: 'JPY', minTotal: 3000 }, status: 'pending' })).toContain('3000 JPY');
  });
});
