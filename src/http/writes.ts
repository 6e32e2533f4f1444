import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Database, Sql } from '../db/client.js';
import { DomainError } from '../errors.js';
import { IdempotencyKeyInvalid } from '../modules/idempotency/errors.js';
import { isValidIdempotencyKey, requestFingerprint } from '../modules/idempotency/fingerprint.js';
import {
  runIdempotent,
  settleFailure,
  type IdempotencyScope,
  type ResponseClaim,
  type StoredResponse,
} from '../modules/idempotency/service.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from './problem.js';

/** The request's idempotency scope, or null when it sent no Idempotency-Key. */
export function idempotencyScope(request: FastifyRequest): IdempotencyScope | null {
  const header = request.headers['idempotency-key'];
  if (header === undefined) return null;
  const key = Array.isArray(header) ? header[0]! : header;
  if (!isValidIdempotencyKey(key)) throw new IdempotencyKeyInvalid();
  const path = request.url.split('?')[0]!;
  return {
    // A member's own writes (wallet token) are scoped by the member, as an API key's are by the key.
    apiKeyId: request.routeOptions.config.memberToken ? request.walletMemberId : request.principal.id,
    key,
    method: request.method,
    path,
    fingerprint: requestFingerprint(request.method, path, request.body ?? null),
  };
}

function refusal(error: DomainError): StoredResponse {
  return { status: error.status, body: toProblem(error) };
}

/** Sends and resolves to nothing, so typed route handlers accept it. */
async function send(reply: FastifyReply, response: StoredResponse, replayed: boolean): Promise<void> {
  if (replayed) reply.header('idempotent-replayed', 'true');
  if (response.status >= 400) reply.type(PROBLEM_CONTENT_TYPE);
  await reply.status(response.status).send(response.body);
}

/**
 * Runs a state change in one transaction and replies; with an Idempotency-Key, at most once per key
 * (replaying the stored answer to retries).
 */
export async function replyWithTransaction<T>(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  execute: (tx: Sql) => Promise<T>,
): Promise<void> {
  const scope = idempotencyScope(request);
  if (!scope) return send(reply, { status, body: await db.transaction(execute) }, false);
  const result = await runIdempotent(db, scope, async (tx) => ({ status, body: await execute(tx) }), refusal);
  return send(reply, result, result.replayed);
}

/**
 * For writes that are one statement: the service receives the idempotency claim and stores the
 * response in that same statement, so the key costs no extra round trip.
 */
export async function replyWithStatement<T>(
  db: Database,
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  execute: (claim: ResponseClaim | null) => Promise<T>,
): Promise<void> {
  const scope = idempotencyScope(request);
  if (!scope) return send(reply, { status, body: await execute(null) }, false);
  let body: T;
  try {
    body = await execute({ scope, status });
  } catch (error) {
    return send(reply, await settleFailure(db, scope, error, refusal), true);
  }
  return send(reply, { status, body }, false);
}
