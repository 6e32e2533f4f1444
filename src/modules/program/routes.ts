import { z } from 'zod';
import type { App } from '../../http/context.js';
import { problems } from '../../http/schemas.js';
import { replyWithTransaction } from '../../http/writes.js';
import { ACCESS } from '../auth/roles.js';
import { recordActivity } from './activities.js';
import { backtest } from './backtest.js';
import { activity, activityBody, backtestBody, backtestResult, dryRunBody, evaluation, rule, ruleDefinition, ruleIdParams } from './contract.js';
import { dryRun } from './dry-run.js';
import { createRule, getRuleVersions, listRules, retireRule, reviseRule } from './rules.js';

const tags = ['program'];

/** Earning rules, dry runs, backtests and non-purchase events. */
export async function programRoutes(app: App): Promise<void> {
  const { db, clock, config, rules } = app.fidelis;

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
    handler: (request, reply) => rules.invalidateAfter(replyWithTransaction(db, request, reply, 201, (tx) => createRule(tx, request.body, clock()))),
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
      rules.invalidateAfter(replyWithTransaction(db, request, reply, 200, (tx) => reviseRule(tx, request.params.id, request.body, clock()))),
  });

  app.post('/v1/program/rules/:id/retire', {
    config: { roles: ACCESS.admin },
    schema: { tags, summary: 'Retire a rule', params: ruleIdParams, response: { 200: rule, ...problems } },
    handler: (request, reply) => rules.invalidateAfter(replyWithTransaction(db, request, reply, 200, (tx) => retireRule(tx, request.params.id, clock()))),
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

  app.post('/v1/events', {
    config: { roles: ACCESS.operate },
    schema: {
      tags,
      summary: 'Record a non-purchase event (review, share, healthy activity, custom) and earn by the rules',
      description: 'Earns points and, by `draw_entries` rules, entries in open draws. Idempotent by your `eventId`: sending it again returns the first result (200) and earns nothing more.',
      body: activityBody,
      response: { 200: activity, 201: activity, ...problems },
    },
    handler: async (request, reply) => {
      const result = await db.transaction((tx) => recordActivity(tx, config.program, request.body, {
          now: clock(),
          actor: request.principal,
          reportDrawFailure: (error) => request.log.error({ err: error }, 'draw entries of an event not recorded'),
        }));
      return reply.status(result.created ? 201 : 200).send(result.activity);
    },
  });
}
