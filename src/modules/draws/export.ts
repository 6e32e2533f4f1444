import type { Sql } from '../../db/client.js';
import type { DrawExport } from './contract.js';
import { storedResults } from './drawing.js';
import { entrantsOf } from './sealing.js';

/**
 * A drawn campaign as a self-contained document: the revealed seed, both published hashes, the prize
 * table, the entry list recomputed from the entry rows (not a stored copy) and the stored results.
 */
export async function exportDraw(db: Sql, drawId: string): Promise<DrawExport> {
  const { row, results } = await storedResults(db, drawId);
  return {
    format: 'fidelis-draw/v1',
    draw: { id: row.id, name: row.name, seedHash: row.seed_hash, seed: row.seed, entriesHash: row.entries_hash!, prizes: row.prizes.prizes, consolation: row.prizes.consolation },
    entrants: await entrantsOf(db, drawId),
    results,
  };
}
