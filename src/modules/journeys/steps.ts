// Performing one step's action for one member, inside the transaction that records the step as done:
// points, coupons, rewards, tasks and the queued email commit together with the step, or not at all.
import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { earnForActivity, type Actor } from '../ledger/service.js';
import { queueMarketingEmail } from '../messages/queue.js';
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

export async function performAction(tx: Sql, config: Config, action: JourneyAction, context: StepContext, now: Date): Promise<ActionOutcome> {
  const { memberId } = context;
  switch (action.type) {
    case 'grant_points': {
      const details = { source: 'journey', journeyId: context.journeyId, journey: context.journeyName, step: context.step, reason: action.reason };
      const change = await earnForActivity(tx, config.program, { memberId, points: action.points, details, occurredAt: now }, JOURNEY_ACTOR);
      return { outcome: 'done', detail: { entryId: change.entryId, points: action.points } };
    }
    case 'issue_coupon':
      return { outcome: 'done', detail: { code: await issueMemberCoupon(tx, { couponId: action.couponId, memberId }, now) } };
    case 'grant_reward':
      return { outcome: 'done', detail: { code: await grantRewardCode(tx, { memberId, rewardId: action.rewardId, reason: `journey: ${context.journeyName}` }, now) } };
    case 'send_email': {
      const sourceKey = `${context.enrolmentId}:${context.step}`;
      const queued = await queueMarketingEmail(tx, config, { memberId, sourceKey, template: action.template, journey: context.journeyName }, now);
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
