import type { App } from '../../http/context.js';
import { memberIdParams, problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { memberTierStatus, requireLadder, setLadder } from './tier-service.js';
import { memberTierStatus as memberTierSchema, tierLadder } from './tiers-contract.js';
import { getUnlocks, memberUnlocks, setUnlocks } from './unlock-service.js';
import { memberUnlocks as memberUnlocksSchema, unlockSet } from './unlocks-contract.js';

const tags = ['program'];

/** Tiers and spend thresholds (unlocks). */
export async function tierRoutes(app: App): Promise<void> {
  const { db, clock, rules } = app.fidelis;

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
    handler: (request, reply) => rules.invalidateAfter(replyWithTransaction(db, request, reply, 200, (tx) => setLadder(tx, request.body, clock()))),
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
}
