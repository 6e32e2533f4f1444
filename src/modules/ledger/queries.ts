import type { Sql } from '../../db/client.js';
import type { EntryKind } from './journal.js';
import { AccountNotFound } from './errors.js';
import { balanceAsOf, lotAsOf, type AccountFigures, type Balance, type LiveLot } from './balance.js';
import { explainEntry } from './explain.js';
import { toPage, type Page } from '../../db/page.js';

export type { Balance } from './balance.js';

type PackedLot = [string, LiveLot['status'], number, number, number | null];
type PackedBalance = [number, number, number, number, number, number, number, number, PackedLot[] | null];

/**
 * Members' balances exactly as of a moment, in one statement returning one JSON value per member: the
 * cached account and its live lots with points left (times as epoch milliseconds), corrected in
 * `balanceAsOf`. One value instead of a row per lot (or a column per figure) keeps this hottest read
 * cheap to decode; an array of ids lets concurrent reads share one round trip (see balance-reader.ts).
 */
const BALANCES_STATEMENT = `select a.member_id as m, json_build_array(a.available, a.pending, a.debt, a.lifetime_earned, a.lifetime_spent,
     a.lifetime_expired, a.lifetime_clawed_back, a.lifetime_adjusted,
     (select json_agg(json_build_array(l.id, l.status, l.remaining,
        -- ceil: t <= now (ms) exactly when ceil(t in ms) <= now, whatever microseconds t carries
        ceil(extract(epoch from l.available_at) * 1000)::int8, ceil(extract(epoch from l.expires_at) * 1000)::int8))
      from point_lots l where l.member_id = a.member_id and l.status in ('pending', 'available') and l.remaining > 0)) as b
   from accounts a where a.member_id = any($1::text[])`;

function unpackBalance(memberId: string, [available, pending, debt, earned, spent, expired, clawedBack, adjusted, lots]: PackedBalance, now: Date): Balance {
  const account: AccountFigures = {
    available,
    pending,
    debt,
    lifetime_earned: earned,
    lifetime_spent: spent,
    lifetime_expired: expired,
    lifetime_clawed_back: clawedBack,
    lifetime_adjusted: adjusted,
  };
  const live = (lots ?? []).map(([id, status, remaining, availableAt, expiresAt]) => ({ id, status, remaining, availableAt, expiresAt }));
  return balanceAsOf(memberId, account, live, now);
}

/** Each request's balance as of its own `now`, read in one statement; null for a member without an account. */
export async function getBalances(db: Sql, requests: readonly { memberId: string; now: Date }[]): Promise<(Balance | null)[]> {
  const ids = [...new Set(requests.map((r) => r.memberId))];
  const rows = await db.query<{ m: string; b: PackedBalance }>(BALANCES_STATEMENT, [ids]);
  const packed = new Map(rows.map((row) => [row.m, row.b]));
  return requests.map(({ memberId, now }) => {
    const b = packed.get(memberId);
    return b ? unpackBalance(memberId, b, now) : null;
  });
}

/** The member's balance exactly as of `now`. */
export async function getBalance(db: Sql, memberId: string, now: Date): Promise<Balance> {
  const [balance] = await getBalances(db, [{ memberId, now }]);
  if (!balance) throw new AccountNotFound(memberId);
  return balance;
}

export interface LedgerEntryView {
  id: string;
  kind: EntryKind;
  points: number;
  occurredAt: string;
  recordedAt: string;
  orderId: string | null;
  refundId: string | null;
  reversesEntryId: string | null;
  reason: string | null;
  actor: string | null;
  details: Record<string, unknown>;
  lot: { id: string; points: number; remaining: number; status: string; availableAt: string; expiresAt: string | null } | null;
  allocations: { lotId: string; points: number }[];
  explanation: string;
}

interface EntryRow {
  id: string;
  kind: EntryKind;
  points: number;
  occurred_at: Date;
  recorded_at: Date;
  order_id: string | null;
  refund_id: string | null;
  reverses_entry_id: string | null;
  reason: string | null;
  actor: string | null;
  details: Record<string, unknown>;
  lot: { id: string; points: number; remaining: number; status: string; available_at: string; expires_at: string | null } | null;
  allocations: { lotId: string; points: number }[];
}

/** Newest first; `cursor` is the last entry id of the previous page. Each entry explains itself. */
export async function listEntries(
  db: Sql,
  memberId: string,
  options: { limit: number; cursor?: string | undefined },
  now: Date,
): Promise<Page<LedgerEntryView>> {
  const rows = await db.query<EntryRow>(
    `select e.*,
       (select to_jsonb(l) from (select id, points, remaining, status, available_at, expires_at from point_lots where entry_id = e.id) l) as lot,
       coalesce((select jsonb_agg(jsonb_build_object('lotId', a.lot_id, 'points', a.points) order by a.lot_id)
         from entry_allocations a where a.entry_id = e.id), '[]'::jsonb) as allocations
     from ledger_entries e
     where e.member_id = $1 and ($2::text is null or e.id < $2)
     order by e.id desc limit $3`,
    [memberId, options.cursor ?? null, options.limit + 1],
  );
  if (rows.length === 0) await assertAccountExists(db, memberId);
  return toPage(rows, options.limit, (row) => toEntryView(row, now));
}

function toEntryView(row: EntryRow, now: Date): LedgerEntryView {
  const lot = row.lot && {
    id: row.lot.id,
    points: row.lot.points,
    ...lotAsOf({ ...row.lot, availableAt: Date.parse(row.lot.available_at), expiresAt: row.lot.expires_at ? Date.parse(row.lot.expires_at) : null }, now.getTime()),
    availableAt: new Date(row.lot.available_at).toISOString(),
    expiresAt: row.lot.expires_at ? new Date(row.lot.expires_at).toISOString() : null,
  };
  const view = {
    id: row.id,
    kind: row.kind,
    points: row.points,
    occurredAt: row.occurred_at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    orderId: row.order_id,
    refundId: row.refund_id,
    reversesEntryId: row.reverses_entry_id,
    reason: row.reason,
    actor: row.actor,
    details: row.details,
    lot,
    allocations: row.allocations,
  };
  return { ...view, explanation: explainEntry(view) };
}

async function assertAccountExists(db: Sql, memberId: string): Promise<void> {
  const found = await db.query('select 1 from accounts where member_id = $1', [memberId]);
  if (found.length === 0) throw new AccountNotFound(memberId);
}

/** The lot an order earned, if it earned any points. */
export async function findOrderLot(db: Sql, orderId: string): Promise<string | null> {
  const [row] = await db.query<{ id: string }>('select id from point_lots where order_id = $1', [orderId]);
  return row?.id ?? null;
}

export interface OrderEarning {
  entryId: string;
  lotId: string;
  points: number;
  status: string;
  availableAt: string;
  expiresAt: string | null;
  /** How the points were earned, from the ledger entry. */
  details: Record<string, unknown>;
}

export async function findOrderEarning(db: Sql, orderId: string): Promise<OrderEarning | null> {
  const [row] = await db.query<{ id: string; entry_id: string; points: number; status: string; available_at: Date; expires_at: Date | null; details: Record<string, unknown> }>(
    `select l.id, l.entry_id, l.points, l.status, l.available_at, l.expires_at, e.details
     from point_lots l join ledger_entries e on e.id = l.entry_id where l.order_id = $1`,
    [orderId],
  );
  if (!row) return null;
  return {
    entryId: row.entry_id,
    lotId: row.id,
    points: row.points,
    status: row.status,
    availableAt: row.available_at.toISOString(),
    expiresAt: row.expires_at?.toISOString() ?? null,
    details: row.details,
  };
}

/** Points a member earned (earn entries) in [from, to). */
export async function pointsEarnedBetween(db: Sql, memberId: string, from: Date, to: Date): Promise<number> {
  const [row] = await db.query<{ points: number }>(
    `select coalesce(sum(points), 0)::int8 as points from ledger_entries where member_id = $1 and kind = 'earn' and occurred_at >= $2 and occurred_at < $3`,
    [memberId, from, to],
  );
  return row!.points;
}
