import { randomBytes } from 'node:crypto';
import type { Sql } from '../../db/client.js';

/**
 * A server secret by name: the configured one, else one generated on first use and kept in the
 * database, so an embedded demo signs links that survive restarts and every API process of one
 * deployment agrees on the key.
 */
export async function serverSecret(db: Sql, name: string, configured: string | undefined): Promise<Buffer> {
  if (configured) return Buffer.from(configured, 'utf8');
  await db.query('insert into app_secrets (name, value) values ($1, $2) on conflict (name) do nothing', [name, randomBytes(32).toString('base64url')]);
  const [row] = await db.query<{ value: string }>('select value from app_secrets where name = $1', [name]);
  return Buffer.from(row!.value, 'base64url');
}
