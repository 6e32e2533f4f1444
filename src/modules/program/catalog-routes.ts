import { z } from 'zod';
import type { App } from '../../http/context.js';
import { memberIdParams, page, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { createCoupons, getCoupon, listCoupons, redeemCoupon, validateCoupon } from './coupons.js';
import { coupon, couponCheck, couponUseBody, createCouponsBody, listCouponsQuery } from './coupons-contract.js';
import { cancelRewardCode, createReward, listRewards, memberRewardCodes, redeemReward, updateReward, useRewardCode } from './rewards.js';
import { createRewardBody, redeemRewardBody, reward, rewardCode, rewardCodeParams, rewardIdParams, updateRewardBody } from './rewards-contract.js';

const tags = ['program'];

/** What points and codes buy: coupons and the rewards catalog. */
export async function catalogRoutes(app: App): Promise<void> {
  const { db, clock, config } = app.fidelis;

  app.post('/v1/coupons', {
    config: { roles: ACCESS.integrate },
    schema: {
      tags,
      summary: 'Create coupons: import codes or generate them',
      description:
        'Single use (maxRedemptions 1) or multi-use, per-member limit, one member only, minimum order, start and expiry. ' +
        'All codes are created or none (409 coupon_code_taken). Honours Idempotency-Key.',
      body: createCouponsBody,
      response: { 201: z.object({ data: z.array(coupon) }), ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => createCoupons(tx, request.body, clock())),
  });

  app.get('/v1/coupons', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'List coupons, newest first',
      description:
        'Cursor-paginated; `campaign` narrows to one campaign, `memberId` to the coupons issued to one member (a journey’s offer, a code made for them). ' +
        'Example: `GET /v1/coupons?memberId=mem_01jd3x8k2q9v7c4m5n6p7r8s9t&limit=25` → `{"data": [{"code": "K7Q2M9XW4P", "status": "active", …}], "hasMore": false, "nextCursor": null}`; ' +
        'a malformed memberId is a 400 validation_failed.',
      querystring: listCouponsQuery,
      response: { 200: page(coupon), ...problems },
    },
    handler: (request) => listCoupons(db, request.query, clock()),
  });

  app.get('/v1/coupons/:code', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Look up a coupon by code', params: z.object({ code: z.string().min(1).max(60) }), response: { 200: coupon, ...problems } },
    handler: (request) => getCoupon(db, request.params.code, clock()),
  });

  app.post('/v1/coupons/validate', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Check a coupon against an order without using it',
      description: 'The discount it would give, or 422 with the rule it breaks: coupon_expired, coupon_not_started, coupon_exhausted, coupon_member_limit, coupon_min_order, coupon_not_for_member, coupon_currency.',
      body: couponUseBody,
      response: { 200: couponCheck, ...problems },
    },
    handler: (request) => validateCoupon(db, request.body, clock()),
  });

  app.post('/v1/coupons/redeem', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Use a coupon on an order, atomically',
      description: 'Re-checks every rule under the coupon’s lock: a single-use code is used once, however many tills try at once. Honours Idempotency-Key.',
      body: couponUseBody,
      response: { 201: couponCheck, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => redeemCoupon(tx, request.body, clock())),
  });

  app.post('/v1/rewards', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Add a reward to the catalog',
      description: 'A product of equivalent value, a voucher, free shipping or a gift, for points; with stock, per-member limit and tier restriction.',
      body: createRewardBody,
      response: { 201: reward, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 201, (tx) => createReward(tx, request.body, clock())),
  });

  app.get('/v1/rewards', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'The rewards catalog, cheapest first',
      querystring: z.object({
        active: z
          .enum(['true', 'false'])
          .default('true')
          .transform((v) => v === 'true')
          .meta({ description: 'true: only rewards members can redeem now; false: every reward, inactive ones included' }),
      }),
      response: { 200: z.object({ data: z.array(reward) }), ...problems },
    },
    handler: async (request) => ({ data: await listRewards(db, request.query.active) }),
  });

  app.patch('/v1/rewards/:id', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'Change a reward (price, stock, availability)', params: rewardIdParams, body: updateRewardBody, response: { 200: reward, ...problems } },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => updateReward(tx, request.params.id, request.body)),
  });

  app.post('/v1/members/:id/rewards', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Redeem points for a reward: spends the points and issues a single-use code',
      description:
        '422 points_insufficient, reward_out_of_stock, reward_member_limit, reward_tier_restricted or reward_inactive. Honours Idempotency-Key.',
      params: memberIdParams,
      body: redeemRewardBody,
      response: { 201: rewardCode, ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 201, (tx) => redeemReward(tx, { memberId: request.params.id, rewardId: request.body.rewardId }, { now: clock(), actor: request.principal })),
  });

  app.get('/v1/members/:id/rewards', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'A member’s reward codes, newest first', params: memberIdParams, response: { 200: z.object({ data: z.array(rewardCode) }), ...problems } },
    handler: async (request) => ({ data: await memberRewardCodes(db, request.params.id) }),
  });

  app.post('/v1/reward-codes/:code/use', {
    config: { roles: ACCESS.operate },
    schema: { tags, summary: 'Mark a reward code used (at the till)', params: rewardCodeParams, response: { 200: rewardCode, ...problems } },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => useRewardCode(tx, request.params.code, clock())),
  });

  app.post('/v1/reward-codes/:code/cancel', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Cancel an unused reward code: the points come back',
      description: 'The redemption is reversed in the ledger and the stock restored. A used code is 409 reward_code_not_issued.',
      params: rewardCodeParams,
      response: { 200: rewardCode, ...problems },
    },
    handler: (request, reply) =>
      replyWithTransaction(db, request, reply, 200, (tx) => cancelRewardCode(tx, config.program, request.params.code, { now: clock(), actor: request.principal })),
  });
}
