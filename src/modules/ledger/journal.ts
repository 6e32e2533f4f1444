// Low-level writes of the ledger, always inside a transaction that holds the member's account lock.
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import type { Allocation } from './arithmetic.js';
import { AccountNotFound } from './errors.js';

export type EntryKind = 'earn' | 'redeem' | 'expire' | 'adjust' | 'clawback' | 'reversal';
export type LotStatus = 'pending' | 'available' | 'expired' | 'void';

export interface AccountFigures {
  available: number;
  pending: number;
  debt: number;
}

export interface AccountDelta {
  available?: number;
  pending?: number;
  debt?: number;
  lifetimeEarned?: number;
  lifetimeSpent?: number;
  lifetimeExpired?: number;
  lifetimeClawedBack?: number;
  lifetimeAdjusted?: number;
}

export interface NewEntry {
  memberId: string;
  kind: EntryKind;
  points: number;
  occurredAt: Date;
  orderId?: string | null;
  refundId?: string | null;
  reversesEntryId?: string | null;
  reason?: string | null;
  actor?: string | null;
  details?: Record<string, unknown>;
}

/**
 * Locks the member's account row for the rest of the transaction. Every ledger write for a member
 * takes this lock first, so writes for one member are serialized and a balance check cannot go stale.
 */
export async function lockAccount(tx: Sql, memberId: string): Promise<AccountFigures> {
  const [row] = await tx.query<AccountFigures>(
    'select available, pending, debt from accounts where member_id = $1 for update',
    [memberId],
  );
  if (!row) throw new AccountNotFound(memberId);
  return row;
}

export async function applyAccountDelta(tx: Sql, memberId: string, delta: AccountDelta): Promise<AccountFigures> {
  const [row] = await tx.query<AccountFigures>(
    `update accounts set available = available + $2, pending = pending + $3, debt = debt + $4,
       lifetime_earned = lifetime_earned + $5, lifetime_spent = lifetime_spent + $6,
       lifetime_expired = lifetime_expired + $7, lifetime_clawed_back = lifetime_clawed_back + $8,
       lifetime_adjusted = lifetime_adjusted + $9, updated_at = now()
     where member_id = $1 returning available, pending, debt`,
    [
      memberId,
      delta.available ?? 0,
      delta.pending ?? 0,
      delta.debt ?? 0,
      delta.lifetimeEarned ?? 0,
      delta.lifetimeSpent ?? 0,
      delta.lifetimeExpired ?? 0,
      delta.lifetimeClawedBack ?? 0,
      delta.lifetimeAdjusted ?? 0,
    ],
  );
  if (!row) throw new AccountNotFound(memberId);
  return row;
}

export async function insertEntry(tx: Sql, entry: NewEntry): Promise<string> {
  const id = newId('txn');
  await tx.query(
    `insert into ledger_entries (id, member_id, kind, points, order_id, refund_id, reverses_entry_id, reason, actor, details, occurred_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      id,
      entry.memberId,
      entry.kind,
      entry.points,
      entry.orderId ?? null,
      entry.refundId ?? null,
      entry.reversesEntryId ?? null,
      entry.reason ?? null,
      entry.actor ?? null,
      JSON.stringify(entry.details ?? {}),
      entry.occurredAt,
    ],
  );
  return id;
}

export async function insertLot(
  tx: Sql,
  lot: { memberId: string; entryId: string; orderId?: string | null; points: number; status: LotStatus; availableAt: Date; expiresAt: Date | null },
): Promise<string> {
  const id = newId('lot');
  await tx.query(
    `insert into point_lots (id, member_id, entry_id, order_id, points, remaining, status, available_at, expires_at)
     values ($1, $2, $3, $4, $5, $5, $6, $7, $8)`,
    [id, lot.memberId, lot.entryId, lot.orderId ?? null, lot.points, lot.status, lot.availableAt, lot.expiresAt],
  );
  return id;
}

/** Records which lots an outflow consumed and lowers their remaining points, in two statements. */
export async function consumeLots(tx: Sql, memberId: string, entryId: string, allocations: readonly Allocation[]): Promise<void> {
  if (allocations.length === 0) return;
  const rows = JSON.stringify(allocations.map((a) => ({ lot_id: a.lotId, points: a.points })));
  await tx.query(
    `insert into entry_allocations (entry_id, lot_id, member_id, points)
     select $1, a.lot_id, $2, a.points from jsonb_to_recordset($3::jsonb) as a(lot_id text, points int8)`,
    [entryId, memberId, rows],
  );
  await tx.query(
    `update point_lots l set remaining = l.remaining - a.points
     from jsonb_to_recordset($1::jsonb) as a(lot_id text, points int8) where l.id = a.lot_id`,
    [rows],
  );
}

export interface SpendableLot {
  id: string;
  remaining: number;
  status: LotStatus;
}

/** Lots with points left, soonest-expiring first: the order in which points are spent. */
export async function spendableLots(tx: Sql, memberId: string, statuses: readonly LotStatus[]): Promise<SpendableLot[]> {
  return tx.query<SpendableLot>(
    `select id, remaining, status from point_lots
     where member_id = $1 and status = any($2::text[]) and remaining > 0
     order by expires_at asc nulls last, available_at, id`,
    [memberId, statuses],
  );
}

/** GDPR: removes one detail (a path such as `['referral', 'friend']`) from entries; points, lots and balances are untouched. */
export async function removeEntryDetail(tx: Sql, entryIds: readonly string[], path: readonly string[]): Promise<void> {
  if (entryIds.length === 0) return;
  await tx.query('update ledger_entries set details = details #- $2::text[] where id = any($1::text[])', [entryIds, path]);
}
