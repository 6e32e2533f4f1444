import type { Config, ProgramConfig } from '../../config.js';
import type { Database, Sql } from '../../db/client.js';
import { recordEvent } from '../events/service.js';
import { lockAccount } from '../ledger/journal.js';
import { earnForActivity, type Actor } from '../ledger/service.js';
import { getMember } from '../members/service.js';
import { firstQualifyingOrder, membersWithOrders, sharePaymentFingerprint } from '../orders/queries.js';
import type { ReferralProgram, ReferralStatus } from './contract.js';
import { firstName } from './identity.js';
import { capPeriodStart, referrerReward } from './policy.js';
import { REFERRAL_COLUMNS, type ReferralRow } from './records.js';
import { getReferralProgram } from './settings.js';

export interface SettleContext {
  program: ProgramConfig;
  settings: ReferralProgram;
  now: Date;
  actor: Actor;
}

async function rewardedInPeriod(tx: Sql, referrerId: string, settings: ReferralProgram, now: Date): Promise<number> {
  if (!settings.referrerCap) return 0;
  const [row] = await tx.query<{ n: number }>(
    `select count(*)::int8 as n from referrals where referrer_id = $1 and status = 'completed' and referrer_points > 0 and completed_at >= $2`,
    [referrerId, capPeriodStart(settings.referrerCap.period, now)],
  );
  return row!.n;
}

async function grantBonus(tx: Sql, context: SettleContext, to: string, points: number, referral: { id: string; role: 'referrer' | 'referee'; friendId: string }) {
  if (points === 0) return null;
  const friend = firstName((await getMember(tx, referral.friendId)).name);
  const details = { referral: { id: referral.id, role: referral.role, friend } };
  return (await earnForActivity(tx, context.program, { memberId: to, points, details, occurredAt: context.now }, context.actor)).entryId;
}

async function close(tx: Sql, row: ReferralRow, status: 'rejected' | 'expired', reason: 'payment_shared' | 'window_passed', now: Date): Promise<ReferralStatus> {
  await tx.query(`update referrals set status = $2, reason = $3, updated_at = $4 where id = $1 and status = 'pending'`, [row.id, status, reason, now]);
  await recordEvent(tx, {
    type: status === 'rejected' ? 'referral.rejected' : 'referral.expired',
    memberId: row.referrer_id,
    payload: { referralId: row.id, referrerId: row.referrer_id, refereeId: row.referee_id, reason },
    occurredAt: now,
  });
  return status;
}

/**
 * Settles the referee's pending referral in the caller's transaction: with a qualifying purchase it
 * completes once — the row lock makes a concurrent settlement wait and then find it no longer
 * pending — granting both bonuses through the ledger (the referrer's only under the cap) and
 * announcing `referral.completed`. A purchase paid like the referrer's rejects it; no purchase by the
 * deadline expires it. Returns the new status, or null if nothing changed.
 */
export async function settleReferral(tx: Sql, refereeId: string, context: SettleContext): Promise<ReferralStatus | null> {
  const [row] = await tx.query<ReferralRow>(`select ${REFERRAL_COLUMNS} from referrals where referee_id = $1 and status = 'pending' for update`, [refereeId]);
  if (!row) return null;
  const { now } = context;
  const orderId = await firstQualifyingOrder(tx, refereeId, { currency: row.terms.currency, minTotal: row.terms.minTotal, until: row.qualify_by });
  if (!orderId) return row.qualify_by < now ? close(tx, row, 'expired', 'window_passed', now) : null;
  if (await sharePaymentFingerprint(tx, refereeId, row.referrer_id)) return close(tx, row, 'rejected', 'payment_shared', now);
  // Both accounts in id order, so two settlements touching the same pair never wait on each other in a cycle;
  // the referrer's lock also serializes the cap count with their other referrals' settlements.
  for (const memberId of [row.referrer_id, refereeId].sort()) await lockAccount(tx, memberId);
  const referrer = referrerReward(row.terms.referrerPoints, context.settings.referrerCap, await rewardedInPeriod(tx, row.referrer_id, context.settings, now));
  const refereeEntryId = await grantBonus(tx, context, refereeId, row.terms.refereePoints, { id: row.id, role: 'referee', friendId: row.referrer_id });
  const referrerEntryId = await grantBonus(tx, context, row.referrer_id, referrer.points, { id: row.id, role: 'referrer', friendId: refereeId });
  await tx.query(
    `update referrals set status = 'completed', order_id = $2, completed_at = $3, referrer_points = $4, referee_points = $5,
       referrer_entry_id = $6, referee_entry_id = $7, referrer_skipped = $8, updated_at = $3
     where id = $1 and status = 'pending'`,
    [row.id, orderId, now, referrer.points, row.terms.refereePoints, referrerEntryId, refereeEntryId, referrer.skipped],
  );
  await recordEvent(tx, {
    type: 'referral.completed',
    memberId: row.referrer_id,
    payload: {
      referralId: row.id,
      referrerId: row.referrer_id,
      refereeId,
      orderId,
      referrerPoints: referrer.points,
      refereePoints: row.terms.refereePoints,
      referrerSkipped: referrer.skipped,
    },
    occurredAt: now,
  });
  return 'completed';
}

/**
 * After an order: settles the buyer's referral if they have one pending. Without an enabled program
 * this costs nothing; with one, an order by anyone but a pending referee costs one probe of the
 * unique referee index.
 */
export async function settleAfterOrder(db: Database, settings: ReferralProgram | null, memberId: string, context: Omit<SettleContext, 'settings'>): Promise<void> {
  if (!settings?.enabled) return;
  const [pending] = await db.query<{ id: string }>(`select id from referrals where referee_id = $1 and status = 'pending'`, [memberId]);
  if (pending) await db.transaction((tx) => settleReferral(tx, memberId, { ...context, settings }));
}

const PAGE = 500;
const SWEEP_ACTOR: Actor = { id: 'job:referrals' };

/**
 * The catch-up job: settles pending referrals whose referee has bought (a crash between an order and
 * its settlement, a back-dated order) and expires those past their deadline. Idempotent.
 */
export async function sweepReferrals(db: Database, config: Config, now: Date): Promise<{ checked: number; completed: number; rejected: number; expired: number }> {
  const result = { checked: 0, completed: 0, rejected: 0, expired: 0 };
  const settings = await getReferralProgram(db);
  if (!settings?.enabled) return result;
  const context = { program: config.program, settings, now, actor: SWEEP_ACTOR };
  for (let after = ''; ; ) {
    const rows = await db.query<{ id: string; referee_id: string; qualify_by: Date }>(
      `select id, referee_id, qualify_by from referrals where status = 'pending' and id > $1 order by id limit $2`,
      [after, PAGE],
    );
    const buyers = await membersWithOrders(db, rows.map((r) => r.referee_id));
    for (const row of rows.filter((r) => buyers.has(r.referee_id) || r.qualify_by < now)) {
      result.checked += 1;
      const status = await db.transaction((tx) => settleReferral(tx, row.referee_id, context));
      if (status === 'completed' || status === 'rejected' || status === 'expired') result[status] += 1;
    }
    if (rows.length < PAGE) return result;
    after = rows.at(-1)!.id;
  }
}
