import type { ProgramConfig } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { recordEvent } from '../events/service.js';
import { EntryAlreadyReversed, EntryNotReversible } from '../ledger/errors.js';
import { reverseEntry, type Actor } from '../ledger/service.js';
import { orderNetTotal } from '../orders/queries.js';
import { refundReversesBonus } from './policy.js';
import { REFERRAL_COLUMNS, type ReferralRow } from './records.js';

async function takeBack(tx: Sql, program: ProgramConfig, memberId: string, entryId: string | null, context: { now: Date; actor: Actor }): Promise<void> {
  if (!entryId) return;
  try {
    await reverseEntry(tx, program, { memberId, entryId, reason: 'referral order refunded', occurredAt: context.now }, context.actor);
  } catch (error) {
    // Already reversed by hand, or (clawback policy `floor`) nothing left to take: the bonus is gone either way.
    // Both are refused without a failed statement, so the transaction goes on.
    if (!(error instanceof EntryAlreadyReversed || error instanceof EntryNotReversible)) throw error;
  }
}

/**
 * After a refund, in its transaction: when the refunded order is a referral's qualifying purchase and
 * the refund (within the return window) leaves it under the qualifying amount, both bonuses are
 * reversed in the ledger (spent points become debt or are forgiven, per the clawback policy) and the
 * referral is `reversed`. Costs one indexed probe for any other order.
 */
export async function reverseBonusesAfterRefund(tx: Sql, program: ProgramConfig, orderId: string, context: { now: Date; actor: Actor }): Promise<void> {
  const [row] = await tx.query<ReferralRow>(`select ${REFERRAL_COLUMNS} from referrals where order_id = $1 and status = 'completed' for update`, [orderId]);
  if (!row || !refundReversesBonus(await orderNetTotal(tx, orderId), row.terms, program.returnWindowDays, context.now)) return;
  await takeBack(tx, program, row.referee_id, row.referee_entry_id, context);
  await takeBack(tx, program, row.referrer_id, row.referrer_entry_id, context);
  await tx.query(`update referrals set status = 'reversed', reason = 'order_refunded', updated_at = $2 where id = $1`, [row.id, context.now]);
  await recordEvent(tx, {
    type: 'referral.reversed',
    memberId: row.referrer_id,
    payload: { referralId: row.id, referrerId: row.referrer_id, refereeId: row.referee_id, orderId, reason: 'order_refunded' },
    occurredAt: context.now,
  });
}
