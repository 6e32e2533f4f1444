import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { couponStatus, discountFor, refusalOf, type CouponTerms } from './coupon-rules.js';

const now = new Date('2026-06-01T12:00:00Z');
const terms: CouponTerms = {
  discount: { type: 'percent', percent: 10 },
  maxRedemptions: 1,
  redemptions: 0,
  perMemberLimit: 1,
  memberId: null,
  minOrder: 2000,
  startsAt: new Date('2026-05-01T00:00:00Z'),
  expiresAt: new Date('2026-07-01T00:00:00Z'),
};
const use = { memberId: 'mem_a', orderTotal: 5000, currency: 'EUR', memberRedemptions: 0, now };

describe('coupon rules', () => {
  it('a valid use has no refusal and takes 10% off, rounded down', () => {
    expect(refusalOf(terms, use)).toBeNull();
    expect(discountFor(terms.discount, 5005)).toBe(500);
  });

  it.each([
    ['coupon_not_started', { ...terms, startsAt: new Date('2026-06-02T00:00:00Z') }, use],
    ['coupon_expired', { ...terms, expiresAt: now }, use],
    ['coupon_not_for_member', { ...terms, memberId: 'mem_b' }, use],
    ['coupon_exhausted', { ...terms, redemptions: 1 }, use],
    ['coupon_member_limit', { ...terms, maxRedemptions: null }, { ...use, memberRedemptions: 1 }],
    ['coupon_currency', { ...terms, discount: { type: 'amount' as const, amount: 500, currency: 'USD' } }, use],
    ['coupon_min_order', terms, { ...use, orderTotal: 1999 }],
  ])('%s', (code, t, u) => {
    expect(refusalOf(t, u)?.code).toBe(code);
  });

  it('a discount is never negative and never more than the order', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.record({ type: fc.constant('percent' as const), percent: fc.integer({ min: 50, max: 10_000 }).map((h) => h / 100) }),
          fc.record({ type: fc.constant('amount' as const), amount: fc.integer({ min: 1, max: 1_000_000 }), currency: fc.constant('EUR') }),
        ),
        fc.integer({ min: 0, max: 100_000_000 }),
        (discount, total) => {
          const off = discountFor(discount, total);
          expect(Number.isInteger(off) && off >= 0 && off <= total).toBe(true);
        },
      ),
    );
  });

  it.each([
    ['active', terms],
    ['scheduled', { ...terms, startsAt: new Date('2026-06-02T00:00:00Z') }],
    ['expired', { ...terms, expiresAt: now }],
    ['used', { ...terms, redemptions: 1 }],
    ['used', { ...terms, redemptions: 1, expiresAt: now }],
    ['active', { ...terms, maxRedemptions: null, perMemberLimit: 2, redemptions: 5 }],
    ['used', { ...terms, memberId: 'mem_a', maxRedemptions: null, perMemberLimit: 2, redemptions: 2 }],
  ] as const)('status %s', (status, t) => {
    expect(couponStatus(t, now)).toBe(status);
  });

  it('a member’s own coupon is active exactly when that member could use it now', () => {
    const limit = fc.option(fc.integer({ min: 1, max: 3 }), { nil: null });
    const day = fc.option(fc.integer({ min: -3, max: 3 }).map((d) => new Date(now.getTime() + d * 86_400_000)), { nil: null });
    fc.assert(
      fc.property(limit, fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 4 }), day, day, (maxRedemptions, perMemberLimit, redemptions, startsAt, expiresAt) => {
        const own: CouponTerms = { ...terms, memberId: 'mem_a', maxRedemptions, perMemberLimit, redemptions, startsAt, expiresAt, minOrder: 0 };
        const usable = refusalOf(own, { ...use, memberRedemptions: redemptions }) === null;
        expect(couponStatus(own, now) === 'active').toBe(usable);
      }),
    );
  });
});
