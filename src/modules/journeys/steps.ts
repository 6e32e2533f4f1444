// Performing one step's action for one member, inside the transaction that records the step as done:
// points, coupons, rewards, tasks and the queued email commit together with the step, or not at all.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { earnForActivities } from '../ledger/bulk-earn.js';
import { earnForActivity, type Actor } from '../ledger/service.js';
import { queueMarketingEmail, queueMarketingEmails } from '../messages/queue.js';
import { issueMemberCoupon } from '../program/coupons.js';
import { grantRewardCode } from '../program/rewards.js';
import type { JourneyAction } from './contract.js';

/** Journey grants carry this actor in the ledger, not an API key. */
export const JOURNEY_ACTOR: Actor = { id: 'journeys' };

const DAY_MS = 24 * 3_600_000;

export interface StepContext {
  journeyId: string;
  journeyName: string;
  enrolmentId: string;
  memberId: string;
  step: number;
}

export type ActionOutcome = { outcome: 'done' | 'skipped'; detail: Record<string, unknown> };

const pointsDetails = (context: StepContext, reason: string) => ({ source: 'journey', journeyId: context.journeyId, journey: context.journeyName, step: context.step, reason });
const emailSourceKey = (context: StepContext) => `${context.enrolmentId}:${context.step}`;

export async function performAction(tx: Sql, config: Config, action: JourneyAction, context: StepContext, now: Date): Promise<ActionOutcome> {
  const { memberId } = context;
  switch (action.type) {
    case 'grant_points': {
      const change = await earnForActivity(tx, config.program, { memberId, points: action.points, details: pointsDetails(context, action.reason), occurredAt: now }, JOURNEY_ACTOR);
      return { outcome: 'done', detail: { entryId: change.entryId, points: action.points } };
    }
    case 'issue_coupon':
      return { outcome: 'done', detail: { code: await issueMemberCoupon(tx, { couponId: action.couponId, memberId }, now) } };
    case 'grant_reward':
      return { outcome: 'done', detail: { code: await grantRewardCode(tx, { memberId, rewardId: action.rewardId, reason: `journey: ${context.journeyName}` }, now) } };
    case 'send_email': {
      const queued = await queueMarketingEmail(tx, config, { memberId, sourceKey: emailSourceKey(context), template: action.template, journey: context.journeyName }, now);
      return queued.queued ? { outcome: 'done', detail: { messageId: queued.messageId } } : { outcome: 'skipped', detail: { reason: queued.reason } };
    }
    case 'create_task': {
      const id = newId('jtk');
      await tx.query(
        `insert into journey_tasks (id, journey_id, enrolment_id, member_id, title, status, due_at, created_at) values ($1, $2, $3, $4, $5, 'open', $6, $7)`,
        [id, context.journeyId, context.enrolmentId, memberId, action.title, new Date(now.getTime() + action.dueInDays * DAY_MS), now],
      );
      return { outcome: 'done', detail: { taskId: id } };
    }
  }
}

/**
 * The action for many members at one step of one journey (one enrolment per member), in a few
 * statements: the outcome per enrolment id for those it covered. Null when the action has no
 * set-based form (a coupon or reward hands out stock one at a time); members it leaves out (no points
 * account) are for `performAction` to try alone.
 */
export async function performActionForMany(tx: Sql, config: Config, action: JourneyAction, contexts: readonly StepContext[], now: Date): Promise<Map<string, ActionOutcome> | null> {
  const first = contexts[0];
  if (!first) return new Map();
  switch (action.type) {
    case 'grant_points': {
      const input = { memberIds: contexts.map((c) => c.memberId), points: action.points, details: pointsDetails(first, action.reason), occurredAt: now };
      const entries = await earnForActivities(tx, config.program, input, JOURNEY_ACTOR);
      return new Map(contexts.filter((c) => entries.has(c.memberId)).map((c) => [c.enrolmentId, { outcome: 'done', detail: { entryId: entries.get(c.memberId), points: action.points } }]));
    }
    case 'send_email': {
      const recipients = contexts.map((c) => ({ memberId: c.memberId, sourceKey: emailSourceKey(c) }));
      const queued = await queueMarketingEmails(tx, config, { recipients, template: action.template, journey: first.journeyName }, now);
      return new Map(
        contexts.map((c) => {
          const outcome = queued.get(emailSourceKey(c))!;
          return [c.enrolmentId, outcome.queued ? { outcome: 'done', detail: { messageId: outcome.messageId } } : { outcome: 'skipped', detail: { reason: outcome.reason } }];
        }),
      );
    }
    case 'create_task': {
      const ids = contexts.map(() => newId('jtk'));
      await tx.query(
        `insert into journey_tasks (id, journey_id, enrolment_id, member_id, title, status, due_at, created_at)
         select t.id, $4, t.enrolment_id, t.member_id, $5, 'open', $6, $7 from unnest($1::text[], $2::text[], $3::text[]) as t(id, enrolment_id, member_id)`,
        [ids, contexts.map((c) => c.enrolmentId), contexts.map((c) => c.memberId), first.journeyId, action.title, new Date(now.getTime() + action.dueInDays * DAY_MS), now],
      );
      return new Map(contexts.map((c, i) => [c.enrolmentId, { outcome: 'done', detail: { taskId: ids[i] } }]));
    }
    case 'issue_coupon':
    case 'grant_reward':
      return null;
  }
}
