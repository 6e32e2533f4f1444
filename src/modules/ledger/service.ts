import type { Sql } from '../../db/client.js';
import type { ProgramConfig } from '../../config.js';
import { recordEvent } from '../events/service.js';
import { addMonths, allocate } from './arithmetic.js';
import { EntryAlreadyReversed, EntryNotFound, EntryNotReversible, PointsInsufficient } from './errors.js';
import {
  applyAccountDelta,
  consumeLots,
  insertEntry,
  insertLot,
  lockAccount,
  spendableLots,
  type AccountFigures,
} from './journal.js';
import { matureLots } from './maturity.js';

export interface Actor {
  /** API key id that made the change, kept on the entry for audit. */
  id: string;
}

/**
 * `occurredAt` is when it happened at the till (it may be back-dated); `asOf` is the server clock at
 * which lots are unlocked and expired, so a back-dated write can neither spend expired points nor
 * dodge a return window. Simulations that replay history (demo seed, tests) may omit it: then time
 * is `occurredAt`.
 */
interface Timing {
  occurredAt: Date;
  asOf?: Date;
}

const clockOf = (timing: Timing): Date => timing.asOf ?? timing.occurredAt;

export interface LedgerChange {
  entryId: string;
  memberId: string;
  points: number;
  balance: { available: number; pending: number };
}

async function openAccount(tx: Sql, memberId: string, now: Date): Promise<AccountFigures> {
  return matureLots(tx, memberId, await lockAccount(tx, memberId), now);
}

function change(entryId: string, memberId: string, points: number, figures: AccountFigures): LedgerChange {
  return { entryId, memberId, points, balance: { available: figures.available, pending: figures.pending } };
}

/**
 * Spends points, soonest-expiring lots first. Never overdraws: the balance is checked under the
 * account lock, so concurrent redemptions are serialized and at most the balance is spent.
 */
export async function redeemPoints(
  tx: Sql,
  input: { memberId: string; points: number; reason?: string | null; reference?: string | null } & Timing,
  actor: Actor,
): Promise<LedgerChange> {
  const figures = await openAccount(tx, input.memberId, clockOf(input));
  if (figures.available < input.points) throw new PointsInsufficient(input.points, Math.max(0, figures.available));
  const lots = await spendableLots(tx, input.memberId, ['available']);
  const { allocations } = allocate(lots, input.points);
  const entryId = await insertEntry(tx, {
    memberId: input.memberId,
    kind: 'redeem',
    points: -input.points,
    occurredAt: input.occurredAt,
    reason: input.reason ?? null,
    actor: actor.id,
    details: input.reference ? { reference: input.reference } : {},
  });
  await consumeLots(tx, input.memberId, entryId, allocations);
  const after = await applyAccountDelta(tx, input.memberId, { available: -input.points, lifetimeSpent: input.points });
  await recordEvent(tx, {
    type: 'points.redeemed',
    memberId: input.memberId,
    payload: { entryId, points: input.points, reference: input.reference ?? null },
    occurredAt: input.occurredAt,
  });
  return change(entryId, input.memberId, -input.points, after);
}

/** Adds points available at once (goodwill, corrections); they expire like any other lot. */
async function grantPoints(
  tx: Sql,
  program: ProgramConfig,
  entry: { memberId: string; points: number; kind: 'adjust' | 'reversal' | 'earn'; reason: string | null; reversesEntryId?: string; details?: Record<string, unknown> } & Timing,
  actor: Actor,
): Promise<LedgerChange> {
  const now = clockOf(entry);
  await openAccount(tx, entry.memberId, now);
  const entryId = await insertEntry(tx, { ...entry, actor: actor.id });
  await insertLot(tx, {
    memberId: entry.memberId,
    entryId,
    points: entry.points,
    status: 'available',
    // Granted now, so it lives a full term from now even when the entry is back-dated.
    availableAt: now,
    expiresAt: program.expiryMonths > 0 ? addMonths(now, program.expiryMonths) : null,
  });
  let figures = await applyAccountDelta(tx, entry.memberId, {
    available: entry.points,
    lifetimeAdjusted: entry.kind === 'adjust' ? entry.points : 0,
    lifetimeEarned: entry.kind === 'earn' ? entry.points : 0,
  });
  figures = await matureLots(tx, entry.memberId, figures, now);
  return change(entryId, entry.memberId, entry.points, figures);
}

/**
 * Points earned by something other than a purchase (a review, a share, 10,000 steps): available at
 * once, since there is nothing to return. `details` says which event and rules earned them.
 */
export async function earnForActivity(
  tx: Sql,
  program: ProgramConfig,
  input: { memberId: string; points: number; details: Record<string, unknown> } & Timing,
  actor: Actor,
): Promise<LedgerChange> {
  const result = await grantPoints(tx, program, { ...input, kind: 'earn', reason: null }, actor);
  await recordEvent(tx, {
    type: 'points.earned',
    memberId: input.memberId,
    payload: { entryId: result.entryId, points: input.points, ...input.details },
    occurredAt: input.occurredAt,
  });
  return result;
}

/**
 * An administrator's correction: positive grants points, negative removes available points (never
 * below zero). The reason is required and kept on the entry.
 */
export async function adjustPoints(
  tx: Sql,
  program: ProgramConfig,
  input: { memberId: string; points: number; reason: string } & Timing,
  actor: Actor,
): Promise<LedgerChange> {
  let result: LedgerChange;
  if (input.points > 0) {
    result = await grantPoints(tx, program, { ...input, kind: 'adjust' }, actor);
  } else {
    const figures = await openAccount(tx, input.memberId, clockOf(input));
    const points = -input.points;
    if (figures.available < points) throw new PointsInsufficient(points, Math.max(0, figures.available));
    const { allocations } = allocate(await spendableLots(tx, input.memberId, ['available']), points);
    const entryId = await insertEntry(tx, { ...input, kind: 'adjust', actor: actor.id });
    await consumeLots(tx, input.memberId, entryId, allocations);
    const after = await applyAccountDelta(tx, input.memberId, { available: input.points, lifetimeAdjusted: input.points });
    result = change(entryId, input.memberId, input.points, after);
  }
  await recordEvent(tx, {
    type: 'points.adjusted',
    memberId: input.memberId,
    payload: { entryId: result.entryId, points: input.points, reason: input.reason },
    occurredAt: input.occurredAt,
  });
  return result;
}

/**
 * Takes points back: first from `preferredLotId` (the lot the refunded order earned), then from the
 * member's available lots. What the member already spent becomes a debt (policy `negative`) or is
 * forgiven (policy `floor`); either way the entry's details say so.
 */
export async function takeBackPoints(
  tx: Sql,
  program: ProgramConfig,
  input: {
    memberId: string;
    points: number;
    kind: 'clawback' | 'reversal';
    preferredLotId: string | null;
    orderId?: string | null;
    refundId?: string | null;
    reversesEntryId?: string | null;
    reason?: string | null;
    details?: Record<string, unknown>;
  } & Timing,
  actor: Actor,
): Promise<(LedgerChange & { debt: number; forgiven: number }) | null> {
  await openAccount(tx, input.memberId, clockOf(input));
  const lots = await spendableLots(tx, input.memberId, ['pending', 'available']);
  const ordered = [
    ...lots.filter((lot) => lot.id === input.preferredLotId),
    ...lots.filter((lot) => lot.id !== input.preferredLotId && lot.status === 'available'),
  ];
  const { allocations, shortfall } = allocate(ordered, input.points);
  const debt = program.clawbackPolicy === 'negative' ? shortfall : 0;
  const forgiven = shortfall - debt;
  const points = input.points - forgiven;
  if (points === 0) return null;
  const entryId = await insertEntry(tx, {
    ...input,
    points: -points,
    actor: actor.id,
    details: { ...input.details, ...(debt > 0 ? { debt } : {}), ...(forgiven > 0 ? { forgiven } : {}) },
  });
  await consumeLots(tx, input.memberId, entryId, allocations);
  const fromPending = allocations
    .filter((a) => lots.find((lot) => lot.id === a.lotId)?.status === 'pending')
    .reduce((sum, a) => sum + a.points, 0);
  const fromAvailable = points - debt - fromPending;
  const after = await applyAccountDelta(tx, input.memberId, {
    pending: -fromPending,
    available: -fromAvailable - debt,
    debt,
    lifetimeClawedBack: input.kind === 'clawback' ? points : 0,
  });
  await recordEvent(tx, {
    type: input.kind === 'clawback' ? 'points.clawed_back' : 'points.reversed',
    memberId: input.memberId,
    payload: { entryId, points, debt, forgiven, orderId: input.orderId ?? null, refundId: input.refundId ?? null },
    occurredAt: input.occurredAt,
  });
  return { ...change(entryId, input.memberId, -points, after), debt, forgiven };
}

/**
 * Undoes an entry with an opposite one. Inflows are taken back (from their own lot first); outflows
 * are given back as a fresh available lot.
 */
export async function reverseEntry(
  tx: Sql,
  program: ProgramConfig,
  input: { memberId: string; entryId: string; reason: string } & Timing,
  actor: Actor,
): Promise<LedgerChange> {
  await lockAccount(tx, input.memberId);
  const [entry] = await tx.query<{ kind: string; points: number; order_id: string | null; reversed: boolean; lot_id: string | null }>(
    `select e.kind, e.points, e.order_id,
       exists (select 1 from ledger_entries r where r.reverses_entry_id = e.id) as reversed,
       (select id from point_lots l where l.entry_id = e.id) as lot_id
     from ledger_entries e where e.id = $1 and e.member_id = $2`,
    [input.entryId, input.memberId],
  );
  if (!entry) throw new EntryNotFound(input.entryId);
  if (entry.reversed) throw new EntryAlreadyReversed(input.entryId);
  if (entry.kind === 'reversal') throw new EntryNotReversible(input.entryId, 'it is itself a reversal');
  // Order points move only with the order's lines, so a refund can never take them back a second time.
  if (entry.order_id !== null) {
    throw new EntryNotReversible(input.entryId, `it belongs to order ${entry.order_id}: refund its lines, or make an adjustment`);
  }
  const common = { memberId: input.memberId, reason: input.reason, reversesEntryId: input.entryId, occurredAt: input.occurredAt, asOf: clockOf(input) };
  let result: LedgerChange | null;
  if (entry.points > 0) {
    result = await takeBackPoints(tx, program, { ...common, points: entry.points, kind: 'reversal', preferredLotId: entry.lot_id }, actor);
  } else {
    // Whatever part of the outflow is still owed as debt is paid at once from the lot this creates.
    result = await grantPoints(tx, program, { ...common, points: -entry.points, kind: 'reversal' }, actor);
  }
  if (!result) throw new EntryNotReversible(input.entryId, 'nothing is left to reverse');
  return result;
}
