import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import { toPage, type Page } from '../../db/page.js';
import { rewardExists } from '../program/rewards.js';
import { newSeed, seedHashOf } from './commitments.js';
import type { CreateDrawInput, Draw, DrawStatus, PrizeTable } from './contract.js';
import { DrawClosesInPast, DrawNotFound, DrawPrizeRewardUnknown } from './errors.js';

export interface DrawRow {
  id: string;
  name: string;
  description: string | null;
  opens_at: Date;
  closes_at: Date;
  prizes: PrizeTable;
  max_entries_per_member: number | null;
  seed: string;
  seed_hash: string;
  entries_hash: string | null;
  entrants: number | null;
  tickets: number | null;
  sealed_at: Date | null;
  drawn_at: Date | null;
  created_at: Date;
}

/** Status follows the clock: entries open at `opens_at` and close at `closes_at`; drawn once the results are stored. */
export function statusOf(row: Pick<DrawRow, 'opens_at' | 'closes_at' | 'drawn_at'>, now: Date): DrawStatus {
  if (row.drawn_at) return 'drawn';
  if (now >= row.closes_at) return 'closed';
  return now >= row.opens_at ? 'open' : 'scheduled';
}

/** The campaign as published: the seed stays secret until the draw. */
export function toDraw(row: DrawRow, now: Date): Draw {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    status: statusOf(row, now),
    opensAt: row.opens_at.toISOString(),
    closesAt: row.closes_at.toISOString(),
    maxEntriesPerMember: row.max_entries_per_member,
    prizes: row.prizes.prizes,
    consolation: row.prizes.consolation,
    seedHash: row.seed_hash,
    seed: row.drawn_at ? row.seed : null,
    entriesHash: row.entries_hash,
    entrants: row.entrants,
    tickets: row.tickets,
    sealedAt: row.sealed_at?.toISOString() ?? null,
    drawnAt: row.drawn_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
  };
}

/** Creates a campaign with a fresh secret seed; only its hash is ever shown before the draw. */
export async function createDraw(tx: Sql, input: CreateDrawInput, now: Date): Promise<Draw> {
  if (Date.parse(input.closesAt) <= now.getTime()) throw new DrawClosesInPast();
  const awards = [...input.prizes.map((p) => p.award), ...(input.consolation ? [input.consolation.award] : [])];
  for (const award of awards) {
    if (award.type === 'reward' && !(await rewardExists(tx, award.rewardId))) throw new DrawPrizeRewardUnknown(award.rewardId);
  }
  const seed = newSeed();
  const prizes: PrizeTable = { prizes: input.prizes, consolation: input.consolation ?? null };
  const [row] = await tx.query<DrawRow>(
    `insert into draw_campaigns (id, name, description, opens_at, closes_at, prizes, max_entries_per_member, seed, seed_hash, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) returning *`,
    [newId('drw'), input.name, input.description ?? null, input.opensAt, input.closesAt, JSON.stringify(prizes), input.maxEntriesPerMember ?? null, seed, seedHashOf(seed), now],
  );
  return toDraw(row!, now);
}

/** The campaign row; `lock` takes it for update (sealing and drawing are serialized by it). */
export async function findDraw(db: Sql, drawId: string, lock = false): Promise<DrawRow> {
  const [row] = await db.query<DrawRow>(`select * from draw_campaigns where id = $1${lock ? ' for update' : ''}`, [drawId]);
  if (!row) throw new DrawNotFound(drawId);
  return row;
}

export async function getDraw(db: Sql, drawId: string, now: Date): Promise<Draw> {
  return toDraw(await findDraw(db, drawId), now);
}

/** Newest first. */
export async function listDraws(db: Sql, query: { limit: number; cursor?: string | undefined }, now: Date): Promise<Page<Draw>> {
  const rows = await db.query<DrawRow>('select * from draw_campaigns where ($1::text is null or id < $1) order by id desc limit $2', [query.cursor ?? null, query.limit + 1]);
  return toPage(rows, query.limit, (row) => toDraw(row, now));
}
