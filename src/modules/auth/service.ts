import { createHash, randomBytes } from 'node:crypto';
import type { Sql } from '../../db/client.js';
import { newId } from '../../db/ids.js';
import type { Role } from './roles.js';
import { ApiKeyNotFound } from './errors.js';

export interface ApiKeyPrincipal {
  id: string;
  name: string;
  role: Role;
}

export interface ApiKeySummary extends ApiKeyPrincipal {
  keyPrefix: string;
  createdAt: Date;
  revokedAt: Date | null;
}

const KEY_PREFIX = 'fid_';

export function hashApiKey(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * Creates an API key. The secret is returned once and only its hash is stored.
 * @example const { key } = await createApiKey(db, { name: 'ops', role: 'admin' }) // key: 'fid_…'
 */
export async function createApiKey(
  db: Sql,
  input: { name: string; role: Role },
): Promise<ApiKeySummary & { key: string }> {
  const key = KEY_PREFIX + randomBytes(30).toString('base64url');
  const id = newId('key');
  const [row] = await db.query<{ created_at: Date }>(
    `insert into api_keys (id, name, role, key_hash, key_prefix) values ($1, $2, $3, $4, $5) returning created_at`,
    [id, input.name, input.role, hashApiKey(key), key.slice(0, 10)],
  );
  return { id, name: input.name, role: input.role, keyPrefix: key.slice(0, 10), createdAt: row!.created_at, revokedAt: null, key };
}

export async function listApiKeys(db: Sql): Promise<ApiKeySummary[]> {
  const rows = await db.query<{ id: string; name: string; role: Role; key_prefix: string; created_at: Date; revoked_at: Date | null }>(
    'select id, name, role, key_prefix, created_at, revoked_at from api_keys order by id',
  );
  return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, keyPrefix: r.key_prefix, createdAt: r.created_at, revokedAt: r.revoked_at }));
}

export async function revokeApiKey(db: Sql, id: string): Promise<void> {
  const rows = await db.query('update api_keys set revoked_at = coalesce(revoked_at, now()) where id = $1 returning id', [id]);
  if (rows.length === 0) throw new ApiKeyNotFound(id);
}

export interface ApiKeyResolver {
  (secret: string): Promise<ApiKeyPrincipal | null>;
  /** Drops cached answers for a key, so a revocation made through this process takes effect at once. */
  forget(keyId: string): void;
}

/**
 * Resolves a presented secret to its key, caching answers briefly: authentication runs on every request
 * and must cost almost nothing, and a revocation made elsewhere (CLI, another replica) takes effect within `ttlMs`.
 */
export function createApiKeyResolver(db: Sql, ttlMs = 5_000, clock: () => number = Date.now): ApiKeyResolver {
  const cache = new Map<string, { principal: ApiKeyPrincipal | null; until: number }>();
  // Keyed by the presented secret, which is in this process's memory for the request anyway: a hit
  // then costs one map lookup, not a SHA-256 per request. Only the hash ever reaches the database.
  async function resolveApiKey(secret: string): Promise<ApiKeyPrincipal | null> {
    const now = clock();
    const hit = cache.get(secret);
    if (hit && hit.until > now) return hit.principal;
    const [row] = await db.query<{ id: string; name: string; role: Role }>(
      'select id, name, role from api_keys where key_hash = $1 and revoked_at is null',
      [hashApiKey(secret)],
    );
    const principal = row ? { id: row.id, name: row.name, role: row.role } : null;
    if (cache.size > 10_000) cache.clear();
    cache.set(secret, { principal, until: now + ttlMs });
    return principal;
  }
  return Object.assign(resolveApiKey, {
    forget(keyId: string): void {
      for (const [secret, hit] of cache) if (hit.principal?.id === keyId) cache.delete(secret);
    },
  });
}
