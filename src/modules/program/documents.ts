// Program settings kept as whole documents (the tier ladder, the unlock set, the referral program): every replacement is a
// new version, the latest wins, earlier ones stay for audit.
import type { Sql } from '../../db/client.js';

export type DocumentTable = 'tier_ladders' | 'unlock_sets' | 'referral_programs';

/** Call in a transaction: the table lock makes concurrent replacements take turns instead of colliding on a version. */
export async function saveDocument(tx: Sql, table: DocumentTable, definition: unknown, now: Date): Promise<void> {
  await tx.query(`lock table ${table} in exclusive mode`);
  await tx.query(`insert into ${table} (version, definition, created_at) select coalesce(max(version), 0) + 1, $1, $2 from ${table}`, [JSON.stringify(definition), now]);
}

export async function latestDocument(db: Sql, table: DocumentTable): Promise<unknown> {
  const [row] = await db.query<{ definition: unknown }>(`select definition from ${table} order by version desc limit 1`);
  return row?.definition ?? null;
}
