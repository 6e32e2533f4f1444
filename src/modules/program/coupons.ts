import type { Sql } from '../../db/client.js';
import { sqlState, violatedConstraint } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { toPage, type Page } from '../../db/page.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import { couponStatus, discountFor, refusalOf, type CouponTerms } from './coupon-rules.js';
import { normalizeCode, randomCode } from './codes.js';
import type { Coupon, CouponDiscount, CouponUseInput, CreateCouponsInput } from './coupons-contract.js';
import { CouponCodeTaken, CouponNotFound, CouponRefused } from './errors.js';

interface CouponRow {
  id: string;
  code: string;
  discount: CouponDiscount;
  max_redemptions: number | null;
  redemptions: number;
  per_member_limit: number;
  member_id: string | null;
  min_order: number;
  starts_at: Date | null;
  expires_at: Date | null;
  campaign: string | null;
  created_at: Date;
}

function termsOf(row: CouponRow): CouponTerms {
  return {
    discount: row.discount,
    maxRedemptions: row.max_redemptions,
    redemptions: row.redemptions,
    perMemberLimit: row.per_member_limit,
    memberId: row.member_id,
    minOrder: row.min_order,
    startsAt: row.starts_at,
    expiresAt: row.expires_at,
  };
}

function toCoupon(row: CouponRow, now: Date): Coupon {
  const terms = termsOf(row);
  return {
    id: row.id,
    code: row.code,
    ...terms,
    startsAt: terms.startsAt?.toISOString() ?? null,
    expiresAt: terms.expiresAt?.toISOString() ?? null,
    campaign: row.campaign,
    createdAt: row.created_at.toISOString(),
    status: couponStatus(terms, now),
  };
}

/** Imports or generates codes with the same terms, all in one statement (all or none). */
export async function createCoupons(tx: Sql, input: CreateCouponsInput, now: Date): Promise<{ data: Coupon[] }> {
  const codes = input.codes
    ? input.codes.map(normalizeCode)
    : [...new Set(Array.from({ length: input.generate!.count * 2 }, () => randomCode(input.generate!.length, input.generate!.prefix)))].slice(0, input.generate!.count);
  const duplicate = codes.find((c, i) => codes.indexOf(c) !== i);
  if (duplicate) throw new CouponCodeTaken(duplicate);
  const rows = codes.map((code) => ({ id: newId('cpn'), code }));
  try {
    const inserted = await tx.query<CouponRow>(
      `insert into coupons (id, code, discount, max_redemptions, per_member_limit, member_id, min_order, starts_at, expires_at, campaign, created_at)
       select r.id, r.code, $2, $3, $4, $5, $6, $7, $8, $9, $10 from jsonb_to_recordset($1::jsonb) as r(id text, code text) returning *`,
      [JSON.stringify(rows), JSON.stringify(input.discount), input.maxRedemptions, input.perMemberLimit, input.memberId ?? null, input.minOrder, input.startsAt ?? null, input.expiresAt ?? null, input.campaign ?? null, now],
    );
    return { data: inserted.map((row) => toCoupon(row, now)).sort((a, b) => a.code.localeCompare(b.code)) };
  } catch (error) {
    if (sqlState(error) === '23505' && violatedConstraint(error) === 'coupons_code_unique') throw new CouponCodeTaken(codes.length === 1 ? codes[0]! : 'one of these codes');
    throw error;
  }
}

export async function getCoupon(db: Sql, code: string, now: Date): Promise<Coupon> {
  const [row] = await db.query<CouponRow>('select * from coupons where code = $1', [normalizeCode(code)]);
  if (!row) throw new CouponNotFound();
  return toCoupon(row, now);
}

export interface CouponFilter {
  limit: number;
  cursor?: string | undefined;
  campaign?: string | undefined;
  memberId?: string | undefined;
}

/**
 * Coupons newest first (ids sort by creation), optionally of one campaign or one member; a page at a
 * time by id. Only the filters given become conditions, so a member's page is one range of
 * `coupons_member_idx` (member_id, id) read backwards, however many coupons there are.
 */
export async function listCoupons(db: Sql, query: CouponFilter, now: Date): Promise<Page<Coupon>> {
  const params: unknown[] = [];
  const conditions: string[] = [];
  const addCondition = (column: string, operator: string, value: string | undefined) => {
    if (value === undefined) return;
    params.push(value);
    conditions.push(`${column} ${operator} $${params.length}`);
  };
  addCondition('member_id', '=', query.memberId);
  addCondition('campaign', '=', query.campaign);
  addCondition('id', '<', query.cursor);
  params.push(query.limit + 1);
  const rows = await db.query<CouponRow>(
    `select * from coupons${conditions.length ? ` where ${conditions.join(' and ')}` : ''} order by id desc limit $${params.length}`,
    params,
  );
  return toPage(rows, query.limit, (row) => toCoupon(row, now));
}

async function check(db: Sql, input: CouponUseInput, now: Date, lock: boolean): Promise<{ row: CouponRow; discount: number }> {
  const member = await getMember(db, input.memberId);
  if (member.status !== 'active') throw new MemberNotFound(input.memberId);
  const [row] = await db.query<CouponRow>(`select * from coupons where code = $1${lock ? ' for update' : ''}`, [normalizeCode(input.code)]);
  if (!row) throw new CouponNotFound();
  const [used] = await db.query<{ n: number }>('select count(*)::int8 as n from coupon_redemptions where coupon_id = $1 and member_id = $2', [row.id, input.memberId]);
  const refusal = refusalOf(termsOf(row), { memberId: input.memberId, orderTotal: input.orderTotal, currency: input.currency, memberRedemptions: used!.n, now });
  if (refusal) throw new CouponRefused(refusal.code, refusal.detail);
  return { row, discount: discountFor(row.discount, input.orderTotal) };
}

/** Whether the coupon may be used on this order and what it would take off; changes nothing. */
export async function validateCoupon(db: Sql, input: CouponUseInput, now: Date): Promise<{ code: string; couponId: string; discount: number }> {
  const { row, discount } = await check(db, input, now, false);
  return { code: row.code, couponId: row.id, discount };
}

/**
 * Uses the coupon once, atomically: the coupon row is locked, every rule re-checked under the lock,
 * and the count raised in the same transaction (a CHECK constraint backs the limit). Concurrent
 * redemptions of a single-use code: exactly one succeeds.
 */
export async function redeemCoupon(tx: Sql, input: CouponUseInput, now: Date): Promise<{ code: string; couponId: string; discount: number; redemptionId: string }> {
  const { row, discount } = await check(tx, input, now, true);
  const redemptionId = newId('cpr');
  await tx.query('update coupons set redemptions = redemptions + 1 where id = $1', [row.id]);
  await tx.query('insert into coupon_redemptions (id, coupon_id, member_id, order_ref, discount, redeemed_at) values ($1, $2, $3, $4, $5, $6)', [
    redemptionId,
    row.id,
    input.memberId,
    input.orderRef ?? null,
    discount,
    now,
  ]);
  return { code: row.code, couponId: row.id, discount, redemptionId };
}

export async function couponExists(db: Sql, couponId: string): Promise<boolean> {
  const [row] = await db.query<{ id: string }>('select id from coupons where id = $1', [couponId]);
  return row !== undefined;
}

/**
 * Gives a member their own single-use code on the terms of an existing coupon (a journey's offer):
 * same discount, minimum order and end date, tied to the member. Returns the new code.
 */
export async function issueMemberCoupon(tx: Sql, input: { couponId: string; memberId: string }, now: Date): Promise<string> {
  const code = randomCode(10);
  const [row] = await tx.query<{ code: string }>(
    `insert into coupons (id, code, discount, max_redemptions, per_member_limit, member_id, min_order, starts_at, expires_at, campaign, created_at)
     select $1, $2, discount, 1, 1, $3, min_order, starts_at, expires_at, campaign, $4 from coupons where id = $5 returning code`,
    [newId('cpn'), code, input.memberId, now, input.couponId],
  );
  if (!row) throw new CouponNotFound();
  return row.code;
}
