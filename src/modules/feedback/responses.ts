import type { Config } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { sqlState, violatedConstraint } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { sql, type SqlFragment } from '../../db/statement.js';
import { recordEvent } from '../events/service.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import { orderContext } from '../orders/queries.js';
import { currentTierId } from '../program/tier-service.js';
import { checkAnswers, followUpReason, type AnswerSummary } from './answers.js';
import type { Answer, CreateResponseInput, FeedbackResponse } from './contract.js';
import {
  AnswersInvalid,
  InvitationAlreadyAnswered,
  InvitationExpired,
  InvitationMismatch,
  InvitationNotSent,
  OrderNotOfMember,
} from './errors.js';
import { findInvitation } from './invitations.js';
import { foldIntoFeedbackDaily } from './rollup.js';
import { getActiveSurvey, getSurvey } from './surveys.js';
import { toPage, type Page } from '../../db/page.js';

const HOUR_MS = 3_600_000;
const FOLD_STORED = foldIntoFeedbackDaily('stored');

interface ResponseRow {
  id: string;
  survey_id: string;
  invitation_id: string | null;
  member_id: string;
  channel: string;
  order_id: string | null;
  store_id: string | null;
  staff_id: string | null;
  categories: string[];
  nps_score: number | null;
  nps_class: FeedbackResponse['npsClass'];
  csat: number | null;
  ces: number | null;
  staff_rating: number | null;
  store_rating: number | null;
  comment: string | null;
  answers: Answer[];
  submitted_at: Date;
  follow_up_id: string | null;
}

export function toFeedbackResponse(row: ResponseRow): FeedbackResponse {
  return {
    id: row.id,
    surveyId: row.survey_id,
    invitationId: row.invitation_id,
    memberId: row.member_id,
    channel: row.channel,
    orderId: row.order_id,
    storeId: row.store_id,
    staffId: row.staff_id,
    categories: row.categories,
    npsScore: row.nps_score,
    npsClass: row.nps_class,
    csat: row.csat,
    ces: row.ces,
    staffRating: row.staff_rating,
    storeRating: row.store_rating,
    comment: row.comment,
    answers: row.answers,
    submittedAt: row.submitted_at.toISOString(),
    followUpId: row.follow_up_id,
  };
}

interface ResponseContext {
  surveyId: string;
  memberId: string;
  invitationId: string | null;
  channel: string;
  orderId: string | null;
  storeId: string | null;
  staffId: string | null;
  categories: string[];
}

/** Where the answer belongs: the invitation says it all; without one, the request and its order do. */
async function resolveContext(tx: Sql, input: CreateResponseInput, now: Date): Promise<ResponseContext> {
  if (input.invitationId) {
    const invitation = await findInvitation(tx, input.invitationId, true);
    if (input.surveyId && input.surveyId !== invitation.survey_id) throw new InvitationMismatch('surveyId');
    if (input.memberId && input.memberId !== invitation.member_id) throw new InvitationMismatch('memberId');
    if (invitation.status === 'responded') throw new InvitationAlreadyAnswered();
    if (invitation.status === 'suppressed') throw new InvitationNotSent(invitation.suppressed_reason ?? 'suppressed');
    if (invitation.expires_at.getTime() <= now.getTime()) throw new InvitationExpired();
    await getSurvey(tx, invitation.survey_id);
    return {
      surveyId: invitation.survey_id,
      memberId: invitation.member_id,
      invitationId: invitation.id,
      channel: input.channel === 'api' ? invitation.channel : input.channel,
      orderId: invitation.order_id,
      storeId: invitation.store_id,
      staffId: invitation.staff_id,
      categories: invitation.categories,
    };
  }
  await getActiveSurvey(tx, input.surveyId!);
  const member = await getMember(tx, input.memberId!);
  if (member.status !== 'active') throw new MemberNotFound(member.id);
  const order = input.orderId ? await orderContext(tx, input.orderId) : null;
  if (order && order.memberId !== member.id) throw new OrderNotOfMember(order.orderId);
  return {
    surveyId: input.surveyId!,
    memberId: member.id,
    invitationId: null,
    channel: input.channel,
    orderId: order?.orderId ?? null,
    storeId: input.storeId ?? order?.storeId ?? null,
    staffId: input.staffId ?? order?.staffId ?? null,
    categories: order?.categories ?? [],
  };
}

/** One response row as stored: where it came from, the scores summarised from its answers, the answers. */
export interface StoredResponse extends ResponseContext, AnswerSummary {
  id: string;
  locale: string | null;
  answers: readonly Answer[];
  /** An ISO string keeps sub-millisecond precision (imports, tests); the API passes a Date. */
  submittedAt: Date | string;
  recordedAt: Date;
  tier: string | null;
}

/** Inserts the response and adds it to the daily rollup, in one statement: the rollup never lags a response. */
export async function storeResponse(tx: Sql, r: StoredResponse): Promise<void> {
  await tx.query(
    `with stored as (insert into feedback_responses (id, survey_id, invitation_id, member_id, channel, order_id, store_id, staff_id, categories, locale,
       nps_score, nps_class, csat, ces, staff_rating, store_rating, comment, answers, submitted_at, recorded_at, tier)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21) returning *)
     ${FOLD_STORED}`,
    [
      r.id, r.surveyId, r.invitationId, r.memberId, r.channel, r.orderId, r.storeId, r.staffId, r.categories, r.locale,
      r.npsScore, r.npsClass, r.csat, r.ces, r.staffRating, r.storeRating, r.comment, JSON.stringify(r.answers), r.submittedAt, r.recordedAt, r.tier,
    ],
  );
}

/**
 * Stores one answered survey with its scores, closes the invitation, opens a follow-up for a
 * detractor or an unhappy CSAT, and announces it — all in the caller's transaction.
 */
export async function submitResponse(tx: Sql, config: Config, input: CreateResponseInput, now: Date): Promise<FeedbackResponse> {
  const context = await resolveContext(tx, input, now);
  const survey = await getSurvey(tx, context.surveyId);
  const { problems, summary } = checkAnswers(survey.questions, input.answers, 'body.answers');
  if (problems.length > 0) throw new AnswersInvalid(problems);
  const submittedAt = input.submittedAt ? new Date(Math.min(new Date(input.submittedAt).getTime(), now.getTime())) : now;
  const id = newId('fbk');
  try {
    await storeResponse(tx, {
      ...context, ...summary, id, locale: input.locale ?? null, answers: input.answers, submittedAt, recordedAt: now, tier: await currentTierId(tx, context.memberId),
    });
  } catch (error) {
    if (sqlState(error) === '23505' && violatedConstraint(error) === 'feedback_responses_invitation_unique') throw new InvitationAlreadyAnswered();
    throw error;
  }
  if (context.invitationId) {
    await tx.query(`update survey_invitations set status = 'responded', responded_at = $2 where id = $1`, [context.invitationId, now]);
  }
  const reason = followUpReason(summary);
  let followUpId: string | null = null;
  if (reason) {
    followUpId = newId('fup');
    await tx.query(
      `insert into feedback_follow_ups (id, response_id, member_id, reason, due_at, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, $6)`,
      [followUpId, id, context.memberId, reason, new Date(now.getTime() + config.followUpDueHours * HOUR_MS), now],
    );
  }
  const payload = { responseId: id, surveyId: context.surveyId, npsScore: summary.npsScore, npsClass: summary.npsClass, csat: summary.csat, ces: summary.ces, storeId: context.storeId, staffId: context.staffId };
  await recordEvent(tx, { type: 'feedback.received', memberId: context.memberId, payload, occurredAt: submittedAt });
  if (summary.npsClass === 'detractor') {
    await recordEvent(tx, { type: 'feedback.detractor', memberId: context.memberId, payload: { ...payload, followUpId, comment: summary.comment }, occurredAt: submittedAt });
  }
  return getResponse(tx, id);
}

const RESPONSE_COLUMNS = `r.*, (select f.id from feedback_follow_ups f where f.response_id = r.id) as follow_up_id`;

export async function getResponse(db: Sql, id: string): Promise<FeedbackResponse> {
  const [row] = await db.query<ResponseRow>(`select ${RESPONSE_COLUMNS} from feedback_responses r where r.id = $1`, [id]);
  return toFeedbackResponse(row!);
}

export interface ResponseFilter {
  limit: number;
  cursor?: string | undefined;
  surveyId?: string | undefined;
  memberId?: string | undefined;
  npsClass?: string | undefined;
  q?: string | undefined;
}

/** Newest first; `q` matches comments containing all its words (any case). */
export async function listResponses(db: Sql, filter: ResponseFilter): Promise<Page<FeedbackResponse>> {
  const rows = await db.query<ResponseRow>(
    `select ${RESPONSE_COLUMNS} from feedback_responses r
     where ($1::text is null or r.id < $1) and ($2::text is null or r.survey_id = $2) and ($3::text is null or r.member_id = $3)
       and ($4::text is null or r.nps_class = $4)
       and ($5::text is null or to_tsvector('simple', coalesce(r.comment, '')) @@ plainto_tsquery('simple', $5))
     order by r.id desc limit $6`,
    [filter.cursor ?? null, filter.surveyId ?? null, filter.memberId ?? null, filter.npsClass ?? null, filter.q ?? null, filter.limit + 1],
  );
  return toPage(rows, filter.limit, toFeedbackResponse);
}

/** SQL: the NPS class of the member's latest answer with an NPS score (null if none). For segment filters. */
export function latestNpsClassSql(memberId: SqlFragment): SqlFragment {
  return sql`(select f.nps_class from feedback_responses f where f.member_id = ${memberId} and f.nps_class is not null
      order by f.submitted_at desc, f.id desc limit 1)`;
}

/** SQL relation (member_id, nps_score, submitted_at): each member's latest detractor answer since `since`. */
export function recentDetractorsSql(since: Date): SqlFragment {
  return sql`select distinct on (r.member_id) r.member_id, r.nps_score, r.submitted_at from feedback_responses r
    where r.nps_class = 'detractor' and r.submitted_at >= ${since}::timestamptz order by r.member_id, r.submitted_at desc`;
}
