import type { Database } from '../../db/client.js';
import { lockAccount } from './journal.js';
import { matureLots } from './maturity.js';

/**
 * Materializes every lot whose unlock or expiry time has passed (and pays debts from what unlocks),
 * one member per transaction. Idempotent: a second run at the same `now` finds nothing to do.
 * Balance reads are exact without it; it keeps the journal and the cached figures current.
 */
export async function matureDueLots(db: Database, now: Date, batchSize = 500): Promise<{ members: number }> {
  let members = 0;
  for (;;) {
    const due = await db.query<{ member_id: string }>(
      `select distinct member_id from point_lots
       where (status = 'pending' and available_at <= $1) or (status = 'available' and expires_at <= $1)
       limit $2`,
      [now, batchSize],
    );
    for (const { member_id: memberId } of due) {
      await db.transaction(async (tx) => matureLots(tx, memberId, await lockAccount(tx, memberId), now));
    }
    members += due.length;
    if (due.length < batchSize) return { members };
  }
}
