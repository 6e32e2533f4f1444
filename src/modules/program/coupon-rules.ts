// Pure: whether a coupon may be used on an order, and what it takes off.
import type { CouponDiscount } from './coupons-contract.js';

export interface CouponTerms {
  discount: CouponDiscount;
  maxRedemptions: number | null;
  redemptions: number;
  perMemberLimit: number;
  memberId: string | null;
  minOrder: number;
  startsAt: Date | null;
  expiresAt: Date | null;
}

export interface CouponUse {
  memberId: string;
  orderTotal: number;
  currency: string;
  memberRedemptions: number;
  now: Date;
}

export type CouponRefusal = { code: string; detail: string };

export type CouponStatus = 'active' | 'scheduled' | 'used' | 'expired';

/**
 * Where a coupon stands, for lists: used up, expired, not started yet or usable. Used up wins over
 * expired (it says more about the member). A member's own coupon is used up once that member has used it
 * as often as allowed, since nobody else may; for a shared code that depends on who asks, so only the
 * total counts.
 * @example couponStatus({ ...terms, memberId: 'mem_a', maxRedemptions: null, perMemberLimit: 1, redemptions: 1 }, now) // 'used'
 */
export function couponStatus(terms: Pick<CouponTerms, 'maxRedemptions' | 'redemptions' | 'perMemberLimit' | 'memberId' | 'startsAt' | 'expiresAt'>, now: Date): CouponStatus {
  const limit = terms.memberId === null ? terms.maxRedemptions : Math.min(terms.maxRedemptions ?? Infinity, terms.perMemberLimit);
  if (limit !== null && terms.redemptions >= limit) return 'used';
  if (terms.expiresAt && now >= terms.expiresAt) return 'expired';
  if (terms.startsAt && now < terms.startsAt) return 'scheduled';
  return 'active';
}

/** The discount in minor units: a percentage rounds down, an amount never exceeds the order. */
export function discountFor(discount: CouponDiscount, orderTotal: number): number {
  if (discount.type === 'amount') return Math.min(discount.amount, orderTotal);
  return Math.floor((orderTotal * Math.round(discount.percent * 100)) / 10_000);
}

/** The first rule the use breaks, checked in the order a cashier would explain them; null if it may be used. */
export function refusalOf(terms: CouponTerms, use: CouponUse): CouponRefusal | null {
  if (terms.startsAt && use.now < terms.startsAt) return { code: 'coupon_not_started', detail: `This coupon is valid from ${terms.startsAt.toISOString().slice(0, 10)}.` };
  if (terms.expiresAt && use.now >= terms.expiresAt) return { code: 'coupon_expired', detail: `This coupon expired on ${terms.expiresAt.toISOString().slice(0, 10)}.` };
  if (terms.memberId && terms.memberId !== use.memberId) return { code: 'coupon_not_for_member', detail: 'This coupon belongs to another member.' };
  if (terms.maxRedemptions !== null && terms.redemptions >= terms.maxRedemptions) return { code: 'coupon_exhausted', detail: 'This coupon has been used up.' };
  if (use.memberRedemptions >= terms.perMemberLimit) return { code: 'coupon_member_limit', detail: `This member has already used this coupon ${use.memberRedemptions} time(s).` };
  if (terms.discount.type === 'amount' && terms.discount.currency !== use.currency) return { code: 'coupon_currency', detail: `This coupon is in ${terms.discount.currency}.` };
  if (use.orderTotal < terms.minOrder) return { code: 'coupon_min_order', detail: `This coupon needs an order of at least ${terms.minOrder} minor units.` };
  return null;
}
