import type { Database, Sql } from '../../db/client.js';
import { recordEvent } from '../events/service.js';
import { currentTiers, getLadder } from '../program/tier-service.js';
import type { DrawRow } from './campaigns.js';
import { canonicalEntrants, entriesHashOf, type Entrant } from './commitments.js';
import { insertEntries } from './entries.js';

/** The campaign's canonical entry list, read from its entry rows (sorted here, not by the database's collation). */
export async function entrantsOf(db: Sql, drawId: string): Promise<Entrant[]> {
  const rows = await db.query<{ member_id: string; entries: number }>('select member_id, sum(entries)::int8 as entries from draw_entries where campaign_id = $1 group by member_id', [drawId]);
  return canonicalEntrants(rows.map((r) => ({ memberId: r.member_id, entries: r.entries })));
}

/**
 * The tier benefit "extra draw entries": every entrant holding a tier when entries are sealed gets
 * its extra entries once per campaign (within the per-member maximum), as rows of source `tier`.
 */
async function addTierEntries(tx: Sql, row: DrawRow, entrants: readonly Entrant[], now: Date): Promise<void> {
  const ladder = await getLadder(tx);
  if (!ladder || entrants.length === 0 || ladder.tiers.every((t) => t.benefits.extraDrawEntries === 0)) return;
  const tiers = await currentTiers(tx, ladder, entrants.map((e) => e.memberId));
  const max = row.max_entries_per_member;
  const rows = entrants.map((e) => {
    const extra = tiers.get(e.memberId)?.benefits.extraDrawEntries ?? 0;
    return {
      campaignId: row.id,
      memberId: e.memberId,
      entries: max === null ? extra : Math.min(extra, Math.max(0, max - e.tickets)),
      source: 'tier' as const,
      sourceId: tiers.get(e.memberId)?.id ?? null,
      occurredAt: now,
    };
  });
  await insertEntries(tx, rows.filter((r) => r.entries > 0), now);
}

/**
 * Commits the entry list after the close: adds the tier entries, then publishes the canonical list's
 * hash. Call it holding the campaign `for update`, which waits for every grant in flight (they hold it
 * `for share`) and shuts out later ones.
 */
export async function sealDraw(tx: Sql, row: DrawRow, now: Date): Promise<{ row: DrawRow; entrants: Entrant[] }> {
  await addTierEntries(tx, row, await entrantsOf(tx, row.id), now);
  const entrants = await entrantsOf(tx, row.id);
  const entriesHash = entriesHashOf(entrants);
  const tickets = entrants.reduce((sum, e) => sum + e.tickets, 0);
  const [sealed] = await tx.query<DrawRow>('update draw_campaigns set entries_hash = $2, entrants = $3, tickets = $4, sealed_at = $5 where id = $1 returning *', [
    row.id,
    entriesHash,
    entrants.length,
    tickets,
    now,
  ]);
  await recordEvent(tx, { type: 'draw.sealed', memberId: null, payload: { drawId: row.id, seedHash: row.seed_hash, entriesHash, entrants: entrants.length, tickets }, occurredAt: now });
  return { row: sealed!, entrants };
}

/** Job: seals every campaign whose entries have closed, so its entries hash is published before anyone draws. */
export async function sealClosedDraws(db: Database, now: Date): Promise<{ sealed: number }> {
  const due = await db.query<{ id: string }>('select id from draw_campaigns where sealed_at is null and closes_at <= $1 order by closes_at limit 100', [now]);
  let sealed = 0;
  for (const { id } of due) {
    const done = await db.transaction(async (tx) => {
      const [row] = await tx.query<DrawRow>('select * from draw_campaigns where id = $1 and sealed_at is null for update', [id]);
      if (!row) return false; // another worker sealed it first
      await sealDraw(tx, row, now);
      return true;
    });
    if (done) sealed += 1;
  }
  return { sealed };
}
