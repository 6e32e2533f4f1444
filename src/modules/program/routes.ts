import { z } from 'zod';
import type { App } from '../../http/context.js';
import { problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { recordActivity } from './activities.js';
import { activity, activityBody, backtestBody, backtestResult, dryRunBody, evaluation, rule, ruleDefinition, ruleIdParams } from './contract.js';
import { backtest } from './backtest.js';
import { memberTierStatus, requireLadder, setLadder } from './tier-service.js';
import { getUnlocks, memberUnlocks, setUnlocks } from './unlock-service.js';
import { createCoupons, getCoupon, redeemCoupon, validateCoupon } from './coupons.js';
import { coupon, couponCheck, couponUseBody, createCouponsBody } from './coupons-contract.js';
import { memberUnlocks as memberUnlocksSchema, unlockSet } from './unlocks-contract.js';
import { memberTierStatus as memberTierSchema, tierLadder } from './tiers-contract.js';
import { memberIdParams } from '../../http/schemas.js';
import { dryRun } from './dry-run.js';
import { createRule, getRuleVersions, listRules, retireRule, reviseRule } from './rules.js';

const tags = ['program'];

export async function programRoutes(app: App): Promise<void> {
  const { db, clock, config, rules } = app.fidelis;
  /** After a rule change has committed, this process's orders see it at once. */
  const thenInvalidate = async (reply: Promise<void>) => {
    await reply;
    rules.invalidate();
  };

  app.post('/v1/program/rules', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Create an earning rule',
      description:
        'A JSON condition tree over the event, member, order, lines and time, with effects (points per amount, fixed points, ' +
        'multiplier, reward, draw entries), priority, exclusivity, an active window and caps. Honours Idempotency-Key.',
      body: ruleDefinition,
      response: { 201: rule, ...problems },
    },
    handler: (request, reply) => thenInvalidate(replyWithTransaction(db, request, reply, 201, (tx) => createRule(tx, request.body, clock()))),
  });

  app.get('/v1/program/rules', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'List rules (latest version of each)',
      querystring: z.object({ status: z.enum(['active', 'retired']).optional() }),
      response: { 200: z.object({ data: z.array(rule) }), ...problems },
    },
    handler: async (request) => ({ data: await listRules(db, request.query.status) }),
  });

  app.get('/v1/program/rules/:id', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Every version of a rule, newest first', params: ruleIdParams, response: { 200: z.object({ data: z.array(rule) }), ...problems } },
    handler: async (request) => ({ data: await getRuleVersions(db, request.params.id) }),
  });

  app.put('/v1/program/rules/:id', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Revise a rule: a new version replaces the active one',
      description: 'The previous version is retired, not edited, so past points keep naming the text that earned them.',
      params: ruleIdParams,
      body: ruleDefinition,
      response: { 200: rule, ...problems },
    },
    handler: (request, reply) =>
      thenInvalidate(replyWithTransaction(db, request, reply, 200, (tx) => reviseRule(tx, request.params.id, request.body, clock()))),
  });

  app.post('/v1/program/rules/:id/retire', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'Retire a rule', params: ruleIdParams, response: { 200: rule, ...problems } },
    handler: (request, reply) => thenInvalidate(replyWithTransaction(db, request, reply, 200, (tx) => retireRule(tx, request.params.id, clock()))),
  });

  app.post('/v1/program/rules/dry-run', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'Evaluate a draft rule set (or the active rules) against one event, writing nothing',
      description: 'Returns the points, points per line, each rule’s effect and a plain-words explanation.',
      body: dryRunBody,
      response: { 200: evaluation, ...problems },
    },
    handler: (request) => dryRun(db, request.body),
  });

  app.post('/v1/program/rules/backtest', {
    config: { roles: [...ACCESS.admin, 'analyst'] },
    schema: {
      tags,
      summary: 'Replay a period of stored orders and events under a draft rule set',
      description:
        'Points the draft would have issued (per rule, per tier) and their cost at FIDELIS_POINT_VALUE_MINOR, beside what was ' +
        'actually issued. Caps bind as they would have, in time order. Reads only.',
      body: backtestBody,
      response: { 200: backtestResult, ...problems },
    },
    handler: (request) => backtest(db, config.program, request.body),
  });

  app.put('/v1/program/tiers', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Set the tier ladder',
      description:
        'Ordered tiers qualifying on spend, points or visits over a rolling window or the calendar year. Upgrades happen at once; ' +
        'downgrades only at review, after the grace period. Benefits are data. The previous ladder is kept.',
      body: tierLadder,
      response: { 200: tierLadder, ...problems },
    },
    handler: (request, reply) => thenInvalidate(replyWithTransaction(db, request, reply, 200, (tx) => setLadder(tx, request.body, clock()))),
  });

  app.get('/v1/program/tiers', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'The tier ladder', response: { 200: tierLadder, ...problems } },
    handler: () => requireLadder(db),
  });

  app.get('/v1/members/:id/tier', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'A member’s tier, progress and history',
      description: 'Brought up to date on read. `explanation` says what is needed next, e.g. "Spend 1,250.00 more by 2026-12-31 to reach Gold."',
      params: memberIdParams,
      response: { 200: memberTierSchema, ...problems },
    },
    handler: (request) => memberTierStatus(db, request.params.id, clock()),
  });

  app.put('/v1/program/unlocks', {
    config: { roles: ACCESS.admin },
    schema: {
      tags,
      summary: 'Set the spend thresholds (unlocks)',
      description: 'Independent of tiers: e.g. free shipping after 500.00 spent in 90 days, 5% off after 10 orders. The previous set is kept.',
      body: unlockSet,
      response: { 200: unlockSet, ...problems },
    },
    handler: (request, reply) => replyWithTransaction(db, request, reply, 200, (tx) => setUnlocks(tx, request.body, clock())),
  });

  app.get('/v1/program/unlocks', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'The spend thresholds', response: { 200: unlockSet, ...problems } },
    handler: () => getUnlocks(db),
  });

  app.get('/v1/members/:id/unlocks', {
    config: { roles: ACCESS.read },
    schema: {
      tags,
      summary: 'A member’s progress to each spend threshold',
      description: 'Each with `unlocked` and a sentence, e.g. "Spend 120.00 more within 90 days to unlock free shipping."',
      params: memberIdParams,
      response: { 200: memberUnlocksSchema, ...problems },
    },
    handler: (request) => memberUnlocks(db, request.params.id, clock()),
  });

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

  app.get('/v1/coupons/:code', {
    config: { roles: ACCESS.read },
    schema: { tags, summary: 'Look up a coupon by code', params: z.object({ code: z.string().min(1).max(60) }), response: { 200: coupon, ...problems } },
    handler: (request) => getCoupon(db, request.params.code),
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

  app.post('/v1/events', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Record a non-purchase event (review, share, healthy activity, custom) and earn by the rules',
      description: 'Idempotent by your `eventId`: sending it again returns the first result (200) and earns nothing more.',
      body: activityBody,
      response: { 200: activity, 201: activity, ...problems },
    },
    handler: async (request, reply) => {
      const result = await db.transaction((tx) => recordActivity(tx, config.program, request.body, { now: clock(), actor: request.principal }));
      return reply.status(result.created ? 201 : 200).send(result.activity);
    },
  });
}
