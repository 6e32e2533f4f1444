import type { Config } from '../../config.js';
import { sqlState, violatedConstraint, type Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { recordEvent } from '../events/service.js';
import { serverSecret } from '../auth/secrets.js';
import { MemberNotFound } from '../members/errors.js';
import { getMember } from '../members/service.js';
import { orderContext } from '../orders/queries.js';
import type { Invitation, Survey } from './contract.js';
import { InvitationNotFound, OrderAlreadyInvited, OrderNotOfMember } from './errors.js';
import { signInvitationToken } from './tokens.js';

const DAY_MS = 86_400_000;
const TOKEN_SECRET = 'invitation-tokens';

export type SuppressedReason = 'no_consent' | 'quiet_period';

export interface InviteRequest {
  survey: Survey;
  memberId: string;
  channel: string;
  orderId?: string | undefined;
  storeId?: string | undefined;
  staffId?: string | undefined;
}

export type InviteOutcome = { sent: true; invitation: Invitation } | { sent: false; reason: SuppressedReason };

export interface InvitationRow {
  id: string;
  survey_id: string;
  member_id: string;
  status: 'sent' | 'responded' | 'suppressed';
  suppressed_reason: string | null;
  channel: string;
  order_id: string | null;
  store_id: string | null;
  staff_id: string | null;
  categories: string[];
  created_at: Date;
  expires_at: Date;
}

export function invitationSecret(db: Sql, config: Config): Promise<Buffer> {
  return serverSecret(db, TOKEN_SECRET, config.tokenSecret);
}

export function surveyLink(config: Config, token: string): string {
  const base = config.publicUrl ?? `http://localhost:${config.port}`;
  return `${base.replace(/\/$/, '')}/s/${token}`;
}

/**
 * Asks a member, unless the rules say not to: only with consent, and at most once per quiet period
 * across all surveys. The quiet period is one conditional upsert on the member's contact row, so two
 * triggers racing for the same member cannot both ask. With `recordSuppressed`, a held-back ask is
 * kept as a `suppressed` invitation (a trigger then never reconsiders it); call inside a transaction.
 */
export async function invite(tx: Sql, config: Config, request: InviteRequest, now: Date, recordSuppressed: boolean): Promise<InviteOutcome> {
  const member = await getMember(tx, request.memberId);
  if (member.status !== 'active') throw new MemberNotFound(request.memberId);
  const context = request.orderId ? await orderContext(tx, request.orderId) : null;
  if (context && context.memberId !== member.id) throw new OrderNotOfMember(request.orderId!);
  let reason: SuppressedReason | null = member.marketingConsent ? null : 'no_consent';
  if (!reason && !(await claimContact(tx, member.id, now, config.feedbackQuietDays))) reason = 'quiet_period';
  if (reason && !recordSuppressed) return { sent: false, reason };
  const id = newId('inv');
  const expiresAt = new Date(now.getTime() + request.survey.invitationTtlDays * DAY_MS);
  const [row] = await tx.query<InvitationRow>(
    `insert into survey_invitations (id, survey_id, member_id, status, suppressed_reason, channel, order_id, store_id, staff_id, categories, created_at, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning *`,
    [
      id,
      request.survey.id,
      member.id,
      reason ? 'suppressed' : 'sent',
      reason,
      request.channel,
      request.orderId ?? null,
      request.storeId ?? context?.storeId ?? null,
      request.staffId ?? context?.staffId ?? null,
      context?.categories ?? [],
      now,
      expiresAt,
    ],
  ).catch(refuseSecondAsk(request));
  if (reason) return { sent: false, reason };
  const invitation = await toInvitation(tx, config, row!);
  await recordEvent(tx, {
    type: 'feedback.invited',
    memberId: member.id,
    payload: { invitationId: id, surveyId: request.survey.id, channel: request.channel, url: invitation.url, expiresAt: invitation.expiresAt, locale: member.locale },
    occurredAt: now,
  });
  return { sent: true, invitation };
}

/** A survey asks about an order once: a unique index, so that a racing second ask is refused too. */
function refuseSecondAsk(request: InviteRequest) {
  return (error: unknown): never => {
    if (sqlState(error) === '23505' && violatedConstraint(error) === 'survey_invitations_order_unique') throw new OrderAlreadyInvited(request.orderId!, request.survey.id);
    throw error;
  };
}

/** Whether the feedback quiet period would let us ask this member now (the check `invite` makes, without claiming). */
export async function quietPeriodAllowsAsking(db: Sql, config: Config, memberId: string, now: Date): Promise<boolean> {
  const rows = await db.query(
    `select 1 from feedback_contacts where member_id = $1 and last_invited_at > $2::timestamptz - make_interval(days => $3)`,
    [memberId, now, config.feedbackQuietDays],
  );
  return rows.length === 0;
}

async function claimContact(tx: Sql, memberId: string, now: Date, quietDays: number): Promise<boolean> {
  const rows = await tx.query(
    `insert into feedback_contacts (member_id, last_invited_at) values ($1, $2)
     on conflict (member_id) do update set last_invited_at = excluded.last_invited_at
     where feedback_contacts.last_invited_at <= $2::timestamptz - make_interval(days => $3)
     returning 1`,
    [memberId, now, quietDays],
  );
  return rows.length === 1;
}

export async function toInvitation(db: Sql, config: Config, row: InvitationRow): Promise<Invitation> {
  const token = signInvitationToken(await invitationSecret(db, config), row.id, row.expires_at);
  return {
    id: row.id,
    surveyId: row.survey_id,
    memberId: row.member_id,
    channel: row.channel,
    status: row.status,
    expiresAt: row.expires_at.toISOString(),
    token,
    url: surveyLink(config, token),
  };
}

export async function findInvitation(db: Sql, invitationId: string, lock = false): Promise<InvitationRow> {
  const [row] = await db.query<InvitationRow>(`select * from survey_invitations where id = $1${lock ? ' for update' : ''}`, [invitationId]);
  if (!row) throw new InvitationNotFound(invitationId);
  return row;
}

const OPEN_INVITATIONS = 10;

/** Invitations the member can still answer, newest first, with the survey's name and link. */
export async function openInvitationsOf(db: Sql, config: Config, memberId: string, now: Date): Promise<(Invitation & { surveyName: string })[]> {
  const rows = await db.query<InvitationRow & { survey_name: string }>(
    `select i.*, s.name as survey_name from survey_invitations i join surveys s on s.id = i.survey_id
     where i.member_id = $1 and i.status = 'sent' and i.expires_at > $2 order by i.created_at desc, i.id desc limit $3`,
    [memberId, now, OPEN_INVITATIONS],
  );
  return Promise.all(rows.map(async (row) => ({ ...(await toInvitation(db, config, row)), surveyName: row.survey_name })));
}
