// The same activity earning for many members at once (a journey step for everyone who reached it):
// one statement per table instead of a dozen round trips per member, with the ledger's invariants kept.
import type { ProgramConfig } from '../../config.js';
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { recordEvents } from '../events/service.js';
import { addMonths } from './arithmetic.js';
import { earnForActivity, type Actor } from './service.js';

/**
 * Grants `points` to every member in `memberIds`, exactly as `earnForActivity` would one by one: an
 * `earn` entry, an available lot expiring a full term from now, the account figures and a
 * `points.earned` event each. Returns each member's entry id.
 *
 * Accounts are locked in id order (two batches over the same members cannot deadlock). Members whose
 * lots time would move first (a pending lot due, an available lot expired, a debt to pay) go through
 * `earnForActivity`, which matures them under the lock; everyone else needs nothing matured before or
 * after the grant, so their writes are plain inserts and one update.
 * @example await earnForActivities(tx, program, { memberIds, points: 100, details: { source: 'journey' }, occurredAt: now }, { id: 'journeys' })
 */
export async function earnForActivities(
  tx: Sql,
  program: ProgramConfig,
  input: { memberIds: readonly string[]; points: number; details: Record<string, unknown>; occurredAt: Date },
  actor: Actor,
): Promise<Map<string, string>> {
  const now = input.occurredAt;
  const accounts = await tx.query<{ member_id: string; plain: boolean }>(
    `select a.member_id, a.debt = 0 and not exists (
         select 1 from point_lots l where l.member_id = a.member_id
           and ((l.status = 'pending' and l.available_at <= $2) or (l.status = 'available' and l.expires_at <= $2))) as plain
     from accounts a where a.member_id = any($1::text[]) order by a.member_id for update of a`,
    [[...new Set(input.memberIds)], now],
  );
  const plain = accounts.filter((account) => account.plain).map((account) => account.member_id);
  const entries = new Map(plain.map((memberId) => [memberId, newId('txn')]));
  if (plain.length > 0) {
    const entryIds = [...entries.values()];
    await tx.query(
      `insert into ledger_entries (id, member_id, kind, points, reason, actor, details, occurred_at)
       select e.id, e.member_id, 'earn', $3, null, $4, $5, $6 from unnest($1::text[], $2::text[]) as e(id, member_id)`,
      [entryIds, plain, input.points, actor.id, JSON.stringify(input.details), now],
    );
    await tx.query(
      `insert into point_lots (id, member_id, entry_id, points, remaining, status, available_at, expires_at)
       select l.id, l.member_id, l.entry_id, $4, $4, 'available', $5, $6 from unnest($1::text[], $2::text[], $3::text[]) as l(id, member_id, entry_id)`,
      [plain.map(() => newId('lot')), plain, entryIds, input.points, now, program.expiryMonths > 0 ? addMonths(now, program.expiryMonths) : null],
    );
    await tx.query(
      `update accounts set available = available + $2, lifetime_earned = lifetime_earned + $2, updated_at = now() where member_id = any($1::text[])`,
      [plain, input.points],
    );
    await recordEvents(
      tx,
      plain.map((memberId) => ({ type: 'points.earned' as const, memberId, payload: { entryId: entries.get(memberId), points: input.points, ...input.details }, occurredAt: now })),
    );
  }
  for (const account of accounts.filter((a) => !a.plain)) {
    const change = await earnForActivity(tx, program, { memberId: account.member_id, points: input.points, details: input.details, occurredAt: now }, actor);
    entries.set(account.member_id, change.entryId);
  }
  return entries;
}
