// --earn: historical orders go through the program one by one (rules, caps, tier multipliers and
// upgrades), exactly as if each had been POSTed at import time. Slow but exact.
import type { ProgramConfig } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { DomainError } from '../../errors.js';
import { recordOrderUnderLock } from '../orders/capped-batch.js';
import type { RuleVersion } from '../program/evaluate.js';
import { refreshTier } from '../program/tier-service.js';
import type { TierLadder } from '../program/tiers-contract.js';
import type { ImportOrder } from './order-groups.js';
import { compareWithRecorded, rejectOrder, unknownMember, writeOrderBatch, type BatchOutcome } from './order-writer.js';

export interface EarningContext {
  program: ProgramConfig;
  now: Date;
  snapshot: { rules: RuleVersion[]; ladder: TierLadder | null };
}

/** Draw entries never fail an imported order; a failure to record them is only logged. */
const reportDrawFailure = (error: unknown) => console.error('draw entries of an imported order not recorded', error);

/**
 * Records the batch's orders in the caller's transaction, each in a savepoint, so an order the program
 * refuses is rejected alone while the rest of the batch stands.
 */
export async function recordEarningBatch(tx: Sql, batch: readonly ImportOrder[], context: EarningContext): Promise<BatchOutcome<ImportOrder>> {
  // A non-member has nothing to earn: their orders are written as without --earn.
  const nonMembers = batch.filter((order) => order.memberRef === null);
  const outcome: BatchOutcome<ImportOrder> =
    nonMembers.length > 0 ? await writeOrderBatch(tx, nonMembers, context.now) : { imported: [], skipped: [], rejected: [] };
  const orders = batch.filter((order): order is ImportOrder & { memberRef: string } => order.memberRef !== null);
  const members = await tx.query<{ id: string; external_id: string }>(
    "select id, external_id from members where external_id = any($1::text[]) and status = 'active'",
    [[...new Set(orders.map((order) => order.memberRef))]],
  );
  const memberIds = new Map(members.map((member) => [member.external_id, member.id]));
  // A number recorded as either kind of sale is not recorded again; compareWithRecorded says which it is.
  const recordedBefore = await tx.query<{ external_id: string }>(
    'select external_id from orders where external_id = any($1::text[]) union all select external_id from non_member_orders where external_id = any($1::text[])',
    [orders.map((order) => order.externalId)],
  );
  const known = new Set(recordedBefore.map((row) => row.external_id));
  const touched = new Set<string>();
  for (const order of orders) {
    if (known.has(order.externalId)) continue;
    const memberId = memberIds.get(order.memberRef);
    if (!memberId) {
      outcome.rejected.push(...rejectOrder(order, unknownMember(order)));
      continue;
    }
    await tx.query('savepoint import_order');
    try {
      await recordOrderUnderLock(tx, context.program, context.snapshot, { ...order.input, memberId }, context.now, null, reportDrawFailure);
      await tx.query('release savepoint import_order');
      outcome.imported.push(order);
      touched.add(memberId);
    } catch (error) {
      await tx.query('rollback to savepoint import_order');
      if (!(error instanceof DomainError)) throw error;
      outcome.rejected.push(...rejectOrder(order, `${error.code}: ${error.message}`));
    }
  }
  const { ladder } = context.snapshot;
  if (ladder) for (const memberId of touched) await refreshTier(tx, ladder, memberId, context.now);
  const compared = await compareWithRecorded(tx, orders.filter((order) => known.has(order.externalId)));
  outcome.skipped.push(...compared.same);
  outcome.rejected.push(...compared.rejected);
  return outcome;
}
