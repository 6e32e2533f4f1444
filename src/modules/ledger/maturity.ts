// Time moves points: pending lots unlock, available lots expire, and a debt is paid from what unlocks.
import type { Sql } from '../../db/client.js';
import { allocate } from './arithmetic.js';
import { recordEvent } from '../events/service.js';
import { applyAccountDelta, consumeLots, insertEntry, spendableLots, type AccountFigures } from './journal.js';

/**
 * Brings one member's lots up to `now`: unlock, expire, then pay any debt. Call with the account lock
 * held. Idempotent: a second call at the same `now` changes nothing.
 */
export async function matureLots(tx: Sql, memberId: string, account: AccountFigures, now: Date): Promise<AccountFigures> {
  let figures = account;
  const released = await tx.query<{ remaining: number }>(
    `update point_lots set status = 'available'
     where member_id = $1 and status = 'pending' and available_at <= $2 returning remaining`,
    [memberId, now],
  );
  const releasedPoints = released.reduce((sum, lot) => sum + lot.remaining, 0);
  if (released.length > 0) {
    figures = await applyAccountDelta(tx, memberId, { pending: -releasedPoints, available: releasedPoints });
  }
  figures = await expireDueLots(tx, memberId, figures, now);
  if (figures.debt > 0) figures = await payDebt(tx, memberId, figures);
  return figures;
}

async function expireDueLots(tx: Sql, memberId: string, figures: AccountFigures, now: Date): Promise<AccountFigures> {
  const due = await tx.query<{ id: string; remaining: number }>(
    `update point_lots set status = 'expired'
     where member_id = $1 and status = 'available' and expires_at <= $2
     returning id, remaining`,
    [memberId, now],
  );
  const withPoints = due.filter((lot) => lot.remaining > 0);
  if (withPoints.length === 0) return figures;
  const points = withPoints.reduce((sum, lot) => sum + lot.remaining, 0);
  const entryId = await insertEntry(tx, {
    memberId,
    kind: 'expire',
    points: -points,
    occurredAt: now,
    details: { lots: withPoints.map((lot) => lot.id) },
  });
  await consumeLots(tx, memberId, entryId, withPoints.map((lot) => ({ lotId: lot.id, points: lot.remaining })));
  await recordEvent(tx, { type: 'points.expired', memberId, payload: { entryId, points }, occurredAt: now });
  return applyAccountDelta(tx, memberId, { available: -points, lifetimeExpired: points });
}

/**
 * Pays clawed-back points the member had already spent from lots that are now available. The debt
 * was already counted in its entry, so the balance does not move: lots and debt fall together.
 */
async function payDebt(tx: Sql, memberId: string, figures: AccountFigures): Promise<AccountFigures> {
  const lots = (await spendableLots(tx, memberId, ['available'])).map((lot) => ({ ...lot }));
  if (lots.length === 0) return figures;
  const debtors = await tx.query<{ id: string; outstanding: number }>(
    `select e.id, (-e.points - coalesce(sum(a.points), 0))::int8 as outstanding
     from ledger_entries e left join entry_allocations a on a.entry_id = e.id
     where e.member_id = $1 and e.kind in ('clawback', 'reversal') and e.points < 0
     group by e.id having -e.points - coalesce(sum(a.points), 0) > 0
     order by e.id`,
    [memberId],
  );
  let paid = 0;
  for (const debtor of debtors) {
    const wanted = Math.min(debtor.outstanding, figures.debt - paid);
    const { allocations, shortfall } = allocate(lots, wanted);
    for (const { lotId, points } of allocations) lots.find((lot) => lot.id === lotId)!.remaining -= points;
    await consumeLots(tx, memberId, debtor.id, allocations);
    paid += wanted - shortfall;
    if (shortfall > 0 || paid === figures.debt) break;
  }
  return paid === 0 ? figures : applyAccountDelta(tx, memberId, { debt: -paid });
}
