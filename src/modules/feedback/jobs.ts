import { segmentMemberIds } from '../engagement/segments.js';
import type { Config } from '../../config.js';
import type { Database } from '../../db/client.js';
import { membersWhoOrderedSince, ordersOccurredBetween } from '../orders/queries.js';
import type { CampaignInput, Survey } from './contract.js';
import { invite } from './invitations.js';
import { getActiveSurvey, listSurveys } from './surveys.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Orders older than their delay by more than this are not surveyed any more (a worker that was down). */
const AFTER_ORDER_LOOKBACK_MS = 3 * DAY_MS;
const BATCH = 500;

type Counts = Record<string, number>;

function tally(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/**
 * Invites buyers `delayHours` after their order, once per survey and order (a unique index makes a
 * second run, or a second worker, a no-op). Held-back asks are kept as suppressed invitations.
 */
export async function inviteAfterOrders(db: Database, config: Config, now: Date): Promise<Counts> {
  const counts: Counts = { invited: 0 };
  for (const survey of await listSurveys(db, { active: true, triggerType: 'after_order' })) {
    if (survey.trigger.type !== 'after_order') continue;
    const due = new Date(now.getTime() - survey.trigger.delayHours * HOUR_MS);
    const orders = await ordersOccurredBetween(db, new Date(due.getTime() - AFTER_ORDER_LOOKBACK_MS), due, 50_000);
    const asked = new Set(
      (await db.query<{ order_id: string }>('select order_id from survey_invitations where survey_id = $1 and order_id = any($2::text[])', [survey.id, orders.map((o) => o.orderId)])).map(
        (row) => row.order_id,
      ),
    );
    for (const order of orders.filter((o) => !asked.has(o.orderId))) {
      const outcome = await db
        .transaction((tx) => invite(tx, config, { survey, memberId: order.memberId, channel: 'email', orderId: order.orderId }, now, true))
        .catch((error: unknown) => ({ sent: false as const, reason: (error as { code?: string }).code ?? 'error' }));
      if (outcome.sent) counts.invited! += 1;
      else tally(counts, outcome.reason);
    }
  }
  return counts;
}

/** Relationship surveys: every member who bought in the last year, every `everyDays`, quiet period permitting. */
export async function invitePeriodic(db: Database, config: Config, now: Date): Promise<Counts> {
  const counts: Counts = { invited: 0 };
  for (const survey of await listSurveys(db, { active: true, triggerType: 'periodic' })) {
    if (survey.trigger.type !== 'periodic') continue;
    const candidates = await db.query<{ member_id: string }>(
      `select m.member_id from unnest($1::text[]) as m(member_id)
       where not exists (select 1 from survey_invitations i where i.survey_id = $2 and i.member_id = m.member_id and i.status <> 'suppressed'
                           and i.created_at > $3::timestamptz - make_interval(days => $4))
         and not exists (select 1 from feedback_contacts c where c.member_id = m.member_id and c.last_invited_at > $3::timestamptz - make_interval(days => $5))
       limit $6`,
      [await membersWhoOrderedSince(db, new Date(now.getTime() - 365 * DAY_MS), undefined, 1_000_000), survey.id, now, survey.trigger.everyDays, config.feedbackQuietDays, BATCH],
    );
    await askEach(db, config, survey, candidates.map((c) => c.member_id), now, counts);
  }
  return counts;
}

/** A manual campaign: the given members, or everyone who ordered recently (at one store). */
export async function runCampaign(db: Database, config: Config, surveyId: string, input: CampaignInput, now: Date): Promise<{ considered: number; invited: number; suppressed: Counts }> {
  const survey = await getActiveSurvey(db, surveyId);
  const memberIds =
    input.memberIds ??
    (input.segmentId
      ? await segmentMemberIds(db, config, input.segmentId, now)
      : await membersWhoOrderedSince(db, new Date(now.getTime() - input.orderedWithinDays! * DAY_MS), input.storeId, input.limit));
  const counts: Counts = { invited: 0 };
  await askEach(db, config, survey, [...new Set(memberIds)].slice(0, input.limit), now, counts);
  const { invited, ...suppressed } = counts;
  return { considered: Math.min(new Set(memberIds).size, input.limit), invited: invited!, suppressed };
}

async function askEach(db: Database, config: Config, survey: Survey, memberIds: readonly string[], now: Date, counts: Counts): Promise<void> {
  for (const memberId of memberIds) {
    const outcome = await db
      .transaction((tx) => invite(tx, config, { survey, memberId, channel: 'email' }, now, false))
      .catch((error: unknown) => ({ sent: false as const, reason: (error as { code?: string }).code ?? 'error' }));
    if (outcome.sent) counts.invited! += 1;
    else tally(counts, outcome.reason);
  }
}
