import { sqlState, violatedConstraint, type Database, type Sql } from '../../db/client.js';
import { identifier, sql, type SqlFragment } from '../../db/statement.js';
import { DomainError } from '../../errors.js';
import { IdempotencyKeyReused, IdempotencyRequestInProgress } from './errors.js';

export interface IdempotencyScope {
  apiKeyId: string;
  key: string;
  method: string;
  path: string;
  fingerprint: string;
}

/** What a one-statement write must store beside its effect: the key's scope and the status it answers with. */
export interface ResponseClaim {
  scope: IdempotencyScope;
  status: number;
}

export interface StoredResponse {
  status: number;
  body: unknown;
}

const KEY_CONSTRAINT = 'idempotency_keys_api_key_id_key_pk';

/**
 * Runs `execute` at most once per idempotency key. The key row is inserted inside the effect's own
 * transaction, so the database's primary key — not a read — stops duplicates: a concurrent twin waits
 * on the index until the first commits and then replays its stored response. A key is never stored
 * without its effect, nor an effect without its key.
 */
export async function runIdempotent(
  db: Database,
  scope: IdempotencyScope,
  execute: (tx: Sql) => Promise<StoredResponse>,
  toErrorResponse: (error: DomainError) => StoredResponse,
): Promise<StoredResponse & { replayed: boolean }> {
  try {
    const response = await db.transaction(async (tx) => {
      await tx.query(
        `insert into idempotency_keys (api_key_id, key, method, path, request_hash) values ($1, $2, $3, $4, $5)`,
        [scope.apiKeyId, scope.key, scope.method, scope.path, scope.fingerprint],
      );
      const result = await execute(tx);
      await tx.query(
        'update idempotency_keys set response_status = $3, response_body = $4 where api_key_id = $1 and key = $2',
        [scope.apiKeyId, scope.key, result.status, JSON.stringify(result.body)],
      );
      return result;
    });
    return { ...response, replayed: false };
  } catch (error) {
    return { ...(await settleFailure(db, scope, error, toErrorResponse)), replayed: true };
  }
}

/**
 * The idempotency claim as a CTE, for writes that run as one statement: it stores the response
 * together with the effect. `source` is a CTE name whose rows gate the insert (no row, no key).
 */
export function idempotencyClaimCte(scope: IdempotencyScope, response: StoredResponse, source: string): SqlFragment {
  return sql`insert into idempotency_keys (api_key_id, key, method, path, request_hash, response_status, response_body)
    select ${scope.apiKeyId}, ${scope.key}, ${scope.method}, ${scope.path}, ${scope.fingerprint}, ${response.status}, ${JSON.stringify(response.body)}::jsonb
    from ${identifier(source)}`;
}

/**
 * After a failed attempt: a key already taken means replay (or refuse a different body under it);
 * a refused request is an answer too, stored so a retry gets the same refusal; anything else is rethrown.
 */
export async function settleFailure(
  db: Sql,
  scope: IdempotencyScope,
  error: unknown,
  toErrorResponse: (error: DomainError) => StoredResponse,
): Promise<StoredResponse> {
  if (sqlState(error) === '23505' && violatedConstraint(error) === KEY_CONSTRAINT) return replay(db, scope);
  // Waited past lock_timeout for a twin still holding the key.
  if (sqlState(error) === '55P03') throw new IdempotencyRequestInProgress();
  if (error instanceof DomainError) {
    const refusal = toErrorResponse(error);
    const stored = await db.query(
      `insert into idempotency_keys (api_key_id, key, method, path, request_hash, response_status, response_body)
       values ($1, $2, $3, $4, $5, $6, $7) on conflict do nothing returning 1`,
      [scope.apiKeyId, scope.key, scope.method, scope.path, scope.fingerprint, refusal.status, JSON.stringify(refusal.body)],
    );
    if (stored.length === 0) return replay(db, scope);
  }
  throw error;
}

async function replay(db: Sql, scope: IdempotencyScope): Promise<StoredResponse> {
  const [existing] = await db.query<{ request_hash: string; response_status: number; response_body: unknown }>(
    'select request_hash, response_status, response_body from idempotency_keys where api_key_id = $1 and key = $2',
    [scope.apiKeyId, scope.key],
  );
  if (!existing) throw new IdempotencyRequestInProgress();
  if (existing.request_hash !== scope.fingerprint) throw new IdempotencyKeyReused();
  return { status: existing.response_status, body: existing.response_body };
}

/** Forgets keys older than `hours`; clients must not retry with a key older than that. */
export async function purgeIdempotencyKeys(db: Sql, hours = 24): Promise<number> {
  const rows = await db.query(
    'delete from idempotency_keys where created_at < now() - make_interval(hours => $1) returning 1',
    [hours],
  );
  return rows.length;
}
