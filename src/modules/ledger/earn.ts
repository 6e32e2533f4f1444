import { identifier, sql, type SqlFragment } from '../../db/statement.js';
import { newId } from '../../db/ids.js';

export interface PlannedEarning {
  memberId: string;
  orderId: string;
  points: number;
  occurredAt: Date;
  availableAt: Date;
  expiresAt: Date | null;
  details: Record<string, unknown>;
}

export interface EarningIds {
  entryId: string;
  lotId: string;
}

export function newEarningIds(): EarningIds {
  return { entryId: newId('txn'), lotId: newId('lot') };
}

/**
 * The ledger's part of recording a purchase, as CTEs for the caller's single statement: the earn entry,
 * its lot and the account. The lot always starts `pending`; once `available_at` passes, balance reads
 * count it as available at once and the next write for the member (or the expiry job) materializes it.
 * `gate` names a CTE: with no row in it, nothing is written.
 */
export function earnPointsCtes(earning: PlannedEarning, ids: EarningIds, gate: string): SqlFragment[] {
  const from = identifier(gate);
  return [
    sql`ledger_entry as (
      insert into ledger_entries (id, member_id, kind, points, order_id, details, occurred_at)
      select ${ids.entryId}, ${earning.memberId}, 'earn', ${earning.points}, ${earning.orderId}, ${JSON.stringify(earning.details)}::jsonb, ${earning.occurredAt}
      from ${from} returning id)`,
    sql`ledger_lot as (
      insert into point_lots (id, member_id, entry_id, order_id, points, remaining, status, available_at, expires_at)
      select ${ids.lotId}, ${earning.memberId}, id, ${earning.orderId}, ${earning.points}, ${earning.points}, 'pending', ${earning.availableAt}, ${earning.expiresAt}
      from ledger_entry returning id)`,
    sql`ledger_account as (
      update accounts set pending = pending + ${earning.points}, lifetime_earned = lifetime_earned + ${earning.points}, updated_at = now()
      where member_id = ${earning.memberId} and exists (select 1 from ledger_lot) returning member_id)`,
  ];
}

/** Opens the member's points account, as a CTE over `source` (the new member row). */
export function openAccountCte(source: SqlFragment): SqlFragment {
  return sql`insert into accounts (member_id) select id from ${source}`;
}
